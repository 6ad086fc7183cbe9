"""`licheck rules validate | stats`: looking after the rules themselves."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from licheck.commands.common import load_rules
from licheck.commands.options import AsOfOpt, RulesOpt, format_option
from licheck.commands.output import deliver, note, options
from licheck.core.errors import UsageError
from licheck.project.context import day

app = typer.Typer(help="Validate the rules and count what they hold.", no_args_is_help=True)


@app.command("validate")
def validate(
    dirs: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="[DIR]...",
            help="Rule folders to check on top of the bundled ones (default: the bundled rules alone).",
        ),
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Fail (exit 1) on warnings too.")] = False,
    as_of: AsOfOpt = None,
    output_format: Annotated[str, format_option("rules-validate")] = "table",
) -> int:
    """Check rule files: loading's checks and lint warnings.

    Every error with its file and line, as loading reports them, plus warnings: stale check
    dates, missing decisions, sources without sections, licenses no model uses, aliases that
    collide with another entry's Hub id.
    """
    from licheck.reporters import reporter
    from licheck.rulesdb import RulesDir, bundled_dir
    from licheck.rulesdb.load import load
    from licheck.views.audit import lint
    from licheck.views.reports import Validation

    directories = [bundled_dir()]
    for path in dirs or ():
        if not path.exists():
            raise UsageError(f"{path}: no such folder")
        if not path.is_dir():
            raise UsageError(f"{path}: not a folder")
        directories.append(RulesDir(path, str(path)))
    rules = load(directories, full=True)  # raises RulesError (exit 2) with every problem
    warnings = tuple(lint(rules, day("--as-of", as_of), hub_license_ids()))
    counts = {"models": len(rules.models), "licenses": len(rules.licenses), "datasets": len(rules.datasets)}
    deliver(reporter("rules-validate", output_format)(Validation(warnings, counts), options()), None)
    note(
        f"licheck: rules valid: {counts['models']} models, {counts['licenses']} licenses, "
        f"{counts['datasets']} datasets; {len(warnings)} warning{'s' * (len(warnings) != 1)}"
    )
    return 1 if strict and warnings else 0


def hub_license_ids() -> frozenset[str]:
    """The Hub's license identifiers, as kept in rules/hub-licenses.txt (with its source)."""
    from licheck.rulesdb import bundled_dir

    text = (bundled_dir().path / "hub-licenses.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


@app.command("stats")
def stats(
    rules_dirs: RulesOpt = None,
    as_of: AsOfOpt = None,
    output_format: Annotated[str, format_option("rules-stats")] = "table",
) -> int:
    """Count the models, licenses and datasets in the rules, by family and publisher."""
    from licheck.reporters import reporter
    from licheck.views.audit import stats as count

    rules = load_rules(rules_dirs)
    deliver(reporter("rules-stats", output_format)(count(rules, day("--as-of", as_of)), options()), None)
    return 0


@app.command("verify")
def verify() -> int:
    """Check the installed rules against the digest recorded when the wheel was built.

    Exit 0 when they match, 1 when a rules file was changed after the build (or, in a checkout,
    when no digest was recorded: the rules there are whatever the working tree holds).
    """
    from licheck.rulesdb import verify_bundled

    ok, expected, actual = verify_bundled()
    if not expected:
        note(
            f"licheck: no build-time digest (a checkout, not an installed wheel); the rules digest is {actual}"
        )
        return 1
    if ok:
        note(f"licheck: the installed rules match the build: {actual}")
        return 0
    note(f"licheck: the installed rules differ from the build: expected {expected}, found {actual}")
    return 1
