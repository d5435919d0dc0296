"""Verdict rules: covered / thin / absent as of a date, hours counted once per course,
policy judged apart, evidence cited, and a record of absence for every absent topic."""

from __future__ import annotations

from datetime import date

import pytest

from monell.coverage.taxonomy import Topic
from monell.coverage.verdicts import assess_topic
from monell.records.coverage import Depth, SearchedDocument, Segment, TopicHit, Verdict

AS_OF = date(2021, 6, 14)
THRESHOLDS = {"relevance": 0.5, "teach": 0.35}
TOPIC = Topic(
    id="neck_restraints_chokeholds",
    name="Neck Restraints",
    elements=(1, 3),
    single_incident=False,
    description="Carotid and air-choke holds.",
    coverage_exemplars=("lateral vascular neck restraint", "carotid control hold"),
    injury_exemplars=("he choked me",),
    lexical_patterns=("chokehold", "carotid"),
    authorities=(),
    source="test",
)
LESSON = SearchedDocument(
    "RPD_Lesson_Plan.pdf",
    "VOL001",
    "lesson_plan",
    "RIV0000001",
    "RIV0000009",
    9,
    date(2019, 2, 1),
    (4,),
)
LATER = SearchedDocument(
    "RPD_2022_Update.pdf",
    "VOL002",
    "lesson_plan",
    "RIV0000100",
    "RIV0000104",
    5,
    date(2022, 1, 5),
    (),
)


def segment(
    key: str,
    *,
    doc_type: str = "lesson_plan",
    day: date | None = date(2019, 2, 1),
    hours: float | None = None,
    row: bool = False,
    course: str | None = None,
    file: str = "RPD_Lesson_Plan.pdf",
) -> Segment:
    return Segment(
        key=key, passage_id=int(key[1:].split("r")[0]), document_id=1, file=file,
        production="VOL001", page=4, bates="RIV0000004", doc_type=doc_type, heading=None,
        text=f"text of {key}", quote=f"quote of {key}", is_row=row, date=day,
        date_source="document" if day else None, hours=hours, course=course, stored_vector=True,
    )  # fmt: skip


def hit(
    seg: Segment, depth: Depth = Depth.TEACHES, relevance: float = 0.9, teach: float = 0.8
) -> TopicHit:
    return TopicHit(TOPIC.id, seg, relevance, teach, depth, ("carotid",), 0.7, ())


def assess(*hits: TopicHit):
    return assess_topic(TOPIC, hits, AS_OF, THRESHOLDS, [LESSON, LATER], "all-MiniLM-L6-v2")


def test_a_teaching_segment_makes_the_topic_covered_with_a_cited_quote() -> None:
    result = assess(hit(segment("p1")), hit(segment("p2"), Depth.MENTIONS, teach=0.1))

    assert result.verdict is Verdict.COVERED
    assert result.absence_record is None
    first = result.evidence[0].segment
    assert (first.file, first.page, first.bates) == ("RPD_Lesson_Plan.pdf", 4, "RIV0000004")
    assert len(result.evidence) == 2  # the teaching passage first, then the mention


def test_only_mentions_make_it_thin() -> None:
    result = assess(hit(segment("p1"), Depth.MENTIONS, teach=0.2))

    assert result.verdict is Verdict.THIN
    assert result.evidence and "only mentioned" in result.reason


def test_a_weak_teaching_score_is_not_enough_for_covered() -> None:
    assert assess(hit(segment("p1"), teach=0.2)).verdict is Verdict.THIN


def test_negated_and_planned_segments_never_count_but_are_shown_as_nearest_misses() -> None:
    result = assess(
        hit(segment("p1"), Depth.NEGATED), hit(segment("p2"), Depth.PLANNED, relevance=0.7)
    )

    assert result.verdict is Verdict.ABSENT
    assert result.evidence == ()
    record = result.absence_record
    assert record is not None
    assert [h.depth for h in record.nearest_misses] == [Depth.NEGATED, Depth.PLANNED]
    assert "says it is not covered" in result.reason and "only planned" in result.reason


