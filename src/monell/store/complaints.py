"""SQL for what the complaints analysis keeps between runs (issue 21, m012): each notice
document's read records and each record's topics (complaints/record_cache.py says what is
kept and why it can be)."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from monell.store.coverage import _chunks


def complaint_reads(conn: sqlite3.Connection, version: str) -> dict[int, tuple[str, str]]:
    """Documents read under this version: document id → (inputs hash, records JSON)."""
    return {
        doc: (digest, records)
        for doc, digest, records in conn.execute(
            "SELECT document_id, inputs_hash, records_json FROM complaint_reads WHERE version = ?",
            (version,),
        )
    }


def save_complaint_reads(
    conn: sqlite3.Connection, version: str, rows: Sequence[tuple[int, str, str]]
) -> None:
    """Keep these documents' records; rows of any other version are dropped, and a document
    removed meanwhile gets none (its rows go with it: ON DELETE CASCADE)."""
    conn.execute("DELETE FROM complaint_reads WHERE version != ?", (version,))
    conn.executemany(
        "INSERT OR REPLACE INTO complaint_reads (document_id, version, inputs_hash, records_json) "
        "SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM documents WHERE id = ?)",
        [(doc, version, digest, records, doc) for doc, digest, records in rows],
    )


def complaint_topics(
    conn: sqlite3.Connection, version: str, hashes: Sequence[str]
) -> dict[str, str]:
    """Kept classifications of these allegations (by hash) under this version."""
    found: dict[str, str] = {}
    for chunk, marks in _chunks(hashes):
        found.update(
            conn.execute(
                "SELECT record_hash, topics_json FROM complaint_topics WHERE version = ? AND "
                f"record_hash IN ({marks})",
                [version, *chunk],
            ).fetchall()
        )
    return found


def save_complaint_topics(
    conn: sqlite3.Connection, version: str, rows: Sequence[tuple[str, str]], current: Sequence[str]
) -> None:
    """Keep these classifications; drop rows of another version and those of allegations no
    record of the case has now (``current``: every record's hash)."""
    conn.execute("DELETE FROM complaint_topics WHERE version != ?", (version,))
    wanted = set(current)
    stale = [
        digest
        for (digest,) in conn.execute("SELECT record_hash FROM complaint_topics")
        if digest not in wanted
    ]
    for chunk, marks in _chunks(stale):
        conn.execute(f"DELETE FROM complaint_topics WHERE record_hash IN ({marks})", chunk)
    conn.executemany(
        "INSERT OR REPLACE INTO complaint_topics (record_hash, version, topics_json) "
        "VALUES (?, ?, ?)",
        [(digest, version, topics) for digest, topics in rows],
    )
