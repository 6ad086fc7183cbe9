"""Building the rules index from rule files: a part per file, merged without restoring entries.

A part is one file's entries, each serialised, with the references the checks of meaning read
(rules.refs): merging parts, checking them across files and writing the index never restores an
entry. Parts are stored in the cache keyed by the file's digest, so after an edit only the edited
file is read again; a cold build of a large folder reads its files in a pool of processes.

Entries of a user's folder name their file with a placeholder for the folder ("\\0<resolved
path>\\0/models/x.yaml"), replaced by the folder as the user spelt it when an entry is read: one
index serves a folder given as `rules`, `./rules` or its absolute path.
"""

from __future__ import annotations

import marshal
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from licheck import __version__, cachefs
from licheck.errors import Problem, RulesError
from licheck.index import (
    _FORMAT,
    _MAX_INDEX,
    PREBUILT,
    RulesDir,
    bundled_dir,
    code_digest,
    digest,
    lookup,
    read_input,
    rule_files,
    ruleset,
    store,
)
from licheck.indexfile import Damaged, IndexFile, encode
from licheck.model import RuleSet
from licheck.serial import flatten

Part = tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]  # entries (kind, id, where, bytes, refs), problems
_POOL_FILES = 8  # a cold build of at least this many files and
_POOL_BYTES = 4 << 20  # this many bytes reads them in a process pool


class _Folder(NamedTuple):
    directory: RulesDir
    root: str  # the resolved path
    shown: str  # how entries name the folder: "rules" for the bundled rules, else a placeholder
    files: list[tuple[Path, str, str]]  # path, name inside the folder, digest of its bytes
    prebuilt: IndexFile | None = None


def _prebuilt_key() -> str:
    return f"prebuilt index {_FORMAT}\nlicheck {__version__}\ncode {code_digest()}"


_opened: list[IndexFile | None] = []


def prebuilt(check_code: bool = True) -> IndexFile | None:
    """The bundled rules' index shipped in the wheel, when present, intact and built by this code."""
    if not _opened:
        data = cachefs.map_file(PREBUILT, _MAX_INDEX, owned=False)  # installed: owned by whoever installed
        try:
            _opened.append(IndexFile(data) if data is not None else None)
        except Damaged as error:
            cachefs.warn(f"ignoring the damaged prebuilt rules index {PREBUILT} ({error})")
            _opened.append(None)
    index = _opened[0]
    if index is not None and check_code and index.key != _prebuilt_key():
        return None
    return index


Signature = tuple[int, int, int, int, int]  # device, inode, size, mtime, ctime (ns)
_RACY_NS = 2_000_000_000  # a file changed this recently may change again within the clock's tick


def _files(directory: RulesDir, remember: bool = True) -> list[tuple[Path, str, str]]:
    """Each rule file with its name inside the folder and the digest of its bytes.

    Hashing a large folder's bytes on every run would cost more than the answer, so the digests
    are remembered (in the cache, per folder) beside each file's inode, size, mtime and ctime. Any
    write changes the ctime, and so does setting the mtime back (utime), so an edit that keeps the
    size and mtime is still seen; as in git, a file changed in the last two seconds is not
    remembered, since the clock's tick may hide a second change."""
    root = str(directory.path.resolve())
    where = cachefs.folder(create=True) if remember and not os.environ.get("LICHECK_NO_CACHE") else None
    key = f"digests {_FORMAT} {root}"
    known: dict[str, tuple[Signature, str]] = {}
    if where is not None:
        found = lookup(where, "digests", key, _signatures)
        known = found[0] if found is not None else {}
    now = time.time_ns()
    files, seen, changed = [], {}, False
    for path, shown in rule_files(directory._replace(label="")):
        rel = shown[1:]
        try:
            info = path.stat()
            signature = (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)
        except OSError:
            signature = (0, 0, 0, 0, 0)
        remembered = known.get(rel)
        if remembered is not None and remembered[0] == signature:
            file_digest = remembered[1]
        else:
            try:
                file_digest = digest(read_input(path))
            except OSError as error:  # a link to itself, a FIFO: loading the file names the problem
                file_digest = f"unreadable {error.errno}"
            changed = True
        if signature[4] < now - _RACY_NS:
            seen[rel] = (signature, file_digest)
        else:
            changed = True
        files.append((path, rel, file_digest))
    if where is not None and (changed or len(seen) != len(known)):
        store(where, "digests", key, seen)
    return files


def _signatures(raw: Any) -> dict[str, tuple[Signature, str]]:
    if not isinstance(raw, dict):
        raise ValueError("not a table of digests")
    return raw


def folder_digest(directory: RulesDir, use_prebuilt: bool = True) -> str:
    """The digest of a folder's rules: each file's name inside the folder, and its bytes' digest."""
    index = prebuilt() if use_prebuilt and directory == bundled_dir() and directory.trusted else None
    if index is not None:
        return str(index.small["digest"])
    return _digest_of(_files(directory, remember=use_prebuilt))


def _digest_of(files: list[tuple[Path, str, str]]) -> str:
    return digest("".join(f"{rel} {file_digest}\n" for _, rel, file_digest in files).encode())


