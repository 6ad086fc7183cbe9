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
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from licheck.core.errors import InputError, Problem
from licheck.core.ids import BadName, hub_repo
from licheck.evidence._io import open_regular
from licheck.evidence.types import Declared, Fact, RawField, Source

MAGIC = b"GGUF"
VERSIONS = (2, 3)
MAX_KV = 65_536
MAX_KEY = 4_096
MAX_VALUE = 65_536  # a kept string value; a longer one is refused, never skipped
MAX_ITEMS = 64  # values of a kept array
MAX_KEPT = 1 << 20  # bytes of kept values over the whole header
MAX_STRINGS = 2_000_000  # string array entries walked over the whole header (vocabulary and merges < 1M)
MAX_DEPTH = 3  # arrays of arrays
MAX_NESTED = 65_536  # arrays inside arrays, over the whole header (real headers have none)

# type id -> (struct format, size) for fixed-size scalars
_SCALARS = {
    0: ("<B", 1), 1: ("<b", 1), 2: ("<H", 2), 3: ("<h", 2), 4: ("<I", 4), 5: ("<i", 4),
    6: ("<f", 4), 7: ("<?", 1), 10: ("<Q", 8), 11: ("<q", 8), 12: ("<d", 8),
}  # fmt: skip
STRING, ARRAY = 8, 9
_LENGTH = struct.Struct("<Q")
# every key that declares a license or can name where the weights come from: the model's own
# repository, the source it was converted from, the models it was built on (the spec's keys, and
# the older general.source.huggingface.repository)
WANTED = re.compile(
    r"^general\.(license(\.name|\.link)?|name|repo_url|url|huggingface\.repository"
    r"|source\.(repo_url|url|huggingface\.repository)|base_model\.count"
    r"|base_model\.\d{1,5}\.(name|organization|repo_url|url))$"
)
SOURCE_KEYS = ("general.source.repo_url", "general.source.url", "general.source.huggingface.repository")
OWN_KEYS = ("general.repo_url", "general.url", "general.huggingface.repository")
_BASE_KEY = re.compile(r"^general\.base_model\.(\d{1,5})\.")

Value = str | int | float | bool | list["Value"] | None


class _Header:
    """A cursor over the header, checking every read against the file's size."""

    def __init__(self, handle: BinaryIO, size: int, shown: str) -> None:
        self.handle = handle
        self.size = size
        self.shown = shown
        self.strings = 0
        self.nested = 0
        self.kept_bytes = 0

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

    def kept(self, text: str | None) -> str:
        """A license or origin string, kept: never one skipped for its length, and never more
        than MAX_KEPT bytes of them in all."""
        if text is None:
            raise self.fail(f"a license or origin field longer than {MAX_VALUE} bytes")
        self.kept_bytes += len(text)
        if self.kept_bytes > MAX_KEPT:
            raise self.fail(f"more than {MAX_KEPT} bytes of license and origin fields")
        return text

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
            if not keep:
                self.string(0)
                return None
            return self.kept(self.string(MAX_VALUE))
        if kind == ARRAY:
            if depth >= MAX_DEPTH:
                raise self.fail(f"arrays nested more than {MAX_DEPTH} deep")
            item_kind, count = self.u32(), self.u64()
            if keep and count > MAX_ITEMS:  # a license or origin field is never skipped unread
                raise self.fail(
                    f"a license or origin field with {count} values (licheck reads up to {MAX_ITEMS})"
                )
            return self._array(item_kind, count, keep, depth)
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
            self.nested += count
            if self.nested > MAX_NESTED:
                raise self.fail(f"more than {MAX_NESTED} arrays inside arrays; not a header licheck reads")
        else:
            raise self.fail(f"unknown array item type {kind}")
        if not keep:
            for _ in range(count):
                self.value(kind, False, depth + 1)
            return None
        return [self.value(kind, keep, depth + 1) for _ in range(count)]

    def _skip_strings(self, count: int) -> None:
        """Walk over `count` gguf strings in 1 MiB blocks, reading only their lengths. This is the
        hot path of a header (a vocabulary of 256k tokens and as many merges): strings shorter than
        SHORT bytes are stepped over RUN at a time by one regular expression (`_runs`), with no
        Python call per string; elsewhere a loop reads a length and steps over it. A length that
        runs past the file is caught when the next block is read, or at the end."""
        unpack = _LENGTH.unpack_from
        runs = _runs()
        block, at, start, left = b"", 0, self.handle.tell(), count
        while left:
            if at + 8 > len(block):
                start += at
                if start + 8 > self.size:
                    raise self.fail("truncated inside an array of strings")
                self.handle.seek(start)
                block, at = self.handle.read(1 << 20), 0
            if left >= RUN:
                found = runs(block, at)
                if found is not None:
                    at, left = found.end(), left - RUN
                    continue
            end = len(block) - 8
            for _ in range(min(left, RUN)):  # a long string among these, or the block's end
                if at > end:
                    break
                at += 8 + unpack(block, at)[0]
                left -= 1
        if start + at > self.size:
            raise self.fail("a string runs past the end of the file")
        self.handle.seek(start + at)


