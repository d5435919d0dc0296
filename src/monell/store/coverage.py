"""SQL for the coverage analysis: the passages of training and policy documents, their
stored vectors, and the pages that could not be read."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import date

from monell.records.coverage import SourcePassage
from monell.store.kept import chunks, document_rows, save_document_rows, values_by_key
from monell.store.passages import EFFECTIVE_TYPE

TITLE_CHARS = 160  # of a document's first page: its title lines


def coverage_passages(conn: sqlite3.Connection, doc_types: Sequence[str]) -> list[SourcePassage]:
    """Every passage of documents of these (effective) types, in reading order."""
    rows = conn.execute(
        f"SELECT p.id, d.id, d.file_name, pr.label, p.page_number, p.bates, {EFFECTIVE_TYPE}, "
        "p.heading, p.text, p.kind, d.key_date, p.cite FROM passages p "
        "JOIN documents d ON d.id = p.document_id JOIN productions pr ON pr.id = d.production_id "
        f"WHERE {EFFECTIVE_TYPE} IN ({','.join('?' * len(doc_types))}) "
        "ORDER BY d.id, p.ordinal",
        list(doc_types),
    ).fetchall()
    titles = _document_titles(conn, sorted({row[1] for row in rows}))
    return [
        SourcePassage(
            passage_id=pid,
            document_id=did,
            file=name,
            production=label,
            page=page,
            bates=bates,
            doc_type=doc_type,
            heading=heading,
            text=text,
            is_table=kind == "table",
            document_date=date.fromisoformat(key_date) if key_date else None,
            document_title=titles.get(did, ""),
            cite=cite,
        )
        for (
            pid,
            did,
            name,
            label,
            page,
            bates,
            doc_type,
            heading,
            text,
            kind,
            key_date,
            cite,
        ) in rows
    ]


def _document_titles(conn: sqlite3.Connection, document_ids: Sequence[int]) -> dict[int, str]:
    """The start of each document's first page, read once per document: a correlated
    subquery per passage read a one-page native of megabytes once for each of its
    thousands of passages (issue 22)."""
    titles: dict[int, str] = {}
    for chunk, marks in chunks(document_ids):
        for did, title in conn.execute(
            "SELECT g.document_id, substr(g.text, 1, ?) FROM pages g WHERE g.document_id IN "
            f"({marks}) AND g.page_number = (SELECT min(f.page_number) "
            "FROM pages f WHERE f.document_id = g.document_id)",
            [TITLE_CHARS, *chunk],
        ):
            titles[did] = title or ""
    return titles


def vectors_for(
    conn: sqlite3.Connection, passage_ids: Sequence[int], model: str
) -> dict[int, bytes]:
    """Stored vectors of these passages made by ``model`` (others must be re-embedded)."""
    found: dict[int, bytes] = {}
    for chunk, marks in chunks(passage_ids):
        for pid, vector in conn.execute(
            "SELECT passage_id, vector FROM passage_vectors WHERE model = ? AND passage_id IN "
            f"({marks})",
            [model, *chunk],
        ):
            found[pid] = vector
    return found


def unreadable_pages(conn: sqlite3.Connection) -> dict[int, tuple[int, ...]]:
    """Per document, the pages stored as needing OCR: their words were never searched."""
    pages: dict[int, list[int]] = {}
    for doc_id, number in conn.execute(
        "SELECT document_id, page_number FROM pages WHERE method = 'needs_ocr' "
        "ORDER BY document_id, page_number"
    ):
        pages.setdefault(doc_id, []).append(number)
    return {k: tuple(v) for k, v in pages.items()}


HITS = ("topic_hits", ("segments_hash", "hits_json"))  # coverage/hit_cache.py's rows


def topic_hits(conn: sqlite3.Connection, version: str) -> dict[int, tuple[str, str]]:
    """Stored segments and topic hits made under this analysis version: document id →
    (hash of the passages they were cut from, row JSON). The columns keep their first
    names (``segments_hash``, ``hits_json``): what they hold is coverage/hit_cache.py's."""
    return document_rows(conn, *HITS, version)


def save_topic_hits(
    conn: sqlite3.Connection, version: str, rows: Sequence[tuple[int, str, str]]
) -> None:
    save_document_rows(conn, *HITS, version, rows)


def text_vectors(conn: sqlite3.Connection, model: str, hashes: Sequence[str]) -> dict[str, bytes]:
    """Kept vectors of texts (by SHA-256) made by ``model``."""
    return values_by_key(conn, "text_vectors", ("model", "text_sha256", "vector"), model, hashes)


def save_text_vectors(
    conn: sqlite3.Connection, model: str, rows: Sequence[tuple[str, bytes]]
) -> None:
    conn.executemany(
        "INSERT OR REPLACE INTO text_vectors (model, text_sha256, vector) VALUES (?, ?, ?)",
        [(model, digest, vector) for digest, vector in rows],
    )
