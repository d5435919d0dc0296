#!/usr/bin/env python3
"""Generate a small, entirely FICTIONAL, Bates-stamped sample discovery production.

Purpose
-------
``make demo`` needs realistic input for the ``monell`` analyzer without shipping
real case material.  This script writes a two-volume "rolling production" from
the invented City of Riverton Police Department (incident date of the invented
case: 2021-06-14).  Every person, badge number, complaint and event in it is made
up; the documents' texts live in fixturekit/data/sample_production/*.yaml, the
layout and the drawing here, the Bates stamping in fixturekit.  The production
deliberately contains the features the analyzer must handle:

* page-level Bates numbers (``RIV0000001`` ...) as real text in the bottom-right
  corner, plus a confidentiality legend in the bottom-left on some documents;
* a Bates gap (RIV0000021-RIV0000023 are withheld) between two VOL001 documents;
* a drawn table (in-service training log) that ``pdfplumber`` can extract;
* an image-only "scanned" page whose Bates stamp exists only as pixels (OCR);
* a byte-identical re-production of an earlier document in VOL002 (dedup);
* VOL002 delivered as a Concordance/Opticon load-file volume with a native roster.

Layout::

    OUT_DIR/VOL001/RIV0000001.pdf  General Order 300 - Use of Force (10 pp.)
    OUT_DIR/VOL001/RIV0000011.pdf  Academy lesson plan, Arrest and Control (8 pp.)
    OUT_DIR/VOL001/RIV0000019.pdf  In-service training hour log (2 pp., table)
                                   [RIV0000021-RIV0000023 withheld]
    OUT_DIR/VOL001/RIV0000024.pdf  Training sign-in sheet (p. 2 image-only)
    OUT_DIR/VOL002/  a load-file volume (see sample_loadfile.py):
        DATA/VOL002.dat, DATA/VOL002.opt, IMAGES/, TEXT/, NATIVES/
        RIV0000026-28  Internal Affairs complaint file (extracted text + images)
        RIV0000029-30  Use of Force report, 2020 (images only: OCR)
        RIV0000031     In-service roster 2020-2021 (native .xlsx, slip sheet)
        RIV0000001-10  native copy of VOL001/RIV0000001.pdf (re-produced)
    OUT_DIR/staging/VOL002/  the PDFs VOL002 was built from (not ingested)

Usage::

    python -m scripts.make_sample_production OUT_DIR

OUT_DIR is created if needed; earlier VOL001/VOL002 output inside it is
replaced.  Output is deterministic (fixed PDF dates, fixed random seed), so the
SHA-256 of every file is stable from run to run on the same fpdf2/Pillow, except
the native roster .xlsx, whose "modified" time openpyxl sets when it saves.
"""

from __future__ import annotations

import argparse
import math
import random
import shutil
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from PIL import Image, ImageDraw, ImageFilter, ImageOps

from fixturekit.datafiles import read_yaml
from fixturekit.fonts import AnyFont, load_font
from fixturekit.stamped_pdf import Layout, RunningHead, Spot, StampedPDF
from fixturekit.stamped_pdf import format_bates as stamp_label
from scripts.sample_loadfile import StagedPdf, write_load_file_volume

# --------------------------------------------------------------------------
# Production-wide settings
# --------------------------------------------------------------------------
BATES_PREFIX = "RIV"
BATES_DIGITS = 7
FIRST_BATES = 1
WITHHELD_FIRST = 21  # RIV0000021-RIV0000023 are withheld (e.g. privilege)
WITHHELD_LAST = 23
LEGEND = "CONFIDENTIAL - SUBJECT TO PROTECTIVE ORDER"
VOL001 = "VOL001"
VOL002 = "VOL002"
REPRODUCED_NAME = "RIV0000001_reproduced.pdf"
AUTHOR = "City of Riverton Police Department"

# Fixed creation dates make the PDFs (and their /ID hashes) byte-reproducible.
VOL001_CREATED = datetime(2022, 3, 15, 9, 30, 0, tzinfo=UTC)
VOL002_CREATED = datetime(2022, 5, 2, 14, 0, 0, tzinfo=UTC)
RANDOM_SEED = 1983  # fixed seed: scan noise and signatures are repeatable

