"""config.json, adapter_config.json, safetensors headers, LICENSE files, the HF cache and folders."""

from __future__ import annotations

import json
import os
import struct
from pathlib import Path

import pytest

from conftest import ROOT
from licheck.core.errors import InputError
from licheck.evidence.config import read_adapter_config, read_config
from licheck.evidence.folder import read_cache, read_target
from licheck.evidence.hfcache import cache_root, list_models, repo_id_of
from licheck.evidence.licensefile import THRESHOLD, identify_file, is_license_file, match_text
from licheck.evidence.safetensors import read_metadata, read_safetensors
from licheck.evidence.types import Source

REV = "0123456789abcdef0123456789abcdef01234567"


def safetensors_bytes(metadata: dict[str, str] | None) -> bytes:
    header: dict[str, object] = {"w": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}}
    if metadata is not None:
        header["__metadata__"] = metadata
    raw = json.dumps(header).encode()
    return struct.pack("<Q", len(raw)) + raw + bytes(4)


# ---- config.json and adapter_config.json


def test_config_is_kept_raw(tmp_path: Path) -> None:
    path = tmp_path / "config.json"
    path.write_text(
        json.dumps(
            {
                "_name_or_path": "meta-llama/Llama-2-7b-hf",
                "architectures": ["LlamaForCausalLM"],
                "model_type": "llama",
            }
        )
    )
    declared = read_config(path)
    assert declared.base_models == ()
    assert {f.key: f.value for f in declared.raw} == {
        "_name_or_path": "meta-llama/Llama-2-7b-hf",
        "architectures": ["LlamaForCausalLM"],
        "model_type": "llama",
    }


def test_an_adapter_names_its_base(tmp_path: Path) -> None:
    path = tmp_path / "adapter_config.json"
    path.write_text(
        json.dumps({"base_model_name_or_path": "mosaicml/mpt-7b-chat", "peft_type": "LORA", "r": 8})
    )
    declared = read_adapter_config(path)
    assert [f.value for f in declared.base_models] == ["mosaicml/mpt-7b-chat"]
    assert [f.value for f in declared.relation] == ["adapter"]


@pytest.mark.parametrize(("text", "line"), [('{"a": 1,\n"b": }', 2), ("[1, 2]", 1), ("\xff", None)])
def test_bad_json_is_a_problem(tmp_path: Path, text: str, line: int | None) -> None:
    path = tmp_path / "config.json"
    path.write_bytes(text.encode("latin-1") if text == "\xff" else text.encode())
    with pytest.raises(InputError) as caught:
        read_config(path)
    assert caught.value.problems[0].line == line


def test_a_huge_config_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "config.json"
    path.write_bytes(b'{"a": "' + b"x" * (5 * 1024 * 1024) + b'"}')
    with pytest.raises(InputError, match="larger than"):
        read_config(path)


# ---- safetensors


def test_safetensors_metadata_by_hand(tmp_path: Path) -> None:
    path = tmp_path / "model.safetensors"
    path.write_bytes(
        safetensors_bytes({"format": "pt", "modelspec.license": "openrail++", "modelspec.title": "X"})
    )
    declared = read_safetensors(path)
    assert [f.value for f in declared.license] == ["openrail++"]
    assert declared.license[0].source.key == "__metadata__.modelspec.license"
    assert [f.value for f in declared.name] == ["X"]


def test_safetensors_written_by_the_library(tmp_path: Path) -> None:
    numpy = pytest.importorskip("numpy")
    st = pytest.importorskip("safetensors.numpy")
    path = tmp_path / "model.safetensors"
    st.save_file({"w": numpy.zeros((2, 2), dtype="float32")}, str(path), metadata={"license": "mit"})
    assert read_metadata(path) == {"license": "mit"}


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"\x01\x02", "shorter than"),
        (struct.pack("<Q", 2**60) + b"{}", "runs past the end"),
        (struct.pack("<Q", 5) + b"{nope", "not valid JSON"),
        (struct.pack("<Q", 2) + b"[]", "not a JSON object"),
        (struct.pack("<Q", 24) + b'{"__metadata__": [1, 2]}', "__metadata__ is not"),
    ],
)
def test_bad_safetensors_headers(tmp_path: Path, data: bytes, words: str) -> None:
    path = tmp_path / "model.safetensors"
    path.write_bytes(data)
    with pytest.raises(InputError, match=words):
        read_metadata(path)


def test_a_huge_safetensors_header_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "model.safetensors"
    with path.open("wb") as handle:
        handle.write(struct.pack("<Q", 64 * 1024 * 1024))
        handle.truncate(65 * 1024 * 1024)
    with pytest.raises(InputError, match="larger than"):
        read_metadata(path)


# ---- LICENSE files


