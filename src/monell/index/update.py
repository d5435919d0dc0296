"""The index orchestrator: analyse documents not yet indexed, store, keep FAISS in step.

Runs after every ingest (only new documents are analysed) and from ``monell reindex``.
Each document's analysis is stored in one transaction; the FAISS index is saved
periodically and at the end, and checked against the stored vectors whenever it is
opened, so a run killed at any point leaves a case that repairs itself: from the
vectors stored since the last save when that is enough, else by a rebuild.
"""

from __future__ import annotations

import time
from collections.abc import Container, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from monell.config import PRECISIONS, RUNTIMES, IndexKind, IndexSettings
from monell.errors import InputError
from monell.index.annotate import (
    classify,
    draft_annotation,
    embedding_inputs,
    finish_annotation,
    full_entity_pages,
)
from monell.index.embed_process import OnceAWave
from monell.index.embedders import load_embedder
from monell.index.layers import LayeredIndex, open_layers
from monell.index.saved import fingerprint_of, saved_settings
from monell.index.vectors import build_index
from monell.nlp.pipeline import PageAnnotation, annotate_pages
from monell.parallel.local import Executor, InlineExecutor, WorkerCrashed
from monell.parallel.progress import Progress
from monell.records import AnnotationDraft, DocTypeGuess, DocumentAnnotation, DocumentText, PageText
from monell.resources import SPACY_PACKAGE, load_spacy
from monell.store import CaseStore

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray
    from spacy.language import Language

    from monell.index.embed import Embedder

SAVE_EVERY_SECONDS = 30.0  # bound the work a crash can cost (the rebuild is from the store)
WAVE_PAGES = 256  # documents analysed together: enough work for every core, bounded memory
PAGE_BATCH = 16  # pages per spaCy task
EMBED_BATCH = 128  # passages per embedding task (longer calls pad less: +6% measured)


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
    precision: str = "auto"  # auto: bfloat16 where the CPU has it natively; float32; bfloat16
    runtime: str = "torch"  # torch | sentence-transformers | onnx (config.RUNTIMES)

    def __post_init__(self) -> None:
        if self.precision not in PRECISIONS:
            raise InputError(
                f"unknown model precision {self.precision!r} (allowed: {', '.join(PRECISIONS)})"
            )
        if self.runtime not in RUNTIMES:
            raise InputError(
                f"unknown embedding runtime {self.runtime!r} (allowed: {', '.join(RUNTIMES)})"
            )

    def nlp(self) -> Language:
        return load_spacy(self.spacy_model)

    def embedder(self) -> Embedder:
        return load_embedder(self.embedding_path, self.threads, self.precision, self.runtime)


@dataclass(frozen=True)
class IndexReport:
    documents: int
    passages: int
    failed: tuple[tuple[int, str], ...]  # (document id, reason)
    rebuilt: bool
    seconds: float
    index_kind: str = IndexKind.FLAT.value  # flat (exact) or ivf (approximate)


def open_vector_index(
    store: CaseStore,
    folder: Path,
    dimension: int | None = None,
    settings: IndexSettings | dict[str, Any] | None = None,
) -> tuple[LayeredIndex, bool]:
    """The vector index (every command opens it here), repaired from the vectors stored
    since its last save, or rebuilt from the store when missing, torn, out of step beyond
    repair, or of the wrong kind for its size (flat up to ``approximate_above``, else IVF,
    retrained once doubled since training). The big file is not read to be checked.

    ``settings`` is ``case.toml`` ``[index]``; None keeps the ones the index was built with.
    The flag says whether the index was rebuilt or repaired.
    """
    chosen = None if settings is None else IndexSettings.resolve(settings)
    index = open_layers(folder, chosen)
    if dimension is None:
        dimension = index.dimension if index else None
    if index is not None and dimension == index.dimension:
        repaired = _bring_in_step(store, index)
        if repaired is not None and not index.outgrown():
            if repaired:
                index.save(folder)
            return index, repaired
    keep = chosen or (index.settings if index else saved_settings(folder))
    return _rebuild(store, folder, dimension, keep), True


def _bring_in_step(store: CaseStore, index: LayeredIndex) -> bool | None:
    """Make the index hold exactly the stored vectors: False when it already did, True
    once repaired, None when only a rebuild will do.

    The cheap check counts the stored vectors and lists those newer than the big file
    (``CaseStore.vector_tally``: milliseconds at 400,000 passages, where listing every id
    takes 0.4 s); every id is compared only when that cannot tell.
    """
    import numpy as np

    count, newer = store.vector_tally(index.max_id)
    change = index.difference(count, newer)
    if change is None:
        stored = store.vector_ids()
        if fingerprint_of(stored, index.dimension) == index.fingerprint():
            return False
        change = index.difference_from(stored)
    drop, add = change
    if not len(drop) and not len(add):
        return False
    if not index.repairable(drop, add):
        return None
    index.remove(drop)
    for batch_ids, matrix in _stored_matrices(store, int(add.min()) - 1 if len(add) else 0):
        keep = np.isin(np.asarray(batch_ids, dtype=np.int64), add)
        index.add(np.asarray(batch_ids, dtype=np.int64)[keep], matrix[keep])
    return True


