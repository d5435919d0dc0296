"""SQL for documents, their pages (text, method, Bates, legend) and page tables."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from pathlib import Path

from monell.records import BatesNumber, Document, StoredDocument
from monell.records.attachments import PendingAttachment
from monell.records.audit import StampedPage
from monell.records.names import raw_bytes, shown, storable


def exists(conn: sqlite3.Connection, sha256: str) -> bool:
    return (
        conn.execute("SELECT 1 FROM documents WHERE sha256 = ?", (sha256,)).fetchone() is not None
    )


def insert(conn: sqlite3.Connection, document: Document, production_id: int, now: str) -> int:
    """Insert a document and everything extracted from it; the caller holds the transaction.

    Names are stored escaped (``records/names.py``) with their raw bytes beside them when
    the two differ; text from outside keeps its newlines but loses undecodable surrogates.
    """
    source, meta = document.source, document.meta
    begin, end = document.bates_begin, document.bates_end
    parent = (
        conn.execute("SELECT id FROM documents WHERE sha256 = ?", (meta.parent_sha256,)).fetchone()
        if meta.parent_sha256
        else None
    )
    cursor = conn.execute(
        "INSERT INTO documents (sha256, production_id, path, file_name, size_bytes, page_count, "
        "bates_begin, bates_end, source_format, warnings_json, ingested_at, custodian, "
        "confidentiality, placeholder_bates, parent_id, load_reference, fields_json, path_bytes) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            source.sha256,
            production_id,
            shown(source.path),
            shown(meta.display_name or Path(source.path).name),
            source.size_bytes,
            len(document.pages),
            str(begin) if begin else None,
            str(end) if end else None,
            meta.source_format.value,
            json.dumps(list(document.warnings)),
            now,
            _optional(meta.custodian),
            _optional(meta.confidentiality),
            int(meta.placeholder_bates),
            parent[0] if parent else None,
            _optional(meta.load_reference),
            json.dumps([list(pair) for pair in meta.fields]),
            raw_bytes(source.path),
        ),
    )
    doc_id = int(cursor.lastrowid or 0)
    conn.executemany(
        "INSERT INTO pages (document_id, page_number, text, method, ocr_confidence, bates, "
        "bates_prefix, bates_number, bates_suffix, bates_width, bates_from_ocr, confidentiality, "
        "label, image_path, image_frame, image_path_bytes) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                doc_id,
                p.number,
                storable(p.text),
                p.method.value,
                p.ocr_confidence,
                str(p.bates) if p.bates else None,
                p.bates.prefix if p.bates else None,
                p.bates.number if p.bates else None,
                p.bates.suffix if p.bates else None,
                p.bates.width if p.bates else None,
                int(p.bates_from_ocr),
                _optional(p.confidentiality),
                _optional(p.label),
                _optional(p.image_path),
                p.image_frame,
                raw_bytes(p.image_path) if p.image_path else None,
            )
            for p in document.pages
        ],
    )
    conn.executemany(
        "INSERT INTO page_tables (document_id, page_number, table_index, rows_json, title, "
        "row_numbers_json) VALUES (?, ?, ?, ?, ?, ?)",
        [
            (
                doc_id,
                t.page_number,
                t.index,
                json.dumps([[storable(cell) for cell in row] for row in t.rows]),
                _optional(t.title),
                json.dumps(list(t.row_numbers)),
            )
            for p in document.pages
            for t in p.tables
        ],
    )
    conn.execute(
        "INSERT INTO document_sources (document_id, production_id, path, seen_at, path_bytes) "
        "VALUES (?, ?, ?, ?, ?)",
        (doc_id, production_id, shown(source.path), now, raw_bytes(source.path)),
    )
    return doc_id


def _optional(name: str | None) -> str | None:
    """A name or label from outside, escaped for storage (None stays None)."""
    return shown(name) if name is not None else None


def add_pending(conn: sqlite3.Connection, attachments: Sequence[PendingAttachment]) -> None:
    conn.executemany(
        "INSERT INTO pending_attachments (path, parent_sha256, given_name) VALUES (?, ?, ?) "
        "ON CONFLICT (path) DO NOTHING",
        [(shown(a.path), a.parent_sha256, _optional(a.given_name)) for a in attachments],
    )


def clear_pending(conn: sqlite3.Connection, path: str) -> None:
    conn.execute("DELETE FROM pending_attachments WHERE path = ?", (shown(path),))


def pending(conn: sqlite3.Connection) -> list[PendingAttachment]:
    rows = conn.execute(
        "SELECT path, parent_sha256, given_name FROM pending_attachments ORDER BY path"
    )
    return [PendingAttachment(*row) for row in rows]


def link_parents(conn: sqlite3.Connection, pairs: Sequence[tuple[str, str]]) -> None:
    conn.executemany(
        "UPDATE documents SET parent_id = (SELECT id FROM documents WHERE sha256 = ?) "
        "WHERE sha256 = ? AND parent_id IS NULL",
        [(parent, child) for child, parent in pairs],
    )


def add_source(
    conn: sqlite3.Connection, sha256: str, production_id: int, path: str, now: str
) -> None:
    conn.execute(
        "INSERT INTO document_sources (document_id, production_id, path, seen_at, path_bytes) "
        "SELECT id, ?, ?, ?, ? FROM documents WHERE sha256 = ? ON CONFLICT DO NOTHING",
        (production_id, shown(path), now, raw_bytes(path), sha256),
    )


def text_layer_prefixes(conn: sqlite3.Connection) -> set[str]:
    """Bates prefixes read from text layers (exact), used to settle OCR'd stamps."""
    return {
        row[0]
        for row in conn.execute(
            "SELECT DISTINCT bates_prefix FROM pages "
            "WHERE bates_prefix IS NOT NULL AND bates_from_ocr = 0"
        )
    }


