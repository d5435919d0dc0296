"""Benchmark the retrieval layer on this machine: ingest end to end, incremental add, search.

Usage:
    python -m scripts.bench_index [--pdf PATH] [--pages 2000] [--passages 100000] [--workers 2]

1. End-to-end ingest (extract → passages → spaCy → embeddings → index) of a text PDF
   (default ../shared/data/dev/policies/Anchorage_policy.pdf, 604 pages, skipped when
   absent) and of a generated production of --pages pages: pages/s, each phase's share,
   and peak memory (this process plus its workers).
2. Adding one 10-page document to the generated case: the index update time next to a
   full rebuild (`reindex --full`).
3. `search` latency p50/p95 over --passages passages (excluding model load, reported
   separately). Passage texts come from the generated production; vectors for the
   synthetic bulk are random unit vectors (latency does not depend on their values).
Prints Markdown for BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import tempfile
import time
from pathlib import Path

from fpdf import FPDF

from monell.index.search import search_passages
from monell.index.update import PackagedModels, open_vector_index, update_index
from monell.ingest.run import ingest_paths
from monell.parallel import make_executor
from monell.resources import embedding_model_path
from monell.store import CaseStore

DEFAULT_PDF = Path(__file__).resolve().parents[2] / "shared/data/dev/policies/Anchorage_policy.pdf"
TOPICS = [
    "de-escalation",
    "handcuffing",
    "neck restraints",
    "conducted energy weapons",
    "OC spray",
    "vehicle pursuits",
    "medical aid",
    "crisis intervention",
    "duty to intervene",
    "body-worn cameras",
    "searches",
    "use of force reporting",
    "K-9 deployment",
]
VERBS = ["shall", "should", "must", "may", "will"]
ACTIONS = ["document", "review", "practice", "demonstrate", "explain", "apply", "avoid", "report"]
QUERIES = [
    "where do they teach carotid restraints",
    "handcuffing prone subject",
    "taser warnings",
    "duty to intervene excessive force",
    "medical aid after arrest",
    "pursuit termination",
    "crisis intervention mental health",
    "OC spray decontamination",
]


def make_production(folder: Path, pages: int, per_document: int = 50, seed: int = 7) -> Path:
    """Write a fictional production of policy/lesson-like text pages."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for doc in range(0, pages, per_document):
        pdf = FPDF(format="letter")
        pdf.set_auto_page_break(False)
        for page in range(doc, min(doc + per_document, pages)):
            pdf.add_page()
            pdf.set_font("helvetica", size=10)
            pdf.set_xy(20, 20)
            pdf.cell(text=f"{300 + page % 40}.{page % 9} {rng.choice(TOPICS).upper()}")
            pdf.set_xy(20, 30)
            sentences = [
                f"Officers {rng.choice(VERBS)} {rng.choice(ACTIONS)} {rng.choice(TOPICS)} "
                f"as taught in block {rng.randint(1, 9)} of the {rng.choice(TOPICS)} course."
                for _ in range(28)
            ]
            pdf.multi_cell(170, 5, text=" ".join(sentences))
            pdf.set_xy(160, 265)
            pdf.cell(text=f"GEN{page + 1:07d}")
        pdf.output(str(folder / f"GEN{doc + 1:07d}.pdf"))
    return folder