@pytest.mark.parametrize(
    ("name", "yes"),
    [
        ("LICENSE", True),
        ("LICENSE.md", True),
        ("license.txt", True),
        ("LICENSE-MODEL", True),
        ("LICENCE", True),
        ("README.md", False),
        ("LICENSES.json", False),
    ],
)
def test_license_file_names(name: str, yes: bool) -> None:
    assert is_license_file(name) is yes


def test_an_oss_license_through_identify(tmp_path: Path) -> None:
    identify = pytest.importorskip("identify.identify")
    from identify.vendor.licenses import LICENSES  # the library's own vendored texts

    text = dict(LICENSES)["MIT"]
    assert identify.license_id  # the optional extra is installed
    path = tmp_path / "LICENSE"
    path.write_text(text.replace("<year>", "2024").replace("<copyright holders>", "Someone"))
    found = identify_file(path)
    assert (found.license, found.method) == ("MIT", "identify")


def test_an_unknown_text_is_unknown_with_its_score(tmp_path: Path) -> None:
    path = tmp_path / "LICENSE"
    path.write_text("You may do as you please with these weights, except on Tuesdays. " * 20)
    found = identify_file(path)
    assert found.license is None
    assert found.score < THRESHOLD
    # the score said when near a fingerprint; far from all of them, no closest one is named
    assert any(
        word in (found.note or "") for word in ("below", "short", "no AI license fingerprint is close")
    )


def test_fingerprints_hold_no_license_text() -> None:
    data = (ROOT / "src" / "licheck" / "evidence" / "fingerprints.json").read_text()
    assert "Llama Materials" not in data
    assert "Licensee" not in data
    entry = json.loads(data)["licenses"]["llama2"]
    fields = {"name", "url", "sample", "distinct", "sentences", "optional_from", "title", "sha256", "pinned"}
    assert set(entry) <= fields
    assert 100 <= len(entry["sample"]) <= 1000
    # a sentence is a 16-digit digest of its words, never its words
    assert all(len(key) == 16 and int(key, 16) >= 0 for key in entry["sentences"])
    assert entry["pinned"].startswith("https://github.com/meta-llama/llama-models/blob/1f0feb7")


def test_a_short_snippet_is_not_identified() -> None:
    found = match_text("Licensed under the Llama 2 Community License.", Source("LICENSE"))
    assert found.license is None


# ---- the Hugging Face cache


