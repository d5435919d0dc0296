"""Courses read once from all their text: status, sessions, exclusions, and what they do to
the coverage hits (coverage/courses.py, coverage/scope.py).

Every phrasing here is the team's own, written for the class of failure, in several registers:
catalog cells, memo prose, lesson-plan scope notes, OCR-damaged text.
"""

from __future__ import annotations

from datetime import date

import pytest

from monell.coverage.courses import apply_courses, build_courses, read_sessions
from monell.coverage.scope import find_exclusions
from monell.records.coverage import CourseStatus, Depth, Segment, TopicHit

INCIDENT = date(2021, 6, 1)


def segment(
    key: str,
    text: str,
    *,
    doc: int = 1,
    file: str = "catalog.pdf",
    doc_type: str = "training_catalog",
    row: bool = False,
    heading: str | None = None,
    day: date | None = None,
    title: str = "",
) -> Segment:
    return Segment(
        key=key,
        passage_id=sum(map(ord, key)),
        document_id=doc,
        file=file,
        production="VOL001",
        page=1,
        bates="ABC000001",
        doc_type=doc_type,
        heading=heading,
        text=text,
        quote=text,
        is_row=row,
        date=day,
        date_source="document" if day else None,
        hours=None,
        course=None,
        stored_vector=False,
        title=title,
    )


def hit(seg: Segment, topic: str = "k9_deployment", patterns: tuple[str, ...] = ()) -> TopicHit:
    return TopicHit(
        topic=topic,
        segment=seg,
        relevance=0.9,
        teach=0.9,
        depth=Depth.TEACHES,
        patterns=patterns,
        similarity=0.8,
        cues=(),
    )


def courses_for(segments: list[Segment], hits: list[TopicHit], parse: object = None):  # type: ignore[no-untyped-def]
    return build_courses(segments, hits, INCIDENT, parse)  # type: ignore[arg-type]


def applied(segments: list[Segment], hits: list[TopicHit], parse: object = None) -> list[TopicHit]:
    return apply_courses(hits, courses_for(segments, hits, parse), INCIDENT)


# Class 2: a status word in a row, cell or note means the course was never delivered.
NEVER_DELIVERED_ROWS = [
    ("Planned for the FY2022 budget; no instructor yet", CourseStatus.PLANNED),
    ("CANCELLED - low enrollment", CourseStatus.CANCELLED),
    ("Postponed until further notice (range closed)", CourseStatus.POSTPONED),
    ("Not held: instructor position vacant", CourseStatus.NOT_HELD),
    ("Pending funding approval by the county board", CourseStatus.PLANNED),
    ("Proposed for next training cycle", CourseStatus.PLANNED),
    ("Suspended pending curriculum review", CourseStatus.SUSPENDED),
    ("To be developed with the K-9 vendor", CourseStatus.PLANNED),
    ("Canceled 03/2020 (pandemic)", CourseStatus.CANCELLED),
    ("Never delivered", CourseStatus.NOT_HELD),
]


@pytest.mark.parametrize(("status_cell", "status"), NEVER_DELIVERED_ROWS)
def test_a_catalog_row_whose_status_says_not_delivered_teaches_nothing(
    status_cell: str, status: CourseStatus
) -> None:
    row = segment(
        "p1r1",
        f"Code: KX-30; Course: Canine Deployment; Hours: 8.0; Status: {status_cell}",
        row=True,
    )
    courses = courses_for([row], [hit(row)])
    assert courses.courses[0].status is status
    assert applied([row], [hit(row)])[0].depth is Depth.PLANNED


@pytest.mark.parametrize(
    "memo",
    [
        "The canine course KX-30 was postponed twice and has not been rescheduled.",
        "Funding for KX-30 was not approved; the class will be offered once the budget allows.",
        "KX-30 remains in development. No sessions were held.",
        "Per the training lieutenant, KX-30 was called off after the instructor retired.",
        "kx-30 status: CANCELLED (see memo)",
        "KX-30 did not take place this cycle; the range was closed.",
        "Budget request for KX-30 pending funding (FY24).",
        "Per the captain, KX-30 is on hold until a new instructor is certified.",
        "KX-30: never delivered. The vendor withdrew.",
        "KX-30 remains tentative; no date has been set.",
    ],
)
def test_a_memo_about_a_course_code_marks_every_copy_of_that_course(memo: str) -> None:
    row = segment("p1r1", "Code: KX-30; Course: Canine Deployment; Hours: 8.0", row=True)
    note = segment(
        "p2",
        f"KX-30 - Canine Deployment\n{memo}",
        doc=2,
        file="memo.pdf",
        doc_type="training_curriculum",
    )
    hits = [hit(row), hit(note)]
    result = applied([row, note], hits)
    assert {h.depth for h in result} == {Depth.PLANNED}


