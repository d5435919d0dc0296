"""Benchmark scale: local vs Dask throughput, and the writer's peak memory by production size.

Usage:
    python -m scripts.bench_scale throughput [--pdf PATH] [--pages N]
    python -m scripts.bench_scale memory [--sizes 2000 20000 100000]

throughput: ingest + index (real models) of a PDF production (default: the 604-page
Anchorage manual from ../shared/data/dev when present, else a generated one) with the
local process pool (2 workers) and a Dask LocalCluster of 1 and 2 single-threaded worker
processes; pages/s end to end.

memory: generated load-file volumes of extracted text (10 pages a document) at each size,
ingested and indexed in a fresh process with 2 local workers; the writer's peak RSS
(``ru_maxrss`` of the writer process only, workers excluded). Indexing uses a stand-in
embedder (hashed words, 384 dimensions) and a blank spaCy sentencizer so 100k pages fit
in minutes; the writer's memory does not depend on the model's weights, which live in the
workers. The FAISS index itself holds every vector in memory (passages x 384 x 4 bytes)
and is reported apart. FAISS exact vs approximate at 1M passages: bench_faiss_scale.py.
Prints Markdown tables for BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PDF = ROOT.parent / "shared/data/dev/policies/Anchorage_policy.pdf"
PAGES_PER_DOCUMENT = 10
WORDS = (
    "officer training course lesson plan handcuffing restraint prone position custody "
    "de-escalation force report complaint supervisor review policy procedure academy "
    "instructor roster hours recruit medical aid transport vehicle pursuit firearm taser "
    "baton crisis intervention mental health sergeant lieutenant department city"
).split()


def write_text_volume(root: Path, pages: int, seed: int = 7) -> Path:
    """A Concordance volume of extracted-text documents (no images): fast to generate."""
    rng = random.Random(seed)
    (root / "DATA").mkdir(parents=True)
    text_dir = root / "TEXT"
    text_dir.mkdir()
    rows = ["\x14".join(f"\u00fe{c}\u00fe" for c in ("BEGBATES", "ENDBATES", "TEXTPATH"))]
    for doc in range(pages // PAGES_PER_DOCUMENT):
        first = doc * PAGES_PER_DOCUMENT + 1
        body = "\f".join(
            " ".join(rng.choice(WORDS) for _ in range(300)) + "." for _ in range(PAGES_PER_DOCUMENT)
        )
        (text_dir / f"BEN{first:07d}.txt").write_text(body)
        values = (f"BEN{first:07d}", f"BEN{first + PAGES_PER_DOCUMENT - 1:07d}",
                  f"TEXT\\BEN{first:07d}.txt")  # fmt: skip
        rows.append("\x14".join(f"\u00fe{v}\u00fe" for v in values))
    (root / "DATA" / f"{root.name}.dat").write_text("\r\n".join(rows) + "\r\n", encoding="utf-8")
    return root


@dataclass(frozen=True)
class HashedModels:
    """Stand-in models for the memory run: a sentencizer and hashed-word vectors (384-d)."""

    def nlp(self) -> object:
        import spacy

        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
        return nlp

    def embedder(self) -> HashedEmbedder:
        return HashedEmbedder()


class HashedEmbedder:
    name = "hashed-words"
    dimension = 384

    def embed(self, texts: list[str]) -> np.ndarray:
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"[a-z]+", text.lower()):
                vectors[row, int(hashlib.md5(word.encode()).hexdigest()[:6], 16) % 384] += 1
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.where(norms == 0, 1, norms)


def memory_run(pages: int) -> dict[str, float]:
    """One size, in this (fresh) process: generate, ingest, index; the writer's peak RSS."""
    from monell.index.update import update_index
    from monell.ingest.run import ingest_paths
    from monell.parallel import make_executor
    from monell.store import CaseStore

    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        volume = write_text_volume(folder / "BENCHVOL", pages)
        base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        executor = make_executor(2)
        try:
            with CaseStore(folder / "case.db") as store:
                store.write_case_info("bench", "", "2021-01-01")
                start = time.perf_counter()
                result = ingest_paths(store, [volume], "BENCH", {"workers": 2}, executor=executor)
                ingest_s = time.perf_counter() - start
                after_ingest = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
                start = time.perf_counter()
                report = update_index(store, folder / "index", HashedModels(), executor=executor)
                index_s = time.perf_counter() - start
        finally:
            executor.close()
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    assert result.ok, result.failed[:1]
    return {
        "pages": pages,
        "documents": len(result.added),
        "passages": report.passages,
        "ingest_s": ingest_s,
        "index_s": index_s,
        "start_mb": base / 1024,
        "ingest_peak_mb": after_ingest / 1024,
        "peak_mb": peak / 1024,
        "faiss_mb": report.passages * 384 * 4 / 1e6,
    }


