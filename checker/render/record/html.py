"""One project's decision record as one self-contained, printable HTML page."""

from __future__ import annotations

from typing import TextIO

from checker.record import DecisionRecord
from checker.render.audit import charts
from checker.render.html import environment, svg
from checker.render.output import Output

EVENT_COLOURS = {"review": "#0072B2", "waiver": "#E69F00", "retirement": "#CC79A7"}
PAST = "#D55E00"


def timeline(record: DecisionRecord) -> str | None:
    """The dates that fall due, against today; None when there are none."""
    if not record.events:
        return None
    return charts.timeline(
        "Dates that fall due",
        [
            (event.label, event.date, PAST if event.past else EVENT_COLOURS[event.kind])
            for event in record.events
        ],
        record.today,
    )


def render(record: DecisionRecord, out: Output) -> None:
    write(record, out.stream)


def write(record: DecisionRecord, stream: TextIO, portfolio_href: str | None = None) -> None:
    """The page; with `portfolio_href`, a link back to the portfolio audit it belongs to."""
    drawn = timeline(record)
    template = environment().get_template("record.html.j2")
    for chunk in template.generate(
        record=record,
        chart=svg(drawn) if drawn else None,
        today=record.today.isoformat(),
        tool_version=record.tool_version,
        print_title=f"Decision record: {record.title}",
        portfolio_href=portfolio_href,
    ):
        stream.write(chunk)
