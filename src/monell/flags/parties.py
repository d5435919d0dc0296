"""Who a narrative names: the officers, the plaintiff, and whose act a clause's subject is.

A pleading names its officers with a rank or "Defendant" ("Dep. Corwin Lasko", "Defendants
Kell and Sato") and its plaintiff with "Plaintiff", "Decedent" or an honorific ("Mr. Doe");
an intake summary says "our client", a police report "the subject", a relative "my son".
Once a name is known, its bare surname or first name later in the story is the same person.
The plaintiff's pronoun is read from the story itself (an honorific, the object of an
officer's act, the pronoun that continues a sentence about the plaintiff), so that in a
story about a woman every "he" is someone else. Vocabularies: corpora/cues/injury.yaml.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from monell.records.flags import Actor
from monell.resources import load_cues

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_CUES = load_cues("injury")


def _words(key: str) -> frozenset[str]:
    return frozenset(w.lower() for w in _CUES[key])


OFFICER_TITLES = _words("officer_titles")
OFFICER_NOUNS = _words("officer_nouns")
PLAINTIFF_TITLES = _words("plaintiff_titles")
PLAINTIFF_NOUNS = _words("plaintiff_nouns")
KIN_NOUNS = _words("kin_nouns")
MEDICAL_NOUNS = _words("medical_nouns")
OTHER_NOUNS = _words("other_nouns")
TOOL_NOUNS = _words("tool_nouns")
BODY_NOUNS = _words("body_nouns")
COMMON_NOUNS = (
    OFFICER_NOUNS | PLAINTIFF_NOUNS | MEDICAL_NOUNS | OTHER_NOUNS | TOOL_NOUNS | BODY_NOUNS
)
POLICE_VOICE = tuple(w.lower() for w in _CUES["police_voice"])
HONORIFIC_PRONOUN = {"mr": "he", "ms": "she", "mrs": "she", "miss": "she"}
FIRST_PERSON = frozenset({"i", "me", "my", "we", "us", "our", "myself"})
NO_ONE = frozenset({"nobody", "none", "noone", "neither"})
NEGATING_DETERMINERS = frozenset({"no", "neither", "none"})
OBJECT_DEPS = frozenset({"dobj", "pobj", "dative", "nsubjpass"})
PRONOUN_OF = {"he": "he", "him": "he", "she": "she", "her": "she"}


@dataclass(frozen=True)
class Parties:
    """The people a narrative names, as lower-case name words."""

    officers: frozenset[str]
    plaintiff: frozenset[str]
    pronoun: str | None  # the plaintiff's: "he", "she", or None when the story does not show
    police_voice: bool  # a police report's own voice: "I" is the reporting officer
    lone_officer: bool = True  # some one officer is named or mentioned ("the deputy")


def find_parties(docs: Sequence[Doc], people: Iterable[str] = ()) -> Parties:
    """The officers and the plaintiff of a narrative (its facts, parsed), and the plaintiff's
    pronoun. ``people`` are person names an entity recogniser found, in order: the first one
    that is no officer's is the plaintiff when no title or honorific says who is."""
    officers: set[str] = set()
    marked: list[tuple[str, set[str]]] = []  # (title, name words) of plaintiff-titled names
    for doc in docs:
        for head in _name_heads(doc):
            words, title = _name(head)
            if title in OFFICER_TITLES or _titled_by_conjunct(head):
                officers |= words
            elif title in PLAINTIFF_TITLES:
                marked.append((title, words))
    plaintiff: set[str] = set()
    honorific = None
    formal = [words for title, words in marked if title not in HONORIFIC_PRONOUN]
    if formal or marked:
        plaintiff = formal[0] if formal else marked[0][1]
        honorific = next((HONORIFIC_PRONOUN.get(t) for t, w in marked if w & plaintiff), None)
    else:
        for name in people:
            words = {w.lower() for w in name.split() if w[:1].isupper()}
            if words and not words & officers:
                plaintiff = words
                break
    text = " ".join(doc.text.lower() for doc in docs)
    police = any(cue in text for cue in POLICE_VOICE)
    draft = Parties(frozenset(officers), frozenset(plaintiff - officers), None, police)
    pronoun = honorific or _pronoun(docs, draft)
    lone = bool(officers) or any(_lone_officer(t) for doc in docs for t in doc)
    return Parties(draft.officers, draft.plaintiff, pronoun, police, lone)


def _lone_officer(token: Token) -> bool:
    """ "the officer", "a deputy", "his partner": one officer, who may be a "he"."""
    return token.tag_ == "NN" and token.lemma_.lower() in OFFICER_NOUNS - {"police", "staff"}


def _name_heads(doc: Doc) -> Iterable[Token]:
    return (t for t in doc if t.pos_ == "PROPN" and t.dep_ != "compound")


def _name(head: Token) -> tuple[set[str], str | None]:
    """The name words of a proper-noun chain and the title before or inside it."""
    chain = [t for t in head.subtree if t.dep_ == "compound" and t.head == head] + [head]
    start = min(t.i for t in chain)
    before = [head.doc[i] for i in range(max(0, start - 2), start)]
    title = None
    words = set()
    for token in [*before, *chain]:
        word = token.text.lower().rstrip(".")
        if word in OFFICER_TITLES or word in PLAINTIFF_TITLES:
            title = word
        elif token in chain and token.text[:1].isupper():
            words.add(word)
    if title is None and head.dep_ == "appos" and _plaintiff_noun(head.head):
        title = "plaintiff"  # "my husband Terrell", "our client, Maria Lopez"
    return words, title


