"""Real cases, through the real CLI and the real rules: one row per fact, each naming its source."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from conftest import Run

FALCON_CARD = "huggingface.co/tiiuae/falcon-40b commit history: apache-2.0 from 2023-05-31"
LLAMA2 = "github.com/meta-llama/llama LICENSE §2 (700M MAU on the release date), §1.b.v"

# (arguments after `licheck model`, overall verdict, license in effect, exit code, source)
CASES: list[tuple[str, str, str | None, int, str]] = [
    ("falcon-40b --use commercial", "allowed", "apache-2.0", 0, FALCON_CARD),
    (
        "tiiuae/falcon-40b --use commercial --as-of 2023-05-28 --revenue 5000000",
        "conditional",
        "tii-falcon-llm-1.0",
        0,
        "TII Falcon LLM License 1.0 §8 (royalty above USD 1M)",
    ),
    (
        "tiiuae/falcon-40b --use commercial --as-of 2023-05-28 --revenue 5000000 --strict",
        "conditional",
        "tii-falcon-llm-1.0",
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


def test_falcon_royalty_is_spelled_out(licheck: Callable[..., Run]) -> None:
    """Before the relicense, commercial use above USD 1M owes TII a 10% royalty, and says so."""
    _, doc = _run(licheck, "falcon-40b --use commercial --as-of 2023-05-28 --revenue 5000000")
    conditions = doc["uses"][0]["conditions"]  # type: ignore[index]
    royalty = [c for c in conditions if c["kind"] == "royalty"]
    assert royalty, conditions
    assert royalty[0]["state"] == "owed"
    assert royalty[0]["summary"] == "10% royalty > $1M"
    assert "10%" in royalty[0]["detail"]
    assert "$5M" in royalty[0]["detail"]


def test_falcon_below_threshold_owes_no_royalty(licheck: Callable[..., Run]) -> None:
    """Revenue at or under USD 1M meets the royalty condition."""
    _, doc = _run(licheck, "falcon-40b --use commercial --as-of 2023-05-28 --revenue 500000")
    states = {c["kind"]: c["state"] for c in doc["uses"][0]["conditions"]}  # type: ignore[index]
    assert states["royalty"] == "met"


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
