"""Issue 22, item 3: linear time in the size of one line or one cell. A line, a word or a
table row of any length becomes passages and page-equivalents of bounded size, so every
later stage (regexes over a passage, embeddings, the coverage cues) costs the same per
character however the text is laid out."""

from __future__ import annotations

import re

import pytest

from monell.coverage.cues import PAGE_REF_LINE
from monell.ingest.natives.plaintext import PAGE_CHARS, chunk_lines, read_text
from monell.nlp.passages import MAX_CHARS, build_passages, table_passages
from monell.nlp.pipeline import PageAnnotation
from monell.records import PageText, SourceFormat, Table


def _passages_of(text: str) -> list[str]:
    page = PageText(number=1, text=text, bates=None)
    analysis = PageAnnotation(1, ((0, len(text)),), ())  # one "sentence": no full stops
    return [p.text for p in build_passages([page], [analysis])]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("x" * 50_000, id="one-word-of-50k-characters"),
        pytest.param("officer " * 20_000, id="one-line-of-short-words"),
        pytest.param(("a" * 400 + " ") * 200, id="long-words"),
        pytest.param("de-escalation," * 10_000, id="commas-without-spaces"),
    ],
)
def test_issue_22_no_passage_outgrows_its_character_limit(text: str) -> None:
    passages = _passages_of(text)
    assert passages and all(len(p) <= MAX_CHARS for p in passages)
    assert "".join(p.replace(" ", "") for p in passages) == text.replace(" ", "")


def test_issue_22_a_row_of_many_columns_is_cut_at_cells_into_bounded_passages() -> None:
    header = tuple(f"col{i}" for i in range(10_000))
    row = tuple(f"v{i}" for i in range(10_000))
    table = Table(page_number=1, index=0, rows=(header, row), title="wide", row_numbers=(1, 2))
    passages = table_passages(table, None, None, 0, "sheet wide")
    assert len(passages) > 1 and all(len(p.text) <= MAX_CHARS for p in passages)
    cells = [cell for p in passages for cell in p.text.split("; ")]
    assert cells == [f"col{i}: v{i}" for i in range(10_000)]  # each cell once, in order
    assert {p.cite for p in passages} == {"sheet wide, row 2"}


def test_issue_22_a_huge_cell_is_cut_too() -> None:
    table = Table(1, 0, (("Note",), ("x" * 7_000,)), title="memo", row_numbers=(1, 2))
    passages = table_passages(table, None, None, 0)
    assert [len(p.text) for p in passages] == [1_800, 1_800, 1_800, 1_606]


def test_issue_22_a_long_line_becomes_page_equivalents_naming_their_part() -> None:
    line = " ".join(["roster"] * 3_000)  # 20,999 characters on line 2
    content = read_text(f"Title\n{line}\nEnd\n".encode(), SourceFormat.TXT)
    labels = [page.label for page in content.pages]
    assert labels[0] == "line 1"
    assert labels[1:-1] == [f"line 2 (part {n} of 6)" for n in range(1, 7)]
    assert labels[-1] == "line 3"
    assert all(len(page.text) <= PAGE_CHARS for page in content.pages)
    assert " ".join(page.text for page in content.pages[1:-1]).split() == line.split()


def test_issue_22_a_file_of_blank_lines_is_read_in_one_pass() -> None:
    # 300,000 blank lines made chunk_lines re-scan its growing run on every line.
    text = "\n" * 300_000 + "Roster of officers\n"
    assert chunk_lines(text) == [(300_001, 300_001, "Roster of officers")]


OLD_PAGE_REF_LINE = re.compile(r"\S.*\s\d{1,3}\s*$", re.M)


@pytest.mark.parametrize(
    "text",
    [
        "Use of Force .......... 12\nDe-escalation .... 14\nHandcuffing 15",
        "Chapter One\n12\nChapter Two\n\n  14  \n",  # a number on its own line
        "Title 5\n12\nnothing here\n  leading 7",
        "   \n\n 3\n4 5\nx\t9\t\n",
        "Roster of officers trained in 2019 and 2020 and 21",
        "no numbers at all\nanywhere",
        "",
    ],
)
def test_issue_22_the_page_reference_cue_counts_what_it_always_counted(text: str) -> None:
    assert len(PAGE_REF_LINE.findall(text)) == len(OLD_PAGE_REF_LINE.findall(text))


def test_issue_22_the_page_reference_cue_reads_a_long_line_in_one_pass() -> None:
    line = "word " * 40_000  # quadratic for the unanchored pattern: hours, not milliseconds
    assert PAGE_REF_LINE.findall(line + "12") == [line + "12"]
