"""The human report of one model, a license, a list, the rules' counts and lint: rich tables and
trees, rendered to a string at a fixed width (the matrix views are in matrixtable.py)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from licheck.core.conditions import obligation_note, summarize
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
from licheck.reporters import Options, scrub
from licheck.reporters.text import (
    STYLES,
    Lines,
    Styled,
    bullets,
    cells,
    fit,
    frame,
    longest_word,
    render,
    verdict_text,
    wrap,
)
from licheck.views.reports import (
    LicenseView,
    ModelList,
    Validation,
)

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.text import Text
    from rich.tree import Tree

    from licheck.views.catalog import Row

STATE_MARKS = {State.MET: "✓", State.FAILED: "✗", State.UNSETTLED: "?", State.OWED: "$"}


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


def _unknown_parts(item: Assessment) -> Iterator[RenderableType]:
    from rich.text import Text

    why = item.uses[0].reasons[0].text if item.uses and item.uses[0].reasons else ""
    if why and not why.startswith(repr(item.query)):
        yield Text(why)  # recognised (an Ollama name, a conversion), but it leads to no model
    if item.suggestions:
        yield Text(f"did you mean: {', '.join(item.suggestions)}?")


def model_parts(item: Assessment, width: int) -> Iterator[RenderableType | Lines]:
    from rich.text import Text

    title = Text()
    title.append(item.verdict.label.upper(), style=STYLES[item.verdict])
    title.append("  ")
    if item.model is None:
        title.append(f"{item.query}: not in the rules")
        yield title
        yield from _unknown_parts(item)
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
    if item.resolution:
        yield Text(f"basis {item.basis}: {item.resolution}", style="yellow" if item.basis == "name" else "")
    yield use_table(item, width)
    if item.conflicts:
        yield bullets(
            "conflicts (the stricter reading decided)", [("!", c.message) for c in item.conflicts], width
        )

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
            "obligations",
            [("•", f"{o.text}{obligation_note(o)} [{o.license} {o.clause}]") for o in item.obligations],
            width,
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


def render_model(item: Assessment, options: Options) -> str:
    return render(list(model_parts(item, options.width)), options.color, options.width)


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
                        f"{o.text}{obligation_note(o)} [{o.clause}]"
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

    words = summarize(condition)
    if isinstance(condition, Ceiling):
        measured = f", measured {condition.measured}" if condition.measured else ""
        return f"{words}{measured}; above it: {condition.otherwise.label}"
    if isinstance(condition, Royalty) and condition.basis:
        return f"{words} a year ({condition.basis})"
    if isinstance(condition, Agreement):
        return f"a separate agreement with {condition.party}"
    return words


def render_list(view: ModelList, options: Options) -> str:
    from rich import box
    from rich.table import Table

    rows, filters, context = view.rows, view.filters, view.context
    asked = scrub(", ".join(filters.allows))  # the registry leaves scrubbing to us: the cells only
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
    """A listed model's id, publisher, license (its family dim) and size, scrubbed: a list prints
    these of each model, not the whole of its assessment, so only these are cleaned."""
    from rich.text import Text

    model_id, publisher, license_id, family = scrub(
        (
            row.model.id,
            row.model.publisher,
            row.license.id if row.license else "-",
            row.license.family if row.license else "",
        )
    )
    lic = Text(license_id)
    if row.license:
        lic.append(f" {family}", style="dim")
    size = f"{row.model.params_b:g}B" if row.model.params_b else ""
    return model_id, publisher, lic, size


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
    if item.conflicts:
        disagree = root.add("conflicts (the stricter reading decided)")
        for conflict in item.conflicts:
            disagree.add(f"! {conflict.message}")
    for use in item.uses:
        _explain_use(root, use, model.id)
    if item.obligations:
        duties = root.add("obligations")
        for o in item.obligations:
            duties.add(f"{o.text}{obligation_note(o)} [{o.license} {o.clause}]")
    if item.alternatives:
        root.add(f"allowed alternatives: {', '.join(item.alternatives)}")
    return render([root], options.color, options.width)


def _explain_use(root: Tree, use: UseVerdict, model_id: str) -> None:
    """A use's branch of the tree: its reasons, each lineage step a node its base's reasons hang under."""
    from rich.text import Text

    branch = root.add(Text.assemble((f"{use.use}: ", "bold"), (use.verdict.label, STYLES[use.verdict])))
    nodes: dict[tuple[str, ...], Tree] = {(model_id,): branch}
    for reason in use.reasons:
        via = reason.via or (model_id,)
        for depth in range(2, len(via) + 1):  # a node per lineage step: "built on ..."
            if via[:depth] not in nodes:
                nodes[via[:depth]] = nodes.get(via[: depth - 1], branch).add(f"built on {via[depth - 1]}")
        where = f"  [{reason.location}]" if reason.location else ""
        leaf = nodes.get(via, branch).add(f"{reason.text}{where}")
        if reason.base:
            nodes[(*via, reason.base)] = leaf  # the base's own reasons hang under this step
        if reason.note:
            leaf.add(Text(reason.note, style="dim"))


def render_validation(validation: Validation, options: Options) -> str:
    return "".join(f"{warning}: warning\n" for warning in validation.warnings)
