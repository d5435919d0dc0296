"""``monell coverage``: did the training in force on the incident date cover each topic?"""

from __future__ import annotations

from datetime import date
from typing import Any

import click

from monell.analysis.findings import AbsenceRecord, CoverageReport, SearchedDocument, TopicHit
from monell.cli.kit import AnalysisKit
from monell.cli.options import case_option, echo_json, json_option, output_console
from monell.cli.tables import coverage_table
from monell.errors import InputError
from monell.workspace import Case

QUOTE_CHARS = 400


@click.command()
@click.option(
    "--as-of", "as_of", help="Judge as of this date (YYYY-MM-DD); default: the incident date."
)
@click.option("--topic", "topic_ids", multiple=True, help="Only this topic id (repeatable).")
@case_option
@json_option
def coverage(case: Case, as_of: str | None, topic_ids: tuple[str, ...], as_json: bool) -> None:
    """Covered / thin / absent for each training topic, with cited evidence.

    Reads training documents (curricula, lesson plans, logs, catalogs) dated on or before
    the incident date; policies give a separate policy verdict. Every covered or thin
    verdict cites file, page and Bates; every absent one records what was searched.

    Example:

        monell coverage --topic neck_restraints_chokeholds --json
    """
    day = _as_of(as_of)
    kit = AnalysisKit(case)
    report = kit.coverage(as_of=day, topic_ids=topic_ids)
    _warn(report)
    if as_json:
        echo_json(coverage_json(report))
        return
    output_console().print(coverage_table(report))


def _warn(report: CoverageReport) -> None:
    """Say plainly when the answer rests on little: no training documents, unread pages."""
    if report.training_documents == 0:
        click.echo(
            "Warning: the case has no training documents (curricula, lesson plans, logs, "
            "catalogs), so every topic is absent; check the types with `monell docs`.",
            err=True,
        )
    if report.unreadable_pages:
        click.echo(
            f"Warning: {report.unreadable_pages} page(s) of training documents could not be "
            "read (scans that need OCR); their words were not searched.",
            err=True,
        )


def _as_of(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(f"--as-of {text!r} is not a date in the form YYYY-MM-DD") from None


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
    }
