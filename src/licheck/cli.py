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
from licheck.reporters import CheckFormat, CompareFormat, Format, ListFormat, Options

if TYPE_CHECKING:
    from licheck.model import Context, License, RuleSet, Verdict

EXIT_OK, EXIT_FAIL, EXIT_INTERNAL = 0, 1, 3  # 2, bad input, is LicheckError.exit_code

APP_SETTINGS: dict[str, Any] = {
    "name": "licheck",
    "help": "Does the license of an open-weight AI model allow what you are about to do with it?",
    "no_args_is_help": True,
    "pretty_exceptions_enable": False,
    "context_settings": {"help_option_names": ["-h", "--help"]},
}
app = typer.Typer(**APP_SETTINGS)

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

ModelArg = Annotated[str, typer.Argument(metavar="MODEL", help="A model id, alias or Hugging Face repo id.")]
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


def load_rules(extra: list[Path] | None, from_manifest: tuple[Path, ...] = ()) -> RuleSet:
    from licheck.index import RulesDir, bundled_dir, load_cached

    directories = [bundled_dir()]
    for path in from_manifest:
        if not path.is_dir():
            raise UsageError(f"rules folder {path} (named in the manifest): not a folder")
        directories.append(RulesDir(path, str(path)))
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


def find_license(rules: RuleSet, name: str) -> License:
    """A license by id or alias, or a usage error naming the closest ones."""
    import difflib

    lic = rules.find_license(name)
    if lic is None:
        close = difflib.get_close_matches(name.lower(), list(rules.license_names), n=3, cutoff=0.5)
        hint = (
            f"; did you mean {', '.join(dict.fromkeys(rules.license_names[c] for c in close))}?"
            if close
            else ""
        )
        raise UsageError(f"license {name!r} is not in the rules{hint}")
    return lic


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
    name: ModelArg,
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
    """Is USE of MODEL allowed?

    The verdict, the license in effect, the reasons with the rule that decided, the conditions
    and the obligations.
    """
    from licheck.engine import assess, with_alternatives

    rules = load_rules(rules_dirs)
    context = make_context(as_of, mau, dau, revenue, region, org, rules)
    uses = check_uses(rules, use)
    result = with_alternatives(rules, assess(rules, name, uses, context))
    if output_format is Format.JSON:
        from licheck.reporters.jsonout import render_model

        emit(render_model(result))
        if result.model is None:
            shown = name if len(name) <= 80 else f"{name[:77]}..."
            hint = f"; did you mean {', '.join(result.suggestions)}?" if result.suggestions else ""
            _err(f"licheck: {shown!r} is not in the rules{hint}")
    else:
        from licheck.reporters.table import render_model as render_table

        emit(render_table(result, color_wanted(), width()))
    raise typer.Exit(exit_code(result.verdict, strict))


PathArg = Annotated[
    Path, typer.Argument(help="The project folder (or manifest file) to check.", show_default=False)
]
ManifestOpt = Annotated[
    Path | None,
    typer.Option(
        "--manifest",
        "-m",
        metavar="FILE",
        help="The manifest, if not licheck.yaml or pyproject.toml in PATH.",
    ),
]


def _manifest_and_rules(
    path: Path, manifest_file: Path | None, rules_dirs: list[Path] | None
) -> tuple[Any, RuleSet]:
    from licheck import manifest as manifests

    manifest = manifests.load_manifest(manifests.find(manifest_file or path))
    return manifest, load_rules(rules_dirs, manifest.rules)


def _context_of(manifest: Any, rules: RuleSet, as_of: str | None, **flags: Any) -> Context:
    given = manifest.context
    day = as_of or (given["as-of"].isoformat() if given.get("as-of") else None)
    values = {
        key: flags[key] if flags[key] is not None else given.get(key)
        for key in ("mau", "dau", "revenue", "region", "org")
    }
    return make_context(
        day, values["mau"], values["dau"], values["revenue"], values["region"], values["org"], rules
    )


