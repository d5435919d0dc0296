"""What an officer's conduct clause shows of a topic by itself, read from the parse.

The allegation model reads a clause as a whole; some conduct is plain from its parts,
whatever words surround them (issue 19: "arm around his neck" is a neck restraint where
nobody says "choke"):
- the tool: "his electroshock weapon", "the stun gun", "the dog", "his service pistol";
- a target: the officer's body or a verb of pressing governing a body part of the person
  ("knee on his back", "arm around his neck", "forearm across her throat", "held him by
  the neck"): a preposition's object or a verb's, up to a few links away;
- a position, beside a restraint: "kept him lying on his stomach", "face down", "prone";
- the omitted act of an omission ("nobody called an ambulance", "neither officer started
  chest compressions", "never tried to talk to him", "without waiting for cover").
The word classes are data (``conduct_signs`` in corpora/cues/injury.yaml).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from monell.flags.clauses import OMISSION_VERBS, ClauseDraft, negated_verb
from monell.records.flags import FactRole
from monell.resources import load_cues

if TYPE_CHECKING:
    from spacy.tokens import Token

_CUES = load_cues("injury")
CONTACT = frozenset(w.lower() for w in _CUES["contact_words"])
RESTRAINING = CONTACT | {"keep", "leave", "maintain", "restrain", "handcuff", "cuff", "hold"}
ON_ONLY = frozenset({"stomach", "belly"})  # positions only "on his stomach", not "shot in the"
MAX_LINKS = 4  # from a body part up to the word that presses on it


def _phrases(words: Iterable[str]) -> frozenset[tuple[str, ...]]:
    """Each phrase as words; a hyphenated one also as the parser splits it ("face - down")."""
    found = set()
    for word in words:
        found.add(tuple(word.lower().split()))
        found.add(tuple(word.lower().replace("-", " - ").split()))
    return frozenset(found)


SIGNS = {
    topic: {kind: _phrases(words) for kind, words in kinds.items()}
    for topic, kinds in _CUES["conduct_signs"].items()
}
WEAPON_TOPICS = frozenset(t for t, kinds in SIGNS.items() if "tools" in kinds)
BODY_TOPICS = frozenset(t for t, kinds in SIGNS.items() if {"targets", "positions"} & set(kinds))


@dataclass(frozen=True)
class Sign:
    """A part of a conduct clause that shows a topic."""

    topic: str
    kind: str  # tools | targets | positions | omitted
    words: str


def read_signs(clause: ClauseDraft) -> list[Sign]:
    """The topic signs in one conduct clause."""
    tokens = [clause.doc[i] for i in clause.tokens]
    found: list[Sign] = []
    for topic, kinds in SIGNS.items():
        for kind, phrases in kinds.items():
            match = _find(kind, phrases, tokens, clause)
            if match:
                found.append(Sign(topic, kind, match))
    # the longer name wins: "the stun gun" is no gun
    return [
        s
        for s in found
        if not any(o.words != s.words and o.words.endswith(f" {s.words}") for o in found)
    ]


def weapons_shown(signs: Sequence[Sign]) -> frozenset[str]:
    return frozenset(s.topic for s in signs if s.kind == "tools")


def holds_shown(signs: Sequence[Sign]) -> frozenset[str]:
    """The body topics the parse shows: where the officer's weight or arm was."""
    return frozenset(s.topic for s in signs if s.kind in {"targets", "positions"})


def _find(
    kind: str, phrases: frozenset[tuple[str, ...]], tokens: Sequence[Token], clause: ClauseDraft
) -> str | None:
    if kind == "omitted":
        return _omitted(phrases, tokens, clause)
    if kind == "needs":
        return None  # read over the whole fact (read_needs)
    for i, token in enumerate(tokens):
        for phrase in phrases:
            if not _matches(phrase, tokens, i):
                continue
            if kind == "targets" and not _pressed(token):
                continue
            if kind == "positions" and not _positioned(token, tokens):
                continue
            return " ".join(t.text for t in tokens[i - len(phrase) + 1 : i + 1])
    return None


def _matches(phrase: tuple[str, ...], tokens: Sequence[Token], i: int) -> bool:
    """The phrase ends at token i, each word matching a token's lemma or lower-case form."""
    start = i - len(phrase) + 1
    if start < 0:
        return False
    return all(
        word in {tokens[start + k].lemma_.lower(), tokens[start + k].lower_}
        for k, word in enumerate(phrase)
    )


