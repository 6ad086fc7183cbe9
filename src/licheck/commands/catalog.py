"""`licheck list` and `licheck license`: what the rules hold."""

from __future__ import annotations

from typing import Annotated

import typer

from licheck.commands.common import find_license, load_rules
from licheck.commands.options import (
    AsOfOpt,
    DauOpt,
    MauOpt,
    OrgOpt,
    RegionOpt,
    RevenueOpt,
    RulesOpt,
    format_option,
)
from licheck.commands.output import deliver, note, options
from licheck.core.errors import UsageError
from licheck.project.context import ContextFlags, check_uses, make_context


def _complete_families(incomplete: str) -> list[str]:
    from licheck.core.model import Family

    return [str(f) for f in Family if str(f).startswith(incomplete)]


_AllowsOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--allows",
        metavar="USE",
        help="Only models allowed for this use in the context given (repeatable: all of them).",
    ),
]

_FamilyOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--family",
        metavar="FAMILY",
        help="Only these license families (repeatable).",
        autocompletion=_complete_families,
    ),
]

_PublisherOpt = Annotated[
    str | None,
    typer.Option("--publisher", metavar="TEXT", help="Only publishers whose name contains TEXT."),
]

_LicenseOpt = Annotated[
    list[str] | None,
    typer.Option("--license", metavar="LICENSE", help="Only these licenses (repeatable)."),
]

_SearchOpt = Annotated[
    str | None,
    typer.Option("--search", metavar="TEXT", help="Only models whose id, name or aliases contain TEXT."),
]


def list_models(
    allows: _AllowsOpt = None,
    family: _FamilyOpt = None,
    publisher: _PublisherOpt = None,
    license_names: _LicenseOpt = None,
    search: _SearchOpt = None,
    mau: MauOpt = None,
    dau: DauOpt = None,
    revenue: RevenueOpt = None,
    as_of: AsOfOpt = None,
    region: RegionOpt = None,
    org: OrgOpt = None,
    rules_dirs: RulesOpt = None,
    output_format: Annotated[str, format_option("list")] = "table",
) -> int:
    """Models in the rules, filtered by what their licenses allow.

    Every model you may host commercially for 50M users:
    licheck list --allows commercial --allows hosted-service --mau 50M
    """
    from licheck.core.model import Family
    from licheck.reporters import reporter
    from licheck.views.catalog import Filters, select
    from licheck.views.reports import ModelList

    rules = load_rules(rules_dirs)
    context = make_context(ContextFlags(as_of, mau, dau, revenue, region, org), rules)
    families = tuple(family or ())
    for name in families:
        if name not in {str(f) for f in Family}:
            raise UsageError(f"--family {name!r}: expected one of {', '.join(str(f) for f in Family)}")
    wanted_licenses = tuple(find_license(rules, name).id for name in license_names or ())
    filters = Filters(
        check_uses(rules, allows) if allows else (), families, publisher, wanted_licenses, search
    )
    rows = tuple(select(rules, filters, context))
    deliver(reporter("list", output_format)(ModelList(rows, filters, context), options()), None)
    note(f"licheck: {len(rows)} model{'s' * (len(rows) != 1)}")
    return 0


def license_terms(
    name: Annotated[
        str | None,
        typer.Argument(
            metavar="LICENSE", help="A license id or alias (llama2, apache-2.0...).", show_default=False
        ),
    ] = None,
    list_all: Annotated[
        bool, typer.Option("--list", help="List every license of the rules: id, family, name.")
    ] = False,
    rules_dirs: RulesOpt = None,
    output_format: Annotated[str, format_option("license")] = "table",
) -> int:
    """One license's terms, use by use.

    Its family, each use with the clause that decides it, the conditions, the obligations, and
    the models under it. A license not in the rules is `unknown` (exit 1). --list lists them all.
    """
    from licheck.reporters import reporter
    from licheck.views.reports import LicenseList, LicenseView

    rules = load_rules(rules_dirs)
    if list_all == (name is not None):
        raise UsageError("license: give a LICENSE, or --list to list them all")
    if name is None:
        under: dict[str, int] = {}
        for m in rules.models.values():
            for found in {p.license for p in m.licenses}:
                under[found] = under.get(found, 0) + 1
        rows = tuple(
            (lic.id, str(lic.family), lic.name, under.get(lic.id, 0)) for lic in rules.licenses.values()
        )
        deliver(reporter("license-list", output_format)(LicenseList(tuple(sorted(rows))), options()), None)
        return 0
    lic = find_license(rules, name)
    users = tuple(sorted(m.id for m in rules.models.values() if any(p.license == lic.id for p in m.licenses)))
    deliver(reporter("license", output_format)(LicenseView(lic, users), options()), None)
    return 0
