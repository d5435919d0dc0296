"""Topics named only by their equipment or their procedure: a lesson on disposable restraints
or leg shackles is handcuffing-and-restraints training, and a lesson on photo arrays or
live lineups is identification training, though neither passage says "handcuff" or
"identification". Each class is written in several registers (catalog cells, lesson-plan
lines, memo prose, capitals from a scanned contents page). Uses the shipped taxonomy and
topic model with a fake embedder: the patterns must match whatever the similarities."""

from __future__ import annotations

import pytest

from monell.coverage.detect import TopicDetector

pytestmark = pytest.mark.model


@pytest.fixture
def detector(shipped_detector: TopicDetector) -> TopicDetector:
    return shipped_detector


def names(detector: TopicDetector, text: str, topic: str) -> bool:
    """Whether the topic's own words (its lexical patterns) are found in the text."""
    (found,) = detector.topics_named([text])
    return topic in found


RESTRAINT_DEVICES = [
    "DT-14 | Disposable restraints: application and removal | 2.0 hrs",
    "Trainees apply plastic restraints to a compliant role player and check for tightness.",
    "Zip ties are not to be used as a substitute for metal cuffs except in mass arrests.",
    "Recruits practice securing a prisoner with zip-ties during the field exercise.",
    "Flexicuffs must be cut with the safety cutter, never with a pocket knife.",
    "LESSON 6: THE HOBBLE AND THE TOTAL APPENDAGE RESTRAINT",
    "Leg shackles are applied before transport of a high-risk detainee.",
    "Instructor demonstrates plastic cuffs on a prone subject, then on a seated one.",
    "Memo: all patrol units will carry two disposable restraint devices from March 1.",
    "Use of the hobble is limited to subjects who continue to kick after cuffing.",
    "Practical station 3 - zip tie application, double-lock check, removal with cutters.",
    "A leg shackle or leg restraint is used only with a supervisor's approval.",
]


@pytest.mark.parametrize("text", RESTRAINT_DEVICES)
def test_a_restraint_device_names_the_handcuffing_topic(detector: TopicDetector, text: str) -> None:
    assert names(detector, text, "handcuffing_restraints"), text


IDENTIFICATION_PROCEDURES = [
    "INV-07 | Eyewitness evidence: photo lineup construction | 4.0 hrs",
    "Detectives assemble a six-pack of fillers who match the witness's description.",
    "The six pack is shown by an officer who does not know which photo is the suspect.",
    "Blind administration of the photo spread; the witness's confidence is recorded verbatim.",
    "Photospreads shown before 2019 were not recorded; the new form is mandatory.",
    "A photographic array must hold at least five fillers besides the suspect.",
    "Reliability factors under Biggers: opportunity to view, attention, certainty, time.",
    "Students review Manson v. Brathwaite and the suggestiveness of single-photo show-ups.",
    "Module 3: identification procedures, sequential versus simultaneous presentation.",
    "LIVE LINEUPS: PLACEMENT OF THE SUSPECT AND INSTRUCTIONS TO THE WITNESS",
    "A live lineup is held only with counsel present once charges are filed.",
    "Memo to detectives: photo line-ups will be administered double-blind from June.",
]


@pytest.mark.parametrize("text", IDENTIFICATION_PROCEDURES)
def test_an_identification_procedure_names_the_identification_topic(
    detector: TopicDetector, text: str
) -> None:
    assert names(detector, text, "interrogation_identification"), text


OTHER_SUBJECTS = [
    ("The instructor showed restraint when the student argued.", "handcuffing_restraints"),
    ("Officers line up at the range by badge number.", "interrogation_identification"),
    ("Photos of the training day are posted in the lobby.", "interrogation_identification"),
]


@pytest.mark.parametrize(("text", "topic"), OTHER_SUBJECTS)
def test_words_near_those_names_name_no_topic(
    detector: TopicDetector, text: str, topic: str
) -> None:
    assert not names(detector, text, topic), text
