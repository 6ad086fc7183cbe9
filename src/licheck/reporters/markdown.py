"""Markdown for a pull-request comment or $GITHUB_STEP_SUMMARY."""

from __future__ import annotations

from licheck.findings import CheckReport, Comparison, LicenseComparison
from licheck.matrix import Matrix
from licheck.model import Verdict
from licheck.reporters import summary

MARKS = {
    Verdict.ALLOWED: "✅ allowed",
    Verdict.CONDITIONAL: "⚠️ conditional",
    Verdict.UNKNOWN: "❔ unknown",
    Verdict.DENIED: "❌ denied",
}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_check(report: CheckReport, options: object = None) -> str:
    """For a pull-request comment or $GITHUB_STEP_SUMMARY: the verdict, the summary, the matrix."""
    from licheck.matrix import from_check

    head = f"## licheck: {'❌ failed' if report.failed else '✅ passed'}\n\n{_cell(summary(report))}\n\n"
    return head + render_matrix(from_check(report), heading=False)


def render_matrix(matrix: Matrix, options: object = None, heading: bool = True) -> str:
    lines = [f"## {matrix.title}", ""] if heading else []
    lines += ["| " + " | ".join(matrix.columns) + " |", "|" + "---|" * len(matrix.columns)]
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


def render_comparison(comparison: Comparison, options: object = None) -> str:
    from licheck.matrix import from_comparison

    return render_matrix(from_comparison(comparison))


def render_licenses(comparison: LicenseComparison, options: object = None) -> str:
    from licheck.matrix import from_licenses

    return render_matrix(from_licenses(comparison))
