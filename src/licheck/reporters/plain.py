"""Plain text: a NOTICE file (`licheck notice --format text`), laid out at 80 columns whatever the
terminal, so the same inputs give the same bytes."""

from __future__ import annotations

from licheck.reporters import Options
from licheck.reporters.text import wrap
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

WIDTH = 80


def render_notice(doc: NoticeDocument, options: Options | None = None) -> str:
    """The notice as plain text: a section per model, then the license texts and upstream files."""
    out = ["THIRD-PARTY MODEL NOTICES", "", *wrap(INTRO, WIDTH), ""]
    out += wrap(f"Written by licheck from {doc.source} for the uses: {', '.join(doc.uses)}.", WIDTH)
    for section in doc.sections:
        out += ["", "=" * WIDTH, *_section(section, doc.folder)]
    if not doc.folder:
        for text in license_texts(doc):
            if text.text is not None:
                out += [
                    "",
                    "=" * WIDTH,
                    f"LICENSE TEXT: {text.license}",
                    f"({text.where})",
                    "",
                    text.text.strip("\n"),
                ]
        for item in upstream_files(doc):
            out += [
                "",
                "=" * WIDTH,
                f"{item.name} of {item.holder}",
                f"({item.where})",
                "",
                item.text.strip("\n"),
            ]
    return "\n".join(out) + "\n"


def _section(section: Section, folder: bool) -> list[str]:
    out = [f"{section.name}: {section.title}"]
    if not section.known:
        return out
    for lic, name, via in section.licenses:
        base = f", through {' -> '.join(via)}" if via else ""
        out.append(f"License: {name} ({lic}){base}")
    if section.notices:
        out += ["", "Notices, to be reproduced word for word:"]
        for line in section.notices:
            out += ["", f"{line.verbatim}", *wrap(f"[{through(line)}]", WIDTH, 2, "  ")]
    if section.texts or section.files:
        out += ["", "Texts that travel with the model:"]
        for line, text in section.texts:
            out += wrap(f"{line.text} [{through(line)}]: {text_status(text, folder)}", WIDTH, 2, "- ")
        for line, item in section.files:
            out += wrap(f"{line.text} [{through(line)}]: {file_status(item, folder)}", WIDTH, 2, "- ")
    out += _lines("Naming derivatives:", section.naming, "- ")
    out += _lines("To do:", section.actions, "[ ] ")
    out += _lines("Also required:", section.terms, "- ")
    return out


def _lines(title: str, lines: tuple[Line, ...], mark: str) -> list[str]:
    if not lines:
        return []
    return ["", title, *(row for line in lines for row in wrap(described(line), WIDTH, len(mark), mark))]
