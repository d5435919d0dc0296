"""Issue 22, item 5: the defences that held against a hostile production, kept by tests.
Nothing from outside the input may end up in the case, and nothing may be written outside
the case: external entities in Office XML, archive members named ``../``, links that lead
out of a folder or a volume, attachment names with folders, load-file paths that climb out
of the volume. Each hostile file is built here; a secret beside the input must never show."""

from __future__ import annotations

import os
import zipfile
from email.message import EmailMessage
from pathlib import Path

import pytest
from conftest import FakeOcr
from docx import Document as WordDocument
from openpyxl import Workbook

from fixturekit.loadfile import VolumeDoc, write_volume
from monell.ingest.run import ingest_paths
from monell.records import IngestResult
from monell.store import CaseStore

SECRET = "PRIVILEGED-WORK-PRODUCT-7731"


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    """A file of ours beside the production, which no input may pull in."""
    path = tmp_path / "private" / "notes.txt"
    path.parent.mkdir()
    path.write_text(f"{SECRET}: our theory of the case\n")
    return path


def _ingest(store: CaseStore, *paths: Path) -> IngestResult:
    return ingest_paths(store, list(paths), "VOL001", {"workers": 1}, ocr=FakeOcr())


def _stored_text(store: CaseStore) -> str:
    pages = [text for (text,) in store.conn.execute("SELECT text FROM pages")]
    cells = [rows for (rows,) in store.conn.execute("SELECT rows_json FROM page_tables")]
    fields = [f for (f,) in store.conn.execute("SELECT fields_json FROM documents")]
    return "\n".join(pages + cells + fields)


def _rewrite_member(package: Path, member: str, edit: object) -> None:
    """Rewrite one part of an Office package (``edit`` maps its text to new text)."""
    original = package.with_suffix(".orig")
    package.rename(original)
    with zipfile.ZipFile(original) as source, zipfile.ZipFile(package, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == member:
                data = edit(data.decode()).encode()  # type: ignore[operator]
            target.writestr(item, data)
    original.unlink()


def _with_entity(xml: str, secret: Path, tag: str) -> str:
    """Declare an external entity pointing at ``secret`` and use it inside ``tag``."""
    doctype = f'<!DOCTYPE root [<!ENTITY xxe SYSTEM "file://{secret}">]>'
    head, _, body = xml.partition("?>")
    return head + "?>" + doctype + body.replace(f"<{tag}>", f"<{tag}>&xxe;", 1)


def test_an_external_entity_in_a_word_document_never_reads_our_file(
    store: CaseStore, tmp_path: Path, secret: Path
) -> None:
    word = WordDocument()
    word.add_paragraph("Lesson plan: handcuffing")
    path = tmp_path / "VOL001" / "lesson.docx"
    path.parent.mkdir()
    word.save(path)
    _rewrite_member(path, "word/document.xml", lambda xml: _with_entity(xml, secret, "w:t"))
    result = _ingest(store, path)
    assert SECRET not in _stored_text(store)
    assert len(result.added) + len(result.failed) == 1  # one outcome, never a crash


def test_an_external_entity_in_a_workbook_never_reads_our_file(
    store: CaseStore, tmp_path: Path, secret: Path
) -> None:
    book = Workbook()
    book.active.append(["Officer", "Course"])
    book.active.append(["Pruitt", "Handcuffing"])
    path = tmp_path / "VOL001" / "roster.xlsx"
    path.parent.mkdir()
    book.save(path)
    _rewrite_member(path, "xl/worksheets/sheet1.xml", lambda xml: _with_entity(xml, secret, "t"))
    result = _ingest(store, path)
    assert SECRET not in _stored_text(store)
    assert len(result.added) + len(result.failed) == 1


def test_package_members_named_to_climb_out_are_never_written_anywhere(
    store: CaseStore, tmp_path: Path
) -> None:
    word = WordDocument()
    word.add_paragraph("Lesson plan: handcuffing")
    path = tmp_path / "VOL001" / "lesson.docx"
    path.parent.mkdir()
    word.save(path)
    with zipfile.ZipFile(path, "a") as package:
        package.writestr("../../climbed.txt", "written outside")
        package.writestr("/abs-climbed.txt", "written at the root")
    result = _ingest(store, path)
    assert result.ok
    places = [tmp_path, *tmp_path.parents[:3]]
    assert not any((place / "climbed.txt").exists() for place in places)
    assert not list(tmp_path.rglob("climbed.txt")) and not Path("/abs-climbed.txt").exists()


def test_a_link_inside_a_volume_that_leads_out_is_not_read(
    store: CaseStore, tmp_path: Path, secret: Path
) -> None:
    volume = write_volume(tmp_path / "VOL003", [VolumeDoc("ABC0001", text_pages=["Roster"])])
    text = next((volume / "TEXT").rglob("ABC0001.txt"))
    text.unlink()
    text.symlink_to(secret)
    result = _ingest(store, volume)
    assert SECRET not in _stored_text(store)
    assert [f.reason for f in result.failed] == [
        "nothing to read: text file TEXT\\001\\ABC0001.txt not found"
    ]


def test_load_file_paths_that_climb_out_of_the_volume_are_not_read(
    store: CaseStore, tmp_path: Path, secret: Path
) -> None:
    climb = os.path.relpath(secret, tmp_path / "VOL003").replace("/", "\\")
    docs = [
        VolumeDoc("ABC0001", fields={"TEXTPATH": climb}),
        VolumeDoc("ABC0002", fields={"NATIVEPATH": str(secret)}),
        VolumeDoc("ABC0003", fields={"TEXTPATH": "TEXT\\..\\..\\private\\notes.txt"}),
    ]
    volume = write_volume(tmp_path / "VOL003", docs, columns=("BEGBATES", "ENDBATES"))
    result = _ingest(store, volume)
    assert SECRET not in _stored_text(store)
    assert len(result.failed) == 3 and all("not found" in f.reason for f in result.failed)


def test_attachment_names_with_folders_stay_inside_the_cases_attachments(
    store: CaseStore, tmp_path: Path
) -> None:
    message = EmailMessage()
    message["From"] = "sgt@riverton.example"
    message["Subject"] = "Files"
    message.set_content("Attached.")
    for name in ("../../../escaped.txt", "/etc/cron.d/escaped.txt", "C:\\Windows\\escaped.txt"):
        data = f"Roster attached as {name}\n".encode()
        message.add_attachment(data, maintype="text", subtype="plain", filename=name)
    mail = tmp_path / "VOL004" / "files.eml"
    mail.parent.mkdir()
    mail.write_bytes(bytes(message))
    result = _ingest(store, mail)
    assert result.ok
    written = list(tmp_path.rglob("escaped*.txt"))
    assert len(written) == 3 and all((tmp_path / "attachments") in p.parents for p in written)
    assert not any((place / "escaped.txt").exists() for place in tmp_path.parents[:4])
    assert not Path("/etc/cron.d/escaped.txt").exists()
