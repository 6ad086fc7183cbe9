"""What several commands share: the rules they load, and the parsing of context values (numbers
like 5M, dates, regions, organisations, uses, names). The options themselves are in options.py."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from licheck.core.errors import UnknownName, UsageError
from licheck.core.ids import BadName, org_kind, region

if TYPE_CHECKING:
    from licheck.core.model import Assessment, Context, License, RuleSet, Verdict
    from licheck.rulesdb.index import RulesDir


MAX_COUNT = 10**15  # users or US dollars: no real deployment comes near it
_NUMBER = re.compile(r"^(\d+(?:\.\d+)?)\s*([kKmMbBgG]?)$")
_SCALE: dict[str, int] = {"": 1, "k": 1_000, "m": 1_000_000, "b": 1_000_000_000, "g": 1_000_000_000}


def count(flag: str, text: str | int | None) -> int | None:
    """A count or an amount: 5000000, 5,000,000, 5_000_000, 5M, 700k, 1.5B. Whole numbers only."""
    if text is None:
        return None
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
        raise UsageError(f"{flag} {text!r}: not a number (examples: 5000000, 5M, 700k, 1.5B)")
    digits: str = found.group(1)
    suffix: str = found.group(2)
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
    if text is None:
        return date.today()
    if isinstance(text, date):
        return text
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{flag} {text!r}: not a date (YYYY-MM-DD)") from None


def rule_dirs(extra: list[Path] | None, from_manifest: tuple[Path, ...] = ()) -> list[RulesDir]:
    """The bundled rule folder, then the manifest's, then --rules folders (later ones win)."""
    from licheck.rulesdb.index import RulesDir, bundled_dir

    directories = [bundled_dir()]
    for path, label in [
        *((p, f"rules folder {p} (named in the manifest)") for p in from_manifest),
        *((p, f"--rules {p}") for p in extra or ()),
    ]:
        kind = path_kind(path, label)
        if kind is None:
            raise UsageError(f"{label}: no such folder")
        if kind != "dir":
            raise UsageError(f"{label}: not a folder")
        directories.append(RulesDir(path, str(path)))
    return directories


def load_rules(extra: list[Path] | None, from_manifest: tuple[Path, ...] = ()) -> RuleSet:
    """The bundled rules with the user's rule folders on top."""
    from licheck.rulesdb.index import load_cached

    directories = rule_dirs(extra, from_manifest)
    rules = load_cached(directories)
    from licheck.commands.output import note, verbose

    verbose(f"licheck: rules from {', '.join(str(d.path) for d in directories)}")
    for override in rules.overrides:
        note(f"licheck: note: {override}")
    return rules


def rules_digest(extra: list[Path] | None, from_manifest: tuple[Path, ...] = ()) -> str:
    """The digest of the rules a run used (the same rules give the same digest anywhere)."""
    from licheck.rulesdb.index import rules_digest as digest_of

    return digest_of(rule_dirs(extra, from_manifest))


def path_kind(path: Path, label: str) -> str | None:
    """ "dir", "file", "other", or None when nothing is there; a name the system refuses (too long,
    a NUL in it) is bad usage, not a crash."""
    import os
    import stat

    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise UsageError(f"{label}: cannot be used: {reason}") from None
    return "dir" if stat.S_ISDIR(info.st_mode) else "file" if stat.S_ISREG(info.st_mode) else "other"


def rules_inputs(*folders: tuple[Path, ...] | list[Path] | None) -> list[Path]:
    """The rule folders a run reads, the bundled one included: --output may not write into them."""
    from licheck.rulesdb.index import bundled_dir

    return [bundled_dir().path, *(path for group in folders for path in group or ())]


def make_context(
    as_of: str | date | None,
    mau: str | int | None,
    dau: str | int | None,
    revenue: str | int | None,
    where: str | None,
    org: str | None,
    rules: RuleSet | None = None,
    prefix: str = "--",
) -> Context:
    """The deployment context from flags (or manifest values), every value checked."""
    from licheck.core.model import Context

    try:
        place = region(where, set(rules.regions) if rules else {"EU"}) if where is not None else None
    except BadName as error:
        raise UsageError(f"{prefix}region {error}") from None
    try:
        kind = org_kind(org) if org is not None else None
    except BadName as error:
        raise UsageError(f"{prefix}org {error}") from None
    return Context(
        as_of=day(f"{prefix}as-of", as_of),
        mau=count(f"{prefix}mau", mau),
        dau=count(f"{prefix}dau", dau),
        revenue=count(f"{prefix}revenue", revenue),
        region=place,
        org=kind,
    )


def check_uses(rules: RuleSet, uses: list[str] | tuple[str, ...]) -> tuple[str, ...]:
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


def model_name(text: str) -> str:
    """A MODEL argument, checked: a mixed-script name is bad usage, not an unknown model."""
    from licheck.core.ids import model_id

    try:
        model_id(text)
    except BadName as error:
        raise UsageError(f"model {error}") from None
    return text


def assess_name(
    rules: RuleSet, name: str, uses: tuple[str, ...], context: Context, online: bool = False
) -> Assessment:
    """A model by name: its reviewed entry, else what it declares in the local Hugging Face cache
    (offline, always), else on the Hub when `online`; else unknown, with close names."""
    from licheck.core.engine import assess, with_alternatives

    item = assess(rules, model_name(name), uses, context)
    if item.model is None and "/" in name:
        from licheck.evidence.judge import hub_name, judge
        from licheck.evidence.lookup import find

        artifact = find(hub_name(name), online)
        if artifact is not None:
            judged = judge(artifact, rules, uses, context).assessment
            if judged.basis is not None:
                item = judged._replace(query=name, suggestions=())
    return with_alternatives(rules, item)


def find_license(rules: RuleSet, name: str) -> License:
    """A license by id or alias; not in the rules is an `unknown` answer (exit 1), with the
    closest names when some are close."""
    import difflib

    lic = rules.find_license(name)
    if lic is None:
        close = difflib.get_close_matches(name.lower(), list(rules.license_names), n=3, cutoff=0.6)
        hint = (
            f"; did you mean {', '.join(dict.fromkeys(rules.license_names[c] for c in close))}?"
            if close
            else ""
        )
        raise UnknownName(f"license {name!r} is not in the rules{hint}")
    return lic


def verdict_exit(verdict: Verdict, strict: bool) -> int:
    """0 allowed (or conditional), 1 denied, unknown, or conditional with --strict."""
    from licheck.core.model import Verdict

    if verdict is Verdict.ALLOWED or (verdict is Verdict.CONDITIONAL and not strict):
        return 0
    return 1
