"""Trust, round 3: evidence of a restrictive origin is never dropped (class 3), names in evidence
go through the one normaliser (class 2), and hostile headers cost bounded work (class 8).

Each case names what it reproduces. A file declares `mit` (or the card does) while some field
names a non-commercial origin: Cohere's Command R (CC BY-NC 4.0, which binds derivatives). Every
such case must come out denied (or unknown), never allowed; a source licheck cannot read next to
a permissive one makes the answer unknown; a name that cannot be a model id is refused (exit 2).
"""

from __future__ import annotations

import json
import os
import struct
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import Run
from headers import (
    GGUF_ARRAY,
    GGUF_STRING,
    big_safetensors_header,
    gguf_bytes,
    gguf_string,
    safetensors_bytes,
    sparse_gguf,
    write_gguf,
)
from licheck.core.errors import InputError
from licheck.evidence.gguf import MAX_NESTED, MAX_STRINGS, read_header
from licheck.evidence.safetensors import read_metadata

Licheck = Callable[..., Run]
NC = "CohereForAI/c4ai-command-r-v01"  # cohere-c4ai-cc-by-nc-4.0: commercial denied, binds derivatives
MIT = ("general.license", "mit")


def _inspect(licheck: Licheck, target: Path, *extra: str) -> tuple[Run, dict[str, Any]]:
    """The one artifact of an inspection. A file named on the command line that licheck refuses is
    exit 2 naming it (README, exit codes); the folder that holds it is then judged, the refused
    file making the model unknown rather than the permissive reading."""
    result = licheck("inspect", str(target), "--use", "commercial", "--format", "json", *extra)
    if target.is_file() and result.exit_code == 2:
        assert (result.stdout, str(target) in result.stderr) == ("", True), result.stderr
        assert [p.name for p in target.parent.iterdir()] == [target.name]
        result = licheck("inspect", str(target.parent), "--use", "commercial", "--format", "json", *extra)
    assert "Traceback" not in result.stderr
    assert "internal error" not in result.stderr
    assert result.exit_code in (0, 1), (result.exit_code, result.stderr)
    (artifact,) = json.loads(result.stdout)["artifacts"]
    return result, artifact


def _not_allowed(licheck: Licheck, target: Path, verdict: str = "denied") -> dict[str, Any]:
    result, artifact = _inspect(licheck, target)
    assert (artifact["verdict"], result.exit_code) == (verdict, 1), (artifact["verdict"], artifact)
    return artifact


# ---------------------------------------------------------------- class 3: GGUF origins

GGUF_ORIGINS: dict[str, list[tuple[str, Any]]] = {
    "source-tree-main": [MIT, ("general.source.repo_url", f"https://huggingface.co/{NC}/tree/main")],
    "source-without-scheme": [MIT, ("general.source.repo_url", f"huggingface.co/{NC}")],
    "source-upper-case-host": [MIT, ("general.source.repo_url", f"HTTPS://HUGGINGFACE.CO/{NC}")],
    "source-huggingface-repository": [MIT, ("general.source.huggingface.repository", NC)],
    "source-url": [MIT, ("general.source.url", f"https://hf.co/{NC}")],
    "source-dot-git": [MIT, ("general.source.repo_url", f"https://huggingface.co/{NC}.git")],
    "source-a-file-in-it": [
        MIT,
        ("general.source.repo_url", f"https://huggingface.co/{NC}/resolve/main/config.json"),
    ],
    "base-repo-url-tree-main": [
        MIT,
        ("general.base_model.count", 1),
        ("general.base_model.0.repo_url", f"https://huggingface.co/{NC}/tree/main"),
    ],
    "base-without-a-count": [MIT, ("general.base_model.0.repo_url", f"https://huggingface.co/{NC}")],
    "base-past-its-count": [
        MIT,
        ("general.base_model.count", 1),
        ("general.base_model.0.repo_url", "https://huggingface.co/mistralai/Mistral-7B-v0.1"),
        ("general.base_model.1.repo_url", f"huggingface.co/{NC}"),
    ],
    "base-url-not-repo-url": [
        MIT,
        ("general.base_model.count", 1),
        ("general.base_model.0.url", f"hf.co/{NC}"),
    ],
    "base-organization-and-name": [
        MIT,
        ("general.base_model.count", 1),
        ("general.base_model.0.organization", "CohereForAI"),
        ("general.base_model.0.name", "c4ai command r v01"),
    ],
    "base-at-index-99999": [MIT, ("general.base_model.99999.repo_url", f"https://huggingface.co/{NC}")],
}


