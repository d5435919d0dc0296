"""Context cues and the detector's rules: what makes a passage a mention, an exclusion or a
plan rather than instruction. Uses the real spaCy pipeline (lemmas, sentences) and the
shipped topic model with a fake embedder: the rules must hold whatever the similarities."""

from __future__ import annotations

from dataclasses import replace

import pytest
from conftest import FakeEmbedder

from monell.coverage.cues import find_segment_cues
from monell.coverage.detect import TopicDetector, TopicModel
from monell.coverage.taxonomy import load_taxonomy
from monell.index.embed import passage_input
from monell.records.coverage import Depth, Segment, TopicHit
from monell.resources import default_taxonomy_path, load_spacy_lemmas, topic_model_path


@pytest.mark.parametrize(
    ("text", "heading", "hours", "title", "cue"),
    [
        ("Block 2 Conducted Energy Weapons .......... 12", None, None, "", "toc"),
        ("TABLE OF CONTENTS", None, None, "", "toc"),
        ("References:\nGraham v. Connor, 490 U.S. 386 (1989)", None, None, "", "reference"),
        ("I have read and understand General Order 412.", None, None, "", "acknowledgment"),
        ("Item Reviewed: Canine Deployment", None, None, "READ AND SIGN ROSTER", "acknowledgment"),
        ("Course: Positional Asphyxia", None, 0.25, "", "awareness"),
        ("Roll Call Topic: OC Exposure (video)", None, None, "", "awareness"),
        ("Students will demonstrate the double-lock on a partner.", None, None, "", "instruction"),
    ],
)
def test_segment_cues_are_found(
    text: str, heading: str | None, hours: float | None, title: str, cue: str
) -> None:
    assert getattr(find_segment_cues(text, heading, hours, title), cue)


@pytest.mark.parametrize(
    "text",
    [
        "Officers acknowledge the person's concerns and explain each step.",  # the verb, not a form
        "Recruits practice on the mat; authority is explained as legitimacy.",  # no reference list
        "Students will apply the lateral vascular restraint for four hours.",
        "Students will learn to articulate probable cause; practical exercise with affidavits.",
    ],
)
def test_instruction_is_not_mistaken_for_a_form_a_list_or_an_awareness_item(text: str) -> None:
    heading = "SOURCES OF PROBABLE CAUSE" if "probable cause" in text else None
    cues = find_segment_cues(text, heading, 4.0)
    assert not (cues.acknowledgment or cues.reference or cues.toc or cues.awareness)


@pytest.fixture(scope="module")
def detector() -> TopicDetector:
    taxonomy = load_taxonomy(default_taxonomy_path(), default=True)
    return TopicDetector(
        taxonomy, load_spacy_lemmas(), FakeEmbedder(), TopicModel.load(topic_model_path())
    )


def score(detector: TopicDetector, text: str, topic: str, **fields: object) -> TopicHit:
    base = Segment(
        key="p1", passage_id=1, document_id=1, file="f.pdf", production="VOL001", page=1,
        bates="RIV0000001", doc_type="lesson_plan", heading=None, text=text, quote=text,
        is_row=False, date=None, date_source=None, hours=None, course=None, stored_vector=False,
    )  # fmt: skip
    segment = replace(base, **fields)
    vectors = detector.embedder.embed([passage_input(segment.heading, segment.text)])
    (row,) = [r for r in detector.featurize([segment], vectors) if r.topic == topic]
    return detector._score(row)


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "topic", "depth"),
    [
        (
            "This course does not address vehicle pursuits.",
            "vehicle_pursuits_emergency_driving",
            Depth.NEGATED,
        ),
        (
            "Carotid restraint is not taught in this block.",
            "neck_restraints_chokeholds",
            Depth.NEGATED,
        ),
        (
            "Pursuit driving: excluded from the EVOC refresher.",
            "vehicle_pursuits_emergency_driving",
            Depth.NEGATED,
        ),
        (
            "Excited delirium training is planned for FY2022.",
            "severe_agitation_excited_delirium",
            Depth.PLANNED,
        ),
        ("CIT 40-hour course: planned.", "crisis_intervention_mental_health", Depth.PLANNED),
    ],
)
def test_exclusion_and_planning_are_read_from_the_sentence(
    detector: TopicDetector, text: str, topic: str, depth: Depth
) -> None:
    hit = score(detector, text, topic)
    assert hit.depth is depth
    assert hit.patterns  # the topic phrase was found, and then set aside


