"""The ingest orchestrator: discover → inspect → extract page chunks → store.

Workers run the pure functions of ``extract.py``; this process is the single
writer, committing each document in one transaction as soon as its last page
chunk arrives. A run killed at any point leaves only whole documents behind, and
re-running skips them by SHA-256.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from monell.config import IngestOptions
from monell.errors import InputError
from monell.executors import Executor, WorkerCrashed, make_executor
from monell.ingest.discover import discover_files
from monell.ingest.extract import assemble_document, extract_page_range, inspect_file
from monell.ingest.ocr import OcrEngine, ocr_with_tesseract
from monell.progress import Progress
from monell.records import (
    Document,
    ExtractionMethod,
    FailedFile,
    IngestedDocument,
    IngestResult,
    Page,
    SourceFile,
)
from monell.store import CaseStore

MAX_LABEL_LENGTH = 100
CHUNKS_PER_WORKER = 4
MIN_CHUNK_PAGES = 2


@dataclass(frozen=True)
class PageChunk:
    """Pages ``start``..``stop - 1`` of one inspected file: the unit of parallel work."""

    source: SourceFile
    start: int
    stop: int


@dataclass
class _Pending:
    source: SourceFile
    chunks_left: int
    pages: list[Page] = field(default_factory=list)


def default_production_label(paths: Sequence[Path | str]) -> str:
    """Name a production after the first folder (or file) given, e.g. ``VOL001``."""
    first = Path(paths[0])
    return (first.stem if first.is_file() else first.resolve().name) or "production"


def check_production_label(label: str) -> str:
    cleaned = label.strip()
    if not cleaned or len(cleaned) > MAX_LABEL_LENGTH or not cleaned.isprintable():
        raise InputError(
            f"production label {label!r} must be 1-{MAX_LABEL_LENGTH} printable characters"
        )
    return cleaned


def ingest_paths(
    store: CaseStore,
    paths: Sequence[Path | str],
    production: str | None = None,
    options: IngestOptions | dict[str, Any] | None = None,
    *,
    executor: Executor | None = None,
    progress: Progress | None = None,
    ocr: OcrEngine | None = None,
) -> IngestResult:
    """Ingest files and folders into the case as one production (volume).

    Raises:
        InputError: a path does not exist or an option is invalid; nothing is stored.
    """
    files = discover_files(paths)
    label = check_production_label(production or default_production_label(paths))
    opts = IngestOptions.resolve(options)
    runner = executor or make_executor(opts.worker_count)
    try:
        production_id = store.ensure_production(label)
        sources, present, failed = _inspect_all(store, runner, files, opts, production_id)
        engine = ocr or ocr_with_tesseract  # looked up at call time, so tests can swap it
        added, more_failed = _extract_all(
            store, runner, sources, opts, production_id, progress, engine
        )
    finally:
        if executor is None:
            runner.close()
    return IngestResult(label, tuple(added), tuple(present), tuple(failed + more_failed))


def _inspect_all(
    store: CaseStore, runner: Executor, files: list[str], opts: IngestOptions, production_id: int
) -> tuple[list[SourceFile], list[str], list[FailedFile]]:
    """Hash and open every file; keep only content the case does not hold yet."""
    new: dict[str, SourceFile] = {}
    present: list[str] = []
    failed: list[FailedFile] = []
    for path, result in runner.map_unordered(partial(inspect_file, options=opts), files):
        if isinstance(result, WorkerCrashed):
            result = FailedFile(path, str(result))
        if isinstance(result, FailedFile):
            store.record_failure(production_id, result)
            failed.append(result)
        elif store.known_sha256(result.sha256):
            store.note_seen_again(result.sha256, production_id, path)
            present.append(path)
        elif result.sha256 in new:
            present.append(path)  # the same content twice in this run: stored once
        else:
            new[result.sha256] = result
    return (
        sorted(new.values(), key=lambda s: s.path),
        sorted(present),
        sorted(failed, key=lambda f: f.path),
    )


def _extract_all(
    store: CaseStore,
    runner: Executor,
    sources: list[SourceFile],
    opts: IngestOptions,
    production_id: int,
    progress: Progress | None,
    ocr: OcrEngine,
) -> tuple[list[IngestedDocument], list[FailedFile]]:
    """Extract page chunks in parallel; store each document once all its chunks are in."""
    split = {source.sha256: split_pages(source, opts) for source in sources}
    chunks = [chunk for source in sources for chunk in split[source.sha256]]
    pending = {s.sha256: _Pending(s, len(split[s.sha256])) for s in sources}
    if progress:
        progress.planned(len(sources), sum(s.page_count for s in sources))
    added: list[IngestedDocument] = []
    failed: list[FailedFile] = []
    work = partial(_extract_chunk, options=opts, ocr=ocr)
    trusted = store.trusted_bates_prefixes()
    for chunk, result in runner.map_unordered(work, chunks):
        entry = pending.get(chunk.source.sha256)
        if entry is None:
            continue  # the document already failed on another chunk
        if not isinstance(result, tuple):
            reason = result.reason if isinstance(result, FailedFile) else str(result)
            failure = FailedFile(chunk.source.path, reason, chunk.source.sha256)
            store.record_failure(production_id, failure)
            failed.append(failure)
            del pending[chunk.source.sha256]
            if progress:
                progress.advanced(documents=1, pages=chunk.stop - chunk.start)
            continue
        entry.pages.extend(result)
        entry.chunks_left -= 1
        if progress:
            progress.advanced(pages=len(result))
        if entry.chunks_left == 0:
            document = assemble_document(entry.source, entry.pages, trusted)
            store.add_document(document, production_id)
            trusted |= {p.bates.prefix for p in document.pages if p.bates and not p.bates_from_ocr}
            added.append(_summarize(document))
            del pending[chunk.source.sha256]
            if progress:
                progress.advanced(documents=1)
    return sorted(added, key=lambda d: d.path), sorted(failed, key=lambda f: f.path)


def split_pages(source: SourceFile, opts: IngestOptions) -> list[PageChunk]:
    """Cut a file into page chunks: about CHUNKS_PER_WORKER per worker, within limits.

    A 20-page scan (OCR ~2 s a page) is spread over every core; a 600-page manual gets
    chunks of ``chunk_pages``, since each chunk re-opens the file (pdfplumber walks the
    page tree again for the ruled pages it reads tables from).
    """
    size = -(-source.page_count // (opts.worker_count * CHUNKS_PER_WORKER))
    size = max(MIN_CHUNK_PAGES, min(opts.chunk_pages, size))
    return [
        PageChunk(source, start, min(start + size, source.page_count))
        for start in range(0, source.page_count, size)
    ]


def _extract_chunk(
    chunk: PageChunk, options: IngestOptions, ocr: OcrEngine
) -> tuple[Page, ...] | FailedFile:
    """Worker entry point (module level so process pools can pickle it)."""
    return extract_page_range(chunk.source, chunk.start, chunk.stop, options, ocr)


def _summarize(document: Document) -> IngestedDocument:
    methods = [p.method for p in document.pages]
    begin, end = document.bates_begin, document.bates_end
    return IngestedDocument(
        path=document.source.path,
        pages=len(document.pages),
        ocr_pages=methods.count(ExtractionMethod.OCR),
        needs_ocr_pages=methods.count(ExtractionMethod.NEEDS_OCR),
        bates_begin=str(begin) if begin else None,
        bates_end=str(end) if end else None,
        warnings=document.warnings,
    )
