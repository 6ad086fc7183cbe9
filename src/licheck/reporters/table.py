"""The human report: rich tables, rendered to a string at a fixed width."""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from licheck.model import (
    Agreement,
    Assessment,
    Ceiling,
    CheckReport,
    Condition,
    License,
    RegionLimit,
    Royalty,
    State,
    Verdict,
)
from licheck.reporters import Options

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

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
                    f"{c.summary}: {c.detail} [{c.license}{' ' + c.clause if c.clause else ''}]",
                )
                for c in dict.fromkeys(conditions)
            ],
        )
    if item.obligations:
        yield bullets("obligations", [("•", f"{o.text} [{o.license} {o.clause}]") for o in item.obligations])
    if item.sources:
        yield bullets(
            "sources", [("-", s.url + (f" ({s.section})" if s.section else "")) for s in item.sources]
        )


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


def render_model(item: Assessment, color: bool = False, width: int = 100) -> str:
    return render(list(model_parts(item)), color, width)


LEVEL_MARKS = {"error": ("✗", "bold red"), "warning": ("!", "yellow"), "note": ("i", "cyan")}


def check_parts(report: CheckReport) -> Iterator[RenderableType]:
    from rich.table import Table
    from rich.text import Text

    from licheck.reporters import summary

    uses = list(report.uses)
    extra = sorted({u.use for a in report.assessments for u in a.uses} - set(uses))
    table = Table(
        show_header=True, header_style="bold", title=f"licheck check {report.manifest}", title_justify="left"
    )
    table.add_column("model", no_wrap=True)
    table.add_column("license", overflow="fold")
    for use in uses + extra:
        table.add_column(use, no_wrap=True)
    table.add_column("result", no_wrap=True)
    for item in report.assessments:
        verdicts = {u.use: u.verdict for u in item.uses}
        mine = report.findings_for(item)
        if any(f.level == "error" for f in mine):
            result = Text("fail", style="bold red")
        elif any(f.code == "exception-applied" for f in mine):
            result = Text("excepted", style="cyan")
        else:
            result = Text("pass", style="green")
        lic = f"{item.license.id} ({item.license.family})" if item.license else "-"
        line = f":{item.location.line}" if item.location and item.location.line else ""
        cells = [verdict_text(verdicts[use]) if use in verdicts else Text("") for use in uses + extra]
        table.add_row(f"{item.query}{line}", lic, *cells, result)
    yield table
    for finding in report.findings:
        mark, style = LEVEL_MARKS[finding.level]
        text = Text()
        text.append(f"{mark} ", style=style)
        text.append(f"{finding.location or report.manifest} {finding.code}: ", style="bold")
        text.append(finding.message)
        yield text
    yield Text(summary(report), style="bold red" if report.failed else "bold green")


def render_check(report: CheckReport, options: Options) -> str:
    return render(list(check_parts(report)), options.color, options.width)


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


def render_license(lic: License, models: list[str], options: Options) -> str:
    from rich.table import Table
    from rich.text import Text

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
    """A condition in words, for the license table."""
    from licheck.engine import short_number

    if isinstance(condition, Ceiling):
        unit = "USD revenue a year" if condition.metric == "revenue" else condition.metric.upper()
        measured = f", measured {condition.measured}" if condition.measured else ""
        return (
            f"at most {short_number(condition.max)} {unit}{measured}; above it: {condition.otherwise.label}"
        )
    if isinstance(condition, Royalty):
        return (
            f"royalty of {condition.rate * 100:g}% on revenue above ${short_number(condition.above)} a year"
        )
    if isinstance(condition, Agreement):
        return f"a separate agreement with {condition.party}"
    if isinstance(condition, RegionLimit):
        return f"not for licensees in {', '.join(condition.excluded)}"
    return f"not for {', '.join(condition.excluded)}"
