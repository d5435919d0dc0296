"""The case store: migrations, transactions, and refusing what it cannot read."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from monell.errors import StoreError
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
