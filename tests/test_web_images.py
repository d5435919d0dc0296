"""Page images in the review app come from the produced file: PDF pages, scans, load files."""

from __future__ import annotations

from pathlib import Path

from conftest import FakeOcr
from PIL import Image

from fixturekit.loadfile import VolumeDoc, write_volume
from monell.ingest.run import ingest_paths
from monell.store import CaseStore
from monell.store.web import WebQueries
from monell.web.images import cached_page_image


def _ingest(store: CaseStore, path: Path) -> None:
    result = ingest_paths(store, [path], "VOL001", {"workers": 1}, ocr=FakeOcr())
    assert result.ok, result.failed


def test_a_load_file_page_is_drawn_from_its_own_page_image(tmp_path: Path) -> None:
    docs = [VolumeDoc("RIV0000040", text_pages=["Page one.", "Page two."], image_pages=2)]
    volume = write_volume(tmp_path / "VOL001", docs)
    with CaseStore(tmp_path / "case.db") as store:
        _ingest(store, volume)
        (document,) = store.list_documents()
        queries = WebQueries(store)
        second = queries.page_source(document.id, 2)
        assert second is not None and second.image_path is not None
        assert second.image_path.endswith("RIV0000041.tif")
        png = cached_page_image(tmp_path, second)
    assert png is not None and png.parent == tmp_path / "cache" / "pages"
    with Image.open(png) as drawn:
        assert drawn.width > 500  # a letter page at the app's resolution, not a thumbnail


def test_a_loose_multi_page_scan_is_drawn_frame_by_frame(tmp_path: Path) -> None:
    frames = [Image.new("L", (850, 1100), shade) for shade in (255, 0)]
    scan = tmp_path / "scan.tif"
    frames[0].save(scan, save_all=True, append_images=frames[1:], dpi=(100, 100))
    with CaseStore(tmp_path / "case.db") as store:
        _ingest(store, scan)
        (document,) = store.list_documents()
        second = WebQueries(store).page_source(document.id, 2)
        assert second is not None
        png = cached_page_image(tmp_path, second)
    assert png is not None
    with Image.open(png) as drawn:
        assert drawn.convert("L").getpixel((10, 10)) == 0  # the second frame, not the first


def test_a_native_spreadsheet_has_no_page_image(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Officer", "Course"])
    book.active.append(["Dana Pruitt", "Handcuffing"])
    path = tmp_path / "RIV0000050.xlsx"
    book.save(path)
    with CaseStore(tmp_path / "case.db") as store:
        _ingest(store, path)
        (document,) = store.list_documents()
        source = WebQueries(store).page_source(document.id, 1)
        assert source is not None and source.label == "sheet Sheet"
        assert cached_page_image(tmp_path, source) is None