SHORT = 40  # strings shorter than this (most tokens and merges) are stepped over in runs
RUN = 32  # strings a run steps over: fewer calls, against a whole run stepped by the loop for one long string
_compiled: list[Callable[[bytes, int], re.Match[bytes] | None]] = []


def _runs() -> Callable[[bytes, int], re.Match[bytes] | None]:
    """`match(block, at)` of RUN strings each shorter than SHORT: a string of length n < 256 is
    the byte n, seven zero bytes and n bytes, so one alternative per length parses it, and the
    first byte picks the only alternative that can match (the parse is the one a loop would make).
    Compiled on first use (about 2 ms), when a header has an array of strings."""
    if not _compiled:
        one = b"|".join(re.escape(bytes([n])) + b"\\x00" * 7 + b"(?s:.{%d})" % n for n in range(SHORT))
        _compiled.append(re.compile(b"(?:%s){%d}+" % (one, RUN)).match)  # possessive: no backtracking
    return _compiled[0]


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
            folded = key.strip().lower()  # `General.License` is read, and is the same key
            wanted = bool(WANTED.match(folded))
            if wanted and folded in found:  # the spec names each key once: which counts is anyone's guess
                raise header.fail(f"the key {key!r} appears twice; licheck will not pick one")
            value = header.value(kind, wanted)
            if wanted:
                found[folded] = value
        return found


def hub_id(url: str) -> str | None:
    """The ORG/NAME a Hub address names in any spelling (ids.hub_repo); None for other addresses.
    A value that cannot be a model name is kept as found, for the judge to refuse by name."""
    try:
        return hub_repo(url)
    except BadName:
        return url.strip()


def texts(value: Value | None) -> list[str]:
    """A field's strings: the one it holds, or those of its array."""
    items = value if isinstance(value, list) else [value]
    return [item for item in items if isinstance(item, str)]


def _bases(header: dict[str, Value], fact: Callable[[str, str], Fact]) -> list[Fact]:
    """One fact per declared base model (every general.base_model.N, whatever the count says):
    its Hub repository from repo_url or url, else ORGANIZATION/NAME as the converter derives them
    from the repo id ("Meta Llama" / "Llama 2 7b Hf"), else its name."""
    numbers = sorted({m.group(1) for key in header if (m := _BASE_KEY.match(key))}, key=lambda n: (int(n), n))
    found = []
    for number in numbers:  # as written: `007` and `7` are two bases, neither skipped
        prefix = f"general.base_model.{number}."
        repos = [
            (key, repo)
            for key in (prefix + "repo_url", prefix + "url")
            for url in texts(header.get(key))
            if (repo := hub_id(url))
        ]
        name, org = header.get(prefix + "name"), header.get(prefix + "organization")
        if repos:
            found += [fact(key, repo) for key, repo in repos]
        elif isinstance(name, str) and name.strip():
            if isinstance(org, str) and org.strip():  # a repo id has no spaces: the converter's are dashes
                name = f"{org.strip()}/{name.strip()}".replace(" ", "-")
            found.append(fact(prefix + "name", name.strip()))
        else:  # a base licheck cannot name (an address elsewhere, no name): unknown, never dropped
            said = [
                text.strip()
                for key in ("repo_url", "url", "organization")
                for text in texts(header.get(prefix + key))
            ]
            found.append(fact(prefix + "name", next((t for t in said if t), f"base model {number}")))
    return found


def read_gguf(
    path: Path, shown: str | None = None, within: Path | None = None, revision: str | None = None
) -> Declared:
    """What a GGUF header declares: license, name, own repo, the source it was converted from and
    the base models it was built on, each from every key that can say it."""
    shown = shown or str(path)
    header = read_header(path, shown, within)

    def fact(key: str, value: str) -> Fact:
        return Fact(value, Source(shown, key, None, revision))

    def facts(key: str) -> tuple[Fact, ...]:
        value = header.get(key)
        items = value if isinstance(value, list) else [value]
        return tuple(fact(key, item.strip()) for item in items if isinstance(item, str) and item.strip())

    def repos(keys: tuple[str, ...]) -> list[Fact]:
        return [fact(key, repo) for key in keys for url in texts(header.get(key)) if (repo := hub_id(url))]

    sources = repos(SOURCE_KEYS)  # converted from that repo: the same weights, quantized
    relation = (fact(sources[0].source.key or "", "quantized"),) if sources else ()
    return Declared(
        license=facts("general.license"),
        license_name=facts("general.license.name"),
        license_link=facts("general.license.link"),
        base_models=(*_bases(header, fact), *sources),
        relation=relation,
        repo_id=tuple(repos(OWN_KEYS)),
        name=facts("general.name"),
        raw=tuple(RawField(key, value, Source(shown, key, None, revision)) for key, value in header.items()),
    )
