"""Train the allegation-topic model shipped in models/allegation_model.json (+ memory).

Two sources of examples:

1. The labelled complaint allegations in corpora/complaints/labelled_allegations.yaml
   (written for monell against the taxonomy: terse, all-caps, misspelled and OCR-damaged
   styles, with ~370 allegations no topic governs as hard negatives). They alone make
   the memory of labelled allegations the detector compares new ones with, and they
   alone train the first-stage model.
2. Real complaint narratives with a silver topic (the Chicago CPDP sample in
   ../shared/data/dev/complaints, when present; skipped with a message otherwise):
   the real register of complaint logs, which written examples do not reach. A
   narrative's silver topic comes from its agency *category*, one per complaint, which
   does not follow the taxonomy everywhere (a Taser complaint that also describes
   kicks is filed as Taser only; in-custody suicide attempts are filed as "proper
   care"). So a narrative is a positive for its silver topic, and a negative for
   another topic only when the first-stage model does not give it that topic: where
   the category and the taxonomy disagree the narrative teaches nothing, rather than
   teaching the category's lines. Topics no category names (16 of 23 for Chicago: neck
   restraints, K-9, crisis intervention, …) keep their first-stage probe: the narratives
   carry no label for them, and thousands of unlabelled negatives only pushed their
   thresholds up (a chokehold described in plain words fell below the raised bar).
   Narratives are never stored: not in the memory, not in the model (which holds
   weights only), never printed.

For every (allegation, topic) pair the features are those monell's detector computes at
run time (similarity to the topic's injury exemplars and to the labelled allegations of
the topic — leaving an allegation itself out —, the topic's complaint words matched on
lemmas and stems), next to the embedding; a logistic regression per topic answers "does
the allegation name the topic?", with the threshold of best F1 on 5-fold
cross-validated probabilities.

Usage:
    python -m scripts.train_allegation_model [--no-real] [--real CSV]
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from monell.complaints.run import allegation_segment
from monell.complaints.topics import AllegationModel, TopicProbe, choose_topics
from monell.coverage.detect import ALLEGATIONS, FEATURES, TopicDetector
from monell.coverage.memory import TopicMemory
from monell.coverage.taxonomy import Taxonomy, load_taxonomy
from monell.index.update import PackagedModels
from monell.resources import (
    allegation_memory_path,
    allegation_model_path,
    corpora_dir,
    default_taxonomy_path,
    embedding_model_path,
    load_spacy_lemmas,
)

C = 1.0
FOLDS = 5
F1_TIE = 0.01  # cross-validated F1 differences smaller than this are ties
REAL = Path(__file__).resolve().parents[2] / "shared/data/dev/complaints/chicago_cpdp_sample.csv"
LABELLED = corpora_dir() / "complaints" / "labelled_allegations.yaml"


@dataclass
class Examples:
    """Feature matrices per topic ([embedding, detector features]) and each row's topics."""

    features: dict[str, np.ndarray]
    topics: list[set[str]]


@dataclass
class RealExamples(Examples):
    """Real narratives: one silver topic each (empty: none of the taxonomy's) and a category."""

    categories: list[str]


