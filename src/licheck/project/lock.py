"""licheck.lock (project/lock.py): the license and terms of each model as a team approved them.

`licheck lock` records, for each model of the manifest, the license in effect and a digest of its
terms (and of the terms its lineage inherits). `licheck check` compares: a relicense, or a rules
update that changes what a license says, fails the check until the lock is renewed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

from licheck.core.codes import Code
from licheck.core.errors import InputError, Problem
from licheck.core.findings import Finding, named
from licheck.core.ids import name_key
from licheck.core.model import Assessment, License
from licheck.evidence.types import Artifact, Chain, Declared, Fact, LicenseMatch, Source

LOCK_VERSION = 1
LOCK_NAME = "licheck.lock"


class LockEntry(NamedTuple):
    """One model as the team approved it."""

    name: str  # as the manifest names it
    model: str  # the id it resolved to
    license: str | None  # the license in effect then
    terms: str  # the digest of the terms of every license of its lineage
    decisions: dict[str, dict[str, str]] | None = None  # each lineage license's decision per use
    revision: str | None = None  # the Hub revision a model judged from its card was read at
    evidence: tuple[dict[str, Any], ...] = ()  # for a verdict from evidence: what each link declared


class Lock(NamedTuple):
    """A parsed licheck.lock."""

    shown: str
    entries: tuple[LockEntry, ...]

    def entry(self, name: str) -> LockEntry | None:
        """The entry of a model the manifest names, in any spelling of its name."""
        return self.by_name().get(name_key(name))

    def by_name(self) -> dict[str, LockEntry]:
        """The entries by their name as the one normaliser reads it (`name_key`): a manifest that
        spells a model otherwise than the lock still meets its entry."""
        return {name_key(entry.name): entry for entry in self.entries}


def license_terms(lic: License) -> dict[str, Any]:
    """What a license says, without where it is written or when it was checked."""
    return {
        "id": lic.id,
        "family": str(lic.family),
        "derivatives": "inherit" if lic.inherit else "free",
        "uses": {
            use: {
                "decision": rule.decision.label,
                "conditions": [[type(c).__name__, *[str(v) for v in c]] for c in rule.conditions],
            }
            for use, rule in sorted(lic.uses.items())
        },
        "obligations": sorted(
            [o.id, o.text, sorted(o.when) if o.when is not None else None] for o in lic.obligations
        ),
    }


def digest(item: Assessment) -> str:

    assert item.model is not None
    terms = [license_terms(lic) for lic in item.lineage]
    canonical = json.dumps(terms, sort_keys=True, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(canonical.encode()).hexdigest()


def decisions(item: Assessment) -> dict[str, dict[str, str]]:
    """Each lineage license's decision per use: what a terms change is told by."""
    return {
        lic.id: {use: rule.decision.label for use, rule in sorted(lic.uses.items())} for lic in item.lineage
    }


def what_changed(before: dict[str, dict[str, str]], after: dict[str, dict[str, str]]) -> str:
    """The decisions that differ, in words: "llama2 commercial conditional → denied"."""
    parts = []
    for lic in sorted(set(before) | set(after)):
        old, new = before.get(lic, {}), after.get(lic, {})
        if lic not in before or lic not in after:
            parts.append(f"{lic} {'added to' if lic not in before else 'gone from'} the lineage")
            continue
        parts += [
            f"{lic} {use} {old.get(use, 'no rule')} → {new.get(use, 'no rule')}"
            for use in sorted(set(old) | set(new))
            if old.get(use) != new.get(use)
        ]
    return "; ".join(parts)


def render(items: Iterable[Assessment], chains: Mapping[str, Chain] | None = None) -> str:
    """The lock file's text: sorted, stable, no timestamps. A model judged from evidence records
    the revision it was read at and, link by link, the facts its verdict rests on (what each link
    declared, and the digest of each LICENSE text), so that a machine with no cache and no network
    judges it the same (basis `locked`), and a relicensing upstream shows up as drift."""
    chains = chains or {}
    entries = sorted(
        (_render(item, chains.get(item.query)) for item in items if item.model is not None),
        key=lambda entry: str(entry["name"]),
    )
    return json.dumps({"lock-version": LOCK_VERSION, "models": entries}, indent=2, ensure_ascii=False) + "\n"


def _render(item: Assessment, chain: Chain | None) -> dict[str, Any]:
    assert item.model is not None
    entry: dict[str, Any] = {
        "name": item.query,
        "model": item.model.id,
        "license": item.license.id if item.license else None,
        "terms": digest(item),
        "decisions": decisions(item),
    }
    if chain is not None and chain.artifacts[0].revision:
        entry["revision"] = chain.artifacts[0].revision
    if chain is not None and item.basis in ("declared", "locked"):
        entry["evidence"] = [_link(artifact) for artifact in chain.artifacts]
    return entry