def memory(sizes: list[int]) -> None:
    print("| pages | documents | passages | ingest s | index s | writer RSS after ingest (MB) "
          "| writer peak RSS (MB) | of which FAISS vectors (MB) |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|")
    for size in sizes:
        out = subprocess.run(
            [sys.executable, __file__, "memory-one", str(size)],
            check=True, capture_output=True, text=True,
        ).stdout  # fmt: skip
        r = json.loads(out.strip().splitlines()[-1])
        print(f"| {r['pages']:,} | {r['documents']:,} | {r['passages']:,} | {r['ingest_s']:.0f} "
              f"| {r['index_s']:.0f} | {r['ingest_peak_mb']:.0f} | {r['peak_mb']:.0f} "
              f"| {r['faiss_mb']:.0f} |", flush=True)  # fmt: skip


def throughput(pdf: Path, pages: int) -> None:
    from distributed import Client, LocalCluster

    from monell.index.update import PackagedModels
    from monell.parallel.cluster import DaskExecutor
    from monell.parallel.local import LocalProcessExecutor
    from monell.resources import embedding_model_path

    models = PackagedModels(embedding_path=str(embedding_model_path()), threads=1)
    print("| executor | pages | ingest s | index s | pages/s end to end |")
    print("|---|---|---|---|---|")
    runs = [("local process pool, 2 workers", None, 2), ("Dask LocalCluster, 1 worker", 1, 1),
            ("Dask LocalCluster, 2 workers", 2, 2)]  # fmt: skip
    for label, dask_workers, workers in runs:
        cluster = client = None
        if dask_workers:
            cluster = LocalCluster(n_workers=dask_workers, threads_per_worker=1, processes=True,
                                   dashboard_address=":0", silence_logs=50)  # fmt: skip
            client = Client(cluster, set_as_default=False)
            executor = DaskExecutor(client=client)
        else:
            executor = LocalProcessExecutor(workers)
        for run in ("cold", "warm"):  # warm: models already loaded in every worker
            count, ingest_s, index_s = _one_run(pdf, workers, executor, models)
            print(f"| {label} ({run}) | {count} | {ingest_s:.1f} | {index_s:.1f} | "
                  f"{count / (ingest_s + index_s):.1f} |", flush=True)  # fmt: skip
        executor.close()
        if client is not None and cluster is not None:
            client.close()
            cluster.close()


def _one_run(pdf: Path, workers: int, executor: Any, models: Any) -> tuple[int, float, float]:
    from monell.index.update import update_index
    from monell.ingest.run import ingest_paths
    from monell.store import CaseStore

    with tempfile.TemporaryDirectory() as temp, CaseStore(Path(temp) / "c.db") as store:
        store.write_case_info("bench", "", "2021-01-01")
        start = time.perf_counter()
        result = ingest_paths(store, [pdf], "BENCH", {"workers": workers}, executor=executor)
        ingest_s = time.perf_counter() - start
        start = time.perf_counter()
        update_index(store, Path(temp) / "index", models, executor=executor)
        index_s = time.perf_counter() - start
    return sum(d.pages for d in result.added), ingest_s, index_s


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    t = sub.add_parser("throughput")
    t.add_argument("--pdf", type=Path, default=DEFAULT_PDF)
    t.add_argument("--pages", type=int, default=0)
    m = sub.add_parser("memory")
    m.add_argument("--sizes", type=int, nargs="+", default=[2000, 20000, 100000])
    one = sub.add_parser("memory-one")
    one.add_argument("size", type=int)
    args = parser.parse_args()
    if args.command == "memory-one":
        print(json.dumps(memory_run(args.size)))
    elif args.command == "memory":
        memory(args.sizes)
    else:
        if not args.pdf.is_file():
            sys.exit(f"{args.pdf} not found: pass --pdf")
        throughput(args.pdf, args.pages)


if __name__ == "__main__":
    main()
