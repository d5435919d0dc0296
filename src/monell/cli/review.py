"""``monell review``: list flags by review status, show one, record a decision."""

from __future__ import annotations

import click

from monell.app.decisions import find_flag, record_decision
from monell.app.session import compute_flags
from monell.app.shapes.flags import flag_json, history_json
from monell.app.workspace import Case
from monell.cli.options import case_option, echo_json, json_option
from monell.errors import InputError
from monell.flags.review import DECISIONS, PENDING, matches_status, review_state

STATUSES = (PENDING, *DECISIONS, "changed", "all")


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
    flag = find_flag(compute_flags(case), flag_id)
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
