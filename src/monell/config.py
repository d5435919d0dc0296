"""Options dataclasses. Defaults are named constants; every instance validates itself."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, fields
from typing import Any, Self, TypeVar

from monell.errors import InputError
from monell.records import OcrMode

# A page whose text layer (outside the stamp margins) has fewer letters/digits than
# this is treated as scanned: a Bates stamp alone must not count as "text".
MIN_TEXT_CHARS = 25
OCR_DPI = 300  # Tesseract's accuracy drops sharply below ~300 DPI
OCR_LANGUAGE = "eng"
# PDFs are split into page chunks (at most this many pages; see ingest/run.py) so every
# core works on one long or scanned file (OCR costs ~2 s a page).
CHUNK_PAGES = 32
# Larger files are refused with a clear reason rather than exhausting memory.
MAX_FILE_BYTES = 2 * 1024**3
EXECUTORS = ("local", "dask")
# What `dask scheduler` prints: [protocol://]host:port (IPv6 hosts in brackets).
SCHEDULER_ADDRESS = re.compile(r"(?:[a-z]+://)?(?:\[[0-9A-Fa-f:.]+\]|[^\s:/\[\]]+):\d{1,5}")
S = TypeVar("S")


def default_workers() -> int:
    """All cores, as the issue asks; at least one."""
    return max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class IngestOptions:
    """How files are read. Frozen so it can be sent to worker processes unchanged."""

    ocr: OcrMode = OcrMode.AUTO
    workers: int = 0  # 0 = all cores
    ocr_language: str = OCR_LANGUAGE
    ocr_dpi: int = OCR_DPI
    min_text_chars: int = MIN_TEXT_CHARS
    chunk_pages: int = CHUNK_PAGES
    max_file_bytes: int = MAX_FILE_BYTES
    executor: str = "local"  # "local" (process pool) or "dask" (a cluster at `scheduler`)
    scheduler: str | None = None  # e.g. "tcp://10.0.0.5:8786"

    def __post_init__(self) -> None:
        try:
            object.__setattr__(self, "ocr", OcrMode(self.ocr))
        except ValueError:
            allowed = ", ".join(m.value for m in OcrMode)
            raise InputError(f"unknown OCR mode {self.ocr!r} (allowed: {allowed})") from None
        for name in ("workers", "min_text_chars"):
            if getattr(self, name) < 0:
                raise InputError(f"{name} must be 0 or more, got {getattr(self, name)}")
        for name in ("ocr_dpi", "chunk_pages", "max_file_bytes"):
            if getattr(self, name) < 1:
                raise InputError(f"{name} must be positive, got {getattr(self, name)}")
        if self.executor not in EXECUTORS:
            raise InputError(
                f"unknown executor {self.executor!r} (allowed: {', '.join(EXECUTORS)})"
            )
        if self.executor == "dask" and not self.scheduler:
            raise InputError(
                "the dask executor needs a scheduler address (--scheduler tcp://HOST:8786, "
                "or [ingest] scheduler in case.toml)"
            )
        if self.scheduler is not None and not SCHEDULER_ADDRESS.fullmatch(str(self.scheduler)):
            raise InputError(
                f"scheduler {self.scheduler!r} is not an address with a port, "
                "e.g. tcp://10.0.0.5:8786"
            )
        if not 72 <= self.ocr_dpi <= 600:
            raise InputError(f"ocr_dpi must be between 72 and 600, got {self.ocr_dpi}")

    @property
    def worker_count(self) -> int:
        return self.workers or default_workers()

    @classmethod
    def resolve(cls, value: IngestOptions | dict[str, Any] | None) -> Self:
        """Accept None (defaults), a dict (from the case file or CLI) or an instance."""
        return resolve_settings(cls, value, "ingest option")


def resolve_settings(cls: type[S], value: object, what: str) -> S:
    """A settings dataclass from None (defaults), a dict (``case.toml``, flags) or itself;
    unknown keys are one error naming the allowed ones."""
    if value is None:
        return cls()
    if isinstance(value, cls):
        return value
    if isinstance(value, dict):
        known = set(cls.__dataclass_fields__)  # type: ignore[attr-defined]
        unknown = sorted(set(value) - known)
        if unknown:
            raise InputError(
                f"unknown {what}(s) {', '.join(unknown)} (allowed: {', '.join(sorted(known))})"
            )
        for field in fields(cls):  # type: ignore[arg-type]
            if field.name in value:
                _check_type(what, field.name, field.default, value[field.name])
        return cls(**value)
    raise InputError(f"cannot build {what}s from {type(value).__name__}")


def _check_type(what: str, name: str, default: object, value: object) -> None:
    """A setting has its default's kind: a whole number where the default is one (``workers
    = "2"`` in case.toml is refused, not crashed on), text where it is text."""
    if isinstance(default, bool) or default is None:
        return
    if isinstance(default, int) and (isinstance(value, bool) or not isinstance(value, int)):
        raise InputError(f"{what} {name} must be a whole number, not {value!r} (see case.toml)")
    if isinstance(default, float) and (
        isinstance(value, bool) or not isinstance(value, int | float)
    ):
        raise InputError(f"{what} {name} must be a number, not {value!r} (see case.toml)")
    if isinstance(default, str) and not isinstance(value, str):
        raise InputError(f"{what} {name} must be text in quotes, not {value!r} (see case.toml)")
