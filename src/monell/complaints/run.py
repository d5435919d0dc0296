"""The complaints orchestrator: records from complaint documents, topics, timing, patterns.

The only complaints module that touches the store. Each complaint file and use-of-force
report is cut into records, each record's fields are read, its allegation is classified
into the taxonomy's topics (the same detector as coverage, reading with the injury
exemplars, the complainants' words and a model trained on labelled allegations), and
the records are placed against the incident date.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any

from monell.complaints.events import merge_events
from monell.complaints.fields import read_record
from monell.complaints.merge import merge_copies
from monell.complaints.notice import assign_timing, build_patterns
from monell.complaints.sources import document_kind, is_notice_source, read_spans
from monell.complaints.tools import ToolReader
from monell.complaints.topics import KEEP_SCORE, AllegationModel, choose_topics, score_rows
from monell.config import LOOKBACK_YEARS
from monell.coverage.detect import ALLEGATIONS, TopicDetector
from monell.coverage.memory import TopicMemory
from monell.coverage.segments import repair_ocr_words
from monell.coverage.taxonomy import Taxonomy
from monell.errors import InputError
from monell.records.complaints import (
    COMPLAINT_TYPES,
    ComplaintRecord,
    ComplaintReport,
    RecordSpan,
)
from monell.records.coverage import Segment
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
) -> ComplaintReport:
    """Every notice record of the case (complaints, IA files, lawsuits, claims,
    grievances, incident reports, court findings) with its topics and timing, and the
    patterns. ``plaintiff``: the plaintiff's last name, whose own matter is never notice."""
    unknown = [t for t in topic_ids if t not in taxonomy.ids]
    if unknown:
        raise InputError(
            f"unknown topic id {', '.join(map(repr, unknown))} (see `monell topics` for the ids)"
        )
    if lookback_years < 1:
        raise InputError(f"--lookback-years must be at least 1, not {lookback_years}")
    documents, spans = notice_spans(store)
    records = [read_record(span, _date_finder(ner)) for span in spans]
    records = merge_events(merge_copies(records))
    records = classify_records(records, taxonomy, nlp, embedder, model, memory)
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


def notice_spans(store: CaseStore) -> tuple[list[int], list[RecordSpan]]:
    """The documents read for notice and their records' spans, each with its kind (see
    ``sources.read_spans``)."""
    read: list[int] = []
    spans: list[RecordSpan] = []
    for d in store.list_documents():
        doc_type = d.doc_type or "other"
        if doc_type not in COMPLAINT_TYPES and doc_type != "other":
            continue
        if doc_type == "other" and not is_notice_source(
            document_kind(store.read_document_head(d.id))
        ):
            continue  # read for notice only when its title says so: its first page decides
        found = read_spans(store.read_document_text(d.id), doc_type)
        if found is not None:
            read.append(d.id)
            spans.extend(found)
    return read, spans


def classify_records(
    records: Sequence[ComplaintRecord],
    taxonomy: Taxonomy,
    nlp: Language,
    embedder: Any,
    model: AllegationModel,
    memory: TopicMemory | None,
) -> list[ComplaintRecord]:
    """Each record with the topics its allegation names (the model's, and every force tool
    its own words name: see ``tools.py``), and every score worth showing."""
    if not records:
        return []
    model.check(embedder.name, embedder.dimension)
    texts = [r.narrative or r.text for r in records]
    owners = [i for i, text in enumerate(texts) for _ in [text, *allegation_parts(text)]]
    segments = [
        allegation_segment(part, n, records[i].doc_type)
        for n, (i, part) in enumerate(
            (i, part) for i, text in enumerate(texts) for part in [text, *allegation_parts(text)]
        )
    ]
    detector = TopicDetector(taxonomy, nlp, embedder, None, memory, purpose=ALLEGATIONS)
    vectors = embedder.embed([s.text for s in segments])
    by_segment = score_rows(model, vectors, list(detector.featurize(segments, vectors)))
    scores: dict[int, dict[str, float]] = {}
    for n, owner in enumerate(owners):  # a record scores each topic by its best part
        best = scores.setdefault(owner, {})
        for topic, score in by_segment.get(n, {}).items():
            best[topic] = max(best.get(topic, 0.0), score)
    tools = ToolReader(nlp).read([allegation_segment(t, 0).text for t in texts])
    order = {t: n for n, t in enumerate(taxonomy.ids)}
    classified = []
    for i, record in enumerate(records):
        words = {t: w for t, w in tools[i].items() if t in order}
        topics = set(choose_topics(scores.get(i, {}), model)) | set(words)
        classified.append(
            replace(
                record,
                topics=tuple(sorted(topics, key=order.__getitem__)),
                topic_scores={
                    t: round(s, 3) for t, s in sorted(scores.get(i, {}).items()) if s >= KEEP_SCORE
                },
                topic_words=words,
            )
        )
    return classified


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
