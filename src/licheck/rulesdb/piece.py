"""A part of the index as a build sees it: where it lies, its entries and their summary, each read
from the stored part only when asked for; and the sources a built index points into."""

from __future__ import annotations

import marshal
from typing import Any

from licheck.rulesdb.entry import raw_value
from licheck.rulesdb.indexfile import Damaged, IndexFile

Entries = list[tuple[Any, ...]]  # (kind, id, where, value, refs), in the file's order


Part = tuple[Entries, list[tuple[Any, ...]]]  # entries, problems


Source = tuple[str, str, str]  # ("cache", file name, key) or ("prebuilt", "", key): where a part lies


POINTER = b"\0"  # a table value that starts so is a slot of small["parts"]: the entry lies there


class Piece:
    """One part, for building an index: where it lies, its entries, and their summary, each read
    from the stored part only when asked for. `index` is None for a part kept in memory only."""

    __slots__ = ("_blobs", "_entries", "_summary", "index", "source")

    def __init__(
        self,
        index: IndexFile | None,
        source: Source | None,
        entries: Part | None = None,
        summary: dict[str, Any] | None = None,
        blobs: dict[str, dict[str, bytes]] | None = None,
    ) -> None:
        self.index, self.source = index, source
        self._entries, self._summary, self._blobs = entries, summary, blobs or {}

    def entries(self) -> Part:
        if self._entries is None:
            meta, problems = self._meta("meta")
            if not isinstance(meta, list) or not isinstance(problems, list):
                raise Damaged("not a part")
            self._entries = (
                [(kind, item_id, where, self.index, refs) for kind, item_id, where, refs in meta],
                problems,
            )
        return self._entries

    def summary(self) -> dict[str, Any]:
        if self._summary is None:
            summary = self._meta("summary")
            if not isinstance(summary, dict):
                raise Damaged("not a part's summary")
            self._summary = summary
        return self._summary

    def raw(self, kind: str, item_id: str) -> bytes:
        """An entry's serialised value."""
        blob = self._blobs.get(kind, {}).get(item_id)
        if blob is not None:
            return blob
        raw = self.index.table(kind).get(item_id) if self.index is not None else None
        if raw is None:
            raise Damaged(f"{kind} {item_id!r} is not in its part")
        return raw

    def _meta(self, name: str) -> Any:
        raw = self.index.table("meta").get(name) if self.index is not None else None
        if raw is None:
            raise Damaged(f"a part without its {name}")
        return marshal.loads(raw)


class Sources:
    """The parts an index points into: each part's slot, in the order added."""

    def __init__(self) -> None:
        self.listed: list[Source] = []
        self._pointers: dict[IndexFile, bytes] = {}  # a part's IndexFile (by identity) -> its pointer

    def add(self, piece: Piece) -> None:
        if piece.index is not None and piece.source is not None and piece.index not in self._pointers:
            self._pointers[piece.index] = POINTER + len(self.listed).to_bytes(4, "little")
            self.listed.append(piece.source)

    def pointer(self, index: IndexFile | None) -> bytes | None:
        return self._pointers.get(index) if index is not None else None

    def value(self, entry: Any) -> bytes:
        """What the index's table holds for an entry: a pointer into its part, or its bytes."""
        pointer = self.pointer(entry.value) if isinstance(entry.value, IndexFile) else None
        return pointer if pointer is not None else raw_value(entry)
