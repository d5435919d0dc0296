"""The complaint timeline's drawing: where each complaint falls around the incident.

Pure geometry; ``templates/timeline.svg.j2`` draws it (an inline SVG, nothing fetched).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

TIMELINE_WIDTH, TIMELINE_HEIGHT = 760, 120
MARGIN = 40  # pixels left and right of the axis, where the first and last dates are written
ROWS = 5  # complaints are staggered over this many rows so close dates stay apart
TIMING_COLOUR = {"prior": "#b03030", "stale": "#e0a0a0", "post": "#777777", "undated": "#c08000"}


@dataclass(frozen=True)
class Mark:
    """One dated complaint: a dot at (x, y) with its record, date, timing and topics."""

    x: str  # formatted to a tenth of a pixel
    y: int
    colour: str
    label: str


@dataclass(frozen=True)
class Timeline:
    """The axis from the earliest to the latest date (the incident included), and the dots."""

    width: int
    height: int
    margin: int
    incident: date
    incident_x: str
    start: date
    end: date
    marks: tuple[Mark, ...]
    undated: int


def build_timeline(records: list[dict[str, Any]], incident: date) -> Timeline:
    """Complaints on a time axis around the incident: prior red, post grey, undated apart."""
    dated = [
        (date.fromisoformat(r["event_date"] or r["received_date"]), r)
        for r in records
        if r["event_date"] or r["received_date"]
    ]
    days = [d for d, _ in dated] + [incident]
    start, end = min(days), max(days)
    span = max((end - start).days, 1)

    def x(day: date) -> str:
        return f"{MARGIN + (TIMELINE_WIDTH - 2 * MARGIN) * (day - start).days / span:.1f}"

    marks = tuple(
        Mark(
            x=x(day),
            y=30 + (n % ROWS) * 12,
            colour=TIMING_COLOUR["stale" if r["stale"] else r["timing"]],
            label=f"{r['record_id']} {day} {r['timing']} {', '.join(r['topics'])}",
        )
        for n, (day, r) in enumerate(sorted(dated, key=lambda item: item[0]))
    )
    return Timeline(
        width=TIMELINE_WIDTH,
        height=TIMELINE_HEIGHT,
        margin=MARGIN,
        incident=incident,
        incident_x=x(incident),
        start=start,
        end=end,
        marks=marks,
        undated=sum(1 for r in records if r["timing"] == "undated"),
    )
