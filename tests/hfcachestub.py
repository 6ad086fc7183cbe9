"""A Hugging Face cache laid out as huggingface_hub lays it out (blobs, refs, snapshots of links),
for tests that read models from the local cache."""

from __future__ import annotations

from pathlib import Path

REV = "a" * 40


def make_cache(root: Path, cards: dict[str, str]) -> Path:
    """A cache at `root` with one model per entry of `cards` (repo id -> README.md), at REV."""
    for repo, text in cards.items():
        folder = root / ("models--" + repo.replace("/", "--"))
        (folder / "blobs").mkdir(parents=True)
        (folder / "refs").mkdir()
        (folder / "refs" / "main").write_text(REV, encoding="ascii")
        (folder / "blobs" / "e1").write_bytes(text.encode())
        snapshot = folder / "snapshots" / REV
        snapshot.mkdir(parents=True)
        (snapshot / "README.md").symlink_to(Path("..") / ".." / "blobs" / "e1")
    return root
