"""Notice rules: prior / post / undated against the incident date, stale beyond the lookback,
and the per-topic pattern with dispositions, repeat officers and defendants."""

from __future__ import annotations

from datetime import date

from monell.complaints.notice import assign_timing, build_patterns, same_officer
from monell.complaints.officers import officer_key
from monell.coverage.taxonomy import Topic
from monell.records.complaints import ComplaintRecord, Disposition, Officer, Timing

INCIDENT = date(2021, 6, 14)
NECK = Topic(
    id="neck_restraints_chokeholds", name="Neck Restraints", elements=(1,),
    single_incident=False, description="d", coverage_exemplars=(), injury_exemplars=(),
    lexical_patterns=(), authorities=(), source="test",
)  # fmt: skip


def officer(name: str, badge: str | None = None) -> Officer:
    return Officer(name, badge, officer_key(name))


def record(
    rid: str, event: date | None, received: date | None = None, *,
    officers: tuple[Officer, ...] = (), disposition: Disposition = Disposition.NOT_SUSTAINED,
    topics: tuple[str, ...] = (NECK.id,),
) -> ComplaintRecord:  # fmt: skip
    r = ComplaintRecord(
        record_id=rid, document_id=1, file="ia.pdf", page=1, bates="HCPD0000001",
        doc_type="complaint_file", event_date=event, received_date=received, closed_date=None,
        officers=officers, complainant=None, narrative="choked", disposition=disposition,
        disposition_text=None, discipline=None, text="choked", topics=topics,
    )  # fmt: skip
    return assign_timing(r, INCIDENT, 5)


def test_records_before_after_and_without_dates() -> None:
    assert record("a", date(2019, 3, 2), date(2019, 3, 5)).timing is Timing.PRIOR
    assert record("b", date(2021, 7, 1)).timing is Timing.POST
    assert record("c", date(2021, 6, 1), date(2021, 6, 20)).timing is Timing.POST  # received after
    assert record("d", None, date(2020, 1, 1)).timing is Timing.PRIOR  # one known date suffices
    undated = record("e", None, None)
    assert (undated.timing, undated.stale) == (Timing.UNDATED, False)


def test_prior_records_older_than_the_lookback_are_stale_not_dropped() -> None:
    old = record("old", date(2015, 1, 10))
    assert (old.timing, old.stale) == (Timing.PRIOR, True)
    assert record("edge", date(2016, 6, 14)).stale is False


def test_the_pattern_counts_only_prior_records_within_the_lookback() -> None:
    marsh, pruitt = officer("Ofc. J. Marsh", "4471"), officer("P.O. Dana Pruitt")
    records = [
        record("IA-1", date(2018, 2, 1), officers=(marsh,), disposition=Disposition.SUSTAINED),
        record("IA-2", date(2019, 5, 9), officers=(officer("MARSH, JOHN", "4471"), pruitt)),
        record("IA-3", date(2020, 11, 30), officers=(pruitt,), disposition=Disposition.UNFOUNDED),
        record("IA-4", date(2014, 1, 1), officers=(marsh,)),  # stale
        record("IA-5", date(2022, 1, 1), officers=(marsh,)),  # post
        record("IA-6", None),  # undated
        record("IA-7", date(2019, 1, 1), topics=()),  # another topic
    ]
    (pattern,) = build_patterns(records, [NECK], defendants=["Officer Dana Pruitt", "Sgt. Nobody"])

    assert pattern.prior_count == 3 and pattern.record_ids == ("IA-1", "IA-2", "IA-3")
    assert (pattern.stale_count, pattern.post_count) == (1, 1)
    assert pattern.sustained_count == 1
    assert pattern.by_disposition == {"not_sustained": 1, "sustained": 1, "unfounded": 1}
    assert (pattern.first, pattern.last) == (date(2018, 2, 1), date(2020, 11, 30))
    assert pattern.repeat_officers == ("Ofc. J. Marsh", "P.O. Dana Pruitt")
    assert pattern.defendant_officers == ("Officer Dana Pruitt",)


def test_topics_without_records_have_no_pattern() -> None:
    assert build_patterns([record("x", date(2019, 1, 1), topics=())], [NECK]) == []


def test_officers_match_by_badge_else_by_name_without_conflicting_initials() -> None:
    assert same_officer(officer("Ofc. J. Marsh", "4471"), officer("MARSH, JOHN", "4471"))
    assert not same_officer(officer("Ofc. J. Marsh", "4471"), officer("Ofc. J. Marsh", "9999"))
    assert same_officer(officer("Officer Brandt"), officer("Ofc. D. Brandt"))
    assert not same_officer(officer("Ofc. D. Brandt"), officer("Ofc. K. Brandt"))
    assert same_officer(officer("Ofc. D. Brandtt"), officer("Ofc. D. Brandt"))  # a misspelling
