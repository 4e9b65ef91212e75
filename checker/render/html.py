"""What the HTML documents share: the jinja2 environment over checker/templates/, the table
script and its Content-Security-Policy hash, and the filters that format values for a reader.

Autoescaping is always on: every string from a declaration (a project name, a model id, a
waiver's reason) is escaped; only the SVG of `charts` (which escapes its own text) and the
page's own script are marked safe. A declaration's URL becomes a link only when it is an
http or https URL; anything else (a `javascript:` URL above all) stays text.
"""

from __future__ import annotations

import base64
import hashlib
import re
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from checker.support.wording import counts, plural

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
DASH = "\u2013"  # an en dash: what a table shows for a value that is not there
_CODE_SPAN = re.compile(r"`([^`<>]+)`")
# ISO 8601 durations as declarations write them (`data_retention: P30D`)
_DURATION = re.compile(
    r"P(?:(?P<years>\d+)Y)?(?:(?P<months>\d+)M)?(?:(?P<weeks>\d+)W)?(?:(?P<days>\d+)D)?"
    r"(?:T(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?(?:(?P<seconds>\d+)S)?)?"
)
_UNITS = ("years", "months", "weeks", "days", "hours", "minutes", "seconds")


@cache
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
    env.filters["duration"] = duration
    env.filters["counts"] = counts
    env.filters["plural"] = plural
    env.filters["link"] = link
    env.filters["css_string"] = css_string
    env.filters["csp_source"] = csp_source
    env.globals["script"] = script
    return env


def code_spans(text: str) -> Any:
    """Text escaped, then its `backtick spans` (as policies write them) shown as code."""
    from markupsafe import Markup, escape

    return Markup(_CODE_SPAN.sub(r"<code>\1</code>", str(escape(text))))


def money(amount: float | None, currency: str | None = None) -> str:
    """One way for every amount in both documents: whole units of the currency, grouped by
    thousands, its ISO code after (`6,978 EUR`). Monthly costs are estimates; cents would
    only make a column ragged. Amounts in different currencies are never added up."""
    if amount is None:
        return DASH
    text = f"{amount:,.0f}"
    return f"{text} {currency}" if currency else text


def duration(text: str | None) -> str | None:
    """An ISO 8601 duration in words (`P30D` -> `30 days`, `PT0S` -> `none`); any other
    text as it is."""
    if not text:
        return text
    match = _DURATION.fullmatch(text.strip().upper())
    if match is None or text.strip().upper() in ("P", "PT"):
        return text
    parts = []
    for unit in _UNITS:
        value = match.group(unit)
        if value is not None and int(value):
            count = int(value)
            parts.append(f"{count:,} {unit if count != 1 else unit[:-1]}")
    return ", ".join(parts) if parts else "none (not kept)"


def link(url: str | None, text: str | None = None) -> Any:
    """An http(s) URL as a link that opens no referrer; any other text, escaped, as code."""
    from markupsafe import Markup

    if not url:
        return ""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        parts = None
    if parts is not None and parts.scheme.lower() in ("http", "https") and parts.netloc:
        return Markup('<a href="{}" rel="noopener noreferrer">{}</a>').format(
            url.strip(), text or url
        )
    return Markup("<code>{}</code>").format(text or url)


def css_string(text: str) -> Any:
    """Text as a CSS string literal (for the printed page's running header): every character
    but letters, digits, space and a few marks as a hex escape, so no text can end the string,
    the rule or the style element."""
    from markupsafe import Markup

    out = "".join(
        char if char.isascii() and (char.isalnum() or char in " .,:-_") else f"\\{ord(char):06x}"
        for char in text
    )
    return Markup(f'"{out}"')


def csp_source(text: str) -> Any:
    """The Content-Security-Policy source that allows exactly this inline text (a style
    sheet or a script) by its SHA-256 hash, and nothing else."""
    from markupsafe import Markup

    digest = base64.b64encode(hashlib.sha256(str(text).encode("utf-8")).digest()).decode("ascii")
    return Markup(f"'sha256-{digest}'")


@cache
def script() -> Any:
    """The tables' script, inlined: (markup, its CSP source). The page's policy allows this
    script by its hash and no other, so nothing injected into a page could run."""
    from markupsafe import Markup

    code = (TEMPLATES / "tables.js").read_text(encoding="utf-8")
    return Markup(code), csp_source(code)


def svg(markup: str) -> Any:
    """SVG written by `charts` (text it escaped itself): inserted as it is."""
    from markupsafe import Markup

    return Markup(markup)
