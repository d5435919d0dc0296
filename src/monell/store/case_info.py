"""SQL for the case facts: the case row (name, agency, incident date), defendants, injury."""

from __future__ import annotations

import sqlite3
from datetime import date

from monell.errors import StoreError
from monell.records import CaseInfo


def write(conn: sqlite3.Connection, name: str, agency: str, incident_date: str, now: str) -> None:
    conn.execute(
        "INSERT INTO case_info (id, name, agency, incident_date, created_at) "
        "VALUES (1, ?, ?, ?, ?) "
        "ON CONFLICT (id) DO UPDATE SET name = excluded.name, agency = excluded.agency, "
        "incident_date = excluded.incident_date",
        (name, agency, incident_date, now),
    )


def read(conn: sqlite3.Connection, case_path: str, schema_version: int) -> CaseInfo:
    row = conn.execute(
        "SELECT name, agency, incident_date, created_at FROM case_info WHERE id = 1"
    ).fetchone()
    if row is None:
        raise StoreError(
            "case database has no case facts (was `monell init` interrupted?)", case_path
        )
    return CaseInfo(
        path=case_path,
        name=row[0],
        agency=row[1],
        incident_date=date.fromisoformat(row[2]),
        created_at=row[3],
        schema_version=schema_version,
    )


def add_defendant(conn: sqlite3.Connection, name: str, now: str) -> bool:
    """Add a defendant; False when the name (any case) is already listed."""
    cursor = conn.execute(
        "INSERT INTO defendants (name, added_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
        (name, now),
    )
    return cursor.rowcount == 1


def remove_defendant(conn: sqlite3.Connection, name: str) -> bool:
    return conn.execute("DELETE FROM defendants WHERE name = ?", (name,)).rowcount == 1


def defendants(conn: sqlite3.Connection) -> list[str]:
    return [r[0] for r in conn.execute("SELECT name FROM defendants ORDER BY id")]


def set_injury(conn: sqlite3.Connection, text: str, source: str, now: str) -> None:
    conn.execute(
        "INSERT INTO injury (id, text, source, set_at) VALUES (1, ?, ?, ?) "
        "ON CONFLICT (id) DO UPDATE SET text = excluded.text, source = excluded.source, "
        "set_at = excluded.set_at",
        (text, source, now),
    )


def injury(conn: sqlite3.Connection) -> tuple[str, str, str] | None:
    """(text, source, set at) of the injury narrative, or None when none is set."""
    row = conn.execute("SELECT text, source, set_at FROM injury WHERE id = 1").fetchone()
    return (row[0], row[1], row[2]) if row else None
