"""What a new user copies and what a contributor reads: the pre-commit hook, the GitHub Action, the
workflow example, this repository's own pre-commit config, CONTRIBUTING and the CHANGELOG."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from importlib import import_module
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import ROOT, Run, acme_project
from licheck import __version__
from licheck.cli import COMMANDS

# A third-party action or hook pinned to a release tag (v4, v0.2.0) or a full commit sha.
PINNED = re.compile(r"@(v\d+(\.\d+)*|[0-9a-f]{40})$")
MANIFEST = "uses: [commercial]\nmodels: [tiiuae/falcon-40b]\n"
DENIED = "uses: [commercial]\nmodels: [mosaicml/mpt-7b-chat]\n"


def _yaml(name: str) -> Any:
    return yaml.safe_load((ROOT / name).read_text(encoding="utf-8"))


def _hook(hook_id: str) -> dict[str, Any]:
    """One hook of the hook file, by id."""
    hooks: list[dict[str, Any]] = _yaml(".pre-commit-hooks.yaml")
    (hook,) = [h for h in hooks if h["id"] == hook_id]
    return hook


def _pre_commit() -> Any:
    """pre-commit's own configuration checks (clientlib), or None when pre-commit is not installed."""
    try:
        return import_module("pre_commit.clientlib")
    except ImportError:
        return None


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _licheck_on_path(tmp_path: Path) -> dict[str, str]:
    """An environment whose `licheck` runs this checkout's code with the test's Python."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    shim = _write(bin_dir / "licheck", f'#!/bin/sh\nexec "{sys.executable}" -m licheck "$@"\n')
    shim.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "PRE_COMMIT"))}
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT / "src"), env.get("PYTHONPATH")) if p)
    return env


# ---------------------------------------------------------------- the pre-commit hook


def test_pre_commit_hook_manifest() -> None:
    """The hook file is valid for pre-commit (its own validator when installed, else the spec's
    required keys) and runs the installed console script on the folder named in `args`."""
    clientlib = _pre_commit()
    if clientlib is not None:
        clientlib.load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))  # raises when invalid
    hooks = _yaml(".pre-commit-hooks.yaml")
    assert isinstance(hooks, list)
    assert [h["id"] for h in hooks] == ["licheck", "licheck-scan"]
    hook = _hook("licheck")
    assert {"id", "name", "entry", "language"} <= hook.keys()
    assert hook["entry"] == "licheck check"
    assert hook["language"] == "python"
    # The changed files are passed: each names its manifest (check takes several PATHs).
    assert hook["pass_filenames"] is True
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'licheck = "licheck.cli:main"' in pyproject
    assert 'name = "licheck-ai"' in pyproject


@pytest.mark.parametrize(
    ("path", "runs"),
    [
        ("licheck.yaml", True),
        ("licheck.yml", True),
        (".licheck.yaml", True),
        (".licheck.yml", True),
        ("licheck.lock", True),
        ("pyproject.toml", True),
        ("services/api/licheck.yaml", True),
        ("services/api/.licheck.yaml", True),
        ("services/api/licheck.lock", True),
        ("services/api/pyproject.toml", True),
        ("notlicheck.yaml", False),
        ("licheck.yaml.bak", False),
        ("docs/licheck.md", False),
        ("src/licheck/cli.py", False),
    ],
)
def test_pre_commit_hook_files(path: str, runs: bool) -> None:
    """The hook runs when a manifest, a lock or a pyproject.toml changes, in any folder."""
    hook = _hook("licheck")
    assert bool(re.search(hook["files"], path)) is runs


@pytest.mark.parametrize(
    ("manifest", "text"),
    [
        ("services/api/licheck.yaml", MANIFEST),
        ("services/api/licheck.yml", MANIFEST),
        ("services/api/.licheck.yaml", MANIFEST),
        (
            "services/api/pyproject.toml",
            '[tool.licheck]\nuses = ["commercial"]\nmodels = ["tiiuae/falcon-40b"]\n',
        ),
    ],
)
def test_hook_checks_a_manifest_in_a_sub_folder(
    licheck: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, manifest: str, text: str
) -> None:
    """From the repository root, as pre-commit runs it: the hook's entry with `args: [services/api]`
    checks the sub-folder's manifest, and so does the manifest file itself as PATH. The report
    names the manifest relative to the root, so annotations land on it."""
    monkeypatch.chdir(tmp_path)
    _write(tmp_path / manifest, text)
    hook = _hook("licheck")
    command = hook["entry"].split()[1:]
    for target in ("services/api", manifest):
        result = licheck(*command, target, "--format", "json")
        assert result.exit_code == 0, result.stderr
        doc = json.loads(result.stdout)
        assert doc["manifest"] == manifest
        assert doc["models"][0]["location"]["file"] == manifest
    # As pre-commit passes changed files: the manifest, its lock, and a pyproject.toml without a table.
    _write(tmp_path / "pyproject.toml", "[project]\nname = 'x'\n")
    result = licheck(
        *command, manifest, str(Path(manifest).parent / "licheck.lock"), "pyproject.toml", "--format", "json"
    )
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["manifest"] == manifest  # checked once


def test_hook_uses_the_lock_beside_a_sub_folder_manifest(
    licheck: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`licheck lock services/api` writes the lock beside that manifest, and the hook's check of
    the folder reads it (no lock-missing warning)."""
    monkeypatch.chdir(tmp_path)
    _write(tmp_path / "services/api/licheck.yaml", MANIFEST)
    assert licheck("lock", "services/api").exit_code == 0
    assert (tmp_path / "services/api/licheck.lock").is_file()
    doc = json.loads(licheck("check", "services/api", "--format", "json").stdout)
    assert doc["passed"] is True
    assert not [f for f in doc["findings"] if f["code"] == "lock-missing"]


