"""What the HTML documents share: the jinja2 environment over checker/templates/.

Autoescaping is always on: every string from a declaration (a project name, a model id, a
waiver's reason) is escaped; only the SVG that matplotlib drew is marked safe.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
DASH = "\u2013"  # an en dash: what a table shows for a value that is not there
_CODE_SPAN = re.compile(r"`([^`<>]+)`")


def environment() -> Any:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["number"] = lambda value: f"{value:,}" if value is not None else DASH
    env.filters["money"] = money
    env.filters["percent"] = lambda part, whole: f"{part / whole:.0%}" if whole else DASH
    env.filters["code_spans"] = code_spans
    return env


def code_spans(text: str) -> Any:
    """Text escaped, then its `backtick spans` (as policies write them) shown as code."""
    from markupsafe import Markup, escape

    return Markup(_CODE_SPAN.sub(r"<code>\1</code>", str(escape(text))))


def money(amount: float | None, currency: str | None = None) -> str:
    if amount is None:
        return DASH
    text = f"{amount:,.0f}" if float(amount).is_integer() else f"{amount:,.2f}"
    return f"{text} {currency}" if currency else text


def svg(markup: str) -> Any:
    """Markup drawn by matplotlib (text it escaped itself): inserted as it is."""
    from markupsafe import Markup

    return Markup(markup)
