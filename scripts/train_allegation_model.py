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

from monell.analysis.detect import ALLEGATION_CLASSES, ALLEGATIONS, FEATURES, TopicDetector
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
    parser.add_argument("--data", type=Path, default=corpora_dir() / "complaints" / "labelled_allegations.yaml")
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
    detector = TopicDetector(taxonomy, load_spacy_lemmas(), embedder, None, memory, purpose=ALLEGATIONS)
    x, y, groups = [], [], []
    for row in detector.featurize(segments, vectors, member):
        x.append(row.features)
        y.append(int(row.topic in labels[row.segment.passage_id]))
        groups.append(row.segment.passage_id)
    x_arr, y_arr, g_arr = np.array(x), np.array(y), np.array(groups)
    proba = np.zeros(len(y_arr))
    for train, test in GroupKFold(n_splits=5).split(x_arr, y_arr, g_arr):
        fold = LogisticRegression(C=C, max_iter=2000).fit(x_arr[train], y_arr[train])
        proba[test] = fold.predict_proba(x_arr[test])[:, 1]
    threshold, cv = best_threshold(y_arr, proba)
    model = LogisticRegression(C=C, max_iter=2000).fit(x_arr, y_arr)
    out = {
        "version": 1,
        "features": list(FEATURES),
        "classes": list(ALLEGATION_CLASSES),
        "coef": model.coef_.round(5).tolist(),
        "intercept": model.intercept_.round(5).tolist(),
        "thresholds": {"relevance": round(threshold, 3)},
        "trained": {
            "on": str(args.data.relative_to(corpora_dir().parent)),
            "allegations": len(items),
            "with_topics": len(positive),
            "pairs": int(len(y_arr)),
            "positive_pairs": int(y_arr.sum()),
            "embedding_model": embedder.name,
            "cross_validation": cv,
            "date": datetime.now(UTC).date().isoformat(),
        },
    }
    memory.save(allegation_memory_path())
    allegation_model_path().write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(out["trained"], indent=2))
    print(f"threshold {threshold:.3f}; written to {allegation_model_path()}")


def best_threshold(y: np.ndarray, proba: np.ndarray) -> tuple[float, dict[str, float]]:
    best = (0.5, {"f1": 0.0})
    for t in np.arange(0.1, 0.9, 0.025):
        predicted = proba >= t
        tp = int((predicted & (y == 1)).sum())
        precision = tp / max(int(predicted.sum()), 1)
        recall = tp / max(int(y.sum()), 1)
        f1 = 2 * precision * recall / max(precision + recall, 1e-9)
        if f1 > best[1]["f1"]:
            best = (float(t), {"f1": round(f1, 3), "precision": round(precision, 3), "recall": round(recall, 3)})
    return best


if __name__ == "__main__":
    main()
