"""Loose files beyond PDF: natives, scans and email, flowing into the same records."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

import pytest
from conftest import FakeModels, FakeOcr, MakePdf
from docx import Document as WordDocument
from openpyxl import Workbook
from PIL import Image

from fixturekit.pages import PageSpec
from monell.index.update import update_index
from monell.ingest.run import ingest_paths
from monell.records import IngestResult
from monell.store import CaseStore


def _ingest(store: CaseStore, *paths: Path, production: str = "VOL001") -> IngestResult:
    return ingest_paths(store, list(paths), production, {"workers": 1}, ocr=FakeOcr())


def _roster(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "Roster"
    sheet.append(["Riverton PD In-Service Roster"])
    sheet.append([])
    sheet.append(["Officer", "Badge", "Course", "Date", "Hours"])
    sheet.append(["Dana Pruitt", 4411, "Defensive Tactics: Handcuffing", "2019-03-04", 4])
    sheet.append(["Lee Ochoa", 3802, "Crisis Intervention Team", "2020-01-15", 40])
    second = book.create_sheet("Totals")
    second.append(["Officer", "Total hours"])
    second.append(["Dana Pruitt", 4])
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def _passages(store: CaseStore) -> list[tuple[str, int, str | None, str | None]]:
    rows = store.conn.execute(
        "SELECT d.file_name, p.page_number, p.bates, p.cite FROM passages p "
        "JOIN documents d ON d.id = p.document_id WHERE p.kind = 'table' ORDER BY p.id"
    )
    return [tuple(r) for r in rows]


def test_a_slip_sheeted_roster_keeps_its_placeholder_bates_and_cites_sheet_and_row(
    store: CaseStore, tmp_path: Path
) -> None:
    result = _ingest(store, _roster(tmp_path / "VOL003" / "RIV0000120.xlsx"))
    assert result.ok and len(result.added) == 1
    (document,) = store.list_documents()
    assert document.source_format == "xlsx" and document.placeholder_bates
    assert (document.bates_begin, document.bates_end) == ("RIV0000120", "RIV0000120")
    labels = [r[0] for r in store.conn.execute("SELECT label FROM pages ORDER BY page_number")]
    assert labels == ["sheet Roster", "sheet Totals"]
    # One placeholder number for the file: never reported as a duplicate stamp.
    assert [p.bates.text for p in store.stamped_pages()] == ["RIV0000120"]

    update_index(store, tmp_path / "index", FakeModels())
    cites = _passages(store)
    assert ("RIV0000120.xlsx", 1, "RIV0000120", "sheet Roster, row 4") in cites
    assert ("RIV0000120.xlsx", 1, "RIV0000120", "sheet Roster, row 5") in cites
    assert ("RIV0000120.xlsx", 2, "RIV0000120", "sheet Totals, row 2") in cites


def test_an_email_and_its_attachment_become_parent_and_child_documents(
    store: CaseStore, tmp_path: Path, make_pdf: MakePdf
) -> None:
    attachment = make_pdf("attach/Lesson Plan.pdf", [PageSpec(lines=("Prone restraint lesson",))])
    message = EmailMessage()
    message["From"] = "training.sgt@riverton.example"
    message["To"] = "chief@riverton.example"
    message["Subject"] = "Prone restraint lesson plan"
    message["Date"] = "Tue, 04 Jun 2019 10:15:00 -0500"
    message.set_content("Attached is the revised lesson plan for in-service.")
    message.add_attachment(
        attachment.read_bytes(), maintype="application", subtype="pdf", filename="Lesson Plan.pdf"
    )
    mail = tmp_path / "VOL004" / "lesson.eml"
    mail.parent.mkdir()
    mail.write_bytes(bytes(message))

    result = _ingest(store, mail, production="VOL004")
    assert result.ok
    documents = {d.file_name: d for d in store.list_documents()}
    parent, child = documents["lesson.eml"], documents["Lesson Plan.pdf"]
    assert parent.source_format == "eml" and child.source_format == "pdf"
    assert child.parent_id == parent.id
    text = store.conn.execute(
        "SELECT text FROM pages WHERE document_id = ? AND page_number = 1", (parent.id,)
    ).fetchone()[0]
    assert "Subject: Prone restraint lesson plan" in text
    assert "revised lesson plan" in text
    assert _ingest(store, mail, production="VOL004").added == ()


def test_a_word_document_is_read_in_labelled_page_equivalents(
    store: CaseStore, tmp_path: Path
) -> None:
    word = WordDocument()
    word.add_heading("Lesson Plan: Handcuffing and Control Holds", level=1)
    word.add_paragraph("Students will demonstrate handcuffing from the standing position.")
    path = tmp_path / "VOL005" / "handcuffing.docx"
    path.parent.mkdir()
    word.save(path)
    assert _ingest(store, path).ok
    (document,) = store.list_documents()
    label, text, method = store.conn.execute(
        "SELECT label, text, method FROM pages WHERE document_id = ?", (document.id,)
    ).fetchone()
    assert document.source_format == "docx" and method == "native"
    assert label.startswith("paragraphs 1")
    assert "standing position" in text
    assert document.bates_begin is None  # a loose native with no Bates-named file


def test_a_multi_page_tiff_scan_is_ocrd_page_by_page(store: CaseStore, tmp_path: Path) -> None:
    frames = [Image.new("L", (850, 1100), 255) for _ in range(3)]
    path = tmp_path / "scans" / "signin.tif"
    path.parent.mkdir()
    frames[0].save(path, save_all=True, append_images=frames[1:], dpi=(100, 100))
    ocr = FakeOcr(stamp="RIV0000200")
    result = ingest_paths(store, [path], "VOL001", {"workers": 1}, ocr=ocr)
    assert result.ok and result.added[0].ocr_pages == 3 and ocr.calls == 3
    (document,) = store.list_documents()
    assert document.source_format == "image" and document.page_count == 3


@pytest.mark.parametrize(
    ("name", "data", "cause"),
    [
        ("policy.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, ".doc"),
        ("roster.xlsx", b"PK\x03\x04 this is not a workbook", "xlsx"),
        ("notes.pages", b"anything", "unsupported file type '.pages'"),
    ],
)
def test_a_file_monell_cannot_read_fails_alone_with_its_cause(
    store: CaseStore, tmp_path: Path, name: str, data: bytes, cause: str
) -> None:
    folder = tmp_path / "VOL006"
    _roster(folder / "RIV0000300.xlsx")
    (folder / name).write_bytes(data)
    result = _ingest(store, folder)
    assert [d.path.endswith("RIV0000300.xlsx") for d in result.added] == [True]
    (failure,) = result.failed
    assert failure.path.endswith(name) and cause in failure.reason
    assert "\n" not in failure.reason
