"""`licheck inspect`: judge models from what they declare about themselves (cards, GGUF and
safetensors headers, adapter configs, LICENSE files, the local Hugging Face cache)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from licheck.commands.common import load_rules, must_exist, rules_inputs, verdict_exit
from licheck.commands.options import (
    AsOfOpt,
    DauOpt,
    MauOpt,
    OrgOpt,
    OutputOpt,
    RegionOpt,
    RevenueOpt,
    RulesOpt,
    StrictOpt,
    UseOpt,
    format_option,
)
from licheck.commands.output import deliver, note, options, progress, warn
from licheck.commands.reports import require_extras
from licheck.core.errors import InputError, UsageError
from licheck.files.textin import shown_name
from licheck.project.context import ContextFlags, check_uses, make_context

if TYPE_CHECKING:
    from licheck.core.model import RuleSet
    from licheck.evidence.types import Artifact
    from licheck.views.bom import BomView
    from licheck.views.reports import InspectReport

_TargetsArg = Annotated[
    list[Path] | None,
    typer.Argument(
        metavar="[TARGET]...",
        help="Model folders or files (README.md, .gguf, .safetensors, adapter_config.json).",
    ),
]

_HfCacheOpt = Annotated[
    bool,
    typer.Option(
        "--hf-cache",
        help="Inspect every model in the Hugging Face cache (HF_HUB_CACHE, HF_HOME/hub, ~/.cache/huggingface/hub).",
    ),
]

_CacheDirOpt = Annotated[
    Path | None,
    typer.Option("--cache-dir", metavar="DIR", help="With --hf-cache: this cache folder instead."),
]


def inspect(
    use: UseOpt,
    targets: _TargetsArg = None,
    hf_cache: _HfCacheOpt = False,
    cache_dir: _CacheDirOpt = None,
    mau: MauOpt = None,
    dau: DauOpt = None,
    revenue: RevenueOpt = None,
    as_of: AsOfOpt = None,
    region: RegionOpt = None,
    org: OrgOpt = None,
    rules_dirs: RulesOpt = None,
    output_format: Annotated[str, format_option("inspect")] = "table",
    output: OutputOpt = None,
    strict: StrictOpt = False,
) -> int:
    """Judge models from their own evidence: card, file headers, LICENSE, the HF cache.

    A reviewed entry of the rules decides where there is one (basis: rules); otherwise what the
    model declares does (basis: declared). Where the sources disagree, the stricter reading wins
    and the conflict is reported. Exits as `licheck model` does, for the worst verdict.
    """
    from licheck.core.model import Verdict
    from licheck.evidence.folder import read_cache
    from licheck.evidence.hfcache import cache_root
    from licheck.evidence.judge import judge_all
    from licheck.reporters import BOM_FORMATS, reporter
    from licheck.views.reports import InspectReport

    if not targets and not hf_cache:
        raise UsageError("inspect: give a TARGET (a model folder or file) or --hf-cache")
    require_extras([output_format])
    must_exist(cache_dir=cache_dir)
    if output not in (None, "-"):
        from licheck.files.write import refuse_inputs

        refuse_inputs(output, [*(targets or ()), *rules_inputs(rules_dirs)])  # before any reading
    rules = load_rules(rules_dirs)
    context = make_context(ContextFlags(as_of, mau, dau, revenue, region, org), rules)
    uses = check_uses(rules, use)
    artifacts = _read_targets(targets or [])
    read = len(artifacts)
    if hf_cache:
        root = cache_dir or cache_root(os.environ, Path.home())
        with progress(f"licheck: reading the Hugging Face cache at {root}"):
            artifacts.extend(read_cache(root))
        note(f"licheck: {len(artifacts) - read} models in the Hugging Face cache at {root}")
    for artifact in artifacts:
        for problem in artifact.problems:
            warn(str(problem))
    judged = tuple(judge_all(artifacts, rules, uses, context))
    kinds = {a.path: a.kind for a in artifacts}
    to_file = output not in (None, "-")
    report = InspectReport(judged, context, kinds, uses)
    data = _bom(report, rules, targets) if output_format in BOM_FORMATS else report
    text = reporter("inspect", output_format)(data, options(to_file))
    deliver(text, output, [*(targets or ()), *rules_inputs(rules_dirs)])
    worst = max((j.assessment.verdict for j in judged), default=Verdict.UNKNOWN)
    return verdict_exit(worst, strict)


def _named_file(artifact: Artifact, target: Path) -> Artifact:
    """A file named on the command line that cannot be read as what it is (a malformed GGUF or
    safetensors header, card or config) is bad input, exit 2; in a folder or the cache, a broken
    file is reported and makes that model unknown while the others are still judged."""
    if artifact.problems and not target.is_dir():
        raise InputError(list(artifact.problems), str(target))
    return artifact


def _bom(report: InspectReport, rules: RuleSet, targets: list[Path] | None) -> BomView:
    """The bill of materials of an inspection, with the rules' lineage and datasets."""
    from licheck.views.bom import from_inspect

    subject = ", ".join(shown_name(str(t)) for t in targets or ())
    return from_inspect(report, rules, subject or "the Hugging Face cache")


def _read_targets(targets: list[Path]) -> list[Artifact]:
    """Each target read as an artifact; a folder of several model folders, each of them. A file
    named on the command line that cannot be read is bad input (see `_named_file`)."""
    from licheck.evidence.folder import model_folders, read_target

    artifacts: list[Artifact] = []
    for target in targets:
        if not os.path.lexists(target):
            raise UsageError(f"{target}: no such file or folder")
        folders = model_folders(target)
        if len(folders) > 1 or folders[0] != target:
            note(f"licheck: {target}: {len(folders)} model folders, each inspected on its own")
        artifacts.extend(_named_file(read_target(folder), folder) for folder in folders)
    return artifacts
