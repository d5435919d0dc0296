"""The flags orchestrator: the stored injury, its topics, and each topic's flag.

Reads the injury narrative from the store, maps its facts to topics, then runs the coverage
analysis and the complaints analysis for the implicated topics only, and applies the flag
rules. Nothing is stored: flags are recomputed from the case as it stands.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from monell.analysis.detect import TopicModel
from monell.analysis.memory import TopicMemory
from monell.analysis.run import assess_coverage
from monell.complaints.notice import LOOKBACK_YEARS
from monell.complaints.run import assess_complaints
from monell.complaints.topics import AllegationModel
from monell.errors import InputError
from monell.flags.findings import Flag, FlagReport
from monell.flags.injury import implicated_topics, map_facts, split_injury
from monell.flags.rules import build_flag
from monell.store import CaseStore
from monell.taxonomy import Taxonomy

if TYPE_CHECKING:
    from spacy.language import Language


def assess_flags(
    store: CaseStore,
    taxonomy: Taxonomy,
    *,
    nlp: Language,
    ner: Language | None,
    embedder: Any,
    topic_model: TopicModel,
    topic_memory: TopicMemory | None,
    allegation_model: AllegationModel,
    allegation_memory: TopicMemory | None,
    incident: date,
    lookback_years: int = LOOKBACK_YEARS,
) -> FlagReport:
    """One flag per topic the injury implicates whose training was absent or thin."""
    injury = store.injury()
    if not injury:
        raise InputError(
            "no injury narrative is set for this case: use `monell injury set FILE` "
            "or `monell injury set --text TEXT`"
        )
    facts = map_facts(
        split_injury(injury, nlp), taxonomy, nlp, embedder, allegation_model, allegation_memory
    )
    topics = implicated_topics(facts, taxonomy)
    if not topics:
        return FlagReport(incident, injury, tuple(facts), (), ())
    coverage = assess_coverage(
        store, taxonomy, nlp=nlp, embedder=embedder, model=topic_model, memory=topic_memory,
        as_of=incident, topic_ids=topics,
    )  # fmt: skip
    complaints = assess_complaints(
        store, taxonomy, nlp=nlp, ner=ner, embedder=embedder, model=allegation_model,
        memory=allegation_memory, incident=incident, lookback_years=lookback_years,
        defendants=store.defendants(), topic_ids=topics,
    )  # fmt: skip
    patterns = {p.topic: p for p in complaints.patterns}
    flags: list[Flag] = []
    covered = []
    for verdict in coverage.topics:
        flag = build_flag(
            taxonomy.get(verdict.topic), verdict, patterns.get(verdict.topic),
            complaints.records, facts,
        )  # fmt: skip
        if flag:
            flags.append(flag)
        else:
            covered.append(verdict)
    order = {"strong": 0, "moderate": 1, "weak": 2}
    flags.sort(key=lambda f: (order[f.strength.value], -f.points, f.topic))
    return FlagReport(incident, injury, tuple(facts), tuple(flags), tuple(covered))
