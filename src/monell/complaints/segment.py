"""Cut complaint files and use-of-force reports into records, one per complaint or report.

Real complaint productions come in a few shapes, and one file may mix them:
- a **header line per complaint** ("IA #2019-0142", "CR 1043321", "Complaint No. 17-0033",
  "RE: OPS Case 2020-118", "Control No.: 2019-114", "Report No. UOF-21-007") followed by
  its fields; a record runs until the next header, across pages;
- a **table of complaints**, one row per record (its columns name the fields);
- **one record per document** (a single intake form or force report without a number).
Lines of page text that only repeat a table's cells are dropped, so a tabled complaint is
not read twice. OCR noise in a header's number ("2O19-0l42") is tolerated.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import lru_cache

from monell.complaints.ocr_words import letters_for_digits
from monell.nlp.date_parse import repair_ocr
from monell.nlp.passages import table_cite
from monell.records import DocumentText, Table
from monell.records.complaints import RecordSpan
from monell.resources import load_cues

# The labels that number a complaint or report, the column names of a complaint table and
# a memo's head lines are data: corpora/cues/complaints.yaml.
_VOCABULARY = load_cues("complaints")
# The label that numbers a complaint or report (or a claim, a lawsuit, a grievance), then
# the number itself.
LABELS = "|".join([*_VOCABULARY["record_labels"], *_VOCABULARY["notice_labels"]])
# Force reports are numbered by incident; in a complaint file that label is a field.
REPORT_LABELS = "|".join(_VOCABULARY["report_labels"])
# A docket number ("2:19-cv-00412", "19-CV-0412", "CIV-18-0311"); then any other number,
# whose letter prefixes are capitals ("KT-", "OH-UOF-"), so "received 03/05" is no number.
NUMBER = (
    r"(?i:cv|civ)[-\s]?\d{2,4}[-\s]\d{2,6}\b|"
    r"(?:\d{1,2}:)?(?:\d{2,4}[-\s]?)?(?i:cv|civ)[-\s]?\d{2,6}(?:-(?-i:[A-Z]{2,4}))*\b|"
    r"\d{2,4}[-\s]?(?i:cr|cf|crim)[-\s]?\d{2,7}\b|"
    r"(?-i:(?:[A-Z]{1,4}[-\s]){0,2}(?:[A-Z]{1,4})?)(?:#\s?)?[\dOIl][\dOIl]{1,9}"
    r"(?:-(?-i:[A-Z])(?=-\d)|\s?[-\u2013/]\s?(?=(?-i:[A-Z]{0,3})\d)(?-i:[A-Z\dOIl]{1,8})){0,3}"
)


def _header_pattern(labels: str) -> re.Pattern[str]:
    return re.compile(
        rf"^\s*(?:RE:?\s*|SUBJECT:?\s*)?(?P<header>(?P<label>{labels})"
        r"(?:\s+(?:CASE|COMPLAINT|FILE|REPORT|LOG|CONTROL))?\s*(?:NO\.?|NUMBER|NUM\.?|#)?\s*"
        rf"[:#.]?\s*(?P<number>{NUMBER}))\b",
        re.I,
    )


HEADER = _header_pattern(LABELS)
# A capital word with OCR's digits in it and a letter that is no O / I / l: "0PS", "1A".
OCR_LABEL = re.compile(
    r"(?<![\w])(?=[A-Z015]*[A-HJ-KM-NP-Z])(?=[A-Z]*[015])[A-Z015]{2,10}(?![a-z\d])"
)
LABEL_DIGITS = str.maketrans("015", "OIS")
OCR_DIGIT_IN_WORD = re.compile(r"[A-Za-z][015]|[015][A-Za-z]")
HEADER_LEAD_CHARS = 40  # a header's label and number prefix sit in its first characters
# A title in capitals before a record's number: "PSU CASE SUMMARY", "COMPLAINT SUMMARY -".
TITLE_LEAD = re.compile(
    r"^\s*(?:[A-Z][A-Z0-9'&/.]*\s+){0,4}(?:SUMMARY|SHEET|RECORD|REPORT)\s*(?:[-\u2013:]\s*)?(?=\S)"
)
REPORT_HEADER = _header_pattern(f"{LABELS}|{REPORT_LABELS}")
# A number needs digits: "CASE FILE" or "REPORT WRITING" are not headers.
MIN_DIGITS = 3
NUMBER_CACHE = 65536  # record numbers remembered (number_key)
COMPLAINT_COLUMNS = re.compile("|".join(_VOCABULARY["complaint_columns"]), re.I)
ID_COLUMN = re.compile("|".join(_VOCABULARY["id_columns"]), re.I)
MIN_TABLE_COLUMNS = 3  # a complaint table names at least this many complaint-ish columns
ECHO_SHARE = 0.8
# "Report No.: UOF-21-007" is report UOF-21-007; "IA #U-1177" keeps its label.
GENERIC_LABELS = set(_VOCABULARY["generic_labels"])
# Labels that, under a record's own number, number something else: its case, its report.
FIELD_LABELS = set(_VOCABULARY["field_labels"])
HEADER_BLOCK_LINES = 8  # how far under a record's header its other numbers are looked for
NUMBER_WORD = re.compile(r"\b(no\.?|number|num\.?)(?=\W)", re.I)
ID_WORD = re.compile(r"\b(no\.?|number|num\.?|id)(?=\W|$)", re.I)
NOT_ID = re.compile("|".join(_VOCABULARY["not_id_columns"]), re.I)
# A docket number, as number_key reads it: an optional court division, the year, the
# civil marker, the sequence (a judge's initials after it are not part of the case).
DOCKET = re.compile(
    r"(?<![\w-])(?:(?:cv|civ)[-\s]?(?P<year_after>\d{2,4})[-\s](?P<sequence_after>\d{2,6})"
    r"|(?:(?:\d{1,2}:)?(?P<year>\d{2,4})[-\s]?)?(?:cv|civ)[-\s]?(?P<sequence>\d{2,6})"
    # a criminal case, its year first ("18CR41122", "2018-CF-001234"): "CR 1043321" alone is
    # a complaint register number, not a docket
    r"|(?P<criminal_year>\d{2,4})[-\s]?(?:cr|cf|crim)[-\s]?(?P<criminal_sequence>\d{2,7}))\b",
    re.I,
)
NUMBER_TAIL = re.compile(r"[\dOIl][\dOIl\s/\u2013-]*\d[\dOIl]*|\d")
NON_DIGIT = re.compile(r"\D")
# A year, a span of years or a date where a number should be: a title or a date line.
BARE_NUMBER = re.compile(NUMBER)
LETTER_PREFIX = re.compile(r"^(?:[A-Z]{1,4}[-\s]){0,2}")
BARE_DIGITS = 6  # a number with no letter prefix and no label is a number only this long
NOT_A_NUMBER = re.compile(
    r"(?:(?:DATE|TIME|DOB|YEAR|FY|CY)\s*)?(?:"
    r"(?:19|20)\d\d(?:\s?[-\u2013/]\s?(?:19|20)\d\d)?|\d{1,2}[/.-](?:19|20)\d\d"
    r"|\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2}))",
    re.I,
)
MEMO_HEAD = re.compile(r"^\s*(" + "|".join(_VOCABULARY["memo_heads"]) + ")", re.I)


def split_records(document: DocumentText, doc_type: str) -> list[RecordSpan]:
    """Every record of a complaint document, in reading order."""
    tables = [t for t in document.tables if _is_complaint_table(t)]
    rows = [span for t in tables for span in _table_records(document, t, doc_type)]
    # a table's cells come back in its page's text: those lines are not read twice (a
    # summary sheet on a later page that repeats a logged number is its own record)
    table_words: dict[int, set[str]] = {}
    for t in tables:
        words = table_words.setdefault(t.page_number, set())
        words.update(w for row in t.rows for cell in row for w in _words(cell))
    lines = [
        (page.number, page.bates, line)
        for page in document.pages
        for line in page.text.splitlines()
        if line.strip() and not _echoes(line, table_words.get(page.number, set()))
    ]
    headed = list(_header_records(document, lines, doc_type))
    if not headed and doc_type == "use_of_force_report":
        headed = list(_header_records(document, lines, doc_type, report=True))
    if not headed and not rows and lines:
        first = lines[0]
        text = "\n".join(line for _, _, line in lines)
        headed = [
            RecordSpan(
                document.document_id,
                document.file_name,
                first[0],
                first[1],
                text,
                None,
                doc_type=doc_type,
                cite=next((p.label for p in document.pages if p.number == first[0]), None),
            )
        ]
    return sorted(headed + rows, key=lambda r: r.page)


def header_of(line: str, report: bool = False) -> str | None:
    """The complaint (or, in a force report, ``report=True``, incident) number a line opens
    with, as printed, or None. A label OCR damaged ("0PS case: 0PS-2O2O-OO88") is read as
    meant; a title in capitals may stand before it ("PSU CASE SUMMARY FILE: PSU-2010-017",
    "COMPLAINT SUMMARY - QH-PS-19-031")."""
    found = _header_in(line, report)
    if found is None and OCR_DIGIT_IN_WORD.search(line[:HEADER_LEAD_CHARS]):
        found = _header_in(_repair_label_words(line), report)
    if found is None:
        title = TITLE_LEAD.match(line)
        rest = line[title.end() :] if title else ""
        found = _header_in(rest, report) or _bare_number(rest) if rest else None
    return found


def _header_in(line: str, report: bool) -> str | None:
    match = (REPORT_HEADER if report else HEADER).match(line)
    if not match:
        return None
    number = match["number"]
    digits = sum(ch.isdigit() for ch in number)
    if digits < 2 or digits + sum(ch in "OoIil" for ch in number) < MIN_DIGITS:
        return None
    if NOT_A_NUMBER.fullmatch(number.strip()):
        return None  # "COMPLAINT LOG 2019", "REPORT DATE 03/05/2019": a title, a date
    generic = match["label"].upper() in GENERIC_LABELS or NUMBER_WORD.search(match["header"])
    if number[:1].isalpha() and generic:
        return " ".join(number.split())  # "Report No.: UOF-21-007" is report UOF-21-007
    return " ".join(match["header"].split())


def _bare_number(text: str) -> str | None:
    """A title line's number with no label: "QH-PS-19-031" (a letter prefix or a long run of
    digits, never a year or a date)."""
    number = " ".join(text.split())
    if not BARE_NUMBER.fullmatch(number) or NOT_A_NUMBER.fullmatch(number):
        return None
    digits = sum(ch.isdigit() for ch in number)
    tail = LETTER_PREFIX.sub("", number)  # "QH-PS-2O-OO8": OCR's O read as 0 after it
    if digits < 2 or digits + sum(ch in "OIl" for ch in tail) < MIN_DIGITS:
        return None
    return number if number[:1].isalpha() or digits >= BARE_DIGITS else None


def _repair_label_words(line: str) -> str:
    """OCR's digits inside the words of a header's label and prefix read as letters ("0PS"
    → "OPS", "1A" → "IA", "C0MPLA1NT" → "COMPLAINT", "Rep0rt" → "Report"); the number's
    digits are left alone."""
    head, tail = line[:HEADER_LEAD_CHARS], line[HEADER_LEAD_CHARS:]
    head = OCR_LABEL.sub(lambda m: m.group(0).translate(LABEL_DIGITS), head)
    label, mark, rest = head.partition(":")  # "Rep0rt No.:" in a word of small letters
    return (letters_for_digits(label) + mark + rest if mark else head) + tail


def _header_records(
    document: DocumentText,
    lines: list[tuple[int, str | None, str]],
    doc_type: str,
    report: bool = False,
) -> Iterator[RecordSpan]:
    heads = _drop_repeats(
        lines,
        _fields_not_heads(lines, [i for i, (_, _, t) in enumerate(lines) if header_of(t, report)]),
        report,
    )
    starts = _with_memo_heads(lines, heads)
    labels = {p.number: p.label for p in document.pages}
    for n, (start, head) in enumerate(zip(starts, heads, strict=True)):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        page, bates, line = lines[head]
        text = "\n".join(text for _, _, text in lines[start:end])
        yield RecordSpan(
            document.document_id,
            document.file_name,
            page,
            bates,
            text,
            header_of(line, report),
            doc_type=doc_type,
            cite=labels.get(page),
        )


def _with_memo_heads(lines: list[tuple[int, str | None, str]], starts: list[int]) -> list[int]:
    """A memo's MEMORANDUM / TO / FROM / DATE lines above its "RE:" line belong to it."""
    moved = []
    for n, start in enumerate(starts):
        floor = starts[n - 1] + 1 if n else 0
        while start > floor and MEMO_HEAD.match(lines[start - 1][2]):
            start -= 1
        moved.append(start)
    return moved


