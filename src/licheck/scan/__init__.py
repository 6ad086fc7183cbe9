"""Find the models a repository uses, with file and line.

    scan(root, max_bytes=2_000_000, jobs=None) -> ScanResult    # walk a tree (Ctrl-C: what was found so far)
    scan_file(file, path, max_bytes) -> (references, why skipped or not fully read, or None)
    scan_text(text, file) -> list[Reference]                      # one file's content, nothing read

The walk (walk.py) honours .gitignore and .licheckignore (ignore.py), skips .git, node_modules,
virtualenvs, binaries, big files and links out of the tree; with 2+ CPUs many files are read by a
pool of processes. patterns.py and calls.py find the names, ids.py tells a model from a path, a
placeholder or an API name, notebook.py maps notebook cells to file lines.
"""

from __future__ import annotations

import bisect
import itertools
import os
import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from licheck.scan.found import Reference, ScanResult
from licheck.scan.own import licheck_report
from licheck.scan.read import Skip, read_text

if TYPE_CHECKING:
    from licheck.scan.calls import Hit
    from licheck.scan.notebook import Cell

__all__ = ["MAX_BYTES", "Reference", "ScanResult", "scan", "scan_file", "scan_text"]

MAX_BYTES = 2_000_000
# A pool of processes pays with many files: on this 2-core machine, 20,000 files scan in 716 ms
# with two processes against 1,127 ms with one (bench/bench_scan.py, a quiet machine; under heavy
# load from other processes the pool gained nothing), so it starts from 2 CPUs and 2000 files.
_POOL_FROM = 2000
_POOL_CPUS = 2
_CHUNK = 200


def _style(file: str) -> str:
    name = file.rsplit("/", 1)[-1]
    lower = name.lower()
    if lower.endswith((".py", ".pyi", ".pyw")):
        return "python"
    if lower.endswith(".ipynb"):
        return "notebook"
    if lower.endswith((".md", ".mdx", ".markdown", ".rst")):
        return "markdown"
    if lower == "modelfile" or lower.startswith("modelfile.") or lower.endswith(".modelfile"):
        return "modelfile"
    return "text"


def scan_text(text: str, file: str) -> list[Reference]:
    """The references in one file's text; `file` (relative, with /) names it and picks the rules."""
    return _scan_text(text, file, _style(file))[0]


def _scan_text(text: str, file: str, style: str) -> tuple[list[Reference], bool]:
    """The references, and whether the file is a notebook whose cells could not be read."""
    from licheck.scan.patterns import find

    refs: list[Reference] = []
    unread = False
    if style == "notebook":
        from licheck.scan.notebook import cells, parse, programs

        document = parse(text)
        sources = programs(document)
        hits = {kind: find(source, _CELL_STYLES[kind]) for kind, source in (sources or {}).items()}
        if sources is not None and not any(hits.values()):
            return [], False  # most notebooks: no need for the slow parse that keeps positions
        found = cells(text, document) if sources is not None else None
        if found is not None:  # the cells of a kind, joined, are the program the hits were found in
            return _unique(
                [
                    ref
                    for kind in hits
                    for ref in _notebook([c for c in found if c.kind == kind], file, hits[kind])
                ]
            ), False
        unread, style = True, "text"
    line, at, line_start = 1, 0, 0
    for hit in sorted(find(text, style)):
        newlines = text.count("\n", at, hit.offset)
        if newlines:
            line += newlines
            line_start = text.rfind("\n", at, hit.offset) + 1
        at = hit.offset
        refs.append(Reference(file, line, hit.offset - line_start + 1, hit.written, hit.id, hit.kind))
    return _unique(refs), unread


_CELL_STYLES = {"code": "python", "markdown": "markdown"}


def _notebook(cells: list[Cell], file: str, hits: list[Hit]) -> list[Reference]:
    """Cells of one kind, read as one text (the code cells as one program: a name assigned in one
    cell is used in the next; the markdown cells as one document), and the hits found in it."""
    if not cells or not hits:
        return []
    program = "\n".join(cell.source for cell in cells)
    firsts = []  # where each cell starts in `program`
    at = 0
    for cell in cells:
        firsts.append(at)
        at += len(cell.source) + 1
    starts = _line_starts(program)
    refs = []
    for hit in hits:
        number = bisect.bisect_right(firsts, hit.offset) - 1
        cell = cells[number]
        first_line = bisect.bisect_right(starts, firsts[number]) - 1
        index = bisect.bisect_right(starts, hit.offset) - 1
        in_cell = index - first_line
        disk = cell.disk_lines[min(in_cell, len(cell.disk_lines) - 1)]
        column = hit.offset - starts[index] + 1
        refs.append(Reference(file, disk, column, hit.written, hit.id, hit.kind, cell.number, in_cell + 1))
    return refs


def _line_starts(text: str) -> list[int]:
    return [0, *(m.end() for m in re.finditer("\n", text))]


def _unique(refs: list[Reference]) -> list[Reference]:
    """One reference per model and line (the first rule to find it names its kind), in order."""
    seen: set[tuple[int, str]] = set()
    out = []
    for ref in refs:
        if (ref.line, ref.id) not in seen:
            seen.add((ref.line, ref.id))
            out.append(ref)
    return sorted(out, key=lambda r: (r.line, r.column))


