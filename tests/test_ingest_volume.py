"""Load-file volumes (Concordance DAT + Opticon OPT) ingest like any other production."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FakeModels, FakeOcr, tesseract_or_skip
from openpyxl import Workbook

from fixturekit.loadfile import VolumeDoc, write_volume
from fixturekit.pages import PageSpec, build_pdf
from monell.cli import main
from monell.index.update import update_index
from monell.ingest.run import ingest_paths
from monell.records import IngestResult
from monell.store import CaseStore

POLICY_PAGES = [
    "GENERAL ORDER 300 USE OF FORCE\nOfficers shall use only the force that is reasonable.",
    "300.4 NECK RESTRAINTS\nThe carotid restraint is prohibited unless deadly force is allowed.",
]


def _roster_bytes() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Roster"
    sheet.append(["Officer", "Badge", "Course", "Date", "Hours"])
    sheet.append(["Dana Pruitt", 4411, "Defensive Tactics: Handcuffing", "2019-03-04", 4])
    sheet.append(["Lee Ochoa", 3802, "Crisis Intervention Team", "2020-01-15", 40])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _volume(root: Path, **options: object) -> Path:
    """Three documents: extracted text with images, a scan with no text, a native roster."""
    docs = [
        VolumeDoc("RIV0000040", text_pages=POLICY_PAGES, image_pages=2, custodian="Chief Ames"),
        VolumeDoc("RIV0000042", image_pages=1, custodian="Lt. Ray"),
        VolumeDoc(
            "RIV0000043",
            native=("In-Service Roster 2019.xlsx", _roster_bytes()),
            image_pages=1,
            custodian="Training Unit",
        ),
    ]
    return write_volume(root, docs, **options)  # type: ignore[arg-type]


def _ingest(store: CaseStore, path: Path, production: str = "VOL003") -> IngestResult:
    return ingest_paths(store, [path], production, {"workers": 1}, ocr=FakeOcr())


def test_a_volume_ingests_with_bates_ranges_custodians_and_sheet_row_citations(
    store: CaseStore, tmp_path: Path
) -> None:
    result = _ingest(store, _volume(tmp_path / "VOL003"))
    assert result.ok and len(result.added) == 3
    documents = {d.bates_begin: d for d in store.list_documents()}
    policy, scan, roster = (documents[b] for b in ("RIV0000040", "RIV0000042", "RIV0000043"))
    assert (policy.bates_end, policy.page_count, policy.custodian) == (
        "RIV0000041",
        2,
        "Chief Ames",
    )
    assert policy.method_counts == {"load_text": 2}
    assert policy.load_reference == "VOL003.dat row 1 (RIV0000040)"
    assert scan.method_counts == {"ocr": 1} and scan.custodian == "Lt. Ray"
    assert roster.source_format == "xlsx" and roster.placeholder_bates
    assert roster.file_name == "In-Service Roster 2019.xlsx"
    assert roster.custodian == "Training Unit"
    page_bates = [
        r[0] for r in store.conn.execute(
            "SELECT bates FROM pages WHERE document_id = ? ORDER BY page_number", (policy.id,)
        )
    ]  # fmt: skip
    assert page_bates == ["RIV0000040", "RIV0000041"]

    update_index(store, tmp_path / "index", FakeModels())
    cites = {
        r[0] for r in store.conn.execute(
            "SELECT cite FROM passages WHERE document_id = ? AND kind = 'table'", (roster.id,)
        )
    }  # fmt: skip
    assert cites == {"sheet Roster, row 2", "sheet Roster, row 3"}


@pytest.mark.parametrize(
    ("style", "encoding"),
    [
        ("concordance", "utf-8"),
        ("concordance", "utf-8-sig"),
        ("concordance", "utf-16"),
        ("pipe", "cp1252"),
        ("comma", "utf-8"),
    ],
)
def test_delimiter_and_encoding_variants_ingest_the_same_documents(
    store: CaseStore, tmp_path: Path, style: str, encoding: str
) -> None:
    volume = _volume(tmp_path / "VOL003", style=style, encoding=encoding, layout_slashes="/")
    result = _ingest(store, volume)
    assert result.ok, result.failed
    assert sorted(d.bates_begin or "" for d in store.list_documents()) == [
        "RIV0000040", "RIV0000042", "RIV0000043",
    ]  # fmt: skip


def test_field_name_variants_map_to_bates_and_custodian(store: CaseStore, tmp_path: Path) -> None:
    volume = _volume(
        tmp_path / "VOL003", header_names={"BEGBATES": "Begin Bates", "CUSTODIAN": "Custodians"}
    )
    assert _ingest(store, volume).ok
    assert {d.custodian for d in store.list_documents()} == {
        "Chief Ames",
        "Lt. Ray",
        "Training Unit",
    }


def test_a_missing_text_file_falls_back_to_ocr_of_the_images(
    store: CaseStore, tmp_path: Path
) -> None:
    volume = _volume(tmp_path / "VOL003")
    (volume / "TEXT" / "001" / "RIV0000040.txt").unlink()
    ocr = FakeOcr(text="GENERAL ORDER 300 read by OCR")
    result = ingest_paths(store, [volume], "VOL003", {"workers": 1}, ocr=ocr)
    assert result.ok
    policy = next(d for d in result.added if d.bates_begin == "RIV0000040")
    assert policy.ocr_pages == 2
    assert any("text file missing" in w for w in policy.warnings)


def test_a_malformed_row_is_reported_and_the_other_rows_are_ingested(
    store: CaseStore, tmp_path: Path
) -> None:
    docs = [
        VolumeDoc("RIV0000050", text_pages=["Lesson plan: handcuffing."]),
        VolumeDoc("RIV0000051", raw_row="\u00feRIV0000051\u00fe\x14\u00feonly two fields"),
        VolumeDoc("RIV0000052", text_pages=["Roster of the 2019 in-service."]),
    ]
    volume = write_volume(tmp_path / "VOL004", docs)
    result = _ingest(store, volume, "VOL004")
    assert [d.bates_begin for d in result.added] == ["RIV0000050", "RIV0000052"]
    (failure,) = result.failed
    assert failure.path == "VOL004.dat row 2" and "\n" not in failure.reason
    assert [f.path for f in store.failures()["VOL004"]] == ["VOL004.dat row 2"]


def test_a_row_whose_files_are_all_missing_fails_alone_naming_them(
    store: CaseStore, tmp_path: Path
) -> None:
    docs = [
        VolumeDoc("RIV0000060", text_pages=["Use of force policy."]),
        VolumeDoc("RIV0000061", text_pages=["Complaint intake form."]),
    ]
    volume = write_volume(tmp_path / "VOL005", docs)
    (volume / "TEXT" / "001" / "RIV0000061.txt").unlink()
    result = _ingest(store, volume, "VOL005")
    assert [d.bates_begin for d in result.added] == ["RIV0000060"]
    (failure,) = result.failed
    assert failure.path == "VOL005.dat row 2 (RIV0000061)"
    assert "RIV0000061.txt" in failure.reason


def test_reingesting_a_volume_adds_nothing(store: CaseStore, tmp_path: Path) -> None:
    volume = _volume(tmp_path / "VOL003")
    _ingest(store, volume)
    again = _ingest(store, volume)
    assert again.added == () and len(again.already_present) == 3 and again.ok
    assert len(store.list_documents()) == 3


def test_mismatched_opt_page_counts_are_warnings_and_the_document_is_kept(
    store: CaseStore, tmp_path: Path
) -> None:
    docs = [
        VolumeDoc(
            "RIV0000070", text_pages=["one", "two", "three"], image_pages=3,
            fields={"PAGECOUNT": "5"},
        )
    ]  # fmt: skip
    result = _ingest(store, write_volume(tmp_path / "VOL006", docs), "VOL006")
    assert result.ok
    (added,) = result.added
    assert added.pages == 3 and any("PAGECOUNT" in w for w in added.warnings)


def test_text_without_page_breaks_keeps_every_page_and_says_so(
    store: CaseStore, tmp_path: Path
) -> None:
    volume = write_volume(
        tmp_path / "VOL007", [VolumeDoc("RIV0000080", text_pages=["a", "b", "c"], image_pages=3)]
    )
    (volume / "TEXT" / "001" / "RIV0000080.txt").write_text("all the text in one piece")
    result = _ingest(store, volume, "VOL007")
    (added,) = result.added
    assert added.pages == 3 and added.bates_end == "RIV0000082"
    assert any("no page breaks" in w for w in added.warnings)
    # Every page keeps its Bates number, so the audit sees no gap.
    assert [p.bates.text for p in store.stamped_pages()] == [
        "RIV0000080", "RIV0000081", "RIV0000082",
    ]  # fmt: skip


def test_ingest_command_reads_a_volume_and_docs_shows_the_format(
    case_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("monell.ingest.run.ocr_with_tesseract", FakeOcr())
    for module in ("monell.cli.ingest", "monell.cli.index"):
        monkeypatch.setattr(f"{module}.case_models", lambda case, workers=1: FakeModels())
    volume = write_volume(
        tmp_path / "VOL008",
        [
            VolumeDoc("RIV0000090", text_pages=["Lesson plan: handcuffing."]),
            VolumeDoc("RIV0000091", native=("Roster.xlsx", _roster_bytes())),
        ],
        style="pipe",
    )
    (volume / "DATA" / "VOL008.dat").write_bytes(
        (volume / "DATA" / "VOL008.dat").read_bytes() + b"^RIV0000092^|^broken\r\n"
    )
    runner = CliRunner()
    args = ["ingest", "--case", str(case_dir), str(volume), "--workers", "1"]
    result = runner.invoke(main, args)
    assert result.exit_code == 1
    assert "FAILED VOL008.dat row 3" in result.stderr
    docs = runner.invoke(main, ["docs", "--case", str(case_dir), "--json"])
    formats = {d["bates_begin"]: d["source_format"] for d in json.loads(docs.stdout)}
    assert formats == {"RIV0000090": "load_file", "RIV0000091": "xlsx"}
    status = runner.invoke(main, ["status", "--case", str(case_dir)])
    assert "VOL008.dat row 3" in status.output


@pytest.mark.ocr
def test_a_scanned_page_image_is_read_by_tesseract(store: CaseStore, tmp_path: Path) -> None:
    tesseract_or_skip()
    docs = [
        VolumeDoc(
            "RIV0000100",
            text_pages=["TRAINING BULLETIN\nProne restraint and positional asphyxia"],
            image_pages=1,
        )
    ]
    volume = write_volume(tmp_path / "VOL009", docs)
    (volume / "TEXT" / "001" / "RIV0000100.txt").unlink()
    result = ingest_paths(store, [volume], "VOL009", {"workers": 1})
    (added,) = result.added
    assert added.ocr_pages == 1 and added.bates_begin == "RIV0000100"
    text = store.conn.execute("SELECT text FROM pages").fetchone()[0]
    assert "asphyxia" in text.lower()


def test_the_dat_document_date_dates_a_document_whose_text_states_none(
    store: CaseStore, tmp_path: Path
) -> None:
    docs = [
        VolumeDoc(
            "RIV0000110", text_pages=["Roll call training bulletin on handcuffing."],
            fields={"DOCDATE": "03/15/2019", "DATESENT": "", "AUTHOR": "Sgt. Ruiz"},
        )
    ]  # fmt: skip
    _ingest(store, write_volume(tmp_path / "VOL010", docs), "VOL010")
    update_index(store, tmp_path / "index", FakeModels())
    (document,) = store.list_documents()
    assert (document.key_date, document.key_date_role) == ("2019-03-15", "issued")
    assert dict(document.fields)["author"] == "Sgt. Ruiz"


def test_files_the_load_file_never_names_are_a_note_and_not_ingested(
    store: CaseStore, tmp_path: Path
) -> None:
    volume = write_volume(tmp_path / "VOL011", [VolumeDoc("RIV0000120", text_pages=["Policy."])])
    (volume / "stray.pdf").write_bytes(b"%PDF-1.4 not named by the DAT")
    result = _ingest(store, volume, "VOL011")
    assert result.ok and len(result.added) == 1
    assert any("stray.pdf" in note and "not named" in note for note in result.notes)


def test_an_unstamped_native_pdf_is_numbered_from_the_dat_range(
    store: CaseStore, tmp_path: Path
) -> None:
    pdf = build_pdf(
        tmp_path / "policy.pdf", [PageSpec(lines=(text,), bates=None) for text in POLICY_PAGES]
    )
    native = VolumeDoc(
        "ABC0000100", end="ABC0000101", native=("Policy 300.pdf", pdf.read_bytes()),
        fields={"PAGECOUNT": "2"},
    )  # fmt: skip
    _ingest(store, write_volume(tmp_path / "VOL009", [native]), "VOL009")
    (document,) = store.list_documents()
    pages = store.conn.execute(
        "SELECT bates FROM pages WHERE document_id = ? ORDER BY page_number", (document.id,)
    ).fetchall()
    assert [bates for (bates,) in pages] == ["ABC0000100", "ABC0000101"]
    assert (document.bates_begin, document.bates_end) == ("ABC0000100", "ABC0000101")
