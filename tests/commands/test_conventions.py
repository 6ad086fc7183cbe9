"""The conventions users expect from pip-audit and cargo-deny, through the real command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Run
from licheck import __version__

Licheck = Callable[..., Run]


def test_short_version(licheck: Licheck) -> None:
    result = licheck("-V")
    assert (result.exit_code, result.stdout) == (0, f"licheck {__version__}\n")


def test_quiet_prints_only_the_report(licheck: Licheck) -> None:
    loud = licheck("model", "no-such/model", "--use", "commercial", "--format", "json")
    quiet = licheck("-q", "model", "no-such/model", "--use", "commercial", "--format", "json")
    assert loud.stderr
    assert quiet.stderr == ""
    assert json.loads(quiet.stdout)["verdict"] == "unknown"


@pytest.mark.parametrize(("when", "colored"), [("always", True), ("never", False)])
def test_color_option(licheck: Licheck, when: str, colored: bool) -> None:
    out = licheck("--color", when, "model", "falcon-40b", "--use", "commercial").stdout
    assert ("\x1b[" in out) is colored


def _project(tmp_path: Path, text: str) -> Path:
    (tmp_path / "licheck.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def test_strict_check_fails_conditional_uses(licheck: Licheck, tmp_path: Path) -> None:
    project = _project(tmp_path, "uses: [commercial]\nmodels: [meta-llama/Llama-2-7b-hf]\n")
    assert licheck("check", str(project)).exit_code == 0
    assert licheck("check", str(project), "--strict").exit_code == 1


def test_several_reports_from_one_run(licheck: Licheck, tmp_path: Path) -> None:
    project = _project(tmp_path, "uses: [commercial]\nmodels: [tiiuae/falcon-40b]\n")
    result = licheck(
        "check",
        str(project),
        "--format",
        "github",
        "--report",
        f"sarif={tmp_path / 'x.sarif'}",
        "--report",
        f"junit={tmp_path / 'x.xml'}",
    )
    assert result.exit_code == 0
    assert json.loads((tmp_path / "x.sarif").read_text(encoding="utf-8"))["version"] == "2.1.0"
    assert (tmp_path / "x.xml").read_text(encoding="utf-8").startswith("<?xml")
    assert "passed" in result.stdout
    bad = licheck("check", str(project), "--report", "pdf=x.pdf")
    assert bad.exit_code == 2
    assert "expected FORMAT=FILE" in bad.stderr


def test_a_closed_pipe_keeps_the_commands_exit_code(tmp_path: Path) -> None:
    """`licheck list --format json | head -1` is not an error of licheck: it exits 0, as list does."""
    shell = f'{sys.executable} -m licheck list --format json | head -1 >/dev/null; echo "${{PIPESTATUS[0]}}"'
    done = subprocess.run(["bash", "-c", shell], capture_output=True, text=True, check=False, env=os.environ)
    assert done.stdout.strip() == "0", done.stderr
    assert "Traceback" not in done.stderr


def test_lock_terms_changed_says_what_changed(licheck: Licheck, tmp_path: Path) -> None:
    project = _project(tmp_path, "uses: [commercial]\nmodels: [tiiuae/falcon-40b]\n")
    assert licheck("lock", str(project)).exit_code == 0
    lock = json.loads((project / "licheck.lock").read_text(encoding="utf-8"))
    lock["models"][0]["decisions"]["apache-2.0"]["commercial"] = (
        "denied"  # as if the terms were stricter then
    )
    lock["models"][0]["terms"] = "sha256:0"
    (project / "licheck.lock").write_text(json.dumps(lock), encoding="utf-8")
    doc = json.loads(licheck("check", str(project), "--format", "json").stdout)
    changed = [f for f in doc["findings"] if f["code"] == "lock-terms-changed"]
    assert changed
    assert "apache-2.0 commercial denied → allowed" in changed[0]["message"]
