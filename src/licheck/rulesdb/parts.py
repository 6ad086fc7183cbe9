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

from licheck import __version__
from licheck.cache import folder as cachefs
from licheck.cache.store import FORMAT, code_digest, digest
from licheck.rulesdb.entry import DOMAIN
from licheck.rulesdb.folders import MAX_INDEX
from licheck.rulesdb.indexfile import Damaged, IndexFile, encode
from licheck.rulesdb.piece import Part, Piece

_POOL_FILES = 8  # a cold build of at least this many files and
_POOL_BYTES = 4 << 20  # this many bytes reads them in a process pool


def pieces(files: list[tuple[str, str, str]], shown: str, check: bool, where: Path | None) -> list[Piece]:
    """Each file's part (path, name inside the folder, digest), read from the cache when stored
    there, else from the file (and then stored)."""
    keys = [f"part {FORMAT} {__version__} {code_digest()} {shown!r}/{rel} {d} {check}" for _, rel, d in files]
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
    data = cachefs.map_file(target, MAX_INDEX)
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
    packed = [(e.kind, e.id, tuple(e.where), marshal.dumps(DOMAIN.flatten(e.value)), e.refs) for e in entries]
    return packed, [tuple(p) for p in problems]
