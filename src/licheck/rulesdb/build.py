"""Building the rules index from rule files: a part per file, merged without restoring entries.

A part is one file's entries, each serialised, with the references the checks of meaning read
(rules.refs). In the cache a part is an index file of its own (indexfile.py), keyed by the file's
digest, and the index of a user's folder does not copy the entries: its tables point into the
parts (a value of b"\\0" and a part's slot), so after an edit only the edited file is read again,
and merging the parts, checking them across files and writing the index reads only their refs.
A cold build of a large folder reads its files in a pool of processes. The bundled rules' index
(in the wheel) and an index built without a cache hold their entries themselves.

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

from licheck import __version__
from licheck.cache import folder as cachefs
from licheck.cache.store import FORMAT, code_digest, digest, lookup, read_input, store
from licheck.core.errors import Problem, RulesError
from licheck.core.model import RuleSet
from licheck.rulesdb.entry import DOMAIN, STORED, Entry, raw_value
from licheck.rulesdb.folders import PREBUILT, RulesDir, bundled_dir, prebuilt, prebuilt_key, rule_files
from licheck.rulesdb.index import Parts, ruleset
from licheck.rulesdb.indexfile import Damaged, IndexFile, encode
from licheck.rulesdb.parts import open_index, pieces
from licheck.rulesdb.piece import Piece, Sources


class _Folder(NamedTuple):
    directory: RulesDir
    root: str  # the resolved path
    shown: str  # how entries name the folder: "rules" for the bundled rules, else a placeholder
    files: list[tuple[Path, str, str]]  # path, name inside the folder, digest of its bytes
    prebuilt: IndexFile | None = None


ENTRIES = "entries"  # the prebuilt index's table of every entry's place and refs (one value, "all")

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
    key = f"digests {FORMAT} {root}"
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
    lines = [f"rules index {FORMAT}", f"licheck {__version__}", f"code {code_digest()}"]
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
        return _load(directories)  # no cache, or a problem to report as loading does
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
    found = _cached_ruleset(target, key, relabel, fallback) if target is not None else None
    if found is not None:
        return found
    chunks = _build_or_load(folders, key, where, relabel, directories)
    if isinstance(chunks, RuleSet):
        return chunks
    index = _stored_index(target, key, chunks) if target is not None else None
    return ruleset(index or IndexFile(b"".join(chunks)), relabel, fallback, where)


def _stored_index(target: Path, key: str, chunks: list[bytes]) -> IndexFile | None:
    """Write the index built, prune the cache (never the parts it points into), open it in place."""
    if not cachefs.write(target, chunks):
        return None
    index = _open(target, key)
    parts = (index.small.get("parts") or []) if index is not None else []
    in_use = [target.name, *(name for source, name, _ in parts if source == "cache")]
    cachefs.prune(target.parent, frozenset(in_use))
    return index


def _load(directories: list[RulesDir]) -> RuleSet:
    from licheck.rulesdb.load import load  # YAML and JSON Schema: only when there is no index

    return load(directories)


def _cached_ruleset(
    target: Path, key: str, relabel: Callable[[Any], Any] | None, fallback: _Fallback
) -> RuleSet | None:
    """The rules from the index at `target`, when it is current and whole."""
    index = _open(target, key)
    if index is None:
        return None
    parts = Parts(target.parent, index.small.get("parts") or [])
    if parts.missing():  # a part was pruned, or removed by hand: build the index again
        return None
    try:
        found = ruleset(index, relabel, fallback, target.parent)
    except Exception as error:  # the small values did not restore: rebuild it
        cachefs.warn(f"ignoring damaged rules index {target} ({type(error).__name__}); rebuilding it")
        return None
    cachefs.touch(target)  # pruning removes the least recently used first
    return found


def _build_or_load(
    folders: list[_Folder],
    key: str,
    where: Path | None,
    relabel: Callable[[Any], Any] | None,
    directories: list[RulesDir],
) -> list[bytes] | RuleSet:
    """The index's bytes; or, when a file or the cache cannot be read, the rules loaded from files."""
    try:
        return build(folders, key, where)
    except RulesError as error:
        fix = relabel or (lambda value: value)
        raise RulesError(
            sorted({fix(p) for p in error.problems}, key=lambda p: (p.file, p.line or 0, p.message))
        ) from None
    except OSError:  # a rule file that cannot be read (a link to itself...): loading names it
        return _load(directories)
    except Exception as error:  # a stored part that is not what licheck wrote: do without them
        cachefs.warn(
            f"ignoring damaged cache files in {where} ({type(error).__name__}); loading the rule files"
        )
        return _load(directories)


def _open(target: Path, key: str) -> IndexFile | None:
    return open_index(target, key, "rules index")


class _Fallback:
    """The rules built from their files, for when an index proves damaged while answering."""

    def __init__(self, directories: list[RulesDir]) -> None:
        self.directories = directories
        self.target: Path | None = None
        self._rules: RuleSet | None = None

    def __call__(self) -> RuleSet:
        if self._rules is None:
            from licheck.rulesdb.load import load

            cachefs.warn(f"damaged rules index {self.target}; answering from the rule files")
            if self.target is not None and self.target != PREBUILT:
                cachefs.remove(self.target)
            self._rules = load(self.directories)
        return self._rules


