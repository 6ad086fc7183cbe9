"""`licheck check`: every model of a manifest against every use, through an organisation's policy.

Pure: the manifest, policy, rules, lock and dates come in; a CheckReport goes out.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from licheck.engine import Memo, assess, assess_model
from licheck.errors import InputError, Problem
from licheck.findings import CheckReport, Finding, Level
from licheck.manifest import Manifest, ModelRef, Policy, PolicyException
from licheck.model import Assessment, Context, LicensePeriod, Model, RuleSet, Source, Verdict

# Findings an exception can turn into notes; drift (lock) findings are never excepted.
EXCEPTABLE = {
    "use-denied",
    "use-unknown",
    "use-conditional",
    "model-unknown",
    "license-denied",
    "license-not-allowed",
}


def own_model(rules: RuleSet, ref: ModelRef) -> Model:
    """A project's own model, from its manifest entry, with its references resolved."""
    assert ref.license is not None
    problems = []
    lic = rules.find_license(ref.license)
    if lic is None:
        problems.append(
            Problem(ref.location.file, ref.location.line, f"{ref.name}: unknown license {ref.license!r}")
        )
    bases = []
    for name in ref.base:
        base = rules.find_model(name)
        if base is None:
            problems.append(
                Problem(ref.location.file, ref.location.line, f"{ref.name}: unknown base model {name!r}")
            )
        else:
            bases.append(base.id)
    datasets = []
    for name in ref.datasets:
        found = rules.datasets.get(name.lower())
        if found is None:
            problems.append(
                Problem(ref.location.file, ref.location.line, f"{ref.name}: unknown dataset {name!r}")
            )
        else:
            datasets.append(found.id)
    if problems or lic is None:
        raise InputError(problems, ref.location.file)
    return Model(
        id=ref.name,
        name=ref.name,
        publisher="(this project)",
        licenses=(LicensePeriod(lic.id, None, None, ref.location),),
        sources=(Source(ref.location.file, note="declared in the manifest"),),
        checked=date.min,
        base=tuple(bases),
        datasets=tuple(datasets),
        location=ref.location,
    )


def _check_uses(rules: RuleSet, manifest: Manifest) -> None:
    problems = []
    for use in manifest.uses:
        if use not in rules.uses:
            problems.append(
                Problem(manifest.shown, None, f"uses: {use!r} is not a known use ({', '.join(rules.uses)})")
            )
    for ref in manifest.models:
        for use in ref.uses or ():
            if use not in rules.uses:
                problems.append(
                    Problem(ref.location.file, ref.location.line, f"{ref.name}: {use!r} is not a known use")
                )
    if problems:
        raise InputError(problems, manifest.shown)


def _matches(exception: PolicyException, item: Assessment, rules: RuleSet) -> bool:
    wanted = rules.find_model(exception.model)
    if wanted is not None and item.model is not None:
        return wanted.id == item.model.id
    return exception.model.strip().lower() == item.query.strip().lower()


