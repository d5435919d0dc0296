"""From facts with roles to the topics the injury implicates, each with the facts behind it.

The rules (issue 19):
- Only officer conduct implicates a topic. Each fact's conduct clauses are scored together
  (the allegation model, as complaints are); the topics passing their thresholds are the
  fact's topics.
- The person's condition raises a *situation* topic (a crisis, severe agitation, a suicide
  risk, a child, a domestic call: `situation_topics` in corpora/cues/injury.yaml) only when
  officer conduct in the story raised some topic: the training governs how officers handle
  such a person, not the condition itself.
- An outcome never raises a topic; it supports one conduct raised ("could not breathe"
  supports prone restraint when officers held him face down). The plaintiff's own words
  and behaviour support in the same way.
- Medical aid needs a failure of care in the story (flags/care.py): an officer's act
  negated, failing or withholding beside a word of care or of a need of care ("nobody
  called the nurse", "ignored her vomiting", "denied his inhaler"). Force followed by
  treatment is no such failure, whatever the model scores.
- Duty to intervene needs a bystander in the parse: an officer (or "nobody") who, beside
  another officer's act in the same or the previous fact, stood by, watched, or did not
  step in, stop or say anything. Such a fact implicates the topic; a fact without a
  bystander does not, whatever the model scores.
Each topic's confidence is 1 − Π(1 − score) over the facts that raise it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from math import prod

from monell.complaints.topics import AllegationModel
from monell.coverage.taxonomy import Taxonomy
from monell.flags.bystanders import Bystander, find_bystander
from monell.flags.care import MEDICAL_AID, care_withheld, read_withheld
from monell.flags.clauses import ClauseDraft
from monell.flags.conduct import (
    BODY_TOPICS,
    WEAPON_TOPICS,
    Sign,
    holds_shown,
    read_needs,
    read_signs,
    read_situations,
    weapons_shown,
)
from monell.flags.parties import Parties
from monell.records.flags import Actor, Clause, FactRole, ImplicatedTopic, InjuryFact, TopicEvidence
from monell.resources import load_cues

DUTY_TO_INTERVENE = "duty_to_intervene"
SITUATION_TOPICS = frozenset(load_cues("injury")["situation_topics"])
# A bystander, a tool, a body position or an omitted act the parse found: the rule's own
# score, shown when the model scored the fact lower (its exemplars rarely read like pleadings).
SIGN_SCORE = 0.8
# An injury narrative's conduct clauses are already cut from its outcomes and background,
# so a topic passes at this share of the threshold the allegation model uses for whole
# complaint records (chosen on the team's labelled narratives, corpora/eval/injury/).
THRESHOLD_SHARE = 1.0
SECONDARY_SHARE = 0.5  # a second topic of one text must score this share of its best
SUPPORTING = (FactRole.OUTCOME, FactRole.CONDITION)
# The person's condition may be stated anywhere, an outcome included ("was found hanging in
# his cell"); the words are the condition's own (situation_signs), never a model's guess.
RAISING_SITUATIONS = tuple(FactRole)
ACTORS = frozenset({Actor.OFFICER, Actor.NOBODY, Actor.TOOL})

RoleScores = Mapping[FactRole, Mapping[str, float]]  # a fact's role text → topic → score


def fact_topics(
    facts: Sequence[InjuryFact],
    scores: Sequence[RoleScores],
    drafts: Sequence[Sequence[ClauseDraft]],
    model: AllegationModel,
    parties: Parties,
    share: float = THRESHOLD_SHARE,
) -> list[InjuryFact]:
    """Each fact with the topics its conduct implicates and those its other clauses support
    (situation topics settled here too, since they need the whole story)."""
    raised: list[set[str]] = []
    bystanders: list[Bystander | None] = []
    signed: list[dict[str, Sign]] = []
    for i, mine in enumerate(scores):
        conduct = dict(mine.get(FactRole.CONDUCT, {}))
        topics = set(_chosen(conduct, model, share)) - SITUATION_TOPICS - {DUTY_TO_INTERVENE}
        found = [s for d in drafts[i] if d.role is FactRole.CONDUCT for s in read_signs(d)]
        before = drafts[i - 1] if i else []
        found += read_needs(drafts[i]) + read_withheld(drafts[i], before)
        # What the parse shows decides between the model's near neighbours: "fired his
        # electroshock weapon" is a CEW, "kept him lying on his stomach" no neck hold.
        for shown, kinds in (
            (weapons_shown(found), WEAPON_TOPICS),
            (holds_shown(found), BODY_TOPICS),
        ):
            if shown:
                topics -= kinds - shown
        topics |= {s.topic for s in found} - SITUATION_TOPICS - {DUTY_TO_INTERVENE}
        window = [*drafts[i - 1], *drafts[i]] if i else list(drafts[i])
        care_shown = any(s.topic == MEDICAL_AID for s in found)
        if MEDICAL_AID in topics and not care_shown and not care_withheld(drafts[i], before):
            topics.discard(MEDICAL_AID)  # the model's score alone names no failure of care
        signed.append({s.topic: s for s in found})
        bystander = find_bystander(drafts[i], window, parties)
        dti = conduct.get(DUTY_TO_INTERVENE, 0.0)
        passes = dti >= share * model.probes[DUTY_TO_INTERVENE].threshold
        if bystander and (bystander.beside_act or passes):
            topics.add(DUTY_TO_INTERVENE)
        raised.append(topics)
        bystanders.append(bystander)
    # officers acted: a conduct clause with an officer, "nobody" or a tool as its actor, or
    # done to the person ("was placed alone in a cell")
    any_conduct = any(
        d.role is FactRole.CONDUCT and (d.actor in ACTORS or d.passive)
        for clauses in drafts
        for d in clauses
    )
    mapped = []
    for fact, mine, clauses, topics, bystander, signs in zip(
        facts, scores, drafts, raised, bystanders, signed, strict=True
    ):
        fact_scores = _merged(mine)
        for topic in topics & ({DUTY_TO_INTERVENE} | set(signs)):
            fact_scores[topic] = max(fact_scores.get(topic, 0.0), SIGN_SCORE)
        if any_conduct:
            situations = _situations(mine, clauses, model, share)
            topics |= set(situations)
            for topic, words in situations.items():
                if words:
                    fact_scores[topic] = max(fact_scores.get(topic, 0.0), SIGN_SCORE)
                    signs[topic] = Sign(topic, "condition", words)
        supports = _supports(mine, model, share) - topics
        mapped.append(
            replace(
                fact,
                topics=tuple(sorted(topics)),
                scores=fact_scores,
                supports={t: fact_scores[t] for t in sorted(supports)},
                words={
                    t: tuple(dict.fromkeys((*fact.words.get(t, ()), *_sign_words(signs, t))))
                    for t in topics
                    if fact.words.get(t) or t in signs
                },
                clauses=_with_bystander(fact, bystander),
            )
        )
    return mapped


def _sign_words(signs: Mapping[str, Sign], topic: str) -> tuple[str, ...]:
    return (signs[topic].words,) if topic in signs else ()


def _merged(mine: RoleScores) -> dict[str, float]:
    merged: dict[str, float] = {}
    for scores in mine.values():
        for topic, score in scores.items():
            merged[topic] = round(max(merged.get(topic, 0.0), score), 3)
    return merged


def _chosen(scores: Mapping[str, float], model: AllegationModel, share: float) -> set[str]:
    """Topics passing their (shared) threshold, the weaker ones only near the best."""
    passing = {
        t: s
        for t, s in scores.items()
        if t in model.probes and s >= share * model.probes[t].threshold
    }
    best = max(passing.values(), default=0.0)
    return {t for t, s in passing.items() if s >= SECONDARY_SHARE * best}


def _situations(
    mine: RoleScores, clauses: Sequence[ClauseDraft], model: AllegationModel, share: float
) -> dict[str, str | None]:
    """Situation topics the fact shows (model scores on its non-outcome text, or the
    condition words of a clause): topic → the words, when words showed it."""
    found: dict[str, str | None] = {}
    for clause in clauses:
        if clause.role in RAISING_SITUATIONS:
            for sign in read_situations(clause, clauses):
                found[sign.topic] = sign.words
    return found


def _supports(mine: RoleScores, model: AllegationModel, share: float) -> set[str]:
    found: set[str] = set()
    for role in SUPPORTING:
        found |= _chosen(mine.get(role, {}), model, share)
    return found


def _with_bystander(fact: InjuryFact, bystander: Bystander | None) -> tuple[Clause, ...]:
    """The fact's clauses, the bystander's saying so."""
    if bystander is None:
        return fact.clauses
    start = fact.start + bystander.clause.start
    return tuple(
        replace(c, why=f"{c.why}; bystander: {bystander.why}") if c.start == start else c
        for c in fact.clauses
    )


def case_topics(facts: Sequence[InjuryFact], taxonomy: Taxonomy) -> list[ImplicatedTopic]:
    """The topics the facts implicate, in taxonomy order, each with the facts that raise it
    and the facts that support it."""
    found = {t for f in facts for t in f.topics}
    topics = []
    for topic in taxonomy.ids:
        if topic not in found:
            continue
        evidence = []
        for index, fact in enumerate(facts):
            if topic in fact.topics:
                evidence.append(
                    TopicEvidence(
                        index, fact.text, _raising_role(fact, topic), fact.scores[topic], True
                    )
                )
            elif topic in fact.supports:
                evidence.append(
                    TopicEvidence(
                        index, fact.text, _supporting_role(fact), fact.supports[topic], False
                    )
                )
        raising = [e.score for e in evidence if e.implicates]
        confidence = round(1 - prod(1 - min(s, 0.99) for s in raising), 3)
        name = taxonomy.get(topic).name
        topics.append(ImplicatedTopic(topic, name, confidence, tuple(evidence)))
    return topics


def _raising_role(fact: InjuryFact, topic: str) -> FactRole:
    roles = {c.role for c in fact.clauses}
    if topic in SITUATION_TOPICS and FactRole.CONDUCT not in roles:
        return FactRole.CONDITION if FactRole.CONDITION in roles else FactRole.BACKGROUND
    return FactRole.CONDUCT


def _supporting_role(fact: InjuryFact) -> FactRole:
    roles = {c.role for c in fact.clauses}
    return FactRole.OUTCOME if FactRole.OUTCOME in roles else FactRole.CONDITION
