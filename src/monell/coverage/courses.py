"""Courses: a training course read once from all its text, across documents.

A catalog row, a course description, a lesson plan, a table-of-contents line and the rows of
rosters and transcripts that name the same course (by its code, else by its numbered part of
one curriculum, else by a title that matches its title: coverage/course_titles.py) are one
``Course``, which also says whether its text states objectives and includes practice, and
where and by how many each session was attended (course_depth.py, course_rosters.py). Its
sessions, its status and the topics it says it does not teach are read from all of that text,
and the coverage verdicts then count each segment only as its course allows
(``apply_courses``):
- a course none of whose sessions was delivered (planned, proposed, cancelled, postponed,
  suspended, not held) teaches nothing: its segments are listed, never counted;
- a reserved block (a heading or contents line whose content was never written) is a mention;
- a course first delivered after the as-of date is post-incident, whatever its document's date;
  one delivered before counts as of its last session before, even in a later document;
- a topic the course, or its whole document, says it does not teach is not taught by it;
- a topic named by one phrase inside a course whose title names another subject is a mention;
- a topic a delivered course of an hour or more is named for is taught wherever that course's
  text names it (a catalog row, a transcript row, a one-line description): the title says
  what the hours were for;
- a topic of a course under an hour is taught when the course states objectives and
  includes practice (see course_depth.py).
A course with no word on its delivery keeps its document's date, as before.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from monell.coverage.course_depth import incidental, label, practised, read_practice, titled
from monell.coverage.course_links import assign_courses
from monell.coverage.course_rosters import Day, attendee, read_location, with_attendance
from monell.coverage.course_titles import TITLE_ONLY, link_titles
from monell.coverage.scope import find_exclusions
from monell.coverage.segments import by_document
from monell.coverage.sessions import STATUS_ORDER, own_session_day, read_legend, read_sessions
from monell.coverage.verdicts import NEVER_DELIVERED
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
NO_INSTRUCTION = re.compile("|".join(_CUES["no_instruction"]), re.I)
HELD = CourseStatus.DELIVERED

Parse = Callable[[str], object]


@dataclass(frozen=True)
class CourseIndex:
    """The courses of a case and how its segments relate to them."""

    courses: tuple[Course, ...]
    membership: dict[str, tuple[str, ...]]  # segment key -> course keys, most specific first
    document_exclusions: dict[int, dict[str, str]]  # document id -> topic -> the sentence
    undelivered_rows: dict[str, CourseStatus]  # a row's own session was not delivered


@dataclass
class _Draft:
    key: str
    codes: list[str]
    title: str
    sessions: list[Session]
    segments: list[Segment]
    titles: list[str] = field(default_factory=list)  # every copy's title, for linking
    roster: list[tuple[int, Day | None, str]] = field(default_factory=list)  # attendees
    days: dict[int, set[Day]] = field(default_factory=dict)  # document -> delivered sessions


def build_courses(
    segments: Sequence[Segment],
    hits: Sequence[TopicHit],
    as_of: date,
    parse: Parse | None = None,
) -> CourseIndex:
    """The courses of the training documents, which courses each segment belongs to, the
    topics each document says outright it does not teach (document id → topic → quote), and
    the rows whose own status says their session was not delivered.

    ``parse`` (a spaCy pipeline with a parser) reads negation scope; without it only a
    topic handed to another unit counts as an exclusion.
    """
    drafts: dict[str, _Draft] = {}
    membership: dict[str, tuple[str, ...]] = {}
    undelivered: dict[str, CourseStatus] = {}
    for document in _by_document(segments):
        legend = read_legend(document)
        for segment, keys, names_course in assign_courses(document):
            membership[segment.key] = tuple(k for k, _, _ in keys)
            sessions = read_sessions(segment, legend)
            if where := read_location(segment):
                sessions = [x if x.location else replace(x, location=where) for x in sessions]
            person = attendee(segment)
            if segment.is_row and sessions and all(s.status in NOT_DELIVERED for s in sessions):
                undelivered[segment.key] = min((s.status for s in sessions), key=STATUS_ORDER.index)
            for key, code, title in keys:
                draft = drafts.setdefault(key, _Draft(key, [], title, [], []))
                if code and code not in draft.codes:
                    draft.codes.append(code)
                if title and (not draft.title or len(title) > len(draft.title)):
                    draft.title = title
                if title:
                    draft.titles.append(title)
                draft.segments.append(segment)
                about = _about(sessions, names_course, draft.codes)
                draft.sessions.extend(about)
                held = [(x.start, x.end) for x in about if x.status is HELD and x.start]
                draft.days.setdefault(segment.document_id, set()).update(held)
                if person:
                    days: list[Day | None] = list(held) or [None]
                    draft.roster.extend((segment.document_id, d, person) for d in days)
    membership = _join_titles(drafts, membership)
    by_segment = {h.segment.key: h.segment for h in hits}
    exclusions, document_exclusions = _exclusions(hits, membership, by_segment, parse)
    courses = tuple(
        _course(d, exclusions.get(d.key, {}), as_of) for d in drafts.values() if d.segments
    )
    return CourseIndex(courses, membership, document_exclusions, undelivered)


def _join_titles(
    drafts: dict[str, _Draft], membership: dict[str, tuple[str, ...]]
) -> dict[str, tuple[str, ...]]:
    """Each course known only by a title merged into the course whose title it matches
    (coverage/course_titles.py); the membership of its segments follows it."""
    coded = [k for k, d in drafts.items() if d.codes]
    joined = link_titles({k: d.titles for k, d in drafts.items()}, coded)
    for key, target in joined.items():
        draft, into = drafts.pop(key), drafts[target]
        into.segments.extend(draft.segments)
        into.sessions.extend(draft.sessions)
        into.titles.extend(draft.titles)
        into.roster.extend(draft.roster)
        for document, days in draft.days.items():
            into.days.setdefault(document, set()).update(days)
        into.title = into.title or draft.title
    # A lesson plan known only by its title is a course only as a copy of another.
    alone = {k for k in drafts if k.startswith(TITLE_ONLY)}
    for key in alone:
        del drafts[key]
    return {
        segment: tuple(dict.fromkeys(joined.get(k, k) for k in keys if k not in alone))
        for segment, keys in membership.items()
    }


def apply_courses(
    hits: Iterable[TopicHit],
    index: CourseIndex,
    as_of: date,
    title_topics: Mapping[str, set[str]] | None = None,
    document_topics: Mapping[int, set[str]] | None = None,
) -> list[TopicHit]:
    """Each hit as its courses allow: excluded, not delivered, reserved, an item inside a
    course on another subject, or dated by its sessions (see the module's docstring).

    ``title_topics``: course key -> the topics its title names; ``document_topics``:
    document id -> the topics its title names (for passages outside any course)."""
    by_key = {c.key: c for c in index.courses}
    titles = title_topics or {}
    documents = document_topics or {}
    days: dict[str, date | None] = {}  # a segment's own session day, read once per segment
    result = []
    for hit in hits:
        own = [by_key[k] for k in index.membership.get(hit.segment.key, ()) if k in by_key]
        excluded = next((c.exclusions[hit.topic] for c in own if hit.topic in c.exclusions), None)
        excluded = excluded or index.document_exclusions.get(hit.segment.document_id, {}).get(
            hit.topic
        )
        if excluded and hit.depth is not Depth.NEGATED:
            note = f"the course or its document says it does not teach this: {excluded[:120]}"
            result.append(replace(hit, depth=Depth.NEGATED, cues=(*hit.cues, note)))
            continue
        row_status = index.undelivered_rows.get(hit.segment.key)
        if row_status is not None:
            note = f"this session was not delivered ({row_status.value})"
            result.append(replace(hit, depth=Depth.PLANNED, cues=(*hit.cues, note)))
            continue
        key = hit.segment.key
        if key not in days:  # a training document's passage may date its own session
            training = hit.segment.doc_type in TRAINING_TYPES
            days[key] = own_session_day(hit.segment, as_of) if training else None
        subjects = [(label(c), titles.get(c.key, set())) for c in own]
        if not any(named for _, named in subjects):  # no course, or courses named by code only
            subjects.append(("its document", documents.get(hit.segment.document_id, set())))
        hit = titled(incidental(practised(hit, own, titles), subjects), own, titles)
        result.append(_dated(hit, own, days[key]))
    return result


def _dated(hit: TopicHit, own: Sequence[Course], own_day: date | None) -> TopicHit:
    """``own_day``: the session day the segment itself gives (``own_session_day``)."""
    if not own:
        if own_day is None or hit.segment.is_row:
            return hit
        return replace(hit, segment=replace(hit.segment, date=own_day, date_source="session"))
    held = [c for c in own if c.status is CourseStatus.DELIVERED]
    missing = [c for c in own if c.status in NOT_DELIVERED]
    if missing and not held:
        names = ", ".join(f"{label(c)} ({c.status.value})" for c in missing)
        return replace(hit, depth=Depth.PLANNED, cues=(*hit.cues, f"{NEVER_DELIVERED}{names}"))
    shallow = [c for c in own if c.status is CourseStatus.RESERVED or c.evaluation_only]
    if shallow and hit.depth is Depth.TEACHES:
        reserved = shallow[0].status is CourseStatus.RESERVED
        why = "reserved: no content" if reserved else "an evaluation with no instruction"
        hit = replace(hit, depth=Depth.MENTIONS, cues=(*hit.cues, why))
    if hit.segment.date_source == "row":
        return hit  # a row's own date is its session
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


def _about(sessions: list[Session], names_course: bool, codes: list[str]) -> list[Session]:
    """The sessions a passage gives its course: all of them when it names the course itself;
    from a passage that only continues a course's block (a general note after the last
    description), a delivery only when its clause names the course's code."""
    if names_course:
        return sessions
    return [
        s
        for s in sessions
        if s.status is not CourseStatus.DELIVERED or any(c in s.quote.upper() for c in codes)
    ]


