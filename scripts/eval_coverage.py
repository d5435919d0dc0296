"""Evaluate training-coverage verdicts against labelled data, next to a keyword baseline.

1. The labelled dev set (corpora/eval/coverage/*.yaml, rendered to Bates-stamped PDFs by
   scripts/build_coverage_eval.py): each agency's production is ingested into a fresh case
   and `assess_coverage` runs as of its incident date. Scored per topic and overall:
   training-verdict accuracy, absent recall (truly absent topics called absent), covered
   precision (topics called covered that are covered), policy-verdict accuracy, and whether
   post-incident-only topics are listed as post-incident.
2. The keyword baseline on the same cases: Ctrl-F for each topic's everyday names over the
   text of the training documents in force ("covered" when found, else "absent"), and over
   the policies for the policy verdict.
3. ../shared/data/dev/policies (when present): policy-coverage recall against the 8 Can't
   Wait provisions coded 1 (silver labels; 0 does not mean absent, so only recall).
4. ../shared/data/dev/training/inservice_catalog_2018.md (when present), rendered as a
   catalog PDF: the topics its README says it covers and never covers.
5. With --scenarios: every outside-authored scenario under ../shared/data/dev/scenarios/
   (run end to end by scripts/eval_scenarios.py), its coverage scored beside the dev set:
   exact, gap-vs-covered, gap recall, covered precision and the keyword baseline, per
   scenario. --scenario-cases DIR keeps those cases; --reuse re-scores them.

Usage:
    python -m scripts.eval_coverage [--skip-policies] [--only agency_01] [--json out.json]
        [--scenarios [--scenario-cases DIR] [--reuse]]
Prints Markdown for EVALUATION.md.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

from fpdf import FPDF

from fixturekit.stamped_pdf import to_latin
from monell.app.workspace import init_case, open_case
from monell.coverage.detect import TopicModel
from monell.coverage.memory import TopicMemory
from monell.coverage.run import assess_coverage
from monell.coverage.taxonomy import load_taxonomy
from monell.index.update import PackagedModels, update_index
from monell.ingest.run import ingest_paths
from monell.parallel import make_executor
from monell.records.coverage import POLICY_TYPES, TRAINING_TYPES, CoverageReport
from monell.resources import (
    default_taxonomy_path,
    embedding_model_path,
    load_spacy_lemmas,
    load_spacy_parser,
    topic_memory_path,
    topic_model_path,
)
from scripts import build_coverage_eval

DEV = Path(__file__).resolve().parents[2] / "shared" / "data" / "dev"
KEYWORDS = {
    "use_of_force_policy": ["use of force", "use-of-force"],
    "de_escalation": ["de-escalation", "deescalation", "de-escalate"],
    "deadly_force_firearms": ["deadly force", "firearm"],
    "neck_restraints_chokeholds": ["neck restraint", "chokehold", "choke hold"],
    "handcuffing_restraints": ["handcuff"],
    "prone_restraint_positional_asphyxia": [
        "prone restraint",
        "positional asphyxia",
        "hog-tie",
        "hogtie",
    ],
    "conducted_energy_weapons": ["conducted energy", "taser"],
    "oc_chemical_agents": ["oc spray", "pepper spray", "chemical agent"],
    "k9_deployment": ["k-9", "k9", "canine"],
    "medical_aid_detainees": ["medical care", "medical aid", "first aid"],
    "crisis_intervention_mental_health": ["crisis intervention", "mental health", "mental illness"],
    "custody_suicide_prevention": ["suicide"],
    "duty_to_intervene": ["duty to intervene", "intervene"],
    "vehicle_pursuits_emergency_driving": ["pursuit", "emergency driving"],
    "search_seizure_strip_searches": ["strip search", "search and seizure", "searches"],
    "arrest_probable_cause": ["probable cause", "arrest"],
    "evidence_disclosure_brady": ["brady", "giglio", "evidence disclosure"],
    "interrogation_identification": ["interrogation", "eyewitness identification", "lineup"],
    "severe_agitation_excited_delirium": ["excited delirium", "severe agitation"],
    "juvenile_youth_contacts": ["juvenile", "youth"],
    "domestic_violence_response": ["domestic violence"],
    "body_worn_camera": ["body-worn camera", "body worn camera", "bwc"],
    "force_reporting_supervision_eis": [
        "use of force report",
        "force report",
        "early intervention",
    ],
}
EIGHT_CANT_WAIT = {
    "RequiresDeEscalation": "de_escalation",
    "HasUseOfForceContinuum": "use_of_force_policy",
    "BansChokeholdsAndStrangleholds": "neck_restraints_chokeholds",
    "RequiresWarningBeforeShooting": "deadly_force_firearms",
    "RestrictsShootingatMovingVehicles": "deadly_force_firearms",
    "RequiresExhaustAllOtherMeansBeforeShooting": "deadly_force_firearms",
    "DutyToIntervene": "duty_to_intervene",
    "RequiresComprehensiveReporting": "force_reporting_supervision_eis",
}
CATALOG_TRUTH = {  # from the dev data README
    "de_escalation": {"covered"},
    "neck_restraints_chokeholds": {"absent"},
    "conducted_energy_weapons": {"absent"},
    "medical_aid_detainees": {"absent"},
    "duty_to_intervene": {"absent"},
}


class Runner:
    """Models loaded once; one fresh case per production."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.models = PackagedModels(str(embedding_model_path()), threads=1 if workers > 1 else 0)
        self.taxonomy = load_taxonomy(default_taxonomy_path(), default=True)
        self.nlp = load_spacy_lemmas()
        self.parser = load_spacy_parser()
        self.embedder = self.models.embedder()
        self.model = TopicModel.load(topic_model_path())
        self.memory = TopicMemory.load(topic_memory_path())

    def run(
        self, production: Path, incident: str, folder: Path
    ) -> tuple[CoverageReport, dict[str, str], dict[str, str]]:
        init_case(folder, incident)
        executor = make_executor(self.workers)
        try:
            with open_case(folder) as case:
                ingest_paths(
                    case.store, [production], "EVAL", {"workers": self.workers}, executor=executor
                )
                update_index(case.store, case.index_dir, self.models, executor=executor)
                report = assess_coverage(
                    case.store,
                    self.taxonomy,
                    nlp=self.nlp,
                    embedder=self.embedder,
                    model=self.model,
                    memory=self.memory,
                    as_of=date.fromisoformat(incident),
                    parse=self.parser,
                )
                training, policy = keyword_baseline(case.store, date.fromisoformat(incident))
                types = {d.file_name: d.doc_type or "other" for d in case.store.list_documents()}
        finally:
            executor.close()
        return report, training | {"__types__": json.dumps(types)}, policy


