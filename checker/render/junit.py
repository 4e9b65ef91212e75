"""JUnit XML for CI test-report viewers: a test suite per declaration, a test case per rule.

A finding that fails the gate is a <failure>; one below the fail level leaves its case
passing and is listed in <system-out>; a waived finding makes its case <skipped>. The file's
own rules (LC000-LC010) form one case, "the file is well-formed and valid".
"""

from __future__ import annotations

from xml.etree import ElementTree as ET

from checker.render.escape import terminal
from checker.render.output import Output
from checker.report import FileResult, Finding, Report, Rule, RuleKind

FILE_CASE = "LC0xx the file is well-formed YAML and matches the schema"


def _line(finding: Finding) -> str:
    # XML 1.0 cannot hold most control characters even escaped: they are shown as escapes
    return terminal(
        f"{finding.file}:{finding.line}:{finding.column}  {finding.severity.value}  "
        f"{finding.rule}  {finding.message}"
    )


def _suite(result: FileResult, report: Report, rules: dict[str, Rule]) -> ET.Element:
    level = result.fail_level or report.fail_level
    cases: dict[str, list[Finding]] = {FILE_CASE: []}
    titles = {r.id: f"{r.id} {r.title}" for r in rules.values() if r.kind is RuleKind.POLICY}
    for title in titles.values():
        cases[title] = []
    for finding in result.findings:
        rule = rules.get(finding.rule)
        name = FILE_CASE if rule and rule.kind is RuleKind.FILE else titles.get(finding.rule)
        cases.setdefault(name or finding.rule, []).append(finding)
    file = terminal(result.file)
    suite = ET.Element("testsuite", name=file)
    failures = skipped = 0
    for name, found in cases.items():
        case = ET.SubElement(suite, "testcase", classname=file, name=name, file=file)
        failing = [f for f in found if f.fails(level)]
        waived = [f for f in found if f.waiver is not None]
        below = [f for f in found if f.waiver is None and not f.fails(level)]
        if failing:
            failures += 1
            first = failing[0]
            failure = ET.SubElement(
                case, "failure", message=terminal(first.message), type=first.severity.value
            )
            failure.text = "\n".join(_line(f) for f in failing)
        elif waived and not below:
            skipped += 1
            waiver = waived[0].waiver
            assert waiver is not None
            ET.SubElement(
                case,
                "skipped",
                message=terminal(
                    f"waived until {waiver.expires} by {waiver.approved_by}: {waiver.reason}"
                ),
            )
        if below or (failing and (waived or len(failing) < len(found))):
            out = ET.SubElement(case, "system-out")
            out.text = "\n".join(_line(f) for f in found if f not in failing)
    if result.baselined:  # findings an earlier report already had, left out (--baseline)
        properties = ET.Element("properties")
        ET.SubElement(properties, "property", name="baselined", value=str(result.baselined))
        suite.insert(0, properties)
    suite.set("tests", str(len(cases)))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    suite.set("skipped", str(skipped))
    return suite


def render(report: Report, out: Output) -> None:
    stream = out.stream
    root = ET.Element("testsuites", name="llm-choice")
    totals = {"tests": 0, "failures": 0, "skipped": 0}
    rules = {rule.id: rule for rule in report.rules}
    for result in report.files:
        suite = _suite(result, report, rules)
        root.append(suite)
        for key in totals:
            totals[key] += int(suite.get(key, "0"))
    for key, value in totals.items():
        root.set(key, str(value))
    root.set("errors", "0")
    ET.indent(root)
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(ET.tostring(root, encoding="unicode"))
    stream.write("\n")
