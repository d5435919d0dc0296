"""Score the defendants' training (issue 20) against the outside-authored dev scenarios.

    python -m scripts.eval_attendance --cases DIR [--build]

DIR holds one case per scenario, named by its slug, as ``scripts.eval_scenarios --keep DIR``
leaves them (``--build`` ingests any that are missing, the same way). Each scenario whose
``truth.json`` has ``defendant_training`` is scored on its (officer, topic) pairs:
``trained_before_incident`` right or wrong. "Offered but not attended" is scored on the
sessions the team listed below from reading each scenario's sign-in sheets, rosters and
transcripts (labels written by the team; the scenario documents were written by others).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from scripts.eval_scenarios import SCENARIOS, build_case, run

# (scenario, defendant as truth.json names them, topic, session date): sessions offered to
# a defendant before the incident that the defendant did not attend.
OFFERED_NOT_ATTENDED = (
    ("quarry-hill-agitation-taser", "Ofc. Lena Okafor", "medical_aid_detainees", "2021-05-20"),
    ("quarry-hill-agitation-taser", "Ofc. Lena Okafor", "medical_aid_detainees", "2021-11-16"),
    ("bellmont-protest-oc-spray", "Ofc. Dorian Pratchett", "oc_chemical_agents", "2020-11-18"),
    ("bellmont-protest-oc-spray", "Ofc. Dorian Pratchett", "oc_chemical_agents", "2021-06-16"),
    ("bellmont-protest-oc-spray", "Ofc. Dorian Pratchett", "handcuffing_restraints", "2021-02-01"),
    ("bellmont-protest-oc-spray", "Ofc. Keegan Rusk", "handcuffing_restraints", "2021-02-01"),
    (
        "linden-brady-wrongful-conviction",
        "Det. Glen Harwick",
        "interrogation_identification",
        "2011-10-19",
    ),
)


def score(folder: Path, case: Path) -> dict[str, Any]:
    truth = json.loads((folder / "truth.json").read_text())
    data = json.loads(run("officers", "--case", str(case), "--json"))
    by_name = {o["defendant_name"]: o for o in data["officers"] if o["defendant"]}
    pairs = []
    for item in truth["defendant_training"]:
        officer = by_name.get(item["officer"])
        answers = {t["topic"]: t for t in (officer or {}).get("topics", [])}
        got = answers.get(item["topic"], {}).get("trained_before_incident")
        pairs.append(
            {
                "officer": item["officer"],
                "topic": item["topic"],
                "expected": item["trained_before_incident"],
                "got": got,
                "right": got is item["trained_before_incident"],
                "reason": answers.get(item["topic"], {}).get("reason", "officer not found"),
            }
        )
    missed = []
    for scenario, name, topic, day in OFFERED_NOT_ATTENDED:
        if scenario != truth["scenario"]:
            continue
        officer = by_name.get(name, {})
        answer = next((t for t in officer.get("topics", []) if t["topic"] == topic), {})
        found = any(s["date"] == day for s in answer.get("missed_before_incident", []))
        missed.append({"officer": name, "topic": topic, "date": day, "found": found})
    return {"scenario": truth["scenario"], "pairs": pairs, "missed": missed}


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=Path, required=True, help="one case per scenario")
    parser.add_argument("--build", action="store_true", help="ingest missing cases")
    parser.add_argument("--json", type=Path, help="write the scores here")
    args = parser.parse_args(argv)
    results = []
    for folder in sorted(p for p in SCENARIOS.iterdir() if (p / "truth.json").is_file()):
        truth = json.loads((folder / "truth.json").read_text())
        if not truth.get("defendant_training"):
            continue
        case = args.cases / folder.name
        build_case(folder, case, truth, reuse=not args.build or case.exists())
        results.append(score(folder, case))
    pairs = [p for r in results for p in r["pairs"]]
    missed = [m for r in results for m in r["missed"]]
    print("| scenario | pairs right | offered-not-attended found |")
    print("|---|---|---|")
    for r in results:
        right = sum(p["right"] for p in r["pairs"])
        found = sum(m["found"] for m in r["missed"])
        print(f"| {r['scenario']} | {right}/{len(r['pairs'])} | {found}/{len(r['missed'])} |")
    right, found = sum(p["right"] for p in pairs), sum(m["found"] for m in missed)
    share = right / max(1, len(pairs))
    totals = f"**{right}/{len(pairs)} = {share:.3f}** | **{found}/{len(missed)}**"
    print(f"| **all ({len(results)} scenarios)** | {totals} |")
    for p in pairs:
        if not p["right"]:
            wrong = f"expected {p['expected']}, got {p['got']} ({p['reason']})"
            print(f"- wrong: {p['officer']} / {p['topic']}: {wrong}")
    for m in missed:
        if not m["found"]:
            print(f"- not found: {m['officer']} / {m['topic']} / {m['date']}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
