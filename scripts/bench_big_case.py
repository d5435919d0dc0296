"""Large cases (issue 21): adding one 20-page document to a 100,000-page case, and hybrid
search latency at 100,000 and 1,000,000 passages.

Usage:
    python -m scripts.bench_big_case SEED_CASE WORK_DIR [--max-load 1.3] [--add-only]
    python -m scripts.bench_big_case --step search|keyword CASE   (one step, on a grown case)

SEED_CASE is a real, indexed case (e.g. the 12 dev policies as scripts/eval_retrieval.py
keeps them): its passages and vectors are the material the big case is grown from. The
case is copied to WORK_DIR/case and grown in place with synthetic documents of 50 pages,
typed ``other`` (the bulk of a real production: mail, reports), whose passages are copies
of the seed's passage texts (so keyword search meets real vocabulary) and whose vectors
are the seed's vectors plus noise, renormalised (so the vector index meets real
clusters). Growing is not timed. Then, each in a fresh process (its peak RSS is its own):

1. search at 100,000 passages: ``search_passages`` (query embedding + FAISS + FTS5 BM25 +
   fusion + fetch) for the team's 102 evaluation questions, p50/p95, and each part's p50;
2. grow to 100,000 pages; add one 20-page PDF with ``monell ingest`` in a fresh process
   (end to end: start-up, extraction, models, embeddings, FAISS, the change snapshot), and
   a second one in a warm process (models loaded, one snapshot taken before; extraction,
   indexing and the change snapshot);
3. grow to 1,000,000 passages (the vector index is then IVF); search again.

Every timed step first waits until the 1-minute load average is below --max-load and
prints it. Prints Markdown for BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from scripts.bench_throughput import wait_for_quiet

PAGES_PER_DOCUMENT = 50
NOISE = 0.35  # a copy keeps cosine ~0.94 with its seed: neighbours, not duplicates
QUERIES_FILE = Path(__file__).resolve().parents[1] / "corpora/eval/retrieval/queries.yaml"


def grow(case: Path, passages: int | None = None, pages: int | None = None) -> dict[str, int]:
    """Add synthetic documents until the case holds ``passages`` passages or ``pages`` pages."""
    from monell.store import CaseStore

    rng = np.random.default_rng(11)
    with CaseStore(case / "monell.db") as store:
        conn = store.conn
        seed = conn.execute(
            "SELECT p.id, p.text, p.heading, v.vector, v.model FROM passages p "
            "JOIN passage_vectors v ON v.passage_id = p.id ORDER BY p.id LIMIT 20000"
        ).fetchall()
        per_page = 4  # the 12 dev policies: 3,239 passages on 773 pages
        production = _bulk_production(conn)
        n_docs = _count(conn, "SELECT COUNT(*) FROM documents")
        while True:
            have_passages = _count(conn, "SELECT COUNT(*) FROM passages")
            have_pages = _count(conn, "SELECT SUM(page_count) FROM documents")
            if (passages and have_passages >= passages) or (pages and have_pages >= pages):
                break
            with store.transaction():
                for _ in range(20):  # 1,000 pages a transaction
                    n_docs += 1
                    _add_document(conn, production, n_docs, seed, per_page, rng)
        return {
            "documents": _count(conn, "SELECT COUNT(*) FROM documents"),
            "pages": _count(conn, "SELECT SUM(page_count) FROM documents"),
            "passages": _count(conn, "SELECT COUNT(*) FROM passages"),
        }


def _count(conn: Any, sql: str) -> int:
    return int(conn.execute(sql).fetchone()[0] or 0)


def _bulk_production(conn: Any) -> int:
    row = conn.execute("SELECT id FROM productions WHERE label = 'BULK'").fetchone()
    if row:
        return int(row[0])
    return int(
        conn.execute(
            "INSERT INTO productions (label, created_at) VALUES ('BULK', '2026-01-01T00:00:00')"
        ).lastrowid
    )


def _add_document(
    conn: Any, production: int, number: int, seed: list[Any], per_page: int, rng: Any
) -> None:
    name = f"BULK{number:07d}.pdf"
    doc = conn.execute(
        "INSERT INTO documents (sha256, production_id, path, file_name, size_bytes, page_count, "
        "ingested_at, analyzed_at, doc_type, doc_type_confidence) "
        "VALUES (?, ?, ?, ?, 1, ?, '2026-01-01', '2026-01-01', 'other', 0.5)",
        (f"synthetic-{number:09d}", production, f"/bulk/{name}", name, PAGES_PER_DOCUMENT),
    ).lastrowid
    start = int(rng.integers(0, len(seed)))
    rows = [seed[(start + i) % len(seed)] for i in range(PAGES_PER_DOCUMENT * per_page)]
    vectors = np.stack([np.frombuffer(r[3], dtype=np.float32) for r in rows])
    vectors = vectors + rng.standard_normal(vectors.shape).astype(np.float32) * NOISE / 20
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    conn.executemany(
        "INSERT INTO pages (document_id, page_number, text, method) VALUES (?, ?, ?, 'text')",
        [
            (doc, page, " ".join(r[1] for r in rows[(page - 1) * per_page : page * per_page]))
            for page in range(1, PAGES_PER_DOCUMENT + 1)
        ],
    )
    for i, row in enumerate(rows):
        pid = conn.execute(
            "INSERT INTO passages (document_id, ordinal, page_number, kind, heading, text) "
            "VALUES (?, ?, ?, 'text', ?, ?)",
            (doc, i, i // per_page + 1, row[2], row[1]),
        ).lastrowid
        conn.execute(
            "INSERT INTO passage_vectors (passage_id, model, vector) VALUES (?, ?, ?)",
            (pid, row[4], vectors[i].tobytes()),
        )


def prepare_index(case: Path) -> dict[str, Any]:
    """Bring the FAISS file in step with the grown store (not timed as part of a search)."""
    from monell.app.workspace import open_case
    from monell.index.update import open_vector_index

    start = time.perf_counter()
    with open_case(case) as opened:
        index, rebuilt = open_vector_index(
            opened.store, opened.index_dir, settings=opened.config.index
        )
        return {
            "kind": index.kind.value,
            "rebuilt": rebuilt,
            "seconds": time.perf_counter() - start,
        }


def search_run(case: Path) -> dict[str, Any]:
    """Time the team's questions through search_passages, with a split by part."""
    import yaml

    from monell.app.session import case_models
    from monell.app.workspace import open_case
    from monell.index.search import keyword_words, search_passages
    from monell.index.update import open_vector_index

    sets = yaml.safe_load(QUERIES_FILE.read_text())["sets"]
    questions = [q["query"] for items in sets.values() for q in items]
    with open_case(case) as opened:
        store = opened.store
        start = time.perf_counter()
        embedder = case_models(opened).embedder()
        embedder.embed(["warm up"])
        load_models = time.perf_counter() - start
        start = time.perf_counter()
        index, _ = open_vector_index(store, opened.index_dir, settings=opened.config.index)
        load_index = time.perf_counter() - start
        total, embed, dense, keyword = [], [], [], []
        for question in questions:
            t0 = time.perf_counter()
            search_passages(store, index, embedder, question, 10)
            total.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            vector = embedder.embed([question])[0]
            t1 = time.perf_counter()
            index.search(vector, 50)
            t2 = time.perf_counter()
            store.keyword_search(keyword_words(question), 50, (), None)
            t3 = time.perf_counter()
            embed.append(t1 - t0)
            dense.append(t2 - t1)
            keyword.append(t3 - t2)
        passages = store.count_passages()
    ms = [x * 1000 for x in total]
    return {
        "passages": passages,
        "index": index.kind.value,
        "queries": len(questions),
        "p50": statistics.median(ms),
        "p95": statistics.quantiles(ms, n=20)[18],
        "embed_p50": statistics.median(embed) * 1000,
        "faiss_p50": statistics.median(dense) * 1000,
        "fts_p50": statistics.median(keyword) * 1000,
        "fts_p95": statistics.quantiles([x * 1000 for x in keyword], n=20)[18],
        "load_models_s": load_models,
        "load_index_s": load_index,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def keyword_run(case: Path) -> dict[str, Any]:
    """Keyword search alone, three ways, per question in turn: FTS5's ``ORDER BY rank`` (before
    issue 21), ``ORDER BY bm25() LIMIT`` over the full OR query, and ``store.keyword_search``
    (rare words first). Thread CPU time (stable on a shared machine) and wall time; overlap@10
    and identical top-50 order against the first."""
    import yaml

    from monell.index.search import keyword_words
    from monell.store import CaseStore, keyword

    sets = yaml.safe_load(QUERIES_FILE.read_text())["sets"]
    questions = [keyword_words(q["query"]) for items in sets.values() for q in items]
    with CaseStore(case / "monell.db") as store:
        ways = {
            "rank": lambda words: [r[0] for r in store.conn.execute(
                "SELECT rowid FROM passages_fts WHERE passages_fts MATCH ? ORDER BY rank "
                "LIMIT 50", (keyword.match_expression(words),))],
            "bm25": lambda words: [p for p, _ in keyword.ranked(
                store.conn, keyword.match_expression(words), 50)],
            "rare_first": lambda words: store.keyword_search(words, 50, (), None),
        }  # fmt: skip
        cpu: dict[str, list[float]] = {way: [] for way in ways}
        wall: dict[str, list[float]] = {way: [] for way in ways}
        found: dict[str, list[list[int]]] = {way: [] for way in ways}
        for words in questions:
            for way, run in ways.items():
                c0, t0 = time.thread_time(), time.perf_counter()
                found[way].append(run(words))
                cpu[way].append((time.thread_time() - c0) * 1000)
                wall[way].append((time.perf_counter() - t0) * 1000)
    result: dict[str, Any] = {"queries": len(questions)}
    for way in ways:
        pairs = list(zip(found["rank"], found[way], strict=True))
        result[way] = {
            "cpu_p50": statistics.median(cpu[way]),
            "cpu_p95": statistics.quantiles(cpu[way], n=20)[18],
            "wall_p50": statistics.median(wall[way]),
            "wall_p95": statistics.quantiles(wall[way], n=20)[18],
            "overlap10": statistics.mean(
                len(set(a[:10]) & set(b[:10])) / max(1, min(10, len(a))) for a, b in pairs
            ),
            "same_top50": sum(a == b for a, b in pairs),
        }
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def warm_add(case: Path, pdf: Path) -> dict[str, Any]:
    """In one process: load the models (and take a snapshot once, as a resident process
    would have), then add a 20-page document (extract + index) and take the change
    snapshot, as ``monell ingest`` does."""
    from monell.app.session import CaseSession, case_models
    from monell.app.snapshots import take_snapshot
    from monell.app.workspace import open_case
    from monell.index.update import update_index
    from monell.ingest.run import ingest_paths

    with open_case(case) as opened:
        models = case_models(opened)
        models.nlp(), models.embedder().embed(["warm up"])
        kit = CaseSession(opened, indexed=True)
        kit.coverage()
        cpu = _cpu_seconds(resource.RUSAGE_SELF)
        start = time.perf_counter()
        result = ingest_paths(opened.store, [pdf], "ADD-WARM", {"workers": 1})
        extracted = time.perf_counter()
        report = update_index(opened.store, opened.index_dir, models, settings=opened.config.index)
        indexed = time.perf_counter()
        take_snapshot(kit, "ADD-WARM")
        done = time.perf_counter()
    return {
        "pages": sum(d.pages for d in result.added),
        "passages": report.passages,
        "extract_s": extracted - start,
        "index_s": indexed - extracted,
        "snapshot_s": done - indexed,
        "total_s": done - start,
        "cpu_s": _cpu_seconds(resource.RUSAGE_SELF) - cpu,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def cold_add(case: Path, pdf: Path) -> dict[str, Any]:
    """``monell ingest`` in a fresh process, as a user runs it; wall time and peak RSS.

    The package's bytecode is compiled first, as an installed package's is (pip compiles
    it at install time): an edited source tree where PYTHONDONTWRITEBYTECODE is set would
    otherwise compile every module on every start (~0.3 s)."""
    import compileall

    compileall.compile_dir(str(Path(__file__).resolve().parents[1] / "src/monell"), quiet=1)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "monell", "ingest", "--case", str(case), str(pdf),
         "--production", "ADD-COLD"],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    seconds = time.perf_counter() - start
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"total_s": seconds, "peak_mb": child, "cpu_s": _cpu_seconds(resource.RUSAGE_CHILDREN)}


