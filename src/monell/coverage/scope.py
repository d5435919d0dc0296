"""Exclusions: where training material says outright that it does not teach a topic.

Read from the dependency parse, not from a phrase list: a topic phrase inside what a negated
teaching verb governs ("this lesson does not address foot pursuits or the use of a patrol
canine"; "positional asphyxia is not taught in this block"), inside the complement of a negated
"is ... training" ("it is not K-9 Unit training"), or under "no" before a word for instruction
("no instruction on neck holds"), or inside what an agency says it does not have ("the
Department has no canine unit", "the city does not operate a jail"). A rule that forbids
something ("officers shall not use a chokehold") negates a verb that does not teach, so it
stays coverage of the topic. A topic handed to another unit or course ("K-9 deployment is a
K-9 Unit responsibility") is excluded too, by the phrases in corpora/cues/courses.yaml.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from monell.resources import load_cues

_CUES = load_cues("courses")
TEACH_VERBS = frozenset(_CUES["teach_verbs"])
TRAINING_NOUNS = frozenset(_CUES["training_nouns"])
HOLDING_VERBS = frozenset(_CUES["holding_verbs"])
UNIT_NOUNS = frozenset(_CUES["unit_nouns"])
RULE_MODALS = frozenset({"shall", "must", "may", "should", "will", "can", "ca", "wo", "might"})
DELEGATION = re.compile("|".join(_CUES["delegation"]), re.I)
# A sentence whose subject is a bare pronoun ("They are not taught", "This is handled by").
ANAPHOR = re.compile(
    r"^\W*(they|these|this|it|those|such|that|neither|none of (them|these))\s+"
    r"(is|are|was|were|has|have|had|will|do|does|did|belong|belongs|falls?|remains?)\b",
    re.I,
)
NEGATION_HINT = re.compile(r"\b(not|never|no)\b|n't\b", re.I)
SENTENCE_END = re.compile(r"(?<=[.;!?])\s+(?=[A-Z(\[\"'])|\n{2,}")
MAX_SENTENCE_CHARS = 600  # a longer "sentence" is a table or a list run together

Parse = Callable[[str], Any]


def find_exclusions(
    text: str, topics: Mapping[str, Sequence[str]], parse: Parse | None
) -> dict[str, str]:
    """Topic → the sentence of ``text`` that says it is not taught, for the topics whose
    phrases (as matched in ``text``) appear in such a sentence."""
    found: dict[str, str] = {}
    before: dict[str, list[str]] = {}  # the topics of the sentence just before
    previous = ""
    for sentence in _sentences(text):
        lower = sentence.lower()
        named = {t: [p for p in phrases if p and p in lower] for t, phrases in topics.items()}
        named = {t: p for t, p in named.items() if p}
        present = {t: p for t, p in named.items() if t not in found}
        if not named and before and _excludes_what_came_before(sentence, parse):
            # "Chain of custody is the lab's job. It is not taught here."
            quote = f"{previous} {sentence}"
            found.update({t: quote for t in before if t not in found})
        before, previous = named, sentence
        if not present:
            continue
        if DELEGATION.search(sentence):
            found.update(dict.fromkeys(present, sentence))
            continue
        if parse is None or not NEGATION_HINT.search(sentence):
            continue
        scopes = list(negated_scopes(parse(sentence)))
        for topic, phrases in present.items():
            if any(_inside(lower, phrase, scopes) for phrase in phrases):
                found[topic] = sentence
    return found


def _excludes_what_came_before(sentence: str, parse: Parse | None) -> bool:
    """A sentence whose subject is a bare pronoun ("They are not taught in this course", "It
    is not part of this block", "None of these are covered", "This is handled by the lab")
    and that says it is not taught: it speaks of the sentence before."""
    match = ANAPHOR.match(sentence)
    if not match:
        return False
    if DELEGATION.search(sentence):
        return True
    if parse is None:
        return False
    doc = parse(sentence)
    if match.group(1).lower().startswith(("none", "neither")):
        return any(t.lemma_.lower() in TEACH_VERBS for t in doc)
    return bool(NEGATION_HINT.search(sentence)) and any(True for _ in negated_scopes(doc))


def negated_scopes(doc: Any) -> Iterator[tuple[int, int]]:
    """Character spans a negation of teaching governs in one parsed sentence."""
    for token in doc:
        if token.dep_ == "neg" or (token.lower_ == "never" and token.dep_ == "advmod"):
            yield from _verb_scope(token.head)
        elif token.lower_ == "no" and token.dep_ == "det" and _rules_out(token.head):
            yield _span(token.head.subtree)


def _rules_out(noun: Any) -> bool:
    """'no instruction', 'no canine unit', 'operates no jail'."""
    lemma = noun.lemma_.lower()
    if lemma in TRAINING_NOUNS:
        return True
    return lemma in UNIT_NOUNS or noun.head.lemma_.lower() in HOLDING_VERBS


def _verb_scope(head: Any) -> Iterator[tuple[int, int]]:
    if head.lemma_.lower() in TEACH_VERBS:
        passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in head.children)
        for child in head.children:
            if passive or child.dep_ not in ("nsubj", "neg", "aux"):
                yield _span(child.subtree)
        return
    if head.lemma_.lower() in HOLDING_VERBS:
        if any(c.dep_ == "aux" and c.lower_ in RULE_MODALS for c in head.children):
            return  # "officers shall not carry a Taser off duty": a rule, not an absence
        for child in head.children:
            if child.dep_ in ("dobj", "attr", "oprd"):
                yield _span(child.subtree)
        return
    if head.lemma_ == "be":
        for child in head.children:
            if child.dep_ in ("attr", "acomp") and any(
                t.lemma_.lower() in TRAINING_NOUNS for t in child.subtree
            ):
                yield _span(child.subtree)


def _span(tokens: Any) -> tuple[int, int]:
    tokens = list(tokens)
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def _inside(lower: str, phrase: str, scopes: Sequence[tuple[int, int]]) -> bool:
    start = lower.find(phrase)
    while start >= 0:
        if any(s <= start and start + len(phrase) <= e for s, e in scopes):
            return True
        start = lower.find(phrase, start + 1)
    return False


def _sentences(text: str) -> Iterator[str]:
    flat = re.sub(r"[ \t]*\n[ \t]*", "\n", text)
    for block in SENTENCE_END.split(flat):
        sentence = " ".join(block.split())
        if sentence and len(sentence) <= MAX_SENTENCE_CHARS:
            yield sentence