class Trainer:
    """The taxonomy, the embedder, the memory of labelled allegations and its detector."""

    def __init__(self, labelled_path: Path = LABELLED, embedder: Any = None) -> None:
        self.taxonomy: Taxonomy = load_taxonomy(default_taxonomy_path(), default=True)
        self.embedder = embedder or PackagedModels(str(embedding_model_path())).embedder()
        self.labelled_path = labelled_path
        items = yaml.safe_load(labelled_path.read_text(encoding="utf-8"))["allegations"]
        segments = [allegation_segment(str(item["text"]), i) for i, item in enumerate(items)]
        labels = [set(item.get("topics") or []) for item in items]
        vectors = self.embedder.embed([s.text for s in segments])
        positive = [i for i, topics in enumerate(labels) if topics]
        self.memory = TopicMemory(
            vectors=vectors[positive],
            labels=np.array([[t in labels[i] for t in self.taxonomy.ids] for i in positive]),
            topic_ids=self.taxonomy.ids,
            texts=tuple(segments[i].text for i in positive),
            model=self.embedder.name,
        )
        self.detector = TopicDetector(
            self.taxonomy, load_spacy_lemmas(), self.embedder, None, self.memory,
            purpose=ALLEGATIONS,
        )  # fmt: skip
        row_of = {i: n for n, i in enumerate(positive)}
        members = [row_of.get(i, -1) for i in range(len(segments))]
        self.labelled = Examples(self._features(segments, vectors, members), labels)

    def real(self, rows: list[dict[str, str]]) -> RealExamples:
        """The narratives of ``read_real`` rows, featurized as at run time."""
        segments = [allegation_segment(r["narrative"], i) for i, r in enumerate(rows)]
        vectors = self.embedder.embed([s.text for s in segments])
        return RealExamples(
            self._features(segments, vectors, ()),
            [{r["suggested_topic"]} if r["suggested_topic"] else set() for r in rows],
            [r["category"] for r in rows],
        )

    def _features(
        self, segments: list[Any], vectors: np.ndarray, members: Any
    ) -> dict[str, np.ndarray]:
        rows: dict[str, list[list[float]]] = {t: [] for t in self.taxonomy.ids}
        for row in self.detector.featurize(segments, vectors, members):
            rows[row.topic].append(row.features)
        return {t: np.hstack([vectors, np.asarray(f, dtype=np.float32)]) for t, f in rows.items()}

    def fit(
        self, real: RealExamples | None = None, use: np.ndarray | None = None
    ) -> dict[str, dict]:
        """Per-topic probes: stage one on the labelled allegations; stage two adds ``real``.

        ``use`` picks the real narratives to train on (all of them by default).
        """
        first = {
            t: _probe(self.labelled.features[t], _y(self.labelled.topics, t))
            for t in self.taxonomy.ids
        }
        if real is None:
            return first
        rows = np.arange(len(real.topics)) if use is None else use
        named = set().union(*real.topics)
        probes = {}
        for topic in self.taxonomy.ids:
            if topic not in named:  # no category names it: the narratives say nothing of it
                probes[topic] = first[topic]
                continue
            silver = _y(real.topics, topic)[rows]
            x_real = real.features[topic][rows]
            # A silver negative the first-stage model calls this topic is left out (see above).
            kept = (silver == 1) | (_probability(first[topic], x_real) < first[topic]["threshold"])
            x = np.vstack([self.labelled.features[topic], x_real[kept]])
            y = np.concatenate([_y(self.labelled.topics, topic), silver[kept]])
            probes[topic] = _probe(x, y)
            probes[topic]["real"] = {
                "positives": int(silver.sum()),
                "negatives": int((kept & (silver == 0)).sum()),
                "left_out": int((~kept).sum()),
            }
        return probes

    def model(self, probes: dict[str, dict]) -> AllegationModel:
        return AllegationModel(
            {t: _as_probe(p) for t, p in probes.items()},
            self.embedder.dimension,
            self.embedder.name,
            "trained",
        )

    def predict(
        self, probes: dict[str, dict], examples: Examples, rows: np.ndarray
    ) -> list[set[str]]:
        """Each row's chosen topics, as monell chooses them at run time."""
        model = self.model(probes)
        scores = {t: _probability(p, examples.features[t][rows]) for t, p in probes.items()}
        return [
            set(choose_topics({t: float(s[n]) for t, s in scores.items()}, model))
            for n in range(len(rows))
        ]


