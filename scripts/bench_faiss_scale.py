"""Benchmark the FAISS index at production scale: exact (flat) against approximate (IVF).

Usage:
    python -m scripts.bench_faiss_scale [--sizes 100000 1000000] [--nprobe 8 16 32 64]
        [--clusters 2000] [--queries 200] [--hnsw-max 100000] [--uniform]
        [--compare-case CASE_FOLDER]

For each size, builds the index monell builds (``build_index``: flat, and IVF trained
on a seeded sample of at most MAX_TRAIN_VECTORS) from synthetic 384-d unit vectors and
reports build time, index file size, load time (``monell search`` loads the file on
every call), single-query latency p50/p95 through ``VectorIndex.search`` and recall@10
against exact search, for several nprobe values, unfiltered and with a filter keeping
5% of the passages. An HNSW index (not used by monell: it cannot remove vectors) is
measured up to --hnsw-max vectors for comparison.

The vectors are clustered like text embeddings: a common direction (all-MiniLM-L6-v2
passages of one police manual have a mean pairwise cosine of 0.26), 200 topics of 10
clusters each, cluster sizes lognormal, each cluster spread over its own 16-dimensional
subspace. The cosine profile of a 2,300 sample is printed. --compare-case CASE builds
IVF over a real case's stored vectors and over as many synthetic ones, with the same
list count, and prints both recalls: on the project's real police-manual passages the
synthetic set is the harder of the two. Uniform random vectors (--uniform) have no
neighbourhood structure at all and make IVF look far worse than it is on real text.
Queries: half are stored vectors perturbed to cosine ≈ 0.6 (real questions reach 0.4–0.75
with their best passage of the Anchorage manual), half fresh draws from the clusters
(text like the production's, not in it).
Prints Markdown for BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import faiss
import numpy as np
from numpy.typing import NDArray

from monell.config import MIN_APPROXIMATE_ABOVE, NPROBE, IndexSettings
from monell.index.vectors import INDEX_FILE, VectorIndex, build_index, training_sample

DIMENSION = 384
BATCH = 5000  # the store's vector batch size
SEED = 7
FILTER_SHARE = 0.05
LOCAL_DIMENSIONS = 16
Matrix = NDArray[np.float32]


def _unit(x: Matrix) -> Matrix:
    return (x / np.linalg.norm(x, axis=-1, keepdims=True)).astype(np.float32)


class Corpus:
    """Clustered unit vectors: common direction → topics → clusters → points.

    Each cluster's points spread over a random 16-dimensional subspace plus a little
    isotropic noise, so neighbours are graded as in text embeddings; isotropic Gaussian
    blobs would make every point of a cluster a near-tie, which no real index sees.
    """

    def __init__(self, clusters: int, uniform: bool, seed: int = SEED) -> None:
        rng = np.random.default_rng(seed)
        self.uniform = uniform
        common = _unit(rng.standard_normal(DIMENSION).astype(np.float32))
        topics = max(1, clusters // 10)
        topic = _unit(1.3 * common + _unit(rng.standard_normal((topics, DIMENSION))))
        noise = _unit(rng.standard_normal((clusters, DIMENSION)))
        self.centers = _unit(topic[np.arange(clusters) % topics] + 0.4 * noise)
        shape = (clusters, LOCAL_DIMENSIONS, DIMENSION)
        self.bases = (rng.standard_normal(shape) / np.sqrt(DIMENSION)).astype(np.float32)
        self.spread = rng.uniform(0.6, 1.2, clusters).astype(np.float32)
        weights = rng.lognormal(0.0, 1.0, clusters)  # a few big topics, many small ones
        self.weights = weights / weights.sum()

    def draw(self, n: int, rng: np.random.Generator) -> Matrix:
        if self.uniform:
            return _unit(rng.standard_normal((n, DIMENSION), dtype=np.float32))
        parts = []
        for start in range(0, n, 10_000):  # bounded temporaries (bases[label] is large)
            label = rng.choice(len(self.centers), min(10_000, n - start), p=self.weights)
            z = rng.standard_normal((len(label), LOCAL_DIMENSIONS), dtype=np.float32)
            local = np.einsum("nk,nkd->nd", z / np.sqrt(LOCAL_DIMENSIONS), self.bases[label])
            noise = rng.standard_normal((len(label), DIMENSION), dtype=np.float32)
            point = self.centers[label] + self.spread[label, None] * local
            parts.append(_unit(point + 0.3 / np.sqrt(DIMENSION) * noise))
        return np.vstack(parts)


def _cosine_profile(vectors: Matrix) -> str:
    """Mean pairwise cosine; 1st and 10th nearest-neighbour cosines within a 2,300 sample."""
    rng = np.random.default_rng(1)
    sample = vectors[rng.choice(len(vectors), min(2300, len(vectors)), replace=False)]
    gram = sample @ sample.T
    mean = gram[np.triu_indices(len(sample), 1)].mean()
    np.fill_diagonal(gram, -1.0)
    gram.sort(axis=1)
    first, tenth = (np.percentile(gram[:, -r], [10, 50, 90]) for r in (1, 10))
    return (
        f"mean cosine {mean:.2f}; nearest neighbour p10/p50/p90 "
        f"{'/'.join(f'{c:.2f}' for c in first)}; 10th {'/'.join(f'{c:.2f}' for c in tenth)}"
    )


def compare_with_case(folder: Path, args: argparse.Namespace) -> None:
    """IVF recall on a real case's vectors against synthetic ones of the same size and
    list count: is the synthetic set easier for IVF than real passages? (It is not.)"""
    from monell.store import DB_NAME, CaseStore

    with CaseStore(folder / DB_NAME) as store:
        blobs = [blob for _, batch in store.vector_batches() for blob in batch]
    real = np.unique(np.frombuffer(b"".join(blobs), np.float32).reshape(-1, DIMENSION), axis=0)
    print(f"# {folder} ({len(real):,} distinct vectors): {_cosine_profile(real)}")
    synthetic = Corpus(args.clusters, args.uniform).draw(len(real), np.random.default_rng(SEED))
    for name, vectors in (("real", real), ("synthetic", synthetic)):
        rng = np.random.default_rng(SEED)
        picked = vectors[rng.choice(len(vectors), 100, replace=False)]
        noise = 4 / 3 * _unit(rng.standard_normal(picked.shape, dtype=np.float32))
        queries = _unit(picked + noise)  # cosine ≈ 0.6, as in the main benchmark
        truth = [{i + 1 for i in row} for row in (queries @ vectors.T).argsort(axis=1)[:, -10:]]
        index = VectorIndex.trained(vectors, len(vectors), IndexSettings(MIN_APPROXIMATE_ABOVE))
        index.add(np.arange(1, len(vectors) + 1), vectors)
        recalls = []
        for nprobe in (1, 2, 4, 8):
            index.settings = IndexSettings(MIN_APPROXIMATE_ABOVE, nprobe)
            found = [{i for i, _ in index.search(q, 10)} for q in queries]
            recall = np.mean([len(f & t) / 10 for f, t in zip(found, truth, strict=True)])
            recalls.append(f"{nprobe}: {recall:.3f}")
        print(f"# {name}: {index.lists} lists, recall@10 by nprobe {', '.join(recalls)}")


def _queries(corpus: Corpus, vectors: Matrix, count: int) -> Matrix:
    rng = np.random.default_rng(SEED + 1)
    half = count // 2
    stored = vectors[rng.choice(len(vectors), half, replace=False)]
    # Noise of norm 4/3 on a unit vector: cosine ≈ 1 / √(1 + 16/9) = 0.6.
    noise = 4 / 3 * _unit(rng.standard_normal((half, DIMENSION), dtype=np.float32))
    return np.vstack([_unit(stored + noise), corpus.draw(count - half, rng)])


def _timed_queries(
    search: Callable[[Matrix], list[int]], queries: Matrix, truth: list[set[int]]
) -> tuple[float, float, float]:
    """p50 ms, p95 ms and mean recall@10 of single-query searches."""
    latencies, recalls = [], []
    for query, expected in zip(queries, truth, strict=True):
        started = time.perf_counter()
        found = search(query)
        latencies.append((time.perf_counter() - started) * 1000)
        recalls.append(len(set(found[:10]) & expected) / max(1, len(expected)))
    p95 = statistics.quantiles(latencies, n=20)[-1]
    return statistics.median(latencies), p95, statistics.fmean(recalls)


def _saved(index: VectorIndex) -> tuple[float, float]:
    """(file MB, seconds to load it and check its fingerprint, as `monell search` does)."""
    with tempfile.TemporaryDirectory() as folder:
        index.save(Path(folder))
        size = (Path(folder) / INDEX_FILE).stat().st_size / 1e6
        started = time.perf_counter()
        loaded = VectorIndex.load(Path(folder))
        assert loaded is not None
        loaded.fingerprint()
        return size, time.perf_counter() - started


def _row(*cells: object) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


@dataclass
class Workload:
    """One size: the vectors, the queries, and exact answers to compare against."""

    ids: NDArray[np.int64]
    vectors: Matrix
    queries: Matrix
    allowed: list[int]  # a filter keeping FILTER_SHARE of the passages
    truth: list[set[int]] = field(default_factory=list)
    filtered_truth: list[set[int]] = field(default_factory=list)

    @property
    def size(self) -> str:
        return f"{len(self.ids):,}"

    def batches(self) -> Iterator[tuple[NDArray[np.int64], Matrix]]:
        for start in range(0, len(self.ids), BATCH):
            yield self.ids[start : start + BATCH], self.vectors[start : start + BATCH]


def make_workload(n: int, args: argparse.Namespace) -> Workload:
    corpus = Corpus(args.clusters, args.uniform)
    rng = np.random.default_rng(SEED)
    vectors = np.vstack([corpus.draw(min(100_000, n - s), rng) for s in range(0, n, 100_000)])
    print(f"# {n:,} vectors: {_cosine_profile(vectors)}", flush=True)
    ids = np.arange(1, n + 1, dtype=np.int64)  # passage ids start at 1
    allowed = np.sort(rng.choice(ids, int(n * FILTER_SHARE), replace=False)).tolist()
    return Workload(ids, vectors, _queries(corpus, vectors, args.queries), allowed)


def _variants(work: Workload) -> list[tuple[str, list[set[int]], list[int] | None]]:
    return [("", work.truth, None), (" (5% filter)", work.filtered_truth, work.allowed)]


def bench_flat(work: Workload) -> list[str]:
    """The exact index, which also gives the true top 10 of every query."""
    started = time.perf_counter()
    exact = build_index(work.batches, work.ids, DIMENSION, IndexSettings(len(work.ids)))
    build = time.perf_counter() - started
    _, top = exact.index.search(work.queries, 10)
    work.truth = [set(map(int, row)) for row in top]
    work.filtered_truth = [{i for i, _ in exact.search(q, 10, work.allowed)} for q in work.queries]
    size, load = _saved(exact)
    rows = []
    for label, truth, allowed in _variants(work):
        p50, p95, recall = _timed_queries(
            lambda q, allowed=allowed: [i for i, _ in exact.search(q, 10, allowed)],
            work.queries,
            truth,
        )
        rows.append(_row(work.size, f"flat (exact){label}", "all", f"{build:.1f}",
                         f"{size:,.0f}", f"{load:.2f}", f"{p50:.1f}", f"{p95:.1f}",
                         f"{recall:.3f}"))  # fmt: skip
    # What monell did before searching on one OpenMP thread: FAISS's default threads.
    p50, p95, _ = _timed_queries(
        lambda q: exact.index.search(q.reshape(1, -1), 10)[1][0].tolist(), work.queries, work.truth
    )
    rows.append(_row(work.size, f"flat, FAISS default {faiss.omp_get_max_threads()} threads",
                     "all", "", "", "", f"{p50:.1f}", f"{p95:.1f}", "1.000"))  # fmt: skip
    print("\n".join(rows), flush=True)
    return rows


def bench_ivf(work: Workload, nprobes: list[int]) -> list[str]:
    """The approximate index as monell trains it, at several nprobe values."""
    started = time.perf_counter()
    sample = training_sample(work.batches, work.ids, DIMENSION)
    index = VectorIndex.trained(sample, len(work.ids), IndexSettings(MIN_APPROXIMATE_ABOVE))
    trained = time.perf_counter() - started
    del sample
    for ids, matrix in work.batches():
        index.add(ids, matrix)
    build = f"{time.perf_counter() - started:.1f} (train {trained:.1f})"
    size, load = _saved(index)
    rows = []
    for nprobe in nprobes:
        index.settings = IndexSettings(MIN_APPROXIMATE_ABOVE, nprobe)
        for label, truth, allowed in _variants(work):
            if allowed is not None and nprobe != NPROBE:
                continue  # filtered: at the default only (it scans more lists anyway)
            p50, p95, recall = _timed_queries(
                lambda q, allowed=allowed: [i for i, _ in index.search(q, 10, allowed)],
                work.queries,
                truth,
            )
            probes = index.probes(None if allowed is None else len(allowed))
            line = _row(work.size, f"IVF, {index.lists:,} lists{label}", f"{probes:,}", build,
                        f"{size:,.0f}", f"{load:.2f}", f"{p50:.2f}", f"{p95:.2f}",
                        f"{recall:.3f}")  # fmt: skip
            print(line, flush=True)
            rows.append(line)
    return rows


def bench_hnsw(work: Workload) -> list[str]:
    """HNSW for comparison (monell does not use it: FAISS's HNSW cannot remove vectors)."""
    rows = []
    for construction, searches in ((40, (64, 128)), (200, (128,))):
        started = time.perf_counter()
        index = faiss.IndexHNSWFlat(DIMENSION, 32, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = construction
        index.add(work.vectors)
        build = time.perf_counter() - started
        size = faiss.serialize_index(index).nbytes / 1e6
        for ef in searches:
            index.hnsw.efSearch = ef

            def search(query: Matrix, index: faiss.Index = index) -> list[int]:
                _, found = index.search(query.reshape(1, -1), 10)
                return [int(i) + 1 for i in found[0]]  # positions → ids

            p50, p95, recall = _timed_queries(search, work.queries, work.truth)
            line = _row(work.size, f"HNSW32, efConstruction {construction} (not used)",
                        f"efSearch {ef}", f"{build:.1f}", f"{size:,.0f}", "—", f"{p50:.2f}",
                        f"{p95:.2f}", f"{recall:.3f}")  # fmt: skip
            print(line, flush=True)
            rows.append(line)
    return rows


def bench_size(n: int, args: argparse.Namespace) -> list[str]:
    work = make_workload(n, args)
    rows = bench_flat(work) + bench_ivf(work, args.nprobe)
    return rows + (bench_hnsw(work) if n <= args.hnsw_max else [])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--nprobe", type=int, nargs="+", default=[8, 16, NPROBE, 64])
    parser.add_argument("--clusters", type=int, default=2000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--hnsw-max", type=int, default=100_000)
    parser.add_argument("--uniform", action="store_true", help="Unclustered random vectors.")
    parser.add_argument("--compare-case", type=Path, help="IVF on a real case's vectors.")
    args = parser.parse_args()
    if args.compare_case:
        compare_with_case(args.compare_case, args)
    print(f"faiss {faiss.__version__}, {faiss.omp_get_max_threads()} threads", flush=True)
    header = [
        _row(
            "passages",
            "index",
            "lists scanned",
            "build s",
            "file MB",
            "load s",
            "p50 ms",
            "p95 ms",
            "recall@10",
        ),  # fmt: skip
        "|---|---|---|---|---|---|---|---|---|",
    ]
    rows = [row for n in args.sizes for row in bench_size(n, args)]
    print("\n" + "\n".join(header + rows))


if __name__ == "__main__":
    main()
