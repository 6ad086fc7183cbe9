"""CycloneDX 1.6 ML-BOM: one machine-learning-model component per model, with its license, base models and
where the code names it.

Built with cyclonedx-python-lib (the `sbom` extra), imported only when a BOM is rendered: it costs
hundreds of milliseconds to import. The output carries no timestamp, and its serial number is derived
from its content: the same input gives the same bytes.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from licheck import __version__
from licheck.core.model import Assessment, License, Model, RuleSet
from licheck.scan.found import Reference

if TYPE_CHECKING:
    from cyclonedx.model.component import Component
    from cyclonedx.model.license import License as CdxLicense

    from licheck.project.report import CheckReport

_NAMESPACE = uuid.UUID("6b1c3a5e-8f0e-4d7e-9a51-3c1f0b7e2a90")


def _key(name: str) -> str:
    return name.strip().lower()


def _names(item: Assessment) -> set[str]:
    names = {_key(item.query)}
    if item.model is not None:
        names.update(_key(n) for n in (item.model.id, *item.model.aliases))
    return names


def _licenses(lic: License | None) -> list[CdxLicense]:
    from cyclonedx.model.license import DisjunctiveLicense, LicenseExpression
    from cyclonedx.spdx import fixup_id, is_expression

    if lic is None:
        return []
    if lic.spdx:
        spdx = fixup_id(lic.spdx)
        if spdx is not None:
            return [DisjunctiveLicense(id=spdx)]
        if is_expression(lic.spdx):
            return [LicenseExpression(lic.spdx)]
    return [DisjunctiveLicense(name=lic.name, url=_url(lic.url))]


def _url(text: str) -> Any:
    from cyclonedx.model import XsUri

    return XsUri(text) if text.startswith(("http://", "https://")) else None


def _hub_id(model: Model | None, found: Iterable[str]) -> str | None:
    """The Hub repo id to put in the purl: a found name or an alias that looks like org/name."""
    candidates = [*found, *(model.aliases if model else ())]
    return next((c for c in candidates if c.count("/") == 1 and ":" not in c), None)


def _component(
    name: str,
    item: Assessment | None,
    refs: Sequence[Reference],
    rules: RuleSet | None,
    day: date | None,
    ancestry: tuple[str, ...] = (),
) -> Component:
    from cyclonedx.model import Property
    from cyclonedx.model.component import Component, ComponentType, Pedigree
    from cyclonedx.model.component_evidence import ComponentEvidence, Occurrence
    from packageurl import PackageURL

    model = item.model if item else (rules.find_model(name) if rules else None)
    lic = item.license if item else _license_of(model, rules, day)
    hub = _hub_id(model, [name, *(r.id for r in refs)])
    purl = (
        PackageURL(type="huggingface", namespace=hub.split("/")[0], name=hub.split("/")[1]) if hub else None
    )
    properties = []
    if item is not None:
        properties.append(Property(name="licheck:verdict", value=item.verdict.label))
    if lic is not None:
        properties += [
            Property(name="licheck:license", value=lic.id),
            Property(name="licheck:family", value=str(lic.family)),
        ]
    ancestors = []
    if model is not None and name not in ancestry:
        for base in model.base:
            ancestors.append(_component(base, None, (), rules, day, (*ancestry, name)))
    occurrences = [
        Occurrence(location=ref.file, line=ref.line, additional_context=_context(ref)) for ref in refs
    ]
    return Component(
        type=ComponentType.MACHINE_LEARNING_MODEL,
        name=model.id if model else name,
        bom_ref=None if ancestry else f"model:{_key(model.id if model else name)}",
        publisher=model.publisher if model else None,
        description=model.name if model else None,
        licenses=_licenses(lic),
        purl=purl,
        properties=properties,
        pedigree=Pedigree(ancestors=ancestors) if ancestors else None,
        evidence=ComponentEvidence(occurrences=occurrences) if occurrences else None,
    )


def _license_of(model: Model | None, rules: RuleSet | None, day: date | None) -> License | None:
    """A base model's license on the assessments' date (the latest one without a date)."""
    if model is None or rules is None or not model.licenses:
        return None
    period = model.licenses[-1] if day is None else model.license_on(day)
    return None if period is None else rules.licenses.get(period.license)


def _context(ref: Reference) -> str:
    where = f" (cell {ref.cell}, line {ref.cell_line})" if ref.cell is not None else ""
    return f"{ref.kind}: {ref.model}{where}"


def _tidy(components: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The library orders sets by object identity in places: put components and occurrences in a fixed order."""
    for component in components:
        evidence = component.get("evidence", {})
        if "occurrences" in evidence:
            evidence["occurrences"].sort(
                key=lambda o: (o["location"], o.get("line", 0), o.get("additionalContext", ""))
            )
        pedigree = component.get("pedigree", {})
        if "ancestors" in pedigree:
            pedigree["ancestors"] = _tidy(pedigree["ancestors"])
    return sorted(components, key=lambda c: (c["name"], c.get("bom-ref", "")))


