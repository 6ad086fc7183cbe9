"""What a project check and a comparison produce: findings with their level and location.

Kept apart from the domain (model.py) so that answering a single question does not build them.
"""

import enum
from typing import NamedTuple

from licheck.model import Assessment, Context, Location


class Comparison(NamedTuple):
    """Several models (or licenses) judged for the same uses in the same context."""

    uses: tuple[str, ...]
    context: Context
    assessments: tuple[Assessment, ...]


class Level(enum.StrEnum):
    ERROR = "error"  # fails the check
    WARNING = "warning"  # reported, does not fail
    NOTE = "note"  # for the record (an exception that applied)


class Finding(NamedTuple):
    """One thing a check found about one model (and use), with where the model is named."""

    code: str
    level: Level
    message: str
    model: str  # the reference as written
    model_id: str | None = None
    use: str | None = None
    location: Location | None = None


class CheckReport(NamedTuple):
    """Everything `licheck check` found: the assessments, and the findings the policy drew from them."""

    manifest: str
    uses: tuple[str, ...]
    context: Context
    assessments: tuple[Assessment, ...]
    findings: tuple[Finding, ...]

    @property
    def failed(self) -> bool:
        return any(f.level is Level.ERROR for f in self.findings)

    def findings_for(self, item: Assessment, use: str | None = None) -> list[Finding]:
        """The findings on one manifest entry (and, given a use, those on that use or on the whole model)."""
        return [
            f
            for f in self.findings
            if f.model == item.query
            and (f.location == item.location or f.code.startswith("exception-"))
            and (use is None or f.use is None or f.use == use)
        ]

    def counts(self) -> dict[str, int]:
        return {level.value: sum(f.level is level for f in self.findings) for level in Level}


# Every finding code, with what it means: the README's table is tested against this.
FINDING_CODES = {
    "use-denied": "the license does not allow a declared use",
    "use-unknown": "the rules do not say whether the license allows a declared use",
    "use-conditional": "the use is allowed only under conditions the context does not settle",
    "model-unknown": "the model is not in the rules",
    "license-denied": "the policy denies the model's license or its family",
    "license-not-allowed": "the policy has an allow-list and the license is not on it",
    "exception-applied": "a policy exception let a failing model pass",
    "exception-expired": "a policy exception matched, but it has expired",
    "exception-unused": "a policy exception matches no model in the manifest",
    "lock-license-changed": "the license in effect differs from the one recorded in licheck.lock",
    "lock-terms-changed": "the license's terms differ from those recorded in licheck.lock",
    "lock-missing": "the model is not in licheck.lock yet",
}
