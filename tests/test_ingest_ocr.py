"""Real Tesseract on generated scans (runs in CI, where .ci/run installs tesseract)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MakePdf, tesseract_or_skip
from PIL import Image

from fixturekit.pages import PageSpec
from monell.config import IngestOptions
from monell.ingest.extract import extract_document
from monell.ingest.images import read_image_page
from monell.ingest.ocr import OcrResult, ocr_with_tesseract
from monell.records import Document, ExtractionMethod

pytestmark = pytest.mark.ocr


def test_ocr_of_an_image_only_page_returns_its_words_and_stamp(make_pdf: MakePdf) -> None:
    tesseract_or_skip()
    spec = PageSpec(
        lines=("IN-SERVICE TRAINING SIGN-IN SHEET", "Course: Handcuffing and Control Holds"),
        bates="RIV0000031",
        legend="CONFIDENTIAL",
        image_only=True,
    )
    document = extract_document(str(make_pdf("scan.pdf", [spec])), IngestOptions())
    assert isinstance(document, Document)
    (page,) = document.pages
    assert page.method is ExtractionMethod.OCR
    assert "Handcuffing" in page.text
    assert page.ocr_confidence is not None and page.ocr_confidence > 0.5
    assert str(page.bates) == "RIV0000031"  # read from the pixels of the stamp
    assert page.confidentiality == "CONFIDENTIAL"


def _scan(tmp_path: Path, name: str, dpi: int = 300) -> tuple[Path, Image.Image]:
    from fixturekit.pages import scan_image

    spec = PageSpec(
        lines=("General Order 300 sets the rules for the use of force.", "Officers shall report."),
        bates="RIV0000123",
    )
    return tmp_path / name, scan_image(spec, dpi=dpi)


@pytest.mark.parametrize("turn", [90, 180])
def test_a_page_scanned_on_its_side_or_upside_down_is_read_upright(
    tmp_path: Path, turn: int
) -> None:
    tesseract_or_skip()
    path, image = _scan(tmp_path, f"turned{turn}.png")
    image.rotate(turn, expand=True).save(path, dpi=(300, 300))

    page = read_image_page(path, 0, 1, IngestOptions(), ocr_with_tesseract)

    assert "General Order 300" in page.text
    assert str(page.bates) == "RIV0000123"


def test_a_photo_turned_by_its_exif_orientation_is_read_upright(tmp_path: Path) -> None:
    tesseract_or_skip()
    path, image = _scan(tmp_path, "phone.jpg")
    sideways = image.rotate(90, expand=True)  # stored on its side, EXIF says turn it back
    exif = sideways.getexif()
    exif[0x0112] = 6
    sideways.save(path, dpi=(300, 300), exif=exif)

    page = read_image_page(path, 0, 1, IngestOptions(), ocr_with_tesseract)

    assert "General Order 300" in page.text


def test_a_transparent_page_is_read_on_white(tmp_path: Path) -> None:
    tesseract_or_skip()
    path, image = _scan(tmp_path, "clear.png")
    ink = Image.new("RGBA", image.size, (0, 0, 0, 0))
    ink.putalpha(image.point(lambda v: 255 - v))  # black text, transparent paper
    ink.save(path, dpi=(300, 300))

    page = read_image_page(path, 0, 1, IngestOptions(), ocr_with_tesseract)

    assert "General Order 300" in page.text


def test_a_fax_with_oblong_pixels_is_squared_before_it_is_read(tmp_path: Path) -> None:
    tesseract_or_skip()
    path, image = _scan(tmp_path, "fax.tif", dpi=204)
    image.resize((image.width, round(image.height * 98 / 204))).convert("1").save(
        path, dpi=(204, 98), compression="group4"
    )

    page = read_image_page(path, 0, 1, IngestOptions(), ocr_with_tesseract)

    assert str(page.bates) == "RIV0000123"


def test_a_blank_scanned_page_is_blank_not_ocrd(tmp_path: Path) -> None:
    tesseract_or_skip()
    path = tmp_path / "blank.png"
    Image.new("L", (2550, 3300), 255).save(path, dpi=(300, 300))

    page = read_image_page(path, 0, 1, IngestOptions(), ocr_with_tesseract)

    assert (page.method, page.text) == (ExtractionMethod.BLANK, "")


def test_a_large_photo_tagged_72_dpi_is_not_enlarged(tmp_path: Path) -> None:
    path = tmp_path / "photo.jpg"
    Image.new("L", (4032, 3024), 255).save(path, dpi=(72, 72))
    seen: list[tuple[int, int]] = []

    def measuring(image: Image.Image, *, language: str, points_per_pixel: float) -> OcrResult:
        seen.append(image.size)
        return OcrResult("", None, ())

    read_image_page(path, 0, 1, IngestOptions(), measuring)

    assert seen == [(4032, 3024)]


def test_a_damaged_frame_of_a_multi_page_tiff_loses_only_its_own_page(tmp_path: Path) -> None:
    tesseract_or_skip()
    from fixturekit.pages import scan_image

    frames = [
        scan_image(PageSpec(lines=(f"Roll call training log page {n}.",), bates=f"RIV000030{n}"))
        for n in (1, 2, 3)
    ]
    path = tmp_path / "log.tif"
    frames[0].save(path, save_all=True, append_images=frames[1:], compression="tiff_lzw")
    with Image.open(path) as image:
        image.seek(1)
        second = image.tag_v2[273][0]  # StripOffsets: where page 2's pixels start
    data = bytearray(path.read_bytes())
    data[second + 50 : second + 4000] = b"\xff" * 3950
    path.write_bytes(bytes(data))

    document = extract_document(str(path), IngestOptions())

    assert isinstance(document, Document)
    assert [p.method for p in document.pages] == [
        ExtractionMethod.OCR,
        ExtractionMethod.NEEDS_OCR,
        ExtractionMethod.OCR,
    ]
    assert any("page(s) 2: the image cannot be decoded" in w for w in document.warnings)
