"""Document-type guesses from title, heading, body, table and file-name cues.

Every fixture is a short fictional document written for these tests.
"""

from __future__ import annotations

import re

import pytest

from monell.nlp.doctype import classify_document
from monell.records import DocType, DocTypeGuess

Table = list[list[str]]

GENERAL_ORDER = """\
CITY OF MILLBROOK POLICE DEPARTMENT
GENERAL ORDER 300
Subject: Use of Force
Effective Date: 03/01/2019
Rescinds: G.O. 300 dated 05/12/2014

300.1 PURPOSE
This order sets out when members may use force and how force is reported.
300.2 POLICY
It is the policy of the Department to value and preserve human life.
300.3 DE-ESCALATION
Officers shall use de-escalation techniques whenever it is safe and feasible to do so.
"""
# A policy *about* training: rosters, lesson plans and the academy are mentioned, not given.
TRAINING_POLICY = """\
Harbor City Police Department
Standard Operating Procedure 5.12
TRAINING
Effective Date: July 1, 2018          Supersedes: SOP 5.12 (2015)

I. PURPOSE
To set the annual training requirements for sworn members.
II. PROCEDURE
A. Officers shall receive annual in-service training in de-escalation and crisis intervention
at the Police Academy or an approved training center.
B. The Training Unit shall keep attendance rosters, lesson plans and course descriptions for
every course for five years.
"""
OCR_DIRECTIVE = """\
RIVERTON P0LICE DEPARTMENT
DIRECTIVE 12
SUBJECT: VEHICLE PURSUITS
EFFECTIVE DATE: 1-4-2016
SUPERSEDES DIRECTIVE 12 (2009)
I. PURP0SE
MEMBERS SHALL NOT ENGAGE IN A PURSUIT FOR A TRAFFIC OFFENSE ALONE.
MEMBERS SHALL NOTIFY A SUPERVISOR AT THE START OF ANY PURSUIT.
"""
# A lesson plan that cites the policy it teaches.
LESSON_PLAN = """\
LESSON PLAN
Course Title: Crisis Intervention and De-escalation
Lesson Block: 4 of 6          Time Allotted: 4 hours
Reference: General Order 300, Use of Force

Learning Objectives
Upon completion the student will be able to:
1. Describe the de-escalation duties required by General Order 300.
2. Use time, distance and cover with a person in crisis.
Instructional Method: lecture, scenario practice
Training Aids: PowerPoint, role-play scripts
Evaluation
Written test and graded practical exercise.
"""
OCR_INSTRUCTOR_GUIDE = """\
INSTRUCT0R
GUIDE
SUBJECT: HANDCUFFING AND SEARCH TECHNIQUES
PERFORMANCE OBJECTIVES
THE STUDENT WILL DEMONSTRATE A SAFE REAR HANDCUFFING OF A COMPLIANT SUBJECT.
METHOD OF INSTRUCTION: DEMONSTRATION / PRACTICAL EXERCISE
EQUIPMENT NEEDED: TRAINING HANDCUFFS, INERT OC CANISTERS
"""
RECRUIT_CURRICULUM = """\
Basic Recruit Academy Curriculum
Class 2019-1
Module 1  Orientation and Ethics                 16 hours
Module 2  Constitutional Law                      40 hours
Module 3  Use of Force and De-escalation          40 hours
Module 4  Firearms                                80 hours
Module 5  Emergency Vehicle Operations            40 hours
Total Hours: 720
"""
OCR_SYLLABUS = """\
STATE POLICE TRAINING ACADEMY
SYLLABUS
BASIC LAW ENF0RCEMENT COURSE
LEARNING DOMAIN 20: USE OF FORCE
LEARNING DOMAIN 21: PATROL TECHNIQUES
MINIMUM HOURS: 664
"""
INSERVICE_CATALOG = """\
2021 In-Service Training Schedule
Course Descriptions

21-104 Crisis Intervention Team Refresher (Optional) - An eight-hour course on recognising
mental illness and calming people in crisis.
Location: Regional Training Center. Tuition: $85. Register online.

21-105 Legal Updates (Required course) - A three-hour course on new statutes and court rulings.
Location: County Police Training Center. No charge.
"""
CATALOG_HEADER = "REGIONAL POLICE TRAINING CENTER\nCOURSE CATALOG 2020\n"
CATALOG_TABLE: Table = [
    ["Course Number", "Course Title", "Dates", "Location", "Tuition"],
    ["20-011", "Taser Instructor", "Mar 3-4", "Room A", "$250"],
    ["20-012", "Field Training Officer", "Apr 6-10", "Room B", "$400"],
    ["20-013", "Report Writing", "May 12", "Room A", "$90"],
]
ROSTER_TABLE: Table = [
    ["Officer Name", "Badge No.", "Course", "Date Completed", "Hours"],
    ["Alvarez, Maria", "4471", "Use of Force Update", "03/12/2019", "4"],
    ["Becker, Thomas", "3310", "Use of Force Update", "03/12/2019", "4"],
    ["Chen, Wei", "2875", "Use of Force Update", "03/14/2019", "4"],
    ["Dubois, Anne", "5102", "Use of Force Update", "03/14/2019", "4"],
    ["Okafor, Daniel", "4620", "Use of Force Update", "03/19/2019", "4"],
]
OCR_SIGN_IN = """\
TRAINING SIGN-IN SHEET
COURSE: TASER X26 RECERTIFICATION   INSTRUCTOR: SGT. ORTIZ
NAME                 BADGE   HOURS
ALVAREZ, MARIA       4471    8.0
BECKER, THOMAS       3310    8.0
CHEN, WEI            2875    8.0
"""
TRANSCRIPT = """\
Individual Training Record
Officer: P.O. Daniel Okafor #4620
Course                              Completion Date     Hours Completed
De-escalation Tactics               02/02/2018          8
Firearms Qualification              05/11/2018          4
"""
IA_FILE = """\
INTERNAL AFFAIRS DIVISION
Citizen Complaint Investigation
IA # 2019-0147
Complainant: Jane Roe
Accused Officer: P.O. John Doe #5521
Allegation 1: Excessive force during arrest.   Finding: Not Sustained
Allegation 2: Discourtesy.                     Finding: Sustained
"""
OCR_COMPLAINT = """\
0FFICE OF PROFESSIONAL STANDARDS
COMPLAINT NO. 18-332
C0MPLAINANT STATES THAT THE ACCUSED MEMBER PUSHED HIM AGAINST THE CAR.
DISPOSITION: UNFOUNDED
"""
UOF_REPORT = """\
USE OF FORCE REPORT
Incident Number: 2020-118832       Date of Incident: 08/14/2020
Involved Officer: Ofc. K. Lindqvist #3021
Subject Information: adult male, 34
Type of Force: CEW deployment, one cycle
Injuries to Subject: two probe punctures, treated at scene
Supervisor Review: Sgt. Amari Boateng
"""
OCR_R2R = """\
RESPONSE TO RESISTANCE
REP0RT
SUBJECT RESISTANCE: ACTIVE AGGRESSION
FORCE USED: OC SPRAY, TAKEDOWN
SUBJECT INJURED: Y
REVIEWING SUPERVISOR: LT. HALVORSEN
"""
PARKING_EMAIL = """\
From: Facilities Management
To: All Personnel
Subject: Parking lot resurfacing
The east lot will be closed on Saturday. Please park in the garage on 4th Street.
"""
INVOICE = """\
INVOICE 20-4471
Bill to: City of Millbrook
2 boxes copier paper        $58.00
Total due in 30 days        $58.00
"""
SHALL_MEMO = "Memo to all units\nVehicles shall be parked nose-out in the east lot.\n"

