"""Turn the sample's second volume into a load-file volume, the way vendors deliver one.

Used by ``make_sample_production.py``; the volume is written by fixturekit's
load-file writer (``fixturekit.loadfile``). From the staged VOL002 PDFs it writes::

    VOL002/DATA/VOL002.dat    Concordance DAT (0x14 / 0xFE, UTF-8 with BOM)
    VOL002/DATA/VOL002.opt    Opticon page list
    VOL002/IMAGES/001/<Bates>.tif   one Group 4 TIFF per page (300 DPI)
    VOL002/TEXT/001/<begin>.txt     extracted text, pages separated by form feeds
    VOL002/NATIVES/001/<begin>.xlsx|.pdf

Documents: the IA complaint file (text + images), the 2020 use-of-force report
(images only: monell OCRs them), a native in-service roster spreadsheet with a
one-page slip sheet (placeholder Bates), and a re-produced native copy of the
use-of-force policy (the same content as VOL001's, so it is deduplicated).
Everything is fictional; the roster's rows are in
fixturekit/data/sample_production/in_service_roster.yaml.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pypdfium2
from openpyxl import Workbook
from PIL import Image, ImageDraw

from fixturekit.datafiles import read_yaml
from fixturekit.fonts import load_font
from fixturekit.loadfile import VolumeDoc, write_volume

COLUMNS = (
    "BEGBATES", "ENDBATES", "PAGECOUNT", "CUSTODIAN", "FILENAME", "DOCDATE",
    "CONFIDENTIALITY", "TEXTPATH", "NATIVEPATH",
)  # fmt: skip
DPI = 300
DAT_ENCODING = "utf-8-sig"  # UTF-8 with a byte-order mark, as many vendors write it
FIXED_TIME = datetime(2022, 5, 2, 14, 0, 0)
ROSTER_NAME = "In-Service Roster 2020-2021.xlsx"


@dataclass(frozen=True)
class StagedPdf:
    """A staged VOL002 PDF with its first Bates number and what the volume carries for it."""

    path: Path
    first: int
    custodian: str
    doc_date: str
    with_text: bool  # False: images only, monell must OCR them


def write_load_file_volume(
    vol_dir: Path,
    staged: Sequence[StagedPdf],
    reproduced: tuple[Path, int, int],
    roster_bates: int,
    format_bates: Callable[[int], str],
) -> list[str]:
    """Write the volume; returns one line per document for the script's summary."""
    docs: list[VolumeDoc] = []
    lines: list[str] = []
    for doc in staged:
        pages = _pdf_pages(doc.path)
        begin, end = format_bates(doc.first), format_bates(doc.first + len(pages) - 1)
        fields = {"FILENAME": doc.path.name, "DOCDATE": doc.doc_date}
        docs.append(
            VolumeDoc(
                begin,
                text_pages=[text for text, _ in pages] if doc.with_text else None,
                images=[image for _, image in pages],
                custodian=doc.custodian,
                fields={**fields, "CONFIDENTIALITY": "CONFIDENTIAL"},
            )
        )
        read = "text + images" if doc.with_text else "images"
        lines.append(f"  {begin}-{end} {doc.path.name} ({read})")
    key = format_bates(roster_bates)
    docs.append(
        VolumeDoc(
            key,
            images=[_slip_sheet(key, ROSTER_NAME)],
            native=(ROSTER_NAME, _roster_workbook()),
            custodian="Training Unit",
            fields={"DOCDATE": "2021-10-01"},
        )
    )
    lines.append(f"  {key} {ROSTER_NAME} (native spreadsheet, slip sheet)")
    path, first, last = reproduced
    begin, end = format_bates(first), format_bates(last)
    docs.append(
        VolumeDoc(
            begin,
            page_count=last - first + 1,
            native=(path.name, path.read_bytes()),
            custodian="Policy Unit",
        )
    )
    lines.append(f"  {begin}-{end} {path.name} (native PDF, re-produced)")
    write_volume(vol_dir, docs, encoding=DAT_ENCODING, columns=COLUMNS, dpi=DPI)
    return lines


def _pdf_pages(path: Path) -> list[tuple[str, Image.Image]]:
    """Each page's text layer and a bilevel 300-DPI image of it."""
    document = pypdfium2.PdfDocument(str(path))
    try:
        pages = []
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            text = textpage.get_text_range()
            image = page.render(scale=DPI / 72, grayscale=True).to_pil().convert("1")
            textpage.close()
            page.close()
            pages.append((text.replace("\r\n", "\n"), image))
        return pages
    finally:
        document.close()


def _roster_workbook() -> bytes:
    roster = read_yaml("sample_production/in_service_roster")
    book = Workbook()
    sheet = book.active
    sheet.title = roster["sheet"]
    sheet.append([roster["heading"]])
    sheet.append([])
    sheet.append(list(roster["columns"]))
    for row in roster["rows"]:
        sheet.append(list(row))
    book.properties.creator = "Training Unit"
    book.properties.created = FIXED_TIME
    book.properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _slip_sheet(key: str, name: str) -> Image.Image:
    """The placeholder page produced in place of a native file."""
    image = Image.new("1", (int(8.5 * DPI), 11 * DPI), 1)
    draw = ImageDraw.Draw(image)
    font = load_font(60)
    draw.text((300, 1200), "DOCUMENT PRODUCED IN NATIVE FORMAT", fill=0, font=font)
    draw.text((300, 1350), name, fill=0, font=font)
    draw.text((2000, 3100), key, fill=0, font=font)
    return image
