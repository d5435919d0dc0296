"""Records of who attended what: one row per officer and course session, the officers those
rows belong to, and each officer's training on each topic as of the incident date.

A status is what the record says happened to this officer at this session; whether a session
of a course counts as training on a topic is decided later, from the course records of the
coverage stage (coverage/courses.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class AttendanceStatus(StrEnum):
    """What one roster or transcript row says about one officer at one session."""

    ATTENDED = "attended"  # completed, passed, signed in, qualified
    INSTRUCTED = "instructed"  # taught the session (counts as attended)
    MADE_UP = "made up"  # missed it, then completed a make-up (the row says when)
    ABSENT = "absent"  # not there, not signed
    NO_SHOW = "no-show"  # enrolled and did not come
    EXCUSED = "excused"  # absence approved
    INCOMPLETE = "incomplete"  # started, not finished; assigned and never completed
    FAILED = "failed"
    WAIVED = "waived"  # exempted: no attendance
    ENROLLED = "enrolled"  # enrolled or scheduled only; nothing says it happened
    CANCELLED = "cancelled"  # enrolled in a class the agency cancelled
    UNKNOWN = "unknown"  # listed, with nothing saying how it went


ATTENDED = (AttendanceStatus.ATTENDED, AttendanceStatus.INSTRUCTED, AttendanceStatus.MADE_UP)
# Offered and not taken: what the issue calls "offered but not attended".
MISSED = (
    AttendanceStatus.ABSENT,
    AttendanceStatus.NO_SHOW,
    AttendanceStatus.EXCUSED,
    AttendanceStatus.INCOMPLETE,
    AttendanceStatus.FAILED,
    AttendanceStatus.WAIVED,
    AttendanceStatus.ENROLLED,
    AttendanceStatus.CANCELLED,
)


@dataclass(frozen=True)
class AttendanceRow:
    """One officer at one course session, as one roster or transcript row states it."""

    name: str  # as printed, rank included ("Ofc. Lena Okafor", "HARWICK, Glen T.")
    badge: str | None  # badge, serial or state id, digits and letters only
    badge_kind: str  # "badge" (badge, star, serial) or "id" (state, POST or employee id)
    course: str  # the course title as the row or its heading gives it
    codes: tuple[str, ...]  # course and session codes in the row and its headings
    start: date | None
    end: date | None  # the last day of a range ("04/20 - 04/21/2021"), else start
    status: AttendanceStatus
    status_text: str  # the words the status was read from ("NO SHOW (subpoenaed)")
    hours: float | None
    layout: str  # "roster" (one row per officer) or "transcript" (one row per course)
    document_id: int
    file: str
    page: int
    bates: str | None
    quote: str  # the row as printed, cells joined
    within: str | None = None  # a native's place: "sheet Roster, row 14"
    made_up_on: date | None = None  # a missed row that says when it was made up


@dataclass(frozen=True)
class OfficerIdentity:
    """The rows of one officer across documents, and how they were matched."""

    key: str
    name: str  # the fullest spelling seen, rank kept
    badge: str | None
    names: tuple[str, ...]  # every spelling matched to this officer
    badges: tuple[str, ...]
    how: tuple[str, ...]  # how each spelling was matched ("badge 217", "name", "set by a user")
    conflicts: tuple[str, ...]  # one sentence each: same name under two badges, …
    defendant: bool = False
    defendant_name: str | None = None  # as the case names the defendant


@dataclass(frozen=True)
class SessionEntry:
    """One row behind an officer's answer on one topic."""

    course: str
    start: date | None
    status: AttendanceStatus
    hours: float | None
    cite: str
    depth: str  # how the course deals with the topic: teaches | mentions
    quote: str


@dataclass(frozen=True)
class OfficerTopic:
    """One officer's training on one topic as of the incident date."""

    topic: str
    trained_before_incident: bool | None  # None: no record for this officer, or undated only
    reason: str  # one sentence a paralegal can check
    sessions: tuple[SessionEntry, ...]  # attended before the incident, teaching the topic
    touched: tuple[SessionEntry, ...]  # attended before the incident, only mentioning it
    missed_before_incident: tuple[SessionEntry, ...]
    after_incident: tuple[SessionEntry, ...]
    undated: tuple[SessionEntry, ...] = ()


@dataclass(frozen=True)
class OfficerTraining:
    identity: OfficerIdentity
    rows: int  # attendance rows on record for this officer
    undated_rows: int
    topics: tuple[OfficerTopic, ...]


@dataclass(frozen=True)
class TrainingRecordReport:
    """Every officer with an attendance record, and every defendant, as of a date."""

    as_of: date
    officers: tuple[OfficerTraining, ...]
    rows: int
    unmatched: tuple[AttendanceRow, ...]  # rows whose name could not be read
    documents: tuple[str, ...]  # the files read for attendance
