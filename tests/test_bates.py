"""Bates parsing, stamp finding, document-level choice, gaps and duplicates."""

from __future__ import annotations

import pytest

from monell.ingest.bates import (
    choose_document_bates,
    find_bates_candidates,
    find_duplicates,
    find_gaps,
    parse_bates,
)
from monell.records import BatesNumber, Word
from monell.records.audit import StampedPage

PAGE_W, PAGE_H = 612.0, 792.0


@pytest.mark.parametrize(
    ("text", "prefix", "number", "suffix", "width"),
    [
        ("ABC000123", "ABC", 123, "", 6),  # no separator
        ("ABC-000123", "ABC", 123, "", 6),  # hyphen
        ("ABC_0000123", "ABC", 123, "", 7),  # underscore
        ("ABC 000123", "ABC", 123, "", 6),  # space
        ("ABC-0000001A", "ABC", 1, "A", 7),  # inserted page, letter suffix
        ("ABC-0000001.001", "ABC", 1, ".001", 7),  # inserted page, numeric suffix
        ("CITY_IA-0001234", "CITY_IA", 1234, "", 7),  # compound prefix
        ("RIV0000007", "RIV", 7, "", 7),
        ("DEF000000000123", "DEF", 123, "", 12),  # 12-digit counter
    ],
)
def test_parse_bates_reads_each_separator_style(
    text: str, prefix: str, number: int, suffix: str, width: int
) -> None:
    bates = parse_bates(text)
    assert bates is not None
    assert (bates.prefix, bates.number, bates.suffix, bates.width) == (
        prefix,
        number,
        suffix,
        width,
    )
    assert str(bates) == text  # cited exactly as stamped


@pytest.mark.parametrize(
    "text",
    [
        "PAGE 0012",  # a footer page number, not a Bates stamp
        "ABC123",  # too few digits
        "abc000123",  # lowercase is body text, not a stamp
        "000123",  # no prefix
        "JUNE 2019",  # a date
        "ABC0000000000001",  # more than 12 digits
    ],
)
def test_parse_bates_rejects_non_bates_tokens(text: str) -> None:
    assert parse_bates(text) is None


def _word(text: str, x0: float, top: float) -> Word:
    return Word(text, x0, top, x0 + 6 * len(text), top + 9)


def test_stamp_in_bottom_right_is_found() -> None:
    words = [_word("Officers", 72, 100), _word("RIV0000012", 470, 760)]
    assert [str(b) for b in find_bates_candidates(words, PAGE_W, PAGE_H)] == ["RIV0000012"]


def test_prefix_and_counter_split_into_two_words_are_joined() -> None:
    words = [_word("ABC", 470, 760), _word("000123", 500, 760)]
    assert [str(b) for b in find_bates_candidates(words, PAGE_W, PAGE_H)] == ["ABC 000123"]


def test_a_state_and_zip_code_in_a_footer_address_is_not_a_bates_number() -> None:
    words = [_word("Ambler,", 300, 760), _word("PA", 350, 760), _word("19002", 370, 760)]
    assert find_bates_candidates(words, PAGE_W, PAGE_H) == ()


def test_number_in_the_body_is_never_a_bates_number() -> None:
    words = [_word("FORM0001234", 72, 400)]  # mid-page: a form number in the text
    assert find_bates_candidates(words, PAGE_W, PAGE_H) == ()


def test_bottom_stamp_beats_a_header_reference() -> None:
    words = [_word("REF0001111", 470, 30), _word("CITY0000042", 470, 760)]
    assert str(find_bates_candidates(words, PAGE_W, PAGE_H)[0]) == "CITY0000042"


@pytest.mark.parametrize(
    ("ocr_token", "expected"),
    [
        ("RIV0000O12", "RIV0000012"),  # letter O read for zero
        ("RIV00000l2", "RIV0000012"),  # lowercase l read for one
        ("riv0000012", "RIV0000012"),  # case lost by OCR
    ],
)
def test_ocr_confusions_in_the_counter_are_repaired(ocr_token: str, expected: str) -> None:
    words = [_word(ocr_token, 470, 760)]
    found = [str(b) for b in find_bates_candidates(words, PAGE_W, PAGE_H, from_ocr=True)]
    assert expected in found


