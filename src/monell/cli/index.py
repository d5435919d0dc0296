"""``monell search`` and ``monell reindex``: query the case; repair or rebuild its index."""

from __future__ import annotations

from dataclasses import asdict

import click

from monell.app.session import case_models
from monell.app.shapes.search import DOC_TYPES, search_hit_json
from monell.app.workspace import Case
from monell.cli.options import (
    case_option,
    echo_json,
    executor_options,
    ingest_options,
    json_option,
    output_console,
)
from monell.cli.tables import search_table
from monell.errors import InputError
from monell.index.search import check_search_args, search_passages
from monell.index.update import open_vector_index, update_index
from monell.parallel import executor_for


@click.command()
@click.argument("query")
@click.option("--k", "k", default=10, show_default=True, help="How many passages to return.")
@click.option(
    "--type",
    "doc_types",
    multiple=True,
    type=click.Choice(DOC_TYPES),
    help="Only these document types (repeatable).",
)
@click.option("--production", help="Only this production, e.g. VOL002.")
@case_option
@json_option
def search(
    case: Case,
    query: str,
    k: int,
    doc_types: tuple[str, ...],
    production: str | None,
    as_json: bool,
) -> None:
    """Find the passages that best answer QUERY, with file, page and Bates cites.

    Combines meaning (embeddings: finds paraphrases) and exact words (keyword search).

    Example:

        monell search "where do they teach carotid restraints?" --type lesson_plan --k 5
    """
    check_search_args(query, k, doc_types)
    labels = [p.label for p in case.store.production_counts()]
    if production is not None and production not in labels:
        known = ", ".join(labels) or "none"
        raise InputError(f"no production {production!r} in this case (productions: {known})")
    models = case_models(case)
    index, _ = open_vector_index(
        case.store, case.index_dir, settings=case.config.index
    )  # rebuilt here if stale or missing
    hits = search_passages(case.store, index, models.embedder(), query, k, doc_types, production)
    if as_json:
        echo_json({"query": query, "results": [search_hit_json(h) for h in hits]})
        return
    output_console().print(search_table(query, hits))


@click.command()
@click.option(
    "--full", is_flag=True, help="Re-analyse every document (e.g. after changing models)."
)
@executor_options
@case_option
@json_option
def reindex(
    case: Case,
    full: bool,
    workers: int | None,
    executor: str | None,
    scheduler: str | None,
    as_json: bool,
) -> None:
    """Check the search index against the case and repair it; analyse documents not yet indexed.

    Document types set with `monell docs set-type` are kept. The analysis runs on the
    executor `monell ingest` uses ([ingest] in case.toml, or the options here).

    Example:

        monell reindex --full --workers 2
    """
    options = ingest_options(case, workers=workers, executor=executor, scheduler=scheduler)
    runner = executor_for(options)
    try:
        models = case_models(case, options.worker_count)
        report = update_index(
            case.store,
            case.index_dir,
            models,
            full=full,
            executor=runner,
            settings=case.config.index,
        )
    finally:
        runner.close()
    if as_json:
        echo_json(asdict(report))
        return
    state = "rebuilt from stored vectors" if report.rebuilt else "consistent with the case"
    kind = "approximate (IVF)" if report.index_kind == "ivf" else "exact"
    click.echo(
        f"Index ({kind}) {state}; analysed {report.documents} document(s), "
        f"{report.passages} passage(s) in {report.seconds:.1f}s."
    )
    for document_id, reason in report.failed:
        click.echo(f"FAILED document {document_id}: {reason}", err=True)
    if report.failed:
        raise SystemExit(1)
