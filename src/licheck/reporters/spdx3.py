"""SPDX 3.0.1 JSON-LD with the AI and Dataset profiles, laid out from the BOM view (views/bom.py).

Each model is an `ai_AIPackage` with the properties the AI profile requires (suppliedBy,
downloadLocation, packageVersion, primaryPurpose, releaseTime), exactly one `hasDeclaredLicense`
and one `hasConcludedLicense` relationship (to NoAssertionLicense when nothing is known), its base
models through `descendantOf` and its datasets, each a `dataset_DatasetPackage`, through
`trainedOn`. A license on the SPDX list is its identifier; any other is `LicenseRef-licheck-ID`,
with its address in `customIdToUri`. Each use's verdict is a review `Annotation` of the model.

Byte-stable: elements are sorted, their ids derived from the content, and `created` is the date
the licenses were judged for (the check's as-of date) at midnight UTC, never the clock. A value the
profile requires that licheck does not know is written as NOASSERTION (a release date: the same
as-of date, and the package's comment says so). Needs no extra.
"""

from __future__ import annotations

import json
import re
import uuid
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from licheck.views.bom import BomDataset, BomLicense, BomModel, BomView, as_view

if TYPE_CHECKING:
    from licheck.project.report import CheckReport
    from licheck.views.reports import InspectReport

_NAMESPACE = uuid.UUID("0b5f3f39-1d6e-4b8e-8a62-2f0d6c1f8e4d")
CONTEXT = "https://spdx.org/rdf/3.0.1/spdx-context.jsonld"
NO_ASSERTION = "https://spdx.org/rdf/3.0.1/terms/ExpandedLicensing/NoAssertionLicense"
LICENSE_REF = "LicenseRef-licheck-"
_CREATION = "_:creationinfo"


def license_ref(lic: BomLicense) -> str:
    """The license as an SPDX expression: its SPDX id, or licheck's LicenseRef."""
    if lic.spdx and lic.known and re.fullmatch(r"[A-Za-z0-9.+-]+", lic.spdx):
        return lic.spdx
    return LICENSE_REF + (re.sub(r"[^A-Za-z0-9.-]+", "-", lic.id).strip("-") or "unnamed")


