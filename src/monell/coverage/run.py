"""The coverage orchestrator: read the case, cut segments, detect topics, decide verdicts.

The only analysis module that touches the store. Stored passage vectors are reused when
they were made by the same embedding model from the same text; table rows and prose with
a table's echo removed are embedded here (identical texts of a document once). Each
document's segments and topic hits are kept in the store and reused while its passages
and the analysis version are unchanged (``hit_cache.py``); everything across documents is
recomputed on every run.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import suppress
from datetime import date
from typing import TYPE_CHECKING, Any

from monell.coverage.courses import apply_courses, build_courses, with_topics
from monell.coverage.detect import TopicDetector, TopicModel
from monell.coverage.hit_cache import (
    analysis_version,
    passages_by_document,
    read_rows,
    reuse,
    rows_to_store,
    split_hits,
)
from monell.coverage.memory import TopicMemory
from monell.coverage.segments import build_segments
from monell.coverage.taxonomy import Taxonomy
from monell.coverage.verdicts import assess_topic
from monell.errors import InputError, StoreError
from monell.index.embed import passage_input
from monell.records.coverage import (
    POLICY_TYPES,
    TRAINING_TYPES,
    UNREAD_TYPE,
    CoverageReport,
    SearchedDocument,
    Segment,
    SourcePassage,
    TopicHit,
)
from monell.resources import cues_digest
from monell.store import CaseStore

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray
    from spacy.language import Language


def assess_coverage(
    store: CaseStore,
    taxonomy: Taxonomy,
    *,
    nlp: Language,
    embedder: Any,
    model: TopicModel,
    memory: TopicMemory | None = None,
    as_of: date,
    topic_ids: Sequence[str] = (),
    parse: Any | None = None,
    detector: TopicDetector | None = None,
    keep_hits: bool = True,
    kept: tuple[str, Mapping[int, tuple[str, Any]]] | None = None,
) -> CoverageReport:
    """One verdict per topic (all of them, or ``topic_ids`` in taxonomy order), each counted
    through the courses of the training documents (coverage/courses.py); ``parse``, a spaCy
    pipeline with a parser, reads where a course says it does not teach a topic. A caller
    that keeps a ``detector`` (built from the same models) passes it, so the topics'
    exemplars are embedded once. ``keep_hits`` reuses and keeps each document's topic hits
    (False: detect every segment and store nothing); ``kept``, (version, rows as
    ``read_kept`` gives them), is used when its version is this run's."""
    known = [t.id for t in taxonomy.topics]
    unknown = [t for t in topic_ids if t not in known]
    if unknown:
        raise InputError(
            f"unknown topic id {', '.join(map(repr, unknown))} (see `monell topics` for the ids)"
        )
    passages = store.coverage_passages(TRAINING_TYPES + POLICY_TYPES)
    detector = detector or TopicDetector(taxonomy, nlp, embedder, model, memory)
    version = (
        analysis_version(taxonomy, model, memory, embedder.name, nlp, cues_digest())
        if keep_hits
        else None
    )
    rows = kept[1] if kept is not None and version is not None and kept[0] == version else None
    segments, hits = detect_hits(store, detector, passages, embedder, version, rows)
    index = build_courses(segments, hits, as_of, parse)
    named = detector.topics_named([c.title for c in index.courses])
    titles = {c.key: topics for c, topics in zip(index.courses, named, strict=True)}
    documents = {s.document_id: s.title for s in segments if s.doc_type in TRAINING_TYPES}
    document_titles = detector.topics_named(list(documents.values()))
    document_topics = dict(zip(documents, document_titles, strict=True))
    hits = apply_courses(hits, index, as_of, titles, document_topics)
    courses = with_topics(index.courses, hits, model.thresholds["relevance"])
    by_topic: dict[str, list[TopicHit]] = {}
    for hit in hits:
        by_topic.setdefault(hit.topic, []).append(hit)
    searched = searched_documents(store)
    dated_rows = {  # logs whose rows, dated on their own, were in force on the as-of date
        s.file
        for s in segments
        if s.is_row and s.date_source == "row" and s.date is not None and s.date <= as_of
    }
    wanted = [t for t in taxonomy.topics if not topic_ids or t.id in topic_ids]
    return CoverageReport(
        as_of=as_of,
        topics=tuple(
            assess_topic(
                t,
                by_topic.get(t.id, []),
                as_of,
                model.thresholds,
                searched,
                embedder.name,
                dated_rows,
            )
            for t in wanted
        ),
        training_documents=sum(1 for d in searched if d.doc_type != UNREAD_TYPE),
        policy_documents=len({s.document_id for s in segments if s.doc_type in POLICY_TYPES}),
        model=f"{model.source} + {embedder.name}",
        thresholds=dict(model.thresholds),
        unreadable_pages=sum(len(d.unreadable_pages) for d in searched),
        courses=courses,
    )


