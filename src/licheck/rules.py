"""Loading and validating rules: YAML in, a RuleSet out, every problem named with file and line.

Structure is checked against the shipped JSON Schema (the same file editors use), meaning is
checked here: references, duplicate ids and aliases, dates, lineage cycles, licheck versions.
Every problem in every file is collected before anything is raised, as cargo-deny does.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from licheck import __version__, yamlio
from licheck.errors import Problem, RulesError
from licheck.index import RulesDir, rule_files
from licheck.model import (
    Agreement,
    Ceiling,
    Condition,
    Dataset,
    Family,
    License,
    LicensePeriod,
    Location,
    Model,
    Obligation,
    OrgLimit,
    Override,
    Region,
    RegionLimit,
    Royalty,
    RuleSet,
    Source,
    Use,
    UseRule,
    Verdict,
)
from licheck.validate import schema_problems

KINDS = ("uses", "regions", "licenses", "models", "datasets")


# ---------------------------------------------------------------- building domain objects


def _date(raw: str, file: str, line: int | None, problems: list[Problem]) -> date:
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
    return OrgLimit(tuple(raw["excluded"]), **common)


class _Builder:
    """Turns one schema-valid file into domain objects, collecting the problems of meaning."""

    def __init__(self, data: Any, file: str, problems: list[Problem]) -> None:
        self.data = data
        self.file = file
        self.problems = problems

    def loc(self, *path: Any) -> Location:
        return Location(self.file, yamlio.line_of(self.data, path))

    def day(self, raw: str, *path: Any) -> date:
        return _date(raw, self.file, self.loc(*path).line, self.problems)

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
            obligations = tuple(
                Obligation(
                    o["id"], o["text"], o["clause"], frozenset(o["when"]) if "when" in o else None, raw["id"]
                )
                for o in raw.get("obligations", ())
            )
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


def _check_requires(data: Any, file: str, problems: list[Problem]) -> None:
    spec = data.get("requires-licheck")
    if spec is None:
        return
    from packaging.specifiers import InvalidSpecifier, SpecifierSet

    line = yamlio.line_of(data, ("requires-licheck",))
    try:
        wanted = SpecifierSet(spec)
    except InvalidSpecifier:
        problems.append(Problem(file, line, f"requires-licheck: {spec!r} is not a PEP 440 specifier"))
        return
    if not wanted.contains(__version__, prereleases=True):
        problems.append(Problem(file, line, f"needs licheck {spec}, this is licheck {__version__}"))


# ---------------------------------------------------------------- the whole set


def load(directories: list[RulesDir], full: bool = False) -> RuleSet:
    """Load, validate and merge rule folders (later folders override earlier ones by id).

    The schema check is skipped for trusted folders (the rules of an installed wheel) unless
    `full` is set; every check of meaning (references, duplicates, dates, cycles) always runs.
    """
    problems: list[Problem] = []
    layers: list[dict[str, dict[str, tuple[Any, Location]]]] = []
    for directory in directories:
        if not directory.path.is_dir():
            problems.append(Problem(directory.label, None, "is not a folder of rule files"))
            continue
        layer: dict[str, dict[str, tuple[Any, Location]]] = {kind: {} for kind in KINDS}
        files = rule_files(directory)
        if not files:
            problems.append(Problem(directory.label, None, "holds no .yaml rule files"))
        for path, shown in files:
            _load_file(path, shown, layer, problems, full or not directory.trusted)
        layers.append(layer)
    merged, overrides = _merge(layers, directories)
    rules = _assemble(merged, overrides, problems)
    if problems:
        raise RulesError(sorted(set(problems), key=lambda p: (p.file, p.line or 0, p.message)))
    return rules


def _load_file(
    path: Path,
    shown: str,
    layer: dict[str, dict[str, tuple[Any, Location]]],
    problems: list[Problem],
    check_schema: bool = True,
) -> None:
    data, found = yamlio.read(path, shown)
    problems.extend(found)
    if found:
        return
    if data is None:
        problems.append(Problem(shown, None, "is empty"))
        return
    structural = schema_problems(data, shown, "rules") if check_schema else []
    if structural:
        problems.extend(structural)
        return
    _check_requires(data, shown, problems)
    builder = _Builder(data, shown, problems)
    for kind, items in (
        ("uses", builder.uses()),
        ("regions", builder.regions()),
        ("licenses", builder.licenses()),
        ("models", builder.models()),
        ("datasets", builder.datasets()),
    ):
        for item, where in items:
            seen = layer[kind].get(item.id)
            if seen is not None:
                problems.append(
                    Problem(
                        where.file, where.line, f"duplicate {kind[:-1]} id {item.id!r} (first at {seen[1]})"
                    )
                )
                continue
            layer[kind][item.id] = (item, where)


def _merge(
    layers: list[dict[str, dict[str, tuple[Any, Location]]]],
    directories: list[RulesDir],
) -> tuple[dict[str, dict[str, tuple[Any, Location]]], list[Override]]:
    merged: dict[str, dict[str, tuple[Any, Location]]] = {kind: {} for kind in KINDS}
    overrides = []
    for layer in layers:
        for kind in KINDS:
            for item_id, (item, where) in layer[kind].items():
                if item_id in merged[kind]:
                    old, replaced = merged[kind][item_id]
                    overrides.append(Override(kind[:-1], item_id, where, replaced, _change(old, item)))
                merged[kind][item_id] = (item, where)
    return merged, overrides


def _change(old: Any, new: Any) -> str:
    """What an overriding entry changes, in a few words."""
    if isinstance(old, Model) and isinstance(new, Model):
        before = ", then ".join(p.license for p in old.licenses)
        after = ", then ".join(p.license for p in new.licenses)
        parts = [f"license {before} → {after}"] if before != after else []
        if old.base != new.base:
            parts.append(f"base {', '.join(old.base) or 'none'} → {', '.join(new.base) or 'none'}")
        return "; ".join(parts) or "same license and lineage"
    if isinstance(old, License) and isinstance(new, License):
        uses = sorted(set(old.uses) | set(new.uses))
        parts = [
            f"{use} {_decision(old, use)} → {_decision(new, use)}"
            for use in uses
            if _decision(old, use) != _decision(new, use)
        ]
        if old.inherit != new.inherit:
            parts.append("derivatives " + ("inherit → free" if old.inherit else "free → inherit"))
        return "; ".join(parts) or "same decisions"
    return "replaced"


def _decision(lic: License, use: str) -> str:
    rule = lic.uses.get(use)
    return rule.decision.label if rule else "no rule"


def _assemble(
    merged: dict[str, dict[str, tuple[Any, Location]]], overrides: list[Override], problems: list[Problem]
) -> RuleSet:
    uses: dict[str, Use] = {k: v[0] for k, v in merged["uses"].items()}  # the vocabulary's own order
    regions: dict[str, Region] = {k: v[0] for k, v in sorted(merged["regions"].items())}
    licenses: dict[str, License] = {k: v[0] for k, v in sorted(merged["licenses"].items())}
    models: dict[str, Model] = {k: v[0] for k, v in sorted(merged["models"].items())}
    datasets: dict[str, Dataset] = {k: v[0] for k, v in sorted(merged["datasets"].items())}

    def bad(where: Location | None, message: str) -> None:
        problems.append(Problem(where.file if where else "rules", where.line if where else None, message))

    def unknown(kind: str, name: str, known: Iterable[str]) -> str:
        close = difflib.get_close_matches(name, list(known), n=1)
        return f"unknown {kind} {name!r}" + (f" (did you mean {close[0]!r}?)" if close else "")

    for lic in licenses.values():
        for use, rule in lic.uses.items():
            if use not in uses:
                bad(rule.location, unknown("use", use, uses))
            for condition in rule.conditions:
                if isinstance(condition, RegionLimit):
                    for region in condition.excluded:
                        if region not in regions and len(region) != 2:
                            bad(rule.location, unknown("region", region, regions))
        for obligation in lic.obligations:
            for use in sorted(obligation.when or ()):
                if use not in uses:
                    bad(lic.location, f"obligation {obligation.id!r}: {unknown('use', use, uses)}")
    for model in models.values():
        for period in model.licenses:
            if period.license not in licenses:
                bad(period.location, unknown("license", period.license, licenses))
        for base in model.base:
            if base not in models:
                bad(model.location, f"base: {unknown('model', base, models)}")
        for dataset_id in model.datasets:
            if dataset_id not in datasets:
                bad(model.location, f"datasets: {unknown('dataset', dataset_id, datasets)}")
    for data in datasets.values():
        if data.license not in licenses:
            bad(data.location, unknown("license", data.license, licenses))

    names: dict[str, str] = {}
    for model, _ in merged["models"].values():  # load order: a clash is reported at the later entry
        for name in (model.id, *model.aliases):
            key = name.lower()
            owner = names.get(key)
            if owner is not None and owner != model.id:
                bad(model.location, f"alias {name!r} of {model.id!r} is already a name of {owner!r}")
            names[key] = model.id
    license_names: dict[str, str] = {}
    for lic, _ in merged["licenses"].values():
        for name in (lic.id, *lic.aliases):
            key = name.lower()
            owner = license_names.get(key)
            if owner is not None and owner != lic.id:
                bad(lic.location, f"alias {name!r} of license {lic.id!r} is already a name of {owner!r}")
            license_names[key] = lic.id

    cycles = _cycles(models)
    for cycle in cycles:
        bad(models[cycle[0]].location, f"lineage cycle: {' -> '.join(cycle)}")
    if not cycles:
        deep = _too_deep(models)
        if deep:
            more = f" (and {len(deep) - 1} more)" if len(deep) > 1 else ""
            bad(models[deep[0]].location, f"lineage of {deep[0]!r} is longer than {MAX_LINEAGE} steps{more}")

    return RuleSet(uses, regions, licenses, models, datasets, names, license_names, tuple(overrides))


MAX_LINEAGE = 64  # base steps from a model to its farthest ancestor; real lineages have a handful


def _cycles(models: dict[str, Model]) -> list[list[str]]:
    """Every lineage cycle, found without recursion (a chain of thousands must not overflow)."""
    found: list[list[str]] = []
    state: dict[str, int] = {}  # 1 visiting, 2 done
    for root in models:
        if root in state:
            continue
        path = [root]
        stack = [iter(models[root].base)]
        state[root] = 1
        while stack:
            base = next(stack[-1], None)
            if base is None:
                state[path.pop()] = 2
                stack.pop()
            elif base in models and state.get(base) == 1:
                found.append([*path[path.index(base) :], base])
            elif base in models and base not in state:
                state[base] = 1
                path.append(base)
                stack.append(iter(models[base].base))
    return found


def _too_deep(models: dict[str, Model]) -> list[str]:
    """Models whose lineage is longer than MAX_LINEAGE steps (with no cycles: checked first)."""
    depth: dict[str, int] = {}
    for root in models:
        pending = [root]
        while pending:
            node = pending[-1]
            bases = [b for b in models[node].base if b in models]
            todo = [b for b in bases if b not in depth]
            if todo:
                pending.extend(todo)
                continue
            pending.pop()
            depth[node] = 1 + max((depth[b] for b in bases), default=-1)
    return [model_id for model_id, steps in depth.items() if steps > MAX_LINEAGE]
