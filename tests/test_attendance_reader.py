"""Issue 20: a training document's tables → one attendance row per officer and session.

Documents are built here as the store holds them (page text with the tables' rows in it,
and the tables themselves), in layouts the team wrote: a sign-in sheet dated by its heading,
two sessions on one page, a transcript under an officer heading with its own result codes,
a transcript whose officer is named in a key-value block, a certification list (not read).
"""

from __future__ import annotations

from datetime import date

from monell.attendance.reader import Source, read_attendance
from monell.records import DocumentText, PageText, Table
from monell.records.attendance import AttendanceStatus as S

SOURCE = Source(7, "training.pdf")


def document(*pages: tuple[list[str], list[tuple[tuple[str, ...], ...]]]) -> DocumentText:
    """Pages of (lines above and between tables, tables): each table's rows are written into
    the page text after the line before it, as a PDF's text layer holds them."""
    texts, tables = [], []
    for number, (lines, page_tables) in enumerate(pages, start=1):
        text: list[str] = []
        for line in lines:
            if line.startswith("@table"):
                rows = page_tables[int(line.split()[1])]
                text += [" ".join(row) for row in rows]
                tables.append(Table(number, int(line.split()[1]), rows))
            else:
                text.append(line)
        texts.append(PageText(number, "\n".join(text), f"ABC{number:06d}"))
    return DocumentText(7, "training.pdf", tuple(texts), tuple(tables))


SIGN_IN = document(
    (
        [
            "ELMWOOD POLICE DEPARTMENT - TRAINING DIVISION",
            "CLASS SIGN-IN: PT-14 Patrol Tactics Refresher (3.0 hours)",
            "Class date: March 3, 2020, 0900-1200, Range classroom.",
            "@table 0",
            "Second sitting for members on the late watch:",
            "Session 2 - 03/10/2020",
            "@table 1",
        ],
        [
            (
                ("Line", "Officer", "Badge", "Signature", "Notes"),
                ("1", "Ofc. Maria Delgado", "5531", "M. Delgado", ""),
                ("2", "Cpl. Jonah Pryce", "5602", "-", "Excused (court)"),
                ("3", "Ofc. Sam Whitlow", "5710", "", ""),
                ("4", "J#n S%th", "", "", "illegible entry"),
                ("5", "Other members (4) signed a second page", "", "", ""),
            ),
            (
                ("Line", "Officer", "Badge", "Signature", "Notes"),
                ("1", "Ofc. Sam Whitlow", "5710", "S.W.", ""),
            ),
        ],
    )
)


def test_a_sign_in_sheet_gives_each_officer_the_heading_s_course_and_date() -> None:
    rows = read_attendance(SIGN_IN, SOURCE)
    first = [r for r in rows if r.start == date(2020, 3, 3)]
    assert [(r.name, r.badge, r.status) for r in first] == [
        ("Ofc. Maria Delgado", "5531", S.ATTENDED),
        ("Cpl. Jonah Pryce", "5602", S.EXCUSED),
        ("Ofc. Sam Whitlow", "5710", S.ABSENT),  # nothing signed, nothing said
        ("", None, S.ABSENT),  # an unreadable name is kept, to be listed as unmatched
    ]
    assert all("PT-14" in r.codes and r.hours == 3.0 for r in first)
    assert first[0].page == 1 and first[0].bates == "ABC000001" and first[0].layout == "roster"


def test_a_second_session_heading_on_the_same_page_dates_its_own_rows() -> None:
    rows = read_attendance(SIGN_IN, SOURCE)
    later = [r for r in rows if r.start == date(2020, 3, 10)]
    assert [(r.name, r.status) for r in later] == [("Ofc. Sam Whitlow", S.ATTENDED)]
    assert "PT-14" in later[0].codes  # the course heading still holds


def test_a_note_in_the_name_column_is_no_officer() -> None:
    rows = read_attendance(SIGN_IN, SOURCE)
    assert not any("Other members" in r.quote and r.name for r in rows)
    assert not any(r.quote.startswith("5 |") for r in rows)


TRANSCRIPT = document(
    (
        [
            "STATE TRAINING STANDARDS BOARD - IN-SERVICE HISTORY",
            "Codes: C = completed; NS = enrolled, did not attend; EX = enrolled, excused",
            "EMPLOYEE: WHITLOW, SAMUEL R. - Badge 5710 - Board ID 11-2093",
            "@table 0",
            "EMPLOYEE: DELGADO, MARIA - Badge 5531",
            "@table 1",
        ],
        [
            (
                ("Completed", "Course #", "Title", "Credit hrs", "Code"),
                ("02/11/2020", "FA-20", "First Aid and CPR for Officers", "4.0", "C"),
                ("05/05/2020", "DE-20", "Verbal De-escalation", "0.0", "NS"),
                ("", "LG-19", "Legal update (date not recorded)", "2.0", "C"),
            ),
            (
                ("Completed", "Course #", "Title", "Credit hrs", "Code"),
                ("05/05/2020", "DE-20", "Verbal De-escalation", "8.0", "C"),
            ),
        ],
    )
)


