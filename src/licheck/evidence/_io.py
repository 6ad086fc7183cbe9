"""Opening input files safely: regular files only, never a FIFO or a device, never past a cap."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import Any, BinaryIO

from licheck.core.errors import InputError, Problem


def _fail(shown: str, message: str) -> InputError:
    return InputError([Problem(shown, None, message)], shown)


def open_regular(path: Path, shown: str | None = None, within: Path | None = None) -> BinaryIO:
    """Open a regular file for binary reading. A FIFO, a device, a folder, or (with `within`) a
    file whose real path lies outside that folder is refused with an InputError."""
    shown = shown or str(path)
    if within is not None:
        real = Path(os.path.realpath(path))
        root = Path(os.path.realpath(within))
        if real != root and root not in real.parents:
            raise _fail(shown, f"links outside {within}; not followed")
    try:
        info = os.stat(path)
    except OSError as error:
        raise _fail(shown, f"cannot be read: {error.strerror or error}") from None
    if not stat.S_ISREG(info.st_mode):
        raise _fail(shown, "is not a regular file")
    try:
        # O_NONBLOCK: should a FIFO be swapped in after the check, opening it does not wait.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as error:
        raise _fail(shown, f"cannot be read: {error.strerror or error}") from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise _fail(shown, "is not a regular file")
    return os.fdopen(fd, "rb")


def read_head(
    path: Path, limit: int, shown: str | None = None, within: Path | None = None
) -> tuple[bytes, bool]:
    """The first `limit` bytes of a regular file, and whether the file is longer than that."""
    with open_regular(path, shown, within) as handle:
        try:
            data = handle.read(limit + 1)
        except OSError as error:
            raise _fail(shown or str(path), f"cannot be read: {error.strerror or error}") from None
    return data[:limit], len(data) > limit


def read_small(path: Path, limit: int, shown: str | None = None, within: Path | None = None) -> bytes:
    """The whole of a file that must be at most `limit` bytes."""
    data, more = read_head(path, limit, shown, within)
    if more:
        raise _fail(shown or str(path), f"is larger than {limit // 1024} KiB; not read")
    return data


_SURROGATE = re.compile("[\ud800-\udfff]")


def no_surrogates(value: Any) -> Any:
    """Parsed JSON (or YAML) with every lone surrogate (`"\\ud800"` is valid JSON) made U+FFFD:
    no text licheck reads may carry one into a report, where writing it would fail."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value) if _SURROGATE.search(value) else value
    if isinstance(value, list):
        return [no_surrogates(item) for item in value]
    if isinstance(value, dict):
        return {no_surrogates(key): no_surrogates(item) for key, item in value.items()}
    return value
