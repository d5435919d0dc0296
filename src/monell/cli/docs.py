"""``monell docs``: list documents, pin a document's type, remove a document."""

from __future__ import annotations

from pathlib import Path

import click

from monell.app.snapshots import snapshot_after_edit
from monell.app.status import document_to_json
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
from monell.cli.tables import documents_table
from monell.errors import InputError
from monell.index.update import open_vector_index
from monell.records import DocType


@click.group(invoke_without_command=True)
@case_dir_option
@json_option
@click.pass_context
def docs(ctx: click.Context, case_dir: Path, as_json: bool) -> None:
    """List the documents: file, production, pages, Bates range, type, key date, how read.

    Example:

        monell docs --case cases/doe-v-riverton
    """
    if ctx.invoked_subcommand is not None:
        hand_case_to_subcommands(ctx, case_dir)
        return
    with open_case(case_dir) as case:
        documents = case.store.list_documents()
    if as_json:
        echo_json([document_to_json(d) for d in documents])
        return
    output_console().print(documents_table(documents))


@docs.command(name="set-type")
@click.argument("document_id", type=click.IntRange(1, 2**63 - 1))
@click.argument("doc_type", type=click.Choice([t.value for t in DocType] + ["auto"]))
@case_option
def set_type(case: Case, document_id: int, doc_type: str) -> None:
    """Set DOCUMENT_ID's type by hand (or `auto` to go back to the classifier's).

    A type set here survives re-indexing.

    Example:

        monell docs set-type 12 lesson_plan
    """
    if not case.store.set_type_override(document_id, None if doc_type == "auto" else doc_type):
        raise InputError(f"no document with id {document_id} (see `monell docs`)")
    click.echo(
        f"Document {document_id}: type {'from the classifier' if doc_type == 'auto' else doc_type}."
    )
    snapshot_after_edit(case, f"(document {document_id} set to {doc_type})", echo_err)


@docs.command(name="remove")
@click.argument("document_id", type=click.IntRange(1, 2**63 - 1))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@case_option
def remove(case: Case, document_id: int, yes: bool) -> None:
    """Remove DOCUMENT_ID and everything derived from it (passages, vectors, dates).

    Example:

        monell docs remove 12 --yes
    """
    if not yes:
        click.confirm(f"Remove document {document_id} from the case?", abort=True)
    index, _ = open_vector_index(case.store, case.index_dir, settings=case.config.index)
    removed = case.store.delete_document(document_id)
    index.remove(removed)
    index.save(case.index_dir)
    click.echo(f"Removed document {document_id} ({len(removed)} passage(s)).")
    snapshot_after_edit(case, f"(document {document_id} removed)", echo_err)
