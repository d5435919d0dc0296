"""Natives and loose page images as documents: page-equivalents with their citations.

A native has no pages, so each sheet, email or run of paragraphs is a
page-equivalent with a label ("sheet Roster") that citations carry. A native
produced with a slip sheet keeps its one placeholder Bates number on every
page-equivalent (stored once for gap and duplicate checks). Pure functions: they
run in worker processes.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from monell.config import IngestOptions
from monell.ingest.bates import parse_bates
from monell.ingest.images import ImageProblem, read_image_page
from monell.ingest.natives import NativeProblem, read_native
from monell.ingest.ocr import OcrEngine
from monell.records import (
    BatesNumber,
    Document,
    DocumentMeta,
    ExtractionMethod,
    FailedFile,
    NativeContent,
    Page,
    SourceFile,
    SourceFormat,
)


def native_pages(content: NativeContent, bates: BatesNumber | None) -> tuple[Page, ...]:
    """Page-equivalents of a native, each carrying the (placeholder) Bates number."""
    return tuple(
        Page(
            number=number,
            text=page.text,
            method=ExtractionMethod.NATIVE,
            bates=bates,
            tables=tuple(replace(t, page_number=number) for t in page.tables),
            label=page.label,
        )
        for number, page in enumerate(content.pages, start=1)
    )


def native_document(
    source: SourceFile,
    content: NativeContent,
    bates: BatesNumber | None,
    meta: DocumentMeta,
) -> Document:
    """A native's document: pages, the native's own metadata under the producer's, attachments."""
    own = dict(content.metadata)
    fields = dict(meta.fields)
    for key, value in own.items():
        fields.setdefault(key, value)
    warnings = list(content.warnings)
    if bates is None:
        warnings.append("no Bates number: a native without a load file or a Bates-named file")
    return Document(
        source=source,
        pages=native_pages(content, bates),
        warnings=tuple(warnings),
        meta=replace(
            meta,
            source_format=content.source_format,
            placeholder_bates=bates is not None,
            fields=tuple(sorted(fields.items())),
        ),
        attachments=content.attachments,
    )


def bates_from_name(path: Path) -> BatesNumber | None:
    """A slip-sheeted native named by its Bates number (``RIV000120.xlsx``)."""
    return parse_bates(path.stem, any_prefix=True)


def extract_native_file(
    source: SourceFile, options: IngestOptions | None = None
) -> Document | FailedFile:
    """A loose native file (spreadsheet, Word, email, text) as one document.

    Raises:
        OverBudget: the file holds more than the options' ``limits`` allow.
    """
    path = Path(source.path)
    limits = options.limits if options is not None else None
    try:
        content = read_native(path, source.source_format, limits=limits)
    except NativeProblem as problem:
        return FailedFile(source.path, str(problem), source.sha256)
    meta = DocumentMeta(display_name=path.name)
    return native_document(source, content, bates_from_name(path), meta)


def extract_image_file(
    source: SourceFile, options: IngestOptions, ocr: OcrEngine
) -> Document | FailedFile:
    """A loose scan (TIFF, JPEG, PNG): every frame OCR'd, Bates read from the stamp."""
    path = Path(source.path)
    pages: list[Page] = []
    damaged: list[int] = []
    problem: Exception | None = None
    for frame in range(source.page_count):
        try:
            pages.append(read_image_page(path, frame, frame + 1, options, ocr))
        except (ImageProblem, OSError) as error:  # one damaged frame of a multi-page TIFF
            problem = problem or error
            damaged.append(frame + 1)
            pages.append(
                Page(
                    frame + 1,
                    "",
                    ExtractionMethod.NEEDS_OCR,
                    image_path=str(path),
                    image_frame=frame,
                )
            )
    if problem is not None and len(damaged) == len(pages):
        return FailedFile(source.path, _image_reason(problem), source.sha256)
    warnings = (
        (
            f"page(s) {', '.join(map(str, damaged))}: the image cannot be decoded "
            f"({_image_reason(problem)}); kept as unread pages",
        )
        if damaged and problem is not None
        else ()
    )
    meta = DocumentMeta(source_format=SourceFormat.IMAGE, display_name=path.name)
    return Document(source=source, pages=tuple(pages), warnings=warnings, meta=meta)


def _image_reason(error: Exception) -> str:
    if isinstance(error, ImageProblem):
        return str(error)
    return f"damaged image data: {error}"