CASES = [
    pytest.param("GO_300.pdf", [GENERAL_ORDER], [], DocType.POLICY, id="general-order"),
    pytest.param(
        "VOL002-000310.pdf", [TRAINING_POLICY], [], DocType.POLICY, id="policy-mentions-training"
    ),
    pytest.param("scan_0042.pdf", [OCR_DIRECTIVE], [], DocType.POLICY, id="ocr-caps-directive"),
    pytest.param(
        "VOL001-000120.pdf", [LESSON_PLAN], [], DocType.LESSON_PLAN, id="lesson-plan-cites-policy"
    ),
    pytest.param(
        "scan_0107.pdf", [OCR_INSTRUCTOR_GUIDE], [], DocType.LESSON_PLAN, id="ocr-instructor-guide"
    ),
    pytest.param(
        "academy.pdf", [RECRUIT_CURRICULUM], [], DocType.TRAINING_CURRICULUM, id="recruit-modules"
    ),
    pytest.param(
        "scan_0201.pdf", [OCR_SYLLABUS], [], DocType.TRAINING_CURRICULUM, id="ocr-syllabus"
    ),
    pytest.param(
        "VOL003-000001.pdf",
        [INSERVICE_CATALOG],
        [],
        DocType.TRAINING_CATALOG,
        id="inservice-catalog",
    ),
    pytest.param(
        "VOL003-000090.pdf",
        [CATALOG_HEADER],
        [CATALOG_TABLE],
        DocType.TRAINING_CATALOG,
        id="catalog-with-course-table",
    ),
    pytest.param(
        "PROD003-004512.pdf", [""], [ROSTER_TABLE], DocType.TRAINING_LOG, id="roster-table-only"
    ),
    pytest.param("scan_0311.pdf", [OCR_SIGN_IN], [], DocType.TRAINING_LOG, id="ocr-sign-in-sheet"),
    pytest.param(
        "Okafor_Training_Record.pdf", [TRANSCRIPT], [], DocType.TRAINING_LOG, id="training-record"
    ),
    pytest.param("VOL004-000001.pdf", [IA_FILE], [], DocType.COMPLAINT_FILE, id="ia-file"),
    pytest.param("scan_0400.pdf", [OCR_COMPLAINT], [], DocType.COMPLAINT_FILE, id="ocr-complaint"),
    pytest.param(
        "VOL005-000001.pdf", [UOF_REPORT], [], DocType.USE_OF_FORCE_REPORT, id="use-of-force-report"
    ),
    pytest.param("scan_0500.pdf", [OCR_R2R], [], DocType.USE_OF_FORCE_REPORT, id="ocr-r2r-report"),
    pytest.param("email_0001.pdf", [PARKING_EMAIL], [], DocType.OTHER, id="parking-email"),
    pytest.param("VOL009-000001.pdf", ["", "   \n"], [], DocType.OTHER, id="blank-pages"),
    pytest.param("VOL009-000002.pdf", [INVOICE], [], DocType.OTHER, id="invoice"),
    pytest.param("memo.pdf", [SHALL_MEMO], [], DocType.OTHER, id="memo-with-a-stray-shall"),
]


