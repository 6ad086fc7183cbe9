"""`licheck check --sbom`: other tools' bills of materials (CycloneDX 1.5-1.7, SPDX 3, SPDX 2.3) as
the models to check, through the real CLI, on real outputs of three generators from PyPI
(tests/data/sboms/README.md says which and how)."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import DATA, Run

SBOMS = DATA / "sboms"
AS_OF = ("--as-of", "2026-11-27")


def _check(licheck: Callable[..., Run], path: Path, *extra: str) -> tuple[Run, dict[str, Any]]:
    result = licheck("check", "--sbom", str(path), "--use", "commercial", *AS_OF, "--format", "json", *extra)
    return result, json.loads(result.stdout)


def _model(licheck: Callable[..., Run], name: str) -> dict[str, Any]:
    result = licheck("model", name, "--use", "commercial", *AS_OF, "--format", "json")
    document: dict[str, Any] = json.loads(result.stdout)
    return document


# (file, name in the document, licheck id it resolves to)
RESOLVED = [
    ("toolkit-ml-provenance-1.0.0.whisper.cdx.json", "openai/whisper-large-v3", "whisper-large-v3"),
    ("toolkit-ml-provenance-1.0.0.falcon.cdx.json", "tiiuae/falcon-40b", "falcon-40b"),
    ("pitloom-0.20.2.llama-2-7b-chat.spdx3.json", "Llama-2-7b-chat-hf", "llama-2-7b-chat"),
    (
        "pitloom-0.20.2.mistral-7b-instruct-v0.2.spdx3.json",
        "Mistral-7B-Instruct-v0.2",
        "mistral-7b-instruct-v0.2",
    ),
]


@pytest.mark.parametrize(("file", "name", "model_id"), RESOLVED)
def test_a_real_generator_s_bom_gives_the_verdicts_of_licheck_model(
    licheck: Callable[..., Run], file: str, name: str, model_id: str
) -> None:
    result, document = _check(licheck, SBOMS / file)
    [model] = document["models"]
    direct = _model(licheck, name)
    assert (model["query"], model["model"]) == (name, model_id)
    assert model["license"] == direct["license"]
    assert model["verdict"] == direct["verdict"]
    assert [u["verdict"] for u in model["uses"]] == [u["verdict"] for u in direct["uses"]]
    assert model["location"]["file"].endswith(file)
    assert result.exit_code == (0 if direct["verdict"] in ("allowed", "conditional") else 1)


ALL_USES = ("research", "commercial", "hosted-service", "redistribute", "fine-tune", "distill")


@pytest.mark.parametrize(("file", "name", "model_id"), RESOLVED)
@pytest.mark.parametrize("mau", ["1k", "800M"])
def test_every_use_of_a_real_generator_s_bom_is_licheck_model_s(
    licheck: Callable[..., Run], file: str, name: str, model_id: str, mau: str
) -> None:
    """Each use, its verdict and its conditions with their state, below and above Llama 2's user
    ceiling (check's reasons leave out what `model` says of settled conditions, as for a manifest)."""
    uses = [arg for use in ALL_USES for arg in ("--use", use)]
    checked = licheck("check", "--sbom", str(SBOMS / file), *uses, "--mau", mau, *AS_OF, "--format", "json")
    direct = licheck("model", name, *uses, "--mau", mau, *AS_OF, "--format", "json")
    [model] = json.loads(checked.stdout)["models"]
    expected = json.loads(direct.stdout)
    assert model["model"] == model_id

    def seen(uses: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
        return [
            (u["use"], u["verdict"], sorted({(c["summary"], c["state"]) for c in u["conditions"]}))
            for u in uses
        ]

    assert seen(model["uses"]) == seen(expected["uses"])
    assert (model["license"], model["verdict"]) == (expected["license"], expected["verdict"])


def test_a_component_the_rules_do_not_list_is_judged_from_what_the_document_declares(
    licheck: Callable[..., Run],
) -> None:
    """toolkit-ml-provenance read the fine-tune's card: apache-2.0, built on Llama 2, trained on
    Alpaca. The declaration decides (basis declared), the base binds it, the document is named."""
    result, document = _check(licheck, SBOMS / "toolkit-ml-provenance-1.0.0.finetune.cdx.json")
    [model] = document["models"]
    text = (SBOMS / "toolkit-ml-provenance-1.0.0.finetune.cdx.json").read_text(encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if '"bom-ref": "model"' in row)
    assert model["location"]["line"] == line  # the component's line in the document
    assert (model["query"], model["license"], model["verdict"]) == (
        "acme/llama2-chat-ft",
        "apache-2.0",
        "conditional",
    )
    conflicts = [f["message"] for f in document["findings"] if f["code"] == "evidence-conflict"]
    assert any("llama2 binds derivatives" in message for message in conflicts)
    text = licheck(
        "check",
        "--sbom",
        str(SBOMS / "toolkit-ml-provenance-1.0.0.finetune.cdx.json"),
        "--use",
        "commercial",
        *AS_OF,
        "--format",
        "cyclonedx",
    ).stdout
    component = json.loads(text)["components"][0]
    properties = {p["name"]: p["value"] for p in component["properties"]}
    assert properties["licheck:basis"] == "declared"
    assert "toolkit-ml-provenance-1.0.0.finetune.cdx.json" in properties["licheck:basis:source"]
    assert component["modelCard"]["modelParameters"]["datasets"] == [{"ref": "dataset:alpaca-data"}]
    assert result.exit_code == 0


def test_components_that_cannot_be_resolved_are_named(licheck: Callable[..., Run]) -> None:
    """aisbom-cli names components after their files: the GGUF files are judged from the license
    their header declares; a safetensors file without one is unknown, by name, and fails."""
    result, document = _check(licheck, SBOMS / "aisbom-cli-1.7.0.cdx.json")
    verdicts = {m["query"]: (m["license"], m["verdict"]) for m in document["models"]}
    assert verdicts == {
        "llama-2-7b-chat.Q4_K_M.gguf": ("llama2", "conditional"),
        "mistral-7b-instruct-v0.2.Q4_K_M.gguf": ("apache-2.0", "allowed"),
        "model.safetensors": (None, "unknown"),
    }
    unknown = [f for f in document["findings"] if f["code"] == "model-unknown"]
    assert [f["model"] for f in unknown] == ["model.safetensors"]
    assert result.exit_code == 1


def test_spdx_2_3_packages_are_read_and_named(licheck: Callable[..., Run]) -> None:
    """aisbom-cli's SPDX 2.3 writes NOASSERTION for every license: each model file is unknown, by name."""
    result, document = _check(licheck, SBOMS / "aisbom-cli-1.7.0.spdx.json")
    assert sorted(m["query"] for m in document["models"]) == [
        "llama-2-7b-chat.Q4_K_M.gguf",
        "mistral-7b-instruct-v0.2.Q4_K_M.gguf",
        "model.safetensors",
    ]
    assert {m["verdict"] for m in document["models"]} == {"unknown"}
    assert result.exit_code == 1


def test_the_manifest_beside_gives_uses_context_policy_and_agreements(
    licheck: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "licheck.yaml").write_text(
        "uses: [commercial, hosted-service]\ncontext: {mau: 900M}\nmodels: [tiiuae/falcon-40b]\npolicy: {deny-families: [community]}\n",
        encoding="utf-8",
    )
    bom = SBOMS / "pitloom-0.20.2.llama-2-7b-chat.spdx3.json"
    result = licheck("check", "--sbom", str(bom), *AS_OF, "--format", "json")
    document = json.loads(result.stdout)
    assert [m["query"] for m in document["models"]] == ["Llama-2-7b-chat-hf"]  # the BOM's, not the manifest's
    assert document["uses"] == ["commercial", "hosted-service"]
    assert document["context"]["mau"] == 900_000_000
    codes = {f["code"] for f in document["findings"]}
    assert {"use-denied", "license-denied"} <= codes  # above the MAU ceiling; the policy denies the family
    assert result.exit_code == 1
    # --use wins over the manifest's uses
    narrowed = json.loads(
        licheck("check", "--sbom", str(bom), "--use", "research", *AS_OF, "--format", "json").stdout
    )
    assert narrowed["uses"] == ["research"]


def test_uses_are_needed_and_use_goes_with_sbom(
    licheck: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    bom = SBOMS / "toolkit-ml-provenance-1.0.0.falcon.cdx.json"
    result = licheck("check", "--sbom", str(bom))
    assert result.exit_code == 2
    assert "give the uses" in result.stderr
    result = licheck("check", "--use", "commercial")
    assert result.exit_code == 2
    assert "--use goes with --sbom" in result.stderr
    result = licheck("check", "--sbom", str(bom), "--use", "comercial")
    assert result.exit_code == 2
    assert "did you mean 'commercial'" in result.stderr


BAD: dict[str, tuple[str | bytes, str]] = {
    "not-json.json": ("{", "is not valid JSON"),
    "array.json": ("[]", "is not a JSON object"),
    "other.json": ('{"name": "x"}', "is neither a CycloneDX"),
    "old.cdx.json": (
        '{"bomFormat": "CycloneDX", "specVersion": "1.4", "components": []}',
        "CycloneDX 1.4 is not read",
    ),
    "components.cdx.json": (
        '{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": {}}',
        "components is not a list",
    ),
    "nameless.cdx.json": (
        '{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [{"type": "machine-learning-model"}]}',
        "has no name",
    ),
    "deep.cdx.json": ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    "latin1.json": (b'{"bomFormat": "Cyclone\xe9"}', "is not UTF-8"),
    "graph.spdx3.json": (
        '{"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld", "@graph": [1]}',
        "@graph[0] is not an object",
    ),
    "packages.spdx.json": ('{"spdxVersion": "SPDX-2.3", "packages": [1]}', "packages[0] is not an object"),
}


@pytest.mark.parametrize("name", list(BAD))
def test_bad_bom_input_is_exit_2_with_the_file_and_the_problem(
    licheck: Callable[..., Run], tmp_path: Path, name: str
) -> None:
    content, problem = BAD[name]
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    result = licheck("check", "--sbom", str(path), "--use", "commercial")
    assert result.exit_code == 2, result.stderr
    assert name in result.stderr
    assert problem in result.stderr
    assert "Traceback" not in result.stderr


def test_a_fifo_a_folder_a_missing_file_and_a_huge_one_are_refused(
    licheck: Callable[..., Run], tmp_path: Path
) -> None:
    fifo = tmp_path / "bom.fifo"
    os.mkfifo(fifo)
    huge = tmp_path / "huge.json"
    with huge.open("wb") as handle:
        handle.truncate(33 * 1024 * 1024)
    for path, problem in (
        (fifo, "not a regular file"),
        (tmp_path, "not a regular file"),
        (tmp_path / "missing.json", "no such file"),
        (huge, "larger than 32 MiB"),
    ):
        result = licheck("check", "--sbom", str(path), "--use", "commercial")
        assert result.exit_code == 2, (path, result.stderr)
        assert problem in result.stderr


# ---------------------------------------------------------------- the verification's adversarial pass

SPDX3_CONTEXT = "https://spdx.org/rdf/3.0.1/spdx-context.jsonld"


def _ai(key: str, name: str) -> dict[str, Any]:
    return {"type": "ai_AIPackage", "spdxId": key, "name": name}


def _rel(source: str, kind: str, target: str) -> dict[str, Any]:
    return {
        "type": "Relationship",
        "spdxId": f"{source}-{kind}-{target}",
        "from": source,
        "to": [target],
        "relationshipType": kind,
    }


@pytest.mark.parametrize(
    ("graph", "wanted"),
    [
        (
            [_ai("a", "CohereForAI/c4ai-command-r-v01"), _rel("a", "ancestorOf", "a")],
            ["CohereForAI/c4ai-command-r-v01"],
        ),
        (
            [
                _ai("a", "CohereForAI/c4ai-command-r-v01"),
                _ai("b", "acme/b"),
                _rel("a", "ancestorOf", "b"),
                _rel("b", "ancestorOf", "a"),
            ],
            ["CohereForAI/c4ai-command-r-v01", "acme/b"],
        ),
        (
            [_ai("a", "CohereForAI/c4ai-command-r-v01"), _ai("t", "acme/top"), _rel("a", "ancestorOf", "t")],
            ["acme/top"],  # a base of a model judged on its own: judged through it, as before
        ),
    ],
    ids=["a-model-its-own-ancestor", "two-models-each-the-other-s-base", "a-plain-lineage"],
)
def test_a_lineage_that_loops_never_hides_a_model(
    licheck: Callable[..., Run], tmp_path: Path, graph: list[dict[str, Any]], wanted: list[str]
) -> None:
    """Before, a model that was any model's base was left out unless it was a root: a model made its
    own ancestor (or two made each other's) left nothing to judge, and the check passed."""
    path = tmp_path / "loop.spdx3.json"
    path.write_text(json.dumps({"@context": SPDX3_CONTEXT, "@graph": graph}), encoding="utf-8")
    result, document = _check(licheck, path)
    assert sorted(m["query"] for m in document["models"]) == sorted(wanted)
    assert result.exit_code == 1  # the non-commercial model, directly or through its descendant


def test_a_hub_package_url_is_a_model_whatever_its_component_type(
    licheck: Callable[..., Run], tmp_path: Path
) -> None:
    """A generator that lists a Hub model as a `library` with a `pkg:huggingface` purl (the purl
    type for Hub models) must not slip past the gate as one of the 'other components'."""
    bom = tmp_path / "bom.cdx.json"
    components = [
        {
            "type": "library",
            "name": "Llama-2-7b-hf",
            "purl": "pkg:huggingface/meta-llama/Llama-2-7b-hf@0123abcd",
        },
        {"type": "library", "name": "requests", "purl": "pkg:pypi/requests@2.32.3"},
        {"type": "data", "name": "squad", "purl": "pkg:huggingface/rajpurkar/squad"},
    ]
    bom.write_text(
        json.dumps({"bomFormat": "CycloneDX", "specVersion": "1.6", "components": components}),
        encoding="utf-8",
    )
    result, document = _check(licheck, bom, "--mau", "800M")
    assert [(m["model"], m["verdict"]) for m in document["models"]] == [("llama-2-7b", "denied")]
    assert result.exit_code == 1
    assert "1 model" in result.stderr
    assert "(2 other components)" in result.stderr


def test_an_spdx_3_package_with_a_hub_purl_is_a_model(licheck: Callable[..., Run], tmp_path: Path) -> None:
    """The same in SPDX 3: a software package of purpose `library` whose purl is a Hub model's."""
    bom = tmp_path / "bom.spdx3.json"
    graph = [
        {"type": "SpdxDocument", "spdxId": "urn:doc", "rootElement": ["urn:pkg"]},
        {
            "type": "software_Package",
            "spdxId": "urn:pkg",
            "name": "Llama-2-7b-hf",
            "software_primaryPurpose": "library",
            "externalIdentifier": [
                {"type": "ExternalIdentifier", "externalIdentifierType": "packageUrl",
                 "identifier": "pkg:huggingface/meta-llama/Llama-2-7b-hf"}
            ],
        },
    ]  # fmt: skip
    bom.write_text(
        json.dumps({"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld", "@graph": graph}),
        encoding="utf-8",
    )
    result, document = _check(licheck, bom, "--mau", "800M")
    assert [(m["model"], m["verdict"]) for m in document["models"]] == [("llama-2-7b", "denied")]
    assert result.exit_code == 1
