"""Finding the manifest (issue 21): a pyproject.toml that is not valid TOML is named with its line
and error, never "no manifest"; `check` in a sub-folder finds the nearest manifest upward, up to
the repository's root."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Run

Licheck = Callable[..., Run]
MANIFEST = "uses: [commercial]\nmodels:\n  - tiiuae/falcon-40b\n"


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ('[project]\nname = "x"\n\n[tool.licheck]\nuses = [commercial]\n', 5),  # the table's own value
        ('[project]\nname = "x\n[tool.licheck]\nuses = ["commercial"]\n', 2),  # before the table
        ('[tool.licheck\nuses = ["commercial"]\n', 1),  # the header itself
        ('[project]\nname = "x\n', 2),  # no licheck table to be seen: still the only place left
    ],
)
def test_a_pyproject_that_is_not_toml_is_named_with_its_line(
    licheck: Licheck, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, line: int
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text(text, encoding="utf-8")
    result = licheck("check")
    assert result.exit_code == 2
    assert f"pyproject.toml:{line}: not valid TOML: " in result.stderr
    assert "no manifest" not in result.stderr
    assert "licheck init" not in result.stderr
    assert "Traceback" not in result.stderr


def test_a_tool_licheck_table_spelt_with_spaces_is_found(
    licheck: Licheck, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text(
        '[ tool . licheck ]\nuses = ["commercial"]\nmodels = ["tiiuae/falcon-40b"]\n', encoding="utf-8"
    )
    assert licheck("check").exit_code == 0


def test_a_broken_pyproject_beside_a_licheck_yaml_does_not_matter(
    licheck: Licheck, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text("[project\n", encoding="utf-8")
    (tmp_path / "licheck.yaml").write_text(MANIFEST, encoding="utf-8")
    assert licheck("check").exit_code == 0


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """outer/licheck.yaml above a repository outer/repo (with .git) whose root has a manifest."""
    outer = tmp_path / "outer"
    (outer / "repo" / ".git").mkdir(parents=True)
    (outer / "repo" / "src" / "pkg").mkdir(parents=True)
    (outer / "licheck.yaml").write_text(
        "uses: [commercial]\nmodels: [mosaicml/mpt-7b-chat]\n", encoding="utf-8"
    )
    (outer / "repo" / "licheck.yaml").write_text(MANIFEST, encoding="utf-8")
    return outer / "repo"


def test_check_in_a_sub_folder_finds_the_manifest_upward(
    licheck: Licheck, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo / "src" / "pkg")
    result = licheck("check")
    assert result.exit_code == 0, result.stderr
    assert "licheck.yaml" in result.stdout
    assert licheck("check", ".").exit_code == 0
    scanned = licheck("scan", ".")  # the manifest above gives the uses
    assert scanned.exit_code == 0, scanned.stderr


def test_the_search_stops_at_the_repository_root(
    licheck: Licheck, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The denied manifest above the repository is never reached."""
    (repo / "licheck.yaml").unlink()
    monkeypatch.chdir(repo / "src")
    result = licheck("check")
    assert result.exit_code == 2
    assert "no manifest in src or above it up to the repository's root" in result.stderr


def test_outside_a_repository_only_the_folder_itself_counts(
    licheck: Licheck, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "licheck.yaml").write_text(MANIFEST, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    assert licheck("check").exit_code == 2


def test_a_model_named_twice_is_a_warning_at_its_line(
    licheck: Licheck, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two spellings of one model (it was silent): a model-duplicate warning on the second, naming
    the first's line; the check still passes."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "licheck.yaml").write_text(
        MANIFEST + "  - mosaicml/mpt-7b\n  - TIIUAE/Falcon-40B\n", encoding="utf-8"
    )
    result = licheck("check", "--format", "json")
    assert result.exit_code == 0
    (found,) = [f for f in json.loads(result.stdout)["findings"] if f["code"] == "model-duplicate"]
    assert (found["model"], found["level"], found["location"]) == (
        "TIIUAE/Falcon-40B",
        "warning",
        {"file": "licheck.yaml", "line": 5},
    )
    assert "licheck.yaml:3" in found["message"]