@pytest.mark.parametrize("pairs", list(GGUF_ORIGINS.values()), ids=list(GGUF_ORIGINS))
def test_a_gguf_origin_in_any_field_and_spelling_binds(
    licheck: Licheck, tmp_path: Path, pairs: list[tuple[str, Any]]
) -> None:
    artifact = _not_allowed(licheck, write_gguf(tmp_path / "model.gguf", pairs))
    assert "c4ai-command-r-v01" in json.dumps(artifact)


def test_a_gguf_naming_a_permissive_source_still_passes(licheck: Licheck, tmp_path: Path) -> None:
    """The control: the same reading of a source whose license allows the use."""
    pairs = [
        ("general.license", "apache-2.0"),
        ("general.source.repo_url", "HF.CO/mistralai/Mistral-7B-v0.1/tree/main"),
    ]
    result, artifact = _inspect(licheck, write_gguf(tmp_path / "model.gguf", pairs))
    assert (artifact["verdict"], result.exit_code) == ("allowed", 0)


GGUF_TWICE: dict[str, list[tuple[str, Any]]] = {
    "license-twice": [("general.license", "cc-by-nc-4.0"), ("general.license", "mit")],
    "license-twice-same-value": [("general.license", "mit"), ("general.license", "mit")],
    "source-twice": [
        MIT,
        ("general.source.repo_url", f"hf.co/{NC}"),
        ("general.source.repo_url", "hf.co/gpt2"),
    ],
    "base-repo-url-twice": [
        MIT,
        ("general.base_model.0.repo_url", f"hf.co/{NC}"),
        ("general.base_model.0.repo_url", "hf.co/gpt2"),
    ],
    "license-name-twice": [
        ("general.license", "other"),
        ("general.license.name", "cc-by-nc-4.0"),
        ("general.license.name", "mit"),
    ],
    "license-longer-than-64-kib": [("general.license", "cc-by-nc-4.0" + " " * 70_000), ("general.name", "x")],
    "license-an-array-of-65": [
        (
            "general.license",
            struct.pack("<IIQ", GGUF_ARRAY, GGUF_STRING, 65) + gguf_string("cc-by-nc-4.0") * 65,
        )
    ],
}


@pytest.mark.parametrize("pairs", list(GGUF_TWICE.values()), ids=list(GGUF_TWICE))
def test_a_gguf_field_licheck_would_have_to_pick_or_skip_is_refused(
    licheck: Licheck, tmp_path: Path, pairs: list[tuple[str, Any]]
) -> None:
    """A key twice (the last one used to win), or a value too long to keep (it used to be skipped):
    refused with the file named, and the model is unknown, never the permissive reading."""
    path = write_gguf(tmp_path / "model.gguf", pairs)
    with pytest.raises(InputError) as caught:
        read_header(path)
    assert caught.value.problems[0].file == str(path)
    result, artifact = _inspect(licheck, path)
    assert (artifact["verdict"], result.exit_code) == ("unknown", 1)
    assert str(path) in result.stderr


# ---------------------------------------------------------------- class 3: configs, LICENSE files


def _folder(tmp_path: Path, files: dict[str, str]) -> Path:
    folder = tmp_path / "model"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


CARD_MIT = "---\nlicense: mit\n---\n"
OWN_LICENSE = (
    "Acme Evaluation License. You may use the model only to evaluate it, never in a product or a "
    "service, and never to train another model. All other rights are reserved by Acme.\n"
)

