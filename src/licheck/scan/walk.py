"""The walk: which files of a tree to read, honouring .gitignore and .licheckignore, never leaving the tree."""

from __future__ import annotations

import os
from collections.abc import Iterator

from licheck.scan.ids import words
from licheck.scan.ignore import Rules, ignored, parse

IGNORE_FILES = (".gitignore", ".licheckignore")
SKIP_DIRS = frozenset(
    {".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv", ".tox", ".nox", ".mypy_cache",
     ".pytest_cache", ".ruff_cache", "site-packages", ".ipynb_checkpoints", ".eggs"}
)  # fmt: skip
# Files that are binary by their name: not worth opening.
BINARY_SUFFIXES = words(
    ".safetensors .bin .pt .pth .ckpt .gguf .onnx .h5 .pb .tflite .npy .npz .pkl .pickle .parquet .arrow "
    ".png .jpg .jpeg .gif .webp .ico .bmp .tiff .pdf .zip .gz .tgz .bz2 .xz .zst .tar .7z .whl .so .dylib "
    ".dll .exe .o .a .pyc .class .jar .wasm .mp3 .mp4 .wav .flac .ogg .mov .avi .woff .woff2 .ttf .otf "
    ".sqlite .db .msgpack"
)


class Walk:
    """Yields (relative path, absolute path) for every file to read; collects what it skipped on the way."""

    def __init__(self, root: str) -> None:
        self.root = os.path.realpath(root)
        self.skipped: list[tuple[str, str]] = []
        self.binary = 0
        self._seen: set[tuple[int, int]] = set()

    def files(self) -> Iterator[tuple[str, str]]:
        if os.path.isfile(self.root):  # one file: shown by its name
            yield os.path.basename(self.root), self.root
            return
        yield from self._walk(self.root, "", self._rules([], self.root, ""))

    def _rules(self, stack: list[Rules], folder: str, rel: str) -> list[Rules]:
        added = list(stack)
        names = [*IGNORE_FILES, *([os.path.join(".git", "info", "exclude")] if not rel else [])]
        for name in names:
            try:
                with open(os.path.join(folder, name), encoding="utf-8", errors="replace") as handle:
                    rules = parse(handle.read(), rel)
            except OSError:
                continue
            if rules is not None:
                added.append(rules)
        return added

    def _inside(self, path: str) -> str | None:
        """The real path of a link's target when it stays in the tree, else None."""
        real = os.path.realpath(path)
        return real if real == self.root or real.startswith(self.root + os.sep) else None

    def _walk(self, folder: str, rel: str, stack: list[Rules]) -> Iterator[tuple[str, str]]:
        try:
            info = os.stat(folder)
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as error:
            self.skipped.append((rel or ".", f"unreadable: {error.strerror or error}"))
            return
        key = (info.st_dev, info.st_ino)
        if key in self._seen:
            return  # a link loop, or a folder reached twice
        self._seen.add(key)
        for entry in entries:
            path = f"{rel}/{entry.name}" if rel else entry.name
            try:
                link = entry.is_symlink()
                is_dir = entry.is_dir()
            except OSError:
                continue
            if link and self._inside(entry.path) is None:
                self.skipped.append((path, "a link out of the tree"))
                continue
            if is_dir:
                if entry.name in SKIP_DIRS or ignored(stack, path, True):
                    continue
                if any(
                    os.path.exists(os.path.join(entry.path, mark)) for mark in ("pyvenv.cfg", "conda-meta")
                ):
                    continue  # a virtualenv or a conda environment
                yield from self._walk(entry.path, path, self._rules(stack, entry.path, path))
            elif entry.is_file() and not ignored(stack, path, False):
                if os.path.splitext(entry.name)[1].lower() in BINARY_SUFFIXES:
                    self.binary += 1
                elif not link:  # a link to a file of the tree: the file is read where it is
                    yield path, entry.path
