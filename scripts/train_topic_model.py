"""Train the topic model shipped in models/topic_model.json.

Reads the labelled passages in corpora/topics/labelled_passages.yaml, computes for every
(passage, topic) pair the features monell's detector computes at run time (embedding
similarity to the topic's exemplars, lemma pattern matches, context cues, hours), and fits
a multinomial logistic regression over three classes: none / mentions / teaches. Pairs
labelled `negated` or `planned` are left out: those are decided by the NegEx rules, not by
the model. Thresholds are chosen on 5-fold cross-validated probabilities (never on the
coverage evaluation set) and written with the coefficients.

Usage:
    python -m scripts.train_topic_model [--out models/topic_model.json]
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

from monell.coverage.detect import CLASSES, FEATURES, TopicDetector
from monell.coverage.memory import TopicMemory
from monell.coverage.segments import build_segments, parse_hours, parse_row
from monell.coverage.taxonomy import load_taxonomy
from monell.index.embed import passage_input
from monell.index.update import PackagedModels
from monell.records.coverage import Segment, SourcePassage
from monell.resources import (
    corpora_dir,
    default_taxonomy_path,
    embedding_model_path,
    load_spacy_lemmas,
    topic_memory_path,
    topic_model_path,
)

LABELS = {"mentions": 1, "teaches": 2}
SKIPPED = {"negated", "planned"}
C = 1.0
MIN_PRECISION = 0.925  # relevance threshold: the lowest that keeps CV precision this high


def labelled_segments(path: Path) -> tuple[list[Segment], list[dict[str, str]]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    segments, labels = [], []
    for number, item in enumerate(data["passages"]):
        text = str(item["text"]).strip()
        lines = text.splitlines()
        rows = [parse_row(line) for line in lines]
        is_row = all(len(r) >= 2 and all(h for h, _ in r) for r in rows)
        hours = parse_hours(item.get("heading") or "") or parse_hours(text)
        if is_row:  # cut and read as at run time: course cells matched, hours from the column
            source = SourcePassage(number, number, "labelled", "", 1, None, item["doc_type"],
                                   item.get("heading"), text, True, None)  # fmt: skip
            rows_read = list(build_segments([source]))
            text = "\n".join(r.text for r in rows_read) or text
            hours = max((r.hours for r in rows_read if r.hours is not None), default=None)
        segments.append(
            Segment(
                key=f"t{number}",
                passage_id=number,
                document_id=number,
                file="labelled",
                production="",
                page=1,
                bates=None,
                doc_type=item["doc_type"],
                heading=item.get("heading"),
                text=text,
                quote=text,
                is_row=is_row,
                date=None,
                date_source=None,
                hours=hours,
                course=None,
                stored_vector=False,
            )  # fmt: skip
        )
        labels.append(dict(item.get("labels") or {}))
    return segments, labels


def build_memory(
    segments: list[Segment], labels: list[dict[str, str]], vectors: np.ndarray, topic_ids, name
) -> tuple[TopicMemory, list[int]]:
    """Passages that teach or mention a topic; returns each segment's memory row (or -1)."""
    rows, member = [], []
    for i, label in enumerate(labels):
        known = {t for t, v in label.items() if v in LABELS}
        member.append(len(rows) if known else -1)
        if known:
            rows.append(i)
    memory = TopicMemory(
        vectors=vectors[rows],
        labels=np.array(
            [[t in labels[i] and labels[i][t] in LABELS for t in topic_ids] for i in rows]
        ),
        topic_ids=tuple(topic_ids),
        texts=tuple(embedding_text(segments[i]) for i in rows),
        model=name,
    )
    return memory, member


def embedding_text(segment: Segment) -> str:
    return segment.text if segment.is_row else passage_input(segment.heading, segment.text)


