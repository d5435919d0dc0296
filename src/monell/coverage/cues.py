"""Context cues: is a topic taught here, only mentioned, excluded, or only planned?

Two kinds of cue, both explainable in a sentence:
- **Scoped cues** (negspacy's NegEx over the topic phrases found in a sentence): "this course
  does not address vehicle pursuits" excludes the pursuit phrase; "excited delirium training
  is planned for FY2022" marks it planned. The trigger lists are ours, not NegEx's clinical
  defaults: in police material a prohibition ("officers shall not use a chokehold") is a
  rule about the topic, i.e. coverage, so plain "not"/"no"/"never" must not negate.
- **Segment cues** (patterns over the whole segment): a table of contents, a reference list,
  an acknowledgment form, an awareness-level item, a bare list of titles, or the marks of
  real instruction (objectives, exercises, scenarios).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

EXCLUDED = "monell_excluded"
PLANNED = "monell_planned"
TERMINATION = [
    "but", "however", "although", "though", "except", "instead", "whereas", "yet",
    "nevertheless", "aside from", "apart from", ";",
]  # fmt: skip
EXCLUSION_TERMS = {
    # A relative clause qualifies something else: "holds ... or other techniques that are
    # not taught" bans the holds, it does not exclude them.
    "pseudo_negations": [
        "not only", "not limited to", "no longer than", "not less than", "that are not taught",
        "which are not taught", "that is not taught", "that have not been trained",
    ],
    "preceding_negations": [
        "does not address", "do not address", "did not address", "does not cover",
        "do not cover", "did not cover", "does not include", "did not include",
        "do not include", "does not teach", "is not taught", "are not taught", "was not taught",
        "were not taught", "no instruction on", "no instruction in", "no training on",
        "no training in", "no block on", "no lesson on", "not covered", "not addressed",
        "excludes", "excluding", "excluded", "omits", "omitted", "outside the scope of",
        "beyond the scope of", "not part of", "not a part of", "will not cover",
        "will not address", "removed from the curriculum", "no longer taught",
        "no longer covered", "not offered", "not included", "not issued", "are not issued",
        "do not carry", "does not carry", "not authorized to carry", "not certified on",
    ],
    "following_negations": [
        "is not covered", "are not covered", "was not covered", "were not covered",
        "is not addressed", "are not addressed", "not addressed", "is not included",
        "are not included", "not included", "is not taught", "are not taught",
        "was not taught", "were not taught", "is excluded", "are excluded", "was excluded",
        "were excluded", "is outside the scope", "are outside the scope",
        "was removed", "were removed", "has been removed", "have been removed",
        "is not part of", "are not part of", "was not offered", "were not offered",
        "not offered", "not covered", "excluded", "excluded from", "not included",
        "not part of this program", "not part of this course", "not issued",
        "is suspended", "was suspended", "was cancelled", "was canceled", "was discontinued",
        "has been discontinued", "postponed",
    ],
    "termination": TERMINATION,
}  # fmt: skip
PLANNING_TERMS = {
    "pseudo_negations": ["as planned", "lesson plan", "planned response", "plan of action"],
    "preceding_negations": [
        "planned for", "is planned", "are planned", "will be offered", "will be added",
        "will be introduced", "will be developed", "to be developed", "to be scheduled",
        "to be added", "pending approval", "proposed", "under development", "being developed",
        "future training", "future in-service", "next fiscal year", "next year", "not yet",
        "tentatively scheduled", "training will begin", "classes will begin",
        "course will begin", "instruction will begin", "planned", "recommends that",
        "recommended that", "future classes", "should receive", "once funding",
    ],
    "following_negations": [
        "is planned", "are planned", "is proposed", "are proposed", "is pending",
        "are pending", "is under development", "are under development", "to be developed",
        "will be offered", "will be added", "will be introduced", "is being developed",
        "to be scheduled", "planned for next year", "pending approval", "tbd", "planned",
        "is recommended", "are recommended", "not yet scheduled", "not yet offered",
    ],
    "termination": TERMINATION,
}  # fmt: skip

TOC = re.compile(r"table of contents|\.{4,}\s*\d+\s*$|^contents$", re.I | re.M)
PAGE_REF_LINE = re.compile(r"\S.*\s\d{1,3}\s*$", re.M)
# A reference list announces itself: its word leading the segment with a colon
# ("References: Graham v. Connor"), or as a short line of its own ("RESOURCES"); a title
# that only begins with the word ("Sources of Probable Cause") is not one.
_REFERENCE_WORDS = (
    r"(references?|bibliography|resources|see also|related (policies|orders|directives)"
    r"|cross[- ]references?|sources|suggested reading)"
)
REFERENCE = re.compile(
    rf"\A\s*{_REFERENCE_WORDS}\s*:|^\s*(?=\S+(?:\s\S+){{0,2}}\s*:?\s*$){_REFERENCE_WORDS}\b",
    re.I | re.M,
)
# Form language, not the everyday verb ("officers acknowledge the person's concern").
ACKNOWLEDGMENT = re.compile(
    r"acknowledg(e|ment|ement)s? (of receipt|form|roster|sheet|of (policy|policies|orders?))"
    r"|(policy|training|receipt) acknowledg|i (hereby )?acknowledge|i have (read|received|been "
    r"(given|provided))|sign[- ]off (sheet|form|roster)|(employee|officer)'?s? signature"
    r"|initial (each|below)|read[- ](and|&)[- ]sign|(item|order|policy|directive|document"
    r"|bulletin)s? (reviewed|read)\b",
    re.I,
)
AWARENESS = re.compile(
    r"\bawareness\b|\bvideo\b|roll[- ]call|\boverview\b|\bbriefing\b|\bbulletin\b"
    r"|familiariz|introduction to|\bprimer\b|\bintro\b",
    re.I,
)
INSTRUCTION = re.compile(
    r"(students|trainees|recruits|cadets|officers|participants|attendees) (will|shall|must)"
    r"( be able to)?|objectives?|practical exercise|scenario|demonstrat|hands[- ]on|role[- ]play"
    r"|\bdrills?\b|proficien|\blesson\b|\blecture\b|\bmodule\b|\bblock\b|practice|instructor"
    r"|competenc|skills? (test|station|check)|evaluat|\bteach|\btaught|\btrain",
    re.I,
)


@dataclass(frozen=True)
class SegmentCues:
    """Segment-level cues (topic-independent)."""

    toc: bool
    reference: bool
    acknowledgment: bool
    awareness: bool
    instruction: bool
    title_list: bool

    def names(self) -> tuple[str, ...]:
        labels = {
            "toc": "table of contents",
            "reference": "reference list",
            "acknowledgment": "acknowledgment form",
            "awareness": "awareness-level item",
            "instruction": "instruction cues",
            "title_list": "list of titles",
        }
        return tuple(label for name, label in labels.items() if getattr(self, name))


def add_scope_cues(nlp: Language) -> tuple[object, object]:
    """NegEx components for exclusion and planning, built on ``nlp``'s tokenizer."""
    from negspacy.negation import Negex

    excluded = Negex(nlp, "monell_exclusion", EXCLUSION_TERMS, extension_name=EXCLUDED,
                     span_keys=["topics"])  # fmt: skip
    planned = Negex(nlp, "monell_planning", PLANNING_TERMS, extension_name=PLANNED,
                    span_keys=["topics"])  # fmt: skip
    return excluded, planned


