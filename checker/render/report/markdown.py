"""A compact Markdown summary: for a pull-request comment or $GITHUB_STEP_SUMMARY."""

from __future__ import annotations

from checker.render.escape import markdown, markdown_code
from checker.render.output import Output
from checker.render.report.text import summary
from checker.report import Finding, Report, Severity

MAX_ROWS = 100  # a PR comment stays readable; the rest is counted
ICONS = {Severity.ERROR: "❌", Severity.WARNING: "⚠️", Severity.INFO: "💬"}


def _row(finding: Finding) -> str:
    icon = "💤" if finding.waiver else ICONS[finding.severity]
    state = "waived" if finding.waiver else finding.severity.value
    message = markdown(finding.message)
    if finding.waiver:
        waiver = finding.waiver
        message += markdown(f" (waived until {waiver.expires} by {waiver.approved_by})")
    where = f"{markdown_code(finding.file)}:{finding.line}"
    return f"| {icon} {state} | {where} | {finding.rule} | {message} |"


def render(report: Report, out: Output) -> None:
    stream = out.stream
    verdict = "❌ failed" if report.failed else "✅ passed"
    stream.write(f"### llm-choice {verdict}\n\n{markdown(summary(report))}\n")
    findings = sorted(report.findings, key=lambda f: (-f.severity.rank, f.sort_key()))
    if findings:
        stream.write("\n| | Where | Rule | Finding |\n|---|---|---|---|\n")
        for finding in findings[:MAX_ROWS]:
            stream.write(_row(finding) + "\n")
        if len(findings) > MAX_ROWS:
            stream.write(f"\n…and {len(findings) - MAX_ROWS} more findings.\n")
        fixes = []
        live = (f.rule for f in findings if f.waiver is None and not f.unjudged)
        for rule_id in dict.fromkeys(live):
            rule = report.rule(rule_id)
            if rule is not None and rule.remediation:
                remediation = " ".join(rule.remediation.split())
                fixes.append(f"- {markdown_code(rule_id)}: {markdown(remediation)}")
        if fixes:  # what to do, once per rule (`llm-choice policies show RULE` says more)
            stream.write("\n**How to fix**\n\n" + "\n".join(fixes) + "\n")
