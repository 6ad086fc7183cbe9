"""Views as matrices: rows of models (or licenses), a column per use, a verdict in each cell.

Pure: `compare`, `compare --licenses` and `check` build a Matrix here; the table, markdown and
HTML reporters render any Matrix, so every view looks the same in every format.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from licheck.core.conditions import obligation_note, summarize
from licheck.core.findings import Finding, Level
from licheck.core.model import (
    Assessment,
    Ceiling,
    ConditionOutcome,
    License,
    Location,
    Reason,
    State,
    UseVerdict,
    Verdict,
)
from licheck.project.report import CheckReport
from licheck.views.reports import Comparison, InspectReport, LicenseComparison

if TYPE_CHECKING:
    from licheck.evidence.judge import Judgement

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
            by_license.setdefault(o.license, {})[o.id] = f"{o.text}{obligation_note(o)} [{o.clause}]"
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
        (
            f"obligations of {lic.id}",
            tuple(f"{o.text}{obligation_note(o)} [{o.clause}]" for o in lic.obligations),
        )
        for lic in licenses
        if lic.obligations
    )
    return Matrix(
        "licheck compare --licenses",
        ("license", "family", *uses),
        rows,
        notes,
        LEGEND + "; family: inherit = a model built on it (a fine-tune, merge or adapter) stays bound "
        "by its terms, free = one built on it may carry other terms; the clauses: licheck license ID",
    )


def _check_columns(report: CheckReport) -> list[str]:
    """The check's uses, then any other use an assessment was judged for, sorted."""
    uses = list(report.uses)
    extra = sorted({u.use for a in report.assessments for u in a.uses} - set(uses))
    return uses + extra


def _result_cell(mine: list[Finding]) -> Cell:
    """What a manifest entry's findings sum up to: fail (naming the failing codes), excepted, or pass."""
    if any(f.level is Level.ERROR for f in mine):
        codes = sorted({f.code for f in mine if f.level is Level.ERROR})
        return Cell("fail", ", ".join(codes), Verdict.DENIED)
    if any(f.code in ("exception-applied", "agreement-applied") for f in mine):
        return Cell("excepted", "", Verdict.CONDITIONAL)
    return Cell("pass", "", Verdict.ALLOWED)


def place(where: Location | None, manifest: str) -> str:
    """Where a model is named: "line N" of the manifest, else the file, line and column of the
    code that uses it (a model the scan found)."""
    if where is None or where.line is None:
        return where.file if where is not None and where.file != manifest else ""
    if where.file in (manifest, ""):
        return f"line {where.line}"
    return f"{where.file}:{where.line}" + (f":{where.column}" if where.column else "")


def _check_row(report: CheckReport, item: Assessment, columns: list[str]) -> tuple[Cell, ...]:
    """A manifest entry: its name and line, its license, a cell per use, and its result."""
    verdicts = {u.use: u for u in item.uses}
    return (
        Cell(item.query, place(item.location, report.manifest)),
        _license_cell(item),
        *(_use_cell(verdicts[u]) if u in verdicts else Cell("") for u in columns),
        _result_cell(report.findings_for(item)),
    )


def _check_notes(report: CheckReport) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The findings, the ids the manifest's names resolved to, and the obligations."""
    findings = tuple(
        f"{f.level}: {f.code}: {f.text} ({f.location or report.manifest})" for f in report.findings
    )
    resolved = tuple(
        dict.fromkeys(
            f"{item.query}: {item.model.id}" + (f" ({item.resolution})" if item.resolution else "")
            for item in report.assessments
            if item.model is not None and item.model.id != item.query
        )
    )
    skipped = tuple(f"{file}: {why}" for file, why in report.skipped or ())
    return (
        ((("findings", findings),) if findings else ())
        + (((f"licheck ids of the names {_NAMED_IN[report.command]}", resolved),) if resolved else ())
        + ((("files the scan did not read", skipped),) if skipped else ())
        + _obligation_notes(report.assessments)
    )


_NAMED_IN = {"check": "in the manifest", "scan": "found in the code"}


def from_check(report: CheckReport) -> Matrix:
    columns = _check_columns(report)
    rows = tuple(_check_row(report, item, columns) for item in report.assessments)
    columns_all = ("model", "license", *columns, "result")
    return Matrix(
        f"licheck {report.command} {report.manifest}", columns_all, rows, _check_notes(report), trailing=1
    )


