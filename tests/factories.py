"""Builders for test PDFs: Bates-stamped text pages, ruled tables, and image-only scans.

Fixtures are generated in each test's tmp folder, never committed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFont

LETTER = (612.0, 792.0)  # points
FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
)


@dataclass(frozen=True)
class PageSpec:
    """One page to generate."""

    lines: tuple[str, ...] = ("General Order 300 sets the rules for the use of force by officers.",)
    bates: str | None = None  # stamped bottom-right
    legend: str | None = None  # stamped bottom-left
    table: tuple[tuple[str, ...], ...] = ()  # ruled table rows, header first
    image_only: bool = False  # a scan: everything (stamp included) is pixels
    digital_stamp: bool = False  # with image_only: Bates and legend as text over the scan
    header_stamp: str | None = None  # a Bates number stamped at the top instead
    body_numbers: tuple[str, ...] = field(default=())  # tokens placed mid-page (must not be Bates)


def build_pdf(path: Path, pages: list[PageSpec]) -> Path:
    """Write a PDF with one page per spec and return its path."""
    pdf = FPDF(unit="pt", format="letter")
    pdf.set_creation_date(datetime(2020, 1, 1))  # fixed, so equal inputs hash equal
    pdf.set_auto_page_break(False)
    for spec in pages:
        pdf.add_page()
        if spec.image_only:
            pdf.image(_scan_image(spec), x=0, y=0, w=LETTER[0], h=LETTER[1])
            if spec.digital_stamp:
                _draw_stamps(pdf, spec)
            continue
        _draw_text_page(pdf, spec)
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))
    return path


def _draw_text_page(pdf: FPDF, spec: PageSpec) -> None:
    pdf.set_font("helvetica", size=11)
    y = 90.0
    for line in spec.lines + spec.body_numbers:
        pdf.set_xy(72, y)
        pdf.cell(text=line)
        y += 16
    if spec.table:
        pdf.set_xy(72, y + 10)
        with pdf.table(width=460, text_align="LEFT") as table:
            for row in spec.table:
                cells = table.row()
                for value in row:
                    cells.cell(value)
    _draw_stamps(pdf, spec)


def _draw_stamps(pdf: FPDF, spec: PageSpec) -> None:
    pdf.set_font("helvetica", size=9)
    if spec.bates:
        pdf.set_xy(470, 760)
        pdf.cell(text=spec.bates)
    if spec.legend:
        pdf.set_xy(40, 760)
        pdf.cell(text=spec.legend)
    if spec.header_stamp:
        pdf.set_xy(470, 30)
        pdf.cell(text=spec.header_stamp)


def _scan_image(spec: PageSpec, dpi: int = 200) -> Image.Image:
    """Render the page as a grayscale scan so only OCR can read it."""
    scale = dpi / 72
    image = Image.new("L", (int(LETTER[0] * scale), int(LETTER[1] * scale)), 255)
    draw = ImageDraw.Draw(image)
    body, stamp = _font(int(12 * scale)), _font(int(11 * scale))
    y = 90 * scale
    for line in spec.lines:
        draw.text((72 * scale, y), line, fill=0, font=body)
        y += 18 * scale
    if spec.digital_stamp:
        return image
    if spec.bates:
        draw.text((440 * scale, 752 * scale), spec.bates, fill=0, font=stamp)
    if spec.legend:
        draw.text((40 * scale, 752 * scale), spec.legend, fill=0, font=stamp)
    return image


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for candidate in FONT_CANDIDATES:
        if Path(candidate).exists():
            return ImageFont.truetype(candidate, size)
    return ImageFont.load_default(size=size)


def stamped_pages(
    prefix: str, first: int, count: int, width: int = 7, legend: str | None = None, topic: str = ""
) -> list[PageSpec]:
    """``count`` text pages stamped with consecutive Bates numbers."""
    return [
        PageSpec(
            lines=(
                f"Page about {topic or 'use of force'} number {n}.",
                "Officers shall use only the force that is objectively reasonable.",
            ),
            bates=f"{prefix}{n:0{width}d}",
            legend=legend,
        )
        for n in range(first, first + count)
    ]
