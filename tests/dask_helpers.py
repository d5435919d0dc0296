"""Stand-ins that Dask worker processes can import (tests/ is put on their PYTHONPATH)."""

from __future__ import annotations

import os
from pathlib import Path

from monell.ingest.ocr import OcrResult
from monell.records import Word


class CrashOnceOcr:
    """OCR that kills its worker process the first time it runs, then reads normally.

    The marker file makes "first time" true across processes: the retried task (on a
    fresh or another worker) finds it and reads the page.
    """

    def __init__(self, marker: str, text: str = "SCANNED ROSTER Officer Pruitt") -> None:
        self.marker, self.text = marker, text

    def __call__(self, image: object, *, language: str, points_per_pixel: float) -> OcrResult:
        if not Path(self.marker).exists():
            Path(self.marker).write_text("crashed once")
            os._exit(3)  # a hard death: no exception, no cleanup, like a segfault
        words = tuple(
            Word(w, 72 + 60 * i, 100, 120 + 60 * i, 112) for i, w in enumerate(self.text.split())
        )
        return OcrResult(text=self.text, confidence=0.9, words=words)


class AlwaysCrashOcr:
    """OCR that kills every worker it runs on: the item must come back as a failure."""

    def __call__(self, image: object, *, language: str, points_per_pixel: float) -> OcrResult:
        os._exit(3)
