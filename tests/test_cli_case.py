"""``monell init`` and finding the case: --case, MONELL_CASE, the current folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from monell.cli import main


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def test_init_creates_a_case_folder_with_database_and_index_room(tmp_path: Path) -> None:
    code, out, _ = run("init", "mycase", "--incident-date", "2021-06-14", "--agency", "Riverton PD")
    assert code == 0
    assert "Created case 'mycase' (incident 2021-06-14)" in out
    assert {p.name for p in Path("mycase").iterdir()} >= {"case.toml", "monell.db", "indexes"}


@pytest.mark.parametrize(
    ("date", "message"),
    [
        ("06/14/2021", "is not a date in the form YYYY-MM-DD"),
        ("2021-02-30", "is not a date in the form YYYY-MM-DD"),
        ("2999-01-01", "is in the future"),
    ],
)
def test_init_rejects_bad_incident_dates_and_creates_nothing(date: str, message: str) -> None:
    code, _, err = run("init", "mycase", "--incident-date", date)
    assert code == 1
    assert message in err and len(err.strip().splitlines()) == 1
    assert not Path("mycase").exists()


def test_init_refuses_to_overwrite_an_existing_case(case_dir: Path) -> None:
    code, _, err = run("init", str(case_dir), "--incident-date", "2020-01-01")
    assert code == 1 and "already a monell case" in err


def test_commands_find_the_case_from_flag_env_or_current_folder(
    case_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert (
        json.loads(run("status", "--json", "--case", str(case_dir))[1])["case"]["name"]
        == "Doe v. Riverton"
    )
    assert run("status", "--json", env={"MONELL_CASE": str(case_dir)})[0] == 0
    monkeypatch.chdir(case_dir)
    assert run("status", "--json")[0] == 0


def test_a_folder_that_is_not_a_case_gets_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "random").mkdir()
    code, _, err = run("status", "--case", str(tmp_path / "random"))
    assert code == 1
    assert err.strip() == (
        f"Error: {tmp_path / 'random'}: not a monell case folder "
        "(create one with `monell init DIR --incident-date YYYY-MM-DD`)"
    )
