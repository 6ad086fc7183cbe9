"""Names that reach a model through a reviewed table: the Ollama library (rules/ollama/) and the
repositories of publishers that convert models (rules/conversions.yaml), through the real CLI."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import Run
from fakecache import cache_model, card


def _model(licheck: Callable[..., Run], name: str, *flags: str, use: str = "commercial") -> dict[str, Any]:
    result = licheck("model", name, "--use", use, *flags, "--format", "json")
    assert result.exit_code in (0, 1), result.stderr
    doc: dict[str, Any] = json.loads(result.stdout)
    return doc


def _answer(doc: dict[str, Any]) -> tuple[str, str, str | None]:
    return doc["model"], doc["verdict"], doc["license"]


class TestOllama:
    def test_llama3_1_gives_the_llama_3_1_answer(self, licheck: Callable[..., Run]) -> None:
        """`licheck model llama3.1 --use commercial --mau 1M`: the default tag packages Llama 3.1 8B
        Instruct, and the answer is that model's, on the rules' basis, saying how it got there."""
        via = _model(licheck, "llama3.1", "--mau", "1M")
        direct = _model(licheck, "meta-llama/Llama-3.1-8B-Instruct", "--mau", "1M")
        assert _answer(via) == _answer(direct) == ("llama-3.1-8b-instruct", "allowed", "llama3.1")
        assert via["basis"] == "rules"
        assert "Ollama library's llama3.1 packages meta-llama/Llama-3.1-8B-Instruct" in via["resolution"]
        assert via["uses"] == direct["uses"]

    def test_a_tag_picks_the_size_where_licenses_differ(self, licheck: Callable[..., Run]) -> None:
        """Qwen2.5 3B is under the Qwen Research License, 7B under Apache-2.0, 72B under Qwen's."""
        licenses = {tag: _model(licheck, f"qwen2.5:{tag}")["license"] for tag in ("3b", "7b", "72b")}
        assert licenses == {"3b": "qwen-research", "7b": "apache-2.0", "72b": "qwen"}
        assert _model(licheck, "qwen2.5:3b")["verdict"] == "denied"

    @pytest.mark.parametrize(
        "name",
        ["gemma3:27b", "library/gemma3:27b", "registry.ollama.ai/library/gemma3:27b-it-qat", "GEMMA3:27B"],
    )
    def test_gemma3_gives_gemma_s_terms(self, licheck: Callable[..., Run], name: str) -> None:
        doc = _model(licheck, name)
        assert (doc["model"], doc["license"]) == ("gemma-3-27b-it", "gemma")

    def test_text_tags_are_the_base_models(self, licheck: Callable[..., Run]) -> None:
        assert _model(licheck, "llama3.1:8b-text-q4_0")["model"] == "llama-3.1-8b"
        assert _model(licheck, "llama3.1:70b-instruct-q4_K_M")["model"] == "llama-3.1-70b-instruct"

    def test_a_tag_no_source_tells_is_unknown_and_says_what_was_found(
        self, licheck: Callable[..., Run]
    ) -> None:
        doc = _model(licheck, "llama3.1:9000b")
        assert doc["verdict"] == "unknown"
        reason = doc["uses"][0]["reasons"][0]["text"]
        assert "llama3.1:9000b" in reason
        assert "8b" in reason  # the tags the table does know

    def test_an_unknown_library_name_is_just_unknown(self, licheck: Callable[..., Run]) -> None:
        doc = _model(licheck, "no-such-ollama-model:7b")
        assert (doc["verdict"], doc["basis"]) == ("unknown", None)


