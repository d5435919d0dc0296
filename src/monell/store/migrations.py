"""Forward-only schema migrations, recorded in SQLite's ``user_version``.

Each ``mNNN_`` function (``schema_first.py``: m001-m002; ``schema_later.py``: the rest)
moves the schema one version forward; they are applied in order, each inside the caller's
transaction, and never edited once released.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from monell.errors import StoreError
from monell.store.schema_first import FIRST
from monell.store.schema_later import LATER

MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [*FIRST, *LATER]
SCHEMA_VERSION = len(MIGRATIONS)


def migrate(conn: sqlite3.Connection, path: str) -> int:
    """Apply pending migrations; refuse a database written by a newer monell."""
    current = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if current > SCHEMA_VERSION:
        raise StoreError(
            f"case database is schema version {current}, this monell knows up to "
            f"{SCHEMA_VERSION}: upgrade monell",
            path,
        )
    for version, migration in enumerate(MIGRATIONS[current:], start=current + 1):
        # Each migration and its version bump commit together, or not at all.
        conn.execute("BEGIN IMMEDIATE")
        try:
            migration(conn)
            conn.execute(f"PRAGMA user_version = {version}")
            conn.execute("COMMIT")
        except Exception:
            conn.execute("ROLLBACK")
            raise
    return SCHEMA_VERSION
