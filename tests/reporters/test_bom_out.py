"""The bills of materials licheck writes, from `check`, `scan` and `inspect`: CycloneDX 1.6 and 1.7
validated by cyclonedx-python-lib's strict validator, SPDX 3.0.1 by spdx-python-model (the SPDX 3
bindings generated from the spec's own SHACL model) and by the AI profile's conformance rules; both
read back by `check --sbom` into the same models, licenses and datasets; byte-stable."""

from __future__ import annotations

import io
import json
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import DATA, Run

pytest.importorskip("cyclonedx")
spdx_model = pytest.importorskip("spdx_python_model")

MANIFEST = """\
uses: [commercial, hosted-service]
models:
  - openai/whisper-large-v3
  - mosaicml/mpt-7b-chat
  - {id: acme/bot, license: apache-2.0, base: [meta-llama/Llama-2-7b-hf], datasets: [tatsu-lab/alpaca]}
agreements:
  - model: mosaicml/mpt-7b-chat
    counterparty: MosaicML
    reference: MML-2024-7
    licensee: Acme Corp
    type: subscription
    expires: 2099-01-01
"""
AS_OF = ("--as-of", "2026-11-27")
AI_REQUIRED = (
    "suppliedBy",
    "software_downloadLocation",
    "software_packageVersion",
    "software_primaryPurpose",
    "releaseTime",
)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "licheck.yaml").write_text(MANIFEST, encoding="utf-8")
    return tmp_path


def _cdx_valid(text: str, version: str) -> dict[str, Any]:
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.json import JsonStrictValidator

    schema = {"1.6": SchemaVersion.V1_6, "1.7": SchemaVersion.V1_7}[version]
    errors = JsonStrictValidator(schema).validate_str(text, all_errors=True)
    assert errors is None, [str(e) for e in errors]
    document: dict[str, Any] = json.loads(text)
    assert document["specVersion"] == version
    return document


def _spdx_valid(text: str) -> dict[str, Any]:
    """Read by spdx-python-model (types, classes, vocabularies), written back (its min/max counts
    on every object), then the AI profile's own rules checked on the graph."""
    model = spdx_model.v3_0_1
    objects = model.SHACLObjectSet()
    model.JSONLDDeserializer().read(io.BytesIO(text.encode()), objects)
    model.JSONLDSerializer().write(objects, io.BytesIO())
    document: dict[str, Any] = json.loads(text)
    graph = document["@graph"]
    packages = [e for e in graph if e["type"] == "ai_AIPackage"]
    assert packages
    for package in packages:
        assert all(package.get(key) for key in AI_REQUIRED), package
    relations = Counter((e["from"], e["relationshipType"]) for e in graph if e["type"] == "Relationship")
    for package in packages:
        assert relations[(package["spdxId"], "hasDeclaredLicense")] == 1
        assert relations[(package["spdxId"], "hasConcludedLicense")] == 1
    for dataset in (e for e in graph if e["type"] == "dataset_DatasetPackage"):
        assert dataset["dataset_datasetType"]
        assert dataset["software_primaryPurpose"] == "data"
    return document


