"""The bill of materials, built once for every BOM format (CycloneDX, SPDX 3).

Each model with its declared license (what its card, file header, LICENSE file, manifest or the BOM
it was read from says, and where) apart from its concluded license (licheck's reading, with its
basis and where that comes from), its lineage, its datasets with their licenses, the agreements the
team holds for it and its verdict for each use. Pure: the emitters only lay it out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from licheck import __version__
from licheck.core.findings import SuppressionKind
from licheck.core.model import Assessment, Context, License, Model, Origin, RuleSet
from licheck.evidence.judge import HIDDEN
from licheck.views.reports import InspectReport

if TYPE_CHECKING:
    from licheck.core.findings import Finding
    from licheck.project.manifest import AgreementRef
    from licheck.project.report import CheckReport
    from licheck.scan.found import Reference


class BomLicense(NamedTuple):
    """A license as a BOM names it: the rules' entry, or the text as declared when they lack one."""

    id: str  # licheck's id, or the text as declared
    name: str
    url: str | None = None
    spdx: str | None = None  # the SPDX identifier the rules record (SPDX list ids only)
    family: str | None = None
    known: bool = True  # the rules know it


class Declared(NamedTuple):
    """What a model's own sources say its license is, and where they say it."""

    text: str
    license: BomLicense
    where: str


class Concluded(NamedTuple):
    """licheck's reading: the license in effect, what decided it and where that is written."""

    license: BomLicense | None  # None: no license licheck can conclude (NOASSERTION)
    basis: str  # rules | declared | project | none
    source: str


class UseEntry(NamedTuple):
    use: str
    verdict: str
    reason: str
    agreement: str | None = None  # the agreement that grants the use, when one does


class Held(NamedTuple):
    """An agreement the team holds for a model (or for every model under a license)."""

    counterparty: str
    reference: str
    licensee: str | None
    kind: str  # a CycloneDX license type: subscription, perpetual, ... (other when not said)
    expires: date | None
    uses: tuple[str, ...]  # () for every use the license does not grant


class Occurrence(NamedTuple):
    file: str
    line: int | None
    context: str


class BomModel(NamedTuple):
    ref: str  # unique in the BOM: model:<id>
    name: str  # licheck's id, or the name as found
    query: str  # as the manifest, the code or the document names it
    hub: str | None  # the Hugging Face repo id, when known
    title: str | None
    publisher: str | None
    released: date | None
    declared: Declared | None
    concluded: Concluded
    bases: tuple[str, ...]  # refs of other BomModels
    datasets: tuple[str, ...]  # refs of BomDatasets
    verdict: str | None  # None: listed for the lineage only (a base), or named but not judged
    uses: tuple[UseEntry, ...] = ()
    agreements: tuple[Held, ...] = ()
    occurrences: tuple[Occurrence, ...] = ()
    conflicts: tuple[str, ...] = ()


class BomDataset(NamedTuple):
    ref: str  # dataset:<id>
    id: str
    name: str
    license: BomLicense | None
    url: str | None


class BomView(NamedTuple):
    models: tuple[BomModel, ...]  # judged models first, then bases; each group by ref
    datasets: tuple[BomDataset, ...]
    uses: tuple[str, ...]
    context: Context
    subject: str  # the manifest, folder or document the BOM is of
    rules_digest: str = ""
    version: str = __version__
    skipped: tuple[tuple[str, str], ...] = ()  # files the scan did not read, with why

    @property
    def judged(self) -> tuple[BomModel, ...]:
        """The models the BOM is of: those judged, and names found in code that nothing judged
        (the rest are bases, listed for the lineage)."""
        return tuple(m for m in self.models if m.verdict is not None or m.occurrences)


def _key(name: str) -> str:
    return name.strip().lower()


def bom_license(lic: License) -> BomLicense:
    return BomLicense(lic.id, lic.name, lic.url or None, lic.spdx, str(lic.family))


def _text_license(text: str, rules: RuleSet | None) -> BomLicense:
    found = rules.find_license(text) if rules else None
    if found is not None:
        return bom_license(found)
    url = text if text.startswith(("http://", "https://")) else None
    return BomLicense(text, text, url, None, None, False)


def _hub(model: Model | None, names: Iterable[str]) -> str | None:
    """The Hub repo id: a name as found or an alias that looks like org/name."""
    candidates = [*names, *(model.aliases if model else ())]
    return next((c for c in candidates if c.count("/") == 1 and ":" not in c and " " not in c), None)


def _declared(item: Assessment, rules: RuleSet | None) -> Declared | None:
    """The license as the model's own sources state it: its evidence, its manifest entry, its card
    as the rules record it."""
    said = [(text, where) for text, where in item.declared if not text.startswith(("http://", "https://"))]
    if said or item.declared:
        text, where = (said or list(item.declared))[0]
        return Declared(text, _text_license(text, rules), where)
    model = item.model
    if model is None:
        return None
    if model.origin is Origin.PROJECT and item.license is not None:
        return Declared(item.license.id, bom_license(item.license), str(model.location or "manifest"))
    card = model.card or (model.sources[0].url if model.sources else str(model.location or "rules"))
    if model.card_license:
        return Declared(model.card_license, _text_license(model.card_license, rules), card)
    if item.license is not None:
        return Declared(item.license.id, bom_license(item.license), card)
    return None


