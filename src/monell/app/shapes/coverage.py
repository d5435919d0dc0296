"""JSON shape of the coverage analysis: verdicts, evidence cites and records of absence."""

from __future__ import annotations

from typing import Any

from monell.records.coverage import AbsenceRecord, CoverageReport, SearchedDocument, TopicHit

QUOTE_CHARS = 400


def coverage_json(report: CoverageReport) -> dict[str, Any]:
    return {
        "as_of": report.as_of.isoformat(),
        "model": report.model,
        "thresholds": report.thresholds,
        "training_documents": report.training_documents,
        "policy_documents": report.policy_documents,
        "topics": [
            {
                "topic": t.topic,
                "name": t.name,
                "verdict": t.verdict.value,
                "policy_verdict": t.policy_verdict.value,
                "hours": t.hours,
                "reason": t.reason,
                "evidence": [hit_json(h) for h in t.evidence],
                "policy_evidence": [hit_json(h) for h in t.policy_evidence],
                "post_incident_evidence": [hit_json(h) for h in t.post_incident_evidence],
                "absence_record": absence_json(t.absence_record) if t.absence_record else None,
            }
            for t in report.topics
        ],
    }


def hit_json(hit: TopicHit) -> dict[str, Any]:
    s = hit.segment
    return {
        "file": s.file,
        "page": s.page,
        "bates": s.bates,
        "cite": s.cite,
        "text": s.quote if len(s.quote) <= QUOTE_CHARS else s.quote[: QUOTE_CHARS - 1] + "…",
        "score": hit.relevance,
        "teach_score": hit.teach,
        "depth": hit.depth.value,
        "date": s.date.isoformat() if s.date else None,
        "date_source": s.date_source,
        "doc_type": s.doc_type,
        "production": s.production,
        "heading": s.heading,
        "hours": s.hours,
        "patterns": list(hit.patterns),
        "similarity": hit.similarity,
        "cues": list(hit.cues),
        "passage_id": s.passage_id,
    }


def _document_json(d: SearchedDocument) -> dict[str, Any]:
    return {
        "file": d.file,
        "production": d.production,
        "doc_type": d.doc_type,
        "bates_begin": d.bates_begin,
        "bates_end": d.bates_end,
        "pages": d.pages,
        "date": d.date.isoformat() if d.date else None,
        "unreadable_pages": list(d.unreadable_pages),
    }


def absence_json(record: AbsenceRecord) -> dict[str, Any]:
    return {
        "searched_documents": [_document_json(d) for d in record.documents],
        "post_incident_documents": [_document_json(d) for d in record.post_incident_documents],
        "unreadable_pages": sum(len(d.unreadable_pages) for d in record.documents),
        "patterns": list(record.patterns),
        "queries": list(record.queries),
        "model": record.model,
        "thresholds": record.thresholds,
        "nearest_misses": [hit_json(h) for h in record.nearest_misses],
        "not_counted": [hit_json(h) for h in record.not_counted],
    }
