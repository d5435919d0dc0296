"""Reading the injury narrative: facts → clauses with roles → the topics they implicate.

1. The narrative is cut into facts (injury.py) and each fact is parsed (dependency parser).
2. The parties are read from the whole story (parties.py): officers, the plaintiff, the
   plaintiff's pronoun.
3. Each fact is cut into clauses with their subject, voice and negation (clauses.py); each
   clause's actor is resolved in reading order and its role decided (roles.py): officer
   conduct (acts and omissions), the plaintiff's condition or behaviour, outcome,
   background.
4. Each fact's clauses of one role are scored together, like a complaint's allegation (the
   allegation detector and model), with the plaintiff's name read as a pronoun.
5. The topics follow the rules of implicate.py: only conduct implicates; the condition
   raises a situation topic beside conduct; outcomes support; duty to intervene needs a
   bystander in the parse.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from typing import TYPE_CHECKING, Any

from monell.complaints.run import allegation_segment
from monell.complaints.topics import KEEP_SCORE, AllegationModel, score_rows
from monell.coverage.detect import ALLEGATIONS, TopicDetector
from monell.coverage.memory import TopicMemory
from monell.coverage.taxonomy import Taxonomy
from monell.flags.bystanders import stands_by
from monell.flags.clauses import (
    ClauseDraft,
    mentions_officer,
    resolve_actors,
    split_clauses,
    split_pieces,
)
from monell.flags.conduct import read_signs, read_situations
from monell.flags.implicate import THRESHOLD_SHARE, case_topics, fact_topics
from monell.flags.injury import in_plaintiff_words, split_injury
from monell.flags.parties import Parties, find_parties
from monell.flags.roles import RoleExemplars, decide_role
from monell.records.coverage import Segment
from monell.records.flags import Actor, Clause, FactRole, ImplicatedTopic, InjuryFact

if TYPE_CHECKING:
    from spacy.language import Language

ROLE_ORDER = (FactRole.CONDUCT, FactRole.CONDITION, FactRole.OUTCOME, FactRole.BACKGROUND)
SETTLED_BY_ROLE = {
    FactRole.CONDUCT: Actor.OFFICER,
    FactRole.CONDITION: Actor.PLAINTIFF,
    FactRole.OUTCOME: Actor.PLAINTIFF,
}


@dataclass(frozen=True)
class InjuryReading:
    facts: tuple[InjuryFact, ...]
    topics: tuple[ImplicatedTopic, ...]  # as read, before any reviewer's decision
    parties: Parties


@dataclass
class InjuryReader:
    """The models the reading needs, each passed in by the caller (loaded once)."""

    taxonomy: Taxonomy
    nlp: Language  # sentences and lemmas
    parser: Language  # the dependency parse
    embedder: Any
    model: AllegationModel
    memory: TopicMemory | None
    exemplars: Mapping[str, Any]  # corpora/injury/role_exemplars.yaml
    ner: Language | None = None  # person names, to find an untitled plaintiff
    share: float = THRESHOLD_SHARE  # of the allegation model's thresholds (implicate.py)

    @cached_property
    def detector(self) -> TopicDetector:
        return TopicDetector(
            self.taxonomy, self.nlp, self.embedder, None, self.memory, purpose=ALLEGATIONS
        )

    @cached_property
    def role_exemplars(self) -> RoleExemplars:
        return RoleExemplars.build(self.exemplars, self.embedder)

    def read(self, text: str) -> InjuryReading:
        """The narrative's facts with their clauses, roles and topics, and the topics it
        implicates (not yet reviewed)."""
        facts = split_injury(text, self.nlp)
        if not facts:
            return InjuryReading((), (), Parties(frozenset(), frozenset(), None, False))
        self.model.check(self.embedder.name, self.embedder.dimension)
        pieces = [split_pieces(f.text) for f in facts]
        docs = iter(self.parser.pipe([piece for mine in pieces for _, piece in mine]))
        parsed = [[(offset, next(docs)) for offset, _ in mine] for mine in pieces]
        people = [e.text for e in self.ner(text).ents if e.label_ == "PERSON"] if self.ner else []
        parties = find_parties([doc for mine in parsed for _, doc in mine], people)
        drafts = [
            [d for offset, doc in mine for d in split_clauses(doc, parties, offset)]
            for mine in parsed
        ]
        self._decide_roles(drafts, parties)
        facts = [
            replace(fact, clauses=_clauses(fact, mine), role=_fact_role(mine))
            for fact, mine in zip(facts, drafts, strict=True)
        ]
        scores, words = self._score_roles(facts, drafts, parties)
        facts = [replace(f, words=w) for f, w in zip(facts, words, strict=True)]
        mapped = fact_topics(facts, scores, drafts, self.model, parties, self.share)
        return InjuryReading(tuple(mapped), tuple(case_topics(mapped, self.taxonomy)), parties)

    def _decide_roles(self, drafts: Sequence[Sequence[ClauseDraft]], parties: Parties) -> None:
        flat = [d for fact in drafts for d in fact]
        texts = [in_plaintiff_words(d.text, parties.plaintiff, parties.pronoun) for d in flat]
        vectors = dict(zip(map(id, flat), self.embedder.embed(texts), strict=True))
        exemplars = self.role_exemplars
        # In reading order, so a clause settled as the plaintiff's lets the next bare
        # "he" continue it (resolve_actors reads the settled actor back).
        for draft in resolve_actors([list(f) for f in drafts], parties):
            signs = read_signs(draft)
            sign = f"{signs[0].kind} '{signs[0].words}'" if signs else stands_by(draft)
            state = read_situations(draft, [draft])
            if state and draft.actor is Actor.PLAINTIFF and not draft.passive:
                # "was extremely agitated", "is autistic": the person's condition
                draft.role = FactRole.CONDITION
                draft.why = f"{draft.why}; states '{state[0].words}'"
                continue
            if signs and draft.actor is not Actor.MEDICAL and mentions_officer(draft, parties):
                # what someone saw an officer do: "face-down with three officers on top of him"
                draft.role, draft.why = FactRole.CONDUCT, f"{draft.why}; an officer shows {sign}"
                continue
            draft.role, why = decide_role(
                draft.actor, draft.passive, draft.negated, vectors[id(draft)], exemplars, sign
            )
            draft.why = f"{draft.why}; {why}" if draft.why else why
            if draft.actor is Actor.UNKNOWN and draft.role in SETTLED_BY_ROLE:
                draft.actor = SETTLED_BY_ROLE[draft.role]

    def _score_roles(
        self,
        facts: Sequence[InjuryFact],
        drafts: Sequence[Sequence[ClauseDraft]],
        parties: Parties,
    ) -> tuple[list[dict[FactRole, dict[str, float]]], list[dict[str, tuple[str, ...]]]]:
        """Each fact's clauses of one role, scored together: role → topic → score, and the
        words that matched for each topic of its conduct."""
        keys: list[tuple[int, FactRole]] = []
        segments: list[Segment] = []
        for i, clauses in enumerate(drafts):
            for role in ROLE_ORDER:
                texts = [d.text for d in clauses if d.role is role]
                if texts:
                    joined = in_plaintiff_words(
                        "; ".join(texts), parties.plaintiff, parties.pronoun
                    )
                    keys.append((i, role))
                    segments.append(allegation_segment(joined, len(segments)))
        scores: list[dict[FactRole, dict[str, float]]] = [{} for _ in facts]
        words: list[dict[str, tuple[str, ...]]] = [{} for _ in facts]
        if not segments:
            return scores, words
        vectors = self.embedder.embed([s.text for s in segments])
        rows = list(self.detector.featurize(segments, vectors))
        by_segment = score_rows(self.model, vectors, rows)
        for n, (i, role) in enumerate(keys):
            found = by_segment.get(n, {})
            scores[i][role] = {t: round(v, 3) for t, v in found.items() if v >= KEEP_SCORE}
        for row in rows:
            i, role = keys[row.segment.passage_id]
            matched = row.lexical.patterns.get(row.topic)
            if role is FactRole.CONDUCT and matched:
                words[i][row.topic] = tuple(matched)
        return scores, words


def _clauses(fact: InjuryFact, drafts: Sequence[ClauseDraft]) -> tuple[Clause, ...]:
    return tuple(
        Clause(
            text=d.text,
            start=fact.start + d.start,
            end=fact.start + d.end,
            role=d.role or FactRole.BACKGROUND,
            actor=d.actor,
            omission=d.negated and d.role is FactRole.CONDUCT,
            why=d.why,
        )
        for d in drafts
    )


def _fact_role(drafts: Sequence[ClauseDraft]) -> FactRole:
    roles = {d.role for d in drafts}
    return next((r for r in ROLE_ORDER if r in roles), FactRole.BACKGROUND)
