"""Tesseract OCR of a rendered page image, returning text, confidence and word boxes.

Word boxes come back in PDF points so the Bates finder can treat OCR'd and
text-layer pages alike.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Protocol

from monell.records import Word
from monell.resources import limit_tesseract_threads

if TYPE_CHECKING:
    from PIL.Image import Image


class OcrUnavailable(Exception):
    """Tesseract is not installed (or not runnable); pages are kept as "needs OCR"."""


# A page read this poorly may be lying on its side: Tesseract's orientation detection is
# asked, and the page read again turned upright when that reads better.
RETRY_BELOW = 0.6
MIN_ORIENTATION_CONFIDENCE = 2.0


@dataclass(frozen=True)
class OcrResult:
    text: str
    confidence: float | None  # mean word confidence 0..1, None when no words were read
    words: tuple[Word, ...]
    rotation: int = 0  # degrees clockwise the page was turned to be read upright
    size: tuple[float, float] | None = None  # the upright page in points, when turned


class OcrEngine(Protocol):
    """Any callable that reads an image; tests pass a fake, production passes Tesseract."""

    def __call__(self, image: Image, *, language: str, points_per_pixel: float) -> OcrResult: ...


def tesseract_installed() -> bool:
    """Whether a ``tesseract`` binary is on the PATH, where pytesseract runs it from: the
    ingest's up-front warning, without importing pytesseract and running the binary
    (~0.15 s of every ``monell ingest``). A binary that is there but fails is met, and
    named, when a page is OCR'd."""
    return shutil.which("tesseract") is not None


@cache
def tesseract_version() -> str | None:
    """The installed Tesseract version, or None when the binary is missing."""
    import pytesseract

    try:
        return str(pytesseract.get_tesseract_version())
    except (pytesseract.TesseractNotFoundError, OSError):
        return None


def ocr_with_tesseract(image: Image, *, language: str, points_per_pixel: float) -> OcrResult:
    """OCR one page image with Tesseract.

    Raises:
        OcrUnavailable: when the tesseract binary cannot be run.
    """

    if tesseract_version() is None:
        raise OcrUnavailable("tesseract is not installed")
    limit_tesseract_threads()
    first = _read(image, language, points_per_pixel)
    if first.confidence is not None and first.confidence >= RETRY_BELOW:
        return first
    turn = _orientation(image)
    if not turn:
        return first
    upright = image.rotate(-turn, expand=True)  # PIL turns counter-clockwise
    second = _read(upright, language, points_per_pixel)
    if (second.confidence or 0.0) <= (first.confidence or 0.0):
        return first
    size = (upright.width * points_per_pixel, upright.height * points_per_pixel)
    return OcrResult(second.text, second.confidence, second.words, rotation=turn, size=size)


def _orientation(image: Image) -> int:
    """Degrees clockwise that would turn the page upright (0 when upright or unsure)."""
    import pytesseract

    try:
        found = pytesseract.image_to_osd(image, output_type=pytesseract.Output.DICT)
    except pytesseract.TesseractError:
        return 0  # too little text to tell
    turn = int(found.get("rotate", 0)) % 360
    sure = float(found.get("orientation_conf", 0.0)) >= MIN_ORIENTATION_CONFIDENCE
    return turn if sure and turn in (90, 180, 270) else 0


def _read(image: Image, language: str, points_per_pixel: float) -> OcrResult:
    import pytesseract

    data = pytesseract.image_to_data(image, lang=language, output_type=pytesseract.Output.DICT)
    words: list[Word] = []
    confidences: list[float] = []
    lines: dict[tuple[int, int, int], list[str]] = {}
    for i, raw in enumerate(data["text"]):
        token = str(raw).strip()
        conf = float(data["conf"][i])
        if not token or conf < 0:
            continue
        confidences.append(conf)
        # One Tesseract pass: the page text is rebuilt from the word table, line by line.
        key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        lines.setdefault(key, []).append(token)
        left, top = data["left"][i] * points_per_pixel, data["top"][i] * points_per_pixel
        width, height = data["width"][i] * points_per_pixel, data["height"][i] * points_per_pixel
        words.append(Word(token, left, top, left + width, top + height))
    confidence = round(sum(confidences) / len(confidences) / 100, 3) if confidences else None
    text = _join_lines(lines)
    return OcrResult(text=text, confidence=confidence, words=tuple(words))


def _join_lines(lines: dict[tuple[int, int, int], list[str]]) -> str:
    """Words to text: spaces within a line, newlines between lines, a blank line between blocks."""
    parts: list[str] = []
    previous_block: tuple[int, int] | None = None
    for (block, par, _line), tokens in sorted(lines.items()):
        if previous_block is not None and previous_block != (block, par):
            parts.append("")
        parts.append(" ".join(tokens))
        previous_block = (block, par)
    return "\n".join(parts)
