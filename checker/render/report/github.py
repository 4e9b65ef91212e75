"""GitHub Actions workflow commands: each finding an annotation on the pull request's diff.

Escaping follows the runner's rules (actions/toolkit, command.ts): in the message `%`, CR
and LF are percent-encoded; in properties, also `:` and `,`.
"""

from __future__ import annotations

from checker.render.escape import github_data, github_property
from checker.render.output import Output
from checker.render.report.text import summary
from checker.report import Report, Severity

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def render(report: Report, out: Output) -> None:
    stream = out.stream
    for finding in report.findings:
        command = "notice" if finding.waiver else COMMANDS[finding.severity]
        rule = report.rule(finding.rule)
        title = f"{rule.id} {rule.title}" if rule else finding.rule
        title += " (waived)" if finding.waiver else ""
        properties = ",".join(
            f"{key}={github_property(str(value))}"
            for key, value in (
                ("file", finding.file),
                ("line", finding.line),
                ("col", finding.column),
                ("title", title),
            )
        )
        message = finding.message
        if finding.waiver:
            waiver = finding.waiver
            message += f" [waived until {waiver.expires} by {waiver.approved_by}: {waiver.reason}]"
        elif rule and rule.remediation and not finding.unjudged:  # what to do (README)
            remediation = " ".join(rule.remediation.split())
            message += f"\n\nHow to fix: {remediation}\n(`llm-choice policies show {rule.id}`)"
        stream.write(f"::{command} {properties}::{github_data(message)}\n")
    stream.write(summary(report) + "\n")
