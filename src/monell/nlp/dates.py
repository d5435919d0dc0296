"""Dates in produced documents: parse them, find a document's own date, type spaCy DATE spans.

A Monell claim turns on *when*: whether a policy was in force, or a course had been given,
before the incident. So a date is kept only when it is absolute and plausible, and every
``FoundDate`` carries the text as written and its context for a reviewer to check.

Parsing itself (dateparser behind a cheap regex, ranges, OCR digits) is date_parse.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from typing import NamedTuple

from monell.nlp.date_parse import (
    DATE_PATTERN,
    YEAR_PATTERN,
    find_dates,
    is_plausible,
    parse_date,
    parse_date_span,
    period_end,
    repair_ocr,
)
from monell.records import DateRole, FoundDate, Table
from monell.resources import load_cues

__all__ = ["collect_dates", "find_dates", "find_key_date", "parse_date", "stated_date"]

# A policy states its date in the header of page 1; a cover sheet, transmittal memo or
# table of contents can push that header to page 2 or 3. Later pages only repeat the
# running header, and their body text cites other documents' dates ("rescinds GO 300 dated…").
FIRST_PAGES = 3
CONTEXT_CHARS = 120
LABEL_LOOKBACK = 40  # characters before a date searched for its label ("Effective Date:")
# Why effective first: the effective date decides whether a policy was in force on the
# incident date, which is what a Monell "policy or custom" claim must show. The issue date
# is next best (policies take effect on issue unless they say otherwise); a revision date
# only dates the latest wording; a course date dates training, not a policy.
ROLE_PRECEDENCE = (DateRole.EFFECTIVE, DateRole.ISSUED, DateRole.REVISED, DateRole.COURSE)

# The label words of each role and the words of a cited document are data:
# corpora/cues/dates.yaml, where a space stands for any run of spaces on one line.
_VOCABULARY = load_cues("dates")
_GAP = r"[^\S\n]+"


def _alternatives(words: Sequence[str]) -> str:
    return "|".join(word.replace(" ", _GAP) for word in words)


_LABELS = (
    "|".join(f"(?P<{role}>{_alternatives(words)})" for role, words in _VOCABULARY["labels"].items())
    + f"|(?P<period>{_alternatives(_VOCABULARY['period'])})"
)
# A document states its own period of force near the top of a page (a cover line, a header);
# further down, "in effect since 2015" is about another rule.
PERIOD_HEAD_CHARS = 600
# Words that make a dated label on the same line another document's: the order this one
# supersedes or rescinds, the statute it implements.
_CITED = re.compile(
    r"\b(?:" + _alternatives(_VOCABULARY["cited"]) + r"|[AS]\.?B\.?[^\S\n]*\d+)|§",
    re.IGNORECASE,
)
_SEPARATOR = r"[^\S\n]*[:\-–—]?\s*"  # label and date may sit on adjacent lines (Detroit, Atlanta)
# A bare "Date:" at the start of a line dates a directive's header (Boston, Memphis): it is
# taken as the issue date, ranked below every explicit label.
_LABEL_BEFORE = re.compile(
    rf"(?:\b(?:{_LABELS})|(?P<generic>(?:\A|\n)[^\S\n]*date[^\S\n]*:)){_SEPARATOR}\Z",
    re.IGNORECASE,
)
_LABEL_CELL = re.compile(rf"\s*(?:{_LABELS}|(?P<generic>date))\s*[:.]?\s*", re.IGNORECASE)
_WHITESPACE = re.compile(r"\s+")


class _Label(NamedTuple):
    role: DateRole
    explicit: bool  # False for a bare "Date", which could be any kind of date
    period: bool = False  # "in effect from …": counted only near the top of a page


_Rank = tuple[int, int, int, int, int]


class _Candidate(NamedTuple):
    rank: _Rank
    found: FoundDate


def find_key_date(
    pages: Sequence[str], tables: Sequence[Table] = (), *, today: date | None = None
) -> FoundDate | None:
    """Return the document's own date, as stated by a label, or None when none is stated.

    Only the first ``FIRST_PAGES`` pages and their tables are read for labelled dates, while
    a roster's date column is read on every page. When several are stated, the role
    precedence is effective > issued > revised > course; then an explicit label beats a bare
    "Date:", then the earlier page, page text before tables, and the earlier position. A
    labelled course date is its last day (a range's end, a month's last day): a course counts
    once it was completed. A roster's "Date"/"Course Date" column contributes one COURSE
    date: its earliest (each row keeps its own date for coverage).
    """
    candidates = [
        candidate
        for number, text in enumerate(pages[:FIRST_PAGES], start=1)
        for candidate in _labelled_dates(text, number, today, source=0)
    ]
    candidates += _table_candidates(tables, today)
    # min() keeps the first of equal ranks: the earlier row or cell of a table.
    return min(candidates, key=lambda c: c.rank).found if candidates else None


# A producer's metadata dates, best first: the document date a vendor coded, when an
# email was sent, when a file was created. A modification date is often the collection
# date, so it never dates a document.
STATED_DATE_FIELDS = ("doc_date", "date_sent", "date_created", "date_received")


def stated_date(fields: Sequence[tuple[str, str]]) -> FoundDate | None:
    """The date a load file or a native's own metadata gives the document, when its text
    states none (the text's own effective or issued date always wins)."""
    values = dict(fields)
    for name in STATED_DATE_FIELDS:
        raw = printed = values.get(name, "").strip()
        iso_time = re.match(r"\d{4}-\d{2}-\d{2}[T ]\d", raw)
        compact = re.fullmatch(r"((?:19|20)\d\d)(\d\d)(\d\d)(?:[T ]?\d{4,6})?", raw)  # 20190304
        if compact:
            raw = f"{compact[1]}-{compact[2]}-{compact[3]}"
        value = parse_date(raw[:10] if iso_time else raw) if raw else None
        if value is None and raw and name == STATED_DATE_FIELDS[0]:
            return (
                None  # a document date the producer coded but we cannot read: never a later field
            )
        if value is not None:
            return FoundDate(
                value=value,
                role=DateRole.ISSUED,
                text=f"{name} {printed}",
                page_number=1,
                context=f"stated in the production's metadata ({name}), not in the text",
            )
    return None


def collect_dates(
    entities: Iterable[tuple[str, int, int]],
    text: str,
    page_number: int,
    *,
    today: date | None = None,
) -> list[FoundDate]:
    """Turn spaCy DATE entity spans into dates, typed by the label just before each one.

    Args:
        entities: (entity text, start char, end char) of DATE entities within ``text``.
        text: the page text the entities were found in.
        page_number: 1-based page number recorded on each date.

    Returns:
        One ``FoundDate`` per distinct (value, text) in entity order; spans that are not an
        absolute date ("annually", "two weeks", "the same day") are skipped.
    """
    found: list[FoundDate] = []
    seen: set[tuple[date, str]] = set()
    for _, start, end in entities:
        result = _date_in_span(text, start, end, today)
        if result is None or (result[0], text[result[1] : result[2]]) in seen:
            continue
        value, date_start, date_end = result
        label = _label_before(text, date_start)
        role = label.role if label else DateRole.MENTION
        seen.add((value, text[date_start:date_end]))
        found.append(_found(value, role, text, date_start, date_end, page_number))
    return found


def _date_in_span(
    text: str, start: int, end: int, today: date | None
) -> tuple[date, int, int] | None:
    """The first date inside one entity span, in ``text`` coordinates."""
    for value, date_start, date_end in find_dates(text[start:end], today=today):
        return value, start + date_start, start + date_end
    year = _year_after_label(text, start, end, today)
    return (year, start, end) if year else None


def _labelled_dates(
    text: str, page_number: int, today: date | None, source: int
) -> Iterator[_Candidate]:
    """Dates in ``text`` that a label just before them makes key dates."""
    repaired = repair_ocr(text)
    spans = [(m.start(), m.end(), False) for m in DATE_PATTERN.finditer(repaired)]
    spans += [(m.start(), m.end(), True) for m in YEAR_PATTERN.finditer(repaired)]
    for start, end, bare_year in spans:
        # The label is checked first, so dateparser runs only on the few labelled dates.
        labelled = _label_at(repaired, start)
        if labelled is None or _in_citation(repaired, labelled[1]):
            continue
        label = labelled[0]
        if label.period and start > PERIOD_HEAD_CHARS:
            continue
        if bare_year:
            value = _year_after_label(repaired, start, end, today)
        else:
            value = parse_date_span(repaired[start:end])
        if value is None or not is_plausible(value, today):
            continue
        if label.role is DateRole.COURSE and not bare_year:
            value, end = period_end(repaired, start, end, today)  # completed on its last day
        found = _found(value, label.role, text, start, end, page_number)
        yield _Candidate(_rank(label, page_number, source, start), found)


def _table_candidates(tables: Sequence[Table], today: date | None) -> list[_Candidate]:
    """Key dates in table cells: label and date in one cell, side by side, or in a column."""
    candidates: list[_Candidate] = []
    columns: list[_Candidate] = []
    for table in tables:
        in_header = table.page_number <= FIRST_PAGES
        for row_index, row in enumerate(table.rows):
            for col, cell in enumerate(row):
                if in_header:
                    candidates += _labelled_dates(cell, table.page_number, today, source=1)
                label = _label_cell(cell)
                if label is None:
                    continue
                beside = _cell_date(row, col + 1, table.page_number, label, today)
                if beside is not None and in_header:
                    candidates.append(beside)
                elif beside is None:
                    below = _column_dates(table, row_index, col, label, today)
                    columns += [c for c in below if in_header or c.found.role is DateRole.COURSE]
    # A roster's date column lists every session attended: it counts once, as its earliest.
    course = [c for c in columns if c.found.role is DateRole.COURSE]
    others = [c for c in columns if c.found.role is not DateRole.COURSE]
    return candidates + others + ([min(course, key=lambda c: c.found.value)] if course else [])


def _column_dates(
    table: Table, row_index: int, col: int, label: _Label, today: date | None
) -> list[_Candidate]:
    """Dates below a label cell; a bare "Date" column header is a roster's course dates."""
    role = DateRole.COURSE if not label.explicit else label.role
    column_label = _Label(role, explicit=True)
    dates = [
        _cell_date(row, col, table.page_number, column_label, today)
        for row in table.rows[row_index + 1 :]
    ]
    found = [candidate for candidate in dates if candidate is not None]
    return found if role is DateRole.COURSE else found[:1]


def _cell_date(
    row: tuple[str, ...], col: int, page_number: int, label: _Label, today: date | None
) -> _Candidate | None:
    """The first date in ``row[col]``, with the whole row as its context."""
    if col >= len(row):
        return None
    for value, start, end in find_dates(row[col], today=today):
        offset = sum(len(cell) + 3 for cell in row[:col])  # cells joined by " | "
        row_text = " | ".join(row)
        found = _found(value, label.role, row_text, offset + start, offset + end, page_number)
        return _Candidate(_rank(label, page_number, 1, offset + start), found)
    return None


def _rank(label: _Label, page_number: int, source: int, position: int) -> _Rank:
    """Sort key: role precedence, explicit label, page, page text before tables, position."""
    return (
        ROLE_PRECEDENCE.index(label.role),
        0 if label.explicit else 1,
        page_number,
        source,
        position,
    )


def _in_citation(text: str, label_start: int) -> bool:
    """The label and date belong to another document the line cites: "supersedes General
    Order 2.1, effective March 1, 2012", "Rescinds: GO 300 issued 01/01/2015", "implements
    Penal Code 835a (AB 392, effective January 1, 2020)"."""
    line_start = text.rfind("\n", 0, label_start) + 1
    return _CITED.search(text, line_start, label_start) is not None


def _label_before(text: str, start: int) -> _Label | None:
    """The date label ending just before ``start``, if any."""
    found = _label_at(text, start)
    return found[0] if found else None


def _label_at(text: str, start: int) -> tuple[_Label, int] | None:
    """The date label ending just before ``start`` and where it starts in ``text``."""
    low = max(0, start - LABEL_LOOKBACK)
    # A truncated window must not look like the start of a line to the bare "Date:" rule.
    window = ("\0" if low else "") + text[low:start]
    match = _LABEL_BEFORE.search(window)
    if match is None:
        return None
    label_start = low + match.start() - (1 if low else 0)
    if text[label_start : label_start + 1] == "\n":  # a bare "Date:" label opens its line
        label_start += 1
    return _label_from(match), label_start


def _label_cell(cell: str) -> _Label | None:
    """The label a whole table cell holds ("Course Date", "Effective Date:", "Date")."""
    match = _LABEL_CELL.fullmatch(cell)
    return _label_from(match) if match else None


def _label_from(match: re.Match[str]) -> _Label:
    if match.group("generic"):
        return _Label(DateRole.ISSUED, explicit=False)
    if match.group("period"):
        return _Label(DateRole.EFFECTIVE, explicit=True, period=True)
    role = next(role for role in ROLE_PRECEDENCE if match.group(role.value))
    return _Label(role, explicit=True)


def _year_after_label(text: str, start: int, end: int, today: date | None) -> date | None:
    """January 1 of a bare year that follows a date label ("Revised 2019"), else None.

    January 1 is the earliest day the label allows; ``FoundDate.text`` keeps "2019", so a
    reviewer can see that the day and month were not stated.
    """
    match = YEAR_PATTERN.fullmatch(repair_ocr(text[start:end]).strip())
    if match is None or _label_before(text, start) is None:
        return None
    value = date(int(match.group()), 1, 1)
    return value if is_plausible(value, today) else None


def _found(
    value: date, role: DateRole, text: str, start: int, end: int, page_number: int
) -> FoundDate:
    written = text[start:end]
    return FoundDate(value, role, written, page_number, _context(text, start, end))


def _context(text: str, start: int, end: int) -> str:
    """Up to ``CONTEXT_CHARS`` characters on one line, the date near the middle."""
    middle = _WHITESPACE.sub(" ", text[start:end])
    room = max(0, CONTEXT_CHARS - len(middle))
    before = _WHITESPACE.sub(" ", text[max(0, start - room) : start]).lstrip()
    after = _WHITESPACE.sub(" ", text[end : end + room]).rstrip()
    keep = min(len(before), max(room // 2, room - len(after)))
    before = before[len(before) - keep :]
    after = after[: room - len(before)]
    return f"{before}{middle}{after}".strip()
