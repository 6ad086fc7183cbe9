"""Other tools' bills of materials as evidence: the models a CycloneDX (1.5 to 1.7, JSON), SPDX 3
(JSON-LD) or SPDX 2.3 (JSON) document lists, each with what the document declares about it (its
license, base models and datasets), the document and the line named as the source of every fact.

The document is read whole (at most MAX_BYTES), parsed once, and walked without recursion past
MAX_DEPTH; anything that is not what the format says is an InputError naming the file, the line
when it is known, and the problem.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

from licheck.core.errors import InputError, Problem
from licheck.evidence._io import read_head
from licheck.evidence.mapping import hub_name
from licheck.evidence.types import Artifact, Declared, Fact, Source

MAX_BYTES = 32 * 1024 * 1024
MAX_DEPTH = 16  # nested CycloneDX components
MAX_ITEMS = 200_000  # components, elements or packages
CYCLONEDX_VERSIONS = ("1.5", "1.6", "1.7")
LICHECK_REF = "LicenseRef-licheck-"  # how licheck writes a license the SPDX list does not hold
MODEL_FILES = (".gguf", ".safetensors", ".bin", ".pt", ".pth", ".onnx", ".h5", ".keras", ".ckpt", ".tflite")
_NO_LICENSE = ("NOASSERTION", "NONE", "")
Facts = dict[str, list[tuple[str, str]]]  # kind (license, license_name, base, ...) -> (value, field)
Edges = dict[tuple[str, str], list[str]]  # (element, relationship type) -> targets


class SbomModel(NamedTuple):
    """One model the document lists: its name as written, its line, and what it declares."""

    name: str
    line: int | None
    artifact: Artifact


class SbomDocument(NamedTuple):
    path: str  # as reports name it
    kind: str  # "CycloneDX 1.6", "SPDX 3.0", "SPDX 2.3"
    models: tuple[SbomModel, ...]
    skipped: int  # components that are not models (libraries, files, datasets)


def _fail(shown: str, message: str, line: int | None = None) -> InputError:
    return InputError([Problem(shown, line, message)], shown)


def read_sbom(path: Path, shown: str) -> SbomDocument:
    """The models of a BOM file, whatever its format (told from its content, not its name)."""
    data, more = read_head(path, MAX_BYTES, shown)
    if more:
        raise _fail(shown, f"is larger than {MAX_BYTES // (1024 * 1024)} MiB; not read")
    try:
        text = data.decode("utf-8-sig")
        document = json.loads(text)
    except UnicodeDecodeError:
        raise _fail(shown, "is not UTF-8 text") from None
    except json.JSONDecodeError as error:
        raise _fail(shown, f"is not valid JSON: {error.msg}", error.lineno) from None
    except RecursionError:
        raise _fail(shown, "is nested too deeply") from None
    if not isinstance(document, dict):
        raise _fail(shown, "is not a JSON object: not a CycloneDX or SPDX document", 1)
    lines = _Lines(text)
    if document.get("bomFormat") == "CycloneDX":
        return _cyclonedx(document, shown, lines)
    if "@context" in document and "spdx.org/rdf/3." in json.dumps(document["@context"]):
        return _spdx3(document, shown, lines)
    if str(document.get("spdxVersion", "")).startswith("SPDX-2."):
        return _spdx2(document, shown, lines)
    raise _fail(
        shown,
        "is neither a CycloneDX (bomFormat), an SPDX 3 (JSON-LD @context) nor an SPDX 2 (spdxVersion) document",
        1,
    )


class _Lines:
    """Lines of values in the text, found in order (a document lists its components in order).
    A value written with other escapes is not found; after MISSES of those, no more are sought,
    so a large document costs a few passes over its text, never one per component."""

    MISSES = 32

    def __init__(self, text: str) -> None:
        self.text = text
        self.at = 0
        self.misses = 0
        self.counted, self.lines = 0, 1  # the line at offset `counted`

    def of(self, value: str) -> int | None:
        if self.misses >= self.MISSES:
            return None
        needle = json.dumps(value, ensure_ascii=False)
        found = self.text.find(needle, self.at)
        if found < 0:
            self.misses += 1
            found = self.text.find(needle, 0, self.at + len(needle))
        if found < 0:
            return None
        self.at = found + len(needle)
        if found < self.counted:  # behind the last line counted: count again from the start
            self.counted, self.lines = 0, 1
        self.lines += self.text.count("\n", self.counted, found)
        self.counted = found
        return self.lines


def _list(value: Any, shown: str, what: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise _fail(shown, f"{what} is not a list")
    if len(value) > MAX_ITEMS:
        raise _fail(shown, f"{what} holds more than {MAX_ITEMS:,} items; not read")
    return value


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _purl_hub(purl: Any) -> str | None:
    """pkg:huggingface/ORG/NAME@rev -> ORG/NAME."""
    text = _text(purl)
    if text is None or not text.lower().startswith("pkg:huggingface/"):
        return None
    body = text[len("pkg:huggingface/") :].split("?")[0].split("#")[0].split("@")[0]
    return body.strip("/") or None


def _artifact(shown: str, name: str, line: int | None, facts: Facts, repo: str) -> SbomModel:
    """A model of the document as evidence: each fact with the document, the line and the field."""

    def made(key: str) -> tuple[Fact, ...]:
        return tuple(Fact(value, Source(shown, field, line)) for value, field in facts.get(key, ()))

    declared = Declared(
        license=made("license"),
        license_name=made("license_name"),
        license_link=made("license_link"),
        base_models=made("base"),
        datasets=made("dataset"),
        repo_id=(Fact(repo, Source(shown, "name", line)),),
        name=(Fact(name, Source(shown, "name", line)),),
    )
    where = f"{shown}:{line}" if line else shown
    return SbomModel(name, line, Artifact(where, "sbom-component", declared, files=(shown,)))


def _license_fact(expression: str, facts: Facts, field: str) -> None:
    """One license as a document writes it: licheck's own LicenseRef back to its id."""
    if expression.upper() in _NO_LICENSE:
        return
    value = expression[len(LICHECK_REF) :] if expression.startswith(LICHECK_REF) else expression
    facts.setdefault("license", []).append((value, field))


