"""Per-file work: inspect a file, extract page ranges, assemble the document.

These are pure functions of (path, options): they never touch the case store, so
they can run in worker processes (or, later, on a Dask cluster) and return
picklable records. This module is the one place that catches *any* exception,
because one bad file must become a ``FailedFile`` and never stop a production.
"""

from __future__ import annotations

import hashlib
import warnings
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

from monell.config import IngestOptions
from monell.ingest import pdf, pdf_tables
from monell.ingest.bates import choose_document_bates, find_bates_candidates
from monell.ingest.budget import OverBudget
from monell.ingest.images import IMAGE_SUFFIXES, ImageProblem, frame_count, is_image
from monell.ingest.native_doc import extract_image_file, extract_native_file
from monell.ingest.natives import NATIVE_SUFFIXES, native_format
from monell.ingest.ocr import OcrEngine, OcrResult, OcrUnavailable, ocr_with_tesseract
from monell.ingest.pdf_streams import check_stream_budget
from monell.records import (
    Document,
    DocumentMeta,
    ExtractionMethod,
    FailedFile,
    OcrMode,
    Page,
    SourceFile,
    SourceFormat,
    Table,
    Word,
)
from monell.records.names import shown

HASH_BLOCK = 1024 * 1024
MAX_DETAIL_CHARS = 160  # of a library's own message, quoted in a failure or a note
MAX_READER_NOTES = 3  # library warnings kept per document
T = TypeVar("T")
SUPPORTED = (
    "PDF, TIFF/JPEG/PNG images, .xlsx/.xls/.csv, .docx, .txt/.md, .eml/.msg, "
    "and load-file volumes (.dat/.opt)"
)


def inspect_file(path: str, options: IngestOptions) -> SourceFile | FailedFile:
    """Hash a file and check that it is a PDF we can open, before any page work."""
    return quietly(lambda: _inspect_file(path, options))[0]


def _inspect_file(path: str, options: IngestOptions) -> SourceFile | FailedFile:
    file = Path(path)
    sha: str | None = None
    try:
        size = file.stat().st_size
        if size == 0:
            return FailedFile(path, "empty file (0 bytes)")
        if size > options.max_file_bytes:
            return FailedFile(
                path,
                f"file too large ({size / 1e6:,.0f} MB; "
                f"limit {options.max_file_bytes / 1e6:,.0f} MB)",
            )
        sha, head = _hash_file(file)
        native = native_format(file, head)
        if native is not None:
            return SourceFile(path, sha, size, 1, native)  # pages are known once it is read
        if is_image(file, head):
            frames = frame_count(file, options.limits.image_pixels)
            return SourceFile(path, sha, size, frames, SourceFormat.IMAGE)
        if pdf.PDF_HEADER not in head:
            return FailedFile(path, _unsupported_reason(file, head), sha)
        check_stream_budget(file, options.limits.pdf_stream_bytes)
        with pdf.open_pdf(file) as document:
            page_count, warning = pdf.readable_pages(document)
        if page_count == 0:
            reason = "its pages cannot be read (damaged)" if warning else "PDF has no pages"
            return FailedFile(path, reason, sha)
        warnings = (warning,) if warning else ()
        return SourceFile(path, sha, size, page_count, warnings=warnings)
    except (pdf.PdfProblem, ImageProblem, OverBudget) as problem:
        return FailedFile(path, str(problem), sha)
    except Exception as error:  # noqa: BLE001 - the per-file boundary: report, never crash the run
        return failure(path, sha, error, "while opening")


def extract_page_range(
    source: SourceFile,
    start: int,
    stop: int,
    options: IngestOptions,
    ocr: OcrEngine = ocr_with_tesseract,
) -> tuple[Page, ...] | FailedFile:
    """Extract pages ``start``..``stop - 1`` (0-based) of an inspected PDF."""
    try:
        with pdf.open_pdf(Path(source.path)) as document:
            layers: dict[int, pdf.TextLayer] = {}
            for i in range(start, stop):
                try:
                    layers[i] = pdf.read_text_layer(document, i)
                except pdf.PageUnreadable:
                    continue  # one damaged page: the others are still read
            tables = pdf_tables.read_tables(document, [i for i, t in layers.items() if t.ruled])
            return tuple(
                _read_page(document, i, layers[i], tables.get(i, ()), options, ocr)
                if i in layers
                else Page(i + 1, "", ExtractionMethod.NEEDS_OCR, damaged=True)
                for i in range(start, stop)
            )
    except (pdf.PdfProblem, OverBudget) as problem:
        return FailedFile(source.path, str(problem), source.sha256)
    except Exception as error:  # noqa: BLE001 - the per-file boundary
        return failure(source.path, source.sha256, error, f"on pages {start + 1}-{stop}")


