"""Charts for the HTML documents: drawn by matplotlib, returned as inline SVG markup.

No pyplot and no global backend: each chart is its own `Figure`, saved as SVG with text kept
as text (selectable, searchable, small) and a fixed hash salt, so the same data gives the
same bytes. Labels are never parsed as mathtext, so a `$` in a model id is just a `$`.
Colours are the Okabe-Ito palette, readable with the common forms of colour blindness.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

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
INK = "#222222"

_STYLE = {
    "svg.fonttype": "none",
    "svg.hashsalt": "llm-choice",
    "text.parse_math": False,
    "font.family": "sans-serif",
    "font.size": 10,
    "axes.edgecolor": "#999999",
    "axes.labelcolor": INK,
    "xtick.color": INK,
    "ytick.color": INK,
    "axes.spines.top": False,
    "axes.spines.right": False,
}


def _figure(width: float, height: float) -> Any:
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def _svg(figure: Any, title: str) -> str:
    """The figure as an `<svg>` element (no XML declaration), ready to inline in HTML."""
    stream = io.StringIO()
    figure.savefig(
        stream,
        format="svg",
        metadata={"Title": title, "Date": None, "Creator": None},
        bbox_inches="tight",
        pad_inches=0.08,
    )
    text = stream.getvalue()
    return text[text.index("<svg") :]


def _style() -> Any:
    import matplotlib

    return matplotlib.rc_context(_STYLE)


def _short(label: str, limit: int = 42) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def donut(title: str, counts: dict[str, int], colours: dict[str, str]) -> str:
    """The share of each category, with the total in the middle; zero categories left out."""
    shown = [(label, value) for label, value in counts.items() if value > 0]
    with _style():
        figure = _figure(4.8, 3.0)
        axes = figure.add_subplot()
        if not shown:
            axes.text(0.5, 0.5, "none", ha="center", va="center", color=OTHER)
            axes.set_axis_off()
            return _svg(figure, title)
        values = [value for _, value in shown]
        wedges, _ = axes.pie(
            values,
            colors=[colours.get(label, OTHER) for label, _ in shown],
            startangle=90,
            counterclock=False,
            wedgeprops={"width": 0.38, "edgecolor": "white", "linewidth": 1.5},
        )
        total = sum(values)
        axes.text(0, 0.08, f"{total:,}", ha="center", va="center", fontsize=18, color=INK)
        axes.text(0, -0.2, "in all", ha="center", va="center", fontsize=9, color=OTHER)
        axes.legend(
            wedges,
            [f"{_short(label, 28)}: {value:,} ({value / total:.0%})" for label, value in shown],
            loc="center left",
            bbox_to_anchor=(1.0, 0.5),
            frameon=False,
        )
        axes.set_aspect("equal")
        return _svg(figure, title)


def bars(
    title: str,
    labels: Sequence[str],
    values: Sequence[float],
    colours: Sequence[str] | None = None,
    xlabel: str = "",
    legend: dict[str, str] | None = None,
) -> str:
    """Horizontal bars, largest at the top, each with its value at its end."""
    with _style():
        figure = _figure(7.2, 0.9 + 0.3 * max(len(labels), 1))
        axes = figure.add_subplot()
        positions = range(len(labels))
        drawn = axes.barh(
            list(positions),
            list(values),
            color=list(colours) if colours else "#0072B2",
            height=0.7,
        )
        axes.bar_label(drawn, labels=[f"{v:,.0f}" for v in values], padding=3, fontsize=9)
        axes.set_yticks(list(positions), [_short(label) for label in labels])
        axes.invert_yaxis()
        axes.set_xlabel(xlabel)
        axes.margins(x=0.12)
        axes.xaxis.get_major_locator().set_params(integer=True)
        if legend:
            _legend(axes, legend)
        return _svg(figure, title)


def stacked_bars(
    title: str,
    labels: Sequence[str],
    series: dict[str, Sequence[int]],
    colours: dict[str, str],
    xlabel: str = "",
) -> str:
    """Horizontal bars made of one segment per series (findings by severity, per policy)."""
    with _style():
        figure = _figure(9.0, 1.1 + 0.3 * max(len(labels), 1))
        axes = figure.add_subplot()
        left = [0] * len(labels)
        positions = list(range(len(labels)))
        for name, values in series.items():
            axes.barh(
                positions, list(values), left=left, height=0.7, color=colours[name], label=name
            )
            left = [a + b for a, b in zip(left, values, strict=True)]
        for position, total in zip(positions, left, strict=True):
            axes.text(total, position, f" {total:,}", va="center", fontsize=9, color=INK)
        axes.set_yticks(positions, [_short(label) for label in labels])
        axes.invert_yaxis()
        axes.set_xlabel(xlabel)
        axes.margins(x=0.1)
        axes.xaxis.get_major_locator().set_params(integer=True)
        _legend(axes, {name: colours[name] for name in series})
        return _svg(figure, title)


def columns_per_currency(
    title: str, amounts: dict[str, dict[str, float]], colours: dict[str, str]
) -> str:
    """One panel per currency (amounts in different currencies are never added), with one
    column per camp: the declared monthly cost of the projects in that camp."""
    currencies = sorted(amounts)
    with _style():
        figure = _figure(max(3.2 * len(currencies), 4.0), 3.2)
        if not currencies:
            axes = figure.add_subplot()
            axes.text(0.5, 0.5, "no project declares a monthly cost", ha="center", color=OTHER)
            axes.set_axis_off()
            return _svg(figure, title)
        panels = figure.subplots(1, len(currencies), squeeze=False)[0]
        for axes, currency in zip(panels, currencies, strict=True):
            camps = list(amounts[currency])
            values = [amounts[currency][camp] for camp in camps]
            drawn = axes.bar(camps, values, color=[colours.get(c, OTHER) for c in camps])
            axes.bar_label(drawn, labels=[_money(v) for v in values], padding=2, fontsize=9)
            axes.set_title(f"{currency} per month", fontsize=10)
            axes.margins(y=0.15)
            axes.yaxis.set_major_formatter(lambda value, _: _money(value))
        return _svg(figure, title)


def timeline(title: str, events: Sequence[tuple[str, dt.date, str]], today: dt.date) -> str:
    """Dated events (label, date, colour) as points on one time axis, with today marked."""
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter

    with _style():
        figure = _figure(7.2, 0.9 + 0.32 * max(len(events), 1))
        axes = figure.add_subplot()
        positions = list(range(len(events)))
        for position, (_, date, colour) in enumerate(events):
            axes.plot([today, date], [position, position], color=colour, linewidth=1, alpha=0.5)
            axes.plot([date], [position], marker="o", markersize=7, color=colour)
            axes.annotate(
                date.isoformat(),
                (date, position),
                xytext=(6, 0),
                textcoords="offset points",
                va="center",
                fontsize=8,
                color=INK,
            )
        axes.axvline(today, color=INK, linestyle="--", linewidth=1)
        axes.annotate(
            f"today, {today.isoformat()}",
            (today, -0.9),
            xytext=(4, 0),
            textcoords="offset points",
            ha="left",
            fontsize=8,
            color=INK,
            annotation_clip=False,
        )
        axes.set_yticks(positions, [_short(label, 48) for label, _, _ in events])
        axes.set_ylim(len(events) - 0.4, -1.2)
        locator = AutoDateLocator()
        axes.xaxis.set_major_locator(locator)
        axes.xaxis.set_major_formatter(ConciseDateFormatter(locator))
        axes.margins(x=0.12)
        return _svg(figure, title)


def _legend(axes: Any, colours: dict[str, str]) -> None:
    from matplotlib.patches import Patch

    axes.legend(
        handles=[Patch(color=colour, label=label) for label, colour in colours.items()],
        loc="lower right",
        frameon=False,
        fontsize=9,
    )


def _money(value: float) -> str:
    if value >= 1_000_000:
        return f"{value / 1_000_000:,.1f}M"
    if value >= 10_000:
        return f"{value / 1000:,.0f}k"
    return f"{value:,.0f}"
