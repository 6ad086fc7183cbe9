"""JSON: stable keys, sorted where order carries no meaning, no timestamps."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from licheck import __version__
from licheck.core.model import (
    Assessment,
    ConditionOutcome,
    Conflict,
    Context,
    License,
    LicensePeriod,
    Location,
    Model,
    Obligation,
    Origin,
    Reason,
    Source,
    UseVerdict,
)
from licheck.reporters import to_json

if TYPE_CHECKING:
    from licheck.core.findings import Finding
    from licheck.evidence.judge import Judgement
    from licheck.evidence.types import Fact, LicenseMatch
    from licheck.evidence.types import Source as EvidenceSource
    from licheck.project.report import CheckReport
    from licheck.scan.found import Reference
    from licheck.views.reports import (
        Comparison,
        InspectReport,
        LicenseComparison,
        LicenseView,
        ModelList,
        Validation,
    )

SCHEMA_VERSION = 3  # 2: basis, conflicts, evidence; conditions' needs; agreement and override codes
# 3: obligations' applies_above and applies (a duty above a threshold, and whether the context triggers it);
# basis name (a converting publisher's naming) and resolution (how a name reached its model); basis in check


def _location(location: Location | None) -> dict[str, Any] | None:
    return None if location is None else {"file": location.file, "line": location.line}


def _reason(reason: Reason, notes: bool = True) -> dict[str, Any]:
    if not notes:
        return {
            "text": reason.text,
            "license": reason.license,
            "clause": reason.clause,
            "via": list(reason.via),
        }
    return {
        "text": reason.text,
        "note": reason.note,
        "license": reason.license,
        "clause": reason.clause,
        "rule": _location(reason.location),
        "via": list(reason.via),
    }


def _condition(outcome: ConditionOutcome) -> dict[str, Any]:
    return {
        "kind": outcome.kind,
        "summary": outcome.summary,
        "state": str(outcome.state),
        "detail": outcome.detail,
        "license": outcome.license,
        "clause": outcome.clause,
        "needs": outcome.needs,
    }


def _use(verdict: UseVerdict, notes: bool = True) -> dict[str, Any]:
    if notes:
        return {
            "use": verdict.use,
            "verdict": verdict.verdict.label,
            "reasons": [_reason(r) for r in verdict.reasons],
            "conditions": [_condition(c) for c in verdict.conditions],
            "ask": verdict.ask,
        }
    # Brief (check reports): a condition once, as summary and state; its detail is not repeated
    # among the reasons. `licheck model` and `explain` give the full account.
    details = {c.detail for c in verdict.conditions}
    return {
        "use": verdict.use,
        "verdict": verdict.verdict.label,
        "reasons": [_reason(r, notes=False) for r in verdict.reasons if r.text not in details],
        "conditions": [
            {"summary": c.summary, "state": str(c.state), "license": c.license}
            for c in dict.fromkeys(verdict.conditions)
        ],
        "ask": verdict.ask,
    }


def _obligation(obligation: Obligation) -> dict[str, Any]:
    return {
        "id": obligation.id,
        "license": obligation.license,
        "text": obligation.text,
        "clause": obligation.clause,
        "when": sorted(obligation.when) if obligation.when is not None else None,
        "applies_above": [{"metric": t.metric, "above": t.above} for t in obligation.applies_above] or None,
        "applies": obligation.status,
    }


def _source(source: Source) -> dict[str, Any]:
    return {"url": source.url, "section": source.section, "note": source.note}


def context_dict(context: Context) -> dict[str, Any]:
    return {
        "as_of": context.as_of.isoformat(),
        "mau": context.mau,
        "dau": context.dau,
        "revenue": context.revenue,
        "region": context.region,
        "org": context.org,
    }


def _model_fields(model: Model | None) -> dict[str, Any]:
    return {
        "model": model.id if model else None,
        "name": model.name if model else None,
        "publisher": model.publisher if model else None,
    }


def _license_fields(lic: License | None) -> dict[str, Any]:
    return {
        "license": lic.id if lic else None,
        "license_name": lic.name if lic else None,
        "license_url": lic.url if lic else None,
        "family": str(lic.family) if lic else None,
    }


def _license_since(item: Assessment) -> str | None:
    return item.period.start.isoformat() if item.period and item.period.start else None


def _period(period: LicensePeriod) -> dict[str, Any]:
    return {
        "license": period.license,
        "from": period.start.isoformat() if period.start else None,
        "source": _source(period.source) if period.source else None,
    }


def _basis(item: Assessment) -> str | None:
    """What decided the license: as the assessment says, else the rules (unless the model is one
    only declared)."""
    model = item.model
    return item.basis or ("rules" if model and model.origin is Origin.RULES else None)


def assessment_dict(item: Assessment) -> dict[str, Any]:
    model = item.model
    return {
        "query": item.query,
        **_model_fields(model),
        **_license_fields(item.license),
        "license_since": _license_since(item),
        "license_history": [_period(p) for p in (model.licenses if model else ())],
        "verdict": item.verdict.label,
        "uses": [_use(u) for u in item.uses],
        "obligations": [_obligation(o) for o in item.obligations],
        "sources": [_source(s) for s in item.sources],
        "suggestions": list(item.suggestions),
        "alternatives": list(item.alternatives),
        "rule": _location(model.location) if model else None,
        "location": _location(item.location),
        "basis": _basis(item),
        "resolution": item.resolution,
        "conflicts": [_conflict(c) for c in item.conflicts],
        "evidence": list(item.evidence),
    }


def dump(document: dict[str, Any]) -> str:
    return to_json(document, depth=2)


def render_model(item: Assessment, options: object = None) -> str:
    """`licheck model`: exactly one JSON object."""
    return dump(
        {
            "schema_version": SCHEMA_VERSION,
            "licheck_version": __version__,
            "context": context_dict(item.context),
            **assessment_dict(item),
        }
    )


def _finding(finding: Finding) -> dict[str, Any]:
    return {
        "code": finding.code,
        "level": str(finding.level),
        "message": finding.text,
        "model": finding.model,
        "model_id": finding.model_id,
        "use": finding.use,
        "location": _location(finding.location),
    }


def _check_model(item: Assessment) -> dict[str, Any]:
    """A model in a check report: the verdicts and reasons; obligations by reference."""
    return {
        "query": item.query,
        "model": item.model.id if item.model else None,
        "license": item.license.id if item.license else None,
        "family": str(item.license.family) if item.license else None,
        "verdict": item.verdict.label,
        "uses": [_use(u, notes=False) for u in item.uses],
        "obligations": [f"{o.license}/{o.id}" for o in item.obligations],
        "suggestions": list(item.suggestions),
        "location": _location(item.location),
        "basis": _basis(item),
        "resolution": item.resolution,
    }


def render_check(report: CheckReport, options: object = None) -> str:
    """`licheck check`: one JSON object. Obligations are listed once, under `obligations`, and
    referred to by `license/id` from each model; `licheck model` gives one model's full detail. With
    `scan:` in the manifest, `skipped` lists the files the scan did not read."""
    document = check_document(report)
    if report.skipped is not None:
        document["skipped"] = skipped_list(report.skipped)
    return dump(document)


def skipped_list(skipped: tuple[tuple[str, str], ...] | None) -> list[dict[str, str]]:
    return [{"file": file, "reason": why} for file, why in skipped or ()]


def reference_dict(ref: Reference) -> dict[str, Any]:
    found: dict[str, Any] = {
        "file": ref.file,
        "line": ref.line,
        "column": ref.column,
        "model": ref.model,
        "id": ref.id,
        "kind": ref.kind,
    }
    if ref.cell is not None:
        found["cell"] = ref.cell
        found["cell_line"] = ref.cell_line
    return found


def render_scan(report: CheckReport, options: object = None) -> str:
    """`licheck scan`: every reference found (file relative to the scanned folder, line on disk,
    the model as written, kind; for notebooks cell and cell_line), the judged distinct models, and
    every file the scan did not read, with why (`skipped`)."""
    document = check_document(report)
    document["root"] = report.root
    document["references"] = [reference_dict(r) for r in report.references]
    document["skipped"] = skipped_list(report.skipped)
    return to_json(document, depth=2)


def check_document(report: CheckReport) -> dict[str, Any]:
    obligations = {f"{o.license}/{o.id}": _obligation(o) for a in report.assessments for o in a.obligations}
    return {
        "schema_version": SCHEMA_VERSION,
        "licheck_version": __version__,
        "manifest": report.manifest,
        "rules_digest": report.rules_digest,
        "uses": list(report.uses),
        "context": context_dict(report.context),
        "passed": not report.failed,
        "summary": {"models": len(report.assessments), **report.counts()},
        "findings": [_finding(f) for f in report.findings],
        "models": [_check_model(a) for a in report.assessments],
        "obligations": dict(sorted(obligations.items())),
    }


def license_dict(lic: License, models: tuple[str, ...] | list[str]) -> dict[str, Any]:
    """`licheck license`: one license's terms."""
    return {
        "schema_version": SCHEMA_VERSION,
        "id": lic.id,
        "name": lic.name,
        "url": lic.url,
        "family": str(lic.family),
        "aliases": list(lic.aliases),
        "spdx": lic.spdx,
        "derivatives": "inherit" if lic.inherit else "free",
        "uses": {
            use: {
                "decision": rule.decision.label,
                "clause": rule.clause,
                "note": rule.note,
                "conditions": [{"kind": type(c).__name__.lower(), **c._asdict()} for c in rule.conditions],
                "rule": _location(rule.location),
            }
            for use, rule in lic.uses.items()
        },
        "obligations": [_obligation(o) for o in lic.obligations],
        "sources": [_source(s) for s in lic.sources],
        "checked": lic.checked.isoformat(),
        "notes": lic.notes,
        "models": list(models),
        "rule": _location(lic.location),
    }


