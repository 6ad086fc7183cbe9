"""Shared test setup: a fixed environment, the real CLI, and golden files."""

from __future__ import annotations

import os
import tempfile

# Before anything imports licheck.cli or rich: output must not depend on the terminal.
os.environ.update({"NO_COLOR": "1", "COLUMNS": "100", "TERM": "dumb", "_TYPER_FORCE_DISABLE_TERMINAL": "1"})
os.environ.pop("FORCE_COLOR", None)
os.environ.pop("LICHECK_NO_CACHE", None)
os.environ["LICHECK_CACHE_DIR"] = tempfile.mkdtemp(prefix="licheck-test-cache-")

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner

from licheck.cli import app
from licheck.rulesdb import RulesDir

# Property and fuzz tests draw the same examples on every run, so CI answers for the code it is
# given; LICHECK_FUZZ_RANDOM=1 (with LICHECK_FUZZ_EXAMPLES=5000) searches further by hand.
settings.register_profile("repeatable", derandomize=True)
settings.register_profile("search", derandomize=False)
settings.load_profile("search" if os.environ.get("LICHECK_FUZZ_RANDOM") else "repeatable")

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
GOLDEN = ROOT / "tests" / "golden"


def acme_project(folder: Path) -> None:
    """A project whose manifest names a rule folder of its own, `our-rules/`, which lists the one
    model it uses (acme/acme-7b, Apache-2.0)."""
    (folder / "our-rules").mkdir()
    (folder / "our-rules" / "models.yaml").write_text(
        "schema-version: 1\nmodels:\n  - id: acme-7b\n    name: ACME 7B\n    publisher: ACME\n"
        "    aliases: [acme/acme-7b]\n    license: apache-2.0\n"
        "    sources: [{url: 'https://example.org/acme'}]\n    checked: 2026-11-27\n",
        encoding="utf-8",
    )
    (folder / "licheck.yaml").write_text(
        "uses: [commercial]\nmodels: [acme/acme-7b]\nrules: [our-rules]\n", encoding="utf-8"
    )


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="Rewrite the golden files.")


@dataclass(frozen=True)
class Run:
    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture
def licheck() -> Callable[..., Run]:
    """Run the real CLI in-process: licheck("model", "falcon-40b", "--use", "commercial")."""
    runner = CliRunner()

    def run(*args: str) -> Run:
        result = runner.invoke(app, list(args), catch_exceptions=False)
        return Run(result.exit_code, result.stdout, result.stderr)

    return run


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    """Compare text with tests/golden/<name>; --update-golden rewrites it."""
    update = bool(request.config.getoption("--update-golden"))

    def check(name: str, text: str) -> None:
        path = GOLDEN / name
        if update:
            path.write_text(text, encoding="utf-8")
            return
        if not path.exists():
            pytest.fail(f"golden file {name} is missing: run pytest --update-golden and review it")
        assert text == path.read_text(encoding="utf-8"), f"output differs from tests/golden/{name}"

    return check


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A user cache of the test's own, empty."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("LICHECK_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> RulesDir:
    """As in an installed wheel: the bundled rules trusted, their index prebuilt beside them."""
    import shutil

    import licheck.rulesdb
    from licheck.rulesdb import build as indexbuild
    from licheck.rulesdb import folders

    rules = tmp_path / "site" / "rules"
    shutil.copytree(ROOT / "rules", rules)
    prebuilt = tmp_path / "site" / "rules.index"
    indexbuild.build_prebuilt(rules, prebuilt)
    bundled = RulesDir(rules, "rules", trusted=True)
    for module in (folders, indexbuild):
        monkeypatch.setattr(module, "PREBUILT", prebuilt)
    monkeypatch.setattr(folders, "_opened", [])
    for module in (folders, indexbuild, licheck.rulesdb):
        monkeypatch.setattr(module, "bundled_dir", lambda: bundled)
    return bundled
