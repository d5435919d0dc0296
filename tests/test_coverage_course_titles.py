"""A course named only by its title joins the coded course of that title, across documents
(coverage/course_titles.py, at the merge in coverage/courses.py); a generic title, a
different level of a course, or two coded courses never join.

Every title here is the team's own, in the registers a production uses: transcript cells
with abbreviations, catalog cells with an acronym and hours, OCR-damaged scans, memo prose.
"""

from __future__ import annotations

from datetime import date

import pytest

from monell.coverage.course_titles import same_course, title_words
from monell.coverage.courses import build_courses
from monell.records.coverage import Course, Segment

INCIDENT = date(2021, 6, 1)
CODED = "Code: CIT-40; Course: Crisis Intervention Team (CIT) Training; Hours: 40"


def row(key: str, text: str, course: str, *, doc: int, doc_type: str = "training_log") -> Segment:
    return Segment(
        key=key,
        passage_id=sum(map(ord, key)),
        document_id=doc,
        file=f"doc{doc}.pdf",
        production="VOL001",
        page=doc,
        bates=f"ABC00000{doc}",
        doc_type=doc_type,
        heading=None,
        text=text,
        quote=text,
        is_row=True,
        date=None,
        date_source=None,
        hours=None,
        course=" ".join(course.lower().split()),
        stored_vector=False,
    )


def catalog_row(key: str, text: str) -> Segment:
    course = next(v for h, _, v in (c.partition(": ") for c in text.split("; ")) if h == "Course")
    return row(key, text, course, doc=1, doc_type="training_catalog")


def transcript_row(key: str, title: str, doc: int = 2) -> Segment:
    text = f"Course: {title}; Date: 03/04/2020; Officer: Vance, T.; Status: Completed"
    return row(key, text, title, doc=doc)


def courses_of(*segments: Segment) -> tuple[Course, ...]:
    return build_courses(list(segments), [], INCIDENT).courses


def holding(courses: tuple[Course, ...], key: str) -> list[Course]:
    return [c for c in courses if any(k == key for k in c.segment_keys)]


# The same course as a transcript, a roster or a scan names it.
SAME_COURSE_TITLES = [
    "CRISIS INTERVENTION TEAM TRAINING",
    "Crisis Intervention Team - 40 hrs",
    "CIT: Crisis Intervention Team Course",
    "Crisis Interventi0n Team Trng",
    "crisis intervention team (cit)",
    "Crisis-Intervention Team Training Class",
    "Team, Crisis Intervention",
    "Crisis Intervention Team trng (40.0 hr)",
    "Crisis Intervention Teams Training",
    "CIT Crisis Intervention Team Program",
    "Crisis lntervention Team Training",
    "2019 Crisis Intervention Team",
    "CIT (county program)",
    "C.I.T. course",
    "Crisis Intervention Team (40 h). Taught with the county mental health board.",
]


@pytest.mark.parametrize("title", SAME_COURSE_TITLES)
def test_a_row_naming_only_the_title_joins_the_coded_course(title: str) -> None:
    courses = courses_of(catalog_row("p1r1", CODED), transcript_row("p2r1", title))
    (course,) = holding(courses, "p2r1")
    assert course.codes == ("CIT-40",)
    assert set(course.segment_keys) == {"p1r1", "p2r1"}
    assert len(course.cites) == 2 and len(course.documents) == 2
    assert course.title == "crisis intervention team (cit) training"


def test_the_joined_rows_session_dates_the_coded_course() -> None:
    catalog = catalog_row("p1r1", CODED)
    courses = courses_of(catalog, transcript_row("p2r1", "Crisis Intervention Team Trng"))
    (course,) = holding(courses, "p1r1")
    assert course.last_delivered_before == date(2020, 3, 4)


def test_title_only_rows_of_two_documents_are_one_course() -> None:
    courses = courses_of(
        transcript_row("p2r1", "Verbal De-Escalation Trng", doc=2),
        transcript_row("p3r1", "VERBAL DE-ESCALATION TRAINING COURSE", doc=3),
    )
    assert len(courses) == 1 and len(courses[0].documents) == 2


# Titles that name no subject: they never join a coded course of the same words.
GENERIC_TITLES = [
    "In-Service Training",
    "Roll Call",
    "Annual In-Service 2020",
    "Roll Call Training",
    "Field Training",
    "Mandatory Update",
    "Academy Block",
    "Misc. Training",
    "Supervisor Meeting",
    "Department Update",
    "Patrol Briefing",
    "INSERVICE TRNG",
]


@pytest.mark.parametrize("title", GENERIC_TITLES)
def test_a_generic_title_joins_no_course(title: str) -> None:
    coded = catalog_row("p1r1", f"Code: GEN-01; Course: {title}; Hours: 8")
    courses = courses_of(coded, transcript_row("p2r1", title))
    (course,) = holding(courses, "p2r1")
    assert course.codes == () and course.segment_keys == ("p2r1",)


