"""Layout primitives of the human report: styled lines, wrapping, column fitting, and rendering a
list of parts to a string at a fixed width (rich only where colour or a rich table is needed)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from licheck.core.model import Verdict
from licheck.reporters import grid

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.text import Text


STYLES = {
    Verdict.ALLOWED: "bold green",
    Verdict.CONDITIONAL: "bold yellow",
    Verdict.UNKNOWN: "bold magenta",
    Verdict.DENIED: "bold red",
}


def console(color: bool, width: int, file: io.StringIO | None = None) -> Console:
    from rich.console import Console

    return Console(
        file=file or io.StringIO(),
        width=width,
        color_system="standard" if color else None,
        force_terminal=color,
        no_color=not color,
        markup=False,  # rule texts hold brackets ("[§6]", "[rules/x.yaml:3]"): never parse them as markup
        highlight=False,
        emoji=False,
        legacy_windows=False,
        soft_wrap=False,
    )


class Plain(NamedTuple):
    """Text laid out already, with no style: written as it is."""

    text: str


class Styled:
    """Text with styles, kept as (text, style) spans until it is drawn: a rich Text in colour, its
    plain characters (with no rich at all) without."""

    __slots__ = ("spans",)

    def __init__(self, text: str = "", style: str = "") -> None:
        self.spans: list[tuple[str, str]] = [(text, style)] if text else []

    def append(self, text: str, style: str = "") -> None:
        self.spans.append((text, style))

    @property
    def plain(self) -> str:
        return "".join(text for text, _ in self.spans)

    def rich(self) -> Text:
        from rich.text import Text

        out = Text()
        for text, style in self.spans:
            out.append(text, style=style)
        return out


class Lines(NamedTuple):
    """Text already laid out for the width (see `wrap`): printed as it is, never re-wrapped, so a
    word or URL longer than the width stays whole on its own line (the terminal wraps it softly and
    it can still be clicked) instead of being folded by a hard line break."""

    text: Styled


def render(parts: Sequence[RenderableType | Lines | Plain], color: bool, width: int) -> str:
    """The parts, one after another: what is laid out already and has no style to write is
    written as it is (rich is not even imported), the rest printed by rich."""
    file = io.StringIO()
    out: Console | None = None
    for part in parts:
        if isinstance(part, Plain):
            file.write(part.text + "\n")
        elif isinstance(part, Lines) and not color and "\t" not in part.text.plain:
            file.write(part.text.plain + "\n")  # as rich would write it
        else:
            out = out or console(color, width, file)
            if isinstance(part, Lines):
                out.print(part.text.rich(), soft_wrap=True)
            else:
                out.print(part)
    return file.getvalue()


def cells(text: str) -> int:
    """The terminal columns `text` takes (a wide character two, a control character none)."""
    if text.isascii() and text.isprintable():
        return len(text)
    from rich.cells import cell_len

    return cell_len(text)


def longest_word(text: str) -> int:
    """The narrowest a column can be without splitting a word of `text`."""
    return max((cells(word) for word in text.split()), default=0)


def longest_line(text: str) -> int:
    return max((cells(line) for line in text.splitlines()), default=0)


def wrap(text: str, width: int, indent: int = 0, first: str = "") -> list[str]:
    """`text` wrapped at spaces only (never inside a word, never at a hyphen or a slash), the first
    line starting with `first` and the others indented to match; a word longer than the room gets a
    line of its own and runs past the width rather than being split."""
    room = max(1, width - indent)
    out: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            if line and cells(line) + 1 + cells(word) > room:
                out.append(line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        out.append(line)
    pad = " " * indent
    lead = first or pad
    return [(lead if i == 0 else pad) + line for i, line in enumerate(out)]


def fit(mins: Sequence[int], maxs: Sequence[int], room: int) -> list[int] | None:
    """Column widths within `room`: each at least its longest word (`mins`), the spare room shared
    out by what each column wants beyond that; None when even the minimums do not fit."""
    if sum(mins) > room:
        return None
    wants = [max(0, mx - mn) for mn, mx in zip(mins, maxs, strict=True)]
    spare = room - sum(mins)
    if sum(wants) <= spare:
        return [mn + want for mn, want in zip(mins, wants, strict=True)]
    widths = [mn + want * spare // sum(wants) for mn, want in zip(mins, wants, strict=True)]
    left = room - sum(widths)
    for i in sorted(range(len(widths)), key=lambda i: wants[i] - (widths[i] - mins[i]), reverse=True):
        if left <= 0:
            break
        if widths[i] < mins[i] + wants[i]:
            widths[i] += 1
            left -= 1
    return widths


def frame(columns: int, edge_padding: bool) -> int:
    """What a rich table with a box adds around its columns' text: two edges, a rule between
    columns, one space of padding each side of a column (none at the edges without pad_edge)."""
    return 2 + (columns - 1) + 2 * columns - (0 if edge_padding else 2)


def verdict_text(verdict: Verdict) -> RenderableType:
    from rich.text import Text

    return Text(verdict.label, style=STYLES[verdict])


def bullets(title: str, rows: list[tuple[str, str]], width: int) -> Lines:
    """A titled list whose wrapped lines hang under their text, not under the mark; wrapped at
    spaces only, so no word or URL is split (see `wrap`)."""
    block = Styled()
    block.append(title, style="bold")
    for mark, text in rows:
        block.append("\n" + "\n".join(wrap(text, width, 3, f"{mark:>2} " if mark else "")))
    return Lines(block)


def paragraph(text: str, style: str, width: int) -> RenderableType | Lines:
    """A paragraph rich wraps at the width: wrapped here instead when its text is simple (see grid)."""

    if grid.simple([text]):
        return Lines(Styled("\n".join(grid.wrapped(text, width)), style))
    from rich.text import Text

    return Text(text, style=style)
