"""``monell injury`` (set / show the plaintiff's injury) and ``monell flags``."""

from __future__ import annotations

import re
from pathlib import Path

import click

from monell.app.decisions import record_topic_decisions
from monell.app.session import CaseSession, compute_flags
from monell.app.shapes.flags import fact_json, flags_json, topic_json
from monell.app.workspace import Case, open_case
from monell.cli.options import (
    case_dir_option,
    case_option,
    echo_err,
    echo_json,
    hand_case_to_subcommands,
    json_option,
    output_console,
)
from monell.cli.tables import flag_tables, topic_lines
from monell.errors import InputError

MAX_INJURY_CHARS = 50_000


@click.group(invoke_without_command=True)
@case_dir_option
@json_option
@click.pass_context
def injury(ctx: click.Context, case_dir: Path, as_json: bool) -> None:
    """Show the plaintiff's injury narrative, its facts and the topics each points to.

    Example:

        monell injury --case cases/doe-v-riverton --json
    """
    if ctx.invoked_subcommand is not None:
        hand_case_to_subcommands(ctx, case_dir)
        return
    with open_case(case_dir) as case:
        _show_injury(case, as_json)


@injury.command(name="show")
@case_option
@json_option
def show_injury(case: Case, as_json: bool) -> None:
    """The injury narrative's facts (with offsets), their topics, scores and matched words.

    Example:

        monell injury show --json
    """
    _show_injury(case, as_json)


def _show_injury(case: Case, as_json: bool) -> None:
    text, facts = CaseSession(case).injury_facts()
    if as_json:
        echo_json({"injury": text, "facts": [fact_json(f) for f in facts]})
        return
    for fact in facts:
        click.echo(f"[{fact.start}-{fact.end}] ({fact.role.value}) {fact.text}")
        for clause in fact.clauses:
            click.echo(f"    {clause.role.value:10s} {clause.text}  [{clause.why}]")
        scores = ", ".join(f"{t} {fact.scores.get(t, 0):.2f}" for t in fact.topics)
        click.echo(f"    topics: {scores or 'none'}")
        if fact.supports:
            click.echo(f"    supports: {', '.join(fact.supports)}")


@injury.command(name="topics")
@click.option("--add", "add", multiple=True, metavar="ID", help="Implicate this topic.")
@click.option("--remove", "remove", multiple=True, metavar="ID", help="Take this topic out.")
@click.option("--reset", "reset", multiple=True, metavar="ID", help="Back to what was read.")
@click.option("--note", default="", help="Why (kept in the audit log; needed to add or remove).")
@click.option("--reviewer", default="", envvar="MONELL_REVIEWER", help="Who decides.")
@case_option
@json_option
def injury_topics(
    case: Case,
    add: tuple[str, ...],
    remove: tuple[str, ...],
    reset: tuple[str, ...],
    note: str,
    reviewer: str,
    as_json: bool,
) -> None:
    """The topics the injury implicates, each with the facts behind it (their roles) and a
    confidence; add or remove one, with a reason, as a reviewer. Decisions go to the review
    audit log and hold for a new injury text and new volumes; the flags use them.

    Example:

        monell injury topics --remove search_seizure_strip_searches \
            --note "routine search incident to arrest" --reviewer "J. Ortiz"
    """
    session = CaseSession(case)
    _, reading, _ = session.implicated()
    changes = {"added": add, "removed": remove, "reset": reset}
    for decision, topic in record_topic_decisions(
        case.store, session.taxonomy, reading.topics, changes, reviewer, note
    ):
        echo_err(f"{topic}: {decision} by {reviewer.strip()} (recorded).")
    _, _, topics = session.implicated()
    if as_json:
        echo_json({"topics": [topic_json(t) for t in topics]})
        return
    for line in topic_lines(topics):
        click.echo(line)


@injury.command(name="set")
@click.argument("file", required=False, type=click.Path(path_type=Path))
@click.option("--text", help="The narrative itself, instead of a FILE.")
@case_option
def set_injury(case: Case, file: Path | None, text: str | None) -> None:
    """Store the plaintiff's injury narrative (a text file, or --text), replacing any before.

    Example:

        monell injury set complaint_paragraphs_31-38.txt
    """
    if (file is None) == (text is None):
        raise InputError("give the injury narrative as a FILE or as --text TEXT (one of them)")
    source = "--text"
    if file is not None:
        try:
            raw = file.read_bytes()
        except OSError as error:
            raise InputError(f"cannot read the injury file: {error.strerror}", file) from None
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise InputError("the injury file is not UTF-8 text", file) from None
        source = str(file)
    assert text is not None
    cleaned = re.sub(r"[ \t]+", " ", text).strip()
    if not cleaned:
        raise InputError(f"the injury narrative is empty ({source})")
    if len(cleaned) > MAX_INJURY_CHARS:
        raise InputError(f"the injury narrative is over {MAX_INJURY_CHARS:,} characters ({source})")
    case.store.set_injury(cleaned, source)
    click.echo(f"Injury narrative stored ({len(cleaned.split())} words from {source}).")
    from monell.app.snapshots import record_snapshot

    record_snapshot(CaseSession(case), "(injury set)", echo_err)


@click.command()
@click.option(
    "--lookback-years",
    type=click.IntRange(min=1),
    default=None,
    show_default="the case's: case.toml [complaints] lookback_years, else 5",
    help="A what-if view with another lookback (review decisions use the case's).",
)
@case_option
@json_option
def flags(case: Case, lookback_years: int | None, as_json: bool) -> None:
    """Moving-force candidates: each topic the injury points to whose training was absent or
    thin, with its strength, evidence chain and a sentence saying why.

    Example:

        monell flags --json > flags.json
    """
    lookback = case.config.complaints.lookback_years
    if lookback_years is not None and lookback_years != lookback:
        click.echo(
            f"Note: a {lookback_years}-year lookback for this view only; review decisions, "
            f"the report and the review page use the case's {lookback} "
            "(case.toml [complaints] lookback_years).",
            err=True,
        )
    report = compute_flags(case, lookback_years)
    history = case.store.review_history()
    if as_json:
        echo_json(flags_json(report, history))
        return
    console = output_console()
    for table in flag_tables(report, history):
        console.print(table)
