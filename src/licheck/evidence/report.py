"""The JSON shape proposed for `licheck inspect`: plain data from Judgements (pure; no I/O).

Uses, conditions, obligations and rule sources are shaped exactly as `licheck model --format json`
shapes them, so one reader of licheck's JSON reads both.
"""

from __future__ import annotations

from typing import Any

from licheck.evidence.judge import Conflict, Judgement
from licheck.evidence.types import Fact, LicenseMatch, Source
from licheck.model import Context
from licheck.reporters.jsonout import _obligation, _source, _use, context_dict

SCHEMA_VERSION = 1


def source_dict(source: Source) -> dict[str, Any]:
    return {"file": source.file, "key": source.key, "line": source.line, "revision": source.revision}


def _facts(facts: tuple[Fact, ...]) -> list[dict[str, Any]]:
    return [{"value": f.value, "source": source_dict(f.source)} for f in facts]


def _match(match: LicenseMatch) -> dict[str, Any]:
    return {
        "license": match.license,
        "score": round(match.score, 3),
        "method": match.method,
        "note": match.note,
        "source": source_dict(match.source),
    }


def _conflict(conflict: Conflict) -> dict[str, Any]:
    return {
        "kind": conflict.kind,
        "message": conflict.message,
        "readings": [{"where": where, "says": says} for where, says in conflict.readings],
    }


def artifact_dict(judged: Judgement, kind: str | None = None) -> dict[str, Any]:
    declared = judged.declared
    item = judged.assessment
    return {
        "path": judged.path,
        "kind": kind,
        "model": judged.model,
        "declared": {
            "license": _facts(declared.license),
            "license_name": _facts(declared.license_name),
            "license_link": _facts(declared.license_link),
            "base_models": _facts(declared.base_models),
            "relation": _facts(declared.relation),
            "datasets": _facts(declared.datasets),
            "repo_id": _facts(declared.repo_id),
            "name": _facts(declared.name),
            "license_files": [_match(m) for m in declared.license_files],
            "raw": {f"{r.source.file}#{r.key}": r.value for r in declared.raw},
        },
        "license": judged.license,
        "family": judged.family,
        "basis": judged.basis,
        "verdict": item.verdict.label,
        "uses": [_use(u) for u in item.uses],
        "lineage": [lic.id for lic in item.lineage],
        "conflicts": [_conflict(c) for c in judged.conflicts],
        "unresolved": list(judged.unresolved),
        "obligations": [_obligation(o) for o in item.obligations],
        "sources": [source_dict(s) for s in judged.sources],
        "rule_sources": [_source(s) for s in item.sources],
    }


def inspect_document(
    judged: list[Judgement], context: Context, kinds: dict[str, str] | None = None
) -> dict[str, Any]:
    """One JSON object for `licheck inspect`: every artifact judged, in the order given."""
    kinds = kinds or {}
    return {
        "schema_version": SCHEMA_VERSION,
        "context": context_dict(context),
        "artifacts": [artifact_dict(j, kinds.get(j.path)) for j in judged],
    }
