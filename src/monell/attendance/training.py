"""Each officer's training on each topic as of the incident date.

A row's course is joined to the coverage stage's course records (by code, else by title),
whose topics carry a depth: the course teaches the topic, only mentions it, or says it does
not teach it. A course the records do not know is read from its own title: a course of an
hour or more named for a topic teaches it, a shorter one mentions it.

Trained before the incident: yes when the officer attended, before the incident date, a
session of a course that teaches the topic; no when the officer's records show none (a
session that only mentions the topic is shown beside the answer, not counted: the scenario
answer keys and the coverage rule both read a mention as "thin", not as training). No
attendance record at all is its own answer: "no record for this officer", never a no.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from rapidfuzz import fuzz

from monell.records.attendance import (
    ATTENDED,
    MISSED,
    AttendanceRow,
    AttendanceStatus,
    OfficerIdentity,
    OfficerTopic,
    OfficerTraining,
    SessionEntry,
)
from monell.records.cite import cite_text
from monell.records.coverage import Course

SHEET_WORDS = re.compile(
    r"^\W*(?:class\s+)?(?:sign-?in(?:\s+sheets?)?|roster|attendance(?:\s+sheet)?)\s*[:\-–—]?\s*",
    re.I,
)
TITLE_RATIO = 90  # token-set ratio at which a row's course title is a known course's
TEACHING_HOURS = 1.0  # a course of an hour or more named for a topic teaches it
TopicsNamed = Callable[[list[str]], list[set[str]]]


@dataclass(frozen=True)
class CourseTopics:
    """What the course of a row does with each topic, and which known course it is."""

    depths: dict[str, str]  # topic -> teaches | mentions | negated
    course: Course | None


def course_topics(
    rows: Sequence[AttendanceRow], courses: Sequence[Course], topics_named: TopicsNamed
) -> dict[tuple[str, tuple[str, ...]], CourseTopics]:
    """The topics of every distinct (course, codes) the rows name."""
    keys = list(dict.fromkeys((row.course, row.codes) for row in rows))
    named = topics_named([course for course, _ in keys]) if keys else []
    hours = {(r.course, r.codes): r.hours for r in rows if r.hours}
    by_code = {_code(code): course for course in courses for code in course.codes}
    result = {}
    for (title, codes), title_topics in zip(keys, named, strict=True):
        course = next((by_code[_code(c)] for c in codes if _code(c) in by_code), None)
        if course is None:
            course = _by_title(title, courses)
        depths = {t: d for t, d in (course.topics if course else {}).items() if d != "planned"}
        if title_topics:  # a course named for another subject touches this one, at most
            depths = {
                t: "mentions" if d == "teaches" and t not in title_topics else d
                for t, d in depths.items()
            }
        for topic in course.exclusions if course else {}:
            depths[topic] = "negated"
        length = hours.get((title, codes)) or (course.hours if course else None)
        long = length is None or length >= TEACHING_HOURS
        for topic in title_topics:
            current = depths.get(topic)
            if current is None:
                depths[topic] = "teaches" if long else "mentions"
            elif current == "mentions" and long:
                depths[topic] = "teaches"
        result[(title, codes)] = CourseTopics(depths=depths, course=course)
    return result


def _code(code: str) -> str:
    return "".join(code.upper().split())


def _by_title(title: str, courses: Sequence[Course]) -> Course | None:
    if not title.strip():
        return None
    scored = [(fuzz.token_set_ratio(title.lower(), c.title.lower()), c) for c in courses]
    best = max(scored, key=lambda pair: pair[0], default=(0.0, None))
    return best[1] if best[0] >= TITLE_RATIO else None


def officer_training(
    identity: OfficerIdentity,
    rows: Sequence[AttendanceRow],
    topics: dict[tuple[str, tuple[str, ...]], CourseTopics],
    incident: date,
    wanted: Sequence[str],
) -> OfficerTraining:
    """The officer's answer on every topic their rows touch, and on every ``wanted`` topic."""
    touched = {
        topic
        for row in rows
        for topic, depth in topics[(row.course, row.codes)].depths.items()
        if depth in ("teaches", "mentions")
    }
    order = list(wanted) + sorted(touched - set(wanted))
    answers = tuple(_answer(topic, rows, topics, incident) for topic in order)
    undated = sum(1 for row in rows if row.start is None)
    return OfficerTraining(identity=identity, rows=len(rows), undated_rows=undated, topics=answers)


