"""GGUF headers: real files written with gguf.GGUFWriter, read back beside gguf.GGUFReader; hostile
headers give a clear InputError."""

from __future__ import annotations

import struct
from pathlib import Path
from typing import Any

import pytest

from licheck.core.errors import InputError
from licheck.evidence.gguf import MAX_KV, MAX_STRINGS, hub_id, read_gguf, read_header

gguf = pytest.importorskip("gguf")


def write_gguf(path: Path, fields: dict[str, Any], tokens: int = 0) -> Path:
    writer = gguf.GGUFWriter(str(path), "llama")
    for key, value in fields.items():
        if isinstance(value, str):
            writer.add_string(key, value)
        elif isinstance(value, bool):
            writer.add_bool(key, value)
        elif isinstance(value, int):
            writer.add_uint32(key, value)
        elif isinstance(value, float):
            writer.add_float32(key, value)
        else:
            writer.add_array(key, value)
    if tokens:
        writer.add_token_list([f"token-{i}" for i in range(tokens)])
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path


FIELDS: dict[str, Any] = {
    "general.name": "Tiny Test",
    "general.license": "cc-by-nc-4.0",
    "general.license.name": "CC BY-NC 4.0",
    "general.license.link": "https://creativecommons.org/licenses/by-nc/4.0/",
    "general.repo_url": "https://huggingface.co/example/tiny-test-GGUF",
    "general.source.repo_url": "https://huggingface.co/example/tiny-test",
    "general.base_model.count": 2,
    "general.base_model.0.name": "Llama 2 7b Hf",
    "general.base_model.0.organization": "Meta Llama",
    "general.base_model.0.repo_url": "https://huggingface.co/meta-llama/Llama-2-7b-hf",
    "general.base_model.1.name": "Some Base",
    "general.tags": ["a", "b"],
    "llama.context_length": 4096,
    "general.file_type": 7,
    "tokenizer.ggml.add_bos_token": True,
    "some.float": 0.5,
}


def test_same_values_as_gguf_reader(tmp_path: Path) -> None:
    path = write_gguf(tmp_path / "m.gguf", FIELDS, tokens=100)
    reader = gguf.GGUFReader(str(path))
    mine = read_header(path)
    assert mine, "nothing was read"
    for key, value in mine.items():
        assert reader.fields[key].contents() == value, key
    wanted = {
        k for k in reader.fields if k.startswith(("general.license", "general.base_model", "general.name"))
    }
    assert wanted <= set(mine)


def test_declared_facts(tmp_path: Path) -> None:
    declared = read_gguf(write_gguf(tmp_path / "m.gguf", FIELDS))
    assert [f.value for f in declared.license] == ["cc-by-nc-4.0"]
    assert [f.value for f in declared.license_name] == ["CC BY-NC 4.0"]
    assert [f.value for f in declared.repo_id] == ["example/tiny-test-GGUF"]
    assert [f.value for f in declared.base_models] == [
        "meta-llama/Llama-2-7b-hf",
        "Some Base",
        "example/tiny-test",
    ]
    assert [f.value for f in declared.relation] == ["quantized"]
    assert declared.license[0].source.key == "general.license"


def test_a_huge_token_array_is_skipped_not_read(tmp_path: Path) -> None:
    path = write_gguf(tmp_path / "big.gguf", {"general.license": "llama2"}, tokens=150_000)
    assert path.stat().st_size > 2_000_000
    assert read_header(path) == {"general.license": "llama2"}


def test_hub_urls() -> None:
    assert hub_id("https://huggingface.co/meta-llama/Llama-2-7b-hf") == "meta-llama/Llama-2-7b-hf"
    assert hub_id("https://hf.co/org/name/") == "org/name"
    assert hub_id("https://example.com/org/name") is None
    # every spelling of a Hub address names its repository (trust round 3, class 3)
    assert hub_id("https://huggingface.co/org/name/tree/main") == "org/name"
    assert hub_id("HTTPS://HuggingFace.CO/org/name") == "org/name"
    assert hub_id("huggingface.co/org/name.git") == "org/name"
    assert hub_id("org/name") == "org/name"
    assert hub_id("github.com/org/name") is None


# ---- hostile headers, written by hand


def gguf_string(text: bytes) -> bytes:
    return struct.pack("<Q", len(text)) + text


def header(kv: bytes, count: int, version: int = 3, magic: bytes = b"GGUF") -> bytes:
    return magic + struct.pack("<IQQ", version, 0, count) + kv


LICENSE_KV = gguf_string(b"general.license") + struct.pack("<I", 8) + gguf_string(b"mit")


