"""Small immutable types for evidence: facts found in files, with where each was found."""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from licheck.core.errors import Problem

KINDS = (
    "card",
    "config",
    "adapter",
    "gguf",
    "safetensors",
    "license-file",
    "folder",
    "cache-entry",
    "sbom-component",
)


class Source(NamedTuple):
    """Where a fact was read: the file, the key inside it, the line and the revision when known."""

    file: str
    key: str | None = None
    line: int | None = None
    revision: str | None = None

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where} ({self.key})" if self.key else where


class Fact(NamedTuple):
    """One value as found (text, not interpreted), with its source."""

    value: str
    source: Source


class RawField(NamedTuple):
    """A field kept as found (JSON-like data), for reports: pipeline_tag, tags, gated, ..."""

    key: str
    value: object
    source: Source


class Modification(NamedTuple):
    """How a LICENSE text differs from the known text it resembles: the sentences it adds (as
    written) and what of the known text it lacks; `material` when the terms may differ."""

    known: str  # the license id of the known text (a rules id, or an SPDX id)
    added: tuple[str, ...]
    removed: tuple[str, ...]
    material: bool


class LicenseMatch(NamedTuple):
    """A license text identified in a file: `license` None means not identified (score kept).
    A text close to a known one but not the same carries `modified`; when the difference is
    material, `license` is None: the known license's reading may not hold."""

    license: str | None
    score: float
    method: str  # "identify" (OSS texts), "fingerprint" (AI licenses), "sentences", "none"
    source: Source
    note: str | None = None
    digest: str | None = None  # of the text, whitespace normalised: a lock tells a changed text by it
    modified: Modification | None = None


class Declared(NamedTuple):
    """Everything a model declares about itself, each fact with its source. Every field is a tuple:
    several files may say different things, and the judge reports when they disagree."""

    license: tuple[Fact, ...] = ()  # ids as found ("llama2", "other", "apache-2.0")
    license_name: tuple[Fact, ...] = ()
    license_link: tuple[Fact, ...] = ()
    base_models: tuple[Fact, ...] = ()
    relation: tuple[Fact, ...] = ()  # adapter | merge | quantized | finetune, as found
    datasets: tuple[Fact, ...] = ()
    repo_id: tuple[Fact, ...] = ()  # the model's own Hub id, when known
    name: tuple[Fact, ...] = ()
    license_files: tuple[LicenseMatch, ...] = ()
    raw: tuple[RawField, ...] = ()
    origins: tuple[Fact, ...] = ()  # names that may be a base: config.json's `_name_or_path`

    def is_empty(self) -> bool:
        return not any(
            (self.license, self.license_name, self.license_link, self.base_models, self.license_files)
        )


def merge(*parts: Declared) -> Declared:
    """One declaration from several: every fact of every part, in order."""
    return Declared._make(
        tuple(item for part in parts for item in part[i]) for i in range(len(Declared._fields))
    )


class Artifact(NamedTuple):
    """One thing on disk that was read: a file, a model folder or a cache entry."""

    path: str
    kind: str  # one of KINDS
    declared: Declared
    problems: tuple[Problem, ...] = ()
    revision: str | None = None
    files: tuple[str, ...] = ()  # the files read, for a folder or cache entry
    fetched: str | None = None  # for a cache entry: the day it was fetched (its answer's age)


class Chain(NamedTuple):
    """A model's evidence and its bases', in the order they were read (the model first)."""

    artifacts: tuple[Artifact, ...]
    unreadable: Mapping[str, str] = {}  # a base's lower-cased repo id -> why it could not be read
