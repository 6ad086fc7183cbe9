"""`licheck check`, `licheck lock` and `licheck init`: a project's manifest, policy and lock."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from licheck.commands.common import (
    AsOfOpt,
    DauOpt,
    MauOpt,
    OnlineOpt,
    OrgOpt,
    OutputOpt,
    RegionOpt,
    RevenueOpt,
    RulesOpt,
    format_option,
    load_rules,
    make_context,
    rules_digest,
    rules_inputs,
)
from licheck.commands.output import deliver, note, options, warn
from licheck.errors import UsageError

if TYPE_CHECKING:
    from licheck.evidence.types import Artifact
    from licheck.findings import CheckReport, Finding
    from licheck.manifest import Manifest
    from licheck.model import Context, RuleSet
    from licheck.scan.found import Reference

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
ReportOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--report",
        metavar="FORMAT=FILE",
        help="Also write a report in FORMAT to FILE (repeatable), e.g. --report sarif=licheck.sarif.",
    ),
]


def manifest_and_rules(
    path: Path, manifest_file: Path | None, rules_dirs: list[Path] | None
) -> tuple[Manifest, RuleSet]:
    from licheck import manifest as manifests

    manifest = manifests.load_manifest(manifests.find(manifest_file or path))
    return manifest, load_rules(rules_dirs, manifest.rules)


def scanned_models(
    manifest: Manifest, rules: RuleSet
) -> tuple[Manifest, list[Finding], tuple[Reference, ...]]:
    """With `scan:` in the manifest: the models its code uses, added to the manifest's, and a
    model-undeclared finding for each one the manifest does not name."""
    if not manifest.scan:
        return manifest, [], ()
    from licheck import check as checking
    from licheck.commands.scan import find_references
    from licheck.manifest import shown_path

    found: list[Finding] = []
    references: list[Reference] = []
    for folder in manifest.scan:
        result = find_references(folder)
        shown = shown_path(folder)
        prefix = "" if shown in (".", "") else shown.rstrip("/") + "/"
        manifest, undeclared = checking.with_scanned(manifest, result.references, rules, prefix)
        found += undeclared
        references += [r._replace(file=prefix + r.file) for r in result.references]
    return manifest, found, tuple(references)


def evidence_for(manifest: Manifest, rules: RuleSet, online: bool) -> dict[str, Artifact]:
    """Evidence for every manifest model the rules do not list: the local HF cache, then the Hub
    when the manifest or the command line says online."""
    from licheck.evidence.judge import hub_name
    from licheck.evidence.lookup import find

    found = {}
    for ref in manifest.models:
        if ref.license is None and "/" in ref.name and rules.find_model(ref.name) is None:
            artifact = find(hub_name(ref.name), online or manifest.online)
            if artifact is not None:
                found[ref.name] = artifact
    return found


def context_of(manifest: Manifest, rules: RuleSet, as_of: str | None, **flags: Any) -> Context:
    """The context: the command line's flags over the manifest's `context` (each value checked,
    and a bad one named with the file it came from)."""
    given = manifest.context
    keys = ("mau", "dau", "revenue", "region", "org")
    mau, dau, revenue, region, org = (given.get(key) for key in keys)
    written = make_context(
        given.get("as-of"), mau, dau, revenue, region, org, rules, f"{manifest.shown}: context: "
    )
    mau, dau, revenue, region, org = (flags.get(key) for key in keys)
    passed = make_context(as_of, mau, dau, revenue, region, org, rules)
    chosen = {key: getattr(passed if flags.get(key) is not None else written, key) for key in keys}
    return written._replace(
        as_of=passed.as_of if as_of or not given.get("as-of") else written.as_of, **chosen
    )


def parse_reports(
    output_format: str, output: str | None, extra: list[str] | None, view: str = "check"
) -> list[tuple[str, str | None]]:
    """(format, file or None for stdout) for the main report and every --report."""
    from licheck.reporters import formats

    wanted: list[tuple[str, str | None]] = [(output_format, output)]
    for item in extra or ():
        fmt, sep, file = item.partition("=")
        if not sep or not file or fmt not in formats(view):
            known = ", ".join(formats(view))
            raise UsageError(f"--report {item!r}: expected FORMAT=FILE with FORMAT one of {known}")
        wanted.append((fmt, file))
    files = [file for _, file in wanted if file not in (None, "-")]
    if len(files) != len(set(files)):
        raise UsageError("two reports name the same file")
    if sum(file in (None, "-") for _, file in wanted) > 1:
        raise UsageError("only one report can go to stdout")
    return wanted


def _load_lock(manifest: Manifest, lock_file: Path | None) -> dict[str, Any] | None:
    from licheck import lock as locking
    from licheck.manifest import read_text, shown_path

    lock_path = lock_file or manifest.path.parent / locking.LOCK_NAME
    if lock_file is None and not os.path.lexists(lock_path):
        return None
    return locking.parse(read_text(lock_path, "--lock"), shown_path(lock_path))


def write_reports(
    report: CheckReport, wanted: list[tuple[str, str | None]], inputs: list[Path], view: str = "check"
) -> None:
    """Every report asked for; the job summary first, so a report that cannot be written does
    not lose it."""
    from licheck.reporters import reporter, summary

    step_summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if step_summary and any(fmt == "github" for fmt, _ in wanted):
        try:
            with open(step_summary, "a", encoding="utf-8") as handle:
                handle.write(reporter(view, "markdown")(report, options(to_file=True)))
        except OSError as error:
            warn(f"cannot append to $GITHUB_STEP_SUMMARY: {error}")
    for fmt, file in wanted:
        to_file = file not in (None, "-")
        deliver(reporter(view, fmt)(report, options(to_file=to_file)), file, inputs)
        if to_file:
            note(f"licheck: {fmt} report written to {file}")
    machine = ("json", "sarif", "junit", "html", "cyclonedx")
    if any(file not in (None, "-") for _, file in wanted) or wanted[0][0] in machine:
        note(f"licheck: {summary(report)}")


PathsArg = Annotated[
    list[Path] | None,
    typer.Argument(
        metavar="[PATH]...",
        help="Project folders or manifest files (default: .); a licheck.lock stands for the manifest "
        "beside it. Each manifest is checked; the exit code is the worst.",
        show_default=False,
    ),
]


def manifests_of(paths: list[Path]) -> list[Path]:
    """The manifests named by PATHs, each once: a folder's, a manifest file, the manifest beside a
    licheck.lock; a pyproject.toml without [tool.licheck] is skipped (pre-commit passes any)."""
    from licheck import lock as locking
    from licheck.manifest import find, has_pyproject_table

    found: dict[Path, None] = {}
    for path in paths:
        if path.name == locking.LOCK_NAME and not path.is_dir():
            path = path.parent if str(path.parent) else Path(".")
        if path.name == "pyproject.toml" and path.is_file() and not has_pyproject_table(path):
            note(f"licheck: {path}: no [tool.licheck] table; skipped")
            continue
        found.setdefault(find(path).resolve(), None)
    return list(found)


def check(
    paths: PathsArg = None,
    manifest_file: ManifestOpt = None,
    policy_file: Annotated[
        Path | None,
        typer.Option(
            "--policy", metavar="FILE", help="An organisation policy: a ceiling the manifest can only narrow."
        ),
    ] = None,
    output_format: Annotated[str, format_option("check")] = "table",
    output: OutputOpt = None,
    report_files: ReportOpt = None,
    lock_file: Annotated[
        Path | None,
        typer.Option(
            "--lock",
            metavar="FILE",
            help="The lock to compare with (default: licheck.lock beside the manifest, when present).",
        ),
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Fail on conditional verdicts too (as fail-on-conditional).")
    ] = False,
    mau: MauOpt = None,
    dau: DauOpt = None,
    revenue: RevenueOpt = None,
    as_of: AsOfOpt = None,
    region: RegionOpt = None,
    org: OrgOpt = None,
    rules_dirs: RulesOpt = None,
    online: OnlineOpt = False,
) -> int:
    """Check a project's models against its uses and policy.

    The manifest is licheck.yaml (or [tool.licheck] in pyproject.toml). Exit 0 when everything
    passes the policy, 1 when anything fails it, 2 for bad usage or bad input.
    """
    wanted = parse_reports(output_format, output, report_files)
    targets = [manifest_file] if manifest_file else manifests_of(paths or [Path(".")])
    if len(targets) > 1 and any(file not in (None, "-") for _, file in wanted):
        raise UsageError("check: --output and --report take one manifest; give one PATH")
    worst = 0
    for target in targets:
        worst = max(
            worst,
            _check_one(
                target,
                wanted,
                policy_file,
                lock_file,
                strict,
                rules_dirs,
                online,
                as_of,
                mau=mau,
                dau=dau,
                revenue=revenue,
                region=region,
                org=org,
            ),
        )
    return worst


def _check_one(
    target: Path,
    wanted: list[tuple[str, str | None]],
    policy_file: Path | None,
    lock_file: Path | None,
    strict: bool,
    rules_dirs: list[Path] | None,
    online: bool,
    as_of: str | None,
    **flags: str | None,
) -> int:
    from licheck import check as checking
    from licheck.manifest import Policy, load_policy

    manifest, rules = manifest_and_rules(target, None, rules_dirs)
    context = context_of(manifest, rules, as_of, **flags)
    policy = manifest.policy or Policy()
    org_policy = load_policy(policy_file) if policy_file is not None else None
    if strict:
        policy = policy._replace(fail_on_conditional=True)
    lock = _load_lock(manifest, lock_file)
    manifest, undeclared, references = scanned_models(manifest, rules)
    artifacts = evidence_for(manifest, rules, online)
    report = checking.run(
        rules, manifest, policy, context, date.today(), lock, org_policy, artifacts, undeclared
    )
    report = report._replace(references=references, rules_digest=rules_digest(rules_dirs, manifest.rules))
    inputs = [
        manifest.path,
        *(p for p in (policy_file, lock_file) if p is not None),
        manifest.path.parent / "licheck.lock",
        *rules_inputs(manifest.rules, rules_dirs),
    ]
    write_reports(report, wanted, inputs)
    return 1 if report.failed else 0


def lock(
    path: PathArg = Path("."),
    manifest_file: ManifestOpt = None,
    as_of: AsOfOpt = None,
    rules_dirs: RulesOpt = None,
    online: OnlineOpt = False,
) -> int:
    """Record each model's license and terms in licheck.lock.

    It is written beside the manifest. `licheck check` then fails when a license or its terms
    change, until the lock is renewed.
    """
    from licheck import lock as locking
    from licheck.check import assess_all
    from licheck.fileio import write_atomic

    manifest, rules = manifest_and_rules(path, manifest_file, rules_dirs)
    context = context_of(manifest, rules, as_of)
    artifacts = evidence_for(manifest, rules, online)
    items = assess_all(rules, manifest, context, artifacts)
    unknown = [item.query for item in items if item.model is None]
    target = manifest.path.parent / locking.LOCK_NAME
    write_atomic(target, locking.render(items, {name: a.revision for name, a in artifacts.items()}))
    note(f"licheck: wrote {target} ({len(items) - len(unknown)} models)")
    if unknown:
        note(f"licheck: not locked (neither in the rules nor declared by evidence): {', '.join(unknown)}")
    return 0


def init(
    path: Annotated[Path, typer.Argument(help="The project folder.", show_default=False)] = Path("."),
    force: Annotated[bool, typer.Option("--force", help="Replace an existing licheck.yaml.")] = False,
) -> int:
    """Write a commented licheck.yaml to start from.

    An allow-list policy, a context, Hub ids and a model of your own, each line explained.
    """
    from licheck.fileio import write_atomic
    from licheck.manifest import has_pyproject_table

    if not path.exists():
        raise UsageError(f"{path}: no such folder")
    if not path.is_dir():
        raise UsageError(f"{path}: not a folder")
    target = path / "licheck.yaml"
    if target.exists() and not force:
        raise UsageError(f"{target} exists; use --force to replace it")
    if has_pyproject_table(path / "pyproject.toml") and not force:
        raise UsageError(
            f"{path / 'pyproject.toml'} has a [tool.licheck] table already; a licheck.yaml would take its "
            "place silently (use --force to write one anyway)"
        )
    here = Path(__file__).parent.parent
    template = here / "templates" / "licheck.yaml"  # in the wheel; examples/ in a checkout
    if not template.is_file():
        template = here.parent.parent / "examples" / "licheck.yaml"
    write_atomic(target, template.read_text(encoding="utf-8"))
    note(f"licheck: wrote {target}; edit it, then run `licheck check`")
    return 0