def _cpu_seconds(who: int) -> float:
    """User + system CPU seconds: under load, a better measure of the work than wall time."""
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def make_pdf(path: Path, pages: int, seed: int) -> Path:
    from scripts.bench_index import make_production

    folder = make_production(path.parent / f"gen-{seed}", pages, per_document=pages, seed=seed)
    (only,) = folder.glob("*.pdf")
    shutil.move(str(only), path)
    return path


def _in_fresh_process(step: str, *args: str) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, "-m", "scripts.bench_big_case", "--step", step, *args],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    return dict(json.loads(out.strip().splitlines()[-1]))


def main() -> None:
    if sys.argv[1:2] == ["--step"]:  # one measured step, in this fresh process
        steps = {"search": search_run, "keyword": keyword_run, "warm_add": warm_add,
                 "cold_add": cold_add}  # fmt: skip
        step, paths = sys.argv[2], [Path(a) for a in sys.argv[3:]]
        print(json.dumps(steps[step](*paths)))  # type: ignore[operator]
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("seed", type=Path)
    parser.add_argument("work", type=Path)
    parser.add_argument("--max-load", type=float, default=1.3)
    parser.add_argument("--add-only", action="store_true", help="only step 2 (add a document)")
    args = parser.parse_args()
    case = args.work / "case"
    if not case.exists():
        shutil.copytree(args.seed, case)
    print("| step | passages | index | p50 ms | p95 ms | embed / FAISS / FTS5 p50 ms "
          "| FTS5 p95 ms | index load s | peak MB | load at start |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|---|")
    for target in (None,) if args.add_only else (100_000, None, 1_000_000):
        if target is None:
            size = grow(case, pages=100_000)
            prepare_index(case)
            first = size["documents"]  # new content on every run over the same case
            pdfs = [make_pdf(args.work / f"add-{s}.pdf", 20, s) for s in (first, first + 1)]
            load = wait_for_quiet(args.max_load)
            cold = _in_fresh_process("cold_add", str(case), str(pdfs[0]))
            load2 = wait_for_quiet(args.max_load)
            warm = _in_fresh_process("warm_add", str(case), str(pdfs[1]))
            print(f"\nAdd one 20-page PDF to the case of {size['pages']:,} pages "
                  f"({size['passages']:,} passages): `monell ingest`, fresh process "
                  f"{cold['total_s']:.1f} s, CPU {cold['cpu_s']:.1f} s (peak "
                  f"{cold['peak_mb']:,.0f} MB, load {load:.2f}); warm process "
                  f"{warm['total_s']:.2f} s, CPU {warm['cpu_s']:.2f} s "
                  f"(extract {warm['extract_s']:.2f} + "
                  f"index {warm['index_s']:.2f} + snapshot {warm['snapshot_s']:.2f}; "
                  f"peak {warm['peak_mb']:,.0f} MB, "
                  f"load {load2:.2f})\n", flush=True)  # fmt: skip
            continue
        grow(case, passages=target)
        prepared = prepare_index(case)
        load = wait_for_quiet(args.max_load)
        r = _in_fresh_process("search", str(case))
        print(f"| search | {r['passages']:,} | {r['index']} (built {prepared['seconds']:.0f} s) | "
              f"{r['p50']:.0f} | {r['p95']:.0f} | {r['embed_p50']:.1f} / {r['faiss_p50']:.1f} / "
              f"{r['fts_p50']:.1f} | {r['fts_p95']:.0f} | {r['load_index_s']:.2f} | "
              f"{r['peak_mb']:,.0f} | {load:.2f} |", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
