"""What a scan finds: references to models, with where they are written."""

from __future__ import annotations

from typing import NamedTuple


class Reference(NamedTuple):
    """One place a file names a model.

    `file` is relative to the scanned root (with /), `line` the 1-based line as stored on disk and
    `column` the 1-based column of the name on it. `model` is the name as written, `id` the name
    to look up: a Hub id ("sentence-transformers/all-MiniLM-L6-v2" for a bare
    SentenceTransformer name, "org/name" for "huggingface/org/name") or an Ollama tag. In a
    notebook `cell` is the 0-based cell and `cell_line` the 1-based line in its source.
    """

    file: str
    line: int
    column: int
    model: str
    id: str
    kind: str
    cell: int | None = None
    cell_line: int | None = None


class ScanResult(NamedTuple):
    """A scan's findings, sorted by file, line and column, and what it left out."""

    root: str
    references: tuple[Reference, ...]
    files: int  # text files read
    binary: int  # files skipped as binary
    skipped: tuple[tuple[str, str], ...]  # (file, why): over the size cap, unreadable, link out of the tree
    interrupted: bool = False  # Ctrl-C stopped it: the references are those found until then

    @property
    def models(self) -> tuple[str, ...]:
        """The distinct ids found, in order of first appearance."""
        return tuple(dict.fromkeys(ref.id for ref in self.references))
