"""SQL for document analysis: passages (with FTS5), vectors, dates, entities, index state."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from monell.records import DocumentAnnotation, DocumentText, PageText, Table
from monell.store import keyword

EFFECTIVE_TYPE = "COALESCE(d.doc_type_override, d.doc_type, 'other')"


@dataclass(frozen=True)
class PassageRow:
    """A passage with its citation, as search shows it."""

    passage_id: int
    document_id: int
    file: str
    production: str
    page: int
    bates: str | None
    doc_type: str
    heading: str | None
    text: str
    kind: str
    table_index: int | None
    row_start: int | None
    row_end: int | None
    cite: str | None = None  # within a native: "sheet Roster, row 14"


def pending_documents(conn: sqlite3.Connection) -> list[int]:
    """Documents stored but not analysed yet (new, or cleared for a full re-index)."""
    return [
        r[0] for r in conn.execute("SELECT id FROM documents WHERE analyzed_at IS NULL ORDER BY id")
    ]


def pending_pages(conn: sqlite3.Connection) -> int:
    """How many pages the documents not analysed yet hold."""
    row = conn.execute("SELECT SUM(page_count) FROM documents WHERE analyzed_at IS NULL")
    return int(row.fetchone()[0] or 0)


def read_document_head(conn: sqlite3.Connection, document_id: int) -> DocumentText:
    """A document's name and first page only (no tables, no fields): enough for its title."""
    (name,) = conn.execute(
        "SELECT file_name FROM documents WHERE id = ?", (document_id,)
    ).fetchone()
    return DocumentText(document_id, name, _page_texts(conn, document_id, first_only=True), (), ())


def _page_texts(
    conn: sqlite3.Connection, document_id: int, *, first_only: bool = False
) -> tuple[PageText, ...]:
    """A document's pages in order (only its first with ``first_only``)."""
    return tuple(
        PageText(number, text, bates, label)
        for number, text, bates, label in conn.execute(
            "SELECT page_number, text, bates, label FROM pages WHERE document_id = ? "
            "ORDER BY page_number" + (" LIMIT 1" if first_only else ""),
            (document_id,),
        )
    )


def read_document_text(conn: sqlite3.Connection, document_id: int) -> DocumentText:
    name, fields = conn.execute(
        "SELECT file_name, fields_json FROM documents WHERE id = ?", (document_id,)
    ).fetchone()
    pages = _page_texts(conn, document_id)
    tables = tuple(
        Table(
            page,
            index,
            tuple(tuple(row) for row in json.loads(rows)),
            title,
            tuple(json.loads(numbers)),
        )
        for page, index, rows, title, numbers in conn.execute(
            "SELECT page_number, table_index, rows_json, title, row_numbers_json FROM page_tables "
            "WHERE document_id = ? ORDER BY page_number, table_index",
            (document_id,),
        )
    )
    stated = tuple((str(k), str(v)) for k, v in json.loads(fields))
    return DocumentText(document_id, name, pages, tables, stated)


def clear_annotation(
    conn: sqlite3.Connection, document_ids: Sequence[int] | None = None
) -> list[int]:
    """Forget derived data (not type overrides) so documents are analysed again.

    Returns the passage ids removed, so the caller can drop them from the vector index.
    """
    where, args = (
        ("", ())
        if document_ids is None
        else (f" WHERE document_id IN ({','.join('?' * len(document_ids))})", tuple(document_ids))
    )
    removed = [r[0] for r in conn.execute(f"SELECT id FROM passages{where}", args)]
    for table in ("passages", "document_dates", "document_entities"):
        conn.execute(f"DELETE FROM {table}{where}", args)
    doc_where = where.replace("document_id", "id")
    conn.execute(f"UPDATE documents SET analyzed_at = NULL{doc_where}", args)
    return removed