@app.command()
@handle_errors
def check(
    path: PathArg = Path("."),
    manifest_file: ManifestOpt = None,
    policy_file: Annotated[
        Path | None,
        typer.Option(
            "--policy", metavar="FILE", help="An organisation policy file, on top of the manifest's."
        ),
    ] = None,
    output_format: Annotated[
        CheckFormat, typer.Option("--format", "-f", help="Report format.")
    ] = CheckFormat.TABLE,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write the report to FILE (atomically); the summary still goes to the console.",
        ),
    ] = None,
    lock_file: Annotated[
        Path | None,
        typer.Option(
            "--lock",
            metavar="FILE",
            help="The lock to compare with (default: licheck.lock beside the manifest, when present).",
        ),
    ] = None,
    mau: MauOpt = None,
    dau: DauOpt = None,
    revenue: RevenueOpt = None,
    as_of: AsOfOpt = None,
    region: RegionOpt = None,
    org: OrgOpt = None,
    rules_dirs: RulesOpt = None,
) -> None:
    """Check a project's models against its uses and policy.

    The manifest is licheck.yaml (or [tool.licheck] in pyproject.toml). Exit 0 when everything
    passes the policy, 1 when anything fails it, 2 for bad usage or bad input.
    """
    from licheck import check as checking
    from licheck import lock as locking
    from licheck.fileio import write_atomic
    from licheck.manifest import Policy, load_policy
    from licheck.reporters import Options, check_reporter, summary

    manifest, rules = _manifest_and_rules(path, manifest_file, rules_dirs)
    context = _context_of(manifest, rules, as_of, mau=mau, dau=dau, revenue=revenue, region=region, org=org)
    policy = manifest.policy or Policy()
    if policy_file is not None:
        policy = policy.merged(load_policy(policy_file))
    lock_path = lock_file or manifest.path.parent / locking.LOCK_NAME
    lock = None
    if lock_file is not None or lock_path.is_file():
        from licheck.manifest import shown_path

        try:
            text = lock_path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise UsageError(f"--lock {lock_path}: cannot be read: {error}") from None
        lock = locking.parse(text, shown_path(lock_path))
    report = checking.run(rules, manifest, policy, context, date.today(), lock)
    text = check_reporter(output_format)(report, Options(color_wanted() and output is None, width()))
    if output is not None:
        write_atomic(output, text)
        _err(f"licheck: {summary(report)}; report written to {output}")
    else:
        emit(text)
        if output_format in (CheckFormat.JSON, CheckFormat.SARIF, CheckFormat.JUNIT):
            _err(f"licheck: {summary(report)}")
    step_summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if output_format is CheckFormat.GITHUB and step_summary:
        try:
            with open(step_summary, "a", encoding="utf-8") as handle:
                handle.write(check_reporter(CheckFormat.MARKDOWN)(report, Options()))
        except OSError as error:
            _err(f"licheck: warning: cannot append to $GITHUB_STEP_SUMMARY: {error}")
    raise typer.Exit(EXIT_FAIL if report.failed else EXIT_OK)


@app.command()
@handle_errors
def lock(
    path: PathArg = Path("."),
    manifest_file: ManifestOpt = None,
    as_of: AsOfOpt = None,
    rules_dirs: RulesOpt = None,
) -> None:
    """Record each model's license and terms in licheck.lock.

    It is written beside the manifest. `licheck check` then fails when a license or its terms
    change, until the lock is renewed.
    """
    from licheck import lock as locking
    from licheck.check import assess_all
    from licheck.fileio import write_atomic

    manifest, rules = _manifest_and_rules(path, manifest_file, rules_dirs)
    context = _context_of(manifest, rules, as_of, mau=None, dau=None, revenue=None, region=None, org=None)
    items = assess_all(rules, manifest, context)
    unknown = [item.query for item in items if item.model is None]
    target = manifest.path.parent / locking.LOCK_NAME
    write_atomic(target, locking.render(items))
    _err(f"licheck: wrote {target} ({len(items) - len(unknown)} models)")
    if unknown:
        _err(f"licheck: not locked (not in the rules): {', '.join(unknown)}")