_FIELDS = ("license", "license_name", "license_link", "base_models", "relation", "datasets")


def _link(artifact: Artifact) -> dict[str, Any]:
    """One link of a chain as the lock keeps it: the facts, not the files."""
    declared = artifact.declared
    record: dict[str, Any] = {
        "repo": declared.repo_id[0].value if declared.repo_id else artifact.path,
        "revision": artifact.revision,
        "fetched": artifact.fetched,
    }
    for field in _FIELDS:
        record[field] = [fact.value for fact in getattr(declared, field)]
    record["license_files"] = [
        {"license": m.license, "method": m.method, "score": round(m.score, 4), "digest": m.digest}
        for m in declared.license_files
    ]
    return record


def chain_of(entry: LockEntry, shown: str) -> Chain | None:
    """What a lock recorded of a model judged from evidence, as the chain it was read from: what
    `check` judges from where neither the cache nor the network has it (basis `locked`)."""
    if not entry.evidence:
        return None
    return Chain(tuple(_artifact(link, shown) for link in entry.evidence))


def _artifact(link: dict[str, Any], shown: str) -> Artifact:
    revision = link.get("revision")

    def facts(field: str) -> tuple[Fact, ...]:
        return tuple(Fact(v, Source(shown, f"{link['repo']}: {field}", None, revision)) for v in link[field])

    matches = tuple(
        LicenseMatch(
            m["license"],
            float(m["score"]),
            str(m["method"]),
            Source(shown, f"{link['repo']}: LICENSE", None, revision),
            digest=m.get("digest"),
        )
        for m in link["license_files"]
    )
    declared = Declared(
        license=facts("license"),
        license_name=facts("license_name"),
        license_link=facts("license_link"),
        base_models=facts("base_models"),
        relation=facts("relation"),
        datasets=facts("datasets"),
        repo_id=(Fact(link["repo"], Source(shown, "repo id", None, revision)),),
        license_files=matches,
    )
    return Artifact(
        f"{shown} ({link['repo']})", "lock", declared, revision=revision, fetched=link.get("fetched")
    )


def parse(text: str, shown: str) -> Lock:
    """A lock file's text, every field checked for its type: a value of the wrong kind (a
    `"lock-version": true`, a number for a license) is refused, never taken for another."""

    try:
        doc = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError([Problem(shown, error.lineno, f"not valid JSON: {error.msg}")], shown) from None
    except RecursionError:
        raise InputError([Problem(shown, None, "not valid JSON: nested too deeply")], shown) from None
    except ValueError:  # an integer of thousands of digits
        raise InputError([Problem(shown, None, "not valid JSON: a number too long to read")], shown) from None
    version = doc.get("lock-version") if isinstance(doc, dict) else None
    if type(version) is not int or version != LOCK_VERSION or not isinstance(doc.get("models"), list):
        raise InputError([Problem(shown, 1, f"not a licheck lock file (lock-version {LOCK_VERSION})")], shown)
    entries = tuple(_entry(raw, i, shown) for i, raw in enumerate(doc["models"]))
    seen: dict[str, int] = {}
    for i, entry in enumerate(entries):
        first = seen.setdefault(name_key(entry.name), i)
        if first != i:  # which of the two would the gate hold the model to?
            why = (
                f"models[{i}]: {entry.name!r} is the model of models[{first}] ({entries[first].name!r}) again"
            )
            raise InputError([Problem(shown, None, why)], shown)
    return Lock(shown, entries)


def _entry(raw: Any, i: int, shown: str) -> LockEntry:
    def bad(why: str) -> InputError:
        return InputError([Problem(shown, None, f"models[{i}]: {why}")], shown)

    if not isinstance(raw, dict) or not {"name", "model", "license", "terms"} <= raw.keys():
        raise bad("needs name, model, license and terms")
    for key in ("name", "model", "terms"):
        if not isinstance(raw[key], str):
            raise bad(f"{key} must be a string")
    for key in ("license", "revision"):
        if raw.get(key) is not None and not isinstance(raw[key], str):
            raise bad(f"{key} must be a string or null")
    found = raw.get("decisions")
    if found is not None and not (
        isinstance(found, dict)
        and all(isinstance(v, dict) and all(isinstance(d, str) for d in v.values()) for v in found.values())
    ):
        found = None  # an older or damaged record: drift then says the lock predates recorded decisions
    evidence = raw.get("evidence", [])
    if not isinstance(evidence, list) or not all(_link_ok(link) for link in evidence):
        raise bad(
            "evidence must be a list of links, each with repo, revision and the declared facts as lists of text"
        )
    return LockEntry(
        raw["name"], raw["model"], raw["license"], raw["terms"], found, raw.get("revision"), tuple(evidence)
    )


