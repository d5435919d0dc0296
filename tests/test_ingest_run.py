"""The ingest orchestrator: rolling volumes, idempotency, crash safety, failures as data."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FakeOcr, MakePdf

from fixturekit.pages import PageSpec, stamped_pages
from monell.errors import InputError
from monell.ingest.run import ingest_paths
from monell.parallel.local import LocalProcessExecutor
from monell.records import IngestResult
from monell.store import CaseStore
from monell.store import documents as documents_sql


def _ingest(
    store: CaseStore, *paths: Path, production: str = "VOL001", **options: object
) -> IngestResult:
    opts = {"workers": 1, **options}
    return ingest_paths(store, list(paths), production, opts, ocr=FakeOcr())


def _volume(make_pdf: MakePdf, name: str, first: int, docs: int, pages: int = 2) -> Path:
    for i in range(docs):
        start = first + i * pages
        make_pdf(f"{name}/RIV{start:07d}.pdf", stamped_pages("RIV", start, pages))
    return Path(name).resolve()


def test_ingesting_a_volume_stores_every_document_and_page(
    store: CaseStore, make_pdf: MakePdf
) -> None:
    result = _ingest(store, _volume(make_pdf, "VOL001", 1, 3))
    assert result.ok and len(result.added) == 3
    documents = store.list_documents()
    assert [(d.bates_begin, d.bates_end) for d in documents] == [
        ("RIV0000001", "RIV0000002"),
        ("RIV0000003", "RIV0000004"),
        ("RIV0000005", "RIV0000006"),
    ]
    assert {d.production for d in documents} == {"VOL001"}


def test_reingesting_same_files_adds_nothing(store: CaseStore, make_pdf: MakePdf) -> None:
    volume = _volume(make_pdf, "VOL001", 1, 3)
    _ingest(store, volume)
    again = _ingest(store, volume)
    assert again.added == () and len(again.already_present) == 3
    assert len(store.list_documents()) == 3


def test_second_volume_adds_only_new_documents(store: CaseStore, make_pdf: MakePdf) -> None:
    _ingest(store, _volume(make_pdf, "VOL001", 1, 2))
    vol2 = _volume(make_pdf, "VOL002", 5, 2)
    # The second volume re-produces a VOL001 document under another name.
    (vol2 / "reproduced.pdf").write_bytes(Path("VOL001/RIV0000001.pdf").read_bytes())
    result = _ingest(store, vol2, production="VOL002")
    assert len(result.added) == 2
    assert result.already_present == (str(vol2 / "reproduced.pdf"),)
    assert [d.production for d in store.list_documents()] == [
        "VOL001",
        "VOL001",
        "VOL002",
        "VOL002",
    ]


def test_identical_files_in_one_run_are_stored_once(store: CaseStore, make_pdf: MakePdf) -> None:
    first = make_pdf("VOL001/a.pdf", stamped_pages("RIV", 1, 2))
    (first.parent / "copy.pdf").write_bytes(first.read_bytes())
    result = _ingest(store, first.parent)
    assert len(result.added) == 1 and len(result.already_present) == 1


def test_interrupted_ingest_leaves_no_partial_document_and_rerun_completes(
    store: CaseStore, make_pdf: MakePdf, monkeypatch: pytest.MonkeyPatch
) -> None:
    volume = _volume(make_pdf, "VOL001", 1, 3)
    real_insert = documents_sql.insert
    stored: list[str] = []

    def insert_then_die(conn, document, production_id, now):  # type: ignore[no-untyped-def]
        if len(stored) == 1:
            real_insert(conn, document, production_id, now)  # pages written, then the crash
            raise KeyboardInterrupt("killed mid-document")
        stored.append(document.source.path)
        return real_insert(conn, document, production_id, now)

    monkeypatch.setattr(documents_sql, "insert", insert_then_die)
    with pytest.raises(KeyboardInterrupt):
        _ingest(store, volume)
    assert len(store.list_documents()) == 1  # the second document rolled back entirely
    assert store.conn.execute("SELECT COUNT(*) FROM pages").fetchone()[0] == 2

    monkeypatch.setattr(documents_sql, "insert", real_insert)
    result = _ingest(store, volume)
    assert len(result.added) == 2 and len(result.already_present) == 1
    assert store.conn.execute("SELECT COUNT(*) FROM pages").fetchone()[0] == 6
    assert store.conn.execute("SELECT COUNT(DISTINCT sha256) FROM documents").fetchone()[0] == 3


def test_bad_files_are_recorded_and_do_not_stop_the_others(
    store: CaseStore, make_pdf: MakePdf
) -> None:
    _ingest(store, _volume(make_pdf, "VOL001", 1, 1))
    volume = _volume(make_pdf, "VOL002", 3, 1)
    (volume / "empty.pdf").write_bytes(b"")
    (volume / "notes.docx").write_bytes(b"PK\x03\x04 not a pdf")
    result = _ingest(store, volume, production="VOL002")
    assert not result.ok
    assert [(Path(f.path).name, f.reason.split(":")[0]) for f in result.failed] == [
        ("empty.pdf", "empty file (0 bytes)"),
        ("notes.docx", "not a readable .docx Word document (damaged or password-protected?)"),
    ]
    assert len(store.list_documents()) == 2  # prior data kept, the good file stored
    assert [Path(f.path).name for f in store.failures()["VOL002"]] == ["empty.pdf", "notes.docx"]


def test_a_fixed_file_clears_its_recorded_failure(store: CaseStore, make_pdf: MakePdf) -> None:
    volume = Path("VOL001").resolve()
    volume.mkdir()
    (volume / "late.pdf").write_bytes(b"")
    _ingest(store, volume)
    make_pdf("VOL001/late.pdf", stamped_pages("RIV", 1, 1))
    assert _ingest(store, volume).ok
    assert store.failures() == {}


def test_missing_path_is_an_error_before_anything_is_stored(
    store: CaseStore, make_pdf: MakePdf
) -> None:
    volume = _volume(make_pdf, "VOL001", 1, 1)
    with pytest.raises(InputError, match="no such file or folder"):
        _ingest(store, volume, Path("does-not-exist"))
    assert store.list_documents() == []
    assert store.production_counts() == []


def test_hidden_files_and_os_litter_are_ignored(store: CaseStore, make_pdf: MakePdf) -> None:
    volume = _volume(make_pdf, "VOL001", 1, 1)
    (volume / "Thumbs.db").write_bytes(b"litter")
    (volume / ".DS_Store").write_bytes(b"litter")
    assert _ingest(store, volume).ok


def test_large_documents_are_split_into_page_chunks_and_reassembled(
    store: CaseStore, make_pdf: MakePdf
) -> None:
    path = make_pdf("VOL001/long.pdf", stamped_pages("RIV", 1, 7))
    result = _ingest(store, path, chunk_pages=3)
    assert result.added[0].pages == 7
    numbers = [r[0] for r in store.conn.execute("SELECT page_number FROM pages ORDER BY id")]
    assert numbers == list(range(1, 8))


def test_process_pool_gives_the_same_documents_as_inline(tmp_path: Path, make_pdf: MakePdf) -> None:
    volume = _volume(make_pdf, "VOL001", 1, 3, pages=3)
    make_pdf("VOL001/scan.pdf", [PageSpec(image_only=True)])
    results = []
    for workers in (1, 2):
        with CaseStore(tmp_path / f"w{workers}.db") as db:
            executor = LocalProcessExecutor(workers) if workers > 1 else None
            ingest_paths(
                db,
                [volume],
                "VOL001",
                {"workers": workers, "chunk_pages": 2},
                executor=executor,
                ocr=FakeOcr(),
            )
            if executor:
                executor.close()
            rows = db.conn.execute(
                "SELECT d.sha256, p.page_number, p.text, p.method, p.bates FROM pages p "
                "JOIN documents d ON d.id = p.document_id ORDER BY d.sha256, p.page_number"
            ).fetchall()
            results.append(rows)
    assert results[0] == results[1]
    assert len(results[0]) == 10