# Another course on a neighbouring subject, or another level of the same one.
DIFFERENT_COURSES = [
    ("Code: CIT-40; Course: Crisis Intervention Team (CIT) Training", "CIT Advanced"),
    ("Code: CIT-40; Course: Crisis Intervention Team Basic", "Crisis Intervention Team Advanced"),
    ("Code: CNT-2; Course: Crisis Negotiation Team", "Crisis Intervention Team"),
    ("Code: UF-10; Course: Use of Force", "Use of Force Instructor"),
    ("Code: DT-1; Course: Defensive Tactics I", "Defensive Tactics II"),
    ("Code: FA-07; Course: Firearms Qualification", "Firearms Instructor Qualification"),
    ("Code: EV-3; Course: Emergency Vehicle Operations", "Emergency Medical Response"),
    ("Code: DE-2; Course: De-escalation Refresher", "De-escalation"),
    ("Code: TX-7; Course: Taser", "Taser Instructor"),
    ("Code: ST-9; Course: Search and Seizure", "Search Warrant Service"),
    ("Code: JV-4; Course: Juvenile Law", "Adult Law"),
    ("Code: CIT-40; Course: Crisis Intervention Team", "CNT (county program)"),
    ("Code: CIT-40; Course: Crisis Intervention Team", "CIT Advanced"),
    ("Code: DV-3; Course: Domestic Violence", "DV"),
]


@pytest.mark.parametrize(("coded", "title"), DIFFERENT_COURSES)
def test_a_title_of_another_course_or_level_stays_apart(coded: str, title: str) -> None:
    courses = courses_of(catalog_row("p1r1", coded), transcript_row("p2r1", title))
    (course,) = holding(courses, "p2r1")
    assert course.codes == ()


def test_two_coded_courses_of_one_title_never_join_and_a_title_row_joins_neither() -> None:
    courses = courses_of(
        catalog_row("p1r1", "Code: FQ-21; Course: Firearms Qualification; Hours: 4"),
        catalog_row("p1r2", "Code: FQ-22; Course: Firearms Qualification; Hours: 4"),
        transcript_row("p2r1", "Firearms Qualification"),
    )
    assert sorted(c.codes for c in courses if c.codes) == [("FQ-21",), ("FQ-22",)]
    (course,) = holding(courses, "p2r1")
    assert course.codes == ()


# Subject words: the code, the length, an acronym of the other words and filler go.
@pytest.mark.parametrize(
    ("title", "words"),
    [
        ("CIT-40 Crisis Intervention Team (CIT) Training", ("crisis", "intervention", "team")),
        ("UOF - Use of Force (8 hrs)", ("use", "force")),
        ("Handcuff1ng and Restra1nt Course", ("handcuffing", "restraint")),
        ("K9-21R Canine Deployment Refresher", ("canine", "deployment", "refresher")),
    ],
)
def test_a_titles_subject_words(title: str, words: tuple[str, ...]) -> None:
    assert title_words(title) == words


def test_one_distinctive_word_matches_only_itself() -> None:
    assert same_course(title_words("Taser"), title_words("TX-7 TASER"))
    assert not same_course(title_words("Taser"), title_words("Taser Carbine"))
    assert not same_course(title_words("Law"), title_words("Law"))  # too short to tell


def lesson_plan(text: str, *, heading: str | None = None, title: str = "") -> Segment:
    return Segment(
        key="p9",
        passage_id=9,
        document_id=9,
        file="lesson_plan.pdf",
        production="VOL001",
        page=1,
        bates="ABC000009",
        doc_type="lesson_plan",
        heading=heading,
        text=text,
        quote=text,
        is_row=False,
        date=None,
        date_source=None,
        hours=None,
        course=None,
        stored_vector=False,
        title=title or text[:160],
    )


# A lesson plan's title block, as agencies print it: the course is named there.
TITLE_BLOCKS = [
    ("ORCHARD BEND POLICE DEPARTMENT\nLESSON PLAN WP-12\nLesson Title: Welfare Checks", None),
    ("LESSON PLAN\nCourse Number: WP-12\nCourse Title: Welfare Checks\nHours: 2", None),
    ("WP-12 Welfare Checks (2 hrs)\nInstructor: Cpl. Ruiz", None),
    ("Lesson Plan - Welfare Checks\nCourse No.: WP-12\nRevised: 01/02/2020", None),
    ("TRAINING DIVISION\nWP-12 - WELFARE CHECKS\nApproved by: Lt. Hale", None),
    ("Welfare Checks (WP-12)\nPrepared by: Sgt. Imes", None),
    ("LESS0N PLAN WP-12\nSubject: Welfare Checks\nPage 1 of 6", None),
    ("Course Name - Welfare Checks\nCode: WP-12", None),
    ("INSTRUCTOR'S GUIDE WP-12\nWelfare Checks", None),
    ("LESSON PLAN WP-12\nI. Introduction", "Welfare Checks"),
    ("Lesson plan: WP-12\nTitle: Welfare Checks\nDate: 03/03/2019", None),
    ("COUNTY SHERIFF'S OFFICE\nWP-12 | Welfare Checks | 2.0 h", None),
]


