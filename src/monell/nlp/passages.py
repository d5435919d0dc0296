"""Split a document into passages: sentence groups of about 40–150 words, within one page.

A passage never crosses a page (its citation is one page and one Bates number) and
never crosses a section heading (it belongs to one section, whose heading it carries,
e.g. "300.3 DEADLY FORCE"). Ruled tables become passages of a few rows, each row
spelled out with its column headers so a roster row reads as a sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from monell.ingest.bates import parse_bates
from monell.nlp.pipeline import PageAnnotation
from monell.records import PageText, Passage, PassageKind, Table
from monell.resources import load_cues

TARGET_WORDS = 90  # close a passage once it reaches this size…
MAX_WORDS = 150  # …and never let one grow past this (long sentences are windowed)
MIN_WORDS = 40  # a shorter tail is merged into the previous passage of its section
# …nor past this many characters: text without spaces (a 30 MB run, a CSV row of 100,000
# cells) would otherwise make one passage of megabytes, and every later stage reads each
# passage whole (issue 22). 150 words of 12 letters.
MAX_CHARS = 1_800
TABLE_ROWS_PER_PASSAGE = 4
MAX_HEADING_WORDS = 12

_NUMBERED = re.compile(r"^(?:§\s*)?\d{1,4}(?:\.\d{1,4}){0,3}\.?\s+[A-Z][^.!?]*$")
# Heading labels and stamp words are data: corpora/cues/passages.yaml.
_VOCABULARY = load_cues("passages")
_LABELLED = re.compile(
    "^(?:" + "|".join(_VOCABULARY["section_labels"]) + r")\s+[\dIVXLA-Z]{1,6}\b.*$",
    re.IGNORECASE,
)
# Words that share a line with a Bates number in a page's footer or header; "" is what is left
# of a lone mark ("-", "|") once punctuation is trimmed.
FURNITURE = frozenset(_VOCABULARY["furniture"]) | {""}
CAPS = 0.9  # share of a line's letters in capitals that makes it a capitals line
CAPS_PAGE_LINES = 4  # a page needs this many lines of words to be judged typed in capitals
CAPS_PAGE_SHARE = 0.6
_STAMP = re.compile(r"CONFIDENTIAL|PROTECTIVE\s+ORDER|EYES\s+ONLY")  # stamped in capitals
_MINOR_WORDS = frozenset(
    ["a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with"]
)
_ROMAN_OR_LETTER = re.compile(r"^(?:[IVX]{1,5}|[A-H])\.\s+[A-Z][^.!?]*$")


def detect_heading(line: str, caps_titles: bool = True) -> str | None:
    """The heading a line states, or None: numbered, labelled, or an all-caps title line
    (``caps_titles=False`` on a page typed all in capitals, where such lines are its text)."""
    text = " ".join(line.split())
    words = text.split()
    if not words or len(words) > MAX_HEADING_WORDS or text.endswith((",", ";")):
        return None
    letters = [c for c in text if c.isalpha()]
    # A heading starts with its number or title, not with a bracket or a stray mark
    # ("(CALEA 5" is the tail of a citation that wrapped onto its own line).
    if len(letters) < 3 or not (text[0].isalnum() or text[0] == "§"):
        return None
    if _LABELLED.match(text):
        return text
    # A numbered line is a heading only when titled ("300.3 Deadly Force"), not when it
    # is the first line of a numbered list item ("1. Felony crimes--which are…").
    if (_NUMBERED.match(text) or _ROMAN_OR_LETTER.match(text)) and _is_titled(words[1:]):
        return text
    if caps_titles and _upper_share(text) > CAPS and len(words) >= 2 and not text.endswith("."):
        return text
    return None


def _mostly_capitals(text: str) -> bool:
    """A page typed or OCR'd in capitals: most of its lines of words are upper case."""
    lines = [line for line in text.splitlines() if sum(c.isalpha() for c in line) >= 3]
    caps = [line for line in lines if _upper_share(line) > CAPS]
    return len(lines) >= CAPS_PAGE_LINES and len(caps) >= CAPS_PAGE_SHARE * len(lines)


def _upper_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    return sum(c.isupper() for c in letters) / len(letters) if letters else 0.0


def _is_titled(words: list[str]) -> bool:
    """Most content words capitalised: Title Case or ALL CAPS."""
    content = [w for w in words if w.lower() not in _MINOR_WORDS and w[:1].isalpha()]
    return bool(content) and sum(w[0].isupper() for w in content) / len(content) >= 0.75


