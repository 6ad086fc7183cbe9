"""compare, list, explain and alternatives, through the real CLI and the real rules."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import pytest

from conftest import Run

SIX = ["falcon-40b", "llama-2-70b", "mpt-7b", "mpt-7b-chat", "mistral-7b", "gemma-7b"]
THREE_USES = ["--use", "commercial", "--use", "fine-tune", "--use", "distill"]
ANSI = re.compile(r"\x1b\[[0-9;]*m")


class TestCompare:
    def test_fits_80_columns(self, licheck: Callable[..., Run], monkeypatch: pytest.MonkeyPatch) -> None:
        """The issue's comparison fits an 80-column terminal, every model on a row."""
        monkeypatch.setenv("COLUMNS", "80")
        result = licheck("compare", *SIX, *THREE_USES)
        assert result.exit_code == 1  # like `licheck model`: the worst verdict (mpt-7b-chat) is denied
        lines = result.stdout.splitlines()
        assert max(len(line) for line in lines) <= 80
        for model in ["falcon-40b", "llama-2-70b", "mpt-7b-chat", "mistral-7b-v0.1", "gemma-7b"]:
            assert any(line.strip().startswith(model) for line in lines), model
        assert not ANSI.search(result.stdout)

    def test_all_uses_by_default(self, licheck: Callable[..., Run], monkeypatch: pytest.MonkeyPatch) -> None:
        """Without --use, every use of the vocabulary is a column, still within 80 columns."""
        monkeypatch.setenv("COLUMNS", "80")
        result = licheck("compare", *SIX)
        header = next(line for line in result.stdout.splitlines() if line.strip().startswith("model"))
        assert header.split() == ["model", "license", "res", "comm", "host", "redist", "tune", "distl"]
        assert max(len(line) for line in result.stdout.splitlines()) <= 80

    def test_colour_when_forced(self, licheck: Callable[..., Run], monkeypatch: pytest.MonkeyPatch) -> None:
        """FORCE_COLOR turns colour on; NO_COLOR (set for every test) keeps it off."""
        monkeypatch.delenv("NO_COLOR")
        monkeypatch.setenv("FORCE_COLOR", "1")
        assert ANSI.search(licheck("compare", "falcon-40b", "mpt-7b-chat", "--use", "commercial").stdout)

    def test_json_same_data(self, licheck: Callable[..., Run]) -> None:
        """The same comparison as JSON: a verdict per model and use, and alternatives for the denied."""
        doc = json.loads(licheck("compare", *SIX, *THREE_USES, "--format", "json").stdout)
        verdicts = {m["model"]: {u["use"]: u["verdict"] for u in m["uses"]} for m in doc["models"]}
        assert verdicts["falcon-40b"] == {
            "commercial": "allowed",
            "fine-tune": "allowed",
            "distill": "allowed",
        }
        assert verdicts["llama-2-70b"] == {
            "commercial": "conditional",
            "fine-tune": "conditional",
            "distill": "denied",
        }
        assert verdicts["mpt-7b-chat"]["commercial"] == "denied"
        chat = next(m for m in doc["models"] if m["model"] == "mpt-7b-chat")
        assert chat["alternatives"][:1] == ["mpt-7b"]

    def test_markdown(self, licheck: Callable[..., Run]) -> None:
        """Markdown: a table with a row per model, license links and the legend."""
        text = licheck(
            "compare", "falcon-40b", "mpt-7b-chat", "--use", "commercial", "--format", "markdown"
        ).stdout
        assert "| model | license | commercial |" in text
        assert (
            "| falcon-40b | [apache-2.0](https://www.apache.org/licenses/LICENSE-2.0)<br>permissive | ✅ yes |"
            in text
        )

    def test_licenses_side_by_side(self, licheck: Callable[..., Run]) -> None:
        """--licenses compares licenses: Llama 2 forbids distillation, Llama 3.1 allows it, Apache-2.0 too."""
        doc = json.loads(
            licheck(
                "compare",
                "--licenses",
                "llama2",
                "llama3.1",
                "apache-2.0",
                "--use",
                "distill",
                "--format",
                "json",
            ).stdout
        )
        assert [(lic["id"], lic["uses"]["distill"]["decision"]) for lic in doc["licenses"]] == [
            ("llama2", "denied"),
            ("llama3.1", "conditional"),
            ("apache-2.0", "allowed"),
        ]
        table = licheck("compare", "--licenses", "llama2", "llama3.1", "apache-2.0").stdout
        assert "≤700M MAU" in table

    def test_unknown_license(self, licheck: Callable[..., Run]) -> None:
        """A license that is not in the rules is an unknown answer (exit 1), with suggestions."""
        result = licheck("compare", "--licenses", "llama-2")
        assert result.exit_code == 1
        assert "did you mean" in result.stderr


