"""``monell complaints``: prior complaints, their topics and dispositions, and the pattern."""

from __future__ import annotations

from typing import Any

import click

from monell.cli.kit import AnalysisKit
from monell.cli.options import case_option, echo_json, json_option, output_console
from monell.cli.tables import complaint_tables
from monell.complaints.findings import ComplaintRecord, ComplaintReport, NoticePattern
from monell.workspace import Case

QUOTE_CHARS = 600


@click.command()
@click.option(
    "--topic", "topic_ids", multiple=True, help="Only records on this topic id (repeatable)."
)
@click.option(
    "--lookback-years", type=int, default=None,
    show_default="the case's: case.toml [complaints] lookback_years, else 5",
    help="Prior complaints older than this are marked stale (listed, not counted).",
)  # fmt: skip
@case_option
@json_option
def complaints(
    case: Case, topic_ids: tuple[str, ...], lookback_years: int | None, as_json: bool
) -> None:
    """Complaint records found in complaint files and force reports, and the notice pattern.

    Each record: number, dates, officers, disposition, the topics its allegation names, and
    whether it came before the incident (prior: notice), after it (post: never counted) or
    is undated. Per topic: prior count, findings, first and last dates, repeat officers,
    and officers who are the case's defendants (`monell case set --defendant NAME`).

    Example:

        monell complaints --topic neck_restraints_chokeholds --json
    """
    report = AnalysisKit(case).complaints(lookback_years, topic_ids)
    if report.documents == 0:
        click.echo(
            "Warning: the case has no complaint files or force reports; check the types "
            "with `monell docs`.",
            err=True,
        )
    if as_json:
        echo_json(complaints_json(report))
        return
    console = output_console()
    for table in complaint_tables(report):
        console.print(table)


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
