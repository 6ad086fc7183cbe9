"""Golden files for every output format: the exact text a user or a tool gets.

After an intended change of output (or of the rules' line numbers), run
`pytest --update-golden` and review the diff of tests/golden/.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import GOLDEN, Run
from licheck.reporters import Format, formats

MODEL_CASES = {
    "model-falcon-permission": [
        "falcon-40b",
        "--use",
        "commercial",
        "--use",
        "research",
        "--as-of",
        "2023-05-28",
        "--revenue",
        "5000000",
    ],
    "model-llama2-denied": [
        "meta-llama/Llama-2-7b-hf",
        "--use",
        "commercial",
        "--mau",
        "800000000",
        "--as-of",
        "2026-11-27",
    ],
    "model-alpaca-lineage": ["alpaca-7b", "--use", "commercial", "--as-of", "2026-11-27"],
    "model-unknown": ["falcn-40b", "--use", "commercial", "--as-of", "2026-11-27"],
}

MANIFEST = """\
uses: [commercial, fine-tune]
context:
  mau: 5000000
models:
  - tiiuae/falcon-40b
  - mosaicml/mpt-7b-chat
  - meta-llama/Llama-2-13b-hf
  - acme/unknown-model
policy:
  deny-families: [share-alike]
  exceptions:
    - model: no-longer-used
      reason: an old approval
"""


@pytest.mark.parametrize("fmt", [Format(f) for f in formats("model")])
@pytest.mark.parametrize("case", list(MODEL_CASES))
def test_model_output(
    licheck: Callable[..., Run], golden: Callable[[str, str], None], case: str, fmt: Format
) -> None:
    """`licheck model` in each format, for an allowed-with-royalty, a denied, a lineage and an unknown case."""
    result = licheck("model", *MODEL_CASES[case], "--format", str(fmt))
    golden(f"{case}.{'txt' if fmt is Format.TABLE else 'json'}", result.stdout)


SUFFIX = {
    Format.TABLE: "txt",
    Format.JSON: "json",
    Format.SARIF: "sarif",
    Format.JUNIT: "xml",
    Format.MARKDOWN: "md",
    Format.GITHUB: "github.txt",
    Format.HTML: "html",
    Format.CYCLONEDX: "cdx.json",
    Format.CYCLONEDX_17: "cdx17.json",
    Format.SPDX3: "spdx3.json",
    Format.SUMMARY: "summary.txt",
}


@pytest.mark.parametrize("fmt", [Format(f) for f in formats("check")])
def test_check_output(
    licheck: Callable[..., Run],
    golden: Callable[[str, str], None],
    fmt: Format,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`licheck check` in every format on one manifest with a failure, an unknown model and an unused exception."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    (tmp_path / "licheck.yaml").write_text(MANIFEST, encoding="utf-8")
    result = licheck("check", "--format", str(fmt), "--as-of", "2026-11-27")
    assert result.exit_code == 1
    golden(f"check.{SUFFIX[fmt]}", result.stdout)


def test_every_format_has_a_golden_file() -> None:
    """Adding a format without a golden file fails here (pip-audit's exhaustiveness test)."""
    names = {p.name for p in GOLDEN.iterdir()}
    for fmt in (Format(f) for f in formats("check")):
        assert f"check.{SUFFIX[fmt]}" in names
    for case in MODEL_CASES:
        assert {f"{case}.txt", f"{case}.json"} <= names


COMPARE = [
    "compare",
    "falcon-40b",
    "llama-2-70b",
    "mpt-7b",
    "mpt-7b-chat",
    "mistral-7b",
    "gemma-7b",
    "--use",
    "commercial",
    "--use",
    "fine-tune",
    "--use",
    "distill",
    "--as-of",
    "2026-11-27",
]
OTHER_CASES: dict[str, list[str]] = {
    "compare.txt": COMPARE,
    "compare-all-uses.txt": [*COMPARE[:7], "--as-of", "2026-11-27"],
    "compare.json": [*COMPARE, "--format", "json"],
    "compare.md": [*COMPARE, "--format", "markdown"],
    "compare.html": [*COMPARE, "--format", "html"],
    "compare-licenses.txt": ["compare", "--licenses", "llama2", "llama3.1", "apache-2.0", "cc-by-nc-4.0"],
    "list.json": [
        "list",
        "--allows",
        "commercial",
        "--publisher",
        "mosaic",
        "--mau",
        "5000000",
        "--as-of",
        "2026-11-27",
        "--format",
        "json",
    ],
    "list.txt": ["list", "--search", "falcon", "--as-of", "2026-11-27"],
    "list.ids": ["list", "--search", "falcon", "--as-of", "2026-11-27", "--format", "ids"],
    "explain.txt": [
        "explain",
        "alpaca-7b",
        "--use",
        "commercial",
        "--use",
        "research",
        "--as-of",
        "2026-11-27",
    ],
    "license-llama2.txt": ["license", "llama2"],
    "license-llama2.json": ["license", "llama2", "--format", "json"],
    "license-falcon.txt": ["license", "tii-falcon-llm-1.0"],
    "license-list.txt": ["license", "--list"],
    "license-list.json": ["license", "--list", "--format", "json"],
    "explain-conflicts.txt": ["explain", "whisper-large-v3", "--use", "commercial", "--as-of", "2026-11-27"],
    "rules-stats.txt": ["rules", "stats", "--as-of", "2026-11-27"],
    "rules-stats.json": ["rules", "stats", "--as-of", "2026-11-27", "--format", "json"],
    "rules-validate.json": ["rules", "validate", "--as-of", "2026-11-27", "--format", "json"],
}


@pytest.mark.parametrize("name", list(OTHER_CASES))
def test_other_output(
    licheck: Callable[..., Run],
    golden: Callable[[str, str], None],
    name: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """compare, list, explain and license, in each of their formats."""
    if name == "compare.txt":
        monkeypatch.setenv("COLUMNS", "80")
    golden(name, licheck(*OTHER_CASES[name]).stdout)