def _concluded(item: Assessment) -> Concluded:
    model = item.model
    if item.license is None or model is None:
        return Concluded(None, "none", item.evidence[0] if item.evidence else "")
    if item.basis == "declared" or model.origin is Origin.DECLARED:
        return Concluded(bom_license(item.license), "declared", ", ".join(item.evidence) or item.query)
    basis = "project" if model.origin is Origin.PROJECT else "rules"
    where = item.period.location if item.period and item.period.location else model.location
    return Concluded(bom_license(item.license), basis, str(where) if where else basis)


def _reason(item: Assessment, use: str) -> str:
    verdict = next((v for v in item.uses if v.use == use), None)
    if verdict is None:
        return ""
    reason = verdict.decided or (verdict.reasons[0] if verdict.reasons else None)
    return reason.text if reason else ""


def _held(item: Assessment, agreements: Sequence[AgreementRef], rules: RuleSet | None) -> tuple[Held, ...]:
    lineage = {lic.id for lic in item.lineage}
    held = []
    for agreement in agreements:
        wanted = rules.find_model(agreement.model) if rules and agreement.model else None
        by_model = agreement.model is not None and (
            (wanted is not None and item.model is not None and wanted.id == item.model.id)
            or _key(agreement.model) == _key(item.query)
        )
        lic = rules.find_license(agreement.license) if rules and agreement.license else None
        if by_model or (lic is not None and lic.id in lineage):
            uses = tuple(sorted(agreement.uses)) if agreement.uses else ()
            held.append(
                Held(
                    agreement.counterparty,
                    agreement.reference,
                    agreement.licensee,
                    agreement.kind or "other",
                    agreement.expires,
                    uses,
                )
            )
    return tuple(held)


class _Builder:
    """Collects models and datasets by ref, each once; bases and datasets come from the rules."""

    def __init__(self, rules: RuleSet | None, as_of: date) -> None:
        self.rules = rules
        self.as_of = as_of
        self.models: dict[str, BomModel] = {}
        self.datasets: dict[str, BomDataset] = {}

    def judged(
        self,
        item: Assessment,
        occurrences: Sequence[Occurrence],
        agreements: Sequence[AgreementRef],
        granted: Mapping[tuple[str, str], str],
    ) -> None:
        model = item.model
        ref = f"model:{_key(model.id if model else item.query)}"
        if ref in self.models and self.models[ref].verdict is not None:
            return
        uses = tuple(
            UseEntry(v.use, v.verdict.label, _reason(item, v.use), granted.get((item.query, v.use)))
            for v in item.uses
        )
        self.models[ref] = BomModel(
            ref=ref,
            name=model.id if model else item.query,
            query=item.query,
            hub=_hub(model, [item.query]),
            title=model.name if model and model.origin is Origin.RULES else None,
            publisher=model.publisher if model and model.origin is Origin.RULES else None,
            released=model.released if model else None,
            declared=_declared(item, self.rules),
            concluded=_concluded(item),
            bases=self.bases(model),
            datasets=self.dataset_refs(model),
            verdict=item.verdict.label,
            uses=uses,
            agreements=_held(item, agreements, self.rules),
            occurrences=tuple(occurrences),
            conflicts=tuple(c.message for c in item.conflicts),
        )

    def loose(self, name: str, occurrences: Sequence[Occurrence]) -> None:
        """A name found in the code that no assessment covers: listed, without a license."""
        ref = f"model:{_key(name)}"
        self.models.setdefault(
            ref,
            BomModel(
                ref,
                name,
                name,
                _hub(None, [name]),
                None,
                None,
                None,
                None,
                Concluded(None, "none", ""),
                (),
                (),
                None,
                occurrences=tuple(occurrences),
            ),
        )

    def bases(self, model: Model | None) -> tuple[str, ...]:
        if model is None:
            return ()
        refs = []
        for base_id in model.base:
            if base_id in HIDDEN:
                continue
            base = self.rules.models.get(base_id) if self.rules else None
            ref = f"model:{_key(base.id if base else base_id)}"
            refs.append(ref)
            if ref not in self.models:
                self.models[ref] = self.base(base, base_id, ref)
        return tuple(refs)

    def base(self, model: Model | None, name: str, ref: str) -> BomModel:
        """A base model as the rules know it on the BOM's date (its own lineage too)."""
        self.models[ref] = BomModel(
            ref, name, name, None, None, None, None, None, Concluded(None, "none", ""), (), (), None
        )
        if model is None or self.rules is None:
            return self.models[ref]
        period = model.license_on(self.as_of)
        lic = self.rules.licenses.get(period.license) if period else None
        card = model.card or (model.sources[0].url if model.sources else "rules")
        concluded = (
            Concluded(
                bom_license(lic),
                "rules",
                str(period.location if period and period.location else model.location or "rules"),
            )
            if lic is not None and lic.id not in HIDDEN
            else Concluded(None, "none", "")
        )
        declared_text = model.card_license or (lic.id if lic is not None and lic.id not in HIDDEN else None)
        declared = (
            Declared(declared_text, _text_license(declared_text, self.rules), card) if declared_text else None
        )
        return BomModel(
            ref=ref,
            name=model.id,
            query=model.id,
            hub=_hub(model, []),
            title=model.name if model.origin is Origin.RULES else None,
            publisher=model.publisher if model.origin is Origin.RULES else None,
            released=model.released,
            declared=declared,
            concluded=concluded,
            bases=self.bases(model),
            datasets=self.dataset_refs(model),
            verdict=None,
        )

    def dataset_refs(self, model: Model | None) -> tuple[str, ...]:
        if model is None:
            return ()
        refs = []
        for dataset_id in model.datasets:
            ref = f"dataset:{_key(dataset_id)}"
            refs.append(ref)
            if ref in self.datasets:
                continue
            dataset = self.rules.datasets.get(dataset_id) if self.rules else None
            lic = self.rules.licenses.get(dataset.license) if self.rules and dataset else None
            self.datasets[ref] = BomDataset(
                ref,
                dataset_id,
                dataset.name if dataset else dataset_id,
                bom_license(lic) if lic else (_text_license(dataset.license, None) if dataset else None),
                dataset.sources[0].url if dataset and dataset.sources else None,
            )
        return tuple(refs)

    def view(self, uses: tuple[str, ...], context: Context, subject: str, digest: str) -> BomView:
        models = sorted(self.models.values(), key=lambda m: (m.verdict is None, m.ref))
        return BomView(tuple(models), tuple(sorted(self.datasets.values())), uses, context, subject, digest)