@pytest.mark.skipif(_pre_commit() is None or shutil.which("git") is None, reason="needs pre-commit and git")
def test_pre_commit_runs_the_hook_for_sub_folders(tmp_path: Path) -> None:
    """pre-commit itself, offline, in a real git repository with two manifests in sub-folders:
    the hook as shipped (entry, files, pass_filenames) checks the manifests whose files changed."""
    env = _licheck_on_path(tmp_path)
    env["PRE_COMMIT_HOME"] = str(tmp_path / "pre-commit-home")
    repo = tmp_path / "repo"
    _write(repo / "services/api/licheck.yaml", MANIFEST)
    _write(repo / "services/web/licheck.yaml", DENIED)
    hook = _hook("licheck")
    local = {k: hook[k] for k in ("id", "name", "entry", "pass_filenames", "files")}
    config = {
        "repos": [
            {
                "repo": "local",
                "hooks": [{**local, "language": "system"}],
            }
        ]
    }
    _write(repo / ".pre-commit-config.yaml", yaml.safe_dump(config, sort_keys=False))

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)

    def pre_commit(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "pre_commit", "run", *args],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )

    git("init", "-q")
    git("add", ".pre-commit-config.yaml", "services/api")
    done = pre_commit()  # only services/api is staged
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(r"^licheck \(model licenses\)\.+Passed$", done.stdout, flags=re.MULTILINE)
    git("add", ".")
    done = pre_commit("--all-files")  # services/web denies commercial use
    assert done.returncode == 1, done.stdout + done.stderr
    assert "use-denied" in done.stdout
    assert "services/web/licheck.yaml:2" in done.stdout


@pytest.mark.skipif(_pre_commit() is None or shutil.which("git") is None, reason="needs pre-commit and git")
def test_pre_commit_scan_hook_runs_when_only_code_changes(tmp_path: Path) -> None:
    """With `scan: true`, a commit that adds a model to the code and touches no manifest: the
    `licheck` hook is skipped (no manifest changed), `licheck-scan` runs and fails the commit."""
    env = _licheck_on_path(tmp_path)
    env["PRE_COMMIT_HOME"] = str(tmp_path / "pre-commit-home")
    repo = tmp_path / "repo"
    _write(repo / "licheck.yaml", "uses: [commercial]\nmodels: [tiiuae/falcon-40b]\nscan: true\n")
    _write(repo / "app.py", 'pipe = pipeline("text-generation", model="tiiuae/falcon-40b")\n')
    keys = ("id", "name", "entry", "pass_filenames", "files")
    hooks = [
        {**{k: h[k] for k in keys if k in h}, "language": "system"}
        for h in map(_hook, ("licheck", "licheck-scan"))
    ]
    _write(repo / ".pre-commit-config.yaml", yaml.safe_dump({"repos": [{"repo": "local", "hooks": hooks}]}))

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(args, cwd=repo, env=env, capture_output=True, text=True, check=False)

    for args in (
        ("init", "-q"),
        ("add", "."),
        ("-c", "user.email=a@b.c", "-c", "user.name=a", "commit", "-qm", "x"),
    ):
        assert run("git", *args).returncode == 0
    _write(repo / "app.py", 'pipe = pipeline("text-generation", model="mosaicml/mpt-7b-chat")\n')
    assert run("git", "add", "app.py").returncode == 0
    done = run(sys.executable, "-m", "pre_commit", "run")
    assert done.returncode == 1, done.stdout + done.stderr
    assert re.search(r"^licheck \(model licenses\)\.+\(no files to check\)Skipped$", done.stdout, flags=re.M)
    assert "model-undeclared" in done.stdout
    assert "app.py:1" in done.stdout


