"""Flag rules: a training gap plus prior similar complaints makes a strong candidate;
covered training is no gap; only prior complaints within the lookback count."""

from __future__ import annotations

from datetime import date

from monell.complaints.notice import assign_timing, build_patterns
from monell.coverage.taxonomy import Topic
from monell.flags.rules import JUDGMENT, NOTHING_SEARCHED, build_flag
from monell.records.complaints import ComplaintRecord, Disposition
from monell.records.coverage import AbsenceRecord, SearchedDocument, TopicCoverage, Verdict
from monell.records.flags import InjuryFact, Strength

INCIDENT = date(2021, 6, 14)


def topic(single_incident: bool = False) -> Topic:
    return Topic(
        id="prone_restraint_positional_asphyxia", name="Prone Restraint", elements=(1, 3),
        single_incident=single_incident, description="d", coverage_exemplars=(),
        injury_exemplars=(), lexical_patterns=(), authorities=(), source="test",
    )  # fmt: skip


LESSON_PLAN = SearchedDocument(
    file="lesson_plans.pdf", production="VOL001", doc_type="lesson_plan",
    bates_begin="RIV0000001", bates_end="RIV0000040", pages=40, date=date(2019, 1, 7),
    unreadable_pages=(),
)  # fmt: skip


def coverage(
    verdict: Verdict, policy: Verdict = Verdict.ABSENT, searched: bool = True
) -> TopicCoverage:
    record = AbsenceRecord(
        documents=(LESSON_PLAN,) if searched else (), post_incident_documents=(), patterns=(),
        queries=(), model="m", thresholds={}, nearest_misses=(),
    )  # fmt: skip
    return TopicCoverage(
        topic="prone_restraint_positional_asphyxia", name="Prone Restraint", verdict=verdict,
        policy_verdict=policy, hours=None, evidence=(), policy_evidence=(),
        post_incident_evidence=(),
        absence_record=record if verdict is Verdict.ABSENT else None, reason="",
    )  # fmt: skip


def record(
    rid: str, event: date, disposition: Disposition = Disposition.NOT_SUSTAINED
) -> ComplaintRecord:
    r = ComplaintRecord(
        record_id=rid, document_id=1, file="ia.pdf", page=1, bates="RIV0000101",
        doc_type="complaint_file", event_date=event, received_date=None, closed_date=None,
        officers=(), complainant=None, narrative="held face down", disposition=disposition,
        disposition_text=None, discipline=None, text="held face down",
        topics=("prone_restraint_positional_asphyxia",),
    )  # fmt: skip
    return assign_timing(r, INCIDENT, 5)


FACT = InjuryFact(
    "They held him face-down until he stopped breathing.",
    0,
    51,
    topics=("prone_restraint_positional_asphyxia",),
)


def flag_for(
    verdict: Verdict,
    records: list[ComplaintRecord],
    single: bool = False,
    policy: Verdict = Verdict.ABSENT,
    searched: bool = True,
):
    t = topic(single)
    patterns = build_patterns(records, [t])
    return build_flag(
        t, coverage(verdict, policy, searched), patterns[0] if patterns else None, records, [FACT]
    )


def test_absent_training_and_two_prior_similar_complaints_is_strong() -> None:
    flag = flag_for(
        Verdict.ABSENT, [record("IA-1", date(2018, 6, 2)), record("IA-2", date(2019, 9, 15))]
    )

    assert flag is not None
    assert (flag.id, flag.strength, flag.points) == (
        "F-prone_restraint_positional_asphyxia",
        Strength.STRONG,
        4,
    )
    assert [r.record_id for r in flag.prior_complaints] == ["IA-1", "IA-2"]
    assert flag.injury_facts == (FACT,)
    assert (
        flag.why.startswith('strong: "They held him face-down')
        and "2 prior similar complaint(s)" in flag.why
    )


def test_covered_training_gives_no_gap_flag() -> None:
    assert flag_for(Verdict.COVERED, [record("IA-1", date(2018, 6, 2))]) is None


def test_post_incident_and_stale_complaints_never_raise_the_strength() -> None:
    later = [
        record("IA-9", date(2022, 1, 1)),
        record("IA-8", date(2023, 5, 5)),
        record("IA-0", date(2012, 1, 1)),
    ]
    flag = flag_for(Verdict.ABSENT, later)

    assert flag is not None
    assert (flag.strength, flag.points, flag.prior_complaints) == (Strength.WEAK, 2, ())
    assert any("outside the lookback" in c for c in flag.cautions)


def test_a_sustained_prior_complaint_adds_points_for_review_order_not_strength() -> None:
    sustained = flag_for(Verdict.THIN, [record("IA-1", date(2019, 1, 1), Disposition.SUSTAINED)])
    plain = flag_for(Verdict.THIN, [record("IA-1", date(2019, 1, 1))])
    assert sustained is not None and (sustained.strength, sustained.points) == (
        Strength.MODERATE,
        3,
    )
    assert plain is not None and (plain.strength, plain.points) == (Strength.MODERATE, 2)


def test_strength_follows_the_pattern_of_prior_similar_complaints() -> None:
    two = [record("IA-1", date(2018, 6, 2)), record("IA-2", date(2019, 9, 15))]
    thin_two = flag_for(Verdict.THIN, two)
    absent_none = flag_for(Verdict.ABSENT, [])
    assert thin_two is not None and thin_two.strength is Strength.STRONG
    assert absent_none is not None and absent_none.strength is Strength.WEAK


def test_thin_training_without_prior_complaints_is_weak() -> None:
    flag = flag_for(Verdict.THIN, [])
    assert flag is not None and (flag.strength, flag.points) == (Strength.WEAK, 1)


def test_the_single_incident_route_needs_an_attorney_and_adds_no_strength() -> None:
    flag = flag_for(Verdict.ABSENT, [], single=True, policy=Verdict.COVERED)

    assert flag is not None and flag.strength is Strength.WEAK
    assert JUDGMENT in flag.cautions
    assert "the policy governs this topic, the training did not teach it" in flag.cautions


def test_absent_training_counts_only_when_some_training_was_searched() -> None:
    priors = [
        record("IA-1", date(2018, 6, 2), Disposition.SUSTAINED),
        record("IA-2", date(2019, 9, 15)),
    ]
    flag = flag_for(Verdict.ABSENT, priors, single=True, searched=False)

    assert flag is not None
    assert (flag.strength, flag.points) == (Strength.WEAK, 3)  # notice only; weak at most
    assert NOTHING_SEARCHED in flag.cautions and JUDGMENT not in flag.cautions
    assert "no training document in force on the incident date was produced" in flag.why


def test_the_why_says_when_only_older_complaints_exist() -> None:
    flag = flag_for(Verdict.ABSENT, [record("IA-2014", date(2014, 5, 1))])

    assert flag is not None
    assert "no prior similar complaint within the lookback (1 older, not counted)" in flag.why
