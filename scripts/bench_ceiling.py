"""How fast can ingest go on this machine? The work per page, measured in CPU seconds.

Usage:
    python -m scripts.bench_ceiling [--pdf PATH] [--pages 2000] [--cores 2]

Runs the real pipeline in this one process (one torch thread, models loaded first) on
the Anchorage manual (../shared/data/dev, skipped when absent) and on bench_index.py's
generated production, and charges the CPU time (not wall time, so other work on the
machine does not distort it) to three parts: extraction (text layer, stamps, tables,
store), embedding (sentence-transformers, timed around every call) and the rest of
the analysis (spaCy, passages, dates, types, storing vectors). It also measures what
one worker process pays, once, to load spaCy and the embedding model from nothing.

From these it prints the best any schedule could reach on --cores cores: every core
busy all the time, no waiting, nothing else running:

    warm ceiling = cores / (CPU seconds per page)
    cold ceiling = pages / ((pages * CPU seconds per page + cores * model load) / cores)

A measured run is slower than its ceiling; a target above the ceiling cannot be met by
scheduling, only by doing less work per page (a smaller model, fewer embedded tokens).
Prints Markdown for BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from monell.index import embed
from monell.index.update import PackagedModels, update_index
from monell.ingest.run import ingest_paths
from monell.resources import embedding_model_path
from monell.store import CaseStore
from scripts import bench_index

COLD_LOAD = """
import resource, time
from monell.index.update import PackagedModels
from monell.ingest.run import ingest_paths
before = resource.getrusage(resource.RUSAGE_SELF)
models = PackagedModels({path!r}, threads=1)
models.nlp(), models.embedder()
after = resource.getrusage(resource.RUSAGE_SELF)
print(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
"""


class EmbedClock:
    """CPU seconds and passages spent inside SentenceTransformerEmbedder.embed."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.passages = 0
        self._embed = embed.SentenceTransformerEmbedder.embed

    def __enter__(self) -> EmbedClock:
        clock = self

        def timed(embedder, texts):  # type: ignore[no-untyped-def]
            start = time.process_time()
            try:
                return clock._embed(embedder, texts)
            finally:
                clock.seconds += time.process_time() - start
                clock.passages += len(texts)

        embed.SentenceTransformerEmbedder.embed = timed  # type: ignore[method-assign]
        return self

    def __exit__(self, *exc: object) -> None:
        embed.SentenceTransformerEmbedder.embed = self._embed  # type: ignore[method-assign]


def cold_model_load(path: str, runs: int = 3) -> float:
    """CPU seconds a fresh worker spends loading spaCy and the embedding model (median)."""
    seconds = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", COLD_LOAD.format(path=path)],
            check=True,
            capture_output=True,
            text=True,
        )
        seconds.append(float(out.stdout.strip().splitlines()[-1]))
    return sorted(seconds)[len(seconds) // 2]


def measure(source: Path, case: Path, models: PackagedModels) -> dict[str, float]:
    case.mkdir(parents=True)
    store = CaseStore(case / "monell.db")
    store.write_case_info("ceiling", "", "2021-01-01")
    try:
        start = time.process_time()
        result = ingest_paths(store, [source], "CEILING", {"workers": 1})
        extracted = time.process_time()
        with EmbedClock() as clock:
            update_index(store, case / "indexes", models)
        done = time.process_time()
    finally:
        store.close()
    pages = sum(d.pages for d in result.added)
    return {
        "pages": pages,
        "passages": clock.passages,
        "extract": (extracted - start) / pages,
        "embed": clock.seconds / pages,
        "rest": (done - extracted - clock.seconds) / pages,
        "embed_rate": clock.passages / max(clock.seconds, 1e-9),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pdf", type=Path, default=bench_index.DEFAULT_PDF)
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--cores", type=int, default=2)
    args = parser.parse_args()
    path = str(embedding_model_path())
    load = cold_model_load(path)
    models = PackagedModels(path, threads=1)
    models.nlp(), models.embedder()
    print(f"Model load in a fresh worker (spaCy + embedding model): {load:.1f} CPU s\n")
    print(
        "| input | pages | passages/page | extract | embed | rest | CPU s/page "
        "| passages/s/core (embed) | warm ceiling | cold ceiling |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as temp:
        root = Path(temp)
        inputs = [("generated", bench_index.make_production(root / "gen", args.pages))]
        if args.pdf.is_file():
            inputs.insert(0, (args.pdf.name, args.pdf))
        else:
            print(f"(skipped {args.pdf}: not found)")
        for number, (label, source) in enumerate(inputs):
            m = measure(source, root / f"case{number}", models)
            per_page = m["extract"] + m["embed"] + m["rest"]
            warm = args.cores / per_page
            cold = m["pages"] / ((m["pages"] * per_page + args.cores * load) / args.cores)
            print(
                f"| {label} | {m['pages']:.0f} | {m['passages'] / m['pages']:.2f} "
                f"| {m['extract'] * 1000:.0f} ms | {m['embed'] * 1000:.0f} ms "
                f"| {m['rest'] * 1000:.0f} ms | {per_page * 1000:.0f} ms "
                f"| {m['embed_rate']:.1f} | {warm:.1f} pages/s | {cold:.1f} pages/s |"
            )


if __name__ == "__main__":
    main()
