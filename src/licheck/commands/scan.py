"""`licheck scan`: find every model a repository's code uses, with file and line, and judge each as
`licheck check` judges a manifest's models."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from licheck.commands.common import check_uses, load_rules, make_context, rules_digest, rules_inputs
from licheck.commands.inputs import evidence_for
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
    UsesOpt,
    format_option,
)
from licheck.commands.output import note, progress, warn
from licheck.commands.reports import ReportOpt, parse_reports, write_reports
from licheck.core.errors import UsageError

if TYPE_CHECKING:
    from licheck.scan.found import ScanResult

EXIT_INTERRUPTED = 130


def find_references(root: Path) -> ScanResult:
    """The scan of a folder, with a progress line on a terminal; Ctrl-C keeps what was found."""
    from licheck.scan import scan as walk

    if not root.exists():
        raise UsageError(f"{root}: no such file or folder")
    if not root.is_dir():
        raise UsageError(f"{root}: not a folder")
    with progress(f"licheck: scanning {root} for model references"):
        return walk(root)


def scan(
    path: Annotated[Path, typer.Argument(help="The folder to scan.", show_default=False)] = Path("."),
    use: UsesOpt = None,
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
    every reference with its file and line. A manifest in PATH gives the uses, context and policy
    when --use is not given. Exit 0 passes, 1 fails, 2 bad input, 130 interrupted.
    """
    from licheck.project import gate as checking
    from licheck.project.manifest import Manifest, Policy, load_policy, manifest_near, shown_path

    wanted = parse_reports(output_format, output, report_files, "scan")
    result = find_references(path)
    rules = load_rules(rules_dirs)
    manifest = manifest_near(path)
    uses = check_uses(rules, use) if use else (manifest.uses if manifest else ())
    if not uses:
        raise UsageError("scan: give the uses to check (--use commercial ...) or a licheck.yaml in PATH")
    shown = shown_path(path)
    prefix = "" if shown in (".", "") else shown.rstrip("/") + "/"
    base = Manifest(path / "licheck.yaml", shown, tuple(uses), (), {})
    scanned, _ = checking.with_scanned(base, result.references, rules, prefix)
    context = make_context(as_of, mau, dau, revenue, region, org, rules)
    policy = manifest.policy if manifest and manifest.policy else Policy()
    if strict:
        policy = policy._replace(fail_on_conditional=True)
    organisation = load_policy(policy_file) if policy_file else None
    artifacts = evidence_for(scanned, rules, online)
    report = checking.run(rules, scanned, policy, context, date.today(), None, organisation, artifacts)
    references = tuple(r._replace(file=prefix + r.file) for r in result.references)
    report = report._replace(references=references, root=shown, rules_digest=rules_digest(rules_dirs))
    note(
        f"licheck: scanned {result.files} files in {shown}: {len(references)} references to {len(result.models)} models"
    )
    for file, why in result.skipped[:20]:
        warn(f"{prefix}{file}: skipped ({why})")
    inputs = [*(p for p in (policy_file,) if p), *rules_inputs(rules_dirs)]
    write_reports(report, wanted, inputs, "scan")
    if result.interrupted:
        warn("interrupted: the report holds what was found so far")
        return EXIT_INTERRUPTED
    return 1 if report.failed else 0
