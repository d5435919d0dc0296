"""``monell injury topics`` end to end (issue 19): the implicated topics with the facts
behind them and their roles, and a reviewer's additions and removals, which go to the
review audit log, hold for a new injury text and new volumes, and decide the flags.

The case: a lesson plan on handcuffing a standing subject (nothing on holding people face
down, nothing on dogs); the injury: a knee on the back of a man lying face down, a
bystander officer, a hospital stay.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from fixturekit.pages import PageSpec, build_pdf
from monell.cli import main

pytestmark = pytest.mark.model

PRONE = "prone_restraint_positional_asphyxia"
LESSON_PLAN = (
    "RIVERTON POLICE ACADEMY",
    "LESSON PLAN: HANDCUFFING A STANDING SUBJECT",
    "Course Date: 03/01/2019",
    "PERFORMANCE OBJECTIVES",
    "Recruits will handcuff a compliant standing subject from the rear,",
    "check the fit with one finger and double-lock both cuffs.",
    "Each recruit demonstrates the technique three times at the skills station.",
)
ROSTER = (
    "RIVERTON POLICE ACADEMY - FIREARMS QUALIFICATION ROSTER",
    "Date: 05/04/2020",
    "Ofc. Lena Hale - qualified - 48/50",
    "Ofc. Tomas Roy - qualified - 46/50",
)
INJURY = (
    "Officer Hale knelt on Mr. Doe's back while he lay face down on the pavement. "
    "Officer Roy stood by and watched. Mr. Doe was treated at Mercy Hospital for two days."
)
SECOND_INJURY = (
    "Plaintiff John Doe lay face down on Elm Street while Defendant Hale pressed his knee "
    "into Plaintiff's back for four minutes. He now has nerve damage in his left arm."
)


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def topics(case: str) -> dict[str, dict]:
    code, out, err = invoke("injury", "topics", "--case", case, "--json")
    assert code == 0, err
    return {t["topic"]: t for t in json.loads(out)["topics"]}


def flag_topics(case: str) -> set[str]:
    code, out, err = invoke("flags", "--case", case, "--json")
    assert code == 0, err
    return {f["topic"] for f in json.loads(out)["flags"]}


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    root = tmp_path_factory.mktemp("topics")
    build_pdf(root / "VOL001" / "RIV0000001.pdf", [PageSpec(lines=LESSON_PLAN, bates="RIV0000001")])
    build_pdf(root / "VOL002" / "RIV0000050.pdf", [PageSpec(lines=ROSTER, bates="RIV0000050")])
    folder = str(root / "case")
    assert invoke("init", folder, "--incident-date", "2021-06-14")[0] == 0
    assert invoke("ingest", "--case", folder, str(root / "VOL001"), "--workers", "1")[0] == 0
    document = json.loads(invoke("docs", "--case", folder, "--json")[1])[0]
    assert invoke("docs", "--case", folder, "set-type", str(document["id"]), "lesson_plan")[0] == 0
    assert invoke("injury", "set", "--case", folder, "--text", INJURY)[0] == 0
    return folder, root


def test_each_topic_shows_the_facts_behind_it_with_their_roles(case: tuple[str, Path]) -> None:
    found = topics(case[0])
    assert {PRONE, "duty_to_intervene"} <= set(found)
    prone = found[PRONE]
    assert prone["status"] == "auto" and 0 < prone["confidence"] <= 1
    assert prone["facts"][0] == {
        "fact": 0,
        "text": "Officer Hale knelt on Mr. Doe's back while he lay face down on the pavement.",
        "role": "conduct",
        "score": prone["facts"][0]["score"],
        "implicates": True,
    }
    # the hospital stay is an outcome: it raises nothing
    assert not any(f["fact"] == 2 and f["implicates"] for t in found.values() for f in t["facts"])
    code, out, _ = invoke("injury", "show", "--case", case[0], "--json")
    roles = [f["role"] for f in json.loads(out)["facts"]]
    assert code == 0 and roles == ["conduct", "conduct", "outcome"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--add", "no_such_topic", "--note", "x", "--reviewer", "J"),
            "unknown topic no_such_topic",
        ),
        (("--remove", PRONE, "--reviewer", "J"), "say why with --note"),
        (("--remove", PRONE, "--note", "x"), "the reviewer's name"),
        (("--add", PRONE, "--remove", PRONE, "--note", "x", "--reviewer", "J"), "more than one"),
    ],
)
def test_a_bad_topic_decision_is_refused_in_one_line_and_nothing_is_recorded(
    case: tuple[str, Path], args: tuple[str, ...], message: str
) -> None:
    code, _, err = invoke("injury", "topics", "--case", case[0], *args)
    assert code == 1 and message in err and len(err.strip().splitlines()) == 1
    assert topics(case[0])[PRONE]["status"] == "auto"


def test_issue_19_a_reviewers_removal_removes_the_flag_and_is_kept_after_reingest(
    case: tuple[str, Path],
) -> None:
    folder, root = case
    assert PRONE in flag_topics(folder)
    code, _, err = invoke(
        "injury", "topics", "--case", folder, "--remove", PRONE,
        "--note", "the knee was on the shoulder, per the video", "--reviewer", "J. Ortiz",
    )  # fmt: skip
    assert code == 0 and f"{PRONE}: removed by J. Ortiz" in err
    assert PRONE not in flag_topics(folder)
    removed = topics(folder)[PRONE]
    assert (removed["status"], removed["reviewer"]) == ("removed", "J. Ortiz")
    # a new volume, then a new injury text: the decision holds
    assert invoke("ingest", "--case", folder, str(root / "VOL002"), "--workers", "1")[0] == 0
    assert PRONE not in flag_topics(folder)
    assert invoke("injury", "set", "--case", folder, "--text", SECOND_INJURY)[0] == 0
    assert topics(folder)[PRONE]["status"] == "removed"
    assert PRONE not in flag_topics(folder)
    # reset hands it back to the reading
    assert invoke("injury", "topics", "--case", folder, "--reset", PRONE, "--reviewer", "J")[0] == 0
    assert topics(folder)[PRONE]["status"] == "auto"
    assert PRONE in flag_topics(folder)


def test_a_reviewer_can_add_a_topic_the_reading_missed(case: tuple[str, Path]) -> None:
    folder = case[0]
    code, _, err = invoke(
        "injury", "topics", "--case", folder, "--add", "k9_deployment",
        "--note", "the BWC shows a dog", "--reviewer", "A. Lee",
    )  # fmt: skip
    assert code == 0, err
    added = topics(folder)["k9_deployment"]
    assert (added["status"], added["facts"]) == ("added", [])
    code, out, _ = invoke("flags", "--case", folder, "--json")
    flag = next(f for f in json.loads(out)["flags"] if f["topic"] == "k9_deployment")
    assert any("implicated by a reviewer (A. Lee)" in c for c in flag["cautions"])
    assert (
        invoke("injury", "topics", "--case", folder, "--reset", "k9_deployment", "--reviewer", "A")[
            0
        ]
        == 0
    )
