"""`licheck compare`: models (or licenses) side by side, a column per use."""

from __future__ import annotations

from typing import Annotated

import typer

from licheck.commands.common import (
    find_license,
    load_rules,
    model_name,
    rules_inputs,
    verdict_exit,
)
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
    UsesOpt,
    format_option,
)
from licheck.commands.output import deliver, note, options
from licheck.project.context import ContextFlags, check_uses, make_context


def compare(
    names: Annotated[
        list[str],
        typer.Argument(metavar="MODEL...", help="Models to compare (or licenses, with --licenses)."),
    ],
    use: UsesOpt = None,
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
    output_format: Annotated[str, format_option("compare")] = "table",
    output: OutputOpt = None,
    strict: StrictOpt = False,
) -> int:
    """Models (or licenses) side by side, a column per use.

    A row per model, the verdict and its condition in each cell, the obligations once, below.
    With --licenses, licenses side by side. Exits as `licheck model` does, for the worst verdict.
    """
    from licheck.core.engine import assess, with_alternatives
    from licheck.core.model import Verdict
    from licheck.reporters import reporter
    from licheck.views.reports import Comparison, LicenseComparison

    rules = load_rules(rules_dirs)
    uses = check_uses(rules, use) if use else tuple(rules.uses)
    to_file = output not in (None, "-")
    if licenses:
        found = tuple(find_license(rules, name) for name in names)
        text = reporter("compare-licenses", output_format)(LicenseComparison(found, uses), options(to_file))
        deliver(text, output, rules_inputs(rules_dirs))
        return 0
    context = make_context(ContextFlags(as_of, mau, dau, revenue, region, org), rules)
    items = tuple(with_alternatives(rules, assess(rules, model_name(name), uses, context)) for name in names)
    text = reporter("compare", output_format)(Comparison(uses, context, items), options(to_file))
    deliver(text, output, rules_inputs(rules_dirs))
    if to_file:
        note(f"licheck: wrote {output}")
    return verdict_exit(max((item.verdict for item in items), default=Verdict.ALLOWED), strict)
