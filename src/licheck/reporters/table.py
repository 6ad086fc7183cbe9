"""The human report: rich tables, rendered to a string at a fixed width."""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from licheck.findings import (
    CheckReport,
    Comparison,
    InspectReport,
    LicenseComparison,
    LicenseView,
    ModelList,
    Validation,
)
from licheck.model import (
    Agreement,
    Assessment,
    Ceiling,
    Condition,
    ConditionOutcome,
    Royalty,
    State,
    Verdict,
)
from licheck.reporters import Options

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from licheck.matrix import Matrix

STYLES = {
    Verdict.ALLOWED: "bold green",
    Verdict.CONDITIONAL: "bold yellow",
    Verdict.UNKNOWN: "bold magenta",
    Verdict.DENIED: "bold red",
}
STATE_MARKS = {State.MET: "✓", State.FAILED: "✗", State.UNSETTLED: "?", State.OWED: "$"}


def console(color: bool, width: int) -> Console:
    from rich.console import Console

    return Console(
        file=io.StringIO(),
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


def render(parts: Sequence[RenderableType], color: bool, width: int) -> str:
    out = console(color, width)
    for part in parts:
        out.print(part)
    file = out.file
    assert isinstance(file, io.StringIO)
    return file.getvalue()


def verdict_text(verdict: Verdict) -> RenderableType:
    from rich.text import Text

    return Text(verdict.label, style=STYLES[verdict])


def model_parts(item: Assessment) -> Iterator[RenderableType]:
    from rich.table import Table
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

    table = Table(show_header=True, header_style="bold", expand=False, show_lines=True)
    table.add_column("use", no_wrap=True)
    table.add_column("verdict", no_wrap=True)
    table.add_column("why", ratio=3)
    table.add_column("rule", ratio=1, overflow="fold")
    for use in item.uses:
        why = "\n".join(
            ("↳ " * len(r.via[1:]) if len(r.via) > 1 else "") + r.text + (f" ({r.note})" if r.note else "")
            for r in use.reasons
        )
        rules = "\n".join(dict.fromkeys(str(r.location) for r in use.reasons if r.location))
        table.add_row(use.use, verdict_text(use.verdict), why, rules)
    yield table

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
        )
    if item.obligations:
        yield bullets("obligations", [("•", f"{o.text} [{o.license} {o.clause}]") for o in item.obligations])
    if item.alternatives:
        yield bullets("allowed alternatives", [("→", ", ".join(item.alternatives))])
    if item.sources:
        yield bullets(
            "sources", [("-", s.url + (f" ({s.section})" if s.section else "")) for s in item.sources]
        )


FLAGS = {"mau": "--mau", "dau": "--dau", "revenue": "--revenue", "region": "--region", "org": "--org"}


def settle_hint(outcome: ConditionOutcome) -> str:
    """What would settle an open condition: the flag to pass."""
    return f"; pass {FLAGS.get(outcome.needs, outcome.needs)} to settle it" if outcome.needs else ""


