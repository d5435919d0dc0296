"""SQL for productions (volumes) and the files that failed to ingest."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from monell.records import FailedFile
from monell.records.names import raw_bytes, shown


@dataclass(frozen=True)
class ProductionCounts:
    """Per-production page tallies, straight from the store."""

    label: str
    created_at: str
    documents: int
    pages: int
    ocr_pages: int
    needs_ocr_pages: int
    blank_pages: int
    pages_without_bates: int


def ensure(conn: sqlite3.Connection, label: str, now: str) -> int:
    conn.execute(
        "INSERT INTO productions (label, created_at) VALUES (?, ?) ON CONFLICT (label) DO NOTHING",
        (label, now),
    )
    return int(conn.execute("SELECT id FROM productions WHERE label = ?", (label,)).fetchone()[0])


def record_failure(
    conn: sqlite3.Connection, production_id: int, failed: FailedFile, now: str
) -> None:
    conn.execute(
        "INSERT INTO failed_files (production_id, path, sha256, reason, recorded_at, path_bytes) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (production_id, path) DO UPDATE SET "
        "sha256 = excluded.sha256, reason = excluded.reason, recorded_at = excluded.recorded_at",
        (
            production_id,
            shown(failed.path),
            failed.sha256,
            shown(failed.reason),
            now,
            raw_bytes(failed.path),
        ),
    )


def clear_failure(conn: sqlite3.Connection, production_id: int, path: str) -> None:
    """A file that now ingests cleanly is no longer a failure of that production."""
    conn.execute(
        "DELETE FROM failed_files WHERE production_id = ? AND path = ?",
        (production_id, shown(path)),
    )


def counts(conn: sqlite3.Connection) -> list[ProductionCounts]:
    rows = conn.execute(
        """
        SELECT p.label, p.created_at,
               (SELECT COUNT(*) FROM documents d WHERE d.production_id = p.id),
               COUNT(pg.id),
               COALESCE(SUM(pg.method = 'ocr'), 0),
               COALESCE(SUM(pg.method = 'needs_ocr'), 0),
               COALESCE(SUM(pg.method = 'blank'), 0),
               COALESCE(SUM(pg.id IS NOT NULL AND pg.bates IS NULL), 0)
        FROM productions p
        LEFT JOIN documents d ON d.production_id = p.id
        LEFT JOIN pages pg ON pg.document_id = d.id
        GROUP BY p.id ORDER BY p.id
        """
    ).fetchall()
    return [ProductionCounts(*row) for row in rows]


def failures(conn: sqlite3.Connection) -> dict[str, list[FailedFile]]:
    """Failed files keyed by production label, in path order."""
    result: dict[str, list[FailedFile]] = {}
    for label, path, reason, sha in conn.execute(
        "SELECT p.label, f.path, f.reason, f.sha256 FROM failed_files f "
        "JOIN productions p ON p.id = f.production_id ORDER BY p.id, f.path"
    ):
        result.setdefault(label, []).append(FailedFile(path, reason, sha))
    return result