def _fields_not_heads(lines: list[tuple[int, str | None, str]], starts: list[int]) -> list[int]:
    """ "Case No.: 19-004512" a few lines under "IA #2019-0142" is a field of that record
    (the agency's case or report number), not a new record."""
    kept: list[int] = []
    for i in starts:
        if kept and i - kept[-1] <= HEADER_BLOCK_LINES:
            opener, this = _label_of(lines[kept[-1]][2]), _label_of(lines[i][2])
            if this in FIELD_LABELS and opener not in GENERIC_LABELS and opener != this:
                continue
        kept.append(i)
    return kept


def _label_of(line: str) -> str:
    match = REPORT_HEADER.match(line)
    return match["label"].upper() if match else ""


def _drop_repeats(
    lines: list[tuple[int, str | None, str]], starts: list[int], report: bool = False
) -> list[int]:
    """A number repeated inside its own record ("IA 2019-0142 (continued)") is not a new one."""
    kept: list[int] = []
    for i in starts:
        if kept and _key(header_of(lines[i][2], report)) == _key(
            header_of(lines[kept[-1]][2], report)
        ):
            continue
        kept.append(i)
    return kept


def _is_complaint_table(table: Table) -> bool:
    if len(table.rows) < 2:
        return False
    header = table.rows[0]
    named = sum(1 for cell in header if COMPLAINT_COLUMNS.search(cell or ""))
    return named >= MIN_TABLE_COLUMNS and _id_column(header) is not None


