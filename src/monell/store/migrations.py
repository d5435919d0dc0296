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


def m002_analysis_and_index(conn: sqlite3.Connection) -> None:
    """Document analysis (type, key date), passages with FTS5, stored vectors, dates, entities."""
    _run_script(
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


def _run_script(conn: sqlite3.Connection, script: str) -> None:
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


def m003_defendants(conn: sqlite3.Connection) -> None:
    """The case's defendant officers, matched against officers named in complaints."""
    _run_script(
        conn,
        """
        CREATE TABLE defendants (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            added_at TEXT NOT NULL
        );
        """,
    )


def m004_injury(conn: sqlite3.Connection) -> None:
    """The plaintiff's injury narrative (one per case), as pasted by the user."""
    _run_script(
        conn,
        """
        CREATE TABLE injury (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            text TEXT NOT NULL,
            source TEXT NOT NULL,
            set_at TEXT NOT NULL
        );
        """,
    )


def m005_reviews(conn: sqlite3.Connection) -> None:
    """The review audit log: every decision on a flag, appended, never changed."""
    _run_script(
        conn,
        """
        CREATE TABLE reviews (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            flag_id TEXT NOT NULL,
            decision TEXT NOT NULL,
            reviewer TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            evidence_hash TEXT NOT NULL,
            decided_at TEXT NOT NULL
        );
        CREATE INDEX reviews_by_flag ON reviews (flag_id, id);
        CREATE TRIGGER reviews_no_update BEFORE UPDATE ON reviews
        BEGIN SELECT RAISE(ABORT, 'the review log is append-only'); END;
        CREATE TRIGGER reviews_no_delete BEFORE DELETE ON reviews
        BEGIN SELECT RAISE(ABORT, 'the review log is append-only'); END;
        """,
    )


def m006_snapshots(conn: sqlite3.Connection) -> None:
    """What the analysis said after each ingest, to show what a new volume changed."""
    _run_script(
        conn,
        """
        CREATE TABLE snapshots (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            production TEXT NOT NULL,
            taken_at TEXT NOT NULL,
            data_json TEXT NOT NULL
        );
        """,
    )


def m007_natives_and_load_files(conn: sqlite3.Connection) -> None:
    """What load files and natives add: document metadata, families, page-equivalents, sheets."""
    _run_script(
        conn,
        """
        ALTER TABLE documents ADD COLUMN custodian TEXT;
        ALTER TABLE documents ADD COLUMN confidentiality TEXT;
        ALTER TABLE documents ADD COLUMN placeholder_bates INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE documents ADD COLUMN parent_id INTEGER
            REFERENCES documents(id) ON DELETE SET NULL;
        ALTER TABLE documents ADD COLUMN load_reference TEXT;
        ALTER TABLE documents ADD COLUMN fields_json TEXT NOT NULL DEFAULT '[]';
        ALTER TABLE pages ADD COLUMN label TEXT;
        ALTER TABLE pages ADD COLUMN image_path TEXT;
        ALTER TABLE pages ADD COLUMN image_frame INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE page_tables ADD COLUMN title TEXT;
        ALTER TABLE page_tables ADD COLUMN row_numbers_json TEXT NOT NULL DEFAULT '[]';
        ALTER TABLE passages ADD COLUMN cite TEXT;
        """,
    )


def m008_raw_names(conn: sqlite3.Connection) -> None:
    """The raw bytes of a file name whose stored (escaped) form differs from it: a name that
    is not UTF-8, or holds a newline or control character (``records/names.py``)."""
    _run_script(
        conn,
        """
        ALTER TABLE documents ADD COLUMN path_bytes BLOB;
        ALTER TABLE document_sources ADD COLUMN path_bytes BLOB;
        ALTER TABLE failed_files ADD COLUMN path_bytes BLOB;
        ALTER TABLE pages ADD COLUMN image_path_bytes BLOB;
        """,
    )


def m009_pending_attachments(conn: sqlite3.Connection) -> None:
    """Attachments saved from a stored email but not yet ingested: written in the email's
    own transaction, removed in the attachment's, so a killed run resumes them."""
    _run_script(
        conn,
        """
        CREATE TABLE pending_attachments (
            path TEXT PRIMARY KEY,
            parent_sha256 TEXT NOT NULL,
            given_name TEXT
        );
        """,
    )


def m010_officer_matches(conn: sqlite3.Connection) -> None:
    """A reviewer's word on two spellings of officers' names: the same officer, or two."""
    _run_script(
        conn,
        """
        CREATE TABLE officer_matches (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            other TEXT NOT NULL,
            same INTEGER NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            set_at TEXT NOT NULL,
            UNIQUE (name, other)
        );
        """,
    )


def m011_topic_hits(conn: sqlite3.Connection) -> None:
    """Each training or policy document's topic hits, kept between runs (issue 21): reused
    while the document's segments and the analysis version hash the same; and the vectors
    of the taxonomy's exemplar sentences, per embedding model, so a run whose documents are
    all known does not embed them again."""
    _run_script(
        conn,
        """
        CREATE TABLE topic_hits (
            document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
            version TEXT NOT NULL,
            segments_hash TEXT NOT NULL,
            hits_json TEXT NOT NULL
        );
        CREATE TABLE text_vectors (
            model TEXT NOT NULL,
            text_sha256 TEXT NOT NULL,
            vector BLOB NOT NULL,
            PRIMARY KEY (model, text_sha256)
        );
        """,
    )


def m012_complaint_reads(conn: sqlite3.Connection) -> None:
    """What the complaints analysis keeps between runs (issue 21): each notice document's read
    records (by its inputs' hash) and each record's topics (by its allegation's hash)."""
    _run_script(
        conn,
        """
        CREATE TABLE complaint_reads (document_id INTEGER PRIMARY KEY REFERENCES documents(id)
            ON DELETE CASCADE, version TEXT NOT NULL, inputs_hash TEXT NOT NULL,
            records_json TEXT NOT NULL);
        CREATE TABLE complaint_topics (record_hash TEXT PRIMARY KEY, version TEXT NOT NULL,
            topics_json TEXT NOT NULL);
        """,
    )


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    m001_foundation,
    m002_analysis_and_index,
    m003_defendants,
    m004_injury,
    m005_reviews,
    m006_snapshots,
    m007_natives_and_load_files,
    m008_raw_names,
    m009_pending_attachments,
    m010_officer_matches,
    m011_topic_hits,
    m012_complaint_reads,
]
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
