"""The options several commands share, each defined once (with its help and completion)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from typer._types import TyperChoice


def _complete_uses(incomplete: str) -> list[str]:
    return [
        u
        for u in ("research", "commercial", "hosted-service", "redistribute", "fine-tune", "distill")
        if u.startswith(incomplete)
    ]


def _complete_orgs(incomplete: str) -> list[str]:
    from licheck.core.ids import ORG_KINDS

    return [k for k in ORG_KINDS if k.startswith(incomplete)]


def _complete_models(incomplete: str) -> list[str]:
    try:
        from licheck.commands.common import load_rules

        rules = load_rules(None)
    except Exception:  # completion must never fail loudly
        return []
    wanted = incomplete.lower()
    return sorted(name for name in rules.names if name.startswith(wanted))[:50]


ModelArg = Annotated[
    str,
    typer.Argument(
        metavar="MODEL", help="A model id, alias or Hugging Face repo id.", autocompletion=_complete_models
    ),
]
RulesOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--rules",
        metavar="DIR",
        help="A folder of your own rule files, on top of the bundled ones (repeatable). An entry "
        "with a bundled id overrides it, and every report says so.",
    ),
]
UseOpt = Annotated[
    list[str],
    typer.Option(
        "--use",
        "-u",
        metavar="USE",
        help="A use to check (repeatable): research, commercial, hosted-service, redistribute, "
        "fine-tune, distill.",
        autocompletion=_complete_uses,
    ),
]
UsesOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--use",
        "-u",
        metavar="USE",
        help="Uses to check (repeatable; default: every use).",
        autocompletion=_complete_uses,
    ),
]


def uses_option(default: str) -> Any:
    """--use for a command whose default is not every use: `default` says what it is."""
    return typer.Option(
        "--use",
        "-u",
        metavar="USE",
        help=f"Uses to check (repeatable; {default}).",
        autocompletion=_complete_uses,
    )


MauOpt = Annotated[
    str | None, typer.Option("--mau", metavar="N", help="Your monthly active users (5000000, 5M, 700k).")
]
DauOpt = Annotated[str | None, typer.Option("--dau", metavar="N", help="Your daily active users.")]
RevenueOpt = Annotated[
    str | None, typer.Option("--revenue", metavar="USD", help="Your annual revenue in US dollars (2.5M).")
]
AsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of", metavar="YYYY-MM-DD", help="Judge the licenses in effect on this date (default: today)."
    ),
]
RegionOpt = Annotated[
    str | None,
    typer.Option(
        "--region", metavar="CODE", help="Where you are based: an ISO country code or a region (EU)."
    ),
]
OrgOpt = Annotated[
    str | None,
    typer.Option(
        "--org",
        metavar="KIND",
        help="What kind of organisation you are: individual, company, cloud-provider, "
        "software-service-provider, government, military, academic (universities, research "
        "institutions), nonprofit.",
        autocompletion=_complete_orgs,
    ),
]
StrictOpt = Annotated[bool, typer.Option("--strict", help="Fail (exit 1) on conditional verdicts too.")]
OnlineOpt = Annotated[
    bool,
    typer.Option(
        "--online",
        help="Ask the Hugging Face Hub now about models the rules do not list, and their bases; "
        "without it licheck never touches the network.",
    ),
]
OutputOpt = Annotated[
    str | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write the report to FILE (atomically; - is stdout); the summary still goes to stderr.",
    ),
]


def format_option(view: str) -> object:
    """The --format option of a view: its choices come from the reporter registry."""
    from licheck.reporters import formats

    choices = formats(view)
    return typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        help=f"Output format: {', '.join(choices)}.",
        click_type=TyperChoice(list(choices)),
    )


# ---------------------------------------------------------------- values
