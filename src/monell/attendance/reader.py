"""One training document → its attendance rows: one row per officer and course session.

Rosters (sign-in sheets, class rosters, vendor certification rosters) give one officer a
row, under a heading that names the course and dates the session when the row does not;
transcripts and training histories give one course a row, under a heading or a key-value
block naming the officer. Both are read from the page's tables, in page order, with the
lines between tables as their context (attendance/context.py). A row whose name cannot be
read is kept, with an empty name, so it can be listed as unmatched.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from monell.attendance.columns import Columns, read_columns
from monell.attendance.context import (
    Context,
    Officer,
    badge_in,
    codes_in,
    document_course,
    find_end,
    find_header,
    hours_in,
    officer_fields,
    read_lines,
)
from monell.attendance.people import BADGE_TAIL, is_note, parse_name
from monell.attendance.statuses import is_blank, made_up_on, read_legend, read_status
from monell.nlp.date_parse import find_dates
from monell.records import DocumentText, Table
from monell.records.attendance import AttendanceRow, AttendanceStatus

MAX_ROWS_PER_TABLE = 5_000


@dataclass(frozen=True)
class Source:
    """Where a document's rows are cited from."""

    document_id: int
    file: str


@dataclass(frozen=True)
class _Place:
    source: Source
    page: int
    bates: str | None
    within: str | None


def read_attendance(document: DocumentText, source: Source) -> list[AttendanceRow]:
    """Every attendance row of a document, in page order."""
    text = "\n".join(page.text for page in document.pages)
    legend = read_legend(text)
    first_page = document.pages[0].text if document.pages else ""
    title = document_course(first_page)
    context = Context()
    rows: list[AttendanceRow] = []
    tables: dict[int, list[Table]] = {}
    for table in document.tables:
        tables.setdefault(table.page_number, []).append(table)
    for page in document.pages:
        lines = page.text.splitlines()
        cursor = 0
        for table in sorted(tables.get(page.number, []), key=lambda t: t.index):
            if not table.rows:
                continue
            start = find_header(lines, cursor, table.rows[0])
            if start is not None:
                context = read_lines(context, lines[cursor:start])
                cursor = find_end(lines, start, table.rows)
            context = officer_fields(table.rows, context)
            columns = read_columns(table.rows)
            if columns is None or columns.layout is None:
                continue
            for row in _read_table(table, columns, context, title, legend, source, page.bates):
                rows.append(row)
        context = read_lines(context, lines[cursor:])
    return rows


def _read_table(
    table: Table,
    columns: Columns,
    context: Context,
    title: Context,
    legend: dict[str, AttendanceStatus],
    source: Source,
    bates: str | None,
) -> Iterator[AttendanceRow]:
    layout = columns.layout
    if layout == "transcript" and context.officer is None:
        return  # a list of sessions with nobody named: the coverage stage reads it
    if layout == "roster" and context.report:
        return
    for number, cells in enumerate(table.rows[1 : MAX_ROWS_PER_TABLE + 1], start=1):
        if all(is_blank(cell) for cell in cells):
            continue
        within = None
        if table.title and len(table.row_numbers) > number:
            within = f"sheet {table.title}, row {table.row_numbers[number]}"
        place = _Place(source, table.page_number, bates, within)
        row = _read_row(cells, columns, context, title, legend, place)
        if row is not None:
            yield row


def _cell(cells: tuple[str, ...], index: int | None) -> str:
    if index is None or index >= len(cells):
        return ""
    return " ".join(cells[index].split())


def _read_row(
    cells: tuple[str, ...],
    columns: Columns,
    context: Context,
    title: Context,
    legend: dict[str, AttendanceStatus],
    place: _Place,
) -> AttendanceRow | None:
    officer = _row_officer(cells, columns, context)
    if officer is None:
        return None
    course_cell, code_cell = _cell(cells, columns.course), _cell(cells, columns.code)
    course = course_cell or code_cell or context.course or title.course
    codes = ((code_cell,) if code_cell else ()) + codes_in(f"{code_cell} {course_cell}")
    if columns.layout == "roster" and not codes:
        codes = context.codes or title.codes
    start, end = _row_dates(_cell(cells, columns.date), context, columns)
    if columns.layout == "transcript" and not course_cell and not code_cell:
        return None
    status_cells = [_cell(cells, i) for i in columns.status]
    sign_cells = [_cell(cells, i) for i in columns.sign]
    plain = [c for i, c in zip(columns.status, status_cells, strict=True) if i not in columns.sign]
    status, words = read_status(
        plain + [c for c in sign_cells if not _is_time(c)], sign_cells, legend
    )
    hours = _hours(_cell(cells, columns.hours)) if columns.hours is not None else None
    if hours is None:
        hours = hours_in(" ".join(cells)) if columns.layout == "roster" else None
        hours = hours if hours is not None else (context.hours or title.hours)
    if status is AttendanceStatus.UNKNOWN and columns.layout == "transcript" and (hours or 0) > 0:
        status, words = AttendanceStatus.ATTENDED, f"listed with {hours:g} h credited"
    return AttendanceRow(
        name=officer.name,
        badge=officer.badge,
        badge_kind=officer.badge_kind,
        course=course,
        codes=tuple(dict.fromkeys(c for c in codes if c)),
        start=start,
        end=end,
        status=status,
        status_text=words,
        hours=hours,
        layout=columns.layout or "roster",
        document_id=place.source.document_id,
        file=place.source.file,
        page=place.page,
        bates=place.bates,
        quote=" | ".join(" ".join(cell.split()) for cell in cells),
        within=place.within,
        made_up_on=made_up_on(" ".join(status_cells)),
    )


def _row_officer(cells: tuple[str, ...], columns: Columns, context: Context) -> Officer | None:
    if columns.layout == "transcript":
        return context.officer
    printed = _cell(cells, columns.name)
    rank = re.sub(r"\s*\(.*?\)", "", _cell(cells, columns.rank))  # "Det. (acting)"
    badge_cell = _cell(cells, columns.badge)
    badge, kind = (badge_cell.strip(" #"), "badge") if badge_cell else badge_in(printed)
    if badge and not re.search(r"\d", badge):
        badge = None
    name = f"{rank} {printed}".strip() if rank and not printed.startswith(rank) else printed
    name = BADGE_TAIL.sub("", name).strip()
    if not badge and (is_blank(printed) or re.fullmatch(r"[\d\s.#-]*", printed)):
        return None  # an empty or numbers-only line
    readable = parse_name(name) is not None
    if not readable and is_note(printed):
        return None  # "Other enrolled members (8)": a note, not an officer
    return Officer(name=name if readable else "", badge=badge, badge_kind=kind)


def _row_dates(cell: str, context: Context, columns: Columns) -> tuple[date | None, date | None]:
    dates = [value for value, _, _ in find_dates(cell)] if cell else []
    if dates:
        return dates[0], dates[-1]
    if columns.layout == "roster" and context.session is not None:
        return context.session, context.session_end or context.session
    return None, None


def _hours(cell: str) -> float | None:
    match = re.search(r"\d{1,3}(?:[.,]\d{1,2})?", cell)
    return float(match.group().replace(",", ".")) if match else None


def _is_time(cell: str) -> bool:
    return bool(re.fullmatch(r"\d{3,4}|\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?", cell.strip(), re.I))
