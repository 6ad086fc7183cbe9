"""GitHub Actions workflow commands: one annotation per finding, on the manifest line."""

from __future__ import annotations

from licheck.core.findings import Level
from licheck.project.report import CheckReport
from licheck.reporters import summary

COMMANDS = {Level.ERROR: "error", Level.WARNING: "warning", Level.NOTE: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_check(report: CheckReport, options: object = None) -> str:
    lines = []
    # errors first: GitHub shows only the first 10 annotations of each kind per step
    for finding in sorted(report.findings, key=lambda f: ["error", "warning", "note"].index(f.level)):
        where = finding.location
        props = [f"file={escape_property(where.file if where else report.manifest)}"]
        if where and where.line:
            props.append(f"line={where.line}")
        props.append(f"title={escape_property('licheck ' + finding.code)}")
        lines.append(f"::{COMMANDS[finding.level]} {','.join(props)}::{escape_data(finding.text)}")
    for file, why in report.skipped or ():  # files the scan did not read
        title = escape_property("licheck skipped")
        lines.append(
            f"::notice file={escape_property(file)},title={title}::{escape_data('not scanned: ' + why)}"
        )
    lines.append(summary(report))
    return "\n".join(lines) + "\n"
