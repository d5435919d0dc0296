"""A course session's location and its attendees, where a row or a roster gives them
(coverage/course_rosters.py), and how `monell courses --json` shows them.

The rows and sheets are the team's own, in the shapes productions use: roster and transcript
cells, a sign-in sheet's header lines, catalog cells, OCR-damaged text.
"""

from __future__ import annotations

from datetime import date

import pytest

from monell.app.shapes.courses import courses_json
from monell.coverage.course_rosters import attendee, read_location
from monell.coverage.courses import build_courses
from monell.records.coverage import CoverageReport, Segment

INCIDENT = date(2021, 6, 1)


def segment(
    key: str,
    text: str,
    *,
    row: bool = True,
    doc: int = 1,
    doc_type: str = "training_log",
    heading: str | None = None,
) -> Segment:
    return Segment(
        key=key,
        passage_id=sum(map(ord, key)),
        document_id=doc,
        file=f"roster{doc}.pdf",
        production="VOL001",
        page=1,
        bates=f"ABC00001{doc}",
        doc_type=doc_type,
        heading=heading,
        text=text,
        quote=text,
        is_row=row,
        date=None,
        date_source=None,
        hours=None,
        course=None,
        stored_vector=False,
    )


LOCATIONS = [
    ("Course No.: RB-3; Date: 02/02/2020; Location: Range B", True, "Range B"),
    ("Code: RB-3; Site: North Annex; Held: 02/02/2020", True, "North Annex"),
    ("Code: RB-3; Venue: Fire Training Center; Date: 02/02/2020", True, "Fire Training Center"),
    ("Code: RB-3; Room: 204; Date: 02/02/2020", True, "204"),
    ("SIGN-IN SHEET RB-3\nLocation - Training Room 2\nDate: 02/02/2020", False, "Training Room 2"),
    ("RB-3 Baton Refresher\nHeld at: County EOC\nSession date: 02/02/2020", False, "County EOC"),
    ("Training Site: Mat Room, Station 4\nDate: 02/02/2020", False, "Mat Room, Station 4"),
    ("Class RB-3\nLOCATION: GYM.\nInstructor: Sgt. Pell", False, "GYM"),
    ("Facility: Regional Academy; Course No.: RB-3", True, "Regional Academy"),
    ("Course No.: RB-3; Training Location: Firing Range", True, "Firing Range"),
]


@pytest.mark.parametrize(("text", "row", "where"), LOCATIONS)
def test_a_row_or_a_sheet_gives_its_sessions_location(text: str, row: bool, where: str) -> None:
    assert read_location(segment("p1r1" if row else "p1", text, row=row)) == where


@pytest.mark.parametrize(
    "text",
    [
        "Officers note the location of the subject before approaching.",
        "Shoulder dislocation: splint and transport.",
        "Recruits learn to describe a site of injury.",
        "Location of the subject's hands is the first question.",
    ],
)
def test_prose_about_a_location_gives_no_session_location(text: str) -> None:
    assert read_location(segment("p1", text, row=False)) is None


ROSTER = [
    "Course No.: RB-3; Date: 02/02/2020; Officer: Pell, A.; Result: Completed",
    "Course No.: RB-3; Date: 02/02/2020; Officer: Quist, M.; Result: Completed",
    "Course No.: RB-3; Date: 02/02/2020; Officer: Roe, J.; Result: Absent",
    "Course No.: RB-3; Date: 09/09/2020; Officer: Pell, A.; Result: Completed",
]


def test_the_rows_that_record_attending_are_counted_per_session() -> None:
    rows = [segment(f"p1r{i}", text) for i, text in enumerate(ROSTER, start=1)]
    (course,) = build_courses(rows, [], INCIDENT).courses
    counts = {s.start: s.attendees for s in course.sessions}
    assert counts == {date(2020, 2, 2): 2, date(2020, 9, 9): 1}


def test_a_sign_in_sheet_without_row_dates_counts_for_its_one_session() -> None:
    header = segment(
        "p1", "SIGN-IN SHEET RB-3\nSession date: 03/10/2020\nLocation: Range B", row=False
    )
    rows = [
        segment("p2r1", "Course No.: RB-3; Name: Ames, K.; Badge: 101"),
        segment("p2r2", "Course No.: RB-3; Name: Birch, L.; Badge: 102"),
        segment("p2r3", "Course No.: RB-3; Name: Cole, P.; Badge: 103"),
    ]
    (course,) = build_courses([header, *rows], [], INCIDENT).courses
    (session,) = course.sessions
    assert (session.start, session.location, session.attendees) == (
        date(2020, 3, 10),
        "Range B",
        3,
    )