def bullets(title: str, rows: list[tuple[str, str]]) -> RenderableType:
    """A titled list whose wrapped lines hang under their text, not under the mark."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=2, justify="right")
    grid.add_column(overflow="fold")
    for mark, text in rows:
        grid.add_row(mark, text)
    return Group(Text(title, style="bold"), grid)


def render_model(item: Assessment, options: Options) -> str:
    return render(list(model_parts(item)), options.color, options.width)


def render_check(report: CheckReport, options: Options) -> str:
    """The check as the shared matrix (a row per model, its result last), the findings and obligations
    below it, and the summary line."""
    from rich.text import Text

    from licheck.matrix import from_check
    from licheck.reporters import summary

    table = render_matrix(from_check(report), options)
    line = render(
        [Text(summary(report), style="bold red" if report.failed else "bold green")],
        options.color,
        options.width,
    )
    return table + line


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
    from rich.table import Table
    from rich.text import Text

    lic, models = view.license, view.models

    parts: list[RenderableType] = [
        Text(f"{lic.id}  {lic.name}", style="bold"),
        Text(
            f"family {lic.family}; derivatives {'inherit these terms' if lic.inherit else 'may carry other terms'}; "
            f"checked {lic.checked.isoformat()}"
        ),
        Text(lic.url),
    ]
    table = Table(show_header=True, header_style="bold", show_lines=True)
    table.add_column("use", no_wrap=True)
    table.add_column("decision", no_wrap=True)
    table.add_column("clause and conditions", ratio=3)
    table.add_column("rule", ratio=1, overflow="fold")
    for use, rule in lic.uses.items():
        lines = [rule.clause]
        lines += [f"• {describe_condition(c)}" for c in rule.conditions]
        if rule.note:
            lines.append(rule.note)
        table.add_row(use, verdict_text(rule.decision), "\n".join(lines), str(rule.location or ""))
    parts.append(table)
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
            )
        )
    parts.append(
        bullets("sources", [("-", s.url + (f" ({s.section})" if s.section else "")) for s in lic.sources])
    )
    if lic.notes:
        parts.append(bullets("notes", [("", lic.notes)]))
    parts.append(bullets(f"models under it ({len(models)})", [("", ", ".join(models) or "none")]))
    return render(parts, options.color, options.width)


def describe_condition(condition: Condition) -> str:
    """A condition in words, for the license table: its summary, and what the summary leaves out."""
    from licheck.engine import summarize

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
    """A Matrix as a table. Below 110 columns it turns compact: short use headers, and each cell's
    condition moved to a numbered footnote, so six uses fit an 80-column terminal."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    compact = options.width < 110
    footnotes: dict[str, str] = {}
    table = Table(
        title=matrix.title,
        title_justify="left",
        box=box.SIMPLE_HEAD,
        padding=(0, 1),
        header_style="bold",
        pad_edge=False,
    )
    for i, column in enumerate(matrix.columns):
        header = SHORT_HEADERS.get(column, column) if compact else column
        if i < matrix.leading:
            table.add_column(header, overflow="fold", ratio=1, min_width=8)
        else:
            table.add_column(header, no_wrap=compact, overflow="fold")
    for row in matrix.rows:
        cells = []
        for i, cell in enumerate(row):
            text = Text(cell.text, style=STYLES[cell.verdict] if cell.verdict is not None else "")
            if cell.detail and compact and matrix.leading <= i < len(row) - matrix.trailing:
                marker = footnotes.setdefault(cell.detail, str(len(footnotes) + 1).translate(SUPERSCRIPT))
                text.append(marker)
            elif cell.detail:
                text.append(f"\n{cell.detail}", style="dim")
            cells.append(text)
        table.add_row(*cells)
    parts: list[RenderableType] = [table]
    if footnotes:
        parts.append(bullets("conditions", [(marker, detail) for detail, marker in footnotes.items()]))
    parts.append(Text(matrix.legend, style="dim"))
    if compact and any(c in SHORT_HEADERS for c in matrix.columns):
        parts.append(
            Text(
                "columns: "
                + ", ".join(f"{SHORT_HEADERS[c]} = {c}" for c in matrix.columns if c in SHORT_HEADERS),
                style="dim",
            )
        )
    for title, lines in matrix.notes:
        parts.append(bullets(title, [("•", line) for line in lines]))
    return render(parts, options.color, options.width)


def render_list(view: ModelList, options: Options) -> str:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    rows, filters, context = view.rows, view.filters, view.context

    asked = ", ".join(filters.allows)
    title = (
        f"{len(rows)} models"
        + (f" allowed for {asked}" if asked else "")
        + f" (as of {context.as_of.isoformat()})"
    )
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("model", overflow="fold", ratio=2)
    table.add_column("publisher", overflow="fold", ratio=2)
    table.add_column("license", overflow="fold", ratio=2)
    table.add_column("size", justify="right", no_wrap=True)
    for row in rows:
        lic = Text(row.license.id if row.license else "-")
        if row.license:
            lic.append(f" {row.license.family}", style="dim")
        size = f"{row.model.params_b:g}B" if row.model.params_b else ""
        table.add_row(row.model.id, row.model.publisher, lic, size)
    return render([table], options.color, options.width)


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
    from licheck.matrix import from_comparison

    return render_matrix(from_comparison(comparison), options)


def render_licenses(comparison: LicenseComparison, options: Options) -> str:
    from licheck.matrix import from_licenses

    return render_matrix(from_licenses(comparison), options)


def render_validation(validation: Validation, options: Options) -> str:
    return "".join(f"{warning}: warning\n" for warning in validation.warnings)


def render_inspect(report: InspectReport, options: Options) -> str:
    from licheck.matrix import from_inspect

    return render_matrix(from_inspect(report), options)