def _quotes(reason: str) -> list[str]:
    return re.findall(r'"([^"]*)"', reason)


def _searchable(file_name: str, pages: list[str], tables: list[Table]) -> str:
    cells = [cell for table in tables for row in table for cell in row]
    return " ".join(" ".join([file_name, *pages, *cells]).split())


@pytest.mark.parametrize(("file_name", "pages", "tables", "expected"), CASES)
def test_classify_document_names_the_type(
    file_name: str, pages: list[str], tables: list[Table], expected: DocType
) -> None:
    guess = classify_document(file_name, pages, tables)
    assert guess.doc_type is expected, guess.reasons
    assert 0.0 < guess.confidence <= 1.0


@pytest.mark.parametrize(("file_name", "pages", "tables", "expected"), CASES)
def test_every_reason_quotes_words_found_in_the_document(
    file_name: str, pages: list[str], tables: list[Table], expected: DocType
) -> None:
    guess = classify_document(file_name, pages, tables)
    searchable = _searchable(file_name, pages, tables)
    assert 0 < len(guess.reasons) <= 6
    for reason in guess.reasons:
        quotes = _quotes(reason)
        assert quotes or guess.doc_type is DocType.OTHER, reason
        for quote in quotes:
            assert quote in searchable, reason


@pytest.mark.parametrize(
    ("pages", "expected_reason"),
    [
        pytest.param([LESSON_PLAN], 'title: "LESSON PLAN"', id="lesson-plan"),
        pytest.param([GENERAL_ORDER], 'title: "GENERAL ORDER"', id="general-order"),
        pytest.param([OCR_INSTRUCTOR_GUIDE], 'title: "INSTRUCT0R GUIDE"', id="ocr-broken-title"),
        pytest.param([UOF_REPORT], 'title: "USE OF FORCE REPORT"', id="force-report-form"),
    ],
)
def test_title_cue_is_the_strongest_reason(pages: list[str], expected_reason: str) -> None:
    assert classify_document("x.pdf", pages).reasons[0] == expected_reason


