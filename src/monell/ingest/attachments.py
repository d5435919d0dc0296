"""Attachments of a stored native, saved into the case folder to be ingested as children.

An email's attachments are documents of their own. They are written to
``<case>/attachments/<first 16 hex digits of the email's SHA-256>/`` under names that are
safe on any file system and apart from each other (two attachments both called
``report.pdf`` become ``report.pdf`` and ``report (2).pdf``); the name each was sent under
is kept for display. The writer records them as pending in the email's own transaction,
so a run killed before they are read picks them up when it is run again.
"""

from __future__ import annotations

import os
from pathlib import Path

from monell.records import Document
from monell.records.attachments import PendingAttachment
from monell.records.names import shorten_name

ATTACHMENTS_DIR = "attachments"  # in the case folder
MAX_NAME_CHARS = 120  # an attachment's file name on disk (file systems allow 255 bytes)


def save_attachments(case_folder: Path, document: Document) -> list[PendingAttachment]:
    """Write ``document``'s attachments (each once; a re-run finds them in place)."""
    if not document.attachments:
        return []
    folder = case_folder / ATTACHMENTS_DIR / document.source.sha256[:16]
    folder.mkdir(parents=True, exist_ok=True)
    saved: list[PendingAttachment] = []
    taken: set[str] = set()
    for number, attachment in enumerate(document.attachments, start=1):
        name = _apart(safe_file_name(attachment.name, number), taken)
        target = folder / name
        if not target.exists():
            temporary = target.with_name(f".{name}.tmp")
            temporary.write_bytes(attachment.data)
            os.replace(temporary, target)
        given = attachment.original or attachment.name
        saved.append(
            PendingAttachment(str(target), document.source.sha256, given if given != name else None)
        )
    return saved


def safe_file_name(name: str, number: int) -> str:
    """An attachment's name made safe for any file system, never a path."""
    cleaned = "".join(c if c.isalnum() or c in " ._-()" else "_" for c in Path(name).name)
    cleaned = shorten_name(cleaned.strip(" ."), MAX_NAME_CHARS)
    return cleaned or f"attachment-{number}"


def _apart(name: str, taken: set[str]) -> str:
    """``name``, or ``name (2)``, ``name (3)``… when an earlier attachment has it."""
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    candidate, copy = name, 1
    while candidate.casefold() in taken:  # case-insensitive file systems too
        copy += 1
        candidate = f"{stem} ({copy}).{suffix}" if dot else f"{stem} ({copy})"
    taken.add(candidate.casefold())
    return candidate
