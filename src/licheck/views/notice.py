"""What `licheck notice` writes: per shipped model, the notices to reproduce word for word, the
license texts and upstream files that travel with it, the naming rule for derivatives, the other
terms, and the things to do, as one document every notice reporter renders. Pure: the texts found
on disk come in as data (`Materials`), read by the command.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

from licheck.core.model import License, Obligation, Origin
from licheck.core.notice import LicenseText, Materials, ModelNotice, NameCheck, UpstreamFile, name_check


class Line(NamedTuple):
    """One duty, with the clause it comes from and the base it comes through (() its own)."""

    text: str
    license: str
    clause: str
    via: tuple[str, ...] = ()
    verbatim: str | None = None  # the words to reproduce or display, exactly
    check: NameCheck | None = None  # for a naming rule: whether the project's model complies


class Section(NamedTuple):
    name: str  # the model as the manifest or command line names it
    title: str  # "Llama 3.1 8B (Meta)"; or why nothing can be said
    licenses: tuple[tuple[str, str, tuple[str, ...]], ...]  # (id, name, via) of its lineage
    notices: tuple[Line, ...]  # text to reproduce word for word in the NOTICE file
    texts: tuple[tuple[Line, LicenseText], ...]  # license texts that travel, with the duty
    files: tuple[tuple[Line, UpstreamFile | None], ...]  # upstream files that travel
    naming: tuple[Line, ...]  # names a derivative must take
    actions: tuple[Line, ...]  # things to do: a checklist
    terms: tuple[Line, ...]  # what else the licenses ask
    known: bool = True


class NoticeDocument(NamedTuple):
    source: str  # the manifest, or "the command line"
    uses: tuple[str, ...]
    sections: tuple[Section, ...]
    folder: bool = False  # texts and files are written beside the notice, not inside it


def document(
    found: Sequence[ModelNotice], materials: Materials, source: str, uses: Sequence[str], folder: bool = False
) -> NoticeDocument:
    """The notice of a release, a section per model in the order given."""
    sections = tuple(_section(notice, materials) for notice in found)
    return NoticeDocument(source, tuple(uses), sections, folder)


def _section(notice: ModelNotice, materials: Materials) -> Section:
    model = notice.model
    if model is None:
        why = "not in the rules, and no license licheck can read: what it requires is unknown"
        return Section(notice.name, why, (), (), (), (), (), (), (), known=False)
    publisher = "" if model.origin is not Origin.RULES else f" ({model.publisher})"
    title = f"{model.name}{publisher}" if model.origin is Origin.RULES else f"{model.name} (this project)"
    parts: dict[str, list[Line]] = {k: [] for k in ("notices", "naming", "actions", "terms")}
    texts: list[tuple[Line, LicenseText]] = []
    files: list[tuple[Line, UpstreamFile | None]] = []
    for owed in notice.owed:
        for obligation in owed.obligations:
            line = _line(owed.license, obligation, owed.via)
            if obligation.ships_text and all(t.license != owed.license.id for _, t in texts):
                texts.append((line, _text(owed.license, materials.texts)))
            if obligation.ships_file is not None:
                files.append((line, materials.files.get((owed.holder.id, obligation.ships_file))))
            if obligation.name_prefix is not None:
                parts["naming"].append(line._replace(check=name_check(notice, obligation, owed.via)))
            elif obligation.verbatim is not None and not obligation.action:
                parts["notices"].append(line)
            elif obligation.action or obligation.verbatim is not None:
                parts["actions"].append(line)
            elif not (obligation.ships_text or obligation.ships_file):
                parts["terms"].append(line)
    licenses = tuple((owed.license.id, owed.license.name, owed.via) for owed in notice.owed)
    return Section(
        notice.name,
        title,
        licenses,
        tuple(parts["notices"]),
        tuple(texts),
        tuple(files),
        tuple(parts["naming"]),
        tuple(parts["actions"]),
        tuple(parts["terms"]),
    )


def _line(lic: License, obligation: Obligation, via: tuple[str, ...]) -> Line:
    return Line(obligation.text, lic.id, obligation.clause, via, obligation.verbatim)


def _text(lic: License, texts: Mapping[str, LicenseText]) -> LicenseText:
    found = texts.get(lic.id)
    if found is not None:
        return found
    return LicenseText(lic.id, "link", lic.url)


def through(line: Line) -> str:
    """Where a duty comes from, in words: "llama2 §1.b.iii" or "llama2 §1.b.iii, through llama-2-7b"."""
    base = f", through {' -> '.join(line.via)}" if line.via else ""
    return f"{line.license} {line.clause}{base}"


def text_file(lic: str) -> str:
    """Where the folder layout keeps a license's text, relative to the notice."""
    return f"licenses/{lic}.txt"


def upstream_file(item: UpstreamFile) -> str:
    """Where the folder layout keeps an upstream file, relative to the notice."""
    return f"notices/{item.holder.replace('/', '--')}-{item.name}"


def license_texts(doc: NoticeDocument) -> tuple[LicenseText, ...]:
    """Every license text the document carries, each once, in the order first needed."""
    found: dict[str, LicenseText] = {}
    for section in doc.sections:
        for _, text in section.texts:
            found.setdefault(text.license, text)
    return tuple(found.values())


def upstream_files(doc: NoticeDocument) -> tuple[UpstreamFile, ...]:
    """Every upstream file the document carries, each once, in the order first needed."""
    found: dict[tuple[str, str], UpstreamFile] = {}
    for section in doc.sections:
        for _, item in section.files:
            if item is not None:
                found.setdefault((item.holder, item.name), item)
    return tuple(found.values())


def text_status(text: LicenseText, folder: bool) -> str:
    """Where a license text is, in words, for a reader of the notice."""
    digest = f" (sha256 {text.digest})" if text.digest else ""
    note = f"; {text.note}" if text.note else ""
    if text.text is not None:
        here = f"in {text_file(text.license)}" if folder else "below"
        source = text.where
        return f"{here}, from {source}{digest}{note}"
    if text.origin == "pinned":
        return f"not carried here: ship the text at {text.where}{digest}{note}"
    return f"not carried here: ship the text published at {text.where}{note}"


INTRO = (
    "The models below ship with this release. For each: the notices its license (and the licenses of "
    "the models it was built from) require to be reproduced word for word, the license texts and files "
    "that travel with it, the rule for naming derivatives, what else the licenses ask, and what to do."
)


def file_status(item: UpstreamFile | None, folder: bool) -> str:
    """Where an upstream file is, in words."""
    if item is None:
        return "none was found in the model's files; carry it if the model has one"
    place = f"in {upstream_file(item)}" if folder else "below"
    return f"its {item.name} ({item.where}, sha256 {item.digest}) is {place}"


def described(line: Line) -> str:
    """A duty in words: the phrase it fixes, what it asks, whence, and for a naming rule whether
    the project's own model complies."""
    said = f'"{line.verbatim}": ' if line.verbatim and line.check is None else ""
    check = ""
    if line.check is not None:
        check = (
            " (this model's name begins with it)"
            if line.check.complies
            else f' (this model\'s name does not begin with "{line.check.prefix}")'
        )
    return f"{said}{line.text} [{through(line)}]{check}"