def render_bom(
    assessments: Sequence[Assessment],
    references: Sequence[Reference] = (),
    rules: RuleSet | None = None,
    properties: Sequence[tuple[str, str]] = (),
) -> str:
    """A CycloneDX 1.6 JSON ML-BOM of the assessed models and the references to them.

    A reference is evidence for the assessment whose query, model id or alias it names; a reference
    no assessment names becomes a component of its own, without a license. With `rules`, base models
    (pedigree ancestors) carry their licenses too.
    """
    from cyclonedx.model.bom import Bom
    from cyclonedx.model.component import Component, ComponentType
    from cyclonedx.output.json import JsonV1Dot6

    items: dict[str, Assessment] = {}
    owner: dict[str, str] = {}  # lower-cased name -> component key
    for item in assessments:
        key = _key(item.model.id if item.model else item.query)
        items.setdefault(key, item)
        for name in _names(item):
            owner.setdefault(name, key)
    found: dict[str, list[Reference]] = {}
    loose: dict[str, str] = {}
    for ref in sorted(references, key=lambda r: (r.file, r.line, r.column)):
        key = owner.get(_key(ref.id)) or owner.get(_key(ref.model)) or _key(ref.id)
        found.setdefault(key, []).append(ref)
        if key not in items:
            loose.setdefault(key, ref.id)
    day = assessments[0].context.as_of if assessments else None
    bom = Bom()
    bom.metadata.tools.components.add(
        Component(type=ComponentType.APPLICATION, name="licheck", version=__version__, bom_ref="licheck")
    )
    for key in sorted({*items, *loose}):
        known = items.get(key)
        name = known.query if known else loose[key]
        bom.components.add(_component(name, known, found.get(key, []), rules, day))
    document = json.loads(JsonV1Dot6(bom).output_as_string())
    document.get("metadata", {}).pop("timestamp", None)
    document["components"] = _tidy(document.get("components", []))
    if properties:
        extra = [{"name": name, "value": value} for name, value in properties]
        document.setdefault("metadata", {}).setdefault("properties", []).extend(extra)
    document["serialNumber"] = ""
    content = json.dumps(document, sort_keys=True)
    document["serialNumber"] = f"urn:uuid:{uuid.uuid5(_NAMESPACE, content)}"
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def render_check(report: CheckReport, options: object = None) -> str:
    """`licheck check` / `scan --format cyclonedx`: the judged models and where the code uses them,
    the digest of the rules that judged them and each file the scan did not read (properties of
    the BOM's metadata)."""
    digest = (("licheck:rules-digest", report.rules_digest),) if report.rules_digest else ()
    skipped = tuple(("licheck:skipped", f"{file}: {why}") for file, why in report.skipped or ())
    return render_bom(report.assessments, report.references, properties=digest + skipped)
