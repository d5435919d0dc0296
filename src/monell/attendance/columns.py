"""What each column of a roster or a transcript table holds, from its header cell.

A table with a name column is a roster (one officer a row: sign-in sheet, class roster,
vendor certification roster); a table with a course or code column and a date column but
no name is a transcript (one course a row, the officer named above it). A table with an
expiry column is a list of certifications, not of sessions, and is not read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from monell.nlp.date_parse import find_dates
from monell.resources import load_cues

_CUES = load_cues("attendance")
ROLES = tuple(_CUES["columns"])  # the order roles are tried in
ROLE_PATTERNS = {
    role: re.compile(r"^(?:" + "|".join(words) + r")$", re.I)
    for role, words in _CUES["columns"].items()
}
SIGN_COLUMN = re.compile(r"^(?:" + "|".join(_CUES["sign_columns"]) + r")$", re.I)
NOT_ROSTER_COLUMN = re.compile(r"^(?:" + "|".join(_CUES["not_roster_columns"]) + r")$", re.I)
EXPIRY_COLUMN = re.compile(r"^(?:" + "|".join(_CUES["expiry_columns"]) + r")$", re.I)
DATE_SHARE = 0.5  # a column is a date column when half its filled cells hold a date
HOURS_CELL = re.compile(r"^\s*\d{1,3}(?:[.,]\d{1,2})?\s*(?:h|hrs?\.?|hours?)?\s*$", re.I)


@dataclass(frozen=True)
class Columns:
    """The index of each role's column (the first one for single roles)."""

    name: int | None = None
    badge: int | None = None
    rank: int | None = None
    date: int | None = None
    code: int | None = None
    course: int | None = None
    hours: int | None = None
    status: tuple[int, ...] = ()
    sign: tuple[int, ...] = ()
    other: tuple[int, ...] = field(default=())

    @property
    def layout(self) -> str | None:
        """ "roster", "transcript", or None (not an attendance table)."""
        if self.name is not None:
            return "roster"
        if (self.course is not None or self.code is not None) and self.date is not None:
            return "transcript"
        return None


def header_text(cell: str) -> str:
    return " ".join(cell.replace("\n", " ").split()).strip(" :*").lower()


def read_columns(rows: tuple[tuple[str, ...], ...]) -> Columns | None:
    """The columns of a table whose first row is its header; None for a table that lists
    certifications, or whose header names no attendance columns."""
    if len(rows) < 2:
        return None
    header = [header_text(cell) for cell in rows[0]]
    if any(EXPIRY_COLUMN.match(cell) or NOT_ROSTER_COLUMN.match(cell) for cell in header):
        return None
    found: dict[str, list[int]] = {}
    for index, cell in enumerate(header):
        role = next((r for r in ROLES if ROLE_PATTERNS[r].match(cell)), None)
        if role is not None:
            found.setdefault(role, []).append(index)
    date = _first(found, "date")
    if date is not None and not _holds_dates(rows, date):
        date = None
    code, course = _first(found, "code"), _first(found, "course")
    courses = found.get("course", [])
    if code is None and len(courses) > 1 and _looks_like_codes(rows, courses[0]):
        code, course = courses[0], courses[1]  # "course | title": the code, then the title
    if course is None and code is not None and not _looks_like_codes(rows, code):
        code, course = None, code  # a "Class" column holding titles
    status = tuple(found.get("status", ()))
    if not status:  # "Station A | Station B", a second "Code": the cells no role claims
        claimed = {indexes[0] for indexes in found.values()} | {
            c for c in (code, course) if c is not None
        }
        status = tuple(i for i in range(len(header)) if i not in claimed)
    return Columns(
        name=_first(found, "name"),
        badge=_first(found, "badge"),
        rank=_first(found, "rank"),
        date=date,
        code=code,
        course=course,
        hours=_hours_column(rows, found.get("hours", [])),
        status=status,
        sign=tuple(i for i in status if SIGN_COLUMN.match(header[i])),
    )


def _first(found: dict[str, list[int]], role: str) -> int | None:
    return found[role][0] if role in found else None


def _cells(rows: tuple[tuple[str, ...], ...], index: int) -> list[str]:
    return [row[index].strip() for row in rows[1:] if index < len(row) and row[index].strip()]


def _holds_dates(rows: tuple[tuple[str, ...], ...], index: int) -> bool:
    cells = _cells(rows, index)
    dated = sum(1 for cell in cells if next(find_dates(cell), None) is not None)
    return bool(cells) and dated >= DATE_SHARE * len(cells)


def _looks_like_codes(rows: tuple[tuple[str, ...], ...], index: int) -> bool:
    cells = _cells(rows, index)
    return bool(cells) and all(len(cell.split()) <= 2 for cell in cells)


def _hours_column(rows: tuple[tuple[str, ...], ...], candidates: list[int]) -> int | None:
    for index in candidates:
        cells = _cells(rows, index)
        if cells and sum(1 for c in cells if HOURS_CELL.match(c)) >= DATE_SHARE * len(cells):
            return index
    return None
