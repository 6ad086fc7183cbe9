"""The JSON header of a .safetensors file (uint64 little-endian length, then JSON), and its
`__metadata__`: free-form text pairs. A license found there is a weak hint, reported as found."""

from __future__ import annotations

import json
import os
import re
import struct
from functools import cache
from pathlib import Path

from licheck.core.errors import InputError, Problem
from licheck.evidence._io import no_surrogates, open_regular
from licheck.evidence.types import Declared, Fact, RawField, Source

MAX_HEADER = 32 * 1024 * 1024  # the format allows 100 MB; real shards have far smaller headers
MAX_METADATA = 4 * 1024 * 1024  # the part that is built: a LoRA's training notes are far smaller
LICENSE_KEYS = ("modelspec.license", "license")
NAME_KEYS = ("modelspec.title", "name")

# The header's grammar, as far as a safetensors header goes: an object whose values are tensor
# entries (an object of scalars and flat lists) or `__metadata__` (an object of strings). Matched
# pair by pair with possessive quantifiers, in linear time and without building an object per
# tensor: a 32 MiB header costs its bytes, not 25 times them as json.loads would.
_WS = rb"[ \t\n\r]*+"
_STR = rb'"(?:[^"\\\x00-\x1f]++|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*+"'
_NUM = rb"-?+(?:0|[1-9][0-9]*+)(?:\.[0-9]++)?+(?:[eE][+-]?+[0-9]++)?+"
_SCALAR = rb"(?:" + _STR + rb"|" + _NUM + rb"|true|false|null)"
_LIST = rb"\[" + _WS + rb"(?:" + _SCALAR + _WS + rb"(?:," + _WS + _SCALAR + _WS + rb")*+)?+\]"
_FLAT = rb"(?:" + _SCALAR + rb"|" + _LIST + rb")"
_MEMBER = _STR + _WS + rb":" + _WS + _FLAT + _WS
_OBJECT = rb"\{" + _WS + rb"(?:" + _MEMBER + rb"(?:," + _WS + _MEMBER + rb")*+)?+\}"
_VALUE = rb"(?:" + _FLAT + rb"|" + _OBJECT + rb")"
_PAIR = _WS + rb"(?P<key>" + _STR + rb")" + _WS + rb":" + _WS + rb"(?P<value>" + _VALUE + rb")" + _WS
# a run of pairs that cannot be the metadata (a key without escapes, not "__metadata__"), each
# followed by a comma: the tensors, passed over in one call
_PLAIN_KEY = rb'(?!"__metadata__")"[^"\\\x00-\x1f]*+"'
_RUN = rb"(?:" + _WS + _PLAIN_KEY + _WS + rb":" + _WS + _VALUE + _WS + rb",)*+"
_METADATA = b'"__metadata__"'


def _fail(shown: str, message: str) -> InputError:
    return InputError([Problem(shown, None, f"safetensors header: {message}")], shown)


@cache
def _compiled(pattern: bytes) -> re.Pattern[bytes]:
    """The expressions, compiled when a safetensors file is first read (4 ms): not by every
    `inspect` that reads none (a GGUF, a cache of cards)."""
    return re.compile(pattern)


def parse_header(raw: bytes, shown: str) -> dict[str, str]:
    """The `__metadata__` strings of a header's bytes; the rest is checked, never built."""
    start = re.match(_WS + rb"\{" + _WS, raw)
    if start is None:
        raise _fail(shown, "not a JSON object")
    pos, found = start.end(), None
    if raw[pos : pos + 1] == b"}":  # no tensors at all
        pos += 1
    else:
        while True:
            run = _compiled(_RUN).match(raw, pos)
            pos = run.end() if run else pos
            pair = _compiled(_PAIR).match(raw, pos)
            if pair is None:
                raise _fail(
                    shown, f"not valid JSON, or nested deeper than a tensor's entry, at byte {pos + 8}"
                )
            key = pair.group("key")
            if key == _METADATA or (b"\\" in key and _text(key, shown) == "__metadata__"):
                if found is not None:
                    raise _fail(shown, "__metadata__ appears twice; licheck will not pick one")
                found = pair.group("value")
            pos = pair.end() + 1
            after = raw[pair.end() : pos]
            if after == b"}":
                break
            if after != b",":
                raise _fail(shown, f"not valid JSON at byte {pair.end() + 8}")
    if raw[pos:].strip(b" \t\n\r"):
        raise _fail(shown, f"not valid JSON: more after the header's object at byte {pos + 8}")
    return _metadata(found, shown)


