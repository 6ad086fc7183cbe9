"""Conditions against a context: a user ceiling, a royalty, an agreement, a region or an
organisation limit, each settled as met, failed, unsettled (with what would settle it) or owed,
and said in a few words ("≤700M MAU", "10% royalty > $1M"). Pure functions: no I/O."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from licheck.core.model import (
    Agreement,
    Ceiling,
    Condition,
    ConditionOutcome,
    Context,
    Obligation,
    OrgLimit,
    Purpose,
    RegionLimit,
    Royalty,
    RuleSet,
    State,
    Threshold,
    Verdict,
)


def short_number(value: float) -> str:
    """700000000 -> 700M, 1000000 -> 1M, 1500 -> 1.5k; an absurdly large count in plain digits."""
    if isinstance(value, int) and abs(value) >= 10**15:  # past what a float divides exactly
        digits = str(abs(value))
        return f"{'-' * (value < 0)}{digits[0]}.{digits[1:3]}e{len(digits) - 1}"
    for size, suffix in ((1_000_000_000, "B"), (1_000_000, "M"), (1_000, "k")):
        if abs(value) >= size:
            text = f"{value / size:.1f}".removesuffix(".0")
            return f"{text}{suffix}"
    return f"{value:g}"


def _money(value: float) -> str:
    return f"${short_number(value)}"


def _metric(metric: str, value: float) -> str:
    return _money(value) if metric == "revenue" else f"{short_number(value)} {metric.upper()}"


def summarize(condition: Condition) -> str:
    """A condition in a few words: "≤700M MAU", "10% royalty > $1M", "not in EU"."""
    if isinstance(condition, Ceiling):
        return f"≤{_metric(condition.metric, condition.max)}"
    if isinstance(condition, Royalty):
        return f"{condition.rate * 100:g}% royalty > {_money(condition.above)}"
    if isinstance(condition, Agreement):
        return f"agreement with {condition.party.split(' (')[0]}"
    if isinstance(condition, RegionLimit):
        return f"not in {', '.join(condition.excluded)}"
    if isinstance(condition, Purpose):
        return f"not for {condition.excluded}"
    if condition.only:
        return f"only {', '.join(condition.only)}"
    return f"not for {', '.join(condition.excluded)}"


def settle(
    condition: Condition, context: Context, rules: RuleSet, license_id: str
) -> tuple[ConditionOutcome, Verdict]:
    """How one condition stands against the context, and the verdict it leads to."""
    settler = SETTLERS[type(condition)]
    kind, state, detail, verdict, needs = settler(condition, context, rules)
    outcome = ConditionOutcome(kind, summarize(condition), state, detail, license_id, condition.clause, needs)
    return outcome, verdict


Settled = tuple[str, State, str, Verdict, str | None]  # kind, state, detail, verdict, what settles it


def ceiling_settled(condition: Ceiling, context: Context, rules: RuleSet) -> Settled:
    value = context.metric(condition.metric)
    limit = _metric(condition.metric, condition.max)
    measured = f" ({condition.measured})" if condition.measured else ""
    if value is None:
        return (
            "ceiling",
            State.UNSETTLED,
            f"allowed only up to {limit}{measured}",
            Verdict.CONDITIONAL,
            condition.metric,
        )
    if value <= condition.max:
        detail = f"{_metric(condition.metric, value)} is within the ceiling of {limit}{measured}"
        return "ceiling", State.MET, detail, Verdict.ALLOWED, None
    extra = f"; {condition.note}" if condition.note else ""
    detail = f"{_metric(condition.metric, value)} is above the ceiling of {limit}{measured}{extra}"
    return "ceiling", State.FAILED, detail, condition.otherwise, None


def royalty_settled(condition: Royalty, context: Context, rules: RuleSet) -> Settled:
    basis = f" (basis: {condition.basis})" if condition.basis else ""
    owed = f"a royalty of {condition.rate * 100:g}% is owed on revenue above {_money(condition.above)} a year{basis}"
    if context.revenue is None:
        return "royalty", State.UNSETTLED, owed, Verdict.CONDITIONAL, "revenue"
    if context.revenue <= condition.above:
        detail = (
            f"revenue {_money(context.revenue)} is at or below {_money(condition.above)}: no royalty is owed"
        )
        return "royalty", State.MET, detail, Verdict.ALLOWED, None
    detail = f"revenue {_money(context.revenue)} is above {_money(condition.above)}: {owed}"
    return "royalty", State.OWED, detail, Verdict.CONDITIONAL, None


def agreement_settled(condition: Agreement, context: Context, rules: RuleSet) -> Settled:
    note = f": {condition.note}" if condition.note else ""
    detail = f"needs a separate agreement with {condition.party}{note}"
    return "agreement", State.UNSETTLED, detail, Verdict.CONDITIONAL, None


def region_settled(condition: RegionLimit, context: Context, rules: RuleSet) -> Settled:
    excluded = ", ".join(condition.excluded)
    if context.region is None:
        return (
            "region",
            State.UNSETTLED,
            f"the grant excludes licensees in {excluded}",
            Verdict.CONDITIONAL,
            "region",
        )
    if _in_regions(context.region, condition.excluded, rules):
        detail = f"the grant excludes licensees in {excluded}, which covers {context.region}"
        return "region", State.FAILED, detail, Verdict.DENIED, None
    return "region", State.MET, f"{context.region} is outside the excluded {excluded}", Verdict.ALLOWED, None


def organisation_settled(condition: OrgLimit, context: Context, rules: RuleSet) -> Settled:
    if condition.only:
        return _only_settled(condition.only, context)
    excluded = ", ".join(condition.excluded)
    if context.org is None:
        return "organisation", State.UNSETTLED, f"the grant excludes {excluded}", Verdict.CONDITIONAL, "org"
    if context.org in condition.excluded:
        return "organisation", State.FAILED, f"the grant excludes {context.org}", Verdict.DENIED, None
    detail = f"{context.org} is not among the excluded ({excluded})"
    return "organisation", State.MET, detail, Verdict.ALLOWED, None


def _only_settled(only: tuple[str, ...], context: Context) -> Settled:
    kinds = ", ".join(only)
    if context.org is None:
        return "organisation", State.UNSETTLED, f"the grant reaches only {kinds}", Verdict.CONDITIONAL, "org"
    if context.org not in only:
        return (
            "organisation",
            State.FAILED,
            f"the grant reaches only {kinds}, not {context.org}",
            Verdict.DENIED,
            None,
        )
    return "organisation", State.MET, f"the grant reaches {context.org}", Verdict.ALLOWED, None


def purpose_settled(condition: Purpose, context: Context, rules: RuleSet) -> Settled:
    """No context says what a use is for: the use holds while the excluded purpose is avoided."""
    return (
        "purpose",
        State.UNSETTLED,
        "granted for any other purpose; no context can tell",
        Verdict.CONDITIONAL,
        None,
    )


def threshold_words(thresholds: Iterable[Threshold]) -> str:
    """`above 100M MAU or $30M revenue a year`."""
    return "above " + " or ".join(
        _metric(t.metric, t.above) + (" revenue a year" if t.metric == "revenue" else "") for t in thresholds
    )


def obligation_status(obligation: Obligation, context: Context) -> str | None:
    """Whether a duty that holds only above a threshold applies in this context: "applies",
    "does not apply" or "applies above ..." (what would settle it), in words; None for a duty
    without a threshold (it always applies)."""
    if not obligation.applies_above:
        return None
    given = {"mau": context.mau, "dau": context.dau, "revenue": context.revenue}
    over = [
        t
        for t in obligation.applies_above
        if (given[t.metric] or 0) > t.above and given[t.metric] is not None
    ]
    if over:
        value = given[over[0].metric]
        assert value is not None
        return f"applies: {_metric(over[0].metric, value)} is {threshold_words(over[:1])}"
    unknown = [t for t in obligation.applies_above if given[t.metric] is None]
    if not unknown:
        return f"does not apply: not {threshold_words(obligation.applies_above)}"
    flags = ", ".join(dict.fromkeys(f"--{t.metric}" for t in unknown))
    return f"applies {threshold_words(obligation.applies_above)} (pass {flags} to settle it)"


def obligation_note(obligation: Obligation) -> str:
    """What reports add to a duty's text: whether it applies in the context (" (applies: 150M MAU
    is above 100M MAU)"), or above what it applies; "" for a duty without a threshold."""
    if not obligation.applies_above:
        return ""
    return f" ({obligation.status or 'applies ' + threshold_words(obligation.applies_above)})"


def _in_regions(place: str, excluded: Iterable[str], rules: RuleSet) -> bool:
    place = place.upper()
    for item in excluded:
        region = rules.regions.get(item)
        if place == item or (region is not None and place in region.members):
            return True
    return False


SETTLERS: dict[type, Any] = {
    Ceiling: ceiling_settled,
    Royalty: royalty_settled,
    Agreement: agreement_settled,
    RegionLimit: region_settled,
    OrgLimit: organisation_settled,
    Purpose: purpose_settled,
}
