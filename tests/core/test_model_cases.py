"""Real cases, through the real CLI and the real rules: one row per fact, each naming its source."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Run

FALCON_CARD = "huggingface.co/tiiuae/falcon-40b commit history: apache-2.0 from 2023-05-31"
LLAMA2 = "github.com/meta-llama/llama LICENSE §2 (700M MAU on the release date), §1.b.v"

# (arguments after `licheck model`, overall verdict, license in effect, exit code, source)
CASES: list[tuple[str, str, str | None, int, str]] = [
    ("falcon-40b --use commercial", "allowed", "apache-2.0", 0, FALCON_CARD),
    (
        "tiiuae/falcon-40b --use commercial --as-of 2023-05-28 --revenue 5000000",
        "denied",
        "tii-falcon-llm-1.0",
        1,
        "TII Falcon LLM License 1.0 §1, §8: commercial use only with TII's permission (and a royalty)",
    ),
    (
        "meta-llama/Llama-2-7b-hf --use commercial --strict",
        "conditional",
        "llama2",
        1,
        "--strict fails conditional verdicts",
    ),
    (
        "falcon-40b --use commercial --as-of 2023-01-01",
        "unknown",
        None,
        1,
        "no license on record before the 2023-05-25 release",
    ),
    (
        "llama-7b --use commercial",
        "denied",
        "llama1",
        1,
        "LLaMA 1 license §1.a, §2.a: non-commercial research only",
    ),
    ("llama-7b --use research", "allowed", "llama1", 0, "LLaMA 1 license §1.a"),
    ("meta-llama/Llama-2-7b-hf --use commercial --mau 800000000", "denied", "llama2", 1, LLAMA2),
    ("meta-llama/Llama-2-7b-hf --use commercial --mau 1000000", "allowed", "llama2", 0, LLAMA2),
    ("meta-llama/Llama-2-7b-hf --use commercial", "conditional", "llama2", 0, LLAMA2),
    (
        "meta-llama/Llama-2-70b-chat-hf --use commercial --use fine-tune --mau 2000000",
        "allowed",
        "llama2",
        0,
        LLAMA2,
    ),
    ("llama-2-13b --use distill --mau 1000", "denied", "llama2", 1, LLAMA2),
    ("mpt-7b --use commercial", "allowed", "apache-2.0", 0, "huggingface.co/mosaicml/mpt-7b: Apache-2.0"),
    (
        "mosaicml/mpt-7b-chat --use commercial",
        "denied",
        "cc-by-nc-sa-4.0",
        1,
        "huggingface.co/mosaicml/mpt-7b-chat: CC-BY-NC-SA-4.0",
    ),
    (
        "mpt-7b-storywriter --use commercial",
        "allowed",
        "apache-2.0",
        0,
        "huggingface.co/mosaicml/mpt-7b-storywriter: Apache-2.0",
    ),
    (
        "mpt-7b-instruct --use commercial --as-of 2023-06-01",
        "allowed",
        "cc-by-sa-3.0",
        0,
        "huggingface.co/mosaicml/mpt-7b-instruct: CC-BY-SA-3.0 at release",
    ),
    ("no-such-model --use commercial", "unknown", None, 1, "not in the rules: never guessed"),
]


def _run(licheck: Callable[..., Run], args: str) -> tuple[Run, dict[str, object]]:
    result = licheck("model", *args.split(), "--format", "json")
    return result, json.loads(result.stdout)


@pytest.mark.parametrize(
    ("args", "verdict", "license_id", "code", "source"), CASES, ids=[c[0] for c in CASES]
)
def test_real_case(
    licheck: Callable[..., Run], args: str, verdict: str, license_id: str | None, code: int, source: str
) -> None:
    """Each documented case gives its verdict, license and exit code."""
    result, doc = _run(licheck, args)
    assert (doc["verdict"], doc["license"], result.exit_code) == (verdict, license_id, code), source


def test_falcon_before_the_relicense_says_whom_to_ask_and_the_royalty(licheck: Callable[..., Run]) -> None:
    """Before the relicense, commercial use needed TII's permission: denied, with how to ask,
    and the note spells out the 10% royalty above USD 1M that a granted use owed."""
    _, doc = _run(licheck, "falcon-40b --use commercial --as-of 2023-05-28 --revenue 5000000")
    use = doc["uses"][0]  # type: ignore[index]
    assert use["verdict"] == "denied"
    assert "tii.ae" in use["ask"].lower()
    assert "10%" in use["reasons"][0]["note"]


def test_an_agreement_turns_a_denial_into_a_pass(licheck: Callable[..., Run], tmp_path: Path) -> None:
    """A team holding TII's permission records it; the check passes with a note naming it."""
    (tmp_path / "licheck.yaml").write_text(
        "uses: [commercial]\ncontext:\n  as-of: 2023-05-28\nmodels:\n  - tiiuae/falcon-40b\nagreements:\n"
        "  - {model: tiiuae/falcon-40b, counterparty: Technology Innovation Institute, reference: TII-2023-0042,"
        " expires: 2099-01-01}\n",
        encoding="utf-8",
    )
    result = licheck("check", str(tmp_path), "--format", "json")
    doc = json.loads(result.stdout)
    assert result.exit_code == 0, doc["findings"]
    codes = {(f["code"], f["level"]) for f in doc["findings"]}
    assert ("agreement-applied", "note") in codes
    assert ("use-denied", "note") in codes


