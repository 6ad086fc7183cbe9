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


def programs(text: str) -> dict[str, str] | None:
    """The code cells' and the markdown cells' sources, each kind joined as `cells` joins them
    (C-speed JSON), or None if `text` is not a notebook."""
    try:
        document: Any = json.loads(text)
    except ValueError:
        return None
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


def cells(text: str) -> list[Cell] | None:
    """The code and markdown cells of a notebook, or None when `text` is not one."""
    try:
        document: Any = _decoder().decode(text)
    except ValueError:
        return None
    cells = document.get("cells") if isinstance(document, dict) else None
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
