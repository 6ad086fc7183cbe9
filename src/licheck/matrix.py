"""Views as matrices: rows of models (or licenses), a column per use, a verdict in each cell.

Pure: `compare`, `compare --licenses` and `check` build a Matrix here; the table, markdown and
HTML reporters render any Matrix, so every view looks the same in every format.
"""

from __future__ import annotations

from typing import NamedTuple

from licheck.findings import CheckReport, Comparison, InspectReport, Level, LicenseComparison
from licheck.model import Assessment, Ceiling, ConditionOutcome, License, State, UseVerdict, Verdict

SHORT = {Verdict.ALLOWED: "yes", Verdict.CONDITIONAL: "if", Verdict.DENIED: "no", Verdict.UNKNOWN: "?"}
LEGEND = "yes: allowed; if: allowed under the conditions shown; no: denied; ?: unknown (the rules do not say)"


class Cell(NamedTuple):
    text: str
    detail: str = ""  # a short condition or note under the text
    verdict: Verdict | None = None  # colours the cell
    link: str | None = None  # the license text, for HTML
    sort: str = ""  # the key a sortable column uses (defaults to the text)


class Matrix(NamedTuple):
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    notes: tuple[tuple[str, tuple[str, ...]], ...] = ()  # titled lists printed once, after the table
    legend: str = LEGEND
    trailing: int = 0  # columns at the end that sum a row up (a check's result), not uses
    leading: int = 2  # columns at the start that name the row (model, license), not uses


def _use_cell(verdict: UseVerdict) -> Cell:
    open_ = [c.summary for c in verdict.conditions if c.state is not State.MET]
    marks = {State.FAILED: "✗ ", State.OWED: "$ "}
    detail = ", ".join(
        dict.fromkeys(
            f"{marks.get(c.state, '')}{c.summary}" for c in verdict.conditions if c.summary in open_
        )
    )
    return Cell(SHORT[verdict.verdict], detail, verdict.verdict, sort=str(int(verdict.verdict)))


def _license_cell(item: Assessment) -> Cell:
    if item.license is None:
        return Cell("-", "not in the rules" if item.model is None else "no license on record")
    return Cell(item.license.id, str(item.license.family), link=item.license.url)


