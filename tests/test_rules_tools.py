"""`licheck rules validate`, `licheck rules stats` and `licheck license` on the real rules."""

from __future__ import annotations

import json
from collections.abc import Callable

from conftest import DATA, Run


def test_shipped_rules_validate_fully(licheck: Callable[..., Run]) -> None:
    """The bundled rules pass every check, the JSON Schema included, with no lint warnings but known ones."""
    result = licheck("rules", "validate", "--format", "json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["valid"] is True
    assert len(doc["warnings"]) <= 5, doc["warnings"]
    assert "rules valid: " in result.stderr


def test_validate_reports_user_dir_problems(licheck: Callable[..., Run]) -> None:
    """A folder given to validate is checked with the same messages as loading."""
    folder = DATA / "invalid" / "unknown-key"
    result = licheck("rules", "validate", str(folder))
    assert result.exit_code == 2
    assert f"{folder}/r.yaml:6: licenses[0]: unknown key 'famliy' (did you mean 'family'?)" in result.stderr


def test_stats_counts(licheck: Callable[..., Run]) -> None:
    """Counts by family add up to the totals."""
    doc = json.loads(licheck("rules", "stats", "--format", "json").stdout)
    assert sum(doc["licenses_by_family"].values()) == doc["licenses"]
    assert sum(doc["models_by_family"].values()) == doc["models"]
    assert sum(doc["models_by_publisher"].values()) == doc["models"]


def test_license_terms(licheck: Callable[..., Run]) -> None:
    """One license's terms: Llama 2 forbids distillation (§1.b.v) and caps users at 700M."""
    doc = json.loads(licheck("license", "llama2", "--format", "json").stdout)
    assert doc["uses"]["distill"]["decision"] == "denied"
    assert "1.b.v" in doc["uses"]["distill"]["clause"]
    ceilings = [c for c in doc["uses"]["commercial"]["conditions"] if c["kind"] == "ceiling"]
    assert ceilings[0]["max"] == 700_000_000
    assert "llama-2-7b" in doc["models"]


def test_unknown_license_suggests(licheck: Callable[..., Run]) -> None:
    """A misspelt license id is unknown (exit 1), with the closest ids."""
    result = licheck("license", "apache2")
    assert result.exit_code == 1  # not in the rules: an unknown answer, as for a model
    assert "did you mean apache-2.0" in result.stderr
