"""Every copy of a complaint is found: a summary sheet whose number sits after a title, a
number whose label OCR damaged, a summary on a later page of the log that lists it; and the
complainant's own account, under whatever heading, is the narrative topics are read from."""

from __future__ import annotations

import pytest

from monell.complaints.fields import read_record
from monell.complaints.merge import merge_copies
from monell.complaints.run import allegation_parts
from monell.complaints.segment import header_of, number_key, split_records
from monell.complaints.sources import read_spans
from monell.records import DocumentText, PageText, Table


def document(*pages: str, tables: tuple[Table, ...] = ()) -> DocumentText:
    return DocumentText(
        5,
        "KCSO_complaints.pdf",
        tuple(PageText(i, text, f"KCSO{i:06d}") for i, text in enumerate(pages, start=1)),
        tables,
    )


@pytest.mark.parametrize(
    ("line", "number"),
    [
        ("IA CASE SUMMARY FILE: IA-2017-0455", "20170455"),
        ("COMPLAINT SUMMARY - KC-PS-18-077", "18077"),
        ("CITIZEN COMPLAINT RECORD - CC 2018-0091", "20180091"),
        ("INVESTIGATION SUMMARY SHEET: PSB-2016-12", "201612"),
        ("CASE SUMMARY \u2013 IAD 2015-0032", "20150032"),
        ("USE OF FORCE REPORT - UOF-19-221", "19221"),
        ("PERSONNEL COMPLAINT SUMMARY # 18-0091", "180091"),
        ("OIG SUMMARY REPORT  FILE NO. 2019-0771", "20190771"),
        ("C0MPLAINT SUMMARY - KC-PS-1O-OO4", "10004"),  # OCR: O for 0 in the number
        ("DISCIPLINARY RECORD: IA 2014-118", "2014118"),
    ],
)
def test_a_number_after_a_title_in_capitals_opens_a_record(line: str, number: str) -> None:
    header = header_of(line)
    assert header is not None and number_key(header) == number


@pytest.mark.parametrize(
    "line",
    [
        "CASE SUMMARY - 2019",
        "ANNUAL REPORT 2019-2020",
        "SUMMARY OF INVESTIGATION",
        "INVESTIGATION SUMMARY (CONTINUED)",
        "MONTHLY REPORT 03/2019",
        "COMPLAINT SUMMARY - 12",
        "Summary - the officer said 2019-0142 was closed",
        "REPORT SUMMARY: see attached",
        "FORM OPS-7 - CASE SUMMARY",
        "STATISTICAL REPORT 2015 - 2019",
    ],
)
def test_a_title_with_a_year_a_date_or_no_number_opens_nothing(line: str) -> None:
    assert header_of(line) is None


@pytest.mark.parametrize(
    ("line", "number"),
    [
        ("0PS case: 0PS-2O1O-OO77", "20100077"),
        ("1A #2018-0031", "20180031"),
        ("C0MPLA1NT N0. 17-0033", "170033"),
        ("IA F1LE 2016-0044", "20160044"),
        ("0PA #2019-114", "2019114"),
        ("C0NTR0L N0.: 2019-114", "2019114"),
        ("1AD 2015-0032", "20150032"),
        ("0PS FILE KC-0PS-l7-204", "17204"),
        ("P5B No. 2016-12", "201612"),
        ("RE: 0PS Case 2020-118", "2020118"),
        ("Rep0rt No.: KC-UOF-2O21-006", "2021006"),
        ("C0mp1aint N0.: KC-PS-2O-0O8", "20008"),
    ],
)
def test_a_label_ocr_damaged_still_opens_its_record(line: str, number: str) -> None:
    header = header_of(line)
    assert header is not None and number_key(header) == number


LOG_HEADER = ["Complaint No.", "Received", "Officer(s)", "Allegation (as logged)", "Disposition"]
LOG_ROWS = [
    ["KC-PS-19-044", "04/29/2019", "Dep. R. Vance", "Force - other", "Exonerated"],
    ["KC-PS-19-051", "05/02/2019", "Dep. T. Oakes", "Conduct - discourtesy", "Sustained"],
]


