"""The JSON header of a .safetensors file (uint64 little-endian length, then JSON), and its
`__metadata__`: free-form text pairs. A license found there is a weak hint, reported as found."""

from __future__ import annotations

import json
import os
import struct
from pathlib import Path

from licheck.core.errors import InputError, Problem
from licheck.evidence._io import open_regular
from licheck.evidence.types import Declared, Fact, RawField, Source

MAX_HEADER = 32 * 1024 * 1024  # the format allows 100 MB; real shards have far smaller headers
LICENSE_KEYS = ("modelspec.license", "license")
NAME_KEYS = ("modelspec.title", "name")


def read_metadata(path: Path, shown: str | None = None, within: Path | None = None) -> dict[str, str]:
    """The `__metadata__` of a safetensors header (empty when it has none)."""
    shown = shown or str(path)

    def fail(message: str) -> InputError:
        return InputError([Problem(shown, None, f"safetensors header: {message}")], shown)

    with open_regular(path, shown, within) as handle:
        size = os.fstat(handle.fileno()).st_size
        head = handle.read(8)
        if len(head) < 8:
            raise fail("truncated: the file is shorter than the 8-byte header length")
        (length,) = struct.unpack("<Q", head)
        if length > size - 8:
            raise fail(f"a header of {length} bytes runs past the end of the file")
        if length > MAX_HEADER:
            raise fail(
                f"a header of {length} bytes is larger than the {MAX_HEADER // (1024 * 1024)} MiB licheck reads"
            )
        raw = handle.read(length)
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        raise fail(f"not valid JSON ({type(error).__name__})") from None
    if not isinstance(data, dict):
        raise fail("not a JSON object")
    metadata = data.get("__metadata__", {})
    if not isinstance(metadata, dict):
        raise fail("__metadata__ is not an object")
    return {str(k): v for k, v in metadata.items() if isinstance(v, str)}


def read_safetensors(
    path: Path, shown: str | None = None, within: Path | None = None, revision: str | None = None
) -> Declared:
    shown = shown or str(path)
    metadata = read_metadata(path, shown, within)

    def facts(keys: tuple[str, ...]) -> tuple[Fact, ...]:
        return tuple(
            Fact(metadata[key].strip(), Source(shown, f"__metadata__.{key}", None, revision))
            for key in keys
            if metadata.get(key, "").strip()
        )

    raw = tuple(
        RawField(f"__metadata__.{key}", value[:4096], Source(shown, f"__metadata__.{key}", None, revision))
        for key, value in list(metadata.items())[:256]
    )
    return Declared(license=facts(LICENSE_KEYS), name=facts(NAME_KEYS), raw=raw)
