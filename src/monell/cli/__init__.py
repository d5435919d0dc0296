"""The ``monell`` command: the root group and the one place errors become messages.

Every ``MonellError`` is printed as one line on stderr and exits with status 1;
usage errors exit with 2 (click's convention).
"""

from __future__ import annotations

from typing import Any

import click

from monell import __version__
from monell.errors import MonellError


class MonellGroup(click.Group):
    """Translate domain errors into one-line messages, in one place for every command."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except MonellError as error:
            click.echo(f"Error: {error}", err=True)
            ctx.exit(1)


@click.group(cls=MonellGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="monell")
def main() -> None:
    """monell: find training gaps, notice and causation in police discovery productions.

    Start with `monell init`, load each volume with `monell ingest`, then check
    what arrived with `monell status`.

    Example:

        monell init cases/doe-v-riverton --incident-date 2021-06-14 --agency "Riverton PD"
    """


def _register() -> None:
    from monell.cli import (
        case,
        changes,
        complaints,
        courses,
        coverage,
        docs,
        flags,
        index,
        ingest,
        officers,
        report,
        review,
        serve,
        topics,
    )

    main.add_command(case.init)
    main.add_command(case.status)
    main.add_command(case.case_group)
    main.add_command(ingest.ingest)
    main.add_command(docs.docs)
    main.add_command(index.search)
    main.add_command(index.reindex)
    main.add_command(topics.topics)
    main.add_command(coverage.coverage)
    main.add_command(courses.courses)
    main.add_command(complaints.complaints)
    main.add_command(officers.officers)
    main.add_command(flags.injury)
    main.add_command(flags.flags)
    main.add_command(review.review)
    main.add_command(report.report)
    main.add_command(changes.changes)
    main.add_command(serve.serve)


_register()