FOLDERS: dict[str, tuple[dict[str, str], str]] = {
    "config-name-or-path-nc": (
        {"README.md": CARD_MIT, "config.json": json.dumps({"_name_or_path": NC, "model_type": "cohere"})},
        "denied",
    ),
    "config-name-or-path-as-url": (
        {
            "README.md": CARD_MIT,
            "config.json": json.dumps({"_name_or_path": f"https://huggingface.co/{NC}/tree/main"}),
        },
        "denied",
    ),
    "config-name-or-path-unknown-repo": (
        {"README.md": CARD_MIT, "config.json": json.dumps({"_name_or_path": "acme/secret-base"})},
        "unknown",
    ),
    "config-name-or-path-twice": (
        {"README.md": CARD_MIT, "config.json": '{"_name_or_path": "' + NC + '", "_name_or_path": "gpt2"}'},
        "unknown",
    ),
    "adapter-base-twice": (
        {
            "README.md": CARD_MIT,
            "adapter_config.json": '{"base_model_name_or_path": "'
            + NC
            + '", "base_model_name_or_path": "gpt2"}',
        },
        "unknown",
    ),
    "adapter-base-as-url": (
        {
            "README.md": CARD_MIT,
            "adapter_config.json": json.dumps({"base_model_name_or_path": f"hf.co/{NC}.git"}),
        },
        "denied",
    ),
    "unidentified-license-file-and-card-mit": ({"README.md": CARD_MIT, "LICENSE": OWN_LICENSE}, "unknown"),
    "unidentified-license-md-and-card-apache": (
        {"README.md": "---\nlicense: apache-2.0\n---\n", "LICENSE.md": OWN_LICENSE},
        "unknown",
    ),
    "unknown-license-name-beside-mit": (
        {"README.md": "---\nlicense: mit\nlicense_name: acme-evaluation-license\n---\n"},
        "unknown",
    ),
    "card-mit-and-a-broken-gguf": ({"README.md": CARD_MIT, "model.gguf": "GGUF but not really"}, "unknown"),
    "card-base-model-as-url": (
        {"README.md": f"---\nlicense: mit\nbase_model: https://huggingface.co/{NC}/tree/main\n---\n"},
        "denied",
    ),
}


@pytest.mark.parametrize("case", list(FOLDERS), ids=list(FOLDERS))
def test_an_origin_or_an_unreadable_source_is_never_dropped(
    licheck: Licheck, tmp_path: Path, case: str
) -> None:
    files, verdict = FOLDERS[case]
    artifact = _not_allowed(licheck, _folder(tmp_path, files), verdict)
    if "license-file" in case or "LICENSE" in " ".join(files):
        assert any("not a license text licheck knows" in c["message"] for c in artifact["conflicts"])


def test_a_local_path_in_name_or_path_is_no_origin(licheck: Licheck, tmp_path: Path) -> None:
    """The control: `_name_or_path` that is where the weights were saved names nothing."""
    for path in ("/home/me/runs/out-7", "./checkpoint-500", "C:\\models\\x", "~/models/x"):
        folder = tmp_path / f"m{abs(hash(path))}"
        folder.mkdir()
        (folder / "README.md").write_text(CARD_MIT, encoding="utf-8")
        (folder / "config.json").write_text(json.dumps({"_name_or_path": path}), encoding="utf-8")
        result, artifact = _inspect(licheck, folder)
        assert (artifact["verdict"], result.exit_code) == ("allowed", 0), (path, artifact)


def test_an_unidentified_license_file_alone_is_unknown(licheck: Licheck, tmp_path: Path) -> None:
    _not_allowed(licheck, _folder(tmp_path, {"LICENSE": OWN_LICENSE}), "unknown")


def test_safetensors_metadata_license_licheck_cannot_map(licheck: Licheck, tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"README.md": CARD_MIT})
    header = {
        "w": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]},
        "__metadata__": {"license": "acme-nc"},
    }
    (folder / "model.safetensors").write_bytes(safetensors_bytes(header) + bytes(4))
    _not_allowed(licheck, folder, "unknown")