# ---------------------------------------------------------------- building


def build(folders: list[_Folder], key: str, where: Path | None, keep_entries: bool = False) -> list[bytes]:
    """The bytes of the index of these folders (raises RulesError with every problem). With a
    cache folder (`where`), the parts are stored there and the index points into them."""
    from licheck.rulesdb import summaries as indexfast

    sources = Sources()
    pieces = [_pieces(folder, where) for folder in folders]
    for piece in (piece for folder in pieces for piece in folder):
        sources.add(piece)
    empty = any(not folder.files and folder.prebuilt is None for folder in folders)
    made = None if keep_entries or where is None or empty else indexfast.tables(pieces, sources)
    small, tables = made or _checked(folders, pieces, sources)
    small["digest"] = _digest_of(folders[0].files) if len(folders) == 1 else ""
    small["parts"] = sources.listed
    if keep_entries:  # a table of its own: only a merge with a user's folder reads it, not every run
        tables[ENTRIES] = [
            (
                "all",
                marshal.dumps(
                    [
                        (kind, item_id, tuple(place), refs)
                        for folder in pieces
                        for piece in folder
                        for kind, item_id, place, _, refs in piece.entries()[0]
                    ]
                ),
            )
        ]
    return encode(key, small, tables)


def _checked(
    folders: list[_Folder], pieces: list[list[Piece]], sources: Sources
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The small values and tables of the index, every entry checked with its line (raises
    RulesError with every problem)."""
    from licheck.rulesdb import load as rules

    problems: list[Problem] = []
    layers = []
    for folder, parts in zip(folders, pieces, strict=True):
        layer = rules.new_layer()
        if not folder.files and folder.prebuilt is None:
            problems.append(Problem(folder.directory.label, None, "holds no .yaml rule files"))
        for piece in parts:
            entries, found = piece.entries()
            problems += [Problem(*p) for p in found]
            rules.add_entries(layer, map(Entry._make, entries), problems)  # stored in Entry's order
        layers.append(layer)
    merged, overrides = rules.merge(layers)
    names, license_names = rules.check_meaning(merged, problems)
    rules.raise_problems(problems)
    small = {
        "uses": [(k, raw_value(e)) for k, e in merged["uses"].items()],
        "regions": sorted((k, raw_value(e)) for k, e in merged["regions"].items()),
        "overrides": DOMAIN.flatten(tuple(overrides)),  # marshal writes plain tuples only
    }
    tables = {kind: [(k, sources.value(e)) for k, e in merged[kind].items()] for kind in STORED}
    tables["names"] = [(k, v.encode()) for k, v in names.items()]
    tables["license_names"] = [(k, v.encode()) for k, v in license_names.items()]
    tables["tasks"] = _tasks(merged["models"])
    return small, tables


def _tasks(models: dict[str, Any]) -> list[tuple[str, bytes]]:
    """For ranking alternatives without reading every model: task -> params_b -> (id, publisher)."""
    tasks: dict[str, dict[float | None, list[tuple[str, str]]]] = {}
    for entry in models.values():
        task, params_b, publisher = entry.refs[5]
        tasks.setdefault(task or "", {}).setdefault(params_b, []).append((entry.id, publisher))
    return [(task, marshal.dumps(list(by_size.items()))) for task, by_size in tasks.items()]


def _pieces(folder: _Folder, where: Path | None) -> list[Piece]:
    """The folder's parts: the bundled rules' index, or a part per rule file."""
    if folder.prebuilt is not None:
        return [_prebuilt_piece(folder.prebuilt)]
    files = [(str(path), rel, file_digest) for path, rel, file_digest in folder.files]
    return pieces(files, folder.shown, not folder.directory.trusted, where)


def _prebuilt_piece(index: IndexFile) -> Piece:
    """The bundled rules' index as one part, its entries pointing into it."""
    from licheck.rulesdb.summaries import summarize

    small = index.small
    blobs = {"uses": dict(small["uses"]), "regions": dict(small["regions"])}
    raw = index.table(ENTRIES).get("all")
    if raw is None:
        raise Damaged("the prebuilt index lists no entries")
    listed = marshal.loads(raw)
    entries = [
        (kind, item_id, where, index if kind in STORED else blobs[kind][item_id], refs)
        for kind, item_id, where, refs in listed
    ]
    summary = summarize([(kind, item_id, refs) for kind, item_id, _, refs in listed], [])
    return Piece(index, ("prebuilt", "", index.key), (entries, []), summary, blobs)


def build_prebuilt(rules_dir: Path, target: Path) -> str:
    """Validate the bundled rules in full and write their index to `target` (for the wheel).
    Returns the rules' digest, which `licheck rules verify` later checks the installed files against."""
    from licheck.rulesdb.load import load

    directory = RulesDir(rules_dir, "rules")
    load([directory], full=True)  # every check, the schema's too: raises RulesError
    files = _files(directory, remember=False)
    folder = _Folder(directory, str(rules_dir.resolve()), "rules", files)
    target.write_bytes(b"".join(build([folder], prebuilt_key(), None, keep_entries=True)))
    return _digest_of(files)
