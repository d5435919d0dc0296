"""Forward-only schema migrations, recorded in SQLite's ``user_version``.

Each ``mNNN_`` function moves the schema one version forward; they are applied in
order, each inside the caller's transaction, and never edited once released.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from monell.errors import StoreError


def m001_foundation(conn: sqlite3.Connection) -> None:
    """Case facts, productions, documents, pages (with Bates), tables, sources, failures."""
    _run_script(
        conn,
        """
        CREATE TABLE case_info (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            name TEXT NOT NULL,
            agency TEXT NOT NULL,
            incident_date TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE TABLE productions (
            id INTEGER PRIMARY KEY,
            label TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL
        );
        CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            sha256 TEXT NOT NULL UNIQUE,
            production_id INTEGER NOT NULL REFERENCES productions(id),
            path TEXT NOT NULL,
            file_name TEXT NOT NULL,
            size_bytes INTEGER NOT NULL,
            page_count INTEGER NOT NULL,
            bates_begin TEXT,
            bates_end TEXT,
            source_format TEXT NOT NULL DEFAULT 'pdf',
            warnings_json TEXT NOT NULL DEFAULT '[]',
            ingested_at TEXT NOT NULL
        );
        CREATE TABLE pages (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            page_number INTEGER NOT NULL,
            text TEXT NOT NULL,
            method TEXT NOT NULL,
            ocr_confidence REAL,
            bates TEXT,
            bates_prefix TEXT,
            bates_number INTEGER,
            bates_suffix TEXT,
            bates_width INTEGER,
            bates_from_ocr INTEGER NOT NULL DEFAULT 0,
            confidentiality TEXT,
            UNIQUE (document_id, page_number)
        );
        CREATE INDEX pages_by_bates ON pages (bates_prefix, bates_number, bates_suffix);
        CREATE TABLE page_tables (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            page_number INTEGER NOT NULL,
            table_index INTEGER NOT NULL,
            rows_json TEXT NOT NULL,
            UNIQUE (document_id, page_number, table_index)
        );
        CREATE TABLE document_sources (
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            production_id INTEGER NOT NULL REFERENCES productions(id),
            path TEXT NOT NULL,
            seen_at TEXT NOT NULL,
            PRIMARY KEY (document_id, production_id, path)
        );
        CREATE TABLE failed_files (
            id INTEGER PRIMARY KEY,
            production_id INTEGER NOT NULL REFERENCES productions(id),
            path TEXT NOT NULL,
            sha256 TEXT,
            reason TEXT NOT NULL,
            recorded_at TEXT NOT NULL,
            UNIQUE (production_id, path)
        );
        """,
    )


def _run_script(conn: sqlite3.Connection, script: str) -> None:
    """Run DDL statements one by one: ``executescript`` would commit mid-migration."""
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [m001_foundation]
SCHEMA_VERSION = len(MIGRATIONS)


def migrate(conn: sqlite3.Connection, path: str) -> int:
    """Apply pending migrations; refuse a database written by a newer monell."""
    current = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if current > SCHEMA_VERSION:
        raise StoreError(
            f"case database is schema version {current}, this monell knows up to "
            f"{SCHEMA_VERSION}: upgrade monell",
            path,
        )
    for version, migration in enumerate(MIGRATIONS[current:], start=current + 1):
        # Each migration and its version bump commit together, or not at all.
        conn.execute("BEGIN IMMEDIATE")
        try:
            migration(conn)
            conn.execute(f"PRAGMA user_version = {version}")
            conn.execute("COMMIT")
        except Exception:
            conn.execute("ROLLBACK")
            raise
    return SCHEMA_VERSION
