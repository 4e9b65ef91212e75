"""SARIF 2.1.0 for code scanning: one rule per policy, results at file/line/column.

Paths are relative to the repository root the run found (the report's `root`) under the
base id %SRCROOT%, as GitHub code scanning expects.
Waived findings are results with an accepted external suppression.
Each result carries a partial fingerprint made from the finding's line-independent identity
(file, rule, JSON pointer; the identity `--baseline` matches on), so that code scanning
follows an alert across edits elsewhere in the file, also when SARIF is uploaded by the API.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import quote

from checker import HOMEPAGE
from checker.jsonreport import pretty
from checker.render.output import Output
from checker.render.report.fingerprints import Fingerprints, repository_path
from checker.report import Finding, Report, Rule, Severity

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
# the name and version of the fingerprint: a new way of computing it gets a new name
FINGERPRINT = "llmChoiceFindingIdentity/v1"


def default_automation_id(report: Report) -> str:
    """The run's category when none is given: the tool and the checked repository. It ends in
    a slash, which makes all of it the category (code scanning keeps one analysis each)."""
    return f"llm-choice/{report.root.resolve().name or 'root'}/"


def driver(version: str, rules: list[dict[str, Any]]) -> dict[str, Any]:
    """The `tool` of a SARIF run llm-choice writes: itself, at this version, with its rules
    (a check's policies; scan's detectors)."""
    return {
        "driver": {
            "name": "llm-choice",
            "informationUri": HOMEPAGE,
            "version": version,
            "semanticVersion": version,
            "rules": rules,
        }
    }


def _rule(rule: Rule) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.description or rule.title},
        "help": {
            "text": rule.remediation,
            "markdown": f"**{rule.title}**\n\n{rule.description}\n\n**What to do:** "
            f"{rule.remediation}",
        },
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"tags": ["llm-governance", rule.severity.value]},
    }
    if rule.docs or rule.help_uri:
        entry["helpUri"] = rule.docs or rule.help_uri
    return entry


def _result(
    finding: Finding, index: dict[str, int], root: Path, prints: Fingerprints
) -> dict[str, Any]:
    path = repository_path(finding.file, root)
    # a URI reference, as SARIF requires: a `#` or `?` in a directory's name would otherwise
    # point code scanning at another file (a file:// URI comes encoded already)
    uri = path if path.startswith("file:") else quote(os.fsencode(path), safe="/")
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "level": LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {
                        "uri": uri,
                        "uriBaseId": "%SRCROOT%",
                    },
                    "region": {"startLine": finding.line, "startColumn": finding.column},
                },
                **(
                    {"logicalLocations": [{"fullyQualifiedName": finding.pointer}]}
                    if finding.pointer
                    else {}
                ),
            }
        ],
    }
    result["partialFingerprints"] = {FINGERPRINT: prints.of(path, finding)}
    if finding.rule in index:
        result["ruleIndex"] = index[finding.rule]
    if finding.waiver is not None:
        waiver = finding.waiver
        result["suppressions"] = [
            {
                "kind": "external",
                "status": "accepted",
                "justification": f"{waiver.reason} (approved by {waiver.approved_by}, "
                f"expires {waiver.expires}{', ' + waiver.ref if waiver.ref else ''})",
            }
        ]
    return result


# where the results go in the document's text: they are written one at a time, so that
# memory stays flat however many findings a run has
_RESULTS = "\0results\0"


def render(report: Report, out: Output) -> None:
    """SARIF, as json.dump(document, indent=2) writes it, the results streamed in."""
    root = report.root.resolve()
    rules = list(report.rules)
    known = {rule.id for rule in rules}
    for finding in report.findings:  # a rule the report does not describe still gets an entry
        if finding.rule not in known:
            rules.append(Rule(finding.rule, finding.rule, finding.rule, finding.severity, ""))
            known.add(finding.rule)
    index = {rule.id: i for i, rule in enumerate(rules)}
    document = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": driver(report.tool_version, [_rule(rule) for rule in rules]),
                "originalUriBaseIds": {"%SRCROOT%": {"uri": root.as_uri() + "/"}},
                "automationDetails": {"id": report.automation_id or default_automation_id(report)},
                "results": _RESULTS,
                # a SARIF file is written only when the run did its job (else exit code 2)
                "invocations": [
                    {"executionSuccessful": True, "exitCode": 1 if report.failed else 0}
                ],
                # findings an earlier report already had, left out (--baseline)
                "properties": {"baselined": report.totals.baselined},
            }
        ],
    }
    before, after = pretty(document).split(pretty(_RESULTS), 1)
    stream = out.stream
    stream.write(before)
    prints = Fingerprints()
    written = False
    for finding in report.findings:
        stream.write(",\n" if written else "[\n")
        stream.write(_ITEM + pretty(_result(finding, index, root, prints), _ITEM))
        written = True
    stream.write(f"\n{_ITEM[:-2]}]" if written else "[]")
    stream.write(after)
    stream.write("\n")


_ITEM = " " * 8  # the indent of a result: runs[0].results[n]
