"""Incremental indexing: only new documents are analysed; FAISS stays in step with the store."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FakeModels, FakeOcr, MakePdf

from fixturekit.pages import PageSpec
from monell.index.update import open_vector_index, update_index
from monell.index.vectors import INDEX_FILE, fingerprint_of
from monell.ingest.run import ingest_paths
from monell.store import CaseStore

POLICY = (
    "GENERAL ORDER 300 USE OF FORCE",
    "Effective Date: 03/01/2019",
    "300.4 NECK RESTRAINTS",
    "Officers shall not use a lateral vascular neck restraint or carotid hold.",
    "The restraint may be used only when deadly force would be authorized.",
)
LESSON = (
    "LESSON PLAN: ARREST AND CONTROL",
    "Learning Objectives",
    "Students will demonstrate handcuffing of a compliant subject.",
    "Students will practise escorting a handcuffed prisoner to the patrol car.",
)


def _ingest(store: CaseStore, path: Path, production: str = "VOL001") -> None:
    ingest_paths(store, [path], production, {"workers": 1}, ocr=FakeOcr())


@pytest.fixture
def indexed(store: CaseStore, make_pdf: MakePdf, tmp_path: Path) -> tuple[CaseStore, Path]:
    _ingest(store, make_pdf("VOL001/policy.pdf", [PageSpec(lines=POLICY, bates="RIV0000001")]))
    folder = tmp_path / "indexes"
    update_index(store, folder, FakeModels())
    return store, folder


def _faiss_ids(store: CaseStore, folder: Path) -> list[int]:
    index, _ = open_vector_index(store, folder)
    return sorted(int(i) for i in index.ids())


def test_indexing_stores_passages_vectors_and_a_matching_faiss_file(
    indexed: tuple[CaseStore, Path],
) -> None:
    store, folder = indexed
    passage_ids = sorted(store.vector_ids())
    assert passage_ids and store.count_passages() == len(passage_ids)
    assert (folder / INDEX_FILE).is_file()
    assert _faiss_ids(store, folder) == passage_ids
    (document,) = store.list_documents()
    assert document.doc_type == "policy"
    assert (document.key_date, document.key_date_role) == ("2019-03-01", "effective")


def test_a_new_document_is_the_only_one_analysed(
    indexed: tuple[CaseStore, Path], make_pdf: MakePdf
) -> None:
    store, folder = indexed
    before = set(store.vector_ids())
    _ingest(
        store, make_pdf("VOL002/lesson.pdf", [PageSpec(lines=LESSON, bates="RIV0000002")]), "VOL002"
    )
    report = update_index(store, folder, FakeModels())
    assert report.documents == 1 and not report.rebuilt
    assert before < set(store.vector_ids())
    assert _faiss_ids(store, folder) == sorted(store.vector_ids())


def test_nothing_pending_means_nothing_analysed(indexed: tuple[CaseStore, Path]) -> None:
    store, folder = indexed
    report = update_index(store, folder, FakeModels())
    assert (report.documents, report.passages, report.rebuilt) == (0, 0, False)


def test_removing_a_document_removes_its_passages_vectors_and_keyword_entries(
    indexed: tuple[CaseStore, Path],
) -> None:
    store, folder = indexed
    (document,) = store.list_documents()
    removed = store.delete_document(document.id)
    assert removed and store.vector_ids() == [] and store.count_passages() == 0
    assert store.keyword_search(["restraint"], 10, (), None) == []
    index, rebuilt = open_vector_index(store, folder)
    assert rebuilt and index.count == 0  # the stale file is detected and rebuilt


@pytest.mark.parametrize("damage", ["delete", "truncate"])
def test_a_missing_or_torn_faiss_file_is_rebuilt_from_the_store(
    indexed: tuple[CaseStore, Path], damage: str
) -> None:
    store, folder = indexed
    path = folder / INDEX_FILE
    if damage == "delete":
        path.unlink()
    else:
        path.write_bytes(path.read_bytes()[:100])
    index, rebuilt = open_vector_index(store, folder)
    assert rebuilt
    assert index.fingerprint() == fingerprint_of(store.vector_ids(), index.dimension)
    assert path.is_file()


def test_full_reindex_keeps_a_reviewers_type_override(indexed: tuple[CaseStore, Path]) -> None:
    store, folder = indexed
    (document,) = store.list_documents()
    store.set_type_override(document.id, "lesson_plan")
    old_ids = set(store.vector_ids())
    report = update_index(store, folder, FakeModels(), full=True)
    assert report.documents == 1
    assert not old_ids & set(store.vector_ids())  # new passages, never reused ids
    (document,) = store.list_documents()
    assert (document.doc_type, document.doc_type_overridden) == ("lesson_plan", True)
    assert _faiss_ids(store, folder) == sorted(store.vector_ids())


def test_a_document_that_breaks_analysis_is_reported_and_the_rest_indexed(
    store: CaseStore, make_pdf: MakePdf, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _ingest(store, make_pdf("VOL001/a.pdf", [PageSpec(lines=POLICY, bates="RIV0000001")]))
    _ingest(store, make_pdf("VOL001/b.pdf", [PageSpec(lines=LESSON, bates="RIV0000002")]))
    import monell.index.update as update

    real = update.draft_annotation

    def explode_on_lessons(document, pages, guess=None):  # type: ignore[no-untyped-def]
        if document.file_name == "b.pdf":
            raise ValueError("unreadable text")
        return real(document, pages, guess)

    monkeypatch.setattr(update, "draft_annotation", explode_on_lessons)
    report = update_index(store, tmp_path / "indexes", FakeModels())
    assert report.documents == 1
    assert [reason for _, reason in report.failed] == [
        "analysis failed: ValueError: unreadable text"
    ]
    assert store.pending_documents() == [2]  # tried again on the next run


def test_parallel_analysis_matches_single_process(make_pdf: MakePdf, tmp_path: Path) -> None:
    """A long document is spread over workers by page batch: the result must not change."""
    from monell.parallel.local import LocalProcessExecutor

    pages = [
        PageSpec(lines=POLICY if i % 2 else LESSON, bates=f"RIV{i + 1:07d}") for i in range(40)
    ]
    path = make_pdf("VOL001/manual.pdf", pages)
    rows = []
    for workers in (1, 2):
        with CaseStore(tmp_path / f"w{workers}.db") as db:
            db.write_case_info("x", "", "2021-01-01")
            _ingest(db, path)
            executor = LocalProcessExecutor(2) if workers == 2 else None
            try:
                update_index(db, tmp_path / f"idx{workers}", FakeModels(), executor=executor)
            finally:
                if executor:
                    executor.close()
            rows.append(
                db.conn.execute(
                    "SELECT p.ordinal, p.page_number, p.heading, p.text, v.vector FROM passages p "
                    "JOIN passage_vectors v ON v.passage_id = p.id ORDER BY p.ordinal"
                ).fetchall()
            )
    assert rows[0] == rows[1] and len(rows[0]) >= 40
