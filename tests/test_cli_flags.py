"""``monell injury`` and ``monell flags`` end to end with the real models.

The case (incident 2021-06-14): a lesson plan that teaches handcuffing a standing subject
and nothing about holding people face-down; an IA log with two prior complaints of
officers kneeling on a handcuffed man's back and one after the incident. The injury:
held face-down with a knee on his back until he could not breathe.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from fixturekit.pages import PageSpec, build_pdf
from monell.cli import main

pytestmark = pytest.mark.model

LESSON_PLAN = (
    "RIVERTON POLICE ACADEMY",
    "LESSON PLAN: HANDCUFFING A STANDING SUBJECT",
    "Course Date: 03/01/2019",
    "PERFORMANCE OBJECTIVES",
    "Recruits will handcuff a compliant standing subject from the rear,",
    "check the fit with one finger and double-lock both cuffs.",
    "Each recruit demonstrates the technique three times at the skills station.",
)
IA_LOG = (
    "RIVERTON POLICE DEPARTMENT - INTERNAL AFFAIRS COMPLAINT LOG",
    "IA #2019-0101",
    "Date of Incident: 04/02/2019",
    "Accused Member(s): Ofc. Dale Brandt #4471",
    "Allegation(s): C ALLEGES OFFICERS KNELT ON HIS BACK WHILE HE WAS HANDCUFFED FACE DOWN",
    "AND HE COULD NOT BREATHE",
    "Finding: Not Sustained",
    "IA #2020-0044",
    "Date of Incident: 08/19/2020",
    "Accused Member(s): Ofc. Mia Kerr",
    "Allegation(s): Complainant states officers held him prone with a knee on his back",
    "for several minutes after he was cuffed and he passed out.",
    "Finding: Sustained",
    "IA #2022-0007",
    "Date of Incident: 01/05/2022",
    "Accused Member(s): Ofc. Mia Kerr",
    "Allegation(s): C ALLEGES OFFICER KNELT ON HIS BACK FACE DOWN AFTER HANDCUFFING",
    "Finding: Pending",
)
INJURY = (
    "After he was handcuffed, officers held Mr. Doe face-down on the pavement with a knee on "
    "his back for over five minutes. He told them he could not breathe and lost consciousness."
)


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory) -> str:
    root = tmp_path_factory.mktemp("flags")
    build_pdf(root / "VOL001" / "RIV0000001.pdf", [PageSpec(lines=LESSON_PLAN, bates="RIV0000001")])
    build_pdf(root / "VOL001" / "RIV0000101.pdf", [PageSpec(lines=IA_LOG, bates="RIV0000101")])
    folder = str(root / "case")
    assert invoke("init", folder, "--incident-date", "2021-06-14")[0] == 0
    assert invoke("ingest", "--case", folder, str(root / "VOL001"), "--workers", "1")[0] == 0
    documents = json.loads(invoke("docs", "--case", folder, "--json")[1])
    types = {"RIV0000001.pdf": "lesson_plan", "RIV0000101.pdf": "complaint_file"}
    for document in documents:
        invoke(
            "docs", "--case", folder, "set-type", str(document["id"]), types[document["file_name"]]
        )
    return folder


@pytest.fixture(scope="module")
def report(case: str) -> dict:
    assert invoke("injury", "set", "--case", case, "--text", INJURY)[0] == 0
    code, out, err = invoke("flags", "--case", case, "--json")
    assert code == 0, err
    return json.loads(out)


def test_the_injury_is_cut_into_facts_mapped_to_topics(case: str, report: dict) -> None:
    code, out, _ = invoke("injury", "show", "--case", case, "--json")
    assert code == 0
    facts = json.loads(out)["facts"]
    assert len(facts) == 2 and facts[0]["start"] == 0
    assert any("prone_restraint_positional_asphyxia" in f["topics"] for f in facts)


def test_absent_training_and_prior_similar_complaints_make_a_strong_flag(report: dict) -> None:
    flags = {f["topic"]: f for f in report["flags"]}
    prone = flags["prone_restraint_positional_asphyxia"]
    assert prone["id"] == "F-prone_restraint_positional_asphyxia"
    assert (prone["training_verdict"], prone["strength"]) == ("absent", "strong")
    assert prone["prior_count"] == 2 and prone["sustained_count"] == 1
    assert prone["post_count"] == 1  # shown, never counted
    assert [c["record_id"] for c in prone["prior_complaints"]] == ["IA #2019-0101", "IA #2020-0044"]
    assert prone["absence_record"]["searched_documents"][0]["bates_begin"] == "RIV0000001"
    assert prone["injury_facts"] and prone["why"].startswith("strong:")


def test_flag_ids_stay_the_same_on_a_second_run(case: str, report: dict) -> None:
    again = json.loads(invoke("flags", "--case", case, "--json")[1])
    assert [f["id"] for f in again["flags"]] == [f["id"] for f in report["flags"]]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("injury", "set", "--text", "  "), "the injury narrative is empty"),
        (("injury", "set", "missing.txt"), "missing.txt"),
        (("injury", "set"), "give the injury narrative as a FILE or as --text"),
    ],
)
def test_bad_injury_input_fails_with_one_line(
    case: str, args: tuple[str, ...], message: str
) -> None:
    code, _, err = invoke(*args[:2], "--case", case, *args[2:])
    assert code != 0 and message in err and len(err.strip().splitlines()) == 1


def test_flags_without_an_injury_say_how_to_set_it(tmp_path: Path) -> None:
    invoke("init", str(tmp_path / "empty"), "--incident-date", "2021-06-14")
    code, _, err = invoke("flags", "--case", str(tmp_path / "empty"))
    assert code != 0 and "monell injury set" in err


def test_a_review_decision_is_logged_and_marked_when_the_evidence_changes(
    case: str, report: dict
) -> None:
    flag = "F-prone_restraint_positional_asphyxia"
    assert (
        invoke(
            "review", "decide", "--case", case, flag, "--decision", "confirmed", "--reviewer", "JO"
        )[0]
        == 0
    )
    reviewed = {
        f["id"]: f for f in json.loads(invoke("flags", "--case", case, "--json")[1])["flags"]
    }[flag]
    assert reviewed["review"]["status"] == "confirmed"
    assert reviewed["review"]["evidence_changed_since_review"] is False

    documents = {
        d["file_name"]: d["id"] for d in json.loads(invoke("docs", "--case", case, "--json")[1])
    }
    ia_log = str(documents["RIV0000101.pdf"])
    invoke("docs", "--case", case, "set-type", ia_log, "other")  # the prior complaints drop out
    try:
        changed = {
            f["id"]: f for f in json.loads(invoke("flags", "--case", case, "--json")[1])["flags"]
        }[flag]
        assert changed["review"]["evidence_changed_since_review"] is True
        code, out, _ = invoke("review", "list", "--case", case, "--status", "changed")
        assert code == 0 and flag in out
    finally:
        invoke("docs", "--case", case, "set-type", ia_log, "complaint_file")

    assert (
        invoke(
            "review",
            "decide",
            "--case",
            case,
            flag,
            "--decision",
            "follow_up",
            "--reviewer",
            "KL",
            "--note",
            "get rosters",
        )[0]
        == 0
    )
    history = json.loads(invoke("review", "show", "--case", case, flag, "--json")[1])["history"]
    assert [(h["decision"], h["reviewer"]) for h in history] == [
        ("confirmed", "JO"),
        ("follow_up", "KL"),
    ]


def test_the_review_log_is_append_only(case: str) -> None:
    import sqlite3

    with (
        sqlite3.connect(Path(case) / "monell.db") as conn,
        pytest.raises(sqlite3.DatabaseError, match="append-only"),
    ):
        conn.execute("DELETE FROM reviews")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("F-no_such_topic", "--decision", "confirmed", "--reviewer", "JO"),
            "no flag 'F-no_such_topic'",
        ),
        (
            ("F-prone_restraint_positional_asphyxia", "--decision", "confirmed", "--reviewer", " "),
            "--reviewer cannot be empty",
        ),
    ],
)
def test_a_bad_flag_or_reviewer_is_refused(
    case: str, report: dict, args: tuple[str, ...], message: str
) -> None:
    code, _, err = invoke("review", "decide", "--case", case, *args)
    assert code != 0 and message in err


def test_the_html_report_cites_every_flag_and_needs_no_network(
    case: str, report: dict, tmp_path: Path
) -> None:
    out = tmp_path / "report.html"
    code, _, err = invoke("report", "--case", case, "--format", "html", "-o", str(out))
    assert code == 0, err
    page = out.read_text(encoding="utf-8")
    for flag in report["flags"]:
        assert flag["id"] in page
        for complaint in flag["prior_complaints"]:
            assert complaint["bates"] in page
        for document in (flag["absence_record"] or {}).get("searched_documents", []):
            assert document["bates_begin"] in page
    assert (
        "<script" not in page.lower() and "src=" not in page.lower() and "href=" not in page.lower()
    )
    assert "<svg" in page and "Suggested follow-up discovery" in page


@pytest.mark.parametrize("fmt", ["md", "csv", "json"])
def test_the_report_comes_in_every_format(
    case: str, report: dict, tmp_path: Path, fmt: str
) -> None:
    out = tmp_path / f"report.{fmt}"
    assert invoke("report", "--case", case, "--format", fmt, "-o", str(out))[0] == 0
    text = out.read_text(encoding="utf-8")
    assert "prone_restraint_positional_asphyxia" in text or "Prone Restraint" in text
    if fmt == "json":
        assert json.loads(text)["flags"]["flags"]


def test_a_report_into_a_missing_folder_is_refused(case: str, tmp_path: Path) -> None:
    code, _, err = invoke("report", "--case", case, "-o", str(tmp_path / "nope" / "r.html"))
    assert code != 0 and "does not exist" in err


def test_changes_show_what_a_new_volume_did_to_a_flag(tmp_path: Path) -> None:
    build_pdf(
        tmp_path / "VOL001" / "RIV0000001.pdf", [PageSpec(lines=LESSON_PLAN, bates="RIV0000001")]
    )
    build_pdf(tmp_path / "VOL002" / "RIV0000101.pdf", [PageSpec(lines=IA_LOG, bates="RIV0000101")])
    folder = str(tmp_path / "case")
    invoke("init", folder, "--incident-date", "2021-06-14")
    invoke("ingest", "--case", folder, str(tmp_path / "VOL001"), "--workers", "1")
    invoke("docs", "--case", folder, "set-type", "1", "lesson_plan")
    invoke("injury", "set", "--case", folder, "--text", INJURY)
    invoke("ingest", "--case", folder, str(tmp_path / "VOL002"), "--workers", "1")

    code, out, _ = invoke("changes", "--case", folder, "--json")
    assert code == 0
    found = json.loads(out)["changes"]
    prone = [c for c in found if c.get("flag") == "F-prone_restraint_positional_asphyxia"]
    assert prone and prone[0]["production"] == "VOL002" and prone[0]["after"] == "strong"
    assert invoke("changes", "--case", folder, "--since", "VOL009")[0] != 0


def test_flag_ids_and_review_decisions_survive_a_full_reindex(case: str, report: dict) -> None:
    flag = "F-prone_restraint_positional_asphyxia"
    invoke("review", "decide", "--case", case, flag, "--decision", "rejected", "--reviewer", "AB")
    assert invoke("reindex", "--case", case, "--full")[0] == 0
    again = {f["id"]: f for f in json.loads(invoke("flags", "--case", case, "--json")[1])["flags"]}
    assert set(again) == {f["id"] for f in report["flags"]}
    assert again[flag]["review"]["status"] == "rejected"
    assert again[flag]["review"]["evidence_changed_since_review"] is False


def test_a_bad_injury_file_is_refused_and_the_stored_narrative_is_kept(
    case: str, report: dict, tmp_path: Path
) -> None:
    latin = tmp_path / "injury.txt"
    latin.write_bytes("Caf\xe9 \xff held him down".encode("latin-1"))
    code, _, err = invoke("injury", "set", "--case", case, str(latin))
    assert (
        code != 0
        and "not UTF-8" in err
        and "injury.txt" in err
        and len(err.strip().splitlines()) == 1
    )
    shown = json.loads(invoke("injury", "show", "--case", case, "--json")[1])
    assert shown["injury"] == INJURY


def test_an_unknown_decision_is_refused(case: str, report: dict) -> None:
    code, _, err = invoke(
        "review",
        "decide",
        "--case",
        case,
        "F-prone_restraint_positional_asphyxia",
        "--decision",
        "maybe",
        "--reviewer",
        "JO",
    )
    assert code != 0 and "'maybe' is not one of" in err


def test_changes_made_by_hand_are_not_pinned_on_the_next_volume(tmp_path: Path) -> None:
    build_pdf(
        tmp_path / "VOL001" / "RIV0000001.pdf", [PageSpec(lines=LESSON_PLAN, bates="RIV0000001")]
    )
    build_pdf(tmp_path / "VOL001" / "RIV0000101.pdf", [PageSpec(lines=IA_LOG, bates="RIV0000101")])
    (tmp_path / "VOL003").mkdir()
    (tmp_path / "VOL003" / "fleet_note.txt").write_text("Fleet maintenance schedule for 2020.")
    folder = str(tmp_path / "case")
    invoke("init", folder, "--incident-date", "2021-06-14")
    invoke("ingest", "--case", folder, str(tmp_path / "VOL001"), "--workers", "1")
    ids = {
        d["file_name"]: d["id"] for d in json.loads(invoke("docs", "--case", folder, "--json")[1])
    }
    invoke("docs", "--case", folder, "set-type", str(ids["RIV0000001.pdf"]), "lesson_plan")
    invoke("docs", "--case", folder, "set-type", str(ids["RIV0000101.pdf"]), "complaint_file")
    invoke("injury", "set", "--case", folder, "--text", INJURY)
    retype = ("docs", "--case", folder, "set-type", str(ids["RIV0000101.pdf"]), "other")
    assert invoke(*retype)[0] == 0  # the priors go: the flag weakens, by hand
    invoke("ingest", "--case", folder, str(tmp_path / "VOL003"), "--workers", "1")

    found = json.loads(invoke("changes", "--case", folder, "--since", "VOL001", "--json")[1])
    by = {c["production"] for c in found["changes"] if c.get("flag")}
    assert f"(document {ids['RIV0000101.pdf']} set to other)" in by
    assert "VOL003" not in by


def test_the_case_lookback_is_used_by_every_command(tmp_path: Path) -> None:
    build_pdf(tmp_path / "VOL001" / "RIV0000101.pdf", [PageSpec(lines=IA_LOG, bates="RIV0000101")])
    folder = tmp_path / "case"
    invoke("init", str(folder), "--incident-date", "2021-06-14")
    settings = folder / "case.toml"
    text = settings.read_text()
    settings.write_text(text.replace("# lookback_years = 5", "lookback_years = 1"))
    invoke("ingest", "--case", str(folder), str(tmp_path / "VOL001"), "--workers", "1")
    invoke("docs", "--case", str(folder), "set-type", "1", "complaint_file")

    code, out, err = invoke("complaints", "--case", str(folder), "--json")

    assert code == 0, err
    report = json.loads(out)
    assert report["lookback_years"] == 1
    stale = {r["record_id"]: r["stale"] for r in report["records"]}
    assert stale["IA #2019-0101"] and not stale["IA #2020-0044"]
    _, _, note = invoke("flags", "--case", str(folder), "--lookback-years", "3")
    assert "for this view only" in note or "no injury" in note.lower()
