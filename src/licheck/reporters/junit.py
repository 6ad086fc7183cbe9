"""JUnit XML for GitLab and Jenkins test panels: one test case per model and use."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import NamedTuple

from licheck.core.findings import Finding, Level
from licheck.core.model import Assessment
from licheck.project.report import CheckReport
from licheck.views.matrix import place


class _Case(NamedTuple):
    classname: str
    name: str
    use: str
    found: list[Finding]
    file: str | None = None  # where the model is named: the manifest, or the code that uses it
    line: int | None = None


def _model_cases(report: CheckReport, item: Assessment) -> list[_Case]:
    """A test case per use of a manifest entry (or of a model the scan found), with the findings on
    that use, at the file and line that name the model."""
    where = item.location
    shown = place(where, report.manifest)
    return [
        _Case(
            f"licheck.{report.manifest}",
            f"{item.query} [{use}]" + (f" {shown}" if shown else ""),
            use,
            report.findings_for(item, use),
            where.file if where and where.file else None,
            where.line if where else None,
        )
        for use in (u.use for u in item.uses)
    ]


def _cases(report: CheckReport) -> list[_Case]:
    """The test cases: one per model and use, then one for the findings placed on no model."""
    cases = [case for item in report.assessments for case in _model_cases(report, item)]
    placed = {f for case in cases for f in case.found}
    # Findings about no one model (an unused exception, an override, an expired agreement...)
    rest = [f for f in report.findings if f not in placed]
    if rest:
        cases.append(_Case(f"licheck.{report.manifest}", "policy and rules", "", rest))
    return cases


def _counts(cases: list[_Case], skipped: int = 0) -> dict[str, str]:
    """The attributes a test suite sums its cases up in (a file the scan did not read is a skipped case)."""
    failures = sum(any(f.level is Level.ERROR for f in case.found) for case in cases)
    tests, skips = str(len(cases) + skipped), str(skipped)
    return {"tests": tests, "failures": str(failures), "errors": "0", "skipped": skips, "time": "0"}


def _add_case(suite: ET.Element, case: _Case, manifest: str) -> None:
    """A test case: failed by its errors, with its other findings as its output."""
    attributes = {"classname": case.classname, "name": case.name, "file": case.file or manifest}
    if case.line is not None:
        attributes["line"] = str(case.line)
    element = ET.SubElement(suite, "testcase", {**attributes, "time": "0"})
    errors = [f for f in case.found if f.level is Level.ERROR]
    if errors:
        failure = ET.SubElement(element, "failure", message=errors[0].text, type=errors[0].code)
        failure.text = "\n".join(f"{f.code}: {f.text}" for f in errors)
    others = [f for f in case.found if f.level is not Level.ERROR]
    if others:
        ET.SubElement(element, "system-out").text = "\n".join(
            f"{f.level}: {f.code}: {f.text}" for f in others
        )


def render_check(report: CheckReport, options: object = None) -> str:
    cases = _cases(report)
    counts = _counts(cases, len(report.skipped or ()))
    root = ET.Element("testsuites", {"name": "licheck", **counts})
    suite = ET.SubElement(root, "testsuite", {"name": f"licheck {report.manifest}", **counts})
    if report.rules_digest:
        properties = ET.SubElement(suite, "properties")
        ET.SubElement(properties, "property", name="licheck.rules-digest", value=report.rules_digest)
    for case in cases:
        _add_case(suite, case, report.manifest)
    for file, why in report.skipped or ():
        element = ET.SubElement(
            suite,
            "testcase",
            classname=f"licheck.{report.manifest}",
            name=f"scan {file}",
            file=file,
            time="0",
        )
        ET.SubElement(element, "skipped", message=f"not scanned: {why}")
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
