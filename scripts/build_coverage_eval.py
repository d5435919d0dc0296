"""Render the labelled coverage dev set (corpora/eval/coverage/*.yaml) as Bates-stamped PDFs.

Each YAML file describes one fictional agency's production: its incident date, its
documents (pages of text lines, optionally a ruled table per page) and the truth per topic
(training verdict as of the incident date, policy verdict). This script writes one folder
per agency with its PDFs and a ``truth.json``, which ``scripts/eval_coverage.py`` ingests and
scores.

Usage:
    python -m scripts.build_coverage_eval OUT_DIR [--only agency_01]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import yaml

from fixturekit.stamped_pdf import StampedPDF, to_latin

EVAL_DIR = Path(__file__).resolve().parents[1] / "corpora" / "eval" / "coverage"
TRAINING_VERDICTS = {"covered", "thin", "absent"}
POLICY_VERDICTS = {"covered", "absent"}
BOTTOM_MM = 255.0  # text stops above the Bates stamp band


def render_document(spec: dict[str, Any], prefix: str, first: int, path: Path) -> int:
    """Write one document; returns the number of pages (so Bates numbers run on).

    The eval productions' stamp: a bold number bottom right (``StampedPDF``'s defaults).
    """
    pdf = StampedPDF(prefix, first)
    for number, page in enumerate(spec["pages"], start=1):
        pdf.add_page()
        pdf.set_font("Helvetica", size=10)
        for line in page.get("lines") or []:
            text = to_latin(str(line))
            bold = text.isupper() and len(text) < 90
            pdf.set_font("Helvetica", "B" if bold else "", 10)
            pdf.multi_cell(w=0, h=5, text=text, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1.5)
        table = page.get("table")
        if table:
            pdf.ln(2)
            pdf.set_font("Helvetica", size=8)
            with pdf.table(text_align="LEFT", first_row_as_headings=True, line_height=4.5) as grid:
                for row in table:
                    grid.row([to_latin(str(cell)) for cell in row])
        if pdf.get_y() > BOTTOM_MM:
            raise SystemExit(f"{path.name}: page {number} overflows into the stamp band; split it")
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))
    return len(spec["pages"])


def check_truth(name: str, spec: dict[str, Any], topic_ids: list[str]) -> None:
    truth = spec.get("truth") or {}
    for part, allowed in (("training", TRAINING_VERDICTS), ("policy", POLICY_VERDICTS)):
        given = truth.get(part) or {}
        missing = [t for t in topic_ids if t not in given]
        unknown = [t for t in given if t not in topic_ids]
        bad = [f"{t}={v}" for t, v in given.items() if v not in allowed]
        if missing or unknown or bad:
            raise SystemExit(
                f"{name}: truth.{part}: missing {missing}, unknown {unknown}, bad values {bad}"
            )


def build_agency(source: Path, out_dir: Path, topic_ids: list[str]) -> Path:
    spec = yaml.safe_load(source.read_text(encoding="utf-8"))
    check_truth(source.name, spec, topic_ids)
    folder = out_dir / source.stem
    production = folder / "production"
    bates = 1
    for document in spec["documents"]:
        bates += render_document(
            document, spec["bates_prefix"], bates, production / document["file"]
        )
    truth = {
        "agency": spec["agency"],
        "incident_date": str(spec["incident_date"]),
        "documents": {d["file"]: d.get("doc_type") for d in spec["documents"]},
        "training": spec["truth"]["training"],
        "policy": spec["truth"]["policy"],
        "post_incident": spec["truth"].get("post_incident") or [],
    }
    (folder / "truth.json").write_text(json.dumps(truth, indent=2), encoding="utf-8")
    return folder


def default_topic_ids() -> list[str]:
    taxonomy = Path(__file__).resolve().parents[1] / "corpora" / "taxonomy" / "default.yaml"
    return [t["id"] for t in yaml.safe_load(taxonomy.read_text(encoding="utf-8"))["topics"]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--only", action="append", default=[], help="agency file stem(s)")
    args = parser.parse_args()
    topic_ids = default_topic_ids()
    for source in sorted(EVAL_DIR.glob("*.yaml")):
        if args.only and source.stem not in args.only:
            continue
        folder = build_agency(source, args.out_dir, topic_ids)
        print(f"{source.stem}: {folder}")


if __name__ == "__main__":
    main()