def render_comparison(comparison: Comparison, options: object = None) -> str:
    """`licheck compare`: one JSON object, a model per entry."""
    return dump(
        {
            "schema_version": SCHEMA_VERSION,
            "licheck_version": __version__,
            "uses": list(comparison.uses),
            "context": context_dict(comparison.context),
            "models": [assessment_dict(a) for a in comparison.assessments],
        }
    )


def render_licenses(comparison: LicenseComparison, options: object = None) -> str:
    """`licheck compare --licenses`: the licenses' terms side by side."""
    licenses, uses = comparison.licenses, comparison.uses
    return dump(
        {
            "schema_version": SCHEMA_VERSION,
            "licheck_version": __version__,
            "uses": list(uses),
            "licenses": [license_dict(lic, []) for lic in licenses],
        }
    )


def render_list(view: ModelList, options: object = None) -> str:
    """`licheck list`: the matching models, sorted by id."""
    rows, filters, context = view.rows, view.filters, view.context
    return dump(
        {
            "schema_version": SCHEMA_VERSION,
            "licheck_version": __version__,
            "filters": {k: (list(v) if isinstance(v, tuple) else v) for k, v in filters._asdict().items()},
            "context": context_dict(context),
            "count": len(rows),
            "models": [
                {
                    "model": row.model.id,
                    "name": row.model.name,
                    "publisher": row.model.publisher,
                    "license": row.license.id if row.license else None,
                    "family": str(row.license.family) if row.license else None,
                    "task": row.model.task,
                    "params_b": row.model.params_b,
                    "aliases": list(row.model.aliases),
                    "uses": {u.use: u.verdict.label for u in row.assessment.uses} if row.assessment else {},
                }
                for row in rows
            ],
        }
    )


