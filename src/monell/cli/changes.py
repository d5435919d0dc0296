"""``monell changes``: what each new volume changed; and the snapshot ingest takes."""

from __future__ import annotations

import json
from typing import Any

import click

from monell.app.changes import LABELS, changes_since
from monell.app.workspace import Case
from monell.cli.options import case_option, echo_json, json_option
from monell.errors import InputError


@click.command()
@click.option("--since", "since", metavar="PRODUCTION", help="All changes from this production on.")
@case_option
@json_option
def changes(case: Case, since: str | None, as_json: bool) -> None:
    """What the latest volume changed (or every volume since PRODUCTION): coverage verdicts,
    new evidence, flags opened, closed, or changed in strength or evidence.

    A snapshot is taken after every `monell ingest`.

    Example:

        monell changes --since VOL002
    """
    snapshots = [(i, p, t, json.loads(d)) for i, p, t, d in case.store.snapshots()]
    if since is not None and since not in {s[1] for s in snapshots}:
        known = ", ".join(dict.fromkeys(s[1] for s in snapshots)) or "none yet"
        raise InputError(f"no snapshot for production {since!r} (snapshots: {known})")
    found = changes_since(snapshots, since)
    if as_json:
        echo_json(
            {
                "snapshots": [{"production": p, "taken_at": t} for _, p, t, _ in snapshots],
                "changes": found,
            }
        )
        return
    if len(snapshots) < 2:
        click.echo("Nothing to compare yet: a snapshot is taken after each ingest.")
        return
    for change in found:
        click.echo(_line(change))
    if not found:
        click.echo("No changes.")


def _line(change: dict[str, Any]) -> str:
    what = change.get("topic") or change.get("flag")
    label = LABELS[change["kind"]]
    return f"{change['production']}: {label}: {what}: {change['before']} -> {change['after']}"
