"""The deployment context a verdict depends on, from the command line and the manifest.

Values come as people write them (5M, 5,000,000, 1.5B; a date; a region or country; a kind of
organisation) and are checked here, each bad one named with the flag or the manifest key it came
from. The six values travel together as ContextFlags, declared once.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from licheck.core.errors import UsageError
from licheck.core.ids import BadName, org_kind, region
from licheck.core.model import Context

if TYPE_CHECKING:
    from licheck.core.model import RuleSet
    from licheck.project.manifest import Manifest

MAX_COUNT = 10**15  # users or US dollars: no real deployment comes near it
_NUMBER = re.compile(r"^(\d+(?:\.\d+)?)\s*([kKmMbBgG]?)$")
_SCALE: dict[str, int] = {"": 1, "k": 1_000, "m": 1_000_000, "b": 1_000_000_000, "g": 1_000_000_000}
KEYS = ("mau", "dau", "revenue", "region", "org")


class ContextFlags(NamedTuple):
    """The context as given, before it is checked: each value a string (or, from a manifest, a
    number or a date), or None when not given."""

    as_of: str | date | None = None
    mau: str | int | None = None
    dau: str | int | None = None
    revenue: str | int | None = None
    region: str | None = None
    org: str | None = None


def count(flag: str, text: str | int | None) -> int | None:
    """A count or an amount: 5000000, 5,000,000, 5_000_000, 5M, 700k, 1.5B. Whole numbers only."""
    if text is None:
        return None
    if isinstance(text, bool) or not isinstance(text, int | str):
        raise UsageError(
            f"{flag} {text!r}: not a number: give a whole number (250000, 5,000,000) or one with k, M or B (700k, 700M, 1.5B)"
        )
    if isinstance(text, int):
        if text < 0:
            raise UsageError(f"{flag} {text}: must be zero or more")
        if text > MAX_COUNT:
            raise UsageError(f"{flag}: larger than any real count ({MAX_COUNT:,})")
        return int(text)
    raw = str(text).strip().replace(",", "").replace("_", "")
    if raw.startswith("-"):
        raise UsageError(f"{flag} {text}: must be zero or more")
    found = _NUMBER.match(raw) if len(raw) <= 30 else None
    if found is None:
        raise UsageError(
            f"{flag} {text!r}: not a number: give a whole number (250000, 5,000,000) or one with k, M or B (700k, 700M, 1.5B)"
        )
    return _scaled(flag, text, found.group(1), found.group(2))


def _scaled(flag: str, text: str, digits: str, suffix: str) -> int:
    scale = _SCALE[suffix.lower()]
    if "." in digits:
        whole, _, fraction = digits.partition(".")
        places: int = 10 ** len(fraction)
        value = int(whole) * scale + int(fraction) * scale // places
        if int(fraction) * scale % places:
            raise UsageError(f"{flag} {text!r}: not a whole number")
    else:
        value = int(digits) * scale
    if value > MAX_COUNT:
        raise UsageError(f"{flag} {text!r}: larger than any real count ({MAX_COUNT:,})")
    return value


def day(flag: str, text: str | date | None) -> date:
    """A date (YYYY-MM-DD); today when not given."""
    if text is None:
        return date.today()
    if isinstance(text, date):
        return text
    try:
        return date.fromisoformat(text)
    except (TypeError, ValueError):
        raise UsageError(f"{flag} {text!r}: not a date (YYYY-MM-DD)") from None


def make_context(flags: ContextFlags, rules: RuleSet | None = None, prefix: str = "--") -> Context:
    """The deployment context from flags (or manifest values), every value checked."""
    try:
        place = (
            region(flags.region, set(rules.regions) if rules else {"EU"})
            if flags.region is not None
            else None
        )
    except BadName as error:
        raise UsageError(f"{prefix}region {error}") from None
    try:
        kind = org_kind(flags.org) if flags.org is not None else None
    except BadName as error:
        raise UsageError(f"{prefix}org {error}") from None
    return Context(
        as_of=day(f"{prefix}as-of", flags.as_of),
        mau=count(f"{prefix}mau", flags.mau),
        dau=count(f"{prefix}dau", flags.dau),
        revenue=count(f"{prefix}revenue", flags.revenue),
        region=place,
        org=kind,
    )


def context_of(manifest: Manifest, rules: RuleSet, flags: ContextFlags) -> Context:
    """The context of a project: the command line's flags over the manifest's `context` (each
    value checked, and a bad one named with the file it came from)."""
    given = manifest.context
    written = make_context(
        ContextFlags(given.get("as-of"), *(given.get(key) for key in KEYS)),
        rules,
        f"{manifest.shown}: context: ",
    )
    passed = make_context(flags, rules)
    chosen = {key: getattr(passed if getattr(flags, key) is not None else written, key) for key in KEYS}
    as_of = passed.as_of if flags.as_of or not given.get("as-of") else written.as_of
    return written._replace(as_of=as_of, **chosen)


def check_uses(rules: RuleSet, uses: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """Uses as given, checked against the rules' vocabulary (a typo gets the closest name)."""
    import difflib

    out = []
    for use in uses:
        name = use.strip().lower()
        if name not in rules.uses:
            close = difflib.get_close_matches(name, list(rules.uses), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise UsageError(f"--use {use!r} is not a known use{hint}; known: {', '.join(rules.uses)}")
        out.append(name)
    return tuple(dict.fromkeys(out))
