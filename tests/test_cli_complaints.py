"""``monell complaints`` end to end with the real models, on a generated IA log.

The log (incident 2021-06-14) holds five complaints: two prior chokehold complaints
against the same officer (one OCR-damaged), a Taser complaint after the incident, an
undated rudeness complaint, and a stale one from 2012.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from fixturekit.pages import PageSpec, build_pdf
from monell.cli import main

pytestmark = pytest.mark.model

PAGE_1 = (
    "RIVERTON POLICE DEPARTMENT",
    "INTERNAL AFFAIRS DIVISION - COMPLAINT HISTORY LOG",
    "IA #2019-0142",
    "Date of Incident: 03/02/2019",
    "Date Received: 03/05/2019",
    "Accused Member(s): Ofc. Dale Brandt #4471",
    "Allegation(s): Complainant alleged the officer choked him during the arrest.",
    "Finding: SUSTAINED - 3 day suspension",
    "IA #2020-0031",
    "Date of Incident: 02/11/2020",
    "Date Received: 02/12/2020",
    "Accused Member(s): Ofc. D. Brandt #4471; P.O. Mia Kerr",
    "Allegation(s): c0mplainant alleged the 0fficer ch0ked him and he could not breathe",
    "Finding: Not Sustained",
)
PAGE_2 = (
    "IA #2021-0388",
    "Date of Incident: 09/20/2021",
    "Date Received: 09/22/2021",
    "Accused Member(s): P.O. Mia Kerr",
    "Allegation(s): R/P STATES ACCUSED TASED HIM WHILE HANDCUFFED",
    "Finding: Pending",
    "IA #U-1177",
    "Accused Member(s): Sgt. Lee Ortiz",
    "Allegation(s): Officer was rude and cursed at the caller.",
    "Finding: Unfounded",
    "IA #2012-0090",
    "Date of Incident: 05/05/2012",
    "Accused Member(s): Ofc. Dale Brandt #4471",
    "Allegation(s): Complainant states the officer put him in a chokehold.",
    "Finding: Exonerated",
)


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("complaints")
    build_pdf(root / "VOL001" / "RIV0000101.pdf", [
        PageSpec(lines=PAGE_1, bates="RIV0000101"), PageSpec(lines=PAGE_2, bates="RIV0000102"),
    ])  # fmt: skip
    case = root / "case"
    assert invoke("init", str(case), "--incident-date", "2021-06-14")[0] == 0
    assert invoke("ingest", "--case", str(case), str(root / "VOL001"), "--workers", "1")[0] == 0
    assert invoke("docs", "--case", str(case), "set-type", "1", "complaint_file")[0] == 0
    assert invoke("case", "set", "--case", str(case), "--defendant", "Officer Dale Brandt")[0] == 0
    code, out, err = invoke("complaints", "--case", str(case), "--json")
    assert code == 0, err
    data = json.loads(out)
    data["by_id"] = {r["record_id"]: r for r in data["records"]}
    data["case"] = str(case)
    return data


def test_a_file_with_several_complaints_yields_each_record_with_its_fields(report: dict) -> None:
    assert list(report["by_id"]) == [
        "IA #2019-0142",
        "IA #2020-0031",
        "IA #2021-0388",
        "IA #U-1177",
        "IA #2012-0090",
    ]
    first = report["by_id"]["IA #2019-0142"]
    assert (first["event_date"], first["received_date"]) == ("2019-03-02", "2019-03-05")
    assert (first["disposition"], first["discipline"]) == ("sustained", "3 day suspension")
    assert (first["page"], first["bates"]) == (1, "RIV0000101")
    assert report["by_id"]["IA #2021-0388"]["page"] == 2


def test_ocr_damaged_allegations_still_map_to_their_topic(report: dict) -> None:
    assert "neck_restraints_chokeholds" in report["by_id"]["IA #2019-0142"]["topics"]
    assert "neck_restraints_chokeholds" in report["by_id"]["IA #2020-0031"]["topics"]


def test_complaints_after_the_incident_are_post_and_never_counted(report: dict) -> None:
    taser = report["by_id"]["IA #2021-0388"]
    assert taser["timing"] == "post"
    patterns = {p["topic"]: p for p in report["patterns"]}
    if "conducted_energy_weapons" in patterns:
        assert patterns["conducted_energy_weapons"]["prior_count"] == 0
        assert patterns["conducted_energy_weapons"]["post_count"] == 1


def test_an_undated_record_is_kept_as_undated(report: dict) -> None:
    assert report["by_id"]["IA #U-1177"]["timing"] == "undated"


def test_the_pattern_counts_prior_records_finds_repeat_officers_and_defendants(
    report: dict,
) -> None:
    neck = {p["topic"]: p for p in report["patterns"]}["neck_restraints_chokeholds"]
    assert neck["prior_count"] == 2 and neck["record_ids"] == ["IA #2019-0142", "IA #2020-0031"]
    assert neck["stale_count"] == 1  # 2012: outside the 5-year lookback, listed not counted
    assert neck["sustained_count"] == 1 and neck["by_disposition"] == {
        "not_sustained": 1,
        "sustained": 1,
    }
    assert (neck["first"], neck["last"]) == ("2019-03-02", "2020-02-11")
    assert neck["repeat_officers"] == ["Ofc. Dale Brandt #4471"]
    assert neck["defendant_officers"] == ["Officer Dale Brandt"]


def test_a_longer_lookback_counts_the_old_complaint(report: dict) -> None:
    code, out, _ = invoke(
        "complaints",
        "--case",
        report["case"],
        "--lookback-years",
        "10",
        "--topic",
        "neck_restraints_chokeholds",
        "--json",
    )
    assert code == 0
    (neck,) = json.loads(out)["patterns"]
    assert neck["prior_count"] == 3 and neck["stale_count"] == 0


def test_the_tables_show_records_and_patterns(report: dict) -> None:
    code, out, _ = invoke("complaints", "--case", report["case"])
    assert code == 0
    assert "IA #2019-0142" in out and "Notice pattern per topic" in out and "prior (stale)" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--topic", "chokes"), "unknown topic id 'chokes'"),
        (("--lookback-years", "0"), "--lookback-years must be at least 1"),
    ],
)
def test_bad_arguments_fail_with_one_line(
    report: dict, args: tuple[str, ...], message: str
) -> None:
    code, _, err = invoke("complaints", "--case", report["case"], *args)
    assert code != 0 and message in err and len(err.strip().splitlines()) == 1
