"""Where a check's reports go: the main one (--format, --output) and every --report, from one run."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from licheck.commands.output import deliver, note, options, warn
from licheck.core.errors import UsageError

if TYPE_CHECKING:
    from licheck.project.report import CheckReport
    from licheck.views.bom import BomView

ReportOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--report",
        metavar="FORMAT=FILE",
        help="Also write a report in FORMAT to FILE (repeatable), e.g. --report sarif=licheck.sarif.",
    ),
]


def parse_reports(
    output_format: str,
    output: str | None,
    extra: list[str] | None,
    view: str = "check",
    inputs: list[Path | None] | None = None,
) -> list[tuple[str, str | None]]:
    """(format, file or None for stdout) for the main report and every --report; a report file
    that is one of the `inputs` known at the start (None: not given) is refused there."""
    from licheck.reporters import formats

    wanted: list[tuple[str, str | None]] = [(output_format, output)]
    for item in extra or ():
        fmt, sep, file = item.partition("=")
        if not sep or not file or fmt not in formats(view):
            known = ", ".join(formats(view))
            raise UsageError(f"--report {item!r}: expected FORMAT=FILE with FORMAT one of {known}")
        wanted.append((fmt, file))
    files = [file for _, file in wanted if file not in (None, "-")]
    if len(files) != len(set(files)):
        raise UsageError("two reports name the same file")
    if sum(file in (None, "-") for _, file in wanted) > 1:
        raise UsageError("only one report can go to stdout")
    refuse_inputs(wanted, [path for path in inputs or () if path is not None])
    require_extras(fmt for fmt, _ in wanted)
    return wanted


def require_extras(wanted: Iterable[str]) -> None:
    """Refuse, before any work is done or any report printed, a format whose optional extra is
    not installed (exit 2 with the pip command)."""
    from licheck.reporters import Format

    if any(fmt in (Format.CYCLONEDX, Format.CYCLONEDX_17) for fmt in wanted):
        from licheck.reporters.cyclonedx import spdx_list

        spdx_list()


def _flag(wanted: list[tuple[str, str | None]], fmt: str, file: str | None) -> str:
    """How the command line asked for a report file: --output FILE, or --report FORMAT=FILE."""
    return f"--output {file}" if (fmt, file) == wanted[0] else f"--report {fmt}={file}"


def refuse_inputs(wanted: list[tuple[str, str | None]], inputs: list[Path]) -> None:
    """Refuse, before any work or output, a report file that is an input of the run."""
    from licheck.files.write import refuse_inputs as refuse

    for fmt, file in wanted:
        if file not in (None, "-"):
            refuse(file, inputs, _flag(wanted, fmt, file))


def write_reports(
    report: CheckReport,
    wanted: list[tuple[str, str | None]],
    inputs: list[Path],
    view: str = "check",
    bom: Callable[[], BomView] | None = None,
) -> None:
    """Every report asked for; the job summary first, so a report that cannot be written does
    not lose it. The bills of materials share one BOM view, built (by `bom`) once."""
    from licheck.reporters import BOM_FORMATS, reporter, summary

    refuse_inputs(wanted, inputs)
    step_summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if step_summary and any(fmt == "github" for fmt, _ in wanted):
        try:
            with open(step_summary, "a", encoding="utf-8") as handle:
                handle.write(reporter(view, "markdown")(report, options(to_file=True)))
        except OSError as error:
            warn(f"cannot append to $GITHUB_STEP_SUMMARY: {error}")
    built: list[BomView] = []
    for fmt, file in wanted:
        to_file = file not in (None, "-")
        data: object = report
        if fmt in BOM_FORMATS and bom is not None:
            built = built or [bom()]
            data = built[0]
        deliver(reporter(view, fmt)(data, options(to_file=to_file)), file, inputs, _flag(wanted, fmt, file))
        if to_file:
            note(f"licheck: {fmt} report written to {file}")
    machine = ("json", "sarif", "junit", "html", *BOM_FORMATS)
    if any(file not in (None, "-") for _, file in wanted) or wanted[0][0] in machine:
        note(f"licheck: {summary(report)}")
