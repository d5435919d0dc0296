"""The progress interface orchestrators report to; the CLI draws it (rich), tests ignore it.

A paralegal must be able to tell a hung ingest from a slow one (issue 22): besides the
counts, an orchestrator says which file has been in work the longest and since when, so
the display can show "reading line.txt, 3:12 so far" ticking while one huge file is read.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from typing import Protocol, TypeVar

T = TypeVar("T")


class Progress(Protocol):
    """Totals once known, then increments: documents and pages; and what is being read."""

    def planned(self, documents: int, pages: int) -> None: ...

    def advanced(self, documents: int = 0, pages: int = 0) -> None: ...

    def reading(self, name: str | None, since: float) -> None:
        """``name`` has been in work since ``since`` (``time.monotonic``) and is the oldest
        piece of work not yet back; None when nothing is."""


class InFlight:
    """The items handed to an executor and not yet back, oldest first. ``feed`` wraps the
    items the executor pulls (it pulls one when it submits it), ``done`` marks one back; the
    progress is told whenever the oldest one changes."""

    def __init__(self, progress: Progress | None, label: Callable[[object], str]) -> None:
        self.progress = progress
        self.label = label
        self._items: dict[int, tuple[str, float]] = {}
        self._told: tuple[str, float] | None = None

    def feed(self, items: Iterable[T]) -> Iterator[T]:
        for item in items:
            self._items[id(item)] = (self.label(item), time.monotonic())
            self._tell()
            yield item

    def done(self, item: object) -> None:
        self._items.pop(id(item), None)
        self._tell()

    def _tell(self) -> None:
        oldest = next(iter(self._items.values()), None)
        if self.progress is not None and oldest != self._told:
            self._told = oldest
            self.progress.reading(*(oldest or (None, time.monotonic())))
