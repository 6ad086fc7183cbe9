"""`scan` and `check` with `scan:` as a project sees them (issue 21): licheck's own inputs are not
code, `scan` takes the manifest's context as `check` does, and a model the scan found is located
where the code uses it in every format."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Run, acme_project

Licheck = Callable[..., Run]

TRAIN = "model_name_or_path: meta-llama/Llama-4-Scout-17B-16E\n"  # the name starts at column 21
MANIFEST = """uses: [commercial]
models:
  - tiiuae/falcon-40b
scan: true
policy:
  exceptions:
    - model: mosaicml/mpt-7b-chat
      reason: written permission from the publisher
      approved-by: legal@example.com
      expires: 2099-01-01
agreements:
  - model: meta-llama/Llama-2-7b-hf
    counterparty: Meta
    reference: META-1
    expires: 2099-01-01
"""
ORG_POLICY = """exceptions:
  - model: Qwen/Qwen2.5-72B
    reason: reviewed
    approved-by: legal@example.com
    expires: 2099-01-01
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "no-cache"))
    (tmp_path / "train.yaml").write_text("model_name_or_path: tiiuae/falcon-40b\n", encoding="utf-8")
    (tmp_path / "licheck.yaml").write_text(MANIFEST, encoding="utf-8")
    (tmp_path / "org-policy.yaml").write_text(ORG_POLICY, encoding="utf-8")
    return tmp_path


def _findings(result: Run) -> set[tuple[str, str]]:
    return {(f["code"], f["model"]) for f in json.loads(result.stdout)["findings"]}


def test_the_manifests_exceptions_and_agreements_are_not_used_in_the_code(
    licheck: Licheck, project: Path
) -> None:
    """An exception for a model the code stopped using is `exception-unused`, not
    `model-undeclared`; nor do the agreements, the lock or the policy file count as code."""
    assert licheck("lock").exit_code == 0
    result = licheck("check", "--policy", "org-policy.yaml", "--format", "json")
    found = _findings(result)
    assert not {code for code, _ in found} & {"model-undeclared", "model-unknown"}, found
    assert ("exception-unused", "mosaicml/mpt-7b-chat") in found
    assert result.exit_code == 0, result.stdout


def test_a_model_in_pyproject_outside_tool_licheck_still_counts(licheck: Licheck, project: Path) -> None:
    """Of a pyproject.toml manifest only its [tool.licheck] table is licheck's own."""
    (project / "licheck.yaml").unlink()
    (project / "pyproject.toml").write_text(
        '[tool.licheck]\nuses = ["commercial"]\nmodels = ["tiiuae/falcon-40b"]\nscan = true\n'
        '[[tool.licheck.policy.exceptions]]\nmodel = "mosaicml/mpt-7b-chat"\nreason = "ok"\n'
        'approved-by = "a@b.c"\nexpires = 2099-01-01\n'
        '[tool.serve]\nmodel_name_or_path = "Qwen/Qwen2.5-72B"\n',
        encoding="utf-8",
    )
    found = _findings(licheck("check", "--format", "json"))
    assert ("model-undeclared", "Qwen/Qwen2.5-72B") in found
    assert ("model-undeclared", "mosaicml/mpt-7b-chat") not in found


def test_scan_does_not_count_the_manifest_either(licheck: Licheck, project: Path) -> None:
    doc = json.loads(licheck("scan", ".", "--policy", "org-policy.yaml", "--format", "json").stdout)
    assert {r["file"] for r in doc["references"]} == {"train.yaml"}


@pytest.fixture
def llama4(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "configs").mkdir()
    (tmp_path / "configs" / "train.yaml").write_text(TRAIN, encoding="utf-8")
    return tmp_path