def _plaintiff_noun(token: Token) -> bool:
    word = token.lemma_.lower()
    owner = next((c.lower_ for c in token.children if c.dep_ == "poss"), None)
    if word in KIN_NOUNS:
        return owner in {"my", "our"}
    return word in PLAINTIFF_NOUNS


def _titled_by_conjunct(head: Token) -> bool:
    """ "Officers Voss and Okafor", "Defendants Kell and Sato": the title before the first
    name covers the names joined to it."""
    first = head
    while first.dep_ in {"conj", "appos"} and first.head.pos_ == "PROPN":
        first = first.head
    return first is not head and _name(first)[1] in OFFICER_TITLES


def _pronoun(docs: Sequence[Doc], parties: Parties) -> str | None:
    """The plaintiff's pronoun: who officers act on ("Deputy Fordham chased him") and who
    continues a sentence about the plaintiff ("Owen had taken … He was drenched")."""
    votes: Counter[str] = Counter()
    previous_plaintiff = False
    for doc in docs:
        first_subject = next((t for t in doc if t.dep_ in {"nsubj", "nsubjpass"}), None)
        if previous_plaintiff and first_subject is not None and first_subject.lower_ in PRONOUN_OF:
            votes[PRONOUN_OF[first_subject.lower_]] += 1
        for token in doc:
            if token.lower_ in {"him", "her"} and token.dep_ in OBJECT_DEPS:
                verb = _governing_verb(token)
                subject = _subject_of(verb) if verb is not None else None
                officers = subject is not None and (
                    subject.lower_ == "they" or named_actor(subject, parties) is Actor.OFFICER
                )
                if officers:
                    votes[PRONOUN_OF[token.lower_]] += 1
            if token.lower_ in FIRST_PERSON and not parties.police_voice:
                votes["i"] += 1
        previous_plaintiff = (
            first_subject is not None and named_actor(first_subject, parties) is Actor.PLAINTIFF
        )
    if not votes:
        return None
    (best, count), *rest = votes.most_common(2) + [("", 0)]
    return best if count > rest[0][1] else None


def _governing_verb(token: Token) -> Token | None:
    node = token.head
    while node.pos_ not in {"VERB", "AUX"} and node.head is not node:
        node = node.head
    return node if node.pos_ in {"VERB", "AUX"} else None


def _subject_of(verb: Token) -> Token | None:
    node: Token | None = verb
    while node is not None:
        for child in node.children:
            if child.dep_ in {"nsubj", "nsubjpass"}:
                return child
        node = node.head if node.dep_ in {"conj", "xcomp", "advcl"} and node.head != node else None
    return None


def named_actor(token: Token, parties: Parties) -> Actor:
    """The actor a subject token names by itself, without resolving pronouns (a "he" or
    "they" is UNKNOWN here; clauses.py resolves them in the story's order)."""
    word = token.lower_
    if word in FIRST_PERSON:
        return Actor.OFFICER if parties.police_voice else Actor.PLAINTIFF
    if word in NO_ONE or _negated_subject(token):
        return Actor.NOBODY if _officer_like(token) or word in NO_ONE else Actor.THING
    if word in {"it", "this", "that", "which", "what"}:
        return Actor.THING
    if token.pos_ == "PRON" or token.lemma_.lower() == "one":
        return Actor.UNKNOWN  # "he", "they", "the other one": resolved in the story's order
    if token.pos_ == "PROPN":
        return _named(token, parties)
    return _noun_actor(token)


def _named(token: Token, parties: Parties) -> Actor:
    words, title = _name(token)
    if words & parties.plaintiff and not words - parties.plaintiff:
        return Actor.PLAINTIFF
    if title in PLAINTIFF_TITLES:
        return Actor.PLAINTIFF if words & parties.plaintiff or not words else Actor.OTHER
    if title in OFFICER_TITLES or words & parties.officers or _titled_by_conjunct(token):
        return Actor.OFFICER
    if token.lower_ in COMMON_NOUNS or token.lemma_.lower() in COMMON_NOUNS:
        return _noun_actor(token)  # "Inmate had told staff …": a noun the tagger capitalised
    return Actor.OTHER


def _noun_actor(token: Token) -> Actor:
    words = {token.lemma_.lower(), token.lower_}
    modifiers = {  # every word before it in its phrase: "emergency room staff"
        w.lemma_.lower() for left in token.lefts for w in left.subtree if left.dep_ != "poss"
    }
    owner = next((c.lower_ for c in token.children if c.dep_ == "poss"), None)
    if modifiers & MEDICAL_NOUNS or words & MEDICAL_NOUNS and not words & OFFICER_NOUNS:
        return Actor.MEDICAL  # "emergency room staff" are medics, "jail staff" officers
    if words & OFFICER_NOUNS or modifiers & {"police", "k-9", "k9"} and words & {"unit"}:
        return Actor.OFFICER
    if (words | modifiers) & OTHER_NOUNS:
        return Actor.OTHER
    if words & KIN_NOUNS:
        return Actor.PLAINTIFF if owner in {"my", "our"} else Actor.OTHER
    if words & PLAINTIFF_NOUNS:
        return Actor.PLAINTIFF
    if words & TOOL_NOUNS:
        return Actor.TOOL
    if words & BODY_NOUNS:
        return Actor.BODY
    return Actor.THING


def _officer_like(token: Token) -> bool:
    """ "No deputy", "Neither officer", "None of the other officers", "no one"."""
    nouns = [token, *(t for t in token.subtree if t.dep_ == "pobj")]
    return any(
        {t.lemma_.lower(), t.lower_} & (OFFICER_NOUNS | {"one", "them", "us"}) for t in nouns
    )


def _negated_subject(token: Token) -> bool:
    return any(
        c.dep_ in {"det", "preconj"} and c.lower_ in NEGATING_DETERMINERS for c in token.children
    )