def test_roster_table_reason_lists_its_columns() -> None:
    guess = classify_document("PROD003-004512.pdf", [""], [ROSTER_TABLE])
    assert guess.reasons[0] == (
        'table columns: "Officer Name", "Badge No.", "Course", "Date Completed", "Hours" (5 rows)'
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("General Order 300, Use of Force", DocType.POLICY, id="title"),
        pytest.param("Reference: General Order 300, Use of Force", DocType.OTHER, id="reference"),
        pytest.param("Officers must act per General Order 300.", DocType.OTHER, id="per"),
    ],
)
def test_a_cited_policy_is_not_the_document_itself(text: str, expected: DocType) -> None:
    assert classify_document("x.pdf", [text]).doc_type is expected


def test_file_name_cue_reads_run_together_words() -> None:
    guess = classify_document("UOFReport_0012.pdf", ["Force used: hands-on control"])
    assert guess.doc_type is DocType.USE_OF_FORCE_REPORT
    assert 'file name: "UOF"' in guess.reasons


@pytest.mark.parametrize(
    ("strong", "weak"),
    [
        pytest.param([LESSON_PLAN], ["LESSON PLAN\nTraffic stops"], id="lesson-plan"),
        pytest.param([GENERAL_ORDER], ["Directive\nParking assignments"], id="policy"),
        pytest.param([IA_FILE], ["Complainant: J. Roe\nCalled twice about noise."], id="complaint"),
    ],
)
def test_more_evidence_gives_more_confidence(strong: list[str], weak: list[str]) -> None:
    strong_guess = classify_document("x.pdf", strong)
    weak_guess = classify_document("x.pdf", weak)
    assert strong_guess.doc_type is weak_guess.doc_type
    assert strong_guess.confidence > weak_guess.confidence


def test_mixed_evidence_gives_less_confidence_than_clean_evidence() -> None:
    clean = classify_document("x.pdf", [LESSON_PLAN])
    mixed = classify_document("x.pdf", [LESSON_PLAN], [ROSTER_TABLE])
    assert mixed.doc_type is DocType.LESSON_PLAN
    assert mixed.confidence < clean.confidence


def test_weak_cues_are_named_when_no_type_is_claimed() -> None:
    guess = classify_document("memo.pdf", [SHALL_MEMO])
    assert guess.doc_type is DocType.OTHER
    assert guess.reasons == (
        "no document type reached the evidence threshold",
        'weak policy cue, text: "shall"',
    )
    assert 0.0 < guess.confidence < 0.9  # less sure than for a page with no cue at all


def test_blank_document_is_other_with_high_confidence() -> None:
    guess = classify_document("VOL009-000001.pdf", [])
    assert guess == DocTypeGuess(
        DocType.OTHER, 0.9, ("no document type reached the evidence threshold",)
    )


def test_long_manual_is_classified_from_its_front_pages_and_a_sample() -> None:
    body = "Members shall follow the procedures in this chapter at all times.\n" * 40
    pages = [GENERAL_ORDER] + [body] * 600
    guess = classify_document("manual.pdf", pages)
    assert guess.doc_type is DocType.POLICY
    assert guess.reasons[0].startswith("title:")