# ---------------------------------------------------------------- the GitHub Action


def _steps() -> list[dict[str, Any]]:
    steps: list[dict[str, Any]] = _yaml("action.yml")["runs"]["steps"]
    return steps


def _check_step() -> dict[str, Any]:
    (step,) = [s for s in _steps() if "licheck check" in s.get("run", "")]
    return step


def test_github_action() -> None:
    """A composite action: one `licheck check` writes the annotations, the job summary and the
    SARIF file; the upload runs after a failed check too, but only when the SARIF was written."""
    action = _yaml("action.yml")
    assert action["runs"]["using"] == "composite"
    steps = _steps()
    check = _check_step()
    assert check["id"] == "check"
    assert "--format github" in check["run"]
    assert '--report "sarif=$LICHECK_SARIF"' in check["run"]
    assert check["env"]["LICHECK_SARIF"] == "${{ inputs.sarif-file }}"
    assert action["outputs"]["exit-code"]["value"] == "${{ steps.check.outputs.exit-code }}"
    (upload,) = [s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif@")]
    assert steps.index(upload) > steps.index(check)
    assert "always()" in upload["if"]
    assert "steps.check.outputs.sarif-written == 'true'" in upload["if"]
    assert "inputs.upload-sarif == 'true'" in upload["if"]
    assert upload["with"]["sarif_file"] == "${{ inputs.sarif-file }}"
    install = next(s for s in steps if "pip install" in s.get("run", ""))
    assert install["env"]["LICHECK_ACTION_PATH"] == "${{ github.action_path }}"
    for step in steps:
        if "run" in step:
            assert step.get("shell") == "bash"
            # inputs reach the shell through env, never spliced into the script
            assert "${{" not in step["run"]


def test_action_pins_every_action() -> None:
    """Every `uses:` of the action and of the workflow example names a tag or a commit."""
    workflow = _yaml("examples/github-workflow.yml")
    used = [s["uses"] for s in _steps() if "uses" in s]
    used += [s["uses"] for job in workflow["jobs"].values() for s in job["steps"] if "uses" in s]
    assert used
    for name in used:
        assert PINNED.search(name), name


def test_check_has_the_options_the_action_uses(licheck: Callable[..., Run]) -> None:
    """The options the action passes exist on `licheck check`."""
    result = licheck("check", "--help")
    assert result.exit_code == 0
    for option in ("--format", "--report", "--policy"):
        assert option in result.stdout


def _run_check_step(tmp_path: Path, path: str, **inputs: str) -> tuple[int, dict[str, str], str, Path]:
    """The action's check step as the runner would run it: its script under bash, its env with the
    inputs filled in, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, and this checkout's licheck."""
    action = _yaml("action.yml")
    values = {name: spec.get("default", "") for name, spec in action["inputs"].items()}
    values.update({"path": path, **inputs})
    step = _check_step()
    env = _licheck_on_path(tmp_path)
    for name, value in step["env"].items():
        found = re.fullmatch(r"\$\{\{ inputs\.([a-z-]+) \}\}", value)
        assert found, value
        env[name] = values[found.group(1)]
    output, summary = tmp_path / "github-output", tmp_path / "step-summary.md"
    env.update(GITHUB_OUTPUT=str(output), GITHUB_STEP_SUMMARY=str(summary))
    done = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],  # as the runner runs a step
        cwd=tmp_path / "repo",
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    lines = output.read_text(encoding="utf-8").splitlines()
    outputs = {name: value for name, _, value in (line.partition("=") for line in lines)}
    return done.returncode, outputs, done.stdout, summary


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_action_check_step(tmp_path: Path) -> None:
    """Passed, failed and bad input, through the step's own script: the exit code is the step's
    and the output's; annotations, job summary and SARIF come from the one run; the SARIF counts as
    written only when licheck finished its reports."""
    repo = tmp_path / "repo"
    _write(repo / "services/api/licheck.yaml", MANIFEST)
    _write(repo / "services/web/licheck.yaml", DENIED)
    _write(repo / "broken/licheck.yaml", "uses: [commercial\n")

    code, outputs, _, summary = _run_check_step(tmp_path, "services/api")
    assert (code, outputs) == (0, {"exit-code": "0", "sarif-written": "true"})
    sarif = json.loads((repo / "licheck.sarif").read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0"
    assert "1 model x 1 use" in summary.read_text(encoding="utf-8")

    code, outputs, stdout, _ = _run_check_step(tmp_path, "services/web", **{"sarif-file": "web.sarif"})
    assert (code, outputs) == (1, {"exit-code": "1", "sarif-written": "true"})
    assert "::error file=services/web/licheck.yaml,line=2," in stdout
    results = json.loads((repo / "web.sarif").read_text(encoding="utf-8"))["runs"][0]["results"]
    assert any(r["ruleId"] == "use-denied" for r in results)

    code, outputs, _, _ = _run_check_step(tmp_path, "broken", **{"sarif-file": "broken.sarif"})
    assert (code, outputs) == (2, {"exit-code": "2", "sarif-written": "false"})
    assert not (repo / "broken.sarif").exists()

    policy = _write(repo / "policy.yaml", "schema-version: 1\ndeny-families: [permissive]\n")
    code, outputs, stdout, _ = _run_check_step(tmp_path, "services/api", policy=policy.name)
    assert (code, outputs["exit-code"]) == (1, "1")
    assert "license-denied" in stdout


def test_workflow_example() -> None:
    """The example workflow runs on pull requests, may upload SARIF, and uses the action at a full
    commit SHA (no release is tagged yet: tests/test_docs.py checks that the commit exists)."""
    workflow = _yaml("examples/github-workflow.yml")
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert "pull_request" in triggers
    assert workflow["permissions"] == {"contents": "read", "security-events": "write"}
    (job,) = workflow["jobs"].values()
    uses = [s["uses"] for s in job["steps"] if "uses" in s]
    assert uses[0].startswith("actions/checkout@")
    assert any(re.fullmatch(r"licheck/licheck@[0-9a-f]{40}", name) for name in uses), uses
    step = next(s for s in job["steps"] if s.get("uses", "").startswith("licheck/licheck@"))
    assert set(step.get("with", {})) <= set(_yaml("action.yml")["inputs"])


# ---------------------------------------------------------------- this repository's own habits


def test_repository_pre_commit_config() -> None:
    """ruff (check and format) at a released tag of the official hooks, and mypy from the
    project's environment over the files CI checks."""
    clientlib = _pre_commit()
    if clientlib is not None:
        clientlib.load_config(str(ROOT / ".pre-commit-config.yaml"))  # raises when invalid
    repos = {repo["repo"]: repo for repo in _yaml(".pre-commit-config.yaml")["repos"]}
    ruff = repos["https://github.com/astral-sh/ruff-pre-commit"]
    assert re.fullmatch(r"v\d+\.\d+\.\d+", ruff["rev"])
    assert [hook["id"] for hook in ruff["hooks"]] == ["ruff-check", "ruff-format"]
    local = {hook["id"]: hook for hook in repos["local"]["hooks"]}
    assert local["mypy"]["entry"] == "mypy"
    assert local["mypy"]["language"] == "system"
    assert local["mypy"]["pass_filenames"] is False  # [tool.mypy] files, as in CI
    assert local["licheck-rules"]["entry"] == "licheck rules validate --strict"


def test_ci_runs_the_linters() -> None:
    """CI checks formatting as well as lint and types, in that order."""
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "\nruff check .\nruff format --check .\nmypy\n" in ci


CONTRIBUTING = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")


def _licheck_commands(text: str) -> list[list[str]]:
    """The `licheck ...` commands a document names, in backticks or in indented code, as words."""
    found = re.findall(r"`licheck ([^`]+)`", text)
    found += re.findall(r"^ {4}licheck (.+)$", text, flags=re.MULTILINE)
    return [words.split() for words in found]


def test_contributing_names_real_commands(licheck: Callable[..., Run]) -> None:
    """Every `licheck ...` command CONTRIBUTING names exists, with the options it shows."""
    commands = _licheck_commands(CONTRIBUTING)
    assert len(commands) >= 4
    for words in commands:
        if words[0].startswith("-"):  # a global option: `licheck --help`
            path = []
        else:
            assert words[0] in COMMANDS, words
            path = words[:2] if words[0] == "rules" else words[:1]
        result = licheck(*path, "--help")
        assert result.exit_code == 0, (words, result.stderr)
        for option in (w.split("=")[0] for w in words if w.startswith("--")):
            assert option in result.stdout, (words, option)


def test_contributing_checks_are_the_ci_checks() -> None:
    """The checks CONTRIBUTING asks for are the ones CI runs, and the golden option exists."""
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    for command in ("ruff check .", "ruff format --check .", "mypy"):
        assert f"`{command}`" in CONTRIBUTING
        assert f"\n{command}\n" in ci
    assert "`pytest`" in CONTRIBUTING
    assert "python -m pytest" in ci
    assert "`licheck rules validate --strict`" in CONTRIBUTING
    assert "pytest --update-golden" in CONTRIBUTING
    assert '"--update-golden"' in (ROOT / "tests" / "conftest.py").read_text(encoding="utf-8")


def test_contributing_paths_and_names_exist() -> None:
    """The files CONTRIBUTING links or names exist, and so do the names it tells people to edit."""
    linked = re.findall(r"\]\(([^)#]+)\)", CONTRIBUTING)
    named = re.findall(r"`((?:src|tests|rules|\.ci)/[^`\s]*)`", CONTRIBUTING)
    assert linked
    assert named
    for path in {*linked, *named}:
        if "NAME" in path:  # a placeholder: the folder exists
            assert (ROOT / path).parent.is_dir(), path
        else:
            assert (ROOT / path).exists(), path
    names = {
        "src/licheck/cli.py": ["COMMANDS"],
        "src/licheck/reporters/__init__.py": ["REPORTERS", "class Format", "_SCRUBBED"],
        "src/licheck/core/codes.py": ["class Code", "def markdown_table"],
        "src/licheck/commands/options.py": ["RulesOpt", "MauOpt", "AsOfOpt", "def format_option"],
        "src/licheck/commands/common.py": ["def load_rules", "def find_references", "def assess_name"],
        "src/licheck/project/context.py": ["class ContextFlags", "def make_context", "def check_uses"],
        "src/licheck/project/inputs.py": ["class Project"],
        "src/licheck/commands/output.py": ["def deliver", "def note", "def warn"],
        "src/licheck/core/errors.py": ["class UsageError", "class InputError"],
        "tests/test_golden.py": ["SUFFIX", "OTHER_CASES", "def test_every_format_has_a_golden_file"],
        "tests/test_facts.py": ["FACTS", "FAMILIES"],
        "tests/commands/test_cli_basics.py": ["def test_entry_point_help_lists_every_command"],
    }
    for path, wanted in names.items():
        text = (ROOT / path).read_text(encoding="utf-8")
        for name in wanted:
            assert name in text, (path, name)
            assert name.split()[-1] in CONTRIBUTING, name


def test_changelog_has_the_current_version() -> None:
    """The CHANGELOG describes the version licheck reports, under a dated heading, newest first."""
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    versions = re.findall(r"^## \[(\d+\.\d+\.\d+)\] - (\d{4}-\d{2}-\d{2})$", changelog, flags=re.MULTILINE)
    assert versions, "no released version in CHANGELOG.md"
    assert versions[0][0] == __version__
    numbers = [tuple(int(n) for n in v.split(".")) for v, _ in versions]
    assert numbers == sorted(numbers, reverse=True)
    assert "## [Unreleased]" in changelog
    assert "pip install licheck-ai" in changelog


# ---------------------------------------------------------------- the examples


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
    acme_project(tmp_path)
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