def _link_ok(link: Any) -> bool:
    def texts(value: Any) -> bool:
        return isinstance(value, list) and all(isinstance(v, str) for v in value)

    def optional(value: Any) -> bool:
        return value is None or isinstance(value, str)

    def match(m: Any) -> bool:
        return (
            isinstance(m, dict)
            and optional(m.get("license"))
            and isinstance(m.get("method"), str)
            and type(m.get("score")) in (int, float)
            and optional(m.get("digest"))
        )

    return (
        isinstance(link, dict)
        and isinstance(link.get("repo"), str)
        and optional(link.get("revision"))
        and optional(link.get("fetched"))
        and all(texts(link.get(field)) for field in _FIELDS)
        and isinstance(link.get("license_files"), list)
        and all(match(m) for m in link["license_files"])
    )


def text_drift(lock: Lock, items: Iterable[Assessment], chains: Mapping[str, Chain]) -> list[Finding]:
    """LICENSE texts a verdict rests on that differ from those the lock recorded (by digest)."""
    locked = lock.by_name()
    found = []
    for item in items:
        entry, chain = locked.get(name_key(item.query)), chains.get(item.query)
        if entry is None or chain is None or not entry.evidence or chain.artifacts[0].kind == "lock":
            continue
        then = {(link["repo"].lower(), m["digest"]) for link in entry.evidence for m in link["license_files"]}
        now = {(_repo(a).lower(), m.digest) for a in chain.artifacts for m in a.declared.license_files}
        changed = sorted({repo for repo, _ in then ^ now})
        if changed:
            code = Code.LOCK_LICENSE_TEXT_CHANGED
            message = (
                f"{named(item)}: the LICENSE text of {', '.join(changed)} differs from the one in {LOCK_NAME}; "
                "review it, then run `licheck lock`"
            )
            model_id = item.model.id if item.model else None
            found.append(Finding(code, code.level, message, item.query, model_id, None, item.location))
    return found


def _repo(artifact: Artifact) -> str:
    return artifact.declared.repo_id[0].value if artifact.declared.repo_id else artifact.path


def drift(
    lock: Lock, items: Iterable[Assessment], revisions: Mapping[str, str | None] | None = None
) -> list[Finding]:
    """What changed since the lock, for each model of the manifest."""
    revisions = revisions or {}
    locked = lock.by_name()
    found = []
    for item in items:
        if item.model is None:
            continue
        entry = locked.get(name_key(item.query))
        here = (item.query, item.model.id, None, item.location)
        license_id = item.license.id if item.license else None
        if entry is None:
            found.append(
                Finding(
                    Code.LOCK_MISSING,
                    Code.LOCK_MISSING.level,
                    f"{named(item)} is not in {LOCK_NAME}; run `licheck lock` to record it",
                    *here,
                )
            )
        elif entry.license != license_id:
            found.append(
                Finding(
                    Code.LOCK_LICENSE_CHANGED,
                    Code.LOCK_LICENSE_CHANGED.level,
                    f"{named(item)}: license changed from {entry.license or 'none on record'} (locked) to "
                    f"{license_id or 'none on record'}; "
                    "review it, then run `licheck lock`",
                    *here,
                )
            )
        elif entry.revision and revisions.get(item.query) and entry.revision != revisions[item.query]:
            found.append(
                Finding(
                    Code.LOCK_REVISION_CHANGED,
                    Code.LOCK_REVISION_CHANGED.level,
                    f"{named(item)}: the card was read at revision {revisions[item.query]}, the lock has "
                    f"{entry.revision}; review the new card, then run `licheck lock`",
                    *here,
                )
            )
        elif entry.terms != digest(item):
            found.append(
                Finding(
                    Code.LOCK_TERMS_CHANGED,
                    Code.LOCK_TERMS_CHANGED.level,
                    f"{named(item)}: the terms of {license_id} (or of a license it inherits) changed "
                    f"since the lock{_changes(entry, item)}; review them, then run `licheck lock`",
                    *here,
                )
            )
    return found


def _changes(entry: LockEntry, item: Assessment) -> str:
    before = entry.decisions
    if before is None:
        return " (the lock predates recorded decisions)"
    changed = what_changed(before, decisions(item))
    return f": {changed}" if changed else " (obligations or conditions)"
