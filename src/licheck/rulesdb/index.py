"""The rules index: the validated rules, built once and then read in place.

Parsing and validating YAML costs far more than answering a question, so licheck answers from an
index file (indexfile.py) that holds every entry serialised, under sorted keys, and reads only the
entries a question needs. The wheel ships the bundled rules' index, built and validated at build
time (hatch_build.py). Any other rules (a checkout's, a --rules folder) are indexed in the user
cache folder (cachefs.py), in two levels: a part per rule file, keyed by the digest of its bytes and
of licheck's code, and an index per rules state, keyed by the digests of all its files. Editing one
file re-reads that file only; the others' parts are merged as they are, without being restored.

Nothing in the cache is trusted beyond what it is: the keys are content digests, never sizes or
times (a file's digest is remembered only beside its inode, size, mtime and ctime, which any write
changes: indexbuild._files); a file that is not ours, not a regular file, too large or damaged is
ignored, rebuilt and reported in one line on stderr; values are restored only into licheck's own
types (serial.py); the index is pruned to the most recently used few (cachefs.prune).
Set LICHECK_NO_CACHE=1 to skip the cache, LICHECK_CACHE_DIR to move it.
"""

from __future__ import annotations

import marshal
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, TypeVar

from licheck.cache import folder as cachefs
from licheck.core.model import Conversion, Dataset, License, Model, OllamaName, RuleSet
from licheck.rulesdb.entry import DOMAIN
from licheck.rulesdb.folders import MAX_INDEX, prebuilt
from licheck.rulesdb.indexfile import Damaged, IndexFile, Table

T = TypeVar("T")


__all__ = ["Entries", "InPlace", "Models", "Names", "Parts", "ruleset"]


# ---------------------------------------------------------------- digests


# ---------------------------------------------------------------- a cached value


# ---------------------------------------------------------------- the rules


# ---------------------------------------------------------------- reading an index in place


_DAMAGE = (Damaged, ValueError, TypeError, EOFError, KeyError, IndexError)


class InPlace(Mapping[str, T]):
    """A table of the index as a read-only mapping, looked up in place.

    When the index proves damaged (a checksum fails, a value is not what it should be), the
    mapping switches to `fallback()`, the rules built from their files, for the rest of the run:
    a damaged index costs time, never a wrong answer.
    """

    __slots__ = ("_backup", "_fallback", "_index", "_kind", "_table")

    def __init__(self, index: IndexFile, kind: str, fallback: Callable[[], RuleSet]) -> None:
        self._index, self._kind, self._fallback = index, kind, fallback
        self._table: Table | None = None
        self._backup: Mapping[str, T] | None = None

    def _rows(self) -> Table:
        if self._table is None:
            self._table = self._index.table(self._kind)  # checks the table's keys once
        return self._table

    def backup(self) -> Mapping[str, T]:
        if self._backup is None:
            self._backup = getattr(self._fallback(), self._kind)
        return self._backup

    def _value(self, raw: bytes, key: str) -> T:
        raise NotImplementedError

    def __getitem__(self, key: str) -> T:
        if self._backup is None:
            try:
                raw = self._rows().get(key)
                if raw is not None:
                    return self._value(raw, key)
                absent = True
            except _DAMAGE:
                absent = False
            if absent:
                raise KeyError(key)
        return self.backup()[key]

    def __contains__(self, key: object) -> bool:
        if self._backup is None:
            try:
                return isinstance(key, str) and self._rows().find(key) >= 0
            except _DAMAGE:
                pass
        return key in self.backup()

    def __iter__(self) -> Iterator[str]:
        if self._backup is None:
            try:
                return iter(list(self._rows().sorted_keys()))
            except _DAMAGE:
                pass
        return iter(self.backup())

    def __len__(self) -> int:
        if self._backup is None:
            try:
                return len(self._rows())
            except _DAMAGE:
                pass
        return len(self.backup())


class Names(InPlace[str]):
    """A lower-cased name -> id table."""

    __slots__ = ()

    def _value(self, raw: bytes, key: str) -> str:
        return raw.decode()


