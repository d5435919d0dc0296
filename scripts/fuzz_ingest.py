"""Ingest a generated corpus of malformed files, folder by folder (``make fuzz``).

    python -m scripts.fuzz_ingest build/fuzz --seed 1 --per-kind 20

Writes the corpus (``fixturekit/malformed.py``: hand-made breakages and random mutations
of a valid sample, one folder per format, and broken load-file volumes), then ingests each
folder in a fresh process with two workers and the default ``[limits]``, and prints per
folder: files, stored, failed, wall time and the peak memory of the largest process. It
exits with status 1 if any file broke the rule "exactly one outcome, stated on one line",
or if a folder's process crashed (a traceback).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

from scripts.bench_limits import measure


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--per-kind", type=int, default=20, help="random mutants per format")
    parser.add_argument("--run", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        _check_one(args.folder)
        return
    from fixturekit.malformed import write_corpus

    shutil.rmtree(args.folder, ignore_errors=True)
    folders = write_corpus(args.folder, args.seed, args.per_kind)
    print("| folder | files | stored | failed | problems | seconds | peak MB |")
    print("|---|---|---|---|---|---|---|")
    broken = 0
    for folder in folders:
        command = [sys.executable, "-m", "scripts.fuzz_ingest", str(folder), "--run"]
        outcome, seconds, peak = measure(command)
        try:
            report = json.loads(outcome)
        except json.JSONDecodeError:
            report = {"files": "?", "stored": "?", "failed": "?", "problems": [outcome]}
        broken += len(report["problems"])
        print(
            f"| {folder.relative_to(args.folder)} | {report['files']} | {report['stored']} | "
            f"{report['failed']} | {len(report['problems'])} | {seconds:,.1f} | {peak:,.0f} |",
            flush=True,
        )
        for problem in report["problems"]:
            print(f"    {problem}", file=sys.stderr)
    sys.exit(1 if broken else 0)


def _check_one(folder: Path) -> None:
    from fixturekit.malformed import outcome_problems
    from monell.ingest.run import ingest_paths
    from monell.store import CaseStore

    case = folder.parent / f".case-{folder.name}"
    shutil.rmtree(case, ignore_errors=True)
    case.mkdir()
    with CaseStore(case / "monell.db") as store:
        store.write_case_info("fuzz", "fuzz", "2021-06-14")
        result = ingest_paths(store, [folder], "FUZZ", {"workers": 2})
    report = {
        "files": sum(1 for p in folder.rglob("*") if p.is_file()),
        "stored": len(result.added),
        "failed": len(result.failed),
        "problems": outcome_problems(folder, result),
    }
    print(json.dumps({"outcome": json.dumps(report)}))


if __name__ == "__main__":
    main()
