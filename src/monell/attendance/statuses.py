"""What a row says happened: attended, absent, no-show, excused, made up, … read from its
status cells, the document's own legend of result codes, or the marks of a sign-in sheet.

The words are data (corpora/cues/attendance.yaml, ``statuses``), tried in order, so "not
completed" is read before "completed" and "no show" before "show". A code alone in a cell
("NS", "EX") is read through the legend the document prints ("NS = enrolled, did not
attend"), else through the common codes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date

from monell.nlp.date_parse import find_dates
from monell.records.attendance import AttendanceStatus
from monell.resources import load_cues

_CUES = load_cues("attendance")
STATUS_WORDS: tuple[tuple[AttendanceStatus, re.Pattern[str]], ...] = tuple(
    (AttendanceStatus[name.upper()], re.compile("|".join(words), re.I))
    for name, words in _CUES["statuses"].items()
)
CODES = {code: AttendanceStatus[name.upper()] for code, name in _CUES["codes"].items()}
LEGEND_PAIR = re.compile(_CUES["legend_pair"])
BLANK = re.compile(r"^\s*(?:" + "|".join(_CUES["blank"]) + r")?\s*$", re.I)
# "not made up", "never made up", "no make-up": the missed row stays missed.
NOT_MADE_UP = re.compile(
    r"\b(?:not|never|no|none)\b[^.;]{0,12}\bmake-?up|\bmake-?up\W+(?:none|not|no)\b", re.I
)
LEGEND_MEANING_WORDS = 8  # a legend's meaning is a few words ("enrolled, did not attend")


def is_blank(cell: str) -> bool:
    return bool(BLANK.match(cell))


def read_legend(text: str) -> dict[str, AttendanceStatus]:
    """The result codes a document defines, on lines that define two or more of them
    ("Result codes: C = completed; NS = enrolled, did not attend; EX = excused")."""
    legend: dict[str, AttendanceStatus] = {}
    for line in text.splitlines():
        pairs = LEGEND_PAIR.findall(line)
        if len(pairs) < 2:
            continue
        for code, meaning in pairs:
            if len(meaning.split()) > LEGEND_MEANING_WORDS:
                meaning = " ".join(meaning.split()[:LEGEND_MEANING_WORDS])
            status = status_of_words(meaning)
            if status is not None:
                legend[code] = status
    return legend


def status_of_words(text: str) -> AttendanceStatus | None:
    """The first status whose words the text holds (None: no status word)."""
    if not text.strip():
        return None
    for status, words in STATUS_WORDS:
        if status is AttendanceStatus.MADE_UP and NOT_MADE_UP.search(text):
            continue
        if words.search(text):
            return status
    return None


def read_status(
    status_cells: Sequence[str],
    sign_cells: Sequence[str],
    legend: Mapping[str, AttendanceStatus],
) -> tuple[AttendanceStatus, str]:
    """The row's status and the words it was read from.

    A code alone in a cell is read through the legend, then the common codes; otherwise the
    status words of all the status cells together; a sign-in sheet with no status word says
    attended when the officer signed (or clocked in or out), absent when every mark is blank.
    """
    filled = [" ".join(cell.split()) for cell in status_cells if not is_blank(cell)]
    for cell in filled:
        code = cell.strip(" .*")
        if code in legend:
            return legend[code], cell
        if code.upper() in legend:
            return legend[code.upper()], cell
    words = "; ".join(filled)
    status = status_of_words(words)
    if status is not None:
        return status, words
    for cell in filled:
        code = cell.strip(" .*")
        if code in CODES:
            return CODES[code], cell
    if sign_cells:
        marks = [cell for cell in sign_cells if not is_blank(cell)]
        if marks:
            return AttendanceStatus.ATTENDED, f"signed ({'; '.join(marks)})"
        return AttendanceStatus.ABSENT, "not signed"
    return AttendanceStatus.UNKNOWN, words


def made_up_on(text: str) -> date | None:
    """The date a missed row says the session was made up ("made up 03/04/2021")."""
    match = re.search(r"made[- ]up|make-?up", text, re.I)
    if match is None or NOT_MADE_UP.search(text):
        return None
    return next((value for value, _, _ in find_dates(text[match.start() :])), None)
