"""The command line's contract: version, bad usage, overrides, output channels."""

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


def test_version(licheck: Callable[..., Run]) -> None:
    """--version prints the version and exits 0."""
    result = licheck("--version")
    assert result.exit_code == 0
    assert result.stdout == f"licheck {__version__}\n"


def test_module_entry_point() -> None:
    """`python -m licheck` is the same program."""
    done = subprocess.run(
        [sys.executable, "-m", "licheck", "--version"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0
    assert done.stdout.strip() == f"licheck {__version__}"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--use", "comercial"], "--use 'comercial' is not a known use (did you mean 'commercial'?)"),
        (["--use", "commercial", "--mau", "-5"], "--mau -5: must be zero or more"),
        (["--use", "commercial", "--revenue", "-1"], "--revenue -1: must be zero or more"),
        (["--use", "commercial", "--as-of", "2023-13-01"], "--as-of '2023-13-01': not a date (YYYY-MM-DD)"),
        (["--use", "commercial", "--as-of", "yesterday"], "--as-of 'yesterday': not a date (YYYY-MM-DD)"),
        (["--use", "commercial", "--org", "bank"], "--org 'bank': expected one of"),
        (["--use", "commercial", "--region", "Europe"], "--region 'EUROPE': expected an ISO country code"),
    ],
)
def test_bad_usage_exits_2(licheck: Callable[..., Run], args: list[str], message: str) -> None:
    """Bad flags get one clear message on stderr and exit 2, without a traceback."""
    result = licheck("model", "falcon-40b", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_missing_use_is_usage_error(licheck: Callable[..., Run]) -> None:
    """--use is required."""
    result = licheck("model", "falcon-40b")
    assert result.exit_code == 2
    assert "--use" in result.stderr


def test_bad_format_is_usage_error(licheck: Callable[..., Run]) -> None:
    """An unknown --format value is refused by the parser."""
    result = licheck("model", "falcon-40b", "--use", "commercial", "--format", "xml")
    assert result.exit_code == 2
    assert "xml" in result.stderr


def test_json_goes_to_stdout_messages_to_stderr(licheck: Callable[..., Run]) -> None:
    """stdout holds exactly one JSON object; notes go to stderr."""
    result = licheck("model", "no-such-model", "--use", "commercial", "--format", "json")
    doc = json.loads(result.stdout)
    assert doc["verdict"] == "unknown"
    assert result.stderr.startswith("licheck: 'no-such-model' is not in the rules")


def test_user_rules_override_bundled_and_say_so(licheck: Callable[..., Run], tmp_path: Path) -> None:
    """A user rule with a bundled id replaces it, with a note on stderr naming both places."""
    (tmp_path / "mine.yaml").write_text(
        "schema-version: 1\nmodels:\n  - id: falcon-40b\n    name: Falcon-40B (our reading)\n"
        "    publisher: TII\n    aliases: [tiiuae/falcon-40b]\n    license: cc-by-nc-4.0\n"
        "    sources: [{url: 'https://example.org/our-review'}]\n    checked: 2026-11-27\n",
        encoding="utf-8",
    )
    result = licheck(
        "model", "tiiuae/falcon-40b", "--use", "commercial", "--rules", str(tmp_path), "--format", "json"
    )
    assert json.loads(result.stdout)["license"] == "cc-by-nc-4.0"
    assert result.exit_code == 1
    assert (
        f"model 'falcon-40b' from {tmp_path}/mine.yaml:3 overrides the one at rules/models/falcon.yaml"
        in (result.stderr)
    )


def test_region_condition(licheck: Callable[..., Run]) -> None:
    """Llama 3.2 Vision's grant excludes the EU: a German company is denied, a US one is not."""
    de = json.loads(
        licheck(
            "model",
            "meta-llama/Llama-3.2-11B-Vision",
            "--use",
            "research",
            "--mau",
            "10",
            "--region",
            "DE",
            "--format",
            "json",
        ).stdout
    )
    us = json.loads(
        licheck(
            "model",
            "meta-llama/Llama-3.2-11B-Vision",
            "--use",
            "research",
            "--mau",
            "10",
            "--region",
            "US",
            "--format",
            "json",
        ).stdout
    )
    assert (de["verdict"], us["verdict"]) == ("denied", "allowed")


def test_cache_is_rebuilt_when_a_rule_file_changes(licheck: Callable[..., Run], tmp_path: Path) -> None:
    """Editing a user rule file is seen on the next run (the cache key covers every file)."""
    rule = tmp_path / "r.yaml"
    text = (
        "schema-version: 1\nmodels:\n  - id: acme-7b\n    name: ACME 7B\n    publisher: ACME\n"
        "    license: {lic}\n    sources: [{{url: 'https://example.org/acme'}}]\n    checked: 2026-11-27\n"
    )
    rule.write_text(text.format(lic="apache-2.0"), encoding="utf-8")
    first = json.loads(
        licheck(
            "model", "acme-7b", "--use", "commercial", "--rules", str(tmp_path), "--format", "json"
        ).stdout
    )
    rule.write_text(text.format(lic="cc-by-nc-4.0") + "\n", encoding="utf-8")
    second = json.loads(
        licheck(
            "model", "acme-7b", "--use", "commercial", "--rules", str(tmp_path), "--format", "json"
        ).stdout
    )
    assert (first["verdict"], second["verdict"]) == ("allowed", "denied")


@pytest.mark.parametrize(
    ("args", "key", "value"),
    [
        (["model", "falcon-40b", "--use", "commercial", "--format", "json"], "model", "falcon-40b"),
        (["rules", "stats", "--format", "json"], "uses", 6),
    ],
)
def test_installed_entry_point_runs_one_command(args: list[str], key: str, value: object) -> None:
    """The real entry point (which builds only the command being run) answers like the full app."""
    done = subprocess.run(
        [sys.executable, "-m", "licheck", *args], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)[key] == value


def test_entry_point_help_lists_every_command() -> None:
    """`licheck --help` goes through the full app and lists every command."""
    done = subprocess.run(
        [sys.executable, "-m", "licheck", "--help"],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "TYPER_USE_RICH": "0"},
    )
    assert done.returncode == 0
    for command in (
        "model",
        "check",
        "lock",
        "init",
        "notice",
        "compare",
        "list",
        "explain",
        "license",
        "rules",
    ):
        assert command in done.stdout


@pytest.mark.parametrize("shell", ["zsh", "fish", "bash"])
def test_show_completion_prints_the_shell_asked_for(shell: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", "from licheck.cli import main; main()", "--show-completion", shell],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0
    marker = {"zsh": "#compdef licheck", "fish": "complete --command licheck", "bash": "COMPREPLY"}[shell]
    assert marker in done.stdout


def test_completion_offers_uses_and_model_ids() -> None:
    env = {**os.environ, "_LICHECK_COMPLETE": "complete_zsh"}
    uses = subprocess.run(
        [sys.executable, "-m", "licheck"],
        env={**env, "_TYPER_COMPLETE_ARGS": "licheck model x --use comm"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert "commercial" in uses.stdout
    models = subprocess.run(
        [sys.executable, "-m", "licheck"],
        env={**env, "_TYPER_COMPLETE_ARGS": "licheck model meta-llama/llama-2-7"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert "meta-llama/llama-2-7b-hf" in models.stdout
