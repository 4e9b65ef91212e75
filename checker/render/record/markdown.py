"""One project's decision record as Markdown, for a pull request or a wiki page."""

from __future__ import annotations

from checker.record import DecisionRecord, FindingView, ModelView
from checker.render.audit.markdown import code, text
from checker.render.html import DASH, money
from checker.render.output import Output
from checker.support.wording import counts, plural

ICONS = {
    "error": "❌",
    "warning": "⚠️",
    "info": "💬",
    "waived": "💤",
    "ok": "✅",
    "not assessed": "❔",
}


def _line(value: object) -> str:
    """Text for a paragraph: one line, no HTML, links or images."""
    return text(value)


def _finding(view: FindingView, file: str) -> str:
    f = view.finding
    state = "waived" if f.waiver else f.severity.value
    lines = [
        f"### {ICONS[state]} {state} {code(f.rule)} {_line(view.title)}",
        "",
        f"{_line(f.message)} ({code(f'{file}:{f.line}:{f.column}')}"
        + (f"; {', '.join(view.factor_names)}" if view.factors else "")
        + ")",
    ]
    if f.waiver:
        lines += [
            "",
            f"Waived until {f.waiver.expires} by {_line(f.waiver.approved_by)}: "
            f"{_line(f.waiver.reason)}",
        ]
    if view.rationale:
        lines += ["", f"**Why it matters:** {_line(view.rationale)}"]
    if view.remediation:
        lines += ["", f"**What to do:** {_line(view.remediation)}"]
    if view.references:
        refs = "; ".join(
            f"[{_line(ref.title)}]({ref.url})"
            if ref.url.startswith("https://")
            else _line(ref.title)
            for ref in view.references
        )
        lines += ["", f"References: {refs}"]
    return "\n".join(lines) + "\n\n"


