"""``monell officers``: who attended what, before the incident; and a reviewer's word on
which spellings are one officer (``monell officers match``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from rich.table import Table

from monell.app.session import CaseSession
from monell.app.shapes.officers import officers_json
from monell.app.workspace import Case, open_case
from monell.cli.options import (
    case_dir_option,
    case_option,
    echo_json,
    hand_case_to_subcommands,
    json_option,
    output_console,
)
from monell.errors import InputError

ANSWERS = {True: "yes", False: "NO", None: "no record"}
MAX_ITEMS = 3


@click.group(invoke_without_command=True)
@click.option("--officer", help="Only officers whose name (or badge) holds this text.")
@click.option("--topic", "topic", help="Only this topic id.")
@click.option(
    "--all", "show_all", is_flag=True, help="Every officer on record, not only defendants."
)
@case_dir_option
@json_option
@click.pass_context
def officers(
    ctx: click.Context,
    case_dir: Path,
    officer: str | None,
    topic: str | None,
    show_all: bool,
    as_json: bool,
) -> None:
    """Each officer's training on each topic as of the incident date, from rosters,
    sign-in sheets and training transcripts: trained before the incident (yes / no / no
    record), the sessions behind it, sessions offered and missed, sessions after.

    Defendants (`monell case set --defendant NAME`) are shown on every topic; others on
    the topics their records touch (with --all or --officer).

    Example:

        monell officers --topic medical_aid_detainees
    """
    if ctx.invoked_subcommand is not None:
        hand_case_to_subcommands(ctx, case_dir)
        return
    with open_case(case_dir) as case:
        data = _officers(case, officer, topic)
    if not show_all and officer is None:
        data["officers"] = [o for o in data["officers"] if o["defendant"]] or data["officers"]
    if as_json:
        echo_json(data)
        return
    output_console().print(_table(data))


def _officers(case: Case, officer: str | None, topic: str | None) -> dict[str, Any]:
    session = CaseSession(case)
    if topic is not None and topic not in {t.id for t in session.taxonomy.topics}:
        raise InputError(f"unknown topic id {topic!r} (see `monell topics` for the ids)")
    return officers_json(session.officers(), officer, topic)


@officers.command()
@click.argument("name")
@click.option("--same-as", "same_as", help="Another spelling of the same officer.")
@click.option("--not-same-as", "not_same_as", help="A spelling that is another officer.")
@click.option("--note", default="", help="Why (kept with the correction).")
@case_option
def match(case: Case, name: str, same_as: str | None, not_same_as: str | None, note: str) -> None:
    """Say that two spellings are one officer, or two; the word holds for every later run.

    Example:

        monell officers match "Okafr, Lena" --same-as "Ofc. Lena Okafor"
    """
    if (same_as is None) == (not_same_as is None):
        raise InputError("give exactly one of --same-as NAME or --not-same-as NAME")
    other = same_as or not_same_as or ""
    if not name.strip() or not other.strip():
        raise InputError("an officer's name cannot be empty")
    case.store.set_officer_match(name.strip(), other.strip(), same_as is not None, note)
    verb = "the same officer as" if same_as else "a different officer from"
    click.echo(f"recorded: {name.strip()!r} is {verb} {other.strip()!r}")


def _table(data: dict[str, object]) -> Table:
    table = Table(title=f"Officers' training as of {data['as_of']}", show_lines=True)
    for column in ("officer", "topic", "trained before", "sessions", "missed", "after", "why"):
        table.add_column(column)
    for officer in data["officers"]:  # type: ignore[attr-defined]
        label = officer["name"] + (" (defendant)" if officer["defendant"] else "")
        if officer["conflicts"]:
            label += "\n! " + "\n! ".join(officer["conflicts"])
        for topic in officer["topics"]:
            table.add_row(
                label,
                topic["topic"],
                ANSWERS[topic["trained_before_incident"]],
                _list(topic["sessions"]),
                _list(topic["missed_before_incident"]),
                _list(topic["after_incident"]),
                topic["reason"],
            )
            label = ""
    return table


def _list(sessions: list[dict[str, object]]) -> str:
    return (
        "\n".join(
            f"{s['course']} {s['date'] or 'undated'} {s['status']} ({s['cite']})"
            for s in sessions[:MAX_ITEMS]
        )
        or "-"
    )