def test_scan_takes_the_manifests_context_as_check_does(licheck: Licheck, llama4: Path) -> None:
    """A German company may not use Llama 4's multimodal models: `check` fails it, and so does
    `scan` in the same folder (it passed); a flag still wins."""
    (llama4 / "licheck.yaml").write_text(
        "uses: [commercial]\ncontext:\n  region: DE\n  org: company\n"
        "models:\n  - meta-llama/Llama-4-Scout-17B-16E\n",
        encoding="utf-8",
    )
    assert licheck("check").exit_code == 1
    result = licheck("scan", ".", "--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["context"]["region"] == "DE"
    assert licheck("scan", ".", "--region", "US").exit_code == 0


def test_scan_without_uses_or_manifest_is_exit_2_as_its_help_says(licheck: Licheck, llama4: Path) -> None:
    result = licheck("scan", ".")
    assert result.exit_code == 2
    assert "give the uses" in result.stderr
    assert "scanned" not in result.stderr  # refused before the work
    helped = " ".join(licheck("scan", "--help").stdout.split())
    assert "every use" not in helped
    assert "without one, required" in helped


@pytest.mark.parametrize("fmt", ["table", "markdown", "html"])
def test_a_scanned_model_is_located_in_the_code(licheck: Licheck, llama4: Path, fmt: str) -> None:
    """As SARIF and `github` do: `configs/train.yaml:1:21`, never a file-less "line 1"; and the
    report calls itself `scan`, with no manifest it does not have."""
    out = licheck("scan", ".", "--use", "commercial", "--format", fmt).stdout
    assert "configs/train.yaml:1:21" in out
    assert "line 1" not in out
    assert "licheck check" not in out
    assert "in the manifest" not in out


def test_junit_locates_a_scanned_model_in_the_code(licheck: Licheck, llama4: Path) -> None:
    root = ET.fromstring(licheck("scan", ".", "--use", "commercial", "--format", "junit").stdout)
    (case,) = root.iter("testcase")
    assert (case.get("file"), case.get("line")) == ("configs/train.yaml", "1")
    assert case.get("name", "").endswith("configs/train.yaml:1:21")


def test_check_with_scan_locates_an_undeclared_model_in_the_code(licheck: Licheck, llama4: Path) -> None:
    (llama4 / "licheck.yaml").write_text(
        "uses: [research]\nmodels: [tiiuae/falcon-40b]\nscan: true\n", encoding="utf-8"
    )
    root = ET.fromstring(licheck("check", "--format", "junit").stdout)
    files = {case.get("file") for case in root.iter("testcase")}
    assert "configs/train.yaml" in files
    assert "configs/train.yaml:1:21" in licheck("check").stdout


def test_a_truncated_notebook_is_named_among_what_the_scan_did_not_read(
    licheck: Licheck, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It was passed over in silence (read as plain text, where the escaped quotes of its JSON hide
    every call); a whole notebook beside it is read as before."""
    monkeypatch.chdir(tmp_path)
    cell = {"cell_type": "code", "source": ['m = AutoModel.from_pretrained("tiiuae/falcon-40b")\n']}
    whole = json.dumps(
        {"cells": [{**cell, "metadata": {}, "outputs": []}], "metadata": {}, "nbformat": 4}, indent=1
    )
    (tmp_path / "whole.ipynb").write_text(whole, encoding="utf-8")
    (tmp_path / "cut.ipynb").write_text(whole[: len(whole) // 2 + 20], encoding="utf-8")
    (tmp_path / "nocells.ipynb").write_text('{"metadata": {}}', encoding="utf-8")
    for fmt in ("json", "table"):
        result = licheck("scan", ".", "--use", "commercial", "--format", fmt)
        assert result.exit_code == 0, result.stderr
    doc = json.loads(licheck("scan", ".", "--use", "commercial", "--format", "json").stdout)
    skipped = {s["file"]: s["reason"] for s in doc["skipped"]}
    assert set(skipped) == {"cut.ipynb", "nocells.ipynb"}
    assert "not a readable notebook (JSON error at line" in skipped["cut.ipynb"]
    assert "cut.ipynb" in licheck("scan", ".", "--use", "commercial").stdout
    assert {r["file"] for r in doc["references"]} == {"whole.ipynb"}


def test_scan_reads_the_manifests_rule_folders_as_check_does(
    licheck: Licheck, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A model of the project's own rules is judged by them in `scan` too (it was unknown there), and
    the rule file naming it is no code."""
    monkeypatch.chdir(tmp_path)
    acme_project(tmp_path)
    (tmp_path / "serve.sh").write_text("vllm serve acme/acme-7b\n", encoding="utf-8")
    assert licheck("check").exit_code == 0
    result = licheck("scan", ".", "--format", "json")
    assert result.exit_code == 0, result.stdout
    doc = json.loads(result.stdout)
    assert [m["license"] for m in doc["models"]] == ["apache-2.0"]
