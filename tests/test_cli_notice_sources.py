"""``monell complaints --json`` end to end on notice from several sources: an IA file and the
city attorney's litigation register (a spreadsheet nobody typed as a complaint file).

Incident 2021-06-14. The IA file holds two complaints; the register lists the lawsuit that
followed the first (same plaintiff, same day), a lawsuit filed before the incident about an
event no complaint recorded, the plaintiff's own lawsuit, and a row with no case number.
"""

from __future__ import annotations

import csv
import json

import pytest
from click.testing import CliRunner

from fixturekit.pages import PageSpec, build_pdf
from monell.cli import main

pytestmark = pytest.mark.model

IA_PAGE = (
    "HARLAN POLICE DEPARTMENT - INTERNAL AFFAIRS DIVISION",
    "IA #2019-0142",
    "Date of Incident: 03/02/2019",
    "Date Received: 03/05/2019",
    "Complainant: Dana Okafor-Reyes",
    "Accused Member(s): Ofc. Dale Brandt #4471",
    "Allegation(s): Complainant states the officer knelt on his back while he lay face down.",
    "Finding: Not Sustained",
    "IA #2020-0031",
    "Date of Incident: 02/11/2020",
    "Date Received: 02/12/2020",
    "Complainant: Lee Marsh",
    "Accused Member(s): P.O. Mia Kerr",
    "Allegation(s): Officer was rude at a traffic stop.",
    "Finding: Sustained",
)
REGISTER = [
    ["Case No.", "Caption", "Date of Incident", "Date Filed", "Nature of Claim", "Status"],
    ["2:19-cv-00512", "Okafor-Reyes v. City of Harlan", "03/02/2019", "09/30/2019",
     "Excessive force - prone restraint", "Settled $40,000"],
    ["20-CV-0777", "Quade v. City of Harlan", "01/15/2020", "07/01/2020",
     "Officer choked plaintiff during arrest", "Dismissed"],
    ["21-CV-1201", "Doe v. City of Harlan", "06/14/2021", "11/02/2021",
     "Wrongful arrest and force", "Pending"],
    ["", "Ruiz v. City of Harlan", "05/05/2019", "10/10/2019", "Dog bite by police canine",
     "Denied"],
]  # fmt: skip


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("notice")
    build_pdf(root / "VOL001" / "HPD0000101.pdf", [PageSpec(lines=IA_PAGE, bates="HPD0000101")])
    with (root / "VOL001" / "litigation_register.csv").open("w", newline="") as handle:
        csv.writer(handle).writerows(REGISTER)
    case = root / "case"
    assert invoke("init", str(case), "--incident-date", "2021-06-14",
                  "--name", "Doe v. City of Harlan")[0] == 0  # fmt: skip
    assert invoke("ingest", "--case", str(case), str(root / "VOL001"), "--workers", "1")[0] == 0
    docs = json.loads(invoke("docs", "--case", str(case), "--json")[1])
    ia = next(d for d in docs if d["file"].endswith(".pdf"))
    assert invoke("docs", "--case", str(case), "set-type", str(ia["id"]), "complaint_file")[0] == 0
    code, out, err = invoke("complaints", "--case", str(case), "--json")
    assert code == 0, err
    data = json.loads(out)
    data["stderr"] = err
    data["by_id"] = {r["record_id"]: r for r in data["records"]}
    return data


def test_the_complaint_and_its_lawsuit_are_one_record_with_both_cites(report: dict) -> None:
    event = report["by_id"]["IA #2019-0142"]
    assert event["source_kind"] == "ia_file"
    (suit,) = event["copies"]
    assert suit["record_id"] == "2:19-cv-00512" and suit["source_kind"] == "lawsuit"
    assert suit["disposition_text"] == "Settled $40,000"
    assert "litigation_register.csv" in suit["cite"]
    assert "prone_restraint_positional_asphyxia" in event["topics"]
    assert event["timing"] == "prior"


def test_a_lawsuit_filed_before_the_incident_is_notice_of_its_own(report: dict) -> None:
    suit = report["by_id"]["20-CV-0777"]
    assert suit["source_kind"] == "lawsuit" and suit["timing"] == "prior"
    assert suit["received_date"] == "2020-07-01" and suit["disposition"] == "dismissed"
    assert "neck_restraints_chokeholds" in suit["topics"]
    assert suit["topic_words"]["neck_restraints_chokeholds"] == ["choked"]
    neck = next(p for p in report["patterns"] if p["topic"] == "neck_restraints_chokeholds")
    assert neck["record_ids"] == ["20-CV-0777"]


def test_the_plaintiffs_own_lawsuit_is_never_notice(report: dict) -> None:
    own = report["by_id"]["21-CV-1201"]
    assert own["own"] is True and own["timing"] == "post"


def test_a_register_row_without_a_number_is_kept_with_a_warning(report: dict) -> None:
    (row,) = [r for r in report["records"] if r["warnings"]]
    assert row["source_kind"] == "lawsuit" and row["disposition"] == "denied"
    assert "without a number" in row["warnings"][0]
    assert "without a number" in report["stderr"]


def test_each_event_is_counted_once(report: dict) -> None:
    assert len(report["records"]) == 5  # two complaints, three lawsuits of their own
    prone = next(
        p for p in report["patterns"] if p["topic"] == "prone_restraint_positional_asphyxia"
    )
    assert prone["prior_count"] == 1
