"""`licheck model` and `licheck explain`: one model, its verdict for each use, and why."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from licheck.commands.common import (
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
    assess_name,
    check_uses,
    format_option,
    load_rules,
    make_context,
    verdict_exit,
)
from licheck.commands.output import deliver, note, options

if TYPE_CHECKING:
    from licheck.model import Assessment

Flags = tuple[str | None, str | None, str | None, str | None, str | None, str | None]


def _assess(name: str, use: list[str], flags: Flags, rules_dirs: RulesOpt, online: bool) -> Assessment:
    rules = load_rules(rules_dirs)
    as_of, mau, dau, revenue, region, org = flags
    context = make_context(as_of, mau, dau, revenue, region, org, rules)
    return assess_name(rules, name, check_uses(rules, use), context, online)


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

    result = _assess(name, use, (as_of, mau, dau, revenue, region, org), rules_dirs, online)
    deliver(reporter("model", output_format)(result, options()), None)
    if result.model is None and output_format != "table":
        shown = name if len(name) <= 80 else f"{name[:77]}..."
        hint = f"; did you mean {', '.join(result.suggestions)}?" if result.suggestions else ""
        note(f"licheck: {shown!r} is not in the rules{hint}")
    return verdict_exit(result.verdict, strict)


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
    output_format: Annotated[str, format_option("explain")] = "table",
    strict: StrictOpt = False,
    online: OnlineOpt = False,
) -> int:
    """The reasoning behind a verdict, step by step.

    A tree: the license in effect and its history, each lineage step, each clause and condition
    that decided, with the rule file and line.
    """
    from licheck.reporters import reporter

    result = _assess(name, use, (as_of, mau, dau, revenue, region, org), rules_dirs, online)
    deliver(reporter("explain", output_format)(result, options()), None)
    return verdict_exit(result.verdict, strict)
