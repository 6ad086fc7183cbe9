"""Markdown for a pull-request comment or $GITHUB_STEP_SUMMARY."""

from __future__ import annotations

from licheck.findings import CheckReport, Level
from licheck.matrix import Matrix
from licheck.model import Verdict
from licheck.reporters import summary

MARKS = {
    Verdict.ALLOWED: "✅ allowed",
    Verdict.CONDITIONAL: "⚠️ conditional",
    Verdict.UNKNOWN: "❔ unknown",
    Verdict.DENIED: "❌ denied",
}
LEVELS = {Level.ERROR: "❌", Level.WARNING: "⚠️", Level.NOTE: "ℹ️"}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_check(report: CheckReport, options: object = None) -> str:
    lines = [f"## licheck: {'❌ failed' if report.failed else '✅ passed'}", "", _cell(summary(report)), ""]
    uses = list(report.uses)
    extra = sorted({u.use for a in report.assessments for u in a.uses} - set(uses))
    columns = uses + extra
    lines.append("| model | license | " + " | ".join(columns) + " | result |")
    lines.append("|---|---|" + "---|" * len(columns) + "---|")
    for item in report.assessments:
        verdicts = {u.use: MARKS[u.verdict] for u in item.uses}
        errors = [
            f
            for f in report.findings
            if f.model == item.query and f.location == item.location and f.level is Level.ERROR
        ]
        excepted = any(f.code == "exception-applied" and f.model == item.query for f in report.findings)
        result = "❌ fails" if errors else ("ℹ️ excepted" if excepted else "✅ passes")
        lic = f"{item.license.id} ({item.license.family})" if item.license else "—"
        where = f" (line {item.location.line})" if item.location and item.location.line else ""
        cells = [verdicts.get(use, "") for use in columns]
        lines.append(
            f"| `{_cell(item.query)}`{where} | {_cell(lic)} | " + " | ".join(cells) + f" | {result} |"
        )
    if report.findings:
        lines += ["", "### Findings", ""]
        for f in report.findings:
            where = f"{f.location}" if f.location else report.manifest
            lines.append(f"- {LEVELS[f.level]} `{f.code}` {_cell(f.message)} ({where})")
    return "\n".join(lines) + "\n"


def render_matrix(matrix: Matrix, options: object = None) -> str:
    lines = [
        f"## {matrix.title}",
        "",
        "| " + " | ".join(matrix.columns) + " |",
        "|" + "---|" * len(matrix.columns),
    ]
    for row in matrix.rows:
        cells = []
        for cell in row:
            text = f"{MARKS[cell.verdict].split()[0]} {cell.text}" if cell.verdict is not None else cell.text
            if cell.link:
                text = f"[{text}]({cell.link})"
            if cell.detail:
                text += f"<br>{_cell(cell.detail)}"
            cells.append(_cell(text))
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", f"_{matrix.legend}_"]
    for title, items in matrix.notes:
        lines += ["", f"**{title}**", ""] + [f"- {_cell(item)}" for item in items]
    return "\n".join(lines) + "\n"
