"""SQL for what the complaints analysis keeps between runs (issue 21, m012): each notice
document's read records and each record's topics (complaints/record_cache.py says what is
kept and why it can be)."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from monell.store.kept import chunks, document_rows, save_document_rows, values_by_key

READS = ("complaint_reads", ("inputs_hash", "records_json"))  # record_cache.py's rows


def complaint_reads(conn: sqlite3.Connection, version: str) -> dict[int, tuple[str, str]]:
    """Documents read under this version: document id → (inputs hash, records JSON)."""
    return document_rows(conn, *READS, version)


def save_complaint_reads(
    conn: sqlite3.Connection, version: str, rows: Sequence[tuple[int, str, str]]
) -> None:
    save_document_rows(conn, *READS, version, rows)


def complaint_topics(
    conn: sqlite3.Connection, version: str, hashes: Sequence[str]
) -> dict[str, str]:
    """Kept classifications of these allegations (by hash) under this version."""
    columns = ("version", "record_hash", "topics_json")
    return values_by_key(conn, "complaint_topics", columns, version, hashes)


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
    for chunk, marks in chunks(stale):
        conn.execute(f"DELETE FROM complaint_topics WHERE record_hash IN ({marks})", chunk)
    conn.executemany(
        "INSERT OR REPLACE INTO complaint_topics (record_hash, version, topics_json) "
        "VALUES (?, ?, ?)",
        [(digest, version, topics) for digest, topics in rows],
    )
