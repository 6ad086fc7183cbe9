"""licheck.lock (project/lock.py): the license and terms of each model as a team approved them.

`licheck lock` records, for each model of the manifest, the license in effect and a digest of its
terms (and of the terms its lineage inherits). `licheck check` compares: a relicense, or a rules
update that changes what a license says, fails the check until the lock is renewed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from licheck.core.codes import Code
from licheck.core.errors import InputError, Problem
from licheck.core.findings import Finding, named
from licheck.core.model import Assessment, License

LOCK_VERSION = 1
LOCK_NAME = "licheck.lock"


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
    import hashlib
    import json

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


def render(items: Iterable[Assessment], revisions: Mapping[str, str | None] | None = None) -> str:
    """The lock file's text: sorted, stable, no timestamps. A model judged from its card records
    the Hub revision it was read at, so a relicensing upstream shows up as drift."""
    import json

    revisions = revisions or {}
    entries = sorted(
        (
            {
                "name": item.query,
                "model": item.model.id,
                "license": item.license.id if item.license else None,
                "terms": digest(item),
                "decisions": decisions(item),
                **({"revision": revisions[item.query]} if revisions.get(item.query) else {}),
            }
            for item in items
            if item.model is not None
        ),
        key=lambda entry: str(entry["name"]),
    )
    return json.dumps({"lock-version": LOCK_VERSION, "models": entries}, indent=2, ensure_ascii=False) + "\n"


def parse(text: str, shown: str) -> dict[str, Any]:
    import json

    try:
        doc = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError([Problem(shown, error.lineno, f"not valid JSON: {error.msg}")], shown) from None
    except RecursionError:
        raise InputError([Problem(shown, None, "not valid JSON: nested too deeply")], shown) from None
    except ValueError:  # an integer of thousands of digits
        raise InputError([Problem(shown, None, "not valid JSON: a number too long to read")], shown) from None
    if (
        not isinstance(doc, dict)
        or doc.get("lock-version") != LOCK_VERSION
        or not isinstance(doc.get("models"), list)
    ):
        raise InputError([Problem(shown, 1, f"not a licheck lock file (lock-version {LOCK_VERSION})")], shown)
    for i, entry in enumerate(doc["models"]):
        if not isinstance(entry, dict) or not {"name", "model", "license", "terms"} <= entry.keys():
            raise InputError(
                [Problem(shown, None, f"models[{i}]: needs name, model, license and terms")], shown
            )
    return doc


def drift(
    lock: dict[str, Any], items: Iterable[Assessment], revisions: Mapping[str, str | None] | None = None
) -> list[Finding]:
    """What changed since the lock, for each model of the manifest."""
    revisions = revisions or {}
    locked = {entry["name"]: entry for entry in lock["models"]}
    found = []
    for item in items:
        if item.model is None:
            continue
        entry = locked.get(item.query)
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
        elif entry["license"] != license_id:
            found.append(
                Finding(
                    Code.LOCK_LICENSE_CHANGED,
                    Code.LOCK_LICENSE_CHANGED.level,
                    f"{named(item)}: license changed from {entry['license'] or 'none on record'} (locked) to "
                    f"{license_id or 'none on record'}; "
                    "review it, then run `licheck lock`",
                    *here,
                )
            )
        elif (
            entry.get("revision") and revisions.get(item.query) and entry["revision"] != revisions[item.query]
        ):
            found.append(
                Finding(
                    Code.LOCK_REVISION_CHANGED,
                    Code.LOCK_REVISION_CHANGED.level,
                    f"{named(item)}: the card was read at revision {revisions[item.query]}, the lock has "
                    f"{entry['revision']}; review the new card, then run `licheck lock`",
                    *here,
                )
            )
        elif entry["terms"] != digest(item):
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


def _changes(entry: dict[str, Any], item: Assessment) -> str:
    before = entry.get("decisions")
    if not isinstance(before, dict):
        return " (the lock predates recorded decisions)"
    changed = what_changed(before, decisions(item))
    return f": {changed}" if changed else " (obligations or conditions)"
