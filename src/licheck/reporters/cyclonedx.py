"""CycloneDX ML-BOM (1.6, or 1.7): a machine-learning-model component per model, laid out from the
BOM view (views/bom.py).

Each component carries its concluded license (licheck's reading) and its declared one (what its
own sources say) as two licenses told apart by `acknowledgement`, an agreement the team holds as a
license with `licensing` (licensor, licensee, type, expiry), its base models as pedigree ancestors,
its datasets as `data` components referenced from its model card, where the code names it as
evidence, and its verdict for each use as properties in the `licheck:` namespace (README, "Bills of
materials"). A license is written with `id` only when the id is on the SPDX license list that
cyclonedx-python-lib (the `sbom` extra) ships; any other by its name and address.

The output carries no timestamp, and its serial number is derived from its content: the same input
gives the same bytes.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from licheck.core.errors import UsageError
from licheck.views.bom import BomDataset, BomLicense, BomModel, BomView, Held, as_view

if TYPE_CHECKING:
    from licheck.project.report import CheckReport
    from licheck.views.reports import InspectReport

_NAMESPACE = uuid.UUID("6b1c3a5e-8f0e-4d7e-9a51-3c1f0b7e2a90")
VERSIONS = ("1.6", "1.7")
INSTALL = "pip install 'licheck-ai[sbom]' (from a checkout: pip install '.[sbom]')"


def spdx_list() -> Callable[[str], str | None]:
    """The SPDX license list's lookup (an id as the list spells it, or None), from the sbom extra."""
    try:
        from cyclonedx.spdx import fixup_id
    except ImportError:
        raise UsageError(f"CycloneDX output needs the sbom extra: {INSTALL}") from None
    return fixup_id


def _license(lic: BomLicense, listed: Callable[[str], str | None], ack: str | None) -> dict[str, Any]:
    spdx = listed(lic.spdx) if lic.spdx and lic.known else None
    body: dict[str, Any] = {"id": spdx} if spdx else {"name": lic.name}
    if not spdx and lic.url and lic.url.startswith(("http://", "https://")):
        body["url"] = lic.url
    if ack:
        body["acknowledgement"] = ack
    return {"license": body}


def _agreement(held: Held) -> dict[str, Any]:
    licensing: dict[str, Any] = {
        "altIds": [held.reference],
        "licensor": {"organization": {"name": held.counterparty}},
        "licenseTypes": [held.kind],
    }
    if held.licensee:
        licensing["licensee"] = {"organization": {"name": held.licensee}}
    if held.expires:
        licensing["expiration"] = f"{held.expires.isoformat()}T00:00:00Z"
    name = f"Agreement {held.reference} with {held.counterparty}"
    return {"license": {"name": name, "licensing": licensing}}


def _properties(model: BomModel) -> list[dict[str, str]]:
    found: list[tuple[str, str]] = []
    if model.verdict is not None:
        found.append(("licheck:verdict", model.verdict))
    for use in model.uses:
        found.append((f"licheck:use:{use.use}", use.verdict))
        if use.reason:
            found.append((f"licheck:use:{use.use}:reason", use.reason))
        if use.agreement:
            found.append((f"licheck:use:{use.use}:agreement", use.agreement))
    concluded = model.concluded
    if concluded.license is not None:
        found.append(("licheck:license", concluded.license.id))
        if concluded.license.family:
            found.append(("licheck:family", concluded.license.family))
    found.append(("licheck:basis", concluded.basis))
    if concluded.source:
        found.append(("licheck:basis:source", concluded.source))
    if model.declared is not None:
        found.append(("licheck:declared", model.declared.text))
        found.append(("licheck:declared:source", model.declared.where))
    found += [("licheck:conflict", text) for text in model.conflicts]
    if model.verdict is None and model.query != model.name:
        found.append(("licheck:query", model.query))
    return [{"name": name, "value": value} for name, value in found]


