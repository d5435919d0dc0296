"""Per-file extraction: text layer, OCR decisions, Bates, legends, tables, bad files."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FakeOcr, MakePdf
from pypdf import PdfWriter

from fixturekit.pages import PageSpec, stamped_pages
from monell.config import IngestOptions
from monell.ingest.extract import extract_document, inspect_file
from monell.ingest.ocr import OcrEngine, OcrResult, OcrUnavailable
from monell.records import Document, ExtractionMethod, FailedFile, OcrMode

LEGEND = "CONFIDENTIAL - SUBJECT TO PROTECTIVE ORDER"


def _extract(path: Path, engine: OcrEngine | None = None, **options: object) -> Document:
    result = extract_document(str(path), IngestOptions.resolve(dict(options)), engine or FakeOcr())
    assert isinstance(result, Document), result
    return result


def test_text_pages_keep_text_bates_and_legend(make_pdf: MakePdf) -> None:
    path = make_pdf("a.pdf", stamped_pages("RIV", 1, 3, legend=LEGEND))
    document = _extract(path)
    assert [str(p.bates) for p in document.pages] == ["RIV0000001", "RIV0000002", "RIV0000003"]
    assert {p.method for p in document.pages} == {ExtractionMethod.TEXT}
    assert all(p.confidentiality == LEGEND for p in document.pages)
    assert "objectively reasonable" in document.pages[0].text
    assert (str(document.bates_begin), str(document.bates_end)) == ("RIV0000001", "RIV0000003")
    assert len(document.source.sha256) == 64


def test_ruled_tables_are_kept_as_rows(make_pdf: MakePdf) -> None:
    rows = (("Officer", "Course", "Hours"), ("Pruitt", "De-escalation", "4"), ("Lee", "CEW", "2"))
    path = make_pdf(
        "roster.pdf", [PageSpec(lines=("In-service roster",), table=rows, bates="RIV0000100")]
    )
    (page,) = _extract(path).pages
    assert len(page.tables) == 1
    assert page.tables[0].rows == rows


def test_image_only_page_is_ocrd_in_auto_mode(make_pdf: MakePdf) -> None:
    path = make_pdf("scan.pdf", [PageSpec(image_only=True, bates="RIV0000009")])
    ocr = FakeOcr(text="SIGN IN SHEET", stamp="RIV0000009")
    (page,) = _extract(path, ocr).pages
    assert page.method is ExtractionMethod.OCR
    assert page.ocr_confidence == 0.9
    assert page.text.startswith("SIGN IN SHEET")
    assert str(page.bates) == "RIV0000009"  # found in the OCR'd stamp


def test_text_pages_are_not_ocrd_in_auto_mode(make_pdf: MakePdf) -> None:
    ocr = FakeOcr()
    _extract(make_pdf("a.pdf", stamped_pages("RIV", 1, 2)), ocr)
    assert ocr.calls == 0


def test_force_mode_ocrs_every_page_but_keeps_the_digital_stamp(make_pdf: MakePdf) -> None:
    ocr = FakeOcr(stamp="RIV9999999")
    document = _extract(make_pdf("a.pdf", stamped_pages("RIV", 1, 2)), ocr, ocr=OcrMode.FORCE)
    assert ocr.calls == 2
    assert [p.method for p in document.pages] == [ExtractionMethod.OCR] * 2
    assert str(document.pages[0].bates) == "RIV0000001"  # the text-layer stamp is more reliable


def test_off_mode_marks_scans_as_needing_ocr_never_silently_empty(make_pdf: MakePdf) -> None:
    ocr = FakeOcr()
    document = _extract(make_pdf("scan.pdf", [PageSpec(image_only=True)]), ocr, ocr="off")
    assert ocr.calls == 0
    assert document.pages[0].method is ExtractionMethod.NEEDS_OCR
    assert any("needs OCR" in w for w in document.warnings)


def test_missing_tesseract_marks_scans_as_needing_ocr(make_pdf: MakePdf) -> None:
    def no_tesseract(image: object, *, language: str, points_per_pixel: float) -> OcrResult:
        raise OcrUnavailable("tesseract is not installed")

    document = _extract(make_pdf("scan.pdf", [PageSpec(image_only=True)]), no_tesseract)
    assert document.pages[0].method is ExtractionMethod.NEEDS_OCR
    assert document.warnings


def test_a_stamp_over_a_scan_does_not_count_as_a_text_layer(make_pdf: MakePdf) -> None:
    """Productions often stamp Bates digitally over scanned images: still OCR the body."""
    spec = PageSpec(image_only=True, digital_stamp=True, bates="RIV0000044", legend=LEGEND)
    (result,) = _extract(make_pdf("scan.pdf", [spec]), FakeOcr(text="HANDWRITTEN ROSTER")).pages
    assert result.method is ExtractionMethod.OCR
    assert str(result.bates) == "RIV0000044"
    assert result.confidentiality == LEGEND


def test_unstamped_pages_are_reported(make_pdf: MakePdf) -> None:
    pages = stamped_pages("RIV", 1, 1) + [PageSpec(lines=("An unstamped insert.",))]
    document = _extract(make_pdf("a.pdf", pages))
    assert document.pages[1].bates is None
    assert any("no Bates number found on page(s) 2" in w for w in document.warnings)


def _encrypted(tmp_path: Path, make_pdf: MakePdf) -> Path:
    writer = PdfWriter(clone_from=make_pdf("plain.pdf", stamped_pages("RIV", 1, 1)))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-256")
    target = tmp_path / "locked.pdf"
    writer.write(target)
    return target


@pytest.mark.parametrize(
    ("kind", "reason"),
    [
        ("empty", "empty file (0 bytes)"),
        ("unknown", "unsupported file type '.pages'"),
        ("renamed", "not a PDF: the file does not start with a PDF header"),
        ("truncated", "corrupt or damaged PDF"),
        ("encrypted", "encrypted PDF: a password is required to open it"),
    ],
)
def test_bad_files_fail_with_a_clear_reason(
    kind: str, reason: str, tmp_path: Path, make_pdf: MakePdf
) -> None:
    good = make_pdf("good.pdf", stamped_pages("RIV", 1, 2)).read_bytes()
    files = {
        "empty": ("empty.pdf", b""),
        "unknown": ("notes.pages", b"just some notes"),
        "renamed": ("photo.pdf", b"\xff\xd8\xff\xe0 JFIF jpeg bytes"),
        "truncated": ("cut.pdf", good[: len(good) // 2]),
    }
    if kind == "encrypted":
        path = _encrypted(tmp_path, make_pdf)
    else:
        name, data = files[kind]
        path = tmp_path / name
        path.write_bytes(data)
    result = inspect_file(str(path), IngestOptions())
    assert isinstance(result, FailedFile)
    assert result.reason.startswith(reason)
    assert result.path == str(path)
    assert "\n" not in result.reason


def test_files_over_the_size_limit_are_refused(make_pdf: MakePdf) -> None:
    path = make_pdf("big.pdf", stamped_pages("RIV", 1, 1))
    result = inspect_file(str(path), IngestOptions(max_file_bytes=100))
    assert isinstance(result, FailedFile)
    assert result.reason.startswith("file too large")


def test_invalid_options_name_the_allowed_values() -> None:
    with pytest.raises(Exception, match="allowed: auto, off, force"):
        IngestOptions(ocr="sometimes")  # type: ignore[arg-type]


def test_a_stamp_is_found_on_a_page_box_that_does_not_start_at_zero(
    make_pdf: MakePdf, tmp_path: Path
) -> None:
    from pypdf import Transformation
    from pypdf.generic import RectangleObject

    source = make_pdf("box.pdf", [PageSpec(bates="CITY0000002")])
    writer = PdfWriter(clone_from=str(source))
    page = writer.pages[0]
    page.add_transformation(Transformation().translate(0, 300))
    page.mediabox = page.cropbox = RectangleObject([0, 300, 612, 1092])
    moved = tmp_path / "moved.pdf"
    writer.write(str(moved))

    assert [str(p.bates) for p in extract_document(moved).pages] == ["CITY0000002"]


def test_a_stamp_is_found_on_a_page_turned_by_its_rotate_entry(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF(unit="pt", format="letter")
    pdf.set_auto_page_break(False)
    pdf.add_page(orientation="L")
    pdf.set_font("helvetica", size=11)
    pdf.set_xy(72, 90)
    pdf.cell(text="Training roster, 2021 in-service (landscape page).")
    pdf.set_font("helvetica", size=9)
    pdf.set_xy(360, 585)
    pdf.cell(text="CITY0000010")
    landscape = tmp_path / "landscape.pdf"
    pdf.output(str(landscape))
    writer = PdfWriter(clone_from=str(landscape))
    page = writer.pages[0]
    page.rotate(-90)
    page.transfer_rotation_to_content()
    page.rotate(90)  # a portrait page shown landscape by /Rotate 90
    turned = tmp_path / "turned.pdf"
    writer.write(str(turned))

    assert [str(p.bates) for p in extract_document(turned).pages] == ["CITY0000010"]


def test_one_pages_stray_line_in_the_stamp_band_does_not_beat_the_documents_prefix(
    tmp_path: Path,
) -> None:
    from fpdf import FPDF

    pdf = FPDF(unit="pt", format="letter")
    pdf.set_auto_page_break(False)
    for number in (1, 2, 3):
        pdf.add_page()
        pdf.set_font("helvetica", size=11)
        pdf.set_xy(72, 90)
        pdf.cell(text="CAD event chronology, Riverton Police Department.")
        if number == 2:  # the last body line of a full page, inside the bottom band
            pdf.set_xy(440, 700)
            pdf.cell(text="EVENT 2106140034")
        pdf.set_font("helvetica", size=9)
        pdf.set_xy(470, 760)
        pdf.cell(text=f"CITY{number:07d}")
    source = tmp_path / "cad.pdf"
    pdf.output(str(source))

    assert [str(p.bates) for p in extract_document(source).pages] == [
        "CITY0000001",
        "CITY0000002",
        "CITY0000003",
    ]


@pytest.mark.parametrize("mode", [OcrMode.AUTO, OcrMode.OFF])
def test_a_load_files_pdf_page_image_keeps_its_own_text_layer(
    make_pdf: MakePdf, mode: OcrMode
) -> None:
    from monell.ingest.bates import parse_bates
    from monell.ingest.images import read_image_page

    image = make_pdf("IMAGES/ABC0000001.pdf", [PageSpec(bates="ABC0000001")])
    ocr = FakeOcr()

    page = read_image_page(
        image, 0, 1, IngestOptions(ocr=mode), ocr, parse_bates("ABC0000001", any_prefix=True)
    )

    assert (page.method, ocr.calls) == (ExtractionMethod.TEXT, 0)
    assert "General Order 300" in page.text and str(page.bates) == "ABC0000001"
