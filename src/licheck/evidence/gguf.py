"""The key-value header of a GGUF file (llama.cpp's format), and nothing else.

Layout (little-endian): magic b"GGUF", uint32 version (2 or 3), uint64 tensor_count, uint64
kv_count, then kv_count pairs of (gguf string key, uint32 type, value). A gguf string is a uint64
length and that many UTF-8 bytes. Values this module does not need, huge token arrays included,
are skipped by seeking, never read into memory; tensor data is never touched. Every length and
count is checked against the caps and the file's size first, so a truncated or hostile header is a
clear InputError, bounded in time and memory.
"""

from __future__ import annotations

import os
import re
import struct
from pathlib import Path
from typing import BinaryIO

from licheck.core.errors import InputError, Problem
from licheck.evidence._io import open_regular
from licheck.evidence.types import Declared, Fact, RawField, Source

MAGIC = b"GGUF"
VERSIONS = (2, 3)
MAX_KV = 65_536
MAX_KEY = 4_096
MAX_VALUE = 65_536  # a kept string value; longer ones are skipped
MAX_STRINGS = 4_000_000  # string array entries walked over the whole header (a vocabulary is < 300k)
MAX_DEPTH = 3  # arrays of arrays

# type id -> (struct format, size) for fixed-size scalars
_SCALARS = {
    0: ("<B", 1), 1: ("<b", 1), 2: ("<H", 2), 3: ("<h", 2), 4: ("<I", 4), 5: ("<i", 4),
    6: ("<f", 4), 7: ("<?", 1), 10: ("<Q", 8), 11: ("<q", 8), 12: ("<d", 8),
}  # fmt: skip
STRING, ARRAY = 8, 9
WANTED = re.compile(
    r"^general\.(license(\.name|\.link)?|name|repo_url|source\.repo_url|base_model\.count"
    r"|base_model\.\d+\.(name|organization|repo_url))$"
)
HUB_URL = re.compile(
    r"^https?://(?:www\.)?(?:huggingface\.co|hf\.co)/([A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*)/?$"
)

Value = str | int | float | bool | list["Value"] | None


class _Header:
    """A cursor over the header, checking every read against the file's size."""

    def __init__(self, handle: BinaryIO, size: int, shown: str) -> None:
        self.handle = handle
        self.size = size
        self.shown = shown
        self.strings = 0

    def fail(self, message: str) -> InputError:
        return InputError(
            [Problem(self.shown, None, f"GGUF header at byte {self.handle.tell()}: {message}")], self.shown
        )

    def read(self, count: int) -> bytes:
        data = self.handle.read(count)
        if len(data) != count:
            raise self.fail(f"truncated: wanted {count} bytes, the file ends first")
        return data

    def skip(self, count: int) -> None:
        if count > self.size - self.handle.tell():
            raise self.fail(f"truncated: a value of {count} bytes runs past the end of the file")
        self.handle.seek(count, os.SEEK_CUR)

    def u32(self) -> int:
        value: int = struct.unpack("<I", self.read(4))[0]
        return value

    def u64(self) -> int:
        value: int = struct.unpack("<Q", self.read(8))[0]
        return value

    def string(self, cap: int) -> str | None:
        """A gguf string; None (skipped) when longer than `cap`."""
        length = self.u64()
        if length > self.size - self.handle.tell():
            raise self.fail(f"a string of {length} bytes runs past the end of the file")
        if length > cap:
            self.skip(length)
            return None
        return self.read(length).decode("utf-8", errors="replace")

    def value(self, kind: int, keep: bool, depth: int = 0) -> Value:
        """A value of type `kind`: returned when `keep`, else skipped (None)."""
        if kind in _SCALARS:
            fmt, width = _SCALARS[kind]
            if not keep:
                self.skip(width)
                return None
            scalar: Value = struct.unpack(fmt, self.read(width))[0]
            return scalar
        if kind == STRING:
            text = self.string(MAX_VALUE if keep else 0)
            return text if keep else None
        if kind == ARRAY:
            if depth >= MAX_DEPTH:
                raise self.fail(f"arrays nested more than {MAX_DEPTH} deep")
            item_kind, count = self.u32(), self.u64()
            return self._array(item_kind, count, keep and count <= 64, depth)
        raise self.fail(f"unknown value type {kind}")

    def _array(self, kind: int, count: int, keep: bool, depth: int) -> Value:
        left = self.size - self.handle.tell()
        if kind in _SCALARS:
            width = _SCALARS[kind][1]
            if count > left // width:
                raise self.fail(f"an array of {count} items runs past the end of the file")
            if not keep:
                self.skip(count * width)
                return None
        elif kind == STRING:
            if count > left // 8:
                raise self.fail(f"an array of {count} strings runs past the end of the file")
            self.strings += count
            if self.strings > MAX_STRINGS:
                raise self.fail(f"more than {MAX_STRINGS} strings in arrays; not a header licheck reads")
            if not keep:
                self._skip_strings(count)
                return None
        elif kind == ARRAY:
            if count > left // 12:
                raise self.fail(f"an array of {count} arrays runs past the end of the file")
        else:
            raise self.fail(f"unknown array item type {kind}")
        items = [self.value(kind, keep, depth + 1) for _ in range(count)]
        return items if keep else None

    def _skip_strings(self, count: int) -> None:
        """Walk over `count` gguf strings in 1 MiB blocks, reading only their lengths."""
        block, at = b"", 0
        start = self.handle.tell()
        for _ in range(count):
            if at + 8 > len(block):
                start += at
                self.handle.seek(start)
                block, at = self.handle.read(1 << 20), 0
                if len(block) < 8:
                    raise self.fail("truncated inside an array of strings")
            (length,) = struct.unpack_from("<Q", block, at)
            at += 8
            if length > self.size - (start + at):
                raise self.fail(f"a string of {length} bytes runs past the end of the file")
            at += length
        self.handle.seek(start + at)


