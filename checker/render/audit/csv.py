"""The portfolio audit as CSV: one row per project and model, for spreadsheets and scripts.

A project without models (a file that could not be read) has one row with the model columns
empty. Text that a spreadsheet would run as a formula (starting with = + - @, a tab or a
carriage return) is prefixed with an apostrophe. docs/review-boards.md lists the columns.
"""

from __future__ import annotations

import csv
from typing import Any

from checker.audit import Audit, ProjectRecord
from checker.declaration import DeclaredModel
from checker.render.escape import csv_cell
from checker.render.output import Output
from checker.report import Severity

COLUMNS = (
    "file",
    "source",
    "status",
    "problem",
    "project",
    "owner",
    "use",
    "classification",
    "camp",
    "gate",
    "errors",
    "warnings",
    "infos",
    "waived",
    "rules",
    "monthly_cost",
    "currency",
    "waivers",
    "waivers_expired",
    "next_waiver_expiry",
    "model_index",
    "model_id",
    "role",
    "openness",
    "catalogue_key",
    "family",
    "catalogue_openness",
    "deployment_mode",
    "licence",
    "review_status",
    "review_date",
    "review_age_days",
    "review_due",
    "review_state",
)


def rows(record: ProjectRecord, audit: Audit) -> list[list[Any]]:
    today = audit.today
    declaration = record.declaration
    waivers = declaration.waivers if declaration else ()
    pending = sorted(
        w.expires for w in waivers if w.state(today) not in ("expired", "no-date") and w.expires
    )
    project = [
        record.file,
        record.source,
        record.status,
        record.problem,
        declaration.name if declaration else None,
        declaration.owner if declaration else None,
        declaration.use if declaration else None,
        declaration.classification if declaration else None,
        record.camp,
        "pass" if record.passed else "fail",
        record.count(Severity.ERROR),
        record.count(Severity.WARNING),
        record.count(Severity.INFO),
        record.waived,
        " ".join(sorted({f.rule for f in record.findings})),
        declaration.monthly_cost if declaration else None,
        declaration.currency if declaration else None,
        len(waivers),
        sum(1 for w in waivers if w.state(today) == "expired"),
        pending[0] if pending else None,
    ]
    models: list[DeclaredModel | None] = list(declaration.models) if declaration else []
    if not models:
        models = [None]
    out = []
    for index, model in enumerate(models):
        if model is None:
            out.append([*project, *[None] * (len(COLUMNS) - len(project))])
            continue
        out.append(
            [
                *project,
                index,
                model.id,
                model.role,
                model.openness,
                model.catalogue.key if model.catalogue else None,
                model.catalogue.family if model.catalogue else None,
                model.catalogue.openness if model.catalogue else None,
                model.deployment_mode,
                model.licence,
                model.review_status,
                model.review_date,
                model.review_age(today),
                model.review_due,
                model.review_state(today),
            ]
        )
    return out


def render(audit: Audit, out: Output) -> None:
    stream = out.stream
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for record in audit.projects():
        for row in rows(record, audit):
            writer.writerow([csv_cell(value) for value in row])
