"""``monell ingest``: load a production (volume) of PDFs into the case."""

from __future__ import annotations

import time
from dataclasses import asdict, replace
from functools import partial
from pathlib import Path

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from monell.app.session import CaseSession, case_models
from monell.app.shapes.ingest import ingest_result_json
from monell.app.workspace import Case
from monell.cli.options import (
    case_option,
    echo_err,
    echo_json,
    executor_options,
    ingest_options,
    json_option,
)
from monell.cli.tables import ingest_summary
from monell.config import IngestOptions
from monell.index.embed_process import EmbeddingProcess, WithEmbeddingProcess
from monell.index.update import IndexReport, ModelSource, PackagedModels, update_index
from monell.ingest.ocr import tesseract_installed
from monell.ingest.run import ingest_paths
from monell.parallel import executor_for
from monell.parallel.local import Executor, InlineExecutor
from monell.records import IngestResult, OcrMode
from monell.records.names import shown
from monell.resources import keep_torch_out_of_spacy


class ReadingColumn(ProgressColumn):
    """The file in work the longest and the time it has taken so far ("line.txt 3:12 so
    far"): redrawn every tick, so a slow file is told from a hung run (issue 22)."""

    def render(self, task: Task) -> Text:
        name, since = task.fields.get("reading"), task.fields.get("since")
        if not name or since is None:
            return Text("")
        seconds = int(time.monotonic() - since)
        return Text(f"{name}  {seconds // 60}:{seconds % 60:02d} so far", style="dim")


# A volume of at most this many new pages is analysed in this process: starting the models
# in every worker (spaCy and the embedder, 3-5 s each) costs more than the second core saves
# on it, and the change snapshot needs the same models here afterwards (BENCHMARKS.md).
INLINE_INDEX_PAGES = 64


class RichIngestProgress:
    """Two bars, documents and pages, on stderr, with the time taken and the file being
    read; silent when stderr is not a terminal."""

    def __init__(self, progress: Progress, label: str = "documents") -> None:
        self.progress = progress
        self.label = label
        self.documents: TaskID | None = None
        self.pages: TaskID | None = None

    def planned(self, documents: int, pages: int) -> None:
        self.documents = self.progress.add_task(self.label, total=documents, reading=None)
        if pages:
            self.pages = self.progress.add_task("pages", total=pages, reading=None)

    def reading(self, name: str | None, since: float) -> None:
        if self.documents is not None:
            shown_name = shown(Path(name).name) if name else None
            self.progress.update(self.documents, reading=shown_name, since=since)

    def advanced(self, documents: int = 0, pages: int = 0) -> None:
        if self.documents is not None and documents:
            self.progress.advance(self.documents, documents)
        if self.pages is not None and pages:
            self.progress.advance(self.pages, pages)


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--production", help="Label for this volume, e.g. VOL001 (default: the folder name).")
@click.option(
    "--ocr",
    type=click.Choice([m.value for m in OcrMode]),
    default=None,
    help="auto: OCR pages without a usable text layer (default); off; force: every page.",
)
@executor_options
@case_option
@json_option
def ingest(
    case: Case,
    paths: tuple[Path, ...],
    production: str | None,
    ocr: str | None,
    workers: int | None,
    executor: str | None,
    scheduler: str | None,
    as_json: bool,
) -> None:
    """Load a production into the case: files, folders (recursively) or load-file volumes.

    Reads PDFs, page images (TIFF/JPEG/PNG, OCR'd), natives (.xlsx/.xls/.csv, .docx,
    .txt/.md, .eml/.msg with their attachments) and Concordance/Opticon volumes (a
    folder with a .dat and .opt: Bates numbers, custodians and dates come from the
    load file). Re-running is safe: content already in the case is skipped, and a run
    that was interrupted picks up where it stopped. Exits with status 1 if any file or
    load-file row failed; the rest is still ingested.

    With --executor dask the reading, OCR and embedding run on a Dask cluster whose
    workers see the production and the case folder at the same paths (docs/SCALING.md).

    Example:

        monell ingest --case cases/doe-v-riverton incoming/VOL001 --production VOL001
    """
    options = ingest_options(case, ocr=ocr, workers=workers, executor=executor, scheduler=scheduler)
    models = case_models(case, options.worker_count)  # a missing model fails before any work
    if options.ocr is not OcrMode.OFF and not tesseract_installed():
        click.echo(
            "Warning: tesseract is not installed; scanned pages will be stored as 'needs OCR'.",
            err=True,
        )
    result, report, kit = _run(case, paths, production, options, models)
    try:
        if result.added:
            _snapshot(kit, result.production)
    finally:
        if isinstance(kit.running_embedder, EmbeddingProcess):
            kit.running_embedder.close()
    names = {d.id: d.file_name for d in case.store.list_documents()} if report.failed else {}
    _report_problems(result, report, names)
    if as_json:
        echo_json({**ingest_result_json(result), "index": asdict(report)})
    else:
        click.echo(ingest_summary(result))
        click.echo(f"Indexed {report.documents} document(s): {report.passages} passage(s).")
    if not result.ok or report.failed:
        raise SystemExit(1)


