"""The portfolio audit as one self-contained HTML page: charts as SVG, each beside a table of
its data, and tables a reader can sort, filter and page through (the inlined script)."""

from __future__ import annotations

import functools
from typing import Any, TextIO

from checker.audit import Audit, ProjectRecord
from checker.declaration import CAMPS, WAIVER_STATES
from checker.render.audit import charts
from checker.render.html import DASH, environment, money, svg
from checker.render.output import Output
from checker.report import Severity
from checker.rules import CHECKED

TOP = 15  # bars in the model, licence and policy charts; the tables list them all
WAIVER_COLOURS = {
    "expired": "#D55E00",
    "expiring-30": "#E69F00",
    "expiring-90": "#F0E442",
    "later": "#009E73",
}
WAIVER_LABELS = {state: WAIVER_STATES[state] for state in WAIVER_COLOURS}


def draw(audit: Audit) -> dict[str, str]:
    """Every chart of the page by its figure id, as SVG markup."""
    portfolio = audit.portfolio
    models = portfolio.models_in_use()[:TOP]
    licences = portfolio.licences_in_use()[:TOP]
    findings = portfolio.findings_by_rule()[:TOP]
    costs: dict[str, dict[str, float]] = {}
    for camp, currency, total, _ in portfolio.cost_by_camp():
        costs.setdefault(currency, {})[camp] = total
    return {
        "chart-openness": charts.donut(
            "Models by openness class", portfolio.openness_mix(), charts.OPENNESS_COLOURS
        ),
        "chart-deployment": charts.donut(
            "Models by deployment mode", portfolio.mode_mix(), charts.MODE_COLOURS
        ),
        "chart-models": charts.bars(
            "Models in use, by projects",
            [use.label for use in models],
            [use.projects for use in models],
            [charts.OPENNESS_COLOURS.get(use.openness, charts.OTHER) for use in models],
            xlabel="projects",
            legend=charts.OPENNESS_COLOURS,
        ),
        "chart-licences": charts.bars(
            "Licences in use, by projects",
            [name for name, _, _ in licences],
            [projects for _, projects, _ in licences],
            xlabel="projects",
        ),
        "chart-findings": charts.stacked_bars(
            "Findings by policy and severity",
            [
                f"{rule} {audit.rules[rule].title}" if rule in audit.rules else rule
                for rule, _, _ in findings
            ],
            {
                name: [counts[name] for _, counts, _ in findings]
                for name in ("error", "warning", "info", "waived")
            },
            charts.SEVERITY_COLOURS,
            xlabel="findings",
        ),
        "chart-waivers": charts.bars(
            "Waivers by expiry",
            list(WAIVER_LABELS.values()),
            [portfolio.waivers[state] for state in WAIVER_LABELS],
            list(WAIVER_COLOURS.values()),
            xlabel="waivers",
        ),
        "chart-cost": charts.columns_per_currency(
            "Declared monthly cost by camp", costs, charts.CAMP_COLOURS
        ),
    }


LIST_LIMIT = 1000  # rows of the failing, waiver and review lists; the CSV and JSON list all


def project_cell(record: ProjectRecord, with_file: bool = True, below: str = "") -> Any:
    """The project's name (a link to its record when the audit wrote one), its file and
    report, escaped. Functions rather than template macros write the long tables' rows,
    with the optional end tags left out: a 10,000-project page must stay small and fast."""
    from markupsafe import Markup

    name = record.name or record.file
    if record.page:
        cell = Markup('<a href="{}">{}</a>').format(record.page, name)
    else:
        cell = Markup("{}").format(name)
    if record.name and with_file:
        shown = record.file
        if below and shown.startswith(below):
            shown = shown[len(below) :]
        cell += Markup("<br><small>{}</small>").format(shown)
    if record.source:
        place = f"{record.repository}, " if record.repository else ""
        cell += Markup("<br><small>{}self-attested, from {}</small>").format(place, record.source)
    return cell


