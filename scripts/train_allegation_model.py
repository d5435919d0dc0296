"""Train the allegation-topic model shipped in models/allegation_model.json (+ memory).

Reads the labelled complaint allegations in corpora/complaints/labelled_allegations.yaml
(written for monell: terse, all-caps, misspelled and OCR-damaged styles, with ~200
allegations no topic governs as hard negatives), computes for every (allegation, topic)
pair the features monell's detector computes at run time when it reads complaints
(similarity to the topic's injury exemplars, similarity to the labelled allegations of
the topic — leaving the allegation itself out —, the topic's complaint words matched on
lemmas and stems), and fits a logistic regression: does the allegation name the topic?
The threshold is the one with the best F1 on 5-fold cross-validated probabilities. The
real Chicago narratives in ../shared are never used here: they are the evaluation.

Usage:
    python scripts/train_allegation_model.py
"""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import yaml
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from monell.analysis.detect import ALLEGATIONS, FEATURES, TopicDetector
from monell.analysis.memory import TopicMemory
from monell.complaints.run import allegation_segment
from monell.index.update import PackagedModels
from monell.resources import (
    allegation_memory_path,
    allegation_model_path,
    corpora_dir,
    default_taxonomy_path,
    embedding_model_path,
    load_spacy_lemmas,
)
from monell.taxonomy import load_taxonomy

C = 1.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data", type=Path, default=corpora_dir() / "complaints" / "labelled_allegations.yaml"
    )
    args = parser.parse_args()
    taxonomy = load_taxonomy(default_taxonomy_path(), default=True)
    items = yaml.safe_load(args.data.read_text(encoding="utf-8"))["allegations"]
    segments = [allegation_segment(str(item["text"]), i) for i, item in enumerate(items)]
    labels = [set(item.get("topics") or []) for item in items]
    embedder = PackagedModels(str(embedding_model_path())).embedder()
    vectors = embedder.embed([s.text for s in segments])
    positive = [i for i, topics in enumerate(labels) if topics]
    memory = TopicMemory(
        vectors=vectors[positive],
        labels=np.array([[t in labels[i] for t in taxonomy.ids] for i in positive]),
        topic_ids=taxonomy.ids,
        texts=tuple(segments[i].text for i in positive),
        model=embedder.name,
    )
    member = [positive.index(i) if i in positive else -1 for i in range(len(segments))]
    detector = TopicDetector(
        taxonomy, load_spacy_lemmas(), embedder, None, memory, purpose=ALLEGATIONS
    )
    features: dict[str, list[list[float]]] = {t: [] for t in taxonomy.ids}
    for row in detector.featurize(segments, vectors, member):
        features[row.topic].append(row.features)
    folds = list(GroupKFold(n_splits=5).split(vectors, groups=np.arange(len(segments))))
    topics, cv_totals = {}, np.zeros(3)
    for topic in taxonomy.ids:
        x = np.hstack([vectors, np.asarray(features[topic], dtype=np.float32)])
        y = np.array([int(topic in topics_of) for topics_of in labels])
        proba = np.zeros(len(y))
        for train, test in folds:
            proba[test] = fit(x[train], y[train]).predict_proba(x[test])[:, 1]
        threshold, cv = best_threshold(y, proba)
        cv_totals += [cv["tp"], cv["fp"], cv["fn"]]
        model = fit(x, y)
        topics[topic] = {
            "coef": model.coef_[0].round(5).tolist(),
            "intercept": round(float(model.intercept_[0]), 5),
            "threshold": round(threshold, 3),
            "positives": int(y.sum()),
            "cross_validation": {k: cv[k] for k in ("precision", "recall", "f1")},
        }
    tp, fp, fn = cv_totals
    precision, recall = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
    out = {
        "version": 2,
        "features": list(FEATURES),
        "dimension": int(vectors.shape[1]),
        "embedding_model": embedder.name,
        "trained": {
            "on": str(args.data.relative_to(corpora_dir().parent)),
            "allegations": len(items),
            "with_topics": len(positive),
            "cross_validation_micro": {
                "precision": round(precision, 3),
                "recall": round(recall, 3),
                "f1": round(2 * precision * recall / max(precision + recall, 1e-9), 3),
            },
            "date": datetime.now(UTC).date().isoformat(),
        },
        "topics": topics,
    }
    memory.save(allegation_memory_path())
    allegation_model_path().write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(out["trained"], indent=2))
    for topic, probe in topics.items():
        print(
            f"{topic:38s} n={probe['positives']:3d} t={probe['threshold']:.3f} "
            f"{probe['cross_validation']}"
        )


def fit(x: np.ndarray, y: np.ndarray) -> LogisticRegression:
    return LogisticRegression(C=C, class_weight="balanced", max_iter=3000).fit(x, y)


def best_threshold(y: np.ndarray, proba: np.ndarray) -> tuple[float, dict[str, float]]:
    """The threshold with the best F1 on cross-validated probabilities."""
    best: tuple[float, dict[str, float]] = (0.5, {"f1": -1.0})
    for t in np.arange(0.1, 0.95, 0.025):
        predicted = proba >= t
        tp = int((predicted & (y == 1)).sum())
        fp, fn = int((predicted & (y == 0)).sum()), int((~predicted & (y == 1)).sum())
        precision, recall = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
        f1 = 2 * precision * recall / max(precision + recall, 1e-9)
        if f1 > best[1]["f1"]:
            best = (float(t), {"f1": round(f1, 3), "precision": round(precision, 3),
                               "recall": round(recall, 3), "tp": tp, "fp": fp, "fn": fn,
                               })  # fmt: skip
    return best


if __name__ == "__main__":
    main()
