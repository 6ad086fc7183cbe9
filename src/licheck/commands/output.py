"""Where text goes: reports to stdout (or --output), notes and summaries to stderr.

The global options (-q, -v, --color) set these once per run.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from licheck.reporters import Options


class Settings(NamedTuple):
    quiet: bool = False
    verbose: bool = False
    color: str = "auto"  # auto | always | never


SETTINGS = Settings()


def configure(quiet: bool, verbose: bool, color: str) -> None:
    global SETTINGS
    SETTINGS = Settings(quiet, verbose, color)


def color_wanted(stream: object = None) -> bool:
    """Colour on a terminal unless NO_COLOR; FORCE_COLOR or --color always forces it."""
    if SETTINGS.color != "auto":
        return SETTINGS.color == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    target = stream or sys.stdout
    return bool(getattr(target, "isatty", lambda: False)())


def width() -> int:
    """The terminal's width; 100 columns when the output is not a terminal and COLUMNS is unset."""
    import shutil

    columns = shutil.get_terminal_size((100, 24)).columns
    return max(40, min(columns, 400))


def options(to_file: bool = False) -> Options:
    return Options(color_wanted() and not to_file, width())


def emit(text: str) -> None:
    """Write a report to stdout. A reader that went away (`| head`) is not an error of licheck:
    the rest is dropped and the command still ends with its own exit code."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def note(message: str) -> None:
    """A line for people on stderr (notes, summaries); -q silences it."""
    if not SETTINGS.quiet:
        sys.stderr.write(message.rstrip("\n") + "\n")


def verbose(message: str) -> None:
    if SETTINGS.verbose and not SETTINGS.quiet:
        sys.stderr.write(message.rstrip("\n") + "\n")


def warn(message: str) -> None:
    """A warning on stderr: shown even with -q."""
    sys.stderr.write(f"licheck: warning: {message.rstrip()}\n")


def deliver(text: str, output: str | None, inputs: Iterable[Path] = ()) -> None:
    """The report to stdout, or to --output FILE (atomically; `-` is stdout)."""
    if output is None or output == "-":
        emit(text)
        return
    from licheck.fileio import write_output

    write_output(output, text, inputs)
