"""Cut stored passages into the segments the coverage analysis examines.

A prose passage is one segment. A table passage (a few rows of a training log or catalog)
becomes one segment per row, because each row is its own course with its own date and
hours: "Course: LVNR Awareness Video; Date: 04/02/2019; Hours: 0.25". The row's descriptive
cells (course, description) are what is matched; officer names, dates and hours are kept
for the quote, the as-of test and the hours total. Prose lines that only repeat a table row
(the page text holds the table too) are dropped, so a row is not counted twice.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from typing import Any

from monell.coverage.course_names import opens_course
from monell.nlp.dates import find_dates, parse_date
from monell.records.coverage import TRAINING_TYPES, Segment, SourcePassage
from monell.resources import load_cues

# Column-header words and the words around a number of hours are data:
# corpora/cues/coverage.yaml.
_VOCABULARY = load_cues("coverage")
_HEADERS = _VOCABULARY["column_headers"]


def _any_word(words: Sequence[str]) -> str:
    return r"\b(" + "|".join(words) + r")\b"


HOURS_HEADER = re.compile(_any_word(_HEADERS["hours"]), re.I)
MINUTES_HEADER = re.compile(_any_word(_HEADERS["minutes"]), re.I)
DATE_HEADER = re.compile("|".join(_HEADERS["date"]), re.I)
COURSE_HEADER = re.compile(_any_word(_HEADERS["course"]), re.I)
# Cells that identify people, places or results rather than what was taught.
NON_CONTENT_HEADER = re.compile(_any_word(_HEADERS["non_content"]), re.I)
NUMBER = re.compile(r"(\d+(?:\.\d+)?)")
# A duration the lesson is about, not how long the lesson is.
DURATION_LEAD = re.compile(r"\b(" + "|".join(_VOCABULARY["duration_leads"]) + r")\s*$")
COURSE_NOUN = re.compile(r"[\s-]*(" + "|".join(_VOCABULARY["course_nouns"]) + r")\b")
LENGTH_LABEL = re.compile("(" + "|".join(_VOCABULARY["length_labels"]) + r")\s*:?\s*$")
WORD_NUMBERS = {
    "half": 0.5,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "twelve": 12,
    "sixteen": 16,
    "twenty": 20,
    "forty": 40,
}
PROSE_HOURS = re.compile(
    r"\b(\d+(?:\.\d+)?|" + "|".join(WORD_NUMBERS) + r")[\s-]*(hours?|hrs?\b\.?|hr\b|h\b"
    r"|minutes?\b|mins?\b)",
    re.I,
)
# The close of "(8.0 h)" or "(2.0 h each)": a course's length in brackets.
BRACKET_CLOSE = re.compile(r"\s*(each|per (session|class|day)|apiece|total)?\s*\)", re.I)
ECHO_SHARE = 0.8  # a page line this much made of table words is the table's own text
MAX_HOURS = 400.0  # a value above this is a badge or a year, not a course length
OCR_LETTERS = {"0": "o", "1": "i", "5": "s", "3": "e", "4": "a", "8": "b"}
OCR_DIGIT = re.compile(r"(?<=[A-Za-z])[013458](?=[A-Za-z])")
# "0fficer" → "officer", but "1st" and "5th" stay
OCR_INITIAL = re.compile(r"\b[0158](?!(?:st|nd|rd|th)\b)(?=[a-z]{2,}\b)")
OCR_INITIAL_LETTERS = {"0": "o", "1": "l", "5": "s", "8": "b"}
MIN_ITEMS = 2  # a passage with this many list items is read item by item
# A list item: a bullet, "1." / "a)" / "IV.", a course code "21-15", or "Block 2" / "Module 7".
ITEM_START = re.compile(
    r"^\s*(?:[-\u2022*\u25aa\u25e6]\s|\(?\d{1,3}[.)]\s|\(?[a-z][.)]\s|[IVX]{1,4}\.\s"
    r"|\d{2,4}-\d{2,4}\b|(?:block|module|unit|lesson|session|chapter|course|topic)\s+\d+\b)",
    re.I,
)


def build_segments(passages: Iterable[SourcePassage]) -> Iterator[Segment]:
    """Segments in passage order: prose passages whole, table passages row by row."""
    grouped: dict[tuple[int, int], list[SourcePassage]] = {}
    for passage in passages:
        grouped.setdefault((passage.document_id, passage.page), []).append(passage)
    for page_passages in grouped.values():
        table_words = {w for p in page_passages if p.is_table for w in _table_words(p.text)}
        for passage in page_passages:
            if passage.is_table:
                yield from _row_segments(passage)
            else:
                yield from _prose_segments(passage, table_words)


def repair_ocr_words(text: str) -> str:
    """Undo OCR's digit-for-letter swaps in words: "Handcuff1ng" → "Handcuffing",
    "P0sitional" → "Positional", "0fficer" → "officer". Numbers stay as they are."""
    text = OCR_DIGIT.sub(lambda m: OCR_LETTERS[m.group(0)], text)
    return OCR_INITIAL.sub(lambda m: OCR_INITIAL_LETTERS[m.group(0)], text)


def parse_row(line: str) -> list[tuple[str, str]]:
    """``"Course: X; Hours: 4.0"`` → ``[("Course", "X"), ("Hours", "4.0")]``."""
    cells = []
    for part in line.split("; "):
        header, sep, value = part.partition(": ")
        cells.append((header.strip(), value.strip()) if sep else ("", part.strip()))
    return [(h, v) for h, v in cells if v]


def parse_hours(text: str, heading: bool = False) -> float | None:
    """A course length ("(4.0 hrs)", "a three-hour course", "Time allotted: 2 hours"; in a
    heading any "2 Hours"), never a duration the lesson teaches ("within 2 minutes",
    "every 15 minutes", "held more than 48 hours")."""
    lengths = (m for m in PROSE_HOURS.finditer(text) if _is_course_length(text, m, heading))
    match = next(lengths, None)
    if not match:
        return None
    amount, unit = match.group(1).lower(), match.group(2).lower()
    value = WORD_NUMBERS.get(amount)
    number = float(value) if value is not None else float(amount)
    hours = number / 60 if unit.startswith("min") else number
    return hours if 0 < hours <= MAX_HOURS else None


def _is_course_length(text: str, match: re.Match[str], heading: bool) -> bool:
    before = text[max(0, match.start() - 30) : match.start()].lower()
    after = text[match.end() : match.end() + 25].lower()
    if DURATION_LEAD.search(before):
        return False
    if heading or (before.rstrip().endswith("(") and BRACKET_CLOSE.match(after)):
        return True
    return bool(COURSE_NOUN.match(after) or LENGTH_LABEL.search(before))


def is_record_row(segment: Segment) -> bool:
    """A labelled table row with no course column, no hours and no date of its own: a tally or
    a record ("Item: Bites on the deployment log; Record: 9"), not a course that was taught."""
    if not segment.is_row or segment.hours is not None or segment.date_source == "row":
        return False
    headers = [h for h, _ in parse_row(segment.quote) if h]
    return bool(headers) and not any(COURSE_HEADER.search(h) for h in headers)


def _is_date(value: str) -> bool:
    """The whole cell is a date ("03/05/2019"), not a title that holds one."""
    found = next(find_dates(value), None)
    return found is not None and found[2] - found[1] >= len(value.strip()) - 2


def _row_segments(passage: SourcePassage) -> Iterator[Segment]:
    for number, line in enumerate(passage.text.splitlines(), start=1):
        cells = parse_row(line)
        content = [
            (h, v)
            for h, v in cells
            if not _is_meta(h)
            and not NUMBER.fullmatch(v.replace(",", ""))
            and not (DATE_HEADER.search(h) or _is_date(v))  # a title may hold a date
        ]
        if not content:
            continue
        row_date = next(
            (d for h, v in cells if DATE_HEADER.search(h) for d in [parse_date(v)] if d), None
        )
        course = next((v for h, v in content if COURSE_HEADER.search(h)), content[0][1])
        yield Segment(
            key=f"p{passage.passage_id}r{number}",
            **_provenance(passage),
            text=repair_ocr_words("; ".join(f"{h}: {v}" if h else v for h, v in content)),
            quote=line,
            is_row=True,
            date=row_date or passage.document_date,
            date_source=_date_source(row_date, passage.document_date),
            hours=_row_hours(cells),
            course=_normalise(course),
            stored_vector=False,
            title=passage.document_title,
        )


def _prose_segments(passage: SourcePassage, table_words: set[str]) -> Iterator[Segment]:
    """The passage whole; in a training document, one part per course it describes (a line
    opening with a course's code and title starts one), and a list (TOC, course list,
    bullets) item by item."""
    lines = passage.text.splitlines()
    kept = (
        [line for line in lines if not _echoes_table(line, table_words)] if table_words else lines
    )
    if passage.doc_type not in TRAINING_TYPES:
        if text := "\n".join(kept).strip():
            yield _prose_segment(passage, text, f"p{passage.passage_id}", len(kept) == len(lines))
        return
    parts = _course_parts(kept)
    for part_number, part in enumerate(parts, start=1):
        key = f"p{passage.passage_id}" + (f"c{part_number}" if len(parts) > 1 else "")
        items = _items(part)
        if len([i for i in items if i[0]]) >= MIN_ITEMS:
            for number, (_, item) in enumerate(items, start=1):
                yield _prose_segment(passage, item, f"{key}i{number}", False)
        elif text := "\n".join(part).strip():
            whole = len(parts) == 1 and len(kept) == len(lines)
            yield _prose_segment(passage, text, key, whole)


def _course_parts(lines: list[str]) -> list[list[str]]:
    """Lines grouped so that each course's description starts a group of its own."""
    parts: list[list[str]] = [[]]
    for line in lines:
        if opens_course(line) and any(x.strip() for x in parts[-1]):
            parts.append([])
        parts[-1].append(line)
    return [part for part in parts if any(x.strip() for x in part)] or [lines]


