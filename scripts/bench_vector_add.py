"""Adding a small document's vectors to a big case's FAISS index (issue 21).

Usage:
    python -m scripts.bench_vector_add WORK_DIR [--passages 400000] [--add 90] [--rounds 5]

Builds once (not timed) a synthetic case in WORK_DIR: a store of ``--passages`` random
384-d unit vectors (one bare document per 200 passages) and its vector index, IVF
(``approximate_above`` 100,000). Then, ``--rounds`` times, in a fresh process each: stores
one more document of ``--add`` passages and times what ``update_index`` does to the index
for it: ``open_vector_index`` (with the store's id check), ``grow_vector_index`` and
``save``. Then fresh processes time one search (the first one loads the big file), and the
removal of a document whose vectors are in the big file, then a fold.
Prints one Markdown row per round. Run it against another checkout's ``src`` with
PYTHONPATH to compare.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

DIMENSION = 384
PER_DOCUMENT = 200
SETTINGS = {"approximate_above": 100_000}


def build_case(work: Path, passages: int) -> None:
    """The synthetic store and its index (skipped when already built)."""
    from monell.index.update import open_vector_index
    from monell.store import CaseStore

    work.mkdir(parents=True, exist_ok=True)
    with CaseStore(work / "monell.db") as store:
        if store.count_passages() < passages:
            store.write_case_info("bench", "", "2021-01-01")
            rng = np.random.default_rng(0)
            with store.transaction():
                for _ in range(passages // PER_DOCUMENT):
                    _add_document(store, rng, PER_DOCUMENT)
        start = time.perf_counter()
        index, rebuilt = open_vector_index(store, work / "indexes", settings=SETTINGS)
        print(
            f"index {index.kind.value}, rebuilt {rebuilt}, {time.perf_counter() - start:.1f} s",
            file=sys.stderr,
        )


def _add_document(store: Any, rng: Any, count: int) -> tuple[list[int], Any]:
    conn = store.conn
    production = conn.execute("SELECT id FROM productions WHERE label = 'BENCH'").fetchone()
    if production is None:
        production = (
            conn.execute(
                "INSERT INTO productions (label, created_at) VALUES ('BENCH', '2026-01-01')"
            ).lastrowid,
        )
    number = int(conn.execute("SELECT MAX(id) FROM documents").fetchone()[0] or 0) + 1
    document = conn.execute(
        "INSERT INTO documents (sha256, production_id, path, file_name, size_bytes, page_count, "
        "ingested_at, analyzed_at) VALUES (?, ?, 'p', 'f', 1, 20, 'x', 'x')",
        (f"bench-{number}", production[0]),
    ).lastrowid
    vectors = rng.standard_normal((count, DIMENSION)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    ids = []
    for ordinal, vector in enumerate(vectors):
        pid = conn.execute(
            "INSERT INTO passages (document_id, ordinal, page_number, kind, text) "
            "VALUES (?, ?, 1, 'text', 'synthetic passage text')",
            (document, ordinal),
        ).lastrowid
        conn.execute(
            "INSERT INTO passage_vectors (passage_id, model, vector) VALUES (?, 'fake', ?)",
            (pid, vector.tobytes()),
        )
        ids.append(pid)
    return ids, vectors


def add_round(work: Path, count: int) -> dict[str, float]:
    """One document's vectors into the index, as ``update_index`` does, each part timed."""
    from monell.index.update import grow_vector_index, open_vector_index
    from monell.store import CaseStore

    with CaseStore(work / "monell.db") as store:
        t0 = time.perf_counter()
        index, rebuilt = open_vector_index(store, work / "indexes", settings=SETTINGS)
        opened = time.perf_counter() - t0
        with store.transaction():  # as update_index does: open the index, store a document
            ids, vectors = _add_document(store, np.random.default_rng(), count)
        t1 = time.perf_counter()
        index = grow_vector_index(store, work / "indexes", index, ids, vectors)
        t2 = time.perf_counter()
        index.save(work / "indexes")
        t3 = time.perf_counter()
    return {"open": opened, "add": t2 - t1, "save": t3 - t2, "rebuilt": float(rebuilt)}


def remove_and_fold(work: Path) -> dict[str, float]:
    """``monell docs remove`` of a document in the big file, then a fold (where the index
    has one: the old index has nothing to fold)."""
    from monell.index.update import open_vector_index
    from monell.store import CaseStore

    with CaseStore(work / "monell.db") as store:
        first = store.conn.execute("SELECT MIN(id) FROM documents").fetchone()[0]
        t0 = time.perf_counter()
        index, _ = open_vector_index(store, work / "indexes", settings=SETTINGS)
        removed = store.delete_document(first)
        index.remove(removed)
        index.save(work / "indexes")
        t1 = time.perf_counter()
        fold = getattr(index, "fold", None)
        if fold is not None:
            fold(work / "indexes")
        t2 = time.perf_counter()
    return {"remove": t1 - t0, "fold": t2 - t1, "removed": float(len(removed))}


def search_once(work: Path) -> dict[str, float]:
    from monell.index.update import open_vector_index
    from monell.store import CaseStore

    query = np.random.default_rng(3).standard_normal(DIMENSION).astype(np.float32)
    query /= np.linalg.norm(query)
    with CaseStore(work / "monell.db") as store:
        t0 = time.perf_counter()
        index, _ = open_vector_index(store, work / "indexes", settings=SETTINGS)
        t1 = time.perf_counter()
        index.search(query, 50)
        t2 = time.perf_counter()
        index.search(query, 50)
        t3 = time.perf_counter()
    return {"open": t1 - t0, "first": t2 - t1, "second": t3 - t2}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("work", type=Path)
    parser.add_argument("--passages", type=int, default=400_000)
    parser.add_argument("--add", type=int, default=90)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--step", choices=sorted(STEPS), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        step = STEPS[args.step](args.work, args.add)
        print(json.dumps(step))
        return
    build_case(args.work, args.passages)
    print("| round | open ms | add ms | save ms | total ms |\n|---|---|---|---|---|")
    for number in range(1, args.rounds + 1):
        row = _fresh(args, "add")
        print(
            f"| {number} | {row['open'] * 1000:.0f} | {row['add'] * 1000:.1f} | "
            f"{row['save'] * 1000:.0f} | {(row['open'] + row['add'] + row['save']) * 1000:.0f} |"
            + (" rebuilt" if row["rebuilt"] else "")
        )
    row = _fresh(args, "search")
    print(
        f"\nsearch in a fresh process: open {row['open'] * 1000:.0f} ms, first query "
        f"{row['first'] * 1000:.0f} ms, second {row['second'] * 1000:.1f} ms"
    )
    row = _fresh(args, "remove")
    print(
        f"remove a document of the big file ({row['removed']:.0f} passages): open + remove + "
        f"save {row['remove'] * 1000:.0f} ms; then fold {row['fold'] * 1000:.0f} ms"
    )


STEPS = {
    "add": add_round,
    "search": lambda work, _: search_once(work),
    "remove": lambda work, _: remove_and_fold(work),
}


def _fresh(args: argparse.Namespace, step: str) -> dict[str, float]:
    command = [sys.executable, "-m", "scripts.bench_vector_add", str(args.work)]
    command += ["--add", str(args.add), "--step", step]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return dict(json.loads(out.strip().splitlines()[-1]))


if __name__ == "__main__":
    main()
