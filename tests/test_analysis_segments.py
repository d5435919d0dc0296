"""Segments: table rows become their own segments with date, hours and course; prose keeps
its passage; lines that only echo a table are not counted twice."""

from __future__ import annotations

from datetime import date

import pytest

from monell.coverage.segments import build_segments, parse_hours, parse_row
from monell.records.coverage import SourcePassage

LOG_ROWS = (
    "Officer: Ofc. A. Reyes; Course: Verbal Judo Refresher; Date: 03/12/2019; Hours: 4.0\n"
    "Officer: Ofc. A. Reyes; Course: LVNR Awareness Video; Date: 04/02/2019; Hours: 0.25\n"
    "Officer: Ofc. B. Tran; Course Date: 06/01/2021; Training Title: OC Spray Update; Minutes: 90"
)


def passage(
    pid: int, text: str, *, table: bool = False, heading: str | None = None
) -> SourcePassage:
    return SourcePassage(
        passage_id=pid,
        document_id=1,
        file="RPD_Training_Log.pdf",
        production="VOL001",
        page=3,
        bates="RIV0000042",
        doc_type="training_log",
        heading=heading,
        text=text,
        is_table=table,
        document_date=date(2019, 1, 1),
    )


def test_each_table_row_is_a_segment_with_its_own_date_hours_and_course() -> None:
    rows = list(build_segments([passage(7, LOG_ROWS, table=True)]))

    assert [r.key for r in rows] == ["p7r1", "p7r2", "p7r3"]
    assert (
        rows[0].text == "Course: Verbal Judo Refresher"
    )  # officer, date and hours are not matched
    assert rows[0].quote.startswith("Officer: Ofc. A. Reyes")  # but are shown
    assert (rows[0].date, rows[0].date_source, rows[0].hours) == (date(2019, 3, 12), "row", 4.0)
    assert rows[1].hours == 0.25
    assert rows[2].date == date(2021, 6, 1) and rows[2].hours == 1.5
    assert rows[2].course == "oc spray update"
    assert all(r.is_row and r.bates == "RIV0000042" and r.page == 3 for r in rows)


def test_prose_lines_that_only_repeat_a_table_row_are_dropped() -> None:
    echo = (
        "In-Service Training Hour Log 2019\n"
        "Officer Course Date Hours\n"
        "Ofc. A. Reyes Verbal Judo Refresher 03/12/2019 4.0"
    )
    table = "Officer: Ofc. A. Reyes; Course: Verbal Judo Refresher; Date: 03/12/2019; Hours: 4.0"
    segments = list(build_segments([passage(1, echo), passage(2, table, table=True)]))

    prose = [s for s in segments if not s.is_row]
    assert [s.text for s in prose] == ["In-Service Training Hour Log 2019"]
    assert prose[0].stored_vector is False  # its stored vector embedded the echo too
    assert len([s for s in segments if s.is_row]) == 1


def test_a_prose_passage_keeps_its_stored_vector_and_document_date() -> None:
    (segment,) = build_segments(
        [
            passage(
                5,
                "Students will demonstrate the double-lock.",
                heading="BLOCK 3: HANDCUFFING (2 hrs)",
            )
        ]
    )

    assert segment.stored_vector is True
    assert (segment.date, segment.date_source) == (date(2019, 1, 1), "document")
    assert segment.hours == 2.0  # from the heading


def test_a_row_with_nothing_but_names_dates_and_numbers_is_not_a_segment() -> None:
    assert (
        list(
            build_segments(
                [passage(3, "Officer: Ofc. Tran; Date: 03/12/2019; Hours: 4", table=True)]
            )
        )
        == []
    )


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("Block 4: Verbal De-escalation (8 hrs)", 8.0),
        ("A three-hour course on legal updates", 3.0),
        ("a 15-minute roll-call video", 0.25),
        ("Duration: 1.5 hours", 1.5),
        ("General Order 300 revised 2019", None),
        ("Badge 4411 hours", None),  # over the plausible maximum: a badge, not a length
        ("PB-7 (8.0 h). Peer intervention", 8.0),
        ("UOF-21 / UOF-22 Use of Force Update (2.0 h each).", 2.0),
        ("SUP-2 report entry (0.5 h). Walkthrough.", 0.5),
        ("Range day (4 h total)", 4.0),
        ("Legal update (1.5 hrs per session)", 1.5),
        ("Map grid 4 h, north sector", None),  # "4 h" outside brackets, no course word
    ],
)
def test_course_length_is_read_from_prose(text: str, hours: float | None) -> None:
    assert parse_hours(text) == hours


def test_a_row_line_splits_into_labelled_cells() -> None:
    assert parse_row("Course: X; Hours: 4.0; stray") == [
        ("Course", "X"),
        ("Hours", "4.0"),
        ("", "stray"),
    ]


def test_ocr_digit_swaps_inside_words_are_repaired_for_matching_but_quoted_as_read() -> None:
    (segment,) = build_segments(
        [
            passage(
                9,
                "Officer: Ofc. Tran; Course: Handcuff1ng & Restra1nt Devices; Hours: 2.0",
                table=True,
            )
        ]
    )
    assert segment.text == "Course: Handcuffing & Restraint Devices"
    assert "Handcuff1ng" in segment.quote


@pytest.mark.parametrize(
    "text",
    [
        "Recruits demonstrate the recovery position within 2 minutes.",
        "Deputies check a detainee on suicide watch every 15 minutes.",
        "A prisoner held more than 48 hours must see a magistrate.",
    ],
)
def test_a_duration_the_lesson_teaches_is_not_its_length(text: str) -> None:
    assert parse_hours(text) is None


def test_a_course_title_holding_a_date_is_still_the_rows_course() -> None:
    line = (
        "Officer: Ofc. Dale Brandt; Course: Taser X26P Recertification 3/2019; "
        "Date: 03/05/2019; Hours: 4"
    )

    (row,) = build_segments([passage(5, line, table=True)])

    assert row.text == "Course: Taser X26P Recertification 3/2019"
    assert (row.date, row.hours) == (date(2019, 3, 5), 4.0)
