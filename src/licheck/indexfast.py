"""The index of a user's folder from its parts' summaries alone, when nothing needs a line number.

Every check across files (rules.check_meaning, duplicates, overrides) needs each entry's refs
only to name the line of a problem. Each stored part keeps a summary of its entries (their ids,
names, the ids they refer to, their lineage and tasks), so that merging 100,000 entries is a few
set operations per part: when the summaries show that no check can fail and no entry overrides
another, the index is made from them without reading a single entry; else (a problem to report,
an override to describe) the entries are read and checked one by one (indexbuild.build), which
names the lines. tests/test_index_fast.py checks that both make the same index.
"""

from __future__ import annotations

import marshal
from collections.abc import Iterable
from itertools import repeat
from typing import TYPE_CHECKING, Any

from licheck.indexfile import Damaged

if TYPE_CHECKING:
    from licheck.indexparts import Piece, Sources

_KINDS = ("uses", "regions", "licenses", "models", "datasets")
_STORED = ("licenses", "models", "datasets")
_FIELDS = {"ids": dict, "needs": dict, "names": list, "license_names": list, "linked": list, "tasks": list}


def summarize(entries: Iterable[tuple[str, str, tuple[Any, ...]]], problems: list[Any]) -> dict[str, Any]:
    """What the merge needs of a file's entries (kind, id, refs), as plain data."""
    ids: dict[str, list[str]] = {kind: [] for kind in _KINDS}
    needs: dict[str, set[str]] = {kind: set() for kind in _KINDS}
    names: list[tuple[str, str]] = []
    license_names: list[tuple[str, str]] = []
    linked: list[tuple[str, tuple[str, ...]]] = []
    tasks: dict[str, dict[float | None, list[tuple[str, str]]]] = {}
    for kind, item_id, refs in entries:
        ids[kind].append(item_id)
        if kind == "licenses":
            license_names += [(name.lower(), item_id) for name in (item_id, *refs[0])]
            for use, _, excluded in refs[2]:
                needs["uses"].add(use)
                needs["regions"].update(region for region in excluded if len(region) != 2)
            for _, when in refs[3]:
                needs["uses"].update(when)
        elif kind == "models":
            _, _, periods, bases, dataset_ids, (task, params_b, publisher) = refs
            names += [(name.lower(), item_id) for name in (item_id, *refs[0])]
            needs["licenses"].update(license_id for license_id, _ in periods)
            needs["models"].update(bases)
            needs["datasets"].update(dataset_ids)
            if bases:
                linked.append((item_id, tuple(bases)))
            tasks.setdefault(task or "", {}).setdefault(params_b, []).append((item_id, publisher))
        elif kind == "datasets":
            needs["licenses"].add(refs[0])
    clean = not problems and all(len(set(v)) == len(v) for v in ids.values())
    return {
        "clean": clean and _one_owner(names) is not None and _one_owner(license_names) is not None,
        "ids": ids,
        "needs": {kind: sorted(wanted) for kind, wanted in needs.items()},
        "names": names,
        "license_names": license_names,
        "linked": linked,
        "tasks": [(task, list(by_size.items())) for task, by_size in tasks.items()],
    }


def check_summary(summary: Any) -> None:
    """Raise Damaged unless `summary` has the shape summarize gives."""
    if not isinstance(summary, dict) or not all(isinstance(summary.get(k), t) for k, t in _FIELDS.items()):
        raise Damaged("not a part's summary")
    if set(summary["ids"]) != set(_KINDS) or set(summary["needs"]) != set(_KINDS):
        raise Damaged("not a part's summary")


def _one_owner(pairs: Iterable[tuple[str, str]]) -> dict[str, str] | None:
    """The names as one table, or None when a name has two owners."""
    names: dict[str, str] = {}
    for name, owner in pairs:
        if names.setdefault(name, owner) != owner:
            return None
    return names


def tables(folders: list[list[Piece]], sources: Sources) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """The small values and tables of the index of these folders' parts (later folders last), or
    None when the summaries cannot show that every check passes with no override."""
    summaries = [[piece.summary() for piece in pieces] for pieces in folders]
    flat = [s for folder in summaries for s in folder]
    pieces = [piece for folder in folders for piece in folder]
    if not all(s["clean"] for s in flat) or any(sources.pointer(p.index) is None for p in pieces):
        return None
    known = _known(summaries)
    names = _merged_names(flat, "names")
    license_names = _merged_names(flat, "license_names")
    if known is None or names is None or license_names is None or not _lineage_ok(flat):
        return None
    small = {
        "uses": [
            (i, piece.raw("uses", i)) for piece, s in zip(pieces, flat, strict=True) for i in s["ids"]["uses"]
        ],
        "regions": sorted(
            (i, piece.raw("regions", i))
            for piece, s in zip(pieces, flat, strict=True)
            for i in s["ids"]["regions"]
        ),
        "overrides": (),
    }
    pointers = [sources.pointer(piece.index) for piece in pieces]
    out: dict[str, Any] = {
        kind: [
            pair
            for pointer, s in zip(pointers, flat, strict=True)
            for pair in zip(s["ids"][kind], repeat(pointer))
        ]
        for kind in _STORED
    }
    out["names"] = [(k, v.encode()) for k, v in names.items()]
    out["license_names"] = [(k, v.encode()) for k, v in license_names.items()]
    out["tasks"] = _tasks(flat)
    return small, out


def _known(summaries: list[list[dict[str, Any]]]) -> dict[str, set[str]] | None:
    """Every id of each kind; None when an id comes twice (a duplicate, or an override) or a
    reference names an id that is not there."""
    known: dict[str, set[str]] = {kind: set() for kind in _KINDS}
    total = dict.fromkeys(_KINDS, 0)
    for folder in summaries:
        for summary in folder:
            for kind, ids in summary["ids"].items():
                known[kind].update(ids)
                total[kind] += len(ids)
    if any(len(known[kind]) != total[kind] for kind in _KINDS):
        return None
    for folder in summaries:
        for summary in folder:
            if any(not known[kind].issuperset(wanted) for kind, wanted in summary["needs"].items()):
                return None
    return known


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
    from licheck.rules import _cycles, _too_deep

    pairs = sorted((model_id, tuple(bases)) for s in flat for model_id, bases in s["linked"])
    linked = dict(pairs)  # every base is known: _known checked it
    return not _cycles(linked) and not _too_deep(linked)


def _tasks(flat: list[dict[str, Any]]) -> list[tuple[str, bytes]]:
    """For ranking alternatives: task -> params_b -> (id, publisher), in the entries' order."""
    merged: dict[str, dict[float | None, list[tuple[str, str]]]] = {}
    for summary in flat:
        for task, by_size in summary["tasks"]:
            into = merged.setdefault(task, {})
            for params_b, members in by_size:
                into.setdefault(params_b, []).extend(members)
    return [(task, marshal.dumps(list(by_size.items()))) for task, by_size in merged.items()]
