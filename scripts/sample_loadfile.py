"""Turn the sample's second volume into a load-file volume, the way vendors deliver one.

Used by ``make_sample_production.py``. From the staged VOL002 PDFs it writes::

    VOL002/DATA/VOL002.dat    Concordance DAT (0x14 / 0xFE, UTF-8 with BOM)
    VOL002/DATA/VOL002.opt    Opticon page list
    VOL002/IMAGES/001/<Bates>.tif   one Group 4 TIFF per page (300 DPI)
    VOL002/TEXT/001/<begin>.txt     extracted text, pages separated by form feeds
    VOL002/NATIVES/001/<begin>.xlsx|.pdf

Documents: the IA complaint file (text + images), the 2020 use-of-force report
(images only: monell OCRs them), a native in-service roster spreadsheet with a
one-page slip sheet (placeholder Bates), and a re-produced native copy of the
use-of-force policy (the same content as VOL001's, so it is deduplicated).
Everything is fictional.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pypdfium2
from openpyxl import Workbook
from PIL import Image, ImageDraw, ImageFont

SEPARATOR, QUALIFIER = "\x14", "\u00fe"
COLUMNS = (
    "BEGBATES", "ENDBATES", "PAGECOUNT", "CUSTODIAN", "FILENAME", "DOCDATE",
    "CONFIDENTIALITY", "TEXTPATH", "NATIVEPATH",
)  # fmt: skip
DPI = 300
SLIP_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
FIXED_TIME = datetime(2022, 5, 2, 14, 0, 0)

# A fictional 2020-2021 in-service roster. Courses on other topics than the
# plaintiff's injury, and one course after the incident date (2021-06-14), which
# monell lists as post-incident evidence and never counts.
ROSTER_HEADER = ("Officer", "Badge", "Course", "Course date", "Hours", "Instructor")
ROSTER_ROWS = (
    ("Pruitt, Dana", "4411", "Firearms Qualification (Handgun)", "2020-03-10", 4, "Sgt. Ruiz"),
    ("Ochoa, Lee", "3802", "Firearms Qualification (Handgun)", "2020-03-10", 4, "Sgt. Ruiz"),
    ("Pruitt, Dana", "4411", "Emergency Vehicle Operations Refresher", "2020-09-22", 8, "Hale"),
    ("Marsh, Terry", "5120", "Crisis Intervention Team (CIT) 40-hour", "2020-11-02", 40, "CIT"),
    ("Ochoa, Lee", "3802", "Report Writing and Body-Worn Camera", "2021-02-17", 2, "Sgt. Ruiz"),
    ("Pruitt, Dana", "4411", "Prone Restraint and Positional Asphyxia", "2021-09-14", 2, "Hale"),
    ("Marsh, Terry", "5120", "Prone Restraint and Positional Asphyxia", "2021-09-14", 2, "Hale"),
)  # fmt: skip


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
    format_bates: object,
) -> list[str]:
    """Write the volume; returns one line per document for the script's summary."""
    fmt = format_bates  # int -> "RIV0000031"
    assert callable(fmt)
    rows: list[tuple[str, ...]] = []
    opt: list[str] = []
    lines: list[str] = []
    for doc in staged:
        pages = _pdf_pages(doc.path)
        keys = [fmt(doc.first + i) for i in range(len(pages))]
        text_path = _write_text(vol_dir, keys[0], [t for t, _ in pages]) if doc.with_text else ""
        opt += _write_images(vol_dir, keys, [image for _, image in pages])
        rows.append(
            (keys[0], keys[-1], str(len(keys)), doc.custodian, doc.path.name, doc.doc_date,
             "CONFIDENTIAL", text_path, "")
        )  # fmt: skip
        read = "text + images" if doc.with_text else "images"
        lines.append(f"  {keys[0]}-{keys[-1]} {doc.path.name} ({read})")
    key = fmt(roster_bates)
    native = _write_native(vol_dir, key, ".xlsx", _roster_workbook())
    opt += _write_images(vol_dir, [key], [_slip_sheet(key, "In-Service Roster 2020-2021.xlsx")])
    rows.append(
        (key, key, "1", "Training Unit", "In-Service Roster 2020-2021.xlsx", "2021-10-01", "",
         "", native)
    )  # fmt: skip
    lines.append(f"  {key} In-Service Roster 2020-2021.xlsx (native spreadsheet, slip sheet)")
    path, first, last = reproduced
    native = _write_native(vol_dir, fmt(first), ".pdf", path.read_bytes())
    rows.append(
        (fmt(first), fmt(last), str(last - first + 1), "Policy Unit", path.name, "", "", "",
         native)
    )  # fmt: skip
    lines.append(f"  {fmt(first)}-{fmt(last)} {path.name} (native PDF, re-produced)")
    data = vol_dir / "DATA"
    data.mkdir(parents=True, exist_ok=True)
    dat = [_dat_row(COLUMNS)] + [_dat_row(row) for row in rows]
    (data / f"{vol_dir.name}.dat").write_bytes(("\r\n".join(dat) + "\r\n").encode("utf-8-sig"))
    (data / f"{vol_dir.name}.opt").write_bytes(("\r\n".join(opt) + "\r\n").encode("ascii"))
    return lines


def _dat_row(values: Sequence[str]) -> str:
    return SEPARATOR.join(f"{QUALIFIER}{v}{QUALIFIER}" for v in values)


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


def _write_text(vol_dir: Path, begin: str, texts: Sequence[str]) -> str:
    target = vol_dir / "TEXT" / "001" / f"{begin}.txt"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("\f".join(texts), encoding="utf-8")
    return f"TEXT\\001\\{begin}.txt"


def _write_images(vol_dir: Path, keys: Sequence[str], images: Sequence[Image.Image]) -> list[str]:
    folder = vol_dir / "IMAGES" / "001"
    folder.mkdir(parents=True, exist_ok=True)
    lines = []
    for i, (key, image) in enumerate(zip(keys, images, strict=True)):
        image.save(folder / f"{key}.tif", compression="group4", dpi=(DPI, DPI))
        first = i == 0
        lines.append(
            f"{key},{vol_dir.name},IMAGES\\001\\{key}.tif,{'Y' if first else ''},,,"
            f"{len(keys) if first else ''}"
        )
    return lines


def _write_native(vol_dir: Path, begin: str, suffix: str, data: bytes) -> str:
    target = vol_dir / "NATIVES" / "001" / f"{begin}{suffix}"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return f"NATIVES\\001\\{begin}{suffix}"


def _roster_workbook() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Roster"
    sheet.append(["Riverton Police Department - In-Service Training Roster 2020-2021"])
    sheet.append([])
    sheet.append(list(ROSTER_HEADER))
    for row in ROSTER_ROWS:
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
    font = ImageFont.truetype(SLIP_FONT, 60) if Path(SLIP_FONT).exists() else None
    draw.text((300, 1200), "DOCUMENT PRODUCED IN NATIVE FORMAT", fill=0, font=font)
    draw.text((300, 1350), name, fill=0, font=font)
    draw.text((2000, 3100), key, fill=0, font=font)
    return image
