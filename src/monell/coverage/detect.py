"""Passage-level topic detection: does this segment teach or govern this topic?

Three signals per (segment, topic), combined by a small trained model so that every score
can be explained:
1. **Meaning**: cosine similarity of the segment's embedding to the topic's coverage
   exemplars (best, mean of the best three, and the margin over the closest other topic).
2. **Words**: the topic's lexical patterns matched on spaCy lemmas (and on lower-case
   words), in the text and in the heading.
3. **Context**: segment cues (table of contents, reference list, acknowledgment,
   awareness item, list of titles, instruction cues, course hours) from ``cues.py``.
The model (``models/topic_model.json``, rebuilt by ``scripts/train_topic_model.py`` from
``corpora/topics/labelled_passages.yaml``) is a multinomial logistic regression over these
features with classes none / mentions / teaches. Its coefficients are plain numbers, so a
score is reproducible from the features shown. Exclusion ("does not address") and
planning ("planned for next year") are rules on top, from NegEx over the matched phrases.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from monell.coverage.cues import (
    EXCLUDED,
    PLANNED,
    SegmentCues,
    add_scope_cues,
    find_segment_cues,
    passing_sentences,
    sentence_cue_share,
    without_unproduced,
)
from monell.coverage.memory import TopicMemory
from monell.coverage.phrases import PhraseFinder, name_words, stems
from monell.coverage.segments import is_record_row
from monell.coverage.taxonomy import Taxonomy
from monell.errors import ModelMissing
from monell.records.coverage import POLICY_TYPES, Depth, Segment, TopicHit
from monell.resources import read_model_json

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray
    from spacy.language import Language
    from spacy.tokens import Doc

FEATURES = (
    "similarity",
    "similarity_top3",
    "similarity_margin",
    "memory_similarity",
    "memory_margin",
    "patterns",
    "heading_pattern",
    "toc",
    "reference",
    "acknowledgment",
    "awareness",
    "instruction",
    "title_list",
    "hours_1_plus",
    "hours_under_1",
    "table_row",
    "policy",
    "length",
)
CLASSES = ("none", "mentions", "teaches")
COVERAGE, ALLEGATIONS = "coverage", "allegations"  # what a detector reads segments for
WHOLE_SEGMENT_SHARE = 0.6  # a cue sentence this share of the words speaks for the segment
AWARENESS_HOURS = 1.0  # a course shorter than this is awareness level (thin at most)
# A segment that names none of a topic's words (nor does its heading) teaches it only when
# the model is this sure; below, it is a mention. Roster rows, approvals and letters score
# in the 0.4-0.7 band on productions the model never saw.
WORDLESS_TEACHING = 0.8
KEEP_RELEVANCE = 0.05  # weaker hits are dropped (nearest misses are drawn from the rest)
SPACY_BATCH = 64
PARALLEL_SEGMENTS = 1000  # from this many segments spaCy runs on every core (up to 4)


@dataclass(frozen=True)
class TopicModel:
    """The trained combiner: coefficients per class over FEATURES, plus thresholds."""

    coef: tuple[tuple[float, ...], ...]
    intercept: tuple[float, ...]
    thresholds: dict[str, float]
    source: str
    classes: tuple[str, ...] = CLASSES

    @classmethod
    def load(cls, path: Path) -> TopicModel:
        data = read_model_json(path, "topic model", "train_topic_model")
        classes = tuple(data.get("classes", ()))
        if tuple(data.get("features", ())) != FEATURES or classes != CLASSES:
            raise ModelMissing("the topic model was trained on other features; retrain it", path)
        return cls(
            tuple(tuple(float(v) for v in row) for row in data["coef"]),
            tuple(float(v) for v in data["intercept"]),
            {k: float(v) for k, v in data["thresholds"].items()},
            path.name,
            classes,
        )

    def probabilities(self, features: Sequence[float]) -> tuple[float, ...]:
        """P(class) for each of ``classes`` (none, mentions, teaches)."""
        logits = [
            b + sum(w * x for w, x in zip(row, features, strict=True))
            for row, b in zip(self.coef, self.intercept, strict=True)
        ]
        top = max(logits)
        exps = [math.exp(v - top) for v in logits]
        return tuple(e / sum(exps) for e in exps)


def _best_others(scores: NDArray[np.float32]) -> NDArray[np.float32]:
    """segments × topics: for each topic, the best score among the *other* topics (0 when
    there are none): the best overall, or the second best for the topic that is best."""
    import numpy as np

    if scores.shape[1] < 2:
        return np.zeros_like(scores)
    ranked = np.sort(scores, axis=1)
    first, second = ranked[:, -1:], ranked[:, -2:-1]
    return np.where(scores >= first, second, first)


@dataclass(frozen=True)
class _Lexical:
    patterns: dict[str, list[str]]  # topic → patterns found in the text
    heading: dict[str, bool]
    excluded: dict[str, bool]  # every phrase of the topic sits under an exclusion cue
    planned: dict[str, bool]
    excluded_share: float
    planned_share: float
    words: frozenset[str] = frozenset()  # the stems of the segment's words
    passing: frozenset[str] = frozenset()  # topics every phrase of which is said to get no time


@dataclass(frozen=True)
class FeatureRow:
    segment: Segment
    topic: str
    lexical: _Lexical
    cues: SegmentCues
    similarity: tuple[float, ...]  # exemplars: best, mean of best 3, margin; memory: best, margin
    features: list[float]
    record_row: bool = False  # a tally row with no course (``is_record_row``), read per segment


def segment_text(segment: Segment) -> str:
    """What the detector parses of a segment: its text, a left-out section's body blanked."""
    return without_unproduced(segment.text)


