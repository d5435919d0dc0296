"""``monell changes``: what each new volume changed; and the snapshot ingest takes."""

from __future__ import annotations

import json
from typing import Any

import click

from monell.changes import changes_since, snapshot_of
from monell.cli.kit import AnalysisKit
from monell.cli.options import case_option, echo_json, json_option
from monell.errors import InputError, MonellError
from monell.workspace import Case

LABELS = {
    "coverage_verdict": "training verdict changed",
    "coverage_policy_verdict": "policy verdict changed",
    "coverage_evidence": "new training evidence",
    "flag_opened": "flag opened",
    "flag_closed": "flag closed",
    "flag_strength": "flag strength changed",
    "flag_evidence": "flag evidence changed",
}


def take_snapshot(kit: AnalysisKit, production: str) -> None:
    """Store what the analysis says now (coverage, and flags when an injury is set), reusing
    the full coverage and complaint reports for the flags."""
    coverage = kit.coverage()
    flags = None
    if kit.case.store.injury():
        flags = kit.flags(coverage=coverage, complaints=kit.complaints())
    kit.case.store.add_snapshot(
        production, json.dumps(snapshot_of(coverage, flags), sort_keys=True)
    )


def record_snapshot(kit: AnalysisKit, label: str) -> None:
    """``take_snapshot`` for a command that changed the case (an ingest, the injury, a
    document's type): a failure is a warning and never undoes the command."""
    try:
        take_snapshot(kit, label)
    except MonellError as error:
        click.echo(f"Warning: no change snapshot for {label}: {error}", err=True)


def snapshot_after_edit(case: Case, label: str) -> None:
    """After a change made by hand (a document's type, a removal), record what the analysis
    says, so `monell changes` shows it under its own label and does not pin it on the next
    volume. Only once tracking has begun (a first ingest)."""
    if not case.store.snapshots():
        return
    click.echo("Recording what this changed (see `monell changes`)...", err=True)
    record_snapshot(AnalysisKit(case), label)


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
