"""A model folder, a single file, or a cache entry, read into one Artifact: every fact with its source."""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable
from pathlib import Path

from licheck.core.errors import InputError, Problem
from licheck.evidence._io import no_surrogates
from licheck.evidence.card import read_card
from licheck.evidence.config import read_adapter_config, read_config
from licheck.evidence.gguf import read_gguf
from licheck.evidence.hfcache import CacheEntry, list_models
from licheck.evidence.licensefile import identify_file, is_license_file
from licheck.evidence.safetensors import header_length, read_safetensors
from licheck.evidence.types import Artifact, Declared, Fact, Source, merge

MAX_FILES = 10_000  # entries of a folder looked at
MAX_GGUF = 32
MAX_SHARDS = 4_096  # safetensors files of a folder whose headers are read (a 405B model has 191)
MAX_SHARD_BYTES = 32 * 1024 * 1024  # their headers, in all: as much as one header may be
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
    shown = _shown(path)
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


def _shown(path: Path) -> str:
    """A path as reports show it: bytes of a name that are not UTF-8 (lone surrogates, as the file
    system hands them over) become U+FFFD, so no report is invalid UTF-8 or fails to encode."""
    text = str(path)
    return text if text.isprintable() else str(no_surrogates(text))


MODEL_KINDS = ("card", "config", "adapter", "gguf", "safetensors")  # what makes a folder a model's


def model_folders(path: Path) -> list[Path]:
    """The model folders a target names: itself when it is a file or holds a model's files (a card,
    a config, weights), else each folder inside it that does (a folder of several models), else
    itself (read as it is, and said to hold nothing usable)."""
    if not path.is_dir() or _holds_model(path):
        return [path]
    try:
        with os.scandir(path) as entries:
            inner = sorted(
                Path(e.path)
                for e in itertools.islice(entries, MAX_FILES)
                if e.is_dir(follow_symlinks=False) and not e.name.startswith(".")
            )
    except OSError:
        return [path]
    found = [folder for folder in inner if _holds_model(folder)]
    return found or [path]


def _holds_model(folder: Path) -> bool:
    try:
        with os.scandir(folder) as entries:
            return any(kind_of(e.name) in MODEL_KINDS for e in itertools.islice(entries, MAX_FILES))
    except OSError:
        return False


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
        names = sorted(e.name for _, e in zip(range(MAX_FILES + 1), os.scandir(folder), strict=False))
    except OSError as error:
        problem = Problem(_shown(folder), None, f"cannot be read: {error.strerror or error}")
        return Artifact(_shown(folder), kind, Declared(), (problem,), revision)
    chosen = [n for n in names if kind_of(n) in ("card", "config", "adapter", "license-file")]
    ggufs = [n for n in names if kind_of(n) == "gguf"]
    shards = [n for n in names if kind_of(n) == "safetensors"]
    chosen += ggufs[:MAX_GGUF] + shards[:MAX_SHARDS]
    parts = [_own(repo_id, _shown(folder), revision)]
    problems = _unread(folder, names, ggufs, shards, within)  # what is not read may say more
    files: list[str] = []
    for name in chosen:
        path = folder / name
        found = kind_of(name)
        assert found is not None
        declared, bad = _read(found, path, _shown(path), within, revision)
        parts.append(declared)
        problems.extend(bad)
        files.append(_shown(path))
    return Artifact(_shown(folder), kind, merge(*parts), tuple(problems), revision, tuple(files))


def _unread(
    folder: Path, names: list[str], ggufs: list[str], shards: list[str], within: Path | None
) -> list[Problem]:
    """A problem for each part of a folder that is too large to read whole: its files past
    MAX_FILES, its GGUF files past MAX_GGUF, its safetensors headers past MAX_SHARDS or
    MAX_SHARD_BYTES in all. Every shard's header is read: one may declare what another does not."""
    shown = _shown(folder)
    found = []
    if len(names) > MAX_FILES:
        found.append(f"holds more than {MAX_FILES} files; licheck read the first {MAX_FILES}")
    if len(ggufs) > MAX_GGUF:
        found.append(f"holds {len(ggufs)} GGUF files; licheck read the first {MAX_GGUF}")
    if len(shards) > MAX_SHARDS:
        found.append(f"holds {len(shards)} safetensors files; licheck read the first {MAX_SHARDS}")
    total = sum(header_length(folder / name, within) for name in shards[:MAX_SHARDS])
    if total > MAX_SHARD_BYTES:
        found.append(
            f"its safetensors headers hold {total} bytes, more than the {MAX_SHARD_BYTES >> 20} MiB licheck reads"
        )
    return [Problem(shown, None, text) for text in found]


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