def detect_hits(
    store: CaseStore,
    detector: TopicDetector,
    passages: Sequence[SourcePassage],
    embedder: Any,
    version: str | None,
    kept: Mapping[int, tuple[str, Any]] | None = None,
) -> tuple[list[Segment], list[TopicHit]]:
    """Every document's segments and their hits, in reading order: a document's stored
    ones when its passages and ``version`` hash as they did, else cut and detected now (and
    stored, under ``version``; None stores nothing). A document's vectors are read or
    embedded apart from its neighbours', so its hits are the same whichever documents are
    detected with it."""
    import numpy as np

    documents = passages_by_document(passages)
    if kept is None:
        kept = store.topic_hits(version) if version else {}
    found, todo = reuse(documents, kept)
    cut = {d: list(build_segments(documents[d])) for d in todo}
    detected: dict[int, list[TopicHit]] = {}
    if todo:
        fresh = [s for d in todo for s in cut[d]]
        vectors = np.concatenate(
            [segment_vectors(store, cut[d], embedder) for d in todo]
            or [np.zeros((0, embedder.dimension), dtype=np.float32)]
        )
        detected = split_hits(detector.detect(fresh, vectors))
        if version:  # when another command is writing the case, keep nothing: the answer stands
            with suppress(StoreError):
                store.save_topic_hits(version, rows_to_store(todo, cut, detected))
    for document, (ready, hits) in found.items():
        cut[document], detected[document] = ready, hits
    segments = [s for d in documents for s in cut[d]]
    return segments, [hit for d in documents for hit in detected.get(d, ())]


def read_kept(store: CaseStore, version: str) -> dict[int, tuple[str, Any]]:
    """Every stored row of this version, read (``hit_cache.read_rows``)."""
    return read_rows(store.topic_hits(version))


def segment_vectors(
    store: CaseStore, segments: Sequence[Segment], embedder: Any
) -> NDArray[np.float32]:
    """Row-aligned vectors: stored ones where valid, the rest embedded now."""
    import numpy as np

    stored = store.vectors_for([s.passage_id for s in segments if s.stored_vector], embedder.name)
    matrix = np.zeros((len(segments), embedder.dimension), dtype=np.float32)
    missing: dict[str, list[int]] = {}
    for i, segment in enumerate(segments):
        blob = stored.get(segment.passage_id) if segment.stored_vector else None
        if blob is not None and len(blob) == 4 * embedder.dimension:
            matrix[i] = np.frombuffer(blob, dtype=np.float32)
        else:
            text = segment.text if segment.is_row else passage_input(segment.heading, segment.text)
            missing.setdefault(text, []).append(i)
    if missing:
        texts = list(missing)
        vectors = embedder.embed(texts)
        for text, vector in zip(texts, vectors, strict=True):
            matrix[missing[text]] = vector
    return matrix


def searched_documents(store: CaseStore) -> list[SearchedDocument]:
    """The training documents of the case, with their unreadable pages."""
    unreadable = store.unreadable_pages()
    return [
        SearchedDocument(
            file=d.file_name,
            production=d.production,
            doc_type=d.doc_type if d.doc_type in TRAINING_TYPES else UNREAD_TYPE,
            bates_begin=d.bates_begin,
            bates_end=d.bates_end,
            pages=d.page_count,
            date=date.fromisoformat(d.key_date) if d.key_date else None,
            unreadable_pages=unreadable.get(d.id, ()),
        )
        for d in store.list_documents(TRAINING_TYPES, also=sorted(unreadable))
        if (d.doc_type or "other") in TRAINING_TYPES or _unread(d, unreadable)
    ]


def _unread(document: Any, unreadable: dict[int, tuple[int, ...]]) -> bool:
    """A scan none of whose pages could be read: its type is unknown, so it may be training
    that was never searched; the record of absence lists it, every page unreadable."""
    pages = unreadable.get(document.id, ())
    return (document.doc_type or "other") == "other" and 0 < document.page_count == len(pages)