def _run(
    case: Case,
    paths: tuple[Path, ...],
    production: str | None,
    options: IngestOptions,
    models: ModelSource,
) -> tuple[IngestResult, IndexReport, CaseSession]:
    """Extraction then analysis and indexing, on one executor, under one progress display;
    with the session the change snapshot is then taken in (it holds what the analysis here
    ran and prepared)."""
    kit = CaseSession(case, indexed=True)
    err = Console(stderr=True)
    executor = executor_for(options)
    columns = (
        TextColumn("{task.description:>9}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        ReadingColumn(),
    )
    try:
        with Progress(*columns, console=err, disable=not err.is_terminal, transient=True) as bar:
            result = ingest_paths(
                case.store,
                paths,
                production,
                options,
                executor=executor,
                progress=RichIngestProgress(bar),
            )
            indexer, models = index_runner(case, options, executor, models, kit)
            report = update_index(
                case.store,
                case.index_dir,
                models,
                executor=indexer,
                progress=RichIngestProgress(bar, "indexing"),
                settings=case.config.index,
            )
    finally:
        executor.close()
    return result, report, kit


def index_runner(
    case: Case,
    options: IngestOptions,
    executor: Executor,
    models: ModelSource,
    kit: CaseSession | None = None,
) -> tuple[Executor, ModelSource]:
    """Where the new documents are analysed: on ``executor``, or, when they hold at most
    INLINE_INDEX_PAGES pages and the executor is the local pool, in this process with the
    models the change snapshot then uses (loaded once, not once per worker and again here).
    There, the embedder runs in a child forked now (index/embed_process.py): it imports
    torch and loads its model while this process loads spaCy, without torch; ``kit``, the
    change snapshot's session, is given the child as its embedder and is prepared while
    the child embeds (app/snapshots.py)."""
    if options.executor != "local" or case.store.pending_pages() > INLINE_INDEX_PAGES:
        return executor, models
    from monell.app.snapshots import prepare_snapshot

    models = case_models(case)
    if not isinstance(models, PackagedModels):  # stand-in models: no torch to keep out
        return InlineExecutor(), models
    try:
        # One torch thread: this process parses on the other core meanwhile (measured: two
        # threads there slowed both sides; see BENCHMARKS.md, issue 21).
        process = EmbeddingProcess(replace(models, threads=1))
    except OSError:  # no process to be had (a process limit, no memory): embed here
        return InlineExecutor(), models
    keep_torch_out_of_spacy()
    kit = kit or CaseSession(case, indexed=True)
    kit.running_embedder = process
    return InlineExecutor(), WithEmbeddingProcess(models, process, partial(prepare_snapshot, kit))


def _snapshot(kit: CaseSession, production: str) -> None:
    """After a volume, record what the analysis says, for `monell changes`; a failure here
    is reported but never undoes the ingest. The index was brought up to date by `_run`,
    in ``kit`` (a running embedding process is reused)."""
    from monell.app.snapshots import record_snapshot

    err = Console(stderr=True)
    with err.status("Reading the case for `monell changes`…", spinner="line"):
        record_snapshot(kit, production, echo_err)


def _report_problems(result: IngestResult, report: IndexReport, names: dict[int, str]) -> None:
    """One line per problem, never wrapped: these lines get pasted into emails and logs."""
    for doc in result.added:
        for warning in doc.warnings:
            click.echo(f"Warning: {doc.path}: {warning}", err=True)
    for note in result.notes:
        click.echo(f"Note: {note}", err=True)
    for failure in result.failed:
        click.echo(f"FAILED {failure.path}: {failure.reason}", err=True)
    for document_id, reason in report.failed:
        name = f" ({names[document_id]})" if document_id in names else ""
        click.echo(f"FAILED document {document_id}{name}: {shown(reason)}", err=True)
