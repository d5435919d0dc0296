"""What the complaints analysis keeps between runs (issue 21): the parts that are pure.

Two steps depend on nothing outside one document, or one record:
- **Reading a document.** Whether a document typed `other` is a notice source (its first
  page's title block), its record spans, and each span's fields (dates found with spaCy's
  entities) depend only on the document's stored text, tables, name and type, and on the
  **read version**: the complaints code, the cue files and the NER pipeline. A document's
  pages and tables are written once, with its row, and never updated (a file is known by
  its SHA-256; re-ingesting it adds nothing), so the row's identity (id, SHA-256, file name,
  type, page count, stated fields) stands for what is read, and a document that hashes as
  it did is not read again. A re-typed document hashes differently; a removed one takes its
  rows with it.
- **Classifying a record.** Its topics, scores and force-tool words depend only on its
  allegation (narrative, else text) and type, and on the **topic version**: the code, the
  cue files, the taxonomy, the allegation model and memory, the embedding model and the
  spaCy pipeline. Classification runs after copies and events are merged (a merged record's
  narrative can join a complaint's and a lawsuit's), so the key is the merged record's
  allegation, never a document.

Merging, timing against the incident date, the plaintiff's own matter, the lookback and
the patterns read across records and case facts: they are recomputed on every run from the
kept parts, so a new incident date, plaintiff or defendant never meets a stale answer.
Pure functions; the store keeps the rows.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict, fields, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from monell.coverage.hit_cache import analysis_version, code_digest, pipeline_id
from monell.records import StoredDocument
from monell.records.complaints import (
    ComplaintRecord,
    Conflict,
    Copy,
    Disposition,
    Officer,
    SourceKind,
    Timing,
)

if TYPE_CHECKING:
    from spacy.language import Language

    from monell.coverage.memory import TopicMemory
    from monell.coverage.taxonomy import Taxonomy

CACHE_FORMAT = "1"  # the layout of a stored row's JSON
READ_CODE = ("complaints/*.py", "nlp/*.py", "records/*.py")  # what reading a document runs
# what classifying a record runs
TOPIC_CODE = ("complaints/*.py", "coverage/*.py", "nlp/*.py", "records/*.py")
DATES = frozenset({"event_date", "received_date", "closed_date"})
FIELDS = tuple(f.name for f in fields(ComplaintRecord))


def read_version(ner: Language | None, cues_digest: str) -> str:
    """One hash of everything a document's records depend on besides the document."""
    digest = code_digest(CACHE_FORMAT, READ_CODE)
    digest.update(cues_digest.encode())
    digest.update(repr(pipeline_id(ner)).encode())
    return digest.hexdigest()


def topics_version(
    taxonomy: Taxonomy,
    model: object,
    memory: TopicMemory | None,
    embedder_name: str,
    nlp: Language,
    cues_digest: str,
) -> str:
    """One hash of everything a record's classification depends on besides its allegation."""
    models = (taxonomy, model, memory, embedder_name, nlp, cues_digest)
    return analysis_version(*models, code=(CACHE_FORMAT, TOPIC_CODE))


def document_digest(document: StoredDocument) -> str:
    """A hash of what reading the document reads: its stored identity and its type."""
    identity = (
        document.id,
        document.sha256,
        document.file_name,
        document.doc_type or "other",
        document.page_count,
        document.fields,
    )
    return hashlib.sha256(repr(identity).encode()).hexdigest()


def allegation(record: ComplaintRecord) -> tuple[str, str]:
    """What classification reads of a record: its allegation text and its type."""
    return record.narrative or record.text, record.doc_type


def allegation_digest(record: ComplaintRecord) -> str:
    text, doc_type = allegation(record)
    return hashlib.sha256(f"{doc_type}\0{text}".encode()).hexdigest()


def records_json(records: Sequence[ComplaintRecord] | None) -> str:
    """A document's records (``null``: the document is not read for notice)."""
    if records is None:
        return "null"
    return json.dumps([asdict(r) for r in records], default=_plain)


def _plain(value: object) -> object:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot keep {type(value).__name__}")


def records_from_json(text: str) -> list[ComplaintRecord] | None:
    rows = json.loads(text)
    return None if rows is None else [_record(row) for row in rows]


def _record(row: dict[str, Any]) -> ComplaintRecord:
    values = {name: row[name] for name in FIELDS}
    for name in DATES:
        values[name] = _day(values[name])
    values["officers"] = tuple(Officer(**o) for o in values["officers"])
    values["disposition"] = Disposition(values["disposition"])
    values["timing"] = Timing(values["timing"])
    values["source_kind"] = SourceKind(values["source_kind"])
    values["topics"] = tuple(values["topics"])
    values["topic_words"] = {t: tuple(w) for t, w in values["topic_words"].items()}
    values["warnings"] = tuple(values["warnings"])
    values["copies"] = tuple(
        Copy(
            **{
                **c,
                "source_kind": SourceKind(c["source_kind"]),
                "received_date": _day(c["received_date"]),
            }
        )
        for c in values["copies"]
    )
    values["conflicts"] = tuple(
        Conflict(c["field"], tuple((v, cite) for v, cite in c["values"]))
        for c in values["conflicts"]
    )
    return ComplaintRecord(**values)


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def topics_json(record: ComplaintRecord) -> str:
    """A classified record's answer: topics, scores shown, force-tool words."""
    return json.dumps([record.topics, record.topic_scores, record.topic_words])


def with_topics(record: ComplaintRecord, text: str) -> ComplaintRecord:
    """The record with a kept answer (``topics_json``)."""
    topics, scores, words = json.loads(text)
    return replace(
        record,
        topics=tuple(topics),
        topic_scores=dict(scores),
        topic_words={t: tuple(w) for t, w in words.items()},
    )