class TestConversions:
    def test_a_conversion_is_judged_under_the_named_model_by_its_name(
        self, licheck: Callable[..., Run]
    ) -> None:
        """TheBloke's GGUF of Llama 2 7B Chat (issue 19's example), at 800M MAU: denied under Llama 2, basis name, with
        the hint to confirm it."""
        doc = _model(licheck, "TheBloke/Llama-2-7B-Chat-GGUF", "--mau", "800M")
        assert (doc["model"], doc["verdict"], doc["license"], doc["basis"]) == (
            "llama-2-7b-chat",
            "denied",
            "llama2",
            "name",
        )
        assert "confirm with --online" in doc["resolution"]
        table = licheck(
            "model", "TheBloke/Llama-2-7B-Chat-GGUF", "--use", "commercial", "--mau", "800M"
        ).stdout
        assert "basis name" in table

    def test_strict_refuses_a_verdict_by_name(self, licheck: Callable[..., Run]) -> None:
        result = licheck(
            "model", "TheBloke/Llama-2-7B-Chat-GGUF", "--use", "commercial", "--strict", "--format", "json"
        )
        doc = json.loads(result.stdout)
        assert (result.exit_code, doc["verdict"], doc["model"]) == (1, "unknown", None)
        assert "name basis is refused" in doc["uses"][0]["reasons"][0]["text"]

    @pytest.mark.parametrize(
        ("name", "model"),
        [
            ("TheBloke/Llama-2-13B-chat-GGUF", "llama-2-13b-chat"),
            ("TheBloke/Llama-2-7B-GPTQ", "llama-2-7b"),  # once an entry; the name says all it said
            ("Qwen/Qwen2.5-3B-Instruct-GGUF", "qwen2.5-3b-instruct"),  # the publisher's own conversion
            ("Qwen/Qwen2.5-7B-Instruct-GPTQ-Int4", "qwen2.5-7b-instruct"),
            ("lmstudio-community/Meta-Llama-3.1-8B-Instruct-GGUF", "llama-3.1-8b-instruct"),
            ("unsloth/Phi-3.5-mini-instruct-bnb-4bit", "phi-3.5-mini-instruct"),
            ("mlx-community/Llama-3.2-3B-Instruct-4bit", "llama-3.2-3b-instruct"),
            ("hf.co/bartowski/Meta-Llama-3.1-8B-Instruct-GGUF:Q4_K_M", "llama-3.1-8b-instruct"),
        ],
    )
    def test_publishers_and_suffixes(self, licheck: Callable[..., Run], name: str, model: str) -> None:
        doc = _model(licheck, name)
        assert (doc["model"], doc["basis"]) == (model, "name")

    @pytest.mark.parametrize(
        "name",
        [
            "someone-else/Llama-2-7B-Chat-GGUF",  # not a listed publisher
            "TheBloke/Llama-2-7B-Chat",  # no suffix the publisher uses
            "TheBloke/No-Such-Model-GGUF",  # names no model of the rules
        ],
    )
    def test_no_name_basis_outside_the_list(self, licheck: Callable[..., Run], name: str) -> None:
        assert _model(licheck, name)["verdict"] == "unknown"

    def test_a_card_in_the_cache_that_declares_another_base_wins(
        self, licheck: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The card of the GGUF says its base is Mistral 7B: the declaration decides (stronger than
        the name), and the disagreement with the name is a conflict."""
        hub = tmp_path / "hub"
        cache_model(
            hub,
            "TheBloke/Llama-2-7B-Chat-GGUF",
            {"README.md": card("apache-2.0", "mistralai/Mistral-7B-v0.1")},
        )
        monkeypatch.setenv("HF_HUB_CACHE", str(hub))
        doc = _model(licheck, "TheBloke/Llama-2-7B-Chat-GGUF", "--mau", "800M")
        assert doc["basis"] == "declared"
        assert doc["verdict"] == "allowed"  # Mistral 7B is Apache-2.0: the Llama 2 ceiling no longer applies
        kinds = [c["kind"] for c in doc["conflicts"]]
        assert "name-base" in kinds


MANIFEST = "uses: [commercial]\ncontext: {mau: 1M}\nmodels: [TheBloke/Llama-2-13B-chat-GGUF]\n"


def test_check_names_a_verdict_by_name_and_a_policy_can_refuse_it(
    licheck: Callable[..., Run], tmp_path: Path
) -> None:
    (tmp_path / "licheck.yaml").write_text(MANIFEST, encoding="utf-8")
    doc = json.loads(licheck("check", str(tmp_path), "--format", "json").stdout)
    codes = {f["code"]: f["level"] for f in doc["findings"]}
    assert codes.get("model-by-name") == "warning"
    assert doc["models"][0]["basis"] == "name"
    (tmp_path / "licheck.yaml").write_text(MANIFEST + "policy: {require-basis: declared}\n", encoding="utf-8")
    refused = licheck("check", str(tmp_path), "--format", "json")
    assert refused.exit_code == 1
    assert any(f["code"] == "model-unknown" for f in json.loads(refused.stdout)["findings"])
    (tmp_path / "licheck.yaml").write_text(MANIFEST, encoding="utf-8")
    assert licheck("check", str(tmp_path), "--strict", "--format", "json").exit_code == 1


def test_a_bad_ollama_table_is_refused_with_its_line(licheck: Callable[..., Run], tmp_path: Path) -> None:
    (tmp_path / "ollama.yaml").write_text(
        "schema-version: 1\nollama:\n  - name: x\n    upstream: not a repo\n    sources: [{url: 'https://x.org'}]\n    checked: 2026-12-07\n",
        encoding="utf-8",
    )
    result = licheck("model", "x", "--use", "research", "--rules", str(tmp_path))
    assert result.exit_code == 2
    assert "ollama.yaml" in result.stderr
