"""SARIF 2.1.0 for GitHub code scanning: each result points at the manifest line naming the model."""

from __future__ import annotations

from typing import Any

from licheck import __version__
from licheck.core.codes import Code
from licheck.core.findings import FINDING_CODES, Finding, Level
from licheck.project.report import CheckReport
from licheck.reporters import to_json

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/licheck-ai/"
SRCROOT = "%SRCROOT%"  # paths are relative to the repository root


def _rule(code: str) -> dict[str, Any]:
    text = FINDING_CODES[code]
    return {
        "id": code,
        "name": "".join(part.title() for part in code.split("-")),
        "shortDescription": {"text": text[0].upper() + text[1:]},
        "fullDescription": {"text": f"licheck {code}: {text}."},
        "help": {
            "text": f"{text[0].upper() + text[1:]}. Run `licheck explain MODEL --use USE` for the reasoning.",
            "markdown": f"**{code}**: {text}. Run `licheck explain MODEL --use USE` for the reasoning.",
        },
        "defaultConfiguration": {"level": str(Code(code).level)},
        "properties": {"tags": ["license", "ai-model"], "precision": "high"},
    }


def _result(finding: Finding, index: dict[str, int], manifest: str) -> dict[str, Any]:
    location = finding.location
    uri = location.file if location and location.file else manifest
    line = location.line if location and location.line else 1
    level = Code(finding.code).level if finding.suppressed_by else finding.level
    region: dict[str, Any] = {"startLine": line}
    if location is not None and location.column and location.column >= 1:
        region["startColumn"] = location.column
    result: dict[str, Any] = {
        "ruleId": finding.code,
        "ruleIndex": index[finding.code],
        "level": {Level.ERROR: "error", Level.WARNING: "warning", Level.NOTE: "note"}[level],
        "message": {"text": finding.text},
        "locations": [
            {"physicalLocation": {"artifactLocation": {"uri": uri, "uriBaseId": SRCROOT}, "region": region}}
        ],
        "properties": {"model": finding.model, "modelId": finding.model_id, "use": finding.use},
    }
    if finding.suppressed_by:
        result["suppressions"] = [
            {"kind": "external", "status": "accepted", "justification": str(finding.suppressed_by)}
        ]
    return result


def render_check(report: CheckReport, options: object = None) -> str:
    codes = sorted(FINDING_CODES)
    index = {code: i for i, code in enumerate(codes)}
    document = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "licheck",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": [_rule(code) for code in codes],
                    }
                },
                "properties": {"rulesDigest": report.rules_digest},
                "automationDetails": {"id": f"licheck/{report.manifest}/"},
                "columnKind": "utf16CodeUnits",
                "results": [_result(f, index, report.manifest) for f in report.findings],
                **_invocations(report),
            }
        ],
    }
    return to_json(document, depth=5)


def _invocations(report: CheckReport) -> dict[str, Any]:
    """The files the scan did not read, as notifications of the run (SARIF's place for an
    artifact a tool could not analyse); nothing when there are none."""
    if not report.skipped:
        return {}
    notes = [
        {
            "level": "warning",
            "message": {"text": f"not scanned: {why}"},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": file, "uriBaseId": SRCROOT}}}],
        }
        for file, why in report.skipped
    ]
    return {"invocations": [{"executionSuccessful": True, "toolExecutionNotifications": notes}]}