def _answer(
    topic: str,
    rows: Sequence[AttendanceRow],
    topics: dict[tuple[str, tuple[str, ...]], CourseTopics],
    incident: date,
) -> OfficerTopic:
    teach: list[SessionEntry] = []
    mention: list[SessionEntry] = []
    missed: list[SessionEntry] = []
    after: list[SessionEntry] = []
    undated: list[SessionEntry] = []
    for row in sorted(rows, key=lambda r: (r.start or date.max, r.course)):
        depth = topics[(row.course, row.codes)].depths.get(topic)
        if depth not in ("teaches", "mentions"):
            continue
        entry = _entry(row, depth)
        attended = row.status in ATTENDED or row.status is AttendanceStatus.UNKNOWN
        when = (
            row.made_up_on
            if row.status is AttendanceStatus.MADE_UP and row.made_up_on
            else row.start
        )
        if when is None:
            undated.append(entry)
        elif when >= incident:
            after.append(entry)
        elif attended:
            (teach if depth == "teaches" else mention).append(entry)
        elif row.status in MISSED:
            missed.append(entry)
    teach, mention, missed, after = _once(teach), _once(mention), _once(missed), _once(after)
    if not rows:
        answer, reason = None, "no record for this officer"
    elif teach:
        answer, reason = True, f"attended {teach[0].course} ({_when(teach[0])}) before the incident"
    elif undated and not mention:
        answer, reason = None, "only undated records touch this topic"
    else:
        answer, reason = False, _why_not(mention, missed, after)
    return OfficerTopic(
        topic=topic,
        trained_before_incident=answer,
        reason=reason,
        sessions=tuple(teach),
        touched=tuple(mention),
        missed_before_incident=tuple(missed),
        after_incident=tuple(after),
        undated=tuple(_once(undated)),
    )


def _once(entries: list[SessionEntry]) -> list[SessionEntry]:
    """One entry per session: a transcript row and a sign-in row of one course on one day
    are one session, cited twice."""
    kept: dict[tuple[str, date | None, str], SessionEntry] = {}
    for entry in entries:
        key = (entry.course.split()[0].upper() if entry.course else "", entry.start, entry.status)
        if key in kept:
            first = kept[key]
            if entry.cite not in first.cite:
                kept[key] = replace(first, cite=f"{first.cite}; {entry.cite}")
        else:
            kept[key] = entry
    return list(kept.values())


def _why_not(
    mention: list[SessionEntry], missed: list[SessionEntry], after: list[SessionEntry]
) -> str:
    parts = ["no session teaching this topic before the incident"]
    if mention:
        parts.append(f"{mention[0].course} only mentions it")
    if missed:
        parts.append(
            "offered and missed: "
            + "; ".join(f"{m.course} ({_when(m)}, {m.status.value})" for m in missed)
        )
    if after:
        parts.append(f"first completed after the incident: {after[0].course} ({_when(after[0])})")
    return "; ".join(parts)


def _when(entry: SessionEntry) -> str:
    return entry.start.isoformat() if entry.start else "undated"


def course_label(row: AttendanceRow) -> str:
    """ "HS-FA Heartsaver First Aid CPR AED": the row's first code, then its title without
    the sheet's own words ("SIGN-IN:", "Sign-in sheet -") or the code again."""
    title = row.course
    for code in row.codes:
        title = title.replace(code, " ")
    title = SHEET_WORDS.sub(" ", title)
    title = " ".join(title.split()).strip(" -–—:,;\"'")
    code = row.codes[0] if row.codes else ""
    return f"{code} {title}".strip() or row.course


def _entry(row: AttendanceRow, depth: str) -> SessionEntry:
    return SessionEntry(
        course=course_label(row),
        start=row.made_up_on
        if row.status is AttendanceStatus.MADE_UP and row.made_up_on
        else row.start,
        status=row.status,
        hours=row.hours,
        cite=cite_text(row.file, row.page, row.bates, row.within),
        depth=depth,
        quote=row.quote,
    )
