"""licheck's own reports, told by what licheck writes in them (not by their names): a scan never
reads them as code, or a model named in last run's report would fail the gate forever.

Each format's marks, from the reporters: the JSON answer's `schema_version` and `licheck_version`
keys; SARIF's driver named licheck; the CycloneDX ML-BOM's `licheck` tool and `licheck:`
properties; the JUnit `<testsuites name="licheck"`; the HTML page's `<title>licheck ` and its
footer; the markdown report's `## licheck: ` heading; GitHub annotations titled `licheck `; the
table's `licheck check `/`licheck scan ` first line. A mark must be where licheck puts it (the
start of the file, or the end for the ML-BOM), so that code which merely mentions them is read.
"""

from __future__ import annotations

import re

_HEAD = 4096
_LEAD = re.compile("[\ufeff \t\r\n]*")
_SARIF = re.compile(r'"driver"\s*:\s*\{\s*"name"\s*:\s*"licheck"')
_JSON = re.compile(r'\A\{\s*"schema_version"\s*:\s*\d+\s*,\s*"licheck_version"\s*:')
_BOM_TOOL = re.compile(r'"bom-ref"\s*:\s*"licheck"|"name"\s*:\s*"licheck:rules-digest"')
_GITHUB = re.compile(r"::(?:error|warning|notice) [^\n]*title=licheck ")
_TABLE = re.compile(r"licheck (?:check|scan) \S")
_SARIF_VERSION = re.compile(r'"version"\s*:\s*"2\.1\.0"')


def licheck_report(text: str) -> str | None:
    """The format of the licheck report `text` is, or None when it is not one."""
    lead = _LEAD.match(text)
    assert lead is not None  # it matches the empty string
    at = lead.end()
    first = text[at : at + 1]
    if first == "#":
        return "markdown" if text.startswith("## licheck: ", at) else None
    if first == ":":
        return "GitHub annotations" if _GITHUB.match(text, at) else None
    if first == "l":
        table = _TABLE.match(text, at) and "\u2500\u2500\u2500" in text[at : at + _HEAD]
        return "table" if table else None
    if first not in "{<" or not first:
        return None  # most files: one look at their first characters
    head = text[at : at + _HEAD]
    if "licheck" not in head and '"bom-ref"' not in head:
        return None  # every format names licheck at its start (an ML-BOM may at its end only)
    if first == "{":
        return _json_kind(head, text)
    if head.startswith("<?xml") and '<testsuites name="licheck"' in head[:512]:
        return "JUnit"
    if (
        head[:15].lower() == "<!doctype html>"
        and "<title>licheck " in head
        and "<footer>licheck " in text[-_HEAD:]
    ):
        return "HTML"
    return None


def _json_kind(head: str, text: str) -> str | None:
    if _JSON.match(head):
        return "JSON"
    if _SARIF_VERSION.search(head) and _SARIF.search(head):
        return "SARIF"
    ends = head + text[-_HEAD:]  # the ML-BOM's keys, sorted or not: its format and tool at either end
    if '"CycloneDX"' in ends and _BOM_TOOL.search(ends):
        return "CycloneDX"
    return None
