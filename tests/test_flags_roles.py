"""Issue 19: the injury narrative read as facts with roles; only officer conduct implicates.

Each rule is pinned by its class of labelled narratives in corpora/eval/injury/classes.yaml
(12 or more paraphrases per class, in four registers: pleading, police report, deposition
summary, intake; written by the team, fictional), which are also the evaluation set of
``scripts/eval_injury.py``. A paraphrase the reading still gets wrong is listed in
KNOWN_MISSES with the reason; those run as strict xfails, so fixing one fails the test
until it is taken off the list.
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from monell.complaints.topics import AllegationModel
from monell.coverage.memory import TopicMemory
from monell.coverage.taxonomy import load_case_taxonomy
from monell.flags.reading import InjuryReader
from monell.index.update import PackagedModels
from monell.records.flags import FactRole
from monell.resources import (
    allegation_memory_path,
    allegation_model_path,
    corpora_dir,
    embedding_model_path,
    load_role_exemplars,
    load_spacy,
    load_spacy_lemmas,
    load_spacy_parser,
)

pytestmark = pytest.mark.model

CLASSES = yaml.safe_load(
    (corpora_dir() / "eval" / "injury" / "classes.yaml").read_text(encoding="utf-8")
)["classes"]
OPTIONAL = {"use_of_force_policy"}
# class-item ids the reading still gets wrong, and why (see EVALUATION.md, issue 19)
KNOWN_MISSES: dict[str, str] = {
    "person_in_crisis-10": "'assigned to general population without a watch' reads as background",
    "person_in_crisis-11": "the baton strike sits in a 'when he …' clause the parse gives the man",
    "no_attempt_to_talk-8": "'ran at him without saying a word' names no omitted word",
    "care_withheld_unnegated-10": "the parse gives 'was deferred' to the request, not an officer",
    "care_withheld_unnegated-12": "'put him in a cell to sleep it off': no verb of withholding",
    "firearm_without_a_gun_noun-3": "a sergeant who 'saw the young man fall' reads as a bystander",
    "firearm_without_a_gun_noun-5": "the model adds a search to 'into the apartment door'",
    "firearm_without_a_gun_noun-8": "'They' in an intake with no officer named is not an officer",
    "firearm_without_a_gun_noun-10": "a passive 'gunfire was exchanged' has no officer acting",
}


def items(name: str) -> list[Any]:
    params = []
    for n, item in enumerate(CLASSES[name]["items"], 1):
        key = f"{name}-{n}"
        marks = (
            [pytest.mark.xfail(reason=KNOWN_MISSES[key], strict=True)]
            if key in KNOWN_MISSES
            else []
        )
        params.append(pytest.param(item, id=f"{key}-{item['register']}", marks=marks))
    return params


@pytest.fixture(scope="module")
def reader() -> InjuryReader:
    models = PackagedModels(str(embedding_model_path()))
    return InjuryReader(
        load_case_taxonomy(None),
        load_spacy_lemmas(),
        load_spacy_parser(),
        models.embedder(),
        AllegationModel.load(allegation_model_path()),
        TopicMemory.load(allegation_memory_path()),
        load_role_exemplars(),
        load_spacy(),
    )


def implicated(reader: InjuryReader, text: str) -> set[str]:
    return {t.topic for t in reader.read(text).topics}


def assert_labelled(reader: InjuryReader, item: dict[str, Any]) -> None:
    ignore = OPTIONAL | set(item.get("optional", []))
    assert implicated(reader, item["text"]) - ignore == set(item["topics"]) - ignore


@pytest.mark.parametrize("item", items("outcome_only"))
def test_an_outcome_alone_implicates_no_topic(reader: InjuryReader, item: dict) -> None:
    assert implicated(reader, item["text"]) == set()


@pytest.mark.parametrize("item", items("routine_background"))
def test_routine_procedure_and_background_implicate_no_topic(
    reader: InjuryReader, item: dict
) -> None:
    assert implicated(reader, item["text"]) - OPTIONAL == set()


@pytest.mark.parametrize("item", items("bystander_omission"))
def test_a_bystanders_omission_implicates_duty_to_intervene(
    reader: InjuryReader, item: dict
) -> None:
    assert_labelled(reader, item)


@pytest.mark.parametrize("item", items("prone_restraint"))
def test_weight_on_a_person_face_down_implicates_prone_restraint(
    reader: InjuryReader, item: dict
) -> None:
    assert_labelled(reader, item)


@pytest.mark.parametrize("item", items("neck_restraint"))
def test_an_arm_around_the_neck_implicates_neck_restraints_without_the_word_choke(
    reader: InjuryReader, item: dict
) -> None:
    assert_labelled(reader, item)


@pytest.mark.parametrize("item", items("care_omission"))
def test_officers_who_did_not_summon_care_implicate_medical_aid(
    reader: InjuryReader, item: dict
) -> None:
    assert_labelled(reader, item)


@pytest.mark.parametrize("item", items("force_then_distress"))
def test_force_then_distress_or_treatment_implicates_the_force_not_medical_aid(
    reader: InjuryReader, item: dict
) -> None:
    assert_labelled(reader, item)


@pytest.mark.parametrize("item", items("care_withheld_unnegated"))
def test_care_denied_delayed_or_mocked_without_a_not_implicates_medical_aid(
    reader: InjuryReader, item: dict
) -> None:
    assert_labelled(reader, item)


@pytest.mark.parametrize("item", items("omitted_talk_as_noun"))
def test_no_warning_no_conversation_no_negotiation_implicates_de_escalation(
    reader: InjuryReader, item: dict
) -> None:
    assert_labelled(reader, item)


@pytest.mark.parametrize("item", items("firearm_without_a_gun_noun"))
def test_a_discharge_told_without_the_gun_implicates_firearms(
    reader: InjuryReader, item: dict
) -> None:
    assert_labelled(reader, item)


@pytest.mark.parametrize("item", items("person_in_crisis"))
def test_the_persons_crisis_implicates_its_topic_beside_officer_conduct(
    reader: InjuryReader, item: dict
) -> None:
    assert_labelled(reader, item)


@pytest.mark.parametrize("item", items("weapon_words"))
def test_an_electroshock_weapon_is_a_cew_and_a_gun_a_firearm(
    reader: InjuryReader, item: dict
) -> None:
    assert_labelled(reader, item)


@pytest.mark.parametrize("item", items("no_attempt_to_talk"))
def test_rushing_in_without_talking_or_waiting_implicates_de_escalation(
    reader: InjuryReader, item: dict
) -> None:
    assert_labelled(reader, item)


def test_issue_19_the_issues_own_examples(reader: InjuryReader) -> None:
    assert "prone_restraint_positional_asphyxia" in implicated(
        reader, "Officer Dunn kept his knee on his back while he lay face down."
    )
    assert "neck_restraints_chokeholds" in implicated(
        reader, "Officer Dunn put his arm around his neck and pulled him to the ground."
    )


def test_an_outcome_supports_the_topic_conduct_raised(reader: InjuryReader) -> None:
    reading = reader.read(
        "Officer Dunn knelt on Mr. Sale's back while he lay face down on the sidewalk. "
        "Mr. Sale said again and again that he could not breathe. "
        "He died at Mercy Hospital two days later."
    )
    prone = next(t for t in reading.topics if t.topic == "prone_restraint_positional_asphyxia")
    raising = [e for e in prone.evidence if e.implicates]
    assert [e.role for e in raising] == [FactRole.CONDUCT] and raising[0].fact == 0
    assert 0 < prone.confidence <= 1
    assert [f.role for f in reading.facts] == [
        FactRole.CONDUCT,
        FactRole.CONDITION,
        FactRole.OUTCOME,
    ]
    assert reading.facts[2].topics == ()


def test_every_clause_says_why_it_has_its_role(reader: InjuryReader) -> None:
    reading = reader.read(
        "Nobody called an ambulance. The clerk called 911. He was treated at the hospital."
    )
    clauses = [c for f in reading.facts for c in f.clauses]
    assert [c.role for c in clauses] == [
        FactRole.CONDUCT,
        FactRole.BACKGROUND,
        FactRole.OUTCOME,
    ]
    assert clauses[0].omission and "nobody" in clauses[0].why
    assert all(c.why for c in clauses)
