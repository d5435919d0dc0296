"""``monell courses``: the training history a paralegal builds by hand in a spreadsheet."""

from __future__ import annotations

import click
from rich.table import Table

from monell.app.session import CaseSession
from monell.app.shapes.courses import courses_json
from monell.app.workspace import Case
from monell.cli.options import case_option, echo_json, json_option, output_console
from monell.records.coverage import CoverageReport

MAX_CITES = 3


@click.command()
@click.option("--topic", "topic", help="Only the courses that deal with this topic id.")
@case_option
@json_option
def courses(case: Case, topic: str | None, as_json: bool) -> None:
    """One row per training course: code, title, topics, hours, objectives and practice
    (yes/no), sessions (with location and attendees where a roster gives them), status and
    cites.

    A course is read once from every copy of it (catalog row, description, lesson plan,
    table-of-contents line, rosters and transcripts), joined by its code or by a title that
    matches its title closely (never a generic one such as "In-Service Training").
    Its status is as of the incident date: delivered (with its sessions), or planned,
    scheduled, cancelled, postponed, suspended, not held, reserved, or undated.

    Example:

        monell courses --topic k9_deployment
    """
    report = CaseSession(case).coverage(topic_ids=(topic,) if topic else ())
    data = courses_json(report, topic)
    if as_json:
        echo_json(data)
        return
    output_console().print(_table(report, data["courses"]))


def _table(report: CoverageReport, rows: list[dict[str, object]]) -> Table:
    table = Table(title=f"Training courses as of {report.as_of.isoformat()}", show_lines=True)
    columns = ("code", "title", "topics", "hours", "obj./practice", "sessions", "status", "cites")
    for column in columns:
        table.add_column(column)
    for row in rows:
        sessions = row["sessions"]
        assert isinstance(sessions, list)
        table.add_row(
            ", ".join(row["codes"]) or "-",  # type: ignore[arg-type]
            str(row["title"]),
            "\n".join(f"{t} ({d})" for t, d in row["topics"].items()),  # type: ignore[attr-defined]
            "-" if row["hours"] is None else f"{row['hours']:g}",
            f"{_yes(row['objectives'])}/{_yes(row['practice'])}",
            "\n".join(_session(s) for s in sessions) or "-",
            str(row["status"]),
            "\n".join(row["cites"][:MAX_CITES]),  # type: ignore[index]
        )
    return table


def _session(session: dict[str, object]) -> str:
    day = session["start"] or "undated"
    if session["end"] and session["end"] != session["start"]:
        day = f"{day} to {session['end']}"
    where = f", {session['location']}" if session.get("location") else ""
    count = f", {session['attendees']} attended" if session.get("attendees") else ""
    return f"{day}: {session['status']}{where}{count}"


def _yes(value: object) -> str:
    return "yes" if value else "no"
