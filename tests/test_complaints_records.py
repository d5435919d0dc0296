"""Complaint files cut into records, and each record's fields read: numbers, dates,
officers, disposition, discipline — from header blocks, tables, memos and one-record files."""

from __future__ import annotations

from datetime import date

import pytest

from monell.complaints.fields import read_disposition, read_record
from monell.complaints.officers import find_officers, officer_key
from monell.complaints.segment import header_of, split_records
from monell.records import DocumentText, PageText, Table
from monell.records.complaints import Disposition

IA_LOG_PAGE_1 = """CITY OF HARLAN POLICE DEPARTMENT
INTERNAL AFFAIRS DIVISION - COMPLAINT HISTORY LOG
IA #2019-0142
Date of Incident: 03/02/2019
Date Received: 03/05/2019
Date Closed: 08/01/2019
Accused Member(s): Ofc. J. Marsh #4471
Complainant: Complainant #1
Allegation(s): C ALLEGES ACCUSED PLACED HIM IN A CHOKEHOLD DURING ARREST
AND HE SUSTAINED INJURIES TO HIS NECK
Finding: SUSTAINED - 3 day suspension
IA #2020-0007
Date of Incident: 01/12/2020
Date Received: 01/13/2020
Accused Member(s): P.O. Dana Pruitt (Star 12034); Ofc. J. Marsh #4471
Allegation(s): R/P STATES ACCUSED TASED HIM WHILE HANDCUFFED"""
IA_LOG_PAGE_2 = """Finding: Not Sustained
IA #2022-0310
Accused Member(s): Sgt. Lee Ortiz, Badge 552
Allegation(s): Officer was rude during a traffic stop.
Finding: Pending"""


def document(*pages: str, tables: tuple[Table, ...] = ()) -> DocumentText:
    return DocumentText(
        7,
        "HCPD_IA_Log.pdf",
        tuple(PageText(i, text, f"HCPD{i:07d}") for i, text in enumerate(pages, start=1)),
        tables,
    )


def test_a_log_with_several_complaints_yields_one_record_per_complaint_across_pages() -> None:
    spans = split_records(document(IA_LOG_PAGE_1, IA_LOG_PAGE_2), "complaint_file")

    assert [s.header for s in spans] == ["IA #2019-0142", "IA #2020-0007", "IA #2022-0310"]
    assert [(s.page, s.bates) for s in spans] == [
        (1, "HCPD0000001"),
        (1, "HCPD0000001"),
        (2, "HCPD0000002"),
    ]
    assert "Finding: Not Sustained" in spans[1].text  # the record runs on to the next page


def test_each_record_reads_its_labelled_fields() -> None:
    first, second, third = (
        read_record(s)
        for s in split_records(document(IA_LOG_PAGE_1, IA_LOG_PAGE_2), "complaint_file")
    )

    assert (first.event_date, first.received_date, first.closed_date) == (
        date(2019, 3, 2),
        date(2019, 3, 5),
        date(2019, 8, 1),
    )
    assert [(o.name, o.badge) for o in first.officers] == [("Ofc. J. Marsh #4471", "4471")]
    assert first.complainant == "Complainant #1"
    assert (
        first.narrative.startswith("C ALLEGES ACCUSED PLACED HIM IN A CHOKEHOLD")
        and "NECK" in first.narrative
    )
    assert (first.disposition, first.discipline) == (Disposition.SUSTAINED, "3 day suspension")
    assert [o.badge for o in second.officers] == ["12034", "4471"]
    assert second.disposition is Disposition.NOT_SUSTAINED
    assert (third.event_date, third.received_date, third.disposition) == (
        None,
        None,
        Disposition.PENDING,
    )


def test_a_table_of_complaints_gives_a_record_per_row_and_its_echo_is_not_read_twice() -> None:
    table = Table(1, 0, (
        ("Complaint #", "Incident Date", "Received", "Officer(s)", "Allegation", "Disposition"),
        ("CR 1043321", "04/11/2018", "04/12/2018", "MARSH, JOHN 4471", "PUSHED C TO GROUND",
         "UNFOUNDED"),
        ("CR 1043388", "", "", "PRUITT, DANA", "SEARCHED CAR W/O CONSENT", "Exonerated"),
    ))  # fmt: skip
    echo = (
        "COMPLAINT REGISTER\n"
        "Complaint # Incident Date Received Officer(s) Allegation Disposition\n"
        "CR 1043321 04/11/2018 04/12/2018 MARSH, JOHN 4471 PUSHED C TO GROUND UNFOUNDED"
    )
    spans = split_records(document(echo, tables=(table,)), "complaint_file")

    assert [s.header for s in spans] == ["CR 1043321", "CR 1043388"]
    first, second = (read_record(s) for s in spans)
    assert (first.event_date, first.received_date, first.disposition) == (
        date(2018, 4, 11),
        date(2018, 4, 12),
        Disposition.UNFOUNDED,
    )
    assert [(o.key, o.badge) for o in first.officers] == [("marsh j", "4471")]
    assert (second.event_date, second.disposition) == (None, Disposition.EXONERATED)


