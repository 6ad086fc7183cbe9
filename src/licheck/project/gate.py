"""`licheck check`: every model of a manifest against every use, through the project's policy and,
above it, the organisation's.

Pure: the manifest, policies, rules, lock and dates come in; a CheckReport goes out. The
organisation policy is a ceiling: a model passes only if it passes both policies, so a manifest
can narrow the organisation's policy but never widen it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import TYPE_CHECKING

from licheck.core.codes import Code, Level
from licheck.core.engine import Memo, assess, assess_by_name, assess_model, name_conflict, refuse_basis
from licheck.core.errors import InputError, Problem
from licheck.core.findings import Finding, named
from licheck.core.ids import name_key
from licheck.core.model import (
    BASES,
    Assessment,
    Context,
    LicensePeriod,
    Location,
    Model,
    Origin,
    RuleSet,
    Source,
    State,
    UseVerdict,
    Verdict,
)
from licheck.core.notice import missing, notices, required
from licheck.evidence.judge import judge as judge_evidence
from licheck.evidence.judge import with_evidence
from licheck.files.textin import shown_path
from licheck.project.lock import drift, text_drift
from licheck.project.manifest import AgreementRef, Manifest, ModelRef, Policy
from licheck.project.policy import (
    apply_agreements,
    apply_exception,
    ceiling,
    name_problems,
    unused_agreements,
    unused_exceptions,
    use_problems,
)
from licheck.project.report import CheckReport

if TYPE_CHECKING:
    from licheck.evidence.types import Chain
    from licheck.project.lock import Lock
    from licheck.scan.found import Reference


# ---------------------------------------------------------------- the project's own models


def own_model(rules: RuleSet, ref: ModelRef) -> Model:
    """A project's own model, from its manifest entry, with its references resolved."""
    assert ref.license is not None
    where = ref.location
    problems = []
    lic = rules.find_license(ref.license)
    if lic is None:
        problems.append(Problem(where.file, where.line, f"{ref.name}: unknown license {ref.license!r}"))
    known = rules.find_model(ref.name)
    if known is not None and not ref.overrides:
        problems.append(
            Problem(
                where.file,
                where.line,
                f"{ref.name}: is the id of a known model ({known.id}); name your model differently, "
                "or say `overrides: true` to replace the known entry (reported as rules-override)",
            )
        )
    bases = []
    for name in ref.base:
        base = rules.find_model(name)
        if base is None:
            problems.append(Problem(where.file, where.line, f"{ref.name}: unknown base model {name!r}"))
        else:
            bases.append(base.id)
    datasets = []
    by_name = {name.lower(): d.id for d in rules.datasets.values() for name in (d.id, *d.aliases)}
    for name in ref.datasets:
        found = by_name.get(name.strip().lower())
        if found is None:
            problems.append(Problem(where.file, where.line, f"{ref.name}: unknown dataset {name!r}"))
        else:
            datasets.append(found)
    if problems or lic is None:
        raise InputError(problems, where.file)
    return Model(
        id=ref.name,
        name=ref.name,
        publisher="(this project)",
        origin=Origin.PROJECT,
        licenses=(LicensePeriod(lic.id, None, None, where),),
        sources=(Source(where.file, note="declared in the manifest"),),
        checked=date.min,
        base=tuple(bases),
        datasets=tuple(datasets),
        location=where,
    )


def _check_uses(rules: RuleSet, manifest: Manifest) -> None:
    import difflib

    def hint(use: str) -> str:
        close = difflib.get_close_matches(use, list(rules.uses), n=1)
        return f" (did you mean {close[0]!r}?)" if close else f" (known: {', '.join(rules.uses)})"

    problems = [
        Problem(manifest.shown, None, f"uses: {use!r} is not a known use{hint(use)}")
        for use in manifest.uses
        if use not in rules.uses
    ]
    for ref in manifest.models:
        for use in ref.uses or ():
            if use not in rules.uses:
                problems.append(
                    Problem(
                        ref.location.file,
                        ref.location.line,
                        f"{ref.name}: {use!r} is not a known use{hint(use)}",
                    )
                )
    if problems:
        raise InputError(problems, manifest.shown)