def grow_vector_index(
    store: CaseStore,
    folder: Path,
    index: LayeredIndex,
    ids: list[int],
    vectors: NDArray[np.float32],
) -> LayeredIndex:
    """Add vectors just stored; rebuild from the store (training IVF on a sample) when
    the index thereby outgrows its kind, so a growing case turns approximate by itself."""
    index.add(ids, vectors)
    if index.outgrown():
        return _rebuild(store, folder, index.dimension, index.settings)
    return index


def _rebuild(
    store: CaseStore, folder: Path, dimension: int | None, settings: IndexSettings | None
) -> LayeredIndex:
    ids = store.vector_ids()
    if dimension is None:  # from the stored vectors; 1 for an empty case
        dimension = next((m.shape[1] for _, m in _stored_matrices(store)), 1)
    built = build_index(partial(_stored_matrices, store), ids, dimension, settings)
    index = LayeredIndex.built(built, folder)
    index.save(folder)  # one big file; any added layer is deleted after it
    return index


def _stored_matrices(
    store: CaseStore, after: int = 0
) -> Iterator[tuple[list[int], NDArray[np.float32]]]:
    import numpy as np

    for ids, blobs in store.vector_batches(after=after):
        yield ids, np.frombuffer(b"".join(blobs), dtype=np.float32).reshape(len(ids), -1)


def update_index(
    store: CaseStore,
    folder: Path,
    models: ModelSource,
    *,
    executor: Executor | None = None,
    progress: Progress | None = None,
    full: bool = False,
    settings: IndexSettings | dict[str, Any] | None = None,
) -> IndexReport:
    """Analyse every document that needs it and bring the FAISS index in step."""
    started = time.monotonic()
    if full:
        store.clear_annotation()  # keeps reviewers' type overrides
    pending = store.pending_documents()
    index, rebuilt = open_vector_index(store, folder, settings=settings)
    if progress:
        progress.planned(len(pending), 0)
    runner = executor or InlineExecutor()
    passages, failed, last_save = 0, [], time.monotonic()
    for wave in _waves(store, pending):
        if progress:  # names what is being analysed, so a slow file is told from a hang
            more = f" and {len(wave) - 1:,} more" if len(wave) > 1 else ""
            progress.reading(wave[0].file_name + more, time.monotonic())
        results, wave_failed = _annotate_wave(runner, models, wave)
        failed.extend(wave_failed)
        for result in results:
            index = _store_result(store, folder, index, result)
            passages += len(result.draft.passages)
        if progress:
            progress.advanced(documents=len(wave))
        if time.monotonic() - last_save > SAVE_EVERY_SECONDS:
            index.save(folder)
            last_save = time.monotonic()
    if progress:
        progress.reading(None, time.monotonic())
    if full:
        index.fold(folder)  # a full reindex leaves one big file
    elif pending:
        index.save(folder)
    return IndexReport(
        len(pending) - len(failed),
        passages,
        tuple(failed),
        rebuilt,
        time.monotonic() - started,
        index.kind.value,
    )


@dataclass(frozen=True)
class PageBatch:
    """Consecutive pages of one document: the unit of spaCy work."""

    document_id: int
    first: int  # index of the first page in the document
    pages: tuple[PageText, ...]
    full_pages: Container[int]  # pages that get full entity recognition


@dataclass(frozen=True)
class TextBatch:
    """Consecutive passages of one document: the unit of embedding work."""

    document_id: int
    first: int  # ordinal of the first passage
    texts: tuple[str, ...]


def _waves(store: CaseStore, pending: list[int]) -> Iterator[list[DocumentText]]:
    """Pending documents in groups of about WAVE_PAGES pages, read lazily from the store.

    Small documents are grouped so both cores stay busy; a long manual is a wave of its
    own and is still spread over the cores page batch by page batch. Memory stays
    bounded by the wave, however large the production.
    """
    wave: list[DocumentText] = []
    pages = 0
    for document_id in pending:
        document = store.read_document_text(document_id)
        wave.append(document)
        pages += len(document.pages)
        if pages >= WAVE_PAGES:
            yield wave
            wave, pages = [], 0
    if wave:
        yield wave


