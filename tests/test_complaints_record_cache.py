"""Each notice document's read records and each record's topics are kept between runs
(issue 21), and never change an answer.

The change snapshot `monell ingest` takes, and `monell complaints`, reuse what they read and
classified before; whatever volumes arrive, however a document is re-typed or removed, and
whatever the incident date or the plaintiff, the report must be exactly what a
recomputation from nothing says: fields, copies and conflicts, topics and scores, timing,
patterns.
"""

from __future__ import annotations

import csv
import json
import random
import shutil
import sqlite3
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

import monell.store as store_module
from monell.app.session import CaseSession
from monell.app.workspace import open_case
from monell.cli import main
from monell.complaints import run as complaints_run
from monell.complaints.record_cache import (
    allegation_digest,
    document_digest,
    read_version,
    records_from_json,
    records_json,
    topics_json,
    topics_version,
    with_topics,
)
from monell.coverage.taxonomy import load_case_taxonomy
from monell.records import StoredDocument
from monell.records.complaints import (
    ComplaintRecord,
    ComplaintReport,
    Conflict,
    Copy,
    Disposition,
    Officer,
    SourceKind,
    Timing,
)
from monell.resources import cues_digest

PEOPLE = ("Dana Okafor", "Lee Quade", "Sam Ruiz", "Ana Marsh", "Joe Vance")
OFFICERS = ("Ofc. Dale Brandt #4471", "P.O. Mia Kerr", "Sgt. Tom Vance #2210")
ALLEGATIONS = (
    "Complainant states the officer knelt on his back while he lay face down.",
    "The officer choked the complainant with an arm around the neck during the arrest.",
    "Officer was rude and used profanity at a traffic stop.",
    "Complainant was tased twice while already handcuffed. (1) Taser used on a restrained "
    "person (2) no warning was given before the Taser was fired",
    "The police dog bit the complainant after he surrendered with his hands up.",
)
FINDINGS = ("Sustained", "Not Sustained", "Unfounded", "Exonerated")
INJURY = "Officers held Mr. Doe face down with a knee on his back until he stopped breathing."


def invoke(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.stderr
    return result.stdout


def _day(rng: random.Random) -> date:
    return date(rng.randint(2016, 2022), rng.randint(1, 12), rng.randint(1, 28))


def _us(day: date) -> str:
    return day.strftime("%m/%d/%Y")


def write_volume(folder: Path, rng: random.Random, number: int) -> dict[str, str]:
    """An IA file, a register that lists some of its complaints again (a finding may
    differ), a notice of claim (an `other` document) and a memo. Returns file → type."""
    folder.mkdir(parents=True)
    complaints = []
    for n in range(3):
        event = date(2020, 2, 11) if (number, n) == (1, 0) else _day(rng)
        complaints.append(
            {
                "id": f"2{number}{n}-{rng.randint(100, 999)}",
                "event": event,
                "received": date.fromordinal(event.toordinal() + rng.randint(1, 30)),
                "person": PEOPLE[1] if (number, n) == (1, 0) else rng.choice(PEOPLE),
                "officer": rng.choice(OFFICERS),
                "allegation": rng.choice(ALLEGATIONS),
                "finding": rng.choice(FINDINGS),
            }
        )
    lines = ["HARLAN POLICE DEPARTMENT - INTERNAL AFFAIRS DIVISION"]
    for c in complaints:
        lines += [
            f"IA #{c['id']}",
            f"Date of Incident: {_us(c['event'])}",
            f"Date Received: {_us(c['received'])}",
            f"Complainant: {c['person']}",
            f"Accused Member(s): {c['officer']}",
            f"Allegation(s): {c['allegation']}",
            f"Finding: {c['finding']}",
        ]
    (folder / f"ia_file_{number}.txt").write_text("\n".join(lines) + "\n")
    with (folder / f"complaint_register_{number}.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["IA No.", "Date of Incident", "Date Received", "Complainant",
                         "Accused Officer", "Allegation", "Finding"])  # fmt: skip
        for c in complaints[:2]:  # copies of the IA file's complaints
            writer.writerow([c["id"], _us(c["event"]), _us(c["received"]), c["person"],
                             c["officer"], "Force", rng.choice(FINDINGS)])  # fmt: skip
        event = _day(rng)
        writer.writerow([f"2{number}9-{rng.randint(100, 999)}", _us(event), _us(event),
                         rng.choice(PEOPLE), rng.choice(OFFICERS), rng.choice(ALLEGATIONS),
                         "Pending"])  # fmt: skip
    claimed = complaints[2]  # the claim that followed the third complaint: one event
    (folder / f"notice_of_claim_{number}.txt").write_text(
        f"NOTICE OF CLAIM\nClaim No. 2020-0{number}12\nClaimant: {claimed['person']}\n"
        f"Date of Incident: {_us(claimed['event'])}\n"
        f"Date Filed: {_us(date.fromordinal(claimed['event'].toordinal() + 60))}\n"
        f"Description: {rng.choice(ALLEGATIONS)}\n"
    )
    (folder / f"memo_{number}.txt").write_text(
        "Fleet memo: the motor pool moves to the north lot next month.\n"
    )
    return {
        f"ia_file_{number}.txt": "complaint_file",
        f"complaint_register_{number}.csv": "complaint_file",
        f"notice_of_claim_{number}.txt": "other",
        f"memo_{number}.txt": "other",
    }


