"""Each document's topic hits are kept between runs (issue 21), and never change an answer.

The snapshot `monell ingest` takes reuses the hits stored for documents it has read
before; whatever volumes arrive, however a document is re-typed and whatever the incident
date, it must say exactly what a recomputation from nothing says.
"""

from __future__ import annotations

import json
import random
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from fixturekit.segments import make_segment
from monell.app.changes import snapshot_of
from monell.app.session import CaseSession
from monell.app.workspace import open_case
from monell.cli import main
from monell.coverage import run as coverage_run
from monell.coverage.hit_cache import (
    analysis_version,
    passages_digest,
    row_from_json,
    row_json,
)
from monell.coverage.run import detect_hits
from monell.coverage.taxonomy import load_case_taxonomy
from monell.records.coverage import (
    POLICY_TYPES,
    TRAINING_TYPES,
    Depth,
    Segment,
    SourcePassage,
    TopicHit,
)
from monell.resources import cues_digest

pytestmark = pytest.mark.model

SUBJECTS = (
    ("HC", "Handcuffing and searching a standing subject", "Cadets cuff a cooperative "
     "person from behind, check the fit and double-lock both cuffs at the mat station."),
    ("DE", "Talking a person in crisis down", "Students practise calm speech, distance and "
     "time to slow an agitated person down before any hands-on control is tried."),
    ("PR", "Positional asphyxia and the prone position", "After restraint the person is "
     "rolled onto a side at once; nobody kneels on a back, and breathing is watched."),
    ("FA", "First aid after force", "Officers call for medics and give care to anyone hurt "
     "in a struggle, and stay with the person until the ambulance arrives."),
    ("VP", "Pursuit driving", "Drivers learn when to end a chase and how to report it."),
)  # fmt: skip
INJURY = (
    "Once he was cuffed, the officers held Mr. Roe face down on the sidewalk with a knee on "
    "his back for several minutes. He said he could not breathe and then went limp."
)


