"""The human report of the matrix views: `check`, `compare` (models and licenses) and `inspect`,
as a full table, a table with short headers and footnotes, or a block per row, whichever fits."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from licheck.project.report import CheckReport
from licheck.reporters import Options, grid, scrub, summary
from licheck.reporters.text import (
    STYLES,
    Lines,
    Plain,
    Styled,
    bullets,
    cells,
    fit,
    frame,
    longest_line,
    longest_word,
    paragraph,
    render,
    wrap,
)
from licheck.views.reports import Comparison, InspectReport, LicenseComparison

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.text import Text

    from licheck.views.matrix import Cell, Matrix


def render_check(report: CheckReport, options: Options) -> str:
    """The check as the shared matrix (a row per model, its result last), the findings and obligations
    below it, and the summary line."""
    from licheck.views.matrix import from_check

    table = render_matrix(scrub(from_check(report)), options)  # the registry leaves scrubbing to us
    line = scrub(summary(report))
    style = "bold red" if report.failed else "bold green"
    return table + render([paragraph(line, style, options.width)], options.color, options.width)


# Column headers short enough for six uses in an 80-column terminal (a legend says what they are).
SHORT_HEADERS = {
    "research": "res",
    "commercial": "comm",
    "hosted-service": "host",
    "redistribute": "redist",
    "fine-tune": "tune",
    "distill": "distl",
}


SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def render_matrix(matrix: Matrix, options: Options) -> str:
    """A Matrix as a table, in the first of three layouts that fits the width without splitting a
    word: full (use names as headers, conditions under each verdict); compact (short use headers,
    conditions as numbered footnotes: six uses fit 80 columns); a block per row."""
    width = options.width
    footnotes: dict[str, str] = {}
    table = matrix_table(matrix, width, False, footnotes) or matrix_table(matrix, width, True, footnotes)
    parts: list[RenderableType | Lines | Plain] = [
        drawn(table, options.color) if table is not None else matrix_blocks(matrix, width)
    ]
    if footnotes:
        parts.append(bullets("conditions", [(marker, detail) for detail, marker in footnotes.items()], width))
    parts.append(Lines(Styled("\n".join(wrap(matrix.legend, width)), "dim")))
    shortened = [c for c in matrix.columns[matrix.leading :] if c in SHORT_HEADERS]
    if table is not None and table.headers != matrix.columns and shortened:
        legend = "columns: " + ", ".join(f"{SHORT_HEADERS[c]} = {c}" for c in shortened)
        parts.append(Lines(Styled("\n".join(wrap(legend, width)), "dim")))
    for title, lines in matrix.notes:
        parts.append(bullets(title, [("•", line) for line in lines], width))
    return render(parts, options.color, width)


class Grid(NamedTuple):
    """A matrix laid out for a width: its headers, each column's width, each cell with what
    follows its text (a footnote marker, or its detail on a line below)."""

    title: str
    headers: tuple[str, ...]
    widths: list[int]
    rows: list[list[tuple[Cell, str]]]


def matrix_table(matrix: Matrix, width: int, compact: bool, footnotes: dict[str, str]) -> Grid | None:
    """The matrix laid out at `width`, or None when its columns cannot fit without splitting a word
    (a model id, a license id, a condition). Worked out on plain strings: a layout that does not
    fit costs no rich objects."""
    uses = range(matrix.leading, len(matrix.columns) - matrix.trailing)
    headers = tuple(
        SHORT_HEADERS.get(c, c) if compact and i in uses else c for i, c in enumerate(matrix.columns)
    )
    notes: dict[str, str] = dict(footnotes)
    grid = [
        [_cell_parts(cell, compact and i in uses, notes) for i, cell in enumerate(row)] for row in matrix.rows
    ]
    widths = _column_widths(headers, grid, [compact and i in uses for i in range(len(headers))], width)
    if widths is None:
        return None
    footnotes.update(notes)
    rows = [
        [(cell, suffix) for cell, (_, suffix) in zip(row, line, strict=True)]
        for row, line in zip(matrix.rows, grid, strict=True)
    ]
    return Grid(matrix.title, headers, widths, rows)


def drawn(table: Grid, color: bool) -> RenderableType | Plain:
    """The grid as text: laid out by licheck.reporters.grid when it has no colour and simple
    cells (the same characters rich would write, far faster), else as a rich table."""

    cells_ = [[cell.text + suffix for cell, suffix in row] for row in table.rows]
    texts = [table.title, *table.headers, *(text for row in cells_ for text in row)]
    if not color and grid.simple(texts):
        return Plain("\n".join(grid.lines(table.title, table.headers, table.widths, cells_)))
    from rich import box
    from rich.table import Table

    drawn = Table(
        title=table.title,
        title_justify="left",
        box=box.SIMPLE_HEAD,
        padding=(0, 1),
        header_style="bold",
        pad_edge=False,
    )
    for header, column_width in zip(table.headers, table.widths, strict=True):
        drawn.add_column(header, width=column_width)
    for row in table.rows:
        drawn.add_row(*(_cell_text(cell, suffix) for cell, suffix in row))
    return drawn


def _cell_parts(cell: Cell, footnoted: bool, notes: dict[str, str]) -> tuple[str, str]:
    """A cell's plain text and what follows it: a footnote marker, or its detail on a line below."""
    if cell.detail and footnoted:
        return cell.text, notes.setdefault(cell.detail, str(len(notes) + 1).translate(SUPERSCRIPT))
    if cell.detail:
        return cell.text, f"\n{cell.detail}"
    return cell.text, ""


