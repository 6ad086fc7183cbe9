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
import os
import zlib
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from licheck import __version__
from licheck.cache import folder as cachefs
from licheck.cache.folder import cache_dir
from licheck.cache.serial import flatten, restore
from licheck.core.model import Dataset, License, Model, RuleSet
from licheck.rulesdb.indexfile import Damaged, IndexFile, Table

PACKAGE = Path(__file__).parent.parent  # licheck/

__all__ = ["RulesDir", "bundled_dir", "cache_dir", "cached", "file_key", "load_cached", "rule_files"]

_FORMAT = 5
SUFFIXES = (".yaml", ".yml")
_MAX_CACHE = 256 << 20  # the largest cache file read whole (manifests, policies, parts)
_MAX_INDEX = 4 << 30  # the largest index mapped (it is never read whole)
T = TypeVar("T")


class RulesDir(NamedTuple):
    """A folder of rule files, and how its files are named in messages."""

    path: Path
    label: str  # "rules" for the bundled rules, the folder as the user gave it otherwise
    # The rules inside an installed wheel were checked against the schema when they were built and
    # tested; loading them skips that half-second check (`licheck rules validate` still does it).
    trusted: bool = False


def bundled_dir() -> RulesDir:
    """The rules shipped with licheck: inside the installed package, or the checkout's rules/."""
    here = PACKAGE
    packaged = here / "rules"  # the wheel maps the top-level rules/ here
    if packaged.is_dir():
        return RulesDir(packaged, "rules", trusted=True)
    return RulesDir(here.parent.parent / "rules", "rules")


PREBUILT = PACKAGE / "rules.index"  # written into the wheel by hatch_build.py


def rule_files(directory: RulesDir) -> list[tuple[Path, str]]:
    """The rule files under a folder (recursively, hidden ones skipped), sorted, with display names."""
    found: list[tuple[Path, str]] = []
    label = directory.label.rstrip("/")
    pending = [(str(directory.path), "")]
    while pending:
        folder, prefix = pending.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):  # a linked folder could loop back on itself
                pending.append((entry.path, f"{prefix}{entry.name}/"))
            elif entry.name.endswith(SUFFIXES) and (entry.is_symlink() or entry.is_file()):
                # a link that leads nowhere (or to itself) is listed, so loading names the problem
                found.append((Path(entry.path), f"{label}/{prefix}{entry.name}"))
    found.sort(key=lambda item: item[1])
    return found


# ---------------------------------------------------------------- digests


def digest(data: bytes) -> str:
    """A content digest (BLAKE2b, 160 bits). _blake2 directly: hashlib's import costs 2.5 ms."""
    try:
        from _blake2 import blake2b
    except ImportError:  # another interpreter
        from hashlib import blake2b
    return blake2b(data, digest_size=20).hexdigest()


# The packages whose code builds cached values: a change to any file in them (a new release, or
# an edit in a checkout) must not serve a stale cache even when the version number stays the same.
CACHED_CODE = ("core", "files", "cache", "rulesdb", "project", "schemas")
_code: list[str] = []


def code_digest() -> str:
    """The digest of every file of the packages whose code builds cached values (their Python
    files and the shipped schemas, each with its path): derived from the package, never listed."""
    if not _code:
        files = sorted(
            path
            for package in CACHED_CODE
            for path in (PACKAGE / package).rglob("*")
            if path.suffix in (".py", ".json") and path.is_file()
        )
        _code.append(
            digest(b"".join(str(p.relative_to(PACKAGE)).encode() + b"\0" + p.read_bytes() for p in files))
        )
    return _code[0]


MAX_INPUT = 16 * 1024 * 1024  # yamlio.MAX_BYTES: a larger input is refused when it is parsed


def read_input(path: Path) -> bytes:
    """The bytes of an input file that its digest covers: at most one past what is ever parsed,
    so a link to an endless file costs a bounded read (and the parser then refuses it). Only a
    regular file is read: a FIFO or a device raises OSError here (never a hang), and the loader
    that reads it next names the problem."""
    import stat

    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(f"{path}: not a regular file")
        return handle.read(MAX_INPUT + 1)


def file_key(*paths: Path) -> str:
    """What a value parsed from files depends on: licheck's code and each file's path and bytes."""
    parts = [f"format {_FORMAT}", f"licheck {__version__}", f"code {code_digest()}"]
    parts += [f"{path.resolve()} {digest(read_input(path))}" for path in paths]
    return "\n".join(parts)


