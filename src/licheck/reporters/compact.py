"""`--format summary`: a check in a few lines, for pre-commit hooks and CI logs: one line per model
and kind of failure (where, level, code, the model, the uses), each cut at a space to the width (at
least 120 columns), then the totals line. The other formats say the whole reasoning."""

from __future__ import annotations

from licheck.core.findings import Finding, Level
from licheck.project.report import CheckReport
from licheck.reporters import Options, summary

ORDER = (Level.ERROR, Level.WARNING)


def render_check(report: CheckReport, options: Options) -> str:
    shown = sorted((f for f in report.findings if f.level in ORDER), key=lambda f: _order(report, f))
    grouped: dict[tuple[str, str, str, str], list[str]] = {}  # a model's uses that fail alike: one line
    for f in shown:
        model, said = _what(f)
        grouped.setdefault((_place(report, f), f.level, f.code, model), []).append(said)
    lines = [
        _cut(
            f"{place}: {level} {code}: {model}{': ' if model else ''}{', '.join(dict.fromkeys(said))}",
            options.width,
        )
        for (place, level, code, model), said in grouped.items()
    ]
    return "\n".join([*lines, summary(report)]) + "\n"


def _order(report: CheckReport, finding: Finding) -> tuple[int, str, int, str]:
    where = finding.location
    file = where.file if where else report.manifest
    return ORDER.index(finding.level), file, (where.line or 0) if where else 0, finding.code


def _place(report: CheckReport, finding: Finding) -> str:
    where = finding.location
    if where is None:
        return report.manifest
    return f"{where.file}:{where.line}" if where.line else where.file


def _what(finding: Finding) -> tuple[str, str]:
    """(the model, what failed) of "MODEL: USE is denied: the clause...", else ("", the first
    clause): what failed, not yet why (the other formats say why)."""
    first = " ".join(finding.text.split("; ", 1)[0].split())
    model, sep, rest = first.partition(": ")
    if sep and finding.use is not None:
        return model, rest.split(": ", 1)[0]
    return "", first


def _cut(line: str, width: int) -> str:
    """The line, cut at a space to fit the width, or 120 columns where the width is less (a CI log
    is read wider than the 80 columns a pipe reports; a finding should still say what failed)."""
    width = max(width, 120)
    if len(line) <= width:
        return line
    cut = line[: width - 3]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut) + "..."  # at a space, a word kept whole
