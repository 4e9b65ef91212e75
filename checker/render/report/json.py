"""The JSON report: versioned, described by schemas/report.schema.json (see checker.jsonreport)."""

from __future__ import annotations

from checker import jsonreport
from checker.render.output import Output
from checker.report import Report


def render(report: Report, out: Output) -> None:
    jsonreport.write(report, out.stream)
