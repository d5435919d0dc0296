"""Small files that expand into huge content, and huge but honest natives (issue 22).

Each builder streams what it writes, so making a 625-megapixel PNG or a Word body of two
million paragraphs costs the generator little memory. ``scripts/bench_limits.py`` ingests
them folder by folder and measures time and peak memory; the tests build the same kinds
at a small scale.
"""

from __future__ import annotations

import io
import random
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

from fpdf import FPDF
from PIL import Image

WORDS = (
    "officer training de-escalation handcuffing policy roster course academy force report "
    "complaint supervisor lesson restraint sergeant review"
).split()
_DOCX_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_DOCX_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def words(count: int, seed: int = 1) -> Iterator[str]:
    rng = random.Random(seed)
    return (rng.choice(WORDS) for _ in range(count))


def single_line_text(path: Path, size: int, separator: str = " ") -> Path:
    """One line of ``size`` bytes: words joined by ``separator`` (a comma makes a CSV row)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w") as out:
        written = 0
        for word in words(size):
            if written + len(word) + 1 > size:
                break
            out.write(word + separator)
            written += len(word) + 1
        out.write("end\n")
    return path


def wide_csv(path: Path, columns: int) -> Path:
    """A header and one row of ``columns`` cells."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w") as out:
        out.write(",".join(f"col{i}" for i in range(columns)) + "\n")
        out.write(",".join(words(columns)) + "\n")
    return path


def grey_png(path: Path, width: int, height: int) -> Path:
    """A white PNG of any size, written row by row (a few MB on disk for 625 MP)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    packer = zlib.compressobj(1)
    row = b"\x00" + b"\xff" * width
    body = io.BytesIO()
    for _ in range(height):
        body.write(packer.compress(row))
    body.write(packer.flush())

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body.getvalue())
    path.write_bytes(png + chunk(b"IEND", b""))
    return path


def tall_scan_pdf(path: Path, inches: float) -> Path:
    """A scanned page 8.5 in wide and ``inches`` tall: an image with no text layer."""
    pdf = FPDF(unit="pt", format=(612, inches * 72))
    pdf.add_page()
    page = Image.new("L", (850, 1100), 255)
    pdf.image(page, x=0, y=0, w=612, h=inches * 72)
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))
    return path


def flate_bomb_pdf(path: Path, expanded: int) -> Path:
    """A one-page PDF whose content stream inflates to ``expanded`` bytes of spaces."""
    packer = zlib.compressobj(9)
    chunk = b" " * (1024 * 1024)
    stream = b"".join(packer.compress(chunk) for _ in range(expanded // len(chunk)))
    stream += packer.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    return write_pdf_objects(path, objects)


def lying_page_tree_pdf(path: Path, claimed: int, real: int = 2) -> Path:
    """A PDF whose page tree says ``claimed`` pages but holds ``real`` readable ones."""
    kids = " ".join(f"{3 + i} 0 R" for i in range(real))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {claimed} >>".encode(),
    ]
    content = 3 + real
    for i in range(real):
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {content + i} 0 R "
            "/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
            ">> >> >> >>".encode()
        )
    for i in range(real):
        text = f"BT /F1 12 Tf 72 700 Td (Lesson plan page {i + 1}: handcuffing) Tj ET".encode()
        objects.append(b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream")
    return write_pdf_objects(path, objects)


def write_pdf_objects(path: Path, objects: list[bytes]) -> Path:
    """A PDF of the given objects (numbered from 1, the catalog first) with its xref."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(out.getvalue())
    return path


def docx_body(path: Path, paragraphs: Callable[[], Iterator[str]]) -> Path:
    """A minimal .docx whose body holds the given paragraphs, streamed into the package."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", _DOCX_TYPES)
        package.writestr("_rels/.rels", _DOCX_RELS)
        with package.open("word/document.xml", "w") as body:
            body.write(f'<?xml version="1.0"?><w:document xmlns:w="{_W}"><w:body>'.encode())
            for text in paragraphs():
                body.write(f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>".encode())
            body.write(b"</w:body></w:document>")
    return path


def wide_xlsx(path: Path, rows: int) -> Path:
    """A small workbook whose used range spans every column: a value in A and in XFD."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Roster")
    for number in range(rows):
        sheet.append([f"Officer {number}", *([None] * 16_382), "x"])
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path
