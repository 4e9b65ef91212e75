"""Renderers: one module per output format, each reading one subject (a check's `Report`, a
`DecisionRecord`, an `Audit`, policies), all with one interface, `render(subject, out)`.

`FORMATS` is the one table of every format a command can write. A renderer's module is
imported when its format is asked for, so that a run pays only for what it writes (rich,
jinja2 and rich cost far more to import than `check` takes on a clean file).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from checker.render.output import Output, Renderer


@dataclass(frozen=True)
class Format:
    """An output format: what it renders, and how its renderer is loaded."""

    name: str
    subject: str  # report (check), record (report), audit, bom, policies, policy, cases,
    # resolution, entry, catalogue (catalogue which, show, list and check), inventory and
    # detector-cases (scan)
    load: Callable[[], Renderer]
    streams: bool = False  # reads a report once, writing each file's result as it comes
    extra: str = ""  # the optional dependency group it needs, if any
    declarations: bool = False  # reads each file's declaration summary (the JSON report)


def _text() -> Renderer:
    from checker.render import text  # lazy: see the module docstring

    return text.render


def _json() -> Renderer:
    from checker.render import json  # lazy: see the module docstring

    return json.render


def _sarif() -> Renderer:
    from checker.render import sarif  # lazy: see the module docstring

    return sarif.render


def _junit() -> Renderer:
    from checker.render import junit  # lazy: see the module docstring

    return junit.render


def _github() -> Renderer:
    from checker.render import github  # lazy: see the module docstring

    return github.render


def _gitlab() -> Renderer:
    from checker.render import gitlab  # lazy: see the module docstring

    return gitlab.render


def _markdown() -> Renderer:
    from checker.render import markdown  # lazy: see the module docstring

    return markdown.render


def _record_markdown() -> Renderer:
    from checker.render import record_markdown  # lazy: see the module docstring

    return record_markdown.render


def _record_html() -> Renderer:
    from checker.render import record_html  # lazy: see the module docstring

    return record_html.render


def _audit_markdown() -> Renderer:
    from checker.render import audit_markdown  # lazy: see the module docstring

    return audit_markdown.render


def _audit_html() -> Renderer:
    from checker.render import audit_html  # lazy: see the module docstring

    return audit_html.render


def _audit_json() -> Renderer:
    from checker.render import audit_json  # lazy: see the module docstring

    return audit_json.render


def _audit_csv() -> Renderer:
    from checker.render import audit_csv  # lazy: see the module docstring

    return audit_csv.render


def _cyclonedx() -> Renderer:
    from checker.render import cyclonedx  # lazy: see the module docstring

    return cyclonedx.render


def _audit_cyclonedx() -> Renderer:
    from checker.render import cyclonedx  # lazy: see the module docstring

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


def _scan(function: str) -> Callable[[], Renderer]:
    def load() -> Renderer:
        from checker.render import scan  # lazy: see the module docstring

        renderer: Renderer = getattr(scan, function)
        return renderer

    return load


def _scan_cyclonedx() -> Renderer:
    from checker.render import scan_cyclonedx  # lazy: see the module docstring

    return scan_cyclonedx.render


def _catalogue(function: str) -> Callable[[], Renderer]:
    def load() -> Renderer:
        from checker.render import catalogue  # lazy: see the module docstring

        renderer: Renderer = getattr(catalogue, function)
        return renderer

    return load


FORMATS: tuple[Format, ...] = (
    Format("text", "report", _text, streams=True),
    Format("json", "report", _json, declarations=True),
    Format("sarif", "report", _sarif),
    Format("junit", "report", _junit),
    Format("github", "report", _github, streams=True),
    Format("gitlab", "report", _gitlab),
    Format("markdown", "report", _markdown),
    Format("markdown", "record", _record_markdown),
    Format("html", "record", _record_html, extra="html"),
    Format("markdown", "audit", _audit_markdown),
    Format("html", "audit", _audit_html, extra="html"),
    Format("json", "audit", _audit_json),
    Format("csv", "audit", _audit_csv),
    Format("cyclonedx", "audit", _audit_cyclonedx, extra="bom"),
    Format("cyclonedx", "bom", _cyclonedx, extra="bom"),
    Format("text", "policies", _policies_text),
    Format("json", "policies", _policies_json),
    Format("text", "policy", _policy_text),
    Format("json", "policy", _policy_json),
    Format("text", "cases", _cases_text),
    Format("json", "cases", _cases_json),
    Format("text", "resolution", _catalogue("which")),
    Format("json", "resolution", _catalogue("which_json")),
    Format("text", "entry", _catalogue("show")),
    Format("json", "entry", _catalogue("show_json")),
    Format("text", "catalogue", _catalogue("listing")),
    Format("json", "catalogue", _catalogue("listing_json")),
    Format("text", "inventory", _scan("render")),
    Format("json", "inventory", _scan("render_json")),
    Format("sarif", "inventory", _scan("render_sarif")),
    Format("cyclonedx", "inventory", _scan_cyclonedx, extra="bom"),
    Format("text", "detector-cases", _scan("render_cases")),
    Format("json", "detector-cases", _scan("render_cases_json")),
)


def names(subject: str) -> tuple[str, ...]:
    """The formats a subject can be written in, the default first."""
    return tuple(f.name for f in FORMATS if f.subject == subject)


def find(subject: str, name: str) -> Format:
    for candidate in FORMATS:
        if candidate.subject == subject and candidate.name == name:
            return candidate
    raise KeyError(f"no {name} format for {subject}")


__all__ = ["FORMATS", "Format", "Output", "Renderer", "find", "names", "render"]


def render(subject: Any, kind: str, name: str, out: Output) -> None:
    find(kind, name).load()(subject, out)
