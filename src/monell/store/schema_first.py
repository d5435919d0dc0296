"""The first two schema versions: the case store's foundation (m001) and the analysis and
search tables (m002); ``run_script``, which every migration's DDL goes through.

Released migrations are never edited: a change is a new ``mNNN_`` function
(``schema_later.py``), listed in ``migrations.py``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable


def m001_foundation(conn: sqlite3.Connection) -> None:
    """Case facts, productions, documents, pages (with Bates), tables, sources, failures."""
    run_script(
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


def m002_analysis_and_index(conn: sqlite3.Connection) -> None:
    """Document analysis (type, key date), passages with FTS5, stored vectors, dates, entities."""
    run_script(
        conn,
        """
        ALTER TABLE documents ADD COLUMN analyzed_at TEXT;
        ALTER TABLE documents ADD COLUMN doc_type TEXT;
        ALTER TABLE documents ADD COLUMN doc_type_confidence REAL;
        ALTER TABLE documents ADD COLUMN doc_type_reasons_json TEXT NOT NULL DEFAULT '[]';
        ALTER TABLE documents ADD COLUMN doc_type_override TEXT;
        ALTER TABLE documents ADD COLUMN key_date TEXT;
        ALTER TABLE documents ADD COLUMN key_date_role TEXT;
        ALTER TABLE documents ADD COLUMN key_date_text TEXT;
        ALTER TABLE documents ADD COLUMN key_date_page INTEGER;
        ALTER TABLE documents ADD COLUMN key_date_context TEXT;
        CREATE TABLE passages (
            -- AUTOINCREMENT: an id is never reused, so the set of ids identifies the
            -- vectors and a FAISS file can be checked against the store by ids alone.
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            ordinal INTEGER NOT NULL,
            page_number INTEGER NOT NULL,
            bates TEXT,
            kind TEXT NOT NULL,
            heading TEXT,
            text TEXT NOT NULL,
            char_start INTEGER,
            char_end INTEGER,
            table_index INTEGER,
            row_start INTEGER,
            row_end INTEGER,
            UNIQUE (document_id, ordinal)
        );
        CREATE INDEX passages_by_document ON passages (document_id);
        CREATE VIRTUAL TABLE passages_fts USING fts5(
            text, heading, content='passages', content_rowid='id', tokenize='porter unicode61'
        );
        CREATE TRIGGER passages_fts_insert AFTER INSERT ON passages BEGIN
            INSERT INTO passages_fts (rowid, text, heading) VALUES (new.id, new.text, new.heading);
        END;
        CREATE TRIGGER passages_fts_delete AFTER DELETE ON passages BEGIN
            INSERT INTO passages_fts (passages_fts, rowid, text, heading)
            VALUES ('delete', old.id, old.text, old.heading);
        END;
        CREATE TABLE passage_vectors (
            passage_id INTEGER PRIMARY KEY REFERENCES passages(id) ON DELETE CASCADE,
            model TEXT NOT NULL,
            vector BLOB NOT NULL
        );
        CREATE TABLE document_dates (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            value TEXT NOT NULL,
            role TEXT NOT NULL,
            text TEXT NOT NULL,
            page_number INTEGER NOT NULL,
            context TEXT NOT NULL
        );
        CREATE INDEX document_dates_by_document ON document_dates (document_id);
        CREATE TABLE document_entities (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            page_number INTEGER NOT NULL,
            label TEXT NOT NULL,
            text TEXT NOT NULL,
            char_start INTEGER NOT NULL,
            char_end INTEGER NOT NULL
        );
        CREATE INDEX document_entities_by_document ON document_entities (document_id)
        """,
    )


def run_script(conn: sqlite3.Connection, script: str) -> None:
    """Run DDL statements one by one: ``executescript`` would commit mid-migration.

    Statements end with ``;`` at the end of a line; a trigger body's inner statements
    end with ``;`` too, so a statement is complete only when its BEGIN…END balance.
    """
    statement: list[str] = []
    for line in script.splitlines():
        statement.append(line)
        text = "\n".join(statement).strip()
        opened = text.upper().count(" BEGIN\n") + text.upper().endswith(" BEGIN")
        closed = text.upper().count("END;")
        if text.endswith(";") and opened <= closed:
            conn.execute(text.rstrip(";"))
            statement = []
    rest = "\n".join(statement).strip()
    if rest:
        conn.execute(rest)


# In order; migrations.py applies them, then schema_later.LATER.
FIRST: list[Callable[[sqlite3.Connection], None]] = [m001_foundation, m002_analysis_and_index]
