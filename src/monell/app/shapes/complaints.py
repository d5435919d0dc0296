"""JSON shape of the complaint analysis: records, notice patterns."""

from __future__ import annotations

from typing import Any

from monell.records.cite import cite_text
from monell.records.complaints import (
    ComplaintRecord,
    ComplaintReport,
    Conflict,
    Copy,
    NoticePattern,
)

QUOTE_CHARS = 600


def complaints_json(report: ComplaintReport) -> dict[str, Any]:
    return {
        "incident_date": report.incident_date.isoformat(),
        "lookback_years": report.lookback_years,
        "defendants": list(report.defendants),
        "documents": report.documents,
        "model": report.model,
        "records": [record_json(r) for r in report.records],
        "patterns": [pattern_json(p) for p in report.patterns],
    }


def record_json(record: ComplaintRecord) -> dict[str, Any]:
    text = record.text if len(record.text) <= QUOTE_CHARS else record.text[: QUOTE_CHARS - 1] + "…"
    return {
        "record_id": record.record_id,
        "file": record.file,
        "page": record.page,
        "bates": record.bates,
        "cite": record.cite,
        "doc_type": record.doc_type,
        "event_date": _day(record.event_date),
        "received_date": _day(record.received_date),
        "closed_date": _day(record.closed_date),
        "officers": [{"name": o.name, "badge": o.badge} for o in record.officers],
        "complainant": record.complainant,
        "allegation": record.narrative,
        "disposition": record.disposition.value,
        "disposition_text": record.disposition_text,
        "discipline": record.discipline,
        "topics": list(record.topics),
        "topic_scores": record.topic_scores,
        "topic_words": {t: list(w) for t, w in record.topic_words.items()},
        "timing": record.timing.value,
        "stale": record.stale,
        "own": record.own,
        "source_kind": record.source_kind.value,
        "copies": [copy_json(c) for c in record.copies],
        "conflicts": [conflict_json(c) for c in record.conflicts],
        "warnings": list(record.warnings),
        "text": text,
    }


def copy_json(copy: Copy) -> dict[str, Any]:
    """Another place the same event was read: its number, kind, own finding and cite."""
    return {
        "record_id": copy.record_id,
        "source_kind": copy.source_kind.value,
        "file": copy.file,
        "page": copy.page,
        "bates": copy.bates,
        "cite": cite_text(copy.file, copy.page, copy.bates, copy.cite),
        "disposition_text": copy.disposition,
        "received_date": _day(copy.received_date),
    }


def conflict_json(conflict: Conflict) -> dict[str, Any]:
    return {
        "field": conflict.field,
        "values": [{"value": value, "cite": cite} for value, cite in conflict.values],
    }


def copy_line(copy: Copy) -> str:
    """ "lawsuit 19-CV-0412: register.pdf p.2 ABC0002 (Settled)" for a table cell."""
    finding = f" ({copy.disposition})" if copy.disposition else ""
    place = cite_text(copy.file, copy.page, copy.bates, copy.cite)
    return f"{copy.source_kind.value} {copy.record_id}: {place}{finding}"


def conflict_line(conflict: Conflict) -> str:
    """ "disposition sustained (log.pdf p.1) / not_sustained (ia.pdf p.3)"."""
    values = " / ".join(f"{value} ({cite})" for value, cite in conflict.values)
    return f"{conflict.field} {values}"


def pattern_json(pattern: NoticePattern) -> dict[str, Any]:
    return {
        "topic": pattern.topic,
        "name": pattern.name,
        "prior_count": pattern.prior_count,
        "stale_count": pattern.stale_count,
        "post_count": pattern.post_count,
        "sustained_count": pattern.sustained_count,
        "by_disposition": pattern.by_disposition,
        "record_ids": list(pattern.record_ids),
        "first": _day(pattern.first),
        "last": _day(pattern.last),
        "repeat_officers": list(pattern.repeat_officers),
        "defendant_officers": list(pattern.defendant_officers),
    }


def _day(value: Any) -> str | None:
    return value.isoformat() if value else None
