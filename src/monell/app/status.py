"""What the case holds, production by production, and whether any Bates pages are missing.

A paralegal must know before relying on a production whether pages were skipped
(gaps), stamped twice (duplicates), failed to load, or still need OCR.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from monell.ingest.bates import find_duplicates, find_gaps
from monell.records import BatesNumber, CaseInfo, StoredDocument
from monell.records.audit import BatesDuplicate, BatesGap, ProductionStatus, StampedPage
from monell.store import CaseStore


@dataclass(frozen=True)
class StatusReport:
    case: CaseInfo
    productions: tuple[ProductionStatus, ...]
    bates_gaps: tuple[BatesGap, ...]
    bates_duplicates: tuple[BatesDuplicate, ...]
    index: IndexStatus


@dataclass(frozen=True)
class IndexStatus:
    """Whether search sees everything: documents not yet analysed are invisible to it."""

    documents_indexed: int
    documents_pending: int
    passages: int


def build_status(store: CaseStore, case_path: str) -> StatusReport:
    """Tally every production and audit the Bates sequence across all of them."""
    stamped = store.stamped_pages()
    failures = store.failures()
    pending = store.pending_documents()
    counts = store.production_counts()
    ranges = _bates_ranges(stamped)
    productions = tuple(
        ProductionStatus(
            label=c.label,
            first_ingested_at=c.created_at,
            documents=c.documents,
            pages=c.pages,
            ocr_pages=c.ocr_pages,
            needs_ocr_pages=c.needs_ocr_pages,
            blank_pages=c.blank_pages,
            pages_without_bates=c.pages_without_bates,
            failed=tuple(failures.get(c.label, [])),
            bates_begin=str(ranges[c.label][0]) if c.label in ranges else None,
            bates_end=str(ranges[c.label][1]) if c.label in ranges else None,
        )
        for c in counts
    )
    return StatusReport(
        case=store.read_case_info(case_path),
        productions=productions,
        bates_gaps=tuple(find_gaps(stamped)),
        bates_duplicates=tuple(find_duplicates(stamped)),
        index=IndexStatus(
            documents_indexed=sum(c.documents for c in counts) - len(pending),
            documents_pending=len(pending),
            passages=store.count_passages(),
        ),
    )


def _bates_ranges(stamped: list[StampedPage]) -> dict[str, tuple[BatesNumber, BatesNumber]]:
    """The lowest and highest Bates number of each production, in one pass."""
    ranges: dict[str, tuple[BatesNumber, BatesNumber]] = {}
    for page in stamped:
        low, high = ranges.get(page.production, (page.bates, page.bates))
        ranges[page.production] = (min(low, page.bates), max(high, page.bates))
    return ranges


def status_to_json(report: StatusReport) -> dict[str, Any]:
    """The documented JSON shape of ``monell status --json``."""
    case = asdict(report.case)
    case["incident_date"] = report.case.incident_date.isoformat()
    return {
        "case": case,
        "productions": [
            {**asdict(p), "failed": [{"file": f.path, "reason": f.reason} for f in p.failed]}
            for p in report.productions
        ],
        "bates_gaps": [asdict(g) for g in report.bates_gaps],
        "index": asdict(report.index),
        "bates_duplicates": [
            {
                "bates": d.bates,
                "pages": [
                    {"production": p.production, "file": p.file, "page": p.page} for p in d.pages
                ],
            }
            for d in report.bates_duplicates
        ],
    }


def document_to_json(doc: StoredDocument) -> dict[str, Any]:
    """One row of ``monell docs --json``."""
    return {
        "id": doc.id,
        "file": doc.path,
        "file_name": doc.file_name,
        "production": doc.production,
        "pages": doc.page_count,
        "bates_begin": doc.bates_begin,
        "bates_end": doc.bates_end,
        "methods": doc.method_counts,
        "method_summary": doc.method_summary,
        "sha256": doc.sha256,
        "ingested_at": doc.ingested_at,
        "doc_type": doc.doc_type,
        "doc_type_confidence": doc.doc_type_confidence,
        "doc_type_reasons": list(doc.doc_type_reasons),
        "doc_type_overridden": doc.doc_type_overridden,
        "key_date": doc.key_date,
        "key_date_role": doc.key_date_role,
        "source_format": doc.source_format,
        "custodian": doc.custodian,
        "parent_id": doc.parent_id,
        "placeholder_bates": doc.placeholder_bates,
        "load_reference": doc.load_reference,
        "fields": dict(doc.fields),
    }
