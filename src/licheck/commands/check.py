"""`licheck check`, `licheck lock` and `licheck init`: a project's manifest, policy and lock."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from licheck.commands.common import load_rules, make_context, rules_digest, rules_inputs
from licheck.commands.inputs import evidence_for, scanned_models
from licheck.commands.options import (
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
)
from licheck.commands.output import note
from licheck.commands.reports import ReportOpt, parse_reports, write_reports
from licheck.core.errors import UsageError

if TYPE_CHECKING:
    from licheck.core.model import Context, RuleSet
    from licheck.project.manifest import Manifest

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


def manifest_and_rules(
    path: Path, manifest_file: Path | None, rules_dirs: list[Path] | None
) -> tuple[Manifest, RuleSet]:
    from licheck.project import manifest as manifests

    manifest = manifests.load_manifest(manifests.find(manifest_file or path))
    return manifest, load_rules(rules_dirs, manifest.rules)


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


def _load_lock(manifest: Manifest, lock_file: Path | None) -> dict[str, Any] | None:
    from licheck.project import lock as locking
    from licheck.project.manifest import read_text, shown_path

    lock_path = lock_file or manifest.path.parent / locking.LOCK_NAME
    if lock_file is None and not os.path.lexists(lock_path):
        return None
    return locking.parse(read_text(lock_path, "--lock"), shown_path(lock_path))


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
    from licheck.project import lock as locking
    from licheck.project.manifest import find, has_pyproject_table

    found: dict[Path, None] = {}
    for path in paths:
        if path.name == locking.LOCK_NAME and not path.is_dir():
            path = path.parent if str(path.parent) else Path(".")
        if path.name == "pyproject.toml" and path.is_file() and not has_pyproject_table(path):
            note(f"licheck: {path}: no [tool.licheck] table; skipped")
            continue
        found.setdefault(find(path).resolve(), None)
    return list(found)


_PolicyOpt = Annotated[
    Path | None,
    typer.Option(
        "--policy", metavar="FILE", help="An organisation policy: a ceiling the manifest can only narrow."
    ),
]

_LockOpt = Annotated[
    Path | None,
    typer.Option(
        "--lock",
        metavar="FILE",
        help="The lock to compare with (default: licheck.lock beside the manifest, when present).",
    ),
]

_StrictCheckOpt = Annotated[
    bool, typer.Option("--strict", help="Fail on conditional verdicts too (as fail-on-conditional).")
]


def check(
    paths: PathsArg = None,
    manifest_file: ManifestOpt = None,
    policy_file: _PolicyOpt = None,
    output_format: Annotated[str, format_option("check")] = "table",
    output: OutputOpt = None,
    report_files: ReportOpt = None,
    lock_file: _LockOpt = None,
    strict: _StrictCheckOpt = False,
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
    from licheck.project import gate as checking
    from licheck.project.manifest import Policy, load_policy

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
    from licheck.files.write import write_atomic
    from licheck.project import lock as locking
    from licheck.project.gate import assess_all

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
    from licheck.files.write import write_atomic
    from licheck.project.manifest import has_pyproject_table

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
