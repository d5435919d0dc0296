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


# A national program named for the topic teaches it, though its description never says
# "duty to intervene" (class: a program's own name or its stock phrases stand for the topic).
NAMED_PROGRAMS = [
    "ABLE Project 8-hour initial course, taught by two certified department instructors",
    "Course: ABLE Program refresher | 2.0 hrs | Held",
    "Instructors are ABLE-certified; the class covers why good officers fail to act.",
    "Active bystander training for all sworn staff (EPIC model), 6 hours.",
    "EPIC peer program: Ethical Policing Is Courageous, full-day session.",
    "Officers learn the duty to step in when a partner's force goes too far.",
    "Scenario drills: when and how to step in and stop a colleague, with words first.",
    "Module 4 - intervene to prevent harm: recognizing the moment and acting on it.",
    "Practical exercise: trainees intervene to stop a partner's unreasonable force.",
    "Inhibitors to intervention: rank, loyalty, and the fear of being shunned.",
    "Barriers to intervention and how supervisors can lower them (lecture, 1 hr).",
    "OBSTACLES TO INTERVENTION AND PROTECTING THE OFFICER WHO REPORTS (SLIDE 12)",
]


@pytest.mark.model
@pytest.mark.parametrize("text", NAMED_PROGRAMS)
def test_a_bystander_program_named_or_described_matches_duty_to_intervene(
    detector: TopicDetector, text: str
) -> None:
    hit = score(detector, text, "duty_to_intervene", is_row="|" in text, hours=2.0)
    assert hit.patterns, text


# A topic the text itself says gets no time of its own is a mention, whatever the rest of
# the passage teaches (class: "in passing", "no further instruction", "a single slide").
PASSING = [
    (
        "Slide 14 names positional asphyxia in a single line; prone restraint is otherwise not "
        "covered further.",
        "prone_restraint_positional_asphyxia",
    ),
    (
        "Students practise probe placement for two hours. Excited delirium is noted in passing.",
        "severe_agitation_excited_delirium",
    ),
    (
        "The instructor touches on handcuffing only briefly at the end of the day.",
        "handcuffing_restraints",
    ),
    (
        "The ethics handout refers once to the duty to intervene. No separate instruction is "
        "provided on it.",
        "duty_to_intervene",
    ),
    (
        "OC spray decontamination appears as a single bullet point on the review slide.",
        "oc_chemical_agents",
    ),
    (
        "Module 2 devotes no time to first aid beyond pointing out the AED cabinet.",
        "medical_aid_detainees",
    ),
    (
        "Strip search rules are mentioned only briefly in the intake lecture.",
        "search_seizure_strip_searches",
    ),
    (
        "Tactical pause and distance and cover. No further classroom time is given to that "
        "subject in this course.",
        "de_escalation",
    ),
    (
        "Pursuit policy: brief mention during the patrol orientation, approx. 2 min.",
        "vehicle_pursuits_emergency_driving",
    ),
    (
        "The K-9 unit's bite policy is referenced in one sentence of the patrol tactics lesson "
        "and not addressed in any depth.",
        "k9_deployment",
    ),
    (
        "CIT referral is only mentioned, with no dedicated block, in the report-writing class.",
        "crisis_intervention_mental_health",
    ),
    (
        "Body-worn camera activation gets no classroom time of its own this cycle.",
        "body_worn_camera",
    ),
]


@pytest.mark.model
@pytest.mark.parametrize(("text", "topic"), PASSING)
def test_a_topic_said_to_get_no_time_of_its_own_is_a_mention(
    detector: TopicDetector, text: str, topic: str
) -> None:
    hit = score(detector, text, topic, hours=4.0)
    assert hit.patterns, text
    assert hit.depth is Depth.NEGATED or "said to get no time of its own" in hit.cues, text
    assert hit.depth is not Depth.TEACHES, text


TAUGHT_AT_LENGTH = [
    (
        "Students practise probe placement and drive-stun for two hours; no further classroom "
        "time is given to firearms.",
        "conducted_energy_weapons",
    ),
    (
        "Four hours of handcuffing drills. Chokeholds are mentioned only briefly.",
        "handcuffing_restraints",
    ),
    (
        "Decontamination after OC spray exposure: each recruit practises flushing a partner's "
        "eyes. Tear gas is noted in passing at the end.",
        "oc_chemical_agents",
    ),
]


@pytest.mark.model
@pytest.mark.parametrize(("text", "topic"), TAUGHT_AT_LENGTH)
def test_a_passing_note_about_another_topic_leaves_the_taught_one_taught(
    detector: TopicDetector, text: str, topic: str
) -> None:
    hit = score(detector, text, topic, hours=4.0)
    assert "said to get no time of its own" not in hit.cues, text


# A labelled row with no course column, no hours and no date of its own is a tally or a
# record, never a course that was taught.
RECORD_ROWS = [
    ("| Item | Record |", "Canine bites on the deployment log, 2020 | 11", "k9_deployment"),
    ("| Measure | Count |", "Taser deployments reported | 37", "conducted_energy_weapons"),
    (
        "| Category | Total |",
        "Pursuits initiated (2019) | 17",
        "vehicle_pursuits_emergency_driving",
    ),
    ("| Statistic | Value |", "Chokehold complaints sustained | 2", "neck_restraints_chokeholds"),
    ("| Item | Status |", "OC spray canisters issued | all patrol", "oc_chemical_agents"),
    (
        "| Field | Entry |",
        "Prone restraint incidents reviewed | 4",
        "prone_restraint_positional_asphyxia",
    ),
    ("| Item | Record |", "Handcuff checks logged by jail staff | none", "handcuffing_restraints"),
    ("| Entry | Detail |", "Narcan doses carried per car | 2", "medical_aid_detainees"),
    ("| Metric | Result |", "Body camera activations audited | 120", "body_worn_camera"),
    (
        "| Element | Finding |",
        "CIT calls answered by patrol | 312",
        "crisis_intervention_mental_health",
    ),
]


@pytest.mark.model
@pytest.mark.parametrize(("header", "line", "topic"), RECORD_ROWS)
def test_a_tally_row_is_no_course_taught(
    detector: TopicDetector, header: str, line: str, topic: str
) -> None:
    text = "; ".join(
        f"{h.strip()}: {v.strip()}"
        for h, v in zip(header.strip("| ").split(" | "), line.split(" | "), strict=True)
    )
    hit = score(detector, text, topic, is_row=True, doc_type="training_log", quote=text)
    assert hit.depth is not Depth.TEACHES, line
    assert "a table row that names no course" in hit.cues, line


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "Course: Canine bite-and-hold refresher; Hours: 4.0",
        "Date: 03/02/2020; Training: K-9 tracking day",
    ],
)
def test_a_course_row_is_not_a_tally(detector: TopicDetector, text: str) -> None:
    date_source = "row" if text.startswith("Date") else None
    hours = 4.0 if "Hours" in text else None
    hit = score(
        detector, text, "k9_deployment", is_row=True, doc_type="training_log", quote=text,
        hours=hours, date_source=date_source,
    )  # fmt: skip
    assert "a table row that names no course" not in hit.cues, text