def _folder(directory: RulesDir) -> _Folder:
    root = str(directory.path.resolve())
    if directory == bundled_dir():  # its label never changes: entries carry it as it is
        index = prebuilt() if directory.trusted else None
        return _Folder(directory, root, "rules", [] if index else _files(directory), index)
    return _Folder(directory, root, f"\0{root}\0", _files(directory))


def _key(folders: list[_Folder]) -> str:
    lines = [f"rules index {_FORMAT}", f"licheck {__version__}", f"code {code_digest()}"]
    for folder in folders:
        lines.append(f"folder {folder.shown!r} trusted {folder.directory.trusted}")
        if folder.prebuilt is not None:
            lines.append(f"prebuilt {folder.prebuilt.small['digest']}")
        lines += [f"{rel} {file_digest}" for _, rel, file_digest in folder.files]
    return "\n".join(lines)


def relabeller(labels: dict[str, str]) -> Callable[[Any], Any]:
    """A function that puts each folder's name, as the user gave it, in place of its placeholder."""

    def text(value: str) -> str:
        for token, label in labels.items():
            value = value.replace(token, label)
        return value

    def walk(value: Any) -> Any:
        if type(value) is str:
            return text(value) if "\0" in value else value
        if isinstance(value, tuple):
            items = [walk(item) for item in value]
            return type(value)._make(items) if hasattr(value, "_fields") else tuple(items)  # type: ignore[attr-defined]
        if isinstance(value, dict):
            return {key: walk(item) for key, item in value.items()}
        return value

    return walk


def load_indexed(directories: list[RulesDir]) -> RuleSet:
    """The RuleSet for these folders, from the prebuilt index, the cached index, or built."""
    if os.environ.get("LICHECK_NO_CACHE") or not all(d.path.is_dir() for d in directories):
        from licheck.rules import load  # YAML and JSON Schema: only when there is no index

        return load(directories)  # no cache, or a problem to report as loading does
    folders = [_folder(directory) for directory in directories]
    fallback = _Fallback(directories)
    if len(folders) == 1 and folders[0].prebuilt is not None:
        fallback.target = PREBUILT
        return ruleset(folders[0].prebuilt, None, fallback)
    labels = {f.shown: f.directory.label.rstrip("/") for f in folders if f.shown.startswith("\0")}
    relabel = relabeller(labels) if labels else None
    key = _key(folders)
    where = cachefs.folder(create=True)
    target = where / f"rules-{digest(key.encode())[:32]}.index" if where else None
    fallback.target = target
    if target is not None:
        index = _open(target, key)
        found = _ruleset(index, relabel, fallback, target) if index is not None else None
        if found is not None:
            cachefs.touch(target)  # pruning removes the least recently used first
            return found
    try:
        chunks = build(folders, key, where)
    except RulesError as error:
        fix = relabel or (lambda value: value)
        raise RulesError(
            sorted({fix(p) for p in error.problems}, key=lambda p: (p.file, p.line or 0, p.message))
        ) from None
    except OSError:  # a rule file that cannot be read (a link to itself...): loading names it
        from licheck.rules import load

        return load(directories)
    except Exception as error:  # a stored part that is not what licheck wrote: do without them
        from licheck.rules import load

        cachefs.warn(
            f"ignoring damaged cache files in {where} ({type(error).__name__}); loading the rule files"
        )
        return load(directories)
    if target is not None and where is not None and cachefs.write(target, chunks):
        cachefs.prune(where)
        index = _open(target, key)
        if index is not None:
            return ruleset(index, relabel, fallback)
    return ruleset(IndexFile(b"".join(chunks)), relabel, fallback)


def _ruleset(
    index: IndexFile, relabel: Callable[[Any], Any] | None, fallback: _Fallback, target: Path
) -> RuleSet | None:
    try:
        return ruleset(index, relabel, fallback)
    except Exception as error:  # the small values did not restore: rebuild it
        cachefs.warn(f"ignoring damaged rules index {target} ({type(error).__name__}); rebuilding it")
        return None


def _open(target: Path, key: str) -> IndexFile | None:
    data = cachefs.map_file(target, _MAX_INDEX)
    if data is None:
        if cachefs.exists_untrusted(target):
            cachefs.warn(f"ignoring rules index {target} (not a regular file of yours); rebuilding it")
        return None
    try:
        index = IndexFile(data)
    except Damaged as error:
        cachefs.warn(f"ignoring damaged rules index {target} ({error}); rebuilding it")
        return None
    return index if index.key == key else None


class _Fallback:
    """The rules built from their files, for when an index proves damaged while answering."""

    def __init__(self, directories: list[RulesDir]) -> None:
        self.directories = directories
        self.target: Path | None = None
        self._rules: RuleSet | None = None

    def __call__(self) -> RuleSet:
        if self._rules is None:
            from licheck.rules import load

            cachefs.warn(f"damaged rules index {self.target}; answering from the rule files")
            if self.target is not None and self.target != PREBUILT:
                self.target.unlink(missing_ok=True)
            self._rules = load(self.directories)
        return self._rules


# ---------------------------------------------------------------- building


