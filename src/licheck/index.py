"""A rules index that need not be rebuilt on every run.

Parsing and validating YAML costs far more than answering a question, so the validated RuleSet is
kept in a cache file keyed by licheck's version and the path, size and mtime of every rule file.
A changed, added or removed file changes the key and the rules are rebuilt. The cache is written
atomically; when it cannot be read or written (read-only home, corrupt file) licheck simply builds
the rules in memory. Set LICHECK_NO_CACHE=1 to skip it, LICHECK_CACHE_DIR to move it.
"""

from __future__ import annotations

import marshal
import os
import sys
import zlib
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from licheck import __version__
from licheck.model import RuleSet
from licheck.serial import flatten, restore

_FORMAT = 3
SUFFIXES = (".yaml", ".yml")


class RulesDir(NamedTuple):
    """A folder of rule files, and how its files are named in messages."""

    path: Path
    label: str  # "rules" for the bundled rules, the folder as the user gave it otherwise
    # The rules inside an installed wheel were checked against the schema when they were built and
    # tested; loading them skips that half-second check (`licheck rules validate` still does it).
    trusted: bool = False


def bundled_dir() -> RulesDir:
    """The rules shipped with licheck: inside the installed package, or the checkout's rules/."""
    here = Path(__file__).parent
    packaged = here / "rules"  # the wheel maps the top-level rules/ here
    if packaged.is_dir():
        return RulesDir(packaged, "rules", trusted=True)
    return RulesDir(here.parent.parent / "rules", "rules")


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


T = TypeVar("T")


class LazyMapping(Mapping[str, T]):
    """A read-only mapping whose values stay serialised until asked for.

    Answering one question needs one model and its licenses, not the whole database: restoring
    only those keeps a run's cost flat as the rules grow.
    """

    __slots__ = ("_blobs", "_done")

    def __init__(self, blobs: dict[str, bytes]) -> None:
        self._blobs = blobs
        self._done: dict[str, T] = {}

    def __getitem__(self, key: str) -> T:
        try:
            return self._done[key]
        except KeyError:
            value: T = restore(marshal.loads(self._blobs[key]))
            self._done[key] = value
            return value

    def __contains__(self, key: object) -> bool:
        return key in self._blobs

    def __iter__(self) -> Iterator[str]:
        return iter(self._blobs)

    def __len__(self) -> int:
        return len(self._blobs)


_LAZY = ("licenses", "models", "datasets")  # restored entry by entry, when asked for
_PLAIN = ("names", "license_names")  # strings only: marshal stores them as they are


def _pack(rules: RuleSet) -> object:
    packed: dict[str, object] = {}
    for field, value in rules._asdict().items():
        if field in _LAZY:
            packed[field] = {k: marshal.dumps(flatten(v)) for k, v in value.items()}
        elif field in _PLAIN:
            packed[field] = dict(value) if isinstance(value, Mapping) else tuple(value)
        else:
            packed[field] = flatten(value)
    return packed


def _unpack(packed: Any) -> RuleSet:
    fields = {
        k: LazyMapping(v) if k in _LAZY else v if k in _PLAIN else restore(v) for k, v in packed.items()
    }
    return RuleSet(**fields)


def cache_dir() -> Path:
    """Where the caches live: $LICHECK_CACHE_DIR, else the platform's user cache folder.

    platformdirs answers this too, but importing it cost 8 ms of a run whose whole budget is
    about 30 ms (bench/bench.py), so the three conventions it would apply are spelled out here.
    """
    configured = os.environ.get("LICHECK_CACHE_DIR")
    if configured:
        return Path(configured)
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "licheck" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "licheck"
    return Path(os.environ.get("XDG_CACHE_HOME", "").strip() or Path.home() / ".cache") / "licheck"


# The code whose output is cached: a change to any of these (a new release, or an edit in a
# checkout) must not serve a stale cache even when the version number stays the same.
_CODE = ("model.py", "rules.py", "validate.py", "yamlio.py", "index.py", "manifest.py", "serial.py")


def _code_key() -> str:
    here = Path(__file__).parent
    return " ".join(f"{(stat := (here / name).stat()).st_size}:{stat.st_mtime_ns}" for name in _CODE)


def fingerprint(directories: list[RulesDir]) -> str:
    """What the cached rules depend on: licheck's code and every rule file's path, size, mtime."""
    parts = [f"format {_FORMAT}", f"licheck {__version__}", _code_key()]
    for directory in directories:
        parts.append(f"dir {directory.path.resolve()} as {directory.label}")
        if directory.trusted or not directory.path.is_dir():
            continue  # an installed wheel's rules change only with its code, which _code_key covers
        for path, shown in rule_files(directory):
            try:
                stat = path.stat()
            except OSError:
                parts.append(f"{shown} unreadable")
                continue
            parts.append(f"{shown} {stat.st_size} {stat.st_mtime_ns}")
    return "\n".join(parts)


def file_key(*paths: Path) -> str:
    """What a value parsed from files depends on: licheck's code and each file's path, size, mtime."""
    parts = [f"format {_FORMAT}", f"licheck {__version__}", _code_key()]
    for path in paths:
        stat = path.stat()
        parts.append(f"{path.resolve()} {stat.st_size} {stat.st_mtime_ns}")
    return "\n".join(parts)


def cached(
    prefix: str,
    key: Callable[[], str],
    build: Callable[[], T],
    pack: Callable[[T], object] = flatten,
    unpack: Callable[[Any], T] = restore,
) -> T:
    """`build()`, or its result from the cache when `key()` has not changed since it was stored.

    Only successful builds are stored (a build that raises stores nothing). The stored key is
    compared in full, so a checksum collision in the file name cannot serve a stale value.
    """
    if os.environ.get("LICHECK_NO_CACHE"):
        return build()
    try:
        wanted = key()
        raw = wanted.encode()
        target = cache_dir() / f"{prefix}-{zlib.crc32(raw):08x}{zlib.adler32(raw):08x}.cache"
    except OSError:
        return build()
    try:
        stored_key, stored = marshal.loads(target.read_bytes())  # one read: marshal.load reads piecemeal
        if stored_key == wanted:
            return unpack(stored)
    except Exception:  # a cache from another build can fail in any way: rebuild it
        pass
    value = build()
    _store(target, prefix, wanted, pack(value))
    return value


def load_cached(directories: list[RulesDir]) -> RuleSet:
    """The RuleSet for these folders, from the cache when it is current."""
    return cached("rules", lambda: fingerprint(directories), lambda: _build(directories), _pack, _unpack)


def _build(directories: list[RulesDir]) -> RuleSet:
    from licheck.rules import load  # YAML and JSON Schema: only when the cache is stale

    return load(directories)


def _store(target: Path, prefix: str, key: str, value: object) -> None:
    """Write a cache file atomically; drop cache files unused for a week."""
    import tempfile
    import time

    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        week_ago = time.time() - 7 * 86400
        for old in target.parent.glob(f"{prefix}-*.*"):
            if old.stat().st_atime < week_ago:
                old.unlink(missing_ok=True)
        fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{prefix}-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                marshal.dump((key, value), handle)  # type: ignore[arg-type]  # flattened: marshal-able
            os.replace(temp, target)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    except OSError:
        return