def test_a_summary_sheet_that_repeats_a_logged_number_is_a_copy_of_the_logged_complaint() -> None:
    log_page = "OPS COMPLAINT LOG\n" + "\n".join(" ".join(r) for r in [LOG_HEADER, *LOG_ROWS])
    summary = (
        "COMPLAINT SUMMARY - KC-PS-19-044\n"
        "Complaint No. KC-PS-19-044\n"  # a two-column form's cell, as its page text prints it
        "Received 04/29/2019\n"
        "Officer(s) Dep. R. Vance\n"
        "SUMMARY: The complainant says the deputy put an arm around his neck and squeezed "
        "until he nearly passed out.\n"
        "FINDING: EXONERATED."
    )
    log = Table(1, 0, (tuple(LOG_HEADER), *(tuple(r) for r in LOG_ROWS)))
    spans = split_records(document(log_page, summary, tables=(log,)), "complaint_file")

    merged = merge_copies([read_record(s) for s in spans])

    assert len(merged) == 2
    first = next(r for r in merged if number_key(r.record_id) == "19044")
    assert "arm around his neck" in first.narrative  # read from the summary, not the log
    assert len(first.copies) == 1


@pytest.mark.parametrize(
    "heading",
    [
        "COMPLAINANT'S ACCOUNT",
        "C0MPLA1NANT'S ACC0UNT",
        "CLAIMANT'S STATEMENT",
        "STATEMENT OF THE COMPLAINANT",
        "SUMMARY OF COMPLAINT",
        "COMPLAINT SUMMARY",
        "GRIEVANT'S VERSION",
        "STATEMENT OF FACTS",
        "ACCOUNT",
        "SUBJECT'S STATEMENT",
    ],
)
def test_the_complainants_own_account_is_the_narrative_and_the_investigation_is_not(
    heading: str,
) -> None:
    text = (
        "IA #2018-0201\nDate Received: 02/02/2018\nAllegation: Excessive force\n"
        f"{heading}\nHe says the officer held him down on the floor with a knee on his back.\n"
        "INVESTIGATION\nVideo shows no Taser was drawn.\nFINDING: NOT SUSTAINED."
    )
    (span,) = split_records(document(text), "complaint_file")

    record = read_record(span)

    assert "knee on his back" in record.narrative
    assert "Taser" not in record.narrative


FORM = Table(
    2,
    1,
    (
        ("Field", "Entry"),
        ("Complaint No.", "KC-PS-19-044"),
        ("Date received", "04/29/2019"),
        ("Officer(s)", "Dep. R. Vance #311"),
        ("Allegation", "Excessive force - arm around the neck during transport"),
    ),
)


def test_a_summary_printed_as_a_two_column_form_gives_its_record_labelled_fields() -> None:
    summary = (
        "COMPLAINT SUMMARY - KC-PS-19-044\nField Entry\nComplaint No. KC-PS-19-044\n"
        "Date received 04/29/2019\nAllegation Excessive force - arm around the neck\n"
        "SUMMARY: He says the deputy held him in the back seat."
    )
    spans = read_spans(document("OPS FILE", summary, tables=(FORM,)), "complaint_file")
    assert spans is not None

    (record,) = [read_record(s) for s in spans]

    assert record.narrative.startswith("Excessive force - arm around the neck during transport")
    assert "held him in the back seat" in record.narrative
    assert record.received_date is not None and record.received_date.isoformat() == "2019-04-29"
    assert [o.key for o in record.officers] == ["vance r"]


@pytest.mark.parametrize(
    ("narrative", "parts"),
    [
        (
            "(1) Excessive force - dog released on a man who had given up; (2) no medical care "
            "for the bites; (3) a pursuit for a broken taillight",
            [
                "Excessive force - dog released on a man who had given up",
                "no medical care for the bites",
                "a pursuit for a broken taillight",
            ],
        ),
        (
            "Improper restraint - cuffs too tight | She says her hands went numb on the bus.",
            ["Improper restraint - cuffs too tight", "She says her hands went numb on the bus"],
        ),
        ("1) Taser on a seated man 2) no ambulance called", ["Taser on a seated man",
                                                           "no ambulance called"]),
        ("C ALLEGES ACC CHOKED HIM AT THE STATION", []),  # one allegation: the whole is enough
        ("Used force on 3 people at 2 scenes", []),  # a number in prose opens no part
    ],
)  # fmt: skip
def test_a_narrative_is_read_in_its_parts_as_well_as_whole(
    narrative: str, parts: list[str]
) -> None:
    assert allegation_parts(narrative) == parts
