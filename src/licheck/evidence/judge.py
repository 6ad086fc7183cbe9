"""Judge what a model declares, through the rules and the engine. Pure: no I/O.

A declared license id, license_name, license_link or identified LICENSE file is mapped onto a
license of the rules; declared base models onto models of the rules (or onto other evidence, see
`with_evidence`). A synthetic Model is built from that, as check.own_model does for a manifest, so
the engine judges it with lineage exactly as for reviewed lineage: an adapter, quantization or
merge of Llama 2 is under Llama 2's terms whatever its card says. When sources disagree, every
reading is assessed and the stricter verdict per use wins.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import NamedTuple

from licheck.core.engine import assess_model
from licheck.core.model import (
    Assessment,
    Conflict,
    Context,
    Family,
    License,
    LicensePeriod,
    Model,
    Origin,
    Reason,
    RuleSet,
    UseVerdict,
    Verdict,
)
from licheck.core.model import Source as RuleSource
from licheck.evidence import mapping
from licheck.evidence.layer import Layer
from licheck.evidence.mapping import Found
from licheck.evidence.types import Artifact, Chain, Declared, Source

UNKNOWN_LICENSE = "(unknown)"
UNKNOWN_BINDING = "(unknown, may bind)"  # the license of a base known neither to the rules nor the evidence
UNKNOWN_BASE = "(a base not in the rules)"
# how strict a family reads, for the one license a base known only from evidence gets
_SEVERITY = {
    Family.PERMISSIVE: 0,
    Family.SHARE_ALIKE: 1,
    Family.RESPONSIBLE_USE: 2,
    Family.COMMUNITY: 3,
    Family.ROYALTY: 4,
    Family.RESEARCH_ONLY: 5,
    Family.NON_COMMERCIAL: 5,
}
_PLACEHOLDER = License(
    id=UNKNOWN_LICENSE,
    name="no license the rules know",
    url="",
    family=Family.RESEARCH_ONLY,  # never shown: stripped from every result
    inherit=False,
    uses={},
    obligations=(),
    sources=(),
    checked=date.min,
)

_BINDING = _PLACEHOLDER._replace(
    id=UNKNOWN_BINDING, name="a base license the rules do not know", inherit=True
)
_BASE = Model(
    id=UNKNOWN_BASE,
    name=UNKNOWN_BASE,
    publisher="(declared)",
    origin=Origin.DECLARED,
    licenses=(LicensePeriod(UNKNOWN_BINDING, None),),
    sources=(),
    checked=date.min,
)
PLACEHOLDERS = (UNKNOWN_LICENSE, UNKNOWN_BINDING)
HIDDEN = frozenset((*PLACEHOLDERS, UNKNOWN_BASE))


class Judgement(NamedTuple):
    path: str
    model: str | None  # canonical id when the rules know it, else the declared repo id
    declared: Declared
    license: str | None  # the license of the reading that decided; None when none is known
    family: str | None
    basis: str | None  # "rules": a reviewed entry decided; "declared": the declaration; None: nothing
    assessment: Assessment
    conflicts: tuple[Conflict, ...]
    sources: tuple[Source, ...]  # the files and keys the facts came from
    unresolved: tuple[str, ...]  # facts found that map to nothing in the rules
    notes: tuple[str, ...] = ()  # what else a reader should know: license links on moving branches


# ---------------------------------------------------------------- evidence as rules


def with_evidence(rules: RuleSet, artifacts: Sequence[Artifact]) -> RuleSet:
    """The rules, with a synthetic model for every artifact whose repo id the rules do not know,
    so a model built on it is judged through its evidence. A base with several declared licenses
    gets the strictest by family; one with none, no license the rules know (unknown)."""
    extra: dict[str, Model] = {}
    names: dict[str, str] = {}
    pending = []
    for artifact in artifacts:
        if mapping.reviewed(rules, artifact.declared) is not None or not artifact.declared.repo_id:
            continue
        key = mapping.model_key(artifact.declared.repo_id[0])
        if key in rules.names or key in names:
            continue
        names[key] = key
        pending.append((key, artifact))
    extra[UNKNOWN_BASE] = _BASE
    layered = _with_placeholders(rules)._replace(
        models=Layer(extra, rules.models, HIDDEN), names=Layer(names, rules.names)
    )
    for key, artifact in pending:  # licenses first: bases are resolved once every id is known
        found = mapping.declared_licenses(rules, artifact.declared).licenses
        ranked = sorted(
            found.values(), key=lambda item: (-_SEVERITY[item[0].family], not item[0].inherit, item[0].id)
        )
        extra[key] = _synthetic(
            key, ranked[0][0].id if ranked else UNKNOWN_LICENSE, (), (), artifact.path, artifact.declared
        )
    for key, artifact in pending:
        bases, missing = mapping.bases(layered, artifact.declared.base_models, key, artifact.declared.origins)
        model = extra[key]._replace(
            base=(*bases, *((UNKNOWN_BASE,) if missing else ())),
            datasets=mapping.datasets(rules, artifact.declared.datasets),
        )
        quantized = any(f.value.lower() == "quantized" for f in artifact.declared.relation)
        if model.licenses[0].license == UNKNOWN_LICENSE and quantized and bases:
            model = model._replace(licenses=layered.models[bases[0]].licenses)  # the same weights
        extra[key] = model
    return layered


def _with_placeholders(rules: RuleSet) -> RuleSet:
    if UNKNOWN_LICENSE in rules.licenses:
        return rules
    placeholders = {UNKNOWN_LICENSE: _PLACEHOLDER, UNKNOWN_BINDING: _BINDING}
    return rules._replace(
        licenses=Layer(placeholders, rules.licenses, HIDDEN),
        models=Layer({UNKNOWN_BASE: _BASE}, rules.models, HIDDEN),
    )


def _synthetic(
    model_id: str,
    license_id: str,
    base: tuple[str, ...],
    datasets: tuple[str, ...],
    where: str,
    declared: Declared | None = None,
) -> Model:
    return Model(
        task=_pipeline_tag(declared),
        id=model_id,
        name=model_id,
        publisher="(declared)",
        origin=Origin.DECLARED,
        licenses=(LicensePeriod(license_id, None),),
        sources=(RuleSource(where, note="declared by the model itself"),),
        checked=date.min,
        base=base,
        datasets=datasets,
    )


def _pipeline_tag(declared: Declared | None) -> str | None:
    """The task a card declares (its pipeline_tag), for ranking alternatives like the model."""
    for raw in declared.raw if declared is not None else ():
        if raw.key == "pipeline_tag" and isinstance(raw.value, str) and raw.value.strip():
            return raw.value.strip().lower()
    return None


# ---------------------------------------------------------------- the judgement


def judge(
    artifact: Artifact,
    rules: RuleSet,
    uses: tuple[str, ...],
    context: Context,
    unreadable: Mapping[str, str] | None = None,
) -> Judgement:
    """Judge one artifact for every use. `rules` may carry evidence (see `with_evidence`), and
    `unreadable` says why a base could not be read (lower-cased repo id -> why)."""
    rules = _with_placeholders(rules)
    declared = artifact.declared
    known = mapping.reviewed(rules, declared)
    found = mapping.declared_licenses(rules, declared)
    unresolved = list(found.unresolved)
    own_id = known.id if known else (mapping.model_key(declared.repo_id[0]) if declared.repo_id else None)
    bases, missing = mapping.bases(rules, declared.base_models, own_id, declared.origins, unreadable)
    unresolved += missing
    not_read = [f"{p} (not read)" for p in artifact.problems]
    unresolved += not_read
    conflicts: list[Conflict] = []
    basis: str | None = "rules"
    model_name: str | None = None
    if known is not None:
        readings = _known_readings(rules, known, found, bases, context, conflicts)
        model_name = known.id
    else:
        readings, basis = _declared_readings(rules, artifact, found, bases, context, conflicts)
        model_name = mapping.hub_name(declared.repo_id[0].value) if declared.repo_id else None
    query = model_name or artifact.path
    judged = [assess_model(rules, model, query, uses, context) for model in readings]
    result = _clean(_strictest(judged), artifact, found, declared)
    if known is None and (missing or not_read):
        result = _unknown_lineage(result, missing + not_read)
    result, modified = _modified_texts(result, declared)
    conflicts += modified
    lic = result.license
    revision = (artifact.revision or "?")[:12]
    age = (
        (f"Hugging Face cache at revision {revision}, fetched {artifact.fetched}",)
        if artifact.fetched
        else ()
    )
    evidence = tuple(dict.fromkeys((*age, *(str(s) for s in _sources(declared)))))
    conflicts = list(dict.fromkeys((*result.conflicts, *conflicts)))  # the engine's (a card-license) first
    result = result._replace(
        basis=basis if lic else None,
        conflicts=tuple(conflicts),
        evidence=evidence,
        declared=_declared_licenses(declared),
    )
    return Judgement(
        path=artifact.path,
        model=model_name,
        declared=declared,
        license=lic.id if lic else None,
        family=str(lic.family) if lic else None,
        basis=basis,
        assessment=result,
        conflicts=tuple(conflicts),
        sources=_sources(declared),
        unresolved=tuple(dict.fromkeys(unresolved)),
        notes=tuple(mapping.unpinned(declared)),
    )


def judge_chain(chain: Chain, rules: RuleSet, uses: tuple[str, ...], context: Context) -> Judgement:
    """Judge a model through its chain of bases read as evidence (see lookup.gather)."""
    return judge(chain.artifacts[0], with_evidence(rules, chain.artifacts), uses, context, chain.unreadable)


def judge_all(
    artifacts: Sequence[Artifact], rules: RuleSet, uses: tuple[str, ...], context: Context
) -> list[Judgement]:
    """Judge several artifacts, each base known only from another artifact judged through it."""
    layered = with_evidence(rules, artifacts)
    return [judge(artifact, layered, uses, context) for artifact in artifacts]


def _known_readings(
    rules: RuleSet, known: Model, found: Found, bases: list[str], context: Context, conflicts: list[Conflict]
) -> list[Model]:
    period = known.license_on(context.as_of)
    in_rules = period.license if period else None
    where = str(known.location) if known.location else "rules"
    extra = tuple(b for b in bases if b not in known.base)
    model = known._replace(base=known.base + extra) if extra else known
    if extra:
        conflicts.append(
            Conflict(
                "declared-base",
                f"the declaration names bases the rules do not list for {known.id}: {', '.join(extra)}",
                (
                    (where, f"base {', '.join(known.base) or '(none)'}"),
                    ("declared", f"base {', '.join(extra)}"),
                ),
            )
        )
    readings = [model]
    for lic, said in found.licenses.values():
        if lic.id == in_rules:
            continue
        conflicts.append(
            Conflict(
                "rules-vs-declared",
                f"the declaration says {lic.id}, the rules say {in_rules or 'no license'} for {known.id}; "
                f"the stricter reading decides",
                ((where, f"license {in_rules}"), *said),
            )
        )
        readings.append(model._replace(licenses=(LicensePeriod(lic.id, None),)))
    return readings


def _declared_readings(
    rules: RuleSet,
    artifact: Artifact,
    found: Found,
    bases: list[str],
    context: Context,
    conflicts: list[Conflict],
) -> tuple[list[Model], str | None]:
    declared = artifact.declared
    model_id = mapping.model_key(declared.repo_id[0]) if declared.repo_id else artifact.path
    relation = next((f.value.lower() for f in declared.relation), None)
    histories: list[tuple[LicensePeriod, ...]] = [(LicensePeriod(lic_id, None),) for lic_id in found.licenses]
    if not histories and relation == "quantized" and bases:
        histories = [rules.models[bases[0]].licenses]  # the same weights: under the base's licenses
    if histories and found.unreadable:  # a source licheck cannot read may say something stricter
        histories.append((LicensePeriod(UNKNOWN_LICENSE, None),))
    conflicts += _disagreements(rules, found, bases, context, bool(histories))
    datasets = mapping.datasets(rules, declared.datasets)
    blank = _synthetic(model_id, UNKNOWN_LICENSE, tuple(bases), datasets, artifact.path, artifact.declared)
    models = [blank._replace(licenses=history) for history in histories] or [blank]
    basis = "declared" if histories or bases else None
    return models, basis


def _disagreements(
    rules: RuleSet, found: Found, bases: list[str], context: Context, declared: bool
) -> list[Conflict]:
    """How the declared sources disagree: with a source licheck cannot read (when something is
    declared), among themselves, and with a base whose license binds derivatives."""
    conflicts = []
    if declared and found.unreadable:
        conflicts.append(
            Conflict(
                "sources-disagree",
                f"{', '.join(found.licenses) or 'the base'} is declared, but {'; '.join(found.unreadable)}: "
                "what it says is unknown, and the stricter reading decides",
                (
                    *(pair for _, said in found.licenses.values() for pair in said),
                    *(("unread", text) for text in found.unreadable),
                ),
            )
        )
    if len(found.licenses) > 1:
        conflicts.append(
            Conflict(
                "sources-disagree",
                f"the sources declare {len(found.licenses)} licenses: {', '.join(found.licenses)}; the stricter reading decides",
                tuple(pair for _, said in found.licenses.values() for pair in said),
            )
        )
    for lic_id in found.licenses:
        for base_id in bases:
            period = rules.models[base_id].license_on(context.as_of)
            bound = rules.licenses[period.license] if period else None
            if bound is not None and bound.inherit and bound.id != lic_id:
                conflicts.append(
                    Conflict(
                        "base-binds",
                        f"declares {lic_id}, but is built on {base_id}, whose license {bound.id} binds derivatives",
                        (
                            ("declared", f"license {lic_id}"),
                            (base_id, f"license {bound.id} (binds derivatives)"),
                        ),
                    )
                )
    return conflicts


def _strictest(judged: list[Assessment]) -> Assessment:
    """One assessment: per use the worst of the readings (the first among equals)."""
    if len(judged) == 1:
        return judged[0]
    uses = tuple(
        max((item.uses[i] for item in judged), key=lambda v: v.verdict) for i in range(len(judged[0].uses))
    )
    overall = max((u.verdict for u in uses), default=Verdict.UNKNOWN)
    decided = max(judged, key=lambda item: item.verdict)
    return decided._replace(
        uses=uses,
        verdict=overall,
        obligations=tuple(dict.fromkeys(o for item in judged for o in item.obligations)),
        sources=tuple(dict.fromkeys(s for item in judged for s in item.sources)),
        lineage=tuple({lic.id: lic for item in judged for lic in item.lineage}.values()),
    )


def _unknown_lineage(item: Assessment, missing: list[str]) -> Assessment:
    """A base that is neither in the rules nor in the evidence may bind the model, and a file that
    could not be read may say something stricter: at best unknown."""
    why = Reason(f"{'; '.join(missing)}: whether its terms bind this model is unknown")
    uses = tuple(
        v._replace(verdict=Verdict.UNKNOWN, reasons=(*v.reasons, why)) if v.verdict < Verdict.UNKNOWN else v
        for v in item.uses
    )
    return item._replace(uses=uses, verdict=max((v.verdict for v in uses), default=Verdict.UNKNOWN))


def _modified_texts(item: Assessment, declared: Declared) -> tuple[Assessment, list[Conflict]]:
    """A LICENSE file that changes a known text where it matters: the rules' reading of that license
    may not hold, so every use is at best unknown, and the sentences that differ are said."""
    changed = [m for m in declared.license_files if m.modified is not None and m.modified.material]
    if not changed:
        return item, []
    conflicts = []
    for match in changed:
        assert match.modified is not None
        known, where = match.modified.known, str(match.source)
        readings = (
            *((where, f"adds «{sentence}»") for sentence in match.modified.added),
            *((where, f"lacks «{part}»") for part in match.modified.removed),
        )
        said = "; ".join(says for _, says in readings)
        conflicts.append(
            Conflict(
                "license-modified",
                f"{where} is a modified text of {known}: it {said}; licheck does not judge it as {known}",
                readings,
            )
        )
    why = Reason(
        f"{', '.join(str(m.source) for m in changed)} changes the text of "
        f"{', '.join(dict.fromkeys(m.modified.known for m in changed if m.modified))}: "
        "what the changed terms allow is unknown"
    )
    uses = tuple(
        v._replace(verdict=Verdict.UNKNOWN, reasons=(*v.reasons, why), decided=why)
        if v.verdict < Verdict.UNKNOWN
        else v
        for v in item.uses
    )
    return item._replace(
        uses=uses, verdict=max((v.verdict for v in uses), default=Verdict.UNKNOWN)
    ), conflicts


def _clean(item: Assessment, artifact: Artifact, found: Found, declared: Declared) -> Assessment:
    """Say in words what the placeholder licenses stand for, and keep them out of the result."""
    item = item._replace(
        uses=tuple(v._replace(reasons=_binding_reasons(v.reasons)) for v in item.uses),
        lineage=tuple(lic for lic in item.lineage if lic.id not in PLACEHOLDERS),
    )
    if item.license is None or item.license.id != UNKNOWN_LICENSE:
        return item
    if declared.is_empty():
        why = f"{artifact.path} declares no license (no card license, license file or header field)"
    else:
        what = ", ".join(f.value for f in (*declared.license, *declared.license_name)) or "no license id"
        why = f"{artifact.path} declares {what}, which is no license in the rules: licheck will not guess"

    def fix(verdict: UseVerdict) -> UseVerdict:
        reasons = tuple(
            Reason(why, via=r.via, location=r.location) if r.license == UNKNOWN_LICENSE else r
            for r in verdict.reasons
        )
        return verdict._replace(reasons=reasons)

    return item._replace(
        license=None,
        period=None,
        uses=tuple(fix(v) for v in item.uses),
    )


def _binding_reasons(reasons: tuple[Reason, ...]) -> tuple[Reason, ...]:
    """The engine's words for an unknown base, in plain words: the base is named by `via`."""
    out = []
    for reason in reasons:
        if reason.license != UNKNOWN_BINDING:
            out.append(reason)
        elif reason.base == UNKNOWN_BASE:
            model = reason.via[-1] if reason.via else "a base"
            out.append(
                reason._replace(
                    text=f"{model} names a base that is neither in the rules nor in the evidence: "
                    "whether its terms bind is unknown",
                    license=None,
                )
            )
    return tuple(out)


def _declared_licenses(declared: Declared) -> tuple[tuple[str, str], ...]:
    """The license as the sources write it, each with where: ids, names, links, identified texts."""
    said = [
        (f.value, str(f.source)) for f in (*declared.license, *declared.license_name, *declared.license_link)
    ]
    said += [(m.license, str(m.source)) for m in declared.license_files if m.license is not None]
    return tuple(dict.fromkeys(said))


def _sources(declared: Declared) -> tuple[Source, ...]:
    facts = (
        *declared.license,
        *declared.license_name,
        *declared.license_link,
        *declared.base_models,
        *declared.relation,
        *declared.repo_id,
        *declared.origins,
    )
    return tuple(dict.fromkeys((*(f.source for f in facts), *(m.source for m in declared.license_files))))