def _text(key: bytes, shown: str) -> str:
    """A key spelt with escapes, as JSON reads it (`\\u005f_metadata__` is `__metadata__`)."""
    try:
        text: str = json.loads(key.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise _fail(shown, "a key is not valid JSON text (UTF-8, escapes)") from None
    return text


def _metadata(raw: bytes | None, shown: str) -> dict[str, str]:
    if raw is None:
        return {}
    if not raw.startswith(b"{"):
        raise _fail(shown, "__metadata__ is not an object")
    if len(raw) > MAX_METADATA:
        raise _fail(
            shown,
            f"__metadata__ of {len(raw)} bytes is larger than the {MAX_METADATA >> 20} MiB licheck reads",
        )
    try:
        metadata = no_surrogates(json.loads(raw.decode("utf-8"), object_pairs_hook=_unique))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise _fail(shown, f"__metadata__ is not valid JSON ({type(error).__name__})") from None
    except KeyError as error:
        raise _fail(shown, f"__metadata__ names {error.args[0]!r} twice; licheck will not pick one") from None
    if not isinstance(metadata, dict):
        raise _fail(shown, "__metadata__ is not an object")
    for key, value in metadata.items():
        if key.strip().lower() in LICENSE_KEYS and not isinstance(value, str):  # never skipped unread
            raise _fail(shown, f"__metadata__ {key!r} is not a string")
    return {str(k): v for k, v in metadata.items() if isinstance(v, str)}


def _unique(pairs: list[tuple[str, object]]) -> dict[str, object]:
    found: dict[str, object] = {}
    for key, value in pairs:
        if key in found:
            raise KeyError(key)
        found[key] = value
    return found


def header_length(path: Path, within: Path | None = None) -> int:
    """The length a safetensors file gives its header (0 when it cannot be read: reading it then
    says why)."""
    try:
        with open_regular(path, str(path), within) as handle:
            head = handle.read(8)
    except (InputError, OSError):
        return 0
    return int(struct.unpack("<Q", head)[0]) if len(head) == 8 else 0


def read_metadata(path: Path, shown: str | None = None, within: Path | None = None) -> dict[str, str]:
    """The `__metadata__` of a safetensors header (empty when it has none)."""
    shown = shown or str(path)
    with open_regular(path, shown, within) as handle:
        size = os.fstat(handle.fileno()).st_size
        head = handle.read(8)
        if len(head) < 8:
            raise _fail(shown, "truncated: the file is shorter than the 8-byte header length")
        (length,) = struct.unpack("<Q", head)
        if length > size - 8:
            raise _fail(shown, f"a header of {length} bytes runs past the end of the file")
        if length > MAX_HEADER:
            raise _fail(
                shown,
                f"a header of {length} bytes is larger than the {MAX_HEADER // (1024 * 1024)} MiB licheck reads",
            )
        raw = handle.read(length)
    if len(raw) != length:
        raise _fail(shown, "truncated: the file ends inside its header")
    return parse_header(raw, shown)


def read_safetensors(
    path: Path, shown: str | None = None, within: Path | None = None, revision: str | None = None
) -> Declared:
    shown = shown or str(path)
    metadata = read_metadata(path, shown, within)

    def facts(keys: tuple[str, ...]) -> tuple[Fact, ...]:  # `License` is read as `license`
        return tuple(
            Fact(value.strip(), Source(shown, f"__metadata__.{key}", None, revision))
            for wanted in keys
            for key, value in metadata.items()
            if key.strip().lower() == wanted and value.strip()
        )

    raw = tuple(
        RawField(f"__metadata__.{key}", value[:4096], Source(shown, f"__metadata__.{key}", None, revision))
        for key, value in list(metadata.items())[:256]
    )
    return Declared(license=facts(LICENSE_KEYS), name=facts(NAME_KEYS), raw=raw)
