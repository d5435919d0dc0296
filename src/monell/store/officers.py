"""SQL for a reviewer's corrections of officer matches (``monell officers match``)."""

from __future__ import annotations

import sqlite3


def set_match(
    conn: sqlite3.Connection, name: str, other: str, same: bool, note: str, now: str
) -> None:
    """Record (or replace) the word on two spellings; the pair is stored in one order."""
    first, second = sorted((name, other))
    conn.execute(
        "INSERT INTO officer_matches (name, other, same, note, set_at) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (name, other) DO UPDATE SET same = excluded.same, note = excluded.note, "
        "set_at = excluded.set_at",
        (first, second, int(same), note, now),
    )


def matches(conn: sqlite3.Connection) -> list[tuple[str, str, bool, str]]:
    """(name, other, same, note) in the order they were set."""
    rows = conn.execute("SELECT name, other, same, note FROM officer_matches ORDER BY set_at, id")
    return [(r[0], r[1], bool(r[2]), r[3]) for r in rows]