HOSTILE = [
    (b"", "truncated"),
    (b"GGU", "truncated"),
    (header(b"", 1)[:20], "truncated"),
    (header(LICENSE_KV[:-2], 1), "runs past the end"),  # the value is cut short
    (header(LICENSE_KV, 2), "truncated"),  # a second pair that is not there
    (b"GGML" + bytes(40), "not a GGUF file"),
    (b"\x00" * 64, "not a GGUF file"),
    (b"GGUF" + struct.pack(">IQQ", 3, 0, 1) + bytes(16), "big-endian"),
    (header(b"", 0, version=1), "version 1"),
    (header(b"", 0, version=0xFFFF), "version 65535"),
    (header(b"", 2**63), f"than the {MAX_KV}"),
    (header(struct.pack("<Q", 2**62) + b"key", 1), "runs past the end"),  # a huge key length
    (header(gguf_string(b"k" * 5000) + struct.pack("<I", 8) + gguf_string(b"v"), 1), "key longer"),
    (header(gguf_string(b"general.license") + struct.pack("<IQ", 8, 2**60), 1), "runs past the end"),
    (
        header(gguf_string(b"x.tokens") + struct.pack("<IIQ", 9, 8, 2**60), 1),
        "array of 1152921504606846976 strings",
    ),
    (header(gguf_string(b"x.ints") + struct.pack("<IIQ", 9, 4, 2**60), 1), "array of"),
    (header(gguf_string(b"x.arr") + struct.pack("<IIQ", 9, 9, 2**40), 1), "array of"),
    (header(gguf_string(b"x.bad") + struct.pack("<I", 99) + bytes(8), 1), "unknown value type 99"),
    (
        header(gguf_string(b"x.bad") + struct.pack("<IIQ", 9, 42, 1) + bytes(8), 1),
        "unknown array item type 42",
    ),
    (
        header(
            gguf_string(b"x.tokens")
            + struct.pack("<IIQ", 9, 8, 3)
            + gguf_string(b"a")
            + struct.pack("<Q", 2**50),
            1,
        ),
        "runs past the end",
    ),  # a string inside a skipped array lies about its length
]


@pytest.mark.parametrize(
    ("data", "words"), HOSTILE, ids=[f"{i}-{w.split()[0]}" for i, (_, w) in enumerate(HOSTILE)]
)
def test_hostile_headers_are_clear_errors(tmp_path: Path, data: bytes, words: str) -> None:
    path = tmp_path / "bad.gguf"
    path.write_bytes(data + (bytes(64) if len(data) >= 24 and words == "big-endian" else b""))
    with pytest.raises(InputError) as caught:
        read_header(path)
    (problem,) = caught.value.problems
    assert problem.file == str(path)
    assert words in problem.message, problem.message


def test_nested_arrays_are_capped(tmp_path: Path) -> None:
    nested = struct.pack("<II Q", 9, 9, 1).replace(b" ", b"")
    deep = (
        gguf_string(b"x.deep")
        + struct.pack("<I", 9)
        + struct.pack("<IQ", 9, 1) * 6
        + struct.pack("<IQ", 4, 0)
    )
    path = tmp_path / "deep.gguf"
    path.write_bytes(header(deep, 1) + nested + bytes(64))
    with pytest.raises(InputError, match="nested more than"):
        read_header(path)


def test_a_sparse_file_with_a_lying_string_array_is_refused_fast(tmp_path: Path) -> None:
    """Zero-length strings in a 1 GiB sparse file: the count cap stops the walk, not the disk."""
    path = tmp_path / "sparse.gguf"
    with path.open("wb") as handle:
        handle.write(header(gguf_string(b"x.tokens") + struct.pack("<IIQ", 9, 8, 100_000_000), 1))
        handle.truncate(1 << 30)
    with pytest.raises(InputError, match=f"more than {MAX_STRINGS} strings"):
        read_header(path)


def test_a_fifo_is_refused(tmp_path: Path) -> None:
    import os

    path = tmp_path / "m.gguf"
    os.mkfifo(path)
    with pytest.raises(InputError, match="not a regular file"):
        read_header(path)


@pytest.mark.parametrize("seed", range(6))
def test_string_arrays_of_every_shape_are_stepped_over_exactly(tmp_path: Path, seed: int) -> None:
    """A vocabulary of short strings (stepped over in runs by one expression), with long ones,
    empty ones, zeros and bytes that look like lengths inside them, and blocks' edges: the keys after
    it are read where a string-by-string walk finds them (a misstep would lose or invent a license)."""
    import random

    rnd = random.Random(seed)
    strings = []
    for _ in range(rnd.choice([31, 32, 33, 200, 70_000])):
        size = rnd.choice([0, 1, 39, 40, 41, 255, 256, 300]) if rnd.random() < 0.05 else rnd.randint(1, 12)
        strings.append(bytes(rnd.choice([0, 7, 32, rnd.randrange(256)]) for _ in range(size)))
    vocab = b"".join(gguf_string(s) for s in strings)
    kv = gguf_string(b"tokenizer.ggml.tokens") + struct.pack("<IIQ", 9, 8, len(strings)) + vocab
    kv += gguf_string(b"general.license") + struct.pack("<I", 8) + gguf_string(b"apache-2.0")
    path = tmp_path / "vocab.gguf"
    path.write_bytes(header(kv, 2))
    assert read_header(path) == {"general.license": "apache-2.0"}
    path.write_bytes(header(kv[:-3], 2))  # and a cut one is still refused
    with pytest.raises(InputError, match=r"runs past the end|truncated"):
        read_header(path)


def test_a_run_of_short_strings_is_matched_whole_and_only_so() -> None:
    """The expression that steps over RUN short strings ends exactly where they end; with a string
    of SHORT bytes or more among them, or one too few, it does not match (the loop takes over)."""
    from licheck.evidence import gguf

    rnd = __import__("random").Random(3)
    runs = gguf._runs()
    for _ in range(200):
        strings = [rnd.randbytes(rnd.randrange(gguf.SHORT)) for _ in range(gguf.RUN)]
        data = b"".join(gguf_string(s) for s in strings)
        found = runs(data + gguf_string(b"next"), 0)
        assert found is not None
        assert found.end() == len(data)
        assert runs(data[:-1], 0) is None
        strings[rnd.randrange(gguf.RUN)] = bytes(gguf.SHORT)
        assert runs(b"".join(gguf_string(s) for s in strings) * 2, 0) is None
