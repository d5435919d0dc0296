"""Issue 22, item 6: the fast subset of the fuzz harness that ``make test`` runs. Malformed
files of every format (``fixturekit/malformed.py``: hand-made breakages and seeded random
mutations) are ingested folder by folder; every file gets exactly one outcome, stated on one
line, and no exception escapes. ``make fuzz`` runs the same with more mutants and a new seed."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FakeOcr

from fixturekit.malformed import outcome_problems, write_corpus
from monell.ingest.run import ingest_paths
from monell.store import CaseStore

SEED = 22


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return write_corpus(tmp_path_factory.mktemp("fuzz"), SEED, per_kind=2)


def test_the_corpus_covers_every_format_and_broken_volumes(corpus: list[Path]) -> None:
    names = {folder.name for folder in corpus}
    expected = {"pdf", "png", "tiff", "jpeg", "xlsx", "xls", "docx", "csv", "txt", "eml", "msg"}
    assert expected <= names
    assert {"names", "HEADERONLY", "SHORTROW", "CLIMB", "BADOPT"} <= names


def test_every_malformed_file_gets_exactly_one_outcome_on_one_line(
    corpus: list[Path], store: CaseStore
) -> None:
    problems: list[str] = []
    for folder in corpus:
        result = ingest_paths(store, [folder], folder.name, {"workers": 1}, ocr=FakeOcr())
        problems += outcome_problems(folder, result)
        assert result.failed or result.added or result.already_present, folder.name
    assert problems == []
