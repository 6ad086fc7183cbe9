"""The index of a user's folder from its parts' summaries alone, when nothing needs a line number.

Every check across files (rules.check_meaning, duplicates, overrides) needs each entry's refs
only to name the line of a problem. Each stored part keeps a summary of its entries (their ids,
names, the ids they refer to, their lineage and tasks), so that merging 100,000 entries is a few
set operations per part: when the summaries show that no check can fail and no entry overrides
another, the index is made from them without reading a single entry; else (a problem to report,
an override to describe) the entries are read and checked one by one (indexbuild.build), which
names the lines. tests/rulesdb/test_index_fast.py checks that both make the same index.
"""

from __future__ import annotations

import marshal
from collections.abc import Iterable
from itertools import repeat
from typing import Any

from licheck.core.ids import BadName, model_id
from licheck.rulesdb.entry import KINDS, STORED
from licheck.rulesdb.indexfile import Damaged
from licheck.rulesdb.lineage import cycles, too_deep
from licheck.rulesdb.piece import Piece, Sources

_FIELDS = {"ids": dict, "needs": dict, "names": list, "license_names": list, "linked": list, "tasks": list}


class _Summary:
    """A summary being gathered, entry by entry."""

    def __init__(self) -> None:
        self.ids: dict[str, list[str]] = {kind: [] for kind in KINDS}
        self.needs: dict[str, set[str]] = {kind: set() for kind in KINDS}
        self.names: list[tuple[str, str]] = []
        self.license_names: list[tuple[str, str]] = []
        self.linked: list[tuple[str, tuple[str, ...]]] = []
        self.tasks: dict[str, dict[float | None, list[tuple[str, str]]]] = {}
        self.bad = False  # a name that cannot be a model id

    def license(self, item_id: str, refs: tuple[Any, ...]) -> None:
        aliases, _, rules_refs, obligations = refs
        self.license_names += [(name.lower(), item_id) for name in (item_id, *aliases)]
        for use, _, excluded in rules_refs:
            self.needs["uses"].add(use)
            self.needs["regions"].update(region for region in excluded if len(region) != 2)
        for _, when in obligations:
            self.needs["uses"].update(when)

    def model(self, item_id: str, refs: tuple[Any, ...]) -> None:
        aliases, _, periods, bases, dataset_ids, (task, params_b, publisher) = refs
        for name in (item_id, *aliases):
            try:
                key = model_id(name)
            except BadName:  # the checked build names the problem
                self.bad = True
                continue
            self.names.append((key, item_id))
        self.needs["licenses"].update(license_id for license_id, _ in periods)
        self.needs["models"].update(bases)
        self.needs["datasets"].update(dataset_ids)
        if bases:
            self.linked.append((item_id, tuple(bases)))
        self.tasks.setdefault(task or "", {}).setdefault(params_b, []).append((item_id, publisher))


def summarize(entries: Iterable[tuple[str, str, tuple[Any, ...]]], problems: list[Any]) -> dict[str, Any]:
    """What the merge needs of a file's entries (kind, id, refs), as plain data."""
    gathered = _Summary()
    for kind, item_id, refs in entries:
        gathered.ids[kind].append(item_id)
        if kind == "licenses":
            gathered.license(item_id, refs)
        elif kind == "models":
            gathered.model(item_id, refs)
        elif kind == "datasets":
            gathered.needs["licenses"].add(refs[0])
    unique = all(len(set(ids)) == len(ids) for ids in gathered.ids.values())
    one_owner = _one_owner_each(gathered.names) and _one_owner_each(gathered.license_names)
    return {
        "clean": not problems and unique and one_owner and not gathered.bad,
        "ids": gathered.ids,
        "needs": {kind: sorted(wanted) for kind, wanted in gathered.needs.items()},
        "names": gathered.names,
        "license_names": gathered.license_names,
        "linked": gathered.linked,
        "tasks": [(task, list(by_size.items())) for task, by_size in gathered.tasks.items()],
    }


def check_summary(summary: Any) -> None:
    """Raise Damaged unless `summary` has the shape summarize gives."""
    if not isinstance(summary, dict) or not all(isinstance(summary.get(k), t) for k, t in _FIELDS.items()):
        raise Damaged("not a part's summary")
    if set(summary["ids"]) != set(KINDS) or set(summary["needs"]) != set(KINDS):
        raise Damaged("not a part's summary")


