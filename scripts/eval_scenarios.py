"""Score monell end to end on the outside-authored scenarios, as a new user would run it.

Each scenario under ../shared/data/dev/scenarios/ (written by people outside the team) is a
fictional production in two volumes with an answer key (truth.json; its README defines every
verdict). For each one this script makes a fresh case, ingests pdf/VOL001 then pdf/VOL002 with
the CLI, sets the defendants and the injury narrative, and reads the CLI's --json outputs:

- training coverage (23 topics): exact accuracy, gap-vs-covered accuracy (gap = thin or absent),
  gap recall, covered precision; and the same for a keyword baseline (Ctrl-F for each topic's
  everyday names over the training documents in force);
- policy coverage: accuracy;
- complaints: records found / expected, extra records, topic micro-F1 (use_of_force_policy is
  optional, as the README says), disposition and prior-to-incident accuracy on matched records;
- injury: implicated-topic precision and recall;
- flags: expected flags raised, at the right strength, and must-not flags raised.

Usage:
    python -m scripts.eval_scenarios [--only SLUG] [--json out.json] [--keep DIR] [--reuse]
Prints Markdown for EVALUATION.md. --reuse skips ingest when --keep DIR already holds the case
(for re-scoring analysis changes quickly).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import tempfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from monell.cli import main as monell_cli

DEV = Path(__file__).resolve().parents[2] / "shared" / "data" / "dev"
SCENARIOS = DEV / "scenarios"
OPTIONAL_TOPICS = {"use_of_force_policy"}
GAP = {"thin", "absent"}


def run(*args: str) -> str:
    result = CliRunner().invoke(monell_cli, list(args), catch_exceptions=False)
    if result.exit_code != 0:
        raise SystemExit(
            f"monell {' '.join(args[:2])} failed ({result.exit_code}): {result.output}"
        )
    return result.stdout


def build_case(folder: Path, case: Path, truth: dict[str, Any], reuse: bool) -> None:
    if reuse and (case / "monell.db").is_file():
        return
    if case.exists():
        shutil.rmtree(case)
    run(
        "init",
        str(case),
        "--incident-date",
        truth["incident_date"],
        "--agency",
        truth["agency"],
        "--name",
        f"{truth['scenario']} (evaluation)",
    )
    for production in truth["productions"]:
        label = production["label"]
        run("ingest", "--case", str(case), str(folder / "pdf" / label), "--production", label)
    for officer in truth.get("defendant_officers", []):
        run("case", "set", "--case", str(case), "--defendant", officer)
    run("injury", "set", "--case", str(case), str(folder / "injury.txt"))


def score_scenario(folder: Path, case: Path, reuse: bool) -> dict[str, Any]:
    truth = json.loads((folder / "truth.json").read_text())
    build_case(folder, case, truth, reuse)
    coverage = json.loads(run("coverage", "--case", str(case), "--json"))
    complaints = json.loads(run("complaints", "--case", str(case), "--json"))
    flags = json.loads(run("flags", "--case", str(case), "--json"))
    return {
        "scenario": truth["scenario"],
        "coverage": score_coverage(truth, coverage),
        "keyword": score_keyword(truth, case),
        "complaints": score_complaints(truth, complaints),
        "injury": score_injury(truth, flags),
        "flags": score_flags(truth, flags),
    }


def coverage_metrics(expected: dict[str, str], got: dict[str, str]) -> dict[str, Any]:
    topics = sorted(expected)
    exact = sum(expected[t] == got.get(t) for t in topics)
    gap_match = sum((expected[t] in GAP) == (got.get(t) in GAP) for t in topics)
    gaps = [t for t in topics if expected[t] in GAP]
    called_covered = [t for t in topics if got.get(t) == "covered"]
    return {
        "n": len(topics),
        "exact": exact / len(topics),
        "gap_vs_covered": gap_match / len(topics),
        "gap_recall": sum(got.get(t) in GAP for t in gaps) / len(gaps) if gaps else 1.0,
        "covered_precision": (
            sum(expected[t] == "covered" for t in called_covered) / len(called_covered)
            if called_covered
            else 1.0
        ),
        "errors": [
            f"{t}: truth {expected[t]}, got {got.get(t)}"
            for t in topics
            if expected[t] != got.get(t)
        ],
    }


def score_coverage(truth: dict[str, Any], coverage: dict[str, Any]) -> dict[str, Any]:
    got = {t["topic"]: t["verdict"] for t in coverage["topics"]}
    policy = {t["topic"]: t["policy_verdict"] for t in coverage["topics"]}
    result = coverage_metrics(truth["coverage"], got)
    expected_policy = truth.get("policy_coverage", {})
    result["policy_accuracy"] = (
        sum(policy.get(t) == v for t, v in expected_policy.items()) / len(expected_policy)
        if expected_policy
        else None
    )
    result["policy_errors"] = [
        f"{t}: truth {v}, got {policy.get(t)}"
        for t, v in expected_policy.items()
        if policy.get(t) != v
    ]
    return result


def score_keyword(truth: dict[str, Any], case: Path) -> dict[str, Any]:
    """The keyword baseline of eval_coverage (Ctrl-F for each topic's everyday names over the
    training documents in force) on the same case."""
    from monell.store import CaseStore
    from scripts.eval_coverage import keyword_baseline

    with CaseStore(case / "monell.db") as store:
        training, _ = keyword_baseline(store, date.fromisoformat(truth["incident_date"]))
    return coverage_metrics(truth["coverage"], training)


def _norm_id(value: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", value.upper().replace("O", "0"))


def score_complaints(truth: dict[str, Any], report: dict[str, Any]) -> dict[str, Any]:
    expected = {_norm_id(c["id"]): c for c in truth["complaints"]}
    records = report["records"]
    matched: dict[str, dict[str, Any]] = {}
    extra = []
    for record in records:
        # one event read from several sources (its log row, its IA file, the lawsuit) is
        # found when any of its copies carries the expected number
        keys = [_norm_id(c["record_id"] or "") for c in [record, *record.get("copies", [])]]
        hit = next(
            (k for k in expected for key in keys if k and k not in matched and k in key), None
        )
        if hit and hit not in matched:
            matched[hit] = record
        else:
            extra.append(record["record_id"])
    tp = fp = fn = 0
    topic_errors = []
    for key, want in expected.items():
        got_topics = set(matched[key]["topics"]) if key in matched else set()
        want_topics = set(want["topics"]) - OPTIONAL_TOPICS
        got_topics -= OPTIONAL_TOPICS
        tp += len(want_topics & got_topics)
        fp += len(got_topics - want_topics)
        fn += len(want_topics - got_topics)
        if want_topics != got_topics:
            topic_errors.append(
                f"{want['id']}: truth {sorted(want_topics)}, got {sorted(got_topics)}"
            )
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    both = [(expected[k], r) for k, r in matched.items()]
    return {
        "expected": len(expected),
        "found": len(matched),
        "records": len(records),
        "extra": extra,
        "topic_micro_f1": 2 * precision * recall / (precision + recall) if tp else 0.0,
        "topic_tp_fp_fn": (tp, fp, fn),
        # truth writes "not sustained", monell's vocabulary "not_sustained"
        "disposition": sum(
            w["disposition"].replace(" ", "_") == r["disposition"] for w, r in both
        )
        / len(both)
        if both
        else None,
        "prior": sum(w["prior_to_incident"] == (r["timing"] == "prior") for w, r in both)
        / len(both)
        if both
        else None,
        "topic_errors": topic_errors,
    }


def score_injury(truth: dict[str, Any], flags: dict[str, Any]) -> dict[str, Any]:
    want = set(truth["injury_topics"]) - OPTIONAL_TOPICS
    got = {t for f in flags["injury_facts"] for t in f["topics"]} - OPTIONAL_TOPICS
    if "implicated_topics" in flags:  # the case-level set, as reviewed (issue 19)
        reviewed = flags["implicated_topics"]
        got = {t["topic"] for t in reviewed if t["status"] != "removed"} - OPTIONAL_TOPICS
    return {
        "precision": len(want & got) / len(got) if got else 1.0,
        "recall": len(want & got) / len(want) if want else 1.0,
        "missing": sorted(want - got),
        "extra": sorted(got - want),
    }


def score_flags(truth: dict[str, Any], flags: dict[str, Any]) -> dict[str, Any]:
    raised = {f["topic"]: f["strength"] for f in flags["flags"]}
    expected = {f["topic"]: f["strength"] for f in truth["expected_flags"]}
    must_not = set(truth["must_not_flag"]) - OPTIONAL_TOPICS
    return {
        "expected": len(expected),
        "raised": sum(t in raised for t in expected),
        "right_strength": sum(raised.get(t) == s for t, s in expected.items()),
        "must_not_raised": sorted(must_not & set(raised)),
        "other_raised": sorted(set(raised) - set(expected) - must_not - OPTIONAL_TOPICS),
        "detail": {t: f"expected {s}, got {raised.get(t, 'none')}" for t, s in expected.items()},
    }


def print_markdown(results: Sequence[dict[str, Any]]) -> None:
    print(
        "| scenario | exact | gap-vs-covered | gap recall | covered precision | policy | "
        "keyword gap-vs-covered | complaints found | extra | topic F1 | injury P / R | "
        "flags raised (right strength) | must-not |"
    )
    print("|---" * 13 + "|")
    for r in results:
        c, k, p, i, f = r["coverage"], r["keyword"], r["complaints"], r["injury"], r["flags"]
        print(
            f"| {r['scenario']} | {c['exact']:.2f} | {c['gap_vs_covered']:.2f} | "
            f"{c['gap_recall']:.2f} | {c['covered_precision']:.2f} | {c['policy_accuracy']:.2f} | "
            f"{k['gap_vs_covered']:.2f} | {p['found']}/{p['expected']} | {len(p['extra'])} | "
            f"{p['topic_micro_f1']:.2f} | {i['precision']:.2f} / {i['recall']:.2f} | "
            f"{f['raised']}/{f['expected']} ({f['right_strength']}) | "
            f"{len(f['must_not_raised'])} |"
        )
    print_totals(results)


def print_totals(results: Sequence[dict[str, Any]]) -> None:
    cells = sum(r["coverage"]["n"] for r in results)

    def pooled(key: str, part: str = "coverage") -> float:
        return sum(r[part][key] * r[part]["n"] for r in results) / cells

    raised = sum(r["flags"]["raised"] for r in results)
    expected = sum(r["flags"]["expected"] for r in results)
    tp, fp, fn = (sum(r["complaints"]["topic_tp_fp_fn"][i] for r in results) for i in range(3))
    p, rec = tp / (tp + fp) if tp + fp else 1.0, tp / (tp + fn) if tp + fn else 1.0
    print(
        f"\nAll {len(results)} scenarios ({cells} topic cells, outside-authored): exact "
        f"{pooled('exact'):.3f}, gap-vs-covered {pooled('gap_vs_covered'):.3f} (keyword "
        f"{pooled('gap_vs_covered', 'keyword'):.3f}); complaint topic micro-F1 "
        f"{2 * p * rec / (p + rec) if tp else 0:.3f}; flags raised "
        f"{raised}/{expected}"
        f", must-not raised {sum(len(r['flags']['must_not_raised']) for r in results)}."
    )
    print("\nErrors:")
    for r in results:
        for line in r["coverage"]["errors"]:
            print(f"- {r['scenario']} coverage {line}")
        for line in r["coverage"]["policy_errors"]:
            print(f"- {r['scenario']} policy {line}")
        for line in r["complaints"]["topic_errors"]:
            print(f"- {r['scenario']} complaint {line}")
        if r["complaints"]["extra"]:
            print(f"- {r['scenario']} extra complaint records: {r['complaints']['extra']}")
        i = r["injury"]
        if i["missing"] or i["extra"]:
            print(f"- {r['scenario']} injury missing {i['missing']}, extra {i['extra']}")
        print(
            f"- {r['scenario']} flags {r['flags']['detail']}; must-not raised "
            f"{r['flags']['must_not_raised']}; other {r['flags']['other_raised']}"
        )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", action="append", default=[], help="scenario slug (repeatable)")
    parser.add_argument("--json", type=Path, help="write the full results here")
    parser.add_argument("--keep", type=Path, help="keep the cases in this folder")
    parser.add_argument("--reuse", action="store_true", help="reuse cases already in --keep")
    args = parser.parse_args(argv)
    if not SCENARIOS.is_dir():
        raise SystemExit(f"no scenarios at {SCENARIOS}: nothing to score")
    folders = sorted(p for p in SCENARIOS.iterdir() if (p / "truth.json").is_file())
    if args.only:
        folders = [p for p in folders if p.name in args.only]
    work = args.keep or Path(tempfile.mkdtemp(prefix="monell-scenarios-"))
    results = [score_scenario(p, work / p.name, args.reuse) for p in folders]
    print_markdown(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
