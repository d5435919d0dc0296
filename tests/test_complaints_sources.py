"""Notice from every source: lawsuits in a litigation register, claims in a risk-management
register or a notice of claim, grievances, serious-incident and in-custody death reports,
and court findings are records like complaints, each with its kind, its date received or
filed, and its own words; the same event told by several sources counts once."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from monell.complaints.events import merge_events
from monell.complaints.fields import NO_NUMBER_WARNING, read_record
from monell.complaints.merge import merge_copies
from monell.complaints.notice import assign_timing, build_patterns
from monell.complaints.people import complainant_key, plaintiff_of
from monell.complaints.segment import number_key
from monell.complaints.sources import document_kind, read_spans
from monell.coverage.taxonomy import Topic
from monell.records import DocumentText, PageText, Table
from monell.records.complaints import ComplaintRecord, Disposition, SourceKind, Timing

INCIDENT = date(2021, 6, 14)
PRONE = Topic(
    id="prone_restraint_positional_asphyxia", name="Prone restraint", elements=(1,),
    single_incident=False, description="d", coverage_exemplars=(), injury_exemplars=(),
    lexical_patterns=(), authorities=(), source="test",
)  # fmt: skip


def document(
    *pages: str, tables: tuple[Table, ...] = (), doc_id: int = 4, name: str = "VOL003_0004.pdf"
) -> DocumentText:
    return DocumentText(
        doc_id,
        name,
        tuple(PageText(i, text, f"HRL{doc_id:02d}{i:05d}") for i, text in enumerate(pages, 1)),
        tables,
    )


def read(doc: DocumentText, doc_type: str = "other") -> list[ComplaintRecord]:
    spans = read_spans(doc, doc_type)
    assert spans is not None, "the document should be read for notice"
    return [read_record(span) for span in spans]


def table(header: list[str], *rows: list[str], page: int = 1) -> Table:
    return Table(page, 0, (tuple(header), *(tuple(r) for r in rows)))


# --- the kind of a document, from its title block (10+ phrasings per kind) -----------------


@pytest.mark.parametrize(
    "title",
    [
        "OFFICE OF THE CITY ATTORNEY\nLITIGATION REGISTER 2015-2021",
        "Pending and Closed Lawsuits Involving Police Personnel",
        "CIVIL ACTIONS AGAINST THE SHERIFF'S OFFICE - STATUS REPORT",
        "Civil Rights Suits (42 U.S.C. § 1983) naming Department members",
        "Law Department\nSummary of Civil Litigation, Police Matters",
        "SECTION 1983 CASE LIST",
        "Docket report: federal civil cases v. City",
        "L1TIGATION REGISTER",  # OCR read the I as a 1: the file name still says it
        "Legal Actions Log - Police Department",
        "county counsel: suits register (closed matters)",
        "Lawsuit Tracking Summary for the Chief",
    ],
)
def test_a_litigation_register_is_read_as_lawsuits(title: str) -> None:
    doc = document(title + "\nprinted 01/02/2022", name="litigation-register.pdf")
    assert document_kind(doc) is SourceKind.LAWSUIT


@pytest.mark.parametrize(
    "title",
    [
        "RISK MANAGEMENT DIVISION\nGeneral Liability Claims - Police",
        "NOTICE OF CLAIM",
        "Notice of Tort Claim against the City of Harlan",
        "Claims Register, Police Department, FY2019-FY2021",
        "claims log (police-related)",
        "LIABILITY CLAIMS REPORT",
        "Claims History Summary: Sheriff",
        "Claims Against the County Involving Deputies",
        "Risk Management - Claim Listing",
        "Tort Claims Filed with the City Clerk",
    ],
)
def test_a_claims_register_or_notice_of_claim_is_read_as_claims(title: str) -> None:
    assert document_kind(document(title)) is SourceKind.CLAIM


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("DETENTION CENTER INMATE GRIEVANCE FORM", SourceKind.GRIEVANCE),
        ("Grievance Log - County Jail 2020", SourceKind.GRIEVANCE),
        ("Detainee Request / Complaint", SourceKind.GRIEVANCE),
        ("Inmate Complaint Register", SourceKind.GRIEVANCE),
        ("grievances received (medical)", SourceKind.GRIEVANCE),
        ("SERIOUS INCIDENT REPORT", SourceKind.INCIDENT_REPORT),
        ("In-Custody Death Report", SourceKind.INCIDENT_REPORT),
        ("Deaths in Custody - Annual Summary", SourceKind.INCIDENT_REPORT),
        ("Critical Incident Review: jail cell 14", SourceKind.INCIDENT_REPORT),
        ("Unusual Occurrence Report #2020-14", SourceKind.INCIDENT_REPORT),
        ("Sentinel Event Notification", SourceKind.INCIDENT_REPORT),
        ("Significant incident log, patrol division", SourceKind.INCIDENT_REPORT),
        ("ORDER GRANTING DEFENDANT'S MOTION TO SUPPRESS", SourceKind.COURT_FINDING),
        ("Court of Appeals of the State\nOPINION", SourceKind.COURT_FINDING),
        ("Memorandum Opinion and Order", SourceKind.COURT_FINDING),
        ("FINDINGS OF FACT AND CONCLUSIONS OF LAW", SourceKind.COURT_FINDING),
        ("Suppression Rulings Log - District Attorney", SourceKind.COURT_FINDING),
        ("Judgment REVERSED and remanded", SourceKind.COURT_FINDING),
        ("Adverse credibility findings, officers of the Department", SourceKind.COURT_FINDING),
        ("Order on Motion to Suppress Evidence", SourceKind.COURT_FINDING),
        ("Appellate Division decision", SourceKind.COURT_FINDING),
    ],
)
def test_grievances_incident_reports_and_court_findings_are_read_by_their_titles(
    title: str, kind: SourceKind
) -> None:
    assert document_kind(document(title)) is kind


@pytest.mark.parametrize(
    "title",
    [
        "OFFICE OF THE DISTRICT ATTORNEY\nRe: disclosure obligations in Bureau cases",
        "Transmittal letter, second production",
        "Memo to all sworn staff: new overtime rules",
        "PRIVILEGE LOG",
    ],
)
def test_a_letter_or_a_log_of_another_kind_is_not_read_for_notice(title: str) -> None:
    assert read_spans(document(title + "\nDear Counsel,"), "other") is None


def test_training_and_policy_documents_are_never_read_for_notice() -> None:
    doc = document("LITIGATION REGISTER\nCase No. 19-CV-0412")
    assert read_spans(doc, "policy") is None
    assert read_spans(doc, "training_catalog") is None


# --- a register's rows ---------------------------------------------------------------------

LAWSUITS = table(
    ["Case No.", "Caption", "Date of Incident", "Date Filed", "Nature of Claim", "Status"],
    [
        "2:18-cv-00761",
        "Okoro v. City of Harlan",
        "11/02/2017",
        "05/14/2018",
        "Excessive force; officers knelt on plaintiff's back while he lay face down",
        "Settled $85,000",
    ],  # fmt: skip
    [
        "19-CV-0412",
        "Estate of Bryce Lyle v. City",
        "06/14/2021",
        "02/01/2022",
        "Wrongful death in custody",
        "Pending",
    ],  # fmt: skip
)


def test_each_register_row_is_a_lawsuit_with_its_filing_date_and_plaintiff() -> None:
    found = read(document("LITIGATION REGISTER", tables=(LAWSUITS,)))

    first, second = found
    assert [r.source_kind for r in found] == [SourceKind.LAWSUIT, SourceKind.LAWSUIT]
    assert first.record_id == "2:18-cv-00761"
    assert (first.event_date, first.received_date) == (date(2017, 11, 2), date(2018, 5, 14))
    assert complainant_key(first.complainant) == "okoro"
    assert first.disposition is Disposition.SETTLED
    assert "face down" in first.narrative
    assert second.disposition is Disposition.PENDING


# a row of a register of several kinds: (its columns, its cells) -> its kind
MIXED_ROWS = [
    ("Matter Type|No.|Claimant|Received", "Claim|CL-19-0077|A. Pell|03/01/2019", "claim"),
    ("Type|No.|Plaintiff|Filed", "Lawsuit|2019-0078|B. Quon|03/02/2019", "lawsuit"),
    ("Category|Ref #|Party|Filed", "Tort claim|2019-0079|C. Rudd|03/03/2019", "claim"),
    ("Source|Ref #|Party|Filed", "Civil action (federal court)|2019-0080|D. Sol|03/04/2019",
     "lawsuit"),
    ("Claim No.|Claimant|Date Received|Description", "2019-0081|E. Tam|03/05/2019|wrist injury",
     "claim"),
    ("Docket|Plaintiff|Filed|Allegations", "2019-0082|F. Ude|03/06/2019|false arrest", "lawsuit"),
    ("Grievance No.|Grievant|Date Filed|Issue", "G-2019-0083|G. Voss|03/07/2019|no insulin",
     "grievance"),
    ("File No.|Claimant|Date Received|Loss Description", "2019-0084|H. Wu|03/08/2019|dog bite",
     "claim"),
    ("Case No.|Plaintiff|Filed|Claims", "3:19-cv-00085|I. Xu|03/09/2019|taser", "lawsuit"),
    ("No.|Kind|Name|Date Filed", "2019-0086|Grievance (jail)|J. Yoon|03/10/2019", "grievance"),
]  # fmt: skip


@pytest.mark.parametrize(("header", "cells", "kind"), MIXED_ROWS)
def test_a_mixed_register_row_says_its_own_kind(header: str, cells: str, kind: str) -> None:
    register = table(
        [*header.split("|"), "Allegation", "Status"], [*cells.split("|"), "misconduct", "Open"]
    )
    (only,) = read(document("CLAIMS AND LITIGATION REGISTER", tables=(register,)))
    assert only.source_kind is SourceKind(kind)
    assert only.received_date is not None and only.received_date.year == 2019


@pytest.mark.parametrize(
    ("status", "finding"),
    [
        ("Settled $40,000", Disposition.SETTLED),
        ("Closed - settled (no admission)", Disposition.SETTLED),
        ("Dismissed with prejudice", Disposition.DISMISSED),
        ("DISM", Disposition.DISMISSED),
        ("Judgment for plaintiff ($250,000)", Disposition.JUDGMENT_FOR_PLAINTIFF),
        ("Jury verdict for defendants", Disposition.JUDGMENT_FOR_DEFENDANT),
        ("Summary judgment granted to the City", Disposition.JUDGMENT_FOR_DEFENDANT),
        ("Paid $1,250", Disposition.PAID),
        ("Claim denied", Disposition.DENIED),
        ("DENIED - no liability", Disposition.DENIED),
        ("Open / in litigation", Disposition.PENDING),
    ],
)
def test_how_a_lawsuit_or_claim_ended_is_read(status: str, finding: Disposition) -> None:
    register = table(
        ["Claim No.", "Claimant", "Date Received", "Description", "Status"],
        ["CL-2020-0101", "K. Abel", "01/04/2020", "cuffs too tight", status],
    )
    (only,) = read(document("CLAIMS REGISTER", tables=(register,)))
    assert only.disposition is finding


def test_a_register_row_without_a_number_is_its_own_record_with_a_warning() -> None:
    register = table(
        ["Claim No.", "Claimant", "Date Received", "Description", "Status"],
        ["CL-2020-0102", "L. Bey", "01/05/2020", "knee on back, face down", "Open"],
        ["", "M. Cruz", "02/06/2020", "pepper sprayed in cell", "Denied"],
        ["", "N. Dunn", "02/07/2020", "struck with baton", "Denied"],
    )
    found = merge_events(merge_copies(read(document("CLAIMS REGISTER", tables=(register,)))))

    assert len(found) == 3
    assert [r.numbered for r in found] == [True, False, False]
    assert found[1].warnings == (NO_NUMBER_WARNING,)
    assert found[0].warnings == ()


def test_one_number_for_two_events_with_different_complainants_is_not_merged() -> None:
    register = table(
        ["Claim No.", "Claimant", "Date of Loss", "Date Received", "Description"],
        ["2020-0110", "O. Eze", "01/02/2020", "01/09/2020", "tased while handcuffed"],
    )
    log = table(
        ["Claim No.", "Claimant", "Date of Loss", "Date Received", "Description"],
        ["2020-0110", "P. Fay", "07/19/2020", "07/30/2020", "dog bite"],
    )
    first = read(document("CLAIMS REGISTER", tables=(register,), doc_id=4))
    second = read(document("CLAIMS REGISTER", tables=(log,), doc_id=5))

    found = merge_copies(first + second)

    assert len(found) == 2
    (reason,) = found[1].warnings
    assert "not merged" in reason and "2020-01-02" in reason and "2020-07-19" in reason
    assert "complainants differ" in reason


# --- one event, every source ----------------------------------------------------------------

IA_FILE = """INTERNAL AFFAIRS DIVISION
IA #2019-0142
Date of Incident: 03/02/2019
Date Received: 03/05/2019
Complainant: Dana Okafor-Reyes
Accused Member(s): Ofc. J. Marsh #4471
Allegation(s): Complainant states the officer knelt on his back while he was face down
and he could not breathe.
Finding: Not Sustained"""


@pytest.mark.parametrize(
    "row",
    [
        # the same person and the same day
        ["2:19-cv-00512", "Okafor-Reyes v. City of Harlan", "03/02/2019", "09/30/2019",
         "excessive force", "Ofc. J. Marsh"],
        # the register names the IA number; no officer, a caption only
        ["2:19-cv-00512", "Okafor-Reyes v. City (see IA 2019-0142)", "", "09/30/2019",
         "excessive force", ""],
        # nobody named in the complaint's register row, but the same officer and day
        ["2:19-cv-00512", "[redacted]", "03/02/2019", "09/30/2019", "excessive force",
         "Officer Marsh"],
    ],
)  # fmt: skip
def test_an_ia_complaint_and_its_lawsuit_are_one_event_with_two_cites(row: list[str]) -> None:
    header = ["Case No.", "Caption", "Date of Incident", "Date Filed", "Claims", "Officers"]
    ia = read(document(IA_FILE, doc_id=3, name="IA_files.pdf"), "complaint_file")
    suits = read(document("LITIGATION REGISTER", tables=(table(header, row),), doc_id=8))

    (event,) = merge_events(merge_copies(ia + suits))

    assert event.record_id == "IA #2019-0142"  # shown as the agency's complaint
    assert event.source_kind is SourceKind.IA_FILE
    assert [(c.record_id, c.source_kind) for c in event.copies] == [
        ("2:19-cv-00512", SourceKind.LAWSUIT)
    ]
    assert event.received_date == date(2019, 3, 5)  # notice came with the complaint
    assert event.disposition is Disposition.NOT_SUSTAINED


def test_an_event_told_by_a_complaint_and_a_lawsuit_counts_once_in_the_pattern() -> None:
    header = ["Case No.", "Caption", "Date of Incident", "Date Filed", "Claims"]
    ia = read(document(IA_FILE, doc_id=3), "complaint_file")
    suits = read(
        document(
            "LITIGATION REGISTER",
            tables=(
                table(header, ["19-CV-0512", "Okafor-Reyes v. City", "03/02/2019", "09/30/2019",
                               "prone restraint, could not breathe"]),
            ),
            doc_id=8,
        )
    )  # fmt: skip
    records = [assign_timing(r, INCIDENT, 5) for r in merge_events(merge_copies(ia + suits))]
    records = [replace(r, topics=(PRONE.id,)) for r in records]

    (pattern,) = build_patterns(records, [PRONE])

    assert pattern.prior_count == 1


def test_two_complaints_of_one_protest_by_different_people_stay_two() -> None:
    log = table(
        ["IA No.", "Complainant", "Date of Incident", "Date Received", "Allegation"],
        ["2020-0201", "Q. Gant", "06/06/2020", "06/08/2020", "pepper sprayed while seated"],
        ["2020-0202", "R. Hale", "06/06/2020", "06/09/2020", "pepper sprayed while seated"],
    )
    claims = table(
        ["Claim No.", "Claimant", "Date of Loss", "Date Received", "Description"],
        ["CL-2020-0301", "R. Hale", "06/06/2020", "07/01/2020", "OC spray at protest"],
    )
    ia = read(document("OPS COMPLAINT LOG", tables=(log,), doc_id=3), "complaint_file")
    claim = read(document("CLAIMS REGISTER", tables=(claims,), doc_id=9))

    found = merge_events(merge_copies(ia + claim))

    assert [r.record_id for r in found] == ["2020-0201", "2020-0202"]
    assert [c.record_id for c in found[1].copies] == ["CL-2020-0301"]  # Hale's claim


# --- timing: a lawsuit is notice from the day it was filed ---------------------------------


def _suit(filed: str, event: str = "", caption: str = "Pike v. City") -> ComplaintRecord:
    header = ["Case No.", "Caption", "Date of Incident", "Date Filed", "Claims"]
    rows = table(header, ["20-CV-0901", caption, event, filed, "choked during arrest"])
    (only,) = read(document("LITIGATION REGISTER", tables=(rows,)))
    return only


def test_a_lawsuit_filed_before_the_incident_is_notice() -> None:
    timed = assign_timing(_suit("03/01/2020"), INCIDENT, 5)
    assert timed.timing is Timing.PRIOR and not timed.own


def test_a_lawsuit_filed_after_the_incident_is_not_notice_even_for_an_earlier_event() -> None:
    timed = assign_timing(_suit("09/01/2021", event="03/01/2021"), INCIDENT, 5)
    assert timed.timing is Timing.POST and not timed.own


@pytest.mark.parametrize(
    ("filed", "event", "caption"),
    [
        ("10/01/2021", "06/14/2021", "Quill v. City"),  # the incident itself
        ("10/01/2021", "", "Doe v. City of Riverton"),  # the plaintiff's caption, no event date
        ("10/01/2021", "", "Estate of Jane Doe v. City"),
    ],
)
def test_the_plaintiffs_own_lawsuit_is_never_notice(filed: str, event: str, caption: str) -> None:
    plaintiff = plaintiff_of("Doe v. City of Riverton")
    timed = assign_timing(_suit(filed, event, caption), INCIDENT, 5, plaintiff)
    assert timed.own and timed.timing is Timing.POST


def test_an_earlier_unrelated_complaint_by_the_plaintiff_is_still_notice() -> None:
    plaintiff = plaintiff_of("Doe v. City of Riverton")
    earlier = _suit("05/01/2019", event="04/01/2019", caption="Doe v. City")
    assert assign_timing(earlier, INCIDENT, 5, plaintiff).timing is Timing.PRIOR


# --- numbers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("2:19-cv-00412", "19-CV-412"),
        ("Case No. 2:19-cv-00412-JKB", "19-cv-00412"),
        ("CASE NO.: 2019 CV 000412", "19 CV 412"),
        ("Civil Action No. CV-2019-412", "CIV-19-0412"),
        ("IA #2O19-0l42", "2019-0142"),  # OCR's O and l
        ("Complaint # IA-2018-044", "IA 2018-044"),
    ],
)
def test_one_number_printed_two_ways_has_one_key(a: str, b: str) -> None:
    assert number_key(a) == number_key(b)


def test_a_lawsuit_listed_by_filing_date_alone_joins_the_one_complaint_of_its_plaintiff() -> None:
    header = ["Case No.", "Caption", "Date Filed", "Claims"]
    ia = read(document(IA_FILE, doc_id=3), "complaint_file")
    suit = read(
        document(
            "LITIGATION REGISTER",
            tables=(table(header, ["19-CV-0512", "Okafor-Reyes v. City", "09/30/2019", "force"]),),
            doc_id=8,
        )
    )

    (event,) = merge_events(merge_copies(ia + suit))

    assert [c.source_kind for c in event.copies] == [SourceKind.LAWSUIT]


def test_an_undated_lawsuit_with_two_possible_complaints_joins_neither() -> None:
    second = IA_FILE.replace("IA #2019-0142", "IA #2019-0188").replace("03/02/2019", "04/11/2019")
    ia = read(document(IA_FILE + "\n" + second, doc_id=3), "complaint_file")
    header = ["Case No.", "Caption", "Date Filed", "Claims"]
    suit = read(
        document(
            "LITIGATION REGISTER",
            tables=(table(header, ["19-CV-0512", "Okafor-Reyes v. City", "09/30/2019", "force"]),),
            doc_id=8,
        )
    )

    assert len(merge_events(merge_copies(ia + suit))) == 3


ORDER = """IN THE CIRCUIT COURT OF HARLAN COUNTY
STATE OF OREGON v. DARNELL KEYES
Case No. 18CR41122
ORDER GRANTING DEFENDANT'S MOTION TO SUPPRESS
The Court finds that Officer P. Lamb searched the defendant's car without consent on
March 3, 2018. The motion is GRANTED.
Dated: June 12, 2018"""


@pytest.mark.parametrize(
    "dated",
    [
        "Dated: June 12, 2018",
        "ENTERED 06/12/2018",
        "So ordered this 12th day of June, 2018.",
        "Signed: 6/12/2018",
        "Filed June 12, 2018",
        "IT IS SO ORDERED. June 12, 2018",
        "Decided: 2018-06-12",
        "DATED this 12th day of June, 2018",
        "Entered on the docket: June 12, 2018",
        "dated 12 June 2018",
    ],
)
def test_a_court_finding_reaches_the_city_the_day_it_is_dated_or_entered(dated: str) -> None:
    text = ORDER.replace("Dated: June 12, 2018", dated)
    (finding,) = read(document(text, name="order_2018.pdf"), "other")

    assert finding.source_kind is SourceKind.COURT_FINDING
    assert finding.received_date == date(2018, 6, 12)
    assert finding.event_date == date(2018, 3, 3)
    assert number_key(finding.record_id) == "18cr41122"
    assert complainant_key(finding.complainant) == "keyes"  # the state's case names the person


def test_a_complaint_received_after_the_incident_is_notice_when_its_claim_came_before() -> None:
    late = IA_FILE.replace("Date Received: 03/05/2019", "Date Received: 08/20/2021")
    ia = read(document(late, doc_id=3), "complaint_file")
    claims = table(
        ["Claim No.", "Claimant", "Date of Loss", "Date Received", "Description"],
        ["CL-2019-0311", "D. Okafor-Reyes", "03/02/2019", "04/15/2019", "knee on back"],
    )
    claim = read(document("CLAIMS REGISTER", tables=(claims,), doc_id=9))

    (event,) = merge_events(merge_copies(ia + claim))
    timed = assign_timing(event, INCIDENT, 5)

    assert event.received_date == date(2021, 8, 20)  # the complaint's own, as printed
    assert [c.received_date for c in event.copies] == [date(2019, 4, 15)]
    assert timed.timing is Timing.PRIOR  # the city heard of it with the claim


@pytest.mark.parametrize(
    ("named", "key"),
    [
        ("Maria Ramos", "ramos"),
        ("RAMOS, MARIA", "ramos"),
        ("Ramos v. City of Harlan", "ramos"),
        ("Estate of Luis Ramos v. County of Dale", "ramos"),
        ("State v. Marcus Jones", "jones"),
        ("People of the State of Illinois v. Jones", "jones"),
        ("Luis Ramos Jr.", "ramos"),
        ("Complainant #1", ""),
        ("Anonymous", ""),
        ("[redacted]", ""),
        ("Male, 27", ""),
        ("Juvenile female, 15", ""),
    ],
)
def test_the_person_a_record_names_is_keyed_by_last_name_and_a_description_names_nobody(
    named: str, key: str
) -> None:
    assert complainant_key(named) == key
