"""Where rules come from: the bundled folder (and its index prebuilt in the wheel), a user's folders,
and the rule files in each."""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

from licheck import __version__
from licheck.cache import folder as cachefs
from licheck.cache.store import FORMAT, PACKAGE, code_digest
from licheck.rulesdb.indexfile import Damaged, IndexFile

SUFFIXES = (".yaml", ".yml")


MAX_INDEX = 4 << 30  # the largest index mapped (it is never read whole)


class RulesDir(NamedTuple):
    """A folder of rule files, and how its files are named in messages."""

    path: Path
    label: str  # "rules" for the bundled rules, the folder as the user gave it otherwise
    # The rules inside an installed wheel were checked against the schema when they were built and
    # tested; loading them skips that half-second check (`licheck rules validate` still does it).
    trusted: bool = False


def bundled_dir() -> RulesDir:
    """The rules shipped with licheck: inside the installed package, or the checkout's rules/."""
    here = PACKAGE
    packaged = here / "rules"  # the wheel maps the top-level rules/ here
    if packaged.is_dir():
        return RulesDir(packaged, "rules", trusted=True)
    return RulesDir(here.parent.parent / "rules", "rules")


PREBUILT = PACKAGE / "rules.index"  # written into the wheel by hatch_build.py


def rule_files(directory: RulesDir) -> list[tuple[Path, str]]:
    """The rule files under a folder (recursively, hidden ones skipped), sorted, with display names.

    What cannot be read as a file is listed too, whatever its name, so that loading it names the
    problem (fail closed): a FIFO, a socket or a device, a link to a folder (never followed: it
    could loop back on itself), a link that leads nowhere. Other regular files (README.md) are
    not rules and are passed over."""
    found: list[tuple[Path, str]] = []
    label = directory.label.rstrip("/")
    pending = [(str(directory.path), "")]
    while pending:
        folder, prefix = pending.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):
                pending.append((entry.path, f"{prefix}{entry.name}/"))
            elif entry.name.endswith(SUFFIXES) or not _plain_file(entry):
                found.append((Path(entry.path), f"{label}/{prefix}{entry.name}"))
    found.sort(key=lambda item: item[1])
    return found


def _plain_file(entry: os.DirEntry[str]) -> bool:
    """A regular file, or a link to one: what a rule folder may hold besides its rules."""
    try:
        return entry.is_file(follow_symlinks=True)
    except OSError:
        return False


def prebuilt_key() -> str:
    return f"prebuilt index {FORMAT}\nlicheck {__version__}\ncode {code_digest()}"


_opened: list[IndexFile | None] = []


def prebuilt(check_code: bool = True) -> IndexFile | None:
    """The bundled rules' index shipped in the wheel, when present, intact and built by this code."""
    if not _opened:
        data = cachefs.map_file(PREBUILT, MAX_INDEX, owned=False)  # installed: owned by whoever installed
        try:
            _opened.append(IndexFile(data) if data is not None else None)
        except Damaged as error:
            cachefs.warn(f"ignoring the damaged prebuilt rules index {PREBUILT} ({error})")
            _opened.append(None)
    index = _opened[0]
    if index is not None and check_code and index.key != prebuilt_key():
        return None
    return index
