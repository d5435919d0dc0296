"""Tesseract OCR of a rendered page image, returning text, confidence and word boxes.

Word boxes come back in PDF points so the Bates finder can treat OCR'd and
text-layer pages alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Protocol

from monell.records import Word
from monell.resources import limit_tesseract_threads

if TYPE_CHECKING:
    from PIL.Image import Image


class OcrUnavailable(Exception):
    """Tesseract is not installed (or not runnable); pages are kept as "needs OCR"."""


@dataclass(frozen=True)
class OcrResult:
    text: str
    confidence: float | None  # mean word confidence 0..1, None when no words were read
    words: tuple[Word, ...]


class OcrEngine(Protocol):
    """Any callable that reads an image; tests pass a fake, production passes Tesseract."""

    def __call__(self, image: Image, *, language: str, points_per_pixel: float) -> OcrResult: ...


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
    import pytesseract

    if tesseract_version() is None:
        raise OcrUnavailable("tesseract is not installed")
    limit_tesseract_threads()
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
