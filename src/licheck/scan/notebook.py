"""Jupyter notebooks: the code and markdown cells' sources, each source line with the line it is
stored on in the file. Outputs and raw cells are never read as sources."""

from __future__ import annotations

import bisect
import json
import json.decoder
import json.scanner
import re
from typing import Any, NamedTuple

KINDS = ("code", "markdown")


class Cell(NamedTuple):
    number: int  # 0-based, among all cells
    source: str
    disk_lines: tuple[int, ...]  # the file line of each source line (1-based)
    kind: str = "code"  # or "markdown"


_decoder_module: Any = json.decoder
_scanner_module: Any = json.scanner


class _At(str):
    """A JSON string that remembers where it starts in the file."""

    at: int


def _decoder() -> json.JSONDecoder:
    decoder: Any = json.JSONDecoder()
    plain: Any = _decoder_module.scanstring

    def parse_string(text: str, end: int, strict: bool = True) -> tuple[str, int]:
        value, stop = plain(text, end, strict)
        marked = _At(value)
        marked.at = end
        return marked, stop

    decoder.parse_string = parse_string
    decoder.scan_once = _scanner_module.py_make_scanner(decoder)
    result: json.JSONDecoder = decoder
    return result


def parse(text: str) -> Any:
    """The notebook's JSON at C speed, or None when `text` is not JSON."""
    try:
        return json.loads(text)
    except ValueError:
        return None


def programs(document: Any) -> dict[str, str] | None:
    """The code cells' and the markdown cells' sources of a parsed notebook, each kind joined as
    `cells` joins them, or None if `document` is not a notebook."""
    cells = document.get("cells") if isinstance(document, dict) else None
    if not isinstance(cells, list):
        return None
    sources: dict[str, list[str]] = {kind: [] for kind in KINDS}
    for cell in cells:
        if isinstance(cell, dict) and cell.get("cell_type") in sources:
            source = cell.get("source", "")
            sources[cell["cell_type"]].append(
                source if isinstance(source, str) else "".join(p for p in source if isinstance(p, str))
            )
    return {kind: "\n".join(parts) for kind, parts in sources.items()}


def cells(text: str, document: Any = None) -> list[Cell] | None:
    """The code and markdown cells of a notebook, or None when `text` is not one. `document`:
    the text already parsed (by `parse`), when it is at hand."""
    found = _located(text, parse(text) if document is None else document)
    if found is not None:
        return found
    try:
        marked: Any = _decoder().decode(text)  # every string knows where it starts: slow, but sure
    except ValueError:
        return None
    cells = marked.get("cells") if isinstance(marked, dict) else None
    if not isinstance(cells, list):
        return None
    newlines = [m.start() for m in re.finditer("\n", text)]
    out = []
    for index, cell in enumerate(cells):
        if not isinstance(cell, dict) or cell.get("cell_type") not in KINDS:
            continue
        source = cell.get("source", "")
        pieces = [source] if isinstance(source, str) else [p for p in source if isinstance(p, str)]
        lines: list[int] = []
        for piece in pieces:
            disk = bisect.bisect_left(newlines, piece.at) + 1 if isinstance(piece, _At) else 1
            # a piece is one source line as nbformat writes it; a joined string is all on one file line
            lines.extend([disk] * max(1, piece.count("\n") + (0 if piece.endswith("\n") else 1)))
        out.append(Cell(index, "".join(pieces), tuple(lines), cell["cell_type"]))
    return out


_SOURCE_KEY = re.compile(r'"source"\s*:\s*')
_READ = json.JSONDecoder()
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')


def _located(text: str, document: Any) -> list[Cell] | None:
    """`cells` at C speed: from the document the json module parsed, each cell's `"source"` found
    in the text in order and read again there, which must give the very value parsed (else None,
    and the slow parse that marks every string decides). Lines are where its strings start."""
    every = document.get("cells") if isinstance(document, dict) else None
    if not isinstance(every, list):
        return None
    out, at = [], 0
    line, counted = 1, 0  # the line at offset `counted`, counted on as the strings come
    for index, cell in enumerate(every):
        if not isinstance(cell, dict) or "source" not in cell:
            if isinstance(cell, dict) and cell.get("cell_type") in KINDS:
                out.append(Cell(index, "", (1,), cell["cell_type"]))  # as the slow parse gives it
            continue
        start = _find_source(text, at, cell["source"])
        if start is None:
            return None
        begin, at = start
        if cell.get("cell_type") not in KINDS:
            continue
        source = cell["source"]
        if isinstance(source, str):
            pieces, starts = [source], [begin]
        else:
            pieces = [p for p in source if isinstance(p, str)]
            starts = [m.start() for m in _JSON_STRING.finditer(text, begin, at)]
            if len(starts) != len(source) or len(pieces) != len(source):
                return None  # something other than strings in the list: the slow parse decides
        lines: list[int] = []
        for piece, where in zip(pieces, starts, strict=True):
            line += text.count("\n", counted, where)
            counted = where
            lines.extend([line] * max(1, piece.count("\n") + (0 if piece.endswith("\n") else 1)))
        out.append(Cell(index, "".join(pieces), tuple(lines), cell["cell_type"]))
    return out


def _find_source(text: str, at: int, value: Any) -> tuple[int, int] | None:
    """Where, from `at` on, a `"source":` key's value that reads back as `value` begins and ends.
    None after a few tries (a "source" word or key in metadata or outputs comes first at times)."""
    for _ in range(16):
        at = text.find('"source"', at)
        if at < 0:
            return None
        key = _SOURCE_KEY.match(text, at)
        at += len('"source"')
        if key is None:
            continue  # the string "source" as a value
        try:
            read, end = _READ.raw_decode(text, key.end())
        except ValueError:
            return None
        if read == value:
            return key.end(), end
    return None


def damaged(text: str) -> str | None:
    """Why a file named .ipynb is not a notebook whose cells can be read (truncated, damaged, no
    list of cells), or None when it is one."""
    try:
        document: Any = json.loads(text)
    except ValueError as error:
        where = f" at line {error.lineno}" if isinstance(error, json.JSONDecodeError) else ""
        message = str(getattr(error, "msg", error)).removesuffix(" at")
        return f"not a readable notebook (JSON error{where}: {message}): truncated or damaged, its cells were not read"
    if not isinstance(document, dict) or not isinstance(document.get("cells"), list):
        return "not a readable notebook (no list of cells): its cells were not read"
    return None
