"""``monell review``: list flags by review status, show one, record a decision."""

from __future__ import annotations

import hmac
from collections.abc import Iterable
from typing import Any

import click

from monell.cli.flags import compute_flags, flag_json
from monell.cli.options import case_option, echo_json, json_option
from monell.errors import InputError, MonellError
from monell.flags.findings import Flag, FlagReport
from monell.flags.review import (
    DECISIONS,
    PENDING,
    evidence_hash,
    matches_status,
    review_state,
    review_token,
)
from monell.store import CaseStore
from monell.store.reviews import ReviewEntry
from monell.workspace import Case

STATUSES = (PENDING, *DECISIONS, "changed", "all")
MAX_NOTE_CHARS = 4000  # the audit log cannot be edited: a note is a note, not a file
MAX_REVIEWER_CHARS = 120


@click.group()
def review() -> None:
    """Review the flags: confirm, reject or mark for follow-up, with an audit log.

    Example:

        monell review list --status pending
    """


@review.command(name="list")
@click.option(
    "--status",
    type=click.Choice(STATUSES),
    default="all",
    show_default=True,
    help="Only flags in this state (changed: evidence changed since the decision).",
)
@case_option
@json_option
def list_flags(case: Case, status: str, as_json: bool) -> None:
    """List the flags with their review status.

    Example:

        monell review list --status pending
    """
    report, history = compute_flags(case), case.store.review_history()
    rows = []
    for flag in report.flags:
        state = review_state(flag, history)
        if matches_status(state, status):
            rows.append((flag, state))
    if as_json:
        echo_json({"flags": [flag_json(f, s) for f, s in rows]})
        return
    for flag, state in rows:
        changed = " (evidence changed since review)" if state.evidence_changed else ""
        click.echo(f"{flag.id}  {flag.strength.value:8s}  {state.status}{changed}")
    if not rows:
        click.echo("No flags in that state.")


@review.command()
@click.argument("flag_id")
@case_option
@json_option
def show(case: Case, flag_id: str, as_json: bool) -> None:
    """One flag with its evidence chain and every decision recorded on it.

    Example:

        monell review show F-prone_restraint_positional_asphyxia
    """
    flag = _find(compute_flags(case), flag_id)
    history = case.store.review_history(flag.id)
    data = flag_json(flag, review_state(flag, history))
    data["history"] = history_json(history)
    if as_json:
        echo_json(data)
        return
    click.echo(f"{flag.id} ({flag.strength.value}): {flag.why}")
    for caution in flag.cautions:
        click.echo(f"  caution: {caution}")
    for entry in data["history"]:
        click.echo(
            f"  {entry['at']} {entry['reviewer']}: {entry['decision']} {entry['note']}".rstrip()
        )
    if data["review"] and data["review"]["evidence_changed_since_review"]:
        click.echo("  the evidence changed since the last decision: review it again")


@review.command()
@click.argument("flag_id")
@click.option("--decision", required=True, type=click.Choice(DECISIONS))
@click.option("--reviewer", required=True, help="Who decides (name or initials).")
@click.option("--note", default="", help="Why, or what to follow up.")
@case_option
def decide(case: Case, flag_id: str, decision: str, reviewer: str, note: str) -> None:
    """Record a decision on a flag (appended to the audit log; earlier ones are kept).

    Example:

        monell review decide F-prone_restraint_positional_asphyxia --decision confirmed \
            --reviewer "J. Ortiz" --note "matches the BWC at 04:10"
    """
    if not reviewer.strip():
        raise InputError("--reviewer cannot be empty")
    flag = record_decision(case.store, compute_flags(case), flag_id, decision, reviewer, note)
    click.echo(f"{flag.id}: {decision} by {reviewer.strip()} (recorded).")


class ReviewConflict(MonellError):
    """The flag's review state or evidence changed since the reviewer loaded it."""


def record_decision(
    store: CaseStore, report: FlagReport, flag_id: str, decision: str, reviewer: str,
    note: str, seen: str | None = None,
) -> Flag:  # fmt: skip
    """Append a decision to the audit log (the CLI and the review app both write here).

    ``seen`` is the flag's ``review_token`` when the reviewer loaded it; when given and the
    flag has moved since (another decision, or new evidence), nothing is written.
    """
    if decision not in DECISIONS:
        raise InputError(f"unknown decision {decision!r} (allowed: {', '.join(DECISIONS)})")
    if not reviewer.strip():
        raise InputError("the reviewer's name cannot be empty")
    if len(reviewer) > MAX_REVIEWER_CHARS or not reviewer.isprintable():
        raise InputError(
            f"the reviewer's name is one line of at most {MAX_REVIEWER_CHARS} characters"
        )
    if len(note) > MAX_NOTE_CHARS:
        raise InputError(f"the note is {len(note)} characters; at most {MAX_NOTE_CHARS} are kept")
    flag = _find(report, flag_id)
    with store.transaction():  # BEGIN IMMEDIATE: the check and the append are one step
        now = review_token(flag, store.review_history(flag.id))
        if seen is not None and not hmac.compare_digest(seen.encode(), now.encode()):
            raise ReviewConflict(
                f"{flag.id} changed since you opened it (another decision or new evidence): "
                "nothing was recorded; reload the flag and decide again"
            )
        store.append_review(flag.id, decision, reviewer.strip(), note.strip(), evidence_hash(flag))
    return flag


def _find(report: FlagReport, flag_id: str) -> Flag:
    for flag in report.flags:
        if flag.id == flag_id:
            return flag
    known = ", ".join(f.id for f in report.flags) or "none"
    raise InputError(f"no flag {flag_id!r} in this case (flags now: {known})")


def history_json(entries: Iterable[ReviewEntry]) -> list[dict[str, Any]]:
    """Review decisions as JSON, in the order given."""
    return [
        {"decision": e.decision, "reviewer": e.reviewer, "at": e.decided_at, "note": e.note,
         "evidence_hash": e.evidence_hash}
        for e in entries
    ]  # fmt: skip
