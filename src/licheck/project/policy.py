"""What a policy does to a model's findings: agreements the team holds turn a denial into a
note, exceptions (approved where the policy requires it, until they expire) let a failing model
pass, and an organisation's policy is a ceiling a project's can only narrow."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from licheck.core.codes import Code, Level
from licheck.core.errors import Problem
from licheck.core.findings import Finding, Suppression, SuppressionKind, named
from licheck.core.ids import BadName, model_id, name_key
from licheck.core.model import Assessment, RuleSet
from licheck.project.manifest import AgreementRef, Policy, PolicyException

# Findings an exception can turn into notes; drift (lock) and override findings never are.
EXCEPTABLE = {
    Code.USE_DENIED,
    Code.USE_UNKNOWN,
    Code.USE_CONDITIONAL,
    Code.MODEL_UNKNOWN,
    Code.LICENSE_DENIED,
    Code.LICENSE_NOT_ALLOWED,
}


def _matches(name: str, item: Assessment, rules: RuleSet) -> bool:
    wanted = rules.find_model(name)
    if wanted is not None and item.model is not None:
        return wanted.id == item.model.id
    return name_key(name) == name_key(item.query)


def _agreement_covers(agreement: AgreementRef, item: Assessment, rules: RuleSet) -> bool:
    if agreement.model and _matches(agreement.model, item, rules):
        return True
    lic = rules.find_license(agreement.license) if agreement.license else None
    return lic is not None and lic.id in {known.id for known in item.lineage}


def _agreement_finding(code: Code, message: str, item: Assessment, agreement: AgreementRef) -> Finding:
    model_id = item.model.id if item.model else None
    return Finding(code, code.level, message, item.query, model_id, None, agreement.location)


def name_problems(policies: Iterable[Policy | None], agreements: Iterable[AgreementRef]) -> list[Problem]:
    """Exceptions and agreements that name a model by a name that cannot be one (mixed scripts):
    refused as such a name is everywhere, rather than left to match nothing."""
    named_at = [
        *((e.model, e.location) for policy in policies if policy is not None for e in policy.exceptions),
        *((a.model, a.location) for a in agreements if a.model is not None),
    ]
    problems = []
    for name, where in named_at:
        try:
            model_id(name)
        except BadName as error:
            problems.append(Problem(where.file, where.line, f"model {error}"))
    return problems


def use_problems(
    policies: Iterable[Policy | None], agreements: Iterable[AgreementRef], known: Iterable[str]
) -> list[Problem]:
    """Exceptions and agreements limited to a use that is not one (`uses: [comercial]`): refused,
    rather than left to grant nothing while the team believes it grants that use."""
    known = set(known)
    limited = [
        *((e.uses, e.location) for policy in policies if policy is not None for e in policy.exceptions),
        *((a.uses, a.location) for a in agreements),
    ]
    return [
        Problem(
            where.file, where.line, f"uses: {use!r} is not a known use (known: {', '.join(sorted(known))})"
        )
        for uses, where in limited
        for use in sorted(uses or ())
        if use not in known
    ]


def refusal(policy: Policy, agreement: AgreementRef) -> str | None:
    """Why a policy does not count an agreement (None: it counts): as with exceptions, one without
    approved-by does not count where the policy requires approval; and where the policy lists the
    agreements it accepts (allow-agreements), one it does not list does not count."""
    if policy.require_approval and not agreement.approved_by:
        return "the policy requires approved-by"
    accepted = policy.allow_agreements
    if accepted is True:
        return None
    if accepted is False:
        return "the policy accepts no agreement (allow-agreements: false)"
    party, reference = agreement.counterparty.strip().lower(), agreement.reference.strip().lower()
    if (party, reference) in accepted or (party, "") in accepted:
        return None
    return f"{agreement.counterparty} ({agreement.reference}) is not on the policy's allow-agreements"


def apply_agreements(
    found: list[Finding],
    item: Assessment,
    agreements: Iterable[AgreementRef],
    rules: RuleSet,
    today: date,
    policy: Policy | None = None,
) -> list[Finding]:
    """An agreement the team holds grants a use the license does not: its denial becomes a note,
    if the policy counts the agreement (`refusal`)."""
    out = list(found)
    for agreement in agreements:
        if not _agreement_covers(agreement, item, rules):
            continue
        covered = [
            f
            for f in out
            if f.code in (Code.USE_DENIED, Code.USE_CONDITIONAL)
            and f.level is not Level.NOTE
            and (agreement.uses is None or f.use in agreement.uses)
        ]
        why = refusal(policy, agreement) if policy is not None else None
        if covered and why is not None:
            message = f"{named(item)}: the agreement with {agreement.counterparty} ({agreement.reference}) is not counted: {why}"
            out.append(_agreement_finding(Code.AGREEMENT_NOT_COUNTED, message, item, agreement))
        elif covered:
            out = _apply_agreement(out, covered, item, agreement, today)
    return out


def _apply_agreement(
    out: list[Finding], covered: list[Finding], item: Assessment, agreement: AgreementRef, today: date
) -> list[Finding]:
    with_whom = f"with {agreement.counterparty} ({agreement.reference})"
    if agreement.expires is not None and agreement.expires < today:
        expired = f"{named(item)}: the agreement {with_whom} expired on {agreement.expires.isoformat()}"
        return [*out, _agreement_finding(Code.AGREEMENT_EXPIRED, expired, item, agreement)]
    why = f"agreement {with_whom}"
    out = [
        f._replace(level=Level.NOTE, suppressed_by=Suppression(SuppressionKind.AGREEMENT, why))
        if f in covered
        else f
        for f in out
    ]
    until = f", until {agreement.expires.isoformat()}" if agreement.expires else ""
    uses = ", ".join(sorted({f.use for f in covered if f.use}))
    message = f"{named(item)}: {uses} granted by an agreement {with_whom}{until}"
    return [*out, _agreement_finding(Code.AGREEMENT_APPLIED, message, item, agreement)]


def apply_exception(
    found: list[Finding], item: Assessment, policy: Policy, rules: RuleSet, today: date
) -> list[Finding]:
    """A policy exception turns the model's failures into notes, until it expires."""
    exception = next((e for e in policy.exceptions if _matches(e.model, item, rules)), None)
    if exception is None or not any(f.level is not Level.NOTE for f in found):
        return found
    covered = [
        f
        for f in found
        if f.code in EXCEPTABLE and (exception.uses is None or f.use is None or f.use in exception.uses)
    ]
    if not covered:
        return found
    approved = f", approved by {exception.approved_by}" if exception.approved_by else ""
    if policy.require_approval and not exception.approved_by:
        message = f"{named(item)}: the exception ({exception.reason}) is not counted: the policy requires approved-by"
        return [*found, _exception_finding(Code.EXCEPTION_EXPIRED, message, item, exception)]
    if exception.expires is not None and exception.expires < today:
        message = f"{named(item)}: the exception ({exception.reason}{approved}) expired on {exception.expires.isoformat()}"
        return [*found, _exception_finding(Code.EXCEPTION_EXPIRED, message, item, exception)]
    until = f", until {exception.expires.isoformat()}" if exception.expires else ""
    out = [
        f._replace(level=Level.NOTE, suppressed_by=Suppression(SuppressionKind.EXCEPTION, exception.reason))
        if f in covered
        else f
        for f in found
    ]
    message = f"{named(item)}: allowed by exception: {exception.reason}{approved}{until}"
    return [*out, _exception_finding(Code.EXCEPTION_APPLIED, message, item, exception)]