# Class 4: a session date in a row, a held column or a sign-in header dates that training.
@pytest.mark.parametrize(
    "text",
    [
        "SIGN-IN SHEET\nClass date: 09/14/2021\nInstructor: Sgt. R. Ames",
        "Attendance roster\nSession date: September 14, 2021",
        "Date held: 9/14/2021 - 9/15/2021",
        "Training date: 09-14-2021. Location: range classroom.",
        "Roll call\nDate: 09/14/2021",
        "CLASS ROSTER - In-service\nDate(s): 09/14/2021",
        "Course held on 9/14/2021 at the county range.",
        "Event date: Sept. 14, 2021\nSign your name and badge number below.",
        "Seminar date: 14 September 2021",
        "Dates of session: 09/14/2021-09/15/2021",
    ],
)
def test_a_sign_in_sheet_held_after_the_incident_is_post_incident_in_an_undated_document(
    text: str,
) -> None:
    sheet = segment("p1", text, doc_type="training_log")
    result = applied([sheet], [hit(sheet)])
    assert result[0].segment.date == date(2021, 9, 15) or result[0].segment.date == date(
        2021, 9, 14
    )
    assert result[0].segment.date > INCIDENT


@pytest.mark.parametrize(
    "held",
    [
        "10/26/2021",
        "Held 10/26/2021",
        "Delivered 11/02/2021",
        "Completed 12/2021",
        "2021-10-26",
        "Taught 26 October 2021",
        "Ran Nov. 4-5, 2021",
        "10/12/2021 - 10/26/2021",
        "Oct. 26, 2021",
        "first held 10/2021",
    ],
)
def test_a_catalog_row_held_only_after_the_incident_dates_every_copy_of_the_course(
    held: str,
) -> None:
    row = segment(
        "p1r1", f"Code: KX-31; Course: Apprehension Refresher; Hours: 8.0; Held: {held}", row=True
    )
    description = segment(
        "p2",
        "KX-31 - Apprehension Refresher (8 hours)\nBite and hold; call-off.",
        day=date(2019, 1, 1),
    )
    result = applied([row, description], [hit(row), hit(description)])
    assert all(h.segment.date is not None and h.segment.date > INCIDENT for h in result)


def test_a_session_before_the_incident_counts_even_in_a_later_catalog() -> None:
    row = segment(
        "p1r1",
        "Code: KX-32; Course: Handler Course; Hours: 16; Held: 03/02/2020",
        row=True,
        day=date(2022, 1, 1),
    )
    description = segment(
        "p2", "KX-32 - Handler Course\nDeployment criteria.", day=date(2022, 1, 1)
    )
    result = applied([row, description], [hit(row), hit(description)])
    assert [h.segment.date for h in result] == [date(2020, 3, 2), date(2020, 3, 2)]


# Class 3: a table-of-contents block whose body is reserved is a mention at most.
@pytest.mark.parametrize(
    "body",
    [
        "[Reserved.]",
        "RESERVED - lesson plan not written",
        "This block is reserved; content to follow in the next revision.",
        "Placeholder. TBD.",
        "(Intentionally left blank.)",
        "[RESERVED]",
        "Reserved. To be developed with Part 4.",
        "Content pending; TBA.",
        "Lesson plan not yet written.",
        "This module is a placeholder for the next revision.",
    ],
)
def test_a_reserved_block_listed_with_hours_in_the_contents_is_thin_at_most(body: str) -> None:
    contents = segment(
        "p1r1",
        "Block: 7; Title: Canine Apprehension; Hours: 16",
        row=True,
        doc_type="training_curriculum",
    )
    section = segment(
        "p2", body, heading="BLOCK 7 - CANINE APPREHENSION", doc_type="training_curriculum"
    )
    result = applied([contents, section], [hit(contents), hit(section)])
    assert {h.depth for h in result} <= {Depth.MENTIONS, Depth.PLANNED}


@pytest.mark.parametrize(
    "sentence",
    [
        "Interrogation is reserved for the Investigative Academy.",
        "Seats are reserved to detectives; patrol officers may audit.",
        "Range time is reserved by the firearms unit two weeks ahead.",
    ],
)
def test_reserved_for_someone_is_no_reserved_block(sentence: str) -> None:
    text = f"Block 3 - Legal\nProbable cause and arrest, 8 hours, with scenarios. {sentence}"
    section = segment("p2", text, doc_type="training_curriculum")
    assert applied([section], [hit(section)])[0].depth is Depth.TEACHES