@app.command()
@handle_errors
def init(
    path: Annotated[Path, typer.Argument(help="The project folder.", show_default=False)] = Path("."),
    force: Annotated[bool, typer.Option("--force", help="Replace an existing licheck.yaml.")] = False,
) -> None:
    """Write a commented licheck.yaml to start from.

    An allow-list policy, a context, Hub ids and a model of your own, each line explained.
    """
    from licheck.fileio import write_atomic

    target = path / "licheck.yaml"
    if target.exists() and not force:
        raise UsageError(f"{target} exists; use --force to replace it")
    if not path.is_dir():
        raise UsageError(f"{path}: not a folder")
    here = Path(__file__).parent
    template = here / "templates" / "licheck.yaml"  # in the wheel; examples/ in a checkout
    if not template.is_file():
        template = here.parent.parent / "examples" / "licheck.yaml"
    write_atomic(target, template.read_text(encoding="utf-8"))
    _err(f"licheck: wrote {target}; edit it, then run `licheck check`")


rules_app = typer.Typer(help="Validate the rules and count what they hold.", no_args_is_help=True)
app.add_typer(rules_app, name="rules")


@rules_app.command("validate")
@handle_errors
def rules_validate(
    dirs: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="[DIR]...",
            help="Rule folders to check on top of the bundled ones (default: the bundled rules alone).",
        ),
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Fail (exit 1) on warnings too.")] = False,
    as_of: AsOfOpt = None,
    output_format: FormatOpt = Format.TABLE,
) -> None:
    """Check rule files: loading's checks and lint warnings.

    Every error with its file and line, as loading reports them, plus warnings: stale check
    dates, missing decisions, sources without sections, models without aliases.
    """
    from licheck.audit import lint
    from licheck.index import RulesDir, bundled_dir
    from licheck.rules import load

    directories = [bundled_dir()]
    for path in dirs or ():
        if not path.is_dir():
            raise UsageError(f"{path}: not a folder")
        directories.append(RulesDir(path, str(path)))
    rules = load(directories, full=True)  # raises RulesError (exit 2) with every problem
    warnings = lint(rules, make_context(as_of, None, None, None, None, None).as_of)
    if output_format is Format.JSON:
        from licheck.reporters import to_json

        emit(
            to_json(
                {
                    "valid": True,
                    "warnings": [{"file": w.file, "line": w.line, "message": w.message} for w in warnings],
                }
            )
        )
    else:
        for warning in warnings:
            emit(f"{warning}: warning\n")
    _err(
        f"licheck: rules valid: {len(rules.models)} models, {len(rules.licenses)} licenses, "
        f"{len(rules.datasets)} datasets; {len(warnings)} warning{'s' * (len(warnings) != 1)}"
    )
    raise typer.Exit(EXIT_FAIL if strict and warnings else EXIT_OK)


@rules_app.command("stats")
@handle_errors
def rules_stats(
    rules_dirs: RulesOpt = None,
    as_of: AsOfOpt = None,
    output_format: FormatOpt = Format.TABLE,
) -> None:
    """Count the models, licenses and datasets in the rules, by family and publisher."""
    from licheck.audit import stats

    rules = load_rules(rules_dirs)
    numbers = stats(rules, make_context(as_of, None, None, None, None, None).as_of)
    if output_format is Format.JSON:
        from licheck.reporters import to_json

        emit(to_json(numbers))
        return
    from licheck.reporters.table import render_stats

    emit(render_stats(numbers, Options(color_wanted(), width())))


@app.command("license")
@handle_errors
def license_terms(
    name: Annotated[
        str, typer.Argument(metavar="LICENSE", help="A license id or alias (llama2, apache-2.0...).")
    ],
    rules_dirs: RulesOpt = None,
    output_format: FormatOpt = Format.TABLE,
) -> None:
    """One license's terms, use by use.

    Its family, each use with the clause that decides it, the conditions, the obligations, and
    the models under it.
    """
    rules = load_rules(rules_dirs)
    lic = find_license(rules, name)
    users = sorted(m.id for m in rules.models.values() if any(p.license == lic.id for p in m.licenses))
    if output_format is Format.JSON:
        from licheck.reporters.jsonout import license_dict

        emit(to_json_doc(license_dict(lic, users)))
        return
    from licheck.reporters.table import render_license

    emit(render_license(lic, users, Options(color_wanted(), width())))


