"""What a check finds: a finding, with its code, level and location, and what suppressed it.

Kept apart from the domain (model.py) so that answering a single question does not build them.
"""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple

from licheck.core.codes import Code, Level
from licheck.core.model import Assessment, Location

__all__ = ["FINDING_CODES", "Code", "Finding", "Level", "Suppression", "SuppressionKind", "named"]


class SuppressionKind(StrEnum):
    """What lets a failing finding pass."""

    EXCEPTION = "exception"  # a policy exception
    AGREEMENT = "agreement"  # an agreement the team holds with the licensor


class Suppression(NamedTuple):
    """Why a failing finding does not count."""

    kind: SuppressionKind
    reason: str  # the exception's reason, or the agreement's counterparty and reference

    def __str__(self) -> str:
        """The justification reports give (SARIF's `suppressions`)."""
        return f"policy exception: {self.reason}" if self.kind is SuppressionKind.EXCEPTION else self.reason

    @property
    def mark(self) -> str:
        """How a report marks the finding's message: [excepted], [agreement]."""
        return "[excepted]" if self.kind is SuppressionKind.EXCEPTION else "[agreement]"


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
    suppressed_by: Suppression | None = None  # why a failing finding does not count

    @property
    def text(self) -> str:
        """The message as reports print it, marked when an exception or agreement suppressed it."""
        return self.message if self.suppressed_by is None else f"{self.message} {self.suppressed_by.mark}"


# Every finding code with what it means (from codes.Code, where each is defined once).
FINDING_CODES = {str(code): code.help for code in Code}