def test_a_memo_gives_its_dates_and_finding_in_sentences() -> None:
    memo = (
        "RE: Complaint No. 18-0211\n"
        "On March 2, 2019 the complainant reported that Officer Brandt pushed him.\n"
        "The complaint was received on March 9, 2019. The allegation was found to be NOT "
        "SUSTAINED."
    )
    (record,) = (read_record(s) for s in split_records(document(memo), "complaint_file"))

    assert record.record_id == "Complaint No. 18-0211"
    assert (record.event_date, record.received_date) == (date(2019, 3, 2), date(2019, 3, 9))
    assert record.disposition is Disposition.NOT_SUSTAINED
    assert [o.key for o in record.officers] == ["brandt"]


def test_a_document_without_numbered_records_is_one_record() -> None:
    report = (
        "USE OF FORCE REPORT\nDate of Incident: 07/04/2020\n"
        "Involved Officer(s): Deputy R. Vance\nForce used: ECW probe deployment"
    )
    (span,) = split_records(document(report), "use_of_force_report")
    record = read_record(span)

    assert (record.record_id, record.event_date, record.doc_type) == (
        "HCPD_IA_Log.pdf p.1",
        date(2020, 7, 4),
        "use_of_force_report",
    )


def test_sustained_injuries_in_a_narrative_is_not_a_finding() -> None:
    memo = "Complaint No. 21-0001\nThe subject sustained a broken wrist when he was taken down."
    (record,) = (read_record(s) for s in split_records(document(memo), "complaint_file"))
    assert record.disposition is Disposition.UNKNOWN


@pytest.mark.parametrize(
    ("line", "header"),
    [
        ("IA #2019-0142", "IA #2019-0142"),
        ("CR 1043321", "CR 1043321"),
        ("RE: OPS Case 2020-118", "OPS Case 2020-118"),
        ("Control No.: 2019-114", "Control No.: 2019-114"),
        ("Report No.: UOF-21-007", "UOF-21-007"),
        ("IA Number: IA #2019-0142", "IA #2019-0142"),
        ("IA #2O19-0l42", "IA #2O19-0l42"),  # OCR noise in the number
        ("USE OF FORCE REPORT", None),
        ("REPORT WRITING", None),
        ("Complaint received 03/05/2019", None),
    ],
)
def test_complaint_numbers_are_recognised_and_titles_are_not(line: str, header: str | None) -> None:
    assert header_of(line) == header


@pytest.mark.parametrize(
    ("printed", "disposition"),
    [
        ("NOT SUSTAINED", Disposition.NOT_SUSTAINED),
        ("NS", Disposition.NOT_SUSTAINED),
        ("Insufficient evidence - not sustained", Disposition.NOT_SUSTAINED),
        ("UNFOUNDED", Disposition.UNFOUNDED),
        ("Exonerated", Disposition.EXONERATED),
        ("Administratively closed", Disposition.ADMINISTRATIVELY_CLOSED),
        ("Closed - no further action", Disposition.ADMINISTRATIVELY_CLOSED),
        ("Open - under investigation", Disposition.PENDING),
        ("Withdrawn by complainant", Disposition.WITHDRAWN),
        ("SUSTAINED - 3 day suspension", Disposition.SUSTAINED),
        ("", Disposition.UNKNOWN),
    ],
)
def test_printed_findings_map_to_the_controlled_vocabulary(
    printed: str, disposition: Disposition
) -> None:
    assert read_disposition(printed) is disposition


def test_officers_are_read_in_the_usual_styles_and_keyed_by_last_name_and_initial() -> None:
    officers = find_officers(
        "Ofc. J. Marsh #4471; P.O. Dana Pruitt (Star 12034); Sgt. Lee Ortiz, Badge 552"
    )
    assert [(o.key, o.badge) for o in officers] == [
        ("marsh j", "4471"),
        ("pruitt d", "12034"),
        ("ortiz l", "552"),
    ]
    assert officer_key("MARSH, JOHN") == officer_key("Ofc. John Marsh") == "marsh j"
