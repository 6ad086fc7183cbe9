"""The walk: which files of a tree to read, never leaving the tree.

In a git work tree, every file git tracks is read, whatever .gitignore says and wherever it is
(a committed file in an ignored or vendored folder is still code that ships); .gitignore decides
only for the files git does not track. Without git, .gitignore and .git/info/exclude apply to all.
.licheckignore always applies: it is the project's own word to licheck.

Folders of dependencies and environments are left out (node_modules, site-packages, a virtualenv
recognised by what makes one: a pyvenv.cfg with its `home =` key beside an interpreter or a
lib/pythonX.Y folder; a conda environment by its conda-meta/history), and named in the result.
Anything that is not a regular file is never opened for reading as one (a FIFO named .gitignore
cannot hang the walk) and is named too.
"""

from __future__ import annotations

import glob
import os
import re
from collections.abc import Iterator
from typing import NamedTuple

from licheck.scan.gitindex import IndexError_, Tracked, find_git, tracked
from licheck.scan.ids import words
from licheck.scan.ignore import Rules, ignored, parse
from licheck.scan.read import kind_of, read_small

IGNORE_FILES = (".gitignore", ".licheckignore")
MAX_IGNORE_FILE = 1 << 20  # bytes
SKIP_DIRS = frozenset(
    {".git", ".hg", ".svn", "__pycache__", ".tox", ".nox", ".mypy_cache", ".pytest_cache", ".ruff_cache",
     ".ipynb_checkpoints", ".eggs"}
)  # fmt: skip
# Folders of other people's code, named in the result when left out.
DEPENDENCY_DIRS = frozenset({"node_modules", "site-packages"})
# Files that are binary by their name: not worth opening.
BINARY_SUFFIXES = words(
    ".safetensors .bin .pt .pth .ckpt .gguf .onnx .h5 .pb .tflite .npy .npz .pkl .pickle .parquet .arrow "
    ".png .jpg .jpeg .gif .webp .ico .bmp .tiff .pdf .zip .gz .tgz .bz2 .xz .zst .tar .7z .whl .so .dylib "
    ".dll .exe .o .a .pyc .class .jar .wasm .mp3 .mp4 .wav .flac .ogg .mov .avi .woff .woff2 .ttf .otf "
    ".sqlite .db .msgpack"
)
_HOME = re.compile(rb"^[ \t]*home[ \t]*=", re.MULTILINE)


def environment(folder: str) -> str | None:
    """What kind of environment `folder` is ("a virtualenv", "a conda environment"), or None."""
    config = os.path.join(folder, "pyvenv.cfg")
    if os.path.lexists(config):
        data = read_small(config, 65536)
        interpreter = any(
            os.path.exists(os.path.join(folder, *p))
            for p in (("bin", "python"), ("bin", "python3"), ("Scripts", "python.exe"))
        ) or bool(glob.glob(os.path.join(glob.escape(folder), "lib", "python*")))
        if isinstance(data, bytes) and _HOME.search(data) and interpreter:
            return "a virtualenv"
    history = os.path.join(folder, "conda-meta", "history")
    if os.path.isfile(history) and not os.path.islink(history):
        return "a conda environment"
    return None


class _Frame(NamedTuple):
    entries: Iterator[os.DirEntry[str]]
    rel: str
    stack: list[Rules]  # every ignore file's rules above and in the folder
    own: list[Rules]  # .licheckignore's among them
    hidden: bool  # the folder is left out: only what git tracks in it is read