def render(record: DecisionRecord, out: Output) -> None:
    stream = out.stream
    r = record
    verdict = {
        "passes": "✅ passes the gate",
        "fails": "❌ fails the gate",
        "incomplete": f"⏳ incomplete: {plural(r.placeholders, 'value')} still TODO"
        + ("" if r.passed else "; fails the gate until they are filled in"),
    }[r.verdict]
    stream.write(f"# Decision record: {_line(r.title)}\n\n")
    stream.write(
        f"{code(r.file)} as of {r.today.isoformat()}: **{verdict}** (fail level "
        f"{r.fail_level.value}): {counts(r.counts)}.\n\n"
    )
    if r.placeholders:
        stream.write(
            f"**Incomplete:** {plural(r.placeholders, 'value')} of the declaration "
            f"{'is' if r.placeholders == 1 else 'are'} still a TODO placeholder, which no "
            "policy has judged: the gate's verdict covers only what is filled in.\n\n"
        )
    if r.status != "checked":
        stream.write(
            f"**The file is {r.status}:** it could not be read as a declaration, so the record "
            "holds only its findings.\n\n"
        )

    stream.write("## The project\n\n| | |\n|---|---|\n")
    cost = money(r.cost_amount, r.cost_currency) if r.cost_amount is not None else None
    if cost and r.cost_includes:
        cost += f", including {', '.join(r.cost_includes)}"
    data = (r.classification or "not stated") + (
        f" ({', '.join(r.categories)})" if r.categories else ""
    )
    if r.residency:
        data += f"; may be processed in {', '.join(r.residency)}"
    for label, value in (
        ("Project", r.name),
        ("Owner", r.owner),
        ("Use", r.use),
        ("What it does", r.description),
        ("Repository", r.repository),
        ("Data", data),
        (
            "Needs",
            f"customisation: {r.customization or DASH}; ops capacity: {r.ops_capacity or DASH}",
        ),
        ("Camp", f"{r.camp} ({plural(len(r.models), 'model')})"),
        ("Monthly cost", cost),
        ("Why this cost", r.cost_rationale),
    ):
        stream.write(f"| {label} | {text(value)} |\n")

    stream.write("\n## Decision factors\n\n")
    stream.write("| factor | what the declaration says | what the choice implies | standing |\n")
    stream.write("|---|---|---|---|\n")
    for view in r.factors:
        said = "<br>".join(text(line) for line in view.declared)
        implied = "<br>".join(f"*{label}:* {text(line)}" for label, line in view.implications)
        rules = " ".join(code(f.finding.rule) for f in view.findings)
        standing = f"{ICONS.get(view.worst, '')} {view.worst} {rules}".strip()
        stream.write(f"| **{view.factor.name}** | {said} | {implied or DASH} | {standing} |\n")

    stream.write("\n## Models\n\n")
    for m in r.models:
        c = m.catalogue
        stream.write(f"### {code(m.id)}" + (f" ({text(m.role)})" if m.role else "") + "\n\n")
        stream.write("| | as declared | model catalogue |\n|---|---|---|\n")
        restrictions = DASH
        if c is not None:
            restrictions = (
                "<br>".join(f"**{text(i)}**: {text(s)}" for i, s in c.restrictions)
                or "none recorded"
            )
        osi = (
            ""
            if c is None or c.osi_approved is None
            else (", OSI-approved" if c.osi_approved else ", not OSI-approved")
        )
        rows = (
            ("family", m.provider, f"{c.family} ({c.key})" if c else "not in the catalogue"),
            ("openness", m.openness, c.openness if c else None),
            (
                "licence",
                m.licence_id,
                f"{c.licence_id}{osi}" + (" (differs)" if m.licence_matches is False else "")
                if c
                else None,
            ),
            ("restrictions", f"acknowledged: {m.restrictions_acknowledged or DASH}", None),
            ("licence review", _review(m), None),
            ("deployment", _deployment(m), None),
            ("version", m.version, f"retired on {c.retirement}" if c and c.retirement else None),
        )
        for label, declared, catalogued in rows:
            shown = restrictions if label == "restrictions" and c else text(catalogued)
            stream.write(f"| {label} | {text(declared)} | {shown} |\n")
        stream.write("\n")
    if not r.models:
        stream.write("No model could be read from the file.\n\n")

    stream.write("## Alternatives considered\n\n")
    if r.alternatives:
        stream.write("| model | openness | camp | why it lost |\n|---|---|---|---|\n")
        for a in r.alternatives:
            stream.write(
                f"| {code(a.model)} | {text(a.openness)} | {a.camp} | "
                f"{text(a.rejected_because)} |\n"
            )
        stream.write("\n")
    else:
        stream.write(
            "No alternative is recorded: the declaration does not show that the choice "
            "was weighed.\n\n"
        )

    stream.write("## Findings\n\n")
    for view in r.findings:
        stream.write(_finding(view, r.file))
    if not r.findings:
        stream.write("No findings: the declaration meets every policy this run applied.\n\n")

    stream.write("## Waivers\n\n")
    if r.waivers:
        stream.write(
            "| policy | reason | approved by | expires | days left | state | findings covered |\n"
            "|---|---|---|---|---|---|---|\n"
        )
        for w in r.waivers:
            days = DASH if w.days_left is None else str(w.days_left)
            stream.write(
                f"| {code(w.policy)} | {text(w.reason)} | {text(w.approved_by)} | "
                f"{text(w.expires)} | {days} | {w.state} | {w.covers} |\n"
            )
        stream.write("\n")
    else:
        stream.write("No waivers.\n\n")

    stream.write("## Dates that fall due\n\n")
    if r.events:
        stream.write("| date | what | |\n|---|---|---|\n")
        for e in r.events:
            stream.write(
                f"| {e.date.isoformat()} | {text(e.label)} | {'past' if e.past else ''} |\n"
            )
    else:
        stream.write("No dated reviews, waivers or retirements.\n")


def _review(m: ModelView) -> str:
    parts = [m.review_status or "none"]
    for label, value in (
        ("by", m.review_by),
        ("on", m.review_date),
        ("ref", m.review_ref),
        ("due again", m.review_due),
    ):
        if value:
            parts.append(f"{label} {value}")
    return " ".join(parts)


def _deployment(m: ModelView) -> str:
    parts = [m.mode or "no mode"]
    if m.host:
        parts.append(f"at {m.host}")
    if m.residency:
        parts.append(f"in {', '.join(m.residency)}")
    if m.data_retention:
        parts.append(f"retention {m.data_retention}")
    return " ".join(parts)