def build_matrix(
    detector: TopicDetector, segments: list[Segment], labels: list[dict[str, str]],
    vectors: np.ndarray, member: list[int],
) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[tuple[str, str]]]:  # fmt: skip
    index = {s.key: i for i, s in enumerate(segments)}
    x, y, groups, pairs = [], [], [], []
    for row in detector.featurize(segments, vectors, member):
        i = index[row.segment.key]
        label = labels[i].get(row.topic)
        if label in SKIPPED:
            continue
        x.append(row.features)
        y.append(LABELS.get(label or "", 0))
        groups.append(i)
        pairs.append((row.segment.key, row.topic))
    return np.array(x), np.array(y), np.array(groups), pairs


def choose_thresholds(y: np.ndarray, proba: np.ndarray) -> dict[str, float]:
    relevance = 1 - proba[:, 0]
    chosen = 0.5
    for t in np.arange(0.2, 0.9, 0.025):
        predicted = relevance >= t
        if predicted.sum() and (y[predicted] > 0).mean() >= MIN_PRECISION:
            chosen = float(t)
            break
    return {"relevance": round(chosen, 3), "teach": 0.35}


def report(y: np.ndarray, proba: np.ndarray, thresholds: dict[str, float]) -> dict[str, float]:
    relevance = 1 - proba[:, 0]
    predicted = relevance >= thresholds["relevance"]
    true = y > 0
    tp = int((predicted & true).sum())
    precision = tp / max(int(predicted.sum()), 1)
    recall = tp / max(int(true.sum()), 1)
    teach_true = y == 2
    teach_pred = predicted & (proba[:, 2] >= proba[:, 1]) & (proba[:, 2] >= thresholds["teach"])
    tp2 = int((teach_pred & teach_true).sum())
    return {
        "relevance_precision": round(precision, 3),
        "relevance_recall": round(recall, 3),
        "teaches_precision": round(tp2 / max(int(teach_pred.sum()), 1), 3),
        "teaches_recall": round(tp2 / max(int(teach_true.sum()), 1), 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=topic_model_path())
    parser.add_argument("--memory", type=Path, default=topic_memory_path())
    parser.add_argument(
        "--data", type=Path, default=corpora_dir() / "topics" / "labelled_passages.yaml"
    )
    args = parser.parse_args()
    taxonomy = load_taxonomy(default_taxonomy_path())
    embedder = PackagedModels(str(embedding_model_path())).embedder()
    segments, labels = labelled_segments(args.data)
    vectors = embedder.embed([embedding_text(s) for s in segments])
    memory, member = build_memory(segments, labels, vectors, taxonomy.ids, embedder.name)
    detector = TopicDetector(taxonomy, load_spacy_lemmas(), embedder, None, memory)
    x, y, groups, _ = build_matrix(detector, segments, labels, vectors, member)
    proba = np.zeros((len(y), len(CLASSES)))
    for train, test in GroupKFold(n_splits=5).split(x, y, groups):
        model = LogisticRegression(C=C, max_iter=2000).fit(x[train], y[train])
        proba[test] = model.predict_proba(x[test])
    thresholds = choose_thresholds(y, proba)
    cv = report(y, proba, thresholds)
    model = LogisticRegression(C=C, max_iter=2000).fit(x, y)
    out = {
        "version": 1,
        "features": list(FEATURES),
        "classes": list(CLASSES),
        "coef": model.coef_.round(5).tolist(),
        "intercept": model.intercept_.round(5).tolist(),
        "thresholds": thresholds,
        "trained": {
            "on": str(args.data.relative_to(corpora_dir().parent)),
            "passages": len(segments),
            "memory_passages": len(memory.texts),
            "pairs": int(len(y)),
            "mentions": int((y == 1).sum()),
            "teaches": int((y == 2).sum()),
            "embedding_model": embedder.name,
            "cross_validation": cv,
            "date": datetime.now(UTC).date().isoformat(),
        },
    }
    memory.save(args.memory)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(out["trained"], indent=2))
    print(f"thresholds: {thresholds}; written to {args.out}")


if __name__ == "__main__":
    main()
