"""The complaints orchestrator: records from complaint documents, topics, timing, patterns.

The only complaints module that touches the store. Each complaint file and use-of-force
report is cut into records, each record's fields are read, its allegation is classified
into the taxonomy's topics (the same detector as coverage, reading with the injury
exemplars, the complainants' words and a model trained on labelled allegations), and
the records are placed against the incident date. Each document's read records and each
record's topics are kept in the store and reused while their inputs and the versions hash
as they did (``record_cache.py``); merging, timing and patterns are recomputed every run.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any

from monell.complaints.events import merge_events
from monell.complaints.fields import read_record
from monell.complaints.merge import merge_copies
from monell.complaints.notice import assign_timing, build_patterns
from monell.complaints.record_cache import (
    allegation,
    allegation_digest,
    document_digest,
    read_version,
    records_from_json,
    records_json,
    topics_json,
    topics_version,
    with_topics,
)
from monell.complaints.sources import document_kind, is_notice_source, read_spans
from monell.complaints.tools import ToolReader
from monell.complaints.topics import KEEP_SCORE, AllegationModel, choose_topics, score_rows
from monell.config import LOOKBACK_YEARS
from monell.coverage.detect import ALLEGATIONS, TopicDetector
from monell.coverage.memory import TopicMemory
from monell.coverage.segments import repair_ocr_words
from monell.coverage.taxonomy import Taxonomy
from monell.errors import InputError, StoreError
from monell.records.complaints import (
    COMPLAINT_TYPES,
    ComplaintRecord,
    ComplaintReport,
)
from monell.records.coverage import Segment
from monell.resources import cues_digest
from monell.store import CaseStore

if TYPE_CHECKING:
    from spacy.language import Language

MAX_TOPIC_CHARS = 2000  # a record's first words carry its allegation
# Between a narrative's fields, or before a numbered allegation: "(2)", "2)".
PART_BREAK = re.compile(r"\s\|\s|(?:^|[\s;,])\(?\d{1,2}\)\s+")
MIN_PART_WORDS = 3  # shorter parts are labels or stray words


def assess_complaints(
    store: CaseStore,
    taxonomy: Taxonomy,
    *,
    nlp: Language,
    ner: Language | None,
    embedder: Any,
    model: AllegationModel,
    memory: TopicMemory | None,
    incident: date,
    lookback_years: int = LOOKBACK_YEARS,
    defendants: Sequence[str] = (),
    topic_ids: Sequence[str] = (),
    plaintiff: str = "",
    keep: bool = True,
    exemplar_embedder: Any | None = None,
) -> ComplaintReport:
    """Every notice record of the case (complaints, IA files, lawsuits, claims,
    grievances, incident reports, court findings) with its topics and timing, and the
    patterns. ``plaintiff``: the plaintiff's last name, whose own matter is never notice.
    ``keep`` reuses and keeps each document's read records and each record's topics
    (``record_cache.py``; False: read and classify everything, keep nothing).
    ``exemplar_embedder`` embeds the topics' exemplars (one that keeps them, see
    app/kept_vectors.py); the records' own words are embedded by ``embedder``."""
    unknown = [t for t in topic_ids if t not in taxonomy.ids]
    if unknown:
        raise InputError(
            f"unknown topic id {', '.join(map(repr, unknown))} (see `monell topics` for the ids)"
        )
    if lookback_years < 1:
        raise InputError(f"--lookback-years must be at least 1, not {lookback_years}")
    cues = cues_digest() if keep else ""
    documents, records = notice_records(store, ner, read_version(ner, cues) if keep else None)
    records = merge_events(merge_copies(records))
    version = topics_version(taxonomy, model, memory, embedder.name, nlp, cues) if keep else None
    records = classify_kept(
        store,
        records,
        version,
        lambda todo: classify_records(
            todo, taxonomy, nlp, embedder, model, memory, exemplar_embedder
        ),
    )
    records = [assign_timing(r, incident, lookback_years, plaintiff) for r in records]
    wanted = [t for t in taxonomy.topics if not topic_ids or t.id in topic_ids]
    if topic_ids:
        records = [r for r in records if set(r.topics) & set(topic_ids)]
    return ComplaintReport(
        incident_date=incident,
        lookback_years=lookback_years,
        records=tuple(records),
        patterns=tuple(build_patterns(records, wanted, defendants)),
        documents=len(documents),
        defendants=tuple(defendants),
        model=f"{model.source} + {embedder.name}",
    )


def notice_records(
    store: CaseStore, ner: Language | None, version: str | None
) -> tuple[list[int], list[ComplaintRecord]]:
    """The documents read for notice and their records, fields read (see
    ``sources.read_spans``): a document's kept records while it and ``version`` hash as they
    did, else read now and kept under ``version`` (None: nothing is read back or kept)."""
    kept = store.complaint_reads(version) if version else {}
    read: list[int] = []
    records: list[ComplaintRecord] = []
    fresh: list[tuple[int, str, str]] = []
    for document in store.list_documents():
        doc_type = document.doc_type or "other"
        if doc_type not in COMPLAINT_TYPES and doc_type != "other":
            continue
        digest = document_digest(document)
        row = kept.get(document.id)
        if row is not None and row[0] == digest:
            found = records_from_json(row[1])
        else:
            found = read_notice(store, document.id, doc_type, ner)
            fresh.append((document.id, digest, records_json(found)))
        if found is not None:
            read.append(document.id)
            records.extend(found)
    if version and fresh:  # when another command is writing the case, keep nothing
        with suppress(StoreError):
            store.save_complaint_reads(version, fresh)
    return read, records


