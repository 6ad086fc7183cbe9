"""Rule files in, a RuleSet out: loading, checking, and the index that makes it fast.

The face of the package: what commands and projects call. Loading goes through the index
(build.py), built once per state of the rule files and read in place (index.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from licheck.cache.store import digest
from licheck.rulesdb.build import folder_digest, load_indexed
from licheck.rulesdb.folders import RulesDir, bundled_dir, prebuilt

if TYPE_CHECKING:
    from licheck.core.model import RuleSet

__all__ = ["RulesDir", "bundled_dir", "load_cached", "rules_digest", "verify_bundled"]


def load_cached(directories: list[RulesDir]) -> RuleSet:
    """The RuleSet for these folders, from the index when it is current."""

    return load_indexed(directories)


def rules_digest(directories: list[RulesDir]) -> str:
    """The digest of the rules in these folders (each file's path inside its folder and bytes),
    the same for the same rules wherever they are: for reports to carry."""

    parts = [folder_digest(directory) for directory in directories]
    return parts[0] if len(parts) == 1 else digest("\n".join(parts).encode())


def verify_bundled() -> tuple[bool, str, str]:
    """(ok, expected, actual): the digest of the installed rules files against the one recorded
    when the wheel was built. In a checkout nothing was recorded: expected is ''."""

    index = prebuilt(check_code=False)
    expected = str(index.small["digest"]) if index is not None else ""
    actual = folder_digest(bundled_dir(), use_prebuilt=False)
    return expected == actual, expected, actual
