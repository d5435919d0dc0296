"""SQL for the coverage analysis: the passages of training and policy documents, their
stored vectors, and the pages that could not be read."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from datetime import date
from typing import TypeVar

from monell.records.coverage import SourcePassage
from monell.store.passages import EFFECTIVE_TYPE

TITLE_CHARS = 160  # of a document's first page: its title lines
MAX_PARAMS = 900  # bound parameters per statement, under SQLite's limit
T = TypeVar("T")


def _chunks(values: Sequence[T]) -> Iterator[tuple[list[T], str]]:
    """The values in pieces a statement can bind, each with its ``?, ?, …`` placeholders."""
    items = list(values)
    for start in range(0, len(items), MAX_PARAMS):
        chunk = items[start : start + MAX_PARAMS]
        yield chunk, ",".join("?" * len(chunk))


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
    for chunk, marks in _chunks(document_ids):
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
    for chunk, marks in _chunks(passage_ids):
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


def topic_hits(conn: sqlite3.Connection, version: str) -> dict[int, tuple[str, str]]:
    """Stored segments and topic hits made under this analysis version: document id →
    (hash of the passages they were cut from, row JSON). The columns keep their first
    names (``segments_hash``, ``hits_json``): what they hold is coverage/hit_cache.py's."""
    return {
        doc: (digest, hits)
        for doc, digest, hits in conn.execute(
            "SELECT document_id, segments_hash, hits_json FROM topic_hits WHERE version = ?",
            (version,),
        )
    }


def save_topic_hits(
    conn: sqlite3.Connection, version: str, rows: Sequence[tuple[int, str, str]]
) -> None:
    """Keep these documents' segments and hits; rows of any other version are dropped (never
    read again)."""
    conn.execute("DELETE FROM topic_hits WHERE version != ?", (version,))
    conn.executemany(
        "INSERT OR REPLACE INTO topic_hits (document_id, version, segments_hash, hits_json) "
        "SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM documents WHERE id = ?)",
        [(doc, version, digest, hits, doc) for doc, digest, hits in rows],
    )


def text_vectors(conn: sqlite3.Connection, model: str, hashes: Sequence[str]) -> dict[str, bytes]:
    """Kept vectors of texts (by SHA-256) made by ``model``."""
    found: dict[str, bytes] = {}
    for chunk, marks in _chunks(hashes):
        found.update(
            conn.execute(
                "SELECT text_sha256, vector FROM text_vectors WHERE model = ? AND text_sha256 "
                f"IN ({marks})",
                [model, *chunk],
            ).fetchall()
        )
    return found


def save_text_vectors(
    conn: sqlite3.Connection, model: str, rows: Sequence[tuple[str, bytes]]
) -> None:
    conn.executemany(
        "INSERT OR REPLACE INTO text_vectors (model, text_sha256, vector) VALUES (?, ?, ?)",
        [(model, digest, vector) for digest, vector in rows],
    )
