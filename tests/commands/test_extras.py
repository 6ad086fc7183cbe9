"""Every optional extra, missing: a format that needs one is exit 2 with the pip command before any
work or output; a step an extra only speeds up or adds to runs without it. Each run is a fresh
interpreter in which the extra's modules cannot be imported, as in an install without the extra."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from conftest import ROOT

# extra -> the top-level modules licheck imports from it
EXTRAS = {"sbom": ("cyclonedx",), "fast": ("ahocorasick_rs",), "evidence": ("identify", "ukkonen")}
SBOM_PIP = "pip install 'licheck-ai[sbom]'"
_RUN = """
import sys
for name in sys.argv[1].split(","):
    sys.modules[name] = None  # `import name` (and any submodule) raises ImportError
sys.argv = ["licheck", *sys.argv[2:]]
from licheck.cli import main
main()
"""


def _run(cwd: Path, missing: tuple[str, ...], *args: str) -> subprocess.CompletedProcess[str]:
    blocked = ",".join(m for name in missing for m in (name, f"{name}.spdx", f"{name}.identify"))
    env = {"PYTHONPATH": str(ROOT / "src"), "HF_HUB_CACHE": str(cwd / "no-cache"), "PATH": "/usr/bin:/bin"}
    return subprocess.run(
        [sys.executable, "-c", _RUN, blocked, *args],
        cwd=cwd,
        env={**env, "LICHECK_CACHE_DIR": str(cwd / "cache"), "HOME": str(cwd)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "licheck.yaml").write_text(
        "uses: [commercial]\nmodels: [tiiuae/falcon-40b]\n", encoding="utf-8"
    )
    (tmp_path / "app.py").write_text('pipe = pipeline("text-generation", model="tiiuae/falcon-40b")\n')
    model = tmp_path / "model"
    model.mkdir()
    (model / "LICENSE").write_text(
        "MIT License\n\nCopyright (c) 2024 Acme\n\nPermission is hereby granted, free of charge, to any "
        "person obtaining a copy\nof this software and associated documentation files.\n",
        encoding="utf-8",
    )
    return tmp_path


@pytest.mark.parametrize(
    "args",
    [
        ("check", "--format", "cyclonedx"),
        ("check", "--format", "cyclonedx-1.7", "--output", "bom.json"),
        ("check", "--report", "cyclonedx=bom.json"),
        ("check", "--format", "sarif", "--report", "cyclonedx-1.7=bom.json"),
        ("scan", ".", "--use", "commercial", "--format", "cyclonedx"),
        ("scan", ".", "--use", "commercial", "--report", "cyclonedx=bom.json"),
        ("inspect", "model", "--use", "commercial", "--format", "cyclonedx"),
    ],
)
def test_without_the_sbom_extra_every_cyclonedx_report_is_exit_2_before_any_output(
    project: Path, args: tuple[str, ...]
) -> None:
    """Nothing is printed or written first (a `--report cyclonedx=FILE` printed the whole table,
    then failed), and never exit 3."""
    result = _run(project, EXTRAS["sbom"], *args)
    assert result.returncode == 2, result.stderr
    assert SBOM_PIP in result.stderr
    assert "internal error" not in result.stderr
    assert result.stdout == ""
    assert not (project / "bom.json").exists()


def test_without_the_fast_extra_scan_finds_the_same(project: Path) -> None:
    fast = _run(project, (), "scan", ".", "--use", "commercial", "--format", "json")
    slow = _run(project, EXTRAS["fast"], "scan", ".", "--use", "commercial", "--format", "json")
    assert (fast.returncode, slow.returncode) == (0, 0), slow.stderr
    assert json.loads(slow.stdout)["references"] == json.loads(fast.stdout)["references"] != []


def test_without_the_evidence_extra_inspect_still_answers(project: Path) -> None:
    """Without `identify`, an open-source LICENSE is not identified: an answer, not a crash."""
    result = _run(project, EXTRAS["evidence"], "inspect", "model", "--use", "commercial", "--format", "json")
    assert result.returncode in (0, 1), result.stderr
    assert "internal error" not in result.stderr
    assert json.loads(result.stdout)


def test_the_all_extra_installs_every_runtime_extra() -> None:
    """`pip install '.[all]'` installs every extra licheck imports optionally (it installed none)."""
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "optional-dependencies"
    ]
    runtime = {name: reqs for name, reqs in extras.items() if name not in {"test", "all"}}
    assert set(runtime) >= set(EXTRAS)
    wanted = {str(Requirement(r)) for reqs in runtime.values() for r in reqs}
    assert wanted
    assert {str(Requirement(r)) for r in extras.get("all", [])} == wanted
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert '".[all]"' in readme
