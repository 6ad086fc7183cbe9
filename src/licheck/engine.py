"""The evaluation engine: pure functions from (rules, model, uses, context) to an Assessment.

No I/O, no clock, no printing: everything it needs comes in as arguments.
"""

from __future__ import annotations

from collections.abc import Iterable

from licheck.model import (
    NON_COMMERCIAL_FAMILIES,
    Agreement,
    Assessment,
    Ceiling,
    Condition,
    ConditionOutcome,
    Context,
    License,
    Location,
    Model,
    Obligation,
    OrgLimit,
    Reason,
    RegionLimit,
    Royalty,
    RuleSet,
    Source,
    State,
    UseVerdict,
    Verdict,
)

METRIC_NAMES = {"mau": "monthly active users", "dau": "daily active users", "revenue": "annual revenue (USD)"}


def short_number(value: float) -> str:
    """700000000 -> 700M, 1000000 -> 1M, 1500 -> 1.5k."""
    for size, suffix in ((1_000_000_000, "B"), (1_000_000, "M"), (1_000, "k")):
        if abs(value) >= size:
            text = f"{value / size:.1f}".removesuffix(".0")
            return f"{text}{suffix}"
    return f"{value:g}"


def _money(value: float) -> str:
    return f"${short_number(value)}"


def _metric(metric: str, value: float) -> str:
    return _money(value) if metric == "revenue" else f"{short_number(value)} {metric.upper()}"


def summarize(condition: Condition) -> str:
    """A condition in a few words: "≤700M MAU", "10% royalty > $1M", "not in EU"."""
    if isinstance(condition, Ceiling):
        return f"≤{_metric(condition.metric, condition.max)}"
    if isinstance(condition, Royalty):
        return f"{condition.rate * 100:g}% royalty > {_money(condition.above)}"
    if isinstance(condition, Agreement):
        return f"agreement with {condition.party.split(' (')[0]}"
    if isinstance(condition, RegionLimit):
        return f"not in {', '.join(condition.excluded)}"
    return f"not for {', '.join(condition.excluded)}"


def settle(
    condition: Condition, context: Context, rules: RuleSet, license_id: str
) -> tuple[ConditionOutcome, Verdict]:
    """How one condition stands against the context, and the verdict it leads to."""
    clause = condition.clause
    summary = summarize(condition)
    if isinstance(condition, Ceiling):
        value = context.metric(condition.metric)
        measured = f" ({condition.measured})" if condition.measured else ""
        if value is None:
            return ConditionOutcome(
                "ceiling",
                summary,
                State.UNSETTLED,
                f"allowed only up to {_metric(condition.metric, condition.max)}{measured}; "
                f"pass --{condition.metric} to settle it",
                license_id,
                clause,
            ), Verdict.CONDITIONAL
        if value <= condition.max:
            return ConditionOutcome(
                "ceiling",
                summary,
                State.MET,
                f"{_metric(condition.metric, value)} is within the ceiling of "
                f"{_metric(condition.metric, condition.max)}{measured}",
                license_id,
                clause,
            ), Verdict.ALLOWED
        extra = f"; {condition.note}" if condition.note else ""
        return ConditionOutcome(
            "ceiling",
            summary,
            State.FAILED,
            f"{_metric(condition.metric, value)} is above the ceiling of "
            f"{_metric(condition.metric, condition.max)}{measured}{extra}",
            license_id,
            clause,
        ), condition.otherwise
    if isinstance(condition, Royalty):
        rate = f"{condition.rate * 100:g}%"
        basis = f" (basis: {condition.basis})" if condition.basis else ""
        owed = f"a royalty of {rate} is owed on revenue above {_money(condition.above)} a year{basis}"
        if context.revenue is None:
            return ConditionOutcome(
                "royalty",
                summary,
                State.UNSETTLED,
                f"{owed}; pass --revenue to settle it",
                license_id,
                clause,
            ), Verdict.CONDITIONAL
        if context.revenue <= condition.above:
            return ConditionOutcome(
                "royalty",
                summary,
                State.MET,
                f"revenue {_money(context.revenue)} is at or below {_money(condition.above)}: "
                f"no royalty is owed",
                license_id,
                clause,
            ), Verdict.ALLOWED
        return ConditionOutcome(
            "royalty",
            summary,
            State.OWED,
            f"revenue {_money(context.revenue)} is above {_money(condition.above)}: {owed}",
            license_id,
            clause,
        ), Verdict.CONDITIONAL
    if isinstance(condition, Agreement):
        note = f": {condition.note}" if condition.note else ""
        return ConditionOutcome(
            "agreement",
            summary,
            State.UNSETTLED,
            f"needs a separate agreement with {condition.party}{note}",
            license_id,
            clause,
        ), Verdict.CONDITIONAL
    if isinstance(condition, RegionLimit):
        excluded = ", ".join(condition.excluded)
        if context.region is None:
            return ConditionOutcome(
                "region",
                summary,
                State.UNSETTLED,
                f"the grant excludes licensees in {excluded}; pass --region to settle it",
                license_id,
                clause,
            ), Verdict.CONDITIONAL
        if _in_regions(context.region, condition.excluded, rules):
            return ConditionOutcome(
                "region",
                summary,
                State.FAILED,
                f"the grant excludes licensees in {excluded}, which covers {context.region}",
                license_id,
                clause,
            ), Verdict.DENIED
        return ConditionOutcome(
            "region",
            summary,
            State.MET,
            f"{context.region} is outside the excluded {excluded}",
            license_id,
            clause,
        ), Verdict.ALLOWED
    assert isinstance(condition, OrgLimit)
    excluded = ", ".join(condition.excluded)
    if context.org is None:
        return ConditionOutcome(
            "organisation",
            summary,
            State.UNSETTLED,
            f"the grant excludes {excluded}; pass --org to settle it",
            license_id,
            clause,
        ), Verdict.CONDITIONAL
    if context.org in condition.excluded:
        return ConditionOutcome(
            "organisation", summary, State.FAILED, f"the grant excludes {context.org}", license_id, clause
        ), Verdict.DENIED
    return ConditionOutcome(
        "organisation",
        summary,
        State.MET,
        f"{context.org} is not among the excluded ({excluded})",
        license_id,
        clause,
    ), Verdict.ALLOWED