class TestList:
    def test_commercial_hosting_for_50m_users(self, licheck: Callable[..., Run]) -> None:
        """No research-only, non-commercial or MAU-limited-below-50M model; Apache and MIT ones are in."""
        doc = json.loads(
            licheck(
                "list",
                "--allows",
                "commercial",
                "--allows",
                "hosted-service",
                "--mau",
                "50000000",
                "--format",
                "json",
            ).stdout
        )
        families = {m["family"] for m in doc["models"]}
        assert not families & {"research-only", "non-commercial"}
        licenses = {m["license"] for m in doc["models"]}
        assert {"apache-2.0", "mit"} <= licenses
        ids = {m["model"] for m in doc["models"]}
        assert {"falcon-40b", "mpt-7b", "phi-2"} <= ids
        assert not ids & {"mpt-7b-chat", "llama-7b", "alpaca-7b", "codestral-22b-v0.1", "baichuan2-7b-chat"}
        assert all(set(m["uses"].values()) == {"allowed"} for m in doc["models"])

    def test_mau_ceiling_filters(self, licheck: Callable[..., Run]) -> None:
        """Above Llama 2's 700M MAU, Llama 2 models drop out; below, they are in."""

        def ids(mau: str) -> set[str]:
            doc = json.loads(
                licheck(
                    "list", "--allows", "commercial", "--license", "llama2", "--mau", mau, "--format", "json"
                ).stdout
            )
            return {m["model"] for m in doc["models"]}

        assert "llama-2-7b" in ids("50000000")
        assert ids("800000000") == set()

    def test_filters_and_ids(self, licheck: Callable[..., Run]) -> None:
        """Family, publisher and search filters; --format ids prints one id a line, sorted."""
        out = licheck("list", "--publisher", "mosaic", "--family", "non-commercial", "--format", "ids").stdout
        assert out.splitlines() == ["mpt-30b-chat", "mpt-7b-chat"]
        out = licheck("list", "--search", "falcon-40b", "--format", "ids").stdout
        assert out.splitlines() == ["falcon-40b", "falcon-40b-instruct"]

    def test_bad_family(self, licheck: Callable[..., Run]) -> None:
        """An unknown family is bad usage."""
        assert licheck("list", "--family", "copyleft").exit_code == 2


class TestExplain:
    def test_tree_walks_the_lineage(self, licheck: Callable[..., Run]) -> None:
        """Alpaca is denied through LLaMA 1: the tree shows the step and the rule file and line."""
        result = licheck("explain", "alpaca-7b", "--use", "commercial")
        assert result.exit_code == 1
        text = result.stdout
        assert "alpaca-7b  DENIED" in text
        assert "built on llama-7b, whose license llama1 binds derivatives" in text
        assert re.search(r"llama1 §2\.a\(i\).*commercial is denied\s+\[rules/licenses/meta\.yaml:\d+\]", text)
        assert "allowed alternatives:" in text

    def test_history_on_a_date(self, licheck: Callable[..., Run]) -> None:
        """Falcon-40B before its relicense: the license in effect and the history that led there."""
        text = licheck(
            "explain", "falcon-40b", "--use", "commercial", "--as-of", "2023-05-28", "--revenue", "5000000"
        ).stdout
        assert "license on 2023-05-28: tii-falcon-llm-1.0 (royalty)" in text
        assert "→ tii-falcon-llm-1.0 from 2023-05-25" in text
        assert "apache-2.0 from 2023-05-31" in text
        assert "10%" in text  # the royalty a granted commercial use owed, in the rule's note


def test_model_suggests_alternatives(licheck: Callable[..., Run]) -> None:
    """A denied model comes with allowed alternatives of the same task and a similar size."""
    doc = json.loads(
        licheck("model", "mosaicml/mpt-7b-chat", "--use", "commercial", "--format", "json").stdout
    )
    assert doc["alternatives"] == ["mpt-7b", "mpt-7b-instruct", "mpt-7b-storywriter"]
    assert doc["verdict"] == "denied"
