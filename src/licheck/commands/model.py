"""`licheck model` and `licheck explain`: one model, its verdict for each use, and why."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from licheck.commands.common import assess_name, load_rules, must_exist, verdict_exit
from licheck.commands.options import (
    AsOfOpt,
    DauOpt,
    MauOpt,
    ModelArg,
    OnlineOpt,
    OrgOpt,
    RegionOpt,
    RevenueOpt,
    RulesOpt,
    StrictOpt,
    UseOpt,
    UsesOpt,
    format_option,
)
from licheck.commands.output import deliver, note, options
from licheck.core.errors import UsageError
from licheck.project.context import ContextFlags, check_uses, make_context

if TYPE_CHECKING:
    from licheck.core.model import Assessment


def _assess(
    name: str, use: list[str], flags: ContextFlags, rules_dirs: RulesOpt, online: bool, strict: bool = False
) -> Assessment:
    rules = load_rules(rules_dirs)
    return assess_name(rules, name, check_uses(rules, use), make_context(flags, rules), online, strict)


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
    output_format: Annotated[str, format_option("model")] = "table",
    strict: StrictOpt = False,
    online: OnlineOpt = False,
) -> int:
    """Is USE of MODEL allowed?

    The verdict, the license in effect, the reasons with the rule that decided, the conditions
    and the obligations.
    """
    from licheck.reporters import reporter

    result = _assess(
        name, use, ContextFlags(as_of, mau, dau, revenue, region, org), rules_dirs, online, strict
    )
    deliver(reporter("model", output_format)(result, options()), None)
    if result.model is None and output_format != "table":
        shown = name if len(name) <= 80 else f"{name[:77]}..."
        hint = f"; did you mean {', '.join(result.suggestions)}?" if result.suggestions else ""
        note(f"licheck: {shown!r} is not in the rules{hint}")
    return verdict_exit(result.verdict, strict)


def explain(
    name: ModelArg,
    use: UsesOpt = None,
    manifest_file: Annotated[
        Path | None,
        typer.Option(
            "--manifest",
            "-m",
            metavar="FILE",
            help="Explain a model of this manifest (its own models too), with its uses and rules.",
        ),
    ] = None,
    mau: MauOpt = None,
    dau: DauOpt = None,
    revenue: RevenueOpt = None,
    as_of: AsOfOpt = None,
    region: RegionOpt = None,
    org: OrgOpt = None,
    rules_dirs: RulesOpt = None,
    output_format: Annotated[str, format_option("explain")] = "table",
    strict: StrictOpt = False,
    online: OnlineOpt = False,
) -> int:
    """The reasoning behind a verdict, step by step.

    A tree: the license in effect and its history, each lineage step, each clause and condition
    that decided, with the rule file and line.
    """
    from licheck.reporters import reporter

    flags = ContextFlags(as_of, mau, dau, revenue, region, org)
    must_exist(manifest=manifest_file)
    if manifest_file is not None:
        result = _from_manifest(manifest_file, name, use, flags, rules_dirs, online)
    elif not use:
        raise UsageError("explain: give --use (or --manifest to take the manifest's uses)")
    else:
        result = _assess(name, use, flags, rules_dirs, online, strict)
    deliver(reporter("explain", output_format)(result, options()), None)
    return verdict_exit(result.verdict, strict)


def _from_manifest(
    path: Path, name: str, use: list[str] | None, flags: ContextFlags, rules_dirs: RulesOpt, online: bool
) -> Assessment:
    """A model as `licheck check` judges it from this manifest: its own models, its rule folders,
    its uses and context (flags win)."""
    from licheck.commands.common import announce
    from licheck.project.gate import assess_all
    from licheck.project.inputs import Options, Project, evidence_for

    project = Project.load(path, Options(tuple(rules_dirs or ()), flags, read_lock=False, online=online))
    announce(project.rules, project.rules_dirs)
    manifest, rules = project.manifest, project.rules
    wanted = [ref for ref in manifest.models if ref.name.lower() == name.lower()]
    if not wanted:
        known = ", ".join(ref.name for ref in manifest.models[:10])
        raise UsageError(f"explain: {name!r} is not a model of {manifest.shown} (it has: {known})")
    uses = check_uses(rules, use) if use else None
    ref = wanted[0]._replace(uses=uses) if uses else wanted[0]
    only = manifest._replace(models=(ref,))
    return assess_all(rules, only, project.context, evidence_for(only, rules, online))[0]
