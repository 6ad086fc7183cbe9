"""JUnit XML for GitLab and Jenkins test panels: one test case per model and use."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from licheck.findings import CheckReport, Finding, Level


def render_check(report: CheckReport, options: object = None) -> str:
    cases: list[tuple[str, str, str, list[Finding]]] = []
    placed: set[Finding] = set()
    for item in report.assessments:
        where = item.location
        line = f" line {where.line}" if where and where.line else ""
        for use in (u.use for u in item.uses):
            mine = report.findings_for(item, use)
            placed.update(mine)
            cases.append((f"licheck.{report.manifest}", f"{item.query} [{use}]{line}", use, mine))
    # Findings about no one model (an unused exception, an override, an expired agreement...)
    rest = [f for f in report.findings if f not in placed]
    if rest:
        cases.append((f"licheck.{report.manifest}", "policy and rules", "", rest))
    failures = sum(any(f.level is Level.ERROR for f in found) for *_, found in cases)
    root = ET.Element(
        "testsuites",
        name="licheck",
        tests=str(len(cases)),
        failures=str(failures),
        errors="0",
        skipped="0",
        time="0",
    )
    suite = ET.SubElement(
        root,
        "testsuite",
        name=f"licheck {report.manifest}",
        tests=str(len(cases)),
        failures=str(failures),
        errors="0",
        skipped="0",
        time="0",
    )
    if report.rules_digest:
        properties = ET.SubElement(suite, "properties")
        ET.SubElement(properties, "property", name="licheck.rules-digest", value=report.rules_digest)
    for classname, name, _use, found in cases:
        case = ET.SubElement(
            suite, "testcase", classname=classname, name=name, file=report.manifest, time="0"
        )
        errors = [f for f in found if f.level is Level.ERROR]
        if errors:
            failure = ET.SubElement(case, "failure", message=errors[0].message, type=errors[0].code)
            failure.text = "\n".join(f"{f.code}: {f.message}" for f in errors)
        others = [f for f in found if f.level is not Level.ERROR]
        if others:
            ET.SubElement(case, "system-out").text = "\n".join(
                f"{f.level}: {f.code}: {f.message}" for f in others
            )
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