def render_license(view: LicenseView, options: object = None) -> str:
    """`licheck license`: one license's terms and the models under it."""
    return to_json(license_dict(view.license, view.models), depth=3)


def render_stats(numbers: dict[str, Any], options: object = None) -> str:
    """`licheck rules stats`."""
    return to_json(numbers)


def render_validation(validation: Validation, options: object = None) -> str:
    """`licheck rules validate`: valid rules, with their lint warnings."""
    return to_json(
        {
            "valid": True,
            "warnings": [{"file": w.file, "line": w.line, "message": w.message} for w in validation.warnings],
        }
    )


# ---------------------------------------------------------------- licheck inspect


def source_dict(source: EvidenceSource) -> dict[str, Any]:
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
        "modified": None
        if match.modified is None
        else {
            "known": match.modified.known,
            "added": list(match.modified.added),
            "removed": list(match.modified.removed),
            "material": match.modified.material,
        },
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
        "notes": list(judged.notes),
        "obligations": [_obligation(o) for o in item.obligations],
        "sources": [source_dict(s) for s in judged.sources],
        "rule_sources": [_source(s) for s in item.sources],
    }


def inspect_document(
    judged: list[Judgement] | tuple[Judgement, ...], context: Context, kinds: dict[str, str] | None = None
) -> dict[str, Any]:
    """One JSON object for `licheck inspect`: every artifact judged, in the order given."""
    kinds = kinds or {}
    return {
        "schema_version": SCHEMA_VERSION,
        "licheck_version": __version__,
        "context": context_dict(context),
        "artifacts": [artifact_dict(j, kinds.get(j.path)) for j in judged],
    }


def render_inspect(view: InspectReport, options: object = None) -> str:
    """`licheck inspect`: one JSON object, an entry per artifact."""
    return to_json(inspect_document(view.judgements, view.context, view.kinds), depth=4)
