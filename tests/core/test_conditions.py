"""The conditions and duties of round 3 through the real CLI and rules: kinds of organisation a
grant reaches only, purposes no context settles, and duties that apply only above a threshold."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import Run

MINIMAX = "MiniMaxAI/MiniMax-M2"  # modified MIT: display "MiniMax M2" above 100M MAU or USD 30M revenue


def _duty(licheck: Callable[..., Run], *flags: str) -> dict[str, Any]:
    doc = json.loads(licheck("model", MINIMAX, "--use", "commercial", *flags, "--format", "json").stdout)
    duties: list[dict[str, Any]] = [o for o in doc["obligations"] if o["applies_above"]]
    assert len(duties) == 1
    return duties[0]


def test_a_duty_above_a_threshold_says_whether_the_context_triggers_it(licheck: Callable[..., Run]) -> None:
    """MiniMax-M2's display duty: applies at 150M MAU, does not apply at 5M MAU and USD 1M, and
    without the context says above what it applies and which flags settle it."""
    above = _duty(licheck, "--mau", "150M")
    assert above["applies_above"] == [
        {"metric": "mau", "above": 100_000_000},
        {"metric": "revenue", "above": 30_000_000},
    ]
    assert str(above["applies"]).startswith("applies: 150M MAU is above 100M MAU")
    assert _duty(licheck, "--revenue", "31M")["applies"] == "applies: $31M is above $30M revenue a year"
    below = _duty(licheck, "--mau", "5M", "--revenue", "1M")
    assert str(below["applies"]).startswith("does not apply")
    unsettled = _duty(licheck, "--mau", "5M")
    assert (
        unsettled["applies"] == "applies above 100M MAU or $30M revenue a year (pass --revenue to settle it)"
    )


@pytest.mark.parametrize("fmt", ["table", "json"])
def test_the_threshold_shows_in_the_model_report(licheck: Callable[..., Run], fmt: str) -> None:
    out = licheck("model", MINIMAX, "--use", "commercial", "--mau", "150M", "--format", fmt).stdout
    assert "150M MAU is above 100M MAU" in " ".join(out.split())


@pytest.mark.parametrize("fmt", ["table", "markdown", "html", "json"])
def test_the_threshold_shows_in_every_check_format(
    licheck: Callable[..., Run], tmp_path: Path, fmt: str
) -> None:
    """A check report names whether the duty applies for the manifest's context."""
    (tmp_path / "licheck.yaml").write_text(
        f"uses: [commercial]\ncontext: {{mau: 5M, revenue: 1M}}\nmodels: [{MINIMAX}]\n", encoding="utf-8"
    )
    out = licheck("check", str(tmp_path), "--format", fmt).stdout
    assert "does not apply" in " ".join(out.split())


def test_a_purpose_no_context_settles_keeps_the_use_conditional(licheck: Callable[..., Run]) -> None:
    """FLUX.1 [dev]: outputs may train any model but one that competes with it (§2.d): distill is
    conditional with the excluded purpose named, whatever the context."""
    doc = json.loads(
        licheck(
            "model", "black-forest-labs/FLUX.1-dev", "--use", "distill", "--mau", "10", "--format", "json"
        ).stdout
    )
    assert doc["verdict"] == "conditional"
    kinds = {(c["kind"], c["state"]) for u in doc["uses"] for c in u["conditions"]}
    assert kinds == {("purpose", "unsettled")}
    assert any("competes with FLUX.1 [dev]" in c["summary"] for u in doc["uses"] for c in u["conditions"])


RULES = """schema-version: 1
licenses:
  - id: campus-only
    name: Campus Only License
    url: https://example.org/campus
    family: research-only
    derivatives: inherit
    uses:
      research:
        decision: conditional
        clause: "§1"
        conditions:
          - kind: organisation
            only: [academic, nonprofit]
    sources: [{url: "https://example.org/campus", section: "§1"}]
    checked: 2026-12-07
models:
  - id: campus-model
    name: Campus Model
    publisher: A University
    license: campus-only
    sources: [{url: "https://example.org/campus-model", section: "card"}]
    checked: 2026-12-07
"""


@pytest.mark.parametrize(
    ("org", "verdict"),
    [("academic", "allowed"), ("nonprofit", "allowed"), ("company", "denied"), (None, "conditional")],
)
def test_a_grant_that_reaches_only_some_kinds_of_organisation(
    licheck: Callable[..., Run], tmp_path: Path, org: str | None, verdict: str
) -> None:
    (tmp_path / "campus.yaml").write_text(RULES, encoding="utf-8")
    flags = ["--org", org] if org else []
    result = licheck(
        "model", "campus-model", "--use", "research", *flags, "--rules", str(tmp_path), "--format", "json"
    )
    assert json.loads(result.stdout)["verdict"] == verdict


def test_academic_and_nonprofit_are_kinds_everywhere(licheck: Callable[..., Run], tmp_path: Path) -> None:
    """`--org academic` answers (Chameleon's research license), and a manifest may say it too."""
    result = licheck("model", "facebook/chameleon-7b", "--use", "research", "--org", "academic")
    assert result.exit_code == 0
    (tmp_path / "licheck.yaml").write_text(
        "uses: [research]\ncontext: {org: nonprofit}\nmodels: [facebook/chameleon-7b]\n", encoding="utf-8"
    )
    assert licheck("check", str(tmp_path), "--format", "json").exit_code == 0
    bad = licheck("model", "facebook/chameleon-7b", "--use", "research", "--org", "university")
    assert bad.exit_code == 2
    assert "academic" in bad.stderr