def to_json_doc(document: dict[str, Any]) -> str:
    from licheck.reporters import to_json

    return to_json(document, depth=3)


ContextOpts = tuple[int | None, int | None, int | None, str | None, str | None, str | None]


@app.command()
@handle_errors
def compare(
    names: Annotated[
        list[str],
        typer.Argument(metavar="MODEL...", help="Models to compare (or licenses, with --licenses)."),
    ],
    use: Annotated[
        list[str] | None,
        typer.Option("--use", "-u", metavar="USE", help="Uses to compare (repeatable; default: every use)."),
    ] = None,
    licenses: Annotated[
        bool, typer.Option("--licenses", help="Compare licenses (ids or aliases) instead of models.")
    ] = False,
    mau: MauOpt = None,
    dau: DauOpt = None,
    revenue: RevenueOpt = None,
    as_of: AsOfOpt = None,
    region: RegionOpt = None,
    org: OrgOpt = None,
    rules_dirs: RulesOpt = None,
    output_format: Annotated[
        CompareFormat, typer.Option("--format", "-f", help="Output format.")
    ] = CompareFormat.TABLE,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write the output to FILE (atomically)."),
    ] = None,
) -> None:
    """Models (or licenses) side by side, a column per use.

    A row per model, the verdict and its condition in each cell, the obligations once, below.
    With --licenses, licenses side by side.
    """
    from licheck.engine import assess, with_alternatives
    from licheck.findings import Comparison

    rules = load_rules(rules_dirs)
    uses = check_uses(rules, use) if use else tuple(rules.uses)
    if licenses:
        text = _compare_licenses(rules, names, uses, output_format)
    else:
        context = make_context(as_of, mau, dau, revenue, region, org, rules)
        items = tuple(with_alternatives(rules, assess(rules, name, uses, context)) for name in names)
        comparison = Comparison(uses, context, items)
        if output_format is CompareFormat.JSON:
            from licheck.reporters.jsonout import render_comparison

            text = render_comparison(comparison)
        elif output_format is CompareFormat.HTML:
            from licheck.reporters.html import render_comparison as render_html

            text = render_html(comparison)
        else:
            from licheck.matrix import from_comparison

            text = _render_matrix(from_comparison(comparison), output_format, output)
    _deliver(text, output)


def _compare_licenses(rules: RuleSet, names: list[str], uses: tuple[str, ...], fmt: CompareFormat) -> str:
    from licheck.matrix import from_licenses

    found = [find_license(rules, name) for name in names]
    if fmt is CompareFormat.JSON:
        from licheck.reporters.jsonout import render_licenses

        return render_licenses(found, uses)
    matrix = from_licenses(found, uses)
    if fmt is CompareFormat.HTML:
        from licheck.reporters.html import render_matrix

        return render_matrix(matrix, "licenses side by side")
    return _render_matrix(matrix, fmt, None)


def _render_matrix(matrix: Any, fmt: CompareFormat, output: Path | None) -> str:
    if fmt is CompareFormat.MARKDOWN:
        from licheck.reporters.markdown import render_matrix as render_markdown

        return render_markdown(matrix)
    from licheck.reporters.table import render_matrix as render_table

    return render_table(matrix, Options(color_wanted() and output is None, width()))


def _deliver(text: str, output: Path | None) -> None:
    if output is None:
        emit(text)
        return
    from licheck.fileio import write_atomic

    write_atomic(output, text)
    _err(f"licheck: wrote {output}")


