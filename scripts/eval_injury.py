"""Score the injury reading: implicated topics against labelled narratives.

Two sets:
- the team's labelled narratives, corpora/eval/injury/classes.yaml (one block per rule,
  12 or more paraphrases each in four registers: pleading, police report, deposition summary,
  intake; written by the monell team) and corpora/eval/injury/narratives.yaml (whole
  narratives, also the team's);
- the outside-authored scenario narratives, ../shared/data/dev/scenarios/*/injury.txt with
  truth.json `injury_topics` (skipped with a message when absent).

Precision and recall are micro-averaged over topics; use_of_force_policy is optional (as the
scenarios' README says), and so are an item's own `optional` topics. "exact" counts the
narratives whose topic set is right.

Usage:
    python -m scripts.eval_injury [--share 0.8] [--errors] [--baseline]
--baseline scores the whole-sentence reading monell used before issue 19 (every fact's
topics, no roles), for comparison.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from monell.complaints.topics import AllegationModel, choose_topics
from monell.coverage.memory import TopicMemory
from monell.coverage.taxonomy import load_case_taxonomy
from monell.flags.implicate import THRESHOLD_SHARE
from monell.flags.reading import InjuryReader
from monell.index.update import PackagedModels
from monell.resources import (
    allegation_memory_path,
    allegation_model_path,
    corpora_dir,
    embedding_model_path,
    load_role_exemplars,
    load_spacy,
    load_spacy_lemmas,
    load_spacy_parser,
)

SCENARIOS = Path(__file__).resolve().parents[2] / "shared" / "data" / "dev" / "scenarios"
EVAL = corpora_dir() / "eval" / "injury"
OPTIONAL = frozenset({"use_of_force_policy"})


@dataclass(frozen=True)
class Item:
    set: str  # the class, the narrative set, or "scenario"
    name: str
    register: str
    text: str
    topics: frozenset[str]
    optional: frozenset[str]


def labelled_items() -> list[Item]:
    data = yaml.safe_load((EVAL / "classes.yaml").read_text(encoding="utf-8"))
    items = []
    for name, block in data["classes"].items():
        for n, item in enumerate(block["items"], 1):
            items.append(_item(name, f"{name}-{n}", item))
    narratives = EVAL / "narratives.yaml"
    if narratives.is_file():
        data = yaml.safe_load(narratives.read_text(encoding="utf-8"))
        for item in data["narratives"]:
            items.append(_item("narratives", item["id"], item))
    return items


def _item(group: str, name: str, item: dict) -> Item:  # type: ignore[type-arg]
    return Item(
        group,
        name,
        item["register"],
        item["text"],
        frozenset(item["topics"]),
        frozenset(item.get("optional", [])),
    )


def scenario_items() -> list[Item]:
    if not SCENARIOS.is_dir():
        print(f"no scenarios at {SCENARIOS}: scoring the team's narratives only")
        return []
    items = []
    for truth_file in sorted(SCENARIOS.glob("*/truth.json")):
        truth = json.loads(truth_file.read_text(encoding="utf-8"))
        text = (truth_file.parent / "injury.txt").read_text(encoding="utf-8")
        topics = frozenset(truth["injury_topics"])
        items.append(Item("scenario", truth_file.parent.name, "outside", text, topics, frozenset()))
    return items


def make_reader(share: float) -> InjuryReader:
    models = PackagedModels(str(embedding_model_path()))
    return InjuryReader(
        load_case_taxonomy(None),
        load_spacy_lemmas(),
        load_spacy_parser(),
        models.embedder(),
        AllegationModel.load(allegation_model_path()),
        TopicMemory.load(allegation_memory_path()),
        load_role_exemplars(),
        load_spacy(),
        share,
    )


def baseline(reader: InjuryReader) -> Callable[[str], set[str]]:
    """The reading before issue 19: every sentence scored whole, every passing topic kept."""
    from monell.complaints.run import allegation_segment
    from monell.complaints.topics import score_rows
    from monell.flags.injury import as_allegation, split_injury

    def read(text: str) -> set[str]:
        facts = split_injury(text, reader.nlp)
        segments = [allegation_segment(as_allegation(f.text), i) for i, f in enumerate(facts)]
        vectors = reader.embedder.embed([s.text for s in segments])
        scores = score_rows(
            reader.model, vectors, list(reader.detector.featurize(segments, vectors))
        )
        return {t for i in scores for t in choose_topics(scores[i], reader.model)}

    return read


def score(items: Iterable[Item], got: dict[str, set[str]]) -> dict[str, float]:
    tp = fp = fn = exact = n = 0
    for item in items:
        ignore = OPTIONAL | item.optional
        mine = got[item.name] - ignore
        want = set(item.topics) - OPTIONAL
        tp, fp, fn = tp + len(mine & want), fp + len(mine - want), fn + len(want - mine)
        exact += mine == want
        n += 1
    return {
        "n": n,
        "precision": tp / (tp + fp) if tp + fp else 1.0,
        "recall": tp / (tp + fn) if tp + fn else 1.0,
        "exact": exact,
    }


def report(items: Sequence[Item], got: dict[str, set[str]], errors: bool) -> None:
    groups: dict[str, Callable[[Item], bool]] = {
        name: (lambda i, name=name: i.set == name) for name in dict.fromkeys(i.set for i in items)
    }
    groups["all classes (team's)"] = lambda i: i.set not in {"narratives", "scenario"}
    groups["all (team's)"] = lambda i: i.set != "scenario"
    print("| set | narratives | precision | recall | exact |")
    print("|---|---|---|---|---|")
    for group, member in groups.items():
        s = score([i for i in items if member(i)], got)
        print(
            f"| {group} | {s['n']} | {s['precision']:.2f} | {s['recall']:.2f} | "
            f"{s['exact']}/{s['n']} |"
        )
    for item in items if errors else []:
        mine = got[item.name] - OPTIONAL - item.optional
        want = set(item.topics) - OPTIONAL
        if mine != want:
            print(f"- {item.name}: missing {sorted(want - mine)}, extra {sorted(mine - want)}")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--share", type=float, default=THRESHOLD_SHARE)
    parser.add_argument("--errors", action="store_true", help="list every wrong narrative")
    parser.add_argument("--baseline", action="store_true", help="score the pre-issue-19 reading")
    args = parser.parse_args(argv)
    reader = make_reader(args.share)
    items = labelled_items() + scenario_items()
    read = baseline(reader) if args.baseline else None
    got = {}
    for item in items:
        if read is not None:
            got[item.name] = read(item.text)
        else:
            got[item.name] = {t.topic for t in reader.read(item.text).topics}
    report(items, got, args.errors)


if __name__ == "__main__":
    main()