def project_row(record: ProjectRecord, below: str = "") -> Any:
    """A row of the table of all projects (its columns: see the template); files are shown
    relative to `below`, the one directory audited, which the page's subtitle names."""
    from markupsafe import Markup

    d = record.declaration
    if d is None:
        return Markup(
            '<tr class="f"><td>{}<td>\u2013<td>{}<td>\u2013<td>\u2013<td>\u2013'
            "<td>{}<td>{}<td>{}<td>fails\n"
        ).format(
            project_cell(record, below=below),
            record.status,
            record.count(Severity.ERROR),
            record.count(Severity.WARNING),
            record.waived,
        )
    models = Markup("<br>").join(
        Markup("{} <small>{}, {}</small>").format(m.id, m.openness or "?", m.deployment_mode or "?")
        for m in d.models
    )
    row_class = {"fails": ' class="f"', "incomplete": ' class="i"'}.get(record.verdict, "")
    return Markup("<tr{}><td>{}<td>{}<td>{}<td>{}<td>{}<td>{}<td>{}<td>{}<td>{}<td>{}\n").format(
        Markup(row_class),
        project_cell(record, below=below),
        d.owner or DASH,
        record.camp,
        models or DASH,
        d.classification or DASH,
        money(d.monthly_cost, d.currency) if d.monthly_cost is not None else DASH,
        record.count(Severity.ERROR),
        record.count(Severity.WARNING),
        record.waived,
        record.verdict,  # passes, incomplete (a placeholder remains) or fails
    )


def failing_row(record: ProjectRecord) -> Any:
    from markupsafe import Markup

    d = record.declaration
    rules = sorted(
        {f.rule for f in record.findings if not f.waived and f.severity is Severity.ERROR}
    )
    return Markup("<tr><td>{}<td>{}<td>{}<td>{}<td>{}\n").format(
        project_cell(record, with_file=False),
        (d.owner if d else None) or DASH,
        record.count(Severity.ERROR),
        record.count(Severity.WARNING),
        " ".join(rules) or DASH,
    )


def context(audit: Audit, pages: bool = False) -> dict[str, Any]:
    """What the template reads besides the audit itself; `pages`: the page heads a directory
    of decision records (see `audit_pages`)."""
    today = audit.today

    waivers, reviews = audit.attention()
    below = ""
    if len(audit.sources) == 1 and not audit.from_reports:
        below = audit.sources[0].rstrip("/") + "/"

    return {
        "audit": audit,
        "portfolio": audit.portfolio,
        "summary": audit.portfolio.waiver_summary(),
        "charts": {name: svg(markup) for name, markup in draw(audit).items()},
        "rules": audit.rules,
        "camps": CAMPS,
        "waiver_labels": WAIVER_LABELS,
        "waivers": waivers,
        "reviews": reviews,
        "project_cell": project_cell,
        "name_cell": lambda record: project_cell(record, with_file=False),
        "project_row": functools.partial(project_row, below=below),
        "failing_row": failing_row,
        "limit": LIST_LIMIT,
        "waiver_colours": WAIVER_COLOURS,
        "openness_colours": charts.OPENNESS_COLOURS,
        "mode_colours": charts.MODE_COLOURS,
        "print_title": f"LLM choice portfolio audit, {today.isoformat()}",
        "CHECKED": CHECKED,
        "ERROR": Severity.ERROR,
        "WARNING": Severity.WARNING,
        "INFO": Severity.INFO,
        "today": today.isoformat(),
        "tool_version": audit.tool_version,
        "pages": pages,
    }


def render(audit: Audit, out: Output) -> None:
    write(audit, out.stream)


def write(audit: Audit, stream: TextIO, pages: bool = False) -> None:
    template = environment().get_template("audit.html.j2")
    for chunk in template.generate(**context(audit, pages)):
        stream.write(chunk)
