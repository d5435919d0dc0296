"""``monell init``, ``monell status`` and ``monell case``: create a case, see what it holds,
and set its facts (defendant officers)."""

from __future__ import annotations

from pathlib import Path

import click

from monell.app.status import build_status, status_to_json
from monell.app.workspace import Case, init_case, open_case
from monell.cli.options import (
    case_dir_option,
    case_option,
    echo_json,
    hand_case_to_subcommands,
    json_option,
    output_console,
)
from monell.cli.tables import status_tables
from monell.errors import InputError

MAX_DEFENDANT_CHARS = 200  # a name with rank and badge, never a paragraph


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


@click.group(name="case", invoke_without_command=True)
@case_dir_option
@json_option
@click.pass_context
def case_group(ctx: click.Context, case_dir: Path, as_json: bool) -> None:
    """Show the case facts: name, agency, incident date and defendant officers.

    Example:

        monell case --case cases/doe-v-riverton
    """
    if ctx.invoked_subcommand is not None:
        hand_case_to_subcommands(ctx, case_dir)
        return
    with open_case(case_dir) as case:
        info = case.store.read_case_info(str(case.path))
        defendants = case.store.defendants()
    if as_json:
        echo_json(
            {
                "name": info.name,
                "agency": info.agency,
                "incident_date": info.incident_date.isoformat(),
                "defendants": defendants,
            }
        )
        return
    click.echo(
        f"{info.name} — incident {info.incident_date.isoformat()}"
        + (f" — {info.agency}" if info.agency else "")
    )
    click.echo(
        "Defendants: "
        + ("; ".join(defendants) if defendants else "none set (monell case set --defendant NAME)")
    )


@case_group.command(name="set")
@click.option(
    "--defendant",
    "add",
    multiple=True,
    metavar="NAME",
    help='A defendant officer, e.g. "Ofc. Dale Brandt" (repeatable).',
)
@click.option(
    "--remove-defendant",
    "remove",
    multiple=True,
    metavar="NAME",
    help="Take a defendant off the list (repeatable).",
)
@case_option
def set_facts(case: Case, add: tuple[str, ...], remove: tuple[str, ...]) -> None:
    """Name the case's defendant officers: complaints naming them are flagged.

    Example:

        monell case set --defendant "Ofc. Dale Brandt" --defendant "Sgt. Lee Ortiz"
    """
    if not add and not remove:
        raise InputError("nothing to set: give --defendant NAME or --remove-defendant NAME")
    names = [" ".join(name.split()) for name in add]
    for name in names:
        if not name:
            raise InputError("a defendant's name cannot be empty")
        if len(name) > MAX_DEFENDANT_CHARS or not name.isprintable():
            raise InputError(
                f"a defendant's name is one line of at most {MAX_DEFENDANT_CHARS} characters"
            )
    said = []
    with case.store.transaction():  # all or nothing: a bad name stores none of them
        for name in names:
            added = case.store.add_defendant(name)
            said.append(f"Defendant {name!r} {'added' if added else 'was already listed'}.")
        for name in remove:
            if not case.store.remove_defendant(" ".join(name.split())):
                raise InputError(
                    f"no defendant named {name!r} (see `monell case`); nothing changed"
                )
            said.append(f"Defendant {name!r} removed.")
    for line in said:
        click.echo(line)