def _in_regions(place: str, excluded: Iterable[str], rules: RuleSet) -> bool:
    place = place.upper()
    for item in excluded:
        region = rules.regions.get(item)
        if place == item or (region is not None and place in region.members):
            return True
    return False


def judge_use(
    rules: RuleSet, model: Model, use: str, context: Context, via: tuple[str, ...] = ()
) -> UseVerdict:
    """The verdict for one use of one model, taking in its lineage."""
    period = model.license_on(context.as_of)
    path = (*via, model.id)
    if period is None:
        first = model.licenses[0].start
        return UseVerdict(
            use,
            Verdict.UNKNOWN,
            (
                Reason(
                    f"{model.id}: no license on record on {context.as_of.isoformat()}"
                    + (f" (the first one starts {first.isoformat()})" if first else ""),
                    location=model.location,
                    via=path,
                ),
            ),
        )
    lic = rules.licenses[period.license]
    verdict, reasons, outcomes = _judge_license(rules, lic, use, context, path)

    lineage_verdict, lineage_reasons, lineage_outcomes = _inherited(rules, model, use, context, path)
    if lineage_verdict is not None:
        verdict = max(verdict, lineage_verdict)
    reasons += lineage_reasons
    outcomes += lineage_outcomes

    commercial = rules.uses[use].commercial if use in rules.uses else False
    for dataset_id in model.datasets:
        dataset = rules.datasets[dataset_id]
        data_license = rules.licenses[dataset.license]
        if commercial and data_license.family in NON_COMMERCIAL_FAMILIES and verdict < Verdict.CONDITIONAL:
            verdict = Verdict.CONDITIONAL
            reasons += (
                Reason(
                    f"trained on {dataset.id}, licensed {data_license.id} ({data_license.family}): "
                    f"whether those terms reach the model is not settled",
                    license=data_license.id,
                    location=dataset.location,
                    via=path,
                ),
            )
    return UseVerdict(use, verdict, reasons, outcomes)


