"""Bystander officers, from the parse: who stood by while another officer acted.

A bystander clause is officer conduct (an officer, "nobody", "neither officer", "none of
them") that either
- does not do what intervening takes: a negated clause with a verb of intervening in it
  ("did not intervene", "made no effort to restrain", "never told him to stop", "did
  nothing to stop it", "none of them lifted a finger", "neither officer stepped in"), or
- idles: "watched", "observed", "looked on", "stood by", "stood there watching", "looked the
  other way" ("stood over him" is no idling: the handler standing over a bite is acting).
It is *beside an act* when the same or the previous fact has another verb with a subject
of its own that is not the bystander ("while Sgt. Abara struck him", "as his partner
punched him", "while he was choking me", "as he was struck"). Verbs: corpora/cues/injury.yaml.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from monell.flags.clauses import OMISSION_VERBS, ClauseDraft
from monell.flags.parties import NEGATING_DETERMINERS, NO_ONE, Parties, named_actor
from monell.records.flags import Actor, FactRole
from monell.resources import load_cues

if TYPE_CHECKING:
    from spacy.tokens import Token

_CUES = load_cues("injury")
INTERVENE_VERBS = frozenset(w.lower() for w in _CUES["intervene_verbs"])
IDLE_VERBS = frozenset(w.lower() for w in _CUES["idle_verbs"])
IDLE_PARTICLES = frozenset(w.lower() for w in _CUES["idle_particles"])
ALWAYS_IDLE = frozenset({"watch", "observe", "witness"})  # idle without a particle
PARTICLE_DEPS = frozenset({"prt", "advmod", "npadvmod", "dobj", "acomp", "xcomp", "prep"})
BYSTANDING = frozenset({Actor.OFFICER, Actor.NOBODY, Actor.UNKNOWN})


@dataclass(frozen=True)
class Bystander:
    clause: ClauseDraft
    beside_act: bool  # another officer's act in the same or the previous fact
    why: str


def find_bystander(
    clauses: Sequence[ClauseDraft], window: Sequence[ClauseDraft], parties: Parties
) -> Bystander | None:
    """The first bystander clause among a fact's ``clauses`` (their roles decided), judged
    against the acts in ``window`` (the previous fact's clauses and these)."""
    for clause in clauses:
        if clause.role is not FactRole.CONDUCT or clause.actor not in BYSTANDING:
            continue
        how = stands_by(clause)
        if how is None:
            continue
        act = _other_act(clause, window, parties)
        why = f"'{clause.text}' ({how})"
        if act is not None:
            why += f" beside '{act}'"
        return Bystander(clause, act is not None, why)
    return None


def stands_by(clause: ClauseDraft) -> str | None:
    """How the clause idles or fails to intervene, whoever its actor ("watched", "did not
    step in"), or None."""
    return _idles(clause) or _does_not_intervene(clause)


def _does_not_intervene(clause: ClauseDraft) -> str | None:
    """A verb of intervening that is negated, or governed by a negated verb or a verb of
    failing, within the clause ("did not order him to stop", "made no effort to restrain",
    "neither intervened nor called")."""
    mine = set(clause.tokens)
    for i in clause.tokens:
        token = clause.doc[i]
        if token.pos_ != "VERB" or token.lemma_.lower() not in INTERVENE_VERBS:
            continue
        node = token
        while node.i in mine:
            if _negated(node) or node.lemma_.lower() in OMISSION_VERBS:
                return f"did not {token.lemma_.lower()}"
            if node.i == clause.head or node.head is node:
                break
            node = node.head
        if clause.negated and node.i == clause.head:
            return f"did not {token.lemma_.lower()}"
    return None


def _idles(clause: ClauseDraft) -> str | None:
    for i in clause.tokens:
        token = clause.doc[i]
        lemma = token.lemma_.lower()
        if token.pos_ != "VERB" or lemma not in IDLE_VERBS:
            continue
        if lemma in ALWAYS_IDLE or (lemma == "look" and _particle(token) == "on"):
            return f"{lemma}ed" if not lemma.endswith("e") else f"{lemma}d"
        if lemma == "see" and any(c.dep_ in {"ccomp", "xcomp"} for c in token.children):
            return "saw it happen"  # "saw Officer Kim pepper-spray the kneeling man"
        particle = _particle(token)
        if particle is not None:
            return f"{token.text} {particle}"
    return None


def _particle(verb: Token) -> str | None:
    """The word that makes a verb of standing idle: "stood by", "looked the other way",
    "stood there watching"; a preposition with an object ("stood over him") does not."""
    for child in verb.children:
        word = child.lower_
        if child.dep_ not in PARTICLE_DEPS or word not in IDLE_PARTICLES:
            if child.dep_ in {"xcomp", "advcl"} and child.lemma_.lower() in ALWAYS_IDLE:
                return child.text
            if child.dep_ in {"dobj", "npadvmod"} and any(
                c.lower_ in IDLE_PARTICLES for c in child.subtree
            ):
                return " ".join(c.text for c in child.subtree)
            continue
        if child.dep_ == "prep" and any(c.dep_ == "pobj" for c in child.children):
            continue
        return word
    return None


def _other_act(
    bystander: ClauseDraft, window: Sequence[ClauseDraft], parties: Parties
) -> str | None:
    """Another verb nearby with a subject of its own that is not the bystander."""
    mine = _subject_word(bystander)
    for clause in window:
        for i in clause.tokens if clause is not bystander else bystander.tokens:
            token = clause.doc[i]
            if (
                token.pos_ not in {"VERB", "AUX"}
                or token.i == bystander.head
                and clause is bystander
            ):
                continue
            subject = next((c for c in token.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
            if subject is None or _phrase(subject) == mine or _negated(token):
                continue
            # an officer's act ("as his partner punched him", "while he was choking me") or
            # one done to the plaintiff ("as he was struck"); not a dog's, a medic's, a thing's
            kind = named_actor(subject, parties)
            if kind not in {Actor.OFFICER, Actor.UNKNOWN} and not (
                subject.dep_ == "nsubjpass" and kind is Actor.PLAINTIFF
            ):
                continue
            if token.lemma_.lower() in IDLE_VERBS | INTERVENE_VERBS:
                continue
            if clause is not bystander and clause.role is not FactRole.CONDUCT:
                continue
            return " ".join(t.text for t in token.subtree)[:80]
    return None


def _subject_word(clause: ClauseDraft) -> str:
    return _phrase(clause.doc[clause.subject]) if clause.subject is not None else ""


def _phrase(subject: Token) -> str:
    """ "a second deputy" and "the first deputy" are two officers."""
    return " ".join(t.lower_ for t in subject.subtree if t.dep_ != "det")


def _negated(verb: Token) -> bool:
    """ "did not stop", "never stepped in", "neither intervened", "did nothing to stop it",
    "made no attempt to pull", "none of them lifted a finger"."""
    for child in verb.children:
        if child.dep_ == "neg" or child.lower_ in {"neither", "nor"}:
            return True
        if child.dep_ in {"dobj", "nsubj"} and (
            child.lower_ in NO_ONE | {"nothing"}
            or any(c.lower_ in NEGATING_DETERMINERS for c in child.children if c.dep_ == "det")
        ):
            return True
    return False
