"""One complaint, every copy: a log's row and the full summary of the same complaint are one
record, whatever label words stand before the number, in one document or in several."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from monell.complaints.merge import merge_copies
from monell.records.complaints import ComplaintRecord, Disposition


def record(record_id: str, *, doc: int = 1, page: int = 1, **fields: object) -> ComplaintRecord:
    base = ComplaintRecord(
        record_id=record_id,
        document_id=doc,
        file=f"file_{doc}.pdf",
        page=page,
        bates=f"ABC{doc:04d}{page:03d}",
        doc_type="complaint_file",
        event_date=None,
        received_date=None,
        closed_date=None,
        officers=(),
        complainant=None,
        narrative="",
        disposition=Disposition.UNKNOWN,
        disposition_text=None,
        discipline=None,
        text=record_id,
    )
    return replace(base, **fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("summary_id", "log_id"),
    [
        ("OPS FILE KC-OPS-17-204", "KC-OPS-17-204"),
        ("OPS case: OPS-2016-0311", "OPS-2016-0311"),
        ("Complaint # IA-2018-044", "IA-2018-044"),
        ("File: PS 2020-113", "PS 2020-113"),
        ("Internal Affairs Case IA 2017-0031", "IA 2017-0031"),
        ("IA No. 2016-552", "2016-552"),
    ],
)
def test_label_words_before_a_number_do_not_split_a_complaint(summary_id: str, log_id: str) -> None:
    log = record(log_id, page=1, received_date=date(2019, 3, 5))
    summary = record(summary_id, page=3, narrative="The complainant says the officer choked him.")

    merged = merge_copies([log, summary])

    assert len(merged) == 1
    assert merged[0].narrative.startswith("The complainant")  # topics read from the fullest copy
    assert merged[0].received_date == date(2019, 3, 5)  # a field from the copy that states it
    assert len(merged[0].copies) == 1


def test_a_log_row_and_its_summary_in_another_volume_are_one_record() -> None:
    log = record("OPS-2018-0442", doc=1, page=1, disposition=Disposition.SUSTAINED)
    summary = record("OPS-2018-0442", doc=7, page=2, narrative="Sprayed while seated.")
    (only,) = merge_copies([log, summary])
    assert only.disposition is Disposition.SUSTAINED and only.narrative


def test_one_number_for_two_different_events_is_not_merged_and_says_why() -> None:
    first = record("IA 2019-0142", page=1, event_date=date(2019, 3, 2), complainant="R. Aldo")
    second = record("IA 2019-0142", page=4, event_date=date(2020, 7, 9), complainant="S. Berg")
    kept = merge_copies([first, second])
    assert len(kept) == 2
    assert "complainants differ" in kept[1].warnings[0]


def test_two_dates_for_one_complaint_are_a_conflict_with_both_cites() -> None:
    log = record("IA 2019-0142", page=1, event_date=date(2019, 3, 2))
    summary = record(
        "IA #2019-0142", page=4, event_date=date(2019, 3, 12), narrative="choked at the door",
        disposition=Disposition.SUSTAINED,
    )  # fmt: skip
    other = record("2019-0142", doc=2, disposition=Disposition.NOT_SUSTAINED)

    (only,) = merge_copies([log, summary, other])

    assert only.event_date == date(2019, 3, 12)  # the fuller copy's
    conflicts = {c.field: c.values for c in only.conflicts}
    assert conflicts["event_date"] == (
        ("2019-03-12", "file_1.pdf p.4 ABC0001004"),
        ("2019-03-02", "file_1.pdf p.1 ABC0001001"),
    )
    assert [v for v, _ in conflicts["disposition"]] == ["sustained", "not_sustained"]


def test_rows_on_one_page_of_one_log_stay_apart() -> None:
    rows = [record("CR 1043321", page=2), record("CR 1043321", page=2)]
    assert len(merge_copies(rows)) == 2


def test_a_third_copy_on_a_page_already_merged_stays_apart() -> None:
    log = record("IA 2018-0031", page=1)
    summary = record("IA 2018-0031", page=3, narrative="long narrative")
    same_page_row = record("IA 2018-0031", page=1)
    assert len(merge_copies([log, summary, same_page_row])) == 2
