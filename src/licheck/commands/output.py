"""Where text goes: reports to stdout (or --output), notes and summaries to stderr.

The global options (-q, -v, --color) set these once per run.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterable, Iterator
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
    """The terminal's width, or COLUMNS; 80 columns when the output is piped and COLUMNS is unset
    (the convention of most tools: a log or a pager gets lines that fit a classic terminal)."""
    import shutil

    columns = shutil.get_terminal_size((80, 24)).columns
    return max(40, min(columns, 400))


def progress(label: str) -> contextlib.AbstractContextManager[object]:
    """A spinner with `label` on stderr while long work runs: only on a terminal, never when
    piped, in CI (CI=true) or with -q."""
    if SETTINGS.quiet or os.environ.get("CI") or not sys.stderr.isatty():
        return contextlib.nullcontext()
    return _spinner(label)


@contextlib.contextmanager
def _spinner(label: str) -> Iterator[None]:
    from rich.console import Console
    from rich.live import Live
    from rich.spinner import Spinner

    live = Live(
        Spinner("dots", text=label), console=Console(stderr=True), transient=True, refresh_per_second=10
    )
    live.start(refresh=True)  # drawn at once, even for work shorter than one refresh
    try:
        yield
    finally:
        live.stop()


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


def deliver(text: str, output: str | None, inputs: Iterable[Path] = (), label: str | None = None) -> None:
    """The report to stdout, or to --output FILE (atomically; `-` is stdout); `label` names the
    flag that asked for the file in messages (--output FILE by default)."""
    if output is None or output == "-":
        emit(text)
        return
    from licheck.files.write import write_output

    write_output(output, text, inputs, label)
