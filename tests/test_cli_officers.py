"""``monell officers`` end to end (issue 20): a sign-in sheet and a state transcript, a
plaintiff's own complaint naming the officer with a typo, and the flags that put the
defendant's training beside the topic.

The case (incident 2021-06-01): a First Aid and CPR course held twice before the incident;
Ofc. Lena Okafor was a no-show at the first and excused from the second, and completed it
after the incident. Ofc. Brandon Voss attended. The program covered the topic, so it is no
gap; Okafor's missing training is a candidate of its own kind.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from fixturekit.pages import PageSpec, build_pdf
from monell.cli import main

pytestmark = pytest.mark.model

SIGN_IN = PageSpec(
    lines=(
        "RIVERTON POLICE DEPARTMENT - TRAINING UNIT",
        "CLASS SIGN-IN: FA-20 First Aid and CPR for Officers (4.0 hours)",
        "Session date: 09/15/2020, 0800-1200, Classroom 2.",
    ),
    table=(
        ("No.", "Name", "Badge", "Signature", "Result"),
        ("1", "Ofc. Brandon Voss", "217", "B.V.", "Pass"),
        ("2", "Ofc. Lena Okafor", "241", "-", "NO SHOW"),
        ("3", "Sgt. Howard Ng", "109", "H.N.", "Pass"),
    ),
    bates="RIV0000001",
)
TRANSCRIPT = PageSpec(
    lines=(
        "STATE TRAINING STANDARDS BOARD - OFFICER TRAINING HISTORY",
        "Result codes: C = completed; NS = enrolled, did not attend; EX = enrolled, excused",
        "OFFICER: OKAFOR, LENA - Badge 241",
    ),
    table=(
        ("Date", "Course No.", "Course title", "Hours", "Result"),
        ("09/15/2020", "FA-20", "First Aid and CPR for Officers", "0.0", "NS"),
        ("03/09/2021", "FA-20", "First Aid and CPR for Officers (make-up)", "0.0", "EX"),
        ("08/02/2021", "FA-20", "First Aid and CPR for Officers (make-up)", "4.0", "C"),
        ("02/16/2021", "UOF-21", "Use of Force: Law and Policy Update", "2.0", "C"),
    ),
    bates="RIV0000002",
)
COMPLAINT = PageSpec(
    lines=(
        "RIVERTON POLICE DEPARTMENT - INTERNAL AFFAIRS COMPLAINT LOG",
        "IA #2021-0311",
        "Date of Incident: 06/01/2021",
        "Complainant: Jordan Doe",
        "Accused Member(s): Officer L. Okafr",
        "Allegation(s): Complainant states officers left him on the ground after he collapsed",
        "and did not call for medical help for twenty minutes.",
        "Finding: Pending",
    ),
    bates="RIV0000101",
)
INJURY = (
    "After Mr. Doe collapsed in the cell, Officer Okafor did not call for medical help and "
    "nobody checked his breathing for twenty minutes."
)


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory) -> str:
    root = tmp_path_factory.mktemp("officers")
    build_pdf(root / "VOL001" / "RIV0000001.pdf", [SIGN_IN])
    build_pdf(root / "VOL001" / "RIV0000002.pdf", [TRANSCRIPT])
    build_pdf(root / "VOL001" / "RIV0000101.pdf", [COMPLAINT])
    folder = str(root / "case")
    code, _, err = invoke(
        "init", folder, "--incident-date", "2021-06-01", "--name", "Doe v. City of Riverton"
    )
    assert code == 0, err
    assert invoke("ingest", "--case", folder, str(root / "VOL001"), "--workers", "1")[0] == 0
    documents = json.loads(invoke("docs", "--case", folder, "--json")[1])
    types = {
        "RIV0000001.pdf": "training_log",
        "RIV0000002.pdf": "training_log",
        "RIV0000101.pdf": "complaint_file",
    }
    for document in documents:
        invoke(
            "docs", "--case", folder, "set-type", str(document["id"]), types[document["file_name"]]
        )
    return folder


@pytest.fixture(scope="module")
def officers(case: str) -> dict:
    code, out, err = invoke("officers", "--case", case, "--all", "--json")
    assert code == 0, err
    return json.loads(out)


def by_name(data: dict, text: str) -> dict:
    return next(o for o in data["officers"] if text in o["name"])


def test_the_accused_officer_is_matched_across_sheet_transcript_and_complaint(
    officers: dict,
) -> None:
    okafor = by_name(officers, "Okafor")
    assert okafor["defendant"] and okafor["defendant_name"] == "Officer L. Okafr"
    assert okafor["badge"] == "241"
    assert {"Ofc. Lena Okafor", "OKAFOR, LENA"} <= set(okafor["matched_names"])
    assert officers["as_of"] == "2021-06-01"


def test_missed_sessions_and_a_make_up_after_the_incident_mean_not_trained(
    officers: dict,
) -> None:
    okafor = by_name(officers, "Okafor")
    aid = next(t for t in okafor["topics"] if t["topic"] == "medical_aid_detainees")
    assert aid["trained_before_incident"] is False
    assert [(s["date"], s["status"]) for s in aid["missed_before_incident"]] == [
        ("2020-09-15", "no-show"),
        ("2021-03-09", "excused"),
    ]
    assert [s["date"] for s in aid["after_incident"]] == ["2021-08-02"]
    assert "RIV0000001" in aid["missed_before_incident"][0]["cite"]  # both copies cited
    assert "RIV0000002" in aid["missed_before_incident"][0]["cite"]


def test_an_officer_who_attended_is_trained_with_the_session_cited(officers: dict) -> None:
    voss = by_name(officers, "Voss")
    aid = next(t for t in voss["topics"] if t["topic"] == "medical_aid_detainees")
    assert aid["trained_before_incident"] is True
    assert aid["sessions"][0]["date"] == "2020-09-15"
    assert aid["sessions"][0]["cite"].startswith("RIV0000001.pdf p.1 RIV0000001")


def test_a_defendant_without_records_and_a_reviewer_s_parting_hold(case: str) -> None:
    assert invoke("case", "set", "--case", case, "--defendant", "Dep. Carl Ibsen")[0] == 0
    code, out, _ = invoke(
        "officers", "match", "--case", case, "OKAFOR, LENA", "--not-same-as", "Ofc. Lena Okafor"
    )
    assert code == 0 and "different officer" in out
    data = json.loads(invoke("officers", "--case", case, "--all", "--json")[1])
    ibsen = by_name(data, "Ibsen")
    assert ibsen["defendant"] and ibsen["records"] == 0
    assert {t["trained_before_incident"] for t in ibsen["topics"]} == {None}  # not a "no"
    assert sum("Okafor" in o["name"] for o in data["officers"]) == 2  # parted for good
    # put the case back for the flags below
    invoke("officers", "match", "--case", case, "OKAFOR, LENA", "--same-as", "Ofc. Lena Okafor")
    assert invoke("case", "set", "--case", case, "--remove-defendant", "Dep. Carl Ibsen")[0] == 0


def test_bad_input_is_one_line_and_a_non_zero_exit(case: str) -> None:
    code, _, err = invoke("officers", "--case", case, "--topic", "no_such_topic")
    assert code != 0 and "unknown topic id 'no_such_topic'" in err
    code, _, err = invoke("officers", "match", "--case", case, "A. Name")
    assert code != 0 and "exactly one of" in err


def test_the_flags_show_the_defendant_s_training_and_the_untrained_candidate(case: str) -> None:
    assert invoke("injury", "set", "--case", case, "--text", INJURY)[0] == 0
    code, out, err = invoke("flags", "--case", case, "--json")
    assert code == 0, err
    report = json.loads(out)
    shown = report["flags"] + report["untrained_defendants"]
    entry = next(e for e in shown if e["topic"] == "medical_aid_detainees")
    defendants = entry.get("defendants_training") or entry["defendants"]
    okafor = next(d for d in defendants if "Okafr" in d["officer"])
    assert okafor["trained_before_incident"] is False
    assert "offered and missed" in okafor["summary"] and "after the incident" in okafor["summary"]
    if entry in report["untrained_defendants"]:
        assert entry["kind"] == "covered program, untrained defendant"
        assert entry["id"] == "D-medical_aid_detainees"
