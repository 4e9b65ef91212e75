"""Human-readable output: one line per finding (`file:line:col  severity  rule  message`)."""

from __future__ import annotations

from typing import TextIO

from checker.render.escape import terminal
from checker.render.output import Output
from checker.report import SEVERITIES, Finding, Report, Severity, Totals

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def summary(report: Report) -> str:
    """One sentence on the whole run (read once every file's result has been read)."""
    totals = report.totals
    files = totals.files
    noun = "file" if files == 1 else "files"
    if not totals.files_with_findings:
        return f"Checked {files} {noun}: no findings." + _baselined(totals)
    parts = [
        _count(totals.counts[severity], severity.value)
        for severity in SEVERITIES
        if totals.counts[severity]
    ]
    if totals.waived:
        parts.append(f"{totals.waived} waived")
    with_findings = totals.files_with_findings
    verdict = "failed" if report.failed else "passed"
    return (
        f"Found {_join(parts)} in {with_findings} of {files} {noun}; "
        f"the check {verdict} (fail level: {report.fail_level.value})." + _baselined(totals)
    )


def _baselined(totals: Totals) -> str:
    if not totals.baselined:
        return ""
    number = totals.baselined
    return f" {number} finding{'s' if number != 1 else ''} already in the baseline not shown."


def waived(finding: Finding) -> str:
    waiver = finding.waiver
    if waiver is None:
        return ""
    return f"  [waived until {waiver.expires} by {waiver.approved_by}: {waiver.reason}]"


def line(finding: Finding) -> str:
    """A finding as one line of text, every part from the declaration escaped."""
    return terminal(
        f"{finding.file}:{finding.line}:{finding.column}  {finding.severity.value}  "
        f"{finding.rule}  {finding.message}{waived(finding)}"
    )


def _count(number: int, word: str) -> str:
    return f"{number} {word}" + ("" if number == 1 or word == "info" else "s")


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


SHOW = "`llm-choice policies show RULE` gives each rule's rationale and references"


def remedies(report: Report, rules: list[str]) -> list[str]:
    """What to do about each rule with an unwaived finding, once per rule, as lines: the
    remediation the rule states, and the command that explains it further."""
    lines = []
    for rule_id in rules:
        rule = report.rule(rule_id)
        remediation = " ".join(rule.remediation.split()) if rule else ""
        lines.append(f"  {rule_id}  {remediation or 'see the command below'}")
    return ["", "How to fix:", *lines, f"  ({SHOW})"] if lines else []


def render(report: Report, out: Output) -> None:
    stream = out.stream
    if out.color:
        _render_rich(report, stream)
        return
    rules: dict[str, None] = {}  # the rules to fix, in the order their findings came
    for finding in report.findings:
        stream.write(line(finding) + "\n")
        if finding.waiver is None and not finding.unjudged:  # its fix is the rule it waits on
            rules.setdefault(finding.rule)
    for remedy in remedies(report, list(rules)):
        stream.write(terminal(remedy) + "\n")
    stream.write(summary(report) + "\n")


def _render_rich(report: Report, stream: TextIO) -> None:
    from rich.console import Console
    from rich.markup import escape

    console = Console(
        file=stream, highlight=False, force_terminal=True, soft_wrap=True, no_color=False
    )
    rules: dict[str, None] = {}
    for finding in report.findings:
        if finding.waiver is None and not finding.unjudged:
            rules.setdefault(finding.rule)
        style = _STYLE[finding.severity]
        console.print(
            f"[bold]{escape(terminal(finding.file))}:{finding.line}:{finding.column}[/]  "
            f"[{style}]{finding.severity.value}[/]  [dim]{finding.rule}[/]  "
            f"{escape(terminal(finding.message))}[dim]{escape(terminal(waived(finding)))}[/]"
        )
    for number, remedy in enumerate(remedies(report, list(rules))):
        text = escape(terminal(remedy))
        console.print(f"[bold]{text}[/]" if number == 1 else text)
    findings = report.totals.files_with_findings
    style = "bold red" if report.failed else ("yellow" if findings else "bold green")
    console.print(f"[{style}]{escape(summary(report))}[/]")
