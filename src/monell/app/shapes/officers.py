"""The JSON shape of ``monell officers``: each officer's training on each topic."""

from __future__ import annotations

from typing import Any

from monell.records.attendance import (
    AttendanceRow,
    OfficerTopic,
    OfficerTraining,
    SessionEntry,
    TrainingRecordReport,
)
from monell.records.cite import cite_text


def officers_json(
    report: TrainingRecordReport, officer: str | None = None, topic: str | None = None
) -> dict[str, Any]:
    """``{"as_of", "officers": [{"name", "badge", "defendant", "matched_names", "topics":
    [{"topic", "trained_before_incident", "sessions", "missed_before_incident",
    "after_incident", …}]}], …}``; ``officer`` keeps the officers whose name holds it."""
    officers = [o for o in report.officers if officer is None or _named(o, officer)]
    return {
        "as_of": report.as_of.isoformat(),
        "rows_read": report.rows,
        "documents": list(report.documents),
        "officers": [_officer(o, topic) for o in officers],
        "unmatched_rows": [_row(r) for r in report.unmatched],
    }


def _named(officer: OfficerTraining, wanted: str) -> bool:
    wanted = wanted.lower()
    spellings = (
        officer.identity.name,
        officer.identity.defendant_name or "",
        *officer.identity.names,
    )
    return any(wanted in s.lower() for s in spellings) or wanted in officer.identity.badges


def _officer(officer: OfficerTraining, topic: str | None) -> dict[str, Any]:
    identity = officer.identity
    return {
        "name": identity.name,
        "badge": identity.badge,
        "badges": list(identity.badges),
        "defendant": identity.defendant,
        "defendant_name": identity.defendant_name,
        "matched_names": list(identity.names),
        "matched_how": list(identity.how),
        "conflicts": list(identity.conflicts),
        "records": officer.rows,
        "undated_records": officer.undated_rows,
        "topics": [answer_json(t) for t in officer.topics if topic is None or t.topic == topic],
    }


def answer_json(answer: OfficerTopic) -> dict[str, Any]:
    """One officer's answer on one topic, with the sessions behind it."""
    return {
        "topic": answer.topic,
        "trained_before_incident": answer.trained_before_incident,
        "reason": answer.reason,
        "sessions": [entry_json(s) for s in answer.sessions],
        "mentioned_only": [entry_json(s) for s in answer.touched],
        "missed_before_incident": [entry_json(s) for s in answer.missed_before_incident],
        "after_incident": [entry_json(s) for s in answer.after_incident],
        "undated": [entry_json(s) for s in answer.undated],
    }


def entry_json(entry: SessionEntry) -> dict[str, Any]:
    return {
        "course": entry.course,
        "date": entry.start.isoformat() if entry.start else None,
        "status": entry.status.value,
        "hours": entry.hours,
        "depth": entry.depth,
        "cite": entry.cite,
        "quote": entry.quote,
    }


def _row(row: AttendanceRow) -> dict[str, Any]:
    return {
        "name": row.name,
        "badge": row.badge,
        "course": row.course,
        "date": row.start.isoformat() if row.start else None,
        "status": row.status.value,
        "cite": cite_text(row.file, row.page, row.bates, row.within),
        "quote": row.quote,
    }
