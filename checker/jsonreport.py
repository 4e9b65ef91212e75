"""The JSON report, both ways: written by `check --format json`, read back by `--baseline`
and `audit --from-reports`. `schemas/report.schema.json` describes it; the reading side
parses untrusted files into typed values with pydantic, and a test fails when the models
here and the schema drift apart.

Writing needs nothing beyond the standard library, so that `check` never imports pydantic;
reading imports it when a report is read.
"""

from __future__ import annotations

import dataclasses
import json
from json.encoder import encode_basestring  # type: ignore[attr-defined]
from pathlib import Path
from typing import Any, TextIO

from checker.declaration import (
    CatalogueRef,
    Declaration,
    DeclaredModel,
    DeclaredWaiver,
)
from checker.report import FileResult, Finding, Report, Severity

REPORT_VERSION = 1
TOOL_NAME = "llm-choice"


class ReportFileError(Exception):
    """A file is not a JSON report this llm-choice can read; the message names the file and
    the JSON pointer of what is wrong."""


# -- writing ---------------------------------------------------------------------------------


def finding_to_dict(finding: Finding) -> dict[str, Any]:
    data: dict[str, Any] = {
        "rule": finding.rule,
        "severity": finding.severity.value,
        "message": finding.message,
        "file": finding.file,
        "line": finding.line,
        "column": finding.column,
        "pointer": finding.pointer,
    }
    if finding.waiver is not None:
        data["waiver"] = dataclasses.asdict(finding.waiver)
    return data


def declaration_to_dict(declaration: Declaration) -> dict[str, Any]:
    """The `declaration` object of a file entry."""
    return {
        "project": {
            "name": declaration.name,
            "owner": declaration.owner,
            "use": declaration.use,
        },
        "data": {"classification": declaration.classification},
        "models": [
            {
                "id": model.id,
                "role": model.role,
                "openness": model.openness,
                "deployment": {"mode": model.deployment_mode},
                "licence": {
                    "id": model.licence,
                    "review": {
                        "status": model.review_status,
                        "date": model.review_date,
                        "age_days": model.review_age_days,
                        "due": model.review_due,
                    },
                },
                "catalogue": catalogue_to_dict(model.catalogue),
            }
            for model in declaration.models
        ],
        "cost": None
        if declaration.monthly_cost is None
        else {"monthly": {"amount": declaration.monthly_cost, "currency": declaration.currency}},
        "waivers": [
            {
                "policy": waiver.policy,
                "approved_by": waiver.approved_by,
                "expires": waiver.expires,
                "ref": waiver.ref,
            }
            for waiver in declaration.waivers
        ],
    }


def catalogue_to_dict(ref: CatalogueRef | None) -> dict[str, Any] | None:
    if ref is None:
        return None
    return {"key": ref.key, "family": ref.family, "openness": ref.openness}


def file_to_dict(result: FileResult, fail_level: Severity) -> dict[str, Any]:
    return {
        "file": result.file,
        "passed": not result.failed(fail_level),
        "findings": [finding_to_dict(f) for f in result.findings],
        "declaration": None
        if result.declaration is None
        else declaration_to_dict(result.declaration),
    }


def write(report: Report, stream: TextIO) -> None:
    """The report as JSON, its files written one at a time as they are read back."""
    totals = report.totals
    head = {
        "report_version": REPORT_VERSION,
        "tool": {"name": TOOL_NAME, "version": report.tool_version},
        "fail_level": report.fail_level.value,
        "passed": not report.failed,
        "summary": {
            "files": totals.files,
            "failing_files": totals.failing_files,
            **{severity.value: totals.counts[severity] for severity in Severity},
            "waived": totals.waived,
            "baselined": totals.baselined,
        },
    }
    text = pretty(head)
    stream.write(text[: text.rindex("}")].rstrip() + ',\n  "files": [')
    written = 0
    for result in report.files:
        stream.write(",\n    " if written else "\n    ")
        stream.write(pretty(file_to_dict(result, report.fail_level), "    "))
        written += 1
    stream.write("\n  ]\n}\n" if written else "]\n}\n")