def test_one_course_in_a_catalog_a_lesson_plan_and_a_roster_is_one_record_with_three_cites() -> (
    None
):
    row = segment(
        "p1r1",
        "Code: KX-40; Course: Canine Deployment; Hours: 8; Held: 02/03/2020",
        row=True,
        file="catalog.pdf",
    )
    plan = segment(
        "p2",
        "Objectives: deploy the dog only after an announcement.",
        doc=2,
        file="lesson_kx40.pdf",
        doc_type="lesson_plan",
        title="LESSON PLAN KX-40",
    )
    roster = segment(
        "p3r1",
        "Date: 02/03/2020; Course No.: KX-40; Officer: Ames; Outcome: Attended",
        doc=3,
        file="roster.pdf",
        doc_type="training_log",
        row=True,
    )
    courses = courses_for([row, plan, roster], [hit(row), hit(plan), hit(roster)])
    kx40 = [c for c in courses.courses if "KX-40" in c.codes]
    assert len(kx40) == 1
    assert len(kx40[0].cites) == 3 and len(kx40[0].documents) == 3
    assert kx40[0].status is CourseStatus.DELIVERED


# Class 1: a document or course that says it does not teach a topic does not teach it.
EXCLUSIONS = [
    "Scope: the lesson ends at handcuffing; it does not address prone positioning.",
    "Prone positioning is not taught in this block.",
    "There is no instruction on prone positioning in this course.",
    "Recruits never practice prone positioning here; see the custody unit's course.",
    "Prone positioning is the Custody Division's responsibility and is covered in its own course.",
    "This module is not prone positioning training.",
    "Prone positioning was not covered in this course.",
    "This lesson does not teach prone positioning or the recovery position.",
    "No training on prone positioning is given here; it belongs to the custody unit.",
    "The session did not include prone positioning.",
]


@pytest.mark.model
@pytest.mark.parametrize("sentence", EXCLUSIONS)
def test_a_scope_note_excludes_the_topic_it_names(sentence: str) -> None:
    from monell.resources import load_spacy_parser

    found = find_exclusions(sentence, {"prone": ["prone positioning"]}, load_spacy_parser())
    assert "prone" in found


@pytest.mark.model
@pytest.mark.parametrize(
    "rule",
    [
        "Officers shall not use prone positioning after the subject stops resisting.",
        "Do not leave a handcuffed person in prone positioning.",
        "The instructor demonstrates prone positioning and does not skip the recovery position.",
    ],
)
def test_a_rule_or_a_taught_sentence_is_no_exclusion(rule: str) -> None:
    from monell.resources import load_spacy_parser

    assert find_exclusions(rule, {"prone": ["prone positioning"]}, load_spacy_parser()) == {}


def test_a_document_level_exclusion_overrides_a_passing_mention_in_the_same_document() -> None:
    scope = segment(
        "p1", "Scope note. K-9 deployment is the K-9 Unit's responsibility.", doc_type="lesson_plan"
    )
    mention = segment(
        "p2", "Call for a K-9 team when a suspect flees on foot.", doc_type="lesson_plan"
    )
    hits = [hit(scope, patterns=("k-9",)), hit(mention, patterns=("k-9",))]
    assert {h.depth for h in applied([scope, mention], hits)} == {Depth.NEGATED}


def test_a_delivered_course_without_dates_keeps_its_document_date() -> None:
    row = segment(
        "p1r1", "Code: KX-50; Course: Handcuffing; Hours: 4", row=True, day=date(2019, 5, 1)
    )
    assert applied([row], [hit(row)])[0].segment.date == date(2019, 5, 1)


def test_sessions_are_read_clause_by_clause() -> None:
    text = (
        "KX-60 - Restraints\nKX-60 was cancelled on 05/12/2020 and first delivered on 11/03/2021."
    )
    statuses = {(s.status, s.start) for s in read_sessions(segment("p1", text))}
    assert (CourseStatus.CANCELLED, date(2020, 5, 12)) in statuses
    assert (CourseStatus.DELIVERED, date(2021, 11, 3)) in statuses


def test_a_row_that_is_only_an_attendance_entry_is_a_delivered_session() -> None:
    row = segment(
        "p1r1",
        "Date: 04/02/2019; Course: Canine Awareness; Outcome: No show",
        doc_type="training_log",
        row=True,
    )
    sessions = read_sessions(row)
    assert [s.status for s in sessions] == [CourseStatus.DELIVERED]


def test_a_policy_passage_is_not_dated_by_a_session_it_mentions() -> None:
    rule = segment(
        "p1",
        "Officers shall complete the course held on 09/14/2021 and every year after.",
        doc_type="policy",
        day=date(2019, 1, 1),
    )
    assert applied([rule], [hit(rule)])[0].segment.date == date(2019, 1, 1)
