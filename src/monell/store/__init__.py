"""The case store: one SQLite database per case (WAL), the only owner of SQL.

``CaseStore`` is a thin facade; the SQL lives in one module per aggregate
(``case_info``, ``documents``, ``productions``). Methods return records, never rows.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from monell.errors import StoreError
from monell.records import (
    CaseInfo,
    Document,
    DocumentAnnotation,
    DocumentText,
    FailedFile,
    StoredDocument,
)
from monell.records.attachments import PendingAttachment
from monell.records.audit import StampedPage
from monell.records.coverage import SourcePassage
from monell.records.flags import ReviewEntry
from monell.store import (
    case_info,
    complaints,
    coverage,
    documents,
    officers,
    passages,
    productions,
    reviews,
)
from monell.store.migrations import migrate

DB_NAME = "monell.db"
BUSY_TIMEOUT_MS = 10_000  # a second reader (status while ingesting) waits, not fails


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class CaseStore:
    """A connection to one case database. The writing process holds exactly one."""

    def __init__(self, path: Path | str) -> None:
        self.path = str(path)
        try:
            self.conn = sqlite3.connect(
                self.path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000
            )
            self.conn.execute("PRAGMA foreign_keys = ON")
            if self.path != ":memory:":
                self.conn.execute("PRAGMA journal_mode = WAL")
            # FULL: a committed document survives a crash or power loss, not just a kill.
            self.conn.execute("PRAGMA synchronous = FULL")
            self.schema_version = migrate(self.conn, self.path)
        except sqlite3.DatabaseError as error:
            raise StoreError(f"cannot open case database: {error}", self.path) from None
        self._depth = 0

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> CaseStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All-or-nothing: the outermost level is a transaction, inner levels savepoints."""
        name = f"sp{self._depth}"
        try:
            self.conn.execute("BEGIN IMMEDIATE" if self._depth == 0 else f"SAVEPOINT {name}")
        except sqlite3.OperationalError as error:
            if _is_busy(error):
                raise _busy(self.path) from None
            raise
        self._depth += 1
        try:
            yield self.conn
        except BaseException as error:
            self._depth -= 1
            if self._depth == 0:
                self.conn.execute("ROLLBACK")
            else:
                self.conn.execute(f"ROLLBACK TO {name}")
                self.conn.execute(f"RELEASE {name}")
            if isinstance(error, sqlite3.OperationalError) and _is_busy(error) and not self._depth:
                raise _busy(self.path) from None
            raise
        self._depth -= 1
        self.conn.execute("COMMIT" if self._depth == 0 else f"RELEASE {name}")

    # -- case facts ---------------------------------------------------------------
    def write_case_info(self, name: str, agency: str, incident_date: str) -> None:
        with self.transaction() as conn:
            case_info.write(conn, name, agency, incident_date, utc_now())

    def read_case_info(self, case_path: str) -> CaseInfo:
        return case_info.read(self.conn, case_path, self.schema_version)

    def add_defendant(self, name: str) -> bool:
        with self.transaction() as conn:
            return case_info.add_defendant(conn, name, utc_now())

    def remove_defendant(self, name: str) -> bool:
        with self.transaction() as conn:
            return case_info.remove_defendant(conn, name)

    def defendants(self) -> list[str]:
        return case_info.defendants(self.conn)

    def set_officer_match(self, name: str, other: str, same: bool, note: str = "") -> None:
        with self.transaction() as conn:
            officers.set_match(conn, name, other, same, note, utc_now())

    def officer_matches(self) -> list[tuple[str, str, bool, str]]:
        return officers.matches(self.conn)

    def set_injury(self, text: str, source: str) -> None:
        with self.transaction() as conn:
            case_info.set_injury(conn, text, source, utc_now())

    def injury(self) -> str | None:
        found = case_info.injury(self.conn)
        return found[0] if found else None

    def append_review(
        self, flag_id: str, decision: str, reviewer: str, note: str, evidence_hash: str
    ) -> int:
        with self.transaction() as conn:
            return reviews.append(conn, flag_id, decision, reviewer, note, evidence_hash, utc_now())

    def review_history(self, flag_id: str | None = None) -> list[ReviewEntry]:
        return reviews.history(self.conn, flag_id)

    def topic_decisions(self) -> list[ReviewEntry]:
        """The reviewer's decisions on implicated topics, oldest first."""
        return reviews.topic_history(self.conn)

    def add_snapshot(self, production: str, data_json: str) -> None:
        with self.transaction() as conn:
            reviews.add_snapshot(conn, production, data_json, utc_now())

    def snapshots(self) -> list[tuple[int, str, str, str]]:
        return reviews.snapshots(self.conn)

    def injury_record(self) -> tuple[str, str, str] | None:
        """(text, source, set at): where the narrative came from, for the report."""
        return case_info.injury(self.conn)

    # -- productions and documents ------------------------------------------------
    def ensure_production(self, label: str) -> int:
        with self.transaction() as conn:
            return productions.ensure(conn, label, utc_now())

    def known_sha256(self, sha256: str) -> bool:
        return documents.exists(self.conn, sha256)

    def add_document(
        self,
        document: Document,
        production_id: int,
        attachments: Sequence[PendingAttachment] = (),
    ) -> int:
        """Store a document with all its pages and tables atomically, with the attachments
        it brought (saved, still to ingest): a run killed after this resumes them."""
        with self.transaction() as conn:
            doc_id = documents.insert(conn, document, production_id, utc_now())
            productions.clear_failure(conn, production_id, document.source.path)
            if document.meta.load_reference:
                productions.clear_failure(conn, production_id, document.meta.load_reference)
            documents.clear_pending(conn, document.source.path)
            documents.add_pending(conn, attachments)
            return doc_id

    def pending_attachments(self) -> list[PendingAttachment]:
        """Attachments saved by an earlier (or this) run and not yet ingested."""
        return documents.pending(self.conn)

    def clear_pending(self, path: str) -> None:
        """An attachment was seen again or failed: it is no longer waiting."""
        with self.transaction() as conn:
            documents.clear_pending(conn, path)

    def link_parents(self, pairs: Sequence[tuple[str, str]]) -> None:
        """Set each (child sha256, parent sha256) family link once both are stored."""
        with self.transaction() as conn:
            documents.link_parents(conn, pairs)

    def note_seen_again(self, sha256: str, production_id: int, path: str) -> None:
        """Remember that a production re-produced content the case already holds."""
        with self.transaction() as conn:
            documents.add_source(conn, sha256, production_id, path, utc_now())
            productions.clear_failure(conn, production_id, path)

    def record_failure(self, production_id: int, failed: FailedFile) -> None:
        with self.transaction() as conn:
            productions.record_failure(conn, production_id, failed, utc_now())

    def trusted_bates_prefixes(self) -> set[str]:
        return documents.text_layer_prefixes(self.conn)

    def list_documents(
        self, types: Sequence[str] | None = None, also: Sequence[int] = ()
    ) -> list[StoredDocument]:
        return documents.list_all(self.conn, types, also)

    def stamped_pages(self) -> list[StampedPage]:
        return documents.stamped_pages(self.conn)

    def production_counts(self) -> list[productions.ProductionCounts]:
        return productions.counts(self.conn)

    def failures(self) -> dict[str, list[FailedFile]]:
        return productions.failures(self.conn)

    # -- analysis and index -------------------------------------------------------
    def pending_documents(self) -> list[int]:
        return passages.pending_documents(self.conn)

    def pending_pages(self) -> int:
        return passages.pending_pages(self.conn)

    def read_document_head(self, document_id: int) -> DocumentText:
        return passages.read_document_head(self.conn, document_id)

    def read_document_text(self, document_id: int) -> DocumentText:
        return passages.read_document_text(self.conn, document_id)

    def save_annotation(self, analysis: DocumentAnnotation) -> list[int]:
        """Store a document's passages, vectors, dates and type in one transaction."""
        with self.transaction() as conn:
            return passages.save_annotation(conn, analysis, utc_now())

    def clear_annotation(self, document_ids: list[int] | None = None) -> list[int]:
        with self.transaction() as conn:
            return passages.clear_annotation(conn, document_ids)

    def set_type_override(self, document_id: int, doc_type: str | None) -> bool:
        with self.transaction() as conn:
            return documents.set_type_override(conn, document_id, doc_type)

    def delete_document(self, document_id: int) -> list[int]:
        """Delete a document; returns its passage ids (to drop from the vector index)."""
        with self.transaction() as conn:
            removed = passages.clear_annotation(conn, [document_id])
            if not documents.delete(conn, document_id):
                raise StoreError(f"no document with id {document_id}")
            return removed

    def vector_batches(self, after: int = 0) -> Iterator[tuple[list[int], list[bytes]]]:
        return passages.vector_batches(self.conn, after=after)

    def vector_ids(self) -> list[int]:
        return passages.vector_ids(self.conn)

    def vector_tally(self, after: int) -> tuple[int, list[int]]:
        """(vectors stored, ids of those above ``after``): the cheap check of an index."""
        return passages.vector_tally(self.conn, after)

    def vector_models(self, passage_ids: Sequence[int] = ()) -> list[str]:
        return passages.vector_models(self.conn, passage_ids)

    def keyword_search(
        self, words: Sequence[str], limit: int, doc_types: Sequence[str], production: str | None
    ) -> list[int]:
        """Passages holding any of the words, by BM25 (FTS5's), best first."""
        return passages.keyword_search(self.conn, words, limit, doc_types, production)

    def filtered_passage_ids(self, doc_types: Sequence[str], production: str | None) -> list[int]:
        return passages.filtered_passage_ids(self.conn, doc_types, production)

    def passages_by_id(self, ids: Sequence[int]) -> dict[int, passages.PassageRow]:
        return passages.passages_by_id(self.conn, ids)

    def count_passages(self) -> int:
        return passages.count_passages(self.conn)

    def coverage_passages(self, doc_types: Sequence[str]) -> list[SourcePassage]:
        return coverage.coverage_passages(self.conn, doc_types)

    def vectors_for(self, passage_ids: Sequence[int], model: str) -> dict[int, bytes]:
        return coverage.vectors_for(self.conn, passage_ids, model)

    def unreadable_pages(self) -> dict[int, tuple[int, ...]]:
        return coverage.unreadable_pages(self.conn)

    def topic_hits(self, version: str) -> dict[int, tuple[str, str]]:
        return coverage.topic_hits(self.conn, version)

    def save_topic_hits(self, version: str, rows: Sequence[tuple[int, str, str]]) -> None:
        with self.transaction() as conn:
            coverage.save_topic_hits(conn, version, rows)

    def text_vectors(self, model: str, hashes: Sequence[str]) -> dict[str, bytes]:
        return coverage.text_vectors(self.conn, model, hashes)

    def save_text_vectors(self, model: str, rows: Sequence[tuple[str, bytes]]) -> None:
        with self.transaction() as conn:
            coverage.save_text_vectors(conn, model, rows)

    def complaint_reads(self, version: str) -> dict[int, tuple[str, str]]:
        return complaints.complaint_reads(self.conn, version)

    def save_complaint_reads(self, version: str, rows: Sequence[tuple[int, str, str]]) -> None:
        with self.transaction() as conn:
            complaints.save_complaint_reads(conn, version, rows)

    def complaint_topics(self, version: str, hashes: Sequence[str]) -> dict[str, str]:
        return complaints.complaint_topics(self.conn, version, hashes)

    def save_complaint_topics(
        self, version: str, rows: Sequence[tuple[str, str]], current: Sequence[str]
    ) -> None:
        with self.transaction() as conn:
            complaints.save_complaint_topics(conn, version, rows, current)


def open_store(case_dir: Path) -> CaseStore:
    """Open the store of an existing case folder."""
    db = case_dir / DB_NAME
    if not db.is_file():
        raise StoreError("case database is missing", db)
    return CaseStore(db)


def _is_busy(error: sqlite3.OperationalError) -> bool:
    return "locked" in str(error) or "busy" in str(error)


def _busy(path: str) -> StoreError:
    """A locked database is another monell command at work: say so, in one line."""
    return StoreError(
        "the case database is busy (another monell command is writing to it); "
        "try again when that command has finished",
        path,
    )
