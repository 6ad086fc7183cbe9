"""The cache folder: one licheck made and marked as its own, trusted only as far as it is the user's.

licheck creates the folder 0700 and marks it with a `CACHEDIR.TAG` (the Cache Directory Tagging
convention) that names licheck. An existing folder is used only when it is a real folder (never a
symbolic link: another user's `licheck -> victim` link is refused, not followed), owned by the
current user, writable by no one else, and either marked by licheck, empty, or holding nothing but
files named as licheck names its own (a cache from before the mark). A folder that holds anything
else is refused with one warning and left untouched: licheck then runs without a cache.

Inside it, licheck writes, touches and removes only files named as its own (`rules-*.index`,
`part-*.index`, `NAME-*.cache` and their temporary files), only regular files of the user, and
removes through a descriptor of the folder opened without following links. A file in it is read
only when it is a regular file (never a FIFO, a device or a symbolic link: those are skipped, not
opened), owned by the current user, writable by no one else and not larger than the caller's bound.
Writes go to a temporary file renamed into place, so concurrent builders never see half a file.
"""

from __future__ import annotations

import mmap
import os
import re
import stat
import sys
import time
from collections.abc import Iterable
from pathlib import Path

_FLAGS = (
    os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
)
_DIR_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_DIRECTORY", 0)
KEEP_RULES = 8  # rules indexes kept (one per rules state); older ones are removed
KEEP_FILES = 4096  # other cache files (per-file parts, manifests, policies)
KEEP_BYTES = 1 << 30  # and no more than this in all

MARK = "CACHEDIR.TAG"
_SIGNATURE = "Signature: 8a477f597d28d172789f06886806bc55"  # bford.info/cachedir: backup tools skip it
_MARK_TEXT = (
    f"{_SIGNATURE}\n"
    "# This folder is the cache of licheck (licheck-cache).\n"
    "# licheck writes and removes only its own files here; you may delete the whole folder.\n"
)
_OWN = r"(?:rules|part)-[0-9a-f]{32}\.index|[a-z][a-z0-9]*-[0-9a-f]{32}\.cache"
OWN_NAME = re.compile(rf"(?:{_OWN})\Z")
_OWN_TEMP = re.compile(rf"\.(?:{_OWN})\.[A-Za-z0-9_]+\.tmp\Z")  # tempfile.mkstemp's, in write()

_refused: set[str] = set()  # folders refused in this process: the warning is said once


def warn(message: str) -> None:
    """One line on stderr: a cache problem only costs time, so it is never an error."""
    sys.stderr.write(f"licheck: warning: {message}\n")


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


def _ours(info: os.stat_result) -> bool:
    """Owned by this user and writable by no one else (where the platform has owners)."""
    if not hasattr(os, "getuid"):
        return True
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def is_own_name(name: str) -> bool:
    """Whether a file name is one licheck gives its cache files (or their temporary files)."""
    return bool(OWN_NAME.match(name) or _OWN_TEMP.match(name))


def folder(create: bool = False) -> Path | None:
    """The cache folder when it is licheck's (created and marked if asked), else None: no cache.

    A folder that is there but not licheck's is refused with one warning per process."""
    path = cache_dir()
    if str(path) in _refused:
        return None
    claimed, refusal = _claim(path, create)
    if refusal is not None:
        _refused.add(str(path))
        warn(f"not using the cache folder {path}: {refusal}; nothing in it is read, written or removed")
    return claimed


