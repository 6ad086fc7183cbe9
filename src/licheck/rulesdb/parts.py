"""The parts of a rules index: one rule file's entries, read once and stored in the cache.

A stored part is an index file of its own (indexfile.py), named by a digest of its key (the rule
file's digest, licheck's version and code, the folder's placeholder), with a table per kind of
entry and a "meta" table that holds two values: every entry's refs and place ("meta", for the
checks that name lines) and a summary of them (indexfast.summarize, for the merge that needs
none). The index of a user's folder points into its parts instead of copying them (a value of
POINTER and the part's slot), so an edit rewrites one part and a small index.
"""

from __future__ import annotations

import marshal
import os
from pathlib import Path
from typing import Any

from licheck import __version__
from licheck.cache import folder as cachefs
from licheck.cache.serial import flatten
from licheck.rulesdb.index import _FORMAT, _MAX_INDEX, code_digest, digest
from licheck.rulesdb.indexfile import Damaged, IndexFile, encode

Entries = list[tuple[Any, ...]]  # (kind, id, where, value, refs), in the file's order
Part = tuple[Entries, list[tuple[Any, ...]]]  # entries, problems
Source = tuple[str, str, str]  # ("cache", file name, key) or ("prebuilt", "", key): where a part lies
POINTER = b"\0"  # a table value that starts so is a slot of small["parts"]: the entry lies there
_POOL_FILES = 8  # a cold build of at least this many files and
_POOL_BYTES = 4 << 20  # this many bytes reads them in a process pool


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


def raw_value(entry: Any) -> bytes:
    """An entry's serialised value, read from its part when the entry only points there."""
    value = entry.value
    if isinstance(value, IndexFile):
        raw = value.table(entry.kind).get(entry.id)
        if raw is None:
            raise Damaged(f"{entry.kind} {entry.id!r} is not in its part")
        return raw
    return bytes(value)


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


def pieces(files: list[tuple[str, str, str]], shown: str, check: bool, where: Path | None) -> list[Piece]:
    """Each file's part (path, name inside the folder, digest), read from the cache when stored
    there, else from the file (and then stored)."""
    keys = [
        f"part {_FORMAT} {__version__} {code_digest()} {shown!r}/{rel} {d} {check}" for _, rel, d in files
    ]
    found: list[Piece | None] = [_stored(where, key) if where is not None else None for key in keys]
    missing = [i for i, piece in enumerate(found) if piece is None]
    jobs = [(files[i][0], f"{shown}/{files[i][1]}", check) for i in missing]
    for i, part in zip(missing, _run(jobs), strict=True):
        found[i] = (_store(where, keys[i], part) if where is not None else None) or Piece(None, None, part)
    return [piece for piece in found if piece is not None]


def _name(key: str) -> str:
    return f"part-{digest(key.encode())[:32]}.index"


def open_index(target: Path, key: str, what: str) -> IndexFile | None:
    """The index file at `target` when it is ours, whole, and built for `key`; else None, with a
    line on stderr for what is there but unusable (`what` names it: "rules index", "cache file")."""
    data = cachefs.map_file(target, _MAX_INDEX)
    if data is None:
        if cachefs.exists_untrusted(target):
            cachefs.warn(f"ignoring {what} {target} (not a regular file of yours); rebuilding it")
        return None
    try:
        index = IndexFile(data)
    except Damaged as error:
        cachefs.warn(f"ignoring damaged {what} {target} ({error}); rebuilding it")
        return None
    return index if index.key == key else None


def _stored(where: Path, key: str) -> Piece | None:
    """The part stored under `key`; None when absent, another key's or damaged."""
    name = _name(key)
    index = open_index(where / name, key, "cache file")
    if index is None:
        return None
    from licheck.rulesdb.summaries import check_summary  # building only, never on a warm answer

    piece = Piece(index, ("cache", name, key))
    try:
        check_summary(piece.summary())  # its shape, now, while the part can still be rebuilt
    except Exception as error:  # a damaged or crafted file can fail in any way: read the rule file
        cachefs.warn(f"ignoring damaged cache file {where / name} ({type(error).__name__}); rebuilding it")
        return None
    return piece


def _store(where: Path, key: str, part: Part) -> Piece | None:
    """Store a part just read as an index file of its own; its entries then point into it."""
    from licheck.rulesdb.summaries import summarize

    entries, problems = part
    tables: dict[str, list[tuple[str, bytes]]] = {}
    for kind, item_id, _, value, _ in entries:
        tables.setdefault(kind, []).append((item_id, value))
    meta = [(kind, item_id, place, refs) for kind, item_id, place, _, refs in entries]
    summary = summarize([(kind, item_id, refs) for kind, item_id, _, _, refs in entries], problems)
    tables["meta"] = [("meta", marshal.dumps((meta, problems))), ("summary", marshal.dumps(summary))]
    chunks = encode(key, None, tables)
    name = _name(key)
    if not cachefs.write(where / name, chunks):
        return None
    index = IndexFile(b"".join(chunks))
    stored = [(kind, item_id, place, index, refs) for kind, item_id, place, _, refs in entries]
    return Piece(index, ("cache", name, key), (stored, problems), summary)


def _run(jobs: list[tuple[str, str, bool]]) -> list[Part]:
    size = sum(os.stat(path).st_size for path, _, _ in jobs)
    workers = min(os.cpu_count() or 1, len(jobs))
    if workers < 2 or len(jobs) < _POOL_FILES or size < _POOL_BYTES:
        return [part_of(*job) for job in jobs]
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(workers) as pool:
        return list(pool.map(_job, jobs, chunksize=max(1, len(jobs) // (workers * 4))))


def _job(job: tuple[str, str, bool]) -> Part:
    return part_of(*job)


def part_of(path: str, shown: str, check_schema: bool) -> Part:
    """One file's part: its entries serialised, with their refs, and its problems."""
    from licheck.rulesdb.load import read_file

    entries, problems = read_file(Path(path), shown, check_schema)
    packed = [(e.kind, e.id, tuple(e.where), marshal.dumps(flatten(e.value)), e.refs) for e in entries]
    return packed, [tuple(p) for p in problems]
