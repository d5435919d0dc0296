"""Find a cited passage on its page: character spans in the page text, boxes on the image.

A passage is stored with its own spacing (lines joined, table cells labelled) and a
cited quote may be cut short ("…"), so matching ignores whitespace and case. When the
whole quote is not on the page (a record that runs onto the next page, an OCR slip), its
lines are matched one by one, in order, so a reader still sees where it starts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from monell.ingest.pdf import PdfProblem, open_pdf

MIN_PIECE_CHARS = 6  # shorter lines ("2", "Yes") would light up every other cell
MAX_PIECES = 40
BOX_PAD = 1.0  # points around each line's box, so descenders are not clipped
_PIECE_SPLIT = re.compile(r"\n|;\s|\s\|\s")


@dataclass(frozen=True)
class Box:
    """A highlight rectangle in percent of the page (top-left origin), for an overlay."""

    x: float
    y: float
    width: float
    height: float


def find_spans(text: str, quote: str) -> list[tuple[int, int]]:
    """Character spans of ``text`` that show ``quote`` (whitespace and case ignored)."""
    quote = quote.strip().rstrip("…").strip()
    letters, where = _squeeze(text)
    whole = _locate(letters, quote, 0)
    if whole:
        return [(where[whole[0]], where[whole[1] - 1] + 1)]
    spans, start = [], 0
    pieces = [p for p in _PIECE_SPLIT.split(quote) if len(_squeeze(p)[0]) >= MIN_PIECE_CHARS]
    for piece in pieces[:MAX_PIECES]:
        found = _locate(letters, piece, start)
        if found:
            spans.append((where[found[0]], where[found[1] - 1] + 1))
            start = found[1]
    return spans


def mark_text(text: str, spans: list[tuple[int, int]]) -> list[tuple[str, bool]]:
    """The page text as (piece, highlighted) runs, for a template to escape and mark."""
    runs, at = [], 0
    for begin, end in sorted(spans):
        if begin < at:
            continue
        runs += [(text[at:begin], False), (text[begin:end], True)]
        at = end
    runs.append((text[at:], False))
    return [run for run in runs if run[0]]


def pdf_boxes(path: Path, page_number: int, quote: str) -> list[Box] | None:
    """Boxes over the quote on a text-layer PDF page; None when the page cannot be read
    (moved file, rotated page) and [] when the quote is not in its text layer."""
    import pypdfium2.raw as pdfium_c

    try:
        with open_pdf(path) as document:
            if not 1 <= page_number <= len(document):
                return None
            page = document[page_number - 1]
            try:
                if page.get_rotation():
                    return None  # char boxes are in unrotated space: do not guess
                width, height = page.get_size()
                textpage = page.get_textpage()
                count = textpage.count_chars()
                chars = "".join(
                    chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, i) or 32) for i in range(count)
                )
                boxes = [
                    textpage.get_charbox(i)
                    for begin, end in find_spans(chars, quote)
                    for i in range(begin, end)
                    if not chars[i].isspace()
                ]
                textpage.close()
            finally:
                page.close()
    except (PdfProblem, OSError):
        return None
    return [_percent(box, width, height) for box in _lines(boxes)]


def _squeeze(text: str) -> tuple[str, list[int]]:
    """The text without whitespace, lower-cased, and each kept character's index."""
    letters, where = [], []
    for index, char in enumerate(text):
        if char.isspace():
            continue
        folded = char.lower()
        letters.append(folded if len(folded) == 1 else char)
        where.append(index)
    return "".join(letters), where


def _locate(letters: str, quote: str, start: int) -> tuple[int, int] | None:
    """Where ``quote`` starts and ends in the squeezed letters, searching from ``start``."""
    needle = _squeeze(quote)[0]
    found = letters.find(needle, start) if needle else -1
    return (found, found + len(needle)) if found >= 0 else None


def _lines(
    boxes: list[tuple[float, float, float, float]],
) -> list[tuple[float, float, float, float]]:
    """Character boxes merged into one box per line run (left, bottom, right, top)."""
    merged: list[list[float]] = []
    for left, bottom, right, top in boxes:
        if right <= left or top <= bottom:
            continue
        last = merged[-1] if merged else None
        same_line = last is not None and bottom < last[3] and top > last[1]
        if last is not None and same_line and left - last[2] < 3 * (top - bottom):
            last[0], last[1] = min(last[0], left), min(last[1], bottom)
            last[2], last[3] = max(last[2], right), max(last[3], top)
        else:
            merged.append([left, bottom, right, top])
    return [(a, b, c, d) for a, b, c, d in merged]


def _percent(box: tuple[float, float, float, float], width: float, height: float) -> Box:
    left, bottom, right, top = box
    left, bottom, right, top = left - BOX_PAD, bottom - BOX_PAD, right + BOX_PAD, top + BOX_PAD
    return Box(
        x=round(100 * max(left, 0) / width, 3),
        y=round(100 * max(height - top, 0) / height, 3),  # pdfium counts from the bottom
        width=round(100 * (right - left) / width, 3),
        height=round(100 * (top - bottom) / height, 3),
    )
