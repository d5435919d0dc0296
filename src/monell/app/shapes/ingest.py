"""JSON shape of an ingest run's result."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from monell.records import IngestResult


def ingest_result_json(result: IngestResult) -> dict[str, Any]:
    return {
        "production": result.production,
        "added": [asdict(d) for d in result.added],
        "already_present": list(result.already_present),
        "failed": [{"file": f.path, "reason": f.reason} for f in result.failed],
        "notes": list(result.notes),
    }