def _items(lines: list[str]) -> list[tuple[bool, str]]:
    """(is a list item, text) groups: an item line starts one, other lines continue it."""
    groups: list[tuple[bool, list[str]]] = []
    for line in lines:
        if not line.strip():
            continue
        if ITEM_START.match(line) or not groups:
            groups.append((bool(ITEM_START.match(line)), [line.strip()]))
        else:
            groups[-1][1].append(line.strip())
    return [(is_item, "\n".join(text)) for is_item, text in groups]


def _prose_segment(passage: SourcePassage, text: str, key: str, stored_vector: bool) -> Segment:
    hours = parse_hours(text) or parse_hours(passage.heading or "", heading=True)
    return Segment(
        key=key,
        **_provenance(passage),
        text=repair_ocr_words(text),
        quote=text,
        is_row=False,
        date=passage.document_date,
        date_source=_date_source(None, passage.document_date),
        hours=hours,
        course=_normalise(passage.heading) if passage.heading else None,
        stored_vector=stored_vector and repair_ocr_words(text) == text,
        title=passage.document_title,
    )


def _table_words(text: str) -> Iterator[str]:
    """Every word of a table passage's cells and headers."""
    for line in text.splitlines():
        for header, value in parse_row(line):
            yield from _normalise(f"{header} {value}").split()


