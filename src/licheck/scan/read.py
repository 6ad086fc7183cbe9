"""Reading one file for the scan: only a regular file, never waiting on one, in any encoding, and a
notebook whatever its outputs weigh.

- The file is opened without blocking and without following a link, then checked to be a regular
  file: a FIFO or a device is named, never read.
- A byte-order mark picks the encoding (UTF-8, UTF-16, UTF-32); UTF-16 without one is told by its
  NUL bytes; a file with NUL bytes otherwise is binary. Text that is not UTF-8 is read as Latin-1.
- A notebook over the size cap is read through a memory map with its outputs left out (a plot in
  base64 weighs megabytes, the code a few kilobytes); line numbers are kept. Only its sources
  count against the cap.
"""

from __future__ import annotations

import codecs
import mmap
import os
import re
import stat
from typing import NamedTuple

_BLOCK = 1 << 16
_BOMS = (  # longest first: the UTF-32 LE mark begins with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_BOM_STARTS = frozenset(bom[:1] for bom, _ in _BOMS)
_OUTPUTS = re.compile(rb'"outputs"\s*:\s*\[')
# a JSON string (unrolled: linear), a bracket, or a run of anything else
_TOKEN = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]]|[^"\[\]]+')


_KINDS = (
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISDIR, "a folder"),
)
_FLAGS = (
    os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
)


class Skip(NamedTuple):
    why: str


def kind_of(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def read_small(path: str, cap: int) -> bytes | str:
    """The bytes of a small regular file, or why they were not read. Opened without blocking (a
    FIFO is never waited on) and without following a link; read at most `cap` bytes."""
    try:
        fd = os.open(path, _FLAGS)
    except OSError as error:
        return f"unreadable: {error.strerror or error}"
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return f"not a regular file ({kind_of(info.st_mode)})"
        if info.st_size > cap:
            return f"larger than {cap} bytes"
        return os.read(fd, cap + 1)[:cap]
    except OSError as error:
        return f"unreadable: {error.strerror or error}"
    finally:
        os.close(fd)


def read_text(path: str, max_bytes: int, notebook: bool = False) -> str | Skip:
    """The text of the file at `path`, or why it was not read."""
    try:
        fd = os.open(path, _FLAGS)
    except OSError as error:
        return Skip(f"unreadable: {error.strerror or error}")
    try:
        data = _read(fd, max_bytes, notebook)
    except OSError as error:
        return Skip(f"unreadable: {error.strerror or error}")
    finally:
        os.close(fd)
    return data if isinstance(data, Skip) else decode(data)


def _read(fd: int, max_bytes: int, notebook: bool) -> bytes | Skip:
    data = os.read(fd, _BLOCK)  # most files: one read (a short read of a regular file is its end)
    if 0 < len(data) < _BLOCK and len(data) <= max_bytes:
        return data  # the walk saw a regular file; were it swapped for a device, this read is bounded
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        return Skip(f"not a regular file ({kind_of(info.st_mode)})")
    if len(data) < _BLOCK and len(data) <= max_bytes:
        return data
    if max(info.st_size, len(data)) > max_bytes:
        return (
            _without_outputs(fd, info.st_size, max_bytes)
            if notebook
            else Skip(f"larger than {max_bytes} bytes")
        )
    parts = [data]
    while (size := sum(map(len, parts))) <= max_bytes and (more := os.read(fd, max_bytes + 1 - size)):
        parts.append(more)
    data = b"".join(parts)
    return Skip(f"larger than {max_bytes} bytes") if len(data) > max_bytes else data


def decode(data: bytes) -> str | Skip:
    """Text from bytes: by a byte-order mark, as UTF-16 when NUL bytes say so, else UTF-8 or
    Latin-1; binary (a Skip) when NUL bytes are found otherwise."""
    if data[:1] in _BOM_STARTS:
        for bom, codec in _BOMS:
            if data.startswith(bom):
                return data[len(bom) :].decode(codec, "replace")
    if data.find(b"\0", 0, 8192) >= 0:
        wide = _utf16(data[:8192])
        return Skip("binary") if wide is None else data.decode(wide, "replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")  # never fails; names are ASCII anyway


def _utf16(head: bytes) -> str | None:
    """UTF-16 without a byte-order mark: ASCII text has a NUL in every other byte, on one side."""
    pairs = len(head) // 2
    if pairs < 2:
        return None
    even, odd = head[0 : pairs * 2 : 2].count(0), head[1 : pairs * 2 : 2].count(0)
    if odd >= 0.6 * pairs and even <= 0.05 * pairs:
        return "utf-16-le"
    if even >= 0.6 * pairs and odd <= 0.05 * pairs:
        return "utf-16-be"
    return None


def _without_outputs(fd: int, size: int, max_bytes: int) -> bytes | Skip:
    """A notebook's bytes with each cell's outputs emptied (their line breaks kept, so that lines
    stay where they are on disk), when what is left fits the cap."""
    kept: list[bytes] = []
    total, at = 0, 0
    with mmap.mmap(fd, 0, access=mmap.ACCESS_READ) as mapped:
        for m in _OUTPUTS.finditer(mapped):
            if m.start() < at:
                continue  # "outputs" inside outputs already left out
            end, lines = _array_end(mapped, m.end())
            if end < 0:
                return Skip(f"larger than {max_bytes} bytes, and its outputs do not parse")
            piece = mapped[at : m.end()] + b"\n" * lines
            total += len(piece)
            if total > max_bytes:
                return Skip(f"larger than {max_bytes} bytes without its outputs")
            kept.append(piece)
            at = end  # the closing ]
        rest = size - at
        if total + rest > max_bytes:
            return Skip(f"larger than {max_bytes} bytes without its outputs")
        kept.append(mapped[at:size])
    return b"".join(kept)


def _array_end(data: mmap.mmap, start: int) -> tuple[int, int]:
    """Where the JSON array opened just before `start` closes (the offset of its `]`) and the line
    breaks inside it; (-1, 0) when it does not close."""
    depth, lines = 1, 0
    for token in _TOKEN.finditer(data, start):
        piece = token.group()
        if piece == b"[":
            depth += 1
        elif piece == b"]":
            depth -= 1
            if not depth:
                return token.start(), lines
        elif piece[:1] != b'"':
            lines += piece.count(b"\n")  # a JSON string holds no raw line break
    return -1, 0
