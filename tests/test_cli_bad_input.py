"""Bad input gets one line naming the cause, a non-zero exit, and nothing stored is lost or
half-written: defendants, case folders, empty ingests, report paths, case.toml values,
a busy database, review notes, scheduler addresses, taken ports, document ids."""

from __future__ import annotations

import os
import socket
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from monell import store as store_module
from monell.app.decisions import record_decision
from monell.app.workspace import open_case
from monell.cli import main
from monell.config import IngestOptions
from monell.errors import InputError
from monell.web.server import check_free


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def one_line_error(code: int, err: str, *words: str) -> bool:
    lines = err.strip().splitlines()
    return code != 0 and len(lines) == 1 and all(w in lines[0] for w in words)


def defendants(case_dir: Path) -> list[str]:
    with open_case(case_dir) as case:
        return case.store.defendants()


def test_a_bad_defendant_name_among_several_stores_none_of_them(case_dir: Path) -> None:
    code, _, err = run("case", "--case", str(case_dir), "set", "--defendant", "Ofc. A",
                       "--defendant", "   ")  # fmt: skip

    assert one_line_error(code, err, "cannot be empty")
    assert defendants(case_dir) == []


def test_removing_an_unknown_defendant_undoes_the_additions_of_the_same_command(
    case_dir: Path,
) -> None:
    code, _, err = run("case", "--case", str(case_dir), "set", "--defendant", "Ofc. B",
                       "--remove-defendant", "Nobody")  # fmt: skip

    assert one_line_error(code, err, "no defendant named 'Nobody'", "nothing changed")
    assert defendants(case_dir) == []


def test_a_defendant_name_is_kept_on_one_line_and_a_huge_one_is_refused(case_dir: Path) -> None:
    code, _, err = run("case", "--case", str(case_dir), "set", "--defendant", "x" * 5000)
    assert one_line_error(code, err, "one line")

    assert run("case", "--case", str(case_dir), "set", "--defendant", "Ofc.\nJ.  Ortiz")[0] == 0
    assert defendants(case_dir) == ["Ofc. J. Ortiz"]


def test_init_never_creates_a_case_over_an_existing_case_database(case_dir: Path) -> None:
    (case_dir / "case.toml").unlink()

    code, _, err = run("init", str(case_dir), "--incident-date", "2015-01-01", "--name", "Other")

    assert one_line_error(code, err, "case database", "restore case.toml")
    (case_dir / "case.toml").write_text("", encoding="utf-8")
    with open_case(case_dir) as case:
        assert case.info.incident_date.isoformat() == "2021-06-14"  # untouched


def test_a_case_missing_its_settings_or_its_database_says_which(case_dir: Path) -> None:
    (case_dir / "monell.db").rename(case_dir / "elsewhere.db")

    code, _, err = run("status", "--case", str(case_dir))

    assert one_line_error(code, err, "monell.db is missing")


def test_init_where_no_folder_can_be_made_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("x", encoding="utf-8")

    code, _, err = run("init", str(tmp_path / "afile" / "sub"), "--incident-date", "2021-06-14")

    assert one_line_error(code, err, "afile")


def test_ingesting_a_folder_with_nothing_in_it_fails_and_stores_no_production(
    case_dir: Path, tmp_path: Path
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / ".DS_Store").write_bytes(b"\0")

    code, _, err = run("ingest", "--case", str(case_dir), str(empty), "--production", "GHOST")

    assert one_line_error(code, err, "nothing to ingest", "empty")
    with open_case(case_dir) as case:
        assert case.store.production_counts() == []


def test_ingesting_a_device_is_refused(case_dir: Path) -> None:
    code, _, err = run("ingest", "--case", str(case_dir), os.devnull)

    assert one_line_error(code, err, "not a file or a folder")


def test_a_report_into_a_folder_is_refused_before_any_analysis(
    case_dir: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "outdir"
    folder.mkdir()

    code, _, err = run("report", "--case", str(case_dir), "-o", str(folder))

    assert one_line_error(code, err, "is a folder")
    assert list(tmp_path.glob("*.partial")) == []


@pytest.mark.parametrize(
    ("settings", "words"),
    [
        ('[ingest]\nworkers = "2"\n', ("workers", "whole number")),
        ("ingest = 5\n", ("[ingest]", "table")),
        ("[models]\nembedding = 3\n", ("[models] embedding", "text")),
        ("[taxonomy]\nfile = 3\n", ("[taxonomy] file", "text")),
    ],
)
def test_wrong_kinds_of_values_in_case_toml_are_one_line(
    case_dir: Path, settings: str, words: tuple[str, ...]
) -> None:
    (case_dir / "case.toml").write_text(settings, encoding="utf-8")

    code, _, err = run("reindex", "--case", str(case_dir))

    assert one_line_error(code, err, *words)


def test_a_busy_database_is_one_line_and_changes_nothing(
    case_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_MS", 50)
    holder = sqlite3.connect(case_dir / "monell.db", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        code, _, err = run("case", "--case", str(case_dir), "set", "--defendant", "Ofc. Z")
    finally:
        holder.execute("ROLLBACK")
        holder.close()

    assert one_line_error(code, err, "busy", "another monell command")
    assert defendants(case_dir) == []


@pytest.mark.parametrize(
    ("reviewer", "note", "words"),
    [("J.\nOrtiz", "", ("one line",)), ("JO", "x" * 4001, ("4001 characters",))],
)
def test_a_review_decision_takes_a_one_line_name_and_a_note_of_bounded_length(
    case: object, reviewer: str, note: str, words: tuple[str, ...]
) -> None:
    with pytest.raises(InputError, match=words[0]):
        record_decision(case.store, None, "F-x", "confirmed", reviewer, note)  # type: ignore[arg-type,attr-defined]


@pytest.mark.parametrize("address", ["garbage", "10.0.0.5", "tcp://10.0.0.5"])
def test_a_scheduler_address_without_a_port_is_refused_up_front(address: str) -> None:
    with pytest.raises(InputError, match="address with a port"):
        IngestOptions(executor="dask", scheduler=address)


def test_a_taken_port_is_one_line_before_any_analysis() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(InputError, match=f"cannot listen on 127.0.0.1:{port}"):
            check_free("127.0.0.1", port)


def test_document_ids_out_of_range_are_usage_errors_not_crashes(case_dir: Path) -> None:
    code, _, err = run("docs", "--case", str(case_dir), "set-type", "9" * 25, "lesson_plan")

    assert code == 2 and "Traceback" not in err


def test_searching_an_unknown_production_says_so(case_dir: Path) -> None:
    code, _, err = run("search", "--case", str(case_dir), "chokehold", "--production", "NOPE")

    assert one_line_error(code, err, "no production 'NOPE'")
