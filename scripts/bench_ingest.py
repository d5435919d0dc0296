"""Benchmark ingest throughput: text-layer pages/s and OCR pages/s, on this machine.

Usage:
    python -m scripts.bench_ingest [--pdf PATH] [--ocr-pages N] [--workers N ...]

Text: ingests a long policy manual (default: ../shared/data/dev/policies/Anchorage_policy.pdf,
604 pages) into a fresh temporary case. OCR: rasterizes the first N pages of the same PDF
at 200 DPI into an image-only PDF (a realistic scan) and ingests that with OCR. Skips with
a message when the PDF is absent. Prints a Markdown table for BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import pypdfium2

from monell.ingest.run import ingest_paths
from monell.store import CaseStore

DEFAULT_PDF = Path(__file__).resolve().parents[2] / "shared/data/dev/policies/Anchorage_policy.pdf"
SCAN_DPI = 200  # a typical production scan resolution


def rasterize(pdf: Path, pages: int, target: Path) -> Path:
    """Write an image-only copy of the first ``pages`` pages: no text layer at all."""
    document = pypdfium2.PdfDocument(str(pdf))
    images = [
        document[i].render(scale=SCAN_DPI / 72).to_pil().convert("L")
        for i in range(min(pages, len(document)))
    ]
    images[0].save(target, save_all=True, append_images=images[1:], resolution=SCAN_DPI)
    return target


def measure(pdf: Path, workers: int, folder: Path) -> tuple[int, float, dict[str, int]]:
    """Ingest one file into a fresh store; return pages, seconds, pages per method."""
    with CaseStore(folder / f"bench-{time.monotonic_ns()}.db") as store:
        store.write_case_info("bench", "", "2021-01-01")
        start = time.perf_counter()
        result = ingest_paths(store, [pdf], "BENCH", {"workers": workers})
        seconds = time.perf_counter() - start
        if not result.ok:
            sys.exit(f"ingest failed: {result.failed[0].reason}")
        methods: dict[str, int] = {}
        for document in store.list_documents():
            for method, count in document.method_counts.items():
                methods[method] = methods.get(method, 0) + count
    return sum(d.pages for d in result.added), seconds, methods


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pdf", type=Path, default=DEFAULT_PDF)
    parser.add_argument("--ocr-pages", type=int, default=20)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    if not args.pdf.is_file():
        print(f"skipped: {args.pdf} not found (the dev data set is optional)")
        return
    print("| input | workers | pages | seconds | pages/s | pages by method |")
    print("|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        scan = rasterize(args.pdf, args.ocr_pages, folder / "scan.pdf")
        for label, source in (("text layer", args.pdf), ("scanned (OCR)", scan)):
            for workers in args.workers:
                pages, seconds, methods = measure(source, workers, folder)
                print(
                    f"| {label}: {source.name} | {workers} | {pages} | {seconds:.1f} | "
                    f"{pages / seconds:.2f} | {methods} |",
                    flush=True,
                )


if __name__ == "__main__":
    main()
