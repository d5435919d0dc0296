"""Time and peak memory per folder of oversized and huge-but-honest files (issue 22).

    python -m scripts.bench_limits build/bench-limits            # every case
    python -m scripts.bench_limits build/bench-limits --only png_625mp --only csv_5mb_line

Each case is a folder of one generated file, ingested by ``ingest_paths`` (two workers,
the default ``[limits]``, real Tesseract) in a fresh process with a fresh case, so the
peak memory is that folder's alone: the largest of the process and its workers
(``ru_maxrss``). Extraction only: indexing (spaCy, embeddings) is measured by
``scripts/bench_ingest.py``. With ``--cli`` each folder is loaded by ``monell ingest``
instead (indexing with the real models, and the snapshot), to time the whole command.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from fixturekit import oversized

CASES: dict[str, Callable[[Path], Path]] = {
    "sheet_a_to_xfd": lambda d: oversized.wide_xlsx(d / "roster.xlsx", 2_000),
    "pdf_page_200in": lambda d: oversized.tall_scan_pdf(d / "tall.pdf", 200),
    "pdf_page_100in": lambda d: oversized.tall_scan_pdf(d / "tall.pdf", 100),
    "png_625mp": lambda d: oversized.grey_png(d / "scan.png", 25_000, 25_000),
    "docx_2m_paragraphs": lambda d: oversized.docx_body(
        d / "long.docx", lambda: oversized.words(2_000_000)
    ),
    "docx_30mb_run": lambda d: oversized.docx_body(
        d / "run.docx", lambda: iter([" ".join(oversized.words(3_300_000))])
    ),
    "pdf_flate_bomb_400mb": lambda d: oversized.flate_bomb_pdf(d / "bomb.pdf", 400 * 1024**2),
    "pdf_claims_100k_pages": lambda d: oversized.lying_page_tree_pdf(d / "tree.pdf", 100_000),
    "csv_5mb_line": lambda d: oversized.single_line_text(d / "line.csv", 5 * 10**6, ","),
    "txt_20mb_line": lambda d: oversized.single_line_text(d / "line.txt", 20 * 10**6),
    "txt_5mb_line": lambda d: oversized.single_line_text(d / "line.txt", 5 * 10**6),
    "csv_100k_columns": lambda d: oversized.wide_csv(d / "wide.csv", 100_000),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--only", action="append", choices=sorted(CASES))
    parser.add_argument("--cli", action="store_true", help="run `monell ingest` (with indexing)")
    parser.add_argument(
        "--limit", action="append", default=[], metavar="NAME=VALUE", help="a [limits] value"
    )
    parser.add_argument("--run", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        _ingest_one(args.folder, args.limit)
        return
    print("| case | input MB | outcome | seconds | peak MB |")
    print("|---|---|---|---|---|")
    for name in args.only or list(CASES):
        folder = args.folder / name / "input"
        if not folder.exists():
            CASES[name](folder)
        size = sum(p.stat().st_size for p in folder.iterdir()) / 1e6
        command = _command(folder, args.cli)
        command += [f"--limit={limit}" for limit in args.limit] if not args.cli else []
        outcome, seconds, peak = measure(command)
        print(f"| {name} | {size:,.1f} | {outcome} | {seconds:,.1f} | {peak:,.0f} |", flush=True)


def _command(folder: Path, cli: bool) -> list[str]:
    if not cli:
        return [sys.executable, "-m", "scripts.bench_limits", str(folder), "--run"]
    case = folder.parent / "cli-case"
    if not case.exists():
        init = ["init", str(case), "--incident-date", "2021-06-14", "--agency", "Bench"]
        subprocess.run([sys.executable, "-m", "monell", *init], check=True, capture_output=True)
    return [sys.executable, "-m", "monell", "ingest", "--case", str(case), str(folder), "--json"]


def measure(command: list[str]) -> tuple[str, float, float]:
    """Run one folder; its wall time and the peak memory of the largest of its processes
    (``wait4``'s ``ru_maxrss`` covers the workers it reaped too)."""
    started = time.monotonic()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        child = subprocess.Popen(command, stdout=out, stderr=err, text=True)
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.monotonic() - started
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    peak = usage.ru_maxrss / 1024
    try:
        report = json.loads(stdout.strip().splitlines()[-1] if "outcome" in stdout else stdout)
    except (json.JSONDecodeError, IndexError):
        return (stderr.strip().splitlines() or ["no output"])[-1], seconds, peak
    if "outcome" in report:
        return report["outcome"], seconds, peak
    added = [f"stored ({d['pages']} pages)" for d in report.get("added", [])]
    failed = [f"failed: {f['reason']}" for f in report.get("failed", [])]
    return "; ".join(added + failed), seconds, peak


def _ingest_one(folder: Path, limits: list[str]) -> None:
    from monell.ingest.run import ingest_paths
    from monell.store import CaseStore

    case = folder.parent / "case"
    case.mkdir(exist_ok=True)
    (case / "monell.db").unlink(missing_ok=True)
    with CaseStore(case / "monell.db") as store:
        store.write_case_info("bench", "bench", "2021-06-14")
        chosen = {name: int(value) for name, value in (item.split("=") for item in limits)}
        result = ingest_paths(store, [folder], "BENCH", {"workers": 2, "limits": chosen})
    stored = [f"stored ({d.pages} pages)" for d in result.added]
    failed = [f"failed: {f.reason}" for f in result.failed]
    print(json.dumps({"outcome": "; ".join(stored + failed)}))


if __name__ == "__main__":
    main()
