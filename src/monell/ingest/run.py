"""The ingest orchestrator: discover → inspect → extract page chunks → store.

Workers run the pure functions of ``extract.py``; this process is the single
writer, committing each document in one transaction as soon as its last page
chunk arrives. A run killed at any point leaves only whole documents behind, and
re-running skips them by SHA-256.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any

from monell.config import IngestOptions, Limits
from monell.errors import InputError
from monell.ingest.attachments import save_attachments
from monell.ingest.discover import Inputs, discover_inputs
from monell.ingest.extract import (
    assemble_document,
    extract_page_range,
    extract_whole_file,
    inspect_file,
    quietly,
)
from monell.ingest.loadfile import LoadVolume, read_volume
from monell.ingest.ocr import OcrEngine, ocr_with_tesseract
from monell.ingest.outcome import shown_result, summarize
from monell.ingest.volume import VolumeItem, extract_entry, inspect_entry
from monell.parallel import executor_for
from monell.parallel.local import Executor, WorkerCrashed
from monell.parallel.progress import InFlight, Progress
from monell.records import (
    Document,
    FailedFile,
    IngestedDocument,
    IngestResult,
    Page,
    SourceFile,
    SourceFormat,
)
from monell.records.attachments import PendingAttachment
from monell.records.names import shown
from monell.store import CaseStore

MAX_LABEL_LENGTH = 100
CHUNKS_PER_WORKER = 4
MIN_CHUNK_PAGES = 2
MAX_ATTACHMENT_DEPTH = 3  # an email attached to an email attached to an email


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
    return shown(first.stem if first.is_file() else first.resolve().name) or "production"


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
    """Ingest files, folders and load-file volumes into the case as one production.

    Raises:
        InputError: a path does not exist or an option is invalid; nothing is stored.
    """
    inputs = discover_inputs(paths)
    label = check_production_label(production or default_production_label(paths))
    opts = IngestOptions.resolve(options)
    runner = executor or executor_for(opts)
    run = _Run(store, runner, opts, progress, ocr or ocr_with_tesseract)
    try:
        runner.check_paths([*inputs.files, *inputs.volumes])  # a cluster must see what we see
        run.production_id = store.ensure_production(label)
        run.report_walk(inputs)
        volumes = [run.read_volume(Path(root)) for root in inputs.volumes]
        sources = run.inspect_files(list(inputs.files))
        items = [item for volume in volumes if volume for item in run.inspect_volume(volume)]
        run.extract(sources, items)
        # Attachments saved by this run, or by an earlier one that was killed before it
        # read them, at most MAX_ATTACHMENT_DEPTH rounds deep.
        for _ in range(MAX_ATTACHMENT_DEPTH):
            children = run.take_attachments()
            if not children:
                break
            run.extract(run.inspect_files(children), [])
        run.link_families()
    finally:
        if executor is None:
            runner.close()
    return shown_result(label, run.added, run.present, run.failed, run.notes)


class _Run:
    """One ingest run's state: the single writer's view of work handed to the executor."""

    def __init__(
        self,
        store: CaseStore,
        runner: Executor,
        opts: IngestOptions,
        progress: Progress | None,
        ocr: OcrEngine,
    ) -> None:
        self.store, self.runner, self.opts = store, runner, opts
        self.progress, self.ocr = progress, ocr
        self.production_id = 0
        self.added: list[IngestedDocument] = []
        self.present: list[str] = []
        self.failed: list[FailedFile] = []
        self.notes: list[str] = []
        self.seen: set[str] = set()  # content hashes handled in this run
        self.attachments: dict[str, PendingAttachment] = {}  # by path: those taken this run
        self.families: list[tuple[str, str]] = []  # (child sha, parent sha) to link at the end

    def fail(self, failure: FailedFile) -> None:
        self.store.record_failure(self.production_id, failure)
        self.failed.append(failure)
        if failure.path in self.attachments:
            self.store.clear_pending(failure.path)

    def report_walk(self, inputs: Inputs) -> None:
        """Name every file the walk left out: refused links fail, the rest is a note."""
        for refused in inputs.refused:
            self.fail(refused)
        if inputs.skipped:
            shown_names = ", ".join(inputs.skipped[:5])
            more = len(inputs.skipped) - 5
            self.notes.append(
                f"{len(inputs.skipped)} hidden, system or linked item(s) skipped: {shown_names}"
                + (f" and {more} more" if more > 0 else "")
                + " (name a file on the command line to ingest it)"
            )

    def read_volume(self, root: Path) -> LoadVolume | None:
        """A volume's load files; a volume that cannot be read at all is one failure line."""
        try:
            volume = read_volume(root)
        except InputError as error:
            self.fail(FailedFile(str(root), str(error)))
            return None
        for problem in volume.problems:
            self.fail(problem)
        if volume.unreferenced:
            shown = ", ".join(Path(p).name for p in volume.unreferenced[:5])
            more = len(volume.unreferenced) - 5
            self.notes.append(
                f"{Path(volume.dat_path).name}: {len(volume.unreferenced)} file(s) in the volume "
                f"are not named by its load files and were not ingested: {shown}"
                + (f" and {more} more" if more > 0 else "")
            )
        return volume

    def inspect_files(self, files: list[str]) -> list[SourceFile]:
        """Hash and open every loose file; keep only content the case does not hold yet."""
        new: list[SourceFile] = []
        work = partial(inspect_file, options=self.opts)
        for path, result in self.runner.map_unordered(work, files, self.opts.limits):
            if isinstance(result, WorkerCrashed):
                result = FailedFile(path, str(result))
            if isinstance(result, FailedFile):
                self.fail(result)
            elif self._is_new(result.sha256, result.path):
                new.append(result)
        return sorted(new, key=lambda s: s.path)

    def inspect_volume(self, volume: LoadVolume) -> list[VolumeItem]:
        """Hash each DAT row's files; link attachments to their parent row's content."""
        dat_name = Path(volume.dat_path).name
        work = partial(inspect_entry, dat_name=dat_name)
        found: dict[str, VolumeItem] = {}
        entries = list(volume.entries)
        for entry, result in self.runner.map_unordered(work, entries, self.opts.limits):
            if isinstance(result, WorkerCrashed):
                result = FailedFile(f"{dat_name} row {entry.row}", str(result))
            if isinstance(result, FailedFile):
                self.fail(result)
            else:
                found[entry.begin] = result
        items = []
        for entry in volume.entries:
            item = found.get(entry.begin)
            if item is None:
                continue
            parent = found.get(entry.parent) if entry.parent else None
            if parent is not None:
                self.families.append((item.source.sha256, parent.source.sha256))
                item = replace(item, parent_sha256=parent.source.sha256)
            if self._is_new(item.source.sha256, item.source.path):
                items.append(item)
        return items

    def _is_new(self, sha256: str, path: str) -> bool:
        if self.store.known_sha256(sha256) or sha256 in self.seen:
            if sha256 not in self.seen:
                self.store.note_seen_again(sha256, self.production_id, path)
            self.present.append(path)  # the same content twice in this run: stored once
            if path in self.attachments:
                self.store.clear_pending(path)
            return False
        self.seen.add(sha256)
        return True

    def extract(self, sources: list[SourceFile], items: list[VolumeItem]) -> None:
        """Extract everything in parallel; store each document once all its pieces are in."""
        pdfs = [s for s in sources if s.source_format is SourceFormat.PDF]
        split = {source.sha256: split_pages(source, self.opts) for source in pdfs}
        work: list[Work] = [chunk for source in pdfs for chunk in split[source.sha256]]
        work += [s for s in sources if s.source_format is not SourceFormat.PDF]
        work += items
        pending = {s.sha256: _Pending(s, len(split[s.sha256])) for s in pdfs}
        if self.progress:
            documents = len(sources) + len(items)
            pages = sum(s.page_count for s in sources) + sum(i.source.page_count for i in items)
            self.progress.planned(documents, pages)
        trusted = self.store.trusted_bates_prefixes()
        run_one = partial(_extract_work, options=self.opts, ocr=self.ocr)
        budget = partial(_work_limits, limits=self.opts.limits, chunk=self.opts.chunk_pages)
        flight = InFlight(self.progress, _work_label)  # what is being read, and how long
        for piece, result in self.runner.map_unordered(run_one, flight.feed(work), budget):
            flight.done(piece)
            pages = 0  # a chunk's pages are counted as it arrives
            if isinstance(piece, PageChunk):
                document = self._chunk_done(pending, piece, result, trusted)
            elif isinstance(result, Document):
                document = result
                pages = _pages(piece)
            else:
                self._piece_failed(piece, result)
                continue
            if document is None:
                continue
            self._store(document)
            if self.progress:
                self.progress.advanced(documents=1, pages=pages)
            trusted |= {p.bates.prefix for p in document.pages if p.bates and not p.bates_from_ocr}

    def _chunk_done(
        self, pending: dict[str, _Pending], chunk: PageChunk, result: object, trusted: set[str]
    ) -> Document | None:
        entry = pending.get(chunk.source.sha256)
        if entry is None:
            return None  # the document already failed on another chunk
        if not isinstance(result, tuple):
            reason = result.reason if isinstance(result, FailedFile) else str(result)
            self.fail(FailedFile(chunk.source.path, reason, chunk.source.sha256))
            del pending[chunk.source.sha256]
            if self.progress:
                self.progress.advanced(documents=1, pages=chunk.stop - chunk.start)
            return None
        entry.pages.extend(result)
        entry.chunks_left -= 1
        if self.progress:
            self.progress.advanced(pages=len(result))
        if entry.chunks_left:
            return None
        del pending[chunk.source.sha256]
        return assemble_document(entry.source, entry.pages, trusted)

    def _piece_failed(self, piece: SourceFile | VolumeItem, result: object) -> None:
        if isinstance(result, FailedFile):
            failure = result
        else:
            where = piece.reference if isinstance(piece, VolumeItem) else piece.path
            sha = piece.source.sha256 if isinstance(piece, VolumeItem) else piece.sha256
            failure = FailedFile(where, str(result), sha)
        self.fail(failure)
        if self.progress:
            self.progress.advanced(documents=1, pages=_pages(piece))

    def _store(self, document: Document) -> None:
        child = self.attachments.get(document.source.path)
        if child is not None:
            meta = replace(document.meta, parent_sha256=child.parent_sha256)
            meta = replace(meta, display_name=child.given_name or meta.display_name)
            document = replace(document, meta=meta)
        # The attachments are on disk before the document that brought them is committed,
        # and recorded as pending in its transaction: a kill in between loses none.
        saved = save_attachments(Path(self.store.path).parent, document)
        self.store.add_document(document, self.production_id, saved)
        self.added.append(summarize(document))

    def take_attachments(self) -> list[str]:
        """Pending attachments not yet tried in this run (saved now, or by a killed run)."""
        waiting = [a for a in self.store.pending_attachments() if a.path not in self.attachments]
        self.attachments.update((a.path, a) for a in waiting)
        return [a.path for a in waiting]

    def link_families(self) -> None:
        """Attachments stored before their parent get the link now (completion order varies)."""
        if self.families:
            self.store.link_parents(self.families)