@app.command("list")
@handle_errors
def list_models(
    allows: Annotated[
        list[str] | None,
        typer.Option(
            "--allows",
            metavar="USE",
            help="Only models allowed for this use in the context given (repeatable: all of them).",
        ),
    ] = None,
    family: Annotated[
        list[str] | None,
        typer.Option("--family", metavar="FAMILY", help="Only these license families (repeatable)."),
    ] = None,
    publisher: Annotated[
        str | None,
        typer.Option("--publisher", metavar="TEXT", help="Only publishers whose name contains TEXT."),
    ] = None,
    license_names: Annotated[
        list[str] | None,
        typer.Option("--license", metavar="LICENSE", help="Only these licenses (repeatable)."),
    ] = None,
    search: Annotated[
        str | None,
        typer.Option("--search", metavar="TEXT", help="Only models whose id, name or aliases contain TEXT."),
    ] = None,
    mau: MauOpt = None,
    dau: DauOpt = None,
    revenue: RevenueOpt = None,
    as_of: AsOfOpt = None,
    region: RegionOpt = None,
    org: OrgOpt = None,
    rules_dirs: RulesOpt = None,
    output_format: Annotated[
        ListFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ListFormat.TABLE,
) -> None:
    """Models in the rules, filtered by what their licenses allow.

    Every model you may host commercially for 50M users:
    licheck list --allows commercial --allows hosted-service --mau 50000000
    """
    from licheck.catalog import Filters, select

    rules = load_rules(rules_dirs)
    context = make_context(as_of, mau, dau, revenue, region, org, rules)
    families = tuple(family or ())
    from licheck.model import Family

    for name in families:
        if name not in {str(f) for f in Family}:
            raise UsageError(f"--family {name!r}: expected one of {', '.join(str(f) for f in Family)}")
    wanted_licenses = [find_license(rules, name).id for name in license_names or ()]
    filters = Filters(
        check_uses(rules, allows) if allows else (), families, publisher, tuple(wanted_licenses), search
    )
    rows = select(rules, filters, context)
    if output_format is ListFormat.IDS:
        emit("".join(f"{row.model.id}\n" for row in rows))
    elif output_format is ListFormat.JSON:
        from licheck.reporters.jsonout import render_list

        emit(render_list(rows, filters, context))
    else:
        from licheck.reporters.table import render_list as render_table

        emit(render_table(rows, filters, context, Options(color_wanted(), width())))
    _err(f"licheck: {len(rows)} model{'s' * (len(rows) != 1)}")


@app.command()
@handle_errors
def explain(
    name: ModelArg,
    use: UseOpt,
    mau: MauOpt = None,
    dau: DauOpt = None,
    revenue: RevenueOpt = None,
    as_of: AsOfOpt = None,
    region: RegionOpt = None,
    org: OrgOpt = None,
    rules_dirs: RulesOpt = None,
    output_format: FormatOpt = Format.TABLE,
) -> None:
    """The reasoning behind a verdict, step by step.

    A tree: the license in effect and its history, each lineage step, each clause and condition
    that decided, with the rule file and line.
    """
    from licheck.engine import assess, with_alternatives

    rules = load_rules(rules_dirs)
    context = make_context(as_of, mau, dau, revenue, region, org, rules)
    result = with_alternatives(rules, assess(rules, name, check_uses(rules, use), context))
    if output_format is Format.JSON:
        from licheck.reporters.jsonout import render_model

        emit(render_model(result))
    else:
        from licheck.reporters.table import render_explain

        emit(render_explain(result, Options(color_wanted(), width())))
    raise typer.Exit(exit_code(result.verdict, strict=False))


def _only(name: str) -> typer.Typer | None:
    """The app with just the command `name` (and the global options), or None if there is none.

    Typer builds every command's parameters on each run; building only the one being run keeps
    start-up flat as commands are added (click's lazy-group pattern). Help, completion and
    unknown commands go through the full app.
    """
    commands = [
        c
        for c in app.registered_commands
        if (c.name or (c.callback.__name__ if c.callback else "").replace("_", "-")) == name
    ]
    groups = [g for g in app.registered_groups if g.name == name]
    if not commands and not groups:
        return None
    single = typer.Typer(**APP_SETTINGS)
    single.registered_callback = app.registered_callback
    single.registered_commands = commands
    single.registered_groups = groups
    return single


def main() -> None:
    argv = sys.argv[1:]
    single = _only(argv[0]) if argv and "_LICHECK_COMPLETE" not in os.environ else None
    (single or app)()
