"""Loading and validating rules: YAML in, a RuleSet out, every problem named with file and line.

Structure is checked against the shipped JSON Schema (the same file editors use), meaning is
checked here: references, duplicate ids and aliases, dates, lineage cycles, licheck versions.
Every problem in every file is collected before anything is raised, as cargo-deny does.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from licheck import __version__
from licheck.core.errors import Problem, RulesError
from licheck.core.model import (
    Conversion,
    Dataset,
    License,
    Location,
    Model,
    OllamaName,
    Override,
    Region,
    RuleSet,
    Use,
)
from licheck.files import yamlio
from licheck.files.schema import schema_problems
from licheck.rulesdb.entry import KINDS, SINGULAR, Entry, comparable, refs
from licheck.rulesdb.folders import RulesDir, rule_files
from licheck.rulesdb.lineage import MAX_LINEAGE, cycles, too_deep
from licheck.rulesdb.values import Builder

# ---------------------------------------------------------------- building domain objects


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


Layer = dict[str, dict[str, Entry]]  # kind -> id -> entry, in load order


def load(directories: list[RulesDir], full: bool = False) -> RuleSet:
    """Load, validate and merge rule folders (later folders override earlier ones by id).

    The schema check is skipped for trusted folders (the rules of an installed wheel) unless
    `full` is set; every check of meaning (references, duplicates, dates, cycles) always runs.
    """
    problems: list[Problem] = []
    layers: list[Layer] = []
    for directory in directories:
        files = folder_files(directory, problems)
        if files is None:
            continue
        layer = new_layer()
        for path, shown in files:
            entries, found = read_file(path, shown, full or not directory.trusted)
            problems.extend(found)
            add_entries(layer, entries, problems)
        layers.append(layer)
    merged, overrides = merge(layers)
    rules = _assemble(merged, overrides, problems)
    raise_problems(problems)
    return rules


def folder_files(directory: RulesDir, problems: list[Problem]) -> list[tuple[Path, str]] | None:
    """The rule files of a folder, or None (with the problem noted) when it is not one."""
    if not directory.path.is_dir():
        problems.append(Problem(directory.label, None, "is not a folder of rule files"))
        return None
    files = rule_files(directory)
    if not files:
        problems.append(Problem(directory.label, None, "holds no .yaml rule files"))
    return files


def new_layer() -> Layer:
    return {kind: {} for kind in KINDS}


def raise_problems(problems: list[Problem]) -> None:
    if problems:
        raise RulesError(sorted(set(problems), key=lambda p: (p.file, p.line or 0, p.message)))


def read_file(path: Path, shown: str, check_schema: bool = True) -> tuple[list[Entry], list[Problem]]:
    """One rule file's entries, in file order, and its problems (of structure and of meaning)."""
    data, found = yamlio.read(path, shown)
    problems = list(found)
    if found:
        return [], problems
    if data is None:
        return [], [Problem(shown, None, "is empty")]
    structural = schema_problems(data, shown, "rules") if check_schema else []
    if structural:
        return [], structural
    _check_requires(data, shown, problems)
    builder = Builder(data, shown, problems)
    entries: list[Entry] = []
    for kind, items in (
        ("uses", builder.uses()),
        ("regions", builder.regions()),
        ("licenses", builder.licenses()),
        ("models", builder.models()),
        ("datasets", builder.datasets()),
        ("ollama", builder.ollama()),
        ("conversions", builder.conversions()),
    ):
        for item, where in items:
            entries.append(Entry(kind, item.id, (where.file, where.line), item, refs(kind, item)))
    return entries, problems


def add_entries(layer: Layer, entries: Iterable[Entry], problems: list[Problem]) -> None:
    """Add a file's entries to its folder's layer; an id seen before in the folder is a problem."""
    for entry in entries:
        seen = layer[entry.kind].get(entry.id)
        if seen is not None:
            problems.append(
                Problem(
                    entry.where[0],
                    entry.where[1],
                    f"duplicate {SINGULAR[entry.kind]} id {entry.id!r} (first at {Location(*seen.where)})",
                )
            )
            continue
        layer[entry.kind][entry.id] = entry


def merge(layers: list[Layer]) -> tuple[Layer, list[Override]]:
    """The folders' layers as one (later folders win), and what each replaced entry changed."""
    merged = new_layer()
    overrides = []
    for layer in layers:
        for kind in KINDS:
            for item_id, entry in layer[kind].items():
                if item_id in merged[kind]:
                    old = merged[kind][item_id]
                    where, replaced = Location(*entry.where), Location(*old.where)
                    overrides.append(Override(SINGULAR[kind], item_id, where, replaced, _change(old, entry)))
                merged[kind][item_id] = entry
    return merged, overrides


def _change(old: Entry, new: Entry) -> str:
    """What an overriding entry changes, in a few words."""
    if old.kind == "models":
        before = ", then ".join(license for license, _ in old.refs[2])
        after = ", then ".join(license for license, _ in new.refs[2])
        parts = [f"license {before} → {after}"] if before != after else []
        if old.refs[3] != new.refs[3]:
            parts.append(f"base {', '.join(old.refs[3]) or 'none'} → {', '.join(new.refs[3]) or 'none'}")
        return "; ".join(parts) or "same license and lineage"
    if old.kind == "licenses":
        was, now = comparable(old), comparable(new)
        parts = [
            f"{use} {_decision(was, use)} → {_decision(now, use)}"
            for use in sorted(set(was.uses) | set(now.uses))
            if _decision(was, use) != _decision(now, use)
        ]
        if was.inherit != now.inherit:
            parts.append("derivatives " + ("inherit → free" if was.inherit else "free → inherit"))
        return "; ".join(parts) or "same decisions"
    return "replaced"


