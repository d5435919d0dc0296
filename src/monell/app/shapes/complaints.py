"""JSON shape of the complaint analysis: records, notice patterns."""

from __future__ import annotations

from typing import Any

from monell.records.complaints import ComplaintRecord, ComplaintReport, NoticePattern

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
        "timing": record.timing.value,
        "stale": record.stale,
        "copies": list(record.copies),
        "text": text,
    }


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
