"""Complaint files as agencies really print them: running titles with a year, case numbers
under a complaint's own number, labels without colons, status lines beside findings,
findings on several allegations, officers without ranks, dates of birth, a log and the
full file of the same complaint."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from monell.complaints.fields import read_disposition, read_record
from monell.complaints.merge import merge_copies
from monell.complaints.notice import assign_timing, build_patterns
from monell.complaints.officers import find_officers
from monell.complaints.segment import header_of, split_records
from monell.coverage.taxonomy import Topic
from monell.nlp.dates import parse_date
from monell.records import DocumentText, PageText, Table
from monell.records.cite import cite_of
from monell.records.complaints import ComplaintRecord, Disposition


def document(*pages: str, tables: tuple[Table, ...] = (), doc_id: int = 7) -> DocumentText:
    return DocumentText(
        doc_id,
        f"IA_{doc_id}.pdf",
        tuple(PageText(i, text, f"CITY{doc_id:02d}{i:05d}") for i, text in enumerate(pages, 1)),
        tables,
    )


def records(*pages: str, tables: tuple[Table, ...] = (), doc_id: int = 7) -> list[ComplaintRecord]:
    spans = split_records(document(*pages, tables=tables, doc_id=doc_id), "complaint_file")
    return [read_record(span) for span in spans]


def test_a_running_title_with_a_year_does_not_open_a_record() -> None:
    page_1 = (
        "COMPLAINT LOG 2019\nIA #2019-0142\nDate of Incident: 03/02/2019\n"
        "Date Received: 03/05/2019\nAccused: Ofc. J. Marsh #4471"
    )
    page_2 = (
        "COMPLAINT LOG 2019\nAllegation: C alleges he was choked.\nFinding: Sustained\n"
        "IA #2019-0150\nDate Received: 04/01/2019\nFinding: Unfounded"
    )

    found = records(page_1, page_2)

    assert [r.record_id for r in found] == ["IA #2019-0142", "IA #2019-0150"]
    assert found[0].disposition is Disposition.SUSTAINED


@pytest.mark.parametrize(
    "line",
    [
        "COMPLAINT LOG 2019",
        "IA LOG 2019-2021",
        "INTERNAL AFFAIRS 2019 ANNUAL REPORT",
        "USE OF FORCE REPORT 2020",
        "REPORT DATE 03/05/2019",
        "COMPLAINT DATE 03/05/2019",
    ],
)
def test_titles_and_date_lines_are_not_complaint_numbers(line: str) -> None:
    assert header_of(line) is None


def test_a_case_number_under_a_complaint_number_is_a_field_of_that_record() -> None:
    text = (
        "IA #2019-0142\nCase No.: 19-004512\nAccused: Ofc. J. Marsh #4471\n"
        "Allegation: C alleges he was choked.\nFinding: Sustained"
    )

    (only,) = records(text)

    assert only.record_id == "IA #2019-0142"
    assert [o.badge for o in only.officers] == ["4471"]
    assert only.disposition is Disposition.SUSTAINED


def test_a_number_printed_again_differently_continues_its_record() -> None:
    page_1 = "IA #2019-0142\nDate Received: 03/05/2019\nAllegation: C alleges he was choked."
    page_2 = "IA No. 2O19-0l42 (continued)\nFinding: Sustained"

    (only,) = records(page_1, page_2)

    assert (only.received_date, only.disposition) == (date(2019, 3, 5), Disposition.SUSTAINED)


def test_dates_on_lines_without_colons_are_read_beside_a_labelled_allegation() -> None:
    text = (
        "IA #2019-0142\nDate of Incident 03/02/2019\nDate Received 03/05/2019\n"
        "Allegation: C alleges Ofc. Marsh choked him.\nFinding: Sustained"
    )

    (only,) = records(text)

    assert (only.event_date, only.received_date) == (date(2019, 3, 2), date(2019, 3, 5))


def test_a_status_line_does_not_hide_the_finding_or_its_discipline() -> None:
    text = (
        "IA #2019-0142\nDate Received: 03/05/2019\nStatus: Closed\n"
        "Allegation: C alleges he was choked.\nFinding: Sustained - 3 day suspension"
    )

    (only,) = records(text)

    assert (only.disposition, only.discipline) == (Disposition.SUSTAINED, "3 day suspension")


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("N/S", Disposition.NOT_SUSTAINED),
        ("Non-Sustained", Disposition.NOT_SUSTAINED),
        ("Unsustained", Disposition.NOT_SUSTAINED),
        ("Unjustified use of force", Disposition.SUSTAINED),
        ("Not in compliance", Disposition.SUSTAINED),
        ("Justified", Disposition.EXONERATED),
        ("Excessive Force - Sustained; Discourtesy - Not Sustained", Disposition.SUSTAINED),
        ("Alleg. 1 Unfounded / Alleg. 2 Sustained", Disposition.SUSTAINED),
        ("Sustained (Force); Exonerated (Arrest)", Disposition.SUSTAINED),
        ("Not Sustained; Unfounded", Disposition.NOT_SUSTAINED),
    ],
)
def test_findings_read_as_printed_and_a_sustained_allegation_is_never_hidden(
    printed: str, expected: Disposition
) -> None:
    assert read_disposition(printed) is expected


def test_a_negated_finding_in_prose_is_not_that_finding() -> None:
    text = (
        "RE: IA Case 2019-0142\nOn March 5, 2019 this office received a complaint.\n"
        "The investigation did not result in a sustained finding."
    )

    (only,) = records(text)

    assert only.disposition is not Disposition.SUSTAINED


@pytest.mark.parametrize(
    ("field", "names"),
    [
        ("Marsh, John #4471", ["marsh j"]),
        ("John Marsh", ["marsh j"]),
        ("J. Marsh #4471", ["marsh j"]),
        ("SGT. JOHN MARSH #4471", ["marsh j"]),
        ("John Marsh; Ana Ruiz", ["marsh j", "ruiz a"]),
        ("John Marsh, Ana Ruiz", ["marsh j", "ruiz a"]),
        ("Unknown Officer", []),
    ],
)
def test_an_accused_field_is_read_with_or_without_ranks(field: str, names: list[str]) -> None:
    assert [o.key for o in find_officers(field)] == names


def test_an_investigator_is_never_taken_for_the_accused() -> None:
    text = (
        "IA #2019-0142\nAccused Officer: John Marsh\nInvestigator: Sgt. Pat Lee\n"
        "Allegation: C alleges he was choked."
    )

    (only,) = records(text)

    assert [o.key for o in only.officers] == ["marsh j"]
    assert find_officers("", fallback="Investigator: Sgt. Pat Lee\nOfficer Marsh grabbed him") == (
        find_officers("", fallback="Officer Marsh grabbed him")
    )


def test_a_name_stops_at_the_end_of_its_sentence_and_line() -> None:
    assert [o.key for o in find_officers("", fallback="Officer Marsh. He then left.")] == ["marsh"]
    assert [o.key for o in find_officers("", fallback="Officer Marsh\nThe officer left")] == [
        "marsh"
    ]


def test_a_unit_number_is_not_a_badge() -> None:
    (officer,) = find_officers("Ofc. J. Marsh, Unit 214")

    assert officer.badge is None


def test_a_date_of_birth_is_not_the_event() -> None:
    text = (
        "Control No.: 2019-114\nDate Received: 03/05/2019\nComplainant DOB: 04/12/1985\n"
        "C alleges Ofc. Marsh choked him."
    )

    (only,) = records(text)

    assert (only.event_date, only.received_date) == (None, date(2019, 3, 5))


def test_the_nearest_cue_gives_a_date_its_role() -> None:
    (first,) = records("CR 1043321\nComplaint received 03/05/2019 re incident of 02/20/2019.")
    (second,) = records("CR 1043322\nRec'd 03/05/2014  Occ. 02/20/2014")

    assert (first.event_date, first.received_date) == (date(2019, 2, 20), date(2019, 3, 5))
    assert (second.event_date, second.received_date) == (date(2014, 2, 20), date(2014, 3, 5))


def test_a_cue_on_the_next_line_does_not_reach_back() -> None:
    (only,) = records("CR 1043321\nHearing 04/12/2018\nReceived 03/05/2019")

    assert only.received_date == date(2019, 3, 5)


def complaint_table(header: list[str], rows: list[list[str]]) -> Table:
    return Table(page_number=1, index=0, rows=tuple(tuple(r) for r in [header, *rows]))


@pytest.mark.parametrize(
    "header",
    [
        ["Date Reported", "CR No.", "Accused", "Allegation", "Finding"],
        ["Complaint Type", "IA No.", "Accused", "Received", "Finding"],
    ],
)
def test_a_table_row_is_named_by_its_number_column(header: list[str]) -> None:
    date_or_type = "03/05/2019" if header[0] == "Date Reported" else "Excessive Force"
    rows = [
        [date_or_type, "2019-0142", "Ofc. J. Marsh", "Choked", "Sustained"],
        [date_or_type, "2019-0150", "Ofc. A. Ruiz", "Rude", "Unfounded"],
    ]
    table = complaint_table(header, rows)
    page = "\n".join(" ".join(row) for row in [header, *rows])

    found = records(page, tables=(table,))

    assert [r.record_id for r in found] == ["2019-0142", "2019-0150"]


@pytest.mark.parametrize(
    ("written", "day"),
    [("Mar-05-2019", date(2019, 3, 5)), ("05-MAR-19", date(2019, 3, 5))],
)
def test_dates_as_databases_export_them(written: str, day: date) -> None:
    assert parse_date(written) == day


CHOKE = Topic(
    id="neck_restraints_chokeholds", name="Neck Restraints", elements=(1,),
    single_incident=False, description="d", coverage_exemplars=(), injury_exemplars=(),
    lexical_patterns=(), authorities=(), source="test",
)  # fmt: skip


def test_a_complaint_in_the_log_and_in_its_full_file_counts_once() -> None:
    header = ["IA No.", "Received", "Accused", "Allegation", "Finding"]
    row = ["IA 2019-0142", "03/05/2019", "Ofc. J. Marsh #4471", "Chokehold", "Sustained"]
    log_table = complaint_table(header, [row])
    log = records(" ".join(header) + "\n" + " ".join(row), tables=(log_table,), doc_id=3)
    full = records(
        "IA #2019-0142\nDate of Incident: 03/02/2019\nDate Received: 03/05/2019\n"
        "Accused: Ofc. J. Marsh #4471\nAllegation: C alleges Ofc. Marsh choked him.\n"
        "Finding: Sustained - 3 day suspension",
        doc_id=9,
    )

    merged = merge_copies(log + full)

    assert len(merged) == 1
    (only,) = merged
    assert only.file == "IA_9.pdf"  # the fuller copy
    assert [(c.record_id, cite_of(c)) for c in only.copies] == [
        ("IA 2019-0142", "IA_3.pdf p.1 CITY0300001")
    ]
    timed = assign_timing(replace(only, topics=(CHOKE.id,)), date(2021, 6, 14), 5)
    (pattern,) = build_patterns([timed], [CHOKE])
    assert (pattern.prior_count, pattern.sustained_count, pattern.repeat_officers) == (1, 1, ())


def test_copies_within_one_document_are_kept_apart() -> None:
    header = ["CR No.", "Received", "Accused", "Allegation", "Finding"]
    rows = [
        ["1043321", "03/05/2019", "Ofc. J. Marsh", "Excessive force", "Sustained"],
        ["1043321", "03/05/2019", "Ofc. J. Marsh", "Rude language", "Not Sustained"],
    ]
    table = complaint_table(header, rows)
    page = "\n".join(" ".join(r) for r in [header, *rows])

    assert len(merge_copies(records(page, tables=(table,)))) == 2


def test_different_labels_with_the_same_digits_are_different_records() -> None:
    complaint = records("IA #2019-0142\nDate Received: 03/05/2019\nFinding: Sustained", doc_id=3)
    force = records("UOF 2019-0142\nDate of Incident: 03/01/2019", doc_id=4)

    assert len(merge_copies(complaint + force)) == 2


def test_labels_and_findings_damaged_by_ocr_are_read_through() -> None:
    text = (
        "Log No. 1083447 EXCESSIVE FORCE / RESTRAINT\nComplaint Datc: August 22, 2016\n"
        "Incident Datc: August 20, 2016\nAccuscd: P.0. Raymond Kowalczyk (Star 11482)\n"
        "Allegation: RP al1eges he was held face down.\nDisp0sition: N0T SUST.AINED\n"
        "C1osed Date: May 15, 2017"
    )

    (only,) = records(text)

    assert (only.event_date, only.received_date, only.closed_date) == (
        date(2016, 8, 20),
        date(2016, 8, 22),
        date(2017, 5, 15),
    )
    assert only.disposition is Disposition.NOT_SUSTAINED
    assert [o.badge for o in only.officers] == ["11482"]


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("Pendi ng", Disposition.PENDING),
        ("Ex:onerated", Disposition.EXONERATED),
        ("Susta1ned", Disposition.SUSTAINED),
        ("Pending - interim report", Disposition.PENDING),
    ],
)
def test_findings_broken_by_ocr_are_read_through(printed: str, expected: Disposition) -> None:
    assert read_disposition(printed) is expected


def test_a_force_report_review_gives_the_closing_date_and_its_finding_ends_at_the_stamp() -> None:
    page_1 = (
        "Report No.: UOF 16-112\nDate/Time of Incident: 10/30/2016 0105 hrs\n"
        "Date Reported: 10/31/2016\nNarrative:\nSubject fled on foot.\nSUPERVISOR REVIEW\n"
        "Reviewed by: Lt. Corinne Weeks\nDate Reviewed: 11/20/2016\nFinding: Within policy\n"
        "PAPD0000011\nPORT AVERILL POLICE DEPARTMENT"
    )
    spans = split_records(document(page_1), "use_of_force_report")
    (only,) = [read_record(span) for span in spans]

    assert only.closed_date == date(2016, 11, 20)
    assert (only.disposition, only.disposition_text) == (Disposition.EXONERATED, "Within policy")


@pytest.mark.parametrize("label", ["Review Completed", "Final Disposition Date", "Date Reviewed"])
def test_review_and_final_disposition_dates_close_a_record(label: str) -> None:
    (only,) = records(f"OPS Case 2014-031\nDate of Occurrence: 06/30/14\n{label}: 09/19/14")

    assert only.closed_date == date(2014, 9, 19)


def test_a_memo_giving_a_finding_is_dated_with_it_and_one_still_pending_is_not() -> None:
    memo = (
        "MEMORANDUM\nTO: Chief Warren Abbott\nFROM: Lt. Simone Gale\nDATE: 30 Apr 15\n"
        "RE: Complaint No. 15-0007 - K-9 Deployment\n"
        "On January 26, 2015, this office received a complaint.\n"
        "Recommended finding: {finding}"
    )

    (decided,) = records(memo.format(finding="Exonerated"))
    (pending,) = records(memo.format(finding="Pending - interim report"))

    assert decided.closed_date == date(2015, 4, 30)
    assert (pending.closed_date, pending.disposition) == (None, Disposition.PENDING)


def test_dates_spacy_misses_are_found_by_the_date_patterns() -> None:
    spans = split_records(document("CR 1043321\nDate of Occurrence 2011-08-20"), "complaint_file")

    (only,) = [read_record(span, find_dates=lambda text: []) for span in spans]

    assert only.event_date == date(2011, 8, 20)


def test_a_label_printed_above_its_date_gives_the_date_its_role() -> None:
    text = (
        "Complaint Control # KT-2011-017 Date/Time Received 2011-08-22\n"
        "Date of Occurrence 2011-08-20 Time 1515 hrs\nClassification / Finding Not Sustained\n"
        "Date Investigation\nClosed\n2011-11-30"
    )

    (only,) = records(text)

    assert (only.event_date, only.received_date, only.closed_date) == (
        date(2011, 8, 20),
        date(2011, 8, 22),
        date(2011, 11, 30),
    )


def test_a_form_finding_without_a_colon_is_read() -> None:
    (only,) = records(
        "Complaint Control # KT-2016-020 Date/Time Received 2016-05-02\n"
        "COMMAND USE ONLY\nClassification / Finding Pending\nDate Investigation\nClosed"
    )

    assert only.disposition is Disposition.PENDING


def test_a_labelled_receipt_is_not_taken_again_as_the_event() -> None:
    (only,) = records(
        "CR 1061975 FAILURE TO IDENTIFY\nComplaint Date: March 03, 2014\n"
        "Allegation: The reporting party alleges the accused failed to give his star number."
    )

    assert (only.event_date, only.received_date) == (None, date(2014, 3, 3))
