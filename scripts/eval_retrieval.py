"""Score monell's search on the team's labelled queries: dense, keyword and hybrid.

The queries (``corpora/eval/retrieval/queries.yaml``) were written by the monell team from
reading the dev documents, each naming the pages that answer it. This script builds the
cases they are asked of (each outside-authored scenario of ../shared/data/dev/scenarios in
its own case, both volumes; the 12 dev policies together in one case), then asks every query
three ways over the same index:

- dense: the FAISS index alone (meaning);
- keyword: SQLite FTS5 BM25 alone (exact words);
- hybrid: ``search_passages``, both fused by reciprocal rank, as ``monell search`` does.

Metrics per set (passages are mapped to their page, file stem + page number):
- recall@k: the share of a query's relevant pages among the pages of its top k passages,
  capped at min(k, relevant pages), so a query naming 11 pages can still score 1.0;
- MRR: 1 / the rank of the first passage on a relevant page (0 past rank 10).

Usage:
    python -m scripts.eval_retrieval [--keep DIR] [--reuse] [--runtime torch|onnx]
        [--only SET] [--json out.json] [--misses]
Prints Markdown for EVALUATION.md. --keep DIR keeps the cases (DIR/<runtime>/<case>);
--reuse skips ingest when a kept case exists. --runtime sets ``[models] runtime`` in each
new case's case.toml (the embedding path the case is indexed and searched with).
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner

from monell.cli import main as monell_cli

DEV = Path(__file__).resolve().parents[2] / "shared" / "data" / "dev"
QUERIES = Path(__file__).resolve().parents[1] / "corpora" / "eval" / "retrieval" / "queries.yaml"
POLICY_CASE = "policies"
POLICY_INCIDENT = "2020-06-01"  # any date: search does not depend on it
DEPTH = 10
KS = (5, 10)
METHODS = ("dense", "keyword", "hybrid")


@dataclass(frozen=True)
class Query:
    id: str
    set: str
    case: str
    text: str
    relevant: frozenset[str]  # "file-stem#page"


def read_queries(path: Path = QUERIES) -> list[Query]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    found = []
    for name, items in data["sets"].items():
        for item in items:
            found.append(
                Query(item["id"], name, item["case"], item["query"], frozenset(item["relevant"]))
            )
    ids = [q.id for q in found]
    if len(ids) != len(set(ids)):
        raise SystemExit(f"{path}: a query id is used twice")
    return found


def run(*args: str) -> str:
    result = CliRunner().invoke(monell_cli, list(args), catch_exceptions=False)
    if result.exit_code != 0:
        raise SystemExit(
            f"monell {' '.join(args[:2])} failed ({result.exit_code}): {result.output}"
        )
    return result.stdout


def build_case(name: str, case: Path, runtime: str | None, reuse: bool) -> None:
    """Init and ingest one case: a scenario (VOL001 then VOL002) or the dev policies."""
    if reuse and (case / "monell.db").is_file():
        return
    if case.exists():
        shutil.rmtree(case)
    if name == POLICY_CASE:
        incident, volumes = POLICY_INCIDENT, [("POLICIES", DEV / "policies")]
    else:
        folder = DEV / "scenarios" / name
        truth = json.loads((folder / "truth.json").read_text())
        incident = truth["incident_date"]
        volumes = [(p["label"], folder / "pdf" / p["label"]) for p in truth["productions"]]
    run("init", str(case), "--incident-date", incident, "--name", f"{name} (retrieval eval)")
    if runtime:
        settings = case / "case.toml"
        text = settings.read_text(encoding="utf-8")
        settings.write_text(
            text.replace("[models]\n", f'[models]\nruntime = "{runtime}"\n', 1), encoding="utf-8"
        )
    for label, path in volumes:
        run("ingest", "--case", str(case), str(path), "--production", label)


def page_key(file: str, page: int) -> str:
    return f"{Path(file).stem}#{page}"


def score_ranking(pages: Sequence[str], relevant: frozenset[str]) -> dict[str, float]:
    """recall@k (capped at min(k, |relevant|)) and reciprocal rank, for passages' pages."""
    scores = {}
    for k in KS:
        found = relevant & set(pages[:k])
        scores[f"recall@{k}"] = len(found) / min(k, len(relevant))
    first = next((i for i, p in enumerate(pages, start=1) if p in relevant), None)
    scores["mrr"] = 1.0 / first if first else 0.0
    return scores


