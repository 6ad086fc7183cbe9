"""Evidence for a model the rules do not list, and for its bases link by link: the Hub when the
user asked (`--online`: asked now), else the local Hugging Face cache (always, offline).

A fine-tune of a fine-tune of a model the rules know is judged through every link: each declared
base that the rules do not list is read the same way, up to MAX_CHAIN links, and a link that cannot
be read is said with why (not cached, not on the Hub, too deep)."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path

from licheck.evidence.folder import read_cache_entry
from licheck.evidence.hfcache import cache_root, entry_for
from licheck.evidence.hub import fetch
from licheck.evidence.mapping import hub_name
from licheck.evidence.types import Artifact, Chain

MAX_CHAIN = 8  # links read above a model (the rules' own lineage may go deeper)


def cache_entry(
    repo_id: str, env: Mapping[str, str] | None = None, home: Path | None = None
) -> Artifact | None:
    """The cached snapshot of `repo_id` (ORG/NAME, in any case), read as evidence; None when not cached."""
    root = cache_root(env if env is not None else os.environ, home or Path.home())
    entry = entry_for(root, repo_id)
    return None if entry is None else read_cache_entry(entry)


def find(repo_id: str, online: bool) -> Artifact | None:
    """Evidence for a model: with `online`, what the Hub says now (cached as it lands); else, or
    when the Hub has no such model, its cache entry."""
    if online:
        found = fetch(repo_id)
        if found is not None:
            return found
    return cache_entry(repo_id)


def gather(repo_id: str, online: bool, known: Callable[[str], bool]) -> Chain | None:
    """The model's evidence and its bases' up the chain, until each base is one the rules know
    (`known`); None when the model itself has no evidence."""
    first = find(repo_id, online)
    if first is None:
        return None
    artifacts = [first]
    unreadable: dict[str, str] = {}
    seen = {repo_id.lower()}
    pending = [(first, 1)]
    while pending:
        artifact, depth = pending.pop(0)
        for fact in artifact.declared.base_models:
            base = hub_name(fact.value)
            if not base or base.lower() in seen or known(base):
                continue
            seen.add(base.lower())
            if depth >= MAX_CHAIN:
                unreadable[base.lower()] = f"it is more than {MAX_CHAIN} links above {repo_id}"
                continue
            found = find(base, online)
            if found is None:
                unreadable[base.lower()] = (
                    "neither the Hub nor the Hugging Face cache has it"
                    if online
                    else "it is not in the Hugging Face cache (offline: --online would ask the Hub)"
                )
                continue
            artifacts.append(found)
            pending.append((found, depth + 1))
    return Chain(tuple(artifacts), unreadable)
