"""``monell coverage`` end to end with the real packaged models, on a small generated case.

The case (incident 2021-06-14) holds a lesson plan that teaches neck restraints in other
words than the topic's name and says it does not address vehicle pursuits, a curriculum
whose table of contents lists a CEW block that is never taught, an OC spray course dated
after the incident, and a use-of-force policy that bans chokeholds.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from fixturekit.pages import PageSpec, build_pdf
from monell.cli import main

pytestmark = pytest.mark.model

LESSON_PLAN = [
    PageSpec(
        lines=(
            "RIVERTON POLICE DEPARTMENT",
            "LESSON PLAN: DEFENSIVE TACTICS, BLOCK 6",
            "Effective Date: 03/01/2019",
            "PERFORMANCE OBJECTIVES",
            "Recruits will apply a lateral vascular restraint on a padded partner,",
            "compressing both sides of the neck while keeping the airway clear.",
            "Instructors stop the hold at the tap signal and watch for loss of consciousness.",
            "Each recruit demonstrates the restraint three times at the skills station.",
            "SCOPE",
            "This block does not address vehicle pursuits.",
        ),
        bates="RIV0000001",
    )
]
CURRICULUM = [
    PageSpec(
        lines=(
            "RIVERTON POLICE ACADEMY CURRICULUM",
            "Effective Date: 01/15/2018",
            "TABLE OF CONTENTS",
            "Block 1 Orientation .......... 3",
            "Block 2 Conducted Energy Weapons .......... 12",
            "Block 3 Report Writing .......... 19",
        ),
        bates="RIV0000002",
    ),
    PageSpec(
        lines=(
            "BLOCK 3: REPORT WRITING",
            "Recruits will write incident reports and supplemental narratives in plain language,",
            "with the date, time, location and the facts each officer saw personally.",
            "Instructors grade three practice reports for accuracy and completeness.",
        ),
        bates="RIV0000003",
    ),
]
LATER_COURSE = [
    PageSpec(
        lines=(
            "RIVERTON POLICE DEPARTMENT",
            "LESSON PLAN: OC SPRAY DEPLOYMENT AND DECONTAMINATION",
            "Course Date: 02/10/2022",
            "LEARNING OBJECTIVES",
            "Officers will deploy oleoresin capsicum spray in one-second bursts at the face,",
            "give a warning first when feasible, and begin decontamination with cool water",
            "and fresh air as soon as the subject is controlled.",
        ),
        bates="RIV0000004",
    )
]
POLICY = [
    PageSpec(
        lines=(
            "RIVERTON POLICE DEPARTMENT GENERAL ORDER 300: USE OF FORCE",
            "Effective Date: 01/01/2018",
            "300.4 PROHIBITED TECHNIQUES",
            "Officers shall not use a chokehold or carotid restraint",
            "unless the use of deadly force is authorized by law.",
        ),
        bates="RIV0000005",
    )
]
TYPES = ["lesson_plan", "training_curriculum", "lesson_plan", "policy"]


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def coverage_case(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("coverage")
    production = root / "VOL001"
    for name, pages in (
        ("RIV0000001.pdf", LESSON_PLAN),
        ("RIV0000002.pdf", CURRICULUM),
        ("RIV0000004.pdf", LATER_COURSE),
        ("RIV0000005.pdf", POLICY),
    ):
        build_pdf(production / name, pages)
    case = root / "case"
    assert invoke("init", str(case), "--incident-date", "2021-06-14")[0] == 0
    assert invoke("ingest", "--case", str(case), str(production), "--workers", "1")[0] == 0
    documents = json.loads(invoke("docs", "--case", str(case), "--json")[1])
    for document, doc_type in zip(
        sorted(documents, key=lambda d: d["file_name"]), TYPES, strict=True
    ):
        assert (
            invoke("docs", "--case", str(case), "set-type", str(document["id"]), doc_type)[0] == 0
        )
    return case


@pytest.fixture(scope="module")
def report(coverage_case: Path) -> dict:
    code, out, err = invoke("coverage", "--case", str(coverage_case), "--json")
    assert code == 0, err
    data = json.loads(out)
    return {
        "as_of": data["as_of"],
        **{t["topic"]: t for t in data["topics"]},
        "_all": data["topics"],
    }


def test_every_default_topic_gets_a_verdict_as_of_the_incident_date(report: dict) -> None:
    assert report["as_of"] == "2021-06-14"
    assert len(report["_all"]) == 23
    assert all(t["verdict"] in {"covered", "thin", "absent"} for t in report["_all"])


def test_coverage_in_other_words_than_the_topic_name_is_found(report: dict) -> None:
    neck = report["neck_restraints_chokeholds"]
    assert neck["verdict"] == "covered"
    assert neck["evidence"][0]["file"] == "RIV0000001.pdf"


def test_every_verdict_that_is_not_absent_cites_page_and_bates(report: dict) -> None:
    for topic in report["_all"]:
        if topic["verdict"] != "absent":
            assert topic["evidence"], topic["topic"]
            assert all(e["page"] >= 1 and e["bates"] for e in topic["evidence"]), topic["topic"]


def test_a_negated_sentence_does_not_make_a_topic_covered(report: dict) -> None:
    pursuits = report["vehicle_pursuits_emergency_driving"]
    assert pursuits["verdict"] == "absent"
    misses = pursuits["absence_record"]["nearest_misses"]
    assert misses and misses[0]["depth"] == "negated"
    assert "not covered" in pursuits["reason"]


def test_a_table_of_contents_mention_is_thin_at_most(report: dict) -> None:
    assert report["conducted_energy_weapons"]["verdict"] in {"thin", "absent"}


def test_a_course_dated_after_the_incident_is_listed_as_post_incident_only(report: dict) -> None:
    oc = report["oc_chemical_agents"]
    assert oc["verdict"] == "absent"
    assert [e["file"] for e in oc["post_incident_evidence"]][:1] == ["RIV0000004.pdf"]
    assert oc["post_incident_evidence"][0]["date"] == "2022-02-10"


def test_an_absent_verdict_records_what_was_searched(report: dict) -> None:
    record = report["k9_deployment"]["absence_record"]
    searched = {d["file"]: d for d in record["searched_documents"]}
    assert set(searched) == {"RIV0000001.pdf", "RIV0000002.pdf"}
    assert searched["RIV0000002.pdf"]["bates_begin"] == "RIV0000002"
    assert [d["file"] for d in record["post_incident_documents"]] == ["RIV0000004.pdf"]
    assert record["patterns"] and len(record["queries"]) > 10 and record["thresholds"]


def test_policy_coverage_is_reported_apart_from_training(report: dict) -> None:
    assert report["neck_restraints_chokeholds"]["policy_verdict"] == "covered"
    assert report["k9_deployment"]["policy_verdict"] == "absent"


def test_as_of_a_later_date_counts_the_later_course(coverage_case: Path) -> None:
    code, out, _ = invoke(
        "coverage", "--case", str(coverage_case), "--as-of", "2023-01-01",
        "--topic", "oc_chemical_agents", "--json",
    )  # fmt: skip
    assert code == 0
    (oc,) = json.loads(out)["topics"]
    assert oc["verdict"] == "covered" and oc["post_incident_evidence"] == []


def test_the_table_shows_a_row_per_topic(coverage_case: Path) -> None:
    code, out, _ = invoke(
        "coverage", "--case", str(coverage_case), "--topic", "neck_restraints_chokeholds"
    )
    assert code == 0
    assert "neck_restraints_chokeholds" in out and "covered" in out and "RIV0000001" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--topic", "neck_holds"), "unknown topic id 'neck_holds'"),
        (("--as-of", "June 2021"), "--as-of 'June 2021' is not a date"),
    ],
)
def test_bad_arguments_fail_with_one_line(
    coverage_case: Path, args: tuple[str, ...], message: str
) -> None:
    code, _, err = invoke("coverage", "--case", str(coverage_case), *args)
    assert code != 0
    assert message in err and len(err.strip().splitlines()) == 1


def test_a_case_without_training_documents_says_so(tmp_path: Path) -> None:
    empty = tmp_path / "case"
    invoke("init", str(empty), "--incident-date", "2021-06-14")

    code, out, err = invoke("coverage", "--case", str(empty), "--json")
    assert code == 0
    assert "no training documents" in err
    assert {t["verdict"] for t in json.loads(out)["topics"]} == {"absent"}


def test_a_malformed_case_taxonomy_is_a_clear_error(coverage_case: Path, tmp_path: Path) -> None:
    broken = tmp_path / "case"
    invoke("init", str(broken), "--incident-date", "2021-06-14")
    (broken / "topics.yaml").write_text("topics:\n  - id: [unclosed\n", encoding="utf-8")
    settings = (broken / "case.toml").read_text(encoding="utf-8")
    settings = settings.replace('# file = "topics.yaml"', 'file = "topics.yaml"', 1)
    (broken / "case.toml").write_text(settings, encoding="utf-8")

    code, _, err = invoke("coverage", "--case", str(broken))
    assert code != 0
    assert "topics.yaml" in err and len(err.strip().splitlines()) == 1


def test_a_scan_that_could_not_be_read_is_in_the_record_of_absence(tmp_path: Path) -> None:
    production = tmp_path / "VOL001"
    build_pdf(production / "RIV0000001.pdf", LESSON_PLAN)
    build_pdf(
        production / "RIV0000201.pdf",
        [PageSpec(lines=("LESSON PLAN: NECK RESTRAINTS",), bates="RIV0000201", image_only=True)],
    )
    case = tmp_path / "case"
    invoke("init", str(case), "--incident-date", "2021-06-14")
    invoke("ingest", "--case", str(case), str(production), "--workers", "1", "--ocr", "off")
    lesson = next(
        d["id"]
        for d in json.loads(invoke("docs", "--case", str(case), "--json")[1])
        if d["file_name"] == "RIV0000001.pdf"
    )
    invoke("docs", "--case", str(case), "set-type", str(lesson), "lesson_plan")

    code, out, err = invoke("coverage", "--case", str(case), "--json", "--topic", "k9_deployment")

    assert code == 0, err
    (topic,) = json.loads(out)["topics"]
    searched = {d["file"]: d for d in topic["absence_record"]["searched_documents"]}
    assert searched["RIV0000201.pdf"]["doc_type"] == "unknown (no page could be read)"
    assert "1 scanned document(s) of unknown type could not be read at all" in topic["reason"]
    assert json.loads(out)["training_documents"] == 1


def test_courses_lists_each_course_with_its_status_and_cites(coverage_case: Path) -> None:
    code, out, err = invoke("courses", "--case", str(coverage_case), "--json")

    assert code == 0, err
    data = json.loads(out)
    assert data["as_of"] == "2021-06-14"
    statuses = {
        "delivered",
        "scheduled",
        "planned",
        "cancelled",
        "postponed",
        "suspended",
        "not held",
        "reserved",
        "undated",
    }
    for course in data["courses"]:
        assert course["cites"] and course["status"] in statuses
    assert invoke("courses", "--case", str(coverage_case))[0] == 0


def test_courses_refuses_an_unknown_topic_in_one_line(coverage_case: Path) -> None:
    code, _, err = invoke("courses", "--case", str(coverage_case), "--topic", "neck_holds")
    assert code != 0
    assert "unknown topic id 'neck_holds'" in err and len(err.strip().splitlines()) == 1