def read_real(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _y(topics: list[set[str]], topic: str) -> np.ndarray:
    return np.array([int(topic in t) for t in topics])


def _probability(probe: dict, x: np.ndarray) -> np.ndarray:
    return _as_probe(probe).probability(x)


def _as_probe(probe: dict) -> TopicProbe:
    return TopicProbe(tuple(probe["coef"]), probe["intercept"], probe["threshold"])


def _probe(x: np.ndarray, y: np.ndarray) -> dict[str, Any]:
    proba = np.zeros(len(y))
    folds = (
        StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=0) if y.sum() >= FOLDS else None
    )
    for train, test in folds.split(x, y) if folds else []:
        proba[test] = fit(x[train], y[train]).predict_proba(x[test])[:, 1]
    threshold, cv = best_threshold(y, proba) if folds else (0.5, {"f1": 0.0, "precision": 0.0,
                                                                  "recall": 0.0, "tp": 0, "fp": 0,
                                                                  "fn": int(y.sum())})  # fmt: skip
    model = fit(x, y)
    return {
        "coef": model.coef_[0].round(5).tolist(),
        "intercept": round(float(model.intercept_[0]), 5),
        "threshold": round(threshold, 3),
        "positives": int(y.sum()),
        "cross_validation": {k: cv[k] for k in ("precision", "recall", "f1", "tp", "fp", "fn")},
    }


def fit(x: np.ndarray, y: np.ndarray) -> LogisticRegression:
    return LogisticRegression(C=C, class_weight="balanced", max_iter=3000).fit(x, y)


def best_threshold(y: np.ndarray, proba: np.ndarray) -> tuple[float, dict[str, float]]:
    """The middle of the thresholds whose cross-validated F1 is within F1_TIE of the best.

    A topic that separates cleanly (Taser narratives name the Taser) scores the same F1
    over a wide band of thresholds; the lowest of them, as picked before, put the bar
    where a force narrative with no Taser in it could cross it. Differences below
    F1_TIE are noise in cross-validation, so the band's middle is the robust choice.
    """
    scores = []
    for t in np.arange(0.1, 0.95, 0.025):
        predicted = proba >= t
        tp = int((predicted & (y == 1)).sum())
        fp, fn = int((predicted & (y == 0)).sum()), int((~predicted & (y == 1)).sum())
        precision, recall = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
        f1 = 2 * precision * recall / max(precision + recall, 1e-9)
        scores.append((float(t), {"f1": round(f1, 3), "precision": round(precision, 3),
                                  "recall": round(recall, 3), "tp": tp, "fp": fp, "fn": fn,
                                  }))  # fmt: skip
    best = max(score["f1"] for _, score in scores)
    band = [(t, score) for t, score in scores if score["f1"] >= best - F1_TIE]
    return band[(len(band) - 1) // 2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=LABELLED)
    parser.add_argument(
        "--real", type=Path, default=REAL, help="Real narratives with silver topics."
    )
    parser.add_argument(
        "--no-real", action="store_true", help="Train on the labelled allegations only."
    )
    args = parser.parse_args()
    trainer = Trainer(args.data)
    real = None
    if not args.no_real:
        if args.real.is_file():
            real = trainer.real(read_real(args.real))
        else:
            print(f"skipped real narratives: {args.real} not found (labelled allegations only)",
                  file=sys.stderr)  # fmt: skip
    probes = trainer.fit(real)
    totals = np.sum(
        [[p["cross_validation"][k] for k in ("tp", "fp", "fn")] for p in probes.values()], axis=0
    )
    tp, fp, fn = (int(v) for v in totals)
    precision, recall = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
    trained = {
        "on": [str(args.data.relative_to(corpora_dir().parent))]
        + (
            [f"real complaint narratives with silver topics ({args.real.name}, not shipped)"]
            if real
            else []
        ),
        "allegations": len(trainer.labelled.topics),
        "with_topics": sum(1 for t in trainer.labelled.topics if t),
        "real_narratives": len(real.topics) if real else 0,
        "cross_validation_micro": {
            "precision": round(precision, 3),
            "recall": round(recall, 3),
            "f1": round(2 * precision * recall / max(precision + recall, 1e-9), 3),
        },
        "date": datetime.now(UTC).date().isoformat(),
    }
    out = {
        "version": 3,
        "features": list(FEATURES),
        "dimension": trainer.embedder.dimension,
        "embedding_model": trainer.embedder.name,
        "trained": trained,
        "topics": probes,
    }
    trainer.memory.save(allegation_memory_path())
    allegation_model_path().write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(trained, indent=2))
    for topic, probe in probes.items():
        cv = probe["cross_validation"]
        print(f"{topic:38s} n={probe['positives']:4d} t={probe['threshold']:.3f} {cv}")


if __name__ == "__main__":
    main()
