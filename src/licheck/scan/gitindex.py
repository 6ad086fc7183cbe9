"""What git tracks in a work tree, read from its index file (.git/index), without running git.

Reading the index ourselves costs a fraction of starting `git ls-files`, works where git is not
installed, and runs nothing the repository configures: git reads `core.fsmonitor` and other
settings of a checkout it is asked about, and a cloned repository is not to be trusted with that.

Formats 2, 3 and 4 (path compression) are read, SHA-1 and SHA-256 object names alike; a sparse
index's folder entries count as tracked folders. A split index (`core.splitIndex`), a file that
is not a regular file, one over the size cap or one that does not parse is not read: the caller
then honours .gitignore for every file, and says so.
"""

from __future__ import annotations

import os
import stat
from typing import NamedTuple

from licheck.scan.read import read_small

MAX_INDEX = 256 << 20  # bytes: an index of a million files is about 100 MB
_HEADER = 12


class Tracked(NamedTuple):
    top: str  # the work tree's top folder (a real path)
    files: frozenset[str]  # paths relative to `top`, with /
    folders: frozenset[str]  # every folder that holds a tracked file, relative to `top` ("" is the top)


class IndexError_(Exception):
    """The index exists but cannot be read: why."""


class _Refused(IndexError_):
    """An index that parses but that licheck does not read (a split index)."""


def find_git(start: str) -> tuple[str, str] | None:
    """(the work tree's top folder, its git folder) for the folder `start` is in, or None."""
    here = os.path.realpath(start)
    if not os.path.isdir(here):
        here = os.path.dirname(here)
    while True:
        dot = os.path.join(here, ".git")
        if os.path.isdir(dot) and not os.path.islink(dot):
            return here, dot
        if os.path.isfile(dot) and not os.path.islink(dot):
            gitdir = _gitdir_file(dot)
            if gitdir is not None:
                return here, gitdir
        parent = os.path.dirname(here)
        if parent == here:
            return None
        here = parent


def _gitdir_file(path: str) -> str | None:
    """The folder a `.git` file points to ("gitdir: ../.git/worktrees/x"), for worktrees and submodules."""
    data = read_small(path, 4096)
    if isinstance(data, str):
        return None
    line = data.split(b"\n", 1)[0].decode("utf-8", "replace").strip()
    if not line.startswith("gitdir:"):
        return None
    target = os.path.join(os.path.dirname(path), line[len("gitdir:") :].strip())
    return target if os.path.isdir(target) else None


def tracked(top: str, gitdir: str) -> Tracked:
    """The files the index at `gitdir` tracks. Raises IndexError_ when it cannot be read."""
    path = os.path.join(gitdir, "index")
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        return Tracked(top, frozenset(), frozenset())  # a repository with nothing added yet
    except OSError as error:
        raise IndexError_(f"unreadable: {error.strerror or error}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise IndexError_("not a regular file")
        if info.st_size > MAX_INDEX:
            raise IndexError_(f"larger than {MAX_INDEX} bytes")
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        data = b"".join(chunks)
    finally:
        os.close(fd)
    files = parse(data)
    folders = {""}
    for file in files:
        parts = file.split("/")
        folders.update("/".join(parts[:n]) for n in range(1, len(parts)))
    return Tracked(top, frozenset(files), frozenset(folders))


def parse(data: bytes) -> list[str]:
    """The paths of an index file's entries. Raises IndexError_ on anything unexpected."""
    if len(data) < _HEADER or data[:4] != b"DIRC":
        raise IndexError_("not a git index")
    version = int.from_bytes(data[4:8], "big")
    count = int.from_bytes(data[8:12], "big")
    if version not in (2, 3, 4):
        raise IndexError_(f"index version {version} is not one licheck reads")
    try:
        return _entries(data, version, count, 20)  # SHA-1
    except _Refused:
        raise
    except IndexError_ as sha1:
        try:
            return _entries(data, version, count, 32)  # SHA-256 repositories
        except _Refused:
            raise
        except IndexError_:
            raise sha1 from None


def _entries(data: bytes, version: int, count: int, hash_size: int) -> list[str]:
    paths: list[str] = []
    at, previous = _HEADER, b""
    fixed = 40 + hash_size  # ctime, mtime, dev, ino, mode, uid, gid, size, the object name
    for _ in range(count):
        start = at
        if at + fixed + 2 > len(data):
            raise IndexError_("truncated")
        flags = int.from_bytes(data[at + fixed : at + fixed + 2], "big")
        at += fixed + 2
        if version >= 3 and flags & 0x4000:
            at += 2  # extended flags
        if version == 4:
            strip, at = _varint(data, at)
            end = data.find(b"\0", at)
            if end < 0 or strip > len(previous):
                raise IndexError_("truncated")
            name = previous[: len(previous) - strip] + data[at:end]
            next_at = end + 1
        else:
            end = data.find(b"\0", at)
            if end < 0:
                raise IndexError_("truncated")
            name = data[at:end]
            next_at = start + ((end - start) // 8 + 1) * 8  # 1 to 8 NULs pad each entry to 8 bytes
        if flags & 0x0FFF < 0x0FFF and len(name) != flags & 0x0FFF:
            raise IndexError_("a name whose length is not the one recorded")
        at = next_at
        previous = name
        mode = int.from_bytes(data[start + 24 : start + 28], "big")
        paths.append(name.decode("utf-8", "surrogateescape").rstrip("/") if mode != 0o160000 else "")
    _extensions(data, at, hash_size)
    return [p for p in paths if p]


def _extensions(data: bytes, at: int, hash_size: int) -> None:
    """The extensions after the entries: refuse a split index, whose entries live in another file."""
    end = len(data) - hash_size  # the trailing checksum
    while at + 8 <= end:
        signature, size = data[at : at + 4], int.from_bytes(data[at + 4 : at + 8], "big")
        if signature == b"link":
            raise _Refused("a split index (core.splitIndex), which licheck does not read")
        at += 8 + size
    if at != end:
        raise IndexError_("truncated")


def _varint(data: bytes, at: int) -> tuple[int, int]:
    """git's offset encoding (varint.c): 7 bits a byte, each continuation adding one."""
    if at >= len(data):
        raise IndexError_("truncated")
    byte = data[at]
    value = byte & 0x7F
    at += 1
    while byte & 0x80:
        if at >= len(data) or value > 1 << 40:
            raise IndexError_("truncated")
        byte = data[at]
        value = ((value + 1) << 7) | (byte & 0x7F)
        at += 1
    return value, at