def _obligation_notes(items: tuple[Assessment, ...]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    by_license: dict[str, dict[str, str]] = {}
    for item in items:
        for o in item.obligations:
            by_license.setdefault(o.license, {})[o.id] = f"{o.text} [{o.clause}]"
    return tuple(
        (f"obligations of {lic}", tuple(texts.values())) for lic, texts in sorted(by_license.items())
    )


def from_comparison(comparison: Comparison) -> Matrix:
    rows = []
    for item in comparison.assessments:
        verdicts = {u.use: u for u in item.uses}
        name = item.model.id if item.model else item.query
        rows.append(
            (
                Cell(name, "" if item.model else "unknown model"),
                _license_cell(item),
                *(_use_cell(verdicts[use]) for use in comparison.uses),
            )
        )
    notes = list(_obligation_notes(comparison.assessments))
    for item in comparison.assessments:
        if item.alternatives:
            notes.append(
                (
                    f"allowed instead of {item.model.id if item.model else item.query}",
                    (", ".join(item.alternatives),),
                )
            )
        if item.model is None and item.suggestions:
            notes.append((f"{item.query} is not in the rules; did you mean", (", ".join(item.suggestions),)))
    when = comparison.context.as_of.isoformat()
    return Matrix(
        f"licheck compare (as of {when})", ("model", "license", *comparison.uses), tuple(rows), tuple(notes)
    )


def _decision_cell(lic: License, use: str) -> Cell:
    from licheck.engine import summarize

    rule = lic.uses.get(use)
    if rule is None:
        return Cell(SHORT[Verdict.UNKNOWN], "no rule", Verdict.UNKNOWN, sort="2")
    detail = ", ".join(summarize(c) for c in rule.conditions)  # clauses: `licheck license ID`
    return Cell(SHORT[rule.decision], detail, rule.decision, sort=str(int(rule.decision)))


def from_licenses(comparison: LicenseComparison) -> Matrix:
    licenses, uses = comparison.licenses, comparison.uses
    rows = tuple(
        (
            Cell(lic.id, lic.name, link=lic.url),
            Cell(str(lic.family), "inherit" if lic.inherit else "free"),
            *(_decision_cell(lic, use) for use in uses),
        )
        for lic in licenses
    )
    notes = tuple(
        (f"obligations of {lic.id}", tuple(f"{o.text} [{o.clause}]" for o in lic.obligations))
        for lic in licenses
        if lic.obligations
    )
    return Matrix(
        "licheck compare --licenses",
        ("license", "family", *uses),
        rows,
        notes,
        LEGEND + "; derivatives inherit the terms, or are free of them",
    )


def from_check(report: CheckReport) -> Matrix:
    uses = list(report.uses)
    extra = sorted({u.use for a in report.assessments for u in a.uses} - set(uses))
    columns = uses + extra
    rows = []
    for item in report.assessments:
        verdicts = {u.use: u for u in item.uses}
        mine = report.findings_for(item)
        if any(f.level is Level.ERROR for f in mine):
            result = Cell(
                "fail", ", ".join(sorted({f.code for f in mine if f.level is Level.ERROR})), Verdict.DENIED
            )
        elif any(f.code in ("exception-applied", "agreement-applied") for f in mine):
            result = Cell("excepted", "", Verdict.CONDITIONAL)
        else:
            result = Cell("pass", "", Verdict.ALLOWED)
        line = f"line {item.location.line}" if item.location and item.location.line else ""
        rows.append(
            (
                Cell(item.query, line),
                _license_cell(item),
                *(_use_cell(verdicts[u]) if u in verdicts else Cell("") for u in columns),
                result,
            )
        )
    findings = tuple(
        f"{f.level}: {f.code}: {f.message} ({f.location or report.manifest})" for f in report.findings
    )
    resolved = tuple(
        dict.fromkeys(
            f"{item.query}: {item.model.id}"
            for item in report.assessments
            if item.model is not None and item.model.id != item.query
        )
    )
    notes = (
        ((("findings", findings),) if findings else ())
        + ((("licheck ids of the names in the manifest", resolved),) if resolved else ())
        + _obligation_notes(report.assessments)
    )
    columns_all = ("model", "license", *columns, "result")
    return Matrix(f"licheck check {report.manifest}", columns_all, tuple(rows), notes, trailing=1)


def from_inspect(report: InspectReport) -> Matrix:
    """A row per artifact: what it is, the license that decided and on what basis, a cell per use."""
    rows = []
    notes: list[tuple[str, tuple[str, ...]]] = []
    conflicts, unresolved, evidence = [], [], []
    for judged in report.judgements:
        item = judged.assessment
        verdicts = {u.use: u for u in item.uses}
        basis = judged.basis or "nothing usable"
        kind = report.kinds.get(judged.path, "")
        revision = judged.path.rstrip("/").rsplit("/", 1)[-1][:12] if kind == "cache-entry" else ""
        shown = f"HF cache @{revision}" if kind == "cache-entry" else judged.path
        rows.append(
            (
                Cell(shown, kind),
                Cell(judged.model or "-", "" if judged.model else "no repo id declared"),
                Cell(judged.license or "-", basis, link=item.license.url if item.license else None),
                *(_use_cell(verdicts[u]) if u in verdicts else Cell("") for u in report.uses),
            )
        )
        name = judged.model or judged.path
        conflicts += [f"{name}: {c.message}" for c in judged.conflicts]
        unresolved += [f"{name}: {text}" for text in judged.unresolved]
        files = [e.removeprefix(judged.path.rstrip("/") + "/") for e in item.evidence if "(repo id)" not in e]
        if files:
            evidence.append(f"{name}: {', '.join(files)}")
        elif judged.basis is None:
            evidence.append(f"{name}: declares no license or base model licheck can read")
    for title, items in (
        ("conflicts (the stricter reading decided)", conflicts),
        ("not in the rules", unresolved),
        ("evidence", evidence),
    ):
        if items:
            notes.append((title, tuple(items)))
    notes += list(_obligation_notes(tuple(j.assessment for j in report.judgements)))
    when = report.context.as_of.isoformat()
    columns = ("artifact", "model", "license", *report.uses)
    return Matrix(f"licheck inspect (as of {when})", columns, tuple(rows), tuple(notes), leading=3)


# ---- lineage: the models (and training data) a verdict passes through, as a graph ----


class Node(NamedTuple):
    key: str  # unique in its graph: a model id, or "data:" and a dataset id
    name: str  # as the report names it (the root: as the manifest or command line wrote it)
    license: str  # the license id, or "" when none is on record
    verdict: Verdict  # what reaches the asked model through this node: the worst of its uses
    uses: tuple[tuple[str, Verdict], ...]  # the same, per use
    kind: str = "model"  # model | dataset
    note: str = ""  # "training data", "its license does not bind derivatives..."
    resolved: str = ""  # the id the name resolved to, where it differs


class Edge(NamedTuple):
    parent: str
    child: str
    label: str  # built on | trained on


class Lineage(NamedTuple):
    """The lineage of one assessment: its model first, then what it is built on and trained on."""

    title: str
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]


