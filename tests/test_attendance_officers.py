"""Issue 20: one officer across documents, and each officer's training on a topic as of the
incident date.

Rows are built here as the reader gives them. The answers follow the rule in
attendance/training.py: attended before the incident a session of a course that teaches the
topic → yes; records but no such session → no (with what was missed, and what came after);
no record at all → "no record for this officer", never a no.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from monell.attendance.matching import MatchCorrection, match_officers
from monell.attendance.people import parse_name, same_person
from monell.attendance.run import _defendants
from monell.attendance.training import course_topics, officer_training
from monell.records.attendance import AttendanceRow
from monell.records.attendance import AttendanceStatus as S
from monell.records.coverage import Course, CourseStatus

INCIDENT = date(2021, 6, 1)
ROW = AttendanceRow(
    name="Ofc. Lena Okafor",
    badge="241",
    badge_kind="badge",
    course="First Aid and CPR",
    codes=("FA-20",),
    start=date(2020, 5, 20),
    end=date(2020, 5, 20),
    status=S.ATTENDED,
    status_text="Pass",
    hours=4.0,
    layout="roster",
    document_id=1,
    file="roster.pdf",
    page=1,
    bates="ABC000001",
    quote="1 | Ofc. Lena Okafor | 241 | Pass",
)


def row(**changes: object) -> AttendanceRow:
    return replace(ROW, **changes)  # type: ignore[arg-type]


def test_one_officer_is_matched_across_a_roster_a_transcript_and_a_complaint() -> None:
    rows = [
        row(),  # the roster: rank prefix, badge
        row(name="OKAFR, LENA", badge="18-1127", badge_kind="id", layout="transcript"),  # typo
        row(name="L. Okafor", badge=None, codes=("DE-21",), course="De-escalation"),
        row(name="Ofc. Brandon Voss", badge="217"),
    ]
    officers, unmatched = match_officers(rows)
    assert unmatched == []
    okafor = next(i for i, r in officers if "Okafor" in i.name)
    assert len(next(r for i, r in officers if i is okafor)) == 3
    assert okafor.badges == ("241", "18-1127")  # a badge and a state id: both kept
    assert "OKAFR, LENA" in okafor.names and okafor.how  # the match is shown
    # the complaint's accused officer, "Officer L. Okafor", finds the same officer
    marked = _defendants(officers, ["Officer L. Okafor"])
    assert [i.name for i, _ in marked if i.defendant] == [okafor.name]


def test_rank_prefixes_initials_and_surname_first_agree() -> None:
    for printed in ("Sgt. Howard Ng", "NG, HOWARD", "H. Ng", "Det. Sgt. Howard Ng", "Ng, H."):
        name = parse_name(printed)
        assert name is not None and same_person(name, parse_name("Howard Ng")), printed  # type: ignore[arg-type]
    assert not same_person(parse_name("Brandon Voss"), parse_name("Brenda Vass"))  # type: ignore[arg-type]
    assert not same_person(parse_name("Lena Okafor"), parse_name("Lisa Okafor"))  # type: ignore[arg-type]


def test_one_name_under_two_badges_is_a_conflict_never_merged() -> None:
    officers, _ = match_officers([row(), row(badge="299", start=date(2020, 9, 1))])
    assert len(officers) == 2
    assert all("two officers, or one mistyped" in " ".join(i.conflicts) for i, _ in officers)


def test_a_reviewer_s_correction_joins_or_parts_officers_for_good() -> None:
    rows = [row(), row(badge="299", name="Ofc. Lena Okafor-Reyes")]
    apart, _ = match_officers(rows)
    assert len(apart) == 2
    joined, _ = match_officers(
        rows, [MatchCorrection("Ofc. Lena Okafor-Reyes", "Ofc. Lena Okafor", same=True)]
    )
    assert len(joined) == 1 and "set by a reviewer" in " ".join(joined[0][0].how)
    together = [row(), row(badge=None, name="L. Okafor")]
    assert len(match_officers(together)[0]) == 1
    parted, _ = match_officers(
        together, [MatchCorrection("Ofc. Lena Okafor", "L. Okafor", same=False)]
    )
    assert len(parted) == 2


def test_a_row_without_a_readable_name_or_badge_is_unmatched() -> None:
    officers, unmatched = match_officers([row(), row(name="", badge=None)])
    assert len(officers) == 1 and len(unmatched) == 1


def named(titles: list[str]) -> list[set[str]]:
    """Stands for the topic detector's title reading."""
    words = {"first aid": "medical_aid_detainees", "de-escalation": "de_escalation"}
    return [{topic for word, topic in words.items() if word in title.lower()} for title in titles]


