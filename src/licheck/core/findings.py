"""What a project check and a comparison produce: findings with their level and location.

Kept apart from the domain (model.py) so that answering a single question does not build them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from licheck.core.codes import Code, Level
from licheck.core.model import Assessment, Context, License, Location

if TYPE_CHECKING:
    from licheck.core.errors import Problem
    from licheck.evidence.judge import Judgement
    from licheck.scan.found import Reference
    from licheck.views.catalog import Filters, Row

__all__ = ["FINDING_CODES", "CheckReport", "Code", "Comparison", "Finding", "Level", "named"]


class Comparison(NamedTuple):
    """Several models (or licenses) judged for the same uses in the same context."""

    uses: tuple[str, ...]
    context: Context
    assessments: tuple[Assessment, ...]


class LicenseComparison(NamedTuple):
    """Several licenses side by side (`compare --licenses`)."""

    licenses: tuple[License, ...]
    uses: tuple[str, ...]


class LicenseView(NamedTuple):
    """One license's terms and the models under it (`licheck license`)."""

    license: License
    models: tuple[str, ...]


class ModelList(NamedTuple):
    """The models a `licheck list` query selected."""

    rows: tuple[Row, ...]
    filters: Filters
    context: Context


class InspectReport(NamedTuple):
    """What `licheck inspect` found: each artifact judged from its own evidence."""

    judgements: tuple[Judgement, ...]
    context: Context
    kinds: dict[str, str]  # path -> kind of artifact (card, gguf, folder, cache-entry...)
    uses: tuple[str, ...] = ()


class Validation(NamedTuple):
    """What `licheck rules validate` found in valid rules: lint warnings and counts."""

    warnings: tuple[Problem, ...]
    counts: dict[str, Any]


def named(item: Assessment) -> str:
    """A manifest entry as every report of a check names it: as the manifest wrote it, with the id
    it resolved to where that differs ("mosaicml/mpt-7b-chat (id mpt-7b-chat)")."""
    if item.model is None or item.model.id == item.query:
        return item.query
    return f"{item.query} (id {item.model.id})"


class Finding(NamedTuple):
    """One thing a check found about one model (and use), with where the model is named."""

    code: Code
    level: Level
    message: str
    model: str  # the reference as the manifest wrote it: what reports name the model by
    model_id: str | None = None  # the id it resolved to, for tools
    use: str | None = None
    location: Location | None = None
    suppressed: str | None = None  # why a failing finding does not count (an exception, an agreement)


class CheckReport(NamedTuple):
    """Everything `licheck check` (or `scan`) found: the assessments, and the findings the policy
    drew from them; for a scan, the references found in the code too."""

    manifest: str
    uses: tuple[str, ...]
    context: Context
    assessments: tuple[Assessment, ...]
    findings: tuple[Finding, ...]
    references: tuple[Reference, ...] = ()
    root: str | None = None  # the scanned folder, as reports name it
    rules_digest: str = ""  # of the rules the check used: the same rules give the same digest

    @property
    def failed(self) -> bool:
        return any(f.level is Level.ERROR for f in self.findings)

    def findings_for(self, item: Assessment, use: str | None = None) -> list[Finding]:
        """The findings on one manifest entry (and, given a use, those on that use or on the whole model)."""
        return [
            f
            for f in self.findings
            if f.model == item.query
            and (f.location == item.location or f.code in _POLICY_CODES)
            and (use is None or f.use is None or f.use == use)
        ]

    def counts(self) -> dict[str, int]:
        return {level.value: sum(f.level is level for f in self.findings) for level in Level}


# Findings placed where the policy or agreement is written, but about a manifest entry.
_POLICY_CODES = frozenset(
    {Code.EXCEPTION_APPLIED, Code.EXCEPTION_EXPIRED, Code.AGREEMENT_APPLIED, Code.AGREEMENT_EXPIRED}
)

# Every finding code with what it means (from codes.Code, where each is defined once).
FINDING_CODES = {str(code): code.help for code in Code}
