"""The human report: rich tables, rendered to a string at a fixed width."""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from licheck.core.findings import (
    CheckReport,
    Comparison,
    InspectReport,
    LicenseComparison,
    LicenseView,
    ModelList,
    Validation,
)
from licheck.core.model import (
    Agreement,
    Assessment,
    Ceiling,
    Condition,
    ConditionOutcome,
    Location,
    Reason,
    Royalty,
    Source,
    State,
    UseVerdict,
    Verdict,
)
from licheck.reporters import Options

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.text import Text

    from licheck.views.catalog import Row
    from licheck.views.matrix import Cell, Matrix

STYLES = {
    Verdict.ALLOWED: "bold green",
    Verdict.CONDITIONAL: "bold yellow",
    Verdict.UNKNOWN: "bold magenta",
    Verdict.DENIED: "bold red",
}
STATE_MARKS = {State.MET: "✓", State.FAILED: "✗", State.UNSETTLED: "?", State.OWED: "$"}


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


def reason_lines(use: UseVerdict) -> list[tuple[str, str]]:
    """The reasons of one use as (text, rule) pairs, each shown once: a base under the same terms
    as the model repeats the model's reasons word for word, so its step says so instead."""
    seen: set[tuple[str, str | None, Location | None]] = set()
    shown: list[tuple[Reason, str]] = []
    for reason in use.reasons:
        key = (reason.text, reason.note, reason.location)
        if reason.base is None and key in seen:
            continue
        seen.add(key)
        indent = "↳ " * (len(reason.via) - 1)
        shown.append((reason, indent + reason.text + (f" ({reason.note})" if reason.note else "")))
    out = []
    for reason, text in shown:
        if reason.base is not None:
            below = (*reason.via, reason.base)
            own = [r for r in use.reasons if r.via == below and r.base is None]
            if own and not any(r.via == below and r.base is None for r, _ in shown):
                text += f" (the same {reason.license} terms as above)" if reason.license else " (as above)"
        out.append((text, str(reason.location) if reason.location else ""))
    return out


def merged_sources(sources: Sequence[Source]) -> list[str]:
    """Each source URL once, with the sections cited from it."""
    sections: dict[str, list[str]] = {}
    for source in sources:
        found = sections.setdefault(source.url, [])
        for part in (source.section or "").split("; "):
            if part and part not in found:
                found.append(part)
    return [url + (f" ({'; '.join(parts)})" if parts else "") for url, parts in sections.items()]


def model_parts(item: Assessment, width: int) -> Iterator[RenderableType | Lines]:
    from rich.text import Text

    title = Text()
    title.append(item.verdict.label.upper(), style=STYLES[item.verdict])
    title.append("  ")
    if item.model is None:
        title.append(f"{item.query}: not in the rules")
        yield title
        if item.suggestions:
            yield Text(f"did you mean: {', '.join(item.suggestions)}?")
        return
    model, lic = item.model, item.license
    title.append(f"{model.id}", style="bold")
    title.append(f"  {model.name} ({model.publisher})")
    yield title
    if lic is not None:
        since = f" since {item.period.start.isoformat()}" if item.period and item.period.start else ""
        yield Text(
            f"license {lic.id} ({lic.family}){since}: {lic.name}  as of {item.context.as_of.isoformat()}"
        )
    else:
        yield Text(f"no license on record on {item.context.as_of.isoformat()}")
    yield use_table(item, width)

    conditions = [c for use in item.uses for c in use.conditions]
    if conditions:
        yield bullets(
            "conditions",
            [
                (
                    STATE_MARKS[c.state],
                    f"{c.summary}: {c.detail}{settle_hint(c)} [{c.license}{' ' + c.clause if c.clause else ''}]",
                )
                for c in dict.fromkeys(conditions)
            ],
            width,
        )
    if item.obligations:
        yield bullets(
            "obligations", [("•", f"{o.text} [{o.license} {o.clause}]") for o in item.obligations], width
        )
    if item.alternatives:
        yield bullets("allowed alternatives", [("→", ", ".join(item.alternatives))], width)
    if item.sources:
        yield bullets("sources", [("-", line) for line in merged_sources(item.sources)], width)


WHY_ROOM = 40  # the reasons column needs this much before the rules get a column of their own

RuleRows = list[tuple[str, Verdict, list[tuple[str, str]]]]  # (use, verdict, [(text, rule)])


def use_table(item: Assessment, width: int) -> RenderableType | Lines:
    rows: RuleRows = [(use.use, use.verdict, reason_lines(use)) for use in item.uses]
    return rule_table(("use", "verdict", "why", "rule"), rows, width)