def read_header(path: Path, shown: str | None = None, within: Path | None = None) -> dict[str, Value]:
    """The general.* keys licheck needs from a GGUF header, as found."""
    shown = shown or str(path)
    with open_regular(path, shown, within) as handle:
        size = os.fstat(handle.fileno()).st_size
        header = _Header(handle, size, shown)
        if size < 24:
            raise header.fail(f"truncated: {size} bytes is less than a GGUF header")
        magic = header.read(4)
        if magic != MAGIC:
            raise InputError(
                [Problem(shown, None, f"not a GGUF file (starts with {magic!r}, not b'GGUF')")], shown
            )
        raw_version = header.read(4)
        version = struct.unpack("<I", raw_version)[0]
        if version not in VERSIONS:
            if struct.unpack(">I", raw_version)[0] in VERSIONS:
                raise header.fail("a big-endian GGUF file; licheck reads little-endian ones only")
            raise header.fail(
                f"GGUF version {version} is not supported (only {', '.join(map(str, VERSIONS))})"
            )
        header.u64()  # tensor_count: the tensors are never read
        kv_count = header.u64()
        if kv_count > MAX_KV:
            raise header.fail(f"{kv_count} key-value pairs is more than the {MAX_KV} licheck reads")
        found: dict[str, Value] = {}
        for _ in range(kv_count):
            key = header.string(MAX_KEY)
            if key is None:
                raise header.fail(f"a key longer than {MAX_KEY} bytes")
            kind = header.u32()
            wanted = bool(WANTED.match(key))
            value = header.value(kind, wanted)
            if wanted and value is not None:
                found[key] = value
        return found


def hub_id(url: str) -> str | None:
    """https://huggingface.co/ORG/NAME -> ORG/NAME; None for other addresses."""
    match = HUB_URL.match(url.strip())
    return match.group(1) if match else None


def read_gguf(
    path: Path, shown: str | None = None, within: Path | None = None, revision: str | None = None
) -> Declared:
    """What a GGUF header declares: license, name, own repo, the source it was converted from and
    the base models it was built on."""
    shown = shown or str(path)
    header = read_header(path, shown, within)

    def facts(key: str, value: Value | None = None) -> tuple[Fact, ...]:
        value = header.get(key) if value is None else value
        items = value if isinstance(value, list) else [value]
        source = Source(shown, key, None, revision)
        return tuple(Fact(item.strip(), source) for item in items if isinstance(item, str) and item.strip())

    bases: list[Fact] = []
    count = header.get("general.base_model.count")
    for i in range(min(count, 64) if isinstance(count, int) else 0):
        url = header.get(f"general.base_model.{i}.repo_url")
        repo = hub_id(url) if isinstance(url, str) else None
        if repo is not None:
            bases.append(Fact(repo, Source(shown, f"general.base_model.{i}.repo_url", None, revision)))
        else:
            bases.extend(facts(f"general.base_model.{i}.name"))
    relation: tuple[Fact, ...] = ()
    source_url = header.get("general.source.repo_url")
    source_repo = hub_id(source_url) if isinstance(source_url, str) else None
    if source_repo is not None:  # converted from that repo: the same weights, quantized
        here = Source(shown, "general.source.repo_url", None, revision)
        bases.append(Fact(source_repo, here))
        relation = (Fact("quantized", here),)
    own_url = header.get("general.repo_url")
    own = hub_id(own_url) if isinstance(own_url, str) else None
    return Declared(
        license=facts("general.license"),
        license_name=facts("general.license.name"),
        license_link=facts("general.license.link"),
        base_models=tuple(bases),
        relation=relation,
        repo_id=(Fact(own, Source(shown, "general.repo_url", None, revision)),) if own else (),
        name=facts("general.name"),
        raw=tuple(RawField(key, value, Source(shown, key, None, revision)) for key, value in header.items()),
    )
