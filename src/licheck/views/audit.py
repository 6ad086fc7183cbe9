"""Looking after the rules themselves: lint warnings beyond validity, and counts.

Pure functions over a validated RuleSet; `licheck rules validate` and `licheck rules stats` print them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from licheck.core.errors import Problem
from licheck.core.model import RuleSet, Verdict
from licheck.core.names import by_conversion

STALE_AFTER = timedelta(days=365)


Warn = Callable[[Any, str], None]


def lint(rules: RuleSet, today: date, hub_ids: frozenset[str] = frozenset()) -> list[Problem]:
    """Warnings: what is valid but weak (stale checks, missing decisions, licenses no model uses,
    aliases that take another entry's Hub id...). `hub_ids` are the Hub's license identifiers: a
    license that is one of them is there for what cards declare, so it needs no model."""
    found: list[Problem] = []

    def warn(where: Any, message: str) -> None:
        found.append(Problem(where.file if where else "rules", where.line if where else None, message))

    _unused_and_taken(rules, hub_ids, warn)
    _repo_names(rules, warn)
    _named_conversions(rules, warn)
    _licenses(rules, today, warn)
    _models(rules, today, warn)
    for dataset in rules.datasets.values():
        if today - dataset.checked > STALE_AFTER:
            warn(
                dataset.location, f"dataset {dataset.id!r} was last checked on {dataset.checked.isoformat()}"
            )
    return sorted(found, key=lambda p: (p.file, p.line or 0, p.message))


def _unused_and_taken(rules: RuleSet, hub_ids: frozenset[str], warn: Warn) -> None:
    """Licenses no model or dataset uses (a Hub id is there for cards), aliases that are another's Hub id."""
    used = {p.license for m in rules.models.values() for p in m.licenses} | {
        d.license for d in rules.datasets.values()
    }
    for lic in rules.licenses.values():
        names = {lic.id, *(a.lower() for a in lic.aliases)}
        if lic.id not in used and not names & hub_ids:
            warn(lic.location, f"license {lic.id!r} is used by no model or dataset and is no Hub license id")
        for alias in lic.aliases:
            key = alias.lower()
            if key in hub_ids and key in rules.licenses and key != lic.id:
                warn(lic.location, f"license {lic.id!r}: alias {alias!r} is the Hub id of license {key!r}")


def _repo_names(rules: RuleSet, warn: Warn) -> None:
    """A model whose id is the Hub repo name of other models."""
    by_name: dict[str, set[str]] = {}
    for model in rules.models.values():
        for alias in model.aliases:
            if "/" in alias:
                by_name.setdefault(alias.rsplit("/", 1)[-1].lower(), set()).add(model.id)
    for name, owners in sorted(by_name.items()):
        if name in rules.models and not owners <= {name} and name not in owners:
            others = ", ".join(sorted(owners))
            warn(rules.models[name].location, f"model {name!r}: its name is the Hub repo name of {others}")


def _named_conversions(rules: RuleSet, warn: Warn) -> None:
    """An entry for a quantizer's conversion that says only what its name already says (the same
    base, the same licenses): the conversions list judges it, with basis `name`, so that `--strict`
    and `require-basis` can tell a conversion known by its name from a reviewed model."""
    built_on = {base for model in rules.models.values() for base in model.base}
    for model in rules.models.values():
        repos = [alias for alias in model.aliases if "/" in alias]
        if len(repos) != 1 or model.id in built_on or len(model.base) != 1:
            continue
        conversion = rules.conversions.get(repos[0].split("/", 1)[0].lower())
        if conversion is None or conversion.kind != "quantizer":
            continue
        named = by_conversion(rules, repos[0])
        if named is None or named.model is None or named.model.id != model.base[0]:
            continue
        if {p.license for p in model.licenses} == {p.license for p in named.model.licenses}:
            warn(
                model.location,
                f"model {model.id!r} repeats what its name says ({repos[0]} is a conversion of "
                f"{named.model.id}, under the same license): the conversions list judges it by name",
            )


def _licenses(rules: RuleSet, today: date, warn: Warn) -> None:
    for lic in rules.licenses.values():
        missing = [use for use in rules.uses if use not in lic.uses]
        if missing:
            warn(
                lic.location,
                f"license {lic.id!r} has no decision for {', '.join(missing)} (they are unknown)",
            )
        if today - lic.checked > STALE_AFTER:
            warn(
                lic.location,
                f"license {lic.id!r} was last checked on {lic.checked.isoformat()}, over a year ago",
            )
        if not any(s.section for s in lic.sources):
            warn(lic.location, f"license {lic.id!r}: no source names the section it relies on")


def _models(rules: RuleSet, today: date, warn: Warn) -> None:
    for model in rules.models.values():
        if today - model.checked > STALE_AFTER:
            warn(
                model.location,
                f"model {model.id!r} was last checked on {model.checked.isoformat()}, over a year ago",
            )
        if not model.aliases:
            warn(model.location, f"model {model.id!r} has no aliases (its Hugging Face repo id?)")
        if len(model.licenses) > 1 and any(p.source is None for p in model.licenses):
            warn(model.location, f"model {model.id!r}: a license change has no source")


def stats(rules: RuleSet, today: date) -> dict[str, Any]:
    """Counts for `licheck rules stats`."""
    in_effect: Counter[str] = Counter()
    for model in rules.models.values():
        period = model.license_on(today)
        in_effect[str(rules.licenses[period.license].family) if period else "none on record"] += 1
    decisions: Counter[str] = Counter(
        rule.decision.label for lic in rules.licenses.values() for rule in lic.uses.values()
    )
    changed = sum(len(m.licenses) > 1 for m in rules.models.values())
    return {
        "models": len(rules.models),
        "licenses": len(rules.licenses),
        "datasets": len(rules.datasets),
        "uses": len(rules.uses),
        "aliases": len(rules.names) - len(rules.models),
        "models_with_license_history": changed,
        "models_with_lineage": sum(bool(m.base) for m in rules.models.values()),
        "licenses_by_family": dict(
            sorted(Counter(str(lic.family) for lic in rules.licenses.values()).items())
        ),
        "models_by_family": dict(sorted(in_effect.items())),
        "models_by_publisher": dict(sorted(Counter(m.publisher for m in rules.models.values()).items())),
        "decisions": {v.label: decisions.get(v.label, 0) for v in Verdict},
        "as_of": today.isoformat(),
    }
