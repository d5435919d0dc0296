"""case.toml as a typed CaseConfig: a table left out is its defaults, each table checks its own
values, and every problem is one line (naming case.toml for the tables only a case file sets)."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest

from monell.app.workspace import CASE_FILE_TEMPLATE, open_case
from monell.cli.options import ingest_options
from monell.config import (
    LOOKBACK_YEARS,
    CaseConfig,
    ComplaintSettings,
    IndexSettings,
    IngestOptions,
    IngestSettings,
    ModelSettings,
    TaxonomySettings,
    read_case_config,
)
from monell.errors import InputError
from monell.records import OcrMode
from monell.resources import SPACY_PACKAGE


def read(tmp_path: Path, text: str) -> CaseConfig:
    file = tmp_path / "case.toml"
    file.write_text(text, encoding="utf-8")
    return read_case_config(file)


def test_an_empty_case_file_is_every_default(tmp_path: Path) -> None:
    config = read(tmp_path, "")

    assert config == CaseConfig()
    assert config.ingest.options() == IngestOptions()
    assert config.index == IndexSettings(approximate_above=200_000, nprobe=32)
    assert config.taxonomy.file is None
    assert config.complaints.lookback_years == LOOKBACK_YEARS == 5
    assert config.models == ModelSettings(spacy=SPACY_PACKAGE, embedding=None, precision="auto")


def test_the_case_file_init_writes_is_every_default(tmp_path: Path) -> None:
    assert read(tmp_path, CASE_FILE_TEMPLATE) == CaseConfig()


def test_every_table_is_read_into_its_record(tmp_path: Path) -> None:
    config = read(
        tmp_path,
        '[ingest]\nocr = "off"\nworkers = 2\n'
        "[index]\nnprobe = 8\n"
        '[taxonomy]\nfile = "topics.yaml"\n'
        "[complaints]\nlookback_years = 3\n"
        '[models]\nspacy = "/models/spacy"\nembedding = "/models/minilm"\nprecision = "float32"\n'
        'runtime = "onnx"\n',
    )

    assert config == CaseConfig(
        ingest=IngestSettings(ocr="off", workers=2),
        index=IndexSettings(nprobe=8),
        taxonomy=TaxonomySettings(file="topics.yaml"),
        complaints=ComplaintSettings(lookback_years=3),
        models=ModelSettings(
            spacy="/models/spacy", embedding="/models/minilm", precision="float32", runtime="onnx"
        ),
    )


def test_every_ingest_option_can_be_set_in_the_case_file() -> None:
    # The budgets per file have their own table, [limits] (issue 22).
    options = [f.name for f in fields(IngestOptions) if f.name != "limits"]
    assert [f.name for f in fields(IngestSettings)] == options


YEARS = "[complaints] lookback_years must be a whole number of years, 1 or more, not"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # The file cannot be read at all.
        ("[ingest\n", "case.toml: cannot read case settings"),
        # A table given as a single value.
        ("ingest = 5\n", "case.toml: [ingest] must be a table of settings, not a single value"),
        ("models = 'x'\n", "case.toml: [models] must be a table of settings, not a single value"),
        # [ingest] and [index]: the messages the flags and the saved index share.
        (
            '[ingest]\nworkers = "2"\n',
            "ingest option workers must be a whole number, not '2' (see case.toml)",
        ),
        ("[ingest]\nocr = 1\n", "ingest option ocr must be text in quotes, not 1 (see case.toml)"),
        ("[ingest]\nthreads = 2\n", "unknown ingest option(s) threads (allowed: chunk_pages,"),
        ("[index]\nnprobe = 0\n", "index nprobe must be a whole number ≥ 1, got 0"),
        ('[index]\nnprobe = "32"\n', "index setting nprobe must be a whole number, not '32'"),
        ("[index]\nnlist = 100\n", "unknown index setting(s) nlist (allowed: approximate_above,"),
        # The tables only a case file sets name it.
        ("[taxonomy]\nfile = 3\n", "case.toml: [taxonomy] file must be text in quotes, not 3"),
        ("[models]\nembedding = 3\n", "case.toml: [models] embedding must be text in quotes"),
        ('[models]\nprecision = "fp8"\n', "unknown model precision 'fp8' (allowed: auto, float32,"),
        (
            '[models]\nruntime = "tflite"\n',
            "unknown embedding runtime 'tflite' (allowed: torch, sentence-transformers, onnx)",
        ),
        ("[models]\nruntime = 1\n", "case.toml: [models] runtime must be text in quotes, not 1"),
        ("[complaints]\nlookback_years = 0\n", f"case.toml: {YEARS} 0"),
        ('[complaints]\nlookback_years = "5"\n', f"case.toml: {YEARS} '5'"),
        ("[complaints]\nlookback_years = true\n", f"case.toml: {YEARS} True"),
    ],
)
def test_a_bad_case_file_is_one_line_saying_what_is_wrong(
    tmp_path: Path, text: str, message: str
) -> None:
    with pytest.raises(InputError) as raised:
        read(tmp_path, text)

    assert message in str(raised.value)
    assert "\n" not in str(raised.value)


def test_unknown_keys_outside_ingest_and_index_are_ignored_as_before(tmp_path: Path) -> None:
    config = read(
        tmp_path,
        'title = "Doe"\n[taxonomy]\nnote = 1\n[complaints]\nnote = 1\n[models]\nnote = 1\n'
        "[extra]\na = 1\n",
    )

    assert config == CaseConfig()


def test_ingest_values_are_checked_with_the_flags_laid_over_them() -> None:
    # A dask executor named in case.toml takes its scheduler from --scheduler.
    table = IngestSettings(executor="dask")

    options = table.options(scheduler="tcp://10.0.0.5:8786", workers=None)

    assert (options.executor, options.scheduler) == ("dask", "tcp://10.0.0.5:8786")
    with pytest.raises(InputError, match="the dask executor needs a scheduler address"):
        table.options()
    with pytest.raises(InputError, match="unknown OCR mode 'sometimes'"):
        IngestSettings(ocr="sometimes").options()


def test_a_flag_overrides_the_case_file_and_a_flag_left_out_keeps_it(case_dir: Path) -> None:
    (case_dir / "case.toml").write_text('[ingest]\nocr = "off"\nworkers = 1\n', encoding="utf-8")

    with open_case(case_dir) as case:
        from_file = ingest_options(case, ocr=None, workers=None)
        flagged = ingest_options(case, ocr="force", workers=None)

    assert (from_file.ocr, from_file.workers) == (OcrMode.OFF, 1)
    assert (flagged.ocr, flagged.workers) == (OcrMode.FORCE, 1)


def test_an_open_case_carries_its_config_and_its_topics_file(case_dir: Path) -> None:
    (case_dir / "case.toml").write_text(
        '[taxonomy]\nfile = "topics.yaml"\n[complaints]\nlookback_years = 2\n', encoding="utf-8"
    )

    with open_case(case_dir) as case:
        assert case.config.complaints.lookback_years == 2
        assert case.taxonomy_file == case.path / "topics.yaml"