def list_all(
    conn: sqlite3.Connection, types: Sequence[str] | None = None, also: Sequence[int] = ()
) -> list[StoredDocument]:
    """Every document, in id order; with ``types``, only those of these (effective) types
    and the documents whose ids are in ``also``."""
    where, params = "", []
    if types is not None:
        where = (
            "WHERE COALESCE(d.doc_type_override, d.doc_type, 'other') IN "
            "(SELECT value FROM json_each(?)) OR d.id IN (SELECT value FROM json_each(?)) "
        )
        params = [json.dumps(list(types)), json.dumps(list(also))]
    methods: dict[int, dict[str, int]] = {}
    for doc_id, method, count in conn.execute(
        "SELECT g.document_id, g.method, COUNT(*) FROM pages g "
        f"JOIN documents d ON d.id = g.document_id {where}GROUP BY g.document_id, g.method",
        params,
    ):
        methods.setdefault(doc_id, {})[method] = count
    rows = conn.execute(
        "SELECT d.id, d.sha256, d.path, d.file_name, p.label, d.page_count, d.bates_begin, "
        "d.bates_end, d.ingested_at, COALESCE(d.doc_type_override, d.doc_type), "
        "d.doc_type_confidence, d.doc_type_reasons_json, d.doc_type_override IS NOT NULL, "
        "d.key_date, d.key_date_role, d.source_format, d.custodian, d.parent_id, "
        "d.placeholder_bates, d.load_reference, d.fields_json FROM documents d "
        f"JOIN productions p ON p.id = d.production_id {where}ORDER BY d.id",
        params,
    ).fetchall()
    return [
        StoredDocument(
            id=doc_id,
            sha256=sha,
            path=path,
            file_name=name,
            production=label,
            page_count=pages,
            bates_begin=begin,
            bates_end=end,
            ingested_at=when,
            method_counts=methods.get(doc_id, {}),
            doc_type=doc_type,
            doc_type_confidence=None if overridden else confidence,
            doc_type_reasons=("set by a reviewer",) if overridden else tuple(json.loads(reasons)),
            doc_type_overridden=bool(overridden),
            key_date=key_date,
            key_date_role=key_role,
            source_format=source_format,
            custodian=custodian,
            parent_id=parent_id,
            placeholder_bates=bool(placeholder),
            load_reference=load_reference,
            fields=tuple((str(k), str(v)) for k, v in json.loads(fields)),
        )
        for (
            doc_id,
            sha,
            path,
            name,
            label,
            pages,
            begin,
            end,
            when,
            doc_type,
            confidence,
            reasons,
            overridden,
            key_date,
            key_role,
            source_format,
            custodian,
            parent_id,
            placeholder,
            load_reference,
            fields,
        ) in rows
    ]


def set_type_override(conn: sqlite3.Connection, document_id: int, doc_type: str | None) -> bool:
    """Pin (or, with None, unpin) a document's type; re-indexing never touches it."""
    cursor = conn.execute(
        "UPDATE documents SET doc_type_override = ? WHERE id = ?", (doc_type, document_id)
    )
    return cursor.rowcount > 0


def delete(conn: sqlite3.Connection, document_id: int) -> bool:
    """Remove a document and everything derived from it (pages, passages, vectors…)."""
    return conn.execute("DELETE FROM documents WHERE id = ?", (document_id,)).rowcount > 0


def stamped_pages(conn: sqlite3.Connection) -> list[StampedPage]:
    rows = conn.execute(
        "SELECT pg.bates_prefix, pg.bates_number, pg.bates_suffix, pg.bates_width, pg.bates, "
        "p.label, d.path, pg.page_number FROM pages pg JOIN documents d ON d.id = pg.document_id "
        "JOIN productions p ON p.id = d.production_id WHERE pg.bates IS NOT NULL "
        # A slip-sheeted native's placeholder number stands once for the whole file.
        "AND NOT (d.placeholder_bates = 1 AND pg.page_number > 1) "
        "ORDER BY pg.bates_prefix, pg.bates_number, pg.bates_suffix, d.id, pg.page_number"
    )
    return [
        StampedPage(BatesNumber(prefix, number, suffix or "", width, text), label, path, page)
        for prefix, number, suffix, width, text, label, path, page in rows
    ]
