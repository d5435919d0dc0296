"""SQL for the review app (``monell serve``): a page's source, a passage's place, and a
fingerprint of everything the analysis reads, so the app recomputes only when it moves.

The app opens one store per request (SQLite connections stay in their thread); these
reads go through ``WebQueries(store)`` so the facade in ``store/__init__.py`` stays small.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from monell.store import CaseStore


@dataclass(frozen=True)
class PageSource:
    """Where one page of a document comes from, and what was read from it."""

    document_id: int
    page_number: int
    page_count: int
    path: str  # the stored source file, as the file system names it (never taken from a URL)
    file_name: str
    source_format: str  # "pdf", "image", "xlsx", …
    sha256: str
    ingested_at: str
    text: str
    method: str  # how the page was read: text, ocr, needs_ocr, …
    bates: str | None
    image_path: str | None = None  # a load-file page image (TIFF, JPEG, PNG or PDF)
    image_frame: int = 0
    label: str | None = None  # a native's page-equivalent ("sheet Roster")
    shown_path: str = ""  # the path as stored and shown (names that are not UTF-8 escaped)


class WebQueries:
    """Read-only queries the review app needs, over an open ``CaseStore``."""

    def __init__(self, store: CaseStore) -> None:
        self.conn = store.conn

    def page_source(self, document_id: int, page_number: int) -> PageSource | None:
        row = self.conn.execute(
            "SELECT d.id, g.page_number, d.page_count, d.path, d.file_name, d.source_format, "
            "d.sha256, d.ingested_at, g.text, g.method, g.bates, g.image_path, g.image_frame, "
            "g.label, d.path_bytes, g.image_path_bytes FROM documents d "
            "JOIN pages g ON g.document_id = d.id WHERE d.id = ? AND g.page_number = ?",
            (document_id, page_number),
        ).fetchone()
        if row is None:
            return None
        *fields, path_bytes, image_bytes = row
        source = PageSource(*fields)
        source = replace(source, shown_path=source.path)
        # A name stored escaped is opened by its raw bytes.
        if path_bytes is not None:
            source = replace(source, path=os.fsdecode(path_bytes))
        if image_bytes is not None:
            source = replace(source, image_path=os.fsdecode(image_bytes))
        return source

    def document_ids(self) -> dict[str, int]:
        """Document ids by file name and by stored path (first document wins)."""
        found: dict[str, int] = {}
        for doc_id, path, name in self.conn.execute(
            "SELECT id, path, file_name FROM documents ORDER BY id"
        ):
            found.setdefault(name, doc_id)
            found.setdefault(path, doc_id)
        return found

    def case_version(self) -> tuple[object, ...]:
        """Changes whenever an input of the analysis changes: documents added, removed,
        analysed or retyped, a snapshot taken, the injury or the defendants edited.
        Review decisions are not inputs: a paralegal reviewing never triggers a re-run."""
        documents = self.conn.execute(
            "SELECT COUNT(*), COALESCE(MAX(id), 0), COALESCE(MAX(analyzed_at), ''), "
            "COALESCE(SUM(analyzed_at IS NULL), 0), "
            "COALESCE(GROUP_CONCAT(id || '=' || doc_type_override), '') FROM documents"
        ).fetchone()
        snapshots = self.conn.execute("SELECT COALESCE(MAX(id), 0) FROM snapshots").fetchone()
        injury = self.conn.execute("SELECT COALESCE(MAX(set_at), '') FROM injury").fetchone()
        defendants = self.conn.execute(
            "SELECT COALESCE(GROUP_CONCAT(name, '|'), '') FROM defendants"
        ).fetchone()
        return (*documents, *snapshots, *injury, *defendants)