@pytest.mark.parametrize(("block", "heading"), TITLE_BLOCKS)
def test_a_lesson_plans_course_takes_its_title_from_the_title_block(
    block: str, heading: str | None
) -> None:
    (course,) = courses_of(lesson_plan(block, heading=heading))
    assert course.codes == ("WP-12",)
    assert course.title.lower().startswith("welfare checks")


@pytest.mark.parametrize(
    "block",
    [
        "LESSON PLAN WP-12\nInstructor: Cpl. Ruiz",
        "NORTH FORK POLICE DEPARTMENT\nLESSON PLAN WP-12\nIssued: 04/05/2019",
        "LESSON PLAN WP-12\nPrepared by: Sgt. Omar Diaz",
        "WP-12\nRevised 2020",
        "LESSON PLAN WP-12\nPage 1 of 9",
        "ELM CITY SHERIFF'S OFFICE - TRAINING BUREAU\nWP-12",
        "Lesson Plan No.: WP-12\nEffective: 01/01/2021",
        "LESSON PLAN WP-12\nApproved: Lt. Hale, Training Division",
        "WP-12 (2 hrs)\nDate: 05/05/2020",
        "LESSON PLAN\nWP-12\n#",
    ],
)
def test_a_title_block_with_no_title_leaves_the_title_empty(block: str) -> None:
    (course,) = courses_of(lesson_plan(block))
    assert course.title == ""


def uncoded_plan(block: str) -> Segment:
    plan = lesson_plan(block)
    return Segment(**{**plan.__dict__, "key": "p8", "document_id": 8, "file": "plan.pdf"})


# A lesson plan with no course code, as its title block names its course.
UNCODED_PLANS = [
    "LESSON PLAN\nCourse Title: Crisis Intervention Team Training",
    "Lesson Plan - Crisis Intervention Team\nInstructor: Ofc. Dunn",
    "INSTRUCTOR'S GUIDE\nCRISIS INTERVENTION TEAM (CIT)",
    "Subject: Crisis Intervention Team Trng.\nRevised: 2019",
    "LESS0N PLAN: Crisis lntervention Team",
]


@pytest.mark.parametrize("block", UNCODED_PLANS)
def test_a_lesson_plan_without_a_code_joins_the_course_its_title_names(block: str) -> None:
    courses = courses_of(catalog_row("p1r1", CODED), uncoded_plan(block))
    (course,) = courses
    assert course.codes == ("CIT-40",) and set(course.segment_keys) == {"p1r1", "p8"}


@pytest.mark.parametrize(
    "block",
    [
        "LESSON PLAN\nCourse Title: Crisis Negotiation",
        "LESSON PLAN\nCourse Title: In-Service Training",
        "LESSON PLAN\nCourse Title: Crisis Intervention Team Advanced",
    ],
)
def test_a_lesson_plan_without_a_code_or_a_matching_course_stays_outside_any(block: str) -> None:
    index = build_courses([catalog_row("p1r1", CODED), uncoded_plan(block)], [], INCIDENT)
    assert [c.codes for c in index.courses] == [("CIT-40",)]
    assert index.membership["p8"] == ()


# A title block that names the course's code and, further down, an older or related one.
TWO_CODE_BLOCKS = [
    "LESSON PLAN WP-12: WELFARE CHECKS\nLesson plan no. WP-12 (replaces WP-09)",
    "LESSON PLAN WP-12 - Welfare Checks\nSupersedes WP-07 (2017)",
    "Lesson Plan WP-12 Welfare Checks\nPrerequisite: PT-01",
    "LESSON PLAN WP-12\nCourse Title: Welfare Checks\nSee also FA-20",
    "LESS0N PLAN WP-12: Welfare Checks\nReplaces: WP-11",
]


@pytest.mark.parametrize("block", TWO_CODE_BLOCKS)
def test_the_lesson_plan_heading_code_is_its_course_when_the_block_names_another(
    block: str,
) -> None:
    (course,) = courses_of(lesson_plan(block))
    assert course.codes == ("WP-12",)
    assert course.title.lower().startswith("welfare checks")


def test_a_title_block_listing_two_courses_alike_belongs_to_neither() -> None:
    assert courses_of(lesson_plan("TRAINING BULLETIN\nCourses WP-12 and WP-13 revised")) == ()