Work = PageChunk | SourceFile | VolumeItem


def _work_limits(piece: Work, limits: Limits, chunk: int) -> Limits:
    """``file_seconds`` for each ``chunk`` pages of a piece (a 600-page TIFF is one piece)."""
    pages = piece.stop - piece.start if isinstance(piece, PageChunk) else _pages(piece)
    return replace(limits, file_seconds=limits.file_seconds * max(1, -(-pages // chunk)))


def _work_label(piece: Any) -> str:
    """How the progress display names a piece of work: its file, or its load-file row."""
    return str(
        piece.reference if isinstance(piece, VolumeItem) else getattr(piece, "source", piece).path
    )


def _pages(piece: SourceFile | VolumeItem) -> int:
    return piece.source.page_count if isinstance(piece, VolumeItem) else piece.page_count


def _extract_work(
    piece: Work, options: IngestOptions, ocr: OcrEngine
) -> tuple[Page, ...] | Document | FailedFile:
    """Worker entry point (module level so process pools can pickle it). The libraries'
    warnings become the document's own lines, never a line on the terminal."""

    def work() -> tuple[Page, ...] | Document | FailedFile:
        if isinstance(piece, PageChunk):
            return extract_page_range(piece.source, piece.start, piece.stop, options, ocr)
        if isinstance(piece, VolumeItem):
            return extract_entry(piece, options, ocr)
        return extract_whole_file(piece, options, ocr)

    result, notes = quietly(work)
    if isinstance(result, Document) and notes:
        result = replace(result, warnings=result.warnings + notes)
    return result


def split_pages(source: SourceFile, opts: IngestOptions) -> list[PageChunk]:
    """Cut a file into page chunks: about CHUNKS_PER_WORKER per worker, within limits.

    A 20-page scan (OCR ~2 s a page) is spread over every core; a 600-page manual gets
    chunks of ``chunk_pages``, since each chunk re-opens the file.
    """
    size = -(-source.page_count // (opts.worker_count * CHUNKS_PER_WORKER))
    size = max(MIN_CHUNK_PAGES, min(opts.chunk_pages, size))
    return [
        PageChunk(source, start, min(start + size, source.page_count))
        for start in range(0, source.page_count, size)
    ]
