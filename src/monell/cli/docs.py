"""``monell docs``: one row per stored document."""

from __future__ import annotations

import click
from rich.console import Console

from monell.cli.options import case_option, echo_json, json_option
from monell.cli.tables import documents_table
from monell.status import document_to_json
from monell.workspace import Case


@click.command()
@case_option
@json_option
def docs(case: Case, as_json: bool) -> None:
    """List the documents in the case: file, production, pages, Bates range, how pages were read.

    Example:

        monell docs --case cases/doe-v-riverton
    """
    documents = case.store.list_documents()
    if as_json:
        echo_json([document_to_json(d) for d in documents])
        return
    Console().print(documents_table(documents))
