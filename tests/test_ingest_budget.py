"""Issue 22, item 2: a budget per file, enforced where the work happens. A file over one is a
failed file with one line naming the limit and the setting; re-running with a raised limit
reads it. The oversized fixtures are generated here at a small scale, with small limits."""

from __future__ import annotations

import csv
import zlib
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from conftest import FakeOcr, MakePdf
from docx import Document as WordDocument
from openpyxl import Workbook
from PIL import Image

from fixturekit.oversized import write_pdf_objects
from fixturekit.pages import PageSpec
from monell.config import Limits, read_case_config
from monell.errors import InputError
from monell.ingest.run import ingest_paths
from monell.records import IngestResult
from monell.store import CaseStore


def _ingest(store: CaseStore, path: Path, **limits: Any) -> IngestResult:
    options = {"workers": 1, "limits": limits}
    return ingest_paths(store, [path], "VOL001", options, ocr=FakeOcr())


def _reason(result: IngestResult) -> str:
    (failure,) = result.failed
    assert "\n" not in failure.reason
    return failure.reason


def test_limits_come_from_case_toml_and_a_bad_one_is_one_line(tmp_path: Path) -> None:
    settings = tmp_path / "case.toml"
    settings.write_text("[limits]\nimage_pixels = 250000000\nfile_seconds = 60\n")
    limits = read_case_config(settings).limits
    assert (limits.image_pixels, limits.file_seconds) == (250_000_000, 60)
    assert limits.sheet_cells == Limits().sheet_cells  # the others keep their defaults
    settings.write_text("[limits]\nimage_pixel = 5\n")  # misspelt: never silently ignored
    with pytest.raises(InputError, match="unknown .*image_pixel .*allowed: file_seconds"):
        read_case_config(settings)
    settings.write_text("[limits]\nnative_chars = 0\n")
    with pytest.raises(InputError, match="native_chars must be a whole number, 1 or more"):
        read_case_config(settings)


def test_an_image_over_the_pixel_budget_is_refused_then_read_once_the_limit_is_raised(
    store: CaseStore, tmp_path: Path
) -> None:
    scan = tmp_path / "VOL001" / "scan.png"
    scan.parent.mkdir()
    Image.new("L", (1500, 1000), 255).save(scan)

    refused = _ingest(store, scan, image_pixels=1_000_000)
    assert _reason(refused) == (
        "too large: a 1.5-megapixel image (1,500 × 1,000 pixels) (limit 1.0 MP); "
        "raise [limits] image_pixels in case.toml to read it"
    )
    assert store.failures()["VOL001"][0].reason == _reason(refused)

    again = _ingest(store, scan, image_pixels=2_000_000)
    assert again.ok and len(again.added) == 1
    assert store.failures() == {}  # the failure is cleared once the file loads


def test_a_damaged_frame_of_a_tiff_over_budget_names_its_page(
    store: CaseStore, tmp_path: Path
) -> None:
    scan = tmp_path / "VOL001" / "fax.tif"
    scan.parent.mkdir()
    small, large = Image.new("L", (800, 1000), 255), Image.new("L", (2000, 2000), 255)
    small.save(scan, save_all=True, append_images=[large])
    reason = _reason(_ingest(store, scan, image_pixels=1_000_000))
    assert reason.startswith("too large: a 4.0-megapixel image (2,000 × 2,000 pixels) on page 2")


def test_a_page_too_large_to_render_for_ocr_names_its_page(
    store: CaseStore, make_pdf: MakePdf
) -> None:
    scan = make_pdf("VOL001/scan.pdf", [PageSpec(), PageSpec(image_only=True)])
    reason = _reason(_ingest(store, scan, image_pixels=5_000_000))
    assert reason == (
        "too large: a 8.4-megapixel image (2,550 × 3,300 pixels) on page 2 (rendered at "
        "300 dpi to read it) (limit 5.0 MP); raise [limits] image_pixels in case.toml to read it"
    )
    assert _ingest(store, scan, image_pixels=10_000_000).ok