def pretty(value: Any, pad: str = "") -> str:
    """`json.dumps(value, indent=2, ensure_ascii=False)`, each line after the first
    indented by `pad`, character for character, at a third of the cost: the standard
    library writes indented JSON with its Python encoder, one generator step a token,
    while text goes through its C string encoder here."""
    if isinstance(value, str):
        return encode_basestring(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = pad + "  "
        items = ",\n".join(
            f"{inner}{encode_basestring(str(key))}: {pretty(item, inner)}"
            for key, item in value.items()
        )
        return f"{{\n{items}\n{pad}}}"
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        inner = pad + "  "
        items = ",\n".join(inner + pretty(item, inner) for item in value)
        return f"[\n{items}\n{pad}]"
    if isinstance(value, int):
        return int.__repr__(value)
    return json.dumps(value)  # a float, as json writes it (NaN and Infinity included)


# -- reading ---------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class ReadFinding:
    rule: str
    severity: Severity
    message: str
    line: int
    column: int
    pointer: str
    waived: bool


@dataclasses.dataclass(frozen=True)
class ReadFile:
    """One file entry of a report, as typed values."""

    file: str
    passed: bool
    findings: tuple[ReadFinding, ...]
    declaration: Declaration | None
    has_declaration: bool = True  # False: written before reports carried declarations


@dataclasses.dataclass(frozen=True)
class ReadReport:
    path: str
    tool_version: str
    fail_level: Severity
    files: tuple[ReadFile, ...]


# A report of 100,000 files is about 150 MB; a report is read whole, so anything much
# larger is refused before it is read.
MAX_REPORT_BYTES = 512 << 20


def read(path: Path) -> ReadReport:
    """A JSON report from a file, or ReportFileError naming the file and what is wrong."""
    try:
        size = path.stat().st_size
        if size > MAX_REPORT_BYTES:
            raise ReportFileError(
                f"{path}: {size:,} bytes, more than a report of llm-choice can be "
                f"({MAX_REPORT_BYTES >> 20} MiB): is this the right file?"
            )
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ReportFileError(
            f"{path}: cannot read the report: {error.strerror or error}"
        ) from None
    except UnicodeDecodeError as error:
        raise ReportFileError(
            f"{path}: not a JSON report: not UTF-8 text ({error.reason})"
        ) from None
    return parse(text, str(path))


def parse(text: str, name: str) -> ReadReport:
    # pydantic takes about 60 ms to import, which `check` (that only writes reports) must
    # not pay on every commit
    from pydantic import ValidationError

    from checker import report_models  # lazy: see above

    try:
        data = json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as error:
        raise ReportFileError(
            f"{name}:{error.lineno}:{error.colno}: not a JSON report: {error.msg}"
        ) from None
    except ValueError as error:
        raise ReportFileError(f"{name}: not a JSON report: {error}") from None
    except RecursionError:  # brackets nested thousands deep: the json module recurses
        raise ReportFileError(
            f"{name}: nested too deeply to be a JSON report of llm-choice"
        ) from None
    if not isinstance(data, dict) or "report_version" not in data:
        raise ReportFileError(
            f"{name}:1:1: not a JSON report of llm-choice (it has no report_version; write one "
            "with `llm-choice check --format json --output FILE`)"
        )
    if data["report_version"] != REPORT_VERSION:
        raise ReportFileError(
            f"{name}: report_version {data['report_version']!r} is not one this llm-choice "
            f"reads ({REPORT_VERSION})"
        )
    try:
        model = report_models.ReportModel.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        pointer = "".join(f"/{part}" for part in first["loc"])
        raise ReportFileError(
            f"{name}: at {pointer or '/'}: {first['msg']} (not a JSON report of llm-choice as "
            "schemas/report.schema.json describes it)"
        ) from None
    return ReadReport(
        path=name,
        tool_version=model.tool.version,
        fail_level=Severity(model.fail_level),
        files=tuple(_file(entry) for entry in model.files),
    )


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _file(entry: Any) -> ReadFile:
    return ReadFile(
        file=entry.file,
        passed=entry.passed,
        findings=tuple(
            ReadFinding(
                rule=f.rule,
                severity=Severity(f.severity),
                message=f.message,
                line=f.line,
                column=f.column,
                pointer=f.pointer,
                waived=f.waiver is not None,
            )
            for f in entry.findings
        ),
        declaration=None if entry.declaration is None else _declaration(entry.declaration),
        has_declaration="declaration" in entry.model_fields_set,
    )


def _declaration(model: Any) -> Declaration:
    cost = model.cost.monthly if model.cost is not None and model.cost.monthly else None
    return Declaration(
        name=model.project.name or None,
        owner=model.project.owner or None,
        use=model.project.use or None,
        classification=model.data.classification or None,
        models=tuple(
            DeclaredModel(
                id=m.id,
                role=m.role or None,
                openness=m.openness or None,
                deployment_mode=m.deployment.mode or None,
                licence=m.licence.id or None,
                review_status=m.licence.review.status or None,
                review_date=m.licence.review.date or None,
                review_age_days=m.licence.review.age_days,
                review_due=m.licence.review.due or None,
                catalogue=None
                if m.catalogue is None
                else CatalogueRef(
                    m.catalogue.key, m.catalogue.family or None, m.catalogue.openness or None
                ),
            )
            for m in model.models
        ),
        monthly_cost=None if cost is None else cost.amount,
        currency=None if cost is None else (cost.currency or None),
        waivers=tuple(
            DeclaredWaiver(
                policy=w.policy,
                approved_by=w.approved_by or None,
                expires=w.expires or None,
                ref=w.ref or None,
            )
            for w in model.waivers
        ),
    )


def json_schema() -> dict[str, Any]:
    """The JSON Schema of what the reader accepts, from its models (for the drift test)."""
    from checker import report_models  # lazy: as in parse()

    return report_models.ReportModel.model_json_schema()
