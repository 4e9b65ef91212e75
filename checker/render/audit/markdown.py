"""The portfolio audit as Markdown, for a wiki page or an issue.

Tables of projects stop at MAX_ROWS (the HTML, CSV and JSON list them all); the mix of
openness classes and deployment modes is drawn as Mermaid pie charts, which GitHub, GitLab
and most wikis render and which read as plain text elsewhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TextIO

from checker.audit import Audit
from checker.declaration import CAMPS, WAIVER_STATES
from checker.render.escape import markdown, markdown_code
from checker.render.html import DASH
from checker.render.output import Output
from checker.report import Severity
from checker.rules import CHECKED
from checker.support.wording import plural

ERROR, WARNING = Severity.ERROR, Severity.WARNING

MAX_ROWS = 200


def text(value: object) -> str:
    """A table cell that can neither break the table nor add HTML, links or images."""
    if value is None or value == "":
        return DASH
    return markdown(value)


def code(value: object) -> str:
    if value is None or value == "":
        return DASH
    return markdown_code(value)


def _table(
    stream: TextIO, header: Iterable[str], rows: Iterable[Iterable[object]], total: int
) -> None:
    header = list(header)
    stream.write("| " + " | ".join(header) + " |\n")
    stream.write("|" + "|".join("---" for _ in header) + "|\n")
    shown = 0
    for row in rows:
        if shown == MAX_ROWS:
            break
        stream.write("| " + " | ".join(str(value) for value in row) + " |\n")
        shown += 1
    if total > shown:
        stream.write(f"\n…and {total - shown:,} more (the HTML, CSV and JSON audits list all).\n")
    stream.write("\n")


def _pie(stream: TextIO, title: str, counts: dict[str, int]) -> None:
    shown = {label: value for label, value in counts.items() if value > 0}
    if not shown:
        return
    stream.write(f"```mermaid\npie showData title {title}\n")
    for label, value in shown.items():
        safe = re.sub(r"[^A-Za-z0-9 ._()-]", "?", label)  # a label can hold nothing else
        stream.write(f'    "{safe}" : {value}\n')
    stream.write("```\n\n")


SELF_ATTESTED = (
    "Every verdict here is self-attested: it was read from a report the project's own job "
    "wrote, checked to follow from that report's findings and fail level, but those findings "
    "were not checked again by this audit. Audit the declarations themselves to verify them."
)


def render(audit: Audit, out: Output) -> None:
    stream = out.stream
    p = audit.portfolio
    summary = p.waiver_summary()
    sources = ", ".join(code(source) for source in audit.sources)
    origin = "read from the JSON reports in" if audit.from_reports else "found below"
    stream.write(f"# LLM choice portfolio audit, {audit.today.isoformat()}\n\n")
    stream.write(f"{p.projects:,} declarations {origin} {sources}.\n\n")
    if audit.from_reports:
        stream.write(f"{SELF_ATTESTED}\n\n")
    if audit.without_waivers:
        stream.write(
            "**Without waivers** (`--no-waivers`): every finding counts as if no waiver "
            "covered it, so this audit shows what the waivers hide.\n\n"
        )
    duplicates = p.duplicate_names()
    stream.write(
        f"- **{p.failing:,}** of {p.projects:,} projects fail the gate; **{p.incomplete:,}** "
        "are incomplete (a TODO placeholder remains that no policy has judged)\n"
        + (
            f"- **{plural(len(duplicates), 'project name')} used by more than one file**\n"
            if duplicates
            else ""
        )
        + f"- {p.statuses['checked']:,} checked, {p.statuses['unreadable']:,} unreadable, "
        f"{p.statuses['malformed']:,} malformed"
        + (f", {p.statuses['unchecked']:,} not checked" if p.statuses["unchecked"] else "")
        + "\n"
        f"- {p.models:,} models in use ({len(p.model_uses):,} distinct); projects: "
        + ", ".join(f"{p.camps[camp]:,} {camp}" for camp in CAMPS if p.camps[camp])
        + "\n"
        f"- waivers: {summary['active']:,} active, {summary['expiring_30']:,} expire within "
        f"30 days, {summary['expiring_90']:,} within 90, **{summary['expired']:,} expired**\n"
        f"- licence reviews: **{p.reviews['overdue']:,} overdue**, {p.reviews['missing']:,} open "
        "models without a dated review\n\n"
    )

    stream.write("## Open source, open weight and closed\n\n")
    _pie(stream, "Models by openness class", p.openness_mix())
    _pie(stream, "Models by deployment mode", p.mode_mix())
    _table(
        stream,
        ["openness", "models"],
        ([text(k), f"{v:,}"] for k, v in p.openness_mix().items() if v),
        0,
    )
    _table(
        stream,
        ["deployment mode", "models"],
        ([text(k), f"{v:,}"] for k, v in p.mode_mix().items() if v),
        0,
    )

    stream.write("## Models and licences in use\n\n")
    _table(
        stream,
        ["model", "openness (catalogue)", "projects", "model entries"],
        (
            [
                text(use.label) + ("" if use.in_catalogue else " (not in the catalogue)"),
                text(use.openness),
                f"{use.projects:,}",
                f"{use.usages:,}",
            ]
            for use in p.models_in_use()
        ),
        0,
    )
    _table(
        stream,
        ["licence", "projects", "model entries"],
        (
            [code(name), f"{projects:,}", f"{usages:,}"]
            for name, projects, usages in p.licences_in_use()
        ),
        0,
    )

    stream.write("## Findings by policy and severity\n\n")
    _table(
        stream,
        ["policy", "title", "errors", "warnings", "infos", "waived", "projects"],
        (
            [
                code(rule),
                text(audit.rules[rule].title if rule in audit.rules else None),
                f"{counts['error']:,}",
                f"{counts['warning']:,}",
                f"{counts['info']:,}",
                f"{counts['waived']:,}",
                f"{projects:,}",
            ]
            for rule, counts, projects in p.findings_by_rule()
        ),
        0,
    )

    stream.write("## Projects failing the gate\n\n")
    _table(
        stream,
        ["project", "owner", "file", "errors", "warnings", "failing policies"],
        (
            [
                text(r.name),
                text(r.declaration.owner if r.declaration else None),
                code(r.file),
                str(r.count(ERROR)),
                str(r.count(WARNING)),
                " ".join(code(rule) for rule in r.failing_rules()) or DASH,
            ]
            for r in audit.projects()
            if not r.passed
        ),
        p.failing,
    )

    stream.write("## Incomplete projects\n\n")
    if p.incomplete:
        stream.write(
            "Values are still TODO placeholders that no policy has judged: whatever the gate "
            "says of these projects, it has not seen their whole choice.\n\n"
        )
        _table(
            stream,
            ["project", "owner", "file", "placeholders"],
            (
                [
                    text(r.name),
                    text(r.declaration.owner if r.declaration else None),
                    code(r.file),
                    str(r.placeholders),
                ]
                for r in audit.projects()
                if r.incomplete
            ),
            p.incomplete,
        )
    else:
        stream.write("No project has a placeholder left.\n\n")

    stream.write("## By owner\n\n")
    _table(
        stream,
        ["owner", "projects", "failing", "incomplete", "errors", "warnings"],
        (
            [
                text(o.owner),
                f"{o.projects:,}",
                f"{o.failing:,}",
                f"{o.incomplete:,}",
                f"{o.errors:,}",
                f"{o.warnings:,}",
            ]
            for o in p.by_owner()
        ),
        len(p.owners),
    )

    if duplicates:
        stream.write("## Project names used more than once\n\n")
        stream.write(
            "Two declarations with one name read as one project in every table above; rename "
            "one, or merge them if they are the same project.\n\n"
        )
        names = {name for name, _ in duplicates}
        _table(
            stream,
            ["project", "file", "owner"],
            (
                [text(r.name), code(r.file), text(r.declaration.owner if r.declaration else None)]
                for r in sorted(audit.projects(), key=lambda r: (r.name, r.file))
                if r.name in names
            ),
            sum(count for _, count in duplicates),
        )

    stream.write("## Files that could not be checked\n\n")
    unchecked = p.projects - p.statuses[CHECKED]
    if unchecked:
        _table(
            stream,
            ["file", "status", "problem"],
            (
                [code(r.file), r.status, text(r.problem)]
                for r in audit.projects()
                if r.status != CHECKED
            ),
            unchecked,
        )
    else:
        stream.write("Every file was read and checked.\n\n")

    waivers, reviews = audit.attention()
    stream.write("## Waivers expired or expiring within 90 days\n\n")
    _table(
        stream,
        ["expires", "days left", "state", "project", "policy", "approved by"],
        (
            [
                text(w.expires),
                str(days),
                WAIVER_STATES[state],
                text(r.name or r.file),
                code(w.policy),
                text(w.approved_by),
            ]
            for r, w, days, state in waivers
        ),
        len(waivers),
    )

    stream.write("## Licence reviews overdue\n\n")
    _table(
        stream,
        ["due since", "age (days)", "project", "model", "licence"],
        (
            [text(m.review_due), str(age), text(r.name or r.file), code(m.id), code(m.licence)]
            for r, m, age in reviews
        ),
        len(reviews),
    )

    stream.write("## Declared monthly cost by camp\n\n")
    _table(
        stream,
        ["camp", "currency", "projects", "monthly total"],
        (
            [camp, text(currency), f"{projects:,}", f"{total:,.0f}"]
            for camp, currency, total, projects in p.cost_by_camp()
        ),
        0,
    )
