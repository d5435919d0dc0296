"""Evaluate document-type classification against labelled documents.

Usage:
    python -m scripts.eval_doctype [--dev ../shared/data/dev] [--sample build/demo/production]

Labelled sets (each skipped with a message when absent):
- dev policies: the 12 real municipal use-of-force policies (label: policy), read through
  monell's own PDF extraction;
- dev catalog: the real 2018 in-service course catalog (label: training_catalog), cut
  into ~3,000-character pages;
- dev complaints: pseudo complaint files, each 10 real Chicago complaint narratives laid
  out as a complaint log (label: complaint_file); the narratives are never printed;
- the sample production from `make demo` (labels known by construction).
Prints accuracy per set and every miss, as Markdown for EVALUATION.md.
"""

from __future__ import annotations

import argparse
import csv
from collections.abc import Iterator
from pathlib import Path

from monell.config import IngestOptions
from monell.ingest.extract import extract_document
from monell.nlp.doctype import classify_document
from monell.records import Document, OcrMode

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DEV = ROOT.parent / "shared" / "data" / "dev"
DEFAULT_SAMPLE = ROOT / "build" / "demo" / "production"
NARRATIVES_PER_FILE = 10
COMPLAINT_FILES = 30
# Labels of the generated sample production, by file name (see make_sample_production.py).
SAMPLE_LABELS = {
    "RIV0000001.pdf": "policy",
    "RIV0000011.pdf": "lesson_plan",
    "RIV0000019.pdf": "training_log",
    "RIV0000024.pdf": "training_log",
    "RIV0000026.pdf": "complaint_file",
    "RIV0000029.pdf": "use_of_force_report",
}

Case = tuple[str, str, list[str], list[tuple[tuple[str, ...], ...]]]  # name, label, pages, tables


def _pdf_case(path: Path, label: str) -> Case:
    document = extract_document(str(path), IngestOptions(ocr=OcrMode.OFF))
    if not isinstance(document, Document):
        raise SystemExit(f"{path}: {document.reason}")
    tables = [t.rows for p in document.pages for t in p.tables]
    return path.name, label, [p.text for p in document.pages], tables


def policies(dev: Path) -> Iterator[Case]:
    for path in sorted((dev / "policies").glob("*.pdf")):
        yield _pdf_case(path, "policy")


def catalog(dev: Path) -> Iterator[Case]:
    text = (dev / "training" / "inservice_catalog_2018.md").read_text(encoding="utf-8")
    pages = [text[i : i + 3000] for i in range(0, len(text), 3000)]
    yield "inservice_catalog_2018.md", "training_catalog", pages, []


def complaints(dev: Path) -> Iterator[Case]:
    with (dev / "complaints" / "chicago_cpdp_sample.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    step = max(1, len(rows) // (COMPLAINT_FILES * NARRATIVES_PER_FILE))
    chosen = rows[::step][: COMPLAINT_FILES * NARRATIVES_PER_FILE]
    for n in range(0, len(chosen), NARRATIVES_PER_FILE):
        records = [
            f"CR {r['cr_id']}\nIncident date: {r['incident_date']}\n"
            f"Date received: {r['complaint_date']}\nSummary: {r['narrative']}"
            for r in chosen[n : n + NARRATIVES_PER_FILE]
        ]
        yield f"complaint_log_{n // NARRATIVES_PER_FILE + 1:02d}", "complaint_file", records, []


def sample(folder: Path) -> Iterator[Case]:
    for path in sorted(folder.rglob("*.pdf")):
        if path.name in SAMPLE_LABELS:
            yield _pdf_case(path, SAMPLE_LABELS[path.name])


def evaluate(name: str, cases: Iterator[Case]) -> tuple[int, int]:
    total = correct = 0
    misses = []
    for file_name, label, pages, tables in cases:
        guess = classify_document(file_name, pages, tables)
        total += 1
        if guess.doc_type.value == label:
            correct += 1
        else:
            misses.append(
                f"  - {file_name}: expected {label}, got {guess.doc_type.value} "
                f"({guess.confidence:.2f}; {'; '.join(guess.reasons[:3])})"
            )
    print(
        f"| {name} | {total} | {correct} | {correct / total:.0%} |"
        if total
        else f"| {name} | 0 | - | - |"
    )
    for miss in misses:
        print(miss)
    return total, correct


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev", type=Path, default=DEFAULT_DEV)
    parser.add_argument("--sample", type=Path, default=DEFAULT_SAMPLE)
    args = parser.parse_args()
    print("| set | documents | correct | accuracy |\n|---|---|---|---|")
    sets = []
    if args.dev.is_dir():
        sets += [
            ("dev policies", policies(args.dev)),
            ("dev catalog", catalog(args.dev)),
            ("dev complaint logs", complaints(args.dev)),
        ]
    else:
        print(f"(skipped dev sets: {args.dev} not found)")
    if args.sample.is_dir():
        sets.append(("sample production", sample(args.sample)))
    else:
        print(f"(skipped sample: {args.sample} not found; run `make demo` first)")
    totals = [evaluate(name, cases) for name, cases in sets]
    total, correct = sum(t for t, _ in totals), sum(c for _, c in totals)
    if total:
        print(f"| **all** | {total} | {correct} | {correct / total:.0%} |")


if __name__ == "__main__":
    main()