def extract_whole_file(
    source: SourceFile, options: IngestOptions, ocr: OcrEngine = ocr_with_tesseract
) -> Document | FailedFile:
    """A non-PDF file in one piece: a native's page-equivalents, or a scan's OCR'd frames."""
    try:
        if source.source_format is SourceFormat.IMAGE:
            document = extract_image_file(source, options, ocr)
            if isinstance(document, FailedFile):
                return document
            assembled = assemble_document(source, document.pages, meta=document.meta)
            return replace(assembled, warnings=document.warnings + assembled.warnings)
        return extract_native_file(source, options)
    except OverBudget as problem:
        return FailedFile(source.path, str(problem), source.sha256)
    except Exception as error:  # noqa: BLE001 - the per-file boundary
        return failure(source.path, source.sha256, error, "while reading")


def failure(path: str, sha256: str | None, error: Exception, when: str) -> FailedFile:
    """The one line a file's unexpected error becomes: never a crash of the whole run.

    Raises:
        MemoryError: passed on, so the worker's guard names the memory limit to raise.
    """
    if isinstance(error, MemoryError):
        raise error
    if isinstance(error, OSError):
        return FailedFile(path, f"cannot read file: {error.strerror or error}", sha256)
    detail = " ".join(f"{type(error).__name__}: {error}".split())[:MAX_DETAIL_CHARS]
    return FailedFile(
        path,
        f"could not be read ({when}): the file looks damaged, or uses a feature the reader "
        f"does not handle; open it to check, or ask for another copy ({detail})",
        sha256,
    )