def keyword_baseline(store, as_of: date) -> tuple[dict[str, str], dict[str, str]]:
    """Ctrl-F for each topic's everyday names in training documents in force, and policies."""
    texts: dict[str, list[str]] = defaultdict(list)
    for d in store.list_documents():
        day = date.fromisoformat(d.key_date) if d.key_date else None
        kind = d.doc_type or "other"
        if day and day > as_of:
            continue
        group = "training" if kind in TRAINING_TYPES else "policy" if kind in POLICY_TYPES else None
        if group:
            texts[group].extend(p.text.lower() for p in store.read_document_text(d.id).pages)
    result = []
    for group in ("training", "policy"):
        corpus = "\n".join(texts[group])
        result.append(
            {
                topic: "covered"
                if any(re.search(rf"\b{re.escape(w)}", corpus) for w in words)
                else "absent"
                for topic, words in KEYWORDS.items()
            }
        )
    return result[0], result[1]


def score_dev_set(runner: Runner, work: Path, only: list[str]) -> dict:
    out = work / "dev"
    sources = sorted(build_coverage_eval.EVAL_DIR.glob("*.yaml"))
    ids = build_coverage_eval.default_topic_ids()
    rows: list[dict] = []
    for source in sources:
        if only and source.stem not in only:
            continue
        folder = build_coverage_eval.build_agency(source, out, ids)
        truth = json.loads((folder / "truth.json").read_text())
        started = time.monotonic()
        report, base_training, base_policy = runner.run(
            folder / "production", truth["incident_date"], work / f"case_{source.stem}"
        )
        types = json.loads(base_training.pop("__types__"))
        mistyped = {
            f: (truth["documents"][f], t)
            for f, t in types.items()
            if truth["documents"].get(f) not in (None, t)
        }
        for topic in report.topics:
            rows.append(
                {
                    "agency": source.stem,
                    "topic": topic.topic,
                    "truth": truth["training"][topic.topic],
                    "predicted": topic.verdict.value,
                    "baseline": base_training[topic.topic],
                    "policy_truth": truth["policy"][topic.topic],
                    "policy_predicted": topic.policy_verdict.value,
                    "policy_baseline": base_policy[topic.topic],
                    "post_truth": topic.topic in truth["post_incident"],
                    "post_listed": bool(topic.post_incident_evidence),
                    "reason": topic.reason,
                    "evidence": [
                        f"{h.segment.file} p{h.segment.page}: {h.segment.quote[:80]}"
                        for h in topic.evidence[:2]
                    ],
                }
            )
        print(
            f"{source.stem}: {time.monotonic() - started:.0f}s, mistyped {mistyped}",
            file=sys.stderr,
        )
    return {"rows": rows}