# ---------------------------------------------------------------- CycloneDX


def _components(items: list[Any], shown: str, depth: int = 0) -> Iterator[dict[str, Any]]:
    if depth > MAX_DEPTH:
        raise _fail(shown, f"components are nested more than {MAX_DEPTH} deep")
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise _fail(shown, f"components[{index}] is not an object")
        yield item
        yield from _components(_list(item.get("components"), shown, "components"), shown, depth + 1)


def _cdx_is_model(component: dict[str, Any]) -> bool:
    """A machine-learning-model component, or one of another type (a `library`, a `file`) that a
    Hugging Face package URL names: that purl type is for Hub models, so it is judged as one."""
    kind, hub = component.get("type"), _purl_hub(component.get("purl"))
    return kind == "machine-learning-model" or (kind != "data" and hub is not None)


def _cdx_name(component: dict[str, Any]) -> str | None:
    hub = _purl_hub(component.get("purl"))
    name, group = _text(component.get("name")), _text(component.get("group"))
    if hub:
        return hub
    if name and group and "/" not in name:
        return f"{group}/{name}"
    return name


def _cdx_licenses(component: dict[str, Any], facts: Facts) -> None:
    """The declared licenses (acknowledgement: declared) when the component says which they are,
    else those it does not qualify, else its concluded ones; an agreement's entry is not a license."""
    licenses = component.get("licenses")
    entries = [e for e in licenses if isinstance(e, dict)] if isinstance(licenses, list) else []
    for wanted in ("declared", None, "concluded"):
        chosen = [e for e in entries if _ack(e) == wanted and "licensing" not in _object(e.get("license"))]
        if chosen:
            break
    for entry in chosen:
        if _text(entry.get("expression")):
            _license_fact(entry["expression"].strip(), facts, "licenses")
            continue
        lic = _object(entry.get("license"))
        if _text(lic.get("id")):
            _license_fact(lic["id"].strip(), facts, "licenses")
        elif _text(lic.get("name")):
            facts.setdefault("license_name", []).append((lic["name"].strip(), "licenses"))
        if _text(lic.get("url")):
            facts.setdefault("license_link", []).append((lic["url"].strip(), "licenses"))


def _ack(entry: dict[str, Any]) -> str | None:
    inner = entry.get("license") if isinstance(entry.get("license"), dict) else entry
    value = inner.get("acknowledgement") if isinstance(inner, dict) else None
    return value if value in ("declared", "concluded") else None


