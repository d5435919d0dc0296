"""Issue 22, item 4: resume is exact, every skipped file is named, a link never leads
outside the input, partial files keep their readable part, and a library's warning or error
reaches the paralegal as a line about the file. Every hostile input is generated here."""

from __future__ import annotations

import os
import struct
import warnings
from email.message import EmailMessage
from pathlib import Path

import pytest
from conftest import FakeOcr
from PIL import Image

from fixturekit.loadfile import VolumeDoc, write_volume
from fixturekit.oversized import lying_page_tree_pdf, write_pdf_objects
from monell.ingest import run as ingest_run
from monell.ingest.natives import plaintext
from monell.ingest.run import ingest_paths
from monell.records import IngestResult
from monell.store import CaseStore

ROSTER = b"In-service roster: officers trained in de-escalation on 2019-03-04.\n"


def _ingest(store: CaseStore, *paths: Path) -> IngestResult:
    return ingest_paths(store, list(paths), "VOL001", {"workers": 1}, ocr=FakeOcr())


def _email(path: Path, attachments: list[tuple[str, bytes]]) -> Path:
    message = EmailMessage()
    message["From"] = "sgt@riverton.example"
    message["Subject"] = "Rosters for the file"
    message.set_content("Both rosters attached.")
    for name, data in attachments:
        message.add_attachment(data, maintype="text", subtype="plain", filename=name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(bytes(message))
    return path


def test_a_run_killed_after_the_email_but_before_its_attachments_resumes_them(
    store: CaseStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mail = _email(
        tmp_path / "VOL001" / "rosters.eml", [("a.txt", ROSTER), ("b.txt", ROSTER + b"2")]
    )

    def killed(self: object) -> list[str]:
        raise SystemExit(137)  # the process dies right after the email's transaction

    with monkeypatch.context() as patch:
        patch.setattr(ingest_run._Run, "take_attachments", killed)
        with pytest.raises(SystemExit):
            _ingest(store, mail)
    assert [d.file_name for d in store.list_documents()] == ["rosters.eml"]
    assert len(store.pending_attachments()) == 2  # recorded with the email, atomically

    again = _ingest(store, mail)

    assert again.already_present == (str(mail),)
    children = sorted(d.file_name for d in store.list_documents() if d.parent_id)
    assert children == ["a.txt", "b.txt"]
    assert store.pending_attachments() == []


def test_two_attachments_with_the_same_name_are_both_kept(store: CaseStore, tmp_path: Path) -> None:
    mail = _email(
        tmp_path / "VOL001" / "m.eml", [("report.txt", ROSTER), ("report.txt", b"Memo\n")]
    )
    result = _ingest(store, mail)
    assert result.ok
    children = [d for d in store.list_documents() if d.parent_id]
    assert [d.file_name for d in children] == ["report.txt", "report.txt"]
    assert len({d.sha256 for d in children}) == 2
    saved = sorted(p.name for p in (tmp_path / "attachments").rglob("*.txt"))
    assert saved == ["report (2).txt", "report.txt"]


def test_a_link_out_of_the_input_is_refused_and_a_link_inside_is_followed(
    store: CaseStore, tmp_path: Path
) -> None:
    secret = tmp_path / "outside" / "notes.txt"
    secret.parent.mkdir()
    secret.write_text("privileged work product: never part of a production\n")
    folder = tmp_path / "VOL001"
    (folder / "sub").mkdir(parents=True)
    (folder / "roster.txt").write_bytes(ROSTER)
    (folder / "escape.txt").symlink_to(secret)
    (folder / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    (folder / "again.txt").symlink_to(folder / "roster.txt")  # inside: the same file
    (folder / "linked-folder").symlink_to(secret.parent, target_is_directory=True)

    result = _ingest(store, folder)

    reasons = {Path(f.path).name: f.reason for f in result.failed}
    assert all(Path(f.path).is_absolute() for f in result.failed)  # named like other files
    assert reasons["escape.txt"].startswith(f"a link to a file that is outside: {secret}")
    assert reasons["dangling.txt"].startswith("a link to a file that does not exist")
    assert [Path(d.path).name for d in result.added] == ["roster.txt"]
    texts = store.conn.execute("SELECT text FROM pages").fetchall()
    assert not any("privileged" in text for (text,) in texts)
    assert any("linked-folder" in note and "a linked folder" in note for note in result.notes)


def test_hidden_files_and_system_litter_are_named_in_a_note(
    store: CaseStore, tmp_path: Path
) -> None:
    folder = tmp_path / "VOL001"
    (folder / ".git").mkdir(parents=True)
    (folder / ".git" / "config").write_text("[core]\n")
    (folder / ".hidden roster.txt").write_bytes(ROSTER)
    (folder / "Thumbs.db").write_bytes(b"\x00" * 16)
    (folder / "roster.txt").write_bytes(ROSTER)
    result = _ingest(store, folder)
    assert [Path(d.path).name for d in result.added] == ["roster.txt"]
    (note,) = result.notes
    assert note.startswith("3 hidden, system or linked item(s) skipped: ")
    assert all(name in note for name in (".git", ".hidden roster.txt", "Thumbs.db"))


def test_a_volume_with_a_header_and_no_rows_fails_with_a_reason(
    store: CaseStore, tmp_path: Path
) -> None:
    volume = write_volume(tmp_path / "VOL003", [VolumeDoc("ABC0001", text_pages=["x"])])
    dat = next((volume / "DATA").glob("*.dat"))
    dat.write_bytes(dat.read_bytes().split(b"\r\n")[0] + b"\r\n")  # the header line only
    result = _ingest(store, volume)
    (failure,) = result.failed
    assert failure.reason.endswith(
        "the load file has a header but no document rows: nothing in this volume was ingested "
        "(ask the producing party for the complete load file)"
    )


def test_a_pdf_whose_page_tree_claims_100000_pages_keeps_its_two_real_ones(
    store: CaseStore, tmp_path: Path
) -> None:
    pdf = lying_page_tree_pdf(tmp_path / "VOL001" / "lesson.pdf", claimed=100_000)
    result = _ingest(store, pdf)
    assert result.ok
    (document,) = result.added
    assert document.pages == 2
    assert document.warnings[0] == (
        "the PDF says it has 100,000 pages but only the first 2 can be read (a damaged or "
        "truncated file?): those were kept"
    )


def test_a_library_warning_becomes_a_line_about_the_file_and_is_never_printed(
    store: CaseStore,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
) -> None:
    real = plaintext.decode_bytes

    def warning_decoder(data: bytes) -> tuple[str, str]:
        warnings.warn(
            "Data Validation extension is not supported\nand will be removed", stacklevel=1
        )
        return real(data)

    monkeypatch.setattr(plaintext, "decode_bytes", warning_decoder)
    path = tmp_path / "VOL001" / "roster.txt"
    path.parent.mkdir()
    path.write_bytes(ROSTER)

    result = _ingest(store, path)

    (document,) = result.added
    assert (
        "note from the reader: Data Validation extension is not supported and will be removed"
        in document.warnings
    )
    assert "Data Validation" not in capfd.readouterr().err


def test_a_tiff_page_without_dimensions_is_a_damaged_page_not_a_type_error(
    store: CaseStore, tmp_path: Path
) -> None:
    scan = tmp_path / "VOL001" / "fax.tif"
    scan.parent.mkdir()
    Image.new("L", (850, 1100), 255).save(scan)
    data = bytearray(scan.read_bytes())
    # A second page whose directory holds only a compression tag: no width, no length.
    second = len(data) + (len(data) % 2)
    data += b"\x00" * (second - len(data))
    data += struct.pack("<H", 1) + struct.pack("<HHII", 259, 3, 1, 1) + struct.pack("<I", 0)
    first_ifd = struct.unpack("<I", data[4:8])[0]
    entries = struct.unpack("<H", data[first_ifd : first_ifd + 2])[0]
    next_pointer = first_ifd + 2 + 12 * entries
    data[next_pointer : next_pointer + 4] = struct.pack("<I", second)
    scan.write_bytes(bytes(data))

    result = _ingest(store, scan)

    text = " ".join(
        [f.reason for f in result.failed] + [w for d in result.added for w in d.warnings]
    )
    assert "TypeError" not in text and "Missing dimensions" not in text
    assert "damaged" in text


def test_a_finished_run_leaves_nothing_pending_and_adds_nothing_the_second_time(
    store: CaseStore, tmp_path: Path
) -> None:
    # A second run after a finished one stores nothing new and leaves nothing pending.
    mail = _email(tmp_path / "VOL001" / "x.eml", [("a.txt", ROSTER)])
    _ingest(store, mail)
    again = _ingest(store, mail)
    assert again.added == () and store.pending_attachments() == []
    assert os.path.exists(tmp_path / "attachments")


def test_a_volume_row_naming_no_file_says_so_in_plain_words(
    store: CaseStore, tmp_path: Path
) -> None:
    volume = write_volume(
        tmp_path / "VOL003", [VolumeDoc("ABC0001", page_count=1)], columns=("BEGBATES",)
    )
    (failure,) = _ingest(store, volume).failed
    assert failure.reason == "nothing to read: the row names no text, image or file"


def test_a_damaged_page_in_the_middle_of_a_pdf_costs_that_page_only(
    store: CaseStore, tmp_path: Path
) -> None:
    font = "/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >>"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R 4 0 R 5 0 R] /Count 3 >>",
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 6 0 R {font} >>".encode(),
        b"(the second page object is not a page at all)",
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 7 0 R {font} >>".encode(),
    ]
    for number in (1, 3):
        text = f"BT /F1 12 Tf 72 700 Td (Roster page {number}) Tj ET".encode()
        objects.append(b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream")
    pdf = write_pdf_objects(tmp_path / "VOL001" / "roster.pdf", objects)

    result = _ingest(store, pdf)

    (document,) = result.added
    assert document.pages == 3
    assert document.warnings[0] == (
        "page(s) 2 cannot be read (the PDF is damaged there): kept as unread pages"
    )
    texts = [t for (t,) in store.conn.execute("SELECT text FROM pages ORDER BY page_number")]
    assert texts == ["Roster page 1", "", "Roster page 3"]
