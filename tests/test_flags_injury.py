"""The injury narrative as pleadings write it: numbered paragraphs, ranks with full stops,
"Plaintiff" and "Defendant" for the parties; facts keep their exact offsets."""

from __future__ import annotations

import pytest

from monell.flags.injury import as_allegation, split_injury
from monell.resources import load_spacy_lemmas

PLEADING = (
    "31. On June 14, 2021, Sgt. Miller and Det. Ruiz stopped Mr. Doe on Elm St. near his home.\n"
    "32. Without warning, Ofc. Hale fired his Taser at Mr. Doe, striking him in the chest.\n"
    "33. Officers then knelt on his back for approx. 6 minutes while he said he could not "
    "breathe.\n"
)


@pytest.fixture(scope="module")
def facts() -> list:
    return split_injury(PLEADING, load_spacy_lemmas())


def test_paragraph_numbers_and_ranks_do_not_cut_a_fact(facts: list) -> None:
    assert [f.text.split(",")[0] for f in facts] == [
        "On June 14",
        "Without warning",
        "Officers then knelt on his back for approx. 6 minutes while he said he could not breathe.",
    ]


def test_a_facts_offsets_are_its_own_characters(facts: list) -> None:
    assert all(PLEADING[f.start : f.end] == f.text for f in facts)
    assert not any(f.text.startswith(("31.", "32.", "33.")) for f in facts)


@pytest.mark.parametrize(
    ("pleaded", "read"),
    [
        (
            "Defendant Brandt shot Plaintiff in the back as he fled.",
            "Officer Brandt shot him in the back as he fled.",
        ),
        (
            "Defendant Ortiz knelt on Plaintiff's back for six minutes.",
            "Officer Ortiz knelt on his back for six minutes.",
        ),
        ("Defendants hog-tied Plaintiff.", "officers hog-tied him."),
        ("Plaintiff was walking home.", "he was walking home."),
    ],
)
def test_a_pleading_is_read_in_a_complainants_words(pleaded: str, read: str) -> None:
    assert as_allegation(pleaded) == read
