"""Which course each segment of a training document belongs to: its own code or part (a table
row), the course block it sits in (opened by a line with the course's code and title, or a
numbered part), and the document's one course (a lesson plan's code in its title)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache

from monell.coverage.course_names import (
    CODE,
    PART_LINE,
    PART_WORDS,
    PLAN_WORDS,
    TITLE_LINE,
    document_title,
)
from monell.coverage.course_titles import ROW_TITLE, TITLE_ONLY
from monell.coverage.segments import parse_row
from monell.coverage.sessions import LISTING_TYPES, LOG_TYPES
from monell.records.coverage import Segment
from monell.resources import load_cues

_CUES = load_cues("courses")
CODE_HEADER = re.compile("|".join(_CUES["code_headers"]), re.I)
COURSE_HEADER = re.compile("|".join(_CUES["course_headers"]), re.I)
WHOLE_COURSE_TYPES = ("lesson_plan", "training_curriculum")
# In a code column a course code need not hold a digit ("FA-CPR", "DT-HR").
CELL_CODE = re.compile(r"[A-Z][A-Z0-9]{0,7}(?:-[A-Z0-9]{1,7}){1,3}")
# A cell that opens with a course code, then a separator or its end ("K9-CERT, vendor").
LEADING_CODE = re.compile(rf"\s*({CODE.pattern})(?:\s*[,;:(\u2013\u2014-]|\s+\S|\s*$)")
# A code found alone in an unlabelled row is this long at least ("PB-7"; "K-9" is a word).
MIN_LONE_CODE = 4
TITLE_LINES = 12  # a lesson plan's title block: the first lines of its first passages
Key = tuple[str, str, str]  # course key, code, title


def assign_courses(document: Sequence[Segment]) -> Iterable[tuple[Segment, list[Key], bool]]:
    """Each segment of one document with the courses it belongs to, the most specific first:
    its own code or part (a row), the block it sits in, then the document's one course; and
    whether the segment names its course itself (a row, or the passage that opens a block)."""
    whole = _document_course(document)
    known = _known_codes(document)
    block: list[Key] = []
    block_heading: str | None = None
    for segment in document:
        opened: list[Key] = []
        if segment.is_row:
            own = _row_course(segment)
            keys = [own] if own else []
        else:
            opened = _opened_course(segment) or _named_course(segment, known)
            if opened:
                block, block_heading = opened, segment.heading
            elif segment.heading != block_heading:
                block, block_heading = [], segment.heading
            keys = list(block)
        if whole:  # the document's course, with the title its title block gives
            keys = [whole if k[0] == whole[0] and not k[2] else k for k in keys]
            if all(k[0] != whole[0] for k in keys):
                keys.append(whole)
        yield segment, keys, segment.is_row or bool(opened)


def _document_course(document: Sequence[Segment]) -> Key | None:
    """A lesson plan or curriculum about one course names its code in its title block
    ("LESSON PLAN PUR-20"), and its title there or in its first heading; one without a code
    gives its title alone ("LESSON PLAN" / "Crisis Intervention Team"). A log or catalog
    lists many courses and has none."""
    if not document or document[0].doc_type not in WHOLE_COURSE_TYPES:
        return None
    title = document[0].title
    codes = list(dict.fromkeys(CODE.findall(title.upper())))
    if len(codes) > 1:  # "LESSON PLAN DT-21: …" then "Lesson plan no. DT-21 (replaces DT-18)"
        codes = _plan_line_code(title) or codes
    heading_codes = {c for s in document[:3] if s.heading for c in CODE.findall(s.heading)}
    codes = codes or sorted(heading_codes)
    if len(codes) > 1:
        return None
    code = codes[0] if codes else ""
    head = [line for s in document[:2] for line in s.quote.splitlines()[:TITLE_LINES]]
    headings = [s.heading for s in document[:3] if s.heading]
    name = document_title([*head, *title.splitlines()], code, headings)
    if code:
        return (_code_key(code), code, name)
    # No code: a course by its title, kept only if that title joins a known course's
    # (coverage/courses.py, at the merge).
    return (f"{TITLE_ONLY}{document[0].document_id}:{name}", "", name) if name else None


def _plan_line_code(title: str) -> list[str]:
    """The code of the title block's first line that names one, when that line is the
    document's own heading ("LESSON PLAN DT-21: GROUND CONTROL") and names only it."""
    for line in title.splitlines():
        if found := set(CODE.findall(line.upper())):
            return sorted(found) if len(found) == 1 and PLAN_WORDS.match(line) else []
    return []


