"""Issue 19: of the distinct models `licheck scan` finds in the real code of tests/data/realcode,
at most 10% may be `unknown` offline with an empty Hugging Face cache (and an empty licheck cache).

A model counts as unknown when its verdict is `unknown` for every use, which is the scan's
`model-unknown` finding. tools/realcode_unknowns.py prints the same figure and list.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT, Run

USES = ("research", "commercial", "hosted-service", "redistribute", "fine-tune", "distill")
MAX_SHARE = 0.10


@pytest.fixture
def answer(licheck: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """The scan's JSON, offline, from an empty Hugging Face cache and an empty licheck cache."""
    for name in ("HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    (tmp_path / "hf").mkdir()
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    monkeypatch.setenv("LICHECK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(ROOT)
    uses = [arg for use in USES for arg in ("--use", use)]
    run = licheck("scan", "tests/data/realcode", *uses, "--format", "json")
    assert run.exit_code in (0, 1), run.stderr
    document: dict[str, Any] = json.loads(run.stdout)
    assert not any((tmp_path / "hf").iterdir()), "the scan wrote into the Hugging Face cache"
    return document


def test_at_most_a_tenth_of_the_models_found_are_unknown(answer: dict[str, Any]) -> None:
    models = answer["models"]
    found = {r["id"] for r in answer["references"]}
    assert len(models) >= 200, f"the scan judged only {len(models)} models of {len(found)} ids found"
    unknown = sorted(m["query"] for m in models if all(u["verdict"] == "unknown" for u in m["uses"]))
    flagged = sorted({f["model"] for f in answer["findings"] if f["code"] == "model-unknown"})
    assert flagged == unknown, "model-unknown findings and all-unknown verdicts disagree"
    share = len(unknown) / len(models)
    listed = "\n  ".join(unknown)
    report = f"{len(unknown)} of {len(models)} distinct models unknown ({share:.1%}):\n  {listed}"
    print(report)
    assert share <= MAX_SHARE, report