def test_a_transcript_s_rows_belong_to_the_officer_named_above_them() -> None:
    rows = read_attendance(TRANSCRIPT, SOURCE)
    assert [(r.name, r.badge, r.codes[0], r.status) for r in rows] == [
        ("WHITLOW, SAMUEL R.", "5710", "FA-20", S.ATTENDED),
        ("WHITLOW, SAMUEL R.", "5710", "DE-20", S.NO_SHOW),
        ("WHITLOW, SAMUEL R.", "5710", "LG-19", S.ATTENDED),
        ("DELGADO, MARIA", "5531", "DE-20", S.ATTENDED),
    ]
    assert rows[0].layout == "transcript" and rows[0].hours == 4.0


def test_a_transcript_row_without_a_date_is_kept_as_undated() -> None:
    rows = read_attendance(TRANSCRIPT, SOURCE)
    undated = [r for r in rows if r.start is None]
    assert [r.codes[0] for r in undated] == ["LG-19"]


KEY_VALUE = document(
    (
        [
            "COUNTY SHERIFF - TRAINING RECORD",
            "@table 0",
            "@table 1",
            "Certifications on file",
            "@table 2",
        ],
        [
            (
                ("Item", "Value"),
                ("Deputy", "Renata Okoye"),
                ("Serial no.", "D-4410"),
            ),
            (
                ("Date(s)", "Course", "Hours", "Status"),
                ("01/14/2019 - 01/16/2019", "Crisis Intervention Team basic", "24", "Passed"),
                ("09/09/2019", "Taser X2 user recertification", "4", "Failed"),
            ),
            (
                ("Certification", "Issued", "Expires"),
                ("Taser X2", "09/09/2018", "09/09/2019"),
            ),
        ],
    )
)


def test_a_key_value_block_names_the_transcript_s_officer() -> None:
    rows = read_attendance(KEY_VALUE, SOURCE)
    assert [(r.name, r.badge, r.start, r.end, r.status) for r in rows] == [
        ("Renata Okoye", "D-4410", date(2019, 1, 14), date(2019, 1, 16), S.ATTENDED),
        ("Renata Okoye", "D-4410", date(2019, 9, 9), date(2019, 9, 9), S.FAILED),
    ]


def test_a_list_of_certifications_is_not_read_as_sessions() -> None:
    rows = read_attendance(KEY_VALUE, SOURCE)
    assert not any("09/09/2018" in r.quote for r in rows)


def test_a_list_of_sessions_naming_nobody_gives_no_attendance() -> None:
    sessions = document(
        (
            ["IN-SERVICE SCHEDULE 2021", "@table 0"],
            [
                (
                    ("Date", "Course", "Hours", "Enrolled", "Passed"),
                    ("04/02/2021", "Defensive tactics refresher", "4", "16", "15"),
                ),
            ],
        )
    )
    assert read_attendance(sessions, SOURCE) == []


def test_a_native_table_joined_with_bars_is_found_under_its_officer_line() -> None:
    text = "\n".join(
        [
            "Training history",
            "Officer: Quill, Dana M. - State No. 40221",
            "Date | Course | Title | Status | Score | Hours",
            "3/2/2021 | PDP10001 | ICS-100 Intro to Incident Command | Passed | 0.0 | 3.00",
            "1/5/2021 | MNS0200A | Patrol Rifle Update | Instructed | 0.0 | 2.00",
        ]
    )
    table = Table(
        1,
        0,
        (
            ("Date", "Course", "Title", "Status", "Score", "Hours"),
            ("3/2/2021", "PDP10001", "ICS-100 Intro to Incident Command", "Passed", "0.0", "3.00"),
            ("1/5/2021", "MNS0200A", "Patrol Rifle Update", "Instructed", "0.0", "2.00"),
        ),
    )
    native = DocumentText(9, "history.docx", (PageText(1, text, None),), (table,))
    rows = read_attendance(native, SOURCE)
    assert [(r.name, r.badge, r.badge_kind) for r in rows] == [
        ("Quill, Dana M.", "40221", "id")
    ] * 2
    # the course number column wins over a code-like word inside the title
    assert [r.codes[0] for r in rows] == ["PDP10001", "MNS0200A"]
    assert [r.status for r in rows] == [S.ATTENDED, S.INSTRUCTED]


def test_a_sentence_opening_with_officer_is_no_officer_heading() -> None:
    from monell.attendance.context import officer_heading

    assert officer_heading("Officer - the role of the first responder") is None
    assert officer_heading("Member: Ofc. Priya Raman (Badge 3302)").badge == "3302"  # type: ignore[union-attr]
    assert officer_heading("NAME: RAMAN, PRIYA").name == "RAMAN, PRIYA"  # type: ignore[union-attr]
    assert officer_heading("Training record for: Dep. Ana Cruz #551").badge == "551"  # type: ignore[union-attr]
