"""A small volume is analysed in the ingesting process, and fixed texts are embedded once
(issue 21: adding a few pages to a large case without starting models twice)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from numpy.typing import NDArray

from fixturekit.pages import PageSpec, build_pdf
from monell.app.kept_vectors import KeptVectors
from monell.app.session import case_models
from monell.app.workspace import Case
from monell.cli.ingest import INLINE_INDEX_PAGES, index_runner
from monell.config import IngestOptions
from monell.index.embed_process import WithEmbeddingProcess
from monell.ingest.run import ingest_paths
from monell.parallel.local import InlineExecutor, LocalProcessExecutor
from monell.store import CaseStore


class CountingEmbedder:
    name, dimension = "counting", 4

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def embed(self, texts: Sequence[str]) -> NDArray[np.float32]:
        self.calls.append(list(texts))
        return np.array([[len(t), 1.0, 0.0, float(len(self.calls))] for t in texts], np.float32)


def test_a_list_of_texts_seen_before_is_read_back_without_loading_the_model(
    store: CaseStore,
) -> None:
    model = CountingEmbedder()
    first = KeptVectors(store, lambda: model).embed(["neck hold", "verbal judo"])
    loads: list[int] = []

    def load() -> CountingEmbedder:
        loads.append(1)
        return model

    again = KeptVectors(store, load)
    assert np.array_equal(again.embed(["neck hold", "verbal judo"]), first)
    assert len(model.calls) == 1 and loads == [1]  # loaded for its name, never run


def test_a_list_with_one_new_text_is_embedded_whole(store: CaseStore) -> None:
    model = CountingEmbedder()
    KeptVectors(store, lambda: model).embed(["neck hold", "verbal judo"])
    vectors = KeptVectors(store, lambda: model).embed(["neck hold", "taser", "verbal judo"])
    assert model.calls[-1] == ["neck hold", "taser", "verbal judo"]
    assert vectors[:, 3].tolist() == [2.0, 2.0, 2.0]  # all from the one call


def test_issue_21_a_list_of_texts_kept_from_other_lists_is_embedded_whole(
    store: CaseStore,
) -> None:
    """A vector depends on its batch: texts kept from two lists are no call over a third."""
    model = CountingEmbedder()
    KeptVectors(store, lambda: model).embed(["neck hold", "verbal judo"])
    KeptVectors(store, lambda: model).embed(["taser", "neck hold"])
    vectors = KeptVectors(store, lambda: model).embed(["neck hold", "taser"])
    assert model.calls[-1] == ["neck hold", "taser"]
    assert vectors[:, 3].tolist() == [3.0, 3.0]
    again = KeptVectors(store, lambda: model).embed(["neck hold", "taser"])
    assert np.array_equal(again, vectors) and len(model.calls) == 3


def _pending(case: Case, tmp_path: Path, pages: int) -> None:
    pdf = build_pdf(
        tmp_path / "in" / "a.pdf", [PageSpec(bates=f"RIV{n:07d}") for n in range(pages)]
    )
    ingest_paths(case.store, [pdf], "VOL001", {"workers": 1})


@pytest.mark.parametrize("executor", ["local", "dask"])
def test_a_few_new_pages_are_analysed_here_with_the_sessions_models(
    case: Case, tmp_path: Path, executor: str
) -> None:
    _pending(case, tmp_path, 3)
    pool = LocalProcessExecutor(2)
    try:
        options = IngestOptions(workers=2, executor=executor, scheduler="tcp://x:1")
        runner, models = index_runner(case, options, pool, case_models(case, 2))
    finally:
        pool.close()
    if executor == "local":  # spaCy here, the embedder in a child started now
        assert isinstance(runner, InlineExecutor) and isinstance(models, WithEmbeddingProcess)
        assert models.models == case_models(case)
        models.process.close()
    else:  # a cluster the user asked for is always used
        assert runner is pool and models == case_models(case, 2)


def test_a_larger_volume_goes_to_the_workers(case: Case, tmp_path: Path) -> None:
    _pending(case, tmp_path, INLINE_INDEX_PAGES + 1)
    pool = LocalProcessExecutor(2)
    try:
        runner, models = index_runner(case, IngestOptions(workers=2), pool, case_models(case, 2))
    finally:
        pool.close()
    assert runner is pool and models == case_models(case, 2)


def test_without_a_child_process_the_few_pages_are_embedded_here(
    case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(models: object) -> None:
        raise BlockingIOError("fork: Resource temporarily unavailable")

    monkeypatch.setattr("monell.cli.ingest.EmbeddingProcess", refuse)
    _pending(case, tmp_path, 3)
    pool = LocalProcessExecutor(2)
    try:
        runner, models = index_runner(case, IngestOptions(workers=2), pool, case_models(case, 2))
    finally:
        pool.close()
    assert isinstance(runner, InlineExecutor) and models == case_models(case)
