"""A fact's clauses from the dependency parse: each with its subject, voice and negation.

A sentence of a narrative often carries more than one kind of fact: "The dog knocked him
flat, and he needed surgery", "Paramedics restarted his heart, but his temperature was 106".
Coordinated clauses are cut apart; a subordinate clause stays with its head ("knelt on his
back while he lay face down": the position is part of the act) unless an officer acts in it
("He died after Officer Roe choked him"). A reporting frame ("Plaintiff testified that …",
"The officer agreed that …") is background: the clause it reports is the fact, and a bare
"he" in it is the reporter. Omissions are read from the parse: a negated verb ("did not
call"), a negated subject ("Nobody rinsed", "No ambulance was called"), a negated object
("gave no command", "did nothing") or a verb of failing ("failed to", "refused to").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from monell.flags.parties import (
    NEGATING_DETERMINERS,
    NO_ONE,
    PRONOUN_OF,
    Parties,
    named_actor,
)
from monell.records.flags import Actor, FactRole
from monell.resources import load_cues

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_CUES = load_cues("injury")
REPORT_VERBS = frozenset(w.lower() for w in _CUES["report_verbs"])
OMISSION_VERBS = frozenset(w.lower() for w in _CUES["omission_verbs"])
NOTICE_VERBS = frozenset(w.lower() for w in _CUES["notice_verbs"])
CLAUSE_DEPS = frozenset({"ROOT", "conj", "parataxis"})  # clauses of their own
SUBORDINATE_DEPS = frozenset({"advcl", "ccomp", "relcl", "acl", "xcomp", "csubj"})
ACTING = frozenset({Actor.OFFICER, Actor.NOBODY, Actor.TOOL})
NEGATED_OBJECTS = frozenset({"nothing", "none", "nobody"})
PLURAL = frozenset({"they", "them"})
SEMICOLON = re.compile(r"\s*;\s+")


@dataclass
class ClauseDraft:
    """One clause of a parsed fact, before its role is decided."""

    doc: Doc
    head: int  # token index of the clause's verb (or root)
    tokens: list[int] = field(default_factory=list)
    subject: int | None = None
    passive: bool = False
    negated: bool = False  # negated act, subject or object, or a verb of failing
    reporter: int | None = None  # a reporting frame's subject ("Plaintiff testified that …")
    offset: int = 0  # where the parsed piece starts in its fact (a fact is parsed per "; ")
    actor: Actor = Actor.THING
    why: str = ""
    role: FactRole | None = None  # set by the role reader

    @property
    def start(self) -> int:
        return self.offset + int(self.doc[self.tokens[0]].idx)

    @property
    def end(self) -> int:
        last = self.doc[self.tokens[-1]]
        return self.offset + int(last.idx + len(last.text))

    @property
    def text(self) -> str:
        """The clause's own words (a split-off clause's words left out)."""
        parts = [self.doc[i].text_with_ws for i in self.tokens]
        return "".join(parts).strip().rstrip(",;:").strip()

    def subject_text(self) -> str:
        if self.subject is None:
            return ""
        return self.doc[self.subject].text.lower()


def split_pieces(text: str) -> list[tuple[int, str]]:
    """A fact's pieces between semicolons, with their offsets: each is parsed on its own,
    since the small parser often hangs the clause after a semicolon on the one before."""
    pieces, start = [], 0
    for match in SEMICOLON.finditer(text):
        pieces.append((start, text[start : match.start()]))
        start = match.end()
    pieces.append((start, text[start:]))
    return [(offset, piece) for offset, piece in pieces if piece.strip()]


def split_clauses(doc: Doc, parties: Parties, offset: int = 0) -> list[ClauseDraft]:
    """The clauses of one parsed fact (or piece of one, ``offset`` characters in), in
    reading order (subjects and negation read, actors not yet resolved)."""
    heads = {t.i for t in doc if _starts_clause(t, parties)}
    drafts = {i: ClauseDraft(doc, i, offset=offset) for i in sorted(heads)}
    for token in doc:
        drafts[_owner(token, heads)].tokens.append(token.i)
    for draft in drafts.values():
        _read_clause(draft)
        _trim(draft)
    return [d for d in drafts.values() if d.tokens]


def _starts_clause(token: Token, parties: Parties) -> bool:
    if token.dep_ == "ROOT":
        return True
    verb = token.pos_ in {"VERB", "AUX"}
    if token.dep_ in CLAUSE_DEPS:
        # a verb joined to a subordinate clause stays in it ("knew that they sent … and
        # left"), unless it has a subject of its own ("… and that the officers fired")
        return verb and (
            token.dep_ != "conj"
            or _own_subject(token) is not None
            or _starts_clause(token.head, parties)
        )
    if not verb or token.dep_ not in SUBORDINATE_DEPS | {"pcomp", "pobj"}:
        return False
    if token.dep_ == "ccomp" and token.head.lemma_.lower() in REPORT_VERBS:
        return False  # a reported clause is read with its frame (_read_clause)
    subject = _own_subject(token)
    if subject is None or not _finite(token):
        return False
    if _verbless_root(token):
        return True  # a sentence the parser hung on a preposition or a noun
    if token.head.lemma_.lower() in NOTICE_VERBS:
        return False  # what the agency knew is notice, read by the complaints stage
    # An officer acting inside another actor's clause is a fact of its own ("He died after
    # Officer Roe choked him"); any other subordinate clause is its head's context.
    if named_actor(subject, parties) not in ACTING:
        return False
    parent = _own_subject(token.head) or _inherited_subject(token.head)
    return parent is None or named_actor(parent, parties) not in ACTING


def _finite(verb: Token) -> bool:
    """A verb with a tense of its own ("he struck", "was struck"), not "for them to cover"."""
    if verb.tag_ in {"VBD", "VBZ", "VBP", "MD"}:
        return True
    return any(
        c.dep_ in {"aux", "auxpass"} and c.tag_ in {"VBD", "VBZ", "VBP", "MD"}
        for c in verb.children
    )


def _verbless_root(token: Token) -> bool:
    root = token.sent.root
    return (
        root.pos_ not in {"VERB", "AUX"}
        and not any(c.pos_ in {"VERB", "AUX"} and c.dep_ in CLAUSE_DEPS for c in root.children)
        and not _noun_with_act(root)
    )


def _noun_with_act(root: Token) -> Token | None:
    """ "No deputy pressed on his wounds", parsed as a noun with a participle: the act."""
    if root.pos_ not in {"NOUN", "PROPN", "PRON"}:
        return None
    return next((c for c in root.children if c.dep_ in {"acl", "relcl"} and c.pos_ == "VERB"), None)


def _owner(token: Token, heads: set[int]) -> int:
    node = token
    while node.i not in heads:
        node = node.head
    return int(node.i)


def _own_subject(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass", "expl"}), None)


def _read_clause(draft: ClauseDraft) -> None:
    head = draft.doc[draft.head]
    subject = _own_subject(head) or _inherited_subject(head) or _leftmost_subject(_top(head))
    act = _noun_with_act(head) if head.dep_ == "ROOT" else None
    if act is not None:
        head, subject = act, draft.doc[draft.head]  # the noun is the act's subject
    reported = _reported_clause(head)
    if reported is not None:
        # "The officer agreed that he …": the reported clause is the fact, its bare "he"
        # the reporter; the frame's words stay with it (the parse often hangs the
        # reported clause's parts on the frame's verb).
        draft.reporter = subject.i if subject is not None else None
        head, subject = reported, _own_subject(reported)
        draft.head = head.i
    if subject is not None and subject.lower_ in {"who", "that", "which"}:
        subject = head.head if head.dep_ == "relcl" else subject
    draft.subject = subject.i if subject is not None else None
    draft.passive = any(c.dep_ in {"nsubjpass", "auxpass"} for c in head.children)
    draft.negated = _negated(head, subject)
    agent = next((c for c in head.children if c.dep_ == "agent"), None)
    pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
    if pobj is not None:
        draft.subject, draft.passive = pobj.i, False  # "was struck by Officer Roe"


def _reported_clause(head: Token) -> Token | None:
    if head.lemma_.lower() not in REPORT_VERBS:
        return None
    return next((c for c in head.children if c.dep_ == "ccomp" and c.pos_ in {"VERB", "AUX"}), None)


def _top(head: Token) -> Token:
    """The first verb of a chain of coordinated verbs ("dragged … , put … and kept")."""
    while head.dep_ == "conj" and head.head is not head:
        head = head.head
    return head


def _leftmost_subject(head: Token) -> Token | None:
    """A main clause the parser left without a subject takes the noun right before its verb,
    else the sentence's first subject (English puts the subject first; the small parser
    sometimes hangs it on a clause of its own)."""
    if head.dep_ not in {"ROOT", "conj"}:
        return None
    before = head.i - 1
    while before >= head.sent.start and head.doc[before].pos_ in {"ADV", "AUX", "PART"}:
        before -= 1  # "the officer then dragged", "he never tried"
    if before >= head.sent.start and head.doc[before].pos_ in {"NOUN", "PROPN", "PRON"}:
        return head.doc[before]  # "… why he was stopped the officer dragged him"
    return next((t for t in head.sent if t.i < head.i and t.dep_ in {"nsubj", "nsubjpass"}), None)


def _inherited_subject(head: Token) -> Token | None:
    node = head
    while node.dep_ in {"conj", "xcomp", "advcl", "acl", "ccomp"} and node.head is not node:
        node = node.head
        subject = _own_subject(node)
        if subject is not None:
            return subject
    return None


def negated_verb(verb: Token) -> bool:
    """A verb negated by itself, its subject or its object, or a verb of failing."""
    return _negated(verb, _own_subject(verb))


def _negated(head: Token, subject: Token | None) -> bool:
    if head.lemma_.lower() in OMISSION_VERBS:
        return True
    for child in head.children:
        if child.dep_ == "neg" or child.lower_ in {"neither", "nor"}:
            return True
        if child.dep_ in {"dobj", "attr", "npadvmod"} and (
            child.lower_ in NEGATED_OBJECTS
            or any(c.dep_ == "det" and c.lower_ in NEGATING_DETERMINERS for c in child.children)
        ):
            return True
        if child.dep_ == "xcomp" and any(c.dep_ == "neg" for c in child.children):
            return True
    if subject is None:
        return False
    return subject.lower_ in NO_ONE or any(
        c.dep_ in {"det", "preconj"} and c.lower_ in NEGATING_DETERMINERS for c in subject.children
    )


def _trim(draft: ClauseDraft) -> None:
    doc = draft.doc
    while draft.tokens and (
        doc[draft.tokens[0]].dep_ in {"cc", "punct"} or doc[draft.tokens[0]].is_space
    ):
        draft.tokens.pop(0)
    while draft.tokens and (doc[draft.tokens[-1]].is_punct or doc[draft.tokens[-1]].is_space):
        draft.tokens.pop()


def resolve_actors(facts: list[list[ClauseDraft]], parties: Parties) -> Iterator[ClauseDraft]:
    """Every clause of the story with its actor, in reading order. A "he" or "she" that is
    not the plaintiff's pronoun is someone else (an officer, most often: the role reader
    then allows only conduct or background); one that is continues a clause about the
    plaintiff, or is someone else when the plaintiff is its object ("he never spoke to Mr.
    Doe"); "they" are officers unless the last fact named medics or others."""
    last = Actor.THING
    plural = Actor.OFFICER
    for clauses in facts:
        for draft in clauses:
            draft.actor, draft.why = _actor(draft, parties, last, plural)
            yield draft
            if draft.actor is not Actor.UNKNOWN:
                last = draft.actor
            group = draft.subject is not None and draft.doc[draft.subject].tag_ in {"NNS", "NNPS"}
            if group and draft.actor in {Actor.MEDICAL, Actor.OTHER, Actor.OFFICER}:
                plural = draft.actor
        if not any(d.actor in {Actor.MEDICAL, Actor.OTHER} for d in clauses):
            plural = Actor.OFFICER


def _actor(draft: ClauseDraft, parties: Parties, last: Actor, plural: Actor) -> tuple[Actor, str]:
    if draft.subject is None:
        return Actor.THING, "no subject"
    subject = draft.doc[draft.subject]
    word = subject.lower_
    if word in PLURAL:
        return plural, f"'{subject.text}' = the last group named"
    if word not in PRONOUN_OF:
        actor = named_actor(subject, parties)
        return actor, f"subject '{_phrase(subject)}'"
    if draft.reporter is not None and draft.doc[draft.reporter].lower_ not in PRONOUN_OF:
        # "The officer agreed that he …", "Plaintiff testified that he …"; a sister's or a
        # doctor's "he" is someone else, resolved as any other
        reporter = named_actor(draft.doc[draft.reporter], parties)
        if reporter in {Actor.OFFICER, Actor.PLAINTIFF}:
            return reporter, f"'{subject.text}' = the one reporting"
    pronoun = PRONOUN_OF[word]
    if parties.pronoun in {"he", "she"} and pronoun != parties.pronoun:
        return Actor.OFFICER, f"'{subject.text}' is not the plaintiff ('{parties.pronoun}')"
    if _plaintiff_is_object(draft, parties):
        return Actor.OFFICER, f"'{subject.text}' acts on the plaintiff"
    if parties.pronoun == pronoun and not parties.lone_officer:
        return Actor.PLAINTIFF, f"'{subject.text}' is the plaintiff (no one officer is named)"
    if last is Actor.PLAINTIFF:
        return Actor.PLAINTIFF, f"'{subject.text}' continues a clause about the plaintiff"
    if draft.passive:
        return Actor.PLAINTIFF, f"'{subject.text}' is acted on"
    return Actor.UNKNOWN, f"'{subject.text}' could be either"


def _plaintiff_is_object(draft: ClauseDraft, parties: Parties) -> bool:
    """The plaintiff is named as an object in the same fact: a bare "he" beside "Mr. Doe"
    is someone else (a story says "he … him", not "he … Mr. Doe", of one man)."""
    for token in draft.doc:
        named = token.dep_ in {"dobj", "pobj", "dative"} and token.pos_ in {"PROPN", "NOUN"}
        if named and named_actor(token, parties) is Actor.PLAINTIFF:
            return True
    return False


def _phrase(token: Token) -> str:
    words = [t for t in token.subtree if t.i <= token.i]
    return " ".join(t.text for t in words[-4:])


def mentions_officer(draft: ClauseDraft, parties: Parties) -> bool:
    """An officer named in the clause other than as its subject ("the detainee was
    face-down with three officers on top of him", "described the officer's knee on …")."""
    return any(
        draft.doc[i].pos_ in {"NOUN", "PROPN"}
        and i != draft.subject
        and named_actor(draft.doc[i], parties) is Actor.OFFICER
        for i in draft.tokens
    )