def _claim(path: Path, create: bool) -> tuple[Path | None, str | None]:
    """(the folder, None) when it is licheck's; (None, why) when something else is there."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        if not create:
            return None, None
        return _create(path)
    except OSError:
        return None, None
    if stat.S_ISLNK(info.st_mode):
        return None, "it is a symbolic link, which licheck does not follow"
    if not stat.S_ISDIR(info.st_mode):
        return None, "it is not a folder"
    if not _ours(info):
        return None, "it is not a folder of yours that only you can write"
    return _adopt(path)


def _create(path: Path) -> tuple[Path | None, str | None]:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        os.mkdir(path, 0o700)
    except FileExistsError:  # another licheck made it first: check it as any existing folder
        return _claim(path, create=False)
    except OSError:
        return None, None  # cannot be made (a file in the way, no permission): run without a cache
    return (path, None) if _mark(path) else (None, None)


def _adopt(path: Path) -> tuple[Path | None, str | None]:
    """An existing folder of the user's: licheck's when marked, or when nothing in it is foreign."""
    try:
        fd = os.open(path, _DIR_FLAGS)
    except OSError:
        return None, "it cannot be opened"
    try:
        if _marked(fd):
            return path, None
        with os.scandir(fd) as entries:
            foreign = sorted(e.name for e in entries if not (is_own_name(e.name) and _regular(e)))
    except OSError:
        return None, "it cannot be read"
    finally:
        os.close(fd)
    if foreign:
        shown = ", ".join(repr(name) for name in foreign[:3]) + (", ..." if len(foreign) > 3 else "")
        return None, (
            f"it holds files licheck did not write ({shown}) and no {MARK} of licheck's; point "
            "LICHECK_CACHE_DIR at a new or empty folder, or set LICHECK_NO_CACHE=1"
        )
    return (path, None) if _mark(path) else (None, None)


def _regular(entry: os.DirEntry[str]) -> bool:
    try:
        info = entry.stat(follow_symlinks=False)
    except OSError:
        return False
    return stat.S_ISREG(info.st_mode) and _ours(info)


def _marked(fd: int) -> bool:
    """Whether the folder open at `fd` holds licheck's CACHEDIR.TAG (a regular file, not a link)."""
    try:
        mark = os.open(MARK, _FLAGS, dir_fd=fd)
    except OSError:
        return False
    try:
        info = os.fstat(mark)
        if not (stat.S_ISREG(info.st_mode) and _ours(info)):
            return False
        text = os.read(mark, 512).decode("utf-8", "replace")
    except OSError:
        return False
    finally:
        os.close(mark)
    return text.startswith(_SIGNATURE) and "licheck-cache" in text