# --------------------------------------------------------------------------
# Page geometry (US Letter, millimetres) and typography
# --------------------------------------------------------------------------
PAGE_W_MM = 215.9
PAGE_H_MM = 279.4
MARGIN_MM = 25.4
TOP_MARGIN_MM = 22.0
CONTENT_BOTTOM_MM = PAGE_H_MM - 20.0  # body text must end above the stamp zone
STAMP_EDGE_MM = 12.7  # Bates stamp / legend sit half an inch from the edges
STAMP_BOX_W_MM = 100.0
BATES_FONT_PT = 9.0
LEGEND_FONT_PT = 8.0
ITEM_INDENT_MM = 5.0
ITEM_MARKER_W_MM = 7.0
TABLE_FONT_PT = 9.0
TABLE_LINE_H_MM = 6.5
ROSTER_COL_WIDTHS = (30, 11, 32, 15, 12)  # relative widths of the log columns

# --------------------------------------------------------------------------
# "Scanned" page rendering (Pillow)
# --------------------------------------------------------------------------
SCAN_DPI = 200
SCAN_SIZE_PX = (int(8.5 * SCAN_DPI), int(11 * SCAN_DPI))
SCAN_ROTATION_DEG = 0.45  # a scanner feed is never perfectly square
SCAN_PAPER_TONE = 247  # off-white; a uniform tone still compresses well
SCAN_INK = 20
SCAN_SPECKLES = 2600  # sparse dust keeps the PNG small (dense noise would not)
SCAN_BLUR_RADIUS = 0.6
SCAN_STAMP_PT = 12.0  # large enough for Tesseract at 300 DPI re-rendering
# Tesseract reads the wide, round zeros of most faces after "RIV" as letter O
# ("RIVO000025").  A bold slab-serif face squeezed horizontally gives narrow
# zeros that it reliably reads as digits (verified across skews and numbers).
SCAN_STAMP_XSCALE = 0.8
SCAN_STAMP_EDGE_IN = 0.5
SCAN_STAMP_FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf",
    "/usr/share/fonts/dejavu/DejaVuSerif-Bold.ttf",
    "/usr/share/fonts/TTF/DejaVuSerif-Bold.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSerif-Bold.ttf",
    "/Library/Fonts/Times New Roman Bold.ttf",
    "C:/Windows/Fonts/timesbd.ttf",
)
SCAN_FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/Library/Fonts/Arial.ttf",
    "C:/Windows/Fonts/arial.ttf",
)
SCAN_BOLD_FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
    "/Library/Fonts/Arial Bold.ttf",
    "C:/Windows/Fonts/arialbd.ttf",
)


# --------------------------------------------------------------------------
# Content model: a document is a list of pages, a page a list of blocks.
# Pagination is explicit (no auto page breaks) so Bates ranges are fixed.
# --------------------------------------------------------------------------
@dataclass(frozen=True)
class BlockStyle:
    """Typography for one kind of text block."""

    family: str
    emphasis: str
    size_pt: float
    line_h_mm: float
    align: str
    space_after_mm: float


STYLES: dict[str, BlockStyle] = {
    "title": BlockStyle("Helvetica", "B", 13, 6.5, "C", 0.5),
    "subtitle": BlockStyle("Helvetica", "B", 11, 5.5, "C", 3.0),
    "heading": BlockStyle("Helvetica", "B", 10.5, 5.5, "L", 1.5),
    "subheading": BlockStyle("Helvetica", "BI", 10, 5.0, "L", 1.0),
    "para": BlockStyle("Times", "", 11, 5.0, "J", 2.5),
    "item": BlockStyle("Times", "", 11, 5.0, "L", 1.2),
    "field": BlockStyle("Times", "", 11, 5.5, "L", 0.6),
    "note": BlockStyle("Times", "I", 10, 4.6, "L", 2.0),
    "gap": BlockStyle("Times", "", 11, 4.0, "L", 0.0),
}

Block = tuple[str, str]
Page = list[Block]


def T(text: str) -> Block:
    """Centered document title."""
    return ("title", text)


def ST(text: str) -> Block:
    """Centered subtitle."""
    return ("subtitle", text)


