"""Records of the Bates audit and of what each production contributed (``monell status``)."""

from __future__ import annotations

from dataclasses import dataclass

from monell.records import BatesNumber, FailedFile


@dataclass(frozen=True)
class StampedPage:
    """Where a Bates number sits: enough to cite it and to list gaps and duplicates."""

    bates: BatesNumber
    production: str
    file: str
    page: int


@dataclass(frozen=True)
class BatesGap:
    """Consecutive stamped pages whose numbers skip: pages possibly withheld or lost."""

    prefix: str
    after: str
    before: str
    missing: int
    after_production: str
    before_production: str


@dataclass(frozen=True)
class BatesDuplicate:
    """One Bates number stamped on more than one page."""

    bates: str
    pages: tuple[StampedPage, ...]


@dataclass(frozen=True)
class ProductionStatus:
    """What one production (volume) contributed to the case."""

    label: str
    first_ingested_at: str
    documents: int
    pages: int
    ocr_pages: int
    needs_ocr_pages: int
    blank_pages: int
    pages_without_bates: int
    failed: tuple[FailedFile, ...]
    bates_begin: str | None
    bates_end: str | None
