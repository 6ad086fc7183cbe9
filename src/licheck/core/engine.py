"""The evaluation engine: pure functions from (rules, model, uses, context) to an Assessment.

No I/O, no clock, no printing: everything it needs comes in as arguments.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator

from licheck.core.conditions import obligation_status, settle
from licheck.core.model import (
    BASES,
    NON_COMMERCIAL_FAMILIES,
    Assessment,
    Conflict,
    Context,
    License,
    LicensePeriod,
    Location,
    Model,
    Obligation,
    Reason,
    RuleSet,
    Source,
    State,
    UseVerdict,
    Verdict,
)
from licheck.core.names import by_conversion, by_ollama


def judge_use(
    rules: RuleSet, model: Model, use: str, context: Context, via: tuple[str, ...] = ()
) -> UseVerdict:
    """The verdict for one use of one model, taking in its lineage and training data.

    The verdict is the worst of the model's own license and what its bases impose; `decided`
    names the rule that set it (a base's, when the base's terms are the stricter).
    """
    period = model.license_on(context.as_of)
    path = (*via, model.id)
    if period is None:
        first = model.licenses[0].start
        reason = Reason(
            f"{model.id}: no license on record on {context.as_of.isoformat()}"
            + (f" (the first one starts {first.isoformat()})" if first else ""),
            location=model.location,
            via=path,
        )
        return UseVerdict(use, Verdict.UNKNOWN, (reason,), decided=reason)
    own = _judge_license(rules, rules.licenses[period.license], use, context, path)
    parts = [own]
    reasons, outcomes = own.reasons, own.conditions
    for step, sub in _inherited(rules, model, use, context, path):
        parts.append(sub)
        reasons += _once(reasons, step, sub.reasons)
        outcomes += tuple(outcome for outcome in dict.fromkeys(sub.conditions) if outcome not in outcomes)
    worst = max(parts, key=lambda part: part.verdict)  # the first of equals: the model's own
    verdict = worst.verdict
    data = _training_data(rules, model, use, path) if verdict < Verdict.CONDITIONAL else None
    if data is not None:
        return UseVerdict(use, Verdict.CONDITIONAL, (*reasons, data), outcomes, decided=data)
    return UseVerdict(use, verdict, reasons, outcomes, decided=worst.decided, ask=worst.ask)


def _once(shown: tuple[Reason, ...], step: Reason, below: tuple[Reason, ...]) -> tuple[Reason, ...]:
    """A lineage step and the base's reasons that are not said already: a base under the same terms
    as the model (Vicuna on Llama 2) repeats its reasons word for word, so its step says so instead
    of saying them twice."""
    said = {(r.text, r.note, r.location) for r in shown if r.base is None}
    fresh = tuple(r for r in below if r.base is not None or (r.text, r.note, r.location) not in said)
    if len(fresh) < len(below) and not any(r.base is None for r in fresh):
        terms = f"the same {step.license} terms as above" if step.license else "as above"
        step = step._replace(text=f"{step.text} ({terms})")
    return (step, *fresh)


def _training_data(rules: RuleSet, model: Model, use: str, path: tuple[str, ...]) -> Reason | None:
    """A commercial use of a model trained on data under non-commercial terms: not settled."""
    if use not in rules.uses or not rules.uses[use].commercial:
        return None
    for dataset_id in model.datasets:
        dataset = rules.datasets[dataset_id]
        data_license = rules.licenses[dataset.license]
        if data_license.family in NON_COMMERCIAL_FAMILIES:
            return Reason(
                f"trained on {dataset.id}, licensed {data_license.id} ({data_license.family}): "
                f"whether those terms reach the model is not settled",
                license=data_license.id,
                location=dataset.location,
                via=path,
            )
    return None


def _inherited(
    rules: RuleSet, model: Model, use: str, context: Context, path: tuple[str, ...]
) -> list[tuple[Reason, UseVerdict]]:
    """What the model's bases impose on it, as (lineage step, verdict) pairs: the full verdict of
    each base whose license binds derivatives, and, through a base whose license does not, what
    that base itself inherits (a fine-tune of a fine-tune of Llama is still bound by Llama)."""
    found: list[tuple[Reason, UseVerdict]] = []
    for base_id in model.base:
        base = rules.models[base_id]
        period = base.license_on(context.as_of)
        if period is None:
            continue
        lic = rules.licenses[period.license]
        if lic.inherit:
            step = f"built on {base.id}, whose license {lic.id} binds derivatives"
            found.append((_step(step, lic, model, path, base), judge_use(rules, base, use, context, path)))
            continue
        inner = _inherited(rules, base, use, context, (*path, base.id))
        if not inner:
            continue
        step = (
            f"built on {base.id}, whose license {lic.id} does not bind derivatives but which is bound in turn"
        )
        worst = max((sub for _, sub in inner), key=lambda sub: sub.verdict)
        combined = UseVerdict(
            use,
            worst.verdict,
            tuple(reason for inner_step, sub in inner for reason in (inner_step, *sub.reasons)),
            tuple(outcome for _, sub in inner for outcome in sub.conditions),
            decided=worst.decided,
            ask=worst.ask,
        )
        found.append((_step(step, lic, model, path, base), combined))
    return found


def _step(text: str, lic: License, model: Model, path: tuple[str, ...], base: Model) -> Reason:
    return Reason(text, license=lic.id, location=model.location, via=path, base=base.id)


def _judge_license(
    rules: RuleSet, lic: License, use: str, context: Context, path: tuple[str, ...]
) -> UseVerdict:
    rule = lic.uses.get(use)
    if rule is None:
        reason = Reason(
            f"{lic.id} has no rule for {use!r}: licheck will not guess",
            license=lic.id,
            location=lic.location,
            via=path,
        )
        return UseVerdict(use, Verdict.UNKNOWN, (reason,), decided=reason)
    granted = (
        "allowed if its conditions hold" if rule.decision is Verdict.CONDITIONAL else rule.decision.label
    )
    base = Reason(
        f"{lic.id} {rule.clause}: {use} is {granted}",
        license=lic.id,
        clause=rule.clause,
        location=rule.location,
        via=path,
        note=rule.note,
    )
    if rule.decision is not Verdict.CONDITIONAL:
        ask = rule.ask if rule.decision is Verdict.DENIED else None
        return UseVerdict(use, rule.decision, (base,), decided=base, ask=ask)
    settled = [settle(c, context, rules, lic.id) for c in rule.conditions]
    outcomes = tuple(outcome for outcome, _ in settled)
    failed = [v for outcome, v in settled if outcome.state is State.FAILED]
    if failed:
        verdict = max(failed)
    elif any(outcome.state in (State.UNSETTLED, State.OWED) for outcome in outcomes):
        verdict = Verdict.CONDITIONAL
    else:
        verdict = Verdict.ALLOWED
    details = tuple(
        Reason(o.detail, license=lic.id, clause=o.clause, location=rule.location, via=path) for o in outcomes
    )
    decided = next((d for d, o in zip(details, outcomes, strict=True) if o.state is State.FAILED), base)
    return UseVerdict(use, verdict, (base, *details), outcomes, decided=decided)


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
    suggestions: bool = True,
) -> Assessment:
    """Judge a model reference for every use; the overall verdict is the worst of them. An
    unknown name gets close known names, unless `suggestions` is off (CI reports show none)."""
    model = rules.find_model(query)
    if model is None:
        via = by_ollama(rules, query)
        if via is not None and via.model is not None:
            judged = assess_model(rules, via.model, query, uses, context, where, memo)
            return judged._replace(basis=via.basis, resolution=via.how)
        why = via.how if via is not None else f"{query!r} is not in the rules"
        return unknown(query, uses, context, f"{why}: licheck will not guess", where)._replace(
            suggestions=suggest(rules, query) if suggestions and via is None else ()
        )
    return assess_model(rules, model, query, uses, context, where, memo)


def unknown(
    query: str, uses: tuple[str, ...], context: Context, why: str, where: Location | None = None
) -> Assessment:
    """An unknown answer, with why for every use."""
    reason = Reason(why)
    return Assessment(
        query,
        Verdict.UNKNOWN,
        tuple(UseVerdict(use, Verdict.UNKNOWN, (reason,)) for use in uses),
        context,
        location=where,
    )


def assess_by_name(
    rules: RuleSet,
    query: str,
    uses: tuple[str, ...],
    context: Context,
    where: Location | None = None,
    memo: Memo | None = None,
) -> Assessment | None:
    """A repository of a publisher that converts models, judged under the terms of the model its
    name names (basis `name`, said with how to confirm it); None when the name names none. Callers
    try it last: a reviewed entry and the model's own evidence come first."""
    via = by_conversion(rules, query)
    if via is None:
        return None
    if via.model is None:
        return unknown(query, uses, context, f"{via.how}: licheck will not guess", where)
    judged = assess_model(rules, via.model, query, uses, context, where, memo)
    return judged._replace(basis=via.basis, resolution=via.how)