def H(text: str) -> Block:
    """Numbered section heading."""
    return ("heading", text)


def SH(text: str) -> Block:
    """Sub-section heading."""
    return ("subheading", text)


def P(text: str) -> Block:
    """Justified prose paragraph."""
    return ("para", text)


def LI(text: str, marker: str = "-") -> Block:
    """List item; ``marker`` is printed in a hanging indent."""
    return ("item", f"{marker}\t{text}")


def F(label: str, value: str) -> Block:
    """Form field rendered as a bold label followed by its value."""
    return ("field", f"{label}\t{value}")


def N(text: str) -> Block:
    """Italic note."""
    return ("note", text)


GAP: Block = ("gap", "")


# --------------------------------------------------------------------------
# Document texts: fixturekit/data/sample_production/*.yaml (all fictional).
# A page there is a list of blocks, each a one-key mapping named after its
# style ({para: ...}); an item may carry a marker, a field its value.
# --------------------------------------------------------------------------
SAMPLE_DATA = "sample_production"
ROSTER_ROWS_PER_PAGE = 15
SIGNIN_ROWS = 14  # printed rows on the sheet; the rest stay blank


def read_document(name: str) -> dict[str, Any]:
    """One document's texts, e.g. ``policy`` -> fixturekit/data/sample_production/policy.yaml."""
    document: dict[str, Any] = read_yaml(f"{SAMPLE_DATA}/{name}")
    return document


def read_block(entry: str | dict[str, str]) -> Block:
    """One block as the YAML writes it: ``gap``, ``{para: text}``, ``{field: label, value: v}``."""
    if isinstance(entry, str):
        if entry != "gap":
            raise ValueError(f"unknown block {entry!r}")
        return GAP
    kind, text = next(iter(entry.items()))
    if kind not in STYLES:
        raise ValueError(f"unknown block style {kind!r}")
    if kind == "item":
        return LI(text, entry.get("marker", "-"))
    if kind == "field":
        return F(text, entry["value"])
    return (kind, text)


def read_pages(document: dict[str, Any]) -> list[Page]:
    """The document's pages of blocks."""
    return [[read_block(entry) for entry in page] for page in document["pages"]]


# --------------------------------------------------------------------------
# PDF construction
# --------------------------------------------------------------------------
# The sample's stamps, drawn by fixturekit's StampedPDF from each text page's
# footer: the legend bottom left (when the document has one), then the Bates
# number bottom right, half an inch from the edges.
STAMP_Y_MM = PAGE_H_MM - STAMP_EDGE_MM - 4.0
SAMPLE_LAYOUT: Layout = (
    Spot("legend", STAMP_EDGE_MM, STAMP_Y_MM, size=LEGEND_FONT_PT, box=(STAMP_BOX_W_MM, 4)),
    Spot("bates", PAGE_W_MM - STAMP_EDGE_MM - STAMP_BOX_W_MM, STAMP_Y_MM, size=BATES_FONT_PT,
         box=(STAMP_BOX_W_MM, 4), align="R"),
)
RUNNING_HEADER_Y_MM = 10.0
RUNNING_HEADER_GRAY = 90


def format_bates(number: int) -> str:
    """Return the Bates label for ``number``, e.g. 7 -> ``RIV0000007``."""
    return stamp_label(BATES_PREFIX, number, BATES_DIGITS)


def new_pdf(first_bates: int, created: datetime, *, title: str, legend: bool,
            running_header: str = "", image_pages: frozenset[int] = frozenset()) -> StampedPDF:
    """A US Letter PDF that stamps each text page with its Bates number.

    Pages listed in ``image_pages`` get neither running header nor stamp: they
    must carry no text layer at all, because their stamp is part of the scan.
    """
    head = None
    if running_header:
        # The running header carries the document's internal page count.
        head = RunningHead(running_header, y=RUNNING_HEADER_Y_MM, gray=RUNNING_HEADER_GRAY,
                           numbered=True)
    return StampedPDF(BATES_PREFIX, first_bates, digits=BATES_DIGITS, layout=SAMPLE_LAYOUT,
                      margins=(MARGIN_MM, TOP_MARGIN_MM, MARGIN_MM), created=created,
                      legend=LEGEND if legend else None, title=title, author=AUTHOR,
                      image_pages=image_pages, running_head=head)


