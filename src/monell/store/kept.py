"""SQL shared by the tables that keep analyses between runs (issue 21): per document, a
hash of what was read and the answer's JSON under an analysis version (``topic_hits``,
``complaint_reads``); per text or allegation hash, a kept value (``text_vectors``,
``complaint_topics``). Table and column names are this package's constants, never input.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from typing import Any, TypeVar

MAX_PARAMS = 900  # bound parameters per statement, under SQLite's limit
T = TypeVar("T")


def chunks(values: Sequence[T]) -> Iterator[tuple[list[T], str]]:
    """The values in pieces a statement can bind, each with its ``?, ?, …`` placeholders."""
    items = list(values)
    for start in range(0, len(items), MAX_PARAMS):
        chunk = items[start : start + MAX_PARAMS]
        yield chunk, ",".join("?" * len(chunk))


def document_rows(
    conn: sqlite3.Connection, table: str, columns: tuple[str, str], version: str
) -> dict[int, tuple[str, str]]:
    """The rows kept under this version: document id → (``columns``: hash, JSON)."""
    digest, answer = columns
    return {
        doc: (hashed, kept)
        for doc, hashed, kept in conn.execute(
            f"SELECT document_id, {digest}, {answer} FROM {table} WHERE version = ?", (version,)
        )
    }


def save_document_rows(
    conn: sqlite3.Connection,
    table: str,
    columns: tuple[str, str],
    version: str,
    rows: Sequence[tuple[int, str, str]],
) -> None:
    """Keep these documents' rows; rows of any other version are dropped (never read
    again), and a document removed meanwhile gets none (ON DELETE CASCADE took its rows)."""
    digest, answer = columns
    conn.execute(f"DELETE FROM {table} WHERE version != ?", (version,))
    conn.executemany(
        f"INSERT OR REPLACE INTO {table} (document_id, version, {digest}, {answer}) "
        "SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM documents WHERE id = ?)",
        [(doc, version, hashed, kept, doc) for doc, hashed, kept in rows],
    )


def values_by_key(
    conn: sqlite3.Connection,
    table: str,
    columns: tuple[str, str, str],
    scope: str,
    keys: Sequence[str],
) -> dict[str, Any]:
    """Kept values of these keys within ``scope`` (``columns``: scope, key, value)."""
    scoped, key, value = columns
    found: dict[str, Any] = {}
    for chunk, marks in chunks(keys):
        found.update(
            conn.execute(
                f"SELECT {key}, {value} FROM {table} WHERE {scoped} = ? AND {key} IN ({marks})",
                [scope, *chunk],
            ).fetchall()
        )
    return found