def answer(rows: list[AttendanceRow], topic: str, courses: tuple[Course, ...] = ()):  # type: ignore[no-untyped-def]
    officers, _ = match_officers(rows)
    identity, own = officers[0]
    topics = course_topics(rows, courses, named)
    training = officer_training(identity, own, topics, INCIDENT, [topic])
    return next(t for t in training.topics if t.topic == topic)


def test_attending_a_teaching_session_before_the_incident_is_trained() -> None:
    result = answer([row()], "medical_aid_detainees")
    assert result.trained_before_incident is True
    assert result.sessions[0].cite == "roster.pdf p.1 ABC000001"


def test_a_session_made_up_after_the_incident_does_not_count() -> None:
    rows = [
        row(status=S.NO_SHOW, status_text="No show", start=date(2021, 3, 2)),
        row(status=S.MADE_UP, start=date(2021, 3, 2), made_up_on=date(2021, 8, 9)),
        row(status=S.ATTENDED, start=date(2021, 9, 14)),
    ]
    result = answer(rows, "medical_aid_detainees")
    assert result.trained_before_incident is False
    assert [s.status for s in result.missed_before_incident] == [S.NO_SHOW]
    assert [s.start for s in result.after_incident] == [date(2021, 8, 9), date(2021, 9, 14)]
    assert "offered and missed" in result.reason


def test_a_defendant_with_no_records_has_no_record_not_a_no() -> None:
    officers, _ = match_officers([row()])
    marked = _defendants(officers, ["Dep. Carl Ibsen"])
    identity, rows = next((i, r) for i, r in marked if i.defendant)
    training = officer_training(identity, rows, {}, INCIDENT, ["medical_aid_detainees"])
    assert training.topics[0].trained_before_incident is None
    assert training.topics[0].reason == "no record for this officer"


def test_an_officer_with_records_but_none_on_the_topic_is_not_trained() -> None:
    result = answer([row()], "de_escalation")
    assert result.trained_before_incident is False and result.sessions == ()


def test_a_course_that_only_mentions_the_topic_is_shown_but_not_counted() -> None:
    course = Course(
        key="code:CEW-7",
        codes=("CEW-7",),
        title="Conducted energy weapon recertification",
        sessions=(),
        status=CourseStatus.DELIVERED,
        exclusions={},
        hours=4.0,
        cites=(),
        documents=(),
        segment_keys=(),
        topics={
            "conducted_energy_weapons": "teaches",
            "severe_agitation_excited_delirium": "mentions",
        },
    )
    rows = [row(course="CEW recertification", codes=("CEW-7",))]
    result = answer(rows, "severe_agitation_excited_delirium", (course,))
    assert result.trained_before_incident is False
    assert [s.depth for s in result.touched] == ["mentions"]


def test_a_course_that_says_it_does_not_teach_the_topic_is_not_training_in_it() -> None:
    course = Course(
        key="code:DT-21",
        codes=("DT-21",),
        title="Ground control and handcuffing",
        sessions=(),
        status=CourseStatus.DELIVERED,
        exclusions={
            "prone_restraint_positional_asphyxia": "Positioning after cuffing is not taught."
        },
        hours=4.0,
        cites=(),
        documents=(),
        segment_keys=(),
        topics={"handcuffing_restraints": "teaches"},
    )
    rows = [row(course="Ground control", codes=("DT-21",))]
    assert (
        answer(rows, "prone_restraint_positional_asphyxia", (course,)).trained_before_incident
        is False
    )
    assert answer(rows, "handcuffing_restraints", (course,)).trained_before_incident is True