def _row_course(segment: Segment) -> Key | None:
    cells = parse_row(segment.quote)
    title = segment.course or ""
    for header, value in cells:
        if header and CODE_HEADER.search(header):
            if match := CODE.search(value.upper()):
                return (_code_key(match.group()), match.group(), title)
            if CELL_CODE.fullmatch(value.strip()):
                return (_code_key(value.strip().upper()), value.strip().upper(), title)
            if re.fullmatch(r"\d{1,3}|[IVXL]{1,6}", value.strip()):
                return (_part_key(segment.document_id, header, value), "", title)
    for header, value in cells:
        if match := TITLE_LINE.match(value):
            code = CODE.search(match.group(1))
            if code:
                return (_code_key(code.group()), code.group(), title)
        if header and COURSE_HEADER.search(header) and (code := LEADING_CODE.match(value)):
            return (_code_key(code.group(1)), code.group(1), title)
    titled = segment.doc_type in LISTING_TYPES
    if title and titled:
        return (_title_key(title), "", title)
    # A row with no labelled code cell that names one course code, and only one, is that
    # course's row ("PB-7 PEER INTERVENTION 8.00 02/10/21", "Class PB-7, eight hours").
    codes = {c for c in CODE.findall(segment.quote.upper()) if len(c) >= MIN_LONE_CODE}
    if len(codes) == 1 and segment.doc_type in LISTING_TYPES + LOG_TYPES:
        (code,) = codes
        return (_code_key(code), code, title)
    return None


def _opened_course(segment: Segment) -> list[Key]:
    """The course(s) a prose segment opens: code(s) at the head of its first line, or a
    numbered part of the curriculum in its heading or first line."""
    first = next((line for line in segment.quote.splitlines() if line.strip()), "")
    for line in (first, segment.heading or ""):
        if match := TITLE_LINE.match(line):
            codes = CODE.findall(match.group(1))
            title = line[match.end(1) :].strip(" -\u2013\u2014:|")
            return [(_code_key(c), c, title) for c in dict.fromkeys(codes)]
    for line in (segment.heading or "", first):
        if match := PART_LINE.match(line):
            title = line[match.end() :].strip(" -\u2013\u2014:.|]")
            return [(_part_key(segment.document_id, match.group(1), match.group(2)), "", title)]
    return []


def _known_codes(document: Sequence[Segment]) -> set[str]:
    """The course codes a document itself gives: in its code columns and course title lines."""
    codes: set[str] = set()
    for segment in document:
        if segment.is_row:
            codes.update(
                v.strip().upper()
                for h, v in parse_row(segment.quote)
                if h and CODE_HEADER.search(h) and CELL_CODE.fullmatch(v.strip())
            )
        else:
            for line in segment.quote.splitlines():
                if match := TITLE_LINE.match(line):
                    codes.update(CODE.findall(match.group(1)))
    return codes


def _named_course(segment: Segment, known: set[str]) -> list[Key]:
    """A passage whose first lines name exactly one of the document's course codes ("2. FA-CPR
    has never been held", a sign-in sheet headed with its course number) is about it."""
    head = " ".join(segment.quote.splitlines()[:2]) + " " + (segment.heading or "")
    words = set(re.findall(r"[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+", head.upper()))
    named = sorted(words & known) or (
        sorted(set(CODE.findall(head))) if segment.doc_type in LOG_TYPES else []
    )
    return [(_code_key(named[0]), named[0], "")] if len(named) == 1 else []


@cache
def _code_key(code: str) -> str:
    """One key however the code is printed or OCR'd: upper case, O read as zero."""
    return "code:" + code.upper().replace("O", "0")


def _part_key(document_id: int, word: str, number: str) -> str:
    kind = word.lower().split()[0] if word.strip() else "part"
    kind = next((w for w in PART_WORDS if w in kind), "part")
    return f"doc{document_id}:{kind}-{_number(number)}"


def _number(value: str) -> str:
    roman = {"I": 1, "V": 5, "X": 10, "L": 50}
    text = value.strip().upper()
    if text.isdigit():
        return str(int(text))
    total = 0
    for i, ch in enumerate(text):
        worth = roman.get(ch, 0)
        total += -worth if i + 1 < len(text) and roman.get(text[i + 1], 0) > worth else worth
    return str(total)


def _title_key(title: str) -> str:
    return ROW_TITLE + " ".join(re.sub(r"[^a-z0-9 ]", " ", title.lower()).split())