def _pdf_with_stream(path: Path, payload: bytes) -> Path:
    """A one-page PDF whose content stream is ``payload`` compressed (a flate bomb when the
    payload is large and uniform)."""
    stream = zlib.compress(payload, 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    return write_pdf_objects(path, objects)


def test_a_flate_bomb_is_refused_by_the_stream_budget_before_pdfium_reads_it(
    store: CaseStore, tmp_path: Path
) -> None:
    bomb = _pdf_with_stream(tmp_path / "VOL001" / "bomb.pdf", b" " * 3_000_000)
    assert bomb.stat().st_size < 10_000  # 3 MB of content in a few KB
    reason = _reason(_ingest(store, bomb, pdf_stream_bytes=1024**2))
    assert reason.startswith("too large: a compressed PDF stream (at byte ")
    assert reason.endswith(
        "that expands to more than 1 MB (limit 1 MB); raise [limits] pdf_stream_bytes in "
        "case.toml to read it"
    )
    assert _ingest(store, bomb, pdf_stream_bytes=4 * 1024**2).ok


def test_a_text_native_over_the_character_budget_is_refused(
    store: CaseStore, tmp_path: Path
) -> None:
    text = tmp_path / "VOL001" / "log.txt"
    text.parent.mkdir()
    text.write_text("training " * 300)  # 2,700 characters
    assert _reason(_ingest(store, text, native_chars=1_000)) == (
        "too large: a text file of more than 1,000 characters (limit 1,000 characters); "
        "raise [limits] native_chars in case.toml to read it"
    )
    # A file too big for the budget in any encoding is refused before it is read at all.
    assert _reason(_ingest(store, text, native_chars=500)).startswith("too large: a text file of")
    assert _ingest(store, text, native_chars=10_000).ok


def test_a_csv_with_too_many_cells_is_refused_and_one_huge_cell_is_read(
    store: CaseStore, tmp_path: Path
) -> None:
    wide = tmp_path / "VOL001" / "wide.csv"
    wide.parent.mkdir()
    with wide.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([f"c{i}" for i in range(5_000)])
        writer.writerow(["x"] * 5_000)
    assert _reason(_ingest(store, wide, sheet_cells=6_000)) == (
        "too large: sheet wide holds more than 6,000 cells by row 2, empty ones inside its "
        "used range included (limit 6,000 cells); raise [limits] sheet_cells in case.toml "
        "to read it"
    )
    # One cell longer than the csv module's own 128 KB limit is read, not refused.
    long_cell = tmp_path / "VOL002" / "memo.csv"
    long_cell.parent.mkdir()
    long_cell.write_text('Officer,Note\nPruitt,"' + "de-escalation " * 20_000 + '"\n')
    assert _ingest(store, long_cell).ok


def test_a_sheet_whose_used_range_spans_every_column_is_refused_quickly(
    store: CaseStore, tmp_path: Path
) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "Roster"
    for row in range(1, 40):
        sheet.cell(row, 1, "Pruitt")
        sheet.cell(row, 16_384, "x")  # column XFD: every row reads 16,384 cells
    path = tmp_path / "VOL001" / "roster.xlsx"
    path.parent.mkdir()
    book.save(path)
    reason = _reason(_ingest(store, path, sheet_cells=100_000))
    assert reason.startswith("too large: sheet Roster holds more than 100,000 cells by row 7")


def test_a_workbook_with_one_stray_cell_far_right_is_read_without_padding(
    store: CaseStore, tmp_path: Path
) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["Officer", "Course"])
    sheet.append(["Pruitt", "Handcuffing"])
    sheet.cell(1, 16_384).number_format = "0.00"  # formatted, empty: no value to read
    path = tmp_path / "VOL001" / "roster.xlsx"
    path.parent.mkdir()
    book.save(path)
    assert _ingest(store, path, sheet_cells=5_000).ok  # fewer than its 16,384 columns


@pytest.mark.parametrize(
    ("paragraphs", "run", "expected"),
    [
        (3_000, "", "a Word document of more than 2,500 parts"),  # many empty paragraphs
        (1, "x" * 6_000, "a Word document of more than 5,000 characters"),  # one long run
    ],
)
def test_a_word_document_over_budget_is_refused_before_python_docx_builds_it(
    store: CaseStore, tmp_path: Path, paragraphs: int, run: str, expected: str
) -> None:
    word = WordDocument()
    for _ in range(paragraphs):
        word.add_paragraph(run)
    path = tmp_path / "VOL001" / "big.docx"
    path.parent.mkdir()
    word.save(path)
    reason = _reason(_ingest(store, path, native_chars=5_000))
    assert reason.startswith(f"too large: {expected}")
    assert reason.endswith("raise [limits] native_chars in case.toml to read it")


def test_a_long_scan_read_as_one_piece_gets_time_for_each_chunk_of_its_pages() -> None:
    from monell.ingest.run import PageChunk, _work_limits
    from monell.records import SourceFile, SourceFormat

    limits = Limits(file_seconds=60)
    scan = SourceFile("fax.tif", "0" * 64, 1, 100, SourceFormat.IMAGE)
    assert _work_limits(scan, limits, 32).file_seconds == 240  # 100 pages: 4 chunks' time
    assert _work_limits(PageChunk(scan, 0, 32), limits, 32).file_seconds == 60
    assert _work_limits(replace(scan, page_count=1), limits, 32) == limits


def test_the_limits_written_in_a_new_case_toml_are_the_defaults(tmp_path: Path) -> None:
    from monell.app.workspace import CASE_FILE_TEMPLATE

    block = CASE_FILE_TEMPLATE.split("[limits]")[1]
    settings = [line[2:] for line in block.splitlines() if line.startswith("# ") and "=" in line]
    assert len(settings) == 6
    file = tmp_path / "case.toml"
    file.write_text("[limits]\n" + "\n".join(settings) + "\n")
    assert read_case_config(file).limits == Limits()