def _by_name(graph: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {
        e["name"]: e for e in graph if "name" in e and e["type"] in ("ai_AIPackage", "dataset_DatasetPackage")
    }


def _licenses_of(graph: list[dict[str, Any]], iri: str, kind: str) -> list[str]:
    by_id = {e.get("spdxId"): e for e in graph}
    targets = [
        t
        for e in graph
        if e["type"] == "Relationship" and e["from"] == iri and e["relationshipType"] == kind
        for t in e["to"]
    ]
    return [
        by_id[t]["simplelicensing_licenseExpression"] if t in by_id else t.rsplit("/", 1)[-1] for t in targets
    ]


def test_cyclonedx_16_and_17_validate_and_keep_declared_and_concluded_apart(
    licheck: Callable[..., Run], project: Path
) -> None:
    for fmt, version in (("cyclonedx", "1.6"), ("cyclonedx-1.7", "1.7")):
        result = licheck("check", "--format", fmt, *AS_OF)
        document = _cdx_valid(result.stdout, version)
        components = {c["name"]: c for c in document["components"]}
        whisper = components["whisper-large-v3"]
        assert whisper["licenses"][:2] == [
            {"license": {"id": "MIT", "acknowledgement": "concluded"}},
            {"license": {"id": "Apache-2.0", "acknowledgement": "declared"}},
        ]
        properties = {p["name"]: p["value"] for p in whisper["properties"]}
        assert properties["licheck:use:commercial"] == "allowed"
        assert properties["licheck:declared"] == "apache-2.0"
        assert properties["licheck:basis"] == "rules"
        assert properties["licheck:basis:source"].startswith("rules/models/openai-st.yaml:")
        # the agreement the team holds, as CycloneDX licensing
        mpt = components["mpt-7b-chat"]
        [held] = [lic["license"] for lic in mpt["licenses"] if "licensing" in lic["license"]]
        assert held["licensing"] == {
            "altIds": ["MML-2024-7"],
            "licensor": {"organization": {"name": "MosaicML"}},
            "licensee": {"organization": {"name": "Acme Corp"}},
            "licenseTypes": ["subscription"],
            "expiration": "2099-01-01T00:00:00Z",
        }
        mpt_properties = {p["name"]: p["value"] for p in mpt["properties"]}
        assert "MML-2024-7" in mpt_properties["licheck:use:commercial:agreement"]
        # a dataset: a data component the model card references
        bot = components["acme/bot"]
        assert bot["modelCard"]["modelParameters"]["datasets"] == [{"ref": "dataset:alpaca-data"}]
        data = components["alpaca-data"]
        assert data["type"] == "data"
        assert data["bom-ref"] == "dataset:alpaca-data"
        assert [a["name"] for a in bot["pedigree"]["ancestors"]] == ["llama-2-7b"]
        assert result.exit_code == 0


def test_cyclonedx_never_writes_an_id_outside_the_spdx_list(
    licheck: Callable[..., Run], project: Path
) -> None:
    from cyclonedx.spdx import is_supported_id

    text = licheck("check", "--format", "cyclonedx", *AS_OF).stdout

    def ids(value: Any) -> list[str]:
        if isinstance(value, dict):
            found = [value["id"]] if isinstance(value.get("id"), str) and "acknowledgement" in value else []
            return found + [i for v in value.values() for i in ids(v)]
        return [i for v in value for i in ids(v)] if isinstance(value, list) else []

    found = ids(json.loads(text))
    assert found
    assert all(is_supported_id(i) for i in found), found
    assert "Llama 2 Community License Agreement" in text  # no SPDX id: by its name


def test_spdx3_validates_with_the_ai_and_dataset_profiles(licheck: Callable[..., Run], project: Path) -> None:
    result = licheck("check", "--format", "spdx3", *AS_OF)
    document = _spdx_valid(result.stdout)
    graph = document["@graph"]
    names = _by_name(graph)
    whisper = names["whisper-large-v3"]["spdxId"]
    assert _licenses_of(graph, whisper, "hasConcludedLicense") == ["MIT"]
    assert _licenses_of(graph, whisper, "hasDeclaredLicense") == ["Apache-2.0"]
    bot = names["acme/bot"]["spdxId"]
    [lineage] = [
        e["to"]
        for e in graph
        if e["type"] == "Relationship" and e["from"] == bot and e["relationshipType"] == "descendantOf"
    ]
    assert lineage == [names["llama-2-7b"]["spdxId"]]
    [trained] = [
        e["to"]
        for e in graph
        if e["type"] == "Relationship" and e["from"] == bot and e["relationshipType"] == "trainedOn"
    ]
    assert trained == [names["alpaca-data"]["spdxId"]]
    llama = _licenses_of(graph, names["llama-2-7b"]["spdxId"], "hasConcludedLicense")
    assert llama == ["LicenseRef-licheck-llama2"]
    [custom] = [e for e in graph if e.get("simplelicensing_licenseExpression") == "LicenseRef-licheck-llama2"]
    assert custom["simplelicensing_customIdToUri"] == [
        {
            "type": "DictionaryEntry",
            "key": "LicenseRef-licheck-llama2",
            "value": "https://ai.meta.com/llama/license/",
        }
    ]
    verdicts = [e["statement"] for e in graph if e["type"] == "Annotation" and e["subject"] == whisper]
    assert verdicts[0].startswith("licheck: commercial: allowed")
    info = graph[0]
    assert info["type"] == "CreationInfo"
    assert info["created"] == "2026-11-27T00:00:00Z"


def test_every_bom_is_byte_stable(licheck: Callable[..., Run], project: Path) -> None:
    for fmt in ("spdx3", "cyclonedx", "cyclonedx-1.7"):
        first = licheck("check", "--format", fmt, *AS_OF).stdout
        assert first == licheck("check", "--format", fmt, *AS_OF).stdout, fmt
    assert "timestamp" not in json.loads(first)["metadata"]


@pytest.mark.parametrize("fmt", ["spdx3", "cyclonedx", "cyclonedx-1.7"])
def test_a_bom_reads_back_into_the_same_models_licenses_and_datasets(
    licheck: Callable[..., Run], project: Path, fmt: str
) -> None:
    written = project / f"bom.{fmt}.json"
    first = licheck(
        "check", "--format", fmt, "--output", str(written), "--report", f"json={project / 'a.json'}", *AS_OF
    )
    assert first.exit_code == 0
    again = licheck("check", "--sbom", str(written), "--format", "json", *AS_OF)
    before = json.loads((project / "a.json").read_text(encoding="utf-8"))
    after = json.loads(again.stdout)

    def summary(document: dict[str, Any]) -> list[tuple[str | None, str | None, str, list[str]]]:
        return sorted(
            (m["model"], m["license"], m["verdict"], [u["verdict"] for u in m["uses"]])
            for m in document["models"]
        )

    assert summary(after) == summary(before)
    assert again.exit_code == first.exit_code
    # the datasets too: written again from what was read back, the same dataset packages
    back = licheck("check", "--sbom", str(written), "--format", "spdx3", *AS_OF).stdout
    original = licheck("check", "--format", "spdx3", *AS_OF).stdout
    datasets = [
        sorted(e["name"] for e in json.loads(text)["@graph"] if e["type"] == "dataset_DatasetPackage")
        for text in (back, original)
    ]
    assert datasets[0] == datasets[1] == ["alpaca-data", "sharegpt"]  # the fine-tune's and MPT chat's


def test_scan_and_inspect_write_both_boms(
    licheck: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "app.py").write_text(
        'AutoModel.from_pretrained("openai/whisper-large-v3")\n', encoding="utf-8"
    )
    scanned = licheck("scan", ".", "--use", "commercial", "--format", "spdx3", *AS_OF)
    assert "whisper-large-v3" in _by_name(_spdx_valid(scanned.stdout)["@graph"])
    cdx = _cdx_valid(
        licheck("scan", ".", "--use", "commercial", "--format", "cyclonedx", *AS_OF).stdout, "1.6"
    )
    [component] = cdx["components"]
    assert component["evidence"]["occurrences"][0]["location"] == "app.py"
    card = DATA / "cards"
    folder = next(p for p in sorted(card.iterdir()) if p.is_dir() or p.suffix == ".md")
    for fmt, check in (("spdx3", _spdx_valid), ("cyclonedx", lambda t: _cdx_valid(t, "1.6"))):
        result = licheck("inspect", str(folder), "--use", "commercial", "--format", fmt, *AS_OF)
        assert result.exit_code in (0, 1), result.stderr
        check(result.stdout)


def test_without_the_sbom_extra_cyclonedx_is_exit_2_with_the_pip_command(
    licheck: Callable[..., Run], project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "cyclonedx", None)
    monkeypatch.setitem(sys.modules, "cyclonedx.spdx", None)
    result = licheck("check", "--format", "cyclonedx", *AS_OF)
    assert result.exit_code == 2
    assert "pip install 'licheck-ai[sbom]'" in result.stderr
    assert licheck("check", "--format", "spdx3", *AS_OF).exit_code == 0  # SPDX 3 needs no extra