def render_labelled(pdf: FPDF, style: BlockStyle, kind: str, text: str) -> None:
    """Render an ``item`` (hanging marker) or ``field`` (bold label) block."""
    label, body = text.split("\t", 1)
    if kind == "item":
        pdf.set_x(MARGIN_MM + ITEM_INDENT_MM)
        pdf.cell(w=ITEM_MARKER_W_MM, h=style.line_h_mm, text=label)
        indent = ITEM_INDENT_MM + ITEM_MARKER_W_MM
        pdf.multi_cell(w=pdf.epw - indent, h=style.line_h_mm, text=body, align="J",
                       new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        return
    pdf.set_font(style.family, "B", style.size_pt)
    label_w = pdf.get_string_width(label) + 2.0
    pdf.cell(w=label_w, h=style.line_h_mm, text=label)
    pdf.set_font(style.family, style.emphasis, style.size_pt)
    pdf.multi_cell(w=pdf.epw - label_w, h=style.line_h_mm, text=body, align="L",
                   new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def render_block(pdf: FPDF, block: Block) -> None:
    """Render one content block at the current position."""
    kind, text = block
    style = STYLES[kind]
    pdf.set_font(style.family, style.emphasis, style.size_pt)
    if kind in ("item", "field"):
        render_labelled(pdf, style, kind, text)
    elif kind == "gap":
        pdf.ln(style.line_h_mm)
    else:
        pdf.multi_cell(w=0, h=style.line_h_mm, text=text, align=style.align,
                       new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(style.space_after_mm)


def add_text_page(pdf: FPDF, blocks: Page) -> None:
    """Add one page of blocks; fail loudly if the text would collide with the stamp."""
    pdf.add_page()
    pdf.set_xy(MARGIN_MM, TOP_MARGIN_MM)
    for block in blocks:
        render_block(pdf, block)
    if pdf.get_y() > CONTENT_BOTTOM_MM:
        raise RuntimeError(f"content overflows page {pdf.page_no()} ({pdf.get_y():.1f} mm)")


def build_text_document(first_bates: int, created: datetime, *, title: str,
                        pages: Sequence[Page], legend: bool, running_header: str = "") -> FPDF:
    """Build a document whose pages are all plain text blocks."""
    pdf = new_pdf(first_bates, created, title=title, legend=legend,
                  running_header=running_header)
    for page in pages:
        add_text_page(pdf, page)
    return pdf


def build_block_document(name: str, first_bates: int, created: datetime) -> FPDF:
    """A document of text pages as its YAML gives them (title, legend, header, pages)."""
    document = read_document(name)
    return build_text_document(first_bates, created, title=document["title"],
                               pages=read_pages(document), legend=document["legend"],
                               running_header=document.get("running_header", ""))


def build_policy(first_bates: int, created: datetime) -> FPDF:
    """Document 1: General Order 300 (with confidentiality legend)."""
    return build_block_document("policy", first_bates, created)


def build_lesson_plan(first_bates: int, created: datetime) -> FPDF:
    """Document 2: academy lesson plan (no legend)."""
    return build_block_document("lesson_plan", first_bates, created)


def roster_rows(log: dict[str, Any]) -> list[tuple[str, str, str, str, str]]:
    """Expand sessions x officers into log rows, in date order.

    Attendance is a fixed pattern (not random) so every run yields the same log.
    """
    rows: list[tuple[str, str, str, str, str]] = []
    for s_index, (course, date, hours) in enumerate(log["sessions"]):
        for o_index, (name, badge) in enumerate(log["officers"]):
            if (o_index + s_index) % 2 == 0:  # each officer attends every other session
                rows.append((name, badge, course, date, hours))
    return rows


def add_roster_page(pdf: FPDF, headings: Sequence[str], rows: Sequence[tuple[str, ...]],
                    page_label: str) -> None:
    """Add one log page holding a fully bordered table (found by extract_tables)."""
    pdf.add_page()
    pdf.set_xy(MARGIN_MM, TOP_MARGIN_MM)
    render_block(pdf, T("RIVERTON POLICE DEPARTMENT - TRAINING DIVISION"))
    render_block(pdf, ST(f"In-Service Training Hour Log, 2019 - 2021 ({page_label})"))
    pdf.set_font("Helvetica", "", TABLE_FONT_PT)
    with pdf.table(col_widths=ROSTER_COL_WIDTHS, line_height=TABLE_LINE_H_MM,
                   text_align="LEFT", first_row_as_headings=True) as table:
        table.row(headings)
        for row in rows:
            table.row(row)
    pdf.ln(3.0)
    if pdf.get_y() > CONTENT_BOTTOM_MM:
        raise RuntimeError(f"roster table overflows page {pdf.page_no()}")


def build_roster(first_bates: int, created: datetime) -> FPDF:
    """Document 3: two-page training hour log with real drawn tables."""
    log = read_document("training_log")
    pdf = new_pdf(first_bates, created, title=log["title"], legend=False)
    rows = roster_rows(log)
    page_count = math.ceil(len(rows) / ROSTER_ROWS_PER_PAGE)
    for page in range(page_count):
        chunk = rows[page * ROSTER_ROWS_PER_PAGE:(page + 1) * ROSTER_ROWS_PER_PAGE]
        add_roster_page(pdf, log["headings"], chunk, f"page {page + 1} of {page_count}")
    total = sum(float(row[4]) for row in rows)
    render_block(pdf, N(f"Total in-service hours logged: {total:.1f}. "
                        "Source: Training Division records system."))
    return pdf


# --------------------------------------------------------------------------
# Scanned (image-only) page
# --------------------------------------------------------------------------
def scan_px(inches: float) -> int:
    """Convert inches to pixels at the scan resolution."""
    return round(inches * SCAN_DPI)


def load_scan_font(size_pt: float, bold: bool = False,
                   candidates: Sequence[str] | None = None) -> AnyFont:
    """Load a TrueType font sized in points at the scan DPI, with a built-in fallback."""
    if candidates is None:
        candidates = SCAN_BOLD_FONT_CANDIDATES if bold else SCAN_FONT_CANDIDATES
    return load_font(round(size_pt * SCAN_DPI / 72), candidates)


def draw_scan_header(draw: ImageDraw.ImageDraw, scan: dict[str, Any]) -> int:
    """Draw the sheet title block; return the y pixel where the table starts."""
    title = load_scan_font(14, bold=True)
    body = load_scan_font(11)
    width = SCAN_SIZE_PX[0]
    for index, line in enumerate(scan["titles"]):
        draw.text((width // 2, scan_px(0.8 + 0.3 * index)), line, font=title, fill=SCAN_INK,
                  anchor="mt")
    for index, line in enumerate(scan["lines"]):
        draw.text((scan_px(1.0), scan_px(1.6 + 0.28 * index)), line, font=body, fill=SCAN_INK)
    return scan_px(2.4)


def draw_signature(draw: ImageDraw.ImageDraw, rng: random.Random,
                   box: tuple[int, int, int, int]) -> None:
    """Scribble a pen-like signature inside ``box`` (left, top, right, bottom).

    Two beating sine waves under a random envelope, plus a slight baseline
    slope, look far more hand-written than a single regular wave.
    """
    left, top, right, bottom = box
    mid, half_h = (top + bottom) / 2, (bottom - top) * 0.32
    span = int((right - left - 20) * rng.uniform(0.55, 0.95))
    f1, f2 = rng.uniform(0.09, 0.16), rng.uniform(0.025, 0.05)
    p1, p2 = rng.uniform(0, math.tau), rng.uniform(0, math.tau)
    slope = rng.uniform(-0.08, 0.04)
    points = []
    for x in range(0, span, 3):
        envelope = 0.55 + 0.45 * math.sin(math.pi * x / span)
        wave = 0.7 * math.sin(p1 + f1 * x) + 0.3 * math.sin(p2 + f2 * x)
        points.append((left + 10 + x, mid + slope * x + half_h * envelope * wave))
    draw.line(points, fill=SCAN_INK + 25, width=3, joint="curve")
    # A trailing flourish under the name, as many signers add.
    tail_y = mid + half_h * 0.9
    draw.line([(left + 10 + span * 0.3, tail_y), (left + 10 + span * 0.9, tail_y - half_h * 0.4)],
              fill=SCAN_INK + 25, width=2)


def draw_scan_table(draw: ImageDraw.ImageDraw, rng: random.Random, top: int,
                    sheet: dict[str, Any]) -> int:
    """Draw the attendance grid with printed names and signatures; return its bottom y."""
    font = load_scan_font(10.5)
    cols = [scan_px(x) for x in (0.75, 1.15, 3.35, 4.15, 6.15, 6.95, 7.75)]
    headings, attendees = sheet["scan"]["headings"], sheet["attendees"]
    row_h = scan_px(0.42)
    bottom = top + row_h * (SIGNIN_ROWS + 1)
    for y in range(top, bottom + 1, row_h):
        draw.line([(cols[0], y), (cols[-1], y)], fill=SCAN_INK, width=2)
    for x in cols:
        draw.line([(x, top), (x, bottom)], fill=SCAN_INK, width=2)
    for col, heading in enumerate(headings):
        draw.text((cols[col] + 10, top + row_h // 2), heading, font=font, fill=SCAN_INK,
                  anchor="lm")
    for index in range(SIGNIN_ROWS):
        y_mid = top + row_h * (index + 1) + row_h // 2
        draw.text((cols[0] + 10, y_mid), str(index + 1), font=font, fill=SCAN_INK, anchor="lm")
        if index >= len(attendees):
            continue
        name, badge, time_in, time_out = attendees[index]
        for col, value in ((1, name), (2, badge), (4, time_in), (5, time_out)):
            draw.text((cols[col] + 10, y_mid), value, font=font, fill=SCAN_INK, anchor="lm")
        draw_signature(draw, rng, (cols[3], y_mid - row_h // 2, cols[4], y_mid + row_h // 2))
    return bottom


def draw_scan_footer(draw: ImageDraw.ImageDraw, rng: random.Random, top: int,
                     scan: dict[str, Any]) -> None:
    """Draw the instructor certification and the sheet's page number."""
    body = load_scan_font(11)
    left = scan_px(1.0)
    draw.text((left, top + scan_px(0.5)), scan["certification"], font=body, fill=SCAN_INK)
    sign_x, line_y = left + scan_px(2.0), top + scan_px(0.8)
    sign_box = (sign_x, top + scan_px(0.35), left + scan_px(4.2), top + scan_px(0.85))
    draw_signature(draw, rng, sign_box)
    draw.line([(sign_x, line_y), (left + scan_px(4.6), line_y)], fill=SCAN_INK, width=2)
    draw.text((sign_x, top + scan_px(0.9)), scan["instructor"], font=body, fill=SCAN_INK)
    draw.text((SCAN_SIZE_PX[0] // 2, scan_px(10.1)), "Page 2 of 2", font=body, fill=SCAN_INK,
              anchor="mt")


def burn_bates_stamp(image: Image.Image, bates: str) -> None:
    """Burn the Bates number into the bottom-right corner of the page image.

    Production vendors endorse scanned images digitally after scanning, so the
    stamp is crisp and square even though the page content is skewed.  It is
    pixels only: the PDF page carries no text layer at all.
    """
    font = load_scan_font(SCAN_STAMP_PT, candidates=SCAN_STAMP_FONT_CANDIDATES)
    size_px = round(SCAN_STAMP_PT * SCAN_DPI / 72)
    width = round(font.getlength(bates)) + 8
    label = Image.new("L", (width, round(size_px * 1.4)), 255)
    ImageDraw.Draw(label).text((4, round(size_px * 1.1)), bates, font=font, fill=0, anchor="ls")
    label = label.resize((round(width * SCAN_STAMP_XSCALE), label.height), Image.Resampling.LANCZOS)
    x = image.width - scan_px(SCAN_STAMP_EDGE_IN) - label.width
    y = image.height - scan_px(SCAN_STAMP_EDGE_IN) - label.height
    image.paste(0, (x, y, x + label.width, y + label.height), ImageOps.invert(label))


def degrade_scan(image: Image.Image, rng: random.Random) -> Image.Image:
    """Make a clean rendering look scanned: skew, paper tone, dust, softness."""
    skewed = image.rotate(SCAN_ROTATION_DEG, resample=Image.Resampling.BICUBIC,
                          fillcolor=SCAN_PAPER_TONE)
    draw = ImageDraw.Draw(skewed)
    width, height = skewed.size
    for _ in range(SCAN_SPECKLES):
        x, y = rng.randrange(width), rng.randrange(height)
        radius = rng.choice((0, 0, 0, 1))
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=rng.randrange(90, 200))
    return skewed.filter(ImageFilter.GaussianBlur(SCAN_BLUR_RADIUS))


def render_signin_scan(bates: str, sheet: dict[str, Any]) -> Image.Image:
    """Render page 2 of the sign-in sheet as a grayscale 'scan' carrying its own stamp."""
    rng = random.Random(RANDOM_SEED)
    image = Image.new("L", SCAN_SIZE_PX, color=SCAN_PAPER_TONE)
    draw = ImageDraw.Draw(image)
    table_top = draw_scan_header(draw, sheet["scan"])
    table_bottom = draw_scan_table(draw, rng, table_top, sheet)
    draw_scan_footer(draw, rng, table_bottom, sheet["scan"])
    scanned = degrade_scan(image, rng)
    burn_bates_stamp(scanned, bates)
    return scanned


def build_signin(first_bates: int, created: datetime) -> FPDF:
    """Document 4: sign-in sheet; page 2 is an image with no text layer."""
    sheet = read_document("signin")
    pdf = new_pdf(first_bates, created, title=sheet["title"], legend=False,
                  image_pages=frozenset({2}))
    add_text_page(pdf, read_pages(sheet)[0])
    pdf.add_page()
    scan = render_signin_scan(format_bates(first_bates + 1), sheet)
    pdf.image(scan, x=0, y=0, w=PAGE_W_MM, h=PAGE_H_MM)
    return pdf


# --------------------------------------------------------------------------
# VOL002 documents
# --------------------------------------------------------------------------
def ia_complaint_page(complaint: dict[str, str], approved: str) -> Page:
    """Lay out one Internal Affairs complaint summary as a page of blocks."""
    return [
        T("RIVERTON POLICE DEPARTMENT"),
        ST("OFFICE OF PROFESSIONAL STANDARDS - INTERNAL AFFAIRS"),
        H(f"COMPLAINT SUMMARY - {complaint['number']}"),
        F("IA Number:", complaint["number"]),
        F("Date Received:", complaint["received"]),
        F("Date of Incident:", complaint["incident"]),
        F("Complainant:", complaint["complainant"]),
        F("Accused Officer:", complaint["accused"]),
        F("Allegation:", complaint["allegation"]),
        F("Assigned Investigator:", complaint["investigator"]),
        GAP,
        H("ALLEGATION NARRATIVE"),
        P(complaint["narrative"]),
        H("SUMMARY OF INVESTIGATION"),
        P(complaint["investigation"]),
        H("FINDING AND DISPOSITION"),
        F("Finding:", complaint["finding"]),
        F("Disposition Date:", complaint["disposition_date"]),
        F("Corrective Action:", complaint["action"]),
        F("Approved:", approved),
    ]


def build_ia_file(first_bates: int, created: datetime) -> FPDF:
    """Document 5: three IA complaints, one per page (with legend)."""
    ia_file = read_document("ia_file")
    approved = ia_file["approved"]
    pages = [ia_complaint_page(complaint, approved) for complaint in ia_file["complaints"]]
    return build_text_document(first_bates, created, title=ia_file["title"], pages=pages,
                               legend=True)


def build_uof_report(first_bates: int, created: datetime) -> FPDF:
    """Document 6: 2020 Use of Force report (no legend)."""
    return build_block_document("uof_report", first_bates, created)


# --------------------------------------------------------------------------
# Volume assembly
# --------------------------------------------------------------------------
Builder = Callable[[int, datetime], FPDF]


@dataclass(frozen=True)
class ProducedFile:
    """One file written to a volume, with its inclusive Bates range."""

    name: str
    first: int
    last: int


# (builder, withheld range follows this document?)
VOL001_PLAN: tuple[tuple[Builder, bool], ...] = (
    (build_policy, False),
    (build_lesson_plan, False),
    (build_roster, True),
    (build_signin, False),
)
VOL002_PLAN: tuple[tuple[Builder, bool], ...] = (
    (build_ia_file, False),
    (build_uof_report, False),
)


def write_documents(vol_dir: Path, plan: Sequence[tuple[Builder, bool]], first_bates: int,
                    created: datetime) -> list[ProducedFile]:
    """Build and save each planned document, numbering pages continuously."""
    produced: list[ProducedFile] = []
    next_bates = first_bates
    for build, withheld_after in plan:
        pdf = build(next_bates, created)
        name = f"{format_bates(next_bates)}.pdf"
        pdf.output(str(vol_dir / name))
        produced.append(ProducedFile(name, next_bates, next_bates + pdf.pages_count - 1))
        next_bates += pdf.pages_count
        if withheld_after:
            # Guard: the documented gap must land exactly where promised.
            if next_bates != WITHHELD_FIRST:
                raise RuntimeError(
                    f"withheld gap would start at {next_bates}, not {WITHHELD_FIRST}")
            next_bates = WITHHELD_LAST + 1
    return produced


def fresh_volume_dir(out_dir: Path, volume: str) -> Path:
    """Create an empty volume directory, replacing earlier output of this script."""
    vol_dir = out_dir / volume
    if vol_dir.exists():
        shutil.rmtree(vol_dir)
    vol_dir.mkdir(parents=True)
    return vol_dir


def describe_volume(volume: str, files: Sequence[ProducedFile]) -> str:
    """Summarize a volume in one line: file count and Bates range."""
    first = min(item.first for item in files)
    last = max(item.last for item in files)
    return f"{volume}: {len(files)} files, {format_bates(first)}-{format_bates(last)}"


def make_production(out_dir: Path) -> list[str]:
    """Write both volumes under ``out_dir``; return one summary line per volume.

    VOL001 is loose PDFs. VOL002 arrives as a load-file volume (DAT + OPT + page
    images + extracted text + natives, see sample_loadfile.py), built from PDFs
    staged under ``OUT_DIR/staging/VOL002`` (kept for reference, never ingested).
    """
    vol1 = fresh_volume_dir(out_dir, VOL001)
    files1 = write_documents(vol1, VOL001_PLAN, FIRST_BATES, VOL001_CREATED)
    staging = fresh_volume_dir(out_dir / "staging", VOL002)
    files2 = write_documents(staging, VOL002_PLAN, files1[-1].last + 1, VOL002_CREATED)
    vol2 = fresh_volume_dir(out_dir, VOL002)
    # Real rolling productions re-produce documents verbatim; the copy keeps
    # its original Bates numbers, so it is excluded from VOL002's new range.
    policy = files1[0]
    staged = [
        StagedPdf(staging / files2[0].name, files2[0].first, "Internal Affairs", "2020-12-01",
                  True),
        StagedPdf(staging / files2[1].name, files2[1].first, "Professional Standards",
                  "2020-08-14", False),
    ]
    roster = files2[-1].last + 1
    reproduced = (vol1 / policy.name, policy.first, policy.last)
    documents = write_load_file_volume(vol2, staged, reproduced, roster, format_bates)
    gap = f"{format_bates(WITHHELD_FIRST)}-{format_bates(WITHHELD_LAST)}"
    line1 = f"{describe_volume(VOL001, files1)} (withheld: {gap})"
    line2 = (f"{VOL002}: load-file volume (DATA/{VOL002}.dat + .opt), {len(documents)} documents, "
             f"{format_bates(files2[0].first)}-{format_bates(roster)}:\n" + "\n".join(documents))
    return [line1, line2]


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(
        description="Generate a fictional, Bates-stamped sample discovery production "
                    "(two volumes).")
    parser.add_argument("out_dir", type=Path, metavar="OUT_DIR",
                        help="directory to write VOL001/ and VOL002/ into (created if needed)")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """CLI entry point."""
    args = parse_args(argv)
    out_dir: Path = args.out_dir
    out_dir.mkdir(parents=True, exist_ok=True)
    for line in make_production(out_dir):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
