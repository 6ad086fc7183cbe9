"""Evidence for a model the rules do not list: the local Hugging Face cache (always, offline),
then the Hub (only when the user asked, `--online`)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from licheck.evidence.folder import read_cache_entry
from licheck.evidence.hfcache import cache_root, entry_for
from licheck.evidence.hub import fetch
from licheck.evidence.types import Artifact


def cache_entry(
    repo_id: str, env: Mapping[str, str] | None = None, home: Path | None = None
) -> Artifact | None:
    """The cached snapshot of `repo_id` (ORG/NAME), read as evidence; None when it is not cached."""

    root = cache_root(env if env is not None else os.environ, home or Path.home())
    entry = entry_for(root, repo_id)
    return None if entry is None else read_cache_entry(entry)


def find(repo_id: str, online: bool) -> Artifact | None:
    """Evidence for a model: its cache entry, else (when online) what the Hub says."""
    found = cache_entry(repo_id)
    if found is not None or not online:
        return found

    return fetch(repo_id)