def rule_table(headers: tuple[str, str, str, str], rows: RuleRows, width: int) -> RenderableType | Lines:
    """Uses with a verdict and lines of text, each line from a rule: the rules in a column of their
    own when the width leaves the text room, after each line when it does not, and without a table
    (one block per use) when even the use and verdict columns leave too little. Widths are measured
    so that no word and no rule path is ever split."""
    from rich.table import Table

    named = _rules_named_once(rows)
    layout = _rule_layout(headers, named, width)
    if layout is None:
        return _rule_blocks(named, width)
    use_w, verdict_w, text_w, rules_w = layout
    table = Table(show_header=True, header_style="bold", expand=False, show_lines=True)
    table.add_column(headers[0], no_wrap=True, width=use_w)
    table.add_column(headers[1], no_wrap=True, width=verdict_w)
    table.add_column(headers[2], width=text_w)
    if rules_w:
        table.add_column(headers[3], no_wrap=True, width=rules_w)
    for use, verdict, lines in named:
        if rules_w:
            text = "\n".join(text for text, _ in lines)
            rules = "\n".join(dict.fromkeys(rule for _, rule in lines if rule))
            table.add_row(use, verdict_text(verdict), text, rules)
        else:
            table.add_row(use, verdict_text(verdict), "\n".join(_joined(t, r) for t, r in lines))
    return table


def _joined(text: str, rule: str) -> str:
    return f"{text} [{rule}]" if rule else text


def _rules_named_once(rows: RuleRows) -> RuleRows:
    """The rows with each rule named once, after the run of lines it decided (a rule's text, then
    its conditions)."""
    return [
        (
            use,
            verdict,
            [
                (text, "" if n + 1 < len(lines) and lines[n + 1][1] == rule else rule)
                for n, (text, rule) in enumerate(lines)
            ],
        )
        for use, verdict, lines in rows
    ]


def _rule_layout(
    headers: tuple[str, str, str, str], rows: RuleRows, width: int
) -> tuple[int, int, int, int] | None:
    """The widths of the use, verdict, text and rules columns (rules 0: the rules follow each
    line), or None when no table fits."""
    use_w = max([cells(headers[0]), *(cells(use) for use, _, _ in rows)])
    verdict_w = max([cells(headers[1]), *(cells(v.label) for _, v, _ in rows)])
    rules_w = max([cells(headers[3]), *(cells(rule) for _, _, lines in rows for _, rule in lines)])
    texts = [text for _, _, lines in rows for text, _ in lines] or [headers[2]]
    both = [_joined(text, rule) for _, _, lines in rows for text, rule in lines] or [headers[2]]
    text_min = max([cells(headers[2]), *(longest_word(t) for t in both)])
    four = width - frame(4, True) - use_w - verdict_w - rules_w
    three = width - frame(3, True) - use_w - verdict_w
    widest = max(cells(t) for t in texts)
    if four >= min(WHY_ROOM, widest) and four >= text_min:
        return use_w, verdict_w, min(four, widest), rules_w
    if three >= text_min:
        return use_w, verdict_w, min(three, max(cells(t) for t in both)), 0
    return None


def _rule_blocks(rows: RuleRows, width: int) -> Lines:
    """One block per use, for a width too narrow for the table."""
    block = Styled()
    for n, (use, verdict, lines) in enumerate(rows):
        block.append("\n" * (n > 0) + use, style="bold")
        block.append(": ")
        block.append(verdict.label, style=STYLES[verdict])
        for text, rule in lines:
            block.append("\n" + "\n".join(wrap(_joined(text, rule), width, 2)))
    return Lines(block)


FLAGS = {"mau": "--mau", "dau": "--dau", "revenue": "--revenue", "region": "--region", "org": "--org"}


def settle_hint(outcome: ConditionOutcome) -> str:
    """What would settle an open condition: the flag to pass."""
    return f"; pass {FLAGS.get(outcome.needs, outcome.needs)} to settle it" if outcome.needs else ""


def bullets(title: str, rows: list[tuple[str, str]], width: int) -> Lines:
    """A titled list whose wrapped lines hang under their text, not under the mark; wrapped at
    spaces only, so no word or URL is split (see `wrap`)."""
    block = Styled()
    block.append(title, style="bold")
    for mark, text in rows:
        block.append("\n" + "\n".join(wrap(text, width, 3, f"{mark:>2} " if mark else "")))
    return Lines(block)


def render_model(item: Assessment, options: Options) -> str:
    return render(list(model_parts(item, options.width)), options.color, options.width)


