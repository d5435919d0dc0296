"""Records of the coverage analysis: segments examined, topic hits, and verdicts.

Frozen dataclasses passed between the analysis stages (segments → detect → coverage) and
out to the CLI and JSON. Controlled vocabularies are StrEnums whose values are the JSON
strings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

TRAINING_TYPES = ("training_curriculum", "lesson_plan", "training_log", "training_catalog")
POLICY_TYPES = ("policy",)


class Verdict(StrEnum):
    """What the training in force on the as-of date did with a topic."""

    COVERED = "covered"  # substantive instruction, or logged hours beyond awareness level
    THIN = "thin"  # only mentioned, listed, or an awareness-level item
    ABSENT = "absent"  # nothing in the training documents addresses it


class Depth(StrEnum):
    """How one segment deals with a topic (the classifier's call, then the cue rules)."""

    TEACHES = "teaches"  # instruction, objectives, exercises, logged course hours; a rule
    MENTIONS = "mentions"  # TOC line, course list, reference, acknowledgment, awareness item
    NEGATED = "negated"  # says the topic is not covered or excluded
    PLANNED = "planned"  # only planned or proposed


@dataclass(frozen=True)
class Segment:
    """The unit examined: a prose passage, or one row of a training table."""

    key: str  # "p12" for passage 12, "p12r3" for its third table row
    passage_id: int
    document_id: int
    file: str
    production: str
    page: int
    bates: str | None
    doc_type: str
    heading: str | None
    text: str  # what is matched and embedded
    quote: str  # what is shown (the full row, with officer and date)
    is_row: bool
    date: date | None  # the row's own date, else the document's key date
    date_source: str | None  # "row" | "document" | None (undated)
    hours: float | None
    course: str | None  # the course a row or passage names, to count its hours once
    stored_vector: bool  # True when the passage's stored vector embeds exactly this text
    title: str = ""  # the document's first lines: a form or a video log says so there
    cite: str | None = None  # within a native: "sheet Roster, row 14"


class CourseStatus(StrEnum):
    """What happened to a course, or to one of its sessions."""

    DELIVERED = "delivered"  # held: a dated session, a roster, a transcript row
    SCHEDULED = "scheduled"  # on the calendar, not yet held when the document was written
    PLANNED = "planned"  # planned, proposed, to be developed, pending funding or approval
    CANCELLED = "cancelled"
    POSTPONED = "postponed"
    SUSPENDED = "suspended"
    NOT_HELD = "not held"  # the document says it was never held or delivered
    RESERVED = "reserved"  # a heading or table-of-contents line whose content was never written
    UNDATED = "undated"  # nothing says when, or whether, it was held


NOT_DELIVERED = (
    CourseStatus.SCHEDULED,
    CourseStatus.PLANNED,
    CourseStatus.CANCELLED,
    CourseStatus.POSTPONED,
    CourseStatus.SUSPENDED,
    CourseStatus.NOT_HELD,
)


@dataclass(frozen=True)
class Session:
    """One session of a course, or one thing said about its delivery, with where it is said."""

    start: date | None
    end: date | None  # the last day (a range's end, a month's last day)
    status: CourseStatus
    quote: str
    cite: str
    location: str | None = None  # where it was held, when a row or a sheet says so
    attendees: int | None = None  # roster, sign-in or transcript rows that record attending


@dataclass(frozen=True)
class Course:
    """A training course read once from all its text: its catalog row, description, lesson
    plan, table-of-contents line and roster rows, joined by its code or its title."""

    key: str
    codes: tuple[str, ...]
    title: str
    sessions: tuple[Session, ...]
    status: CourseStatus  # as of the analysis date (see coverage/courses.py)
    exclusions: dict[str, str]  # topic id -> the sentence saying the course does not teach it
    hours: float | None
    cites: tuple[str, ...]  # every copy: "file p.N Bates"
    documents: tuple[str, ...]
    segment_keys: tuple[str, ...]
    first_delivered: date | None = None
    last_delivered_before: date | None = None  # the last session on or before the as-of date
    evaluation_only: bool = False  # a test or certification that says it gives no instruction
    topics: dict[str, str] = field(default_factory=dict)  # topic id -> its depth in this course
    objectives: bool = False  # its text states learning or performance objectives
    practice: bool = False  # it includes practice: exercises, scenarios, drills, role play


@dataclass(frozen=True)
class TopicHit:
    """One segment's score for one topic, with what produced it (for explanations)."""

    topic: str
    segment: Segment
    relevance: float  # P(the segment addresses the topic), from the trained model
    teach: float  # P(it teaches or governs the topic)
    depth: Depth
    patterns: tuple[str, ...]  # lexical patterns matched
    similarity: float  # best cosine to the topic's exemplars
    cues: tuple[str, ...]  # context cues that shaped the depth ("table of contents", …)


# The type a record of absence gives a scan none of whose pages could be read.
UNREAD_TYPE = "unknown (no page could be read)"


@dataclass(frozen=True)
class SearchedDocument:
    """A document the analysis read, for the record of absence."""

    file: str
    production: str
    doc_type: str
    bates_begin: str | None
    bates_end: str | None
    pages: int
    date: date | None
    unreadable_pages: tuple[int, ...]  # pages stored as needing OCR: not searched


@dataclass(frozen=True)
class AbsenceRecord:
    """What was searched, and how, before saying a topic is absent."""

    documents: tuple[SearchedDocument, ...]
    post_incident_documents: tuple[SearchedDocument, ...]
    patterns: tuple[str, ...]
    queries: tuple[str, ...]  # the topic name and coverage exemplars compared by meaning
    model: str
    thresholds: dict[str, float]
    nearest_misses: tuple[TopicHit, ...]
    # in force but not counted: a course never delivered, or a document that says it does not
    # teach the topic; each with its cite and the reason in its cues
    not_counted: tuple[TopicHit, ...] = ()


@dataclass(frozen=True)
class TopicCoverage:
    """The verdict for one topic, with its evidence."""

    topic: str
    name: str
    verdict: Verdict
    policy_verdict: Verdict  # covered | absent
    hours: float | None
    evidence: tuple[TopicHit, ...]
    policy_evidence: tuple[TopicHit, ...]
    post_incident_evidence: tuple[TopicHit, ...]
    absence_record: AbsenceRecord | None
    reason: str  # one sentence a paralegal can check


@dataclass(frozen=True)
class CoverageReport:
    as_of: date
    topics: tuple[TopicCoverage, ...]
    training_documents: int
    policy_documents: int
    model: str
    thresholds: dict[str, float] = field(default_factory=dict)
    unreadable_pages: int = 0  # pages of training documents stored as needing OCR
    courses: tuple[Course, ...] = ()


@dataclass(frozen=True)
class SourcePassage:
    """A stored passage of a training or policy document, as the analysis reads it."""

    passage_id: int
    document_id: int
    file: str
    production: str
    page: int
    bates: str | None
    doc_type: str
    heading: str | None
    text: str
    is_table: bool
    document_date: date | None
    document_title: str = ""  # the first lines of its first page ("READ AND SIGN ROSTER")
    cite: str | None = None  # within a native: "sheet Roster, row 14"
