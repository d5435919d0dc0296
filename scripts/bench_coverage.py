"""Benchmark `monell coverage` on a large document: model load, then the analysis itself.

Usage:
    python -m scripts.bench_coverage [--pdf PATH] [--type policy] [--runs 2]

Ingests --pdf (default ../shared/data/dev/policies/Anchorage_policy.pdf, 604 pages; skipped
with a message when absent) into a fresh case, sets its type (default policy), then times
`assess_coverage` (segments, embedding what has no stored vector, spaCy lemmas, NegEx,
scoring every segment against the 23 topics, verdicts). Prints Markdown for BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from monell.app.workspace import init_case, open_case
from monell.coverage.detect import TopicModel
from monell.coverage.memory import TopicMemory
from monell.coverage.run import assess_coverage
from monell.coverage.taxonomy import load_taxonomy
from monell.index.update import PackagedModels, update_index
from monell.ingest.run import ingest_paths
from monell.parallel import make_executor
from monell.resources import (
    default_taxonomy_path,
    embedding_model_path,
    load_spacy_lemmas,
    topic_memory_path,
    topic_model_path,
)

DEFAULT_PDF = Path(__file__).resolve().parents[2] / "shared/data/dev/policies/Anchorage_policy.pdf"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pdf", type=Path, default=DEFAULT_PDF)
    parser.add_argument("--type", default="policy")
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    if not args.pdf.is_file():
        print(f"skipped: {args.pdf} not found", file=sys.stderr)
        return
    with tempfile.TemporaryDirectory() as tmp:
        init_case(Path(tmp) / "case", "2021-06-14")
        models = PackagedModels(str(embedding_model_path()), threads=1)
        with open_case(Path(tmp) / "case") as case:
            executor = make_executor(2)
            try:
                ingest_paths(case.store, [args.pdf], "BENCH", {"workers": 2}, executor=executor)
                update_index(case.store, case.index_dir, models, executor=executor)
            finally:
                executor.close()
            for document in case.store.list_documents():
                case.store.set_type_override(document.id, args.type)
            started = time.monotonic()
            taxonomy = load_taxonomy(default_taxonomy_path(), default=True)
            nlp, embedder = (
                load_spacy_lemmas(),
                PackagedModels(str(embedding_model_path())).embedder(),
            )
            model, memory = (
                TopicModel.load(topic_model_path()),
                TopicMemory.load(topic_memory_path()),
            )
            loaded = time.monotonic() - started
            seconds = []
            for _ in range(args.runs):
                started = time.monotonic()
                report = assess_coverage(
                    case.store, taxonomy, nlp=nlp, embedder=embedder, model=model,
                    memory=memory, as_of=date(2021, 6, 14),
                )  # fmt: skip
                seconds.append(time.monotonic() - started)
            pages = sum(d.page_count for d in case.store.list_documents())
            passages = case.store.count_passages()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"Model load (spaCy lemmas, embedder, topic model and memory): {loaded:.1f} s\n")
    print("| input | pages | passages | coverage s (each run) | pages/s | peak MB |")
    print("|---|---|---|---|---|---|")
    runs = " / ".join(f"{s:.1f}" for s in seconds)
    print(
        f"| {args.pdf.name} as {args.type} | {pages} | {passages:,} | {runs} "
        f"| {pages / min(seconds):.0f} | {peak:,.0f} |"
    )
    covered = sum(t.policy_verdict.value == "covered" for t in report.topics)
    print(f"\n{covered} of {len(report.topics)} topics have policy coverage.")


if __name__ == "__main__":
    main()