def peak_mb() -> float:
    """Peak resident memory of this process and of its (finished) worker processes."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (own + children) / 1024


def ingest_end_to_end(
    source: Path, case: Path, models: PackagedModels, workers: int
) -> dict[str, float]:
    store = CaseStore(case / "monell.db")
    store.write_case_info("bench", "", "2021-01-01")
    executor = make_executor(workers)
    try:
        start = time.perf_counter()
        result = ingest_paths(store, [source], "BENCH", {"workers": workers}, executor=executor)
        extracted = time.perf_counter()
        report = update_index(store, case / "indexes", models, executor=executor)
        done = time.perf_counter()
    finally:
        executor.close()
    pages = sum(d.pages for d in result.added)
    store.close()
    return {
        "pages": pages,
        "passages": report.passages,
        "extract_s": extracted - start,
        "index_s": done - extracted,
        "total_s": done - start,
    }


def incremental_add(case: Path, models: PackagedModels, folder: Path) -> tuple[float, float]:
    """Index one new 10-page document, then time a full rebuild of the same case."""
    extra = make_production(folder / "extra", 10, per_document=10, seed=99)
    store = CaseStore(case / "monell.db")
    ingest_paths(store, [extra], "EXTRA", {"workers": 1})
    start = time.perf_counter()
    update_index(store, case / "indexes", models)
    added = time.perf_counter() - start
    start = time.perf_counter()
    update_index(store, case / "indexes", models, full=True)
    full = time.perf_counter() - start
    store.close()
    return added, full


def search_latency(case: Path, models: PackagedModels, total: int) -> tuple[float, float, int]:
    """Grow the case to ``total`` passages (copies of real passage text, random vectors)."""
    import numpy as np

    store = CaseStore(case / "monell.db")
    have = store.count_passages()
    rng = np.random.default_rng(3)
    texts = [r[0] for r in store.conn.execute("SELECT text FROM passages LIMIT 2000")]
    doc_id = store.conn.execute("SELECT MIN(id) FROM documents").fetchone()[0]
    with store.transaction() as conn:
        for i in range(have, total):
            cur = conn.execute(
                "INSERT INTO passages (document_id, ordinal, page_number, kind, text) "
                "VALUES (?, ?, 1, 'text', ?)",
                (doc_id, 100000 + i, texts[i % len(texts)]),
            )
            vector = rng.standard_normal(384).astype(np.float32)
            vector /= np.linalg.norm(vector)
            conn.execute(
                "INSERT INTO passage_vectors (passage_id, model, vector) VALUES (?, ?, ?)",
                (cur.lastrowid, "model", vector.tobytes()),
            )
    embedder = models.embedder()  # already loaded in this process
    index, _ = open_vector_index(store, case / "indexes")  # rebuild once (not timed per query)
    timings = []
    for round_ in range(5):
        for query in QUERIES:
            start = time.perf_counter()
            search_passages(store, index, embedder, f"{query} {round_}" if round_ else query)
            timings.append((time.perf_counter() - start) * 1000)
    count = store.count_passages()
    store.close()
    q = statistics.quantiles(timings, n=20)
    return statistics.median(timings), q[18], count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pdf", type=Path, default=DEFAULT_PDF)
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--passages", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--only-pdf", action="store_true", help="Only the end-to-end row of --pdf.")
    args = parser.parse_args()
    models = PackagedModels(str(embedding_model_path()), threads=1 if args.workers > 1 else 0)
    local = PackagedModels(str(embedding_model_path()))  # this process: both cores
    start = time.perf_counter()
    local.nlp(), local.embedder()
    print(
        f"Model load (spaCy + sentence-transformers, once per process): "
        f"{time.perf_counter() - start:.1f} s\n"
    )
    with tempfile.TemporaryDirectory() as temp:
        root = Path(temp)
        print("| input | pages | passages | extract s | index s | total s | pages/s | peak MB |")
        print("|---|---|---|---|---|---|---|---|")
        inputs = [] if args.only_pdf else [("generated", make_production(root / "gen", args.pages))]
        if args.pdf.is_file():
            inputs.insert(0, (args.pdf.name, args.pdf))
        else:
            print(f"(skipped {args.pdf}: not found)")
        for label, source in inputs:
            case = root / f"case-{label}"
            case.mkdir()
            r = ingest_end_to_end(source, case, models, args.workers)
            print(
                f"| {label} | {r['pages']:.0f} | {r['passages']:.0f} | {r['extract_s']:.1f} | "
                f"{r['index_s']:.1f} | {r['total_s']:.1f} | {r['pages'] / r['total_s']:.1f} | "
                f"{peak_mb():.0f} |",
                flush=True,
            )
        if args.only_pdf:
            return
        added, full = incremental_add(root / "case-generated", local, root)
        print(
            f"\nAdd one 10-page document to the {args.pages}-page case: {added:.1f} s; "
            f"full rebuild: {full:.1f} s",
            flush=True,
        )
        p50, p95, count = search_latency(root / "case-generated", local, args.passages)
        print(
            f"\nSearch over {count} passages: p50 {p50:.0f} ms, p95 {p95:.0f} ms "
            "(query embedding + FAISS + FTS5 + fetch; model load excluded, see above)"
        )


if __name__ == "__main__":
    main()