def _cell_text(cell: Cell, suffix: str) -> Text:
    from rich.text import Text

    text = Text(cell.text, style=STYLES[cell.verdict] if cell.verdict is not None else "")
    if suffix:
        text.append(suffix, style="dim" if suffix.startswith("\n") else "")
    return text


def _column_widths(
    headers: Sequence[str], grid: list[list[tuple[str, str]]], whole: list[bool], width: int
) -> list[int] | None:
    """Each column's width, or None when the columns cannot fit without splitting a word; a
    `whole` column (a verdict and its footnote marker) keeps each cell on one line."""
    columns = list(zip(*grid, strict=True)) if grid else [() for _ in headers]
    mins, maxs = [], []
    for header, column, keep in zip(headers, columns, whole, strict=True):
        plain = [text + suffix for text, suffix in column]
        longest = max([cells(header), *(longest_line(t) for t in plain)])
        maxs.append(longest)
        mins.append(longest if keep else max([longest_word(header), *(longest_word(t) for t in plain)]))
    return fit(mins, maxs, width - frame(len(headers), False))


def matrix_blocks(matrix: Matrix, width: int) -> Lines:
    """The matrix for a width too narrow for any table: a block per row, each cell labelled."""
    block = Styled()
    block.append("\n".join(wrap(matrix.title, width)), style="bold")
    for row in matrix.rows:
        head = row[0].text + (f" ({row[0].detail})" if row[0].detail else "")
        block.append("\n" + "\n".join(wrap(head, width)), style="bold")
        for column, cell in zip(matrix.columns[1:], row[1:], strict=True):
            if not cell.text and not cell.detail:
                continue
            words = f"{column}: {cell.text}" + (f" ({cell.detail})" if cell.detail else "")
            block.append("\n" + "\n".join(wrap(words, width, 4, "  ")))
    return Lines(block)


def render_comparison(comparison: Comparison, options: Options) -> str:
    from licheck.views.matrix import from_comparison

    return render_matrix(from_comparison(comparison), options)


def render_licenses(comparison: LicenseComparison, options: Options) -> str:
    from licheck.views.matrix import from_licenses

    return render_matrix(from_licenses(comparison), options)


def render_inspect(report: InspectReport, options: Options) -> str:
    from licheck.views.matrix import from_inspect

    return render_matrix(from_inspect(report), options)
