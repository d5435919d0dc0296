"""Courses: a training course read once from all its text, across documents.

A catalog row, a course description, a lesson plan, a table-of-contents line and the rows of
rosters and transcripts that name the same course (by its code, else by its numbered part of
one curriculum, else by its title) are one ``Course``. Its sessions, its status and the topics
it says it does not teach are read from all of that text, and the coverage verdicts then count
each segment only as its course allows (``apply_courses``):
- a course none of whose sessions was delivered (planned, proposed, cancelled, postponed,
  suspended, not held) teaches nothing: its segments are listed, never counted;
- a reserved block (a heading or contents line whose content was never written) is a mention;
- a course first delivered after the as-of date is post-incident, whatever its document's date;
  one delivered before counts as of its last session before, even in a later document;
- a topic the course, or its whole document, says it does not teach is not taught by it.
A course with no word on its delivery keeps its document's date, as before.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import cache

from monell.coverage.course_names import CODE, PART_LINE, PART_WORDS, TITLE_LINE
from monell.coverage.scope import find_exclusions
from monell.coverage.segments import parse_row
from monell.nlp.date_parse import find_dates, period_end
from monell.records.cite import cite_of
from monell.records.coverage import (
    NOT_DELIVERED,
    TRAINING_TYPES,
    Course,
    CourseStatus,
    Depth,
    Segment,
    Session,
    TopicHit,
)
from monell.resources import load_cues

_CUES = load_cues("courses")
CODE_HEADER = re.compile("|".join(_CUES["code_headers"]), re.I)
DELIVERED = re.compile("|".join(_CUES["delivered"]), re.I)
NO_INSTRUCTION = re.compile("|".join(_CUES["no_instruction"]), re.I)
CLAUSE_BREAK = re.compile("|".join(_CUES["clause_breaks"]), re.I)
# Read first, and the more telling when a course has several.
STATUS_ORDER = (
    CourseStatus.NOT_HELD,
    CourseStatus.CANCELLED,
    CourseStatus.POSTPONED,
    CourseStatus.SUSPENDED,
    CourseStatus.RESERVED,
    CourseStatus.PLANNED,
    CourseStatus.SCHEDULED,
)
STATUS_WORDS = {
    status: re.compile("|".join(_CUES["status"][status.name.lower()]), re.I)
    for status in STATUS_ORDER
}
LOG_TYPES = ("training_log",)
SESSION_LABEL = re.compile("|".join(_CUES["session_labels"]), re.I)
WHOLE_COURSE_TYPES = ("lesson_plan", "training_curriculum")

Parse = Callable[[str], object]


@dataclass
class _Draft:
    key: str
    codes: list[str]
    title: str
    sessions: list[Session]
    segments: list[Segment]


def build_courses(
    segments: Sequence[Segment],
    hits: Sequence[TopicHit],
    as_of: date,
    parse: Parse | None = None,
) -> tuple[tuple[Course, ...], dict[str, tuple[str, ...]], dict[int, dict[str, str]]]:
    """The courses of the training documents, which courses each segment belongs to, and
    the topics each document says outright it does not teach (document id → topic → quote).

    ``parse`` (a spaCy pipeline with a parser) reads negation scope; without it only a
    topic handed to another unit counts as an exclusion.
    """
    drafts: dict[str, _Draft] = {}
    membership: dict[str, tuple[str, ...]] = {}
    for document in _by_document(segments):
        for segment, keys in _assign(document):
            membership[segment.key] = tuple(k for k, _, _ in keys)
            for key, code, title in keys:
                draft = drafts.setdefault(key, _Draft(key, [], title, [], []))
                if code and code not in draft.codes:
                    draft.codes.append(code)
                if title and (not draft.title or len(title) > len(draft.title)):
                    draft.title = title
                draft.segments.append(segment)
                draft.sessions.extend(read_sessions(segment))
    by_segment = {h.segment.key: h.segment for h in hits}
    exclusions, document_exclusions = _exclusions(hits, membership, by_segment, parse)
    courses = tuple(
        _course(d, exclusions.get(d.key, {}), as_of) for d in drafts.values() if d.segments
    )
    return courses, membership, document_exclusions


def apply_courses(
    hits: Iterable[TopicHit],
    courses: Sequence[Course],
    membership: Mapping[str, tuple[str, ...]],
    document_exclusions: Mapping[int, Mapping[str, str]],
    as_of: date,
) -> list[TopicHit]:
    """Each hit as its courses allow: excluded, not delivered, reserved, or dated by its
    sessions (see the module's docstring)."""
    by_key = {c.key: c for c in courses}
    result = []
    for hit in hits:
        own = [by_key[k] for k in membership.get(hit.segment.key, ()) if k in by_key]
        excluded = next((c.exclusions[hit.topic] for c in own if hit.topic in c.exclusions), None)
        excluded = excluded or document_exclusions.get(hit.segment.document_id, {}).get(hit.topic)
        if excluded and hit.depth is not Depth.NEGATED:
            note = f"the course or its document says it does not teach this: {excluded[:120]}"
            result.append(replace(hit, depth=Depth.NEGATED, cues=(*hit.cues, note)))
            continue
        result.append(_dated(hit, own, as_of))
    return result


def _dated(hit: TopicHit, own: Sequence[Course], as_of: date) -> TopicHit:
    if not own:
        own_day = _own_session_day(hit.segment, as_of) if not hit.segment.is_row else None
        if own_day is None:
            return hit
        return replace(hit, segment=replace(hit.segment, date=own_day, date_source="session"))
    held = [c for c in own if c.status is CourseStatus.DELIVERED]
    missing = [c for c in own if c.status in NOT_DELIVERED]
    if missing and not held:
        names = ", ".join(f"{_label(c)} ({c.status.value})" for c in missing)
        return replace(hit, depth=Depth.PLANNED, cues=(*hit.cues, f"never delivered: {names}"))
    shallow = [c for c in own if c.status is CourseStatus.RESERVED or c.evaluation_only]
    if shallow and hit.depth is Depth.TEACHES:
        why = (
            "reserved: no content"
            if shallow[0].status is CourseStatus.RESERVED
            else ("an evaluation with no instruction")
        )
        hit = replace(hit, depth=Depth.MENTIONS, cues=(*hit.cues, why))
    if hit.segment.date_source == "row":
        return hit  # a row's own date is its session
    own_day = _own_session_day(hit.segment, as_of)
    if own_day is not None:
        return replace(hit, segment=replace(hit.segment, date=own_day, date_source="session"))
    if not held:
        return hit
    named = [c for c in held if not c.key.startswith("doc")]  # a code or a title: not a part
    if not named:
        return hit
    course = named[0]  # the most specific course that was held
    day = course.last_delivered_before or course.first_delivered
    if day is None:
        return hit
    return replace(hit, segment=replace(hit.segment, date=day, date_source="session"))


def _own_session_day(segment: Segment, as_of: date) -> date | None:
    """A passage that dates its own session ("Session date: 08/09/2022", "held on 10/18/2022"):
    its last session on or before ``as_of``, else its first after."""
    days = [
        s.end or s.start
        for s in read_sessions(segment)
        if s.status is CourseStatus.DELIVERED and s.start
    ]
    before = [d for d in days if d and d <= as_of]
    after = [d for d in days if d and d > as_of]
    return max(before) if before else min(after) if after else None


def read_sessions(segment: Segment) -> list[Session]:
    """What a row or a passage says about the delivery of its course: each clause's status
    (or "delivered" beside a date), with the dates it gives."""
    cite = cite_of(segment)
    if segment.is_row:
        return _row_sessions(segment, cite)
    sessions = []
    for clause in _clauses(segment.quote):
        log = segment.doc_type in LOG_TYPES and bool(SESSION_LABEL.search(clause))
        sessions.extend(_clause_sessions(clause, cite, log=log))
    return sessions


def _row_sessions(segment: Segment, cite: str) -> list[Session]:
    row = segment.quote
    status = _status(row)
    dates = _dates(row)
    if status is not None:
        if status in (CourseStatus.SCHEDULED,) and not dates:
            return [Session(None, None, status, row, cite)]
        return [Session(s, e, status, row, cite) for s, e in dates] or [
            Session(None, None, status, row, cite)
        ]
    log = segment.doc_type in LOG_TYPES or bool(DELIVERED.search(row))
    return [Session(s, e, CourseStatus.DELIVERED, row, cite) for s, e in dates] if log else []


def _clause_sessions(clause: str, cite: str, log: bool) -> list[Session]:
    status = _status(clause)
    dates = _dates(clause)
    if status is not None:
        return [Session(s, e, status, clause, cite) for s, e in dates] or [
            Session(None, None, status, clause, cite)
        ]
    if dates and (log or DELIVERED.search(clause)):
        return [Session(s, e, CourseStatus.DELIVERED, clause, cite) for s, e in dates]
    return []


def _status(text: str) -> CourseStatus | None:
    for status in STATUS_ORDER:
        if STATUS_WORDS[status].search(text):
            return status
    return None


def _dates(text: str) -> list[tuple[date, date]]:
    """Each written date or range once: (first day, last day)."""
    found: list[tuple[date, date]] = []
    consumed = 0
    for value, start, end in find_dates(text):
        if start < consumed:
            continue
        last, consumed = period_end(text, start, end)
        found.append((value, last))
    return found


def _clauses(text: str) -> list[str]:
    flat = " ".join(text.split())
    return [c for c in CLAUSE_BREAK.split(flat) if c and c.strip()]


def _course(draft: _Draft, exclusions: dict[str, str], as_of: date) -> Course:
    delivered = [s for s in draft.sessions if s.status is CourseStatus.DELIVERED and s.start]
    before = [s.end or s.start for s in delivered if (s.end or s.start) <= as_of]  # type: ignore[operator]
    after = [s.start for s in delivered if s.start and (s.end or s.start) > as_of]  # type: ignore[operator]
    negatives = [s.status for s in draft.sessions if s.status is not CourseStatus.DELIVERED]
    scheduled_late = [
        s
        for s in draft.sessions
        if s.status is CourseStatus.SCHEDULED and s.start and s.start > as_of
    ]
    if before or after:
        status = CourseStatus.DELIVERED
    elif negatives:
        status = min(negatives, key=STATUS_ORDER.index)
        if (
            status is CourseStatus.SCHEDULED
            and not scheduled_late
            and any(s.start for s in draft.sessions if s.status is CourseStatus.SCHEDULED)
        ):
            status = CourseStatus.UNDATED  # on the calendar before the as-of date: may have run
    else:
        status = CourseStatus.UNDATED
    hours = [s.hours for s in draft.segments if s.hours is not None]
    return Course(
        key=draft.key,
        codes=tuple(draft.codes),
        title=draft.title,
        sessions=tuple(_unique_sessions(draft.sessions)),
        status=status,
        exclusions=exclusions,
        hours=max(hours) if hours else None,
        cites=tuple(dict.fromkeys(cite_of(s) for s in draft.segments)),
        documents=tuple(dict.fromkeys(s.file for s in draft.segments)),
        segment_keys=tuple(s.key for s in draft.segments),
        evaluation_only=any(NO_INSTRUCTION.search(s.quote) for s in draft.segments),
        first_delivered=min(after) if after and not before else None,
        last_delivered_before=max(before) if before else None,
    )


def _unique_sessions(sessions: Sequence[Session]) -> list[Session]:
    seen: set[tuple[object, ...]] = set()
    unique = []
    for session in sessions:
        identity = (session.start, session.end, session.status)
        if identity not in seen:
            seen.add(identity)
            unique.append(session)
    return unique


def _by_document(segments: Sequence[Segment]) -> list[list[Segment]]:
    documents: dict[int, list[Segment]] = {}
    for segment in segments:
        if segment.doc_type in TRAINING_TYPES:
            documents.setdefault(segment.document_id, []).append(segment)
    return list(documents.values())


Key = tuple[str, str, str]  # course key, code, title


def _assign(document: Sequence[Segment]) -> Iterable[tuple[Segment, list[Key]]]:
    """Each segment of one document with the courses it belongs to, the most specific first:
    its own code or part (a row), the block it sits in, then the document's one course."""
    whole = _document_course(document)
    block: list[Key] = []
    block_heading: str | None = None
    for segment in document:
        if segment.is_row:
            own = _row_course(segment)
            keys = [own] if own else []
        else:
            opened = _opened_course(segment)
            if opened:
                block, block_heading = opened, segment.heading
            elif segment.heading != block_heading:
                block, block_heading = [], segment.heading
            keys = list(block)
        if whole and all(k[0] != whole[0] for k in keys):
            keys.append(whole)
        yield segment, keys


def _document_course(document: Sequence[Segment]) -> Key | None:
    """A lesson plan or curriculum about one course names its code in its title block
    ("LESSON PLAN PUR-20"); a log or catalog lists many courses and has none."""
    if not document or document[0].doc_type not in WHOLE_COURSE_TYPES:
        return None
    title = document[0].title
    codes = list(dict.fromkeys(CODE.findall(title.upper())))
    heading_codes = {c for s in document[:3] if s.heading for c in CODE.findall(s.heading)}
    codes = codes or sorted(heading_codes)
    if len(codes) != 1:
        return None
    return (_code_key(codes[0]), codes[0], "")


def _row_course(segment: Segment) -> Key | None:
    cells = parse_row(segment.quote)
    title = segment.course or ""
    for header, value in cells:
        if header and CODE_HEADER.search(header):
            if match := CODE.search(value.upper()):
                return (_code_key(match.group()), match.group(), title)
            if re.fullmatch(r"\d{1,3}|[IVXL]{1,6}", value.strip()):
                return (_part_key(segment.document_id, header, value), "", title)
    for _, value in cells:
        if match := TITLE_LINE.match(value):
            code = CODE.search(match.group(1))
            if code:
                return (_code_key(code.group()), code.group(), title)
    titled = segment.doc_type in ("training_log", "training_catalog")
    return (_title_key(title), "", title) if title and titled else None


def _opened_course(segment: Segment) -> list[Key]:
    """The course(s) a prose segment opens: code(s) at the head of its first line, or a
    numbered part of the curriculum in its heading or first line."""
    first = next((line for line in segment.quote.splitlines() if line.strip()), "")
    for line in (first, segment.heading or ""):
        if match := TITLE_LINE.match(line):
            codes = CODE.findall(match.group(1))
            title = line[match.end(1) :].strip(" -\u2013\u2014:|")
            return [(_code_key(c), c, title) for c in dict.fromkeys(codes)]
    if segment.doc_type in LOG_TYPES:
        head = " ".join(segment.quote.splitlines()[:2]) + " " + (segment.heading or "")
        codes = list(dict.fromkeys(CODE.findall(head)))
        if len(codes) == 1:
            return [(_code_key(codes[0]), codes[0], "")]
    for line in (segment.heading or "", first):
        if match := PART_LINE.match(line):
            title = line[match.end() :].strip(" -\u2013\u2014:.|]")
            return [(_part_key(segment.document_id, match.group(1), match.group(2)), "", title)]
    return []


def _exclusions(
    hits: Sequence[TopicHit],
    membership: Mapping[str, tuple[str, ...]],
    segments: Mapping[str, Segment],
    parse: Parse | None,
) -> tuple[dict[str, dict[str, str]], dict[int, dict[str, str]]]:
    """Topics each course says it does not teach; topics a document says so about outside
    any course of its own (then every course in it)."""
    phrases: dict[str, dict[str, tuple[str, ...]]] = {}
    for hit in hits:
        if hit.patterns and hit.segment.key in membership:
            phrases.setdefault(hit.segment.key, {})[hit.topic] = hit.patterns
    by_course: dict[str, dict[str, str]] = {}
    by_document: dict[int, dict[str, str]] = {}
    for key, topics in phrases.items():
        segment = segments[key]
        for topic, quote in find_exclusions(segment.quote, topics, parse).items():
            courses = membership.get(key, ())
            if courses:
                for course in courses:
                    by_course.setdefault(course, {}).setdefault(topic, quote)
            else:
                by_document.setdefault(segment.document_id, {}).setdefault(topic, quote)
    return by_course, by_document


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
    return "title:" + " ".join(re.sub(r"[^a-z0-9 ]", " ", title.lower()).split())


def _label(course: Course) -> str:
    return course.codes[0] if course.codes else course.title[:60] or course.key
