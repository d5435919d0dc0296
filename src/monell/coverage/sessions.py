"""Sessions: what a row or a passage says about when, and whether, its course was delivered.

Each clause of a passage, or each table row, gives a status (planned, cancelled, postponed,
suspended, not held, reserved, scheduled) or, beside a date, a delivered session; a sign-in
sheet's labelled date is its session. The words are data: corpora/cues/courses.yaml."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date

from monell.coverage.segments import parse_row
from monell.nlp.date_parse import find_dates, period_end
from monell.records.cite import cite_of
from monell.records.coverage import CourseStatus, Segment, Session
from monell.resources import load_cues

_CUES = load_cues("courses")
DELIVERED = re.compile("|".join(_CUES["delivered"]), re.I)
CLAUSE_BREAK = re.compile("|".join(_CUES["clause_breaks"]), re.I)
# Read first, and the more telling when a course has several.
STATUS_ORDER = (
    CourseStatus.NOT_HELD,
    CourseStatus.CANCELLED,
    CourseStatus.POSTPONED,
    CourseStatus.SUSPENDED,
    CourseStatus.RESERVED,
    CourseStatus.PLANNED,
    CourseStatus.SCHEDULED,
)
STATUS_WORDS = {
    status: re.compile("|".join(_CUES["status"][status.name.lower()]), re.I)
    for status in STATUS_ORDER
}
LOG_TYPES = ("training_log",)
LISTING_TYPES = ("training_log", "training_catalog")  # documents that list many courses
LEGEND_LINE = re.compile(r"^\s*([A-Z]{1,3})\s*(?:[=:\u2013-]\s*|\s+)([A-Za-z].*)$")
LEGEND_MEANING_CHARS = 40  # "Cancelled; not delivered that year": the meaning leads the line
STATUS_HEADER = re.compile(r"\b(status|held|outcome|result|code)\b", re.I)
SESSION_LABEL = re.compile("|".join(_CUES["session_labels"]), re.I)


def own_session_day(segment: Segment, as_of: date) -> date | None:
    """A passage that dates its own session ("Session date: 08/09/2022", "held on 10/18/2022"):
    its last session on or before ``as_of``, else its first after."""
    days = [
        s.end or s.start
        for s in read_sessions(segment)
        if s.status is CourseStatus.DELIVERED and s.start
    ]
    before = [d for d in days if d and d <= as_of]
    after = [d for d in days if d and d > as_of]
    return max(before) if before else min(after) if after else None


def read_legend(segments: Iterable[Segment]) -> dict[str, CourseStatus]:
    """A document's own status codes ("X  Cancelled; not delivered", "PF = Pending funding",
    "D: Delivered on the date shown"), when it defines two or more."""
    legend: dict[str, CourseStatus] = {}
    for segment in segments:
        lines = (
            segment.quote.splitlines()
            if not segment.is_row
            else [" ".join(v for _, v in parse_row(segment.quote))]
        )
        for line in lines:
            if (match := LEGEND_LINE.match(line)) is None:
                continue
            meaning = match.group(2)[:LEGEND_MEANING_CHARS]
            status = _status(meaning) or (
                CourseStatus.DELIVERED if DELIVERED.match(meaning.strip()) else None
            )
            if status is not None:
                legend.setdefault(match.group(1), status)
    return legend if len(legend) >= 2 else {}


def read_sessions(
    segment: Segment, legend: Mapping[str, CourseStatus] | None = None
) -> list[Session]:
    """What a row or a passage says about the delivery of its course: each clause's status
    (or "delivered" beside a date), with the dates it gives; a status cell holding one of the
    document's own codes (``legend``) reads as that code's meaning."""
    cite = cite_of(segment)
    if segment.is_row:
        return _row_sessions(segment, cite, legend or {})
    sessions = []
    for clause in _clauses(segment.quote):
        log = segment.doc_type in LOG_TYPES and bool(SESSION_LABEL.search(clause))
        sessions.extend(_clause_sessions(clause, cite, log=log))
    return sessions


def _row_sessions(segment: Segment, cite: str, legend: Mapping[str, CourseStatus]) -> list[Session]:
    row = segment.quote
    coded = [
        legend[v.strip()]
        for h, v in parse_row(row)
        if STATUS_HEADER.search(h) and v.strip() in legend
    ]
    status = coded[0] if coded else _status(row)
    if status is CourseStatus.DELIVERED:
        return [Session(s, e, status, row, cite) for s, e in _dates(row)]
    dates = _dates(row)
    if status is not None:
        if status is CourseStatus.SCHEDULED and not dates:
            return [Session(None, None, status, row, cite)]
        return [Session(s, e, status, row, cite) for s, e in dates] or [
            Session(None, None, status, row, cite)
        ]
    log = segment.doc_type in LOG_TYPES or bool(DELIVERED.search(row))
    return [Session(s, e, CourseStatus.DELIVERED, row, cite) for s, e in dates] if log else []


def _clause_sessions(clause: str, cite: str, log: bool) -> list[Session]:
    status = _status(clause)
    dates = _dates(clause)
    if status is not None:
        return [Session(s, e, status, clause, cite) for s, e in dates] or [
            Session(None, None, status, clause, cite)
        ]
    if dates and (log or DELIVERED.search(clause)):
        return [Session(s, e, CourseStatus.DELIVERED, clause, cite) for s, e in dates]
    return []


def _status(text: str) -> CourseStatus | None:
    for status in STATUS_ORDER:
        if STATUS_WORDS[status].search(text):
            return status
    return None


def _dates(text: str) -> list[tuple[date, date]]:
    """Each written date or range once: (first day, last day)."""
    found: list[tuple[date, date]] = []
    consumed = 0
    for value, start, end in find_dates(text):
        if start < consumed:
            continue
        last, consumed = period_end(text, start, end)
        found.append((value, last))
    return found


def _clauses(text: str) -> list[str]:
    flat = " ".join(text.split())
    return [c for c in CLAUSE_BREAK.split(flat) if c and c.strip()]
