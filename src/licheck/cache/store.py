"""Values kept in the cache folder under the digest of what they were made from.

A value is stored with its full key and a checksum, and served only when the key matches in full
(a digest collision in the file name cannot serve a stale value); damage is rebuilt with one
line on stderr. Keys cover the cache's format, licheck's version and the digest of every file of
the packages whose code builds cached values (`code_digest`: derived from the package, never a
hand-written list), so an edit in a checkout never serves a stale value.
"""

from __future__ import annotations

import marshal
import os
import stat
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from licheck import __version__
from licheck.cache import folder as cachefs

PACKAGE = Path(__file__).parent.parent  # licheck/
FORMAT = 5  # of the cache's files and indexes: a change makes every stored value stale


MAX_CACHE = 256 << 20  # the largest cache file read whole (manifests, policies, parts)


T = TypeVar("T")


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

# Written into the wheel by hatch_build.py: the code digest of the files beside it, computed when
# they were packed. An installed package changes only by being installed again (which writes it
# anew), so a run reads 41 bytes instead of hashing every file; a checkout has none and hashes.
SHIPPED_DIGEST = "code.digest"


def code_digest() -> str:
    """The digest of every file of the packages whose code builds cached values (their Python
    files and the shipped schemas, each with its path): derived from the package, never listed."""
    if not _code:
        _code.append(_shipped_digest() or files_digest(PACKAGE))
    return _code[0]


def _shipped_digest() -> str | None:
    try:
        text = (PACKAGE / SHIPPED_DIGEST).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return text if len(text) == 40 and all(c in "0123456789abcdef" for c in text) else None


def files_digest(package: Path) -> str:
    """The code digest of the package at `package`, from its files' bytes."""
    files: list[tuple[str, Path]] = []
    for name in CACHED_CODE:
        pending = [package / name]
        while pending:
            with os.scandir(pending.pop()) as entries:
                for entry in entries:
                    if entry.is_dir(follow_symlinks=False):
                        if entry.name != "__pycache__":
                            pending.append(Path(entry.path))
                    elif entry.name.endswith((".py", ".json")) and entry.is_file():
                        files.append((str(Path(entry.path).relative_to(package)), Path(entry.path)))
    files.sort()
    return digest(b"".join(rel.encode() + b"\0" + path.read_bytes() for rel, path in files))


MAX_INPUT = 16 * 1024 * 1024  # yamlio.MAX_BYTES: a larger input is refused when it is parsed


def read_input(path: Path) -> bytes:
    """The bytes of an input file that its digest covers: at most one past what is ever parsed,
    so a link to an endless file costs a bounded read (and the parser then refuses it). Only a
    regular file is read: a FIFO or a device raises OSError here (never a hang), and the loader
    that reads it next names the problem."""

    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(f"{path}: not a regular file")
        return handle.read(MAX_INPUT + 1)


def file_key(*paths: Path) -> str:
    """What a value parsed from files depends on: licheck's code and each file's path and bytes."""
    parts = [f"format {FORMAT}", f"licheck {__version__}", f"code {code_digest()}"]
    parts += [f"{path.resolve()} {digest(read_input(path))}" for path in paths]
    return "\n".join(parts)


_MAGIC = b"LICHECK\x05"  # then the crc32 of the rest, which detects damage


def cached(
    prefix: str,
    key: Callable[[], str],
    build: Callable[[], T],
    pack: Callable[[T], object],
    unpack: Callable[[Any], T],
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
    raw = cachefs.read(target, MAX_CACHE)
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