def _id_column(header: Sequence[str | None]) -> int | None:
    """The column that numbers the complaints: one that says "No." / "#" / "Number" first
    ("CR No."), never a date, type or status column ("Date Reported", "Complaint Type")."""
    names = [" ".join((c or "").split()) for c in header]
    candidates = [i for i, h in enumerate(names) if ID_COLUMN.search(h) and not NOT_ID.search(h)]
    numbered = [i for i in candidates if ID_WORD.search(h := names[i]) or "#" in h]
    found = numbered or candidates
    return found[0] if found else None


def _table_records(document: DocumentText, table: Table, doc_type: str) -> Iterator[RecordSpan]:
    header = [" ".join((c or "").split()) for c in table.rows[0]]
    id_column = _id_column(header)
    page = next((p for p in document.pages if p.number == table.page_number), None)
    for number, row in enumerate(table.rows[1:], start=1):
        cells = tuple((h, " ".join((c or "").split())) for h, c in zip(header, row, strict=False))
        if [h for h, v in cells if v] == [] or tuple(v for _, v in cells) == tuple(header):
            continue  # an empty row, or the header repeated on a new page
        text = "\n".join(f"{h}: {v}" for h, v in cells if v)
        has_id = id_column is not None and id_column < len(cells)
        ident = (cells[id_column][1] or None) if has_id and id_column is not None else None
        yield RecordSpan(
            document.document_id,
            document.file_name,
            table.page_number,
            page.bates if page else None,
            text,
            ident,
            cells,
            doc_type,
            table_cite(table, number, number, page.label if page else None),
            is_row=True,
        )