def _cyclonedx(document: dict[str, Any], shown: str, lines: _Lines) -> SbomDocument:
    version = str(document.get("specVersion", ""))
    if version not in CYCLONEDX_VERSIONS:
        raise _fail(
            shown,
            f"CycloneDX {version or '(no specVersion)'} is not read; {', '.join(CYCLONEDX_VERSIONS)} are",
        )
    components = list(_components(_list(document.get("components"), shown, "components"), shown))
    if len(components) > MAX_ITEMS:
        raise _fail(shown, f"holds more than {MAX_ITEMS:,} components; not read")
    by_ref = {c["bom-ref"]: c for c in components if isinstance(c.get("bom-ref"), str)}
    models = []
    for index, component in enumerate(components):
        if not _cdx_is_model(component):
            continue
        name = _cdx_name(component)
        if name is None:
            raise _fail(shown, f"a model component (number {index + 1}) has no name")
        facts: Facts = {}
        _cdx_licenses(component, facts)
        pedigree = _object(component.get("pedigree"))
        for ancestor in _list(pedigree.get("ancestors"), shown, "pedigree.ancestors"):
            base = _cdx_name(ancestor) if isinstance(ancestor, dict) else None
            if base:
                facts.setdefault("base", []).append((base, "pedigree.ancestors"))
        for dataset in _cdx_datasets(component, by_ref, shown):
            facts.setdefault("dataset", []).append((dataset, "modelCard.modelParameters.datasets"))
        line = lines.of(component["bom-ref"]) if isinstance(component.get("bom-ref"), str) else None
        line = line or lines.of(str(component.get("name", "")))
        models.append(_artifact(shown, name, line, facts, name))
    return SbomDocument(shown, f"CycloneDX {version}", tuple(models), len(components) - len(models))


def _cdx_datasets(component: dict[str, Any], by_ref: dict[str, dict[str, Any]], shown: str) -> Iterator[str]:
    parameters = _object(_object(component.get("modelCard")).get("modelParameters"))
    for item in _list(parameters.get("datasets"), shown, "modelCard.modelParameters.datasets"):
        if not isinstance(item, dict):
            continue
        target = by_ref.get(item["ref"], {}) if isinstance(item.get("ref"), str) else item
        name = _text(target.get("name"))
        if name is None:
            data = [d for d in target.get("data") or () if isinstance(d, dict)]
            name = next((_text(d.get("name")) for d in data if _text(d.get("name"))), None)
        if name:
            yield name


# ---------------------------------------------------------------- SPDX 3


def _type(element: dict[str, Any]) -> str:
    """A type as the compact JSON-LD names it: ai_AIPackage; a full IRI is shortened the same way."""
    kind = str(element.get("type") or element.get("@type") or "")
    if "/terms/" in kind:
        profile, _, name = kind.split("/terms/", 1)[1].partition("/")
        return name if profile == "Core" else f"{profile[0].lower()}{profile[1:].lower()}_{name}"
    return kind


def _object(value: Any) -> dict[str, Any]:
    """A JSON object, or an empty one for anything else (a field of the wrong kind is no fact)."""
    return value if isinstance(value, dict) else {}


def _ids(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def _spdx3_graph(
    document: dict[str, Any], shown: str
) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]], Edges]:
    """The graph's elements, by id, and its relationships as (from, type) -> targets (an
    ancestorOf read as the descendantOf it implies)."""
    graph = _list(document.get("@graph", [document]), shown, "@graph")
    elements = {}
    for index, element in enumerate(graph):
        if not isinstance(element, dict):
            raise _fail(shown, f"@graph[{index}] is not an object")
        key = element.get("spdxId") or element.get("@id")
        if isinstance(key, str):
            elements[key] = element
    edges: Edges = {}
    for element in graph:
        if not (_type(element).endswith("Relationship") and isinstance(element.get("from"), str)):
            continue
        kind = str(element.get("relationshipType", "")).rsplit("/", 1)[-1]
        for target in _ids(element.get("to")):
            edges.setdefault((element["from"], kind), []).append(target)
            if kind == "ancestorOf":
                edges.setdefault((target, "descendantOf"), []).append(element["from"])
    return graph, elements, edges


def _spdx3_is_model(element: dict[str, Any]) -> bool:
    """An AI package, a package whose purpose is `model`, or (as in CycloneDX) a package of
    another purpose that a Hugging Face package URL names."""
    purpose = str(element.get("software_primaryPurpose", "")).rsplit("/", 1)[-1]
    kind = _type(element)
    if kind == "ai_AIPackage" or (kind == "software_Package" and purpose == "model"):
        return True
    return kind == "software_Package" and purpose != "data" and _spdx3_purl_hub(element) is not None


