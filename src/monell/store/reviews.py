"""SQL for the review audit log (append-only: the schema refuses updates and deletes) and
the analysis snapshots taken after each ingest."""

from __future__ import annotations

import sqlite3

from monell.records.flags import ReviewEntry


def append(
    conn: sqlite3.Connection,
    flag_id: str,
    decision: str,
    reviewer: str,
    note: str,
    evidence_hash: str,
    now: str,
) -> int:
    cursor = conn.execute(
        "INSERT INTO reviews (flag_id, decision, reviewer, note, evidence_hash, decided_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (flag_id, decision, reviewer, note, evidence_hash, now),
    )
    return int(cursor.lastrowid or 0)


def history(conn: sqlite3.Connection, flag_id: str | None = None) -> list[ReviewEntry]:
    """Every decision, oldest first (for one flag, or all)."""
    where, args = ("WHERE flag_id = ?", (flag_id,)) if flag_id else ("", ())
    return [
        ReviewEntry(*row)
        for row in conn.execute(
            "SELECT id, flag_id, decision, reviewer, note, evidence_hash, decided_at "
            f"FROM reviews {where} ORDER BY id",
            args,
        )
    ]


def topic_history(conn: sqlite3.Connection) -> list[ReviewEntry]:
    """Every decision on an implicated topic (ids ``T-<topic>``), oldest first."""
    return [
        ReviewEntry(*row)
        for row in conn.execute(
            "SELECT id, flag_id, decision, reviewer, note, evidence_hash, decided_at "
            "FROM reviews WHERE flag_id LIKE 'T-%' ORDER BY id"
        )
    ]


def add_snapshot(conn: sqlite3.Connection, production: str, data_json: str, now: str) -> None:
    conn.execute(
        "INSERT INTO snapshots (production, taken_at, data_json) VALUES (?, ?, ?)",
        (production, now, data_json),
    )


def snapshots(conn: sqlite3.Connection) -> list[tuple[int, str, str, str]]:
    """(id, production, taken at, JSON) for every snapshot, oldest first."""
    return [
        (r[0], r[1], r[2], r[3])
        for r in conn.execute(
            "SELECT id, production, taken_at, data_json FROM snapshots ORDER BY id"
        )
    ]
