"""The Hugging Face cache, offline: which models are there, at which revision, in which folder.

Layout: <cache>/models--ORG--NAME/{refs/main, snapshots/REV/..., blobs/...}; the files of a
snapshot are links into ../../blobs/. Datasets and spaces are ignored; no link that leads out of
a model's own entry is followed.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import NamedTuple

from licheck.core.errors import InputError, Problem
from licheck.evidence._io import read_small

COMMIT = re.compile(r"^[0-9a-f]{40}$")
MAX_ENTRIES = 100_000


class CacheEntry(NamedTuple):
    repo_id: str
    folder: Path  # the models--ORG--NAME folder
    revision: str | None  # the commit refs/main names, when it does
    snapshot: Path | None  # the snapshot folder of that revision
    problems: tuple[Problem, ...] = ()
    fetched: str | None = None  # the day refs/main was last written (YYYY-MM-DD): how old the answer is


def cache_root(env: Mapping[str, str], home: Path) -> Path:
    """HF_HUB_CACHE, else HF_HOME/hub, else XDG_CACHE_HOME/huggingface/hub, else ~/.cache/huggingface/hub."""
    if env.get("HF_HUB_CACHE"):
        return Path(env["HF_HUB_CACHE"]).expanduser()
    if env.get("HF_HOME"):
        return Path(env["HF_HOME"]).expanduser() / "hub"
    if env.get("XDG_CACHE_HOME"):
        return Path(env["XDG_CACHE_HOME"]).expanduser() / "huggingface" / "hub"
    return home / ".cache" / "huggingface" / "hub"


def repo_id_of(folder_name: str) -> str | None:
    """models--ORG--NAME -> ORG/NAME (models--NAME -> NAME); None for anything else."""
    if not folder_name.startswith("models--"):
        return None
    parts = folder_name.removeprefix("models--").split("--", 1)
    if not all(parts):
        return None
    return "/".join(parts)


def list_models(root: Path) -> list[CacheEntry]:
    """Every model entry of the cache, sorted by repo id. A missing cache is an InputError."""
    try:
        entries = sorted(os.scandir(root), key=lambda e: e.name)
    except OSError as error:
        raise InputError(
            [Problem(str(root), None, f"no Hugging Face cache here: {error.strerror or error}")], str(root)
        ) from None
    found = []
    for entry in entries[:MAX_ENTRIES]:
        repo_id = repo_id_of(entry.name)
        if repo_id is None or not entry.is_dir(follow_symlinks=False):
            continue
        found.append(_entry(repo_id, Path(entry.path)))
    return found


def _entry(repo_id: str, folder: Path) -> CacheEntry:
    shown = str(folder)
    ref = folder / "refs" / "main"
    revision = None
    problems: list[Problem] = []
    fetched = None
    if ref.is_file() and not ref.is_symlink():
        fetched = _day(ref)
        try:
            text = (
                read_small(ref, 256, f"{shown}/refs/main", within=folder)
                .decode("ascii", errors="replace")
                .strip()
            )
        except InputError as error:
            problems.extend(error.problems)
            text = ""
        if COMMIT.match(text):
            revision = text
        elif text:
            problems.append(Problem(f"{shown}/refs/main", 1, f"is not a commit hash: {text[:60]!r}"))
    snapshots = folder / "snapshots"
    try:
        revs = sorted(e.name for e in os.scandir(snapshots) if e.is_dir(follow_symlinks=False))
    except OSError:
        revs = []
    if revision is None and len(revs) == 1:
        revision = revs[0]
    elif revision is None:
        problems.append(
            Problem(shown, None, f"no refs/main and {len(revs)} snapshots: which revision is unknown")
        )
    snapshot = snapshots / revision if revision is not None and revision in revs else None
    if revision is not None and snapshot is None:
        problems.append(Problem(shown, None, f"refs/main names {revision}, which has no snapshot"))
    return CacheEntry(repo_id, folder, revision, snapshot, tuple(problems), fetched)


def _day(path: Path) -> str | None:
    try:
        return date.fromtimestamp(path.lstat().st_mtime).isoformat()
    except (OSError, OverflowError, ValueError):
        return None


def entry_for(root: Path, repo_id: str) -> CacheEntry | None:
    """The cache entry of one repo id (matched without regard to case, as the Hub matches ids);
    None when it is not cached or there is no cache."""
    wanted = "models--" + repo_id.strip("/").replace("/", "--")
    exact = root / wanted
    if exact.is_dir() and not exact.is_symlink():
        return _entry(repo_id, exact)
    try:
        names = [e.name for e in os.scandir(root) if e.name.lower() == wanted.lower()]
    except OSError:
        return None
    for name in names:
        folder = root / name
        found = repo_id_of(name)
        if found is not None and folder.is_dir() and not folder.is_symlink():
            return _entry(found, folder)
    return None
