"""Test PDFs: Bates-stamped text pages, ruled tables, and image-only scans.

Fixtures are generated in each test's tmp folder, never committed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageDraw

from fixturekit.fonts import load_font
from fixturekit.stamped_pdf import Layout, Spot, StampedPDF

LETTER = (612.0, 792.0)  # points
# Each test page names its own stamps: the number and a legend at the foot, or a
# number at the top; plain 9 pt, in the order they are drawn.
TEST_LAYOUT: Layout = (
    Spot("bates", 470, 760, style=""),
    Spot("legend", 40, 760, style=""),
    Spot("header", 470, 30, style=""),
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
    pdf = StampedPDF(None, layout=TEST_LAYOUT, unit="pt", margins=None)
    for spec in pages:
        pdf.add_page()
        if spec.image_only:
            pdf.image(scan_image(spec), x=0, y=0, w=LETTER[0], h=LETTER[1])
            if spec.digital_stamp:
                pdf.draw_stamps(spec.bates, spec.legend, spec.header_stamp)
            continue
        _draw_text_page(pdf, spec)
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))
    return path


def _draw_text_page(pdf: StampedPDF, spec: PageSpec) -> None:
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
    pdf.draw_stamps(spec.bates, spec.legend, spec.header_stamp)


def scan_image(spec: PageSpec, dpi: int = 200) -> Image.Image:
    """Render the page as a grayscale scan so only OCR can read it."""
    scale = dpi / 72
    image = Image.new("L", (int(LETTER[0] * scale), int(LETTER[1] * scale)), 255)
    draw = ImageDraw.Draw(image)
    body, stamp = load_font(int(12 * scale)), load_font(int(11 * scale))
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