def is_stamp_line(line: str, page_bates: str | None = None) -> bool:
    """A Bates stamp or confidentiality legend: production furniture, not content. Only
    furniture is on such a line ("RIV0000012", "Page 3 of 10 RIV0000012", "CONFIDENTIAL -
    SUBJECT TO PROTECTIVE ORDER"); a sentence that names a form number ("Form UF-1001") or
    a "confidential informant" is content."""
    tokens = line.split()
    if not tokens or len(tokens) > MAX_HEADING_WORDS:
        return False  # a body sentence that cites a Bates number is content
    if page_bates and page_bates in tokens:
        return True  # the footer that carries this page's own stamp (a caption beside it)
    if _STAMP.search(line) and _upper_share(line) > 0.8:
        return True
    stamps = [t for t in tokens if parse_bates(t)]
    rest = [t for t in tokens if t not in stamps and t.strip(".,:;|-–()").lower() not in FURNITURE]
    bare = [t.strip(".,:;|-–()") for t in rest]
    return bool(stamps) and all(t.isdigit() or not t for t in bare)


def _heading_spans(text: str, page_bates: str | None = None) -> list[tuple[int, int, str]]:
    """Heading lines and stamp lines (marked with an empty heading) with their offsets."""
    spans, offset = [], 0
    caps_titles = not _mostly_capitals(text)
    for line in text.splitlines(keepends=True):
        if is_stamp_line(line, page_bates):
            spans.append((offset, offset + len(line.rstrip()), ""))
        elif heading := detect_heading(line, caps_titles):
            spans.append((offset, offset + len(line.rstrip()), heading))
        offset += len(line)
    return spans


def _units(page: PageText, analysis: PageAnnotation) -> Iterator[tuple[int, int, str | None]]:
    """Sentence spans cut at heading lines; a heading yields (start, end, heading)."""
    headings = _heading_spans(page.text, page.bates)
    for start, end in analysis.sentences:
        cursor = start
        for h_start, h_end, heading in headings:
            if h_end <= cursor or h_start >= end:
                continue
            if h_start > cursor:
                yield cursor, h_start, None
            yield h_start, h_end, heading
            cursor = h_end
        if cursor < end:
            yield cursor, end, None