def ingest(folder: Path, volume: Path, types: dict[str, str]) -> None:
    """Ingest a volume (its snapshot reads complaints) and type its documents by hand."""
    invoke("ingest", "--case", str(folder), str(volume), "--workers", "1")
    with open_case(folder) as case:
        for document in case.store.list_documents():
            if document.file_name in types:
                case.store.set_type_override(document.id, types[document.file_name])


def document_id(folder: Path, name: str) -> int:
    with open_case(folder) as case:
        return next(d.id for d in case.store.list_documents() if d.file_name == name)


def kept_and_fresh(folder: Path) -> tuple[ComplaintReport, ComplaintReport, ComplaintReport]:
    """A recomputation from nothing, then a run with what is kept (reading what is new),
    then one from the store alone."""
    with open_case(folder) as case:
        fresh = CaseSession(case, reuse_hits=False).complaints()
        first = CaseSession(case).complaints()
        second = CaseSession(case).complaints()
        kit = CaseSession(case)
        assert case.store.complaint_reads(read_version(kit.ner, cues_digest()))  # kept
    return first, second, fresh


@pytest.mark.model
@pytest.mark.parametrize("seed", [7])
def test_the_report_from_kept_reads_and_topics_is_what_a_recomputation_says(
    tmp_path: Path, seed: int
) -> None:
    rng = random.Random(seed)
    folder = tmp_path / "case"
    invoke("init", str(folder), "--incident-date", "2021-06-14",
           "--name", "Doe v. City of Harlan")  # fmt: skip
    invoke("injury", "set", "--case", str(folder), "--text", INJURY)
    seen: list[ComplaintReport] = []
    for number in (1, 2, 3):
        types = write_volume(tmp_path / f"VOL00{number}", rng, number)
        ingest(folder, tmp_path / f"VOL00{number}", types)
        first, second, fresh = kept_and_fresh(folder)
        assert first == fresh and second == fresh
        seen.append(fresh)
        if number == 2:  # re-typed by hand: the IA file as a force report, a register unread
            ia, register = (document_id(folder, f"{n}_1.{e}") for n, e in
                            (("ia_file", "txt"), ("complaint_register", "csv")))  # fmt: skip
            with open_case(folder) as case:
                case.store.set_type_override(ia, "use_of_force_report")
                case.store.set_type_override(register, "other")
            first, second, fresh = kept_and_fresh(folder)
            assert first == fresh and second == fresh
            assert fresh != seen[-1]
    removed = document_id(folder, "ia_file_2.txt")
    invoke("docs", "--case", str(folder), "remove", str(removed), "--yes")
    first, second, fresh = kept_and_fresh(folder)
    assert first == fresh and second == fresh
    assert all(r.document_id != removed for r in fresh.records)
    with open_case(folder) as case:  # the incident date corrected, then the plaintiff
        case.store.write_case_info(case.info.name, case.info.agency, "2019-07-01")
    first, second, fresh = kept_and_fresh(folder)
    assert first == fresh and second == fresh
    assert {r.timing for r in fresh.records} >= {Timing.PRIOR, Timing.POST}
    with open_case(folder) as case:
        case.store.write_case_info("Quade v. City of Harlan", case.info.agency, "2019-07-01")
    first, second, fresh = kept_and_fresh(folder)
    assert first == fresh and second == fresh
    assert any(r.own and r.complainant == "Lee Quade" for r in fresh.records)
    assert any(r.copies for r in fresh.records) and any(r.topics for r in fresh.records)


