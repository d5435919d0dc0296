"""The case store: migrations, transactions, and refusing what it cannot read."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Sequence
from pathlib import Path

import pytest

from monell.errors import StoreError
from monell.records import (
    AnnotationDraft,
    DocType,
    DocTypeGuess,
    Document,
    DocumentAnnotation,
    ExtractionMethod,
    Page,
    SourceFile,
)
from monell.store import CaseStore
from monell.store.migrations import SCHEMA_VERSION


def test_new_store_is_at_the_latest_schema_version_in_wal_mode(tmp_path: Path) -> None:
    with CaseStore(tmp_path / "monell.db") as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_reopening_does_not_migrate_twice(tmp_path: Path) -> None:
    CaseStore(tmp_path / "monell.db").close()
    with CaseStore(tmp_path / "monell.db") as store:
        assert store.schema_version == SCHEMA_VERSION


def test_a_database_from_a_newer_monell_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "monell.db"
    CaseStore(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="upgrade monell"):
        CaseStore(path)


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "monell.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="cannot open case database"):
        CaseStore(path)


def test_failed_transaction_writes_nothing(store: CaseStore) -> None:
    with pytest.raises(RuntimeError), store.transaction() as conn:
        conn.execute("INSERT INTO productions (label, created_at) VALUES ('VOL009', 'now')")
        raise RuntimeError("disk full")
    assert store.production_counts() == []


def test_nested_transaction_rolls_back_to_its_savepoint(store: CaseStore) -> None:
    with store.transaction() as conn:
        conn.execute("INSERT INTO productions (label, created_at) VALUES ('VOL001', 'now')")
        with pytest.raises(RuntimeError), store.transaction() as inner:
            inner.execute("INSERT INTO productions (label, created_at) VALUES ('VOL002', 'now')")
            raise RuntimeError("inner failure")
    assert [c.label for c in store.production_counts()] == ["VOL001"]


def _document(store: CaseStore, name: str, doc_type: DocType, methods: Sequence[str]) -> int:
    production = store.ensure_production("VOL001")
    source = SourceFile(f"/prod/{name}", hashlib.sha256(name.encode()).hexdigest(), 1, 1)
    pages = tuple(Page(n, "text", ExtractionMethod(m)) for n, m in enumerate(methods, start=1))
    doc_id = store.add_document(Document(source, pages), production)
    guess = DocTypeGuess(doc_type, 0.9, ())
    draft = AnnotationDraft(doc_id, guess, None, (), (), ())
    store.save_annotation(DocumentAnnotation(draft, b"", 2, "fake"))
    return doc_id


def test_documents_can_be_listed_by_type_with_named_extras(store: CaseStore) -> None:
    plan = _document(store, "plan.pdf", DocType.LESSON_PLAN, ["text", "text"])
    memo = _document(store, "memo.pdf", DocType.OTHER, ["text"])
    scan = _document(store, "scan.pdf", DocType.OTHER, ["needs_ocr", "needs_ocr"])
    order = _document(store, "order.pdf", DocType.POLICY, ["text"])
    assert [d.id for d in store.list_documents()] == [plan, memo, scan, order]
    some = store.list_documents(["lesson_plan", "policy"], also=[scan])
    assert [d.id for d in some] == [plan, scan, order]
    everything = {d.id: d for d in store.list_documents()}
    assert all(d == everything[d.id] for d in some)  # the same rows, page counts and all
    assert store.list_documents([], also=[memo])[0].method_counts == {"text": 1}
    assert store.list_documents(["training_log"]) == []


def test_pages_needing_ocr_are_listed_from_an_index_not_a_scan_of_every_page(
    store: CaseStore,
) -> None:
    scan = _document(store, "scan.pdf", DocType.OTHER, ["text", "needs_ocr", "needs_ocr"])
    _document(store, "memo.pdf", DocType.OTHER, ["text"])
    assert store.unreadable_pages() == {scan: (2, 3)}
    plan = " ".join(
        row[3]
        for row in store.conn.execute(
            "EXPLAIN QUERY PLAN SELECT document_id, page_number FROM pages "
            "WHERE method = 'needs_ocr' ORDER BY document_id, page_number"
        )
    )
    assert "pages_needing_ocr" in plan  # a 100,000-page case: a few rows, not every page
