"""Objectives and practice on each course, and the covered rule they complete: a course that
teaches the topic runs about an hour or more, or, under an hour, states objectives and
includes practice (coverage/course_depth.py).

Every phrasing here is the team's own, in several registers: lesson-plan headers, catalog
cells, memo prose, OCR-damaged scans.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from monell.coverage.course_depth import OBJECTIVES, PRACTICE, states
from monell.coverage.courses import apply_courses, build_courses
from monell.coverage.taxonomy import Topic
from monell.coverage.verdicts import assess_topic
from monell.records.coverage import Depth, Segment, TopicHit, Verdict

INCIDENT = date(2021, 6, 1)

STATES_OBJECTIVES = [
    "Performance Objectives: the officer will identify signs of positional asphyxia.",
    "LEARNING OBJECTIVES\n1. Recognise a breathing emergency.",
    "Upon completion of this lesson, the deputy will place a prone subject on his side.",
    "Students will be able to describe the recovery position.",
    "At the end of this block, trainees will explain why prone time is kept short.",
    "Terminal objective - recruits roll the subject into the recovery position.",
    "0bjectives: state the risks of weight on the back",
    "Course Goals and Objectives are listed on page 2.",
    "Objective 1: monitor breathing after handcuffing.",
    "Obiectives: (a) recognise distress (b) summon EMS",
    "Enabling objectives follow each heading of this outline.",
    "OBJ 2: describe the signs of a breathing emergency",
]

NO_OBJECTIVES = [
    "Force is judged by an objective standard of reasonableness.",
    "Was the officer's conduct objectively reasonable?",
    "No objectives are stated for this roll-call item.",
    "Objectives: none",
    "Objectives: N/A",
    "The video has no written objectives.",
    "Lesson objectives were not provided by the vendor.",
    "The objective of the unit is public safety.",
    "Officers must be able to see the subject's hands.",
    "This briefing covers the new form.",
]

INCLUDES_PRACTICE = [
    "Practical exercise: each recruit rolls a partner into the recovery position.",
    "Scenario-based training in the mat room, 20 minutes.",
    "Hands-on: handcuffing from the prone position, in pairs.",
    "Students will practice the two-officer roll.",
    "Role play: a family member reports a man who cannot breathe.",
    "Skills stations rotate every ten minutes.",
    "Reality-based training with padded instructors",
    "Drills: prone to seated, prone to recovery position.",
    "PRACTICAL: recovery position check-off",
    "Force-on-force scenarios close the session.",
    "Hands-0n practice of breathing checks",
    "Each deputy then demonstrates the roll for the instructor.",
]

NO_PRACTICE = [
    "There are no practical exercises in this block.",
    "Lecture only - no hands-on component.",
    "Officers shall render aid as soon as practical.",
    "This is not scenario-based training.",
    "Delivered without role play or drills.",
    "The department follows best practice in restraint.",
    "Practical exercises were omitted for time.",
    "A slide deck and a short quiz.",
    "Officers watched the video at roll call.",
    "Hands-on: N/A",
]


@pytest.mark.parametrize("text", STATES_OBJECTIVES)
def test_a_course_text_that_states_objectives(text: str) -> None:
    assert states(OBJECTIVES, text)


@pytest.mark.parametrize("text", NO_OBJECTIVES)
def test_a_text_with_no_objectives_of_its_own(text: str) -> None:
    assert not states(OBJECTIVES, text)


@pytest.mark.parametrize("text", INCLUDES_PRACTICE)
def test_a_course_text_that_includes_practice(text: str) -> None:
    assert states(PRACTICE, text)


@pytest.mark.parametrize("text", NO_PRACTICE)
def test_a_text_with_no_practice(text: str) -> None:
    assert not states(PRACTICE, text)


PLAN_TITLE = "LESSON PLAN PR-05\nCourse Title: Prone Restraint and Recovery (30 minutes)"
OBJECTIVES_TEXT = "Objectives: the officer will roll a prone subject into the recovery position."
PRACTICE_TEXT = "Practical exercise: recruits roll a partner into the recovery position."


def plan_segment(key: str, text: str, hours: float | None = None, doc_type: str = "") -> Segment:
    return Segment(
        key=key,
        passage_id=sum(map(ord, key)),
        document_id=5,
        file="lesson_plan_pr05.pdf",
        production="VOL001",
        page=1,
        bates="ABC000005",
        doc_type=doc_type or "lesson_plan",
        heading=None,
        text=text,
        quote=text,
        is_row=False,
        date=date(2020, 2, 1),
        date_source="document",
        hours=hours,
        course=None,
        stored_vector=False,
        title=PLAN_TITLE,
    )


def short_mention(segment: Segment) -> TopicHit:
    """What detection gives a passage of a course under an hour: an awareness-level mention."""
    return TopicHit(
        topic="prone_restraint_positional_asphyxia",
        segment=segment,
        relevance=0.9,
        teach=0.5,
        depth=Depth.MENTIONS,
        patterns=("prone",),
        similarity=0.8,
        cues=("awareness-level item",),
    )


TITLES = {"code:PR-05": {"prone_restraint_positional_asphyxia"}}


def applied(*texts: str) -> TopicHit:
    header = plan_segment("p1", "Prone restraint (30 minutes). " + texts[0], hours=0.5)
    rest = [plan_segment(f"p{i}", t) for i, t in enumerate(texts[1:], start=2)]
    hits = [short_mention(header)]
    index = build_courses([header, *rest], hits, INCIDENT)
    return apply_courses(hits, index, INCIDENT, TITLES)[0]


def test_a_course_under_an_hour_with_objectives_and_practice_teaches_its_topic() -> None:
    result = applied(OBJECTIVES_TEXT, PRACTICE_TEXT)
    assert result.depth is Depth.TEACHES and result.teach == 0.9
    assert any("objectives and includes practice" in c for c in result.cues)


@pytest.mark.parametrize(
    "texts",
    [
        (OBJECTIVES_TEXT, "Recruits read the policy."),  # objectives, no practice
        ("Recruits read the policy.", PRACTICE_TEXT),  # practice, no objectives
        (OBJECTIVES_TEXT, "There are no practical exercises in this block."),
        ("Roll-call video on prone restraint. " + OBJECTIVES_TEXT, PRACTICE_TEXT),
        (OBJECTIVES_TEXT, PRACTICE_TEXT, "This course was cancelled and never held."),
    ],
)
def test_a_course_under_an_hour_without_both_stays_a_mention(texts: tuple[str, ...]) -> None:
    assert applied(*texts).depth is not Depth.TEACHES


def test_the_course_record_says_whether_it_has_objectives_and_practice() -> None:
    segments = [
        plan_segment("p1", OBJECTIVES_TEXT, hours=0.5),
        plan_segment("p2", PRACTICE_TEXT),
    ]
    (course,) = build_courses(segments, [], INCIDENT).courses
    assert (course.objectives, course.practice) == (True, True)
    assert course.title == "Prone Restraint and Recovery"
    (bare,) = build_courses(segments[:1], [], INCIDENT).courses
    assert (bare.objectives, bare.practice) == (True, False)


TOPIC = Topic(
    id="prone_restraint_positional_asphyxia",
    name="Prone Restraint",
    elements=(1,),
    single_incident=False,
    description="Face-down restraint and breathing.",
    coverage_exemplars=("recovery position after prone restraint",),
    injury_exemplars=("he could not breathe",),
    lexical_patterns=("prone",),
    authorities=(),
    source="test",
)


def test_the_verdict_counts_a_short_course_with_objectives_and_practice_as_covered() -> None:
    thresholds = {"relevance": 0.5, "teach": 0.35}
    taught = applied(OBJECTIVES_TEXT, PRACTICE_TEXT)
    verdict = assess_topic(TOPIC, [taught], INCIDENT, thresholds, [], "model")
    assert verdict.verdict is Verdict.COVERED
    lecture = applied(OBJECTIVES_TEXT, "Recruits read the policy.")
    assert assess_topic(TOPIC, [lecture], INCIDENT, thresholds, [], "model").verdict is (
        Verdict.THIN
    )
    assert replace(lecture, depth=Depth.TEACHES) != lecture  # the one difference is the depth
