"""Issue 22, item 6: property-based tests for the pure parsers a hostile production feeds.

Each parser takes any text (or any parsed YAML) and either returns its records or raises the
one error kind its callers turn into a one-line reason; never anything else. Where the input
can be built from parts, the parts come back out (DAT rows, Bates numbers)."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fixturekit.loadfile import STANDARD_COLUMNS, format_row
from monell.complaints.fields import read_disposition, read_record, repair_label
from monell.coverage.taxonomy import parse_taxonomy
from monell.errors import InputError
from monell.ingest.bates import parse_bates
from monell.ingest.loadfile_dat import parse_dat
from monell.ingest.loadfile_opt import bates_span, parse_opt
from monell.nlp.date_parse import find_dates, parse_date
from monell.records.complaints import Disposition, RecordSpan
from monell.records.names import shown, storable

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Text as productions hold it: any character, control characters and stray delimiters more
# often than chance would give them.
HOSTILE = st.text(
    st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from('\x14\u00fe\u00b6\u00ae|^,\t"\r\n\x00\x1b\x7f\ufeff\u202e/\\:;.-'),
    ),
    max_size=300,
)
VALUE = st.text(
    st.characters(codec="utf-8", exclude_characters="\x14\u00fe\u00ae\r\n\x00"), max_size=40
)


@FUZZ
@given(HOSTILE)
def test_any_dat_text_is_a_table_or_one_input_error(text: str) -> None:
    try:
        table = parse_dat(text, "VOL.dat")
    except InputError as error:
        assert "\n" not in str(error)
        return
    assert all(len(row.values) == len(table.columns) for row in table.rows)
    assert all("\n" not in reason for _, reason in table.errors)


@FUZZ
@given(st.lists(st.lists(VALUE, min_size=7, max_size=7), min_size=1, max_size=8))
def test_dat_rows_written_with_concordance_delimiters_read_back_unchanged(
    rows: list[list[str]],
) -> None:
    rows = [[f"ABC{number:07d}", *row[1:]] for number, row in enumerate(rows, start=1)]
    text = "\r\n".join(format_row(row) for row in [list(STANDARD_COLUMNS), *rows]) + "\r\n"
    table = parse_dat(text, "VOL.dat")
    assert table.errors == ()
    assert [list(row.values) for row in table.rows] == rows


@FUZZ
@given(HOSTILE)
def test_any_opt_text_gives_rows_and_line_numbered_problems(text: str) -> None:
    rows, problems = parse_opt(text)
    lines = len(text.splitlines()) + 1
    assert all(1 <= line <= lines and "\n" not in reason for line, reason in problems)
    assert all(row.key and row.page_in_file >= 0 for row in rows)


@FUZZ
@given(HOSTILE, st.booleans())
def test_any_token_is_a_bates_number_or_none(text: str, any_prefix: bool) -> None:
    number = parse_bates(text, any_prefix=any_prefix)
    if number is not None:
        assert number.number >= 0 and str(number)


@FUZZ
@given(
    st.text(st.characters(categories=("Lu",), max_codepoint=0x7F), min_size=2, max_size=5),
    st.integers(min_value=0, max_value=10**9),
    st.integers(min_value=6, max_value=10),
    st.sampled_from(["", "-", "_"]),
)
def test_a_stamped_bates_number_reads_back_as_stamped(
    prefix: str, counter: int, width: int, separator: str
) -> None:
    stamped = f"{prefix}{separator}{counter:0{width}d}"
    number = parse_bates(stamped, any_prefix=True)
    assert number is not None
    assert (number.prefix, number.number, str(number)) == (prefix, counter, stamped)


@FUZZ
@given(HOSTILE, HOSTILE)
def test_any_bates_range_has_a_span_or_none(begin: str, end: str) -> None:
    span = bates_span(begin, end)
    assert span is None or span >= 1


@FUZZ
@given(HOSTILE)
def test_dates_found_in_any_text_point_inside_it(text: str) -> None:
    for _found, start, end in find_dates(text):
        assert 0 <= start < end <= len(text)
    parse_date(text)  # never raises


@FUZZ
@given(HOSTILE)
def test_complaint_fields_of_any_text_are_read_without_error(text: str) -> None:
    assert isinstance(read_disposition(text), Disposition)
    repair_label(text)
    record = read_record(RecordSpan(1, "log.pdf", 1, None, text, header=text[:20] or None))
    assert record.disposition in Disposition


YAML_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), HOSTILE)
YAML = st.recursive(
    YAML_SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=20), inner, max_size=6)
    ),
    max_leaves=25,
)
TOPIC_KEYS = ["id", "name", "description", "coverage_exemplars", "patterns", "authorities"]


@FUZZ
@given(
    st.one_of(
        YAML,
        st.fixed_dictionaries(
            {"topics": st.lists(st.dictionaries(st.sampled_from(TOPIC_KEYS), YAML), max_size=3)}
        ),
    )
)
def test_any_parsed_yaml_is_a_taxonomy_or_one_input_error(data: Any) -> None:
    try:
        taxonomy = parse_taxonomy(data, "topics.yaml")
    except InputError as error:
        assert "\n" not in str(error) and str(error).startswith("topics.yaml: ")
        return
    assert all(topic.id for topic in taxonomy.topics)


@FUZZ
@given(HOSTILE)
def test_names_and_text_are_always_storable_and_shown_on_one_line(text: str) -> None:
    assert "\n" not in shown(text) and "\x1b" not in shown(text)
    shown(text).encode("utf-8")
    stored = storable(text)
    stored.encode("utf-8")
    assert "\x1b" not in stored and "\x00" not in stored
    assert stored.count("\n") == text.count("\n")