def _spdx3_facts(key: str, elements: dict[str, dict[str, Any]], edges: Edges) -> Facts:
    facts: Facts = {}
    declared = edges.get((key, "hasDeclaredLicense"))
    field = "hasDeclaredLicense" if declared else "hasConcludedLicense"
    for target in declared or edges.get((key, "hasConcludedLicense")) or []:
        _spdx3_license(elements.get(target, {"spdxId": target}), facts, field)
    for relation, kind in (("descendantOf", "base"), ("trainedOn", "dataset")):
        for target in edges.get((key, relation), ()):
            name = _text(elements.get(target, {}).get("name"))
            if name:
                value = _spdx3_name(elements[target], name) if kind == "base" else name
                facts.setdefault(kind, []).append((value, relation))
    return facts


def _spdx3(document: dict[str, Any], shown: str, lines: _Lines) -> SbomDocument:
    graph, elements, edges = _spdx3_graph(document, shown)
    roots = {root for element in graph for root in _ids(element.get("rootElement"))}
    packages = [e for e in graph if _type(e).endswith("Package")]
    through = _judged_through(packages, edges, roots)
    models = []
    for element in filter(_spdx3_is_model, packages):
        key = str(element.get("spdxId") or element.get("@id") or "")
        if key in through:
            continue  # another model's base, listed for its lineage: judged through that model
        name = _text(element.get("name"))
        if name is None:
            raise _fail(shown, f"the AI package {key or '(without an id)'} has no name", lines.of(key))
        facts = _spdx3_facts(key, elements, edges)
        models.append(_artifact(shown, name, lines.of(key), facts, _spdx3_name(element, name)))
    return SbomDocument(shown, "SPDX 3", tuple(models), len(packages) - len(models))


def _judged_through(packages: list[dict[str, Any]], edges: Edges, roots: set[str]) -> set[str]:
    """The models that are bases of a model judged on its own (a root, or one no model names as
    its base), so judged through it: a model is never left out because the lineage loops back to
    it (`a ancestorOf a`, or a and b each the other's base), which would leave nothing to judge."""
    keys = [str(e.get("spdxId") or e.get("@id") or "") for e in packages if _spdx3_is_model(e)]
    bases = {base for (_, kind), targets in edges.items() if kind == "descendantOf" for base in targets}
    tops = [key for key in keys if key in roots or key not in bases]
    reached: set[str] = set()
    stack = [base for top in tops for base in edges.get((top, "descendantOf"), ())]
    while stack:
        key = stack.pop()
        if key not in reached:
            reached.add(key)
            stack.extend(edges.get((key, "descendantOf"), ()))
    return reached - set(tops)


def _spdx3_purl_hub(element: dict[str, Any]) -> str | None:
    """The Hub id a package's purl (or a purl among its external identifiers) names."""
    ids = [i.get("identifier") for i in element.get("externalIdentifier") or () if isinstance(i, dict)]
    return next(
        (hub for purl in (element.get("software_packageUrl"), *ids) if (hub := _purl_hub(purl))), None
    )


def _spdx3_name(element: dict[str, Any], name: str) -> str:
    """The Hub id of a package: its purl, else a download location on the Hub, else its name."""
    hub = _spdx3_purl_hub(element)
    location = _text(element.get("software_downloadLocation")) or ""
    if hub is None and "huggingface.co/" in location:
        hub = hub_name(location)
    return hub or name


def _spdx3_license(element: dict[str, Any], facts: Facts, field: str) -> None:
    kind = _type(element)
    key = str(element.get("spdxId") or element.get("@id") or "")
    if kind == "simplelicensing_LicenseExpression":
        expression = _text(element.get("simplelicensing_licenseExpression")) or ""
        _license_fact(expression, facts, field)
        for entry in element.get("simplelicensing_customIdToUri") or ():
            if isinstance(entry, dict) and entry.get("key") == expression and _text(entry.get("value")):
                facts.setdefault("license_link", []).append((entry["value"].strip(), field))
    elif kind == "simplelicensing_SimpleLicensingText" and _text(element.get("name")):
        facts.setdefault("license_name", []).append((element["name"].strip(), field))
    elif kind in ("expandedlicensing_ListedLicense", "expandedlicensing_CustomLicense"):
        listed = key.rsplit("/", 1)[-1] if kind.endswith("ListedLicense") else None
        if listed:
            _license_fact(listed, facts, field)
        elif _text(element.get("name")):
            facts.setdefault("license_name", []).append((element["name"].strip(), field))
        for link in _ids(element.get("expandedlicensing_seeAlso")):
            facts.setdefault("license_link", []).append((link, field))


