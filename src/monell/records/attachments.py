"""An attachment saved from a stored document and not yet ingested (``ingest/attachments.py``)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PendingAttachment:
    """An attachment saved into the case folder, waiting to be ingested as a child."""

    path: str  # under <case>/attachments/
    parent_sha256: str
    given_name: str | None = None  # the name it was sent under, when the file's differs