def _artifact_cell(path: str, kind: str) -> Cell:
    """An artifact's path and kind (an HF cache entry named by its revision)."""
    if kind == "cache-entry":
        revision = path.rstrip("/").rsplit("/", 1)[-1][:12]
        return Cell(f"HF cache @{revision}", kind)
    return Cell(path, kind)


def _inspect_row(report: InspectReport, judged: Judgement) -> tuple[Cell, ...]:
    """An artifact: what it is, its model, the license that decided and on what basis, a cell per use."""
    item = judged.assessment
    verdicts = {u.use: u for u in item.uses}
    basis = judged.basis or "nothing usable"
    return (
        _artifact_cell(judged.path, report.kinds.get(judged.path, "")),
        Cell(judged.model or "-", "" if judged.model else "no repo id declared"),
        Cell(judged.license or "-", basis, link=item.license.url if item.license else None),
        *(_use_cell(verdicts[u]) if u in verdicts else Cell("") for u in report.uses),
    )


def _judged_name(judged: Judgement) -> str:
    return judged.model or judged.path


def _evidence_line(judged: Judgement) -> str | None:
    """The files an artifact's facts came from, relative to it; or that it declares nothing usable."""
    files = [
        e.removeprefix(judged.path.rstrip("/") + "/")
        for e in judged.assessment.evidence
        if "(repo id)" not in e
    ]
    if files:
        return f"{_judged_name(judged)}: {', '.join(files)}"
    if judged.basis is None:
        return f"{_judged_name(judged)}: declares no license or base model licheck can read"
    return None