def _echoes_table(line: str, table_words: set[str]) -> bool:
    """A line of page text that only repeats table cells (wrapped cells give partial rows)."""
    # Cell separators ("|" in a spreadsheet's rendering) are not words.
    words = [w for w in _normalise(line).split() if any(c.isalnum() for c in w)]
    return bool(words) and sum(w in table_words for w in words) >= ECHO_SHARE * len(words)


def _row_hours(cells: Sequence[tuple[str, str]]) -> float | None:
    for header, value in cells:
        number = NUMBER.search(value)
        if not number or parse_date(value) is not None:
            continue
        if MINUTES_HEADER.search(header):
            return float(number.group(1)) / 60
        if HOURS_HEADER.search(header) and 0 < float(number.group(1)) <= MAX_HOURS:
            return float(number.group(1))
    return None


def _is_meta(header: str) -> bool:
    return bool(
        NON_CONTENT_HEADER.search(header)
        or HOURS_HEADER.search(header)
        or MINUTES_HEADER.search(header)
        or DATE_HEADER.search(header)
    ) and not COURSE_HEADER.search(header)


def _provenance(passage: SourcePassage) -> dict[str, Any]:
    """Where a segment comes from: its passage's citation fields."""
    return {
        "passage_id": passage.passage_id,
        "document_id": passage.document_id,
        "file": passage.file,
        "production": passage.production,
        "page": passage.page,
        "bates": passage.bates,
        "doc_type": passage.doc_type,
        "heading": passage.heading,
        "cite": passage.cite,
    }


def _date_source(row_date: date | None, document_date: date | None) -> str | None:
    return "row" if row_date else "document" if document_date else None


def _normalise(text: str) -> str:
    return " ".join(text.lower().split())


def by_document(segments: Sequence[Segment]) -> dict[int, list[Segment]]:
    """The segments of each document, documents and segments in reading order."""
    documents: dict[int, list[Segment]] = {}
    for segment in segments:
        documents.setdefault(segment.document_id, []).append(segment)
    return documents
