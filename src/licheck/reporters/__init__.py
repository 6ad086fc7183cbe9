"""Output formats: one module per format, each a pure function from findings to text.

`model` speaks table and json; `check` (and later `compare`) every format. Reporters never print
or write: the CLI decides where their text goes.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from importlib import import_module
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from licheck.findings import CheckReport


class Format(enum.StrEnum):
    """Formats of `licheck model`."""

    TABLE = "table"
    JSON = "json"


class CheckFormat(enum.StrEnum):
    """Formats of `licheck check`."""

    TABLE = "table"
    JSON = "json"
    SARIF = "sarif"
    JUNIT = "junit"
    MARKDOWN = "markdown"
    GITHUB = "github"
    HTML = "html"


class CompareFormat(enum.StrEnum):
    """Formats of `licheck compare`."""

    TABLE = "table"
    JSON = "json"
    MARKDOWN = "markdown"
    HTML = "html"


class ListFormat(enum.StrEnum):
    """Formats of `licheck list`."""

    TABLE = "table"
    JSON = "json"
    IDS = "ids"


class Options(NamedTuple):
    color: bool = False
    width: int = 100


CheckReporter = Callable[["CheckReport", Options], str]

# format -> module in licheck.reporters with a `render_check(report, options) -> str`
_CHECK_MODULES = {
    CheckFormat.TABLE: "table",
    CheckFormat.JSON: "jsonout",
    CheckFormat.SARIF: "sarif",
    CheckFormat.JUNIT: "junit",
    CheckFormat.MARKDOWN: "markdown",
    CheckFormat.GITHUB: "github",
    CheckFormat.HTML: "html",
}


def check_reporter(fmt: CheckFormat) -> CheckReporter:
    """The reporter of a format, imported only when asked for (rich, XML... stay off the hot path)."""
    module = import_module(f"licheck.reporters.{_CHECK_MODULES[fmt]}")
    reporter: CheckReporter = module.render_check
    return reporter


def summary(report: CheckReport) -> str:
    """One line for the console: what was checked and whether it passed."""
    counts = report.counts()
    models = len(report.assessments)
    uses = len(report.uses)
    parts = [
        f"{counts['error']} error{'s' * (counts['error'] != 1)}",
        f"{counts['warning']} warning{'s' * (counts['warning'] != 1)}",
    ]
    if counts["note"]:
        parts.append(f"{counts['note']} note{'s' * (counts['note'] != 1)}")
    failing = sorted({f.model_id or f.model for f in report.findings if f.level == "error"})
    head = f"{models} model{'s' * (models != 1)} x {uses} use{'s' * (uses != 1)}: {', '.join(parts)}"
    if report.failed:
        return f"{head}: FAILED ({', '.join(failing)})"
    return f"{head}: passed"


def to_json(value: object, depth: int = 2) -> str:
    """JSON laid out for diffs and speed: pretty to `depth` levels, each deeper value on one line.

    json's C encoder is used only without indentation; indenting a whole 500-model report in pure
    Python took most of a check's time. Output is deterministic and ends with a newline.
    """
    encode = _encoder()

    def walk(item: object, level: int) -> str:
        if level >= depth or not isinstance(item, (dict, list)) or not item:
            return encode(item)
        pad, end = "  " * (level + 1), "  " * level
        if isinstance(item, dict):
            body = ",\n".join(f"{pad}{encode(str(k))}: {walk(v, level + 1)}" for k, v in item.items())
            return f"{{\n{body}\n{end}}}"
        body = ",\n".join(f"{pad}{walk(v, level + 1)}" for v in item)
        return f"[\n{body}\n{end}]"

    return walk(value, 0) + "\n"


def _encoder() -> Callable[[object], str]:
    """json's own C encoder, without importing the json package (3 ms of regexes and decoders on
    every `--format json` run, measured with bench/bench.py); json itself where _json is missing."""
    try:
        from _json import encode_basestring, make_encoder
    except ImportError:  # an interpreter without the C accelerator
        import json

        return json.JSONEncoder(ensure_ascii=False).encode

    def refuse(value: object) -> object:
        raise TypeError(f"{type(value).__name__} is not JSON serializable")

    chunks = make_encoder(None, refuse, encode_basestring, None, ": ", ", ", False, False, True)
    return lambda value: "".join(chunks(value, 0))