def _mark(path: Path) -> bool:
    """Write licheck's CACHEDIR.TAG into a folder it has just made or adopted."""
    try:
        fd = os.open(path / MARK, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    except FileExistsError:
        try:
            dir_fd = os.open(path, _DIR_FLAGS)
        except OSError:
            return False
        try:
            return _marked(dir_fd)  # another licheck wrote it first
        finally:
            os.close(dir_fd)
    except OSError:
        return False
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(_MARK_TEXT)
    return True


def _open(path: Path, limit: int, owned: bool) -> tuple[int, int] | None:
    """A descriptor and size for a regular file we may trust; None (nothing opened) otherwise."""
    try:
        fd = os.open(path, _FLAGS)  # O_NOFOLLOW: a link fails here; O_NONBLOCK: a FIFO cannot block
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if stat.S_ISREG(info.st_mode) and info.st_size <= limit and (_ours(info) or not owned):
            return fd, info.st_size
    except OSError:
        pass
    os.close(fd)
    return None


def read(path: Path, limit: int) -> bytes | None:
    """The bytes of a trusted cache file of at most `limit` bytes, or None."""
    opened = _open(path, limit, owned=True)
    if opened is None:
        return None
    fd, size = opened
    try:
        chunks = []
        while size > 0 and (chunk := os.read(fd, size)):
            chunks.append(chunk)
            size -= len(chunk)
        return b"".join(chunks)
    except OSError:
        return None
    finally:
        os.close(fd)


def map_file(path: Path, limit: int, owned: bool = True) -> mmap.mmap | None:
    """A read-only memory map of a trusted file (a cache's, or with owned=False an installed one)."""
    opened = _open(path, limit, owned)
    if opened is None:
        return None
    fd, size = opened
    try:
        return mmap.mmap(fd, size, access=mmap.ACCESS_READ) if size else None
    except (OSError, ValueError):
        return None
    finally:
        os.close(fd)


def exists_untrusted(path: Path) -> bool:
    """Whether something is at `path` that `read` would refuse (worth a warning)."""
    try:
        info = path.lstat()
    except OSError:
        return False
    return not (stat.S_ISREG(info.st_mode) and _ours(info))


def write(target: Path, chunks: Iterable[bytes]) -> bool:
    """Write a cache file atomically (a temporary file, renamed into place); False when it failed.
    Only a name licheck gives its own files is written."""
    import tempfile

    if not OWN_NAME.match(target.name):
        return False

    try:
        fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError:
        return False
    try:
        with os.fdopen(fd, "wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
        os.replace(temp, target)
        return True
    except OSError:
        Path(temp).unlink(missing_ok=True)
        return False


def touch(path: Path) -> None:
    """Mark a cache file as just used (its mtime), so that pruning keeps it: only a regular file of
    the user's with one of licheck's names, never through a link."""
    try:
        info = os.lstat(path)
        if OWN_NAME.match(path.name) and stat.S_ISREG(info.st_mode) and _ours(info):
            os.utime(path, follow_symlinks=False)
    except (OSError, NotImplementedError):
        return


def remove(path: Path) -> None:
    """Remove one of licheck's cache files (a damaged index): only a regular file of the user's
    with one of licheck's names, never what a link points to."""
    try:
        info = os.lstat(path)
        if OWN_NAME.match(path.name) and stat.S_ISREG(info.st_mode) and _ours(info):
            os.unlink(path)
    except OSError:
        return


def prune(where: Path, keep: frozenset[str] = frozenset()) -> None:
    """Keep the cache bounded: at most KEEP_RULES rules indexes, KEEP_FILES other files and
    KEEP_BYTES in all, the least recently used (by mtime, see touch) removed first; temporary
    files of a crashed writer go too. The files named in `keep` (the parts the index just
    written points into) stay and count first.

    Only in a folder marked as licheck's, opened without following a link; only regular files of
    the user's that carry one of licheck's names are counted or removed: anything else in the
    folder is not licheck's and is left alone."""

    try:
        fd = os.open(where, _DIR_FLAGS)
    except OSError:
        return
    try:
        info = os.fstat(fd)
        if not (stat.S_ISDIR(info.st_mode) and _ours(info) and _marked(fd)):
            return
        with os.scandir(fd) as scanned:
            entries = [(e, e.stat(follow_symlinks=False)) for e in scanned if is_own_name(e.name)]
        entries = [(e, i) for e, i in entries if stat.S_ISREG(i.st_mode) and _ours(i)]
        for name in _doomed(entries, keep, time.time() - 3600):
            try:
                os.unlink(name, dir_fd=fd)
            except OSError:
                continue  # another process removed it first
    except OSError:
        return
    finally:
        os.close(fd)


def _doomed(
    entries: list[tuple[os.DirEntry[str], os.stat_result]], keep: frozenset[str], hour_ago: float
) -> list[str]:
    """The names to remove: stale temporary files, then the least recently used over the bounds."""
    doomed = [e.name for e, info in entries if _OWN_TEMP.match(e.name) and info.st_mtime < hour_ago]
    kept = [(e, info) for e, info in entries if OWN_NAME.match(e.name)]
    kept.sort(key=lambda item: (item[0].name not in keep, -item[1].st_mtime))  # kept, then newest first
    total = 0
    counts = {True: 0, False: 0}  # rules indexes, other files
    for entry, info in kept:
        is_rules = entry.name.startswith("rules-")
        counts[is_rules] += 1
        over = (
            counts[is_rules] > (KEEP_RULES if is_rules else KEEP_FILES) or total + info.st_size > KEEP_BYTES
        )
        if over and entry.name not in keep:
            doomed.append(entry.name)
        else:
            total += info.st_size
    return doomed