def assess_all(
    rules: RuleSet, manifest: Manifest, context: Context, artifacts: Mapping[str, Chain] | None = None
) -> list[Assessment]:
    """Every model of the manifest, judged for its uses (no policy yet). A model the rules do not
    list is judged from its evidence, when `artifacts` (read from the cache or the Hub) has some."""
    _check_uses(rules, manifest)
    items = []
    memo: Memo = {}
    problems: list[Problem] = []
    artifacts = artifacts or {}
    layered = None
    for ref in manifest.models:
        uses = ref.uses or manifest.uses
        if ref.license is None:
            item = assess(rules, ref.name, uses, context, ref.location, memo, suggestions=False)
            if ref.name in artifacts:  # evidence for a model the rules do not list, or a BOM's component
                chain = artifacts[ref.name]
                layered = layered or with_evidence(
                    rules, [a for c in artifacts.values() for a in c.artifacts]
                )
                judged = judge_evidence(
                    chain.artifacts[0], layered, uses, context, chain.unreadable
                ).assessment
                if chain.artifacts[0].kind == "lock" and judged.basis is not None:
                    judged = judged._replace(basis="locked")  # facts a lock recorded, not read now
                if judged.basis is not None:
                    item = name_conflict(
                        rules, judged._replace(query=ref.name, location=ref.location, suggestions=())
                    )
            if item.model is None:
                item = assess_by_name(rules, ref.name, uses, context, ref.location, memo) or item
            items.append(item)
            continue
        try:
            own = own_model(rules, ref)
        except InputError as error:
            problems.extend(error.problems)
            continue
        items.append(assess_model(rules, own, ref.name, uses, context, ref.location, memo))
    if problems:
        raise InputError(problems, manifest.shown)
    return items


# ---------------------------------------------------------------- one assessment, one policy


def _finding(
    item: Assessment, code: Code, message: str, use: str | None = None, level: Level | None = None
) -> Finding:
    model_id = item.model.id if item.model else None
    return Finding(code, level or code.level, message, item.query, model_id, use, item.location)


def _why(verdict: UseVerdict) -> str:
    """The clause that decided, named with its license (a base's, when inherited)."""
    reason = verdict.decided or (verdict.reasons[0] if verdict.reasons else None)
    if reason is None:
        return ""
    via = f" (via {' -> '.join(reason.via[1:])})" if len(reason.via) > 1 else ""
    return reason.text + via


def verdict_findings(item: Assessment, policy: Policy) -> list[Finding]:
    """What the verdicts themselves say: denied, unknown and conditional uses, unknown models."""
    unknown = Level.WARNING if policy.allow_unknown else Level.ERROR
    if item.model is None:
        return [_finding(item, Code.MODEL_UNKNOWN, unknown_model_message(item), level=unknown)]
    found = []
    if item.basis == "name":
        found.append(_finding(item, Code.MODEL_BY_NAME, f"{named(item)}: {item.resolution}"))
    for verdict in item.uses:
        name = f"{named(item)}: {verdict.use}"
        if verdict.verdict is Verdict.DENIED:
            failed = [c.detail for c in verdict.conditions if c.state is State.FAILED]
            ask = f"; {verdict.ask}" if verdict.ask else ""
            found.append(
                _finding(
                    item,
                    Code.USE_DENIED,
                    f"{name} is denied: {'; '.join(failed) or _why(verdict)}{ask}",
                    verdict.use,
                )
            )
        elif verdict.verdict is Verdict.UNKNOWN:
            found.append(
                _finding(item, Code.USE_UNKNOWN, f"{name} is unknown: {_why(verdict)}", verdict.use, unknown)
            )
        elif verdict.verdict is Verdict.CONDITIONAL:
            open_ = [c.summary for c in verdict.conditions if c.state in (State.UNSETTLED, State.OWED)]
            detail = ", ".join(dict.fromkeys(open_)) or _why(verdict)
            level = Level.ERROR if policy.fail_on_conditional else Level.WARNING
            found.append(
                _finding(item, Code.USE_CONDITIONAL, f"{name} is conditional: {detail}", verdict.use, level)
            )
    return found


def unknown_model_message(item: Assessment) -> str:
    """No "did you mean" here: a CI report names what was found, not guesses."""
    return (
        f"{item.query} is not in the rules and declares no license licheck can read; declare it as "
        f"a model of your own ({{id: {item.query}, license: LICENSE}}) or add a rule folder"
    )