def test_one_officer_in_a_roster_and_a_transcript_is_one_attendee() -> None:
    roster = segment("p1r1", "Course No.: RB-3; Date: 02/02/2020; Officer: Pell, A.")
    transcript = segment("p2r1", "Code: RB-3; Completed: 02/02/2020; Officer: Pell, A.", doc=2)
    (course,) = build_courses([roster, transcript], [], INCIDENT).courses
    assert [s.attendees for s in course.sessions] == [1]


# Roster, sign-in and transcript rows that record someone attending.
ATTENDING = [
    "Course No.: RB-3; Date: 02/02/2020; Officer: Pell, A.",
    "Name: Quist, M.; Badge: 2211; Signature: M Quist",
    "Employee: 40412; Course: RB-3; Completed: 02/02/2020",
    "Code: RB-3; Attendee: Dep. Lyle Fenn; Time in: 0800",
    "Badge #: 118; Class: RB-3; Outcome: Pass",
    "Trainee: Cadet O. Varga; Score: 92",
    "Student Name: R. Imes; Course: RB-3",
    "Course: RB-3; Date: 02/02/2020; Result: Completed",
    "Participant: Sgt. Noor; Status: Attended",
    "0fficer: Tam, B.; Course No.: RB-3",
]


@pytest.mark.parametrize("text", ATTENDING)
def test_a_roster_row_that_records_attending_is_an_attendee(text: str) -> None:
    assert attendee(segment("p1r1", text)) is not None


# Rows that are no attendance: a schedule, a catalog, an absence of every kind.
NOT_ATTENDING = [
    ("Code: RB-3; Session: 1; Date: 02/02/2020; Location: Range B", "training_log"),
    ("Code: RB-3; Course: Baton Refresher; Hours: 2; Held: 02/02/2020", "training_catalog"),
    ("Course No.: RB-3; Date: 02/02/2020; Officer: Roe, J.; Status: No-show", "training_log"),
    ("Course No.: RB-3; Date: 02/02/2020; Officer: Roe, J.; Result: Excused", "training_log"),
    ("Officer: Roe, J.; Course: RB-3; Status: ABSENT", "training_log"),
    ("Name: Roe, J.; Course: RB-3; Note: did not attend", "training_log"),
    ("Course: RB-3; Officer: Roe, J.; Result: DNA", "training_log"),
    ("Course: RB-3; Instructor: Sgt. Pell; Hours: 2", "training_log"),
    ("Course: RB-3; Date: 02/02/2020; Hours: 2", "training_log"),
    ("Officer: Roe, J.; Course: RB-3", "lesson_plan"),
]


@pytest.mark.parametrize(("text", "doc_type"), NOT_ATTENDING)
def test_a_schedule_catalog_or_absence_row_is_no_attendee(text: str, doc_type: str) -> None:
    assert attendee(segment("p1r1", text, doc_type=doc_type)) is None


def test_courses_json_shows_objectives_practice_location_and_attendees() -> None:
    rows = [segment(f"p1r{i}", text) for i, text in enumerate(ROSTER[:2], start=1)]
    where = segment("p2r1", "Course No.: RB-3; Date: 02/02/2020; Location: Range B", doc=2)
    (course,) = build_courses([*rows, where], [], INCIDENT).courses
    report = CoverageReport(INCIDENT, (), 1, 0, "model", courses=(course,))
    (shown,) = courses_json(report)["courses"]
    old_fields = {"key", "codes", "title", "status", "topics", "hours", "first_delivered"}
    old_fields |= {"last_delivered_before", "evaluation_only", "excludes", "sessions", "cites"}
    assert old_fields | {"documents", "objectives", "practice"} <= set(shown)
    assert (shown["objectives"], shown["practice"]) == (False, False)
    (session,) = shown["sessions"]
    assert {"start", "end", "status", "quote", "cite"} <= set(session)
    assert (session["location"], session["attendees"]) == ("Range B", 2)
