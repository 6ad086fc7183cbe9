"""The command line: parse arguments, call the core, pick a reporter, map errors to exit codes.

Exit codes: 0 allowed (or conditional), 1 denied, unknown (or conditional with --strict),
2 bad usage or bad input, 3 an internal error (a bug: please report it).
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from licheck import __version__
from licheck.errors import LicheckError, UsageError
from licheck.reporters import Format

if TYPE_CHECKING:
    from licheck.model import Context, RuleSet, Verdict

EXIT_OK, EXIT_FAIL, EXIT_BAD_INPUT, EXIT_INTERNAL = 0, 1, 2, 3

app = typer.Typer(
    name="licheck",
    help="Does the license of an open-weight AI model allow what you are about to do with it?",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

F = TypeVar("F", bound=Callable[..., Any])


def _err(message: str) -> None:
    sys.stderr.write(message.rstrip("\n") + "\n")


def handle_errors(func: F) -> F:
    """The one place where licheck's own errors become exit codes."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except LicheckError as error:
            _err(f"licheck: error: {error}")
            raise typer.Exit(error.exit_code) from None
        except BrokenPipeError:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise typer.Exit(EXIT_FAIL) from None
        except (typer.Exit, typer.Abort, KeyboardInterrupt):
            raise
        except Exception as error:  # a bug: say so plainly, no traceback unless asked
            if os.environ.get("LICHECK_DEBUG"):
                raise
            _err(
                f"licheck: internal error: {type(error).__name__}: {error}\n"
                "This is a bug in licheck; please report it (set LICHECK_DEBUG=1 for a traceback)."
            )
            raise typer.Exit(EXIT_INTERNAL) from None

    return wrapper  # type: ignore[return-value]


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"licheck {__version__}\n")
        raise typer.Exit(EXIT_OK)


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", help="Print the version and exit.", callback=_version, is_eager=True)
    ] = False,
) -> None:
    """Check open-weight model licenses against what you are about to do."""


# ---------------------------------------------------------------- shared options

RulesOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--rules",
        metavar="DIR",
        help="A folder of your own rule files, on top of the bundled ones (repeatable; "
        "entries with the same id override).",
    ),
]
UseOpt = Annotated[
    list[str],
    typer.Option(
        "--use",
        "-u",
        metavar="USE",
        help="A use to check (repeatable): research, commercial, "
        "hosted-service, redistribute, fine-tune, distill.",
    ),
]
MauOpt = Annotated[int | None, typer.Option("--mau", metavar="N", help="Your monthly active users.")]
DauOpt = Annotated[int | None, typer.Option("--dau", metavar="N", help="Your daily active users.")]
RevenueOpt = Annotated[
    int | None, typer.Option("--revenue", metavar="USD", help="Your annual revenue, in US dollars.")
]
AsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of", metavar="YYYY-MM-DD", help="Judge the licenses in effect on this date (default: today)."
    ),
]
RegionOpt = Annotated[
    str | None,
    typer.Option(
        "--region", metavar="CODE", help="Where you are based: an ISO country code or a region (EU)."
    ),
]
OrgOpt = Annotated[
    str | None,
    typer.Option(
        "--org",
        metavar="KIND",
        help="What kind of organisation you are: individual, company, cloud-provider, "
        "software-service-provider, government, military.",
    ),
]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
StrictOpt = Annotated[bool, typer.Option("--strict", help="Fail (exit 1) on conditional verdicts too.")]

ORG_KINDS = ("individual", "company", "cloud-provider", "software-service-provider", "government", "military")


def load_rules(extra: list[Path] | None) -> RuleSet:
    from licheck.index import RulesDir, bundled_dir, load_cached

    directories = [bundled_dir()]
    for path in extra or ():
        if not path.is_dir():
            raise UsageError(f"--rules {path}: not a folder")
        directories.append(RulesDir(path, str(path)))
    rules = load_cached(directories)
    for note in rules.overrides:
        _err(f"licheck: note: {note}")
    return rules


def make_context(
    as_of: str | None,
    mau: int | None,
    dau: int | None,
    revenue: int | None,
    region: str | None,
    org: str | None,
    rules: RuleSet | None = None,
) -> Context:
    from licheck.model import Context

    day = date.today()
    if as_of is not None:
        try:
            day = date.fromisoformat(as_of)
        except ValueError:
            raise UsageError(f"--as-of {as_of!r}: not a date (YYYY-MM-DD)") from None
    for flag, value in (("--mau", mau), ("--dau", dau), ("--revenue", revenue)):
        if value is not None and value < 0:
            raise UsageError(f"{flag} {value}: must be zero or more")
    if org is not None and org not in ORG_KINDS:
        raise UsageError(f"--org {org!r}: expected one of {', '.join(ORG_KINDS)}")
    if region is not None:
        region = region.strip().upper()
        known = rules is None or region in rules.regions
        if not known and not (len(region) == 2 and region.isalpha()):
            raise UsageError(
                f"--region {region!r}: expected an ISO country code (DE, US) or a "
                f"region ({', '.join(rules.regions) if rules else 'EU'})"
            )
    return Context(as_of=day, mau=mau, dau=dau, revenue=revenue, region=region, org=org)


def check_uses(rules: RuleSet, uses: list[str]) -> tuple[str, ...]:
    import difflib

    out = []
    for use in uses:
        name = use.strip().lower()
        if name not in rules.uses:
            close = difflib.get_close_matches(name, list(rules.uses), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise UsageError(f"--use {use!r} is not a known use{hint}; known: {', '.join(rules.uses)}")
        out.append(name)
    return tuple(dict.fromkeys(out))


def exit_code(verdict: Verdict, strict: bool) -> int:
    from licheck.model import Verdict

    if verdict is Verdict.ALLOWED:
        return EXIT_OK
    if verdict is Verdict.CONDITIONAL:
        return EXIT_FAIL if strict else EXIT_OK
    return EXIT_FAIL


def color_wanted() -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return sys.stdout.isatty()


def width() -> int:
    import shutil

    return max(60, min(shutil.get_terminal_size((100, 24)).columns, 160))


def emit(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


# ---------------------------------------------------------------- commands


@app.command()
@handle_errors
def model(
    name: Annotated[str, typer.Argument(metavar="MODEL", help="A model id, alias or Hugging Face repo id.")],
    use: UseOpt,
    mau: MauOpt = None,
    dau: DauOpt = None,
    revenue: RevenueOpt = None,
    as_of: AsOfOpt = None,
    region: RegionOpt = None,
    org: OrgOpt = None,
    rules_dirs: RulesOpt = None,
    output_format: FormatOpt = Format.TABLE,
    strict: StrictOpt = False,
) -> None:
    """Is USE of MODEL allowed? Prints the verdict, the license, the reasons and the obligations."""
    from licheck.engine import assess

    rules = load_rules(rules_dirs)
    context = make_context(as_of, mau, dau, revenue, region, org, rules)
    uses = check_uses(rules, use)
    result = assess(rules, name, uses, context)
    if output_format is Format.JSON:
        from licheck.reporters.jsonout import render_model

        emit(render_model(result))
        if result.model is None:
            _err(f"licheck: {name!r} is not in the rules; did you mean {', '.join(result.suggestions)}?")
    else:
        from licheck.reporters.table import render_model as render_table

        emit(render_table(result, color_wanted(), width()))
    raise typer.Exit(exit_code(result.verdict, strict))


def main() -> None:
    app()
