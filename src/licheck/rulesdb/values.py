"""A rule file's YAML values as the domain's types: licenses with their decisions and conditions,
models with their license history, datasets, uses, regions, Ollama names and conversion publishers.
Dates that do not parse are problems named with their file and line."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from licheck.core.errors import Problem
from licheck.core.model import (
    Agreement,
    Ceiling,
    Condition,
    Conversion,
    Dataset,
    Family,
    License,
    LicensePeriod,
    Location,
    Model,
    Obligation,
    OllamaName,
    OrgLimit,
    Purpose,
    Region,
    RegionLimit,
    Royalty,
    Source,
    Threshold,
    Use,
    UseRule,
    Verdict,
)
from licheck.files import yamlio


def date_of(raw: str, file: str, line: int | None, problems: list[Problem]) -> date:
    try:
        return date.fromisoformat(raw)
    except ValueError:
        problems.append(Problem(file, line, f"{raw!r} is not a real date"))
        return date.min


def _sources(raw: list[dict[str, Any]]) -> tuple[Source, ...]:
    return tuple(_source(item) for item in raw)


def _source(raw: dict[str, Any]) -> Source:
    return Source(raw["url"], raw.get("section"), raw.get("note"))


def _condition(raw: dict[str, Any]) -> Condition:
    kind = raw["kind"]
    common = {"clause": raw.get("clause"), "note": raw.get("note")}
    if kind == "ceiling":
        otherwise = Verdict.parse(raw.get("otherwise", "denied"))
        return Ceiling(raw["metric"], raw["max"], otherwise, raw.get("measured"), **common)
    if kind == "royalty":
        return Royalty(float(raw["rate"]), raw["above"], raw.get("basis"), **common)
    if kind == "agreement":
        return Agreement(raw["party"], **common)
    if kind == "region":
        return RegionLimit(tuple(raw["excluded"]), **common)
    if kind == "purpose":
        return Purpose(raw["excluded"], **common)
    return OrgLimit(tuple(raw.get("excluded", ())), only=tuple(raw.get("only", ())), **common)


def _obligation(raw: dict[str, Any], license_id: str) -> Obligation:
    """An obligation, with what a release must ship or do (verbatim, action, ships-text,
    ships-file, name-prefix) and the thresholds above which it applies."""
    return Obligation(
        raw["id"],
        raw["text"],
        raw["clause"],
        frozenset(raw["when"]) if "when" in raw else None,
        license_id,
        tuple(Threshold(t["metric"], t["above"]) for t in raw.get("applies-above", ())),
        verbatim=raw.get("verbatim"),
        action=bool(raw.get("action", False)),
        ships_text=bool(raw.get("ships-text", False)),
        ships_file=raw.get("ships-file"),
        name_prefix=raw.get("name-prefix"),
    )


class Builder:
    """Turns one schema-valid file into domain objects, collecting the problems of meaning."""

    def __init__(self, data: Any, file: str, problems: list[Problem]) -> None:
        self.data = data
        self.file = file
        self.problems = problems

    def loc(self, *path: Any) -> Location:
        return Location(self.file, yamlio.line_of(self.data, path))

    def day(self, raw: str, *path: Any) -> date:
        return date_of(raw, self.file, self.loc(*path).line, self.problems)

    def uses(self) -> Iterator[tuple[Use, Location]]:
        for i, raw in enumerate(self.data.get("uses", [])):
            yield Use(raw["id"], raw["description"], raw.get("commercial", False)), self.loc("uses", i)

    def regions(self) -> Iterator[tuple[Region, Location]]:
        for i, raw in enumerate(self.data.get("regions", [])):
            self.day(raw["checked"], "regions", i, "checked")
            region = Region(raw["id"], raw["name"], frozenset(raw["members"]))
            yield region, self.loc("regions", i)

    def licenses(self) -> Iterator[tuple[License, Location]]:
        for i, raw in enumerate(self.data.get("licenses", [])):
            here = ("licenses", i)
            rules = {}
            for use, decision in raw["uses"].items():
                verdict = Verdict.parse(decision["decision"])
                conditions = tuple(_condition(c) for c in decision.get("conditions", ()))
                if verdict is Verdict.CONDITIONAL and not conditions:
                    self.problems.append(
                        Problem(
                            self.file,
                            self.loc(*here, "uses", use).line,
                            f"use {use!r}: a conditional decision needs its conditions",
                        )
                    )
                if verdict is not Verdict.CONDITIONAL and conditions:
                    self.problems.append(
                        Problem(
                            self.file,
                            self.loc(*here, "uses", use).line,
                            f"use {use!r}: only a conditional decision takes conditions",
                        )
                    )
                rules[use] = UseRule(
                    use,
                    verdict,
                    decision["clause"],
                    conditions,
                    decision.get("note"),
                    self.loc(*here, "uses", use),
                    decision.get("ask"),
                )
            obligations = tuple(_obligation(o, raw["id"]) for o in raw.get("obligations", ()))
            yield (
                License(
                    id=raw["id"],
                    name=raw["name"],
                    url=raw["url"],
                    family=Family(raw["family"]),
                    inherit=raw["derivatives"] == "inherit",
                    uses=rules,
                    obligations=obligations,
                    sources=_sources(raw["sources"]),
                    checked=self.day(raw["checked"], *here, "checked"),
                    aliases=tuple(raw.get("aliases", ())),
                    spdx=raw.get("spdx"),
                    notes=raw.get("notes"),
                    location=self.loc(*here),
                    links=tuple(raw.get("links", ())),
                ),
                self.loc(*here),
            )

    def models(self) -> Iterator[tuple[Model, Location]]:
        for i, raw in enumerate(self.data.get("models", [])):
            here = ("models", i)
            released = self.day(raw["released"], *here, "released") if "released" in raw else None
            if isinstance(raw["license"], str):
                periods: tuple[LicensePeriod, ...] = (
                    LicensePeriod(raw["license"], released, None, self.loc(*here, "license")),
                )
            else:
                periods = tuple(
                    LicensePeriod(
                        p["license"],
                        self.day(p["from"], *here, "license", j, "from"),
                        _source(p["source"]),
                        self.loc(*here, "license", j),
                    )
                    for j, p in enumerate(raw["license"])
                )
                starts = [p.start for p in periods if p.start is not None]
                if starts != sorted(starts) or len(set(starts)) != len(starts):
                    self.problems.append(
                        Problem(
                            self.file,
                            self.loc(*here, "license").line,
                            "license history must be in date order, oldest first",
                        )
                    )
            yield (
                Model(
                    id=raw["id"],
                    name=raw["name"],
                    publisher=raw["publisher"],
                    licenses=periods,
                    sources=_sources(raw["sources"]),
                    checked=self.day(raw["checked"], *here, "checked"),
                    aliases=tuple(raw.get("aliases", ())),
                    released=released,
                    task=raw.get("task"),
                    params_b=raw.get("params-b"),
                    base=tuple(raw.get("base", ())),
                    datasets=tuple(raw.get("datasets", ())),
                    card=raw.get("card"),
                    notes=raw.get("notes"),
                    location=self.loc(*here),
                    card_license=raw.get("card-license"),
                ),
                self.loc(*here),
            )

    def ollama(self) -> Iterator[tuple[OllamaName, Location]]:
        for i, raw in enumerate(self.data.get("ollama", [])):
            here = ("ollama", i)
            yield (
                OllamaName(
                    id=raw["name"],
                    upstream=raw["upstream"],
                    tags=tuple(sorted((str(k).lower(), v) for k, v in (raw.get("tags") or {}).items())),
                    sources=_sources(raw["sources"]),
                    checked=self.day(raw["checked"], *here, "checked"),
                    license=raw.get("license"),
                    note=raw.get("note"),
                    location=self.loc(*here),
                ),
                self.loc(*here),
            )

    def conversions(self) -> Iterator[tuple[Conversion, Location]]:
        for i, raw in enumerate(self.data.get("conversions", [])):
            here = ("conversions", i)
            yield (
                Conversion(
                    id=raw["publisher"].lower(),
                    publisher=raw["publisher"],
                    kind=raw["kind"],
                    suffixes=tuple(raw["suffixes"]),
                    sources=_sources(raw["sources"]),
                    checked=self.day(raw["checked"], *here, "checked"),
                    note=raw.get("note"),
                    location=self.loc(*here),
                ),
                self.loc(*here),
            )

    def datasets(self) -> Iterator[tuple[Dataset, Location]]:
        for i, raw in enumerate(self.data.get("datasets", [])):
            here = ("datasets", i)
            yield (
                Dataset(
                    id=raw["id"],
                    name=raw["name"],
                    license=raw["license"],
                    sources=_sources(raw["sources"]),
                    checked=self.day(raw["checked"], *here, "checked"),
                    aliases=tuple(raw.get("aliases", ())),
                    notes=raw.get("notes"),
                    location=self.loc(*here),
                ),
                self.loc(*here),
            )
