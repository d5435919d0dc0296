"""Issue 22, item 4: output escapes control characters in names and text. A production's
names, cells, load-file fields and document text may hold escape sequences, NULs, C1
controls and direction overrides; none of them reaches a terminal through any command
(the ingest summary, FAILED lines, `monell status`, `monell docs`, `monell search`), nor
the case database that the report and the review page read. Every hostile input is made
here, in the test's own folder."""

from __future__ import annotations

import re
import sqlite3
import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FakeModels, FakeOcr

from fixturekit.loadfile import VolumeDoc, write_volume
from monell.cli import main
from monell.ingest import run as ingest_run
from monell.ingest.natives import plaintext

# What must never be printed raw: C0 controls but tab and newline, DEL, C1 (CSI among
# them), and the bidirectional overrides that make a line read backwards.
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# What the case database may hold in document text: lines and page breaks are content.
STORED_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
ESCAPE = "\x1b]0;owned\x07\x1b[2J\x1b[31m"  # retitle the window, clear the screen, go red
# Ordinary prose around them: a file that is mostly controls is refused as binary data.
PROSE = "The academy delivered the annual use of force refresher to every patrol officer. " * 20


@pytest.fixture
def fake_engines(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ingest_run, "ocr_with_tesseract", FakeOcr())
    monkeypatch.setattr("monell.cli.ingest.tesseract_installed", lambda: True)
    for module in ("monell.cli.ingest", "monell.cli.index"):
        monkeypatch.setattr(f"{module}.case_models", lambda case, workers=1: FakeModels())
    # The change snapshot reads the analysis with the real models and prints no document
    # text; it is left out to keep this test fast.
    monkeypatch.setattr("monell.cli.ingest._snapshot", lambda *args: None)


def _hostile_production(root: Path) -> Path:
    loose = root / "LOOSE"
    loose.mkdir(parents=True)
    (loose / f"roster{ESCAPE}\u202etxt.txt").write_text(
        f"{PROSE}\nForce training{ESCAPE} held\x00 on 2019-03-04 \x9b31m by Sgt. Lee.\n{PROSE}",
        encoding="utf-8",
    )
    cells = [f"Officer {n},Use of force refresher,2019-03-0{n % 9 + 1}" for n in range(60)]
    (loose / "sheet.csv").write_text(
        "\n".join(["Officer,Course,Date", f"Lee{ESCAPE},Use of force\x00 refresher,2019", *cells]),
        encoding="utf-8",
    )
    (loose / f"broken{ESCAPE}.pdf").write_bytes(b"not a pdf")
    write_volume(
        root / "VOL001",
        [
            VolumeDoc(
                "ABC0001",
                text_pages=[f"Memo about force{ESCAPE} training\x00"],
                fields={"CUSTODIAN": f"Chief{ESCAPE}", "FILENAME": f"memo{ESCAPE}.txt"},
            )
        ],
    )
    return root


def _run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.stdout + result.stderr


def test_no_command_prints_a_control_character_from_a_production(
    case_dir: Path, tmp_path: Path, fake_engines: None
) -> None:
    root = _hostile_production(tmp_path / "incoming")
    case = ["--case", str(case_dir)]
    outputs = {
        "ingest loose": _run("ingest", *case, str(root / "LOOSE")),
        "ingest volume": _run("ingest", *case, str(root / "VOL001")),
        "ingest --json": _run("ingest", *case, str(root / "LOOSE"), "--json"),
        "status": _run("status", *case),
        "status --json": _run("status", *case, "--json"),
        "docs": _run("docs", *case),
        "docs --json": _run("docs", *case, "--json"),
        "search": _run("search", *case, "force training", "--k", "10"),
        "search --json": _run("search", *case, "force training", "--json"),
    }
    assert "FAILED" in outputs["ingest loose"]  # the broken PDF's line is there, escaped
    assert "broken\\x1b]0;owned\\x07" in outputs["ingest loose"]
    assert "Chief" in outputs["docs --json"] or "memo" in outputs["docs --json"]
    assert "Lee" in outputs["search"] + outputs["search --json"]
    printed = {name: RAW_CONTROL.findall(text) for name, text in outputs.items()}
    assert printed == {name: [] for name in outputs}


def test_the_case_database_holds_no_terminal_control_from_a_production(
    case_dir: Path, tmp_path: Path, fake_engines: None
) -> None:
    root = _hostile_production(tmp_path / "incoming")
    for folder in ("LOOSE", "VOL001"):
        _run("ingest", "--case", str(case_dir), str(root / folder))
    db = sqlite3.connect(case_dir / "monell.db")
    found = []
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    for table in tables:
        if table.startswith("passages_fts") or table == "sqlite_sequence":
            continue  # the FTS index's own copies of the passages checked here
        columns = [c[1] for c in db.execute(f"PRAGMA table_info({table})")]
        for column in columns:
            for (value,) in db.execute(f'SELECT "{column}" FROM {table}'):
                if isinstance(value, str) and STORED_CONTROL.search(value):
                    found.append((table, column, value[:80]))
    assert db.execute("SELECT count(*) FROM documents").fetchone()[0] == 3
    assert found == []


def test_a_document_whose_analysis_fails_is_named_by_its_file_on_one_line(
    case_dir: Path, tmp_path: Path, fake_engines: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "VOL001"
    folder.mkdir()
    (folder / f"roster{ESCAPE}.txt").write_text(PROSE)

    def breaks(*args: object) -> None:
        raise ValueError(f"a model choked on\n{ESCAPE}this text")

    monkeypatch.setattr("monell.index.update.annotate_pages", breaks)
    out = _run("ingest", "--case", str(case_dir), str(folder), "--workers", "1")
    failed = [line for line in out.splitlines() if line.startswith("FAILED")]
    assert failed == [
        "FAILED document 1 (roster\\x1b]0;owned\\x07\\x1b[2J\\x1b[31m.txt): analysis failed: "
        "ValueError: a model choked on\\n\\x1b]0;owned\\x07\\x1b[2J\\x1b[31mthis text"
    ]


def test_a_librarys_warning_is_printed_as_one_line_naming_its_file(
    case_dir: Path, tmp_path: Path, fake_engines: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = plaintext.decode_bytes

    def warns(data: bytes) -> tuple[str, str]:
        warnings.warn(f"Workbook contains no default style\n{ESCAPE}", stacklevel=1)
        return real(data)

    monkeypatch.setattr(plaintext, "decode_bytes", warns)
    folder = tmp_path / "VOL001"
    folder.mkdir()
    (folder / "roster.txt").write_text(PROSE)
    out = _run("ingest", "--case", str(case_dir), str(folder), "--workers", "1")
    lines = [line for line in out.splitlines() if "default style" in line]
    assert lines == [
        f"Warning: {folder / 'roster.txt'}: note from the reader: Workbook contains no "
        "default style \\x1b]0;owned\\x07\\x1b[2J\\x1b[31m"
    ]