def render_check(report: CheckReport, options: Options) -> str:
    """The check as the shared matrix (a row per model, its result last), the findings and obligations
    below it, and the summary line."""
    from licheck.reporters import scrub, summary
    from licheck.views.matrix import from_check

    table = render_matrix(scrub(from_check(report)), options)  # the registry leaves scrubbing to us
    line = scrub(summary(report))
    style = "bold red" if report.failed else "bold green"
    return table + render([_paragraph(line, style, options.width)], options.color, options.width)


def _paragraph(text: str, style: str, width: int) -> RenderableType | Lines:
    """A paragraph rich wraps at the width: wrapped here instead when its text is simple (see grid)."""
    from licheck.reporters import grid

    if grid.simple([text]):
        return Lines(Styled("\n".join(grid.wrapped(text, width)), style))
    from rich.text import Text

    return Text(text, style=style)


def render_stats(numbers: dict[str, Any], options: Options) -> str:
    from rich.table import Table

    totals = Table(show_header=False, box=None, padding=(0, 2))
    for key in (
        "models",
        "licenses",
        "datasets",
        "uses",
        "aliases",
        "models_with_license_history",
        "models_with_lineage",
    ):
        totals.add_row(key.replace("_", " "), str(numbers[key]))
    parts: list[RenderableType] = [totals]
    for key, title in (
        ("licenses_by_family", "licenses by family"),
        ("models_by_family", f"models by family of the license in effect on {numbers['as_of']}"),
        ("decisions", "decisions (license x use)"),
        ("models_by_publisher", "models by publisher"),
    ):
        table = Table(title=title, title_justify="left", show_header=False)
        table.add_column(overflow="fold")
        table.add_column(justify="right")
        for name, count in numbers[key].items():
            table.add_row(name, str(count))
        parts.append(table)
    return render(parts, options.color, options.width)


def render_license(view: LicenseView, options: Options) -> str:
    from rich.text import Text

    lic, models, width = view.license, view.models, options.width

    parts: list[RenderableType | Lines] = [
        Text(f"{lic.id}  {lic.name}", style="bold"),
        Text(
            f"family {lic.family}; derivatives {'inherit these terms' if lic.inherit else 'may carry other terms'}; "
            f"checked {lic.checked.isoformat()}"
        ),
        Lines(Styled(lic.url)),
    ]
    rows: RuleRows = []
    for use, rule in lic.uses.items():
        lines = [(rule.clause, str(rule.location or ""))]
        lines += [(f"• {describe_condition(c)}", "") for c in rule.conditions]
        if rule.note:
            lines.append((rule.note, ""))
        rows.append((use, rule.decision, lines))
    parts.append(rule_table(("use", "decision", "clause and conditions", "rule"), rows, width))
    if lic.obligations:
        parts.append(
            bullets(
                "obligations",
                [
                    (
                        "•",
                        f"{o.text} [{o.clause}]"
                        + (f" (when: {', '.join(sorted(o.when))})" if o.when else ""),
                    )
                    for o in lic.obligations
                ],
                width,
            )
        )
    parts.append(bullets("sources", [("-", line) for line in merged_sources(lic.sources)], width))
    if lic.notes:
        parts.append(bullets("notes", [("", lic.notes)], width))
    parts.append(bullets(f"models under it ({len(models)})", [("", ", ".join(models) or "none")], width))
    return render(parts, options.color, width)


def describe_condition(condition: Condition) -> str:
    """A condition in words, for the license table: its summary, and what the summary leaves out."""
    from licheck.core.engine import summarize

    words = summarize(condition)
    if isinstance(condition, Ceiling):
        measured = f", measured {condition.measured}" if condition.measured else ""
        return f"{words}{measured}; above it: {condition.otherwise.label}"
    if isinstance(condition, Royalty) and condition.basis:
        return f"{words} a year ({condition.basis})"
    if isinstance(condition, Agreement):
        return f"a separate agreement with {condition.party}"
    return words


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
        _drawn(table, options.color) if table is not None else matrix_blocks(matrix, width)
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


def _drawn(table: Grid, color: bool) -> RenderableType | Plain:
    """The grid as text: laid out by licheck.reporters.grid when it has no colour and simple
    cells (the same characters rich would write, far faster), else as a rich table."""
    from licheck.reporters import grid

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