def rank_case(case_dir: Path, queries: Sequence[Query]) -> dict[str, dict[str, list[str]]]:
    """For each query, the pages of its top passages by each method."""
    from monell.app.session import case_models
    from monell.app.workspace import open_case
    from monell.index.search import keyword_words, search_passages
    from monell.index.update import open_vector_index

    with open_case(case_dir) as case:
        store = case.store
        embedder = case_models(case).embedder()
        index, _ = open_vector_index(store, case.index_dir, settings=case.config.index)
        _check_labels(store, queries)
        ranked: dict[str, dict[str, list[str]]] = {}
        for query in queries:
            dense = [pid for pid, _ in index.search(embedder.embed([query.text])[0], DEPTH)]
            keyword = store.keyword_search(keyword_words(query.text), DEPTH, (), None)
            hybrid = [
                h.passage.passage_id
                for h in search_passages(store, index, embedder, query.text, DEPTH)
            ]
            rows = store.passages_by_id(list({*dense, *keyword, *hybrid}))
            ranked[query.id] = {
                method: [page_key(rows[p].file, rows[p].page) for p in ids if p in rows]
                for method, ids in (("dense", dense), ("keyword", keyword), ("hybrid", hybrid))
            }
        return ranked


def _check_labels(store: Any, queries: Sequence[Query]) -> None:
    """Every labelled page must exist in the case: a typo would silently cost recall."""
    pages = {
        f"{Path(d.file_name).stem}#{n}"
        for d in store.list_documents()
        for n in range(1, d.page_count + 1)
    }
    wrong = sorted(key for q in queries for key in q.relevant if key not in pages)
    if wrong:
        raise SystemExit(f"{QUERIES.name}: labelled pages not in the case: {', '.join(wrong)}")


def summarise(queries: Sequence[Query], ranked: dict[str, dict[str, list[str]]]) -> dict[str, Any]:
    sets: dict[str, Any] = {}
    for name in dict.fromkeys(q.set for q in queries):
        chosen = [q for q in queries if q.set == name]
        sets[name] = {"queries": len(chosen), "methods": _mean_scores(chosen, ranked)}
    sets["all"] = {"queries": len(queries), "methods": _mean_scores(queries, ranked)}
    return sets


def _mean_scores(
    queries: Sequence[Query], ranked: dict[str, dict[str, list[str]]]
) -> dict[str, Any]:
    result = {}
    for method in METHODS:
        per_query = [score_ranking(ranked[q.id][method], q.relevant) for q in queries]
        result[method] = {m: sum(s[m] for s in per_query) / len(per_query) for m in per_query[0]}
    return result


def markdown(summary: dict[str, Any], runtime: str) -> str:
    lines = [
        f"Embedding runtime: `{runtime}`. Queries written by the monell team (not by the tool).",
        "",
        "| set | queries | method | recall@5 | recall@10 | MRR |",
        "|---|---|---|---|---|---|",
    ]
    for name, block in summary.items():
        for method in METHODS:
            m = block["methods"][method]
            lines.append(
                f"| {name} | {block['queries']} | {method} | {m['recall@5']:.3f} | "
                f"{m['recall@10']:.3f} | {m['mrr']:.3f} |"
            )
    return "\n".join(lines)


def misses(queries: Sequence[Query], ranked: dict[str, dict[str, list[str]]]) -> str:
    """Queries whose hybrid top 5 holds none of their pages (for reading, not for tuning)."""
    lines = []
    for q in queries:
        top = ranked[q.id]["hybrid"][:5]
        if not set(top) & q.relevant:
            lines.append(f"- {q.id} {q.text!r}: want {sorted(q.relevant)}, got {top}")
    return "\n".join(lines) or "(none)"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--keep", type=Path, help="keep the cases in this folder")
    parser.add_argument("--reuse", action="store_true", help="reuse kept cases (skip ingest)")
    parser.add_argument(
        "--runtime", choices=("torch", "sentence-transformers", "onnx"), help="[models] runtime"
    )
    parser.add_argument("--only", action="append", default=[], help="only this set (repeatable)")
    parser.add_argument("--json", type=Path, help="write per-query rankings and scores here")
    parser.add_argument("--misses", action="store_true", help="list hybrid top-5 misses")
    args = parser.parse_args(argv)
    if not DEV.is_dir():
        raise SystemExit(f"the dev data is not here: {DEV} (skipping the retrieval evaluation)")
    queries = [q for q in read_queries() if not args.only or q.set in args.only]
    root = args.keep or Path(tempfile.mkdtemp(prefix="monell-retrieval-"))
    runtime = args.runtime or "default"
    ranked: dict[str, dict[str, list[str]]] = {}
    for case_name in dict.fromkeys(q.case for q in queries):
        case_dir = root / runtime / case_name
        build_case(case_name, case_dir, args.runtime, args.reuse)
        ranked.update(rank_case(case_dir, [q for q in queries if q.case == case_name]))
    summary = summarise(queries, ranked)
    print(markdown(summary, runtime))
    if args.misses:
        print("\nHybrid top-5 misses:\n" + misses(queries, ranked))
    if args.json:
        args.json.write_text(json.dumps({"summary": summary, "ranked": ranked}, indent=1))
    if not args.keep:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