def read_notice(
    store: CaseStore, document_id: int, doc_type: str, ner: Language | None
) -> list[ComplaintRecord] | None:
    """One document's records, or None when it is not read for notice (an `other`
    document is read only when its first page's title says so)."""
    if doc_type == "other" and not is_notice_source(
        document_kind(store.read_document_head(document_id))
    ):
        return None
    spans = read_spans(store.read_document_text(document_id), doc_type)
    if spans is None:
        return None
    find_dates = _date_finder(ner)
    return [read_record(span, find_dates) for span in spans]


def classify_kept(
    store: CaseStore,
    records: Sequence[ComplaintRecord],
    version: str | None,
    classify: Callable[[list[ComplaintRecord]], list[ComplaintRecord]],
) -> list[ComplaintRecord]:
    """The records classified: a record's kept answer while its allegation and ``version``
    hash as they did, else ``classify``'s (kept under ``version``; None keeps nothing)."""
    if version is None:
        return classify(list(records))
    digests = [allegation_digest(r) for r in records]
    kept = store.complaint_topics(version, list(dict.fromkeys(digests)))
    todo = {d: r for d, r in zip(digests, records, strict=True) if d not in kept}
    if todo:
        fresh = {
            d: topics_json(r) for d, r in zip(todo, classify(list(todo.values())), strict=True)
        }
        kept.update(fresh)
        with suppress(StoreError):
            store.save_complaint_topics(version, list(fresh.items()), digests)
    return [with_topics(r, kept[d]) for r, d in zip(records, digests, strict=True)]


def classify_records(
    records: Sequence[ComplaintRecord],
    taxonomy: Taxonomy,
    nlp: Language,
    embedder: Any,
    model: AllegationModel,
    memory: TopicMemory | None,
    exemplar_embedder: Any | None = None,
) -> list[ComplaintRecord]:
    """Each record with the topics its allegation names (the model's, and every force tool
    its own words name: see ``tools.py``), and every score worth showing."""
    if not records:
        return []
    model.check(embedder.name, embedder.dimension)
    detector = TopicDetector(
        taxonomy, nlp, exemplar_embedder or embedder, None, memory, purpose=ALLEGATIONS
    )
    tools = ToolReader(nlp)
    order = {t: n for n, t in enumerate(taxonomy.ids)}
    return [_classified(r, detector, tools, embedder, model, order) for r in records]


def _classified(
    record: ComplaintRecord,
    detector: TopicDetector,
    tools: ToolReader,
    embedder: Any,
    model: AllegationModel,
    order: dict[str, int],
) -> ComplaintRecord:
    """One record classified from its own allegation alone: its whole and its parts are
    embedded in a call of their own, because an embedding depends on its batch (padded to
    the batch's longest text; the int8 runtime quantizes activations per batch), and a
    kept answer must be what a fresh run gives whatever else it classifies."""
    text, doc_type = allegation(record)
    parts = [text, *allegation_parts(text)]
    segments = [allegation_segment(part, n, doc_type) for n, part in enumerate(parts)]
    vectors = embedder.embed([s.text for s in segments])
    scores: dict[str, float] = {}
    by_segment = score_rows(model, vectors, list(detector.featurize(segments, vectors)))
    for found in by_segment.values():  # a record scores each topic by its best part
        for topic, score in found.items():
            scores[topic] = max(scores.get(topic, 0.0), score)
    (named,) = tools.read([segments[0].text])
    words = {t: w for t, w in named.items() if t in order}
    topics = set(choose_topics(scores, model)) | set(words)
    return replace(
        record,
        topics=tuple(sorted(topics, key=order.__getitem__)),
        topic_scores={t: round(s, 3) for t, s in sorted(scores.items()) if s >= KEEP_SCORE},
        topic_words=words,
    )


def allegation_parts(text: str) -> list[str]:
    """A narrative's parts, each read on its own as well as in the whole: its fields (the
    allegation line, the complainant's account) and its numbered allegations ("(1) ...
    (2) ..."). One allegation among four is a quarter of the whole's meaning; alone, it
    is all of it."""
    parts = [p.strip(" ;,.") for p in PART_BREAK.split(text)]
    parts = [p for p in parts if len(p.split()) >= MIN_PART_WORDS]
    return parts if len(parts) > 1 else []


def allegation_segment(text: str, index: int, doc_type: str = "complaint_file") -> Segment:
    """An allegation as the detector reads it: OCR swaps repaired, the first words kept."""
    cleaned = repair_ocr_words(" ".join(text.split()))[:MAX_TOPIC_CHARS]
    return Segment(
        key=f"r{index}",
        passage_id=index,
        document_id=0,
        file="",
        production="",
        page=0,
        bates=None,
        doc_type=doc_type,
        heading=None,
        text=cleaned,
        quote=text,
        is_row=False,
        date=None,
        date_source=None,
        hours=None,
        course=None,
        stored_vector=False,
    )


def _date_finder(ner: Language | None) -> Any:
    """spaCy's DATE entities (the date parser reads each); None: the parser's own patterns."""
    if ner is None:
        return None

    def find(text: str) -> list[tuple[str, int]]:
        return [(e.text, e.start_char) for e in ner(text[:20000]).ents if e.label_ == "DATE"]

    return find
