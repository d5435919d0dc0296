"""Change snapshots: what the analysis says after each change to the case, for `monell changes`."""

from __future__ import annotations

import json
from collections.abc import Callable

from monell.app.changes import snapshot_of
from monell.app.session import CaseSession
from monell.app.workspace import Case
from monell.errors import MonellError


def take_snapshot(kit: CaseSession, production: str) -> None:
    """Store what the analysis says now (coverage, and flags when an injury is set), reusing
    the full coverage and complaint reports for the flags."""
    coverage = kit.coverage()
    flags = None
    if kit.case.store.injury():
        flags = kit.flags(coverage=coverage, complaints=kit.complaints())
    kit.case.store.add_snapshot(
        production, json.dumps(snapshot_of(coverage, flags), sort_keys=True)
    )


def record_snapshot(kit: CaseSession, label: str, warn: Callable[[str], None]) -> None:
    """``take_snapshot`` for a command that changed the case (an ingest, the injury, a
    document's type): a failure is a warning (given to ``warn``) and never undoes the command."""
    try:
        take_snapshot(kit, label)
    except MonellError as error:
        warn(f"Warning: no change snapshot for {label}: {error}")


def snapshot_after_edit(case: Case, label: str, say: Callable[[str], None]) -> None:
    """After a change made by hand (a document's type, a removal), record what the analysis
    says, so `monell changes` shows it under its own label and does not pin it on the next
    volume. Only once tracking has begun (a first ingest)."""
    if not case.store.snapshots():
        return
    say("Recording what this changed (see `monell changes`)...")
    record_snapshot(CaseSession(case), label, say)