# ---------------------------------------------------------------- a cached value

_MAGIC = b"LICHECK\x05"  # then the crc32 of the rest, which detects damage


def cached(
    prefix: str,
    key: Callable[[], str],
    build: Callable[[], T],
    pack: Callable[[T], object] = flatten,
    unpack: Callable[[Any], T] = restore,
) -> T:
    """`build()`, or its result from the cache when `key()` has not changed since it was stored.

    Only successful builds are stored (a build that raises stores nothing). The stored key is
    compared in full, so a digest collision in the file name cannot serve a stale value.
    """
    if os.environ.get("LICHECK_NO_CACHE"):
        return build()
    try:
        wanted = key()
    except OSError:
        return build()
    where = cachefs.folder()
    if where is not None:
        found = lookup(where, prefix, wanted, unpack)
        if found is not None:
            return found[0]
    value = build()
    where = cachefs.folder(create=True)
    if where is not None:
        store(where, prefix, wanted, pack(value))
        cachefs.prune(where)
    return value


def _name(prefix: str, key: str) -> str:
    return f"{prefix}-{digest(key.encode())[:32]}.cache"


def store(where: Path, prefix: str, key: str, packed: object) -> None:
    """Write a value (marshal-able) under its key, with a digest that detects damage."""
    body = marshal.dumps((key, packed))  # type: ignore[arg-type]  # flattened: marshal-able
    cachefs.write(where / _name(prefix, key), [_MAGIC, zlib.crc32(body).to_bytes(4, "little"), body])


def lookup(where: Path, prefix: str, key: str, unpack: Callable[[Any], T]) -> tuple[T] | None:
    """(value,) stored under `key`, or None: absent, another key's, or damaged (said on stderr)."""
    target = where / _name(prefix, key)
    raw = cachefs.read(target, _MAX_CACHE)
    if raw is None:
        if cachefs.exists_untrusted(target):
            cachefs.warn(f"ignoring cache file {target} (not a regular file of yours); rebuilding it")
        return None
    head = len(_MAGIC) + 4
    try:
        if raw[: len(_MAGIC)] != _MAGIC or int.from_bytes(raw[len(_MAGIC) : head], "little") != zlib.crc32(
            raw[head:]
        ):
            raise ValueError("checksum")
        stored_key, stored = marshal.loads(raw[head:])
        if stored_key != key:
            return None
        return (unpack(stored),)
    except Exception as error:  # a damaged or crafted file can fail in any way: rebuild it
        cachefs.warn(f"ignoring damaged cache file {target} ({type(error).__name__}); rebuilding it")
        return None


# ---------------------------------------------------------------- the rules


def load_cached(directories: list[RulesDir]) -> RuleSet:
    """The RuleSet for these folders, from the index when it is current."""
    from licheck.rulesdb.build import load_indexed

    return load_indexed(directories)


def rules_digest(directories: list[RulesDir]) -> str:
    """The digest of the rules in these folders (each file's path inside its folder and bytes),
    the same for the same rules wherever they are: for reports to carry."""
    from licheck.rulesdb.build import folder_digest

    parts = [folder_digest(directory) for directory in directories]
    return parts[0] if len(parts) == 1 else digest("\n".join(parts).encode())


def verify_bundled() -> tuple[bool, str, str]:
    """(ok, expected, actual): the digest of the installed rules files against the one recorded
    when the wheel was built. In a checkout nothing was recorded: expected is ''."""
    from licheck.rulesdb.build import folder_digest, prebuilt

    index = prebuilt(check_code=False)
    expected = str(index.small["digest"]) if index is not None else ""
    actual = folder_digest(bundled_dir(), use_prebuilt=False)
    return expected == actual, expected, actual


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
        value: T = restore(marshal.loads(raw))
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
            from licheck.rulesdb.build import prebuilt

            part = prebuilt(check_code=False)
        else:
            data = cachefs.map_file(self._where / name, _MAX_INDEX) if self._where else None
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
    uses = {k: fix(restore(marshal.loads(v))) for k, v in small["uses"]}
    regions = {k: fix(restore(marshal.loads(v))) for k, v in small["regions"]}
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
    )