def name_conflict(rules: RuleSet, item: Assessment) -> Assessment:
    """A verdict from the model's own files, checked against what its name says: when a converting
    publisher's name names a model the declaration does not build on, the declaration decides (it
    is the stronger basis) and the disagreement is reported."""
    if item.basis != "declared" or item.model is None:
        return item
    via = by_conversion(rules, item.query)
    if via is None or via.model is None or via.model.id in (item.model.id, *item.model.base):
        return item
    declared = ", ".join(item.model.base) or "none"
    conflict = Conflict(
        "name-base",
        f"its name names {via.model.id}, but its own files declare the base {declared}; the declaration decides",
        (("name", via.model.id), ("declared", f"base {declared}")),
    )
    return item._replace(conflicts=(*item.conflicts, conflict))


def refuse_basis(item: Assessment, weakest: str) -> Assessment:
    """The assessment, or unknown when it rests on a basis weaker than `weakest` accepts
    (`--strict` and a policy's require-basis refuse a verdict by name only)."""
    if item.basis is None or BASES.index(item.basis) <= BASES.index(weakest):
        return item
    why = f"{item.resolution or 'judged on a ' + item.basis + ' basis'}; a {item.basis} basis is refused here (accepted: {', '.join(BASES[: BASES.index(weakest) + 1])})"
    return unknown(item.query, tuple(u.use for u in item.uses), item.context, why, item.location)


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
    obligations = tuple(
        o._replace(status=obligation_status(o, context)) if o.applies_above else o
        for o in _dedupe(o for lic_ in lineage for o in lic_.obligations if o.applies_to(uses))
    )
    sources: list[Source] = []
    if period is not None and period.source is not None:
        sources.append(period.source)
    for lic_ in lineage:
        sources.extend(lic_.sources)
    sources.extend(model.sources)
    conflicts: tuple[Conflict, ...] = ()
    card = rules.find_license(model.card_license) if model.card_license else None
    if card is not None and lic is not None and card.id != lic.id:
        # A known disagreement: the card says one license, the primary source another. The
        # verdict follows the stricter reading, and the conflict is said.
        as_card = model._replace(
            licenses=(LicensePeriod(card.id, None, None, model.location),), card_license=None
        )
        verdicts = [
            max(own, judge_use(rules, as_card, use, context), key=lambda v: v.verdict)
            for own, use in zip(verdicts, uses, strict=True)
        ]
        conflicts = (
            Conflict(
                "card-license",
                f"its card declares {card.id}, while the rules (from the publisher's own source) say {lic.id}",
                (("card", f"license {card.id}"), ("rules", f"license {lic.id}")),
            ),
        )
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
        conflicts=conflicts,
    )