def _annotate_wave(
    runner: Executor, models: ModelSource, wave: list[DocumentText]
) -> tuple[list[DocumentAnnotation], list[tuple[int, str]]]:
    """spaCy over page batches, then embeddings over passage batches, both in parallel."""
    failed: dict[int, str] = {}
    analyses: dict[int, dict[int, list[PageAnnotation]]] = {d.document_id: {} for d in wave}
    guesses = {d.document_id: classify(d) for d in wave}  # the type decides how much NER runs
    batches = [
        PageBatch(
            d.document_id,
            i,
            d.pages[i : i + PAGE_BATCH],
            full_entity_pages(d, guesses[d.document_id]),
        )
        for d in wave
        for i in range(0, len(d.pages), PAGE_BATCH)
    ]
    for batch, result in runner.map_unordered(partial(_annotate_batch, models=models), batches):
        if isinstance(result, (str, WorkerCrashed)):
            failed.setdefault(batch.document_id, str(result))
        else:
            analyses[batch.document_id][batch.first] = result
    drafts: list[AnnotationDraft] = []
    for document in wave:
        if document.document_id not in failed:
            pages = [
                a
                for first in sorted(analyses[document.document_id])
                for a in analyses[document.document_id][first]
            ]
            draft = _draft(document, pages, guesses[document.document_id])
            if isinstance(draft, str):
                failed[document.document_id] = draft
            else:
                drafts.append(draft)
    return _embed_drafts(runner, models, drafts, failed), sorted(failed.items())


def _embed_drafts(
    runner: Executor, models: ModelSource, drafts: list[AnnotationDraft], failed: dict[int, str]
) -> list[DocumentAnnotation]:
    batches = [
        TextBatch(draft.document_id, i, tuple(inputs[i : i + EMBED_BATCH]))
        for draft in drafts
        for inputs in [embedding_inputs(draft)]
        for i in range(0, len(inputs), EMBED_BATCH)
    ]
    vectors: dict[int, dict[int, bytes]] = {d.document_id: {} for d in drafts}
    meta: tuple[int, str] = (0, "")
    hook = getattr(models, "while_embedding", None)  # index/embed_process.py
    embed = partial(_embed, models=models, meanwhile=OnceAWave(hook, drafts) if hook else None)
    for batch, result in runner.map_unordered(embed, batches):
        if isinstance(result, (str, WorkerCrashed)):
            failed.setdefault(batch.document_id, str(result))
        else:
            vectors[batch.document_id][batch.first], meta = result[0], (result[1], result[2])
    return [
        finish_annotation(
            d, b"".join(vectors[d.document_id][k] for k in sorted(vectors[d.document_id])), *meta
        )
        for d in drafts
        if d.document_id not in failed
    ]


def _store_result(
    store: CaseStore, folder: Path, index: LayeredIndex, result: DocumentAnnotation
) -> LayeredIndex:
    import numpy as np

    ids = store.save_annotation(result)
    if not ids:
        return index
    if index.dimension != result.dimension:
        # The first vectors of the case, or a new model: rebuild from the store.
        return open_vector_index(store, folder, result.dimension, index.settings)[0]
    vectors = np.frombuffer(result.vectors, dtype=np.float32).reshape(len(ids), -1)
    return grow_vector_index(store, folder, index, ids, vectors)


# Worker entry points (module level, so process pools can pickle them). A document whose
# text breaks a model is reported and left pending, never fatal: the per-document
# failure boundary, like extract.py's per-file one.


def _annotate_batch(batch: PageBatch, models: ModelSource) -> list[PageAnnotation] | str:
    nlp = models.nlp()
    try:
        return annotate_pages(nlp, batch.pages, batch.full_pages)
    except Exception as error:  # noqa: BLE001 - per-document boundary
        return f"analysis failed: {type(error).__name__}: {error}"


def _draft(
    document: DocumentText, pages: list[PageAnnotation], guess: DocTypeGuess
) -> AnnotationDraft | str:
    try:
        return draft_annotation(document, pages, guess)
    except Exception as error:  # noqa: BLE001 - per-document boundary
        return f"analysis failed: {type(error).__name__}: {error}"


def _embed(
    batch: TextBatch, models: ModelSource, meanwhile: OnceAWave | None = None
) -> tuple[bytes, int, str] | str:
    embedder = models.embedder()
    try:
        if meanwhile is not None:  # only an EmbeddingProcess is given one
            vectors = embedder.embed(batch.texts, meanwhile=meanwhile)  # type: ignore[call-arg]
            return vectors.tobytes(), embedder.dimension, embedder.name
        return embedder.embed(batch.texts).tobytes(), embedder.dimension, embedder.name
    except Exception as error:  # noqa: BLE001 - per-document boundary
        return f"embedding failed: {type(error).__name__}: {error}"
