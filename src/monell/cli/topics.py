"""``monell topics``: the training topics a case is analysed for; validate a taxonomy file."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import click
from rich.table import Table

from monell.app.workspace import open_case
from monell.cli.options import case_dir_option, echo_json, json_option, output_console
from monell.coverage.taxonomy import DEFAULT_TOPIC_IDS, Taxonomy, load_case_taxonomy, load_taxonomy
from monell.errors import CaseNotFound
from monell.resources import default_taxonomy_path


@click.group(invoke_without_command=True)
@case_dir_option
@json_option
@click.pass_context
def topics(ctx: click.Context, case_dir: Path, as_json: bool) -> None:
    """List the training topics: the default taxonomy plus the case's own topics, if any.

    Outside a case folder the default taxonomy is shown.

    Example:

        monell topics --json
    """
    if ctx.invoked_subcommand is not None:
        return
    try:
        with open_case(case_dir) as case:
            taxonomy = load_case_taxonomy(case.taxonomy_file)
    except CaseNotFound:
        taxonomy = load_taxonomy(default_taxonomy_path(), default=True)
    if as_json:
        echo_json({"topics": [asdict(t) for t in taxonomy.topics]})
        return
    output_console().print(_topics_table(taxonomy))


@topics.command()
@click.argument("file", type=click.Path(path_type=Path))
def validate(file: Path) -> None:
    """Check a taxonomy YAML file (a case's own topics, or a full taxonomy).

    Example:

        monell topics validate cases/doe-v-riverton/topics.yaml
    """
    taxonomy = load_taxonomy(file)
    click.echo(f"{file}: valid, {len(taxonomy.topics)} topic(s): {', '.join(taxonomy.ids)}")
    new = [t for t in taxonomy.ids if t not in DEFAULT_TOPIC_IDS]
    if new:
        click.echo(
            f"Note: new topic(s) {', '.join(new)}: training coverage and policy verdicts score "
            "them; complaint allegations and injury facts cannot name them until the allegation "
            "model is retrained with labelled allegations for them "
            "(python -m scripts.train_allegation_model).",
            err=True,
        )


def _topics_table(taxonomy: Taxonomy) -> Table:
    table = Table(title=f"{len(taxonomy.topics)} training topics", title_justify="left")
    for column in ("Topic id", "Name", "Coverage ex.", "Injury ex.", "Patterns", "Authorities"):
        table.add_column(column)
    for t in taxonomy.topics:
        statuses = [a.status.value for a in t.authorities]
        authorities = ", ".join(f"{statuses.count(s)} {s}" for s in dict.fromkeys(statuses)) or "—"
        table.add_row(
            t.id,
            t.name,
            str(len(t.coverage_exemplars)),
            str(len(t.injury_exemplars)),
            str(len(t.lexical_patterns)),
            authorities,
        )
    return table
