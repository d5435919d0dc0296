"""Issue 20: attendance from native files, ingested as a paralegal would load them: a
spreadsheet roster (each row cited by sheet and row) and a Word transcript."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from fixturekit.natives import build_docx, build_xlsx
from monell import ingest_paths, init_case, open_case
from monell.attendance.reader import Source, read_attendance
from monell.records.attendance import AttendanceStatus as S


def read_back(tmp_path: Path, files: list[Path]) -> dict[str, list]:  # type: ignore[type-arg]
    init_case(tmp_path / "case", "2021-06-01")
    with open_case(tmp_path / "case") as case:
        ingest_paths(case.store, files, production="VOL001", options={"workers": 1})
        found = {}
        for document in case.store.list_documents():
            text = case.store.read_document_text(document.id)
            found[document.file_name] = read_attendance(
                text, Source(document.id, document.file_name)
            )
    return found


def test_a_spreadsheet_roster_and_a_word_transcript_are_read_with_their_cites(
    tmp_path: Path,
) -> None:
    sheet = build_xlsx(
        tmp_path / "inservice.xlsx",
        {
            "Attendance": [
                ("Employee", "Emp. ID", "Class date", "Course code", "Course", "Outcome"),
                (
                    "Reyes, Ana",
                    "3310",
                    "2020-10-06",
                    "CRT-20",
                    "Crisis response training",
                    "Complete",
                ),
                (
                    "Holt, Ben",
                    "3321",
                    "2020-10-06",
                    "CRT-20",
                    "Crisis response training",
                    "No show",
                ),
            ]
        },
    )
    word = build_docx(
        tmp_path / "history.docx",
        [
            ("title", "Individual training history"),
            ("para", "Employee: Holt, Ben (Badge 3321)"),
            (
                "table",
                [
                    ("Date", "Code", "Course", "Hours", "Result"),
                    ("03/02/2021", "CRT-20", "Crisis response training (make-up)", "8", "Passed"),
                ],
            ),
        ],
    )
    found = read_back(tmp_path, [sheet, word])
    roster = found["inservice.xlsx"]
    assert [(r.name, r.badge, r.start, r.status) for r in roster] == [
        ("Reyes, Ana", "3310", date(2020, 10, 6), S.ATTENDED),
        ("Holt, Ben", "3321", date(2020, 10, 6), S.NO_SHOW),
    ]
    assert roster[0].within == "sheet Attendance, row 2"
    history = found["history.docx"]
    assert [(r.name, r.badge, r.start, r.status, r.hours) for r in history] == [
        ("Holt, Ben", "3321", date(2021, 3, 2), S.ATTENDED, 8.0)
    ]
