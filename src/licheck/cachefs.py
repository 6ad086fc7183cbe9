"""The cache folder, trusted only as far as it is the user's own.

The folder is created 0700. A file in it is read only when it is a regular file (never a FIFO,
a device or a symbolic link: those are skipped, not opened), owned by the current user, writable
by no one else and not larger than the caller's bound; anything else is ignored and rebuilt.
Writes go to a temporary file renamed into place, so concurrent builders never see half a file.
"""

from __future__ import annotations

import mmap
import os
import stat
import sys
from collections.abc import Iterable
from pathlib import Path

_FLAGS = (
    os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
)
KEEP_RULES = 8  # rules indexes kept (one per rules state); older ones are removed
KEEP_FILES = 4096  # other cache files (per-file parts, manifests, policies)
KEEP_BYTES = 1 << 30  # and no more than this in all


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


def folder(create: bool = False) -> Path | None:
    """The cache folder when it is ours (created 0700 if asked), else None: no cache at all."""
    path = cache_dir()
    try:
        if create:
            path.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = path.stat()
    except OSError:
        return None
    return path if stat.S_ISDIR(info.st_mode) and _ours(info) else None


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
    """Write a cache file atomically (a temporary file, renamed into place); False when it failed."""
    import tempfile

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
    """Mark a cache file as just used (its mtime), so that pruning keeps it."""
    try:
        os.utime(path)
    except OSError:
        return


def prune(where: Path, keep: frozenset[str] = frozenset()) -> None:
    """Keep the cache bounded: at most KEEP_RULES rules indexes, KEEP_FILES other files and
    KEEP_BYTES in all, the least recently used (by mtime, see touch) removed first; temporary
    files of a crashed writer go too. The files named in `keep` (the parts the index just
    written points into) stay and count first."""
    import time

    try:
        entries = [(entry, entry.stat(follow_symlinks=False)) for entry in os.scandir(where)]
    except OSError:
        return
    hour_ago = time.time() - 3600
    doomed = [e for e, info in entries if e.name.endswith(".tmp") and info.st_mtime < hour_ago]
    kept = [(e, info) for e, info in entries if not e.name.startswith(".")]
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
            doomed.append(entry)
        else:
            total += info.st_size
    for entry in doomed:
        try:
            os.unlink(entry.path)
        except OSError:
            continue  # another process removed it first, or it is not ours to remove