def test_cache_location_follows_the_environment(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert cache_root({}, home) == home / ".cache" / "huggingface" / "hub"
    assert cache_root({"XDG_CACHE_HOME": "/x"}, home) == Path("/x/huggingface/hub")
    assert cache_root({"HF_HOME": "/h", "XDG_CACHE_HOME": "/x"}, home) == Path("/h/hub")
    assert cache_root({"HF_HUB_CACHE": "/c", "HF_HOME": "/h"}, home) == Path("/c")


def test_repo_ids_of_cache_folders() -> None:
    assert repo_id_of("models--meta-llama--Llama-2-7b-hf") == "meta-llama/Llama-2-7b-hf"
    assert repo_id_of("models--gpt2") == "gpt2"
    assert repo_id_of("datasets--tatsu-lab--alpaca") is None
    assert repo_id_of("spaces--x--y") is None
    assert repo_id_of("models--") is None


def cache_model(
    root: Path, repo_id: str, files: dict[str, bytes], revision: str = REV, ref: bool = True
) -> Path:
    """A cache entry as huggingface_hub lays it out: blobs, and snapshot files linking to them."""
    folder = root / ("models--" + repo_id.replace("/", "--"))
    (folder / "blobs").mkdir(parents=True)
    snapshot = folder / "snapshots" / revision
    snapshot.mkdir(parents=True)
    if ref:
        (folder / "refs").mkdir()
        (folder / "refs" / "main").write_text(revision)
    for i, (name, data) in enumerate(files.items()):
        blob = folder / "blobs" / f"{i:040x}"
        blob.write_bytes(data)
        (snapshot / name).symlink_to(os.path.relpath(blob, snapshot))
    return folder


def test_cache_entries(tmp_path: Path) -> None:
    cache_model(tmp_path, "org/one", {"README.md": b"---\nlicense: mit\n---\n"})
    cache_model(tmp_path, "org/two", {"README.md": b"x"}, revision="f" * 40, ref=False)
    (tmp_path / "datasets--org--data").mkdir()
    (tmp_path / "models--org--broken").mkdir()
    entries = list_models(tmp_path)
    assert [e.repo_id for e in entries] == ["org/broken", "org/one", "org/two"]
    broken, one, two = entries
    assert (one.revision, one.snapshot) == (REV, tmp_path / "models--org--one" / "snapshots" / REV)
    assert two.revision == "f" * 40  # no refs/main, one snapshot
    assert broken.snapshot is None
    assert broken.problems


def test_no_link_out_of_the_cache_is_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text("---\nlicense: mit\n---\n")
    root = tmp_path / "hub"
    folder = cache_model(root, "org/sneaky", {"config.json": b"{}"})
    (folder / "snapshots" / REV / "README.md").symlink_to(outside)
    (artifact,) = read_cache(root)
    assert artifact.declared.license == ()
    assert any("outside" in p.message for p in artifact.problems)


def test_a_missing_cache_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no Hugging Face cache"):
        list_models(tmp_path / "nothing")


# ---- folders and single files


def test_a_model_folder(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("---\nlicense: other\nlicense_name: llama2\n---\n")
    (tmp_path / "config.json").write_text('{"model_type": "llama"}')
    (tmp_path / "model-00002-of-00002.safetensors").write_bytes(safetensors_bytes({"license": "second"}))
    (tmp_path / "model-00001-of-00002.safetensors").write_bytes(safetensors_bytes({"license": "first"}))
    (tmp_path / "model.safetensors.index.json").write_text(
        json.dumps(
            {"weight_map": {"a": "model-00002-of-00002.safetensors", "b": "model-00001-of-00002.safetensors"}}
        )
    )
    (tmp_path / "bad.gguf").write_bytes(b"nope")
    artifact = read_target(tmp_path, repo_id="org/model")
    assert artifact.kind == "folder"
    assert [f.value for f in artifact.declared.license] == [
        "other",
        "first",
        "second",
    ]  # every shard: one may say more
    assert [f.value for f in artifact.declared.repo_id] == ["org/model"]
    assert [p.file for p in artifact.problems] == [str(tmp_path / "bad.gguf")]


def test_a_single_file_target(tmp_path: Path) -> None:
    card = tmp_path / "some-card.md"
    card.write_text("---\nlicense: mit\n---\n")
    artifact = read_target(card)
    assert (artifact.kind, [f.value for f in artifact.declared.license]) == ("card", ["mit"])
    other = tmp_path / "weights.bin"
    other.write_bytes(b"")
    assert read_target(other).problems


def synthetic_texts() -> dict[str, str]:
    """Two near-identical made-up license texts that differ in their version, and an unrelated one."""
    import random

    rng = random.Random(7)
    words = [f"w{rng.randrange(5000)}" for _ in range(1500)]
    body = " ".join(words)
    other = " ".join(f"x{rng.randrange(5000)}" for _ in range(1500))
    return {
        "made-up-1.0": f"made up license version 1 0 {body} version 1 0 ends",
        "made-up-2.0": f"made up license version 2 0 {body} version 2 0 ends",
        "other-made-up": other,
    }


@pytest.fixture
def made_up_fingerprints(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    from licheck.evidence import licensefile
    from licheck.evidence.licensefile import grams, sample

    texts = synthetic_texts()
    entries = {}
    for name, text in texts.items():
        others = set().union(*(grams(t) for n, t in texts.items() if n != name))
        entries[name] = {"sample": sorted(sample(grams(text))), "distinct": sorted(grams(text) - others)[:64]}
    monkeypatch.setattr(licensefile, "fingerprints", lambda: {"licenses": entries})
    return texts


def test_fingerprints_tell_near_identical_texts_apart(made_up_fingerprints: dict[str, str]) -> None:
    for name, text in made_up_fingerprints.items():
        found = match_text(text, Source("LICENSE"))
        assert (found.license, found.method) == (name, "fingerprint")
        assert found.score > 0.99
    edited = made_up_fingerprints["made-up-2.0"].replace("w1", "changed", 3) + " Copyright 2024 Someone."
    assert match_text(edited, Source("LICENSE")).license == "made-up-2.0"


def test_a_partial_or_mixed_text_is_unknown(made_up_fingerprints: dict[str, str]) -> None:
    text = made_up_fingerprints["made-up-1.0"]
    half = match_text(text[: len(text) // 2], Source("LICENSE"))
    assert half.license is None
    assert half.score < THRESHOLD
    mixed = text[: len(text) // 2] + made_up_fingerprints["other-made-up"][: len(text) // 2]
    assert match_text(mixed, Source("LICENSE")).license is None


def test_without_distinct_grams_near_identical_texts_are_ambiguous(
    made_up_fingerprints: dict[str, str],
) -> None:
    from licheck.evidence import licensefile

    entries = licensefile.fingerprints()["licenses"]
    for entry in entries.values():
        entry["distinct"] = []
    body = made_up_fingerprints["made-up-1.0"].replace("version 1 0", "version 9 9")
    found = match_text(body, Source("LICENSE"))
    assert found.license is None
    assert "cannot tell them apart" in (found.note or "")