def judge(item: Assessment, rules: RuleSet, policy: Policy, today: date) -> list[Finding]:
    """The policy's findings on one assessment."""
    name, model_id, where = item.query, item.model.id if item.model else None, item.location
    raw: list[Finding] = []

    def add(code: str, level: Level, message: str, use: str | None = None) -> None:
        raw.append(Finding(code, level, message, name, model_id, use, where))

    unknown_level = Level.WARNING if policy.allow_unknown else Level.ERROR
    if item.model is None:
        hint = f" (did you mean {', '.join(item.suggestions)}?)" if item.suggestions else ""
        add("model-unknown", unknown_level, f"{name} is not in the rules{hint}")
    else:
        for verdict in item.uses:
            why = verdict.reasons[0].text if verdict.reasons else ""
            if verdict.verdict is Verdict.DENIED:
                failed = [c.detail for c in verdict.conditions if c.state == "failed"]
                add(
                    "use-denied",
                    Level.ERROR,
                    f"{model_id}: {verdict.use} is denied: {'; '.join(failed) or why}",
                    verdict.use,
                )
            elif verdict.verdict is Verdict.UNKNOWN:
                add("use-unknown", unknown_level, f"{model_id}: {verdict.use} is unknown: {why}", verdict.use)
            elif verdict.verdict is Verdict.CONDITIONAL:
                open_ = [c.summary for c in verdict.conditions if c.state in ("unsettled", "owed")]
                detail = ", ".join(dict.fromkeys(open_)) or why
                level = Level.ERROR if policy.fail_on_conditional else Level.WARNING
                add(
                    "use-conditional",
                    level,
                    f"{model_id}: {verdict.use} is conditional: {detail}",
                    verdict.use,
                )
        for lic in item.lineage:
            own = (
                ""
                if item.license is not None and lic.id == item.license.id
                else " (inherited from a base model)"
            )
            if lic.id in policy.deny_licenses or lic.family in policy.deny_families:
                add(
                    "license-denied",
                    Level.ERROR,
                    f"{model_id}: the policy denies {lic.id} ({lic.family}){own}",
                )
            allow_lists = (policy.allow_families, policy.allow_licenses)
            if any(a is not None for a in allow_lists) and not (
                lic.family in (policy.allow_families or ()) or lic.id in (policy.allow_licenses or ())
            ):
                add(
                    "license-not-allowed",
                    Level.ERROR,
                    f"{model_id}: {lic.id} ({lic.family}) is not on the policy's allow-list{own}",
                )

    exception = next((e for e in policy.exceptions if _matches(e, item, rules)), None)
    if exception is None or not any(f.level is not Level.NOTE for f in raw):
        return raw
    covered = [
        f
        for f in raw
        if f.code in EXCEPTABLE and (exception.uses is None or f.use is None or f.use in exception.uses)
    ]
    if not covered:
        return raw
    approved = f", approved by {exception.approved_by}" if exception.approved_by else ""
    if exception.expires is not None and exception.expires < today:
        raw.append(
            Finding(
                "exception-expired",
                Level.ERROR,
                f"{name}: the exception ({exception.reason}{approved}) expired on "
                f"{exception.expires.isoformat()}",
                name,
                model_id,
                None,
                exception.location,
            )
        )
        return raw
    until = f", until {exception.expires.isoformat()}" if exception.expires else ""
    out = [
        f._replace(level=Level.NOTE, message=f"{f.message} [excepted]") if f in covered else f for f in raw
    ]
    out.append(
        Finding(
            "exception-applied",
            Level.NOTE,
            f"{name}: allowed by exception: {exception.reason}{approved}{until}",
            name,
            model_id,
            None,
            exception.location,
        )
    )
    return out


def unused_exceptions(policy: Policy, items: Iterable[Assessment], rules: RuleSet) -> list[Finding]:
    found = []
    items = list(items)
    for exception in policy.exceptions:
        if not any(_matches(exception, item, rules) for item in items):
            found.append(
                Finding(
                    "exception-unused",
                    Level.WARNING,
                    f"the exception for {exception.model} matches no model in the manifest",
                    exception.model,
                    None,
                    None,
                    exception.location,
                )
            )
    return found


def assess_all(rules: RuleSet, manifest: Manifest, context: Context) -> list[Assessment]:
    """Every model of the manifest, judged for its uses (no policy yet)."""
    _check_uses(rules, manifest)
    items = []
    memo: Memo = {}
    for ref in manifest.models:
        uses = ref.uses or manifest.uses
        if ref.license is not None:
            items.append(
                assess_model(rules, own_model(rules, ref), ref.name, uses, context, ref.location, memo)
            )
        else:
            items.append(assess(rules, ref.name, uses, context, ref.location, memo))
    return items


def run(
    rules: RuleSet,
    manifest: Manifest,
    policy: Policy,
    context: Context,
    today: date,
    lock: dict[str, Any] | None = None,
) -> CheckReport:
    """Check every model of the manifest for its uses, and apply the policy and the lock."""
    from licheck.lock import drift

    items = assess_all(rules, manifest, context)
    findings = [finding for item in items for finding in judge(item, rules, policy, today)]
    findings.extend(unused_exceptions(policy, items, rules))
    if lock is not None:
        findings.extend(drift(lock, items))
    findings.sort(
        key=lambda f: (
            f.location.file if f.location else "",
            f.location.line or 0 if f.location else 0,
            f.model,
            f.use or "",
            f.code,
        )
    )
    return CheckReport(manifest.shown, manifest.uses, context, tuple(items), tuple(findings))
