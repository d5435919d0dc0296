"""Medical care withheld: when a story names a failure of care, and when it does not.

Issue 19 found medical aid read into most force stories: force, then distress, collapse or
treatment, scored as a failure of care by the allegation model. Care is at issue only where
the story says it was kept from the person:
- an omission the parse reads ("nobody called the nurse": conduct.py, kind ``omitted``) or a
  need of care beside an omission ("throwing up … the guards ignored her": ``needs``);
- a verb that keeps care from a person without any "not" ("denied his inhaler", "laughed at
  her pleas for a doctor", "delayed sending him to the hospital"), or "instead of" care,
  beside a word of care or of a need of care in the fact or the one before;
- a verb of leaving ("left him on the floor", "let her sit") only beside a need of care
  (a seizure, vomiting, a broken arm): "left him at the hospital" withholds nothing.
The word lists are data: ``withholding_verbs`` and ``leaving_verbs`` in
corpora/cues/injury.yaml, the care and need words under ``conduct_signs``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from monell.flags.clauses import ClauseDraft
from monell.flags.conduct import SIGNS, Sign, find_phrase
from monell.records.flags import Actor, FactRole
from monell.resources import load_cues

if TYPE_CHECKING:
    from spacy.tokens import Token

_CUES = load_cues("injury")
MEDICAL_AID = "medical_aid_detainees"
CARE = SIGNS[MEDICAL_AID]["omitted"]  # "an ambulance", "the nurse", "CPR", "medication"
NEED = SIGNS[MEDICAL_AID]["needs"]  # "vomiting", "a seizure", "chest pain", "broken"
WITHHOLDING = frozenset(w.lower() for w in _CUES["withholding_verbs"])
LEAVING = frozenset(w.lower() for w in _CUES["leaving_verbs"])
BODY_NOUNS = frozenset(w.lower() for w in _CUES["body_nouns"])


def read_withheld(fact: Sequence[ClauseDraft], before: Sequence[ClauseDraft]) -> list[Sign]:
    """A failure of care told without a negation in the fact's conduct (care or need words
    may sit in the fact ``before`` it): a medical-aid sign of kind ``withheld``, or nothing."""
    tokens = [d.doc[i] for d in (*before, *fact) for i in d.tokens]
    care = find_phrase(CARE, tokens)
    need = find_phrase(NEED, [t for t in tokens if _of_a_person(t)])
    for draft in (d for d in fact if _officers_act(d)):
        for i in draft.tokens:
            token = draft.doc[i]
            lemma = token.lemma_.lower()
            if lemma in WITHHOLDING and (care or need):
                return [Sign(MEDICAL_AID, "withheld", f"{token.text} … {care or need}")]
            if lemma in LEAVING and need:
                return [Sign(MEDICAL_AID, "withheld", f"{token.text} … {need}")]
            if lemma == "instead" and care:
                return [Sign(MEDICAL_AID, "withheld", f"instead of … {care}")]
    return []


def _of_a_person(token: Token) -> bool:
    """A state word said of a person or a body, not of a thing: "her arm was broken",
    "broken ribs", "left him unresponsive", never "a broken headlight"."""
    head = token.head
    if token.dep_ == "amod" and head.pos_ in {"NOUN", "PROPN"}:
        return head.lemma_.lower() in BODY_NOUNS
    return True


def _officers_act(draft: ClauseDraft) -> bool:
    """A conduct clause, or an officer's act the roles read as routine ("the request was
    denied by the booking officer"): withholding care is conduct whatever it resembles."""
    return draft.role is FactRole.CONDUCT or (
        draft.role is FactRole.BACKGROUND and draft.actor in {Actor.OFFICER, Actor.NOBODY}
    )


def care_withheld(fact: Sequence[ClauseDraft], before: Sequence[ClauseDraft]) -> bool:
    """Whether the story says care was not given or given late: a negated or failing conduct
    clause of the fact beside a word of care or of a need of care (in the fact or the one
    ``before`` it). With the signs (``read_withheld``, conduct.py's omissions and needs), the
    allegation model's medical-aid score counts only then."""
    if not any(d.role is FactRole.CONDUCT and d.negated for d in fact):
        return False
    tokens = [d.doc[i] for d in (*before, *fact) for i in d.tokens]
    return find_phrase(CARE | NEED, tokens) is not None