def _echoes(line: str, table_words: set[str]) -> bool:
    words = _words(line)
    return (
        bool(table_words)
        and bool(words)
        and (sum(w in table_words for w in words) >= ECHO_SHARE * len(words))
    )


def _words(text: str) -> list[str]:
    return text.lower().split()


def _key(header: str | None) -> str:
    """ "IA #2019-0142", "IA No. 2019-0142" and an OCR'd "IA#2O19-0l42" are one number."""
    return number_key(header or "")


@lru_cache(maxsize=NUMBER_CACHE)
def number_key(record_id: str) -> str:
    """A complaint number's digits, OCR's O / l / I read as 0 / 1 / 1: how two printings of
    one number are matched ("CR 1043321", "C.R. No. 1043321", "1043321"). Remembered:
    merging compares every record's number with every other's."""
    docket = DOCKET.search(record_id)
    if docket and docket["criminal_year"]:
        return f"{docket['criminal_year'][-2:]}cr{int(docket['criminal_sequence'])}"
    if docket:  # "2:19-cv-00412" = "19-CV-412": the year's last two digits and the sequence
        year = docket["year"] or docket["year_after"] or ""
        return f"{year[-2:]}cv{int(docket['sequence'] or docket['sequence_after'])}"
    match = NUMBER_TAIL.search(record_id)
    return NON_DIGIT.sub("", repair_ocr(match.group(0) if match else record_id))


def label_key(record_id: str) -> str:
    """The letters of a record id's label, without number words: "C.R. No. 1043321" → "cr"."""
    match = DOCKET.search(record_id) or NUMBER_TAIL.search(record_id)
    head = record_id[: match.start()] if match else ""
    return re.sub(r"[^a-z]", "", NUMBER_WORD.sub("", head.lower()))
