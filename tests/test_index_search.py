"""Hybrid search: keyword and meaning rankings fused; filters; a real-model paraphrase test."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FakeEmbedder, FakeModels, FakeOcr, MakePdf

from fixturekit.pages import PageSpec
from monell.errors import InputError
from monell.index.search import keyword_words, search_passages
from monell.index.update import PackagedModels, open_vector_index, update_index
from monell.ingest.run import ingest_paths
from monell.resources import embedding_model_path
from monell.store import CaseStore

DOCUMENTS = {
    "VOL001/policy.pdf": (
        "GENERAL ORDER 300 USE OF FORCE",
        "Effective Date: 03/01/2019",
        "300.4 NECK RESTRAINTS",
        "Officers may apply a lateral vascular neck restraint only when deadly "
        "force is authorized, and must monitor breathing afterwards.",
    ),
    "VOL001/lesson.pdf": (
        "LESSON PLAN: ARREST AND CONTROL",
        "LEARNING OBJECTIVES",
        "Students will demonstrate handcuffing of a compliant subject and "
        "double-lock the cuffs to prevent injury.",
    ),
    "VOL002/ia.pdf": (
        "INTERNAL AFFAIRS COMPLAINT IA #2019-0142",
        "Complainant states the officer "
        "kicked his vehicle door and used profanity during a traffic stop.",
    ),
}


@pytest.fixture
def case_index(store: CaseStore, make_pdf: MakePdf, tmp_path: Path) -> tuple[CaseStore, Path]:
    for number, (name, lines) in enumerate(DOCUMENTS.items(), start=1):
        path = make_pdf(name, [PageSpec(lines=lines, bates=f"RIV{number:07d}")])
        ingest_paths(store, [path], name.split("/")[0], {"workers": 1}, ocr=FakeOcr())
    update_index(store, tmp_path / "indexes", FakeModels())
    return store, tmp_path / "indexes"


def _search(case_index: tuple[CaseStore, Path], query: str, **kwargs: object) -> list[str]:
    store, folder = case_index
    index, _ = open_vector_index(store, folder)
    hits = search_passages(store, index, FakeEmbedder(), query, **kwargs)  # type: ignore[arg-type]
    return [Path(hit.passage.file).name for hit in hits]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("where do they teach handcuffing?", ["teach", "handcuffing"]),
        ('neck "restraint" OR', ["neck", "restraint"]),  # FTS syntax is never passed through
        ("Neck restraint, neck", ["neck", "restraint"]),  # each word once
        ("the of and", []),  # nothing left to search for by keyword
    ],
)
def test_keyword_words_are_the_meaningful_words_once_each(query: str, expected: list[str]) -> None:
    assert keyword_words(query) == expected


def test_best_passage_comes_first_with_its_citation(case_index: tuple[CaseStore, Path]) -> None:
    store, folder = case_index
    index, _ = open_vector_index(store, folder)
    (hit, *_) = search_passages(store, index, FakeEmbedder(), "lateral vascular neck restraint")
    assert Path(hit.passage.file).name == "policy.pdf"
    assert (hit.passage.page, hit.passage.bates, hit.passage.doc_type) == (
        1,
        "RIV0000001",
        "policy",
    )
    assert hit.passage.heading == "300.4 NECK RESTRAINTS"
    assert hit.keyword_rank == 1 and hit.dense_rank is not None


def test_filters_by_type_and_production(case_index: tuple[CaseStore, Path]) -> None:
    assert set(_search(case_index, "officer restraint handcuffing", doc_types=["lesson_plan"])) == {
        "lesson.pdf"
    }
    assert set(_search(case_index, "officer restraint handcuffing", production="VOL002")) == {
        "ia.pdf"
    }


def test_bad_search_arguments_are_refused(case_index: tuple[CaseStore, Path]) -> None:
    with pytest.raises(InputError, match="unknown document type 'memo'"):
        _search(case_index, "force", doc_types=["memo"])
    with pytest.raises(InputError, match="query is empty"):
        _search(case_index, "   ")


@pytest.mark.model
def test_a_paraphrase_finds_the_right_passage_with_the_real_model(
    store: CaseStore, make_pdf: MakePdf, tmp_path: Path
) -> None:
    """A "carotid hold" shares no word with a "lateral vascular neck restraint"."""
    paragraphs = {
        "neck.pdf": "The lateral vascular neck restraint compresses the sides of the neck and may "
        "only be applied by officers certified in the technique.",
        "cuffs.pdf": "Handcuffs shall be double locked and checked for tightness after the arrest.",
        "pursuit.pdf": "Vehicle pursuits shall be terminated when the danger outweighs the need.",
        "spray.pdf": "Oleoresin capsicum spray may be used on actively resisting subjects.",
    }
    for number, (name, text) in enumerate(paragraphs.items(), start=1):
        path = make_pdf(
            f"VOL001/{name}",
            [
                PageSpec(
                    lines=tuple(text[i : i + 90] for i in range(0, len(text), 90)),
                    bates=f"RIV{number:07d}",
                )
            ],
        )
        ingest_paths(store, [path], "VOL001", {"workers": 1}, ocr=FakeOcr())
    models = PackagedModels(embedding_path=str(embedding_model_path()))
    update_index(store, tmp_path / "indexes", models)
    index, _ = open_vector_index(store, tmp_path / "indexes")
    hits = search_passages(store, index, models.embedder(), "carotid hold", k=4)
    assert Path(hits[0].passage.file).name == "neck.pdf"
    assert hits[0].keyword_rank is None  # found by meaning alone


def test_searching_with_another_model_than_the_index_was_built_with_is_refused(
    case_index: tuple[CaseStore, Path],
) -> None:
    class OtherModel(FakeEmbedder):
        name = "other-model"

    store, folder = case_index
    index, _ = open_vector_index(store, folder)
    with pytest.raises(
        InputError, match="built with the embedding model fake-embedder.*reindex --full"
    ):
        search_passages(store, index, OtherModel(), "force")


@pytest.mark.parametrize(
    "which",
    [
        pytest.param("MAX", id="the newest vectors (a model changed, no reindex --full)"),
        pytest.param("MIN", id="the oldest vectors"),
    ],
)
def test_issue_21_vectors_of_another_model_are_found_without_reading_every_vector(
    case_index: tuple[CaseStore, Path], which: str
) -> None:
    store, folder = case_index
    index, _ = open_vector_index(store, folder)
    store.conn.execute(
        "UPDATE passage_vectors SET model = 'old-model' WHERE passage_id = "
        f"(SELECT {which}(passage_id) FROM passage_vectors)"
    )

    with pytest.raises(InputError, match="built with the embedding model old-model"):
        search_passages(store, index, FakeEmbedder(), "force")  # type: ignore[arg-type]


def test_issue_21_a_candidate_from_another_model_is_refused(
    case_index: tuple[CaseStore, Path],
) -> None:
    store, folder = case_index
    index, _ = open_vector_index(store, folder)
    query = "handcuffing"
    embedder = FakeEmbedder()
    (first, _), *_ = index.search(embedder.embed([query])[0], 1)
    store.conn.execute(
        "UPDATE passage_vectors SET model = 'old-model' WHERE passage_id = ?", (first,)
    )

    with pytest.raises(InputError, match="built with the embedding model old-model"):
        search_passages(store, index, embedder, query)  # type: ignore[arg-type]