def conflict_findings(item: Assessment) -> list[Finding]:
    """Where the sources disagree about the model's license: said out loud, in every report."""
    return [
        _finding(item, Code.EVIDENCE_CONFLICT, f"{named(item)}: {c.message} (the stricter reading decided)")
        for c in item.conflicts
    ]


def license_findings(item: Assessment, policy: Policy) -> list[Finding]:
    """What the policy's allow and deny lists say of the licenses in effect and inherited."""
    found = []
    allow_lists = (policy.allow_families, policy.allow_licenses)
    for lic in item.lineage:
        own = (
            "" if item.license is not None and lic.id == item.license.id else " (inherited from a base model)"
        )
        name = named(item)
        if lic.id in policy.deny_licenses or lic.family in policy.deny_families:
            found.append(
                _finding(item, Code.LICENSE_DENIED, f"{name}: the policy denies {lic.id} ({lic.family}){own}")
            )
        allowed = lic.family in (policy.allow_families or ()) or lic.id in (policy.allow_licenses or ())
        if any(a is not None for a in allow_lists) and not allowed:
            found.append(
                _finding(
                    item,
                    Code.LICENSE_NOT_ALLOWED,
                    f"{name}: {lic.id} ({lic.family}) is not on the policy's allow-list{own}",
                )
            )
    return found


def judge(
    item: Assessment, rules: RuleSet, policy: Policy, today: date, agreements: Iterable[AgreementRef] = ()
) -> list[Finding]:
    """The policy's findings on one assessment."""
    found = verdict_findings(item, policy) + conflict_findings(item)
    if item.model is not None:
        found += license_findings(item, policy)
    found = apply_agreements(found, item, agreements, rules, today, policy)
    return apply_exception(found, item, policy, rules, today)


# ---------------------------------------------------------------- the whole manifest


def override_findings(
    rules: RuleSet, items: Iterable[Assessment], policy: Policy, manifest: str
) -> list[Finding]:
    """Every bundled entry a rule folder or a manifest model replaced: named in every report."""
    found = []
    for override in rules.overrides:
        level = Level.NOTE if policy.may_override(override.id) else Level.ERROR
        hint = "" if level is Level.NOTE else "; allow it with the policy's allow-overrides"
        message = f"{override}{hint}"
        found.append(
            Finding(Code.RULES_OVERRIDE, level, message, override.id, override.id, None, override.location)
        )
    for item in items:
        if item.model is not None and item.model.origin is Origin.PROJECT:
            known = rules.find_model(item.query)
            if known is not None:
                level = Level.NOTE if policy.may_override(known.id) else Level.ERROR
                hint = "" if level is Level.NOTE else "; allow it with the policy's allow-overrides"
                message = f"{item.query}: a model of this project replaces the known model {known.id}{hint}"
                found.append(
                    Finding(Code.RULES_OVERRIDE, level, message, item.query, known.id, None, item.location)
                )
    return found


def with_scanned(
    manifest: Manifest, references: Iterable[Reference], rules: RuleSet, prefix: str = ""
) -> tuple[Manifest, list[Finding]]:
    """The manifest with every model found in the code and not declared in it added (at the line
    that uses it), and a model-undeclared finding for each, so the manifest cannot drift silently
    from the code."""
    declared = {_declared_key(ref.name, rules) for ref in manifest.models}
    added: list[ModelRef] = []
    findings: list[Finding] = []
    for ref in references:
        key = _declared_key(ref.id, rules)
        if key in declared:
            continue
        declared.add(key)
        where = Location(prefix + ref.file, ref.line, ref.column)
        added.append(ModelRef(ref.id, where))
        message = (
            f"{ref.id} is used in the code ({prefix}{ref.file}:{ref.line}) but not declared in {manifest.shown}; "
            "add it to the manifest's models"
        )
        findings.append(
            Finding(Code.MODEL_UNDECLARED, Code.MODEL_UNDECLARED.level, message, ref.id, None, None, where)
        )
    return manifest._replace(models=manifest.models + tuple(added)), findings


