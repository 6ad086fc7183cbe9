"""Raw GGUF and safetensors headers, byte by byte, for the cases a well-behaved writer never makes
(a key twice, ten million nested arrays, a 32 MiB header): gguf.GGUFWriter refuses them."""

from __future__ import annotations

import json
import struct
from collections.abc import Sequence
from pathlib import Path

GGUF_UINT32, GGUF_STRING, GGUF_ARRAY = 4, 8, 9

GgufValue = str | int | list[str] | bytes  # bytes: a type and value already encoded


def gguf_string(text: str | bytes) -> bytes:
    raw = text.encode() if isinstance(text, str) else text
    return struct.pack("<Q", len(raw)) + raw


def gguf_value(value: GgufValue) -> bytes:
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return struct.pack("<I", GGUF_STRING) + gguf_string(value)
    if isinstance(value, int):
        return struct.pack("<II", GGUF_UINT32, value)
    items = b"".join(gguf_string(item) for item in value)
    return struct.pack("<IIQ", GGUF_ARRAY, GGUF_STRING, len(value)) + items


def gguf_bytes(pairs: Sequence[tuple[str, GgufValue]], count: int | None = None, version: int = 3) -> bytes:
    """A GGUF header of these key-value pairs (in order, duplicates kept), and no tensors."""
    head = b"GGUF" + struct.pack("<IQQ", version, 0, len(pairs) if count is None else count)
    return head + b"".join(gguf_string(key) + gguf_value(value) for key, value in pairs)


def write_gguf(path: Path, pairs: Sequence[tuple[str, GgufValue]]) -> Path:
    path.write_bytes(gguf_bytes(pairs))
    return path


def sparse_gguf(path: Path, key: str, kind: int, count: int, item_size: int) -> Path:
    """One key holding an array of `count` items of `kind` whose bytes are all zero (empty arrays
    of uint8, empty strings): written as a sparse file, so 10 million items cost no disk."""
    head = gguf_bytes([(key, struct.pack("<IIQ", GGUF_ARRAY, kind, count))])
    path.write_bytes(head)
    with path.open("r+b") as handle:
        handle.truncate(len(head) + count * item_size)
    return path


def safetensors_bytes(header: bytes | str | dict[str, object]) -> bytes:
    raw = (
        header
        if isinstance(header, bytes)
        else (header if isinstance(header, str) else json.dumps(header)).encode()
    )
    return struct.pack("<Q", len(raw)) + raw


def big_safetensors_header(size: int, metadata: dict[str, str]) -> bytes:
    """A header of `size` bytes: tensor entries as real shards have them, the metadata last."""
    parts, total, i = [], 0, 0
    meta = '"__metadata__":' + json.dumps(metadata)
    while total < size - len(meta) - 200:
        entry = f'"model.layers.{i}.mlp.up_proj.weight":{{"dtype":"BF16","shape":[14336,4096],"data_offsets":[{i},{i + 1}]}}'
        parts.append(entry)
        total += len(entry) + 1
        i += 1
    raw = ("{" + ",".join([*parts, meta]) + "}").encode()
    return raw + b" " * (size - len(raw))