def _dedupe(obligations: Iterable[Obligation]) -> tuple[Obligation, ...]:
    seen: dict[tuple[str, str], Obligation] = {}
    for obligation in obligations:
        seen.setdefault((obligation.license, obligation.id), obligation)
    return tuple(seen.values())


def suggest(rules: RuleSet, query: str, limit: int = 3, cutoff: float = 0.75) -> tuple[str, ...]:
    """Known model ids close to an unknown name: only close ones (`gpt-5` suggests nothing),
    found through the names that share a trigram with it, not by comparing every name."""
    import difflib

    wanted = query.strip().lower()
    if not 2 < len(wanted) <= 200:  # no model name is this long; comparing it would only cost time
        return ()
    tail = wanted.rsplit("/", 1)[-1]
    if len(tail) < 8:  # in a short name one letter is a different model (gpt-5, gpt-j)
        cutoff = max(cutoff, 0.85)
    grams = {tail[i : i + 3] for i in range(len(tail) - 2)}
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(tail)
    scored: dict[str, float] = {}
    for name, model_id in rules.names.items():
        short = name.rsplit("/", 1)[-1]
        if not any(gram in short for gram in grams):
            continue
        matcher.set_seq1(short)
        if matcher.real_quick_ratio() < cutoff or matcher.quick_ratio() < cutoff:
            continue
        score = matcher.ratio()
        if score >= cutoff and score > scored.get(model_id, 0.0):
            scored[model_id] = score
    ranked = sorted(scored.items(), key=lambda item: (-item[1], item[0]))
    return tuple(model_id for model_id, _ in ranked[:limit])


