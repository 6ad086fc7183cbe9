"""The README stays true to the code: finding codes, exit codes, commands."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import ROOT, Run
from licheck.core.codes import markdown_table
from licheck.core.findings import FINDING_CODES

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_every_finding_code_is_documented() -> None:
    """The README's finding-code table is the one generated from the codes enum, and lists exactly
    the codes licheck emits."""
    documented = set(re.findall(r"^\| `([a-z-]+)` \| (?:error|warning|note)", README, flags=re.MULTILINE))
    assert documented == set(FINDING_CODES)
    assert markdown_table() in README


def test_install_and_test_commands_are_documented() -> None:
    """CI runs exactly what the README says: these two commands must stay in it."""
    assert "\n    pip install .\n" in README
    assert '\n    pip install ".[test]" && pytest\n' in README
    ci = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install .\n" in ci
    assert 'pip install ".[test]"' in ci
    assert "python -m pytest" in ci


def _section(title: str) -> str:
    return README.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]


def test_the_first_install_line_installs_this_project() -> None:
    """The Install section leads with the command CI installs with, from a checkout; the PyPI name
    is given as what it will be once released, not as a command that works today."""
    install = _section("Install")
    first = next(line.strip() for line in install.splitlines() if line.startswith("    "))
    assert first == "pip install ."
    assert "not on PyPI yet" in install


def test_no_recipe_installs_from_pypi_before_the_release() -> None:
    """No CI recipe in the README runs `pip install licheck-ai` while the name is not on PyPI."""
    blocks = re.findall(r"^```ya?ml\n(.*?)^```$", README, flags=re.MULTILINE | re.DOTALL)
    assert blocks
    for block in blocks:
        assert "pip install licheck-ai" not in block, block


def test_the_notice_example_is_what_the_command_prints(
    licheck: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """README's example of `licheck notice` is real output: run it again and compare."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    prompt = "    $ licheck notice "
    start = readme.index(prompt)
    args = readme[start + len(prompt) : readme.index("\n", start)].split()
    block = readme[readme.index("\n", start) + 1 : readme.index("\n## ", start)]
    shown = "".join(line[4:] if line.strip() else "\n" for line in block.splitlines(True)).rstrip("\n")
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "empty"))
    assert licheck("notice", *args).stdout.rstrip("\n") == shown


# licheck's own pins in the documentation: `rev:` of its pre-commit hook, `licheck/licheck@REF` of
# its action, `git -C licheck checkout REF` of the GitLab recipe.
_PIN = re.compile(
    r"(?:^\s*rev:\s*|licheck/licheck@|git -C licheck checkout )([A-Za-z0-9._/-]+)", flags=re.MULTILINE
)
_PINNED_DOCS = ("README.md", "CHANGELOG.md", "CONTRIBUTING.md", "examples", ".github", "action.yml")


def _git(*args: str) -> subprocess.CompletedProcess[str] | None:
    """git run in this checkout, or None where there is no git or no repository (an sdist)."""
    if shutil.which("git") is None:
        return None
    found = subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True, check=False)
    inside = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--git-dir"], capture_output=True, text=True, check=False
    )
    return found if inside.returncode == 0 else None


def _licheck_pins() -> list[tuple[str, str]]:
    """(file, ref) of every pin of licheck itself the documentation shows."""
    files: list[Path] = []
    for name in _PINNED_DOCS:
        path = ROOT / name
        files += sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    pins: list[tuple[str, str]] = []
    for path in files:
        if not path.exists():
            continue
        text = path.read_text(encoding="utf-8")
        for block in re.split(r"(?=^\s*- repo: )", text, flags=re.MULTILINE):
            for match in _PIN.finditer(block):
                is_rev = match.group(0).lstrip().startswith("rev:")
                if is_rev and "licheck/licheck" not in block.split("\n", 1)[0]:
                    continue  # another project's hook (ruff's, in this repository's own config)
                pins.append((str(path.relative_to(ROOT)), match.group(1)))
    return pins


def test_documentation_never_pins_a_missing_tag() -> None:
    """Every pin of licheck shown in the README, the CHANGELOG and the examples resolves in the
    repository as it is: a tag only if `git tag -l` holds it, else a full commit SHA (one this
    repository has, where git can tell). A tag does not travel with a branch: `v0.2.0` was
    documented everywhere and never existed."""
    pins = _licheck_pins()
    assert {file for file, _ in pins} >= {"README.md", "examples/.pre-commit-config.yaml"}, pins
    listed = _git("tag", "-l")
    tags = set(listed.stdout.split()) if listed is not None else set()
    depth = _git("rev-parse", "--is-shallow-repository")
    shallow = depth is not None and depth.stdout.strip() == "true"
    for file, ref in pins:
        if ref in {"SHA", "vX.Y.Z"}:  # the placeholders the prose explains
            continue
        if ref in tags:
            continue
        assert re.fullmatch(r"[0-9a-f]{40}", ref), (
            f"{file}: {ref} is neither a tag of this repository nor a full SHA"
        )
        if shallow:  # a shallow clone (CI's checkout) holds only its last commits: nothing to ask
            continue
        known = _git("cat-file", "-e", f"{ref}^{{commit}}")
        assert known is None or known.returncode == 0, f"{file}: commit {ref} is not in this repository"


def test_the_first_examples_are_what_the_cli_prints(
    licheck: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The README's first examples (the `licheck model` runs above "## Install") are real output at
    80 columns, as far as their "...": run each again and compare, today's date read as the one
    shown (an example without --as-of answers for today)."""
    from datetime import date

    monkeypatch.setenv("COLUMNS", "80")
    top = README.split("\n## ", 1)[0]
    examples = re.findall(
        r"^    \$ licheck (model .*)\n((?:    (?!\$).*\n)+?)    \.\.\.\n", top, re.MULTILINE
    )
    assert len(examples) == 2
    for command, block in examples:
        shown = [line[4:] for line in block.splitlines()]
        day = re.search(r"as of (\d{4}-\d{2}-\d{2})", block)
        assert day is not None
        printed = licheck(*command.split()).stdout
        if "--as-of" not in command:
            printed = printed.replace(f"as of {date.today().isoformat()}", f"as of {day.group(1)}")
        assert [line.rstrip() for line in printed.splitlines()[: len(shown)]] == shown, command
