"""The texts a release carries with its models, from what the user has: a model's LICENSE and
NOTICE files in the local Hugging Face cache, the open-source texts the `identify` package ships,
or, for a text licheck may not ship, the address of the text at a fixed commit with its digest.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from licheck.core.errors import InputError
from licheck.core.model import License, Model, RuleSet
from licheck.core.notice import LicenseText, Materials, ModelNotice, UpstreamFile
from licheck.evidence._io import read_small
from licheck.evidence.hfcache import cache_root, entry_for
from licheck.evidence.licensefile import (
    MAX_BYTES,
    fingerprints,
    is_license_file,
    match_text,
    modified_note,
    text_digest,
)
from licheck.evidence.types import Source

MAX_NAMES = 1000  # entries of a snapshot looked at


def materials(rules: RuleSet, found: Sequence[ModelNotice], root: Path | None = None) -> Materials:
    """The license texts and upstream files the notices ask for, from the local cache (`root`,
    else the usual cache folder), the `identify` package, or pinned addresses."""
    root = root or cache_root(os.environ, Path.home())
    texts: dict[str, LicenseText] = {}
    files: dict[tuple[str, str], UpstreamFile] = {}
    for notice in found:
        for owed in notice.owed:
            wanted = [o.ships_file for o in owed.obligations if o.ships_file]
            have = texts.get(owed.license.id)
            needs_text = any(o.ships_text for o in owed.obligations) and (
                have is None or have.origin != "file"
            )
            if not wanted and not needs_text:
                continue
            folder, shown = _snapshot(root, _repo_ids(owed.holder, notice.name if not owed.via else None))
            if needs_text:
                own = _file_text(rules, owed.license, folder, shown) if folder else None
                texts[owed.license.id] = own or have or _fallback(owed.license)
            for name in wanted:
                item = _upstream(folder, shown, owed.holder.id, name) if folder else None
                if item is not None:
                    files[(owed.holder.id, name)] = item
    return Materials(texts, files)


def _repo_ids(model: Model, asked: str | None) -> list[str]:
    names = [asked] if asked and "/" in asked else []
    return list(dict.fromkeys([*names, *(alias for alias in model.aliases if "/" in alias)]))


def _snapshot(root: Path, repo_ids: Iterable[str]) -> tuple[Path | None, str]:
    """The cached snapshot of the first of `repo_ids` the cache holds, and how reports name it
    (ORG/NAME@REVISION in the Hugging Face cache: the same on every machine)."""
    for repo_id in repo_ids:
        entry = entry_for(root, repo_id)
        if entry is not None and entry.snapshot is not None:
            return entry.snapshot, f"{repo_id}@{entry.revision or entry.snapshot.name}"
    return None, ""


def _files(folder: Path) -> list[Path]:
    try:
        names = sorted(entry.name for _, entry in zip(range(MAX_NAMES), os.scandir(folder), strict=False))
    except OSError:
        return []
    return [folder / name for name in names]


def _read(path: Path, within: Path) -> str | None:
    try:
        data = read_small(path, MAX_BYTES, str(path), within)
    except InputError:
        return None
    return data.decode("utf-8", errors="replace").replace("\r\n", "\n").replace("\r", "\n")


def _file_text(rules: RuleSet, lic: License, folder: Path, shown: str) -> LicenseText | None:
    """The model's own LICENSE file when it holds `lic` (or a modified text of it, said so)."""
    for path in _files(folder):
        if not is_license_file(path.name):
            continue
        text = _read(path, folder.parent.parent)
        if text is None:
            continue
        found = match_text(text, Source(str(path)))
        named = found.license or (found.modified.known if found.modified else None)
        known = rules.find_license(named) if named else None
        if known is not None and known.id == lic.id:
            where = f"{path.name} of {shown} in the Hugging Face cache"
            note = modified_note(found.modified) if found.modified and found.modified.material else None
            return LicenseText(lic.id, "file", where, text_digest(text), text, note)
    return None


def _fallback(lic: License) -> LicenseText:
    """The text of `lic` when no model file holds it: the copy `identify` ships (open-source
    texts), else a pinned address with the text's digest, else the license's own address."""
    bundled = _bundled(lic.spdx)
    if bundled is not None:
        return LicenseText(
            lic.id, "bundled", "the copy the identify package ships", text_digest(bundled), bundled
        )
    entry = fingerprints()["licenses"].get(lic.id, {})
    if entry.get("pinned") and entry.get("sha256"):
        return LicenseText(lic.id, "pinned", entry["pinned"], entry["sha256"])
    return LicenseText(lic.id, "link", lic.url)


def _bundled(spdx: str | None) -> str | None:
    if spdx is None:
        return None
    try:
        from identify.vendor.licenses import LICENSES
    except ImportError:  # the optional extra is not installed
        return None
    return dict(LICENSES).get(spdx)


def _upstream(folder: Path, shown: str, holder: str, name: str) -> UpstreamFile | None:
    """The model's own file of that name (NOTICE, NOTICE.txt, NOTICE.md), when it has one."""
    for path in _files(folder):
        stem = path.name.split(".", 1)[0]
        if stem.upper() == name.upper():
            text = _read(path, folder.parent.parent)
            if text is not None:
                where = f"{path.name} of {shown} in the Hugging Face cache"
                return UpstreamFile(name, holder, where, text_digest(text), text)
    return None