def _exception_finding(code: Code, message: str, item: Assessment, exception: PolicyException) -> Finding:
    model_id = item.model.id if item.model else None
    return Finding(code, code.level, message, item.query, model_id, None, exception.location)


_RANK = {Level.ERROR: 2, Level.WARNING: 1, Level.NOTE: 0}


def ceiling(project: list[Finding], organisation: list[Finding]) -> list[Finding]:
    """Both policies' findings on one model: for the same code and use, the stricter one."""
    merged: dict[tuple[str, str | None, str], Finding] = {}
    for finding in [*project, *organisation]:
        key = (finding.code, finding.use, finding.message)
        seen = merged.get(key)
        if seen is None or _RANK[finding.level] > _RANK[seen.level]:
            merged[key] = finding
    failing = {(f.code, f.use) for f in merged.values() if f.level is Level.ERROR}
    refused = {f.location for f in merged.values() if f.code is Code.AGREEMENT_NOT_COUNTED}
    return [
        f
        for f in merged.values()
        if not (f.code is Code.EXCEPTION_APPLIED and any(code in EXCEPTABLE for code, _ in failing))
        and not (f.code is Code.AGREEMENT_APPLIED and f.location in refused)
    ]


def unused_exceptions(policy: Policy, items: Iterable[Assessment], rules: RuleSet) -> list[Finding]:
    items = list(items)
    return [
        Finding(
            Code.EXCEPTION_UNUSED,
            Code.EXCEPTION_UNUSED.level,
            f"the exception for {exception.model} matches no model in the manifest",
            exception.model,
            None,
            None,
            exception.location,
        )
        for exception in policy.exceptions
        if not any(_matches(exception.model, item, rules) for item in items)
    ]


def unused_agreements(
    agreements: Iterable[AgreementRef], items: Iterable[Assessment], rules: RuleSet
) -> list[Finding]:
    """Agreements that cover no model of the manifest (a misspelt license, another model)."""
    items = list(items)
    return [
        Finding(
            Code.EXCEPTION_UNUSED,
            Code.EXCEPTION_UNUSED.level,
            f"the agreement with {agreement.counterparty} ({agreement.reference}) for "
            f"{agreement.model or agreement.license} matches no model in the manifest",
            agreement.model or agreement.license or agreement.counterparty,
            None,
            None,
            agreement.location,
        )
        for agreement in agreements
        if not any(_agreement_covers(agreement, item, rules) for item in items)
    ]
