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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from monell.resources import load_cues

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

EXCLUDED = "monell_excluded"
PLANNED = "monell_planned"
# The trigger lists and segment-cue words are data: corpora/cues/coverage.yaml.
_VOCABULARY = load_cues("coverage")
TERMINATION = list(_VOCABULARY["termination"])


def _negex_terms(group: Mapping[str, Sequence[str]]) -> dict[str, list[str]]:
    """A trigger group in the shape negspacy's ``Negex`` takes."""
    return {
        "pseudo_negations": list(group["pseudo"]),
        "preceding_negations": list(group["preceding"]),
        "following_negations": list(group["following"]),
        "termination": TERMINATION,
    }


EXCLUSION_TERMS = _negex_terms(_VOCABULARY["exclusion"])
PLANNING_TERMS = _negex_terms(_VOCABULARY["planning"])

# A heading whose text the producer left out: a line ending in "[omitted]", "(not produced)".
UNPRODUCED_LINE = re.compile(
    r"^[^\n]{0,160}?[\[(][ \t]*(?:"
    + "|".join(m.replace(" ", r"[ \t]+") for m in _VOCABULARY["production_markers"])
    + r")[ \t]*[\])][ \t*._\-]*$",
    re.I | re.M,
)


def without_unproduced(text: str) -> str:
    """The text with each line that only names a section the producer left out ("4.01.04
    Deadly force. [omitted]") blanked, keeping every other character where it was: such a
    line neither covers its topic nor excludes the next section's."""
    return UNPRODUCED_LINE.sub(lambda m: " " * len(m.group()), text)


TOC = re.compile(r"table of contents|\.{4,}\s*\d+\s*$|^contents$", re.I | re.M)
# Anchored at the line's first character: the same lines match as from any of its letters
# (the tail decides), but each line is tried once, so a long line costs linear time.
PAGE_REF_LINE = re.compile(r"^[^\S\n]*\S.*\s\d{1,3}\s*$", re.M)
# A reference list announces itself: its word leading the segment with a colon
# ("References: Graham v. Connor"), or as a short line of its own ("RESOURCES"); a title
# that only begins with the word ("Sources of Probable Cause") is not one.
_REFERENCE_WORDS = "(" + "|".join(_VOCABULARY["reference_words"]) + ")"
# A table row whose label cell holds the word ("Field: References; Entry: G.O. 300.6") is one.
REFERENCE = re.compile(
    rf"\A\s*{_REFERENCE_WORDS}\s*:|^\s*(?=\S+(?:\s\S+){{0,2}}\s*:?\s*$){_REFERENCE_WORDS}\b"
    rf"|^\s*[^:;\n]{{1,24}}:\s*{_REFERENCE_WORDS}\s*(?:;|$)",
    re.I | re.M,
)
# Form language, not the everyday verb ("officers acknowledge the person's concern").
ACKNOWLEDGMENT = re.compile("|".join(_VOCABULARY["acknowledgment"]), re.I)
AWARENESS = re.compile("|".join(_VOCABULARY["awareness"]), re.I)
INSTRUCTION = re.compile("|".join(_VOCABULARY["instruction"]), re.I)
# A topic given no time of its own ("named in passing", "no further instruction"): see
# ``passing_spans``.
PASSING = re.compile("|".join(_VOCABULARY["passing"]), re.I)
PASSING_REACH = 3


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

    excluded = Negex(
        nlp, "monell_exclusion", EXCLUSION_TERMS, extension_name=EXCLUDED, span_keys=["topics"]
    )
    planned = Negex(
        nlp, "monell_planning", PLANNING_TERMS, extension_name=PLANNED, span_keys=["topics"]
    )
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


def passing_sentences(doc: Doc, topic_starts: Sequence[int]) -> list[tuple[int, int]]:
    """(start, end) token bounds of the clauses a passing cue reaches. Clauses are sentences
    split at semicolons. A cue reaches its own clause; a clause that names no topic points
    back and reaches every clause up to the nearest one that names a topic ("... excited
    delirium ... Summon EMS. No other time is given to that subject."), at most
    ``PASSING_REACH`` clauses back. ``topic_starts``: the first token of each topic phrase."""
    clauses: list[tuple[int, int]] = []
    for sentence in doc.sents:
        start = sentence.start
        for token in sentence:
            if token.text == ";":
                clauses.append((start, token.i))
                start = token.i + 1
        if start < sentence.end:
            clauses.append((start, sentence.end))
    reached: list[tuple[int, int]] = []
    for i, (start, end) in enumerate(clauses):
        if PASSING.search(doc[start:end].text):
            reached.append((start, end))
            # A clause naming no topic points back to the nearest clause that names one.
            back = i
            while back > max(0, i - PASSING_REACH) and not any(
                start <= t < end for t in topic_starts
            ):
                back -= 1
                start, end = clauses[back]
                reached.append((start, end))
    return reached


def sentence_cue_share(doc: Doc, negex: object) -> float:
    """The share of the segment's words in sentences carrying one of ``negex``'s triggers."""
    preceding, following, _ = negex.process_negations(doc)  # type: ignore[attr-defined]
    starts = {start for _, start, _ in preceding + following}
    if not starts or not len(doc):
        return 0.0
    flagged = sum(len(s) for s in doc.sents if any(s.start <= i < s.end for i in starts))
    return flagged / len(doc)
