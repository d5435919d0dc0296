"""Issue 22, item 1: any file name. A name is stored and shown escaped, its raw bytes kept for
the audit; loose files, load-file volumes and email attachments alike. Every hostile name is
made here, in the test's own folder."""

from __future__ import annotations

import json
import os
from email.message import EmailMessage
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FakeModels, FakeOcr

from fixturekit.loadfile import VolumeDoc, write_volume
from monell.cli import main
from monell.ingest import run as ingest_run
from monell.ingest.run import ingest_paths
from monell.records import IngestResult
from monell.records.names import raw_bytes, shown, storable
from monell.store import CaseStore

TEXT = b"In-service roster: officers trained in de-escalation on 2019-03-04.\n"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Roster 2019.xlsx", "Roster 2019.xlsx"),  # an ordinary name is untouched
        ("Dienstplan für Müller – 北京.txt", "Dienstplan für Müller – 北京.txt"),  # printable
        (os.fsdecode(b"roster-\xff\xfe.txt"), "roster-\\xff\\xfe.txt"),  # not UTF-8
        ("memo\nFAILED x.pdf: forged.txt", "memo\\nFAILED x.pdf: forged.txt"),  # newline
        ("a\rb\tc.txt", "a\\rb\\tc.txt"),  # carriage return, tab
        ("red\x1b[31m.pdf", "red\\x1b[31m.pdf"),  # a terminal escape sequence
        ("nul\x00byte.txt", "nul\\x00byte.txt"),  # a NUL from a load file or a MIME header
        ("invoice\u202efdp.exe", "invoice\\u202efdp.exe"),  # right-to-left override
        ("\u200eleft\u200fright.txt", "\\u200eleft\\u200fright.txt"),  # direction marks
        ("line\u2028sep.txt", "line\\u2028sep.txt"),  # a Unicode line separator
        ("del\x7f.txt", "del\\x7f.txt"),  # DEL
        ("c1\x9b31m.txt", "c1\\x9b31m.txt"),  # the C1 control sequence introducer
    ],
)
def test_a_name_is_shown_with_every_hidden_character_spelled_out(raw: str, expected: str) -> None:
    assert shown(raw) == expected
    assert "\n" not in shown(raw) and shown(raw).encode("utf-8")  # one line, storable


def test_raw_bytes_are_kept_only_when_the_shown_name_differs() -> None:
    assert raw_bytes("/prod/Roster.xlsx") is None
    assert raw_bytes(os.fsdecode(b"/prod/r\xe9sum\xe9.txt")) == b"/prod/r\xe9sum\xe9.txt"
    assert raw_bytes("/prod/a\nb.txt") == b"/prod/a\nb.txt"


def test_text_keeps_its_lines_and_loses_only_undecodable_surrogates() -> None:
    assert storable("line 1\nline 2\f") == "line 1\nline 2\f"
    assert storable("caf" + os.fsdecode(b"\xe9")) == "caf\ufffd"


def test_text_spells_out_terminal_controls_and_keeps_its_layout() -> None:
    hostile = "Roster\x1b[2J\x1b]0;owned\x07 NUL\x00 CSI\x9b31m\tcol\r\nnext\fpage"
    assert storable(hostile) == (
        "Roster\\x1b[2J\\x1b]0;owned\\x07 NUL\\x00 CSI\\x9b31m\tcol\r\nnext\fpage"
    )


def test_a_documents_text_and_cells_are_stored_without_terminal_controls(
    store: CaseStore, tmp_path: Path
) -> None:
    folder = tmp_path / "VOL001"
    folder.mkdir()
    body = TEXT * 6  # a few escapes in real text (more would read as a binary file)
    (folder / "memo.txt").write_bytes(b"Training memo\x1b[31m red\x1b[0m\nsecond line\n" + body)
    (folder / "roster.csv").write_bytes(b"Officer,Course\nPruitt\x1b[2J,Handcuffing\n" + body)
    assert _ingest(store, folder).ok
    texts = [text for (text,) in store.conn.execute("SELECT text FROM pages")]
    cells = [rows for (rows,) in store.conn.execute("SELECT rows_json FROM page_tables")]
    assert any(t.startswith("Training memo\\x1b[31m red\\x1b[0m\nsecond line\n") for t in texts)
    assert all("\x1b" not in t for t in texts) and all("\\u001b" not in c for c in cells)


