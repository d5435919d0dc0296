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
    """How a complaint (or a lawsuit, a claim) ended, in the vocabulary most agencies'
    findings map onto."""

    SUSTAINED = "sustained"
    NOT_SUSTAINED = "not_sustained"
    UNFOUNDED = "unfounded"
    EXONERATED = "exonerated"
    ADMINISTRATIVELY_CLOSED = "administratively_closed"
    PENDING = "pending"
    WITHDRAWN = "withdrawn"
    # how a lawsuit, a claim or a grievance ended
    JUDGMENT_FOR_PLAINTIFF = "judgment_for_plaintiff"
    JUDGMENT_FOR_DEFENDANT = "judgment_for_defendant"
    SETTLED = "settled"
    DISMISSED = "dismissed"
    PAID = "paid"
    DENIED = "denied"
    UNKNOWN = "unknown"


class SourceKind(StrEnum):
    """Where a notice record comes from: every source the city could have learned from."""

    COMPLAINT = "complaint"  # a complaint log row or intake, no investigating unit named
    IA_FILE = "ia_file"  # an internal-affairs / professional-standards file
    LAWSUIT = "lawsuit"  # a lawsuit: a litigation register's row, a docket, a caption
    CLAIM = "claim"  # a claim: a risk-management register's row, a notice of claim
    GRIEVANCE = "grievance"  # a detainee's or inmate's grievance
    INCIDENT_REPORT = "incident_report"  # a serious-incident, in-custody death or force report
    COURT_FINDING = "court_finding"  # a suppression order, a reversal, a court's finding


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
    source_kind: SourceKind = SourceKind.COMPLAINT
    is_row: bool = False  # a register's or log's table row
    form_cells: tuple[tuple[str, str], ...] = ()  # (label, entry) of its form printed as a table


@dataclass(frozen=True)
class Copy:
    """One place a record was read: the complaint's log row, its summary, the lawsuit."""

    record_id: str
    source_kind: SourceKind
    document_id: int
    file: str
    page: int
    bates: str | None
    cite: str | None = None  # within a native: "sheet IA Log, row 7"
    disposition: str | None = None  # as this copy prints it ("Settled", "Not Sustained")
    received_date: date | None = None  # when this copy reached the city (filed, received)


@dataclass(frozen=True)
class Conflict:
    """Two copies of one complaint that disagree on a field: each value with its cite."""

    field: str  # "disposition", "received_date", "closed_date", "event_date"
    values: tuple[tuple[str, str], ...]  # (value, cite), the shown copy's first


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
    topic_words: dict[str, tuple[str, ...]] = field(default_factory=dict)  # force tools named
    timing: Timing = Timing.UNDATED
    stale: bool = False  # prior, but older than the lookback window
    own: bool = False  # the plaintiff's own complaint, claim or lawsuit: never notice
    cite: str | None = None  # within a native: "sheet IA Log, row 7"
    source_kind: SourceKind = SourceKind.COMPLAINT
    numbered: bool = True  # False: no number was printed (the id is the cite)
    copies: tuple[Copy, ...] = ()  # the same event elsewhere (not the copy shown)
    conflicts: tuple[Conflict, ...] = ()
    warnings: tuple[str, ...] = ()  # "no number: kept as its own record", "not merged: …"


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
