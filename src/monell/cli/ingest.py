"""``monell ingest``: load a production (volume) of PDFs into the case."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
)

from monell.cli.options import case_option, echo_json, json_option
from monell.cli.tables import ingest_summary
from monell.config import IngestOptions
from monell.ingest.ocr import tesseract_version
from monell.ingest.run import ingest_paths
from monell.records import OcrMode
from monell.workspace import Case


class RichIngestProgress:
    """Two bars, documents and pages, on stderr; silent when stderr is not a terminal."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.documents: TaskID | None = None
        self.pages: TaskID | None = None

    def planned(self, documents: int, pages: int) -> None:
        self.documents = self.progress.add_task("documents", total=documents)
        self.pages = self.progress.add_task("pages", total=pages)

    def advanced(self, documents: int = 0, pages: int = 0) -> None:
        if self.documents is not None and documents:
            self.progress.advance(self.documents, documents)
        if self.pages is not None and pages:
            self.progress.advance(self.pages, pages)


def _options(case: Case, ocr: str | None, workers: int | None) -> IngestOptions:
    """Flag > case.toml [ingest] > default."""
    settings: dict[str, Any] = dict(case.settings.get("ingest", {}))
    if ocr is not None:
        settings["ocr"] = ocr
    if workers is not None:
        settings["workers"] = workers
    return IngestOptions.resolve(settings)


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--production", help="Label for this volume, e.g. VOL001 (default: the folder name).")
@click.option(
    "--ocr",
    type=click.Choice([m.value for m in OcrMode]),
    default=None,
    help="auto: OCR pages without a usable text layer (default); off; force: every page.",
)
@click.option(
    "--workers", type=click.IntRange(min=0), default=None, help="Worker processes (0 = all cores)."
)
@case_option
@json_option
def ingest(
    case: Case,
    paths: tuple[Path, ...],
    production: str | None,
    ocr: str | None,
    workers: int | None,
    as_json: bool,
) -> None:
    """Load PDFs (files or folders, recursively) into the case as one production.

    Re-running is safe: files already in the case are skipped, and a run that was
    interrupted picks up where it stopped. Exits with status 1 if any file failed.

    Example:

        monell ingest --case cases/doe-v-riverton incoming/VOL001 --production VOL001
    """
    options = _options(case, ocr, workers)
    err = Console(stderr=True)
    if options.ocr is not OcrMode.OFF and tesseract_version() is None:
        click.echo(
            "Warning: tesseract is not installed; scanned pages will be stored as 'needs OCR'.",
            err=True,
        )
    with Progress(
        TextColumn("{task.description:>9}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err,
        disable=not err.is_terminal,
        transient=True,
    ) as bar:
        result = ingest_paths(
            case.store, paths, production, options, progress=RichIngestProgress(bar)
        )
    # One line per problem, never wrapped: these lines get pasted into emails and logs.
    for doc in result.added:
        for warning in doc.warnings:
            click.echo(f"Warning: {doc.path}: {warning}", err=True)
    for failure in result.failed:
        click.echo(f"FAILED {failure.path}: {failure.reason}", err=True)
    if as_json:
        echo_json(ingest_result_json(result))
    else:
        click.echo(ingest_summary(result))
    if not result.ok:
        raise SystemExit(1)


def ingest_result_json(result: Any) -> dict[str, Any]:
    from dataclasses import asdict

    return {
        "production": result.production,
        "added": [asdict(d) for d in result.added],
        "already_present": list(result.already_present),
        "failed": [{"file": f.path, "reason": f.reason} for f in result.failed],
    }
