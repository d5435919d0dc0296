"""How a source is cited in every output: file, page (or place inside a native), Bates."""

from __future__ import annotations

from typing import Any


def cite_text(file: str, page: int, bates: str | None, within: str | None = None) -> str:
    """``policy.pdf p.12 RIV000112``; a native's place replaces the page number.

    A spreadsheet has no pages: ``roster.xlsx RIV000120 (sheet Roster, row 14)``.
    """
    place = f"({within})" if within else f"p.{page}"
    if within:
        return f"{file} {bates} {place}" if bates else f"{file} {place}"
    return f"{file} {place} {bates}" if bates else f"{file} {place}"


def cite_of(item: dict[str, Any] | Any) -> str:
    """The citation of a JSON-shaped dict or a record with file, page, bates (and cite)."""
    if isinstance(item, dict):
        return cite_text(item["file"], item["page"], item.get("bates"), item.get("cite"))
    return cite_text(item.file, item.page, item.bates, getattr(item, "cite", None))
