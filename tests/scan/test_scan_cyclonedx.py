"""The CycloneDX 1.6 ML-BOM, validated with cyclonedx-python-lib's own JSON schema validator."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from conftest import ROOT
from licheck.core.engine import assess
from licheck.core.model import Assessment, Context, RuleSet
from licheck.project.report import CheckReport
from licheck.reporters.cyclonedx import render_view
from licheck.rulesdb import bundled_dir, load_cached
from licheck.scan import Reference, scan
from licheck.views.bom import from_check

pytest.importorskip("cyclonedx")
TREE = ROOT / "tests" / "data" / "scan-tree"
CONTEXT = Context(date(2026, 12, 1))


@pytest.fixture(scope="module")
def rules() -> RuleSet:
    return load_cached([bundled_dir()])


def render_bom(
    items: list[Assessment],
    references: list[Reference] | tuple[Reference, ...] = (),
    rules: RuleSet | None = None,
) -> str:
    report = CheckReport("licheck.yaml", ("commercial",), CONTEXT, tuple(items), (), tuple(references))
    return render_view(from_check(report, rules))


def _validate(text: str) -> None:
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.json import JsonStrictValidator

    errors = JsonStrictValidator(SchemaVersion.V1_6).validate_str(text, all_errors=True)
    assert errors is None, [str(e) for e in errors]


def _components(text: str) -> dict[str, dict[str, Any]]:
    document = json.loads(text)
    assert document["bomFormat"] == "CycloneDX"
    assert document["specVersion"] == "1.6"
    return {c["name"]: c for c in document["components"]}


def test_the_tree_as_a_valid_ml_bom(rules: RuleSet) -> None:
    found = scan(TREE)
    items = [assess(rules, name, ("commercial",), CONTEXT) for name in found.models]
    text = render_bom(items, found.references, rules)
    _validate(text)
    everything = _components(text)
    components = {k: c for k, c in everything.items() if c["type"] == "machine-learning-model"}
    assert len(components) == len({item.model.id if item.model else item.query.lower() for item in items})
    datasets = {c["bom-ref"] for c in everything.values() if c["type"] == "data"}
    cited = {
        d["ref"]
        for c in components.values()
        for d in c.get("modelCard", {}).get("modelParameters", {}).get("datasets", ())
    }
    assert datasets == cited
    assert datasets
    assert text == render_bom(items, found.references, rules)  # the same bytes every time
    assert "timestamp" not in json.loads(text)["metadata"]


def test_licenses_ancestors_and_evidence(rules: RuleSet) -> None:
    refs = [
        Reference("src/llm.py", 12, 9, "tiiuae/falcon-40b", "tiiuae/falcon-40b", "from_pretrained"),
        Reference("deploy/compose.yaml", 4, 20, "tiiuae/falcon-40b", "tiiuae/falcon-40b", "cli-flag"),
        Reference("nb.ipynb", 30, 5, "bigscience/bloomz-560m", "bigscience/bloomz-560m", "pipeline", 2, 3),
        Reference("a.py", 1, 1, "llama3.2:1b", "llama3.2:1b", "ollama"),
    ]
    items = [
        assess(rules, name, ("commercial",), CONTEXT)
        for name in ("tiiuae/falcon-40b", "bigscience/bloomz-560m")
    ]
    text = render_bom(items, refs, rules)
    _validate(text)
    components = _components(text)
    falcon = components["falcon-40b"]
    assert falcon["licenses"] == [
        {"license": {"id": "Apache-2.0", "acknowledgement": "concluded"}},
        {"license": {"id": "Apache-2.0", "acknowledgement": "declared"}},
    ]
    assert falcon["purl"] == "pkg:huggingface/tiiuae/falcon-40b"
    assert [(o["location"], o["line"]) for o in falcon["evidence"]["occurrences"]] == [
        ("deploy/compose.yaml", 4),
        ("src/llm.py", 12),
    ]
    bloomz = components["bloomz-560m"]
    assert "name" in bloomz["licenses"][0]["license"]  # RAIL has no SPDX id: the license's name
    ancestors = bloomz["pedigree"]["ancestors"]
    assert [a["name"] for a in ancestors] == ["bloom-560m"]
    assert ancestors[0]["licenses"]
    assert bloomz["evidence"]["occurrences"][0]["additionalContext"] == (
        "pipeline: bigscience/bloomz-560m (cell 2, line 3)"
    )
    # a reference nothing assessed: a component of its own, without a license
    assert "licenses" not in components["llama3.2:1b"]
    assert "purl" not in components["llama3.2:1b"]


def test_no_references_no_rules(rules: RuleSet) -> None:
    text = render_bom([assess(rules, "no-such-model", ("commercial",), CONTEXT)])
    _validate(text)
    assert list(_components(text)) == ["no-such-model"]