def quietly(work: Callable[[], T]) -> tuple[T, tuple[str, ...]]:
    """Run one file's work with the libraries' Python warnings caught, never printed: a
    warning on the terminal cannot say which file it came from. They come back as lines
    for the document's warnings."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = work()
    lines = dict.fromkeys(
        f"note from the reader: {shown(' '.join(str(w.message).split()))[:MAX_DETAIL_CHARS]}"
        for w in caught
    )
    return result, tuple(lines)[:MAX_READER_NOTES]


def assemble_document(
    source: SourceFile,
    pages: Sequence[Page],
    known_prefixes: Iterable[str] = (),
    meta: DocumentMeta | None = None,
) -> Document:
    """Order pages, settle each page's Bates number document-wide, and note warnings.

    ``known_prefixes`` are Bates prefixes the case has read from text layers; they
    settle OCR'd stamps (``RIVOO00031`` is ``RIV0000031`` when ``RIV`` is known).
    """
    ordered = sorted(pages, key=lambda p: p.number)
    # Of the text layer's readings, the prefix most pages agree on: one page's stray line
    # in the stamp band ("EVENT 2106140034") must not be trusted for its page.
    text_votes = Counter(
        p.bates_candidates[0].prefix for p in ordered if p.bates_candidates and not p.bates_from_ocr
    )
    trusted = set(known_prefixes)
    if text_votes:
        trusted.add(text_votes.most_common(1)[0][0])
    chosen = choose_document_bates([p.bates_candidates for p in ordered], trusted)
    settled = tuple(replace(p, bates=b) for p, b in zip(ordered, chosen, strict=True))
    warnings: list[str] = list(source.warnings)
    damaged = [p.number for p in settled if p.damaged]
    if damaged:
        warnings.append(
            f"page(s) {_page_list(damaged)} cannot be read (the PDF is damaged there): kept "
            "as unread pages"
        )
    needs_ocr = sum(p.method is ExtractionMethod.NEEDS_OCR and not p.damaged for p in settled)
    if needs_ocr:
        warnings.append(
            f"{needs_ocr} page(s) have no text layer and were not OCR'd: stored as needs OCR"
        )
    unstamped = [p.number for p in settled if p.bates is None]
    if unstamped and len(unstamped) < len(settled):
        warnings.append(f"no Bates number found on page(s) {_page_list(unstamped)}")
    return Document(
        source=source, pages=settled, warnings=tuple(warnings), meta=meta or DocumentMeta()
    )


def extract_document(
    path: str, options: IngestOptions | None = None, ocr: OcrEngine = ocr_with_tesseract
) -> Document | FailedFile:
    """Inspect and extract a whole file in this process (the single-worker path)."""
    opts = IngestOptions.resolve(options)
    source = inspect_file(path, opts)
    if isinstance(source, FailedFile):
        return source
    if source.source_format is not SourceFormat.PDF:
        return extract_whole_file(source, opts, ocr)
    pages = extract_page_range(source, 0, source.page_count, opts, ocr)
    return pages if isinstance(pages, FailedFile) else assemble_document(source, pages)


def _read_page(
    document: Any,
    index: int,
    layer: pdf.TextLayer,
    tables: tuple[Table, ...],
    options: IngestOptions,
    ocr: OcrEngine,
) -> Page:
    """Read one page: the text layer when usable, otherwise OCR (or mark it needs OCR)."""
    width, height = layer.width, layer.height
    text = layer.text
    # A Bates stamp printed over a scan is text too, so only the body counts.
    scanned = layer.body_chars < options.min_text_chars and layer.has_graphics
    method = ExtractionMethod.TEXT if text else ExtractionMethod.BLANK
    confidence: float | None = None
    ocr_words: tuple[Word, ...] = ()
    if options.ocr is OcrMode.FORCE or (options.ocr is OcrMode.AUTO and scanned):
        result = _try_ocr(document, index, options, ocr)
        if result is None:
            method = ExtractionMethod.NEEDS_OCR
        else:
            text, confidence, ocr_words = result.text, result.confidence, result.words
            method = ExtractionMethod.OCR if ocr_words else ExtractionMethod.BLANK
            if result.size:  # read turned upright: the stamp bands are the upright page's
                width, height = result.size
    elif scanned:
        method = ExtractionMethod.NEEDS_OCR  # --ocr off: say so, never store it as silently empty
    # A digital stamp on a scan is more reliable than OCR of it, so text-layer words come first.
    candidates = find_bates_candidates(layer.band_words, width, height)
    from_ocr = not candidates and bool(ocr_words)
    if from_ocr:
        candidates = find_bates_candidates(ocr_words, width, height, from_ocr=True)
    legend = pdf.find_legend(layer.band_words, height) or pdf.find_legend(ocr_words, height)
    return Page(
        number=index + 1,
        text=text,
        method=method,
        ocr_confidence=confidence,
        bates=candidates[0] if candidates else None,
        confidentiality=legend,
        tables=tables,
        bates_candidates=candidates,
        bates_from_ocr=from_ocr,
    )


def _try_ocr(document: Any, index: int, options: IngestOptions, ocr: OcrEngine) -> OcrResult | None:
    """OCR a page; None when Tesseract is unavailable (the page is kept as needs OCR)."""
    try:
        return ocr(
            pdf.render_page(document, index, options.ocr_dpi, options.limits.image_pixels),
            language=options.ocr_language,
            points_per_pixel=72 / options.ocr_dpi,  # image pixels back to PDF points
        )
    except OcrUnavailable:
        return None


def hash_into(digest: Any, handle: BinaryIO) -> int:
    """Feed the rest of an open file to ``digest`` in blocks; the number of bytes fed."""
    size = 0
    for block in iter(lambda: handle.read(HASH_BLOCK), b""):
        digest.update(block)
        size += len(block)
    return size


def _hash_file(file: Path) -> tuple[str, bytes]:
    digest = hashlib.sha256()
    with file.open("rb") as handle:
        head = handle.read(pdf.HEADER_SEARCH_BYTES)
        digest.update(head)
        hash_into(digest, handle)
    return digest.hexdigest(), head


def _unsupported_reason(file: Path, head: bytes) -> str:
    suffix = file.suffix.lower()
    if suffix in NATIVE_SUFFIXES or suffix in IMAGE_SUFFIXES:
        return f"not a readable {suffix} file: its content does not match its type (damaged?)"
    if suffix and suffix != ".pdf":
        return f"unsupported file type '{suffix}' (monell reads {SUPPORTED})"
    return "not a PDF: the file does not start with a PDF header (renamed or damaged?)"


def _page_list(numbers: list[int], limit: int = 10) -> str:
    shown = ", ".join(str(n) for n in numbers[:limit])
    return shown + (f" and {len(numbers) - limit} more" if len(numbers) > limit else "")
