"""Each document's topic hits, kept between runs (issue 21): detection is pure per document.

`TopicDetector.detect` scores every segment on its own: its text, heading, hours, title,
row-ness and type, its vector (the stored one, or one embedded now from its text by the
case's model) and the models. So one document's hits depend only on that document's
segments and on the **analysis version**: the coverage code, the cue files, the taxonomy,
the topic model and memory, the embedding model and the spaCy pipeline. Both are hashed;
a document whose segments and version hash as they did when its hits were stored takes
the stored hits, any other is detected again. A re-typed document, a re-indexed one (new
passages, new key date), an edited cue file or another model changes a hash.

What runs across documents (courses and their sessions, exclusions, dating as of a day,
the verdicts) is recomputed on every run from the hits, so a changed incident date or a
new volume never meets a stale answer. Pure functions; the store keeps the rows.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from monell.records.coverage import Depth, Segment, TopicHit

if TYPE_CHECKING:
    from spacy.language import Language

    from monell.coverage.memory import TopicMemory
    from monell.coverage.taxonomy import Taxonomy

CACHE_FORMAT = "1"  # the layout of a stored row's JSON


def analysis_version(
    taxonomy: Taxonomy,
    model: object,
    memory: TopicMemory | None,
    embedder_name: str,
    nlp: Language,
    cues_digest: str,
) -> str:
    """One hash of everything a document's hits depend on besides its own segments."""
    import numpy as np

    digest = hashlib.sha256(CACHE_FORMAT.encode())
    for source in sorted(Path(__file__).parent.glob("*.py")):  # the coverage stage's code
        digest.update(source.name.encode() + b"\0" + source.read_bytes())
    digest.update(cues_digest.encode())
    digest.update(repr(taxonomy).encode())
    digest.update(repr(model).encode())
    if memory is not None:
        for array in (memory.vectors, memory.labels):
            digest.update(np.ascontiguousarray(array).tobytes())
        digest.update(repr((memory.topic_ids, memory.texts, memory.model)).encode())
    meta = nlp.meta
    spacy_id = (meta.get("name"), meta.get("version"), meta.get("spacy_version"), nlp.pipe_names)
    digest.update(repr((embedder_name, spacy_id)).encode())
    return digest.hexdigest()


def segments_digest(segments: Iterable[Segment]) -> str:
    """A hash of a document's segments: every field, in order."""
    digest = hashlib.sha256()
    for segment in segments:
        digest.update(repr(segment).encode() + b"\n")
    return digest.hexdigest()


def hits_json(hits: Iterable[TopicHit]) -> str:
    """A document's hits, each naming its segment by key."""
    return json.dumps(
        [
            [h.segment.key, h.topic, h.relevance, h.teach, h.depth.value, h.patterns]
            + [h.similarity, h.cues]
            for h in hits
        ]
    )


def hits_from_json(text: str, segments: Mapping[str, Segment]) -> list[TopicHit] | None:
    """The stored hits over the current segments; None when a key is missing (recompute)."""
    hits = []
    for key, topic, relevance, teach, depth, patterns, similarity, cues in json.loads(text):
        segment = segments.get(key)
        if segment is None:
            return None
        hits.append(
            TopicHit(
                topic=topic,
                segment=segment,
                relevance=relevance,
                teach=teach,
                depth=Depth(depth),
                patterns=tuple(patterns),
                similarity=similarity,
                cues=tuple(cues),
            )
        )
    return hits


def reuse(
    documents: Mapping[int, Sequence[Segment]],
    stored: Mapping[int, tuple[str, str]],
) -> tuple[dict[int, list[TopicHit]], dict[int, str]]:
    """(hits of documents whose stored row matches their segments' hash, the hash of every
    other document, to detect). ``stored``: document id → (segments hash, hits JSON)."""
    found: dict[int, list[TopicHit]] = {}
    todo: dict[int, str] = {}
    for document, segments in documents.items():
        digest = segments_digest(segments)
        row = stored.get(document)
        hits = None
        if row is not None and row[0] == digest:
            hits = hits_from_json(row[1], {s.key: s for s in segments})
        if hits is None:
            todo[document] = digest
        else:
            found[document] = hits
    return found, todo


def split_hits(hits: Iterable[TopicHit]) -> dict[int, list[TopicHit]]:
    """Hits per document, in the order given."""
    out: dict[int, list[TopicHit]] = {}
    for hit in hits:
        out.setdefault(hit.segment.document_id, []).append(hit)
    return out


def rows_to_store(
    todo: Mapping[int, str], hits: Mapping[int, Sequence[TopicHit]]
) -> list[tuple[int, str, str]]:
    """(document id, segments hash, hits JSON) for every document just detected (a document
    with no hit is stored too: its empty list is an answer)."""
    return [
        (document, digest, hits_json(hits.get(document, ()))) for document, digest in todo.items()
    ]
