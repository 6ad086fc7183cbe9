"""A malformed file header (issue 21, item 9): named on the command line it is bad input, exit 2
with the file and the problem, as the README's exit-code table says; inside a folder or the
Hugging Face cache it is reported, makes that model unknown (exit 1), and the others are judged."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Run
from fakecache import cache_model, card

Licheck = Callable[..., Run]
TRUNCATED = b"GGUF\x03\x00\x00\x00\xff\xff"  # 10 bytes: less than a GGUF header


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("model.gguf", TRUNCATED),
        ("model.safetensors", b"\x08\x00\x00\x00\x00\x00\x00\x00{broken}"),
        ("README.md", b"---\nlicense: [apache-2.0\n---\n"),
        ("config.json", b'{"_name_or_path": '),
    ],
)
def test_a_malformed_file_named_on_the_command_line_is_exit_2(
    licheck: Licheck, tmp_path: Path, name: str, data: bytes
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    for fmt in ("table", "json"):
        result = licheck("inspect", str(path), "--use", "commercial", "--format", fmt)
        assert result.exit_code == 2, result.stdout
        assert result.stdout == ""
        assert str(path) in result.stderr
        assert "Traceback" not in result.stderr


def test_a_malformed_file_in_a_folder_makes_that_model_unknown(licheck: Licheck, tmp_path: Path) -> None:
    model = tmp_path / "model"
    model.mkdir()
    (model / "README.md").write_text(card("apache-2.0"), encoding="utf-8")
    (model / "model.gguf").write_bytes(TRUNCATED)
    result = licheck("inspect", str(model), "--use", "commercial", "--format", "json")
    assert result.exit_code == 1
    (artifact,) = json.loads(result.stdout)["artifacts"]
    assert artifact["verdict"] == "unknown"
    assert "model.gguf" in result.stderr


def test_one_broken_model_in_the_cache_does_not_stop_the_others(licheck: Licheck, tmp_path: Path) -> None:
    root = tmp_path / "hub"
    cache_model(root, "acme/good", {"README.md": card("apache-2.0")})
    cache_model(root, "acme/broken", {"README.md": "---\nlicense: [apache-2.0\n---\n"})
    result = licheck(
        "inspect", "--hf-cache", "--cache-dir", str(root), "--use", "commercial", "--format", "json"
    )
    assert result.exit_code == 1
    verdicts = {a["model"]: a["verdict"] for a in json.loads(result.stdout)["artifacts"]}
    assert verdicts == {"acme/good": "allowed", "acme/broken": "unknown"}, verdicts