def _pressed(target: Token) -> bool:
    """Something of the officer's presses on the body part: "knee on his back", "arm
    around his neck", "squeezed his throat", "held him by the neck"."""
    node = target
    for _ in range(MAX_LINKS):
        if node.head is node:
            return False
        node = node.head
        if node.lemma_.lower() in CONTACT or node.lower_ in CONTACT:
            return True
        if node.pos_ in {"VERB", "AUX"}:
            return False
    return False


def _positioned(token: Token, tokens: Sequence[Token]) -> bool:
    """A position counts beside a restraint, and "stomach" only as "on his stomach"."""
    if token.lemma_.lower() in ON_ONLY and not (
        token.dep_ == "pobj" and token.head.lower_ in {"on", "onto"}
    ):
        return False
    return any(t.lemma_.lower() in RESTRAINING for t in tokens)


def _omitted(
    phrases: frozenset[tuple[str, ...]], tokens: Sequence[Token], clause: ClauseDraft
) -> str | None:
    """The act an omission left undone: words under a negated verb ("nobody called an
    ambulance", "did not call for help"), a verb of failing ("waited forty minutes to call
    an ambulance": the call, not the wait) or "without" ("without waiting for cover")."""
    mine = {t.i for t in tokens}
    for scope in tokens:
        negated = scope.lower_ == "without" or (
            scope.pos_ in {"VERB", "AUX"}
            and (negated_verb(scope) or (scope.i == clause.head and clause.negated))
        )
        if not negated:
            continue
        failing = scope.lemma_.lower() in OMISSION_VERBS and not any(
            c.dep_ == "neg" for c in scope.children
        )
        # a verb joined to the negated one is not negated with it: in "could not breathe,
        # lost consciousness and was treated for compression injuries" nothing is omitted
        joined = {
            t.i
            for c in scope.children
            if c.dep_ == "conj" and c.pos_ in {"VERB", "AUX"}
            for t in c.subtree
        }
        under = [
            t
            for t in scope.subtree
            if t.i in mine and t.i not in joined and not (failing and t.i == scope.i)
        ]
        found = find_phrase(phrases, under)
        if found:
            return found
    return None


SITUATIONS = {
    topic: (_phrases(kinds["words"]), _phrases(kinds.get("with", ())))
    for topic, kinds in _CUES["situation_signs"].items()
}


def read_situations(clause: ClauseDraft, fact: Sequence[ClauseDraft]) -> list[Sign]:
    """The person's condition as a clause states it ("in the midst of a psychotic episode",
    "had taken methamphetamine"), per situation topic; a topic with `with` words counts only
    when the fact names one of them."""
    tokens = [clause.doc[i] for i in clause.tokens]
    whole = [d.doc[i] for d in fact for i in d.tokens]
    found = []
    for topic, (words, context) in SITUATIONS.items():
        match = find_phrase(words, tokens)
        if match and (not context or find_phrase(context, whole)):
            found.append(Sign(topic, "condition", match))
    return found


def find_phrase(phrases: frozenset[tuple[str, ...]], tokens: Sequence[Token]) -> str | None:
    """The first phrase found in the tokens (lemmas or lower-case forms), as written."""
    for i in range(len(tokens)):
        for phrase in phrases:
            if _matches(phrase, tokens, i):
                return " ".join(t.text for t in tokens[i - len(phrase) + 1 : i + 1])
    return None


NEEDS = {topic: kinds["needs"] for topic, kinds in SIGNS.items() if "needs" in kinds}


def read_needs(fact: Sequence[ClauseDraft]) -> list[Sign]:
    """A need of care the fact states beside an officer's omission ("she was throwing up
    in the cell and the guards ignored her"): an omission of that care."""
    if not any(d.role is FactRole.CONDUCT and d.negated for d in fact):
        return []
    tokens = [d.doc[i] for d in fact if d.role is not FactRole.OUTCOME for i in d.tokens]
    found = []
    for topic, phrases in NEEDS.items():
        match = find_phrase(phrases, tokens)
        if match:
            found.append(Sign(topic, "needs", match))
    return found
