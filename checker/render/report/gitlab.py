"""GitLab Code Quality: the JSON array GitLab shows in merge requests
(`artifacts: reports: codequality`), a subset of the Code Climate issue format.

Each unwaived finding is an issue at its line, its path relative to the repository; its
fingerprint is the finding's line-independent identity (the one SARIF and `--baseline` use),
so GitLab compares a merge request's findings with its target branch's correctly. Waived
findings are left out: Code Quality has no way to show a finding as accepted.
"""

from __future__ import annotations

import json
from typing import Any

from checker.render.output import Output
from checker.render.report.fingerprints import Fingerprints, repository_path
from checker.report import Report, Severity

# Code Quality's severities are info, minor, major, critical and blocker
SEVERITIES = {Severity.ERROR: "critical", Severity.WARNING: "major", Severity.INFO: "info"}


def report_to_issues(report: Report) -> list[dict[str, Any]]:
    root = report.root.resolve()
    prints = Fingerprints()
    issues = []
    for finding in report.findings:
        path = repository_path(finding.file, root)
        fingerprint = prints.of(path, finding)
        if finding.waiver is not None:
            continue
        rule = report.rule(finding.rule)
        issue: dict[str, Any] = {
            "type": "issue",
            "check_name": finding.rule,
            "description": f"{finding.rule} {finding.message}",
            "severity": SEVERITIES[finding.severity],
            "fingerprint": fingerprint,
            "location": {"path": path, "lines": {"begin": finding.line}},
        }
        if rule is not None and rule.remediation:
            issue["content"] = {"body": f"{rule.title}. {rule.remediation}"}
        issues.append(issue)
    return issues


def render(report: Report, out: Output) -> None:
    json.dump(report_to_issues(report), out.stream, indent=2, ensure_ascii=False)
    out.stream.write("\n")
