"""A model folder, a single file, or a cache entry, read into one Artifact: every fact with its source."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from licheck.core.errors import InputError, Problem
from licheck.evidence.card import read_card
from licheck.evidence.config import load_json, read_adapter_config, read_config
from licheck.evidence.gguf import read_gguf
from licheck.evidence.hfcache import CacheEntry, list_models
from licheck.evidence.licensefile import identify_file, is_license_file
from licheck.evidence.safetensors import read_safetensors
from licheck.evidence.types import Artifact, Declared, Fact, Source, merge

MAX_FILES = 10_000  # entries of a folder looked at
MAX_GGUF = 32
Reader = Callable[[Path, str, Path | None, str | None], Declared]


def kind_of(name: str) -> str | None:
    lower = name.lower()
    if lower == "readme.md":
        return "card"
    if lower == "config.json":
        return "config"
    if lower == "adapter_config.json":
        return "adapter"
    if lower.endswith(".gguf"):
        return "gguf"
    if lower.endswith(".safetensors"):
        return "safetensors"
    if is_license_file(name):
        return "license-file"
    return None


def _license(path: Path, shown: str, within: Path | None, revision: str | None) -> Declared:
    return Declared(license_files=(identify_file(path, shown, within, revision),))


READERS: dict[str, Reader] = {
    "card": read_card,
    "config": read_config,
    "adapter": read_adapter_config,
    "gguf": read_gguf,
    "safetensors": read_safetensors,
    "license-file": _license,
}


def read_target(
    path: Path,
    *,
    within: Path | None = None,
    repo_id: str | None = None,
    revision: str | None = None,
    kind: str | None = None,
) -> Artifact:
    """Read a model folder or one file. Bad files become the artifact's problems, never exceptions."""
    shown = str(path)
    if path.is_dir():
        return _folder(path, within, repo_id, revision, kind or "folder")
    found = kind_of(path.name) or ("card" if path.suffix.lower() == ".md" else None)  # a card by another name
    if found is None:
        problem = Problem(
            shown,
            None,
            "is not a file licheck reads (README.md, config.json, adapter_config.json, LICENSE, .gguf, .safetensors)",
        )
        return Artifact(shown, "folder", Declared(), (problem,), revision)
    declared, problems = _read(found, path, shown, within, revision)
    return Artifact(
        shown, found, merge(_own(repo_id, shown, revision), declared), problems, revision, (shown,)
    )


def _read(
    kind: str, path: Path, shown: str, within: Path | None, revision: str | None
) -> tuple[Declared, tuple[Problem, ...]]:
    try:
        return READERS[kind](path, shown, within, revision), ()
    except InputError as error:
        return Declared(), error.problems


def _own(repo_id: str | None, shown: str, revision: str | None) -> Declared:
    return (
        Declared(repo_id=(Fact(repo_id, Source(shown, "repo id", None, revision)),))
        if repo_id
        else Declared()
    )


def _folder(
    folder: Path, within: Path | None, repo_id: str | None, revision: str | None, kind: str
) -> Artifact:
    try:
        names = sorted(e.name for _, e in zip(range(MAX_FILES), os.scandir(folder), strict=False))
    except OSError as error:
        problem = Problem(str(folder), None, f"cannot be read: {error.strerror or error}")
        return Artifact(str(folder), kind, Declared(), (problem,), revision)
    chosen = [n for n in names if kind_of(n) in ("card", "config", "adapter", "license-file")]
    chosen += [n for n in names if kind_of(n) == "gguf"][:MAX_GGUF]
    chosen += _first_shard(folder, names, within)
    parts = [_own(repo_id, str(folder), revision)]
    problems: list[Problem] = []
    files: list[str] = []
    for name in chosen:
        path = folder / name
        found = kind_of(name)
        assert found is not None
        declared, bad = _read(found, path, str(path), within, revision)
        parts.append(declared)
        problems.extend(bad)
        files.append(str(path))
    return Artifact(str(folder), kind, merge(*parts), tuple(problems), revision, tuple(files))


def _first_shard(folder: Path, names: list[str], within: Path | None) -> list[str]:
    """The one safetensors file whose header is read: the index's first shard, else the first file."""
    shards = [n for n in names if n.endswith(".safetensors")]
    for index in (n for n in names if n.endswith(".safetensors.index.json")):
        try:
            data = load_json(folder / index, str(folder / index), 16 * 1024 * 1024, within)
        except InputError:
            continue
        weight_map = data.get("weight_map") if isinstance(data, dict) else None
        if isinstance(weight_map, dict):
            listed = sorted(str(v) for v in weight_map.values() if str(v) in shards)
            if listed:
                return listed[:1]
    return shards[:1]


def read_cache_entry(entry: CacheEntry) -> Artifact:
    """One model of the Hugging Face cache, at the revision refs/main names."""
    if entry.snapshot is None:
        declared = _own(entry.repo_id, str(entry.folder), entry.revision)
        return Artifact(
            str(entry.folder), "cache-entry", declared, entry.problems, entry.revision, fetched=entry.fetched
        )
    found = _folder(entry.snapshot, entry.folder, entry.repo_id, entry.revision, "cache-entry")
    return found._replace(problems=entry.problems + found.problems, fetched=entry.fetched)


def read_cache(root: Path) -> list[Artifact]:
    """Every model of the cache at `root` (see hfcache.cache_root), read offline."""
    return [read_cache_entry(entry) for entry in list_models(root)]
