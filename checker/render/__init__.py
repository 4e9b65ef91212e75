"""Renderers: one module per output format, each reading one subject (a check's `Report`, a
`DecisionRecord`, an `Audit`, an inventory, policies), all with one interface,
`render(subject, out)`, in a folder per subject (report/, record/, audit/, inventory/, bom/).

`FORMATS` is the one table of every format a command can write. A renderer's module is
imported when its format is asked for, so that a run pays only for what it writes (rich,
jinja2 and rich cost far more to import than `check` takes on a clean file).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from checker.render.output import Output, Renderer
from checker.report import Report


class Subject(str, Enum):
    """What a format renders: the value a command hands to its renderer."""

    REPORT = "report"  # a check's Report
    RECORD = "record"  # one project's DecisionRecord (`report`)
    AUDIT = "audit"  # a portfolio's Audit
    BOM = "bom"  # a Bom
    POLICIES = "policies"  # a PolicySet (`policies list`)
    POLICY = "policy"  # one policy shown (`policies show`)
    CASES = "cases"  # the outcome of `policies test`
    RESOLUTION = "resolution"  # how an id resolves (`catalogue which`)
    ENTRY = "entry"  # one catalogue entry (`catalogue show`)
    CATALOGUE = "catalogue"  # the catalogue's listing (`catalogue list` and `check`)
    INVENTORY = "inventory"  # the model references `scan` found (a Scanned)
    DETECTOR_CASES = "detector-cases"  # the outcome of `scan --test`


@dataclass(frozen=True)
class Format:
    """An output format: what it renders, and how its renderer is loaded."""

    name: str
    subject: Subject
    load: Callable[[], Renderer]
    streams: bool = False  # reads a report once, writing each file's result as it comes
    extra: str = ""  # the optional dependency group it needs, if any
    declarations: bool = False  # reads each file's declaration summary (the JSON report)


def _text() -> Renderer:
    from checker.render.report import text  # lazy: see the module docstring

    return text.render


def _json() -> Renderer:
    from checker.render.report import json  # lazy: see the module docstring

    return json.render


def _sarif() -> Renderer:
    from checker.render.report import sarif  # lazy: see the module docstring

    return sarif.render


def _junit() -> Renderer:
    from checker.render.report import junit  # lazy: see the module docstring

    return junit.render


def _github() -> Renderer:
    from checker.render.report import github  # lazy: see the module docstring

    return github.render


def _gitlab() -> Renderer:
    from checker.render.report import gitlab  # lazy: see the module docstring

    return gitlab.render


def _markdown() -> Renderer:
    from checker.render.report import markdown  # lazy: see the module docstring

    return markdown.render


def _record_markdown() -> Renderer:
    from checker.render.record import markdown as record_markdown  # lazy: see the module docstring

    return record_markdown.render


def _record_html() -> Renderer:
    from checker.render.record import html as record_html  # lazy: see the module docstring

    return record_html.render


def _audit_markdown() -> Renderer:
    from checker.render.audit import markdown as audit_markdown  # lazy: see the module docstring

    return audit_markdown.render


def _audit_html() -> Renderer:
    from checker.render.audit import html as audit_html  # lazy: see the module docstring

    return audit_html.render


def _audit_json() -> Renderer:
    from checker.render.audit import json as audit_json  # lazy: see the module docstring

    return audit_json.render


def _audit_csv() -> Renderer:
    from checker.render.audit import csv as audit_csv  # lazy: see the module docstring

    return audit_csv.render


def _cyclonedx() -> Renderer:
    from checker.render.bom import cyclonedx  # lazy: see the module docstring

    return cyclonedx.render


def _audit_cyclonedx() -> Renderer:
    from checker.render.bom import cyclonedx  # lazy: see the module docstring

    return cyclonedx.render_audit


def _policies_text() -> Renderer:
    from checker.render import policies  # lazy: see the module docstring

    return policies.listing


def _policies_json() -> Renderer:
    from checker.render import policies  # lazy: see the module docstring

    return policies.listing_json


def _policy_text() -> Renderer:
    from checker.render import policies  # lazy: see the module docstring

    return policies.show


def _policy_json() -> Renderer:
    from checker.render import policies  # lazy: see the module docstring

    return policies.show_json


def _cases_text() -> Renderer:
    from checker.render import policies  # lazy: see the module docstring

    return policies.test_run


def _cases_json() -> Renderer:
    from checker.render import policies  # lazy: see the module docstring

    return policies.test_run_json


def _which() -> Renderer:
    from checker.render import catalogue  # lazy: see the module docstring

    return catalogue.which


def _which_json() -> Renderer:
    from checker.render import catalogue  # lazy: see the module docstring

    return catalogue.which_json


def _show() -> Renderer:
    from checker.render import catalogue  # lazy: see the module docstring

    return catalogue.show


def _show_json() -> Renderer:
    from checker.render import catalogue  # lazy: see the module docstring

    return catalogue.show_json


def _listing() -> Renderer:
    from checker.render import catalogue  # lazy: see the module docstring

    return catalogue.listing


def _listing_json() -> Renderer:
    from checker.render import catalogue  # lazy: see the module docstring

    return catalogue.listing_json


def _inventory_text() -> Renderer:
    from checker.render.inventory import formats as inventory  # lazy: see the module docstring

    return inventory.render


def _inventory_json() -> Renderer:
    from checker.render.inventory import formats as inventory  # lazy: see the module docstring

    return inventory.render_json


def _inventory_sarif() -> Renderer:
    from checker.render.inventory import formats as inventory  # lazy: see the module docstring

    return inventory.render_sarif


def _inventory_cyclonedx() -> Renderer:
    from checker.render.inventory import cyclonedx  # lazy: see the module docstring

    return cyclonedx.render


def _detector_cases_text() -> Renderer:
    from checker.render.inventory import formats as inventory  # lazy: see the module docstring

    return inventory.render_cases


def _detector_cases_json() -> Renderer:
    from checker.render.inventory import formats as inventory  # lazy: see the module docstring

    return inventory.render_cases_json


FORMATS: tuple[Format, ...] = (
    Format("text", Subject.REPORT, _text, streams=True),
    Format("json", Subject.REPORT, _json, declarations=True),
    Format("sarif", Subject.REPORT, _sarif),
    Format("junit", Subject.REPORT, _junit),
    Format("github", Subject.REPORT, _github, streams=True),
    Format("gitlab", Subject.REPORT, _gitlab),
    Format("markdown", Subject.REPORT, _markdown),
    Format("markdown", Subject.RECORD, _record_markdown),
    Format("html", Subject.RECORD, _record_html, extra="html"),
    Format("markdown", Subject.AUDIT, _audit_markdown),
    Format("html", Subject.AUDIT, _audit_html, extra="html"),
    Format("json", Subject.AUDIT, _audit_json),
    Format("csv", Subject.AUDIT, _audit_csv),
    Format("cyclonedx", Subject.AUDIT, _audit_cyclonedx, extra="bom"),
    Format("cyclonedx", Subject.BOM, _cyclonedx, extra="bom"),
    Format("text", Subject.POLICIES, _policies_text),
    Format("json", Subject.POLICIES, _policies_json),
    Format("text", Subject.POLICY, _policy_text),
    Format("json", Subject.POLICY, _policy_json),
    Format("text", Subject.CASES, _cases_text),
    Format("json", Subject.CASES, _cases_json),
    Format("text", Subject.RESOLUTION, _which),
    Format("json", Subject.RESOLUTION, _which_json),
    Format("text", Subject.ENTRY, _show),
    Format("json", Subject.ENTRY, _show_json),
    Format("text", Subject.CATALOGUE, _listing),
    Format("json", Subject.CATALOGUE, _listing_json),
    Format("text", Subject.INVENTORY, _inventory_text),
    Format("json", Subject.INVENTORY, _inventory_json),
    Format("sarif", Subject.INVENTORY, _inventory_sarif),
    Format("cyclonedx", Subject.INVENTORY, _inventory_cyclonedx, extra="bom"),
    Format("text", Subject.DETECTOR_CASES, _detector_cases_text),
    Format("json", Subject.DETECTOR_CASES, _detector_cases_json),
)


def names(subject: Subject) -> tuple[str, ...]:
    """The formats a subject can be written in, the default first."""
    return tuple(f.name for f in FORMATS if f.subject == subject)


def find(subject: Subject, name: str) -> Format:
    for candidate in FORMATS:
        if candidate.subject == subject and candidate.name == name:
            return candidate
    raise KeyError(f"no {name} format for {subject}")


__all__ = ["FORMATS", "Format", "Output", "Renderer", "Subject", "find", "names", "render"]


def render(subject: Any, kind: Subject, name: str, out: Output) -> None:
    """Write a subject in one format (a report complete first unless the format streams)."""
    found = find(kind, name)
    if isinstance(subject, Report) and not found.streams:
        subject = subject.complete()
    found.load()(subject, out)
