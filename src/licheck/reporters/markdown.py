"""Markdown for a pull-request comment or $GITHUB_STEP_SUMMARY."""

from __future__ import annotations

import re

from licheck.core.model import Verdict
from licheck.project.report import CheckReport
from licheck.reporters import summary
from licheck.views.matrix import Lineage, Matrix
from licheck.views.notice import (
    INTRO,
    Line,
    NoticeDocument,
    Section,
    described,
    file_status,
    license_texts,
    text_status,
    through,
    upstream_files,
)
from licheck.views.reports import Comparison, LicenseComparison

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
    from licheck.views.matrix import from_check

    head = f"## licheck: {'❌ failed' if report.failed else '✅ passed'}\n\n{_cell(summary(report))}\n\n"
    from licheck.views.matrix import lineages

    graphs = lineages(report.assessments, as_written=True)
    return head + render_matrix(from_check(report), heading=False) + render_lineages(graphs)


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
    from licheck.views.matrix import from_comparison, lineages

    return render_matrix(from_comparison(comparison)) + render_lineages(lineages(comparison.assessments))


def render_licenses(comparison: LicenseComparison, options: object = None) -> str:
    from licheck.views.matrix import from_licenses

    return render_matrix(from_licenses(comparison))


# Mermaid class per verdict: colour for the eye; each node also says its verdict in words.
CLASS_DEFS = {
    Verdict.ALLOWED: "fill:#dafbe1,stroke:#1a7f37,color:#1f2328",
    Verdict.CONDITIONAL: "fill:#fff8c5,stroke:#9a6700,color:#1f2328",
    Verdict.UNKNOWN: "fill:#eaeef2,stroke:#59636e,color:#1f2328",
    Verdict.DENIED: "fill:#ffebe9,stroke:#cf222e,color:#1f2328",
}
_MERMAID_SAFE = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,:-_")


def _mermaid(text: str) -> str:
    """Text for inside a quoted Mermaid label: every character that could end the label, start
    markup or a directive (quotes, brackets, `<`, `%`, `#`, backticks, `|`...) as an entity code,
    which Mermaid shows as the character and never reads as syntax."""
    return "".join(char if char in _MERMAID_SAFE else f"#{ord(char)};" for char in text.replace("\n", " "))


def mermaid(graph: Lineage) -> str:
    """One lineage as a Mermaid flowchart (GitHub draws it in comments and job summaries): the
    asked model on top, an arrow to each model it is built on and the data it is trained on."""
    keys = {node.key: f"n{i}" for i, node in enumerate(graph.nodes)}
    lines = ["```mermaid", "flowchart TD"]
    for node in graph.nodes:
        label = [*node.label(), ", ".join(f"{use}: {verdict.label}" for use, verdict in node.uses)]
        text = "<br/>".join(_mermaid(part) for part in label)
        lines.append(f'  {keys[node.key]}["{text}"]:::{node.verdict.label}')
    for edge in graph.edges:
        arrow = "-.->" if edge.label == "trained on" else "-->"
        lines.append(f"  {keys[edge.parent]} {arrow}|{_mermaid(edge.label)}| {keys[edge.child]}")
    for verdict in sorted({node.verdict for node in graph.nodes}):
        lines.append(f"  classDef {verdict.label} {CLASS_DEFS[verdict]}")
    lines.append("```")
    return "\n".join(lines)


def render_lineages(graphs: tuple[Lineage, ...]) -> str:
    """The lineage pictures, one per model built on others, each under its title in words."""
    if not graphs:
        return ""
    parts = [
        "",
        "**lineage** (each box: the model, its license and the verdict that reaches the model asked about)",
    ]
    for graph in graphs:
        parts += ["", f"_{_cell(graph.title)}_", "", mermaid(graph)]
    return "\n".join(parts) + "\n"


# ---------------------------------------------------------------- licheck notice


def render_notice(doc: NoticeDocument, options: object = None) -> str:
    """The notice as Markdown (NOTICE.md): a section per model, then the texts that travel."""
    out = ["# Third-party model notices", "", _cell(INTRO), ""]
    out.append(_cell(f"Written by licheck from {doc.source} for the uses: {', '.join(doc.uses)}."))
    for section in doc.sections:
        out += ["", *_notice_section(section, doc.folder)]
    if not doc.folder:
        texts = [t for t in license_texts(doc) if t.text is not None]
        for text in texts:
            out += ["", f"## License text: {_cell(text.license)}", "", _cell(f"From {text.where}."), ""]
            out += _fenced(text.text or "")
        for item in upstream_files(doc):
            out += [
                "",
                f"## {_cell(item.name)} of {_cell(item.holder)}",
                "",
                _cell(f"From {item.where}."),
                "",
            ]
            out += _fenced(item.text)
    return "\n".join(out) + "\n"


def _notice_section(section: Section, folder: bool) -> list[str]:
    out = [f"## {_cell(section.name)}", "", _cell(section.title)]
    if not section.known:
        return out
    out.append("")
    for lic, name, via in section.licenses:
        base = f", through {' -> '.join(via)}" if via else ""
        out.append(f"- License: {_cell(f'{name} ({lic}){base}')}")
    if section.notices:
        out += ["", "**Notices**, to be reproduced word for word:", ""]
        for line in section.notices:
            out += [_cell(line.verbatim or ""), "", f"<sub>{_cell(through(line))}</sub>", ""]
        out.pop()
    if section.texts or section.files:
        out += ["", "**Texts that travel with the model:**", ""]
        for line, text in section.texts:
            said = _cell(f"{line.text} [{through(line)}]: {text_status(text, folder)}")
            if text.origin in ("pinned", "link") and _link(text.where, text.where) != text.where:
                said = said.replace(_cell(text.where), f"<{text.where}>")  # an address to follow, as written
            out.append(f"- {said}")
        for line, item in section.files:
            out.append(f"- {_cell(f'{line.text} [{through(line)}]: {file_status(item, folder)}')}")
    out += _notice_lines("**Naming derivatives:**", section.naming, "- ")
    out += _notice_lines("**To do:**", section.actions, "- [ ] ")
    out += _notice_lines("**Also required:**", section.terms, "- ")
    return out


def _notice_lines(title: str, lines: tuple[Line, ...], mark: str) -> list[str]:
    if not lines:
        return []
    return ["", title, "", *(f"{mark}{_cell(described(line))}" for line in lines)]


def _fenced(text: str) -> list[str]:
    """A text as a code block whose fence no run of backticks in it can close."""
    longest = max((len(run) for run in re.findall("`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return [f"{fence}text", text.strip("\n"), fence]