HOSTILE_NAMES = [
    pytest.param(b"roster-\xff\xfe.txt", id="not-utf8"),
    pytest.param(b"caf\xe9 roster.txt", id="latin1"),
    pytest.param(b"red\x1b[31mroster.txt", id="escape"),
    pytest.param("rtl\u202etxt.exe.txt".encode(), id="rtl-override"),
    pytest.param(b"memo\nFAILED other.pdf: forged.txt", id="newline"),
    pytest.param(("\u00e9" * 120 + ".txt").encode(), id="long-244-bytes"),
]


def _ingest(store: CaseStore, *paths: Path | str) -> IngestResult:
    return ingest_paths(store, list(paths), "VOL001", {"workers": 1}, ocr=FakeOcr())


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_a_loose_file_with_any_name_is_stored_escaped_with_its_raw_bytes(
    store: CaseStore, tmp_path: Path, name: bytes
) -> None:
    folder = os.fsencode(tmp_path / "VOL001")
    os.makedirs(folder)
    raw = os.path.join(folder, name)
    with open(raw, "wb") as handle:
        handle.write(TEXT)

    result = _ingest(store, tmp_path / "VOL001")

    assert result.ok and len(result.added) == 1
    expected = shown(os.fsdecode(raw))
    assert result.added[0].path == expected
    (document,) = store.list_documents()
    assert document.path == expected and document.file_name == shown(os.fsdecode(name))
    stored = store.conn.execute("SELECT path_bytes FROM documents").fetchone()[0]
    assert stored == (raw if shown(os.fsdecode(raw)) != os.fsdecode(raw) else None)
    # Re-running finds it by content and notes it under the same shown name.
    again = _ingest(store, tmp_path / "VOL001")
    assert again.added == () and again.already_present == (expected,)


def test_a_failed_file_with_an_undecodable_name_is_recorded_with_its_raw_bytes(
    store: CaseStore, tmp_path: Path
) -> None:
    raw = os.path.join(os.fsencode(tmp_path), b"scan-\xff.pdf")
    with open(raw, "wb") as handle:
        handle.write(b"not a pdf at all")
    result = _ingest(store, os.fsdecode(raw))
    (failure,) = result.failed
    assert failure.path == shown(os.fsdecode(raw))
    row = store.conn.execute("SELECT path, path_bytes FROM failed_files").fetchone()
    assert row == (failure.path, raw)


@pytest.fixture
def fake_engines(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ingest_run, "ocr_with_tesseract", FakeOcr())
    monkeypatch.setattr("monell.cli.ingest.tesseract_installed", lambda: True)
    monkeypatch.setattr("monell.cli.ingest.case_models", lambda case, workers=1: FakeModels())


def test_a_name_holding_a_newline_can_neither_split_nor_forge_a_failed_line(
    case_dir: Path, tmp_path: Path, fake_engines: None
) -> None:
    folder = tmp_path / "VOL001"
    folder.mkdir()
    (folder / "bad\nFAILED forged.pdf: planted.pdf").write_bytes(b"not a pdf")
    (folder / "clear\x1b[2J.pdf").write_bytes(b"not a pdf either")
    result = CliRunner().invoke(main, ["ingest", "--case", str(case_dir), str(folder)])
    assert result.exit_code == 1
    reason = "not a PDF: the file does not start with a PDF header (renamed or damaged?)"
    failed = [line for line in result.stderr.splitlines() if line.startswith("FAILED")]
    assert failed == [
        f"FAILED {folder}/bad\\nFAILED forged.pdf: planted.pdf: {reason}",
        f"FAILED {folder}/clear\\x1b[2J.pdf: {reason}",
    ]
    assert "\x1b" not in result.stderr + result.stdout
    status = CliRunner().invoke(main, ["status", "--case", str(case_dir), "--json"]).stdout
    (production,) = json.loads(status)["productions"]
    assert [f["file"] for f in production["failed"]] == [
        f"{folder}/bad\\nFAILED forged.pdf: planted.pdf",
        f"{folder}/clear\\x1b[2J.pdf",
    ]


