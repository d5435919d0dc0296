"""The index orchestrator: analyse documents not yet indexed, store, keep FAISS in step.

Runs after every ingest (only new documents are analysed) and from ``monell reindex``.
Each document's analysis is stored in one transaction; the FAISS file is saved
periodically and at the end, and checked against the stored vectors whenever it is
opened, so a run killed at any point leaves a case that repairs itself.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from monell.executors import Executor, InlineExecutor, WorkerCrashed
from monell.index.vectors import VectorIndex, fingerprint_of
from monell.nlp.analysis import analyze_document
from monell.records import DocumentAnalysis, DocumentText
from monell.resources import SPACY_PACKAGE, load_sentence_transformer, load_spacy
from monell.store import CaseStore

if TYPE_CHECKING:
    from spacy.language import Language

    from monell.index.embed import Embedder

SAVE_EVERY_SECONDS = 30.0  # bound the work a crash can cost (the rebuild is from the store)


class ModelSource(Protocol):
    """A picklable recipe for the models a worker loads (once per process)."""

    def nlp(self) -> Language: ...

    def embedder(self) -> Embedder: ...


@dataclass(frozen=True)
class PackagedModels:
    """The shipped spaCy package and a local sentence-transformers folder."""

    embedding_path: str
    spacy_model: str = SPACY_PACKAGE
    threads: int = 0  # torch threads per process; 1 when several workers share the cores

    def nlp(self) -> Language:
        return load_spacy(self.spacy_model)

    def embedder(self) -> Embedder:
        return _sentence_transformer_embedder(self.embedding_path, self.threads)


@cache
def _sentence_transformer_embedder(path: str, threads: int) -> Embedder:
    from monell.index.embed import SentenceTransformerEmbedder

    model = load_sentence_transformer(path, threads)
    return SentenceTransformerEmbedder(model, Path(path).name)


class IndexProgress(Protocol):
    def planned(self, documents: int, pages: int) -> None: ...

    def advanced(self, documents: int = 0, pages: int = 0) -> None: ...


@dataclass(frozen=True)
class IndexReport:
    documents: int
    passages: int
    failed: tuple[tuple[int, str], ...]  # (document id, reason)
    rebuilt: bool
    seconds: float


def open_vector_index(
    store: CaseStore, folder: Path, dimension: int | None = None
) -> tuple[VectorIndex, bool]:
    """The FAISS index, rebuilt from stored vectors when missing, torn or out of step."""
    ids = store.vector_ids()
    index = VectorIndex.load(folder)
    if dimension is None:
        dimension = index.dimension if index else None
    if (
        index is not None
        and dimension == index.dimension
        and index.fingerprint() == fingerprint_of(ids, index.dimension)
    ):
        return index, False
    return _rebuild(store, folder, dimension), True


def _rebuild(store: CaseStore, folder: Path, dimension: int | None) -> VectorIndex:
    import numpy as np

    index: VectorIndex | None = VectorIndex.empty(dimension) if dimension else None
    for ids, blobs in store.vector_batches():
        matrix = np.frombuffer(b"".join(blobs), dtype=np.float32).reshape(len(ids), -1)
        if index is None:
            index = VectorIndex.empty(matrix.shape[1])
        index.add(ids, matrix)
    index = index or VectorIndex.empty(1)
    index.save(folder)
    return index


def update_index(
    store: CaseStore,
    folder: Path,
    models: ModelSource,
    *,
    executor: Executor | None = None,
    progress: IndexProgress | None = None,
    full: bool = False,
) -> IndexReport:
    """Analyse every document that needs it and bring the FAISS index in step."""
    started = time.monotonic()
    if full:
        store.clear_analysis()  # keeps reviewers' type overrides
    pending = store.pending_documents()
    index, rebuilt = open_vector_index(store, folder)
    if progress:
        progress.planned(len(pending), 0)
    runner = executor or InlineExecutor()
    passages, failed, last_save = 0, [], time.monotonic()
    work = partial(_analyze, models=models)
    for document, result in runner.map_unordered(work, _texts(store, pending)):
        if isinstance(result, (WorkerCrashed, str)):
            failed.append((document.document_id, str(result)))
            continue
        index = _store_result(store, folder, index, result)
        passages += len(result.passages)
        if progress:
            progress.advanced(documents=1)
        if time.monotonic() - last_save > SAVE_EVERY_SECONDS:
            index.save(folder)
            last_save = time.monotonic()
    if pending:
        index.save(folder)
    return IndexReport(
        len(pending) - len(failed), passages, tuple(failed), rebuilt, time.monotonic() - started
    )


def _texts(store: CaseStore, pending: list[int]) -> Iterator[DocumentText]:
    """Read documents lazily: memory stays flat however many are pending."""
    for document_id in pending:
        yield store.read_document_text(document_id)


def _store_result(
    store: CaseStore, folder: Path, index: VectorIndex, result: DocumentAnalysis
) -> VectorIndex:
    import numpy as np

    ids = store.save_analysis(result)
    vectors = (
        np.frombuffer(result.vectors, dtype=np.float32).reshape(len(ids), result.dimension)
        if ids
        else None
    )
    if index.dimension != result.dimension:
        index, _ = open_vector_index(
            store, folder, result.dimension
        )  # first vectors, or a new model
    elif vectors is not None:
        index.add(ids, vectors)
    return index


def _analyze(document: DocumentText, models: ModelSource) -> DocumentAnalysis | str:
    """Worker entry point. A document that breaks analysis is reported, not fatal."""
    nlp, embedder = models.nlp(), models.embedder()
    try:
        return analyze_document(document, nlp, embedder)
    except Exception as error:  # noqa: BLE001 - per-document boundary, like extract.py
        return f"analysis failed: {type(error).__name__}: {error}"
