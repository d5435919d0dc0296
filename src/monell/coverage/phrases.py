"""Phrases found in text as a reader finds them: on lemmas, lower-case words and stems.

The one phrase matcher of the analysis. The coverage detector finds a topic's patterns with
it ("restrained" matches "restrain", a title-case "Handcuffing Techniques" matches
"handcuff"), and the complaint stage finds a record's words for a force tool with it ("knee
on his back", "tased"), so a phrase means the same wherever it is read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# Words of topic names too common in training documents to say which topic a segment is on.
GENERIC_NAME_WORDS = frozenset(
    "use force law policy options tactical decision making deployment response contacts care "
    "severe early recording and the for".split()
)
INFLECTIONS = ("s", "ing", "ed")
SHORT_WORD = 3  # words this short are matched whole, never stemmed


class PhraseFinder:
    """Labelled phrases, each matched in its lemma, lower-case and stemmed forms."""

    def __init__(self, nlp: Language, phrases: Mapping[str, Iterable[str]]) -> None:
        from spacy.matcher import PhraseMatcher

        self.nlp = nlp
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        labelled = [(label, list(words)) for label, words in phrases.items()]
        # One pass over every phrase (a doc's analysis does not depend on its batch): one
        # call per label cost ~0.3 s more at start-up, in every command.
        parsed = iter(nlp.pipe([w for _, words in labelled for w in words], batch_size=256))
        for label, words in labelled:
            docs = [next(parsed) for _ in words]
            forms = {tuple(t.lemma_.lower() for t in d) for d in docs}
            forms |= {tuple(t.lower_ for t in d) for d in docs}
            forms |= {stem for d in docs for stem in stem_forms([t.lower_ for t in d])}
            self.matcher.add(label, [nlp.make_doc(" ".join(f)) for f in forms if f])

    def find(self, doc: Doc) -> list[tuple[str, int, int]]:
        """(label, start token, end token) of every phrase in a parsed text, in order."""
        from spacy.tokens import Doc as SpacyDoc

        vocab = self.nlp.vocab
        words = [t.lower_ for t in doc]
        lemmas = SpacyDoc(vocab, words=[t.lemma_.lower() or t.lower_ for t in doc])
        lowers = SpacyDoc(vocab, words=words)
        stemmed = SpacyDoc(vocab, words=stems(words))  # title-case course names keep their -ing
        found = {
            (vocab.strings[m], s, e)
            for view in (lemmas, lowers, stemmed)
            for m, s, e in self.matcher(view)
        }
        return sorted(found, key=lambda x: (x[1], x[2], x[0]))


def name_words(name: str) -> frozenset[str]:
    """The stems of a topic name's own words ("Body-Worn Cameras & Recording": body, worn,
    camera, record), without the ones many topics or documents share."""
    words = re.findall(r"[a-z]+", name.lower())
    return frozenset(stems([w for w in words if w not in GENERIC_NAME_WORDS and len(w) > 2]))


def stems(words: Sequence[str]) -> list[str]:
    """Snowball (Porter2) stems: "Handcuffing", "handcuffs" and "handcuff" agree.

    spaCy leaves capitalised words unlemmatised (a course title is read as a proper noun),
    so matching also runs on stems.
    """
    return [_stem(w) or "_" for w in words]


@cache
def _stem(word: str) -> str:
    """Porter2 stem, cached (pure Python, and words repeat). Short words stay whole:
    Porter2 cuts "aed" to "a", which would match every "a"."""
    if len(word) <= SHORT_WORD:
        return word
    stem = str(_stemmer().stemWord(word))
    return stem if len(stem) > SHORT_WORD else word


def stem_forms(words: list[str]) -> set[tuple[str, ...]]:
    """A pattern's stems as its inflected forms stem: Porter2 stems "handcuffing" to
    "handcuf" but "handcuff" to "handcuff", so the first and last words are also stemmed
    with -s, -ing and -ed added."""
    forms = {tuple(stems(words))}
    for position in {0, len(words) - 1}:
        for suffix in INFLECTIONS:
            varied = list(words)
            varied[position] += suffix
            forms.add(tuple(stems(varied)))
    return forms


@cache
def _stemmer() -> Any:
    import snowballstemmer

    return snowballstemmer.stemmer("english")
