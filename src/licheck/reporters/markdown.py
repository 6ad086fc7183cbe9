"""Markdown for a pull-request comment or $GITHUB_STEP_SUMMARY."""

from __future__ import annotations

from licheck.findings import CheckReport, Comparison, LicenseComparison
from licheck.matrix import Matrix
from licheck.model import Verdict
from licheck.reporters import summary

# The word carries the meaning; the emoji only helps the eye (a screen reader reads the word).
MARKS = {
    Verdict.ALLOWED: "✅ yes",
    Verdict.CONDITIONAL: "⚠️ if",
    Verdict.UNKNOWN: "❔ unknown",
    Verdict.DENIED: "❌ no",
}
SHORT_WORDS = {Verdict.ALLOWED: "yes", Verdict.CONDITIONAL: "if", Verdict.UNKNOWN: "?", Verdict.DENIED: "no"}


_ESCAPED = str.maketrans({char: f"\\{char}" for char in "\\`*_[]<>!|#~@"})


def _cell(text: str) -> str:
    """Text as markdown shows it, never as markup: no links, images, HTML or @mentions from
    names that anyone can write (a model id, a rule's note)."""
    return text.translate(_ESCAPED).replace("\n", " ")


def _link(text: str, url: str | None) -> str:
    """A link only to an http(s) address (a `javascript:` one stays text)."""
    if url and url.startswith(("https://", "http://")) and not any(c in url for c in " ()<>"):
        return f"[{text}]({url})"
    return text


def render_check(report: CheckReport, options: object = None) -> str:
    """For a pull-request comment or $GITHUB_STEP_SUMMARY: the verdict, the summary, the matrix."""
    from licheck.matrix import from_check

    head = f"## licheck: {'❌ failed' if report.failed else '✅ passed'}\n\n{_cell(summary(report))}\n\n"
    return head + render_matrix(from_check(report), heading=False)


def render_matrix(matrix: Matrix, options: object = None, heading: bool = True) -> str:
    lines = [f"## {_cell(matrix.title)}", ""] if heading else []
    lines += ["| " + " | ".join(_cell(c) for c in matrix.columns) + " |", "|" + "---|" * len(matrix.columns)]
    for row in matrix.rows:
        cells = []
        for cell in row:
            text = _cell(cell.text)
            if cell.verdict is not None:
                word = cell.text == SHORT_WORDS[cell.verdict]
                text = MARKS[cell.verdict] if word else f"{MARKS[cell.verdict].split()[0]} {text}"
            text = _link(text, cell.link)
            if cell.detail:
                text += f"<br>{_cell(cell.detail)}"
            cells.append(text)
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", f"_{_cell(matrix.legend)}_"]
    for title, items in matrix.notes:
        lines += ["", f"**{_cell(title)}**", ""] + [f"- {_cell(item)}" for item in items]
    return "\n".join(lines) + "\n"


def render_comparison(comparison: Comparison, options: object = None) -> str:
    from licheck.matrix import from_comparison

    return render_matrix(from_comparison(comparison))


def render_licenses(comparison: LicenseComparison, options: object = None) -> str:
    from licheck.matrix import from_licenses

    return render_matrix(from_licenses(comparison))