def _component(
    model: BomModel, view: BomView, listed: Callable[[str], str | None], top: bool, seen: tuple[str, ...] = ()
) -> dict[str, Any]:
    component: dict[str, Any] = {"type": "machine-learning-model", "name": model.name}
    if top:
        component["bom-ref"] = model.ref
    if model.publisher:
        component["publisher"] = model.publisher
    if model.title:
        component["description"] = model.title
    licenses = []
    if model.concluded.license is not None:
        licenses.append(_license(model.concluded.license, listed, "concluded"))
    if model.declared is not None:
        licenses.append(_license(model.declared.license, listed, "declared"))
    licenses += [_agreement(held) for held in model.agreements]
    if licenses:
        component["licenses"] = licenses
    if model.hub:
        component["purl"] = f"pkg:huggingface/{model.hub}"
    component["properties"] = _properties(model)
    by_ref = {m.ref: m for m in view.models}
    ancestors = [
        _component(by_ref[ref], view, listed, False, (*seen, model.ref))
        for ref in model.bases
        if ref in by_ref and ref not in seen
    ]
    if ancestors:
        component["pedigree"] = {"ancestors": ancestors}
    if model.occurrences:
        component["evidence"] = {
            "occurrences": [
                {"location": o.file, **({"line": o.line} if o.line else {}), "additionalContext": o.context}
                for o in model.occurrences
            ]
        }
    if model.datasets:
        component["modelCard"] = {"modelParameters": {"datasets": [{"ref": ref} for ref in model.datasets]}}
    return component


def _data(dataset: BomDataset, listed: Callable[[str], str | None]) -> dict[str, Any]:
    data: dict[str, Any] = {"type": "dataset", "name": dataset.id}
    if dataset.url and dataset.url.startswith(("http://", "https://")):
        data["contents"] = {"url": dataset.url}
    component: dict[str, Any] = {
        "type": "data",
        "bom-ref": dataset.ref,
        "name": dataset.id,
        "description": dataset.name,
        "data": [data],
    }
    if dataset.license is not None:
        component["licenses"] = [
            _license(dataset.license, listed, "concluded"),
            _license(dataset.license, listed, "declared"),
        ]
        component["properties"] = [{"name": "licheck:license", "value": dataset.license.id}]
    return component


def _metadata(view: BomView) -> dict[str, Any]:
    properties = [("licheck:subject", view.subject), ("licheck:as-of", view.context.as_of.isoformat())]
    properties += [("licheck:uses", ",".join(view.uses))] if view.uses else []
    for key in ("mau", "dau", "revenue", "region", "org"):
        value = getattr(view.context, key)
        if value is not None:
            properties.append((f"licheck:context:{key}", str(value)))
    if view.rules_digest:
        properties.append(("licheck:rules-digest", view.rules_digest))
    properties += [("licheck:skipped", f"{file}: {why}") for file, why in view.skipped]
    return {
        "tools": {
            "components": [
                {"type": "application", "bom-ref": "licheck", "name": "licheck", "version": view.version}
            ]
        },
        "properties": [{"name": name, "value": value} for name, value in properties],
    }


def render_view(view: BomView, version: str = "1.6") -> str:
    """A CycloneDX JSON ML-BOM of the view, in spec `version` (1.6 or 1.7)."""
    listed = spdx_list()
    judged = view.judged
    components = [_component(model, view, listed, True) for model in judged]
    components += [_data(dataset, listed) for dataset in view.datasets]
    dependencies = [
        {"ref": model.ref, "dependsOn": list(model.datasets)} for model in judged if model.datasets
    ]
    document: dict[str, Any] = {
        "$schema": f"http://cyclonedx.org/schema/bom-{version}.schema.json",
        "bomFormat": "CycloneDX",
        "specVersion": version,
        "serialNumber": "",
        "version": 1,
        "metadata": _metadata(view),
        "components": components,
    }
    if dependencies:
        document["dependencies"] = dependencies
    content = json.dumps(document, sort_keys=True, ensure_ascii=False)
    document["serialNumber"] = f"urn:uuid:{uuid.uuid5(_NAMESPACE, content)}"
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def render_check(data: CheckReport | InspectReport | BomView, options: object = None) -> str:
    """`check`, `scan` and `inspect --format cyclonedx`: CycloneDX 1.6."""
    return render_view(as_view(data), "1.6")


def render_check_17(data: CheckReport | InspectReport | BomView, options: object = None) -> str:
    """`--format cyclonedx-1.7`: the same BOM in CycloneDX 1.7."""
    return render_view(as_view(data), "1.7")


render_inspect = render_check
render_inspect_17 = render_check_17
