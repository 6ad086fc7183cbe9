"""What a new user copies: the pre-commit hook, the GitHub Action and the examples."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, Run


def test_pre_commit_hook() -> None:
    """The hook manifest has pre-commit's required keys and runs the installed console script."""
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert isinstance(hooks, list)
    (hook,) = hooks
    assert {"id", "name", "entry", "language"} <= hook.keys()
    assert hook["entry"] == "licheck check"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is False
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'licheck = "licheck.cli:main"' in pyproject


def test_github_action() -> None:
    """A composite action that installs licheck, uploads SARIF even on failure, and fails the job."""
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    steps = action["runs"]["steps"]
    uses = [step.get("uses", "") for step in steps]
    assert any(u.startswith("github/codeql-action/upload-sarif@") for u in uses)
    upload = next(
        step for step in steps if step.get("uses", "").startswith("github/codeql-action/upload-sarif")
    )
    assert "always()" in upload["if"]
    runs = "\n".join(step.get("run", "") for step in steps)
    assert "--format sarif --output" in runs
    assert "--format github" in runs
    assert all(step.get("shell") == "bash" for step in steps if "run" in step)


def test_examples_check_out(licheck: Callable[..., Run]) -> None:
    """The example manifest and the organisation policy load and pass as shipped."""
    manifest = ROOT / "examples" / "licheck.yaml"
    result = licheck("check", "--manifest", str(manifest), "--format", "json")
    assert result.exit_code == 0, result.stdout
    assert json.loads(result.stdout)["summary"]["models"] == 5
    result = licheck(
        "check", "--manifest", str(manifest), "--policy", str(ROOT / "examples" / "org-policy.yaml")
    )
    assert result.exit_code in (0, 1)
    assert "Traceback" not in result.stderr


def test_manifest_rules_folders(
    licheck: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A manifest may name rule folders of its own, relative to itself."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "our-rules").mkdir()
    (tmp_path / "our-rules" / "models.yaml").write_text(
        "schema-version: 1\nmodels:\n  - id: acme-7b\n    name: ACME 7B\n    publisher: ACME\n"
        "    aliases: [acme/acme-7b]\n    license: apache-2.0\n"
        "    sources: [{url: 'https://example.org/acme'}]\n    checked: 2026-11-27\n",
        encoding="utf-8",
    )
    (tmp_path / "licheck.yaml").write_text(
        "uses: [commercial]\nmodels: [acme/acme-7b]\nrules: [our-rules]\n", encoding="utf-8"
    )
    result = licheck("check", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["models"][0]["license"] == "apache-2.0"


def test_init_writes_a_working_manifest(
    licheck: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`licheck init` writes the example manifest, which checks out; it will not overwrite one."""
    monkeypatch.chdir(tmp_path)
    assert licheck("init").exit_code == 0
    written = (tmp_path / "licheck.yaml").read_text(encoding="utf-8")
    assert written == (ROOT / "examples" / "licheck.yaml").read_text(encoding="utf-8")
    assert licheck("check").exit_code == 0
    again = licheck("init")
    assert again.exit_code == 2
    assert "exists; use --force" in again.stderr
    assert licheck("init", "--force").exit_code == 0