# ---------------------------------------------------------------- class 2: names in evidence


CYRILLIC = "meta-llama/Llama-2-7b-h\u0444"  # a Cyrillic ef for the last letter

BAD_NAMES: dict[str, tuple[dict[str, str], str]] = {
    "card-base-model": ({"README.md": f"---\nlicense: mit\nbase_model: {CYRILLIC}\n---\n"}, "README.md:3"),
    "card-base-model-list": (
        {"README.md": f"---\nlicense: mit\nbase_model:\n  - gpt2\n  - {CYRILLIC}\n---\n"},
        "README.md:3",
    ),
    "card-base-model-url": (
        {"README.md": f"---\nlicense: mit\nbase_model: https://huggingface.co/{CYRILLIC}/tree/main\n---\n"},
        "README.md:3",
    ),
    "adapter-base": (
        {"README.md": CARD_MIT, "adapter_config.json": json.dumps({"base_model_name_or_path": CYRILLIC})},
        "adapter_config.json",
    ),
    "config-name-or-path": (
        {"README.md": CARD_MIT, "config.json": json.dumps({"_name_or_path": CYRILLIC})},
        "config.json",
    ),
}


@pytest.mark.parametrize("case", list(BAD_NAMES), ids=list(BAD_NAMES))
def test_a_mixed_script_model_name_in_evidence_is_refused(
    licheck: Licheck, tmp_path: Path, case: str
) -> None:
    """As everywhere else: exit 2 naming the file and the letter, not `unknown` (which
    allow-unknown would pass)."""
    files, where = BAD_NAMES[case]
    folder = _folder(tmp_path, files)
    result = licheck("inspect", str(folder), "--use", "commercial")
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    assert where in result.stderr
    assert "CYRILLIC SMALL LETTER EF" in result.stderr


def test_a_mixed_script_base_in_a_gguf_is_refused(licheck: Licheck, tmp_path: Path) -> None:
    path = write_gguf(
        tmp_path / "m.gguf", [MIT, ("general.base_model.0.repo_url", f"https://huggingface.co/{CYRILLIC}")]
    )
    result = licheck("inspect", str(path), "--use", "commercial")
    assert result.exit_code == 2
    assert "general.base_model.0.repo_url" in result.stderr


def test_a_gguf_base_name_that_is_no_id_is_unknown_not_refused(licheck: Licheck, tmp_path: Path) -> None:
    """A base's `name` is a human name ("Zephyr 7B β"), not an id: unknown, as any unknown base."""
    path = write_gguf(tmp_path / "m.gguf", [MIT, ("general.base_model.0.name", "Zephyr 7B \u03b2")])
    _not_allowed(licheck, path, "unknown")


def _cache(root: Path, repo: str, card: str) -> None:
    folder = root / ("models--" + repo.replace("/", "--"))
    revision = "b" * 40
    (folder / "refs").mkdir(parents=True)
    (folder / "refs" / "main").write_text(revision, encoding="ascii")
    (folder / "snapshots" / revision).mkdir(parents=True)
    (folder / "snapshots" / revision / "README.md").write_text(card, encoding="utf-8")


@pytest.mark.parametrize("command", ["model", "check"])
def test_a_mixed_script_base_in_the_hf_cache_is_refused(
    licheck: Licheck, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    """`model` and `check` judge a cached model from its card: the same refusal, not `unknown`
    that `allow-unknown` would pass."""
    _cache(tmp_path / "hub", "acme/tuned", f"---\nlicense: mit\nbase_model: {CYRILLIC}\n---\n")
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hub"))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "licheck.yaml").write_text(
        "uses: [commercial]\nmodels:\n  - acme/tuned\npolicy:\n  allow-unknown: true\n", encoding="utf-8"
    )
    args = ["model", "acme/tuned", "--use", "commercial"] if command == "model" else ["check"]
    result = licheck(*args)
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    assert "README.md:3" in result.stderr
    assert "CYRILLIC" in result.stderr