def find_segment_cues(
    text: str, heading: str | None, hours: float | None, title: str = ""
) -> SegmentCues:
    """The context of a segment, from its own words, its heading and its document's title.

    The title speaks for every segment of a form or log: a read-and-sign roster is an
    acknowledgment and a roll-call video log is awareness-level, row after row.
    """
    both = f"{heading or ''}\n{text}"
    framed = f"{title}\n{both}"
    lines = [line for line in text.splitlines() if line.strip()]
    page_refs = len(PAGE_REF_LINE.findall(text))
    short_lines = sum(1 for line in lines if len(line.split()) <= 7)
    return SegmentCues(
        toc=bool(TOC.search(both)) or (len(lines) >= 3 and page_refs >= 0.6 * len(lines)),
        reference=bool(REFERENCE.search(both)),
        acknowledgment=bool(ACKNOWLEDGMENT.search(framed)),
        awareness=bool(AWARENESS.search(framed)) or (hours is not None and hours < 1.0),
        instruction=bool(INSTRUCTION.search(both)),
        title_list=len(lines) >= 3 and short_lines >= 0.8 * len(lines),
    )


def sentence_cue_share(doc: Doc, negex: object) -> float:
    """The share of the segment's words in sentences carrying one of ``negex``'s triggers."""
    preceding, following, _ = negex.process_negations(doc)  # type: ignore[attr-defined]
    starts = {start for _, start, _ in preceding + following}
    if not starts or not len(doc):
        return 0.0
    flagged = sum(len(s) for s in doc.sents if any(s.start <= i < s.end for i in starts))
    return flagged / len(doc)
