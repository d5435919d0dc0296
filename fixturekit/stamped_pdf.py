"""The one Bates-stamped PDF renderer: letter pages stamped the way a production is.

A ``StampedPDF`` prints a Bates number on every page (and a legend, if given) from its
``footer``, so the stamp is real, extractable text, numbered from the document's first
page. Where a stamp goes is a ``Layout``: the places (``Spot``) in drawing order, in the
PDF's units. Three callers, three layouts:

- ``EVAL_LAYOUT`` (mm): the eval productions, a bold number bottom right;
- the sample production's legend and number (``scripts/make_sample_production.py``);
- ``fixturekit.pages.TEST_LAYOUT`` (pt): test pages, stamped page by page with
  ``draw_stamps`` because each test page names its own stamps.

Pages listed in ``image_pages`` get neither running head nor stamp: a scan's stamp is
part of its pixels. Creation dates are fixed, so equal inputs give equal bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from fpdf import FPDF

BATES_DIGITS = 7
EVAL_CREATED = datetime(2020, 1, 1)  # fixed, so equal inputs hash equal
EVAL_MARGINS = (20.0, 20.0, 20.0)  # left, top, right (mm)
RUNNING_HEAD_PT = 8.0
# Core PDF fonts are Latin-1: typographic punctuation is printed as plain ASCII.
LATIN_REPLACEMENTS = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u2013": "-",
    "\u2014": "-",
    "\u2022": "-",
    "\u2026": "...",
    "\u00a0": " ",
}


@dataclass(frozen=True)
class Spot:
    """One place a stamp is printed: which stamp, where, in which font and box."""

    kind: str  # "bates", "legend" or "header" (a Bates number stamped at the top)
    x: float
    y: float
    size: float = 9.0
    style: str = "B"
    box: tuple[float, float] | None = None  # (width, height); None: the text's own size
    align: str = "L"


Layout = tuple[Spot, ...]

EVAL_LAYOUT: Layout = (Spot("bates", 140, 266, box=(55, 4), align="R"),)


@dataclass(frozen=True)
class RunningHead:
    """A line of small italics at the top of each page, from page ``from_page`` on."""

    text: str
    y: float
    gray: int = 0
    numbered: bool = False  # "Page N of M" at the right, the text gets the left half
    from_page: int = 1  # 2: a log repeats its title on continuation pages only


def format_bates(prefix: str, number: int, digits: int = BATES_DIGITS) -> str:
    """``format_bates("RIV", 7)`` -> ``RIV0000007``."""
    return f"{prefix}{number:0{digits}d}"


def to_latin(text: str) -> str:
    """Text a core PDF font can print: typographic punctuation as ASCII, the rest Latin-1."""
    plain = "".join(LATIN_REPLACEMENTS.get(ch, ch) for ch in text)
    return plain.encode("latin-1", "replace").decode("latin-1")


class StampedPDF(FPDF):
    """Letter pages; with a ``prefix``, page N is stamped ``prefix`` + (first + N - 1).

    Pagination is explicit (no automatic page breaks) unless a caller turns it on: an
    automatic break would silently shift Bates ranges.
    """

    def __init__(
        self,
        prefix: str | None,
        first: int = 1,
        *,
        digits: int = BATES_DIGITS,
        layout: Layout = EVAL_LAYOUT,
        unit: str = "mm",
        margins: tuple[float, float, float] | None = EVAL_MARGINS,
        created: datetime = EVAL_CREATED,
        legend: str | None = None,
        title: str = "",
        author: str = "",
        image_pages: frozenset[int] = frozenset(),
        running_head: RunningHead | None = None,
    ) -> None:
        super().__init__(unit=unit, format="letter")
        self.prefix = prefix
        self.first = first
        self.digits = digits
        self.layout = layout
        self.legend = legend
        self.image_pages = image_pages
        self.running_head = running_head
        self.set_auto_page_break(auto=False)
        if margins is not None:
            self.set_margins(*margins)
        self.set_creation_date(created)
        if title:
            self.set_title(title)
        if author:
            self.set_author(author)

    def header(self) -> None:
        """Draw the running head (if any), then put the cursor back where it was."""
        head = self.running_head
        if head is None or self.page_no() < head.from_page or self.page_no() in self.image_pages:
            return
        x, y = self.x, self.y
        self.set_font("Helvetica", "I", RUNNING_HEAD_PT)
        self.set_text_color(head.gray)
        self.set_xy(self.l_margin, head.y)
        self.cell(w=self.epw / 2 if head.numbered else 0, h=4, text=head.text)
        if head.numbered:
            self.cell(w=self.epw / 2, h=4, text=f"Page {self.page_no()} of {{nb}}", align="R")
        self.set_text_color(0)
        self.set_xy(x, y)

    def footer(self) -> None:
        """Stamp the page's Bates number and the legend (not on image pages)."""
        if self.prefix is None or self.page_no() in self.image_pages:
            return
        number = self.first + self.page_no() - 1
        self.draw_stamps(bates=format_bates(self.prefix, number, self.digits), legend=self.legend)

    def draw_stamps(
        self, bates: str | None = None, legend: str | None = None, header: str | None = None
    ) -> None:
        """Print the given stamps at their spots of the layout, in the layout's order."""
        texts = {"bates": bates, "legend": legend, "header": header}
        self.set_text_color(0)
        for spot in self.layout:
            text = texts[spot.kind]
            if not text:
                continue
            width, height = spot.box or (None, None)
            self.set_font("Helvetica", spot.style, spot.size)
            self.set_xy(spot.x, spot.y)
            self.cell(w=width, h=height, text=text, align=spot.align)