def test_document_prefix_settles_an_ambiguous_ocr_reading() -> None:
    clean = (BatesNumber("CITY", 123, "", 6, "CITY000123"),)
    ambiguous = tuple(
        find_bates_candidates([_word("CITYO00124", 470, 760)], PAGE_W, PAGE_H, from_ocr=True)
    )
    chosen = choose_document_bates([clean, ambiguous, clean])
    assert chosen[1] == BatesNumber("CITY", 124, "")


def test_pages_without_candidates_stay_unstamped() -> None:
    assert choose_document_bates([(), ()]) == [None, None]


def _stamped(text: str, production: str = "VOL001", page: int = 1) -> StampedPage:
    bates = parse_bates(text)
    assert bates is not None
    return StampedPage(bates, production, f"/p/{text}.pdf", page)


def test_gap_between_volumes_is_reported_with_both_productions() -> None:
    pages = [_stamped("RIV0000001"), _stamped("RIV0000002"), _stamped("RIV0000006", "VOL002")]
    (gap,) = find_gaps(pages)
    assert (gap.after, gap.before, gap.missing) == ("RIV0000002", "RIV0000006", 3)
    assert (gap.after_production, gap.before_production) == ("VOL001", "VOL002")


def test_inserted_suffix_pages_do_not_count_as_gaps() -> None:
    pages = [_stamped("ABC-000010"), _stamped("ABC-000010A"), _stamped("ABC-000011")]
    assert find_gaps(pages) == []


def test_each_prefix_is_its_own_sequence() -> None:
    pages = [_stamped("CITY000001"), _stamped("CNTY000500"), _stamped("CITY000002")]
    assert find_gaps(pages) == []


def test_same_number_on_two_pages_is_a_duplicate() -> None:
    pages = [
        _stamped("RIV0000005", "VOL001", 5),
        _stamped("RIV0000005", "VOL002", 1),
        _stamped("RIV0000006"),
    ]
    (duplicate,) = find_duplicates(pages)
    assert duplicate.bates == "RIV0000005"
    assert [p.production for p in duplicate.pages] == ["VOL001", "VOL002"]


def test_ocr_padding_misread_as_letter_o_is_repaired_on_a_lone_page() -> None:
    """Tesseract reads ``RIV0000031`` as ``RIVOO00031``: the O's are padding zeros."""
    words = [_word("RIVOO00031", 470, 760)]
    best = find_bates_candidates(words, PAGE_W, PAGE_H, from_ocr=True)[0]
    assert (best.prefix, best.number, best.width) == ("RIV", 31, 7)


def test_a_prefix_known_from_text_layers_beats_the_padding_guess() -> None:
    """A real prefix ending in O (``CCSAO``) is kept once the case has seen it in a text layer."""
    ocr = find_bates_candidates([_word("CCSAO0000123", 470, 760)], PAGE_W, PAGE_H, from_ocr=True)
    assert choose_document_bates([ocr])[0] == BatesNumber("CCSA", 123, "")
    assert choose_document_bates([ocr], known_prefixes={"CCSAO"})[0] == BatesNumber(
        "CCSAO", 123, ""
    )


@pytest.mark.parametrize(
    ("read", "prefix", "number", "suffix"),
    [
        ("RPD000123", "RPD", 123, ""),  # a prefix ending in D keeps it
        ("NYPD0000123", "NYPD", 123, ""),
        ("RPDOOOOOO1", "RPD", 1, ""),  # all the padding read as O
        ("CITY0000123B", "CITY", 123, "B"),  # an insert's letter stays a suffix
        ("CITY0000123.001", "CITY", 123, ".001"),
    ],
)
def test_ocr_readings_keep_real_prefixes_suffixes_and_padding(
    read: str, prefix: str, number: int, suffix: str
) -> None:
    best = find_bates_candidates([_word(read, 470, 760)], PAGE_W, PAGE_H, from_ocr=True)[0]

    assert (best.prefix, best.number, best.suffix) == (prefix, number, suffix)


def test_a_year_in_a_header_is_not_a_bates_number() -> None:
    words = [_word("TRAINING", 300, 20), _word("BULLETIN", 360, 20), _word("2019", 420, 20)]

    assert find_bates_candidates(words, PAGE_W, PAGE_H) == ()


def test_a_load_files_number_takes_any_prefix() -> None:
    assert parse_bates("IA0000001") is None  # in a page footer, "IA 0000001" is doubtful
    assert parse_bates("IA0000001", any_prefix=True) == BatesNumber("IA", 1, "")