@pytest.mark.parametrize(
    ("file_name", "text", "table"),
    [
        ("VOL3_0001.pdf", "OFFICE OF THE CITY ATTORNEY\nLITIGATION REGISTER - POLICE MATTERS\n",
         [["Case No.", "Caption", "Date Filed", "Date of Incident", "Defendant Officers", "Status"],
          ["2:18-cv-00761", "Okoro v. City", "05/14/2018", "11/02/2017", "Ofc. Lamb", "Settled"]]),
        ("risk.pdf", "RISK MANAGEMENT DIVISION\nGENERAL LIABILITY CLAIMS - POLICE\n",
         [["Claim No.", "Claimant", "Date of Loss", "Date Received", "Description", "Status"],
          ["GL-19-0412", "B. Rae", "02/02/2019", "02/20/2019", "dog bite", "Paid"]]),
        ("x.pdf", "NOTICE OF CLAIM\nClaimant: Maria Ramos\nDate of occurrence: 04/04/2019\n", []),
        ("x.pdf", "Notice of Tort Claim\nTo the City Clerk\nThe claimant was held down.\n", []),
        ("x.pdf", "COUNTY JAIL\nINMATE GRIEVANCE FORM\nGrievant: T. Lowe\nFiled: 01/05/2020\n", []),
        ("x.pdf", "Grievance Log 2020\nGrievance No. Date Filed Issue Response\n", []),
        ("x.pdf", "SHERIFF'S OFFICE\nSERIOUS INCIDENT REPORT\nTime of Incident: 07/07/2019\n", []),
        ("x.pdf", "Death in Custody Report\nDecedent: R. Vale\nDate of death: 02/02/2020\n", []),
        ("x.pdf", "ORDER GRANTING DEFENDANT'S MOTION TO SUPPRESS\nThe motion is GRANTED.\n", []),
        ("x.pdf", "Civil Action No. 19-cv-0412\nPLAINTIFF'S COMPLAINT FOR DAMAGES\n", []),
        ("suits.pdf", "Pending Lawsuits Against the Department\n",
         [["Docket", "Plaintiff", "Filed", "Allegations", "Status"],
          ["19-CV-0412", "F. Ude", "03/06/2019", "false arrest", "Open"]]),
    ],
)  # fmt: skip
def test_issue_18_lawsuits_claims_grievances_incident_reports_and_court_findings_are_notice(
    file_name: str, text: str, table: list[list[str]]
) -> None:
    guess = classify_document(file_name, [text], [table] if table else [])
    assert guess.doc_type is DocType.COMPLAINT_FILE, guess.reasons


def test_text_cues_match_as_a_case_insensitive_pattern_would_without_compiling_one() -> None:
    """Issue 21: the text cues are compiled with each letter's cases spelled out (the flag
    cost ~0.1 s of every start) and matched on a folded copy of the text; they must find
    exactly what the same phrases compiled with re.IGNORECASE find, in any case, with OCR
    look-alikes, and with the non-ASCII letters the flag folds (ı, İ, ſ, K)."""
    import random

    from monell.nlp import doctype

    def reference(phrase: str) -> re.Pattern[str]:  # the phrase as the flag reads it
        looks = {"o": "[o0]", "l": "[l1|]", "i": "[i1l|]", "s": "[s5]", "'": "['’`]?"}
        words = ["".join(looks.get(c, re.escape(c)) for c in w) for w in phrase.lower().split()]
        tail = r"(?:s|es)?(?![a-z0-9])" if phrase[-1].isalpha() else ""
        return re.compile(r"(?<![a-z0-9])" + r"[\s\-_/]*".join(words) + tail, re.I)

    rng = random.Random(21)
    swaps = {"i": "\u0131\u0130I1l|", "s": "\u017fS5", "k": "\u212aK", "o": "0O", "l": "1|L"}
    phrases = [
        " ".join(p.split())
        for group in doctype._VOCABULARY["phrase_cues"]
        if group["scope"] != "file"
        for p in group["phrases"]
    ]
    for phrase in rng.sample(phrases, min(60, len(phrases))):
        spelled = re.compile(
            doctype._SPELLED_BOUNDS[0]
            + doctype._tolerant(phrase, doctype._SPELLED_BOUNDS[1], spelled=True)
        )
        expected = reference(phrase)
        for _ in range(25):
            variant = "".join(rng.choice([c, c.upper(), *swaps.get(c.lower(), "")]) for c in phrase)
            text = rng.choice(["", "x", " ", "\u0131", "9 "]) + variant
            text += rng.choice(["", "s", "ES", "\u017f", "k", " policy", "\u212a"])
            found = [m.span() for m in spelled.finditer(text.translate(doctype._FOLD))]
            assert found == [m.span() for m in expected.finditer(text)], (phrase, text)