def _granted(findings: Iterable[Finding]) -> dict[tuple[str, str], str]:
    """(model as named, use) -> the agreement that turned its denial into a note."""
    return {
        (f.model, f.use): f.suppressed_by.reason
        for f in findings
        if f.use and f.suppressed_by is not None and f.suppressed_by.kind is SuppressionKind.AGREEMENT
    }


def _context(ref: Reference) -> str:
    where = f" (cell {ref.cell}, line {ref.cell_line})" if ref.cell is not None else ""
    return f"{ref.kind}: {ref.model}{where}"


def from_check(
    report: CheckReport, rules: RuleSet | None = None, agreements: Sequence[AgreementRef] = ()
) -> BomView:
    """The BOM of a check or scan: every judged model, where the code names it, its lineage and
    datasets (with `rules`), its agreements. A reference no assessment covers is listed alone."""
    owner: dict[str, Assessment] = {}
    for item in report.assessments:
        names = [item.query, *((item.model.id, *item.model.aliases) if item.model else ())]
        for name in names:
            owner.setdefault(_key(name), item)
    found: dict[int, list[Occurrence]] = {}
    loose: dict[str, list[Occurrence]] = {}
    for ref in sorted(report.references, key=lambda r: (r.file, r.line, r.column)):
        match = owner.get(_key(ref.id)) or owner.get(_key(ref.model))
        occurrence = Occurrence(ref.file, ref.line, _context(ref))
        if match is None:
            loose.setdefault(ref.id, []).append(occurrence)
        else:
            found.setdefault(id(match), []).append(occurrence)
    builder = _Builder(rules, report.context.as_of)
    granted = _granted(report.findings)
    for item in report.assessments:
        builder.judged(item, found.get(id(item), []), agreements, granted)
    for name, occurrences in loose.items():
        builder.loose(name, occurrences)
    view = builder.view(report.uses, report.context, report.root or report.manifest, report.rules_digest)
    return view._replace(skipped=tuple(report.skipped or ()))


def from_inspect(report: InspectReport, rules: RuleSet | None = None, subject: str = "inspect") -> BomView:
    """The BOM of an inspection: each artifact judged from its own evidence, found where it lies."""
    builder = _Builder(rules, report.context.as_of)
    for judgement in report.judgements:
        kind = report.kinds.get(judgement.path, "file")
        builder.judged(judgement.assessment, [Occurrence(judgement.path, None, kind)], (), {})
    return builder.view(report.uses, report.context, subject, "")


def as_view(data: CheckReport | InspectReport | BomView) -> BomView:
    """The view a command built (with the rules: lineage, datasets, agreements), or one made from
    the report alone (what a reporter gets when called without one)."""
    if isinstance(data, BomView):
        return data
    if isinstance(data, InspectReport):
        return from_inspect(data)
    return from_check(data)
