"""What `licheck check` (and `scan`) produce: the assessments and the findings the policy drew."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from licheck.core.codes import Code, Level
from licheck.core.findings import Finding
from licheck.core.model import Assessment, Context

if TYPE_CHECKING:
    from licheck.scan.found import Reference


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
    skipped: tuple[tuple[str, str], ...] | None = (
        None  # what the scan did not read (file, why); None: no scan
    )
    command: str = "check"  # the command that made it: "scan" judges the code alone, with no manifest

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