def _inherited(
    rules: RuleSet, model: Model, use: str, context: Context, path: tuple[str, ...]
) -> tuple[Verdict | None, tuple[Reason, ...], tuple[ConditionOutcome, ...]]:
    """What the model's bases impose on it: the full verdict of each base whose license binds
    derivatives, and, through a base whose license does not, what that base itself inherits.
    (A fine-tune of a fine-tune of Llama is still bound by Llama's terms.) None: nothing binds."""
    verdict: Verdict | None = None
    reasons: tuple[Reason, ...] = ()
    outcomes: tuple[ConditionOutcome, ...] = ()
    for base_id in model.base:
        base = rules.models[base_id]
        period = base.license_on(context.as_of)
        if period is None:
            continue
        lic = rules.licenses[period.license]
        if lic.inherit:
            sub = judge_use(rules, base, use, context, path)
            step = f"built on {base.id}, whose license {lic.id} binds derivatives"
            found: tuple[Verdict | None, tuple[Reason, ...], tuple[ConditionOutcome, ...]] = (
                sub.verdict,
                sub.reasons,
                sub.conditions,
            )
        else:
            found = _inherited(rules, base, use, context, (*path, base.id))
            step = f"built on {base.id}, whose license {lic.id} does not bind derivatives but which is bound in turn"
        if found[0] is None:
            continue
        verdict = found[0] if verdict is None else max(verdict, found[0])
        reasons += (
            Reason(step, license=lic.id, location=model.location, via=path, base=base.id),
            *found[1],
        )
        outcomes += found[2]
    return verdict, reasons, outcomes


def _judge_license(
    rules: RuleSet, lic: License, use: str, context: Context, path: tuple[str, ...]
) -> tuple[Verdict, tuple[Reason, ...], tuple[ConditionOutcome, ...]]:
    rule = lic.uses.get(use)
    if rule is None:
        return (
            Verdict.UNKNOWN,
            (
                Reason(
                    f"{lic.id} has no rule for {use!r}: licheck will not guess",
                    license=lic.id,
                    location=lic.location,
                    via=path,
                ),
            ),
            (),
        )
    base = Reason(
        f"{lic.id} {rule.clause}: {use} is {rule.decision.label}",
        license=lic.id,
        clause=rule.clause,
        location=rule.location,
        via=path,
        note=rule.note,
    )
    if rule.decision is not Verdict.CONDITIONAL:
        return rule.decision, (base,), ()
    settled = [settle(c, context, rules, lic.id) for c in rule.conditions]
    outcomes = tuple(outcome for outcome, _ in settled)
    failed = [v for outcome, v in settled if outcome.state is State.FAILED]
    if failed:
        verdict = max(failed)
    elif any(outcome.state in (State.UNSETTLED, State.OWED) for outcome in outcomes):
        verdict = Verdict.CONDITIONAL
    else:
        verdict = Verdict.ALLOWED
    reasons = (
        base,
        *(
            Reason(o.detail, license=lic.id, clause=o.clause, location=rule.location, via=path)
            for o in outcomes
        ),
    )
    return verdict, reasons, outcomes


def lineage_licenses(rules: RuleSet, model: Model, context: Context) -> list[License]:
    """The license of the model and of every base whose license binds it, nearest first."""
    out: list[License] = []
    todo = [model]
    seen: set[str] = set()
    first = True
    while todo:
        current = todo.pop(0)
        if current.id in seen:
            continue
        seen.add(current.id)
        period = current.license_on(context.as_of)
        if period is None:
            continue
        lic = rules.licenses[period.license]
        if (first or lic.inherit) and all(known.id != lic.id for known in out):
            out.append(lic)
        todo.extend(
            rules.models[b] for b in current.base
        )  # a free link does not cut what is inherited above it
        first = False
    return out


Memo = dict[tuple[Model, str], UseVerdict]


def assess(
    rules: RuleSet,
    query: str,
    uses: tuple[str, ...],
    context: Context,
    where: Location | None = None,
    memo: Memo | None = None,
) -> Assessment:
    """Judge a model reference for every use; the overall verdict is the worst of them."""
    model = rules.find_model(query)
    if model is None:
        reason = Reason(f"{query!r} is not in the rules: licheck will not guess")
        return Assessment(
            query,
            Verdict.UNKNOWN,
            tuple(UseVerdict(use, Verdict.UNKNOWN, (reason,)) for use in uses),
            context,
            suggestions=suggest(rules, query),
            location=where,
        )
    return assess_model(rules, model, query, uses, context, where, memo)


