"""``monell coverage``: did the training in force on the incident date cover each topic?"""

from __future__ import annotations

from datetime import date

import click

from monell.app.session import CaseSession
from monell.app.shapes.coverage import coverage_json
from monell.app.workspace import Case
from monell.cli.options import case_option, echo_json, json_option, output_console
from monell.cli.tables import coverage_table
from monell.errors import InputError
from monell.records.coverage import CoverageReport


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
    kit = CaseSession(case)
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
