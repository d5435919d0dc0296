"""``monell init`` and ``monell status``: create a case, and see what it holds."""

from __future__ import annotations

from pathlib import Path

import click

from monell.cli.options import case_option, echo_json, json_option, output_console
from monell.cli.tables import status_tables
from monell.status import build_status, status_to_json
from monell.workspace import Case, init_case


@click.command()
@click.argument("directory", type=click.Path(path_type=Path))
@click.option(
    "--incident-date",
    required=True,
    metavar="YYYY-MM-DD",
    help="Date of the plaintiff's incident: notice and training are judged as of it.",
)
@click.option(
    "--agency", default="", help="The defendant agency, e.g. 'Riverton Police Department'."
)
@click.option("--name", default="", help="Case name (default: the folder name).")
def init(directory: Path, incident_date: str, agency: str, name: str) -> None:
    """Create a case folder with its database and room for indexes.

    Example:

        monell init cases/doe-v-riverton --incident-date 2021-06-14 --agency "Riverton PD"
    """
    info = init_case(directory, incident_date, agency=agency, name=name)
    click.echo(
        f"Created case '{info.name}' (incident {info.incident_date.isoformat()}) in {directory}"
    )
    click.echo(f"Next: monell ingest --case {directory} PRODUCTION_FOLDER --production VOL001")


@click.command()
@case_option
@json_option
def status(case: Case, as_json: bool) -> None:
    """Per production: documents, pages, OCR, failures, Bates range; then Bates gaps and duplicates.

    Example:

        monell status --case cases/doe-v-riverton --json
    """
    report = build_status(case.store, str(case.path))
    if as_json:
        echo_json(status_to_json(report))
        return
    console = output_console()
    for table in status_tables(report):
        console.print(table)
    if not report.bates_gaps and not report.bates_duplicates and report.productions:
        console.print("No Bates gaps or duplicates found.")
    index = report.index
    console.print(
        f"Search index: {index.documents_indexed} document(s), {index.passages} passage(s)"
        + (
            f"; {index.documents_pending} not yet indexed (run `monell reindex`)"
            if index.documents_pending
            else "."
        )
    )
