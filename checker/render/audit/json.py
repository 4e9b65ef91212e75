"""The portfolio audit as JSON for a board's own tools: schemas/audit.schema.json."""

from __future__ import annotations

import json
from typing import Any

from checker.audit import Audit, Portfolio, ProjectRecord
from checker.declaration import CAMPS
from checker.jsonreport import catalogue_to_dict
from checker.render.output import Output
from checker.report import Severity
from checker.rules import STATUSES

AUDIT_VERSION = 1


def summary_to_dict(portfolio: Portfolio) -> dict[str, Any]:
    """The audit's `summary` (schemas/audit.schema.json)."""
    return {
        "projects": portfolio.projects,
        "status": {status: portfolio.statuses[status] for status in STATUSES},
        "failing": portfolio.failing,
        "camps": {camp: portfolio.camps[camp] for camp in CAMPS},
        "classifications": dict(sorted(portfolio.classifications.items())),
        "models": portfolio.models,
        "openness": portfolio.openness_mix(),
        "deployment_modes": portfolio.mode_mix(),
        "models_in_use": [
            {
                "model": use.key,
                "label": use.label,
                "openness": use.openness,
                "in_catalogue": use.in_catalogue,
                "projects": use.projects,
                "usages": use.usages,
            }
            for use in portfolio.models_in_use()
        ],
        "licences_in_use": [
            {"licence": name, "projects": projects, "usages": usages}
            for name, projects, usages in portfolio.licences_in_use()
        ],
        "findings": [
            {
                "rule": rule,
                "error": counts["error"],
                "warning": counts["warning"],
                "info": counts["info"],
                "waived": counts["waived"],
                "projects": projects,
            }
            for rule, counts, projects in portfolio.findings_by_rule()
        ],
        "waivers": portfolio.waiver_summary(),
        "reviews": {
            state: portfolio.reviews[state] for state in ("overdue", "missing", "current", "none")
        },
        "cost": [
            {"camp": camp, "currency": currency, "monthly": total, "projects": projects}
            for camp, currency, total, projects in portfolio.cost_by_camp()
        ],
        "projects_without_cost": {camp: portfolio.no_cost[camp] for camp in CAMPS},
    }


def project_to_dict(record: ProjectRecord, audit: Audit) -> dict[str, Any]:
    today = audit.today
    declaration = record.declaration
    data: dict[str, Any] = {
        "file": record.file,
        "source": record.source or None,
        "repository": record.repository or None,
        "self_attested": record.attested,
        "status": record.status,
        "problem": record.problem or None,
        "passed": record.passed,
        "findings": {
            **{severity.value: record.count(severity) for severity in Severity},
            "waived": record.waived,
            "rules": sorted({f.rule for f in record.findings}),
        },
        "camp": record.camp,
        "project": None,
        "data": None,
        "models": [],
        "cost": None,
        "waivers": [],
    }
    if declaration is None:
        return data
    data["project"] = {
        "name": declaration.name,
        "owner": declaration.owner,
        "use": declaration.use,
    }
    data["data"] = {"classification": declaration.classification}
    data["models"] = [
        {
            "id": model.id,
            "role": model.role,
            "openness": model.openness,
            "deployment_mode": model.deployment_mode,
            "licence": model.licence,
            "catalogue": catalogue_to_dict(model.catalogue),
            "review": {
                "status": model.review_status,
                "date": model.review_date,
                "age_days": model.review_age(today),
                "due": model.review_due,
                "state": model.review_state(today),
            },
        }
        for model in declaration.models
    ]
    if declaration.monthly_cost is not None:
        data["cost"] = {"monthly": declaration.monthly_cost, "currency": declaration.currency}
    data["waivers"] = [
        {
            "policy": waiver.policy,
            "approved_by": waiver.approved_by,
            "expires": waiver.expires,
            "ref": waiver.ref,
            "days_left": waiver.days_left(today),
            "state": waiver.state(today),
        }
        for waiver in declaration.waivers
    ]
    return data


def render(audit: Audit, out: Output) -> None:
    stream = out.stream
    """Written as the records stream past: the projects are never all in memory at once."""
    portfolio = audit.portfolio
    used = set(portfolio.findings)
    head = {
        "audit_version": AUDIT_VERSION,
        "tool": {"name": "llm-choice", "version": audit.tool_version},
        "today": audit.today.isoformat(),
        "from_reports": audit.from_reports,
        "sources": list(audit.sources),
        "summary": summary_to_dict(portfolio),
        "rules": {
            rule.id: {"title": rule.title, "severity": rule.severity.value}
            for rule in sorted(audit.rules.values(), key=lambda r: r.id)
            if rule.id in used
        },
    }
    # the head as one JSON object whose closing brace gives way to the projects, written
    # one line each as they are read back from the spool
    text = json.dumps(head, indent=2, ensure_ascii=False)
    stream.write(text[: text.rindex("}")].rstrip() + ',\n  "projects": [')
    for index, record in enumerate(audit.projects()):
        stream.write(",\n    " if index else "\n    ")
        stream.write(json.dumps(project_to_dict(record, audit), ensure_ascii=False))
    stream.write("\n  ]\n}\n" if portfolio.projects else "]\n}\n")
