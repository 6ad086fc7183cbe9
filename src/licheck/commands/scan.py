"""`licheck scan`: find every model a repository's code uses, with file and line, and judge each as
`licheck check` judges a manifest's models."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from licheck.commands.common import find_references, load_rules, must_exist, rules_inputs
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
from licheck.commands.output import note, warn
from licheck.commands.reports import ReportOpt, parse_reports, write_reports
from licheck.core.errors import EXIT_INTERRUPTED, UsageError
from licheck.project.context import ContextFlags, check_uses
from licheck.project.inputs import Options, Project
from licheck.project.manifest import Manifest, manifest_near

if TYPE_CHECKING:
    from licheck.core.model import RuleSet
    from licheck.project.report import CheckReport
    from licheck.scan import ScanResult
    from licheck.views.bom import BomView


def scan(
    path: Annotated[
        Path, typer.Argument(metavar="PATH", help="The folder to scan.", show_default=False)
    ] = Path("."),
    use: Annotated[
        list[str] | None, uses_option("default: the uses of the manifest in PATH; without one, required")
    ] = None,
    policy_file: Annotated[
        Path | None, typer.Option("--policy", metavar="FILE", help="An organisation policy (a ceiling).")
    ] = None,
    output_format: Annotated[str, format_option("scan")] = "table",
    output: OutputOpt = None,
    report_files: ReportOpt = None,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on conditional verdicts too.")] = False,
    mau: MauOpt = None,
    dau: DauOpt = None,
    revenue: RevenueOpt = None,
    as_of: AsOfOpt = None,
    region: RegionOpt = None,
    org: OrgOpt = None,
    rules_dirs: RulesOpt = None,
    online: OnlineOpt = False,
) -> int:
    """Find the models a tree's code uses and judge each one.

    from_pretrained and pipelines, hf_hub_download, vLLM, sentence-transformers, Hub URLs, Ollama
    tags and Modelfiles, TGI flags, config keys (LLaMA-Factory, axolotl, LiteLLM) and notebooks;
    every reference with its file and line. A manifest in PATH gives the uses (when --use is not
    given), the context (flags win), the policy and the agreements; what the manifest, its lock,
    policies and notice name is not counted as used. Without --use and without a manifest, scan
    refuses to guess the uses (exit 2). Exit 0 passes, 1 fails, 2 bad input, 130 interrupted.
    """
    must_exist(policy=policy_file)
    if not path.is_dir():
        find_references(path)  # the one message for a missing folder or a file
    near = manifest_near(path)
    wanted = parse_reports(
        output_format, output, report_files, "scan", [policy_file, near.path if near else None]
    )
    rules = load_rules(rules_dirs, near.rules if near else ())
    uses = _uses(rules, near, use)
    result = find_references(path)
    flags = ContextFlags(as_of, mau, dau, revenue, region, org)
    options = Options(tuple(rules_dirs or ()), flags, policy_file, strict=strict, online=online)
    project = Project.of_scan(path, result, uses, options, rules)
    shown = project.manifest.shown
    report = project.check(date.today())._replace(root=shown, command="scan")
    _tell(result, shown, report)
    inputs = [
        *(p for p in (policy_file,) if p),
        *((near.path,) if near else ()),
        *rules_inputs(rules_dirs, near.rules if near else ()),
    ]
    write_reports(report, wanted, inputs, "scan", lambda: _bom(report, project))
    if result.interrupted:
        warn("interrupted: the report holds what was found so far")
        return EXIT_INTERRUPTED
    return 1 if report.failed else 0


def _tell(result: ScanResult, shown: str, report: CheckReport) -> None:
    """What the scan read and found (leaving out what its own inputs name, as the report does), and
    the first files it did not read (every report names them all)."""
    prefix = "" if shown in (".", "") else shown.rstrip("/") + "/"
    found = len({ref.id for ref in report.references})
    note(
        f"licheck: scanned {result.files} files in {shown}: {len(report.references)} references to {found} models"
    )
    for file, why in result.skipped[:20]:
        warn(f"{prefix}{file}: skipped ({why})")
    if len(result.skipped) > 20:
        warn(f"licheck: and {len(result.skipped) - 20} more files skipped; every report names them")


def _uses(rules: RuleSet, manifest: Manifest | None, use: list[str] | None) -> tuple[str, ...]:
    """The uses to check: --use, else the manifest's in PATH; never a guess (exit 2 without)."""
    uses = check_uses(rules, use) if use else (manifest.uses if manifest else ())
    if not uses:
        raise UsageError(
            "scan: give the uses to check (--use commercial ...), or run it in a folder whose "
            "licheck.yaml (or [tool.licheck]) names them"
        )
    return uses


def _bom(report: CheckReport, project: Project) -> BomView:
    from licheck.views.bom import from_check

    return from_check(report, project.rules, project.manifest.agreements)