@pytest.mark.parametrize(
    "spelling", ["acme/tuned.git", "https://huggingface.co/acme/tuned/tree/main", "ACME/Tuned/"]
)
def test_a_cached_model_is_found_in_any_spelling(
    licheck: Licheck, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, spelling: str
) -> None:
    _cache(tmp_path / "hub", "acme/tuned", f"---\nlicense: mit\nbase_model: {NC}\n---\n")
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hub"))
    doc = json.loads(licheck("model", spelling, "--use", "commercial", "--format", "json").stdout)
    assert doc["verdict"] == "denied"


# ---------------------------------------------------------------- class 8: bounded work


def _peak(read: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        read()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_ten_million_nested_empty_arrays(licheck: Licheck, tmp_path: Path) -> None:
    """A legal header of 10M empty arrays inside an array (120 MB, sparse here) took 11-33 s: now
    refused at the count, before one is walked."""
    path = sparse_gguf(tmp_path / "nested.gguf", "general.tags", GGUF_ARRAY, 10_000_000, 12)
    with pytest.raises(InputError, match=f"more than {MAX_NESTED} arrays inside arrays"):
        read_header(path)
    _, artifact = _inspect(licheck, path)
    assert artifact["verdict"] == "unknown"


def test_nested_arrays_under_the_cap_are_walked(tmp_path: Path) -> None:
    path = sparse_gguf(tmp_path / "nested.gguf", "general.tags", GGUF_ARRAY, MAX_NESTED, 12)
    assert read_header(path) == {}
    assert _peak(lambda: read_header(path)) < 20 * 1024 * 1024


def test_more_strings_than_a_header_holds(tmp_path: Path) -> None:
    path = sparse_gguf(tmp_path / "strings.gguf", "tokenizer.ggml.tokens", GGUF_STRING, MAX_STRINGS + 1, 8)
    with pytest.raises(InputError, match="strings in arrays"):
        read_header(path)


def test_a_32_mib_safetensors_header_in_bounded_memory(tmp_path: Path) -> None:
    """A 32 MiB header (the reader's own cap) took 854 MB through json.loads: now its grammar is
    matched in place, and only the metadata is built."""
    path = tmp_path / "big.safetensors"
    path.write_bytes(safetensors_bytes(big_safetensors_header(32 * 1024 * 1024, {"license": "cc-by-nc-4.0"})))
    assert read_metadata(path) == {"license": "cc-by-nc-4.0"}
    assert _peak(lambda: read_metadata(path)) < 80 * 1024 * 1024  # the header's bytes, and little more


SAFETENSORS_BAD: dict[str, tuple[bytes, str]] = {
    "metadata-twice": (
        b'{"__metadata__":{"license":"mit"},"__metadata__":{"license":"cc-by-nc-4.0"}}',
        "twice",
    ),
    "metadata-twice-escaped": (
        b'{"__metadata__":{"license":"mit"},"\\u005f_metadata__":{"license":"cc-by-nc-4.0"}}',
        "twice",
    ),
    "license-twice-in-metadata": (b'{"__metadata__":{"license":"cc-by-nc-4.0","license":"mit"}}', "twice"),
    "nested-deeper-than-a-tensor": (b'{"w":{"shape":[[1]]}}', "nested deeper"),
    "deep-nesting": (b'{"w":' + b"[" * 100_000 + b"]" * 100_000 + b"}", "nested deeper"),
    "trailing-garbage": (b'{"__metadata__":{}} x', "more after"),
    "not-an-object": (b"[1, 2]", "not a JSON object"),
    "unterminated": (b'{"w":{"dtype":"F32"', "not valid JSON"),
    "metadata-a-list": (b'{"__metadata__":[1]}', "__metadata__ is not an object"),
    "bad-escape": (b'{"w\\x":1}', "not valid JSON"),
}


@pytest.mark.parametrize("case", list(SAFETENSORS_BAD), ids=list(SAFETENSORS_BAD))
def test_a_safetensors_header_licheck_will_not_guess_at(tmp_path: Path, case: str) -> None:
    header, words = SAFETENSORS_BAD[case]
    path = tmp_path / "m.safetensors"
    path.write_bytes(safetensors_bytes(header))
    with pytest.raises(InputError, match=words):
        read_metadata(path)


def test_an_escaped_metadata_key_is_still_the_metadata(tmp_path: Path) -> None:
    """JSON spells `__metadata__` with escapes too; the license under it is not hidden."""
    path = tmp_path / "m.safetensors"
    path.write_bytes(
        safetensors_bytes(b'{"w":{"shape":[1]},"\\u005f_metadata__":{"license":"cc-by-nc-4.0"}}')
    )
    assert read_metadata(path) == {"license": "cc-by-nc-4.0"}


def test_the_header_grammar_agrees_with_json(tmp_path: Path) -> None:
    """Every shape of a real header: whitespace, escapes, numbers, empty objects and lists."""
    header = (
        b' \n{ "a" : { "dtype" : "F32" , "shape" : [ ] , "data_offsets" : [ 0 , 0 ] } ,\t'
        b'"b\\"q":{"x":-1.5e+3,"y":true,"z":null,"u":"\\u00e9"}, "__metadata__" : { "license" : "mit" ,'
        b' "n" : "a\\nb" } , "c" : {} }  '
    )
    path = tmp_path / "m.safetensors"
    path.write_bytes(safetensors_bytes(header))
    expected = {k: v for k, v in json.loads(header)["__metadata__"].items() if isinstance(v, str)}
    assert read_metadata(path) == expected
    os.remove(path)


# ---------------------------------------------------------------- the adversarial pass: more of the same


def _gguf_case(tmp_path: Path, pairs: list[tuple[str, Any]]) -> Path:
    return write_gguf(tmp_path / "model.gguf", pairs)


ADVERSARIAL_GGUF: dict[str, tuple[list[tuple[str, Any]], str]] = {
    "key-in-another-case": ([MIT, ("General.Source.Repo_URL", f"hf.co/{NC}")], "denied"),
    "license-twice-across-case": ([MIT, ("General.License", "cc-by-nc-4.0")], "unknown"),
    "base-numbered-007": (
        [MIT, ("general.base_model.count", 1), ("general.base_model.007.repo_url", f"hf.co/{NC}")],
        "denied",
    ),
    "base-only-on-github": ([MIT, ("general.base_model.0.repo_url", "https://github.com/acme/x")], "unknown"),
    "base-with-nothing-readable": ([MIT, ("general.base_model.0.organization", 7)], "unknown"),
    "source-an-array": ([MIT, ("general.source.repo_url", ["hf.co/gpt2", f"hf.co/{NC}"])], "denied"),
    "license-an-array": ([("general.license", ["mit", "cc-by-nc-4.0"])], "denied"),
    "double-slash-in-the-address": (
        [MIT, ("general.source.repo_url", f"https://huggingface.co//{NC}")],
        "denied",
    ),
}


@pytest.mark.parametrize("case", list(ADVERSARIAL_GGUF), ids=list(ADVERSARIAL_GGUF))
def test_adversarial_gguf(licheck: Licheck, tmp_path: Path, case: str) -> None:
    pairs, verdict = ADVERSARIAL_GGUF[case]
    _not_allowed(licheck, _gguf_case(tmp_path, pairs), verdict)


def _safetensors(folder: Path, name: str, header: bytes) -> None:
    (folder / name).write_bytes(safetensors_bytes(header) + bytes(4))


ADVERSARIAL_FOLDERS: dict[str, tuple[dict[str, str], dict[str, bytes], str]] = {
    "safetensors-license-key-in-another-case": (
        {},
        {"m.safetensors": b'{"__metadata__":{"License":"cc-by-nc-4.0"}}'},
        "denied",
    ),
    "safetensors-license-as-a-list": (
        {"README.md": CARD_MIT},
        {"m.safetensors": b'{"__metadata__":{"license":["cc-by-nc-4.0"]}}'},
        "unknown",
    ),
    "safetensors-metadata-over-4-mib": (
        {"README.md": CARD_MIT},
        {"m.safetensors": b'{"__metadata__":{"license":"cc-by-nc-4.0","x":"' + b"y" * (4 << 20) + b'"}}'},
        "unknown",
    ),
    "the-second-shard-says-more": (
        {"README.md": CARD_MIT},
        {
            "model-00001-of-00002.safetensors": b'{"__metadata__":{"license":"mit"}}',
            "model-00002-of-00002.safetensors": b'{"__metadata__":{"license":"cc-by-nc-4.0"}}',
        },
        "denied",
    ),
    "card-license-key-in-another-case": ({"README.md": "---\nLicense: cc-by-nc-4.0\n---\n"}, {}, "denied"),
    "card-license-twice-across-case": (
        {"README.md": "---\nlicense: mit\nLICENSE: cc-by-nc-4.0\n---\n"},
        {},
        "unknown",
    ),
    "card-base-model-a-mapping": (
        {"README.md": f"---\nlicense: mit\nbase_model: {{id: {NC}}}\n---\n"},
        {},
        "unknown",
    ),
    "card-base-model-a-nested-list": (
        {"README.md": f"---\nlicense: mit\nbase_model: [[{NC}]]\n---\n"},
        {},
        "unknown",
    ),
    "card-base-model-1001-values": (
        {"README.md": "---\nlicense: mit\nbase_model: [" + ", ".join(["gpt2"] * 1000 + [NC]) + "]\n---\n"},
        {},
        "unknown",
    ),
}


@pytest.mark.parametrize("case", list(ADVERSARIAL_FOLDERS), ids=list(ADVERSARIAL_FOLDERS))
def test_adversarial_folders(licheck: Licheck, tmp_path: Path, case: str) -> None:
    texts, blobs, verdict = ADVERSARIAL_FOLDERS[case]
    folder = _folder(tmp_path, texts)
    for name, header in blobs.items():
        _safetensors(folder, name, header)
    _not_allowed(licheck, folder, verdict)


def test_thirty_three_gguf_files_are_not_read_in_silence(licheck: Licheck, tmp_path: Path) -> None:
    """Past the 32 GGUF files of a folder licheck reads, the rest is named: unknown, not `mit`."""
    folder = _folder(tmp_path, {})
    for i in range(33):
        write_gguf(folder / f"m-{i:02d}.gguf", [("general.license", "mit" if i < 32 else "cc-by-nc-4.0")])
    _, artifact = _inspect(licheck, folder)
    assert artifact["verdict"] == "unknown"


@pytest.mark.parametrize("fmt", ["json", "table"])
def test_a_lone_surrogate_never_reaches_a_report(licheck: Licheck, tmp_path: Path, fmt: str) -> None:
    """JSON may spell a lone surrogate (`\\ud800`); writing one out failed (exit 3)."""
    path = tmp_path / "m.safetensors"
    path.write_bytes(safetensors_bytes(b'{"__metadata__":{"license":"\\ud800","name":"\\udfff"}}'))
    result = licheck("inspect", str(path), "--use", "commercial", "--format", fmt)
    assert result.exit_code == 1, result.stderr
    folder = _folder(tmp_path, {"README.md": CARD_MIT})
    (folder / "config.json").write_text(
        '{"_name_or_path": "gpt2\\ud800", "model_type": "\\udfff"}', encoding="utf-8"
    )
    result = licheck("inspect", str(folder), "--use", "commercial", "--format", fmt)
    assert result.exit_code == 2, result.stderr  # a model name that cannot be one: refused, named
    assert "config.json" in result.stderr


def test_one_model_in_two_spellings_in_the_hf_cache(
    licheck: Licheck, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`models--acme--tuned` (mit) beside `models--ACME--Tuned` (NC): which was read depended on
    the order of the folder; now neither is picked."""
    _cache(tmp_path / "hub", "acme/tuned", CARD_MIT)
    _cache(tmp_path / "hub", "ACME/Tuned", "---\nlicense: cc-by-nc-4.0\n---\n")
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hub"))
    result = licheck("model", "acme/tuned", "--use", "commercial")
    assert result.exit_code == 2
    assert "models--ACME--Tuned, models--acme--tuned" in result.stderr


# ---------------------------------------------------------------- the verification's adversarial pass


@pytest.mark.parametrize("fmt", ["table", "json", "cyclonedx", "cyclonedx-1.7", "spdx3"])
@pytest.mark.parametrize("target", ["folder", "file"])
def test_a_file_name_that_is_not_utf8_is_shown_not_crashed_on(tmp_path: Path, fmt: str, target: str) -> None:
    """A GGUF file whose name has bytes that are not UTF-8, in a model folder: before, CycloneDX was
    exit 3 (a lone surrogate it could not encode) and every other format printed invalid UTF-8."""
    import subprocess
    import sys

    import licheck

    name = os.path.join(os.fsencode(tmp_path), b"model\xff.gguf")
    with open(name, "wb") as handle:
        handle.write(gguf_bytes([("general.license", "mit")]))
    shown = str(tmp_path) if target == "folder" else os.fsdecode(name)
    done = subprocess.run(
        [sys.executable, "-m", "licheck", "inspect", shown, "--use", "commercial", "--format", fmt],
        capture_output=True, timeout=60,
        env={**os.environ, "PYTHONPATH": str(Path(licheck.__file__).parents[1]), "HF_HUB_CACHE": str(tmp_path / "hub")},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    text = done.stdout.decode("utf-8")  # valid UTF-8
    if fmt in ("table", "json"):
        assert "model\ufffd.gguf" in text


ORIGIN_IN_ANOTHER_FORM = {
    "adapter-base-a-list": (
        "adapter_config.json",
        {"base_model_name_or_path": ["CohereForAI/c4ai-command-r-v01"]},
    ),
    "adapter-base-an-object": (
        "adapter_config.json",
        {"base_model_name_or_path": {"repo": "CohereForAI/c4ai-command-r-v01"}},
    ),
    "adapter-base-a-number": ("adapter_config.json", {"base_model_name_or_path": 7}),
    "config-name-or-path-a-list": ("config.json", {"_name_or_path": ["CohereForAI/c4ai-command-r-v01"]}),
    "config-name-or-path-true": ("config.json", {"_name_or_path": True}),
}


@pytest.mark.parametrize("case", list(ORIGIN_IN_ANOTHER_FORM))
def test_an_origin_field_in_another_form_is_refused_not_skipped(
    licheck: Callable[..., Run], tmp_path: Path, case: str
) -> None:
    """Before, an adapter's base or a config's _name_or_path that was not a string was skipped: an
    adapter of a non-commercial model whose base was written as a list passed under the card's mit."""
    name, content = ORIGIN_IN_ANOTHER_FORM[case]
    (tmp_path / name).write_text(json.dumps(content), encoding="utf-8")
    (tmp_path / "README.md").write_text("---\nlicense: mit\n---\n", encoding="utf-8")
    result = licheck("inspect", str(tmp_path), "--use", "commercial", "--format", "json")
    [artifact] = json.loads(result.stdout)["artifacts"]
    assert artifact["verdict"] == "unknown"
    assert any("not a model's name" in why for why in artifact["unresolved"]), artifact["unresolved"]
    assert result.exit_code == 1


@pytest.mark.parametrize("value", [None, "", "  "])
def test_an_empty_origin_field_is_no_origin(
    licheck: Callable[..., Run], tmp_path: Path, value: str | None
) -> None:
    (tmp_path / "adapter_config.json").write_text(
        json.dumps({"base_model_name_or_path": value}), encoding="utf-8"
    )
    (tmp_path / "README.md").write_text("---\nlicense: mit\n---\n", encoding="utf-8")
    result = licheck("inspect", str(tmp_path), "--use", "commercial", "--format", "json")
    assert json.loads(result.stdout)["artifacts"][0]["verdict"] == "allowed"
