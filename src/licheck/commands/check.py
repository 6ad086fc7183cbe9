"""`licheck check`, `licheck lock` and `licheck init`: a project's manifest, policy and lock."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from licheck.commands.common import announce, find_references, must_exist, rules_inputs
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
    uses_option,
)
from licheck.commands.output import note
from licheck.commands.reports import ReportOpt, parse_reports, refuse_inputs, write_reports
from licheck.core.errors import UsageError
from licheck.project.context import ContextFlags
from licheck.project.inputs import Options, Project

if TYPE_CHECKING:
    from licheck.project.manifest import Manifest
    from licheck.project.report import CheckReport
    from licheck.views.bom import BomView

PathArg = Annotated[
    Path,
    typer.Argument(
        metavar="PATH", help="The project folder (or manifest file) to check.", show_default=False
    ),
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

_SbomOpt = Annotated[
    Path | None,
    typer.Option(
        "--sbom",
        metavar="FILE",
        help="Check the models another tool's bill of materials lists (CycloneDX 1.5-1.7 JSON, SPDX 3 "
        "JSON-LD, SPDX 2.3 JSON) instead of a manifest's; the manifest in PATH, if any, gives the uses, "
        "context, policy and agreements.",
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
    sbom: _SbomOpt = None,
    use: Annotated[
        list[str] | None, uses_option("with --sbom; default: the uses of the manifest in PATH")
    ] = None,
) -> int:
    """Check a project's models against its uses and policy.

    The manifest is licheck.yaml (or [tool.licheck] in pyproject.toml); with --sbom, the models of
    another tool's bill of materials (the manifest, if any, or --use gives the uses). Exit 0 when
    everything passes the policy, 1 when anything fails it, 2 for bad usage or bad input.
    """
    must_exist(policy=policy_file, lock=lock_file, sbom=sbom, manifest=manifest_file)
    wanted = parse_reports(
        output_format, output, report_files, "check", [manifest_file, policy_file, lock_file, sbom]
    )
    flags = ContextFlags(as_of, mau, dau, revenue, region, org)
    if sbom is not None:
        options = Options(tuple(rules_dirs or ()), flags, policy_file, None, strict, online)
        return _check_sbom(sbom, paths or [], manifest_file, wanted, options, use or [])
    if use:
        raise UsageError("check: --use goes with --sbom; a manifest names its own uses")
    targets = [manifest_file] if manifest_file else manifests_of(paths or [Path(".")])
    if len(targets) > 1 and any(file not in (None, "-") for _, file in wanted):
        raise UsageError("check: --output and --report take one manifest; give one PATH")
    refuse_inputs(wanted, [*targets, *(target.parent / "licheck.lock" for target in targets)])
    options = Options(tuple(rules_dirs or ()), flags, policy_file, lock_file, strict, online)
    return max(_check_one(target, wanted, options) for target in targets)


def _check_one(target: Path, wanted: list[tuple[str, str | None]], options: Options) -> int:
    project = Project.load(target, options, find_references)
    announce(project.rules, project.rules_dirs)
    manifest = project.manifest
    report = project.check(date.today())
    inputs = [
        manifest.path,
        *(p for p in (options.policy_file, options.lock_file) if p is not None),
        manifest.path.parent / "licheck.lock",
        *rules_inputs(manifest.rules, options.rules_dirs),
    ]
    write_reports(report, wanted, inputs, bom=lambda: _bom(report, project))
    return 1 if report.failed else 0


def _bom(report: CheckReport, project: Project) -> BomView:
    from licheck.views.bom import from_check

    return from_check(report, project.rules, project.manifest.agreements)


def _check_sbom(
    sbom: Path,
    paths: list[Path],
    manifest_file: Path | None,
    wanted: list[tuple[str, str | None]],
    options: Options,
    use: list[str],
) -> int:
    """`check --sbom FILE`: the document's models, under the uses, context, policy and agreements
    of the manifest in PATH (or --manifest) when there is one; --use and the flags win."""
    from licheck.evidence.sbom import read_sbom
    from licheck.files.textin import shown_path
    from licheck.project.context import check_uses
    from licheck.project.manifest import find, load_manifest, manifest_near

    if len(paths) > 1:
        raise UsageError("check --sbom: give at most one PATH (the project whose manifest gives the uses)")
    folder = paths[0] if paths else Path(".")
    near: Manifest | None = (
        load_manifest(find(manifest_file or folder))
        if manifest_file is not None or (folder.exists() and not folder.is_dir())
        else manifest_near(folder)
    )
    document = read_sbom(sbom, shown_path(sbom))
    project = Project.of_sbom(document, near, (), options)
    announce(project.rules, project.rules_dirs)
    uses = check_uses(project.rules, use) if use else (near.uses if near else ())
    if not uses:
        raise UsageError(
            "check --sbom: give the uses to check (--use commercial ...) or a licheck.yaml in PATH"
        )
    project = project._replace(manifest=project.manifest._replace(uses=uses))
    note(
        f"licheck: {document.path}: {document.kind}, {len(project.manifest.models)} models "
        f"({document.skipped} other components)"
    )
    report = project.check(date.today())
    inputs = [sbom, *((near.path,) if near else ()), *((options.policy_file,) if options.policy_file else ())]
    write_reports(
        report, wanted, [*inputs, *rules_inputs(options.rules_dirs)], bom=lambda: _bom(report, project)
    )
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

    must_exist(manifest=manifest_file)
    options = Options(tuple(rules_dirs or ()), ContextFlags(as_of), online=online, read_lock=False)
    project = Project.load(manifest_file or path, options)
    announce(project.rules, project.rules_dirs)
    manifest, artifacts = project.manifest, project.artifacts
    items = assess_all(project.rules, manifest, project.context, artifacts)
    unknown = [item.query for item in items if item.model is None]
    target = manifest.path.parent / locking.LOCK_NAME
    write_atomic(target, locking.render(items, artifacts))
    note(f"licheck: wrote {target} ({len(items) - len(unknown)} models)")
    if unknown:
        note(f"licheck: not locked (neither in the rules nor declared by evidence): {', '.join(unknown)}")
    return 0


def init(
    path: Annotated[
        Path, typer.Argument(metavar="PATH", help="The project folder.", show_default=False)
    ] = Path("."),
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