class Entries(InPlace[T]):
    """The entries of one kind, restored one by one when asked for (and then kept).

    `relabel` names the folders as the user gave them (the index stores them as placeholders, so
    one index serves every spelling of a path).
    """

    __slots__ = ("_done", "_parts", "_relabel", "_type")

    def __init__(
        self,
        index: IndexFile,
        kind: str,
        cls: type,
        relabel: Callable[[Any], Any] | None,
        fallback: Callable[[], RuleSet],
        parts: Parts,
    ) -> None:
        super().__init__(index, kind, fallback)
        self._type, self._relabel, self._parts = cls, relabel, parts
        self._done: dict[str, T] = {}

    def __getitem__(self, key: str) -> T:
        found = self._done.get(key)
        if found is None:
            found = self._done[key] = super().__getitem__(key)
        return found

    def _value(self, raw: bytes, key: str) -> T:
        if raw[:1] == b"\0":  # a pointer into a part (indexbuild.POINTER and its slot)
            raw = self._parts.value(int.from_bytes(raw[1:5], "little"), self._kind, key)
        value: T = DOMAIN.restore(marshal.loads(raw))
        if not isinstance(value, self._type):
            raise Damaged(f"{self._kind}: a {type(value).__name__}")
        return self._relabel(value) if self._relabel is not None else value


class Models(Entries[Model]):
    """The models, and a cheap answer to "which models have this task" for ranking alternatives."""

    __slots__ = ()

    def __init__(
        self,
        index: IndexFile,
        relabel: Callable[[Any], Any] | None,
        fallback: Callable[[], RuleSet],
        parts: Parts,
    ) -> None:
        super().__init__(index, "models", Model, relabel, fallback, parts)

    def by_task(self, task: str | None) -> dict[float | None, list[tuple[str, str]]]:
        """The (id, publisher) of every model with this task (of every model when None), by params_b."""
        groups: dict[float | None, list[tuple[str, str]]] = {}
        if self._backup is None:
            try:
                tasks = self._index.table("tasks")
                for key in [task] if task else list(tasks.sorted_keys()):
                    raw = tasks.get(key)
                    for params_b, members in marshal.loads(raw) if raw is not None else ():
                        groups.setdefault(params_b, []).extend(members)
                return groups
            except _DAMAGE:
                groups.clear()
        for m in self.backup().values():
            if not task or m.task == task:
                groups.setdefault(m.params_b, []).append((m.id, m.publisher))
        return groups


class Parts:
    """The parts an index points into (indexbuild), each opened when first read."""

    def __init__(self, where: Path | None, sources: list[tuple[str, str, str]]) -> None:
        self._where, self._sources = where, sources
        self._open: dict[int, IndexFile] = {}

    def value(self, slot: int, kind: str, key: str) -> bytes:
        part = self._open.get(slot)
        if part is None:
            part = self._open[slot] = self._part(slot)
        raw = part.table(kind).get(key)
        if raw is None:
            raise Damaged(f"{kind} {key!r} is not in its part")
        return raw

    def _part(self, slot: int) -> IndexFile:
        source, name, key = self._sources[slot]
        if source == "prebuilt":
            part = prebuilt(check_code=False)
        else:
            data = cachefs.map_file(self._where / name, MAX_INDEX) if self._where else None
            part = IndexFile(data) if data is not None else None
        if part is None or part.key != key:
            raise Damaged(f"part {name or source} is missing")
        return part

    def missing(self) -> bool:
        """Whether a part of the cache is gone (pruned, or removed by hand): the index is stale."""
        return self._where is None or any(
            source == "cache" and not (self._where / name).is_file() for source, name, _ in self._sources
        )


def ruleset(
    index: IndexFile,
    relabel: Callable[[Any], Any] | None,
    fallback: Callable[[], RuleSet],
    where: Path | None = None,
) -> RuleSet:
    """A RuleSet that reads its entries from the index in place (and from its parts, in `where`)."""
    small = index.small
    fix = relabel or (lambda value: value)
    uses = {k: fix(DOMAIN.restore(marshal.loads(v))) for k, v in small["uses"]}
    regions = {k: fix(DOMAIN.restore(marshal.loads(v))) for k, v in small["regions"]}
    parts = Parts(where, small.get("parts") or [])
    return RuleSet(
        uses,
        regions,
        Entries[License](index, "licenses", License, relabel, fallback, parts),
        Models(index, relabel, fallback, parts),
        Entries[Dataset](index, "datasets", Dataset, relabel, fallback, parts),
        Names(index, "names", fallback),
        Names(index, "license_names", fallback),
        tuple(fix(note) for note in small["overrides"]),
        Entries[OllamaName](index, "ollama", OllamaName, relabel, fallback, parts),
        Entries[Conversion](index, "conversions", Conversion, relabel, fallback, parts),
    )