def test_an_expired_agreement_fails(licheck: Callable[..., Run], tmp_path: Path) -> None:
    (tmp_path / "licheck.yaml").write_text(
        "uses: [commercial]\nmodels:\n  - mosaicml/mpt-7b-chat\nagreements:\n"
        "  - {license: cc-by-nc-sa-4.0, counterparty: MosaicML, reference: M-1, expires: 2020-01-01}\n",
        encoding="utf-8",
    )
    result = licheck("check", str(tmp_path), "--format", "json")
    assert result.exit_code == 1
    assert "agreement-expired" in {f["code"] for f in json.loads(result.stdout)["findings"]}


@pytest.mark.parametrize(
    "model",
    [
        "llama-7b",
        "facebook/opt-1.3b",
        "Qwen/Qwen2.5-3B",
        "mosaicml/mpt-7b-chat",
        "mistralai/Codestral-22B-v0.1",
    ],
)
def test_no_research_or_non_commercial_license_passes_commercial(
    licheck: Callable[..., Run], model: str
) -> None:
    """Research-only and non-commercial licenses are denied for commercial use (exit 1), never
    conditional (exit 0), and say whom to ask where the publisher offers another license."""
    result, doc = _run(licheck, f"{model} --use commercial")
    assert doc["verdict"] == "denied"
    assert result.exit_code == 1


def test_llama2_allowed_lists_obligations(licheck: Callable[..., Run]) -> None:
    """Allowed under Llama 2 still carries the acceptable use policy."""
    _, doc = _run(licheck, "meta-llama/Llama-2-7b-hf --use commercial --mau 1000000")
    ids = {o["id"] for o in doc["obligations"]}  # type: ignore[attr-defined]
    assert doc["obligations"], doc
    assert any("acceptable" in i or "aup" in i for i in ids), ids


def test_llama2_mau_reason_cites_the_ceiling(licheck: Callable[..., Run]) -> None:
    """Denied above 700M MAU, with the ceiling in the reasons."""
    _, doc = _run(licheck, "llama-2-7b --use commercial --mau 800000000")
    conditions = doc["uses"][0]["conditions"]  # type: ignore[index]
    assert [c["state"] for c in conditions if c["kind"] == "ceiling"] == ["failed"]
    assert any(c["summary"] == "≤700M MAU" for c in conditions)


def test_unknown_model_suggests(licheck: Callable[..., Run]) -> None:
    """An unknown model is never guessed, but the closest ids are offered."""
    result, doc = _run(licheck, "falcn-40b --use commercial")
    assert doc["verdict"] == "unknown"
    assert doc["suggestions"][0] == "falcon-40b"  # type: ignore[index]
    assert "did you mean falcon-40b" in result.stderr


def test_several_uses_worst_wins(licheck: Callable[..., Run]) -> None:
    """research allowed + commercial denied = denied overall, each use judged on its own."""
    _, doc = _run(licheck, "llama-7b --use research --use commercial")
    assert {u["use"]: u["verdict"] for u in doc["uses"]} == {  # type: ignore[attr-defined]
        "research": "allowed",
        "commercial": "denied",
    }
    assert doc["verdict"] == "denied"


def test_lineage_binds_fine_tunes(licheck: Callable[..., Run]) -> None:
    """Alpaca 7B is built on LLaMA 1: commercial use is denied, and the reasons walk the lineage."""
    _, doc = _run(licheck, "alpaca-7b --use commercial")
    assert doc["verdict"] == "denied"
    vias = [r["via"] for r in doc["uses"][0]["reasons"]]  # type: ignore[index]
    assert ["alpaca-7b", "llama-7b"] in vias


def test_aliases_are_case_insensitive(licheck: Callable[..., Run]) -> None:
    """Hub ids match whatever their case."""
    _, doc = _run(licheck, "TIIUAE/FALCON-40B --use research")
    assert doc["model"] == "falcon-40b"
