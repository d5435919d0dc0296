"""An ingest run's outcome as it is reported: each stored document summarised, and every
name and message escaped (``records/names.py``), so a file name holding a newline or an
escape sequence can neither split nor forge a line."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from monell.records import (
    Document,
    ExtractionMethod,
    FailedFile,
    IngestedDocument,
    IngestResult,
)
from monell.records.names import shown


def shown_result(
    label: str,
    added: Sequence[IngestedDocument],
    present: Sequence[str],
    failed: Sequence[FailedFile],
    notes: Sequence[str],
) -> IngestResult:
    """The run's outcome with every name and message escaped, in name order."""
    escaped = [
        replace(d, path=shown(d.path), warnings=tuple(shown(w) for w in d.warnings)) for d in added
    ]
    failures = [FailedFile(shown(f.path), shown(f.reason), f.sha256) for f in failed]
    return IngestResult(
        label,
        tuple(sorted(escaped, key=lambda d: d.path)),
        tuple(sorted(shown(path) for path in present)),
        tuple(sorted(failures, key=lambda f: f.path)),
        tuple(shown(note) for note in notes),
    )


def summarize(document: Document) -> IngestedDocument:
    """What the summary line says of one stored document."""
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