def metrics(rows: list[dict], key: str) -> dict[str, float]:
    n = len(rows)
    correct = sum(r["truth"] == r[key] for r in rows)
    absent = [r for r in rows if r["truth"] == "absent"]
    covered_called = [r for r in rows if r[key] == "covered"]
    return {
        "n": n,
        "accuracy": round(correct / n, 3) if n else 0.0,
        "absent_recall": round(sum(r[key] == "absent" for r in absent) / len(absent), 3)
        if absent
        else 0.0,
        "covered_precision": round(
            sum(r["truth"] == "covered" for r in covered_called) / len(covered_called), 3
        )
        if covered_called
        else 0.0,
    }


def policy_recall(runner: Runner, work: Path) -> list[dict]:
    labels = DEV / "policies" / "labels.csv"
    if not labels.is_file():
        print(f"skipped: {labels} not found", file=sys.stderr)
        return []
    results = []
    with labels.open(newline="") as handle:
        for row in csv.DictReader(handle):
            pdf = DEV / "policies" / row["file"]
            folder = work / f"policy_{row['city']}"
            production = folder.parent / f"prod_{row['city']}"
            production.mkdir(parents=True, exist_ok=True)
            (production / pdf.name).symlink_to(pdf)
            report, _, base_policy = runner.run(production, date.today().isoformat(), folder)
            verdicts = {t.topic: t.policy_verdict.value for t in report.topics}
            for provision, topic in EIGHT_CANT_WAIT.items():
                if row[provision] == "1":
                    results.append(
                        {
                            "city": row["city"],
                            "provision": provision,
                            "topic": topic,
                            "predicted": verdicts[topic],
                            "baseline": base_policy[topic],
                        }
                    )
            print(f"policy {row['city']}: done", file=sys.stderr)
    return results


