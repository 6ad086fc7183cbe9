"""A Hugging Face cache laid out as huggingface_hub lays it out, for tests: refs/main, a snapshot
of links into blobs/, one model per folder named models--ORG--NAME (the Hub's spelling kept)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

FETCHED = 1_793_491_200  # 2026-11-01: the day the fixture's models were "fetched"


def revision_of(repo_id: str, salt: str = "") -> str:
    """A commit-like revision, the same for the same repository (and salt)."""
    return hashlib.sha1(f"{repo_id}{salt}".encode()).hexdigest()


def cache_model(root: Path, repo_id: str, files: dict[str, str], revision: str | None = None) -> str:
    """Put one model's files in the cache at `root`; returns its revision."""
    revision = revision or revision_of(repo_id)
    folder = root / ("models--" + repo_id.replace("/", "--"))
    snapshot = folder / "snapshots" / revision
    snapshot.mkdir(parents=True, exist_ok=True)
    (folder / "blobs").mkdir(exist_ok=True)
    (folder / "refs").mkdir(exist_ok=True)
    (folder / "refs" / "main").write_text(revision, encoding="ascii")
    os.utime(folder / "refs" / "main", (FETCHED, FETCHED))
    for name, text in files.items():
        blob = folder / "blobs" / hashlib.sha1(text.encode()).hexdigest()
        blob.write_text(text, encoding="utf-8")
        link = snapshot / name
        if link.is_symlink() or link.exists():
            link.unlink()
        link.symlink_to(os.path.relpath(blob, snapshot))
    return revision


def card(license_id: str | None = None, base: str | None = None, relation: str | None = None) -> str:
    """A model card's front matter."""
    lines = ["---"]
    if license_id:
        lines.append(f"license: {license_id}")
    if base:
        lines.append(f"base_model: {base}")
    if relation:
        lines.append(f"base_model_relation: {relation}")
    return "\n".join([*lines, "---", "# A model", ""])