def save_annotation(conn: sqlite3.Connection, analysis: DocumentAnnotation, now: str) -> list[int]:
    """Replace a document's derived data; returns the new passage ids in passage order."""
    draft = analysis.draft
    doc_id = draft.document_id
    clear_annotation(conn, [doc_id])
    ids = []
    for p in draft.passages:
        cursor = conn.execute(
            "INSERT INTO passages (document_id, ordinal, page_number, bates, kind, heading, text, "
            "char_start, char_end, table_index, row_start, row_end, cite) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                doc_id,
                p.ordinal,
                p.page_number,
                p.bates,
                p.kind.value,
                p.heading,
                p.text,
                p.char_start,
                p.char_end,
                p.table_index,
                p.row_start,
                p.row_end,
                p.cite,
            ),
        )
        ids.append(int(cursor.lastrowid or 0))
    width = analysis.dimension * 4  # float32
    conn.executemany(
        "INSERT INTO passage_vectors (passage_id, model, vector) VALUES (?, ?, ?)",
        [
            (pid, analysis.model, analysis.vectors[i * width : (i + 1) * width])
            for i, pid in enumerate(ids)
        ],
    )
    conn.executemany(
        "INSERT INTO document_dates (document_id, value, role, text, page_number, context) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [
            (doc_id, d.value.isoformat(), d.role.value, d.text, d.page_number, d.context)
            for d in draft.dates
        ],
    )
    conn.executemany(
        "INSERT INTO document_entities "
        "(document_id, page_number, label, text, char_start, char_end) VALUES (?, ?, ?, ?, ?, ?)",
        [(doc_id, e.page_number, e.label, e.text, e.start, e.end) for e in draft.entities],
    )
    key, guess = draft.key_date, draft.doc_type
    conn.execute(
        "UPDATE documents SET analyzed_at = ?, doc_type = ?, doc_type_confidence = ?, "
        "doc_type_reasons_json = ?, key_date = ?, key_date_role = ?, key_date_text = ?, "
        "key_date_page = ?, key_date_context = ? WHERE id = ?",
        (
            now,
            guess.doc_type.value,
            guess.confidence,
            json.dumps(list(guess.reasons)),
            key.value.isoformat() if key else None,
            key.role.value if key else None,
            key.text if key else None,
            key.page_number if key else None,
            key.context if key else None,
            doc_id,
        ),
    )
    return ids


def vector_batches(
    conn: sqlite3.Connection, size: int = 5000, after: int = 0
) -> Iterator[tuple[list[int], list[bytes]]]:
    """Every stored vector with an id above ``after``, in id order and bounded batches
    (for a rebuild, or the vectors stored since an index file was written)."""
    last = after
    while True:
        rows = conn.execute(
            "SELECT passage_id, vector FROM passage_vectors WHERE passage_id > ? "
            "ORDER BY passage_id LIMIT ?",
            (last, size),
        ).fetchall()
        if not rows:
            return
        yield [r[0] for r in rows], [r[1] for r in rows]
        last = rows[-1][0]


def vector_ids(conn: sqlite3.Connection) -> list[int]:
    return [r[0] for r in conn.execute("SELECT passage_id FROM passage_vectors")]


def vector_tally(conn: sqlite3.Connection, after: int) -> tuple[int, list[int]]:
    """How many vectors are stored, and the ids of those above ``after``, without reading
    every vector row (issue 21).

    ``passage_vectors`` keeps its 1.5 KB vectors in its own rows, so even listing its ids
    walks the whole table: 0.4 s at 400,000 passages. Every passage has exactly one vector
    (both are written in one transaction, and vectors go with their passage), so the count
    comes from the passages index (2 ms); the newer ids are a range of the primary key.
    """
    count = conn.execute("SELECT COUNT(*) FROM passages").fetchone()[0]
    newer = conn.execute(
        "SELECT passage_id FROM passage_vectors WHERE passage_id > ? ORDER BY passage_id",
        (after,),
    )
    return int(count), [r[0] for r in newer]


