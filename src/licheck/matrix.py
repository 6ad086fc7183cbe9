"""Views as matrices: rows of models (or licenses), a column per use, a verdict in each cell.

Pure: `compare`, `compare --licenses` and `check` build a Matrix here; the table, markdown and
HTML reporters render any Matrix, so every view looks the same in every format.
"""

from __future__ import annotations

from typing import NamedTuple

from licheck.findings import CheckReport, Comparison, InspectReport, Level, LicenseComparison
from licheck.model import Assessment, License, State, UseVerdict, Verdict

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
    notes = ((("findings", findings),) if findings else ()) + _obligation_notes(report.assessments)
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
