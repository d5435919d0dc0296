"""Parses prepared ahead of detection (while an embedding process works: issue 21) give
exactly the hits detection gives without them: a parse depends only on its text."""

from __future__ import annotations

import numpy as np
import pytest

from fixturekit.segments import make_segment
from monell.coverage.detect import TopicDetector, TopicModel, segment_text
from monell.coverage.memory import TopicMemory
from monell.coverage.taxonomy import load_case_taxonomy
from monell.records.coverage import Segment
from monell.resources import load_spacy_lemmas, topic_memory_path, topic_model_path

pytestmark = pytest.mark.model

TEXTS = (
    "Recruits practise handcuffing a standing subject and double-locking the cuffs.",
    "Officers shall not use a carotid restraint. [omitted]",
    "After any restraint the person is placed on the side and breathing is watched.",
    "The Crisis Intervention course was cancelled for lack of funding.",
    "Officers shall not use a carotid restraint. [omitted]",  # the same text twice
)


def _segments() -> list[Segment]:
    return [
        make_segment(f"p{n}", text, heading="DEFENSIVE TACTICS") for n, text in enumerate(TEXTS)
    ]


class Embedder:
    name, dimension = "fake", 384

    def embed(self, texts: list[str]) -> np.ndarray:
        rng = np.random.default_rng(len(texts))
        vectors = rng.normal(size=(len(texts), 384)).astype(np.float32)
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def _detector() -> TopicDetector:
    return TopicDetector(
        load_case_taxonomy(None),
        load_spacy_lemmas(),
        Embedder(),
        TopicModel.load(topic_model_path()),
        TopicMemory.load(topic_memory_path()),
    )


def test_prepared_parses_give_the_hits_a_fresh_parse_gives() -> None:
    segments = _segments()
    vectors = Embedder().embed([s.text for s in segments])
    fresh = _detector().detect(segments, vectors)
    detector = _detector()
    detector.prepare([segment_text(s) for s in segments[:3]] + ["a text no segment has"])
    assert detector.detect(segments, vectors) == fresh
    assert detector._prepared == {}  # kept for one detection only
    assert any(h.topic == "handcuffing_restraints" for h in fresh)  # the hits mattered