def _decision(lic: License, use: str) -> str:
    rule = lic.uses.get(use)
    return rule.decision.label if rule else "no rule"


def _assemble(merged: Layer, overrides: list[Override], problems: list[Problem]) -> RuleSet:
    uses: dict[str, Use] = {k: v.value for k, v in merged["uses"].items()}  # the vocabulary's own order
    regions: dict[str, Region] = {k: v.value for k, v in sorted(merged["regions"].items())}
    licenses: dict[str, License] = {k: v.value for k, v in sorted(merged["licenses"].items())}
    models: dict[str, Model] = {k: v.value for k, v in sorted(merged["models"].items())}
    datasets: dict[str, Dataset] = {k: v.value for k, v in sorted(merged["datasets"].items())}
    ollama: dict[str, OllamaName] = {k: v.value for k, v in sorted(merged["ollama"].items())}
    conversions: dict[str, Conversion] = {k: v.value for k, v in sorted(merged["conversions"].items())}
    names, license_names = check_meaning(merged, problems)
    return RuleSet(
        uses, regions, licenses, models, datasets, names, license_names, tuple(overrides), ollama, conversions
    )


def check_meaning(merged: Layer, problems: list[Problem]) -> tuple[dict[str, str], dict[str, str]]:
    """The checks across files, on the entries' refs: unknown references, clashing names, lineage
    cycles. Returns the lower-cased names of models and of licenses."""
    _check_license_refs(merged, problems)
    _check_model_refs(merged, problems)
    for entry in merged["datasets"].values():
        license_id, data_line = entry.refs
        if license_id not in merged["licenses"]:
            _bad(problems, entry, data_line, _unknown("license", license_id, merged["licenses"]))
    names = _names(merged["models"], "", problems)
    license_names = _names(merged["licenses"], "license ", problems)
    _check_lineage(merged["models"], problems)
    return names, license_names


def _bad(problems: list[Problem], entry: Entry, line: int | None, message: str) -> None:
    problems.append(Problem(entry.where[0], line, message))


def _unknown(kind: str, name: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(known), n=1)
    return f"unknown {kind} {name!r}" + (f" (did you mean {close[0]!r}?)" if close else "")


def _check_license_refs(merged: Layer, problems: list[Problem]) -> None:
    uses, regions = merged["uses"], merged["regions"]
    for entry in merged["licenses"].values():
        _, lic_line, rules_refs, obligations = entry.refs
        for use, rule_line, excluded in rules_refs:
            if use not in uses:
                _bad(problems, entry, rule_line, _unknown("use", use, uses))
            for region in excluded:
                if region not in regions and len(region) != 2:
                    _bad(problems, entry, rule_line, _unknown("region", region, regions))
        for obligation_id, when in obligations:
            for use in when:
                if use not in uses:
                    _bad(
                        problems,
                        entry,
                        lic_line,
                        f"obligation {obligation_id!r}: {_unknown('use', use, uses)}",
                    )


def _check_model_refs(merged: Layer, problems: list[Problem]) -> None:
    licenses, models, datasets = merged["licenses"], merged["models"], merged["datasets"]
    for entry in models.values():
        _, model_line, periods, bases, dataset_ids, _ = entry.refs
        for license_id, period_line in periods:
            if license_id not in licenses:
                _bad(problems, entry, period_line, _unknown("license", license_id, licenses))
        for base in bases:
            if base not in models:
                _bad(problems, entry, model_line, f"base: {_unknown('model', base, models)}")
        for dataset_id in dataset_ids:
            if dataset_id not in datasets:
                _bad(problems, entry, model_line, f"datasets: {_unknown('dataset', dataset_id, datasets)}")


def _names(entries: dict[str, Entry], kind: str, problems: list[Problem]) -> dict[str, str]:
    """Each entry's lower-cased id and aliases; in load order, so a clash is reported at the later."""
    names: dict[str, str] = {}
    for entry in entries.values():
        entry_id = entry.id
        for name in (entry_id, *entry.refs[0]):
            key = name.lower()
            owner = names.setdefault(key, entry_id)
            if owner != entry_id:
                message = f"alias {name!r} of {kind}{entry_id!r} is already a name of {owner!r}"
                _bad(problems, entry, entry.refs[1], message)
                names[key] = entry_id
    return names


def _check_lineage(models: dict[str, Entry], problems: list[Problem]) -> None:
    """Lineage cycles, else lineages longer than MAX_LINEAGE; only models with a known base can
    be in either, and they are few, so the walk is over them alone."""
    linked: dict[str, tuple[str, ...]] = {}
    for model_id in sorted(model_id for model_id, entry in models.items() if entry.refs[3]):
        known = tuple(base for base in models[model_id].refs[3] if base in models)
        if known:
            linked[model_id] = known
    found = cycles(linked)
    for cycle in found:
        _bad(problems, models[cycle[0]], models[cycle[0]].refs[1], f"lineage cycle: {' -> '.join(cycle)}")
    deep = [] if found else too_deep(linked)
    if deep:
        more = f" (and {len(deep) - 1} more)" if len(deep) > 1 else ""
        first = models[deep[0]]
        _bad(
            problems, first, first.refs[1], f"lineage of {deep[0]!r} is longer than {MAX_LINEAGE} steps{more}"
        )