def vector_models(conn: sqlite3.Connection, passage_ids: Sequence[int]) -> list[str]:
    """The models that made these passages' vectors and the case's oldest and newest ones.

    Primary-key lookups only: ``SELECT DISTINCT model`` over the whole table read every
    vector (1.5 GB at a million passages) on every search, ~0.7 s (issue 21). A model
    changed without ``reindex --full`` shows in the newest vectors, and a search's own
    candidates show any other model its ranking would mix in.
    """
    marks = ",".join("?" * len(passage_ids))
    query = (
        "SELECT model FROM passage_vectors WHERE passage_id = "
        "(SELECT MIN(passage_id) FROM passage_vectors) "
        "UNION SELECT model FROM passage_vectors WHERE passage_id = "
        "(SELECT MAX(passage_id) FROM passage_vectors)"
    )
    if passage_ids:
        query += f" UNION SELECT model FROM passage_vectors WHERE passage_id IN ({marks})"
    return sorted(r[0] for r in conn.execute(query, list(passage_ids)))


def _filters(doc_types: Sequence[str], production: str | None) -> tuple[str, list[object]]:
    clauses: list[str] = []
    args: list[object] = []
    if doc_types:
        clauses.append(f"{EFFECTIVE_TYPE} IN ({','.join('?' * len(doc_types))})")
        args.extend(doc_types)
    if production:
        clauses.append("pr.label = ?")
        args.append(production)
    return (" AND " + " AND ".join(clauses)) if clauses else "", args


def keyword_search(
    conn: sqlite3.Connection,
    words: Sequence[str],
    limit: int,
    doc_types: Sequence[str],
    production: str | None,
) -> list[int]:
    """Passage ids by BM25 rank (best first) for passages holding any of these words.

    Unfiltered, ``keyword.top_passages`` finds the top ``limit`` without scoring every
    match. Filtered, the joined query ranks with ``ORDER BY bm25(...) LIMIT n``, never
    ``ORDER BY rank``: FTS5 answers ``rank`` by sorting every match in an inner statement
    without a LIMIT (1.5 times the CPU at a million passages; BENCHMARKS.md, issue 21).
    """
    if not words:
        return []
    if not doc_types and not production:
        return keyword.top_passages(conn, words, limit)
    where, args = _filters(doc_types, production)
    rows = conn.execute(
        "SELECT f.rowid FROM passages_fts f JOIN passages p ON p.id = f.rowid "
        "JOIN documents d ON d.id = p.document_id JOIN productions pr ON pr.id = d.production_id "
        f"WHERE passages_fts MATCH ?{where} ORDER BY bm25(passages_fts), f.rowid LIMIT ?",
        [keyword.match_expression(list(dict.fromkeys(words))), *args, limit],
    )
    return [r[0] for r in rows]


def filtered_passage_ids(
    conn: sqlite3.Connection, doc_types: Sequence[str], production: str | None
) -> list[int]:
    where, args = _filters(doc_types, production)
    return [
        r[0]
        for r in conn.execute(
            "SELECT p.id FROM passages p JOIN documents d ON d.id = p.document_id "
            f"JOIN productions pr ON pr.id = d.production_id WHERE 1 = 1{where}",
            args,
        )
    ]


def passages_by_id(conn: sqlite3.Connection, ids: Sequence[int]) -> dict[int, PassageRow]:
    if not ids:
        return {}
    rows = conn.execute(
        f"SELECT p.id, d.id, d.path, pr.label, p.page_number, p.bates, {EFFECTIVE_TYPE}, "
        "p.heading, p.text, p.kind, p.table_index, p.row_start, p.row_end, p.cite FROM passages p "
        "JOIN documents d ON d.id = p.document_id JOIN productions pr ON pr.id = d.production_id "
        f"WHERE p.id IN ({','.join('?' * len(ids))})",
        list(ids),
    )
    return {r[0]: PassageRow(*r) for r in rows}


def count_passages(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT COUNT(*) FROM passages").fetchone()[0])