class _Graph:
    def __init__(self, view: BomView, namespace: str) -> None:
        self.view = view
        self.ns = namespace
        self.created = f"{view.context.as_of.isoformat()}T00:00:00Z"
        self.elements: dict[str, dict[str, Any]] = {}

    def iri(self, kind: str, name: str) -> str:
        """An element's id in the document's namespace: kind-name (a view's ref model:x is model-x)."""
        name = name.removeprefix(f"{kind}:")
        return f"{self.ns}#{kind}-{quote(name.replace(':', '-'), safe='-._~')}"

    def add(self, kind: str, iri: str, **fields: Any) -> str:
        if iri not in self.elements:
            self.elements[iri] = {"type": kind, "spdxId": iri, "creationInfo": _CREATION, **fields}
        return iri

    def relation(self, source: str, kind: str, targets: list[str], comment: str | None = None) -> None:
        name = f"{source.rsplit('#', 1)[-1]}-{kind}"
        fields: dict[str, Any] = {"from": source, "relationshipType": kind, "to": sorted(targets)}
        if comment:
            fields["comment"] = comment
        self.add("Relationship", self.iri("relationship", name), **fields)

    def agent(self, name: str | None) -> str:
        shown = name or "NOASSERTION"
        return self.add("Organization", self.iri("organization", shown.lower()), name=shown)

    def license(self, lic: BomLicense | None) -> str:
        if lic is None:
            return NO_ASSERTION
        expression = license_ref(lic)
        fields: dict[str, Any] = {"name": lic.name, "simplelicensing_licenseExpression": expression}
        if expression.startswith(LICENSE_REF) and lic.url:
            fields["simplelicensing_customIdToUri"] = [
                {"type": "DictionaryEntry", "key": expression, "value": lic.url}
            ]
        return self.add("simplelicensing_LicenseExpression", self.iri("license", expression), **fields)

    def model(self, model: BomModel) -> None:
        iri = self.iri("model", model.ref)
        released = model.released.isoformat() + "T00:00:00Z" if model.released else self.created
        fields: dict[str, Any] = {
            "name": model.name,
            "software_primaryPurpose": "model",
            "software_packageVersion": "NOASSERTION",
            "software_downloadLocation": f"https://huggingface.co/{model.hub}"
            if model.hub
            else "NOASSERTION",
            "releaseTime": released,
            "suppliedBy": self.agent(model.publisher or (model.hub.split("/")[0] if model.hub else None)),
        }
        if model.hub:
            fields["software_packageUrl"] = f"pkg:huggingface/{model.hub}"
        if model.title:
            fields["summary"] = model.title
        notes = (
            []
            if model.released
            else ["releaseTime: licheck knows no release date; the document's date stands in"]
        )
        notes += [f"conflict: {text}" for text in model.conflicts]  # where the sources disagree
        if notes:
            fields["comment"] = "; ".join(notes)
        self.add("ai_AIPackage", iri, **fields)
        concluded = model.concluded
        self.relation(
            iri,
            "hasConcludedLicense",
            [self.license(concluded.license)],
            f"basis: {concluded.basis}" + (f" ({concluded.source})" if concluded.source else ""),
        )
        declared = model.declared
        self.relation(
            iri,
            "hasDeclaredLicense",
            [self.license(declared.license if declared else None)],
            f"declared in {declared.where}" if declared else None,
        )
        if model.bases:
            self.relation(iri, "descendantOf", [self.iri("model", ref) for ref in model.bases])
        if model.datasets:
            self.relation(iri, "trainedOn", [self.iri("dataset", ref) for ref in model.datasets])
        for use in model.uses:
            text = f"licheck: {use.use}: {use.verdict}" + (f": {use.reason}" if use.reason else "")
            if use.agreement:
                text += f" (granted by {use.agreement})"
            self.add(
                "Annotation",
                self.iri("annotation", f"{model.ref}-{use.use}"),
                annotationType="review",
                subject=iri,
                statement=text,
            )

    def dataset(self, dataset: BomDataset) -> None:
        iri = self.iri("dataset", dataset.ref)
        nobody = self.agent(None)
        url = (
            dataset.url if dataset.url and dataset.url.startswith(("http://", "https://")) else "NOASSERTION"
        )
        self.add(
            "dataset_DatasetPackage",
            iri,
            name=dataset.id,
            summary=dataset.name,
            software_primaryPurpose="data",
            software_packageVersion="NOASSERTION",
            software_downloadLocation=url,
            releaseTime=self.created,
            builtTime=self.created,
            originatedBy=[nobody],
            suppliedBy=nobody,
            dataset_datasetType=["noAssertion"],
            comment="releaseTime, builtTime: not known to licheck; the document's date stands in",
        )
        self.relation(iri, "hasConcludedLicense", [self.license(dataset.license)], "basis: rules")
        self.relation(iri, "hasDeclaredLicense", [self.license(dataset.license)])

    def document(self) -> dict[str, Any]:
        view = self.view
        for model in view.models:
            self.model(model)
        for dataset in view.datasets:
            self.dataset(dataset)
        agent = self.add("SoftwareAgent", self.iri("agent", "licheck"), name="licheck")
        tool = self.add("Tool", self.iri("tool", "licheck"), name=f"licheck {view.version}")
        content = sorted(set(self.elements) - {agent, tool})
        roots = [self.iri("model", m.ref) for m in view.judged]
        sbom = self.add(
            "software_Sbom",
            self.iri("sbom", "models"),
            software_sbomType=["analyzed"],
            rootElement=roots,
            element=content,
        )
        properties = [f"uses: {', '.join(view.uses)}"] if view.uses else []
        if view.rules_digest:
            properties.append(f"rules digest: {view.rules_digest}")
        properties += [f"not read: {file} ({why})" for file, why in view.skipped]
        self.add(
            "SpdxDocument",
            self.ns,
            name=f"licheck bill of materials of {view.subject}",
            profileConformance=["core", "software", "simpleLicensing", "ai", "dataset"],
            rootElement=[sbom],
            element=sorted([*content, sbom, agent, tool]),
            **({"comment": "; ".join(properties)} if properties else {}),
        )
        info = {
            "type": "CreationInfo",
            "@id": _CREATION,
            "specVersion": "3.0.1",
            "created": self.created,
            "createdBy": [agent],
            "createdUsing": [tool],
        }
        graph = [info, *(self.elements[key] for key in sorted(self.elements))]
        return {"@context": CONTEXT, "@graph": graph}


def render_view(view: BomView) -> str:
    """SPDX 3.0.1 JSON-LD of the view; the namespace is derived from the content."""
    draft = json.dumps(_Graph(view, "https://spdx.org/spdxdocs/licheck").document(), sort_keys=True)
    namespace = f"https://spdx.org/spdxdocs/licheck-{uuid.uuid5(_NAMESPACE, draft)}"
    return json.dumps(_Graph(view, namespace).document(), indent=2, ensure_ascii=False) + "\n"


def render_check(data: CheckReport | InspectReport | BomView, options: object = None) -> str:
    """`check`, `scan` and `inspect --format spdx3`."""
    return render_view(as_view(data))


render_inspect = render_check
