"""`notice:` in a manifest: `check` holds the committed notice file to the models and uses, failing
with notice-missing (absent) or notice-stale (it lacks what a model now requires)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Run

Licheck = Callable[..., Run]
LLAMA31_NOTICE = (
    "Llama 3.1 is licensed under the Llama 3.1 Community License, Copyright © Meta Platforms, Inc. "
    "All Rights Reserved."
)  # meta-llama/llama-models@1f0feb7 models/llama3_1/LICENSE §1.b.iii


def _manifest(folder: Path, uses: str, models: list[str], notice: str = "NOTICE.md") -> None:
    lines = [f"uses: [{uses}]", "context:", "  mau: 5M", f"notice: {notice}", "models:"]
    (folder / "licheck.yaml").write_text("\n".join([*lines, *(f"  - {m}" for m in models)]) + "\n")


def _codes(licheck: Licheck) -> list[tuple[str, str, str]]:
    result = licheck("check", "--format", "json", "--as-of", "2026-11-27")
    findings = json.loads(result.stdout)["findings"]
    return [(f["code"], f["model"], f["message"]) for f in findings if f["code"].startswith("notice-")]


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "no-cache"))
    _manifest(tmp_path, "commercial", ["meta-llama/Llama-3.1-8B"])
    return tmp_path


def test_a_missing_notice_fails_until_it_is_written(licheck: Licheck, repo: Path) -> None:
    result = licheck("check", "--as-of", "2026-11-27")
    assert result.exit_code == 1
    [(code, model, message)] = _codes(licheck)
    assert (code, model) == ("notice-missing", "NOTICE.md")
    assert "licheck notice --output NOTICE.md" in message
    assert licheck("notice", "--as-of", "2026-11-27", "--output", "NOTICE.md").exit_code == 0
    assert _codes(licheck) == []
    assert licheck("check", "--as-of", "2026-11-27").exit_code == 0


def test_adding_a_model_makes_the_notice_stale(licheck: Licheck, repo: Path) -> None:
    licheck("notice", "--as-of", "2026-11-27", "--output", "NOTICE.md")
    _manifest(repo, "commercial", ["meta-llama/Llama-3.1-8B", "google/gemma-3-12b-it"])
    [(code, model, message)] = _codes(licheck)
    assert (code, model) == ("notice-stale", "google/gemma-3-12b-it")
    assert "the model's name «google/gemma-3-12b-it»" in message
    assert licheck("check", "--as-of", "2026-11-27").exit_code == 1
    licheck("notice", "--as-of", "2026-11-27", "--output", "NOTICE.md")
    assert _codes(licheck) == []


def test_changing_a_use_makes_the_notice_stale(licheck: Licheck, repo: Path) -> None:
    """Research and commercial use ship nothing; redistributing the weights owes Meta's notice line."""
    licheck("notice", "--as-of", "2026-11-27", "--output", "NOTICE.md")
    assert LLAMA31_NOTICE not in (repo / "NOTICE.md").read_text(encoding="utf-8")
    _manifest(repo, "commercial, redistribute", ["meta-llama/Llama-3.1-8B"])
    [(code, model, message)] = _codes(licheck)
    assert (code, model) == ("notice-stale", "meta-llama/Llama-3.1-8B")
    assert f"the notice of llama3.1 §1.b.iii «{LLAMA31_NOTICE}»" in message
    assert message.count("«") == 1  # the model and its license were named already


def test_a_notice_written_by_hand_passes_when_it_says_what_is_required(licheck: Licheck, repo: Path) -> None:
    """The file is the team's: any format, wrapped as they like, with their own words around it."""
    _manifest(repo, "commercial, redistribute", ["meta-llama/Llama-3.1-8B"], notice="NOTICE.txt")
    words = LLAMA31_NOTICE.split()
    text = (
        "Our product uses these models.\n\nmeta-llama/Llama-3.1-8B, under the Llama 3.1 Community License\n"
        f"Agreement.\n\n{' '.join(words[:8])}\n  {' '.join(words[8:])}\n"
    )
    (repo / "NOTICE.txt").write_text(text, encoding="utf-8")
    assert _codes(licheck) == []
    (repo / "NOTICE.txt").write_text(text.replace("Copyright ©", "Copyright (c)"), encoding="utf-8")
    [(code, _, message)] = _codes(licheck)
    assert code == "notice-stale"
    assert "--format text --output NOTICE.txt" in message


@pytest.mark.parametrize("fmt", ["text", "html"])
def test_every_format_licheck_writes_satisfies_the_gate(licheck: Licheck, repo: Path, fmt: str) -> None:
    suffix = {"text": "txt", "html": "html"}[fmt]
    models = ["meta-llama/Llama-3.1-8B", "google/gemma-3-12b-it", "nvidia/Nemotron-4-340B-Instruct"]
    _manifest(repo, "commercial, redistribute", models, notice=f"NOTICE.{suffix}")
    licheck("notice", "--format", fmt, "--as-of", "2026-11-27", "--output", f"NOTICE.{suffix}")
    assert _codes(licheck) == []


def test_a_notice_outside_the_repository_is_bad_input(licheck: Licheck, repo: Path) -> None:
    _manifest(repo, "commercial", ["meta-llama/Llama-3.1-8B"], notice="../NOTICE.md")
    result = licheck("check", "--as-of", "2026-11-27")
    assert result.exit_code == 2
    assert "notice: '../NOTICE.md' is outside the repository" in result.stderr
