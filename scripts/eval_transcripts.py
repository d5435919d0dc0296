"""Read real officer training transcripts back (issue 20): the 12 public Oregon DPSST
histories in ``../shared/data/dev/training/dpsst/``, rendered as a Bates-stamped PDF (a
printed transcript: the officer's name and number above a ruled table repeated on every
page) and as a Word document (a native table), ingested, and read by the attendance reader.

    python -m scripts.eval_transcripts [--keep DIR]

Each source row (date | course | title | status | score | hours) is the answer key: a row
is right when a row of the same officer with the same date and course code is read, with
the status the source's word means (Passed, Completed → attended; Instructed → instructed;
Incomplete, Failed, Cancelled → the same) and the same hours. Only totals are printed: the
transcripts name real public employees, and no name, id or row leaves this script.
"""

from __future__ import annotations

import argparse
import tempfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from fixturekit.natives import build_docx
from fixturekit.pages import PageSpec, build_pdf
from monell import ingest_paths, init_case, open_case
from monell.attendance.people import parse_name, same_person
from monell.attendance.reader import Source, read_attendance
from monell.records.attendance import AttendanceStatus

DPSST = Path(__file__).resolve().parents[2] / "shared" / "data" / "dev" / "training" / "dpsst"
ROWS_PER_PAGE = 24
HEADER = ("Date", "Course", "Title", "Status", "Score", "Hours")
MEANING = {
    "passed": AttendanceStatus.ATTENDED,
    "completed": AttendanceStatus.ATTENDED,
    "instructed": AttendanceStatus.INSTRUCTED,
    "incomplete": AttendanceStatus.INCOMPLETE,
    "failed": AttendanceStatus.FAILED,
    "cancelled": AttendanceStatus.CANCELLED,
}


def read_source(path: Path) -> dict[str, Any]:
    """The officer's name and number, and the training rows, from the markdown tables."""
    section, name, number, rows = "", "", "", []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            section = line[3:].strip().lower()
            continue
        if not line.startswith("|") or set(line) <= set("|- "):
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if section == "header" and len(cells) == 2:
            name = cells[1] if cells[0] == "name" else name
            number = cells[1] if cells[0] == "dpsst_identifier" else number
        elif section == "training" and len(cells) == 6 and cells[0] != "date":
            rows.append(tuple(cells))
    return {"name": name, "number": number, "rows": rows}


def render_pdf(source: dict[str, Any], path: Path, prefix: str) -> None:
    """A printed transcript: title block on page 1, the table's header on every page."""
    pages = []
    chunks = [
        source["rows"][i : i + ROWS_PER_PAGE] for i in range(0, len(source["rows"]), ROWS_PER_PAGE)
    ]
    for number, chunk in enumerate(chunks or [[]], start=1):
        lines: tuple[str, ...] = ()
        if number == 1:
            lines = (
                "CRIMINAL JUSTICE TRAINING TRANSCRIPT (public inquiry extract)",
                f"Officer: {source['name']} - DPSST No. {source['number']}",
            )
        pages.append(PageSpec(lines=lines, table=(HEADER, *chunk), bates=f"{prefix}{number:06d}"))
    build_pdf(path, pages)


def render_docx(source: dict[str, Any], path: Path) -> None:
    build_docx(
        path,
        [
            ("title", "Training history"),
            ("para", f"Officer: {source['name']} - DPSST No. {source['number']}"),
            ("table", [HEADER, *source["rows"]]),
        ],
    )


def score(source: dict[str, Any], rows: list[Any]) -> Counter[str]:
    counts: Counter[str] = Counter()
    expected = source["rows"]
    counts["expected"] = len(expected)
    counts["read"] = len(rows)
    wanted = parse_name(source["name"])
    counts["officer_right"] = int(
        bool(rows)
        and wanted is not None
        and all(
            (parsed := parse_name(r.name)) is not None and same_person(parsed, wanted) for r in rows
        )
    )
    by_key: dict[tuple[str, str], list[Any]] = {}
    for row in rows:
        when = row.start.strftime("%-m/%-d/%Y") if row.start else ""
        by_key.setdefault((when, row.codes[0] if row.codes else ""), []).append(row)
    for date_text, code, _title, status, _score, hours in expected:
        found = by_key.get((date_text, code), [])
        if not found:
            counts["missing"] += 1
            continue
        row = found.pop(0)
        counts["found"] += 1
        status_ok = row.status is MEANING.get(status.lower())
        hours_ok = row.hours is not None and abs(row.hours - float(hours or 0)) < 0.01
        counts["status_right"] += status_ok
        counts["hours_right"] += hours_ok
        counts["exact"] += status_ok and hours_ok
    return counts


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--keep", type=Path, help="keep the rendered files and case here")
    args = parser.parse_args(argv)
    root = args.keep or Path(tempfile.mkdtemp(prefix="monell-dpsst-"))
    sources = [read_source(p) for p in sorted(DPSST.glob("*-transcript.md"))]
    totals = {"pdf": Counter[str](), "docx": Counter[str]()}
    for kind in totals:
        folder = root / kind
        folder.mkdir(parents=True, exist_ok=True)
        for index, source in enumerate(sources, start=1):
            path = folder / f"transcript-{index:02d}.{kind}"
            if kind == "pdf":
                render_pdf(source, path, f"T{index:02d}")
            else:
                render_docx(source, path)
        case_dir = root / f"case-{kind}"
        if not (case_dir / "case.toml").exists():
            init_case(case_dir, "2024-12-31", name=f"DPSST transcripts ({kind})")
            with open_case(case_dir) as case:
                ingest_paths(case.store, [folder], production=kind.upper())
        with open_case(case_dir) as case:
            names = {d.file_name: d.id for d in case.store.list_documents()}
            for index, source in enumerate(sources, start=1):
                document_id = names[f"transcript-{index:02d}.{kind}"]
                text = case.store.read_document_text(document_id)
                rows = read_attendance(text, Source(document_id, text.file_name))
                totals[kind] += score(source, rows)
    print(
        f"Real DPSST transcripts: {len(sources)} officers, "
        f"{totals['pdf']['expected']} training rows (not written by the team)."
    )
    print(
        "| rendered as | rows read | rows found | status right | hours right | exact "
        "| officer named right |"
    )
    print("|---|---|---|---|---|---|---|")
    for kind, c in totals.items():
        n = max(1, c["expected"])
        print(
            f"| {kind} | {c['read']} | {c['found'] / n:.3f} | {c['status_right'] / n:.3f} | "
            f"{c['hours_right'] / n:.3f} | {c['exact'] / n:.3f} | "
            f"{c['officer_right']}/{len(sources)} |"
        )


if __name__ == "__main__":
    main()