@pytest.mark.model
def test_a_prohibition_is_a_rule_about_the_topic_not_an_exclusion(detector: TopicDetector) -> None:
    hit = score(
        detector,
        "Officers shall not use a chokehold unless deadly force is authorized.",
        "neck_restraints_chokeholds",
        doc_type="policy",
    )
    assert hit.patterns and hit.depth is not Depth.NEGATED


@pytest.mark.model
def test_title_case_course_names_match_the_topic_patterns(detector: TopicDetector) -> None:
    hit = score(
        detector,
        "Course: Handcuffing and Restraint Devices Refresher",
        "handcuffing_restraints",
        is_row=True,
        hours=2.0,
    )
    assert "handcuffing" in hit.patterns


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "fields"),
    [
        ("Block 2 Conducted Energy Weapons .......... 12", {}),
        (
            "Item Reviewed: GO 6.3 Conducted Energy Weapons",
            {"title": "POLICY ACKNOWLEDGMENT ROSTER", "is_row": True},
        ),
        ("Course: Taser Update Video", {"hours": 0.25, "is_row": True}),
    ],
)
def test_listings_forms_and_short_items_are_mentions_at_most(
    detector: TopicDetector, text: str, fields: dict[str, object]
) -> None:
    assert score(detector, text, "conducted_energy_weapons", **fields).depth is Depth.MENTIONS


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "topic"),
    [
        (
            "Instructors teach that the use of force must be reduced or discontinued once the "
            "subject is under control. Practical exercise: scenario drills.",
            "use_of_force_policy",
        ),
        (
            "Once the subject is handcuffed, officers will begin CPR and apply the AED until EMS "
            "arrives. Practical exercise on a manikin.",
            "medical_aid_detainees",
        ),
    ],
)
def test_verbs_a_lesson_teaches_with_are_not_exclusions_or_plans(
    detector: TopicDetector, text: str, topic: str
) -> None:
    assert score(detector, text, topic).depth not in (Depth.NEGATED, Depth.PLANNED)


@pytest.mark.parametrize(
    "text",
    [
        "Field: References; Entry: G.O. 4.2 (carotid holds banned); DT manual ch. 3",
        "Item: Related policies; Value: General Order 300",
        "Label: See also; Detail: Canine Deployment, G.O. 11",
        "Column: Sources; Text: vendor bulletin on probe spread",
        "Key: Cross-references; Value: GO 5.3 handcuffing",
    ],
)
def test_a_table_row_labelled_as_references_is_a_reference_list(text: str) -> None:
    assert find_segment_cues(text, None, None).reference


# A segment with none of a topic's words (nor a heading naming it) is instruction in the topic
# only when the model is very sure: administrative rows, approvals, letters and headers are not.
WORDLESS = [
    "Badge: 2210; Member: Ofc. Dana Kell; Last qualification: 04/02/2021; Card status: Current",
    "Date: 05/06/2019; Platoon: B; Roll call: 0700; Officers present: 14; Sergeant: T.M.",
    "Field: Approved by; Entry: Lt. Omar Reyes, Commander, Training Bureau",
    "If you are unsure whether an item must be turned over, send it to our office.",
    "Printed 02/03/2022 from the scheduling workbook by the training coordinator.",
    "Employee: HALE, J. | ID 4471 | Hired 2015 | Assignment: Day shift, District 2",
    "Page 3 of 7 - Training Section records - produced in response to request no. 4",
    "Sign-in sheet. Instructor initials required at the bottom of each page.",
    "Prepared by: Records Unit. Distribution: Chief; Deputy Chief; Training Lieutenant.",
    "Room 114, classroom B. Bring a notebook and a pen. Parking in the rear lot.",
]


@pytest.mark.model
@pytest.mark.parametrize("text", WORDLESS)
def test_an_administrative_line_teaches_no_topic(detector: TopicDetector, text: str) -> None:
    for topic in detector.topic_ids:
        hit = score(detector, text, topic, doc_type="training_log", is_row=True)
        if not hit.patterns:
            assert hit.depth is not Depth.TEACHES or hit.relevance >= 0.8, topic