def _windows(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Split an over-long span (OCR text without full stops, long lists) by words, at most
    ``MAX_WORDS`` words and ``MAX_CHARS`` characters each; a longer word is cut."""
    first = last = -1
    count = 0
    for match in re.finditer(r"\S+", text[start:end]):
        w_start, w_end = start + match.start(), start + match.end()
        if first >= 0 and (count == MAX_WORDS or w_end - first > MAX_CHARS):
            yield first, last
            first, count = -1, 0
        while w_end - w_start > MAX_CHARS:  # one "word" longer than a passage
            yield w_start, w_start + MAX_CHARS
            w_start += MAX_CHARS
        if first < 0:
            first = w_start
        last, count = w_end, count + 1
    if first >= 0:
        yield first, last


def split_page(
    page: PageText, analysis: PageAnnotation, heading: str | None
) -> tuple[list[tuple[int, int, str | None]], str | None]:
    """Group one page's sentences into (start, end, heading) spans; returns the last heading."""
    spans: list[tuple[int, int, str | None]] = []
    open_start, open_end, words = -1, -1, 0

    def close() -> None:
        nonlocal open_start, words
        if open_start >= 0:
            spans.append((open_start, open_end, heading))
        open_start, words = -1, 0

    for start, end, new_heading in _units(page, analysis):
        if new_heading is not None:
            close()
            heading = new_heading or heading  # "" marks a stamp line: skipped, heading kept
            continue
        for w_start, w_end in _windows(page.text, start, end):
            count = len(page.text[w_start:w_end].split())
            if count == 0:
                continue
            if words and (words + count > MAX_WORDS or w_end - open_start > MAX_CHARS):
                close()
            if open_start < 0:
                open_start = w_start
            open_end, words = w_end, words + count
            if words >= TARGET_WORDS:
                close()
    close()
    return _merge_short(page.text, spans), heading


def _merge_short(
    text: str, spans: list[tuple[int, int, str | None]]
) -> list[tuple[int, int, str | None]]:
    """Fold a short passage into the previous one of the same section when it fits."""
    merged: list[tuple[int, int, str | None]] = []
    for start, end, heading in spans:
        if merged and merged[-1][2] == heading:
            prev_start, _, _ = merged[-1]
            short = len(text[start:end].split()) < MIN_WORDS
            fits = end - prev_start <= MAX_CHARS
            if short and fits and len(text[prev_start:end].split()) <= MAX_WORDS:
                merged[-1] = (prev_start, end, heading)
                continue
        merged.append((start, end, heading))
    return merged


def table_cite(table: Table, row_start: int, row_end: int, page_label: str | None) -> str | None:
    """Where rows sit inside a native: the sheet and the spreadsheet's own row numbers.

    ``row_start``/``row_end`` are 1-based data rows (``rows[0]`` is the header). A PDF
    table has no such numbers: its page and Bates number are the citation.
    """
    if not table.row_numbers:
        return page_label
    first, last = table.row_numbers[row_start], table.row_numbers[row_end]
    rows = f"row {first}" if first == last else f"rows {first}–{last}"
    where = f"sheet {table.title}" if table.title else page_label
    return f"{where}, {rows}" if where else rows


def table_passages(
    table: Table,
    bates: str | None,
    heading: str | None,
    first: int,
    page_label: str | None = None,
) -> list[Passage]:
    """A ruled table as passages of a few rows, each cell labelled with its column header."""
    header, rows = table.rows[0], table.rows[1:]
    passages: list[Passage] = []
    # A spreadsheet row is cited on its own ("sheet Roster, row 14"), so it is its own passage.
    step = 1 if table.row_numbers else TABLE_ROWS_PER_PASSAGE
    for offset in range(0, len(rows), step):
        chunk = rows[offset : offset + step]
        cells = [
            [f"{h or 'column'}: {c}" for h, c in zip(header, row, strict=False) if c]
            for row in chunk
        ]
        for text in _pack_cells(cells):
            passages.append(
                Passage(
                    ordinal=first + len(passages),
                    page_number=table.page_number,
                    bates=bates,
                    kind=PassageKind.TABLE,
                    heading=heading,
                    text=text,
                    table_index=table.index,
                    row_start=offset + 1,
                    row_end=offset + len(chunk),
                    cite=table_cite(table, offset + 1, offset + len(chunk), page_label),
                )
            )
    return [p for p in passages if p.text]


def _pack_cells(rows: list[list[str]]) -> list[str]:
    """Rows of labelled cells as passage texts: one, unless they hold more than
    ``MAX_CHARS``; then as many as it takes, each cut at a cell (a 100,000-column row)."""
    whole = "\n".join("; ".join(row) for row in rows if row)
    if len(whole) <= MAX_CHARS:
        return [whole]
    pieces: list[str] = []
    current = ""
    for number, row in enumerate(rows):
        for index, cell in enumerate(row):
            joint = ("\n" if index == 0 and number else "; ") if current else ""
            if current and len(current) + len(joint) + len(cell) > MAX_CHARS:
                pieces.append(current)
                current, joint = "", ""
            current += joint + cell
            while len(current) > MAX_CHARS:  # one cell longer than a passage
                pieces.append(current[:MAX_CHARS])
                current = current[MAX_CHARS:]
    return [*pieces, current] if current else pieces


def build_passages(
    pages: Sequence[PageText], analyses: Sequence[PageAnnotation], tables: Sequence[Table] = ()
) -> list[Passage]:
    """All passages of a document, in reading order; headings carry across pages."""
    passages: list[Passage] = []
    heading: str | None = None
    by_page: dict[int, list[Table]] = {}
    for table in tables:
        if len(table.rows) >= 2:
            by_page.setdefault(table.page_number, []).append(table)
    for page, analysis in zip(pages, analyses, strict=True):
        spans, next_heading = split_page(page, analysis, heading)
        for start, end, span_heading in spans:
            passages.append(
                Passage(
                    ordinal=len(passages),
                    page_number=page.number,
                    bates=page.bates,
                    kind=PassageKind.TEXT,
                    heading=span_heading,
                    text=page.text[start:end],
                    char_start=start,
                    char_end=end,
                    cite=page.label,
                )
            )
        for table in by_page.get(page.number, []):  # under the page's last heading, if any
            passages.extend(
                table_passages(table, page.bates, next_heading, len(passages), page.label)
            )
        heading = next_heading
    return passages
