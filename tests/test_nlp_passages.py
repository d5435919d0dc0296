"""Passages: sentence groups within one page, with headings, offsets and Bates; table rows."""

from __future__ import annotations

import pytest
from spacy.language import Language

from monell.nlp.passages import build_passages, detect_heading
from monell.nlp.pipeline import annotate_pages
from monell.records import PageText, Passage, PassageKind, Table


@pytest.mark.parametrize(
    ("line", "heading"),
    [
        ("300.3 DEADLY FORCE", "300.3 DEADLY FORCE"),  # numbered policy section
        ("300.3.1 Use of Deadly Force", "300.3.1 Use of Deadly Force"),  # title case
        ("LESSON BLOCK 2: HANDCUFFING", "LESSON BLOCK 2: HANDCUFFING"),  # lesson-plan block
        ("Module 4 - Crisis Intervention", "Module 4 - Crisis Intervention"),
        ("LEARNING OBJECTIVES", "LEARNING OBJECTIVES"),  # all-caps title line
        ("I. BACKGROUND", "I. BACKGROUND"),
        ("1. Felony crimes--which are the most serious crimes, punishable by", None),  # list item
        ("Officers shall not use a chokehold.", None),  # a sentence
        ("Page 1 of 4", None),
        ("(CALEA 5", None),  # a wrapped citation, not a section
    ],
)
def test_detect_heading(line: str, heading: str | None) -> None:
    assert detect_heading(line) == heading


def _passages(
    nlp: Language, pages: list[PageText], tables: tuple[Table, ...] = ()
) -> list[Passage]:
    return build_passages(pages, annotate_pages(nlp, pages), tables)


SENTENCE = (
    "Officers shall use only the force that is objectively reasonable under the circumstances."
)


def test_passages_keep_page_bates_offsets_and_heading(blank_nlp: Language) -> None:
    body = " ".join([SENTENCE] * 12)
    text = f"300.3 DEADLY FORCE\n{body}\nCONFIDENTIAL - SUBJECT TO PROTECTIVE ORDER RIV0000007"
    pages = [PageText(7, text, "RIV0000007")]
    passages = _passages(blank_nlp, pages)
    assert len(passages) >= 1
    for p in passages:
        assert (p.page_number, p.bates, p.heading, p.kind) == (
            7,
            "RIV0000007",
            "300.3 DEADLY FORCE",
            PassageKind.TEXT,
        )
        assert text[p.char_start : p.char_end] == p.text
        assert "RIV0000007" not in p.text and "CONFIDENTIAL" not in p.text  # stamps are not content
        assert 40 <= len(p.text.split()) <= 150


def test_passages_never_cross_pages_and_headings_carry_over(blank_nlp: Language) -> None:
    pages = [
        PageText(1, "LESSON BLOCK 2: HANDCUFFING\n" + " ".join([SENTENCE] * 3), "RIV0000011"),
        PageText(2, " ".join([SENTENCE] * 3), "RIV0000012"),
    ]
    passages = _passages(blank_nlp, pages)
    assert [(p.page_number, p.bates) for p in passages] == [(1, "RIV0000011"), (2, "RIV0000012")]
    assert passages[1].heading == "LESSON BLOCK 2: HANDCUFFING"


def test_a_new_heading_starts_a_new_passage(blank_nlp: Language) -> None:
    text = "300.3 DE-ESCALATION\n" + SENTENCE + "\n300.4 DEADLY FORCE\n" + SENTENCE
    passages = _passages(blank_nlp, [PageText(1, text, None)])
    assert [p.heading for p in passages] == ["300.3 DE-ESCALATION", "300.4 DEADLY FORCE"]


def test_text_without_full_stops_is_windowed(blank_nlp: Language) -> None:
    text = " ".join(["OFFICER PRUITT ATTENDED"] * 200)  # OCR'd roster: no sentence ends
    passages = _passages(blank_nlp, [PageText(1, text, None)])
    assert all(len(p.text.split()) <= 150 for p in passages)
    assert sum(len(p.text.split()) for p in passages) == 600


def test_table_rows_become_passages_with_their_headers(blank_nlp: Language) -> None:
    rows = (("Officer", "Course", "Hours"),) + tuple(
        (f"Ofc {i}", "CEW Recertification", "2") for i in range(6)
    )
    table = Table(page_number=1, index=0, rows=rows)
    passages = _passages(blank_nlp, [PageText(1, "In-Service Hour Log", "RIV0000019")], (table,))
    tables = [p for p in passages if p.kind is PassageKind.TABLE]
    assert [(p.row_start, p.row_end) for p in tables] == [(1, 4), (5, 6)]
    assert tables[0].text.splitlines()[0] == "Officer: Ofc 0; Course: CEW Recertification; Hours: 2"
    assert tables[0].bates == "RIV0000019"


def test_a_page_typed_in_capitals_keeps_its_lines_as_text(blank_nlp: Language) -> None:
    text = (
        "TRAINING BULLETIN 19-04\nNECK RESTRAINTS\n"
        "EFFECTIVE IMMEDIATELY THE CAROTID RESTRAINT IS PROHIBITED\n"
        "EXCEPT WHERE DEADLY FORCE IS AUTHORIZED. ALL OFFICERS\n"
        "SHALL ATTEND A TWO HOUR BLOCK ON POSITIONAL ASPHYXIA\nBEFORE JUNE 1, 2019.\n"
    )

    words = " ".join(p.text for p in _passages(blank_nlp, [PageText(1, text, None)]))

    assert "CAROTID RESTRAINT IS PROHIBITED" in words and "POSITIONAL ASPHYXIA" in words


@pytest.mark.parametrize(
    "sentence",
    [
        "Officers shall complete Form UF-1001 within 24 hours.",
        "Officers shall not reveal the identity of a CONFIDENTIAL informant.",
    ],
)
def test_a_sentence_naming_a_form_or_a_confidential_informant_is_content(
    blank_nlp: Language, sentence: str
) -> None:
    text = " ".join([SENTENCE] * 3) + "\n" + sentence + "\n" + " ".join([SENTENCE] * 3)

    words = " ".join(p.text for p in _passages(blank_nlp, [PageText(1, text, "RIV0000001")]))

    assert sentence in words


def test_a_table_sits_under_its_own_pages_heading(blank_nlp: Language) -> None:
    table = Table(page_number=2, index=0, rows=(("Officer", "Score"), ("Ofc 1", "98")))
    pages = [
        PageText(1, "SECTION 1 PURPOSE\n" + SENTENCE, None),
        PageText(2, "SECTION 4 FIREARMS QUALIFICATION ROSTER\n" + SENTENCE, None),
    ]

    (row,) = [p for p in _passages(blank_nlp, pages, (table,)) if p.kind is PassageKind.TABLE]

    assert row.heading == "SECTION 4 FIREARMS QUALIFICATION ROSTER"


def test_a_footer_with_the_pages_own_stamp_is_not_content(blank_nlp: Language) -> None:
    footer = "Doe v. Riverton, No. 21-cv-1234 RIV0000012"
    text = " ".join([SENTENCE] * 3) + "\n" + footer

    words = " ".join(p.text for p in _passages(blank_nlp, [PageText(12, text, "RIV0000012")]))

    assert "21-cv-1234" not in words and "objectively reasonable" in words
