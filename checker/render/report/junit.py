"""JUnit XML for CI test-report viewers: a test suite per declaration, a test case per rule.

A finding that fails the gate is a <failure>; one below the fail level leaves its case
passing and is listed in <system-out>; a waived finding makes its case <skipped>. The file's
own rules (LC000-LC010) form one case, "the file is well-formed and valid".

The document is valid against the JUnit XSD that pytest and Jenkins use (junit-10.xsd): each
suite has its time and timestamp, and characters XML 1.0 cannot carry at all (control
characters from a declaration) are written as visible escapes such as \\x1b.
"""

from __future__ import annotations

import datetime
import re
from xml.etree import ElementTree as ET

from checker.render.escape import terminal
from checker.render.output import Output
from checker.report import FileResult, Finding, Report, Rule, RuleKind

FILE_CASE = "LC0xx the file is well-formed YAML and matches the schema"
# what XML 1.0 forbids even as a character reference
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """Text XML 1.0 can carry: each forbidden character as a visible escape."""
    return NOT_XML.sub(
        lambda m: (
            f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256 else f"\\u{ord(m.group()):04x}"
        ),
        text,
    )


def _line(finding: Finding) -> str:
    # XML 1.0 cannot hold most control characters even escaped: they are shown as escapes
    return terminal(
        f"{finding.file}:{finding.line}:{finding.column}  {finding.severity.value}  "
        f"{finding.rule}  {finding.message}"
    )


def _time(seconds: float) -> str:
    return f"{max(seconds, 0.0):.3f}"


def _suite(
    result: FileResult, report: Report, rules: dict[str, Rule], seconds: float, timestamp: str
) -> ET.Element:
    level = result.fail_level or report.fail_level
    cases: dict[str, list[Finding]] = {FILE_CASE: []}
    titles = {r.id: f"{r.id} {r.title}" for r in rules.values() if r.kind is RuleKind.POLICY}
    for title in titles.values():
        cases[title] = []
    for finding in result.findings:
        rule = rules.get(finding.rule)
        name = FILE_CASE if rule and rule.kind is RuleKind.FILE else titles.get(finding.rule)
        cases.setdefault(name or finding.rule, []).append(finding)
    suite = ET.Element("testsuite", name=xml_text(result.file))
    failures = skipped = 0
    for name, found in cases.items():
        case = ET.SubElement(
            suite, "testcase", classname=xml_text(result.file), name=xml_text(name)
        )
        failing = [f for f in found if f.fails(level)]
        waived = [f for f in found if f.waiver is not None]
        below = [f for f in found if f.waiver is None and not f.fails(level)]
        if failing:
            failures += 1
            first = failing[0]
            failure = ET.SubElement(
                case, "failure", message=xml_text(first.message), type=first.severity.value
            )
            failure.text = xml_text("\n".join(_line(f) for f in failing))
            rule = rules.get(first.rule)
            if rule is not None and rule.remediation and not first.unjudged:  # what to do
                remediation = " ".join(rule.remediation.split())
                failure.text += xml_text(f"\n\nHow to fix: {remediation}")
        elif waived and not below:
            skipped += 1
            waiver = waived[0].waiver
            assert waiver is not None
            ET.SubElement(
                case,
                "skipped",
                message=xml_text(
                    f"waived until {waiver.expires} by {waiver.approved_by}: {waiver.reason}"
                ),
            )
        if below or (failing and (waived or len(failing) < len(found))):
            out = ET.SubElement(case, "system-out")
            out.text = xml_text("\n".join(_line(f) for f in found if f not in failing))
    if result.baselined:  # findings an earlier report already had, left out (--baseline)
        properties = ET.Element("properties")
        ET.SubElement(properties, "property", name="baselined", value=str(result.baselined))
        suite.insert(0, properties)
    suite.set("tests", str(len(cases)))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    suite.set("skipped", str(skipped))
    suite.set("time", _time(seconds))
    suite.set("timestamp", timestamp)
    return suite


def render(report: Report, out: Output) -> None:
    stream = out.stream
    root = ET.Element("testsuites", name="llm-choice")
    totals = {"tests": 0, "failures": 0}
    rules = {rule.id: rule for rule in report.rules}
    timestamp = (
        datetime.datetime.fromtimestamp(report.started, datetime.timezone.utc)
        .astimezone()
        .isoformat(timespec="seconds")
    )
    for index, result in enumerate(report.files):
        seconds = report.durations[index] if index < len(report.durations) else 0.0
        suite = _suite(result, report, rules, seconds, timestamp)
        root.append(suite)
        for key in totals:
            totals[key] += int(suite.get(key, "0"))
    for key, value in totals.items():
        root.set(key, str(value))
    root.set("errors", "0")
    root.set("time", _time(report.elapsed))
    ET.indent(root)
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(ET.tostring(root, encoding="unicode"))
    stream.write("\n")
