"""Small text inputs (a manifest, a policy, a lock): read safely, and named as reports name them."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from licheck.core.errors import InputError, Problem


def repository_root(start: Path) -> Path | None:
    """The root of the git repository that holds `start` (the folder with .git), if any."""
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return None


def shown_name(text: str) -> str:
    """A name from the file system or the command line as reports show it: bytes that are not
    UTF-8 (handed over as lone surrogates) become U+FFFD, so no report is invalid UTF-8 or fails to
    encode."""
    if text.isprintable() or not any("\ud800" <= c <= "\udfff" for c in text):
        return text
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:  # a surrogate no undecodable byte gives
        return "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in text)


def shown_path(path: Path) -> str:
    """A path as reports show it, with / separators: relative to the repository root when the
    working folder is inside a repository that holds the path (so reports name the same files
    from any sub-folder, as code scanning expects), else relative to the working folder when
    inside it, else absolute."""
    try:
        real, here = path.resolve(), Path.cwd().resolve()
        root = repository_root(here)
        if root is not None and (real == root or root in real.parents):
            return shown_name(Path(os.path.relpath(real, root)).as_posix())
        relative = os.path.relpath(path)
        return shown_name(Path(relative).as_posix() if not relative.startswith("..") else real.as_posix())
    except (OSError, ValueError):  # another drive on Windows, a name the system refuses
        return shown_name(path.as_posix())


MAX_BYTES = 4 * 1024 * 1024


def read_text(path: Path, what: str) -> str:
    """A small text input: only a regular file, at most MAX_BYTES, UTF-8. A FIFO, a device or a
    link to one is refused, never read (it could block or never end)."""

    shown = shown_path(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise InputError([Problem(shown, None, f"cannot be read: {error.strerror or error}")], what) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise InputError([Problem(shown, None, "not a regular file")], what)
        if info.st_size > MAX_BYTES:
            raise InputError([Problem(shown, None, f"larger than {MAX_BYTES // (1024 * 1024)} MiB")], what)
        raw = os.read(fd, MAX_BYTES + 1)
    except OSError as error:
        raise InputError([Problem(shown, None, f"cannot be read: {error.strerror or error}")], what) from None
    finally:
        os.close(fd)
    if len(raw) > MAX_BYTES:
        raise InputError([Problem(shown, None, f"larger than {MAX_BYTES // (1024 * 1024)} MiB")], what)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise InputError([Problem(shown, line, "not UTF-8 text")], what) from None