def render_list(view: ModelList, options: Options) -> str:
    from rich import box
    from rich.table import Table

    rows, filters, context = view.rows, view.filters, view.context
    asked = ", ".join(filters.allows)
    title = (
        f"{len(rows)} models"
        + (f" allowed for {asked}" if asked else "")
        + f" (as of {context.as_of.isoformat()})"
    )
    cells_ = [_list_cells(row) for row in rows]
    headers = ("model", "publisher", "license", "size")
    columns = [[m for m, _, _, _ in cells_], [p for _, p, _, _ in cells_]]
    columns += [[lic.plain for _, _, lic, _ in cells_], [size for _, _, _, size in cells_]]
    mins = [max([len(h), *(longest_word(t) for t in col)]) for h, col in zip(headers, columns, strict=True)]
    maxs = [max([len(h), *(cells(t) for t in col)]) for h, col in zip(headers, columns, strict=True)]
    mins[3] = maxs[3]  # a size stays on one line
    widths = fit(mins, maxs, options.width - frame(4, False))
    if widths is None:  # too narrow for columns: a model a line, wrapped at spaces
        return render([_list_blocks(title, cells_, options.width)], options.color, options.width)
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    for header, width in zip(headers, widths, strict=True):
        table.add_column(header, width=width, justify="right" if header == "size" else "left")
    for model_id, publisher, lic, size in cells_:
        table.add_row(model_id, publisher, lic, size)
    return render([table], options.color, options.width)


def _list_cells(row: Row) -> tuple[str, str, Text, str]:
    """A listed model's id, publisher, license (its family dim) and size."""
    from rich.text import Text

    lic = Text(row.license.id if row.license else "-")
    if row.license:
        lic.append(f" {row.license.family}", style="dim")
    size = f"{row.model.params_b:g}B" if row.model.params_b else ""
    return row.model.id, row.model.publisher, lic, size


def _list_blocks(title: str, rows: list[tuple[str, str, Text, str]], width: int) -> Lines:
    block = Styled()
    block.append("\n".join(wrap(title, width)), style="bold")
    for model_id, publisher, lic, size in rows:
        line = ", ".join(part for part in (model_id, publisher, lic.plain, size) if part)
        block.append("\n" + "\n".join(wrap(line, width, 2, "")))
    return Lines(block)


def render_explain(item: Assessment, options: Options) -> str:
    from rich.text import Text
    from rich.tree import Tree

    label = Text(f"{item.query}", style="bold")
    label.append("  ")
    label.append(item.verdict.label.upper(), style=STYLES[item.verdict])
    root = Tree(label)
    model = item.model
    if model is None:
        root.add(f"{item.query!r} is not in the rules: licheck does not guess")
        if item.suggestions:
            root.add(f"did you mean: {', '.join(item.suggestions)}?")
        return render([root], options.color, options.width)
    root.add(f"{model.name} by {model.publisher}  [{model.location}]")
    day = item.context.as_of.isoformat()
    if item.license is not None:
        node = root.add(f"license on {day}: {item.license.id} ({item.license.family}), {item.license.name}")
    else:
        node = root.add(f"no license on record on {day}")
    history = node.add("history")
    for period in model.licenses:
        since = period.start.isoformat() if period.start else "release"
        mark = "→ " if period == item.period else "  "
        source = f" ({period.source.url})" if period.source else ""
        history.add(f"{mark}{period.license} from {since}{source}")
    for use in item.uses:
        branch = root.add(Text.assemble((f"{use.use}: ", "bold"), (use.verdict.label, STYLES[use.verdict])))
        nodes: dict[tuple[str, ...], Tree] = {(model.id,): branch}
        for reason in use.reasons:
            via = reason.via or (model.id,)
            for depth in range(2, len(via) + 1):  # a node per lineage step: "built on ..."
                if via[:depth] not in nodes:
                    nodes[via[:depth]] = nodes.get(via[: depth - 1], branch).add(f"built on {via[depth - 1]}")
            where = f"  [{reason.location}]" if reason.location else ""
            leaf = nodes.get(via, branch).add(f"{reason.text}{where}")
            if reason.base:
                nodes[(*via, reason.base)] = leaf  # the base's own reasons hang under this step
            if reason.note:
                leaf.add(Text(reason.note, style="dim"))
    if item.obligations:
        duties = root.add("obligations")
        for o in item.obligations:
            duties.add(f"{o.text} [{o.license} {o.clause}]")
    if item.alternatives:
        root.add(f"allowed alternatives: {', '.join(item.alternatives)}")
    return render([root], options.color, options.width)


def render_comparison(comparison: Comparison, options: Options) -> str:
    from licheck.views.matrix import from_comparison

    return render_matrix(from_comparison(comparison), options)


def render_licenses(comparison: LicenseComparison, options: Options) -> str:
    from licheck.views.matrix import from_licenses

    return render_matrix(from_licenses(comparison), options)


def render_validation(validation: Validation, options: Options) -> str:
    return "".join(f"{warning}: warning\n" for warning in validation.warnings)


def render_inspect(report: InspectReport, options: Options) -> str:
    from licheck.views.matrix import from_inspect

    return render_matrix(from_inspect(report), options)
