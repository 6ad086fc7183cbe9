"""Output formats: one module per format, each a pure function from a view's data to text.

One registry (REPORTERS) says which formats each view offers and which function renders it; every
command picks its reporter there. Reporters never print or write: the commands decide where their
text goes.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from importlib import import_module
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from licheck.project.report import CheckReport


class Format(enum.StrEnum):
    """Every output format licheck has; each command offers the ones its view registers."""

    TABLE = "table"
    JSON = "json"
    SARIF = "sarif"
    JUNIT = "junit"
    MARKDOWN = "markdown"
    GITHUB = "github"
    HTML = "html"
    CYCLONEDX = "cyclonedx"
    CYCLONEDX_17 = "cyclonedx-1.7"
    SPDX3 = "spdx3"
    IDS = "ids"
    TEXT = "text"
    SUMMARY = "summary"


# Bills of materials: their reporters take the BOM view (views/bom.py), which a command builds once
# with the rules for all of them (or a reporter makes from the report alone).
BOM_FORMATS = frozenset({Format.CYCLONEDX, Format.CYCLONEDX_17, Format.SPDX3})


class Options(NamedTuple):
    color: bool = False
    width: int = 100


Reporter = Callable[[Any, Options], str]

_CHECK = {
    Format.TABLE: "matrixtable:render_check",
    Format.JSON: "jsonout:render_check",
    Format.SARIF: "sarif:render_check",
    Format.JUNIT: "junit:render_check",
    Format.MARKDOWN: "markdown:render_check",
    Format.GITHUB: "github:render_check",
    Format.HTML: "html:render_check",
    Format.CYCLONEDX: "cyclonedx:render_check",
    Format.CYCLONEDX_17: "cyclonedx:render_check_17",
    Format.SPDX3: "spdx3:render_check",
    Format.SUMMARY: "compact:render_check",
}

# view -> format -> "module:function" in licheck.reporters; each function is
# `render(data, options) -> str` and is imported only when its format is asked for
# (rich, XML, HTML stay off the hot path).
REPORTERS: dict[str, dict[Format, str]] = {
    "model": {Format.TABLE: "table:render_model", Format.JSON: "jsonout:render_model"},
    "explain": {Format.TABLE: "table:render_explain", Format.JSON: "jsonout:render_model"},
    "check": _CHECK,
    "scan": {**_CHECK, Format.JSON: "jsonout:render_scan"},
    "compare": {
        Format.TABLE: "matrixtable:render_comparison",
        Format.JSON: "jsonout:render_comparison",
        Format.MARKDOWN: "markdown:render_comparison",
        Format.HTML: "html:render_comparison",
    },
    "compare-licenses": {
        Format.TABLE: "matrixtable:render_licenses",
        Format.JSON: "jsonout:render_licenses",
        Format.MARKDOWN: "markdown:render_licenses",
        Format.HTML: "html:render_licenses",
    },
    "list": {
        Format.TABLE: "table:render_list",
        Format.JSON: "jsonout:render_list",
        Format.IDS: "ids:render_list",
    },
    "license": {Format.TABLE: "table:render_license", Format.JSON: "jsonout:render_license"},
    "license-list": {Format.TABLE: "licenses:render_table", Format.JSON: "licenses:render_json"},
    "rules-stats": {Format.TABLE: "table:render_stats", Format.JSON: "jsonout:render_stats"},
    "rules-validate": {Format.TABLE: "table:render_validation", Format.JSON: "jsonout:render_validation"},
    "inspect": {
        Format.TABLE: "matrixtable:render_inspect",
        Format.JSON: "jsonout:render_inspect",
        Format.CYCLONEDX: "cyclonedx:render_inspect",
        Format.CYCLONEDX_17: "cyclonedx:render_inspect_17",
        Format.SPDX3: "spdx3:render_inspect",
    },
    "notice": {
        Format.MARKDOWN: "markdown:render_notice",
        Format.TEXT: "plain:render_notice",
        Format.HTML: "html:render_notice",
    },
}


def formats(view: str) -> tuple[str, ...]:
    """The formats a view offers, in the registry's order (the first is the default)."""
    return tuple(str(fmt) for fmt in REPORTERS[view])


# Formats whose text reaches a terminal, a log or an XML parser as it is: their input is scrubbed
# of control characters first (JSON and SARIF escape them themselves).
_SCRUBBED = {
    Format.TABLE,
    Format.MARKDOWN,
    Format.GITHUB,
    Format.JUNIT,
    Format.HTML,
    Format.IDS,
    Format.TEXT,
    Format.SUMMARY,
}
# Reporters that scrub what they print themselves: the check table prints only its matrix and
# summary, far smaller than the report of a large check; the list table four cells of each model,
# far less than each model's assessment.
_SCRUB_THEMSELVES = {("check", Format.TABLE), ("list", Format.TABLE)}


def reporter(view: str, fmt: str) -> Reporter:
    """The reporter of a view in a format, imported only when asked for."""
    wanted = Format(fmt)
    module, _, function = REPORTERS[view][wanted].partition(":")
    found: Reporter = getattr(import_module(f"licheck.reporters.{module}"), function)
    if wanted not in _SCRUBBED or (view, wanted) in _SCRUB_THEMSELVES:
        return found
    return lambda data, options: found(scrub(data), options)


_UNSAFE = {
    **{code: "\ufffd" for code in range(0x20) if code not in (0x09, 0x0A)},
    0x7F: "\ufffd",
    **dict.fromkeys(range(128, 160), "�"),
    **dict.fromkeys((*range(8234, 8239), *range(8294, 8298), 65534, 65535), "�"),
}


def scrub(value: Any) -> Any:
    """`value` with every string cleaned of control characters, terminal escapes and bidi
    overrides (each becomes U+FFFD), through NamedTuples, tuples, lists, dicts and sets.

    Names and messages come from rule files, manifests and scanned code, which anyone can write:
    an ESC byte must not reach a terminal, a NUL must not make JUnit invalid XML. A report shares
    its rules' objects between its models, so each object is walked once, and one with nothing to
    clean is kept as it is.
    """
    return _scrub(value, {})


def _scrub(value: Any, seen: dict[int, tuple[Any, Any]]) -> Any:
    if isinstance(value, str):
        return value if value.isprintable() else value.translate(_UNSAFE)
    if not isinstance(value, tuple | list | dict | frozenset):
        return value
    known = seen.get(id(value))
    if known is not None:
        return known[1]
    if isinstance(value, dict):
        pairs = [(_scrub(k, seen), _scrub(v, seen)) for k, v in value.items()]
        same = all(k is a and v is b for (k, v), (a, b) in zip(pairs, value.items(), strict=True))
        result: Any = value if same else dict(pairs)
    else:
        items = [_scrub(item, seen) for item in value]
        if all(new is old for new, old in zip(items, value, strict=True)):
            result = value
        elif isinstance(value, tuple):
            result = type(value)(*items) if hasattr(value, "_fields") else tuple(items)
        else:
            result = type(value)(items) if isinstance(value, list) else frozenset(items)
    seen[id(value)] = (value, result)  # the value kept alive, so that its id is not reused
    return result


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
    failing = sorted({f.model for f in report.findings if f.level == "error"})  # as the manifest names them
    head = f"{models} model{'s' * (models != 1)} x {uses} use{'s' * (uses != 1)}: {', '.join(parts)}"
    rules = f" [rules {report.rules_digest[:12]}]" if report.rules_digest else ""
    if report.failed:
        names = " ".join(", ".join(failing).splitlines())  # one line, whatever the names
        return f"{head}: FAILED ({names}){rules}"
    return f"{head}: passed{rules}"


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
