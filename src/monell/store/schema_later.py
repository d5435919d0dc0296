"""Schema versions 3 onward, one ``mNNN_`` function each, never edited once released;
``migrations.py`` lists and applies them."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from monell.store.schema_first import run_script


def m003_defendants(conn: sqlite3.Connection) -> None:
    """The case's defendant officers, matched against officers named in complaints."""
    run_script(
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
    run_script(
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
    run_script(
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
    run_script(
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
    run_script(
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
    run_script(
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
    run_script(
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
    run_script(
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
    run_script(
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
    run_script(
        conn,
        """
        CREATE TABLE complaint_reads (document_id INTEGER PRIMARY KEY REFERENCES documents(id)
            ON DELETE CASCADE, version TEXT NOT NULL, inputs_hash TEXT NOT NULL,
            records_json TEXT NOT NULL);
        CREATE TABLE complaint_topics (record_hash TEXT PRIMARY KEY, version TEXT NOT NULL,
            topics_json TEXT NOT NULL);
        """,
    )


def m013_pages_needing_ocr(conn: sqlite3.Connection) -> None:
    """A partial index of the pages stored as needing OCR (issue 21): every coverage run
    lists them (what was never searched), and at 100,000 pages the scan of the whole
    pages table for the few of them took 0.10-0.14 s with the table cached, seconds without."""
    conn.execute(
        "CREATE INDEX pages_needing_ocr ON pages (document_id, page_number) "
        "WHERE method = 'needs_ocr'"
    )


LATER: list[Callable[[sqlite3.Connection], None]] = [  # in order, after schema_first.FIRST
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
    m013_pages_needing_ocr,
]