def invoke(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.stderr
    return result.stdout


def write_volume(folder: Path, rng: random.Random, number: int) -> None:
    """A lesson plan (text), a course catalog (spreadsheet rows) and a memo, drawn at random."""
    folder.mkdir(parents=True)
    code, title, body = rng.choice(SUBJECTS)
    year = rng.randint(2016, 2023)
    (folder / f"lesson_{number}.txt").write_text(
        f"RIVERTON POLICE ACADEMY\nLESSON PLAN {code}-{number}: {title.upper()}\n"
        f"Course Date: 0{rng.randint(1, 9)}/1{rng.randint(0, 9)}/{year}\n"
        f"PERFORMANCE OBJECTIVES\n{body}\nEach cadet repeats the drill three times.\n"
    )
    rows = ["Course Code,Course Title,Date,Hours,Status"]
    for code, title, _ in rng.sample(SUBJECTS, 3):
        status = rng.choice(("Delivered", "Delivered", "Planned", "Cancelled"))
        when = f"{rng.randint(1, 12):02d}/15/{rng.randint(2017, 2022)}"
        hours = rng.choice((0.5, 2, 8))
        rows.append(f"{code}-{rng.randint(10, 30)},{title},{when},{hours},{status}")
    (folder / f"catalog_{number}.csv").write_text("\n".join(rows) + "\n")
    (folder / f"memo_{number}.txt").write_text(
        "Fleet memo: the motor pool moves to the north lot next month.\n"
    )


def full_recomputation(folder: Path) -> tuple[object, dict[str, object]]:
    """The coverage report and the snapshot, with no stored hit read or written."""
    with open_case(folder) as case:
        kit = CaseSession(case, reuse_hits=False)
        coverage = kit.coverage()
        flags = kit.flags(coverage=coverage, complaints=kit.complaints())
        return coverage, snapshot_of(coverage, flags)


def every_hit(folder: Path, reuse: bool) -> tuple[list[Segment], list[TopicHit]]:
    """Every segment and its hits, from the stored ones (``reuse``) or cut and detected
    afresh."""
    with open_case(folder) as case:
        kit = CaseSession(case, reuse_hits=reuse)
        passages = case.store.coverage_passages(TRAINING_TYPES + POLICY_TYPES)
        version = analysis_version(
            kit.taxonomy, kit.topic_model, kit.topic_memory, kit.embedder.name, kit.nlp,
            cues_digest(),
        )  # fmt: skip
        return detect_hits(
            case.store,
            kit.topic_detector,
            passages,
            kit.embedder,
            version if reuse else None,
        )


def with_stored_hits(folder: Path) -> object:
    with open_case(folder) as case:
        return CaseSession(case).coverage()


def last_snapshot(folder: Path) -> dict[str, object]:
    with open_case(folder) as case:
        return dict(json.loads(case.store.snapshots()[-1][3]))


@pytest.mark.parametrize("seed", [3])
def test_the_snapshot_after_each_change_is_what_a_full_recomputation_says(
    tmp_path: Path, seed: int
) -> None:
    rng = random.Random(seed)
    folder = tmp_path / "case"
    invoke("init", str(folder), "--incident-date", "2020-03-01")
    invoke("injury", "set", "--case", str(folder), "--text", INJURY)
    for number in (1, 2, 3):
        write_volume(tmp_path / f"VOL00{number}", rng, number)
        invoke("ingest", "--case", str(folder), str(tmp_path / f"VOL00{number}"), "--workers", "1")
        coverage, snapshot = full_recomputation(folder)
        assert last_snapshot(folder) == snapshot
        assert with_stored_hits(folder) == coverage
        if number == 2:  # a lesson plan re-typed as a policy, by hand
            documents = json.loads(invoke("docs", "--case", str(folder), "--json"))
            lesson = next(d["id"] for d in documents if d["file_name"] == "lesson_1.txt")
            invoke("docs", "--case", str(folder), "set-type", str(lesson), "policy")
            coverage, snapshot = full_recomputation(folder)
            assert last_snapshot(folder) == snapshot
            assert with_stored_hits(folder) == coverage
            assert every_hit(folder, reuse=True) == every_hit(folder, reuse=False)
    with open_case(folder) as case:  # the incident date corrected
        case.store.write_case_info(case.info.name, case.info.agency, "2022-12-31")
    coverage, snapshot = full_recomputation(folder)
    assert with_stored_hits(folder) == coverage
    assert coverage.as_of.isoformat() == "2022-12-31"
    assert any(t.verdict.value != "absent" for t in coverage.topics)  # the hits mattered


def test_stored_hits_are_what_the_report_is_built_from(tmp_path: Path) -> None:
    """Proof that the store is read: a stored hit edited by hand shows in the verdicts."""
    write_volume(tmp_path / "VOL001", random.Random(5), 1)
    folder = tmp_path / "case"
    invoke("init", str(folder), "--incident-date", "2024-01-01")
    invoke("ingest", "--case", str(folder), str(tmp_path / "VOL001"), "--workers", "1")
    with open_case(folder) as case:
        kit = CaseSession(case)
        before = kit.coverage()
        version = analysis_version(
            kit.taxonomy, kit.topic_model, kit.topic_memory, kit.embedder.name, kit.nlp,
            cues_digest(),
        )  # fmt: skip
        stored = case.store.topic_hits(version)
        emptied = [
            (doc, digest, json.dumps({"segments": json.loads(row)["segments"], "hits": []}))
            for doc, (digest, row) in stored.items()
        ]
        case.store.save_topic_hits(version, emptied)
        after = kit.coverage()
    assert any(t.verdict.value != "absent" for t in before.topics)
    assert all(t.verdict.value == "absent" for t in after.topics)


def _segment(key: str, text: str, doc_type: str = "lesson_plan") -> Segment:
    return make_segment(
        key, text, document_id=7, file="a.txt", doc_type=doc_type, stored_vector=True
    )


def test_a_stored_row_reads_back_as_it_was_made() -> None:
    segment = _segment("p1", "Cadets cuff from behind.")
    dated = Segment(**{**segment.__dict__, "key": "p2r1", "date": date(2019, 4, 2), "hours": 0.25,
                       "date_source": "row", "is_row": True, "course": "lvnr awareness",
                       "cite": "sheet Roster, row 14", "title": "TRAINING LOG"})  # fmt: skip
    hit = TopicHit(
        topic="handcuffing", segment=segment, relevance=0.8123, teach=0.7, depth=Depth.TEACHES,
        patterns=("cuff",), similarity=0.61, cues=("instruction",),
    )  # fmt: skip
    quoted = replace(dated, key="p2r2", quote="Officer Ames | LVNR awareness | 04/02/2019")
    untitled = replace(segment, key="p3", title="")
    every = [segment, dated, quoted, untitled]
    assert row_from_json(row_json(every, [hit])) == (every, [hit])
    assert row_from_json(row_json([dated], [hit])) is None  # the hit's segment is gone
    assert row_from_json("[]") is None  # a row of the first layout: cut and detect again


def _passage(text: str, doc_type: str = "lesson_plan", **changed: object) -> SourcePassage:
    passage = SourcePassage(
        passage_id=1, document_id=7, file="a.txt", production="VOL001", page=1, bates=None,
        doc_type=doc_type, heading=None, text=text, is_table=False, document_date=None,
    )  # fmt: skip
    return replace(passage, **changed)  # type: ignore[arg-type]


def test_any_change_to_what_a_document_is_cut_from_changes_its_hash() -> None:
    digest = passages_digest([_passage("Cadets cuff from behind.")])
    assert passages_digest([_passage("Cadets cuff from behind.")]) == digest
    for changed in (
        _passage("Cadets cuff from the front."),
        _passage("Cadets cuff from behind.", "policy"),
        _passage("Cadets cuff from behind.", passage_id=2),
        _passage("Cadets cuff from behind.", document_date=date(2019, 1, 1)),
        _passage("Cadets cuff from behind.", document_title="READ AND SIGN ROSTER"),
        _passage("Cadets cuff from behind.", is_table=True),
        _passage("Cadets cuff from behind.", bates="CITY-000101"),
    ):
        assert passages_digest([changed]) != digest


def test_a_known_document_is_neither_cut_nor_detected_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_volume(tmp_path / "VOL001", random.Random(5), 1)
    folder = tmp_path / "case"
    invoke("init", str(folder), "--incident-date", "2024-01-01")
    invoke("ingest", "--case", str(folder), str(tmp_path / "VOL001"), "--workers", "1")
    cut: list[object] = []
    original = coverage_run.build_segments
    monkeypatch.setattr(coverage_run, "build_segments", lambda p: cut.append(p) or original(p))
    with open_case(folder) as case:
        again = CaseSession(case).coverage()
    assert cut == []
    assert again == with_stored_hits(folder)
    monkeypatch.undo()
    with open_case(folder) as case:
        assert again == CaseSession(case, reuse_hits=False).coverage()


def test_the_analysis_version_follows_the_taxonomy_the_models_and_the_cue_files() -> None:
    import spacy

    nlp, taxonomy = spacy.blank("en"), load_case_taxonomy(None)
    fewer = type(taxonomy)(taxonomy.topics[:-1])
    version = analysis_version(taxonomy, "model A", None, "MiniLM", nlp, "cues 1")
    assert analysis_version(taxonomy, "model A", None, "MiniLM", nlp, "cues 1") == version
    assert analysis_version(fewer, "model A", None, "MiniLM", nlp, "cues 1") != version
    assert analysis_version(taxonomy, "model B", None, "MiniLM", nlp, "cues 1") != version
    assert analysis_version(taxonomy, "model A", None, "other", nlp, "cues 1") != version
    assert analysis_version(taxonomy, "model A", None, "MiniLM", nlp, "cues 2") != version


def test_the_analysis_version_does_not_change_when_the_taxonomy_file_moves(
    tmp_path: Path,
) -> None:
    """A case folder moved, or monell installed at another path: the same taxonomy text
    keeps the kept hits (it cost a re-detection of every document before)."""
    import shutil

    import spacy

    from monell.coverage.taxonomy import load_taxonomy
    from monell.resources import default_taxonomy_path

    nlp = spacy.blank("en")
    here, there = tmp_path / "a" / "taxonomy.yaml", tmp_path / "b" / "moved.yaml"
    for path in (here, there):
        path.parent.mkdir()
        shutil.copy(default_taxonomy_path(), path)
    first, moved = load_taxonomy(here), load_taxonomy(there)
    assert first.topics[0].source != moved.topics[0].source  # still said where it came from
    assert analysis_version(first, "m", None, "MiniLM", nlp, "c") == analysis_version(
        moved, "m", None, "MiniLM", nlp, "c"
    )
    edited = there.read_text(encoding="utf-8").replace("Taser", "Conducted energy weapon", 1)
    there.write_text(edited, encoding="utf-8")
    assert analysis_version(load_taxonomy(there), "m", None, "MiniLM", nlp, "c") != (
        analysis_version(first, "m", None, "MiniLM", nlp, "c")
    )