# Tasks of the same kind of model, tried after the model's own task when it gives too few.
RELATED_TASKS: dict[str, tuple[str, ...]] = {
    "text-generation": ("code-generation", "text2text-generation", "image-text", "any-to-any"),
    "code-generation": ("text-generation",),
    "text2text-generation": ("text-generation",),
    "image-text": ("any-to-any", "text-generation"),
    "embedding": ("sentence-similarity", "feature-extraction"),
    "sentence-similarity": ("embedding", "feature-extraction"),
    "feature-extraction": ("embedding", "sentence-similarity"),
    "text-to-speech": ("text-to-audio",),
    "text-to-audio": ("text-to-speech",),
    "text-to-image": ("image-to-image",),
    "image-to-image": ("text-to-image",),
}


def alternatives(rules: RuleSet, item: Assessment, limit: int = 3) -> tuple[str, ...]:
    """Models allowed for every use asked, most relevant first: the same task (a model's own, or
    else its nearest base's: a merge or a model judged from its card), then tasks of the same kind
    (RELATED_TASKS); within a task, the nearest size first, then the same publisher. Empty unless
    the assessed model is known and denied, and when no task is known (nothing like it can be said).

    Candidates are ranked first, by size in groups of the same params_b, and assessed in that
    order until `limit` are allowed, so a large database costs a sort of the nearest sizes, not an
    assessment of every model. The rules index answers "models of this task, by size" without
    restoring them (`by_task`); a plain mapping is scanned."""

    target = item.model
    if target is None or item.verdict is not Verdict.DENIED:
        return ()
    task, params = _likeness(rules, target)
    if task is None:
        return ()
    uses = tuple(u.use for u in item.uses)
    memo: Memo = {}
    found: list[str] = []
    for each in (task, *RELATED_TASKS.get(task, ())):
        for model_id in _ranked(rules, each, params, target.publisher):
            if model_id == target.id or model_id in found or model_id not in rules.models:
                continue
            candidate = rules.models[model_id]
            judged = assess_model(rules, candidate, candidate.id, uses, item.context, memo=memo)
            if judged.verdict is Verdict.ALLOWED:
                found.append(model_id)
                if len(found) == limit:
                    return tuple(found)
    return tuple(found)


def _likeness(rules: RuleSet, model: Model) -> tuple[str | None, float | None]:
    """The task and size a model's alternatives should share: its own, else its nearest base's."""
    task, params = model.task, model.params_b
    todo, seen = list(model.base), set()
    while todo and (task is None or params is None):
        base_id = todo.pop(0)
        if base_id in seen or base_id not in rules.models:
            continue
        seen.add(base_id)
        base = rules.models[base_id]
        task, params = task or base.task, params or base.params_b
        todo.extend(base.base)
    return task, params


def _ranked(rules: RuleSet, task: str, params: float | None, publisher: str) -> Iterator[str]:
    """The models of one task, the nearest size first, then the same publisher, then by id."""
    by_task = getattr(rules.models, "by_task", None)
    groups: dict[float | None, list[tuple[str, str]]] = {}  # params_b -> (id, publisher)
    if by_task is not None:
        groups = by_task(task)
    else:
        for m in rules.models.values():
            if m.task == task:
                groups.setdefault(m.params_b, []).append((m.id, m.publisher))

    def distance(params_b: float | None) -> float:
        return round(abs(math.log(params_b / params)), 1) if params_b and params else 10.0

    for size in sorted({distance(params_b) for params_b in groups}):
        yield from (
            model_id
            for _, model_id in sorted(
                (member_publisher != publisher, model_id)
                for params_b, members in groups.items()
                if distance(params_b) == size
                for model_id, member_publisher in members
            )
        )


def with_alternatives(rules: RuleSet, item: Assessment) -> Assessment:
    """The assessment, with allowed alternatives when it is a denial."""
    found = alternatives(rules, item)
    return item._replace(alternatives=found) if found else item