def build(folders: list[_Folder], key: str, where: Path | None, keep_entries: bool = False) -> list[bytes]:
    """The bytes of the index of these folders (raises RulesError with every problem)."""
    from licheck import rules

    problems: list[Problem] = []
    layers = []
    for folder in folders:
        layer = rules.new_layer()
        if folder.prebuilt is not None:
            rules.add_entries(layer, _prebuilt_entries(folder.prebuilt), problems)
        elif not folder.files:
            problems.append(Problem(folder.directory.label, None, "holds no .yaml rule files"))
        for entries, found in _parts(folder, where):
            problems += [Problem(*p) for p in found]
            rules.add_entries(layer, map(rules.Entry._make, entries), problems)  # stored in Entry's order
        layers.append(layer)
    merged, overrides = rules.merge(layers)
    names, license_names = rules.check_meaning(merged, problems)
    rules.raise_problems(problems)
    tasks: dict[str, dict[float | None, list[tuple[str, str]]]] = {}  # task -> params_b -> models
    for entry in merged["models"].values():
        task, params_b, publisher = entry.refs[5]
        tasks.setdefault(task or "", {}).setdefault(params_b, []).append((entry.id, publisher))
    small = {
        "uses": [(k, e.value) for k, e in merged["uses"].items()],
        "regions": sorted((k, e.value) for k, e in merged["regions"].items()),
        "overrides": tuple(overrides),
        "digest": _digest_of(folders[0].files) if len(folders) == 1 else "",
        "entries": [
            (e.kind, e.id, tuple(e.where), e.refs) for layer in merged.values() for e in layer.values()
        ]
        if keep_entries
        else None,
    }
    tables = {
        kind: [(k, e.value) for k, e in merged[kind].items()] for kind in ("licenses", "models", "datasets")
    }
    tables["names"] = [(k, v.encode()) for k, v in names.items()]
    tables["license_names"] = [(k, v.encode()) for k, v in license_names.items()]
    tables["tasks"] = [(task, marshal.dumps(list(by_size.items()))) for task, by_size in tasks.items()]
    return encode(key, small, tables)


def _prebuilt_entries(index: IndexFile) -> list[Any]:
    from licheck.rules import Entry

    small = index.small
    blobs = {"uses": dict(small["uses"]), "regions": dict(small["regions"])}
    out = []
    for kind, item_id, where, refs in small["entries"]:
        value = blobs[kind][item_id] if kind in blobs else index.table(kind).get(item_id)
        out.append(Entry(kind, item_id, where, value, refs))
    return out


def _parts(folder: _Folder, where: Path | None) -> list[Part]:
    check = not folder.directory.trusted
    keys = [
        f"part {_FORMAT} {__version__} {code_digest()} {folder.shown!r}/{rel} {d} {check}"
        for _, rel, d in folder.files
    ]
    found: list[Part | None] = []
    for key in keys:
        hit = lookup(where, "part", key, _part) if where is not None else None
        found.append(hit[0] if hit is not None else None)
    missing = [i for i, part in enumerate(found) if part is None]
    jobs = [(str(folder.files[i][0]), f"{folder.shown}/{folder.files[i][1]}", check) for i in missing]
    for i, part in zip(missing, _run(jobs), strict=True):
        found[i] = part
        if where is not None:
            store(where, "part", keys[i], part)
    return [part for part in found if part is not None]


def _part(raw: Any) -> Part:
    entries, problems = raw
    if not isinstance(entries, list) or not isinstance(problems, list):
        raise ValueError("not a part")
    return entries, problems


def _run(jobs: list[tuple[str, str, bool]]) -> list[Part]:
    size = sum(os.stat(path).st_size for path, _, _ in jobs)
    workers = min(os.cpu_count() or 1, len(jobs))
    if workers < 2 or len(jobs) < _POOL_FILES or size < _POOL_BYTES:
        return [part_of(*job) for job in jobs]
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(workers) as pool:
        return list(pool.map(_job, jobs, chunksize=max(1, len(jobs) // (workers * 4))))


def _job(job: tuple[str, str, bool]) -> Part:
    return part_of(*job)


def part_of(path: str, shown: str, check_schema: bool) -> Part:
    """One file's part: its entries serialised, with their refs, and its problems."""
    from licheck.rules import read_file

    entries, problems = read_file(Path(path), shown, check_schema)
    packed = [(e.kind, e.id, tuple(e.where), marshal.dumps(flatten(e.value)), e.refs) for e in entries]
    return packed, [tuple(p) for p in problems]


def build_prebuilt(rules_dir: Path, target: Path) -> str:
    """Validate the bundled rules in full and write their index to `target` (for the wheel).
    Returns the rules' digest, which `licheck rules verify` later checks the installed files against."""
    from licheck.rules import load

    directory = RulesDir(rules_dir, "rules")
    load([directory], full=True)  # every check, the schema's too: raises RulesError
    files = _files(directory, remember=False)
    folder = _Folder(directory, str(rules_dir.resolve()), "rules", files)
    target.write_bytes(b"".join(build([folder], _prebuilt_key(), None, keep_entries=True)))
    return _digest_of(files)
