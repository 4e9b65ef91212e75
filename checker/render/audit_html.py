"""The portfolio audit as one self-contained HTML page, with charts drawn by matplotlib."""

from __future__ import annotations

from typing import Any

from checker.audit import Audit, ProjectRecord
from checker.declaration import CAMPS, WAIVER_STATES
from checker.render import charts
from checker.render.html import environment, svg
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


def project_cell(record: ProjectRecord) -> Any:
    """The project's name, file and report, escaped: a function rather than a template
    macro because the page has one per project, and a macro call costs ten times more."""
    from markupsafe import Markup

    cell = Markup("<strong>{}</strong><br>").format(record.name) if record.name else Markup()
    cell += Markup("<code>{}</code>").format(record.file)
    if record.source:
        cell += Markup('<br><span class="muted">from {}</span>').format(record.source)
    return cell


def context(audit: Audit) -> dict[str, Any]:
    """What the template reads besides the audit itself."""
    today = audit.today

    waivers, reviews = audit.attention()

    def failing_rules(record: ProjectRecord) -> list[str]:
        return sorted(
            {f.rule for f in record.findings if not f.waived and f.severity is Severity.ERROR}
        )

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
        "failing_rules": failing_rules,
        "project_cell": project_cell,
        "CHECKED": CHECKED,
        "ERROR": Severity.ERROR,
        "WARNING": Severity.WARNING,
        "INFO": Severity.INFO,
        "today": today.isoformat(),
        "tool_version": audit.tool_version,
    }


def render(audit: Audit, out: Output) -> None:
    stream = out.stream
    template = environment().get_template("audit.html.j2")
    for chunk in template.generate(**context(audit)):
        stream.write(chunk)