def catalog_check(runner: Runner, work: Path) -> dict[str, tuple[str, str]]:
    source = DEV / "training" / "inservice_catalog_2018.md"
    if not source.is_file():
        print(f"skipped: {source} not found", file=sys.stderr)
        return {}
    text = re.sub(
        r"<br>|\*\*|\[([^\]]*)\]\([^)]*\)",
        lambda m: m.group(1) or "",
        source.read_text(encoding="utf-8"),
    )
    body = text.split("---", 2)[-1]
    pdf = FPDF(unit="mm", format="letter")
    pdf.set_margins(20, 20, 20)
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    pdf.multi_cell(
        0,
        5,
        "POLICE OFFICERS' IN-SERVICE TRAINING CATALOG 2018\nEffective Date: 01/01/2018",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    for line in body.splitlines():
        if line.strip():
            pdf.multi_cell(
                0,
                5,
                to_latin(line.lstrip("# ").strip()),
                new_x="LMARGIN",
                new_y="NEXT",
            )
            pdf.ln(1)
    production = work / "catalog"
    production.mkdir(parents=True, exist_ok=True)
    pdf.output(str(production / "inservice_catalog_2018.pdf"))
    report, _, _ = runner.run(production, "2019-06-01", work / "catalog_case")
    verdicts = {t.topic: t.verdict.value for t in report.topics}
    return {
        topic: (verdicts[topic], "/".join(sorted(allowed)))
        for topic, allowed in CATALOG_TRUTH.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", default=[])
    parser.add_argument("--skip-policies", action="store_true")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--scenarios", action="store_true", help="also score the scenarios")
    parser.add_argument("--scenario-cases", type=Path, help="keep the scenario cases here")
    parser.add_argument("--reuse", action="store_true", help="reuse --scenario-cases")
    args = parser.parse_args()
    runner = Runner(args.workers)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        dev = score_dev_set(runner, work, args.only)
        policies = [] if args.skip_policies else policy_recall(runner, work)
        catalog = catalog_check(runner, work)
        scenarios = (
            score_scenarios(args.scenario_cases or work / "scenarios", args.reuse)
            if args.scenarios
            else []
        )
    print_markdown(dev["rows"], policies, catalog)
    if scenarios:
        print_beside(dev["rows"], scenarios)
    if args.json:
        args.json.write_text(
            json.dumps(
                {"dev": dev, "policies": policies, "catalog": catalog, "scenarios": scenarios},
                indent=2,
            )
        )


def score_scenarios(cases: Path, reuse: bool) -> list[dict]:
    """Each outside-authored scenario run end to end as a new user would (eval_scenarios)."""
    from scripts.eval_scenarios import SCENARIOS, score_scenario

    if not SCENARIOS.is_dir():
        print(f"skipped: {SCENARIOS} not found", file=sys.stderr)
        return []
    folders = sorted(p for p in SCENARIOS.iterdir() if (p / "truth.json").is_file())
    return [score_scenario(p, cases / p.name, reuse) for p in folders]


def print_beside(rows: list[dict], scenarios: list[dict]) -> None:
    """The team's dev set and each outside-authored scenario, measured the same way."""
    from scripts.eval_scenarios import coverage_metrics

    by_agency: dict[str, tuple[dict[str, str], dict[str, str], dict[str, str]]] = {}
    for r in rows:
        truth, got, keyword = by_agency.setdefault(r["agency"], ({}, {}, {}))
        truth[r["topic"]], got[r["topic"]], keyword[r["topic"]] = (
            r["truth"], r["predicted"], r["baseline"]
        )  # fmt: skip
    dev_truth = {f"{a}/{t}": v for a, (tr, _, _) in by_agency.items() for t, v in tr.items()}
    dev_got = {f"{a}/{t}": v for a, (_, g, _) in by_agency.items() for t, v in g.items()}
    dev_kw = {f"{a}/{t}": v for a, (_, _, k) in by_agency.items() for t, v in k.items()}
    table = [("dev set, 8 agencies (team-written)", coverage_metrics(dev_truth, dev_got),
              coverage_metrics(dev_truth, dev_kw))]  # fmt: skip
    table += [
        (f"{r['scenario']} (outside-authored)", r["coverage"], r["keyword"]) for r in scenarios
    ]
    print("\n| set | cells | exact | gap-vs-covered | gap recall | covered precision | "
          "keyword gap-vs-covered |")  # fmt: skip
    print("|---|---|---|---|---|---|---|")
    for name, m, k in table:
        print(
            f"| {name} | {m['n']} | {m['exact']:.3f} | {m['gap_vs_covered']:.3f} | "
            f"{m['gap_recall']:.3f} | {m['covered_precision']:.3f} | {k['gap_vs_covered']:.3f} |"
        )


def print_markdown(rows: list[dict], policies: list[dict], catalog: dict) -> None:
    ours, base = metrics(rows, "predicted"), metrics(rows, "baseline")
    print(
        f"Dev set: {len({r['agency'] for r in rows})} agencies × 23 topics = {len(rows)} verdicts\n"
    )
    print("| method | verdict accuracy | absent recall | covered precision |")
    print("|---|---|---|---|")
    for name, m in (("monell", ours), ("keyword baseline (Ctrl-F on topic names)", base)):
        print(
            f"| {name} | {m['accuracy']:.3f} | {m['absent_recall']:.3f} "
            f"| {m['covered_precision']:.3f} |"
        )
    policy_rows = [
        dict(
            r,
            truth=r["policy_truth"],
            predicted=r["policy_predicted"],
            baseline=r["policy_baseline"],
        )
        for r in rows
    ]
    print(
        f"\nPolicy verdict accuracy: monell {metrics(policy_rows, 'predicted')['accuracy']:.3f}, "
        f"keyword baseline {metrics(policy_rows, 'baseline')['accuracy']:.3f}"
    )
    post = [r for r in rows if r["post_truth"]]
    print(
        "Post-incident-only topics listed as post-incident: "
        f"{sum(r['post_listed'] for r in post)}/{len(post)}"
    )
    confusion = Counter((r["truth"], r["predicted"]) for r in rows)
    print(
        "\nConfusion (truth → monell): "
        + ", ".join(f"{t}→{p}: {n}" for (t, p), n in sorted(confusion.items()))
    )
    print("\n| topic | n | monell accuracy | baseline accuracy |")
    print("|---|---|---|---|")
    for topic in KEYWORDS:
        sub = [r for r in rows if r["topic"] == topic]
        if sub:
            print(
                f"| {topic} | {len(sub)} | {metrics(sub, 'predicted')['accuracy']:.2f} "
                f"| {metrics(sub, 'baseline')['accuracy']:.2f} |"
            )
    if policies:
        found = sum(r["predicted"] == "covered" for r in policies)
        base_found = sum(r["baseline"] == "covered" for r in policies)
        print(
            f"\n8 Can't Wait provisions coded 1 in the 12 dev policies: {len(policies)}; "
            f"policy verdict covered: monell {found}/{len(policies)} = "
            f"{found / len(policies):.3f}, "
            f"keyword baseline {base_found}/{len(policies)} = {base_found / len(policies):.3f}"
        )
        for r in policies:
            if r["predicted"] != "covered":
                print(f"- missed: {r['city']} {r['provision']} ({r['topic']})")
    if catalog:
        print(
            "\nReal in-service catalog (2018): "
            + ", ".join(f"{t}: {v} (expected {e})" for t, (v, e) in catalog.items())
        )
    errors = [r for r in rows if r["truth"] != r["predicted"]]
    print(f"\nErrors ({len(errors)}):")
    for r in errors:
        print(
            f"- {r['agency']} {r['topic']}: truth {r['truth']}, monell {r['predicted']} — "
            f"{r['reason']}; {r['evidence'][:1]}"
        )


if __name__ == "__main__":
    main()
