"""The rule folders a run reads: the bundled one, then the manifest's, then --rules folders,
each checked before it is read; and the rules they hold, from the index."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from licheck.core.errors import UsageError
from licheck.core.model import RuleSet
from licheck.rulesdb import RulesDir, bundled_dir, load_cached


def rule_dirs(
    extra: tuple[Path, ...] | list[Path] | None, from_manifest: tuple[Path, ...] = ()
) -> tuple[RulesDir, ...]:
    """The bundled rule folder, then the manifest's, then --rules folders (later ones win)."""

    directories = [bundled_dir()]
    for path, label in [
        *((p, f"rules folder {p} (named in the manifest)") for p in from_manifest),
        *((p, f"--rules {p}") for p in extra or ()),
    ]:
        kind = path_kind(path, label)
        if kind is None:
            raise UsageError(f"{label}: no such folder")
        if kind != "dir":
            raise UsageError(f"{label}: not a folder")
        directories.append(RulesDir(path, str(path)))
    return tuple(directories)


def load_rules(directories: tuple[RulesDir, ...]) -> RuleSet:
    """The rules of these folders (the bundled ones with the user's on top)."""

    return load_cached(list(directories))


def path_kind(path: Path, label: str) -> str | None:
    """ "dir", "file", "other", or None when nothing is there; a name the system refuses (too long,
    a NUL in it) is bad usage, not a crash."""

    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise UsageError(f"{label}: cannot be used: {reason}") from None
    return "dir" if stat.S_ISDIR(info.st_mode) else "file" if stat.S_ISREG(info.st_mode) else "other"