def assess_model(
    rules: RuleSet,
    model: Model,
    query: str,
    uses: tuple[str, ...],
    context: Context,
    where: Location | None = None,
    memo: Memo | None = None,
) -> Assessment:
    """Judge a known model (from the rules, or a project's own) for every use.

    `memo` lets a caller that judges many references in one context (a manifest) judge each
    (model, use) pair once.
    """
    memo = {} if memo is None else memo
    verdicts = []
    for use in uses:
        key = (model, use)
        if key not in memo:
            memo[key] = judge_use(rules, model, use, context)
        verdicts.append(memo[key])
    period = model.license_on(context.as_of)
    lic = rules.licenses[period.license] if period else None
    lineage = lineage_licenses(rules, model, context)
    obligations = _dedupe(o for lic_ in lineage for o in lic_.obligations if o.applies_to(uses))
    sources: list[Source] = []
    if period is not None and period.source is not None:
        sources.append(period.source)
    for lic_ in lineage:
        sources.extend(lic_.sources)
    sources.extend(model.sources)
    overall = max((v.verdict for v in verdicts), default=Verdict.UNKNOWN)
    return Assessment(
        query,
        overall,
        tuple(verdicts),
        context,
        model=model,
        license=lic,
        period=period,
        obligations=obligations,
        sources=tuple(dict.fromkeys(sources)),
        location=where,
        lineage=tuple(lineage),
    )


def _dedupe(obligations: Iterable[Obligation]) -> tuple[Obligation, ...]:
    seen: dict[tuple[str, str], Obligation] = {}
    for obligation in obligations:
        seen.setdefault((obligation.license, obligation.id), obligation)
    return tuple(seen.values())


def suggest(rules: RuleSet, query: str, limit: int = 3) -> tuple[str, ...]:
    """The closest known model ids to an unknown name."""
    import difflib

    wanted = query.strip().lower()
    if len(wanted) > 200:  # no model name is this long; comparing it would only cost time
        return ()
    tail = wanted.rsplit("/", 1)[-1]
    scored: dict[str, float] = {}
    matcher = difflib.SequenceMatcher()
    for text in {wanted, tail}:
        matcher.set_seq2(text)
        for name, model_id in rules.names.items():
            matcher.set_seq1(name.rsplit("/", 1)[-1] if "/" not in text else name)
            if matcher.real_quick_ratio() <= scored.get(model_id, 0.0):
                continue
            scored[model_id] = max(scored.get(model_id, 0.0), matcher.ratio())
    ranked = sorted(scored.items(), key=lambda item: (-item[1], item[0]))
    return tuple(model_id for model_id, _ in ranked[:limit])


def alternatives(rules: RuleSet, item: Assessment, limit: int = 3) -> tuple[str, ...]:
    """Models allowed for every use asked, closest first: the same task, a similar size, the same
    publisher. Empty unless the assessed model is known and denied.

    Candidates are ranked first, by size in groups of the same params_b, and assessed in that
    order until `limit` are allowed, so a large database costs a sort of the nearest sizes, not an
    assessment of every model. The rules index answers "models of this task, by size" without
    restoring them (`by_task`); a plain mapping is scanned."""
    import math

    target = item.model
    if target is None or item.verdict is not Verdict.DENIED:
        return ()
    uses = tuple(u.use for u in item.uses)
    by_task = getattr(rules.models, "by_task", None)
    groups: dict[float | None, list[tuple[str, str]]] = {}  # params_b -> (id, publisher)
    if by_task is not None:
        groups = by_task(target.task or None)
    else:
        for m in rules.models.values():
            if not target.task or m.task == target.task:
                groups.setdefault(m.params_b, []).append((m.id, m.publisher))

    def distance(params_b: float | None) -> float:
        return round(abs(math.log(params_b / target.params_b)), 1) if params_b and target.params_b else 10.0

    memo: Memo = {}
    found: list[str] = []
    for size in sorted({distance(params_b) for params_b in groups}):
        ranked = sorted(
            (publisher != target.publisher, model_id)
            for params_b, members in groups.items()
            if distance(params_b) == size
            for model_id, publisher in members
        )
        for _, model_id in ranked:
            if model_id == target.id:
                continue
            candidate = rules.models[model_id]
            judged = assess_model(rules, candidate, candidate.id, uses, item.context, memo=memo)
            if judged.verdict is Verdict.ALLOWED:
                found.append(model_id)
                if len(found) == limit:
                    return tuple(found)
    return tuple(found)


def with_alternatives(rules: RuleSet, item: Assessment) -> Assessment:
    """The assessment, with allowed alternatives when it is a denial."""
    found = alternatives(rules, item)
    return item._replace(alternatives=found) if found else item
