"""Thin readers over pdfium: a page's text, stamp-margin words, graphics and rules.

pdfium (through pypdfium2, which pdfplumber itself uses for rendering) reads a page's
text about 50 times faster than pdfplumber's pure-Python layout analysis (measured:
~180 vs ~3 pages/s on a 604-page manual), which is what makes a 600-page manual
ingest in seconds. Pages whose vector drawing looks like a ruled grid (rosters, hour
logs, policy header boxes) go on to ``pdf_tables``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from monell.config import IMAGE_PIXELS
from monell.ingest.bates import BOTTOM_BAND, TOP_BAND, parse_bates
from monell.ingest.budget import check_pixels
from monell.records import Word

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
# pdfium reports a hyphen that ends a line as U+FFFE (U+0002 in bounded text).
_PDFIUM_MARKS = str.maketrans({"\ufffe": "-", "\x02": "-"})
MIN_GRID_RULES = 3  # horizontal and vertical rules a page needs before we look for tables
RULE_THICKNESS = 2.0  # points: thinner than this is a line, not a filled box
_PDFIUM_REASONS = {
    "password": "encrypted PDF: a password is required to open it",
    "security": "encrypted PDF with an unsupported security scheme",
    "data format": "corrupt or damaged PDF (its structure cannot be read)",
    "file": "cannot read file",
}


class PdfProblem(Exception):
    """A PDF that cannot be opened; the message is the user-facing reason."""


class PageUnreadable(PdfProblem):
    """One page of an open PDF that pdfium cannot load (the file is damaged there)."""


@dataclass(frozen=True)
class TextLayer:
    """What a page's own text layer offers, before any OCR."""

    width: float
    height: float
    text: str
    band_words: tuple[Word, ...]  # words in the stamp margins, for Bates and legends
    body_chars: int  # letters and digits outside the margins
    has_graphics: bool  # an image (scan) or vector glyphs that OCR could read
    ruled: bool  # drawn rules that may form a table


@contextmanager
def open_pdf(path: Path) -> Iterator[Any]:
    """Open a PDF with pdfium, turning its errors into plain reasons."""
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(str(path))
    except pypdfium2.PdfiumError as error:
        message = str(error).lower()
        reason = next((r for key, r in _PDFIUM_REASONS.items() if key in message), None)
        raise PdfProblem(reason or f"corrupt or damaged PDF ({error})") from None
    try:
        yield document
    finally:
        document.close()


def readable_pages(document: Any) -> tuple[int, str | None]:
    """How many pages can be read, and a warning when the page tree claims more.

    A damaged or truncated PDF may say it has 100,000 pages and hold two: the readable
    ones (a prefix, found by halving) are kept instead of losing the whole file.
    """
    claimed = len(document)
    if claimed == 0 or _page_loads(document, claimed - 1):
        return claimed, None
    low, high = 0, claimed - 1  # pages [0, low) load; page `high` does not
    while low < high:
        middle = (low + high) // 2
        if _page_loads(document, middle):
            low = middle + 1
        else:
            high = middle
    return low, (
        f"the PDF says it has {claimed:,} pages but only the first {low:,} can be read "
        "(a damaged or truncated file?): those were kept"
    )


def _load_page(document: Any, index: int) -> Any:
    """Page ``index``; a page pdfium cannot load is a ``PageUnreadable`` (the rest of the
    file may still be read)."""
    import pypdfium2

    try:
        return document[index]
    except pypdfium2.PdfiumError:
        raise PageUnreadable(
            f"page {index + 1} cannot be read (the PDF is damaged there)"
        ) from None


def _page_loads(document: Any, index: int) -> bool:
    import pypdfium2

    try:
        document[index].close()
    except pypdfium2.PdfiumError:
        return False
    return True


