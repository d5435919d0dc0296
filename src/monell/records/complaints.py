"""Records of the complaint analysis: complaint records, their fields, and notice patterns.

Frozen dataclasses passed between the stages (segment → fields → topics → notice) and out
to the CLI and JSON; controlled vocabularies are StrEnums whose values are the JSON strings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

COMPLAINT_TYPES = ("complaint_file", "use_of_force_report")


class Disposition(StrEnum):
    """How a complaint ended, in the vocabulary most agencies' findings map onto."""

    SUSTAINED = "sustained"
    NOT_SUSTAINED = "not_sustained"
    UNFOUNDED = "unfounded"
    EXONERATED = "exonerated"
    ADMINISTRATIVELY_CLOSED = "administratively_closed"
    PENDING = "pending"
    WITHDRAWN = "withdrawn"
    UNKNOWN = "unknown"


class Timing(StrEnum):
    """Where a record falls against the incident date; only `prior` can be notice."""

    PRIOR = "prior"  # event and receipt before the incident
    POST = "post"  # after the incident: shown apart, never counted as notice
    UNDATED = "undated"  # no readable date: kept and marked, never dropped


@dataclass(frozen=True)
class Officer:
    """An accused or involved officer, as the document names them."""

    name: str  # as printed, rank included ("Ofc. J. Marsh")
    badge: str | None = None
    key: str = ""  # normalised for matching: "marsh j"


@dataclass(frozen=True)
class RecordSpan:
    """The text of one record, cut from a document, with where it starts."""

    document_id: int
    file: str
    page: int
    bates: str | None
    text: str
    header: str | None  # the line that opened it ("IA #2019-0142"), None for a whole document
    cells: tuple[tuple[str, str], ...] = ()  # (column header, value) when it is a table row
    doc_type: str = "complaint_file"
    cite: str | None = None  # within a native: "sheet IA Log, row 7"


@dataclass(frozen=True)
class ComplaintRecord:
    """One complaint or use-of-force report with its normalised fields."""

    record_id: str
    document_id: int
    file: str
    page: int
    bates: str | None
    doc_type: str
    event_date: date | None
    received_date: date | None
    closed_date: date | None
    officers: tuple[Officer, ...]
    complainant: str | None
    narrative: str
    disposition: Disposition
    disposition_text: str | None  # as printed
    discipline: str | None
    text: str  # the whole record as read
    topics: tuple[str, ...] = ()
    topic_scores: dict[str, float] = field(default_factory=dict)
    timing: Timing = Timing.UNDATED
    stale: bool = False  # prior, but older than the lookback window
    cite: str | None = None  # within a native: "sheet IA Log, row 7"
    copies: tuple[str, ...] = ()  # the same complaint elsewhere: "IA 2019-0142: log.pdf p. 3"
    copy_places: tuple[tuple[int, int], ...] = ()  # (document id, page) of each copy


@dataclass(frozen=True)
class NoticePattern:
    """The prior complaints on one topic: what the city had been told before the incident."""

    topic: str
    name: str
    prior_count: int  # prior records within the lookback window
    stale_count: int  # prior records older than the window (listed, not counted)
    sustained_count: int
    by_disposition: dict[str, int]
    record_ids: tuple[str, ...]
    first: date | None
    last: date | None
    repeat_officers: tuple[str, ...]  # named in more than one prior record on the topic
    defendant_officers: tuple[str, ...]  # prior-record officers who are the case's defendants
    post_count: int  # after the incident: shown, never counted


@dataclass(frozen=True)
class ComplaintReport:
    incident_date: date
    lookback_years: int
    records: tuple[ComplaintRecord, ...]
    patterns: tuple[NoticePattern, ...]
    documents: int
    defendants: tuple[str, ...] = ()
    model: str = ""