@pytest.fixture(scope="module")
def harlan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A case with one volume of complaints, read and classified once (kept)."""
    root = tmp_path_factory.mktemp("harlan")
    folder = root / "case"
    invoke("init", str(folder), "--incident-date", "2021-06-14")
    ingest(folder, root / "VOL001", write_volume(root / "VOL001", random.Random(11), 1))
    with open_case(folder) as case:
        CaseSession(case).complaints()
    return folder


@pytest.fixture
def copied(harlan: Path, tmp_path: Path) -> Path:
    shutil.copytree(harlan, tmp_path / "case")
    return tmp_path / "case"


class Spies:
    """Counts what a complaints run reads and computes."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, case_store: object) -> None:
        self.read: list[int] = []
        self.records = 0
        self.classified = 0
        self.embedded = 0
        for name in ("read_document_text", "read_document_head"):
            original = getattr(case_store, name)
            monkeypatch.setattr(case_store, name, self._reading(original))
        read_record, classified = complaints_run.read_record, complaints_run._classified

        def count_record(*args: object, **kwargs: object) -> ComplaintRecord:
            self.records += 1
            return read_record(*args, **kwargs)  # type: ignore[arg-type]

        def count_classified(*args: object, **kwargs: object) -> ComplaintRecord:
            self.classified += 1
            return classified(*args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(complaints_run, "read_record", count_record)
        monkeypatch.setattr(complaints_run, "_classified", count_classified)

    def _reading(self, original: object) -> object:
        def read(document_id: int) -> object:
            self.read.append(document_id)
            return original(document_id)  # type: ignore[operator]

        return read

    def watch_embedder(self, monkeypatch: pytest.MonkeyPatch, embedder: object) -> None:
        original = embedder.embed  # type: ignore[attr-defined]

        def embed(texts: list[str]) -> object:
            self.embedded += len(texts)
            return original(texts)

        monkeypatch.setattr(embedder, "embed", embed)


@pytest.mark.model
def test_after_a_volume_with_no_complaint_no_old_document_is_read_or_classified_again(
    copied: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    volume = tmp_path / "VOL002"
    volume.mkdir()
    (volume / "lesson_plan_7.txt").write_text(
        "RIVERTON POLICE ACADEMY\nLESSON PLAN DT-7: HANDCUFFING\nCadets cuff from behind.\n"
    )
    (volume / "memo_7.txt").write_text("Parking memo: the north lot closes on Friday.\n")
    invoke("ingest", "--case", str(copied), str(volume), "--workers", "1")
    with open_case(copied) as case:
        old = {d.id for d in case.store.list_documents() if not d.file_name.endswith("_7.txt")}
        kit = CaseSession(case)
        spies = Spies(monkeypatch, case.store)
        spies.watch_embedder(monkeypatch, kit.embedder)
        report = kit.complaints()
    assert report.records
    assert not set(spies.read) & old  # only the new memo's first page was looked at
    assert spies.records == 0 and spies.classified == 0 and spies.embedded == 0


@pytest.mark.model
def test_another_cue_file_reads_and_classifies_everything_again(
    copied: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_case(copied) as case:
        kept = CaseSession(case).complaints()
        spies = Spies(monkeypatch, case.store)
        assert CaseSession(case).complaints() == kept
        assert spies.records == spies.classified == 0
        monkeypatch.setattr(complaints_run, "cues_digest", lambda: "an edited cue file")
        assert CaseSession(case).complaints() == kept
    assert spies.records > 0
    assert spies.classified == len({allegation_digest(r) for r in kept.records})


@pytest.mark.model
def test_a_kept_answer_is_what_the_report_is_built_from(copied: Path) -> None:
    """Proof that the store is read: a kept classification edited by hand shows."""
    with open_case(copied) as case:
        kit = CaseSession(case)
        before = kit.complaints()
        version = topics_version(
            kit.taxonomy, kit.allegation_model, kit.allegation_memory, kit.embedder.name,
            kit.nlp, cues_digest(),
        )  # fmt: skip
        digests = [allegation_digest(r) for r in before.records]
        edited = [(d, json.dumps([["dog_bites"], {}, {}])) for d in digests]
        case.store.save_complaint_topics(version, edited, digests)
        after = kit.complaints()
    assert any(r.topics != ("dog_bites",) for r in before.records)
    assert all(r.topics == ("dog_bites",) for r in after.records)


@pytest.mark.model
def test_a_case_another_command_is_writing_still_gets_its_report(
    copied: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_case(copied) as case:
        expected = CaseSession(case, reuse_hits=False).complaints()
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_MS", 50)
    edited = "nothing of this is kept yet"
    monkeypatch.setattr(complaints_run, "cues_digest", lambda: edited)
    holder = sqlite3.connect(copied / "monell.db", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with open_case(copied) as case:
            kit = CaseSession(case, indexed=True)
            assert kit.complaints() == expected
            assert not case.store.complaint_reads(
                read_version(kit.ner, "nothing of this is kept yet")
            )
    finally:
        holder.execute("ROLLBACK")
        holder.close()


# -- the pure parts --------------------------------------------------------------------------


def _record(**fields: object) -> ComplaintRecord:
    base = ComplaintRecord(
        record_id="IA #2019-0142", document_id=3, file="ia.pdf", page=2, bates="HPD0000102",
        doc_type="complaint_file", event_date=date(2019, 3, 2), received_date=None,
        closed_date=date(2019, 9, 1), officers=(Officer("Ofc. D. Brandt", "4471", "brandt d"),),
        complainant="Dana Okafor", narrative="Knelt on his back.",
        disposition=Disposition.NOT_SUSTAINED, disposition_text="Not Sustained",
        discipline=None, text="IA #2019-0142\nKnelt on his back.",
    )  # fmt: skip
    return replace(base, **fields)  # type: ignore[arg-type]


def test_a_kept_record_reads_back_as_it_was_read() -> None:
    full = _record(
        topics=("prone_restraint_positional_asphyxia",),
        topic_scores={"prone_restraint_positional_asphyxia": 0.91},
        topic_words={"prone_restraint_positional_asphyxia": ("knelt on his back",)},
        timing=Timing.PRIOR, stale=True, own=True, cite="sheet IA Log, row 7",
        source_kind=SourceKind.IA_FILE, numbered=False, warnings=("not merged: …",),
        copies=(Copy("2:19-cv-00512", SourceKind.LAWSUIT, 4, "reg.csv", 1, None, "row 2",
                     "Settled", date(2019, 9, 30)),),
        conflicts=(Conflict("disposition", (("sustained", "a.pdf p. 1"), ("unfounded", "b"))),),
    )  # fmt: skip
    records = [_record(), full, _record(officers=(), event_date=None, bates=None)]
    assert records_from_json(records_json(records)) == records
    assert records_from_json(records_json(None)) is None  # not a notice document
    assert with_topics(_record(), topics_json(full)) == replace(
        _record(), topics=full.topics, topic_scores=full.topic_scores,
        topic_words=full.topic_words,
    )  # fmt: skip


def test_a_records_key_is_what_classification_reads() -> None:
    key = allegation_digest(_record())
    assert allegation_digest(_record(record_id="other", event_date=None, page=9)) == key
    assert allegation_digest(_record(narrative="Choked him.")) != key
    assert allegation_digest(_record(doc_type="use_of_force_report")) != key
    assert allegation_digest(_record(narrative="", text="Knelt on his back.")) == key


def _document(**fields: object) -> StoredDocument:
    base = StoredDocument(
        id=3, sha256="ab" * 32, path="/v/ia.pdf", file_name="ia.pdf", production="VOL001",
        page_count=4, bates_begin=None, bates_end=None, ingested_at="2024-01-01",
        method_counts={}, doc_type="complaint_file",
    )  # fmt: skip
    return replace(base, **fields)  # type: ignore[arg-type]


def test_a_documents_hash_follows_its_identity_and_type() -> None:
    digest = document_digest(_document())
    assert document_digest(_document(ingested_at="2025-01-01", production="VOL002")) == digest
    assert document_digest(_document(doc_type="other")) != digest
    assert document_digest(_document(doc_type=None)) == document_digest(_document(doc_type="other"))
    assert document_digest(_document(sha256="cd" * 32)) != digest
    assert document_digest(_document(id=4)) != digest


def test_the_versions_follow_the_pipelines_the_taxonomy_the_models_and_the_cue_files() -> None:
    import spacy

    nlp, taxonomy = spacy.blank("en"), load_case_taxonomy(None)
    other = spacy.blank("en")
    other.add_pipe("sentencizer")
    assert read_version(nlp, "cues 1") == read_version(spacy.blank("en"), "cues 1")
    assert read_version(nlp, "cues 2") != read_version(nlp, "cues 1")
    assert read_version(other, "cues 1") != read_version(nlp, "cues 1")
    assert read_version(None, "cues 1") != read_version(nlp, "cues 1")
    fewer = type(taxonomy)(taxonomy.topics[:-1])
    version = topics_version(taxonomy, "model A", None, "MiniLM", nlp, "cues 1")
    assert topics_version(taxonomy, "model A", None, "MiniLM", nlp, "cues 1") == version
    assert topics_version(fewer, "model A", None, "MiniLM", nlp, "cues 1") != version
    assert topics_version(taxonomy, "model B", None, "MiniLM", nlp, "cues 1") != version
    assert topics_version(taxonomy, "model A", None, "other", nlp, "cues 1") != version
    assert topics_version(taxonomy, "model A", None, "MiniLM", other, "cues 1") != version
    assert topics_version(taxonomy, "model A", None, "MiniLM", nlp, "cues 2") != version
