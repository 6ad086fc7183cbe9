"""`licheck rules validate`, `licheck rules stats` and `licheck license` on the real rules."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import DATA, ROOT, Run


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


HUB_LICENSES = ROOT / "rules" / "hub-licenses.txt"


def _hub_ids() -> list[str]:
    lines = HUB_LICENSES.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def test_hub_license_list_is_kept_with_its_source() -> None:
    text = HUB_LICENSES.read_text(encoding="utf-8")
    assert "github.com/huggingface/hub-docs/blob/" in text
    ids = _hub_ids()
    assert len(ids) == 83
    assert {"apache-2.0", "llama4", "grok2-community", "openmdw-1.1", "other", "unknown"} <= set(ids)


@pytest.mark.parametrize("license_id", [i for i in _hub_ids() if i not in ("other", "unknown")])
def test_every_hub_license_id_answers(licheck: Callable[..., Run], license_id: str) -> None:
    """`licheck license ID` knows every license identifier of the Hub (other and unknown are not licenses)."""
    result = licheck("license", license_id, "--format", "json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert license_id in [doc["id"], *(a.lower() for a in doc["aliases"])]
    assert set(doc["uses"]) == {
        "research",
        "commercial",
        "hosted-service",
        "redistribute",
        "fine-tune",
        "distill",
    }


def test_shipped_rules_pass_strict_validation(licheck: Callable[..., Run]) -> None:
    result = licheck("rules", "validate", "--strict")
    assert result.exit_code == 0, result.stdout + result.stderr


def test_lint_names_unused_licenses_and_taken_hub_ids(licheck: Callable[..., Run], tmp_path: Path) -> None:
    (tmp_path / "x.yaml").write_text(
        "schema-version: 1\nlicenses:\n  - id: lonely-license\n    name: Lonely\n    url: https://example.com\n"
        "    family: permissive\n    derivatives: free\n    aliases: [apache]\n"
        "    uses: {research: {decision: allowed, clause: s1}}\n    sources: [{url: 'https://example.com', section: s1}]\n"
        "    checked: '2026-11-30'\n",
        encoding="utf-8",
    )
    result = licheck("rules", "validate", str(tmp_path), "--strict")
    assert result.exit_code == 1
    assert "license 'lonely-license' is used by no model or dataset" in result.stdout


def test_shipped_rules_parse_without_libyaml() -> None:
    """A Python without libyaml reads the same rules: every file parses with the pure loader."""
    import yaml

    for path in sorted((ROOT / "rules").rglob("*.yaml")):
        yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)


def test_a_card_that_disagrees_with_the_rules_is_a_conflict(licheck: Callable[..., Run]) -> None:
    """Whisper's cards say apache-2.0 while OpenAI's repository says MIT: said out loud."""
    doc = json.loads(
        licheck("model", "openai/whisper-large-v3", "--use", "commercial", "--format", "json").stdout
    )
    assert doc["license"] == "mit"
    assert [c["kind"] for c in doc["conflicts"]] == ["card-license"]


def test_the_database_covers_what_people_use(licheck: Callable[..., Run]) -> None:
    doc = json.loads(licheck("rules", "stats", "--format", "json").stdout)
    assert doc["models"] >= 1000
    assert doc["licenses"] >= 120


def test_rules_verify_in_a_checkout_says_there_is_no_build_digest(licheck: Callable[..., Run]) -> None:
    """`licheck rules verify` compares installed rules with the wheel's build-time digest; a
    checkout has none, and says so (CI runs it on the installed wheel, where it must pass)."""
    from licheck.rulesdb.folders import prebuilt

    result = licheck("rules", "verify")
    if prebuilt(check_code=False) is None:  # a checkout
        assert result.exit_code == 1
        assert "no build-time digest" in result.stderr
    else:  # an installed wheel
        assert result.exit_code == 0
        assert "match the build" in result.stderr


def test_check_reports_carry_the_rules_digest(licheck: Callable[..., Run], tmp_path: Path) -> None:
    (tmp_path / "licheck.yaml").write_text(
        "uses: [research]\nmodels: [tiiuae/falcon-40b]\n", encoding="utf-8"
    )
    doc = json.loads(licheck("check", str(tmp_path), "--format", "json").stdout)
    assert len(doc["rules_digest"]) == 40
    sarif = json.loads(licheck("check", str(tmp_path), "--format", "sarif").stdout)
    assert sarif["runs"][0]["properties"]["rulesDigest"] == doc["rules_digest"]
    assert doc["rules_digest"][:12] in licheck("check", str(tmp_path)).stdout


def test_lint_names_an_entry_that_repeats_what_a_conversion_s_name_says(
    licheck: Callable[..., Run], tmp_path: Path
) -> None:
    """A quantizer's conversion is judged by its name (basis `name`); an entry that adds nothing
    to the name would hide that weaker basis behind `rules`, so validation names it."""
    entry = (
        "schema-version: 1\nmodels:\n  - id: llama-2-13b-chat-gguf\n    name: Llama-2-13B-chat-GGUF\n"
        "    publisher: TheBloke\n    aliases: ['TheBloke/Llama-2-13B-chat-GGUF']\n    task: text-generation\n"
        "    license: {license}\n    base: [llama-2-13b-chat]\n"
        "    sources: [{{url: 'https://huggingface.co/TheBloke/Llama-2-13B-chat-GGUF', section: card}}]\n"
        "    checked: '2026-12-08'\n"
    )
    (tmp_path / "x.yaml").write_text(entry.format(license="llama2"), encoding="utf-8")
    result = licheck("rules", "validate", str(tmp_path), "--strict")
    assert result.exit_code == 1, result.stdout + result.stderr
    assert "model 'llama-2-13b-chat-gguf' repeats what its name says" in result.stdout
    # An entry whose card declares other terms than its base's says something: no warning.
    (tmp_path / "x.yaml").write_text(entry.format(license="mit"), encoding="utf-8")
    result = licheck("rules", "validate", str(tmp_path), "--strict")
    assert "repeats what its name says" not in result.stdout
