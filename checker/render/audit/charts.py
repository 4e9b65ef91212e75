"""Charts for the HTML documents: static SVG written directly, ready to inline in a page.

Each chart is an `<svg role="img">` with a `<title>` and a `<desc>` that states its data in
words, its labels as text (selectable, searchable, escaped here), and a viewBox narrow enough
(`WIDTH` units) that its text stays legible when a phone scales it down: a label sits above
its bar rather than beside it, so long labels never have to be cut. The same data gives the
same bytes. Colours are the Okabe-Ito palette, readable with the common forms of colour
blindness; the text is in the page's ink colour.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence
from html import escape

OPENNESS_COLOURS = {"open-source": "#009E73", "open-weight": "#0072B2", "closed": "#CC79A7"}
MODE_COLOURS = {
    "on-prem": "#0072B2",
    "private-cloud": "#56B4E9",
    "managed-cloud": "#E69F00",
    "vendor-api": "#CC79A7",
}
CAMP_COLOURS = {"open": "#0072B2", "closed": "#CC79A7", "mixed": "#009E73", "unknown": "#999999"}
SEVERITY_COLOURS = {
    "error": "#D55E00",
    "warning": "#E69F00",
    "info": "#56B4E9",
    "waived": "#BBBBBB",
}
OTHER = "#999999"
INK = "#1f2328"
MUTED = "#59636e"  # 6.1:1 on white: passes WCAG AA for small text

WIDTH = 440  # viewBox units; a page shows the chart at most 560 px wide (CSS)
TEXT = 14  # label size in units: 10.9 px on a 390 px phone, 17.8 px at 560 px
SMALL = 13  # the smallest text in any chart
CHAR = 0.56  # the average advance of a character, in ems, for placing and wrapping text
BAR = 14
LINE = TEXT + 4


def _text(value: str) -> str:
    return escape(value, quote=True)


def _id(title: str) -> str:
    return "chart-" + re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def _number(value: float) -> str:
    return f"{value:,.0f}"


def _svg(title: str, description: str, height: float, body: list[str]) -> str:
    ident = _id(title)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} '
        f'{math.ceil(height)}" role="img" aria-labelledby="{ident}-t {ident}-d" '
        f'font-size="{TEXT}" fill="{INK}">'
        f'<title id="{ident}-t">{_text(title)}</title>'
        f'<desc id="{ident}-d">{_text(description)}</desc>' + "".join(body) + "</svg>"
    )


def _wrap(label: str, size: float = TEXT, width: float = WIDTH, lines: int = 2) -> list[str]:
    """The label in at most `lines` lines that fit `width`; the last one cut with "…" only
    when even that is not enough (the table beside the chart has it whole)."""
    fits = max(int(width / (size * CHAR)), 8)
    words, out, line = label.split(" "), [], ""
    for word in words:
        candidate = f"{line} {word}" if line else word
        if len(candidate) <= fits or not line:
            line = candidate
        else:
            out.append(line)
            line = word
    out.append(line)
    out = [part if len(part) <= fits else part[: fits - 1] + "…" for part in out]
    if len(out) > lines:
        out = [*out[: lines - 1], _cut(" ".join(out[lines - 1 :]), fits)]
    return out


def _cut(text: str, fits: int) -> str:
    return text if len(text) <= fits else text[: fits - 1] + "…"


def _width(text: str, size: float = TEXT) -> float:
    return len(text) * size * CHAR


def _legend(colours: dict[str, str], y: float) -> tuple[list[str], float]:
    """Swatches with their names, in rows that wrap at the chart's width; returns the body
    and the height it takes."""
    body, x = [], 0.0
    for label, colour in colours.items():
        step = 18 + _width(label, SMALL) + 14
        if x and x + step > WIDTH:
            x, y = 0.0, y + LINE
        body.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="12" height="12" fill="{colour}"/>'
            f'<text x="{x + 17:.1f}" y="{y + 11:.1f}" font-size="{SMALL}">{_text(label)}</text>'
        )
        x += step
    return body, LINE + 6


def donut(title: str, counts: dict[str, int], colours: dict[str, str]) -> str:
    """The share of each category, with the total in the middle and the numbers beside it;
    zero categories left out."""
    shown = [(label, value) for label, value in counts.items() if value > 0]
    total = sum(value for _, value in shown)
    if not shown:
        return _svg(title, "None.", 40, [f'<text x="0" y="24" fill="{MUTED}">none</text>'])
    centre, outer, inner = 80.0, 76.0, 46.0
    height = max(2 * centre, 20 + LINE * 1.4 * len(shown))
    body, angle = [], -math.pi / 2
    for label, value in shown:
        sweep = 2 * math.pi * value / total
        body.append(_wedge(centre, height / 2, outer, inner, angle, sweep, colours, label))
        angle += sweep
    body.append(
        f'<text x="{centre}" y="{height / 2 + 4:.1f}" text-anchor="middle" font-size="22" '
        f'font-weight="600">{_number(total)}</text>'
        f'<text x="{centre}" y="{height / 2 + 22:.1f}" text-anchor="middle" '
        f'font-size="{SMALL}" fill="{MUTED}">in all</text>'
    )
    top = height / 2 - LINE * 1.4 * len(shown) / 2 + 4
    words = []
    for row, (label, value) in enumerate(shown):
        y = top + row * LINE * 1.4
        share = f"{value / total:.0%}"
        text = f"{_cut(label, 20)}: {_number(value)} ({share})"
        words.append(f"{label} {_number(value)} ({share})")
        body.append(
            f'<rect x="{2 * centre + 16}" y="{y:.1f}" width="12" height="12" '
            f'fill="{colours.get(label, OTHER)}"/>'
            f'<text x="{2 * centre + 34}" y="{y + 11:.1f}">{_text(text)}</text>'
        )
    return _svg(title, f"{_number(total)} in all: " + ", ".join(words) + ".", height, body)


def _wedge(
    cx: float,
    cy: float,
    outer: float,
    inner: float,
    start: float,
    sweep: float,
    colours: dict[str, str],
    label: str,
) -> str:
    colour = colours.get(label, OTHER)
    if sweep >= 2 * math.pi - 1e-9:  # one category: a ring (an arc cannot close on itself)
        middle = (outer + inner) / 2
        return (
            f'<circle cx="{cx}" cy="{cy:.1f}" r="{middle}" fill="none" stroke="{colour}" '
            f'stroke-width="{outer - inner}"/>'
        )
    end = start + sweep
    large = 1 if sweep > math.pi else 0

    def point(radius: float, angle: float) -> str:
        return f"{cx + radius * math.cos(angle):.2f} {cy + radius * math.sin(angle):.2f}"

    return (
        f'<path d="M{point(outer, start)} A{outer} {outer} 0 {large} 1 {point(outer, end)} '
        f'L{point(inner, end)} A{inner} {inner} 0 {large} 0 {point(inner, start)}Z" '
        f'fill="{colour}" stroke="#fff" stroke-width="1.5"/>'
    )


def bars(
    title: str,
    labels: Sequence[str],
    values: Sequence[float],
    colours: Sequence[str] | None = None,
    xlabel: str = "",
    legend: dict[str, str] | None = None,
) -> str:
    """Horizontal bars, in the order given, each under its label with its value at its end."""
    fills = list(colours) if colours else ["#0072B2"] * len(labels)
    return stacked_bars(
        title,
        labels,
        {xlabel or "value": values},
        {xlabel or "value": "#0072B2"},
        xlabel=xlabel,
        fills=fills,
        legend=legend,
    )


def stacked_bars(
    title: str,
    labels: Sequence[str],
    series: dict[str, Sequence[float]],
    colours: dict[str, str],
    xlabel: str = "",
    fills: Sequence[str] | None = None,
    legend: dict[str, str] | None = None,
) -> str:
    """Horizontal bars made of one segment per series (findings by severity, per policy),
    each under its label, with the total at its end."""
    body: list[str] = []
    y = 0.0
    key = legend if legend is not None else (colours if len(series) > 1 else None)
    if key:
        drawn, used = _legend(key, y)
        body += drawn
        y += used
    totals = [sum(values[i] for values in series.values()) for i in range(len(labels))]
    if not labels:
        body.append(f'<text x="0" y="{y + TEXT:.1f}" fill="{MUTED}">none</text>')
        return _svg(title, "None.", y + LINE + 4, body)
    room = WIDTH - _width(_number(max(totals)), SMALL) - 8
    scale = room / max(max(totals), 1)
    words = []
    for index, label in enumerate(labels):
        lines = _wrap(label)
        for line in lines:
            y += LINE
            body.append(f'<text x="0" y="{y - 4:.1f}">{_text(line)}</text>')
        x = 0.0
        parts = []
        for name, values in series.items():
            value = values[index]
            if value:
                colour = fills[index] if fills else colours[name]
                body.append(
                    f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(value * scale, 1):.1f}" '
                    f'height="{BAR}" fill="{colour}"/>'
                )
                x += value * scale
                parts.append(f"{_number(value)} {name}")
        body.append(
            f'<text x="{x + 5:.1f}" y="{y + BAR - 2:.1f}" font-size="{SMALL}">'
            f"{_number(totals[index])}</text>"
        )
        y += BAR + 10
        detail = f" ({', '.join(parts)})" if len(series) > 1 and parts else ""
        unit = f" {xlabel}" if xlabel else ""
        words.append(f"{label}: {_number(totals[index])}{unit}{detail}")
    return _svg(title, "; ".join(words) + ".", y, body)


def columns_per_currency(
    title: str, amounts: dict[str, dict[str, float]], colours: dict[str, str]
) -> str:
    """One group per currency (amounts in different currencies are never added or drawn to
    one scale), with one bar per camp: the declared monthly cost of its projects."""
    currencies = sorted(amounts)
    if not currencies:
        return _svg(
            title,
            "No project declares a monthly cost.",
            40,
            [f'<text x="0" y="24" fill="{MUTED}">no project declares a monthly cost</text>'],
        )
    body, words, y = [], [], 0.0
    for currency in currencies:
        camps = list(amounts[currency])
        values = [amounts[currency][camp] for camp in camps]
        y += LINE + 4
        body.append(f'<text x="0" y="{y - 4:.1f}" font-weight="600">{currency} per month</text>')
        labels = [f"{_number(v)} {currency}" for v in values]
        # the estimate of a label's width runs short for digits: room to spare at the end
        room = WIDTH - 70 - max(_width(label, SMALL) for label in labels) - 16
        scale = room / max(max(values), 1)
        for camp, value, label in zip(camps, values, labels, strict=True):
            body.append(
                f'<text x="0" y="{y + BAR - 2:.1f}" font-size="{SMALL}">{_text(camp)}</text>'
                f'<rect x="70" y="{y:.1f}" width="{max(value * scale, 1):.1f}" height="{BAR}" '
                f'fill="{colours.get(camp, OTHER)}"/>'
                f'<text x="{75 + value * scale:.1f}" y="{y + BAR - 2:.1f}" '
                f'font-size="{SMALL}">{label}</text>'
            )
            y += BAR + 8
            words.append(f"{camp} {label}")
        y += 6
    return _svg(title, "Monthly: " + "; ".join(words) + ".", y, body)


def timeline(title: str, events: Sequence[tuple[str, dt.date, str]], today: dt.date) -> str:
    """Dated events (label, date, colour), each under its label on one shared time axis,
    with today marked and the axis labelled by month or year."""
    dates = [date for _, date, _ in events] + [today]
    first, last = min(dates), max(dates)
    span = max((last - first).days, 30)
    first -= dt.timedelta(days=span // 20 + 1)
    last += dt.timedelta(days=span // 20 + 1)
    left, right = 6.0, WIDTH - 6.0

    def x(date: dt.date) -> float:
        return left + (right - left) * (date - first).days / max((last - first).days, 1)

    body, words, y = [], [], 4.0
    top = y
    for label, date, colour in events:
        for line in _wrap(label):
            y += LINE
            body.append(f'<text x="0" y="{y - 4:.1f}">{_text(line)}</text>')
        point, stamp = x(date), date.isoformat()
        body.append(
            f'<line x1="{x(today):.1f}" x2="{point:.1f}" y1="{y + 8:.1f}" y2="{y + 8:.1f}" '
            f'stroke="{colour}" stroke-width="2" stroke-opacity="0.6"/>'
            f'<circle cx="{point:.1f}" cy="{y + 8:.1f}" r="5" fill="{colour}"/>'
        )
        if point > WIDTH - _width(stamp, SMALL) - 16:  # near the right edge: the date before
            body.append(
                f'<text x="{point - 9:.1f}" y="{y + 12:.1f}" text-anchor="end" '
                f'font-size="{SMALL}">{stamp}</text>'
            )
        else:
            body.append(
                f'<text x="{point + 9:.1f}" y="{y + 12:.1f}" font-size="{SMALL}">{stamp}</text>'
            )
        y += 24
        words.append(f"{label}: {stamp}")
    axis = y + 4
    body.append(
        f'<line x1="{x(today):.1f}" x2="{x(today):.1f}" y1="{top:.1f}" y2="{axis:.1f}" '
        f'stroke="{INK}" stroke-dasharray="4 3"/>'
        f'<line x1="{left}" x2="{right}" y1="{axis:.1f}" y2="{axis:.1f}" stroke="{MUTED}"/>'
    )
    ticks = _ticks(first, last)
    for tick, text in ticks:
        body.append(
            f'<line x1="{x(tick):.1f}" x2="{x(tick):.1f}" y1="{axis:.1f}" y2="{axis + 5:.1f}" '
            f'stroke="{MUTED}"/><text x="{x(tick):.1f}" y="{axis + 20:.1f}" '
            f'text-anchor="middle" font-size="{SMALL}">{text}</text>'
        )
    # centred under its mark, but never past either edge of the chart (today near the first
    # or last date would put half the label outside the drawing)
    label = f"today, {today.isoformat()}"
    half = _width(label, SMALL) * 0.65  # bold digits run wider than the estimate
    at, anchor = x(today), "middle"
    if at < half:
        at, anchor = 0.0, "start"
    elif at > WIDTH - half:
        at, anchor = WIDTH, "end"
    body.append(
        f'<text x="{at:.1f}" y="{axis + 40:.1f}" text-anchor="{anchor}" '
        f'font-size="{SMALL}" font-weight="600">{label}</text>'
    )
    description = f"Today is {today.isoformat()}. " + "; ".join(words) + "."
    return _svg(title, description, axis + 46, body)


def _ticks(first: dt.date, last: dt.date) -> list[tuple[dt.date, str]]:
    """Axis marks no closer than a label's width: years for long spans, else months (each
    January with its year), so a label never runs into the next."""
    span_px = WIDTH - 12
    days = max((last - first).days, 1)
    room = _width("2026-00", SMALL) + 12
    months = []
    year, month = first.year, first.month
    while True:
        month += 1
        if month > 12:
            year, month = year + 1, 1
        date = dt.date(year, month, 1)
        if date > last:
            break
        months.append(date)
    for step in (1, 2, 3, 6, 12):
        chosen = [d for d in months if (d.month - 1) % step == 0]
        if len(chosen) < 2 or (span_px * 30.4 * step / days) >= room:
            if step == 12:
                return [(d, str(d.year)) for d in chosen]
            return [(d, f"{d.year}-{d.month:02}") for d in chosen]
    years = [d for d in months if d.month == 1]
    every = max(1, math.ceil(len(years) * room / span_px))
    return [(d, str(d.year)) for d in years[::every]]
