"""Time the complaints analysis with nothing kept, kept cold, kept warm, and after one more
complaint file (issue 21: the complaints part of the change snapshot).

The case: the labelled complaint eval set (corpora/eval/complaints, ten productions of
several layouts, rendered by scripts/build_complaints_eval.py) and a complaint register of
``--rows`` Chicago narratives (../shared/data/dev/complaints, one spreadsheet row each),
typed as complaint files. Models are loaded before any timing; each timing is one
``CaseSession(case).complaints()`` on a fresh session; then, with an injury narrative set,
the change snapshot (coverage, complaints, flags) after a volume of one complaint file.

Usage:
    python -m scripts.bench_complaints build WORK [--rows 400]
    python -m scripts.bench_complaints time WORK
``time`` copies WORK/case first, so it can be run again (and with another checkout's
``src`` on PYTHONPATH, for a baseline: ``build`` with that checkout, as the case's schema
is then the older one).
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import sys
import time
from pathlib import Path

from click.testing import CliRunner

from monell.app.session import CaseSession
from monell.app.snapshots import take_snapshot
from monell.app.workspace import open_case
from monell.cli import main as monell_cli
from monell.ingest.run import ingest_paths
from scripts import build_complaints_eval

ROOT = Path(__file__).resolve().parents[1]
CHICAGO = ROOT.parent / "shared/data/dev/complaints/chicago_cpdp_sample.csv"
INCIDENT = "2021-06-14"
HEADER = ["CR No.", "Date of Incident", "Date Received", "Category", "Allegation", "Finding"]
NEW_FILE = (
    "HARLAN POLICE DEPARTMENT - INTERNAL AFFAIRS DIVISION\n"
    "IA #2021-0911\nDate of Incident: 03/02/2021\nDate Received: 03/05/2021\n"
    "Complainant: Dana Okafor\nAccused Member(s): Ofc. Dale Brandt #4471\n"
    "Allegation(s): Complainant states the officer knelt on his back while he lay face down.\n"
    "Finding: Not Sustained\n"
)
INJURY = "Officers held Mr. Doe face down with a knee on his back until he stopped breathing."


def run(*args: str) -> str:
    result = CliRunner().invoke(monell_cli, list(args), catch_exceptions=False)
    if result.exit_code != 0:
        raise SystemExit(f"monell {' '.join(args[:2])} failed: {result.output}")
    return result.stdout


def build(work: Path, rows: int) -> None:
    volume = work / "VOL001"
    topics = build_complaints_eval.default_topic_ids()
    for source in sorted((ROOT / "corpora/eval/complaints").glob("*.yaml")):
        folder, _ = build_complaints_eval.build_file(source, work / "eval", topics)
        shutil.copytree(folder / "production", volume / source.stem)
    with CHICAGO.open(newline="", encoding="utf-8") as handle:
        chicago = [r for r in csv.DictReader(handle) if r["narrative"].strip()][:rows]
    with (volume / "complaint_register.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for row in chicago:
            writer.writerow(
                [f"CR {row['cr_id']}", row["incident_date"], row["complaint_date"],
                 row["category"], row["narrative"], "Not Sustained"]
            )  # fmt: skip
    case = work / "case"
    run("init", str(case), "--incident-date", INCIDENT, "--name", "Doe v. City of Harlan")
    run("ingest", "--case", str(case), str(volume), "--workers", "2")
    for document in json.loads(run("docs", "--case", str(case), "--json")):
        if document["file_name"] == "complaint_register.csv":
            run("docs", "--case", str(case), "set-type", str(document["id"]), "complaint_file")


def timed(case_dir: Path, reuse: bool) -> tuple[float, int]:
    with open_case(case_dir) as case:
        kit = CaseSession(case, indexed=True, reuse_hits=reuse)
        _ = (kit.taxonomy, kit.nlp, kit.ner, kit.embedder, kit.allegation_model)
        _ = kit.allegation_memory
        start = time.perf_counter()
        report = kit.complaints()
        return time.perf_counter() - start, len(report.records)


def time_all(work: Path) -> None:
    case = work / "timed_case"
    if case.exists():
        shutil.rmtree(case)
    shutil.copytree(work / "case", case)
    for label, reuse in (("nothing kept", False), ("kept, cold", True), ("kept, warm", True)):
        seconds, records = timed(case, reuse)
        print(f"{label}: {seconds:.2f} s, {records} records", file=sys.stderr)
    added = work / "VOL002"
    shutil.rmtree(added, ignore_errors=True)
    added.mkdir()
    (added / "ia_2021_0911.txt").write_text(NEW_FILE)
    run("ingest", "--case", str(case), str(added), "--workers", "1")
    for document in json.loads(run("docs", "--case", str(case), "--json")):
        if document["file_name"] == "ia_2021_0911.txt":
            run("docs", "--case", str(case), "set-type", str(document["id"]), "complaint_file")
    seconds, records = timed(case, True)
    print(f"kept, one complaint file added: {seconds:.2f} s, {records} records", file=sys.stderr)
    with open_case(case) as opened:
        opened.store.set_injury(INJURY, "bench")
    for number in (1, 2):  # the first takes what a case's first snapshot takes
        seconds = snapshot_after(case, work / f"VOL00{2 + number}", number)
        print(f"change snapshot after one more complaint file: {seconds:.2f} s", file=sys.stderr)


def snapshot_after(case_dir: Path, volume: Path, number: int) -> float:
    """The snapshot `monell ingest` takes after a volume of one complaint file (models
    loaded, the volume ingested and indexed first)."""
    shutil.rmtree(volume, ignore_errors=True)
    volume.mkdir()
    name = f"ia_2021_09{20 + number}.txt"
    (volume / name).write_text(NEW_FILE.replace("0911", f"09{20 + number}"))
    with open_case(case_dir) as case:
        ingest_paths(case.store, [volume], volume.name, {"workers": 1})
        document = next(d for d in case.store.list_documents() if d.file_name == name)
        case.store.set_type_override(document.id, "complaint_file")
        kit = CaseSession(case)
        kit.index()  # what the ingest did before its snapshot
        _ = (kit.taxonomy, kit.nlp, kit.ner, kit.embedder, kit.allegation_model, kit.parser)
        _ = (kit.allegation_memory, kit.topic_model, kit.topic_memory)
        start = time.perf_counter()
        take_snapshot(kit, f"bench {number}")
        return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=("build", "time"))
    parser.add_argument("work", type=Path)
    parser.add_argument("--rows", type=int, default=400)
    args = parser.parse_args()
    if args.action == "build":
        build(args.work, args.rows)
    else:
        time_all(args.work)


if __name__ == "__main__":
    main()
