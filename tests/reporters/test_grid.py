"""licheck.reporters.grid lays a table out as rich does: checked against rich itself on generated
tables, and on the reports the goldens hold (tests/test_golden.py renders them through it)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from licheck.core.model import Verdict
from licheck.reporters import grid
from licheck.reporters.matrixtable import Grid, drawn
from licheck.reporters.text import Plain, paragraph, render
from licheck.views.matrix import Cell

WORD = st.text(alphabet=st.sampled_from(f"abcxyz-_./:[]()0129AZ?{grid.NARROW}"), min_size=1, max_size=14)
TEXT = st.lists(WORD, min_size=0, max_size=6).map(" ".join)
CELL = st.builds(
    Cell,
    TEXT,
    st.one_of(st.just(""), TEXT),
    st.one_of(st.none(), st.sampled_from(list(Verdict))),
)


@st.composite
def grids(draw: st.DrawFn) -> tuple[Grid, int]:
    columns = draw(st.integers(1, 6))
    headers = tuple(draw(st.lists(WORD, min_size=columns, max_size=columns)))
    rows = draw(st.lists(st.lists(CELL, min_size=columns, max_size=columns), max_size=8))
    markers = draw(st.booleans())
    grid_rows = [
        [
            (cell, ("¹" if markers and cell.detail else f"\n{cell.detail}" if cell.detail else ""))
            for cell in row
        ]
        for row in rows
    ]
    words = [
        max([len(h), *(len(w) for cell, suffix in column for w in (cell.text + suffix).split())])
        for h, column in zip(
            headers, zip(*grid_rows, strict=True) if grid_rows else [()] * columns, strict=True
        )
    ]
    widths = [longest + draw(st.integers(0, 12)) for longest in words]
    title = draw(TEXT)
    total = sum(widths) + 3 * columns
    return Grid(title, headers, widths, grid_rows), total + draw(st.integers(0, 20))


def _rich(table: Grid, width: int, monkeypatch: pytest.MonkeyPatch) -> str:
    with monkeypatch.context() as patch:
        patch.setattr(grid, "simple", lambda texts: False)
        by_rich = drawn(table, False)
    assert not isinstance(by_rich, Plain)
    return render([by_rich], False, width)


@settings(max_examples=300, deadline=None)
@given(grids())
def test_grid_writes_what_rich_writes(case: tuple[Grid, int]) -> None:
    table, width = case
    plain = drawn(table, False)
    assert isinstance(plain, Plain)  # every generated text is simple
    with pytest.MonkeyPatch.context() as monkeypatch:
        assert render([plain], False, width) == _rich(table, width, monkeypatch)


def test_the_narrow_characters_are_one_column_wide() -> None:
    from rich.cells import cell_len

    assert [cell_len(ch) for ch in grid.NARROW] == [1] * len(grid.NARROW)


@pytest.mark.parametrize(
    "text",
    ["two  spaces", " leading", "trailing ", "tab\there", "wide 模型", "combining é", "ctrl \x1b[31m"],
)
def test_anything_else_is_rich_s_to_draw(text: str) -> None:
    """Text this module would not lay out as rich does is left to rich, as is colour."""
    table = Grid("t", ("model",), [20], [[(Cell(text), "")]])
    assert not grid.simple([text])
    assert not isinstance(drawn(table, False), Plain)
    assert not isinstance(drawn(Grid("t", ("model",), [20], [[(Cell("plain"), "")]]), True), Plain)


@settings(max_examples=300, deadline=None)
@given(TEXT, st.integers(1, 60))
def test_a_paragraph_wraps_as_rich_wraps_it(text: str, width: int) -> None:
    """The summary line of a check: wrapped here when simple, by rich otherwise; the same lines."""
    from rich.text import Text

    ours = render([paragraph(text, "bold", width)], False, width)
    assert ours == render([Text(text, style="bold")], False, width)