def _course(draft: _Draft, exclusions: dict[str, str], as_of: date) -> Course:
    delivered = [
        (s.start, s.end or s.start)
        for s in draft.sessions
        if s.status is CourseStatus.DELIVERED and s.start
    ]
    before = [last for _, last in delivered if last <= as_of]
    after = [first for first, last in delivered if last > as_of]
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
    objectives, practice = read_practice(draft.segments)
    return Course(
        key=draft.key,
        codes=tuple(draft.codes),
        title=draft.title,
        sessions=tuple(with_attendance(_unique_sessions(draft.sessions), draft.roster, draft.days)),
        status=status,
        exclusions=exclusions,
        hours=max(hours) if hours else None,
        cites=tuple(dict.fromkeys(cite_of(s) for s in draft.segments)),
        documents=tuple(dict.fromkeys(s.file for s in draft.segments)),
        segment_keys=tuple(s.key for s in draft.segments),
        evaluation_only=any(NO_INSTRUCTION.search(s.quote) for s in draft.segments),
        first_delivered=min(after) if after and not before else None,
        last_delivered_before=max(before) if before else None,
        objectives=objectives,
        practice=practice,
    )


def _unique_sessions(sessions: Sequence[Session]) -> list[Session]:
    """One session per (start, end, status), with the first location any copy gives."""
    unique: dict[tuple[object, ...], Session] = {}
    for session in sessions:
        identity = (session.start, session.end, session.status)
        first = unique.setdefault(identity, session)
        if first.location is None and session.location:
            unique[identity] = replace(first, location=session.location)
    return list(unique.values())


def _by_document(segments: Sequence[Segment]) -> list[list[Segment]]:
    """The training documents' segments, one list per document."""
    return list(by_document([s for s in segments if s.doc_type in TRAINING_TYPES]).values())


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


def with_topics(
    courses: Sequence[Course], hits: Sequence[TopicHit], relevance: float
) -> tuple[Course, ...]:
    """Each course with the topics its segments deal with, at the deepest depth found
    (teaches > mentions > planned > negated), after ``apply_courses``."""
    order = (Depth.TEACHES, Depth.MENTIONS, Depth.PLANNED, Depth.NEGATED)
    by_segment: dict[str, list[TopicHit]] = {}
    for hit in hits:
        if hit.relevance >= relevance or hit.depth is Depth.NEGATED:
            by_segment.setdefault(hit.segment.key, []).append(hit)
    result = []
    for course in courses:
        depths: dict[str, Depth] = {}
        for key in course.segment_keys:
            for hit in by_segment.get(key, ()):
                best = depths.get(hit.topic)
                if best is None or order.index(hit.depth) < order.index(best):
                    depths[hit.topic] = hit.depth
        result.append(replace(course, topics={t: d.value for t, d in depths.items()}))
    return tuple(result)