def duplicate_findings(manifest: Manifest, rules: RuleSet) -> list[Finding]:
    """A model-duplicate warning on each manifest entry that names a model an earlier one named
    (`TIIUAE/Falcon-40B` after `tiiuae/falcon-40b`), at its line, naming the first."""
    first: dict[str, ModelRef] = {}
    found: list[Finding] = []
    for ref in manifest.models:
        key = _declared_key(ref.name, rules)
        earlier = first.setdefault(key, ref)
        if earlier is not ref:
            message = f"{ref.name} names the same model as {earlier.name} ({earlier.location}); list it once"
            found.append(
                Finding(
                    Code.MODEL_DUPLICATE,
                    Code.MODEL_DUPLICATE.level,
                    message,
                    ref.name,
                    None,
                    None,
                    ref.location,
                )
            )
    return found


def _declared_key(name: str, rules: RuleSet) -> str:
    known = rules.find_model(name)
    return known.id if known is not None else name_key(name)


_NOTICE_FORMATS = {".txt": "text", ".html": "html", ".htm": "html"}


def notice_findings(
    rules: RuleSet, items: Iterable[Assessment], manifest: Manifest, text: str | None
) -> list[Finding]:
    """With `notice:` in the manifest: notice-missing when the file is absent, and notice-stale for
    each model whose name, fixed notices or traveling license names the file lacks."""
    if manifest.notice is None:
        return []
    path, line = manifest.notice
    shown = shown_path(path)
    fmt = _NOTICE_FORMATS.get(path.suffix.lower())
    renew = f"`licheck notice{f' --format {fmt}' if fmt else ''} --output {shown}`"
    where = Location(manifest.shown, line)
    if text is None:
        message = (
            f"{shown} does not exist: the manifest names it as the release's notice; write it with {renew}"
        )
        return [Finding(Code.NOTICE_MISSING, Code.NOTICE_MISSING.level, message, shown, None, None, where)]
    items = list(items)
    lacking = missing(required(notices(rules, items)), text)
    found = []
    for item in items:
        mine = [f"{req.what} «{req.text}»" for req in lacking if req.model == item.query]
        if mine:
            uses = ", ".join(v.use for v in item.uses)
            message = f"{shown} lacks what {named(item)} requires for {uses}: {'; '.join(mine)}; renew it with {renew}"
            found.append(_finding(item, Code.NOTICE_STALE, message))
    return found


def run(
    rules: RuleSet,
    manifest: Manifest,
    policy: Policy,
    context: Context,
    today: date,
    lock: Lock | None = None,
    organisation: Policy | None = None,
    artifacts: Mapping[str, Chain] | None = None,
    extra: Iterable[Finding] = (),
    notice: str | None = None,
) -> CheckReport:
    """Check every model of the manifest for its uses; apply the policies, agreements and lock,
    and hold the notice file (`notice`: its text, None when absent) to what the models require.
    `extra` findings (a scan's undeclared models) join the report."""

    problems = name_problems((policy, organisation), manifest.agreements)
    problems += use_problems((policy, organisation), manifest.agreements, rules.uses)
    if problems:
        raise InputError(problems, manifest.shown)
    weakest = min(
        (p.require_basis for p in (policy, organisation) if p is not None), key=BASES.index, default="name"
    )
    items = [refuse_basis(item, weakest) for item in assess_all(rules, manifest, context, artifacts)]
    findings: list[Finding] = []
    for item in items:
        mine = judge(item, rules, policy, today, manifest.agreements)
        if organisation is not None:
            capped = organisation._replace(
                exceptions=organisation.exceptions
                + tuple(e for e in policy.exceptions if e.approved_by or not organisation.require_approval),
                fail_on_conditional=organisation.fail_on_conditional or policy.fail_on_conditional,
            )
            mine = ceiling(mine, judge(item, rules, capped, today, manifest.agreements))
        findings.extend(mine)
    findings.extend(extra)
    findings.extend(duplicate_findings(manifest, rules))
    findings.extend(unused_exceptions(policy, items, rules))
    findings.extend(unused_agreements(manifest.agreements, items, rules))
    # Overrides: the organisation's policy decides when there is one (its ceiling), else the project's.
    findings.extend(override_findings(rules, items, organisation or policy, manifest.shown))
    if lock is not None:
        revisions = {name: chain.artifacts[0].revision for name, chain in (artifacts or {}).items()}
        findings.extend(drift(lock, items, revisions))
        findings.extend(text_drift(lock, items, artifacts or {}))
    findings.extend(notice_findings(rules, items, manifest, notice))
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
