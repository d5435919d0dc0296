"""Where a course's session was held and how many attended, as its rows and rosters say.

- Location: a row's location cell ("Location: Range B", "Site", "Venue", "Room"), or a
  labelled line of a sign-in sheet or a description ("Location: Training Room 2").
- Attendees: the roster, sign-in or transcript rows linked to the course that name a person
  (an officer, name, badge or employee cell) or record an attendance outcome (attended,
  completed, passed), counted once per person for the session the row dates, or, for a row
  without a date of its own, for the one session its document gives that course. A row that
  records an absence (absent, no-show, excused) is no attendee. Who attended is the attendance
  stage's work; this counts them.
The words are data: corpora/cues/courses.yaml.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date

from monell.coverage.segments import parse_row, repair_ocr_words
from monell.coverage.sessions import LOG_TYPES
from monell.records.coverage import CourseStatus, Segment, Session
from monell.resources import load_cues

_CUES = load_cues("courses")
LOCATION_HEADER = re.compile("|".join(_CUES["location_labels"]), re.I)
LOCATION_LINE = re.compile(
    rf"^\s*(?:{'|'.join(_CUES['location_labels'])})\s*[:\u2013\u2014-]\s*(?P<where>[^;\n]+?)\s*(?:;|$)",
    re.I | re.M,
)
PERSON_HEADER = re.compile("|".join(_CUES["attendee_headers"]), re.I)
COURSE_HEADER = re.compile("|".join(_CUES["course_headers"]), re.I)
ATTENDED, MISSED = (re.compile(p, re.I) for p in _CUES["attendance_outcomes"])
MAX_LOCATION = 80
Day = tuple[date | None, date | None]  # a session's (start, end)


def read_location(segment: Segment) -> str | None:
    """Where a row's or a passage's session was held, when it says so."""
    if segment.is_row:
        value = next(
            (v for h, v in parse_row(segment.quote) if h and LOCATION_HEADER.search(h)), None
        )
    else:
        match = LOCATION_LINE.search(segment.quote)
        value = match.group("where") if match else None
    value = " ".join(value.split()).strip(" .,") if value else None
    return value[:MAX_LOCATION] if value else None


def attendee(segment: Segment) -> str | None:
    """Who a roster or transcript row records as attending (a name, a badge, or the row
    itself when only its outcome says so); None for any other row, or an absence."""
    if not segment.is_row or segment.doc_type not in LOG_TYPES:
        return None
    cells = parse_row(segment.quote)
    outcomes = [v for h, v in cells if not (h and COURSE_HEADER.search(h))]
    if any(MISSED.search(v) for v in outcomes):
        return None
    person = next(
        (
            v
            for h, v in cells
            if h
            and PERSON_HEADER.search(repair_ocr_words(h))
            and not COURSE_HEADER.search(h)
            and v.strip()
        ),
        None,
    )
    if person:
        return " ".join(person.lower().split())
    return segment.key if any(ATTENDED.search(v) for v in outcomes) else None


def with_attendance(
    sessions: Sequence[Session],
    roster: Iterable[tuple[int, Day | None, str]],
    document_days: Mapping[int, set[Day]],
) -> list[Session]:
    """Each delivered session with the number of people its roster rows record.

    ``roster``: (document id, the session the row dates or None, the attendee);
    ``document_days``: document id -> the delivered sessions of the course it gives."""
    people: dict[Day, set[str]] = {}
    for document, day, person in roster:
        if day is None:
            days = document_days.get(document, set())
            if len(days) != 1:
                continue  # a row without a date, in a document of several sessions
            (day,) = days
        people.setdefault(day, set()).add(person)
    return [
        replace(s, attendees=len(people[(s.start, s.end)]))
        if s.status is CourseStatus.DELIVERED and (s.start, s.end) in people
        else s
        for s in sessions
    ]