def _own_verdict(lic: License, verdict: UseVerdict) -> Verdict:
    """What a license says of a use in the context, from the rule and the conditions the engine
    settled for that license (a ceiling broken gives its `otherwise`, any other broken condition a
    denial, an open one a condition)."""
    rule = lic.uses.get(verdict.use)
    if rule is None:
        return Verdict.UNKNOWN
    if rule.decision is not Verdict.CONDITIONAL:
        return rule.decision
    outcomes: list[ConditionOutcome] = [c for c in verdict.conditions if c.license == lic.id]
    pairs = list(zip(rule.conditions, outcomes[: len(rule.conditions)], strict=False))
    failed = [
        c.otherwise if isinstance(c, Ceiling) else Verdict.DENIED for c, o in pairs if o.state is State.FAILED
    ]
    if failed:
        return max(failed)
    if any(o.state in (State.UNSETTLED, State.OWED) for _, o in pairs) or len(pairs) < len(rule.conditions):
        return Verdict.CONDITIONAL
    return Verdict.ALLOWED


def _dataset(text: str) -> str | None:
    """The dataset a training-data reason names ("trained on sharegpt, licensed ...")."""
    if text.startswith("trained on ") and ", licensed " in text:
        return text.removeprefix("trained on ").split(", licensed ", 1)[0]
    return None


def lineage(item: Assessment, name: str | None = None, derive_root: bool = False) -> Lineage | None:
    """The lineage graph of an assessment, or None for a model built on nothing that matters to the
    verdict. Built from each reason's `via` path and lineage step (`base`), and the licenses of
    `Assessment.lineage`: a node's verdict is the worst of its own license's (where it binds) and
    what reaches it from below, as the engine judges. The asked model shows the engine's verdict
    (`derive_root`: derived like the others, which the tests compare with the engine's)."""
    if item.model is None:
        return None
    root = item.model.id
    licenses = {lic.id: lic for lic in item.lineage}
    node_license: dict[str, str] = {root: item.license.id if item.license else ""}
    children: dict[str, dict[str, str]] = {}
    datasets: dict[str, str] = {}
    seen_in: dict[tuple[str, str], set[str]] = {}  # the uses whose reasons pass along an edge
    for use in item.uses:
        for reason in use.reasons:
            parent = reason.via[-1] if reason.via else root
            if reason.base is not None:
                child, label = reason.base, "built on"
                node_license.setdefault(child, reason.license or "")
            elif (data := _dataset(reason.text)) is not None:
                child, label = f"data:{data}", "trained on"
                datasets[child] = reason.license or ""
            else:
                continue
            children.setdefault(parent, {})[child] = label
            seen_in.setdefault((parent, child), set()).add(use.use)
    if not children:
        return None

    def impact(key: str, use: UseVerdict, visiting: frozenset[str]) -> Verdict:
        if key.startswith("data:"):
            return Verdict.CONDITIONAL
        found: list[Verdict] = []
        lic = licenses.get(node_license.get(key, ""))
        if lic is not None and (key == root or lic.inherit):
            found.append(_own_verdict(lic, use))
        for child in children.get(key, {}):
            if child not in visiting and use.use in seen_in[(key, child)]:
                found.append(impact(child, use, visiting | {child}))
        return max(found, default=Verdict.UNKNOWN)

    order = [root]
    for key in order:  # breadth first: the model, its bases, theirs
        order += [child for child in children.get(key, {}) if child not in order]
    nodes = []
    for key in order:
        if key == root and not derive_root:
            per_use = tuple((u.use, u.verdict) for u in item.uses)
        elif key == root:
            per_use = tuple((u.use, impact(key, u, frozenset({key}))) for u in item.uses)
        else:  # the uses whose reasons reach it (training data counts for commercial uses only)
            reached = set().union(*(uses for (_, child), uses in seen_in.items() if child == key))
            per_use = tuple((u.use, impact(key, u, frozenset({key}))) for u in item.uses if u.use in reached)
        if key.startswith("data:"):
            shown, note, kind = key.removeprefix("data:"), "training data", "dataset"
            lic_id = datasets[key]
        else:
            lic_id, kind = node_license.get(key, ""), "model"
            shown = name if key == root and name else key
            lic = licenses.get(lic_id)
            note = ""
            if key != root and (lic is None or not lic.inherit):
                note = "its license does not bind derivatives; a base below it does"
        nodes.append(
            Node(
                key,
                shown,
                lic_id,
                max((v for _, v in per_use), default=Verdict.UNKNOWN),
                per_use,
                kind,
                note,
                root if key == root and shown != root else "",
            )
        )
    edges = tuple(
        Edge(parent, child, label) for parent in order for child, label in children.get(parent, {}).items()
    )
    return Lineage(f"lineage of {name or root}", tuple(nodes), edges)


def lineages(items: tuple[Assessment, ...], as_written: bool = False) -> tuple[Lineage, ...]:
    """The lineage graphs of the assessments that have one (`as_written`: the root named as the
    manifest wrote it)."""
    graphs = (lineage(item, item.query if as_written else None) for item in items)
    return tuple(graph for graph in graphs if graph is not None)
