"""What a model's declarations mean in the rules' terms: a license id, name or link mapped to a
license of the rules, its bases and datasets to entries, and names as the Hub writes them."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import NamedTuple

from licheck.core.errors import InputError, Problem
from licheck.core.ids import BadName, hub_repo, model_id, spelling
from licheck.core.model import License, Model, Origin, RuleSet
from licheck.evidence.types import Declared, Fact, Source

NO_LICENSE = ("other", "unknown", "none", "")


def hub_name(value: str) -> str:
    """https://huggingface.co/ORG/NAME/tree/main -> ORG/NAME, in its own case: ids.spelling, the
    one normaliser of model names; a value that cannot be a model name is returned stripped."""
    try:
        return spelling(value)[0]
    except BadName:
        return value.strip()


def model_key(fact: Fact) -> str:
    """A declared model name as licheck looks it up (ids.model_id). A name that cannot be one (a
    mixed-script base_model) is refused as everywhere else, naming the file, line and key."""
    try:
        return model_id(fact.value)
    except BadName as error:
        where = fact.source
        problem = Problem(where.file, where.line, f"{where.key or 'model name'}: {error}")
        raise InputError([problem], where.file) from None


def link_key(url: str) -> str:
    """An address compared without scheme, www., trailing slash or case."""
    text = url.strip().lower()
    for scheme in ("https://", "http://"):
        text = text.removeprefix(scheme)
    return text.removeprefix("www.").rstrip("/")


_LINKS: dict[int, tuple[object, dict[str, License]]] = {}


def _links(rules: RuleSet) -> dict[str, License]:
    """Every license's known addresses, compared as link_key does: built once per set of rules
    (a BOM of thousands of models asks for it once per model)."""
    known = _LINKS.get(id(rules.licenses))
    if known is None or known[0] is not rules.licenses:
        links = {link_key(url): lic for lic in rules.licenses.values() for url in lic.links}
        known = _LINKS[id(rules.licenses)] = (rules.licenses, links)  # the key's object kept alive
        while len(_LINKS) > 4:
            del _LINKS[next(iter(_LINKS))]
    return known[1]


class Found(NamedTuple):
    licenses: dict[str, tuple[License, list[tuple[str, str]]]]  # id -> (license, [(where, what)])
    unresolved: list[str]
    unreadable: list[str]  # sources that say something licheck cannot map: may be stricter


def declared_licenses(rules: RuleSet, declared: Declared) -> Found:
    """The licenses of the rules that the declaration names, and what could not be mapped."""
    found: dict[str, tuple[License, list[tuple[str, str]]]] = {}
    unresolved: list[str] = []
    unreadable: list[str] = []

    def add(lic: License | None, fact: str, where: Source) -> None:
        if lic is None:
            unresolved.append(f"{fact} ({where}) is not a license in the rules")
            unreadable.append(unresolved[-1])
        else:
            found.setdefault(lic.id, (lic, []))[1].append((str(where), fact))

    for item in declared.license:
        if item.value.strip().lower() in NO_LICENSE:
            continue
        add(rules.find_license(item.value), f"license {item.value!r}", item.source)
    for item in declared.license_name:
        add(rules.find_license(item.value), f"license_name {item.value!r}", item.source)
    links = _links(rules) if declared.license_link else {}
    for item in declared.license_link:
        lic = links.get(link_key(item.value))
        if lic is None and "/" not in item.value.strip("./"):  # a relative link to a file beside the card
            if not declared.license_files:
                unresolved.append(
                    f"license_link {item.value!r} ({item.source}) names a file that was not read"
                )
            continue
        add(lic, f"license_link {item.value!r}", item.source)
    for match in declared.license_files:
        if match.license is None and match.modified is not None:
            unresolved.append(f"{match.source} is {match.note}")
        elif match.license is None:
            unresolved.append(
                f"{match.source} is not a license text licheck knows ({match.note or f'score {match.score:.2f}'})"
            )
            unreadable.append(unresolved[-1])
        else:
            add(
                rules.find_license(match.license),
                f"license text {match.license} ({match.method}, {match.score:.2f})",
                match.source,
            )
    if not found and any(item.value.strip().lower() in NO_LICENSE for item in declared.license):
        other = next(item for item in declared.license if item.value.strip().lower() in NO_LICENSE)
        unresolved.append(
            f"license {other.value!r} ({other.source}) with no license_name or text the rules know"
        )
    return Found(found, unresolved, unreadable)


# A link to a file on a branch that moves: the text behind it can change without the link changing.
_MOVING = re.compile(
    r"^https?://(?:www\.)?(?:github\.com|gitlab\.com|huggingface\.co|hf\.co)/"
    r"(?:[^/?#]+/){1,3}(?:-/)?(?:blob|raw|resolve|tree)/(main|master|HEAD|dev|develop|trunk)/",
    re.IGNORECASE,
)


def unpinned(declared: Declared) -> list[str]:
    """The license_link values that point at a moving branch (blob/main/LICENSE), each said once."""
    found = []
    for item in declared.license_link:
        moving = _MOVING.match(item.value.strip())
        if moving:
            found.append(
                f"license_link {item.value.strip()!r} ({item.source}) points at the moving branch "
                f"{moving.group(1)}: the text behind it can change; a link at a commit pins it"
            )
    return list(dict.fromkeys(found))


def datasets(rules: RuleSet, facts: Iterable[Fact]) -> tuple[str, ...]:
    names = {name.lower(): d.id for d in rules.datasets.values() for name in (d.id, *d.aliases)}
    return tuple(dict.fromkeys(names[f.value.lower()] for f in facts if f.value.lower() in names))


def ancestors(rules: RuleSet, model_id: str) -> set[str]:
    seen: set[str] = set()
    todo = [model_id]
    while todo:
        current = todo.pop()
        if current in seen or current not in rules.models:
            continue
        seen.add(current)
        todo.extend(rules.models[current].base)
    return seen


def _soft(fact: Fact) -> bool:
    """A human name (a GGUF base model's `name`), not an id: one that is no model name is unknown."""
    return (fact.source.key or "").endswith(".name")


def _path_like(value: str) -> bool:
    """A local path rather than a model name (where `_name_or_path` held the weights)."""
    text = value.strip()
    return text.startswith(("/", ".", "~")) or "\\" in text or ":" in text or text.count("/") > 1


def bases(
    rules: RuleSet,
    facts: Iterable[Fact],
    own: str | None,
    origins: Iterable[Fact] = (),
    unreadable: Mapping[str, str] | None = None,
) -> tuple[list[str], list[str]]:
    """Declared bases as model ids (skipping any that would close a lineage cycle), and the rest,
    each said with why it could not be read (`unreadable`: lower-cased repo id -> why).
    `origins` may name a base (config.json's `_name_or_path`): one the rules know is a base, an
    unknown Hub repo id is unresolved, anything else (a local path) is passed over."""
    ids: list[str] = []
    unresolved: list[str] = []

    def add(model: Model) -> None:
        if model.id != own and model.id not in ids and (own is None or own not in ancestors(rules, model.id)):
            ids.append(model.id)

    for fact in facts:
        try:
            key = model_key(fact)
        except InputError:
            if not _soft(fact):
                raise
            key = ""
        model = rules.find_model(key) if key else None
        if model is None:
            why = (unreadable or {}).get(hub_name(fact.value).lower())
            tail = f", and {why}" if why else ""
            unresolved.append(f"base model {fact.value!r} ({fact.source}) is not in the rules{tail}")
        else:
            add(model)
    for fact in origins:
        try:
            key = model_key(fact)
        except InputError:
            if _path_like(fact.value):
                continue
            raise
        model = rules.find_model(key)
        if model is not None:
            add(model)
        elif key != own and not _path_like(fact.value) and hub_repo(fact.value) is not None and "/" in key:
            unresolved.append(
                f"{fact.source.key} {fact.value!r} ({fact.source}) names a model not in the rules"
            )
    return ids, unresolved


def reviewed(rules: RuleSet, declared: Declared) -> Model | None:
    for fact in declared.repo_id:
        model = rules.find_model(model_key(fact))
        if model is not None and model.origin is Origin.RULES:
            return model
    return None
