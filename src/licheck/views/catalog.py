"""`licheck list`: the models of the rules, filtered by what their licenses allow. Pure."""

from __future__ import annotations

from typing import NamedTuple

from licheck.core.engine import Memo, assess_model
from licheck.core.model import Assessment, Context, License, Model, RuleSet, Verdict


class Filters(NamedTuple):
    allows: tuple[str, ...] = ()  # uses that must be allowed (not conditional) in the context
    families: tuple[str, ...] = ()
    publisher: str | None = None  # a substring, case-insensitive
    licenses: tuple[str, ...] = ()
    search: str | None = None  # in id, name or aliases, case-insensitive


class Row(NamedTuple):
    model: Model
    license: License | None
    assessment: Assessment | None  # when uses were asked


def select(rules: RuleSet, filters: Filters, context: Context) -> list[Row]:
    rows = []
    memo: Memo = {}
    needle = filters.search.lower() if filters.search else None
    for model in sorted(rules.models.values(), key=lambda m: m.id):
        period = model.license_on(context.as_of)
        lic = rules.licenses[period.license] if period else None
        if filters.families and (lic is None or str(lic.family) not in filters.families):
            continue
        if filters.licenses and (lic is None or lic.id not in filters.licenses):
            continue
        if filters.publisher and filters.publisher.lower() not in model.publisher.lower():
            continue
        if needle and not any(needle in text.lower() for text in (model.id, model.name, *model.aliases)):
            continue
        judged = None
        if filters.allows:
            judged = assess_model(rules, model, model.id, filters.allows, context, memo=memo)
            if judged.verdict is not Verdict.ALLOWED:
                continue
        rows.append(Row(model, lic, judged))
    return rows
