"""The JSON report: versioned, described by schemas/report.schema.json."""

from __future__ import annotations

import dataclasses
import json
from typing import Any, TextIO

from checker.declaration import to_dict as declaration_to_dict
from checker.report import Finding, Report, Severity

REPORT_VERSION = 1


def finding_to_dict(finding: Finding) -> dict[str, Any]:
    data: dict[str, Any] = {
        "rule": finding.rule,
        "severity": finding.severity.value,
        "message": finding.message,
        "file": finding.file,
        "line": finding.line,
        "column": finding.column,
        "pointer": finding.pointer,
    }
    if finding.waiver is not None:
        data["waiver"] = dataclasses.asdict(finding.waiver)
    return data


def report_to_dict(report: Report) -> dict[str, Any]:
    return {
        "report_version": REPORT_VERSION,
        "tool": {"name": "llm-choice", "version": report.tool_version},
        "fail_level": report.fail_level.value,
        "passed": not report.failed,
        "summary": {
            "files": len(report.files),
            "failing_files": len(report.failing_files()),
            **{severity.value: report.counts[severity] for severity in Severity},
            "waived": report.waived,
            "baselined": report.baselined,
        },
        "files": [
            {
                "file": result.file,
                "passed": not result.failed(report.fail_level),
                "findings": [finding_to_dict(f) for f in result.findings],
                "declaration": None
                if result.declaration is None
                else declaration_to_dict(result.declaration),
            }
            for result in report.files
        ],
    }


def render(report: Report, stream: TextIO, color: bool = False) -> None:
    json.dump(report_to_dict(report), stream, indent=2, ensure_ascii=False)
    stream.write("\n")
