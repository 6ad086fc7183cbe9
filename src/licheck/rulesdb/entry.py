"""One entry of a rule file as the index and the checks of meaning see it: its kind, id, place,
value and the references the checks read, as plain data."""

from __future__ import annotations

import marshal
from typing import Any, NamedTuple

from licheck.cache.serial import Types
from licheck.core import model as domain
from licheck.core.model import Location, RegionLimit
from licheck.rulesdb.indexfile import Damaged, IndexFile

Where = tuple[str, int | None]  # a Location as plain data

# What the rules index may hold: the domain's types, and nothing else.
DOMAIN = Types(
    domain.Verdict,
    domain.Family,
    domain.Origin,
    domain.Location,
    domain.Source,
    domain.Ceiling,
    domain.Royalty,
    domain.Agreement,
    domain.RegionLimit,
    domain.OrgLimit,
    domain.Purpose,
    domain.Threshold,
    domain.UseRule,
    domain.Obligation,
    domain.License,
    domain.LicensePeriod,
    domain.Model,
    domain.Dataset,
    domain.OllamaName,
    domain.Conversion,
    domain.Use,
    domain.Region,
    domain.Override,
)


KINDS = ("uses", "regions", "licenses", "models", "datasets", "ollama", "conversions")


STORED = ("licenses", "models", "datasets", "ollama", "conversions")
# One entry of each kind, as messages name it.
SINGULAR = {
    "uses": "use",
    "regions": "region",
    "licenses": "license",
    "models": "model",
    "datasets": "dataset",
    "ollama": "Ollama name",
    "conversions": "conversion publisher",
}  # the kinds an index keeps in tables, read one by one


class Entry(NamedTuple):
    """One entry of a rule file: the domain object (or, inside the index, its serialised bytes) and
    what the checks of meaning need of it, as plain data, so a merge need not restore the object."""

    kind: str
    id: str
    where: Where  # a Location, or inside the index the same as a plain tuple
    value: Any
    refs: tuple[Any, ...] = ()


def line_of(location: Location | None) -> int | None:
    return None if location is None else location.line  # the file is always the entry's own


def refs(kind: str, item: Any) -> tuple[Any, ...]:
    """The references and names of an entry that the checks of meaning read."""
    if kind == "licenses":
        return (
            tuple(item.aliases),
            line_of(item.location),
            tuple(
                (
                    use,
                    line_of(rule.location),
                    tuple(r for c in rule.conditions if isinstance(c, RegionLimit) for r in c.excluded),
                )
                for use, rule in item.uses.items()
            ),
            tuple((o.id, tuple(sorted(o.when or ()))) for o in item.obligations),
        )
    if kind == "models":
        periods = tuple((p.license, line_of(p.location)) for p in item.licenses)
        brief = (item.task, item.params_b, item.publisher)  # what ranking alternatives reads
        return (tuple(item.aliases), line_of(item.location), periods, item.base, item.datasets, brief)
    if kind == "datasets":
        return (item.license, line_of(item.location))
    return ()


def comparable(entry: Entry) -> Any:
    """The entry's domain object (inside the index it is kept serialised)."""
    if isinstance(entry.value, bytes | IndexFile):
        return DOMAIN.restore(marshal.loads(raw_value(entry)))
    return entry.value


def raw_value(entry: Any) -> bytes:
    """An entry's serialised value, read from its part when the entry only points there."""
    value = entry.value
    if isinstance(value, IndexFile):
        raw = value.table(entry.kind).get(entry.id)
        if raw is None:
            raise Damaged(f"{entry.kind} {entry.id!r} is not in its part")
        return raw
    return bytes(value)
