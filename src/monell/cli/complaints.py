"""``monell complaints``: prior complaints, their topics and dispositions, and the pattern."""

from __future__ import annotations

import click

from monell.app.session import CaseSession
from monell.app.shapes.complaints import complaints_json
from monell.app.workspace import Case
from monell.cli.options import case_option, echo_json, json_option, output_console
from monell.cli.tables import complaint_tables
from monell.records.cite import cite_of


@click.command()
@click.option(
    "--topic", "topic_ids", multiple=True, help="Only records on this topic id (repeatable)."
)
@click.option(
    "--lookback-years",
    type=int,
    default=None,
    show_default="the case's: case.toml [complaints] lookback_years, else 5",
    help="Prior complaints older than this are marked stale (listed, not counted).",
)
@case_option
@json_option
def complaints(
    case: Case, topic_ids: tuple[str, ...], lookback_years: int | None, as_json: bool
) -> None:
    """Notice records (complaints, IA files, lawsuits, claims, grievances, incident reports,
    court findings) and the notice pattern.

    Each record: its kind, number, dates, officers, disposition, the topics its allegation
    names, every copy of the same event with its cite, and whether it came before the
    incident (prior: notice), after it (post: never counted) or is undated. Per topic: prior
    count, findings, first and last dates, repeat officers, and officers who are the case's
    defendants (`monell case set --defendant NAME`).

    Example:

        monell complaints --topic neck_restraints_chokeholds --json
    """
    report = CaseSession(case).complaints(lookback_years, topic_ids)
    if report.documents == 0:
        click.echo(
            "Warning: the case has no complaint files or force reports; check the types "
            "with `monell docs`.",
            err=True,
        )
    for record in report.records:
        for warning in record.warnings:
            click.echo(f"Warning: {record.record_id} ({cite_of(record)}): {warning}", err=True)
    if as_json:
        echo_json(complaints_json(report))
        return
    console = output_console()
    for table in complaint_tables(report):
        console.print(table)
