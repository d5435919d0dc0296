"""Coverage segments for tests: a passage of one document with every field a plain default,
so a test names only what it is about."""

from __future__ import annotations

from typing import Any

from monell.records.coverage import Segment


def make_segment(key: str, text: str, **fields: Any) -> Segment:
    """A prose segment of ``plan.pdf`` (a lesson plan, undated, no stored vector); ``key``
    "p12" gives passage id 12; any field may be given."""
    values: dict[str, Any] = {
        "passage_id": int(key[1:]) if key[1:].isdigit() else 0,
        "document_id": 1,
        "file": "plan.pdf",
        "production": "VOL001",
        "page": 1,
        "bates": None,
        "doc_type": "lesson_plan",
        "heading": None,
        "quote": text,
        "is_row": False,
        "date": None,
        "date_source": None,
        "hours": None,
        "course": None,
        "stored_vector": False,
    }
    return Segment(key=key, text=text, **{**values, **fields})