def _one_owner_each(pairs: Iterable[tuple[str, str]]) -> bool:
    """Whether no name has two owners."""
    names: dict[str, str] = {}
    return all(names.setdefault(name, owner) == owner for name, owner in pairs)


def tables(folders: list[list[Piece]], sources: Sources) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """The small values and tables of the index of these folders' parts (later folders last), or
    None when the summaries cannot show that every check passes with no override."""
    pieces = [piece for folder in folders for piece in folder]
    flat = [piece.summary() for piece in pieces]
    pointers = [sources.pointer(piece.index) for piece in pieces]
    if not all(s["clean"] for s in flat) or None in pointers or not _ids_sound(flat):
        return None
    names = _merged_names(flat, "names")
    license_names = _merged_names(flat, "license_names")
    if names is None or license_names is None or not _lineage_ok(flat):
        return None
    out = _pointer_tables(pointers, flat)
    out["names"] = [(k, v.encode()) for k, v in names.items()]
    out["license_names"] = [(k, v.encode()) for k, v in license_names.items()]
    out["tasks"] = _tasks(flat)
    return _small(pieces, flat), out


def _small(pieces: list[Piece], flat: list[dict[str, Any]]) -> dict[str, Any]:
    """The uses and regions, kept whole in the index's header (they are few)."""
    by_piece = list(zip(pieces, flat, strict=True))
    return {
        "uses": [(i, piece.raw("uses", i)) for piece, s in by_piece for i in s["ids"]["uses"]],
        "regions": sorted((i, piece.raw("regions", i)) for piece, s in by_piece for i in s["ids"]["regions"]),
        "overrides": ("T", ()),  # DOMAIN.flatten(()): no override
    }


def _pointer_tables(pointers: list[bytes | None], flat: list[dict[str, Any]]) -> dict[str, Any]:
    """For each kind kept in tables, each id with the pointer to its part."""
    return {
        kind: [
            pair
            for pointer, s in zip(pointers, flat, strict=True)
            for pair in zip(s["ids"][kind], repeat(pointer))
        ]
        for kind in STORED
    }


def _ids_sound(flat: list[dict[str, Any]]) -> bool:
    """Whether no id comes twice (a duplicate, or an override) and every reference names an id
    that is there."""
    known: dict[str, set[str]] = {kind: set() for kind in KINDS}
    total = dict.fromkeys(KINDS, 0)
    for summary in flat:
        for kind, ids in summary["ids"].items():
            known[kind].update(ids)
            total[kind] += len(ids)
    if any(len(known[kind]) != total[kind] for kind in KINDS):
        return False
    return all(
        known[kind].issuperset(wanted) for summary in flat for kind, wanted in summary["needs"].items()
    )


def _merged_names(flat: list[dict[str, Any]], field: str) -> dict[str, str] | None:
    """The names of every part as one table; None when two parts give a name to different ids
    (within a part, summarize already checked)."""
    names: dict[str, str] = {}
    for summary in flat:
        mine = dict(summary[field])
        if any(names[name] != mine[name] for name in names.keys() & mine.keys()):
            return None
        names.update(mine)
    return names


def _lineage_ok(flat: list[dict[str, Any]]) -> bool:

    pairs = sorted((model_id, tuple(bases)) for s in flat for model_id, bases in s["linked"])
    linked = dict(pairs)  # every base is known: _ids_sound checked it
    return not cycles(linked) and not too_deep(linked)


def _tasks(flat: list[dict[str, Any]]) -> list[tuple[str, bytes]]:
    """For ranking alternatives: task -> params_b -> (id, publisher), in the entries' order."""
    merged: dict[str, dict[float | None, list[tuple[str, str]]]] = {}
    for summary in flat:
        for task, by_size in summary["tasks"]:
            into = merged.setdefault(task, {})
            for params_b, members in by_size:
                into.setdefault(params_b, []).extend(members)
    return [(task, marshal.dumps(list(by_size.items()))) for task, by_size in merged.items()]