def scan_file(file: str, path: str, max_bytes: int = MAX_BYTES) -> tuple[list[Reference], str | None]:
    """The references in the file at `path` (shown as `file`), and why it was skipped (or None)."""
    style = _style(file)
    text = read_text(path, max_bytes, notebook=style == "notebook")
    if isinstance(text, Skip):
        return [], text.why
    report = licheck_report(text)
    if report is not None:
        return [], f"a licheck report ({report}): not code"
    found, unread = _scan_text(text, file, style)
    if unread:  # a notebook whose cells could not be read: what its text gave, and why
        from licheck.scan.notebook import damaged

        return found, damaged(text)
    return found, None


def _scan_chunk(
    chunk: Sequence[tuple[str, str]], max_bytes: int
) -> tuple[list[Reference], list[tuple[str, str]]]:
    refs: list[Reference] = []
    skipped = []
    for file, path in chunk:
        found, why = scan_file(file, path, max_bytes)
        refs.extend(found)
        if why is not None:
            skipped.append((file, why))
    return refs, skipped


def _quiet() -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops us


def scan(root: str | os.PathLike[str], *, max_bytes: int = MAX_BYTES, jobs: int | None = None) -> ScanResult:
    """Every model reference under `root`. Ctrl-C stops it; the result then says `interrupted`.

    `jobs`: processes to read with (None: one per CPU from 2 CPUs and 2000 files on, else one);
    the walk goes on while the pool reads what it has already found.
    """
    from licheck.scan.walk import Walk

    walk = Walk(os.fspath(root))
    refs: list[Reference] = []
    skipped: list[tuple[str, str]] = []
    interrupted = False
    read = 0
    try:
        found_files = walk.files()
        first = list(itertools.islice(found_files, _POOL_FROM))
        cpus = os.cpu_count() or 1
        workers = jobs or (cpus if cpus >= _POOL_CPUS else 1)
        if workers <= 1 or len(first) < _POOL_FROM:
            for file, path in itertools.chain(first, found_files):
                found, why = scan_file(file, path, max_bytes)
                refs.extend(found)
                read += 1
                if why is not None:
                    skipped.append((file, why))
        else:  # the walk goes on while the pool reads what it has found
            read = _pooled(itertools.chain(first, found_files), max_bytes, workers, refs, skipped)
    except KeyboardInterrupt:
        interrupted = True
    except _Interrupted as stop:
        interrupted, read = True, stop.read
    binary = walk.binary + sum(why == "binary" for _, why in skipped)
    kept = [(_shown(f), _binary_why(f) if why == "binary" else why) for f, why in walk.skipped + skipped]
    kept = [(f, why) for f, why in kept if why != "binary"]
    refs = [r if r.file.isprintable() else r._replace(file=_shown(r.file)) for r in refs]
    refs.sort(key=lambda r: (r.file, r.line, r.column))
    return ScanResult(
        walk.root,
        tuple(refs),
        read - sum(1 for _, why in skipped),
        binary,
        tuple(sorted(kept)),
        interrupted,
    )


def _shown(name: str) -> str:
    """A file name as reports show it: bytes that are not UTF-8 (which the file system hands over
    as lone surrogates) become U+FFFD, so no report is invalid UTF-8 or fails to encode."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


# Names of code and configuration: such a file with NUL bytes in it is named when it is left out as
# binary (code that hides behind a NUL byte is seen), other binary files are only counted.
_CODE_SUFFIXES = frozenset(
    [
        ".py",
        ".pyi",
        ".pyw",
        ".ipynb",
        ".js",
        ".mjs",
        ".cjs",
        ".jsx",
        ".ts",
        ".tsx",
        ".json",
        ".jsonc",
        ".yaml",
        ".yml",
        ".toml",
        ".cfg",
        ".ini",
        ".conf",
        ".env",
        ".sh",
        ".bash",
        ".zsh",
        ".ps1",
        ".bat",
        ".md",
        ".mdx",
        ".rst",
        ".txt",
        ".sql",
        ".go",
        ".rs",
        ".java",
        ".kt",
        ".rb",
        ".r",
        ".jl",
        ".lua",
        ".swift",
        ".c",
        ".cc",
        ".cpp",
        ".h",
        ".hpp",
        ".cs",
        ".php",
        ".scala",
        ".dockerfile",
        ".modelfile",
        ".tf",
        ".hcl",
    ]
)
_CODE_NAMES = frozenset({"dockerfile", "containerfile", "modelfile", "makefile", "procfile", "justfile"})


def _binary_why(file: str) -> str:
    name = file.rsplit("/", 1)[-1].lower()
    code = os.path.splitext(name)[1] in _CODE_SUFFIXES or name in _CODE_NAMES or name.startswith(".env")
    return "binary: NUL bytes in its first 8 KB" if code else "binary"


class _Interrupted(Exception):
    def __init__(self, read: int) -> None:
        self.read = read


def _pooled(
    files: Iterator[tuple[str, str]],
    max_bytes: int,
    workers: int,
    refs: list[Reference],
    skipped: list[tuple[str, str]],
) -> int:
    import multiprocessing
    from concurrent.futures import Future, ProcessPoolExecutor, as_completed

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_quiet)
    read = 0
    futures: dict[Future[tuple[list[Reference], list[tuple[str, str]]]], int] = {}
    try:
        while chunk := list(itertools.islice(files, _CHUNK)):
            futures[pool.submit(_scan_chunk, chunk, max_bytes)] = len(chunk)
        for future in as_completed(futures):
            found, why = future.result()
            refs.extend(found)
            skipped.extend(why)
            read += futures[future]
    except KeyboardInterrupt:
        pool.shutdown(wait=False, cancel_futures=True)
        raise _Interrupted(read) from None
    pool.shutdown()
    return read