# ---------------------------------------------------------------- SPDX 2.3


_SOFTWARE_PURLS = ("pkg:pypi/", "pkg:npm/", "pkg:maven/", "pkg:golang/", "pkg:cargo/", "pkg:gem/", "pkg:deb/")


def _spdx2_is_model(package: dict[str, Any], purl: str | None, hub: str | None) -> bool:
    """SPDX 2.3 has no kind for models: a package on the Hub, or a model file, is one."""
    if hub is not None:
        return True
    if purl and purl.lower().startswith(_SOFTWARE_PURLS):
        return False
    places = (str(package.get("downloadLocation", "")), str(package.get("homepage", "")))
    name = str(package.get("name", "")).lower()
    return any("huggingface.co/" in place for place in places) or name.endswith(MODEL_FILES)


def _spdx2_bases(document: dict[str, Any], shown: str) -> dict[str, list[str]]:
    """SPDXID -> the SPDXIDs of its bases (DESCENDANT_OF, or ANCESTOR_OF read the other way)."""
    bases: dict[str, list[str]] = {}
    for item in _list(document.get("relationships"), shown, "relationships"):
        if not isinstance(item, dict):
            continue
        kind, one, other = (
            item.get("relationshipType"),
            item.get("spdxElementId"),
            item.get("relatedSpdxElement"),
        )
        if not (isinstance(one, str) and isinstance(other, str)):
            continue
        if kind == "DESCENDANT_OF":
            bases.setdefault(one, []).append(other)
        elif kind == "ANCESTOR_OF":
            bases.setdefault(other, []).append(one)
    return bases


def _spdx2_license(package: dict[str, Any], extracted: dict[Any, dict[str, Any]], facts: Facts) -> None:
    """The declared license (the concluded one when it is NOASSERTION); a LicenseRef by its name."""
    field = "licenseDeclared"
    expression = _text(package.get("licenseDeclared")) or ""
    if expression.upper() in _NO_LICENSE:
        field, expression = "licenseConcluded", _text(package.get("licenseConcluded")) or ""
    if expression not in extracted:
        _license_fact(expression, facts, field)
        return
    info = extracted[expression]
    if _text(info.get("name")):
        facts.setdefault("license_name", []).append((info["name"].strip(), field))
    for link in _ids(info.get("seeAlsos")):
        facts.setdefault("license_link", []).append((link, field))


def _spdx2_hub(package: dict[str, Any]) -> tuple[str | None, str | None]:
    """A package's purl and its Hub id (from the purl, or a download location on the Hub)."""
    refs = [r for r in package.get("externalRefs") or () if isinstance(r, dict)]
    purl = next((_text(r.get("referenceLocator")) for r in refs if r.get("referenceType") == "purl"), None)
    location = str(package.get("downloadLocation", ""))
    return purl, _purl_hub(purl) or (hub_name(location) if "huggingface.co/" in location else None)


def _spdx2(document: dict[str, Any], shown: str, lines: _Lines) -> SbomDocument:
    packages = _list(document.get("packages"), shown, "packages")
    infos = _list(document.get("hasExtractedLicensingInfos"), shown, "hasExtractedLicensingInfos")
    extracted = {item.get("licenseId"): item for item in infos if isinstance(item, dict)}
    names = {p.get("SPDXID"): p.get("name") for p in packages if isinstance(p, dict)}
    bases = _spdx2_bases(document, shown)
    models = []
    for index, package in enumerate(packages):
        if not isinstance(package, dict):
            raise _fail(shown, f"packages[{index}] is not an object")
        purl, hub = _spdx2_hub(package)
        if not _spdx2_is_model(package, purl, hub):
            continue
        name = _text(package.get("name"))
        if name is None:
            raise _fail(shown, f"packages[{index}] has no name")
        facts: Facts = {}
        _spdx2_license(package, extracted, facts)
        for base in bases.get(str(package.get("SPDXID")), ()):
            base_name = names.get(base)
            if isinstance(base_name, str):
                facts.setdefault("base", []).append((base_name, "relationships"))
        line = lines.of(str(package.get("SPDXID", ""))) or lines.of(name)
        models.append(_artifact(shown, name, line, facts, hub or name))
    kind = f"SPDX {str(document['spdxVersion'])[5:]}"
    return SbomDocument(shown, kind, tuple(models), len(packages) - len(models))
