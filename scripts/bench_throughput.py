"""Ingest throughput by embedding runtime and worker count, cold and warm (issue 21).

Usage:
    python -m scripts.bench_throughput [--pdf PATH] [--runtime torch onnx] [--workers 2 1]
        [--max-load 1.3]

For each runtime and worker count, a fresh Python process ingests and indexes the PDF
(default: the 604-page Anchorage manual from ../shared/data/dev) into a fresh case with
``ingest_paths`` + ``update_index`` and the local process pool, twice: *cold* (the pool's
workers start and load spaCy and the embedding model) and *warm* (the same workers, models
loaded). This is the measurement of ``scripts/bench_scale.py throughput``, so the numbers
compare. Peak MB: the parent's and the largest worker's resident peak (``ru_maxrss``).
Before each configuration the script waits until the 1-minute load average is below
--max-load (other jobs on a shared machine make timings meaningless) and prints the load
it started at. Prints a Markdown table for BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

DEFAULT_PDF = Path(__file__).resolve().parents[2] / "shared/data/dev/policies/Anchorage_policy.pdf"


def wait_for_quiet(max_load: float, poll_s: float = 15.0, give_up_s: float = 7200.0) -> float:
    """Block until the 1-minute load average is below ``max_load``; return it."""
    deadline = time.monotonic() + give_up_s
    while True:
        load = os.getloadavg()[0]
        if load < max_load or time.monotonic() > deadline:
            return load
        time.sleep(poll_s)


def one_configuration(pdf: Path, runtime: str, workers: int) -> dict[str, Any]:
    """Cold then warm, in this (fresh) process."""
    from monell.index.update import PackagedModels, update_index
    from monell.ingest.run import ingest_paths
    from monell.parallel.local import LocalProcessExecutor
    from monell.resources import embedding_model_path
    from monell.store import CaseStore

    models = PackagedModels(
        embedding_path=str(embedding_model_path()),
        threads=1 if workers > 1 else 0,
        runtime=runtime,
    )
    executor = LocalProcessExecutor(workers)
    runs = {}
    try:
        for run in ("cold", "warm"):
            with tempfile.TemporaryDirectory() as temp, CaseStore(Path(temp) / "c.db") as store:
                store.write_case_info("bench", "", "2021-01-01")
                start = time.perf_counter()
                result = ingest_paths(store, [pdf], "B", {"workers": workers}, executor=executor)
                extracted = time.perf_counter()
                report = update_index(store, Path(temp) / "index", models, executor=executor)
                done = time.perf_counter()
            runs[run] = {
                "pages": sum(d.pages for d in result.added),
                "passages": report.passages,
                "extract_s": extracted - start,
                "index_s": done - extracted,
            }
    finally:
        executor.close()
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"runs": runs, "parent_mb": own, "worker_mb": child}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pdf", type=Path, default=DEFAULT_PDF)
    parser.add_argument("--runtime", nargs="+", default=["torch", "onnx"])
    parser.add_argument("--workers", nargs="+", type=int, default=[2, 1])
    parser.add_argument("--max-load", type=float, default=1.3)
    parser.add_argument("--one", nargs=2, metavar=("RUNTIME", "WORKERS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one_configuration(args.pdf, args.one[0], int(args.one[1]))))
        return
    if not args.pdf.is_file():
        raise SystemExit(f"not found: {args.pdf} (skipping the throughput benchmark)")
    print("| runtime | workers | run | pages | passages | extract s | index s | pages/s "
          "| peak MB (parent + largest worker) | load at start |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|---|")
    for runtime in args.runtime:
        for workers in args.workers:
            load = wait_for_quiet(args.max_load)
            out = subprocess.run(
                [sys.executable, "-m", "scripts.bench_throughput", "--pdf", str(args.pdf),
                 "--one", runtime, str(workers)],
                check=True, capture_output=True, text=True,
            ).stdout  # fmt: skip
            result = json.loads(out.strip().splitlines()[-1])
            peak = result["parent_mb"] + result["worker_mb"]
            for run, r in result["runs"].items():
                total = r["extract_s"] + r["index_s"]
                print(f"| {runtime} | {workers} | {run} | {r['pages']} | {r['passages']:,} | "
                      f"{r['extract_s']:.1f} | {r['index_s']:.1f} | {r['pages'] / total:.1f} | "
                      f"{peak:,.0f} | {load:.2f} |", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
