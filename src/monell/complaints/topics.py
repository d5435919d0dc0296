"""Allegation topics: which of the taxonomy's topics does a complaint's allegation name?

One small logistic model per topic (``models/allegation_model.json``, trained by
``scripts/train_allegation_model.py`` on ``corpora/complaints/labelled_allegations.yaml``)
reads the allegation's embedding together with the detector's explainable features for
that topic: similarity to the topic's injury exemplars and to labelled allegations of the
topic, and the complainants' words for it matched on lemmas and stems (after OCR repair).
Each topic has its own threshold, chosen on cross-validated scores. A record may name
several topics; a secondary topic must score at least half the record's best.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from monell.coverage.detect import FEATURES, FeatureRow
from monell.errors import ModelMissing
from monell.resources import read_model_json

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

SECONDARY_SHARE = 0.5  # a second topic must score at least this share of the record's best
KEEP_SCORE = 0.1  # scores shown with a record (for review), whether or not they pass


@dataclass(frozen=True)
class TopicProbe:
    weights: tuple[float, ...]  # embedding dimensions, then FEATURES
    intercept: float
    threshold: float

    def probability(self, x: NDArray[np.float32]) -> NDArray[np.float64]:
        """P(the allegation names the topic) for each row of [embedding, features]."""
        import numpy as np

        z = np.clip(x @ np.asarray(self.weights, dtype=np.float32) + self.intercept, -60, 60)
        return np.asarray(1.0 / (1.0 + np.exp(-z)), dtype=np.float64)


@dataclass(frozen=True)
class AllegationModel:
    """Per-topic probes over [embedding, features]; trained for one embedding model."""

    probes: dict[str, TopicProbe]
    dimension: int
    embedding_model: str
    source: str

    @classmethod
    def load(cls, path: Path) -> AllegationModel:
        data = read_model_json(path, "allegation model", "train_allegation_model")
        if tuple(data.get("features", ())) != FEATURES:
            raise ModelMissing(
                "the allegation model was trained on other features; retrain it", path
            )
        probes = {
            topic: TopicProbe(tuple(p["coef"]), float(p["intercept"]), float(p["threshold"]))
            for topic, p in data["topics"].items()
        }
        return cls(probes, int(data["dimension"]), str(data["embedding_model"]), path.name)

    def check(self, embedder_name: str, dimension: int) -> None:
        if embedder_name != self.embedding_model or dimension != self.dimension:
            raise ModelMissing(
                f"the allegation model was trained with the embedding model "
                f"{self.embedding_model!r}; retrain it for {embedder_name!r} "
                "(python -m scripts.train_allegation_model)"
            )


def choose_topics(scores: dict[str, float], model: AllegationModel) -> tuple[str, ...]:
    """Topics passing their own threshold, the weaker ones only near the best."""
    passing = {t: s for t, s in scores.items() if s >= model.probes[t].threshold}
    if not passing:
        return ()
    best = max(passing.values())
    return tuple(t for t, s in passing.items() if s >= SECONDARY_SHARE * best)


def score_rows(
    model: AllegationModel, vectors: NDArray[np.float32], rows: Sequence[FeatureRow]
) -> dict[int, dict[str, float]]:
    """segment index → topic → P(the allegation names the topic), for the model's topics."""
    import numpy as np

    by_topic: dict[str, tuple[list[int], list[list[float]]]] = {}
    for row in rows:
        if row.topic in model.probes:
            indexes, features = by_topic.setdefault(row.topic, ([], []))
            indexes.append(row.segment.passage_id)
            features.append(row.features)
    scores: dict[int, dict[str, float]] = {}
    for topic, (indexes, features) in by_topic.items():
        probe = model.probes[topic]
        x = np.hstack([vectors[indexes], np.asarray(features, dtype=np.float32)])
        for index, value in zip(indexes, probe.probability(x), strict=True):
            scores.setdefault(index, {})[topic] = float(value)
    return scores
