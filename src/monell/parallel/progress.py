"""The progress interface orchestrators report to; the CLI draws it (rich), tests ignore it."""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    """Totals once known, then increments: documents and pages."""

    def planned(self, documents: int, pages: int) -> None: ...

    def advanced(self, documents: int = 0, pages: int = 0) -> None: ...
