"""Courses read once from all their text: status, sessions, exclusions, and what they do to
the coverage hits (coverage/courses.py, coverage/scope.py).

Every phrasing here is the team's own, written for the class of failure, in several registers:
catalog cells, memo prose, lesson-plan scope notes, OCR-damaged text.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from monell.coverage.courses import apply_courses, build_courses, read_sessions
from monell.coverage.scope import find_exclusions
from monell.records.coverage import CourseStatus, Depth, Segment, TopicHit

INCIDENT = date(2021, 6, 1)


def segment(
    key: str,
    text: str,
    *,
    doc: int = 1,
    file: str = "catalog.pdf",
    doc_type: str = "training_catalog",
    row: bool = False,
    heading: str | None = None,
    day: date | None = None,
    title: str = "",
) -> Segment:
    return Segment(
        key=key,
        passage_id=sum(map(ord, key)),
        document_id=doc,
        file=file,
        production="VOL001",
        page=1,
        bates="ABC000001",
        doc_type=doc_type,
        heading=heading,
        text=text,
        quote=text,
        is_row=row,
        date=day,
        date_source="document" if day else None,
        hours=None,
        course=None,
        stored_vector=False,
        title=title,
    )


def hit(seg: Segment, topic: str = "k9_deployment", patterns: tuple[str, ...] = ()) -> TopicHit:
    return TopicHit(
        topic=topic,
        segment=seg,
        relevance=0.9,
        teach=0.9,
        depth=Depth.TEACHES,
        patterns=patterns,
        similarity=0.8,
        cues=(),
    )


def courses_for(segments: list[Segment], hits: list[TopicHit], parse: object = None):  # type: ignore[no-untyped-def]
    return build_courses(segments, hits, INCIDENT, parse)  # type: ignore[arg-type]


def applied(segments: list[Segment], hits: list[TopicHit], parse: object = None) -> list[TopicHit]:
    return apply_courses(hits, courses_for(segments, hits, parse), INCIDENT)


# Class 2: a status word in a row, cell or note means the course was never delivered.
NEVER_DELIVERED_ROWS = [
    ("Planned for the FY2022 budget; no instructor yet", CourseStatus.PLANNED),
    ("CANCELLED - low enrollment", CourseStatus.CANCELLED),
    ("Postponed until further notice (range closed)", CourseStatus.POSTPONED),
    ("Not held: instructor position vacant", CourseStatus.NOT_HELD),
    ("Pending funding approval by the county board", CourseStatus.PLANNED),
    ("Proposed for next training cycle", CourseStatus.PLANNED),
    ("Suspended pending curriculum review", CourseStatus.SUSPENDED),
    ("To be developed with the K-9 vendor", CourseStatus.PLANNED),
    ("Canceled 03/2020 (pandemic)", CourseStatus.CANCELLED),
    ("Never delivered", CourseStatus.NOT_HELD),
]


@pytest.mark.parametrize(("status_cell", "status"), NEVER_DELIVERED_ROWS)
def test_a_catalog_row_whose_status_says_not_delivered_teaches_nothing(
    status_cell: str, status: CourseStatus
) -> None:
    row = segment(
        "p1r1",
        f"Code: KX-30; Course: Canine Deployment; Hours: 8.0; Status: {status_cell}",
        row=True,
    )
    courses = courses_for([row], [hit(row)])
    assert courses.courses[0].status is status
    assert applied([row], [hit(row)])[0].depth is Depth.PLANNED


@pytest.mark.parametrize(
    "memo",
    [
        "The canine course KX-30 was postponed twice and has not been rescheduled.",
        "Funding for KX-30 was not approved; the class will be offered once the budget allows.",
        "KX-30 remains in development. No sessions were held.",
        "Per the training lieutenant, KX-30 was called off after the instructor retired.",
        "kx-30 status: CANCELLED (see memo)",
        "KX-30 did not take place this cycle; the range was closed.",
        "Budget request for KX-30 pending funding (FY24).",
        "Per the captain, KX-30 is on hold until a new instructor is certified.",
        "KX-30: never delivered. The vendor withdrew.",
        "KX-30 remains tentative; no date has been set.",
    ],
)
def test_a_memo_about_a_course_code_marks_every_copy_of_that_course(memo: str) -> None:
    row = segment("p1r1", "Code: KX-30; Course: Canine Deployment; Hours: 8.0", row=True)
    note = segment(
        "p2",
        f"KX-30 - Canine Deployment\n{memo}",
        doc=2,
        file="memo.pdf",
        doc_type="training_curriculum",
    )
    hits = [hit(row), hit(note)]
    result = applied([row, note], hits)
    assert {h.depth for h in result} == {Depth.PLANNED}


# Class 4: a session date in a row, a held column or a sign-in header dates that training.
@pytest.mark.parametrize(
    "text",
    [
        "SIGN-IN SHEET\nClass date: 09/14/2021\nInstructor: Sgt. R. Ames",
        "Attendance roster\nSession date: September 14, 2021",
        "Date held: 9/14/2021 - 9/15/2021",
        "Training date: 09-14-2021. Location: range classroom.",
        "Roll call\nDate: 09/14/2021",
        "CLASS ROSTER - In-service\nDate(s): 09/14/2021",
        "Course held on 9/14/2021 at the county range.",
        "Event date: Sept. 14, 2021\nSign your name and badge number below.",
        "Seminar date: 14 September 2021",
        "Dates of session: 09/14/2021-09/15/2021",
    ],
)
def test_a_sign_in_sheet_held_after_the_incident_is_post_incident_in_an_undated_document(
    text: str,
) -> None:
    sheet = segment("p1", text, doc_type="training_log")
    result = applied([sheet], [hit(sheet)])
    assert result[0].segment.date == date(2021, 9, 15) or result[0].segment.date == date(
        2021, 9, 14
    )
    assert result[0].segment.date > INCIDENT


@pytest.mark.parametrize(
    "held",
    [
        "10/26/2021",
        "Held 10/26/2021",
        "Delivered 11/02/2021",
        "Completed 12/2021",
        "2021-10-26",
        "Taught 26 October 2021",
        "Ran Nov. 4-5, 2021",
        "10/12/2021 - 10/26/2021",
        "Oct. 26, 2021",
        "first held 10/2021",
    ],
)
def test_a_catalog_row_held_only_after_the_incident_dates_every_copy_of_the_course(
    held: str,
) -> None:
    row = segment(
        "p1r1", f"Code: KX-31; Course: Apprehension Refresher; Hours: 8.0; Held: {held}", row=True
    )
    description = segment(
        "p2",
        "KX-31 - Apprehension Refresher (8 hours)\nBite and hold; call-off.",
        day=date(2019, 1, 1),
    )
    result = applied([row, description], [hit(row), hit(description)])
    assert all(h.segment.date is not None and h.segment.date > INCIDENT for h in result)


def test_a_session_before_the_incident_counts_even_in_a_later_catalog() -> None:
    row = segment(
        "p1r1",
        "Code: KX-32; Course: Handler Course; Hours: 16; Held: 03/02/2020",
        row=True,
        day=date(2022, 1, 1),
    )
    description = segment(
        "p2", "KX-32 - Handler Course\nDeployment criteria.", day=date(2022, 1, 1)
    )
    result = applied([row, description], [hit(row), hit(description)])
    assert [h.segment.date for h in result] == [date(2020, 3, 2), date(2020, 3, 2)]


# Class 3: a table-of-contents block whose body is reserved is a mention at most.
@pytest.mark.parametrize(
    "body",
    [
        "[Reserved.]",
        "RESERVED - lesson plan not written",
        "This block is reserved; content to follow in the next revision.",
        "Placeholder. TBD.",
        "(Intentionally left blank.)",
        "[RESERVED]",
        "Reserved. To be developed with Part 4.",
        "Content pending; TBA.",
        "Lesson plan not yet written.",
        "This module is a placeholder for the next revision.",
    ],
)
def test_a_reserved_block_listed_with_hours_in_the_contents_is_thin_at_most(body: str) -> None:
    contents = segment(
        "p1r1",
        "Block: 7; Title: Canine Apprehension; Hours: 16",
        row=True,
        doc_type="training_curriculum",
    )
    section = segment(
        "p2", body, heading="BLOCK 7 - CANINE APPREHENSION", doc_type="training_curriculum"
    )
    result = applied([contents, section], [hit(contents), hit(section)])
    assert {h.depth for h in result} <= {Depth.MENTIONS, Depth.PLANNED}


@pytest.mark.parametrize(
    "sentence",
    [
        "Interrogation is reserved for the Investigative Academy.",
        "Seats are reserved to detectives; patrol officers may audit.",
        "Range time is reserved by the firearms unit two weeks ahead.",
    ],
)
def test_reserved_for_someone_is_no_reserved_block(sentence: str) -> None:
    text = f"Block 3 - Legal\nProbable cause and arrest, 8 hours, with scenarios. {sentence}"
    section = segment("p2", text, doc_type="training_curriculum")
    assert applied([section], [hit(section)])[0].depth is Depth.TEACHES


def test_one_course_in_a_catalog_a_lesson_plan_and_a_roster_is_one_record_with_three_cites() -> (
    None
):
    row = segment(
        "p1r1",
        "Code: KX-40; Course: Canine Deployment; Hours: 8; Held: 02/03/2020",
        row=True,
        file="catalog.pdf",
    )
    plan = segment(
        "p2",
        "Objectives: deploy the dog only after an announcement.",
        doc=2,
        file="lesson_kx40.pdf",
        doc_type="lesson_plan",
        title="LESSON PLAN KX-40",
    )
    roster = segment(
        "p3r1",
        "Date: 02/03/2020; Course No.: KX-40; Officer: Ames; Outcome: Attended",
        doc=3,
        file="roster.pdf",
        doc_type="training_log",
        row=True,
    )
    courses = courses_for([row, plan, roster], [hit(row), hit(plan), hit(roster)])
    kx40 = [c for c in courses.courses if "KX-40" in c.codes]
    assert len(kx40) == 1
    assert len(kx40[0].cites) == 3 and len(kx40[0].documents) == 3
    assert kx40[0].status is CourseStatus.DELIVERED


# Class 1: a document or course that says it does not teach a topic does not teach it.
EXCLUSIONS = [
    "Scope: the lesson ends at handcuffing; it does not address prone positioning.",
    "Prone positioning is not taught in this block.",
    "There is no instruction on prone positioning in this course.",
    "Recruits never practice prone positioning here; see the custody unit's course.",
    "Prone positioning is the Custody Division's responsibility and is covered in its own course.",
    "This module is not prone positioning training.",
    "Prone positioning was not covered in this course.",
    "This lesson does not teach prone positioning or the recovery position.",
    "No training on prone positioning is given here; it belongs to the custody unit.",
    "The session did not include prone positioning.",
]


@pytest.mark.model
@pytest.mark.parametrize("sentence", EXCLUSIONS)
def test_a_scope_note_excludes_the_topic_it_names(sentence: str) -> None:
    from monell.resources import load_spacy_parser

    found = find_exclusions(sentence, {"prone": ["prone positioning"]}, load_spacy_parser())
    assert "prone" in found


@pytest.mark.model
@pytest.mark.parametrize(
    "rule",
    [
        "Officers shall not use prone positioning after the subject stops resisting.",
        "Do not leave a handcuffed person in prone positioning.",
        "The instructor demonstrates prone positioning and does not skip the recovery position.",
    ],
)
def test_a_rule_or_a_taught_sentence_is_no_exclusion(rule: str) -> None:
    from monell.resources import load_spacy_parser

    assert find_exclusions(rule, {"prone": ["prone positioning"]}, load_spacy_parser()) == {}


def test_a_document_level_exclusion_overrides_a_passing_mention_in_the_same_document() -> None:
    scope = segment(
        "p1", "Scope note. K-9 deployment is the K-9 Unit's responsibility.", doc_type="lesson_plan"
    )
    mention = segment(
        "p2", "Call for a K-9 team when a suspect flees on foot.", doc_type="lesson_plan"
    )
    hits = [hit(scope, patterns=("k-9",)), hit(mention, patterns=("k-9",))]
    assert {h.depth for h in applied([scope, mention], hits)} == {Depth.NEGATED}


def test_a_delivered_course_without_dates_keeps_its_document_date() -> None:
    row = segment(
        "p1r1", "Code: KX-50; Course: Handcuffing; Hours: 4", row=True, day=date(2019, 5, 1)
    )
    assert applied([row], [hit(row)])[0].segment.date == date(2019, 5, 1)


def test_sessions_are_read_clause_by_clause() -> None:
    text = (
        "KX-60 - Restraints\nKX-60 was cancelled on 05/12/2020 and first delivered on 11/03/2021."
    )
    statuses = {(s.status, s.start) for s in read_sessions(segment("p1", text))}
    assert (CourseStatus.CANCELLED, date(2020, 5, 12)) in statuses
    assert (CourseStatus.DELIVERED, date(2021, 11, 3)) in statuses


def test_a_row_that_is_only_an_attendance_entry_is_a_delivered_session() -> None:
    row = segment(
        "p1r1",
        "Date: 04/02/2019; Course: Canine Awareness; Outcome: No show",
        doc_type="training_log",
        row=True,
    )
    sessions = read_sessions(row)
    assert [s.status for s in sessions] == [CourseStatus.DELIVERED]


def test_a_policy_passage_is_not_dated_by_a_session_it_mentions() -> None:
    rule = segment(
        "p1",
        "Officers shall complete the course held on 09/14/2021 and every year after.",
        doc_type="policy",
        day=date(2019, 1, 1),
    )
    assert applied([rule], [hit(rule)])[0].segment.date == date(2019, 1, 1)


# Class 1b: an agency that says it has no such unit or function cannot have trained for it.
NO_SUCH_FUNCTION = [
    ("The Township has no canine unit; mutual aid dogs come from the county.", "canine"),
    ("Our agency does not maintain a K-9 program.", "k-9"),
    ("THE DEPT HAS NO K9 UNIT.", "k9"),
    ("There is no canine team in this department.", "canine"),
    ("The city operates no jail; arrestees are taken to the regional center.", "jail"),
    (
        "The Borough does not operate a jail, so holding-cell checks are not part of our work.",
        "jail",
    ),
    ("Patrol deputies do not carry conducted energy weapons.", "conducted energy weapons"),
    ("The department does not issue Tasers to its officers.", "tasers"),
    ("This office has never had a canine unit.", "canine"),
    ("We have no police dog and no handler.", "police dog"),
    ("The village does not have a jail of its own.", "jail"),
]


@pytest.mark.model
@pytest.mark.parametrize(("sentence", "phrase"), NO_SUCH_FUNCTION)
def test_an_agency_without_the_function_excludes_its_topic(sentence: str, phrase: str) -> None:
    from monell.resources import load_spacy_parser

    assert "topic" in find_exclusions(sentence, {"topic": [phrase]}, load_spacy_parser())


@pytest.mark.model
@pytest.mark.parametrize(
    ("rule", "phrase"),
    [
        ("Officers shall not carry a Taser unless certified this year.", "taser"),
        ("No canine may be released without a loud warning first.", "canine"),
        ("Handlers must not have the canine off lead in a crowd.", "canine"),
        ("Deputies will not use a chokehold except where deadly force is allowed.", "chokehold"),
        ("The K-9 unit has two handlers and trains weekly.", "k-9"),
    ],
)
def test_a_rule_about_the_tool_is_no_absence_of_the_function(rule: str, phrase: str) -> None:
    from monell.resources import load_spacy_parser

    assert find_exclusions(rule, {"topic": [phrase]}, load_spacy_parser()) == {}


# Class 5: one phrase about a topic inside a course whose title names another subject is a
# mention of it; the course gives it no time of its own.
INCIDENTAL = [
    ("First Aid Recertification", "Tourniquets; CPR; care of dog bite wounds; AED.", "dog bite"),
    (
        "Taser X2 Recert",
        "Slide 14: agitated subjects may show excited delirium.",
        "excited delirium",
    ),
    ("Emergency Vehicle Operations", "Night driving; skids; when a canine rides along.", "canine"),
    (
        "OC SPRAY RECERT",
        "decon, exposure, handcuffing after spraying, medical checks",
        "handcuffing",
    ),
    (
        "Firearms Qualification",
        "Course of fire; a reminder that neck holds are banned.",
        "neck holds",
    ),
    ("Crisis Intervention Team", "Day 4 includes a talk on juvenile contacts.", "juvenile"),
    (
        "Report Writing",
        "Include body-worn camera footage numbers in the report.",
        "body-worn camera",
    ),
    (
        "Domestic Violence Response",
        "Arrest rules, protective orders, strangulation signs.",
        "strangulation",
    ),
    ("Defensive Tactics: Handcuffing", "Pat-down search before placing in the car.", "pat-down"),
    (
        "Vehicle Pursuit Update",
        "PIT; termination; spike strips; shooting at vehicles.",
        "shooting at",
    ),
]


@pytest.mark.parametrize(("title", "text", "phrase"), INCIDENTAL)
def test_a_phrase_inside_a_course_on_another_subject_is_a_mention(
    title: str, text: str, phrase: str
) -> None:
    row = segment("r1", f"Code: XY-1; Course: {title}; Content: {text}; Hours: 8", row=True)
    found = courses_for([row], [hit(row, "other_topic", (phrase,))])
    titles = {c.key: {"title_topic"} for c in found.courses}
    assert titles, "the row is read as a course"
    [result] = apply_courses([hit(row, "other_topic", (phrase,))], found, INCIDENT, titles)
    assert result.depth is Depth.MENTIONS
    assert any("an item inside" in cue for cue in result.cues)


def test_the_courses_own_subject_and_a_topic_taught_at_length_stay_taught() -> None:
    row = segment(
        "r1", "Course: XY-1 Taser Recert; Content: probes, drive stun, spark test", row=True
    )
    found = courses_for([row], [hit(row, "conducted_energy_weapons", ("taser",))])
    titles = {c.key: {"conducted_energy_weapons"} for c in found.courses}
    own = hit(row, "conducted_energy_weapons", ("taser",))
    long = hit(row, "severe_agitation_excited_delirium", ("excited delirium", "agitation"))
    results = apply_courses([own, long], found, INCIDENT, titles)
    assert [r.depth for r in results] == [Depth.TEACHES, Depth.TEACHES]
    broad = {c.key: {"use_of_force_policy"} for c in found.courses}
    [kept] = apply_courses([hit(row, "k9_deployment", ("canine",))], found, INCIDENT, broad)
    assert kept.depth is Depth.TEACHES  # a title naming only use of force says little


# Class 6: a test, a certification or an unplanned meeting gives no instruction: its course is
# a mention of its topics at most, whichever of its copies says so.
NO_INSTRUCTION_COPIES = [
    ("Date: 04/02/2019; Session: DG-CERT2, vendor team; Hours: Eval.; Result: Certified", True),
    ("Code: DG-CERT2; Title: Team certification; Hours: Evaluation; Audience: handlers", True),
    ("Class: DG-CERT2 annual check; Hours: test; Outcome: Pass", True),
    ("DG-CERT2 entries are evaluations and carry no credit hours.", False),
    ("DG-CERT2: the vendor's annual check of each team - evaluation only.", False),
    ("DG-CERT2 is a test of the team; it provides no instruction.", False),
    ("DG-CERT2. No instruction is given; handlers are scored on a course.", False),
    ("DG-CERT2 earns no CE hours.", False),
    ("DG-CERT2 (unit meeting, not lesson-planned): kennel checks, rotation.", False),
    ("DG-CERT2 sign-in. Hours: assessment. No lesson plan.", False),
]


@pytest.mark.parametrize(("note", "is_row"), NO_INSTRUCTION_COPIES)
def test_a_copy_saying_the_course_gives_no_instruction_makes_it_a_mention(
    note: str, is_row: bool
) -> None:
    taught = segment("r1", "Code: DG-CERT2; Course: Dog team work; Held: 03/02/2020", row=True)
    said = segment("r2", note, doc=2, file="history.pdf", doc_type="training_log", row=is_row)
    hits = [hit(taught, patterns=("dog",)), hit(said, patterns=("dog",))]
    results = applied([taught, said], hits)
    assert {h.depth for h in results} == {Depth.MENTIONS}, note


def test_a_course_with_hours_and_an_evaluation_of_skills_still_teaches() -> None:
    taught = segment(
        "r1", "Code: DOG-21; Course: Dog team work; Hours: 8; Held: 03/02/2020", row=True
    )
    note = segment("r2", "DOG-21 ends with an evaluation of skills.", doc=2, file="h.pdf", row=True)
    hits = [hit(taught, patterns=("dog",)), hit(note, patterns=("dog",))]
    assert Depth.TEACHES in {h.depth for h in applied([taught, note], hits)}


def mention(seg: Segment, topic: str, patterns: tuple[str, ...]) -> TopicHit:
    return replace(hit(seg, topic, patterns), depth=Depth.MENTIONS, teach=0.3)


# Class 7: a delivered course of an hour or more is named for its topic: wherever its text
# names that topic (its catalog row, a transcript line, a one-line description) the hours were
# spent on it, even when the passage alone reads like a mention.
NAMED_FOR = [
    "Code: PB-7; Course: Peer intervention (bystander program); Hours: 8; Held: 02/10/2021",
    "PB-7 | Peer Intervention Program | 8.0 | 02/10/2021 | Completed",
    "Class PB-7, peer intervention, eight-hour block, delivered 10 Feb 2021 (all shifts).",
    "Date: 02/10/2021; Session: PB-7 Peer Intervention; Hrs: 8.0; Status: Held",
    "PB-7 PEER INTERVENTION 8.00 CR 02/10/21 COMPLETE",
    "Title: Peer intervention - PB-7; Length: 8 hours; Given: February 10, 2021",
    "Course PB-7 (Peer Intervention) ran 8 hrs on 2/10/2021 at the range classroom.",
    "Offering: PB-7 peer lntervention; Hours: 8; Dates held: 02/10/2021",
    "Peer intervention (PB-7): 8 h, presented 02-10-2021 by two certified instructors",
    "Course no. PB-7 / peer intervention / 8 hr / held 2021-02-10",
]


@pytest.mark.parametrize("text", NAMED_FOR)
def test_a_delivered_course_named_for_its_topic_teaches_it_in_every_copy(text: str) -> None:
    row = replace(segment("r1", text, row=True), hours=8.0)  # as the row's hours cell gives
    note = segment(
        "d1", "PB-7: why officers stay passive, peer intervention, and retaliation.", doc=2
    )
    found = courses_for([row, note], [mention(row, "duty_to_intervene", ("peer intervention",))])
    [course] = [c for c in found.courses if "PB-7" in c.codes]
    assert course.status is CourseStatus.DELIVERED and (course.hours or 0) >= 1, text
    titles = {course.key: {"duty_to_intervene"}}
    hits = [mention(s, "duty_to_intervene", ("peer intervention",)) for s in (row, note)]
    results = apply_courses(hits, found, INCIDENT, titles)
    assert {r.depth for r in results} == {Depth.TEACHES}, text
    assert all(any("is named for this topic" in c for c in r.cues) for r in results)
    assert all(r.teach >= 0.9 for r in results)  # counted as teaching, as relevant as it is


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("PB-7 | Peer Intervention video | 0.5 | 02/10/2021 | Completed", "under an hour"),
        ("PB-7 | Peer Intervention Program | 8.0 | Planned FY22 | Not scheduled", "never held"),
        ("PB-7 | Peer Intervention Program | 8.0 | 02/10/2021 | Held", "title names another"),
    ],
)
def test_a_short_undelivered_or_differently_named_course_leaves_a_mention(
    text: str, why: str
) -> None:
    row = replace(segment("r1", text, row=True), hours=0.5 if "video" in text else 8.0)
    found = courses_for([row], [mention(row, "duty_to_intervene", ("peer intervention",))])
    named = {"other_topic"} if why == "title names another" else {"duty_to_intervene"}
    titles = {c.key: named for c in found.courses}
    [result] = apply_courses(
        [mention(row, "duty_to_intervene", ("peer intervention",))], found, INCIDENT, titles
    )
    assert result.depth is not Depth.TEACHES, why


# Class 1b: a topic the document says it leaves to another unit's own records ("not in this
# catalog", "not Academy courses") is not taught by that document.
KEPT_OUT = [
    "Canine handler sessions are run by the K-9 Unit and do not appear in this catalog.",
    "Range days for the canine team are not listed in this schedule; see the unit's records.",
    "Dog-team maintenance training is not an Academy course.",
    "K-9 in-service days are not Training Bureau classes; the unit keeps its own sheets.",
    "Handler meetings (canine) do not appear on the annual calendar.",
    "Note - K9 unit training is set by the unit commander and is not included in this listing.",
    "Police dog certification days are not shown in this catalogue.",
    "CANINE TEAM DRILLS ARE NOT DEPARTMENT TRAINING COURSES AND ARE NOT RECORDED HERE.",
    "The canine squad's monthly maintenance is not carried on the training calendar.",
    "Patrol dog refresher work is arranged by the K-9 sergeant and does not appear in the list.",
]


@pytest.mark.parametrize("sentence", KEPT_OUT)
def test_a_topic_kept_out_of_the_document_is_excluded_from_it(sentence: str) -> None:
    phrases = ["canine", "k-9", "k9", "police dog", "dog"]
    assert "k9" in find_exclusions(sentence, {"k9": phrases}, None), sentence


@pytest.mark.parametrize(
    "sentence",
    [
        "Canine deployment (K9-21) appears in this catalog as a 4-hour course.",
        "K-9 Deployment is listed in the catalog at page 3.",
        "The canine course is a Training Section course held each March.",
    ],
)
def test_a_course_listed_in_the_document_is_not_kept_out(sentence: str) -> None:
    assert find_exclusions(sentence, {"k9": ["canine", "k-9", "k9"]}, None) == {}


def test_k9_alone_in_an_unlabelled_row_is_a_word_not_a_course_code() -> None:
    row = segment("r1", "03/02/2020 K-9 tracking refresher 2.0 Complete", row=True)
    assert courses_for([row], [hit(row, patterns=("k-9",))]).courses == ()


# Class 1c: the exclusion sits in the next sentence and points back with a pronoun.
POINTING_BACK = [
    "Packaging and chain of custody belong to the evidence lab. They are not taught here.",
    "Chain of custody forms are shown on a slide. They are not covered further in this class.",
    "Chain of custody procedures: see the lab manual. These are handled by the Evidence Unit.",
    "The chain of custody log is kept by property staff. It is not part of this course.",
    "Chain of custody. This is taught in the evidence technician course, not here.",
    "Recruits see the chain of custody form once. It is not addressed in the practical.",
    "chain of custody (lab procedure) -- they were not taught in the 2011 sessions.",
    "Chain of custody is the Forensic Unit's work. None of these are taught in Block 3.",
    "Students ask about chain of custody. That is handled elsewhere.",
    "CHAIN OF CUSTODY. THESE ARE NOT TAUGHT IN THIS BLOCK.",
]


@pytest.mark.model
@pytest.mark.parametrize("text", POINTING_BACK)
def test_an_exclusion_pointing_back_with_a_pronoun_excludes_the_topic_before(text: str) -> None:
    from monell.resources import load_spacy_parser

    found = find_exclusions(text, {"brady": ["chain of custody"]}, load_spacy_parser())
    assert "brady" in found, text


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "Students practise chain of custody forms. This module does not include a test.",
        "Chain of custody is taught for two hours. It is not optional.",
        "Chain of custody is practised with real evidence bags. They are graded by the lead.",
    ],
)
def test_a_pronoun_sentence_about_something_else_excludes_nothing(text: str) -> None:
    from monell.resources import load_spacy_parser

    assert find_exclusions(text, {"brady": ["chain of custody"]}, load_spacy_parser()) == {}


# Class 8: a catalog's prose gives each course's description in turn; every way of opening
# one (code, a note in brackets, a separator or a capitalised title) starts a course of its own.
OPENING_LINES = [
    "PB-7 (8.0 h). Peer intervention for all sworn staff.",
    "PB-7 / PB-8 Peer Intervention and Annual Refresher (2.0 h each).",
    "PB-7 \u2014 Peer intervention",
    "PB-7: Peer intervention",
    "PB-7 (eight hours) - Peer intervention",
    "Course PB-7 Peer Intervention",
    "PB-7 | Peer Intervention",
    "PB-7. Peer Intervention.",
    "PB-7 (rev. 2021): Peer intervention",
    "PB-7 & PB-8 Peer Intervention and Refresher",
]


@pytest.mark.parametrize("line", OPENING_LINES)
def test_every_way_of_opening_a_course_description_starts_a_course(line: str) -> None:
    from monell.coverage.course_names import opens_course

    assert opens_course(line), line


@pytest.mark.parametrize(
    "line",
    [
        "PB-7 was held twice in 2021.",
        "K-9 Unit in-service meetings are arranged by the unit supervisor.",
        "2019-2022 Training Calendar",
        "the legal and moral duty to step in, and anti-retaliation.",
    ],
)
def test_a_sentence_or_a_word_that_looks_like_a_code_opens_no_course(line: str) -> None:
    from monell.coverage.course_names import opens_course

    assert not opens_course(line), line


def test_a_note_on_what_another_course_leaves_out_does_not_make_this_one_a_test() -> None:
    block = segment(
        "p1",
        "PB-7 (8.0 h). Peer intervention, with practical scenarios.\n"
        "SUP-2 Report entry (0.5 h). A walkthrough; no instruction on review standards.",
        doc_type="training_catalog",
    )
    row = replace(
        segment("r1", "PB-7 | Peer Intervention | 8.0 | 02/10/2021 | Held", row=True), hours=8.0
    )
    found = courses_for([row, block], [hit(row, "duty_to_intervene", ("peer intervention",))])
    [course] = [c for c in found.courses if "PB-7" in c.codes]
    assert not course.evaluation_only


def test_a_course_known_only_by_its_code_takes_its_subject_from_its_document() -> None:
    row = segment(
        "r1", "Code: AX-9R; Hours: 4; Held: 03/02/2020", row=True, doc_type="training_log"
    )
    note = segment(
        "p1", "AX-9R slide 12: agitated persons may die suddenly.", doc_type="training_log"
    )
    found = courses_for([row, note], [hit(row, "conducted_energy_weapons", ("taser",))])
    assert [c.codes for c in found.courses] == [("AX-9R",)]
    titles = {c.key: set() for c in found.courses}  # the code names no topic
    documents = {1: {"conducted_energy_weapons"}}  # "Taser recertification report"
    agitation = hit(note, "severe_agitation_excited_delirium", ("agitated",))
    [result] = apply_courses([agitation], found, INCIDENT, titles, documents)
    assert result.depth is Depth.MENTIONS
    assert any("an item inside its document" in c for c in result.cues)
    named = {c.key: {"severe_agitation_excited_delirium"} for c in found.courses}
    [kept] = apply_courses([agitation], found, INCIDENT, named, documents)
    assert kept.depth is Depth.TEACHES  # a course named for the topic keeps it
