"""SQL for the single row of case facts (name, agency, incident date)."""

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