def test_training_dated_after_the_as_of_date_is_listed_apart_and_not_counted() -> None:
    result = assess(hit(segment("p1", day=date(2022, 1, 5), file="RPD_2022_Update.pdf")))

    assert result.verdict is Verdict.ABSENT
    assert [h.segment.file for h in result.post_incident_evidence] == ["RPD_2022_Update.pdf"]
    record = result.absence_record
    assert [d.file for d in record.documents] == ["RPD_Lesson_Plan.pdf"]
    assert [d.file for d in record.post_incident_documents] == ["RPD_2022_Update.pdf"]
    assert record.documents[0].unreadable_pages == (4,)
    assert record.patterns == TOPIC.lexical_patterns and record.thresholds == THRESHOLDS


def test_an_undated_training_document_counts_and_the_reason_says_it_is_undated() -> None:
    result = assess(hit(segment("p1", day=None, file="DT_Handout.pdf")))

    assert result.verdict is Verdict.COVERED
    assert "every one undated (DT_Handout.pdf): establish when it was in force" in result.reason
    assert "undated" not in assess(hit(segment("p2"))).reason


def test_policy_coverage_is_judged_apart_from_training() -> None:
    result = assess(hit(segment("p1", doc_type="policy")))

    assert (result.verdict, result.policy_verdict) == (Verdict.ABSENT, Verdict.COVERED)
    assert result.policy_evidence[0].segment.doc_type == "policy"


def test_hours_count_each_course_once_however_many_officers_took_it() -> None:
    rows = [
        hit(
            segment(
                f"p1r{i}", doc_type="training_log", hours=4.0, row=True, course="lvnr refresher"
            )
        )
        for i in range(1, 6)
    ] + [
        hit(
            segment("p2r1", doc_type="training_log", hours=0.25, row=True, course="neck video"),
            Depth.MENTIONS,
        )
    ]
    result = assess(*rows)

    assert result.hours == 4.25
    assert len(result.evidence) == 2  # one per course, not one per officer


@pytest.mark.parametrize("relevance", [0.49, 0.1])
def test_hits_below_the_relevance_threshold_do_not_count(relevance: float) -> None:
    result = assess(hit(segment("p1"), relevance=relevance))

    assert result.verdict is Verdict.ABSENT
    assert result.absence_record.nearest_misses[0].relevance == relevance


def test_an_absent_topic_without_any_candidate_still_records_the_search() -> None:
    result = assess()

    assert result.verdict is Verdict.ABSENT
    assert result.absence_record.queries == (TOPIC.name, *TOPIC.coverage_exemplars)
    assert "nothing in 1 training document(s) in force on 2021-06-14" in result.reason


def test_a_log_whose_rows_were_in_force_is_searched_whatever_its_forms_date() -> None:
    log = SearchedDocument(
        "OC_Training_Log.pdf", "VOL001", "training_log", "RIV0000050", "RIV0000052", 3,
        date(2022, 8, 1), (),
    )  # fmt: skip

    result = assess_topic(
        TOPIC, [], AS_OF, THRESHOLDS, [LESSON, LATER, log], "m", {"OC_Training_Log.pdf"}
    )

    assert result.absence_record is not None
    searched = [d.file for d in result.absence_record.documents]
    assert "OC_Training_Log.pdf" in searched
    assert "OC_Training_Log.pdf" not in [
        d.file for d in result.absence_record.post_incident_documents
    ]
    assert result.reason.startswith("nothing in 2 training document(s)")


def test_an_absent_topic_names_the_courses_never_delivered_and_cites_them() -> None:
    planned = hit(segment("p1"), Depth.PLANNED)
    planned = TopicHit(**{**planned.__dict__, "cues": ("never delivered: NR-24 (cancelled)",)})
    excluded = hit(segment("p2"), Depth.NEGATED)

    result = assess(planned, excluded)

    assert result.verdict is Verdict.ABSENT
    assert "never delivered: NR-24 (cancelled)" in result.reason
    record = result.absence_record
    assert record is not None
    assert {h.segment.key for h in record.not_counted} == {"p1", "p2"}
    assert all(h.segment.bates for h in record.not_counted)  # each with its cite
