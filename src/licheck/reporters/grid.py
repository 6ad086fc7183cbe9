"""A table laid out character for character as rich lays out licheck's tables, written without rich.

rich measures, wraps and pads every cell through several layers of objects: for a check of 500
models that is most of the run. Without colour there is nothing to style, so a table whose cells
are simple (words of printable ASCII, single spaces, no word wider than its column: what fit()
guarantees) is laid out here directly: the same box (rich's SIMPLE_HEAD, padding (0, 1), no edge
padding), the same word wrap (rich's divide_line: break before a word that does not fit), the same
padding. tests/reporters/test_grid.py checks it against rich on the golden reports and on generated tables;
anything else, and every table in colour, is rich's to draw.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_WORD = re.compile(r"\s*\S+\s*")
# Words of printable ASCII and of the few other characters licheck writes itself (footnote
# superscripts, section signs, condition marks, dashes and quotes), one space apart: each of them
# one column wide, as len() counts it (tests/reporters/test_grid.py checks them against rich's cell_len).
NARROW = "⁰¹²³⁴⁵⁶⁷⁸⁹§✓✗•·—–’“”"
_SIMPLE = re.compile(rf"(?:[!-~{NARROW}]+(?: [!-~{NARROW}]+)*)?")


def simple(texts: Sequence[str]) -> bool:
    """Whether every text (lines split at newlines) is one that this module lays out as rich does."""
    return all(_SIMPLE.fullmatch(line) for text in texts for line in text.split("\n"))


def wrapped(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width`, as rich's Text.wrap breaks a simple text (its
    divide_line): each newline a break, then before each word that would pass the width; a word
    wider than the width itself is cut into pieces of the width."""
    out: list[str] = []
    for paragraph in text.split("\n"):
        breaks = [0]
        offset = 0
        for match in _WORD.finditer(paragraph):
            start, word = match.start(), match.group()
            length = len(word.rstrip())
            if width - offset >= length:
                offset += len(word)
            elif length > width:  # folded: a break before each piece
                pieces = [word[i : i + width] for i in range(0, len(word), width)]
                for piece in pieces:
                    if start:
                        breaks.append(start)
                    start += len(piece)
                offset = len(pieces[-1])
            elif offset and start:
                breaks.append(start)
                offset = len(word)
        ends = [*breaks[1:], len(paragraph)]
        out += [_fitted(paragraph[a:b], width) for a, b in zip(breaks, ends, strict=True)]
    return out


def _fitted(line: str, width: int) -> str:
    """A line as rich's rstrip_end and truncate leave it: trailing spaces dropped only as far as
    they pass the width, then cut to the width."""
    excess = len(line) - width
    if excess > 0:
        line = line[: len(line) - min(excess, len(line) - len(line.rstrip()))]
    return line[:width]


def lines(
    title: str, headers: Sequence[str], widths: Sequence[int], rows: Sequence[Sequence[str]]
) -> list[str]:
    """The table's lines: the title, a blank top edge, the header, a rule, the rows, a blank bottom edge."""
    count = len(widths)
    left = [0] + [1] * (count - 1)
    right = [1] * (count - 1) + [0]
    total = 2 + (count - 1) + sum(widths) + sum(left) + sum(right)

    def row(cells: Sequence[str]) -> list[str]:
        columns = [wrapped(cell, width) for cell, width in zip(cells, widths, strict=True)]
        height = max(len(column) for column in columns)
        return [
            " "
            + " ".join(
                " " * pad_l + (column[i] if i < len(column) else "").ljust(width) + " " * pad_r
                for column, width, pad_l, pad_r in zip(columns, widths, left, right, strict=True)
            )
            + " "
            for i in range(height)
        ]

    out = [line.ljust(total) for line in wrapped(title, total)] if title else []
    out.append(" " * total)
    out += row(headers)
    out.append(" " + "─" * (total - 2) + " ")
    for cells in rows:
        out += row(cells)
    out.append(" " * total)
    return out