def read_text_layer(document: Any, index: int) -> TextLayer:
    """Text, stamp-margin words and graphics facts for page ``index`` (0-based)."""
    import pypdfium2.raw as pdfium_c

    page = _load_page(document, index)
    try:
        width, height = page.get_size()
        textpage = page.get_textpage()
        text = clean_text(textpage.get_text_range())
        to_display = display_transform(page.get_cropbox(), page.get_rotation())
        band_words = tuple(_band_words(textpage, width, height, to_display))
        textpage.close()
        images = paths = 0
        horizontal = vertical = 0
        for obj in page.get_objects(max_depth=2):
            if obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE:
                images += 1
            elif obj.type == pdfium_c.FPDF_PAGEOBJ_PATH:
                paths += 1
                left, bottom, right, top = obj.get_bounds()
                wide, tall = right - left, top - bottom
                if wide > 8 and tall > 8:  # a drawn box (a cell): two rules each way
                    horizontal, vertical = horizontal + 2, vertical + 2
                else:
                    horizontal += wide > 20 and tall < RULE_THICKNESS
                    vertical += tall > 8 and wide < RULE_THICKNESS
        band_chars = sum(sum(ch.isalnum() for ch in w.text) for w in band_words)
        return TextLayer(
            width=float(width),
            height=float(height),
            text=text,
            band_words=band_words,
            body_chars=sum(ch.isalnum() for ch in text) - band_chars,
            has_graphics=images > 0 or paths > 200,
            ruled=horizontal >= MIN_GRID_RULES and vertical >= MIN_GRID_RULES - 1,
        )
    finally:
        page.close()


def clean_text(text: str) -> str:
    """pdfium's text as the page shows it: its line-end hyphen marks become hyphens again."""
    return text.replace("\r\n", "\n").translate(_PDFIUM_MARKS).strip()


Transform = Callable[[float, float], tuple[float, float]]


def display_transform(box: tuple[float, float, float, float], rotation: int) -> Transform:
    """Page coordinates (pdfium's: from the box's bottom-left, before /Rotate) → the page as
    shown, in points from its top-left. A page box need not start at 0,0, and a landscape
    page may be a portrait page turned by /Rotate: its stamp is still at the shown bottom."""
    left0, bottom0, right0, top0 = box
    wide, tall = right0 - left0, top0 - bottom0
    turn = rotation % 360

    def shown(x: float, y: float) -> tuple[float, float]:
        lx, ly = x - left0, y - bottom0
        if turn == 90:
            return ly, lx
        if turn == 180:
            return wide - lx, ly
        if turn == 270:
            return tall - ly, wide - lx
        return lx, tall - ly

    return shown


def _band_words(
    textpage: Any, width: float, height: float, to_display: Transform
) -> Iterator[Word]:
    """Words in the top and bottom margins, positioned in points from the top-left."""
    for i in range(textpage.count_rects()):
        left, bottom, right, top = textpage.get_rect(i)
        corners = (to_display(left, bottom), to_display(right, top))
        x_left, x_right = sorted(c[0] for c in corners)
        y_top, y_bottom = sorted(c[1] for c in corners)
        if not (y_bottom <= height * TOP_BAND or y_top >= height * (1 - BOTTOM_BAND)):
            continue
        segment = textpage.get_text_bounded(left, bottom, right, top)
        yield from _split_segment(segment, x_left, x_right, y_top, y_bottom)


def _split_segment(
    segment: str, left: float, right: float, top: float, bottom: float
) -> Iterator[Word]:
    """One text run into words, spreading x positions in proportion to characters."""
    if not segment.strip():
        return
    per_char = (right - left) / max(len(segment), 1)
    for match in re.finditer(r"\S+", segment):
        x0 = left + match.start() * per_char
        yield Word(match.group(), x0, top, x0 + len(match.group()) * per_char, bottom)


def find_legend(words: tuple[Word, ...] | list[Word], height: float) -> str | None:
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


def render_page(document: Any, index: int, dpi: int, max_pixels: int = IMAGE_PIXELS) -> Image:
    """Render a page to a grayscale image for OCR.

    Raises:
        OverBudget: the page at ``dpi`` would be more than ``max_pixels`` pixels (a page
            200 inches tall is 153 megapixels at 300 dpi).
    """
    page = document[index]
    try:
        width, height = page.get_size()
        check_pixels(
            round(width * dpi / 72),
            round(height * dpi / 72),
            max_pixels,
            f"on page {index + 1} (rendered at {dpi} dpi to read it)",
        )
        image: Image = page.render(scale=dpi / 72, grayscale=True).to_pil()
        return image.convert("L")
    finally:
        page.close()