class Walk:
    """Yields (relative path, absolute path) for every file to read; collects what it skipped on the way."""

    def __init__(self, root: str) -> None:
        self.root = os.path.realpath(root)
        self.skipped: list[tuple[str, str]] = []
        self.binary = 0
        self._seen: set[tuple[int, int]] = set()
        self.git = self._tracked()

    def _tracked(self) -> Tracked | None:
        """What git tracks under the root, as paths relative to it; None outside a work tree."""
        found = find_git(self.root)
        if found is None:
            return None
        top, gitdir = found
        try:
            every = tracked(top, gitdir)
        except IndexError_ as error:
            self.skipped.append((".git/index", f"{error}: .gitignore applied to every file"))
            return None
        rel = os.path.relpath(self.root, top).replace(os.sep, "/")
        if rel == ".":
            return every
        prefix = rel + "/"
        files = frozenset(f[len(prefix) :] for f in every.files if f.startswith(prefix))
        folders = frozenset(d[len(prefix) :] for d in every.folders if d.startswith(prefix)) | {""}
        return Tracked(self.root, files, folders)

    def files(self) -> Iterator[tuple[str, str]]:
        if os.path.isfile(self.root):  # one file: shown by its name
            yield os.path.basename(self.root), self.root
            return
        if os.path.exists(self.root) and not os.path.isdir(self.root):
            mode = os.stat(self.root).st_mode
            self.skipped.append((os.path.basename(self.root), f"not a regular file ({kind_of(mode)})"))
            return
        yield from self._walk(self.root, "", self._rules([], self.root, ""), False)

    def _rules(self, stack: list[Rules], folder: str, rel: str) -> list[Rules]:
        added = list(stack)
        names = [*IGNORE_FILES, *([os.path.join(".git", "info", "exclude")] if not rel else [])]
        for name in names:
            path = os.path.join(folder, name)
            if not os.path.lexists(path):
                continue
            data = (
                "a link (git does not follow one either)"
                if os.path.islink(path)
                else read_small(path, MAX_IGNORE_FILE)
            )
            if isinstance(data, str):
                shown = f"{rel}/{name}" if rel else name.replace(os.sep, "/")
                self.skipped.append((shown, f"{data}: its rules were not read"))
                continue
            rules = parse(data.decode("utf-8", "replace"), rel, git=name != ".licheckignore")
            if rules is not None:
                added.append(rules)
        return added

    def _inside(self, path: str) -> str | None:
        """The real path of a link's target when it stays in the tree, else None."""
        real = os.path.realpath(path)
        return real if real == self.root or real.startswith(self.root + os.sep) else None

    def _is_tracked(self, path: str, folder: bool = False) -> bool:
        return self.git is not None and path in (self.git.folders if folder else self.git.files)

    def _walk(self, folder: str, rel: str, stack: list[Rules], hidden: bool) -> Iterator[tuple[str, str]]:
        """Depth first, in name order, with a stack of its own: no tree is too deep for it."""
        frames = [frame] if (frame := self._open(folder, rel, stack, hidden)) else []
        while frames:
            entry = next(frames[-1].entries, None)
            if entry is None:
                frames.pop()
                continue
            found = self._visit(entry, frames[-1])
            if isinstance(found, _Frame):
                frames.append(found)
            elif found is not None:
                yield found

    def _visit(self, entry: os.DirEntry[str], top: _Frame) -> _Frame | tuple[str, str] | None:
        """What an entry of a folder gives: a folder to walk, a file to read, or nothing (what is
        left out is noted on the way)."""
        path = f"{top.rel}/{entry.name}" if top.rel else entry.name
        try:
            link = entry.is_symlink()
            is_dir = entry.is_dir()
            is_file = entry.is_file()
            mode = 0 if is_dir or is_file or link else entry.stat(follow_symlinks=False).st_mode
        except OSError:
            return None
        if link and self._inside(entry.path) is None:
            self.skipped.append((path, "a link out of the tree"))
            return None
        if is_dir:
            return self._folder(entry, path, top)
        if not is_file:
            if not link and not (ignored(top.stack, path, False) and not self._is_tracked(path)):
                self.skipped.append((path, f"not a regular file ({kind_of(mode)})"))
            return None
        tracked = self._is_tracked(path)
        if ignored(top.own, path, False) if tracked else (top.hidden or ignored(top.stack, path, False)):
            return None
        return self._file(entry, path, link)

    def _open(self, folder: str, rel: str, stack: list[Rules], hidden: bool) -> _Frame | None:
        """A folder to walk: its entries in name order, the ignore rules over it; None when it cannot
        be read or was walked already (a link loop)."""
        try:
            info = os.stat(folder)
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as error:
            self.skipped.append((rel or ".", f"unreadable: {error.strerror or error}"))
            return None
        key = (info.st_dev, info.st_ino)
        if key in self._seen:
            return None
        self._seen.add(key)
        own = [r for r in stack if not r.git]  # .licheckignore: it applies to tracked files too
        return _Frame(iter(entries), rel, stack, own, hidden)

    def _folder(self, entry: os.DirEntry[str], path: str, parent: _Frame) -> _Frame | None:
        """The frame of a subfolder to walk (`hidden` when only what git tracks in it is read), or None."""
        if entry.name == ".git" or ignored(parent.own, path, True):
            return None
        why = "" if parent.hidden else self._left_out(entry, path, parent.stack)
        if why is None:
            return self._open(entry.path, path, self._rules(parent.stack, entry.path, path), parent.hidden)
        if self._is_tracked(path, folder=True):
            return self._open(entry.path, path, self._rules(parent.stack, entry.path, path), True)
        if why:
            self.skipped.append((path, why))
        return None

    def _left_out(self, entry: os.DirEntry[str], path: str, stack: list[Rules]) -> str | None:
        """Why a folder is left out ("" when it says nothing worth naming), or None when it is walked."""
        if entry.name in SKIP_DIRS or ignored(stack, path, True):
            return ""
        if entry.name in DEPENDENCY_DIRS:
            return f"dependencies ({entry.name})"
        return environment(entry.path)

    def _file(self, entry: os.DirEntry[str], path: str, link: bool) -> tuple[str, str] | None:
        if os.path.splitext(entry.name)[1].lower() in BINARY_SUFFIXES:
            self.binary += 1
            return None
        return None if link else (path, entry.path)  # a link to a file of the tree: read where it is
