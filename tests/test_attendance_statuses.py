"""Issue 20: every attendance status is read from the words rosters and transcripts use, in
several registers (a result cell, a remark, a coordinator's note, a code with a legend), and
a sign-in sheet's marks say attended or absent when no word does."""

from __future__ import annotations

import pytest

from monell.attendance.statuses import made_up_on, read_legend, read_status
from monell.records.attendance import AttendanceStatus as S

WORDINGS = {
    S.ATTENDED: [
        "Completed",
        "PASS",
        "Passed - written 88%",
        "Attended full session",
        "Qualified",
        "present",
        "[signed]",
        "Satisfactory",
        "Certified",
    ],
    S.NO_SHOW: [
        "No Show",
        "NO-SHOW",
        "did not report to class",
        "Failed to appear; supervisor notified",
        "enrolled but never arrived",
        "noshow",
    ],
    S.EXCUSED: [
        "Excused",
        "EXCUSED - court appearance",
        "excused absence (sick leave)",
        "Absence approved by Lt. Ruiz",
        "released for court, approved leave",
    ],
    S.ABSENT: [
        "Absent",
        "ABSENT - no reason given",
        "not present at roll",
        "did not sign the sheet",
        "Missed session",
        "unexcused",
    ],
    S.INCOMPLETE: [
        "Incomplete",
        "Not completed",
        "did not finish the practical",
        "Withdrew after lunch",
        "left early - partial attendance",
        "assignment still open",
    ],
    S.FAILED: [
        "Failed",
        "FAIL - retest required",
        "did not pass the written test",
        "Unsatisfactory",
        "not qualified on the range",
    ],
    S.MADE_UP: [
        "Missed; made up 03/04/2021",
        "make-up completed 11/02/2020",
        "Absent, made up at the spring session",
        "completed at a make-up class",
        "attended the make-up on 5/6/2019",
    ],
    S.WAIVED: [
        "Waived",
        "waiver on file (prior agency)",
        "Exempt - instructor cadre",
        "equivalency credit granted",
        "prior-agency credit accepted",
    ],
    S.ENROLLED: [
        "Enrolled",
        "Registered",
        "Scheduled for next cycle",
        "assigned, due 04/30",
        "on the wait list",
        "pending",
    ],
    S.CANCELLED: [
        "class cancelled by the agency",
        "Session cancelled - weather",
        "Course was cancelled",
        "CANCELLED",
        "cancelled by training unit",
    ],
    S.INSTRUCTED: [
        "Instructor",
        "lead instructor",
        "taught the block",
        "Instructed",
        "assistant instructor",
    ],
}


@pytest.mark.parametrize(
    ("expected", "wording"),
    [(status, wording) for status, wordings in WORDINGS.items() for wording in wordings],
)
def test_each_status_is_read_from_its_words(expected: S, wording: str) -> None:
    status, words = read_status([wording], [], {})
    assert status is expected, wording
    assert words == wording


def test_every_status_has_five_wordings_or_more() -> None:
    assert all(len(w) >= 5 for w in WORDINGS.values())
    assert set(WORDINGS) == set(S) - {S.UNKNOWN}


def test_not_completed_is_read_before_completed_and_no_show_before_show() -> None:
    assert read_status(["Not completed - class cancelled by agency"], [], {})[0] is S.CANCELLED
    assert read_status(["not completed"], [], {})[0] is S.INCOMPLETE
    assert read_status(["did not show"], [], {})[0] is S.NO_SHOW


def test_a_make_up_that_never_happened_leaves_the_row_missed() -> None:
    assert read_status(["ABSENT - make-up: none scheduled"], [], {})[0] is S.ABSENT
    assert read_status(["no make-up was held"], [], {})[0] is not S.MADE_UP
    assert made_up_on("ABSENT - make-up: none scheduled") is None
    assert made_up_on("absent; made up 03/04/2021").isoformat() == "2021-03-04"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "legend_line",
    [
        "Result codes: C = completed; NS = enrolled, did not attend; EX = enrolled, excused",
        "Key - C: complete, NS: no show, EX: excused absence, INC: incomplete",
        "C = Complete   NS = No-show   EX = Excused   INC = Not completed",
        "Codes used below: C=completed; NS=did not report; EX=excused; F=failed",
        "Legend — C – course completed; NS – enrolled but absent; EX – absence excused",
    ],
)
def test_a_document_s_own_legend_reads_its_codes(legend_line: str) -> None:
    legend = read_legend(f"Training history\n{legend_line}\nDate Course Result")
    assert legend["C"] is S.ATTENDED
    assert legend["EX"] is S.EXCUSED
    assert read_status(["NS"], [], legend)[0] in (S.NO_SHOW, S.ABSENT)


def test_a_lone_code_without_a_legend_is_read_by_the_common_codes() -> None:
    assert read_status(["NS"], [], {})[0] is S.NO_SHOW
    assert read_status(["INC"], [], {})[0] is S.INCOMPLETE
    assert read_status(["P"], [], {})[0] is S.ATTENDED


def test_a_sign_in_sheet_says_attended_by_a_mark_and_absent_by_a_blank() -> None:
    assert read_status([], ["J.R.", "0758"], {}) == (S.ATTENDED, "signed (J.R.; 0758)")
    assert read_status([], ["-", ""], {}) == (S.ABSENT, "not signed")
    assert read_status(["No card - EXCUSED (training day off)"], ["-"], {})[0] is S.EXCUSED


def test_a_row_with_nothing_to_read_is_unknown_not_attended() -> None:
    assert read_status(["", "-"], [], {})[0] is S.UNKNOWN