class TopicDetector:
    """Scores segments against every topic of a taxonomy."""

    def __init__(
        self,
        taxonomy: Taxonomy,
        nlp: Language,
        embedder: Any,
        model: TopicModel | None,
        memory: TopicMemory | None = None,
        purpose: str = COVERAGE,
    ) -> None:
        self.taxonomy, self.nlp, self.embedder, self.model = taxonomy, nlp, embedder, model
        self.topic_ids = [t.id for t in taxonomy.topics]
        self.purpose, self._memory = purpose, memory
        self.phrases = PhraseFinder(
            nlp,
            {
                topic.id: topic.lexical_patterns
                if purpose == COVERAGE
                else tuple(dict.fromkeys(topic.allegation_patterns + topic.lexical_patterns))
                for topic in taxonomy.topics
            },
        )
        self.name_words = {t.id: name_words(t.name) for t in taxonomy.topics}
        self.excluded_cue, self.planned_cue = add_scope_cues(nlp)
        self._prepared: dict[str, Doc] = {}  # texts parsed ahead of ``detect`` (``prepare``)

    def prepare(self, texts: Iterable[str]) -> None:
        """Parse texts ahead of time (while this process waits for something else, such as
        an embedding process): ``detect`` takes a prepared parse for a segment of the same
        text instead of parsing it again. A parse depends only on its text."""
        wanted = [t for t in dict.fromkeys(texts) if t not in self._prepared]
        parses = self.nlp.pipe(wanted, batch_size=SPACY_BATCH)
        self._prepared.update(zip(wanted, parses, strict=True))

    def _parsed(self, texts: Sequence[str]) -> Iterator[Doc]:
        """Each text's parse: prepared, or made now (streamed; every core from
        PARALLEL_SEGMENTS texts)."""
        missing = [t for t in texts if t not in self._prepared]
        processes = min(os.cpu_count() or 1, 4) if len(missing) >= PARALLEL_SEGMENTS else 1
        fresh = self.nlp.pipe(missing, batch_size=SPACY_BATCH, n_process=processes)
        for text in texts:
            prepared = self._prepared.get(text)
            yield prepared if prepared is not None else next(fresh)

    @cached_property
    def exemplars(self) -> list[NDArray[np.float32]]:
        """Per topic, its name and exemplars embedded (once, when first scored: a run whose
        hits are all stored never loads the embedding model for them)."""
        import numpy as np

        # Coverage compares with how curricula say it; allegations with how complainants do.
        texts = [
            [t.name, *(t.coverage_exemplars if self.purpose == COVERAGE else t.injury_exemplars)]
            for t in self.taxonomy.topics
        ]
        flat = self.embedder.embed([x for group in texts for x in group])
        bounds = np.cumsum([0] + [len(g) for g in texts])
        return [flat[bounds[i] : bounds[i + 1]] for i in range(len(texts))]

    @cached_property
    def memory(self) -> TopicMemory | None:
        """The labelled passages' vectors, in this embedder's space (embedded when first used
        if the memory was made by another model)."""
        return self._memory.for_embedder(self.embedder) if self._memory else None

    def detect(self, segments: Sequence[Segment], vectors: NDArray[np.float32]) -> list[TopicHit]:
        """Hits (relevance ≥ KEEP_RELEVANCE) for every segment; ``vectors`` row-aligned."""
        if self.model is None:
            raise ModelMissing("no topic model loaded")
        hits = []
        for row in self.featurize(segments, vectors):
            hit = self._score(row)
            if hit.relevance >= KEEP_RELEVANCE:
                hits.append(hit)
        self._prepared.clear()
        return hits

    def featurize(
        self,
        segments: Sequence[Segment],
        vectors: NDArray[np.float32],
        memory_rows: Sequence[int] = (),
    ) -> Iterator[FeatureRow]:
        """One feature row per (segment, topic), segments in order, topics in taxonomy order.

        ``memory_rows`` (training only) names each segment's own row in the memory, which
        is left out of its memory similarity.
        """
        import numpy as np

        per_topic = [np.sort(vectors @ e.T, axis=1) for e in self.exemplars]  # seg × exemplar
        best = np.stack([s[:, -1] for s in per_topic], axis=1)
        top3 = np.stack([s[:, -3:].mean(axis=1) for s in per_topic], axis=1)
        recall = (
            self.memory.similarities(vectors, self.topic_ids, memory_rows)
            if self.memory
            else np.zeros_like(best)
        )
        best_other, recall_other = _best_others(best), _best_others(recall)
        docs = self._parsed([segment_text(s) for s in segments])
        headings = self._heading_matches(segments)
        for i, (segment, doc) in enumerate(zip(segments, docs, strict=True)):
            lexical = self._lexical(doc, headings.get(segment.heading or "", set()))
            cues = find_segment_cues(segment.text, segment.heading, segment.hours, segment.title)
            record_row = is_record_row(segment)
            for j, topic in enumerate(self.topic_ids):
                similarity = (
                    float(best[i, j]),
                    float(top3[i, j]),
                    float(best[i, j] - best_other[i, j]),
                    float(recall[i, j]),
                    float(recall[i, j] - recall_other[i, j]),
                )
                yield FeatureRow(
                    segment,
                    topic,
                    lexical,
                    cues,
                    similarity,
                    self.features(segment, topic, lexical, cues, similarity),
                    record_row,
                )

    def features(
        self,
        segment: Segment,
        topic: str,
        lexical: _Lexical,
        cues: SegmentCues,
        similarity: tuple[float, ...],
    ) -> list[float]:
        hours = segment.hours
        return [
            *similarity,
            min(len(lexical.patterns.get(topic, [])), 3) / 3,
            float(lexical.heading.get(topic, False)),
            float(cues.toc),
            float(cues.reference),
            float(cues.acknowledgment),
            float(cues.awareness),
            float(cues.instruction),
            float(cues.title_list),
            float(hours is not None and hours >= 1.0),
            float(hours is not None and hours < 1.0),
            float(segment.is_row),
            float(segment.doc_type in POLICY_TYPES),
            min(len(segment.text.split()), 200) / 200,
        ]

    def _score(self, row: FeatureRow) -> TopicHit:
        segment, topic, lexical, cues = row.segment, row.topic, row.lexical, row.cues
        assert self.model is not None
        none, mentions, teaches = self.model.probabilities(row.features)
        depth = Depth.TEACHES if teaches >= mentions else Depth.MENTIONS
        notes = list(cues.names())
        if segment.hours is not None and segment.hours < AWARENESS_HOURS:
            depth = Depth.MENTIONS  # a course under an hour is awareness level
        if cues.toc or cues.reference or cues.acknowledgment:
            depth = Depth.MENTIONS  # a listing or a signature is never instruction
        if depth in (Depth.TEACHES, Depth.MENTIONS) and row.record_row:
            depth, notes = Depth.MENTIONS, [*notes, "a table row that names no course"]
        found = lexical.patterns.get(topic, [])
        if (
            depth is Depth.TEACHES
            and not found
            and not lexical.heading.get(topic)
            and not self.name_words[topic] & lexical.words
            and 1.0 - none < WORDLESS_TEACHING
        ):
            depth, notes = Depth.MENTIONS, [*notes, "none of the topic's words"]
        if depth in (Depth.TEACHES, Depth.MENTIONS) and topic in lexical.passing:
            depth, notes = Depth.MENTIONS, [*notes, "said to get no time of its own"]
        if lexical.excluded.get(topic) or (
            not found and lexical.excluded_share >= WHOLE_SEGMENT_SHARE
        ):
            depth, notes = Depth.NEGATED, [*notes, "says the topic is not covered"]
        elif lexical.planned.get(topic) or (
            not found and lexical.planned_share >= WHOLE_SEGMENT_SHARE
        ):
            depth, notes = Depth.PLANNED, [*notes, "only planned"]
        return TopicHit(
            topic=topic,
            segment=segment,
            relevance=round(1.0 - none, 4),
            teach=round(teaches, 4),
            depth=depth,
            patterns=tuple(found),
            similarity=round(row.similarity[0], 4),
            cues=tuple(notes),
        )

    def topics_named(self, texts: Sequence[str]) -> list[set[str]]:
        """The topics whose words each text names (a course title, a heading)."""
        return [{t for t, _, _ in self._matches(doc)} for doc in self.nlp.pipe(texts)]

    def _heading_matches(self, segments: Sequence[Segment]) -> dict[str, set[str]]:
        headings = sorted({s.heading for s in segments if s.heading})
        found: dict[str, set[str]] = {}
        for heading, doc in zip(headings, self.nlp.pipe(headings), strict=True):
            found[heading] = {topic for topic, _, _ in self._matches(doc)}
        return found

    def _matches(self, doc: Doc) -> list[tuple[str, int, int]]:
        return self.phrases.find(doc)

    def _lexical(self, doc: Doc, heading_topics: set[str]) -> _Lexical:
        from spacy.tokens import Span

        matches = self._matches(doc)
        doc.spans["topics"] = [Span(doc, s, e, label=t) for t, s, e in matches]
        self.excluded_cue(doc)  # type: ignore[operator]
        self.planned_cue(doc)  # type: ignore[operator]
        patterns: dict[str, list[str]] = {}
        flags: dict[str, list[tuple[bool, bool]]] = {}
        reached = passing_sentences(doc, [s.start for s in doc.spans["topics"]])
        passing: dict[str, bool] = {}
        for span in doc.spans["topics"]:
            within = any(s <= span.start < e for s, e in reached)
            passing[span.label_] = passing.get(span.label_, True) and within
            phrase = span.text.lower()
            if phrase not in patterns.setdefault(span.label_, []):
                patterns[span.label_].append(phrase)
            flags.setdefault(span.label_, []).append((span._.get(EXCLUDED), span._.get(PLANNED)))
        return _Lexical(
            patterns=patterns,
            heading=dict.fromkeys(heading_topics, True),
            excluded={t: all(f[0] for f in fs) for t, fs in flags.items()},
            planned={t: all(f[1] for f in fs) for t, fs in flags.items()},
            excluded_share=sentence_cue_share(doc, self.excluded_cue),
            planned_share=sentence_cue_share(doc, self.planned_cue),
            words=frozenset(stems([t.lower_ for t in doc if t.is_alpha])),
            passing=frozenset(t for t, every in passing.items() if every),
        )
