"""Thin readers over pdfplumber: words, tables, images, stamp legends, page rendering.

Everything here takes an open pdfplumber page and returns plain records; deciding
what to do with a page (text layer or OCR) belongs to ``extract.py``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from monell.bates import BOTTOM_BAND, TOP_BAND, parse_bates
from monell.records import Table, Word

if TYPE_CHECKING:
    from PIL.Image import Image

# Designations a protective order requires to travel with every excerpt.
_LEGEND = re.compile(
    r"(HIGHLY\s+CONFIDENTIAL|CONFIDENTIAL|ATTORNEYS['’]?\s*EYES\s+ONLY|"
    r"SUBJECT\s+TO\s+PROTECTIVE\s+ORDER|PROTECTIVE\s+ORDER|FOR\s+OFFICIAL\s+USE\s+ONLY|"
    r"LAW\s+ENFORCEMENT\s+SENSITIVE)",
    re.IGNORECASE,
)
PDF_HEADER = b"%PDF-"
HEADER_SEARCH_BYTES = 1024  # the PDF spec lets junk precede the header; readers allow ~1 KB


def read_words(page: Any) -> list[Word]:
    """Positioned words from the page's text layer."""
    return [
        Word(str(w["text"]), float(w["x0"]), float(w["top"]), float(w["x1"]), float(w["bottom"]))
        for w in page.extract_words(keep_blank_chars=False, use_text_flow=False)
    ]


def read_text(page: Any) -> str:
    """The page text in reading order, as pdfplumber lays it out."""
    return str(page.extract_text() or "").strip()


def read_tables(page: Any, page_number: int) -> tuple[Table, ...]:
    """Ruled tables on the page (rosters, hour logs) as rows of cell strings.

    pdfplumber's default strategy needs ruling lines, so pages without any lines or
    rectangles are skipped cheaply.
    """
    if not (page.lines or page.rects):
        return ()
    tables = []
    for index, rows in enumerate(page.extract_tables()):
        cleaned = tuple(tuple(" ".join(str(c or "").split()) for c in row) for row in rows)
        if any(any(cell for cell in row) for row in cleaned):
            tables.append(Table(page_number=page_number, index=index, rows=cleaned))
    return tuple(tables)


def has_graphics(page: Any) -> bool:
    """True when the page draws something that OCR could read (a scan, or vector glyphs)."""
    return bool(page.images) or len(page.curves) > 20


def body_char_count(words: list[Word], height: float) -> int:
    """Letters and digits outside the stamp bands: a stamped scan has almost none."""
    top, bottom = height * TOP_BAND, height * (1 - BOTTOM_BAND)
    return sum(
        sum(ch.isalnum() for ch in w.text) for w in words if w.top > top and w.bottom < bottom
    )


def find_legend(words: list[Word], height: float) -> str | None:
    """The confidentiality legend stamped in a margin, e.g. ``CONFIDENTIAL - SUBJECT TO …``."""
    top, bottom = height * TOP_BAND, height * (1 - BOTTOM_BAND)
    lines: dict[int, list[Word]] = {}
    for w in words:
        if w.bottom <= top or w.top >= bottom:
            lines.setdefault(round(w.top / 3), []).append(w)
    for key in sorted(lines, reverse=True):  # bottom margin first: the usual place
        text = " ".join(_without_bates([w.text for w in sorted(lines[key], key=lambda w: w.x0)]))
        match = _LEGEND.search(text)
        if match:
            return " ".join(text[match.start() :].split()).upper()
    return None


def _without_bates(tokens: list[str]) -> list[str]:
    """Drop Bates numbers (one word, or prefix and counter as two words) from a stamp line."""
    kept: list[str] = []
    skip_next = False
    for i, token in enumerate(tokens):
        if skip_next:
            skip_next = False
            continue
        pair = f"{token} {tokens[i + 1]}" if i + 1 < len(tokens) else ""
        if pair and parse_bates(pair):
            skip_next = True
        elif not parse_bates(token):
            kept.append(token)
    return kept


def render_page(page: Any, dpi: int) -> Image:
    """Render a page to a grayscale image for OCR."""
    image: Image = page.to_image(resolution=dpi).original
    return image.convert("L")