def _inspect_notes(report: InspectReport) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The conflicts, the facts not in the rules, the evidence, and the obligations."""
    judgements = report.judgements
    conflicts = [f"{_judged_name(j)}: {c.message}" for j in judgements for c in j.conflicts]
    unresolved = [f"{_judged_name(j)}: {text}" for j in judgements for text in j.unresolved]
    evidence = [line for j in judgements if (line := _evidence_line(j)) is not None]
    remarks = [f"{_judged_name(j)}: {text}" for j in judgements for text in j.notes]
    notes = [
        (title, tuple(items))
        for title, items in (
            ("conflicts (the stricter reading decided)", conflicts),
            ("not in the rules", unresolved),
            ("evidence", evidence),
            ("unpinned", remarks),
        )
        if items
    ]
    return tuple(notes) + _obligation_notes(tuple(j.assessment for j in judgements))


def from_inspect(report: InspectReport) -> Matrix:
    """A row per artifact: what it is, the license that decided and on what basis, a cell per use."""
    rows = tuple(_inspect_row(report, judged) for judged in report.judgements)
    when = report.context.as_of.isoformat()
    columns = ("artifact", "model", "license", *report.uses)
    return Matrix(f"licheck inspect (as of {when})", columns, rows, _inspect_notes(report), leading=3)


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

    def label(self) -> list[str]:
        """What a picture of the graph writes in the node's box above its verdicts: its name, the id
        it resolved to, its license and its note."""
        lines = [self.name, *([f"id {self.resolved}"] if self.resolved else [])]
        lines.append(f"license {self.license}" if self.license else "no license on record")
        return lines + ([self.note] if self.note else [])


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


class _Graph(NamedTuple):
    """What an assessment's reasons say of its lineage: the models and datasets, keyed as
    `Node.key` is, and the edges between them."""

    root: str  # the asked model's id
    licenses: dict[str, License]  # the licenses of `Assessment.lineage`, by id
    node_license: dict[str, str]  # a model's license id ("" when none is on record)
    datasets: dict[str, str]  # a dataset's license id
    children: dict[str, dict[str, str]]  # parent -> child -> edge label
    seen_in: dict[tuple[str, str], set[str]]  # the uses whose reasons pass along an edge


def _add_reason(graph: _Graph, use: str, reason: Reason) -> None:
    """The edge a reason names, if any: a lineage step to a base, or training data."""
    parent = reason.via[-1] if reason.via else graph.root
    if reason.base is not None:
        child, label = reason.base, "built on"
        graph.node_license.setdefault(child, reason.license or "")
    elif (data := _dataset(reason.text)) is not None:
        child, label = f"data:{data}", "trained on"
        graph.datasets[child] = reason.license or ""
    else:
        return
    graph.children.setdefault(parent, {})[child] = label
    graph.seen_in.setdefault((parent, child), set()).add(use)


def _graph(item: Assessment, root: str) -> _Graph:
    """The lineage graph the reasons of every use of an assessment describe."""
    graph = _Graph(
        root,
        licenses={lic.id: lic for lic in item.lineage},
        node_license={root: item.license.id if item.license else ""},
        datasets={},
        children={},
        seen_in={},
    )
    for use in item.uses:
        for reason in use.reasons:
            _add_reason(graph, use.use, reason)
    return graph


def _impact(graph: _Graph, key: str, use: UseVerdict, visiting: frozenset[str]) -> Verdict:
    """What reaches the asked model through a node for a use: the worst of its own license's
    verdict (where it binds) and what reaches it from below."""
    if key.startswith("data:"):
        return Verdict.CONDITIONAL
    found: list[Verdict] = []
    lic = graph.licenses.get(graph.node_license.get(key, ""))
    if lic is not None and (key == graph.root or lic.inherit):
        found.append(_own_verdict(lic, use))
    for child in graph.children.get(key, {}):
        if child not in visiting and use.use in graph.seen_in[(key, child)]:
            found.append(_impact(graph, child, use, visiting | {child}))
    return max(found, default=Verdict.UNKNOWN)


def _order(graph: _Graph) -> list[str]:
    """The nodes breadth first: the model, its bases, theirs."""
    order = [graph.root]
    for key in order:
        order += [child for child in graph.children.get(key, {}) if child not in order]
    return order


def _reached(graph: _Graph, key: str) -> set[str]:
    """The uses whose reasons reach a node (training data counts for commercial uses only)."""
    return set().union(*(uses for (_, child), uses in graph.seen_in.items() if child == key))


def _per_use(graph: _Graph, item: Assessment, key: str, derive_root: bool) -> tuple[tuple[str, Verdict], ...]:
    """A node's verdict per use: the engine's for the asked model (unless `derive_root`), else
    derived for each use that reaches the node."""
    if key == graph.root and not derive_root:
        return tuple((u.use, u.verdict) for u in item.uses)
    if key == graph.root:
        return tuple((u.use, _impact(graph, key, u, frozenset({key}))) for u in item.uses)
    reached = _reached(graph, key)
    return tuple((u.use, _impact(graph, key, u, frozenset({key}))) for u in item.uses if u.use in reached)


def _model_note(graph: _Graph, key: str, lic_id: str) -> str:
    """Why a base whose license does not bind derivatives is in the lineage at all."""
    lic = graph.licenses.get(lic_id)
    if key != graph.root and (lic is None or not lic.inherit):
        return "its license does not bind derivatives; a base below it does"
    return ""


def _node(graph: _Graph, key: str, name: str | None, per_use: tuple[tuple[str, Verdict], ...]) -> Node:
    """A node of the picture: a dataset, or a model (the root named `name`, where given)."""
    if key.startswith("data:"):
        shown, note, kind = key.removeprefix("data:"), "training data", "dataset"
        lic_id = graph.datasets[key]
    else:
        lic_id, kind = graph.node_license.get(key, ""), "model"
        shown = name if key == graph.root and name else key
        note = _model_note(graph, key, lic_id)
    verdict = max((v for _, v in per_use), default=Verdict.UNKNOWN)
    resolved = graph.root if key == graph.root and shown != graph.root else ""
    return Node(key, shown, lic_id, verdict, per_use, kind, note, resolved)


def lineage(item: Assessment, name: str | None = None, derive_root: bool = False) -> Lineage | None:
    """The lineage graph of an assessment, or None for a model built on nothing that matters to the
    verdict. Built from each reason's `via` path and lineage step (`base`), and the licenses of
    `Assessment.lineage`: a node's verdict is the worst of its own license's (where it binds) and
    what reaches it from below, as the engine judges. The asked model shows the engine's verdict
    (`derive_root`: derived like the others, which the tests compare with the engine's)."""
    if item.model is None:
        return None
    root = item.model.id
    graph = _graph(item, root)
    if not graph.children:
        return None
    order = _order(graph)
    nodes = tuple(_node(graph, key, name, _per_use(graph, item, key, derive_root)) for key in order)
    edges = tuple(
        Edge(parent, child, label)
        for parent in order
        for child, label in graph.children.get(parent, {}).items()
    )
    return Lineage(f"lineage of {name or root}", nodes, edges)


def lineages(items: tuple[Assessment, ...], as_written: bool = False) -> tuple[Lineage, ...]:
    """The lineage graphs of the assessments that have one (`as_written`: the root named as the
    manifest wrote it)."""
    graphs = (lineage(item, item.query if as_written else None) for item in items)
    return tuple(graph for graph in graphs if graph is not None)
