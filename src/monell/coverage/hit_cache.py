"""Each document's segments and topic hits, kept between runs (issue 21): both are pure
per document.

A document's segments are cut from its own stored passages (``segments.py``), and
`TopicDetector.detect` scores every segment on its own: its text, heading, hours, title,
row-ness and type, its vector (the stored one, or one embedded now from its text by the
case's model) and the models. So one document's segments and hits depend only on that
document's passages (as ``coverage_passages`` reads them: text, kind, page, Bates, type,
key date, title, production) and on the **analysis version**: the coverage code and the
code it cuts and dates with, the cue files, the taxonomy, the topic model and memory, the
embedding model and the spaCy pipeline. Both are hashed; a document whose passages and
version hash as they did when its row was stored takes the stored segments and hits
(nothing is cut, embedded or detected), any other is cut and detected again. A re-typed
document, a re-indexed one (new passages, new key date), an edited cue file or another
model changes a hash.

What runs across documents (courses and their sessions, exclusions, dating as of a day,
the verdicts) is recomputed on every run from the segments and hits, so a changed
incident date or a new volume never meets a stale answer. Pure functions; the store keeps
the rows.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import fields
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from monell.records.coverage import Depth, Segment, SourcePassage, TopicHit

if TYPE_CHECKING:
    from spacy.language import Language

    from monell.coverage.memory import TopicMemory
    from monell.coverage.taxonomy import Taxonomy

CACHE_FORMAT = "3"  # the layout of a stored row's JSON: {"segments": [...], "hits": [...]}
PACKAGE = Path(__file__).resolve().parents[1]
# The code a document's segments and hits are made by: the coverage stage, the date and
# text readers it calls, the records it fills.
CODE = ("coverage/*.py", "nlp/*.py", "records/coverage.py")


def analysis_version(
    taxonomy: Taxonomy,
    model: object,
    memory: TopicMemory | None,
    embedder_name: str,
    nlp: Language,
    cues_digest: str,
    code: tuple[str, Sequence[str]] = (CACHE_FORMAT, CODE),
) -> str:
    """One hash of everything a document's hits depend on besides its own segments;
    ``code``, (row layout, module globs), for another kept answer made with the same
    models (complaints/record_cache.py's record topics)."""
    return models_version(
        code_digest(*code), taxonomy, model, memory, embedder_name, nlp, cues_digest
    )


def code_digest(cache_format: str, patterns: Sequence[str]) -> hashlib._Hash:
    """A hash begun with a row layout and the source of every module ``patterns`` name
    (globs under src/monell): a kept answer is as old as the code that made it."""
    digest = hashlib.sha256(cache_format.encode())
    for pattern in patterns:
        for source in sorted(PACKAGE.glob(pattern)):
            digest.update(pattern.encode() + source.name.encode() + b"\0" + source.read_bytes())
    return digest


def models_version(
    digest: hashlib._Hash,
    taxonomy: Taxonomy,
    model: object,
    memory: TopicMemory | None,
    embedder_name: str,
    nlp: Language | None,
    cues_digest: str,
) -> str:
    """``digest`` with the cue files, the taxonomy, a trained model and its memory, the
    embedding model and the spaCy pipeline: what the coverage stage's hits and the
    complaints' topics are made with (complaints/record_cache.py)."""
    import numpy as np

    digest.update(cues_digest.encode())
    digest.update(repr(taxonomy).encode())
    digest.update(repr(model).encode())
    if memory is not None:
        for array in (memory.vectors, memory.labels):
            digest.update(np.ascontiguousarray(array).tobytes())
        digest.update(repr((memory.topic_ids, memory.texts, memory.model)).encode())
    digest.update(repr((embedder_name, pipeline_id(nlp))).encode())
    return digest.hexdigest()


def pipeline_id(nlp: Language | None) -> object:
    """What names a spaCy pipeline: its package, versions and the components it runs."""
    if nlp is None:
        return None
    meta = nlp.meta
    return (meta.get("name"), meta.get("version"), meta.get("spacy_version"), nlp.pipe_names)


def passages_digest(passages: Iterable[SourcePassage]) -> str:
    """A hash of what a document's segments are cut from: every field of its passages, in
    order."""
    digest = hashlib.sha256()
    for passage in passages:
        digest.update(repr(passage).encode() + b"\n")
    return digest.hexdigest()


def passages_by_document(passages: Iterable[SourcePassage]) -> dict[int, list[SourcePassage]]:
    """The passages of each document, documents and passages in reading order."""
    documents: dict[int, list[SourcePassage]] = {}
    for passage in passages:
        documents.setdefault(passage.document_id, []).append(passage)
    return documents


def row_json(segments: Sequence[Segment], hits: Iterable[TopicHit]) -> str:
    """A document's segments and its hits (each naming its segment by key). A quote equal
    to its text and a title equal to the segment before's are written as null: a row
    holds each text once (the snapshot reads every row, every run)."""
    rows, title = [], None
    for segment in segments:
        values = [getattr(segment, name) for name in SEGMENT_FIELDS]
        if segment.date is not None:
            values[DATE] = segment.date.isoformat()
        if segment.quote == segment.text:
            values[QUOTE] = None
        if segment.title == title:
            values[TITLE] = None
        rows.append(values)
        title = segment.title
    return json.dumps(
        {
            "segments": rows,
            "hits": [
                [h.segment.key, h.topic, h.relevance, h.teach, h.depth.value, h.patterns]
                + [h.similarity, h.cues]
                for h in hits
            ],
        }
    )


SEGMENT_FIELDS = tuple(f.name for f in fields(Segment))
DATE, QUOTE, TITLE = (SEGMENT_FIELDS.index(name) for name in ("date", "quote", "title"))
TEXT = SEGMENT_FIELDS.index("text")


def row_from_json(text: str) -> tuple[list[Segment], list[TopicHit]] | None:
    """The stored segments and hits; None when the row is not of this layout (recompute)."""
    try:
        row = json.loads(text)
        segments, title = [], ""
        for values in row["segments"]:
            segment = _segment(values, title)
            segments.append(segment)
            title = segment.title
    except (ValueError, KeyError, TypeError):
        return None
    keyed = {s.key: s for s in segments}
    hits = []
    for key, topic, relevance, teach, depth, patterns, similarity, cues in row["hits"]:
        owner = keyed.get(key)
        if owner is None:
            return None
        hits.append(
            TopicHit(
                topic=topic,
                segment=owner,
                relevance=relevance,
                teach=teach,
                depth=Depth(depth),
                patterns=tuple(patterns),
                similarity=similarity,
                cues=tuple(cues),
            )
        )
    return segments, hits


def _segment(values: list[Any], title: str) -> Segment:
    if len(values) != len(SEGMENT_FIELDS):
        raise ValueError("another layout")
    if values[DATE] is not None:
        values[DATE] = date.fromisoformat(values[DATE])
    if values[QUOTE] is None:
        values[QUOTE] = values[TEXT]
    if values[TITLE] is None:
        values[TITLE] = title
    return Segment(*values)


Kept = tuple[list[Segment], list[TopicHit]]


def read_rows(stored: Mapping[int, tuple[str, str]]) -> dict[int, tuple[str, Kept | None]]:
    """Stored rows read: document id → (passages hash, segments and hits; None when the
    row is of another layout). Reading every row ahead of time (``reuse``'s ``stored``
    accepts either form) lets a caller do it while it waits for something else."""
    return {document: (digest, row_from_json(row)) for document, (digest, row) in stored.items()}


def reuse(
    documents: Mapping[int, Sequence[SourcePassage]],
    stored: Mapping[int, tuple[str, str | Kept | None]],
) -> tuple[dict[int, Kept], dict[int, str]]:
    """(segments and hits of documents whose stored row matches their passages' hash, the
    hash of every other document, to cut and detect). ``stored``: document id → (passages
    hash, row JSON or the row as ``read_rows`` read it)."""
    found: dict[int, Kept] = {}
    todo: dict[int, str] = {}
    for document, passages in documents.items():
        digest = passages_digest(passages)
        row = stored.get(document)
        kept = None
        if row is not None and row[0] == digest:
            kept = row_from_json(row[1]) if isinstance(row[1], str) else row[1]
        if kept is None:
            todo[document] = digest
        else:
            found[document] = kept
    return found, todo


def split_hits(hits: Iterable[TopicHit]) -> dict[int, list[TopicHit]]:
    """Hits per document, in the order given."""
    out: dict[int, list[TopicHit]] = {}
    for hit in hits:
        out.setdefault(hit.segment.document_id, []).append(hit)
    return out


def rows_to_store(
    todo: Mapping[int, str],
    segments: Mapping[int, Sequence[Segment]],
    hits: Mapping[int, Sequence[TopicHit]],
) -> list[tuple[int, str, str]]:
    """(document id, passages hash, row JSON) for every document just detected (a document
    with no hit is stored too: its empty list is an answer)."""
    return [
        (document, digest, row_json(segments[document], hits.get(document, ())))
        for document, digest in todo.items()
    ]
