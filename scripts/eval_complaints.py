"""Evaluate complaint records: segmentation, fields, timing and allegation topics.

1. Generated complaint files (corpora/eval/complaints/*.yaml, rendered to Bates-stamped
   PDFs by scripts/build_complaints_eval.py) are ingested into fresh cases and read by
   `assess_complaints`. Scored: record segmentation (a truth record is found when a record
   with the same number starts in the same file; spurious records count against it),
   dates, dispositions, prior/post/undated timing, officers, and topics.
2. The real Chicago complaint narratives (../shared/data/dev/complaints, when present):
   each narrative's topics against the file's `suggested_topic` (silver truth), on the
   seven topics it maps to; micro and macro F1, next to a keyword baseline (Ctrl-F for
   each topic's everyday names). Narratives are never printed.

Usage:
    python -m scripts.eval_complaints [--skip-chicago] [--only file_01] [--limit N]
Prints Markdown for EVALUATION.md.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import tempfile
from collections import Counter
from dataclasses import replace
from datetime import date
from pathlib import Path

import yaml

from monell.app.workspace import init_case, open_case
from monell.complaints.fields import read_disposition
from monell.complaints.run import allegation_segment, assess_complaints, classify_records
from monell.complaints.tools import ToolReader
from monell.complaints.topics import AllegationModel
from monell.coverage.memory import TopicMemory
from monell.coverage.taxonomy import load_taxonomy
from monell.index.update import PackagedModels, update_index
from monell.ingest.run import ingest_paths
from monell.parallel import make_executor
from monell.records.complaints import ComplaintRecord, Disposition
from monell.resources import (
    allegation_memory_path,
    allegation_model_path,
    default_taxonomy_path,
    embedding_model_path,
    load_spacy,
    load_spacy_lemmas,
)
from scripts import build_complaints_eval, train_allegation_model
from scripts.eval_coverage import KEYWORDS

CHICAGO = Path(__file__).resolve().parents[2] / "shared/data/dev/complaints/chicago_cpdp_sample.csv"


class Models:
    def __init__(self) -> None:
        self.packaged = PackagedModels(str(embedding_model_path()), threads=1)
        self.taxonomy = load_taxonomy(default_taxonomy_path(), default=True)
        self.nlp, self.ner = load_spacy_lemmas(), load_spacy()
        self.embedder = self.packaged.embedder()
        self.model = AllegationModel.load(allegation_model_path())
        self.memory = TopicMemory.load(allegation_memory_path())


def norm_id(text: str | None) -> str:
    """Compare record numbers by their digits and letters, OCR look-alikes folded."""
    tokens = re.findall(r"[A-Z0-9]*\d[A-Z0-9]*", (text or "").upper())
    fold = str.maketrans({"O": "0", "I": "1", "L": "1"})
    return "-".join(d for t in tokens for d in re.findall(r"\d+", t.translate(fold)))


def run_file(models: Models, source: Path, out: Path) -> list[dict]:
    spec = yaml.safe_load(source.read_text(encoding="utf-8"))
    folder, _ = build_complaints_eval.build_file(
        source, out, build_complaints_eval.default_topic_ids()
    )
    truth = json.loads((folder / "truth.json").read_text())
    case_dir = out / f"case_{source.stem}"
    init_case(case_dir, truth["incident_date"])
    executor = make_executor(2)
    with open_case(case_dir) as case:
        try:
            ingest_paths(
                case.store, [folder / "production"], "EVAL", {"workers": 2}, executor=executor
            )
            update_index(case.store, case.index_dir, models.packaged, executor=executor)
        finally:
            executor.close()
        for name in spec.get("defendants") or []:
            case.store.add_defendant(name)
        report = assess_complaints(
            case.store, models.taxonomy, nlp=models.nlp, ner=models.ner, embedder=models.embedder,
            model=models.model, memory=models.memory,
            incident=date.fromisoformat(truth["incident_date"]),
            lookback_years=truth.get("lookback_years", 5), defendants=case.store.defendants(),
        )  # fmt: skip
        types = {d.file_name: d.doc_type for d in case.store.list_documents()}
    predicted = {(r.file, norm_id(r.record_id)): r for r in report.records}
    # a truth record read as a copy of another (its log row, its force report joined to the
    # complaint of the same event: issue 18) is found, in the record that shows the event
    # (its own receipt and finding, as the copy lists them)
    copies = {
        (c.file, norm_id(c.record_id)): replace(
            r,
            received_date=c.received_date,
            disposition=read_disposition(c.disposition or "") if c.disposition else r.disposition,
        )
        for r in report.records
        for c in r.copies
    }
    rows = []
    for t in truth["records"]:
        key = (t["file"], norm_id(t["id"]))
        match = predicted.pop(key, None) or copies.get(key)
        rows.append({"file": source.stem, "truth": t, "found": match is not None, "record": match})
    for (_, ident), record in predicted.items():
        rows.append(
            {
                "file": source.stem,
                "truth": None,
                "found": False,
                "record": record,
                "spurious": ident,
            }
        )
    mistyped = {
        f: (truth["documents"].get(f), t)
        for f, t in types.items()
        if truth["documents"].get(f) != t
    }
    print(
        f"{source.stem}: {len(truth['records'])} truth records, {len(report.records)} read, "
        f"mistyped {mistyped}",
        file=sys.stderr,
    )
    return rows


def score_files(rows: list[dict]) -> dict[str, float]:
    truths = [r for r in rows if r["truth"]]
    found = [r for r in truths if r["found"]]
    spurious = [r for r in rows if not r["truth"]]

    def share(check) -> float:
        return round(
            sum(1 for r in found if check(r["truth"], r["record"])) / max(len(found), 1), 3
        )

    def day(value: date | None) -> str | None:
        return value.isoformat() if value else None

    def officers_ok(t: dict, r: ComplaintRecord) -> bool:
        wanted = {
            o["name"].replace(",", " ").split()[-1].lower()
            if "," not in o["name"]
            else o["name"].split(",")[0].strip().lower()
            for o in t["officers"]
        }
        got = {o.key.split()[0] for o in r.officers}
        return wanted <= got

    topic_tp = sum(len(set(r["truth"]["topics"]) & set(r["record"].topics)) for r in found)
    topic_pred = sum(len(r["record"].topics) for r in found)
    topic_true = sum(len(r["truth"]["topics"]) for r in found)
    precision, recall = topic_tp / max(topic_pred, 1), topic_tp / max(topic_true, 1)
    return {
        "truth_records": len(truths),
        "found": len(found),
        "spurious": len(spurious),
        "segmentation": round(len(found) / max(len(truths) + len(spurious), 1), 3),
        "event_date": share(lambda t, r: t["event_date"] == day(r.event_date)),
        "received_date": share(lambda t, r: t["received_date"] == day(r.received_date)),
        "closed_date": share(lambda t, r: t["closed_date"] == day(r.closed_date)),
        "disposition": share(lambda t, r: t["disposition"] == r.disposition.value),
        "timing": share(lambda t, r: t["timing"] == r.timing.value),
        "stale": share(lambda t, r: bool(t["stale"]) == r.stale),
        "officers": share(officers_ok),
        "topic_micro_f1": round(2 * precision * recall / max(precision + recall, 1e-9), 3),
    }


def chicago(models: Models, limit: int | None) -> dict:
    """Silver-topic scores on the real narratives, next to the keyword baseline.

    When the shipped model was trained on these narratives too, the scores are
    cross-validated: each fifth is read by a model trained (both stages, as
    scripts/train_allegation_model.py does) without it, so no narrative is scored by a
    model that saw it.
    """
    with CHICAGO.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))[:limit]
    mapped = sorted({r["suggested_topic"] for r in rows if r["suggested_topic"]})
    shipped = json.loads(allegation_model_path().read_text(encoding="utf-8"))
    if shipped["trained"].get("real_narratives"):
        if limit is not None:
            raise SystemExit("--limit cannot be used with a model trained on the real narratives")
        ours = cross_validated(models, rows)
        method = "5-fold cross-validated (trained on the other 4/5), with force-tool words"
        ours = with_tool_words(models, rows, ours)
    else:
        ours, method = classified(models, rows), "shipped model (never trained on these)"
    base = [
        {
            t
            for t, words in KEYWORDS.items()
            if any(re.search(rf"\b{re.escape(w)}", r["narrative"].lower()) for w in words)
        }
        for r in rows
    ]
    truth = [{r["suggested_topic"]} if r["suggested_topic"] else set() for r in rows]
    return {
        "n": len(rows),
        "mapped": mapped,
        "method": method,
        "monell": f1_table(truth, ours, mapped),
        "baseline": f1_table(truth, base, mapped),
        "false_positives": false_positive_sources(rows, ours, mapped),
    }


def with_tool_words(models: Models, rows: list[dict], predicted: list[set[str]]) -> list[set[str]]:
    """The predictions with every force tool each narrative names in its own words, as
    `classify_records` adds them at run time (complaints/tools.py)."""
    texts = [allegation_segment(r["narrative"], i).text for i, r in enumerate(rows)]
    tools = ToolReader(models.nlp).read(texts)
    return [p | set(t) for p, t in zip(predicted, tools, strict=True)]


def false_positive_sources(
    rows: list[dict], predicted: list[set[str]], topics: list[str]
) -> dict[str, list[tuple[str, int]]]:
    """Per topic, the agency categories of the records it was given against the silver
    truth, most frequent first: counts and category names only, never narrative text.

    The silver truth gives each record one topic (or none) from its category, so a record
    that names two topics (a search during a false arrest, a Taser then medical care) or
    a category mapped to none (CPD's 05D "NO ARREST" is an excessive-force code) counts
    against precision; this shows how much of a topic's precision is that.
    """
    out = {}
    for topic in topics:
        counts = Counter(
            r["category"]
            for r, p in zip(rows, predicted, strict=True)
            if topic in p and r["suggested_topic"] != topic
        )
        out[topic] = counts.most_common()
    return out


def classified(models: Models, rows: list[dict]) -> list[set[str]]:
    records = [
        ComplaintRecord(
            record_id=r["cr_id"],
            document_id=0,
            file="",
            page=0,
            bates=None,
            doc_type="complaint_file",
            event_date=None,
            received_date=None,
            closed_date=None,
            officers=(),
            complainant=None,
            narrative=r["narrative"],
            disposition=Disposition.UNKNOWN,
            disposition_text=None,
            discipline=None,
            text=r["narrative"],
        )  # fmt: skip
        for r in rows
    ]
    classified = classify_records(
        records, models.taxonomy, models.nlp, models.embedder, models.model, models.memory
    )
    return [set(r.topics) for r in classified]


def cross_validated(models: Models, rows: list[dict]) -> list[set[str]]:
    import numpy as np
    from sklearn.model_selection import StratifiedKFold

    trainer = train_allegation_model.Trainer(embedder=models.embedder)
    real = trainer.real(rows)
    predicted: list[set[str]] = [set() for _ in rows]
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    for train, test in folds.split(np.zeros(len(rows)), real.categories):
        probes = trainer.fit(real, use=train)
        for index, topics in zip(test, trainer.predict(probes, real, test), strict=True):
            predicted[index] = topics
    return predicted


def f1_table(truth: list[set[str]], predicted: list[set[str]], topics: list[str]) -> dict:
    per = {}
    totals = Counter()
    for topic in topics:
        tp = sum(1 for t, p in zip(truth, predicted, strict=True) if topic in t and topic in p)
        fp = sum(1 for t, p in zip(truth, predicted, strict=True) if topic not in t and topic in p)
        fn = sum(1 for t, p in zip(truth, predicted, strict=True) if topic in t and topic not in p)
        totals.update(tp=tp, fp=fp, fn=fn)
        precision, recall = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
        per[topic] = {"n": tp + fn, "precision": round(precision, 3), "recall": round(recall, 3),
                      "f1": round(2 * precision * recall / max(precision + recall, 1e-9), 3),
                      }  # fmt: skip
    precision = totals["tp"] / max(totals["tp"] + totals["fp"], 1)
    recall = totals["tp"] / max(totals["tp"] + totals["fn"], 1)
    return {
        "per_topic": per,
        "macro_f1": round(sum(v["f1"] for v in per.values()) / max(len(per), 1), 3),
        "micro_f1": round(2 * precision * recall / max(precision + recall, 1e-9), 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", default=[])
    parser.add_argument("--skip-chicago", action="store_true")
    parser.add_argument("--skip-files", action="store_true")
    parser.add_argument("--limit", type=int)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    models = Models()
    results: dict = {}
    if not args.skip_files:
        with tempfile.TemporaryDirectory() as tmp:
            rows = []
            for source in sorted(build_complaints_eval.EVAL_DIR.glob("*.yaml")):
                if not args.only or source.stem in args.only:
                    rows += run_file(models, source, Path(tmp))
        results["files"] = score_files(rows)
        results["file_errors"] = describe_errors(rows)
    if not args.skip_chicago:
        if CHICAGO.is_file():
            results["chicago"] = chicago(models, args.limit)
        else:
            print(f"skipped: {CHICAGO} not found", file=sys.stderr)
    print_markdown(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, default=str))


def describe_errors(rows: list[dict]) -> list[str]:
    out = []
    for r in rows:
        t, rec = r["truth"], r["record"]
        if t is None:
            out.append(f"{r['file']}: spurious record {rec.record_id!r} p{rec.page}")
        elif not r["found"]:
            out.append(f"{r['file']}: missed {t['id']!r} p{t['page']}")
        else:
            read = {
                "event_date": rec.event_date.isoformat() if rec.event_date else None,
                "received_date": rec.received_date.isoformat() if rec.received_date else None,
                "timing": rec.timing.value,
                "disposition": rec.disposition.value,
            }
            wrong = [k for k, v in read.items() if t[k] != v]
            if wrong:
                out.append(f"{r['file']}: {t['id']!r} wrong {wrong}")
    return out


def print_markdown(results: dict) -> None:
    if "files" in results:
        f = results["files"]
        print(
            f"Generated complaint files: {f['truth_records']} records; found {f['found']}, "
            f"spurious {f['spurious']}\n"
        )
        print("| measure | score |\n|---|---|")
        for key in (
            "segmentation",
            "event_date",
            "received_date",
            "closed_date",
            "disposition",
            "timing",
            "stale",
            "officers",
            "topic_micro_f1",
        ):
            print(f"| {key} | {f[key]:.3f} |")
        print()
        for line in results["file_errors"][:60]:
            print(f"- {line}")
    if "chicago" in results:
        c = results["chicago"]
        topics = ", ".join(c["mapped"])
        print(f"\nChicago narratives: {c['n']} (silver topics: {topics}); {c['method']}\n")
        print("| topic | n | monell P / R / F1 | keyword P / R / F1 |\n|---|---|---|---|")
        for topic in c["mapped"]:
            a, b = c["monell"]["per_topic"][topic], c["baseline"]["per_topic"][topic]
            print(
                f"| {topic} | {a['n']} | {a['precision']:.2f} / {a['recall']:.2f} / {a['f1']:.2f} "
                f"| {b['precision']:.2f} / {b['recall']:.2f} / {b['f1']:.2f} |"
            )
        print(
            f"| **macro F1** | | **{c['monell']['macro_f1']:.3f}** "
            f"| {c['baseline']['macro_f1']:.3f} |"
        )
        print(f"| micro F1 | | {c['monell']['micro_f1']:.3f} | {c['baseline']['micro_f1']:.3f} |")
        print("\nWhere monell's false positives come from (agency category: records):\n")
        print("| topic | false positives | largest sources |\n|---|---|---|")
        for topic in c["mapped"]:
            sources = c["false_positives"][topic]
            total = sum(n for _, n in sources)
            top = "; ".join(f"{name} {n}" for name, n in sources[:4])
            print(f"| {topic} | {total} | {top} |")


if __name__ == "__main__":
    main()