def test_a_volume_finds_a_file_named_on_another_system_and_escapes_its_dat_names(
    store: CaseStore, tmp_path: Path
) -> None:
    volume = write_volume(
        tmp_path / "VOL003",
        [
            VolumeDoc("ABC0001", text_pages=["Roster"], fields={"FILENAME": "caf\xe9.txt"}),
            VolumeDoc("ABC0002", text_pages=["Memo"], fields={"FILENAME": "memo\x1b[31m\x00.txt"}),
        ],
        encoding="cp1252",
    )
    # The vendor's text file for row 1 was named in Windows-1252 on their system.
    text = next((volume / "TEXT").rglob("ABC0001.txt"))
    latin = os.path.join(os.fsencode(text.parent), b"caf\xe9.txt")
    os.rename(text, latin)
    dat = next((volume / "DATA").glob("*.dat"))
    dat.write_bytes(dat.read_bytes().replace(b"ABC0001.txt", b"caf\xe9.txt"))

    result = _ingest(store, volume)

    assert result.ok, result.failed
    names = sorted(d.file_name for d in store.list_documents())
    assert names == ["caf\xe9.txt", "memo\\x1b[31m\\x00.txt"]
    stored = store.conn.execute(
        "SELECT path, path_bytes FROM documents WHERE path_bytes IS NOT NULL"
    ).fetchall()
    assert stored == [(shown(os.fsdecode(latin)), latin)]


def test_attachments_keep_the_names_they_were_sent_under_escaped_and_never_a_path(
    store: CaseStore, tmp_path: Path
) -> None:
    message = EmailMessage()
    message["From"] = "sgt@riverton.example"
    message["Subject"] = "Rosters"
    message.set_content("Attached.")
    names = [
        "../../outside.txt",
        "C:\\Users\\sgt\\roster.txt",
        "rtl\u202etxt.exe.txt",
        "line\nbreak.txt",
        "x" * 300 + ".txt",
    ]
    for number, name in enumerate(names):
        message.add_attachment(
            TEXT + str(number).encode(),
            maintype="text",
            subtype="plain",
            filename=name.replace("\n", "NEWLINE"),
        )
    mail = tmp_path / "VOL004" / "rosters.eml"
    mail.parent.mkdir()
    # A newline reaches a name through RFC 2231's percent-encoding, which no library refuses.
    encoded = b"filename*=utf-8''line%0Abreak.txt"
    mail.write_bytes(bytes(message).replace(b'filename="lineNEWLINEbreak.txt"', encoded))
    assert encoded in mail.read_bytes()

    result = _ingest(store, mail)

    assert result.ok, result.failed
    children = sorted(d.file_name for d in store.list_documents() if d.parent_id)
    shown_names = ["outside.txt", "roster.txt", "rtl\\u202etxt.exe.txt", "line\\nbreak.txt"]
    assert children == sorted([*shown_names, "x" * 300 + ".txt"])
    assert not (tmp_path / "outside.txt").exists()
    assert not (tmp_path.parent / "outside.txt").exists()
    saved = [p for p in (tmp_path / "attachments").rglob("*") if p.is_file()]
    assert len(saved) == 5 and all(len(p.name) <= 124 for p in saved)


def test_a_path_named_on_the_command_line_may_hold_any_bytes(
    case_dir: Path, tmp_path: Path, fake_engines: None
) -> None:
    raw = os.path.join(os.fsencode(tmp_path), b"scan-\xff.pdf")
    with open(raw, "wb") as handle:
        handle.write(b"not a pdf")
    named = os.fsdecode(raw)
    result = CliRunner().invoke(main, ["ingest", "--case", str(case_dir), named])
    assert result.exit_code == 1
    assert f"FAILED {tmp_path}/scan-\\xff.pdf: not a PDF" in result.stderr
    assert result.stdout.startswith("scan-\\xff: 0 document(s) added")  # the default label
    missing = os.fsdecode(os.path.join(os.fsencode(tmp_path), b"gone-\xfe.pdf"))
    result = CliRunner().invoke(main, ["ingest", "--case", str(case_dir), missing])
    assert result.stderr == f"Error: {tmp_path}/gone-\\xfe.pdf: no such file or folder\n"
