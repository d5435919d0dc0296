#!/usr/bin/env python3
"""Generate a small, entirely FICTIONAL, Bates-stamped sample discovery production.

Purpose
-------
``make demo`` needs realistic input for the ``monell`` analyzer without shipping
real case material.  This script writes a two-volume "rolling production" from
the invented City of Riverton Police Department (incident date of the invented
case: 2021-06-14).  Every person, badge number, complaint and event below is made
up.  The production deliberately contains the features the analyzer must handle:

* page-level Bates numbers (``RIV0000001`` ...) as real text in the bottom-right
  corner, plus a confidentiality legend in the bottom-left on some documents;
* a Bates gap (RIV0000021-RIV0000023 are withheld) between two VOL001 documents;
* a drawn table (in-service training log) that ``pdfplumber`` can extract;
* an image-only "scanned" page whose Bates stamp exists only as pixels (OCR);
* a byte-identical re-production of an earlier document in VOL002 (dedup);
* VOL002 delivered as a Concordance/Opticon load-file volume with a native roster.

Layout::

    OUT_DIR/VOL001/RIV0000001.pdf  General Order 300 - Use of Force (10 pp.)
    OUT_DIR/VOL001/RIV0000011.pdf  Academy lesson plan, Arrest and Control (8 pp.)
    OUT_DIR/VOL001/RIV0000019.pdf  In-service training hour log (2 pp., table)
                                   [RIV0000021-RIV0000023 withheld]
    OUT_DIR/VOL001/RIV0000024.pdf  Training sign-in sheet (p. 2 image-only)
    OUT_DIR/VOL002/  a load-file volume (see sample_loadfile.py):
        DATA/VOL002.dat, DATA/VOL002.opt, IMAGES/, TEXT/, NATIVES/
        RIV0000026-28  Internal Affairs complaint file (extracted text + images)
        RIV0000029-30  Use of Force report, 2020 (images only: OCR)
        RIV0000031     In-service roster 2020-2021 (native .xlsx, slip sheet)
        RIV0000001-10  native copy of VOL001/RIV0000001.pdf (re-produced)
    OUT_DIR/staging/VOL002/  the PDFs VOL002 was built from (not ingested)

Usage::

    python scripts/make_sample_production.py OUT_DIR

OUT_DIR is created if needed; earlier VOL001/VOL002 output inside it is
replaced.  Output is deterministic (fixed PDF dates, fixed random seed), so the
SHA-256 of every file is stable from run to run on the same fpdf2/Pillow.
"""

from __future__ import annotations

import argparse
import math
import random
import shutil
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from PIL import Image, ImageDraw, ImageFilter, ImageFont, ImageOps
from sample_loadfile import StagedPdf, write_load_file_volume

# --------------------------------------------------------------------------
# Production-wide settings
# --------------------------------------------------------------------------
BATES_PREFIX = "RIV"
BATES_DIGITS = 7
FIRST_BATES = 1
WITHHELD_FIRST = 21  # RIV0000021-RIV0000023 are withheld (e.g. privilege)
WITHHELD_LAST = 23
LEGEND = "CONFIDENTIAL - SUBJECT TO PROTECTIVE ORDER"
VOL001 = "VOL001"
VOL002 = "VOL002"
REPRODUCED_NAME = "RIV0000001_reproduced.pdf"
AUTHOR = "City of Riverton Police Department"

# Fixed creation dates make the PDFs (and their /ID hashes) byte-reproducible.
VOL001_CREATED = datetime(2022, 3, 15, 9, 30, 0, tzinfo=UTC)
VOL002_CREATED = datetime(2022, 5, 2, 14, 0, 0, tzinfo=UTC)
RANDOM_SEED = 1983  # fixed seed: scan noise and signatures are repeatable

# --------------------------------------------------------------------------
# Page geometry (US Letter, millimetres) and typography
# --------------------------------------------------------------------------
PAGE_W_MM = 215.9
PAGE_H_MM = 279.4
MARGIN_MM = 25.4
TOP_MARGIN_MM = 22.0
CONTENT_BOTTOM_MM = PAGE_H_MM - 20.0  # body text must end above the stamp zone
STAMP_EDGE_MM = 12.7  # Bates stamp / legend sit half an inch from the edges
STAMP_BOX_W_MM = 100.0
BATES_FONT_PT = 9.0
LEGEND_FONT_PT = 8.0
HEADER_FONT_PT = 8.0
ITEM_INDENT_MM = 5.0
ITEM_MARKER_W_MM = 7.0
TABLE_FONT_PT = 9.0
TABLE_LINE_H_MM = 6.5
ROSTER_COL_WIDTHS = (30, 11, 32, 15, 12)  # relative widths of the log columns

# --------------------------------------------------------------------------
# "Scanned" page rendering (Pillow)
# --------------------------------------------------------------------------
SCAN_DPI = 200
SCAN_SIZE_PX = (int(8.5 * SCAN_DPI), int(11 * SCAN_DPI))
SCAN_ROTATION_DEG = 0.45  # a scanner feed is never perfectly square
SCAN_PAPER_TONE = 247  # off-white; a uniform tone still compresses well
SCAN_INK = 20
SCAN_SPECKLES = 2600  # sparse dust keeps the PNG small (dense noise would not)
SCAN_BLUR_RADIUS = 0.6
SCAN_STAMP_PT = 12.0  # large enough for Tesseract at 300 DPI re-rendering
# Tesseract reads the wide, round zeros of most faces after "RIV" as letter O
# ("RIVO000025").  A bold slab-serif face squeezed horizontally gives narrow
# zeros that it reliably reads as digits (verified across skews and numbers).
SCAN_STAMP_XSCALE = 0.8
SCAN_STAMP_EDGE_IN = 0.5
SCAN_STAMP_FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf",
    "/usr/share/fonts/dejavu/DejaVuSerif-Bold.ttf",
    "/usr/share/fonts/TTF/DejaVuSerif-Bold.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSerif-Bold.ttf",
    "/Library/Fonts/Times New Roman Bold.ttf",
    "C:/Windows/Fonts/timesbd.ttf",
)
SCAN_FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/Library/Fonts/Arial.ttf",
    "C:/Windows/Fonts/arial.ttf",
)
SCAN_BOLD_FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
    "/Library/Fonts/Arial Bold.ttf",
    "C:/Windows/Fonts/arialbd.ttf",
)


# --------------------------------------------------------------------------
# Content model: a document is a list of pages, a page a list of blocks.
# Pagination is explicit (no auto page breaks) so Bates ranges are fixed.
# --------------------------------------------------------------------------
@dataclass(frozen=True)
class BlockStyle:
    """Typography for one kind of text block."""

    family: str
    emphasis: str
    size_pt: float
    line_h_mm: float
    align: str
    space_after_mm: float


STYLES: dict[str, BlockStyle] = {
    "title": BlockStyle("Helvetica", "B", 13, 6.5, "C", 0.5),
    "subtitle": BlockStyle("Helvetica", "B", 11, 5.5, "C", 3.0),
    "heading": BlockStyle("Helvetica", "B", 10.5, 5.5, "L", 1.5),
    "subheading": BlockStyle("Helvetica", "BI", 10, 5.0, "L", 1.0),
    "para": BlockStyle("Times", "", 11, 5.0, "J", 2.5),
    "item": BlockStyle("Times", "", 11, 5.0, "L", 1.2),
    "field": BlockStyle("Times", "", 11, 5.5, "L", 0.6),
    "note": BlockStyle("Times", "I", 10, 4.6, "L", 2.0),
    "gap": BlockStyle("Times", "", 11, 4.0, "L", 0.0),
}

Block = tuple[str, str]
Page = list[Block]


def T(text: str) -> Block:
    """Centered document title."""
    return ("title", text)


def ST(text: str) -> Block:
    """Centered subtitle."""
    return ("subtitle", text)


def H(text: str) -> Block:
    """Numbered section heading."""
    return ("heading", text)


def SH(text: str) -> Block:
    """Sub-section heading."""
    return ("subheading", text)


def P(text: str) -> Block:
    """Justified prose paragraph."""
    return ("para", text)


def LI(text: str, marker: str = "-") -> Block:
    """List item; ``marker`` is printed in a hanging indent."""
    return ("item", f"{marker}\t{text}")


def F(label: str, value: str) -> Block:
    """Form field rendered as a bold label followed by its value."""
    return ("field", f"{label}\t{value}")


def N(text: str) -> Block:
    """Italic note."""
    return ("note", text)


GAP: Block = ("gap", "")


# --------------------------------------------------------------------------
# Document 1: General Order 300 - Use of Force (10 pages)
# --------------------------------------------------------------------------
POLICY_TITLE = "General Order 300 - Use of Force"
POLICY_RUNNING_HEADER = "Riverton PD - General Order 300 - Use of Force"
POLICY_PAGES: list[Page] = [
    [
        T("CITY OF RIVERTON POLICE DEPARTMENT"),
        ST("General Order 300 - Use of Force"),
        F("Effective Date:", "03/01/2019"),
        F("Supersedes:", "General Order 300 (Use of Force), dated 04/15/2014"),
        F("Scheduled Review:", "03/01/2021"),
        F("Approved By:", "Lorraine M. Castellano, Chief of Police"),
        F("Distribution:", "All sworn members; Training Division; Office of Professional "
                           "Standards"),
        GAP,
        H("300.1 PURPOSE AND SCOPE"),
        P("This General Order establishes guidelines for the reasonable use of force by members "
          "of the City of Riverton Police Department. It applies to every sworn member, whether "
          "on or off duty, who uses force while acting in an official capacity. Nothing in this "
          "order is intended to create a higher legal standard of care with respect to "
          "third-party claims; it is a statement of the expectations of the Department and a "
          "basis for administrative review and training."),
        P("Members are expected to read, understand and comply with this order. Supervisors are "
          "responsible for ensuring that the members under their command have received this order "
          "and any later revisions, and that they have completed the training described in "
          "Section 300.11."),
        SH("300.1.1 PHILOSOPHY"),
        P("The use of force by law enforcement personnel is a matter of critical concern to the "
          "public and to the Department. Officers are involved on a daily basis in numerous and "
          "varied interactions and, when warranted, may use reasonable force in carrying out "
          "their duties. The Department recognizes and respects the value of all human life and "
          "dignity without prejudice to anyone. Vesting officers with the authority to use "
          "reasonable force and to protect the public welfare requires monitoring, evaluation and "
          "a careful balancing of all interests."),
        H("300.2 POLICY"),
        P("It is the policy of this Department that officers shall use only that amount of force "
          "that reasonably appears necessary given the facts and circumstances perceived by the "
          "officer at the time of the event to accomplish a legitimate law enforcement purpose. "
          "The reasonableness of force will be judged from the perspective of a reasonable "
          "officer on the scene at the time of the incident, rather than with the benefit of "
          "hindsight, and will account for the fact that officers are often forced to make "
          "split-second decisions in circumstances that are tense, uncertain and rapidly "
          "evolving."),
    ],
    [
        SH("300.2.1 DEFINITIONS"),
        P("The following definitions apply throughout this General Order:"),
        LI("Force - Any physical strike, instrument or technique applied to a person, other than "
           "unresisted escorting or handcuffing, that is intended to overcome resistance or gain "
           "compliance."),
        LI("Objectively reasonable - The amount of force that a reasonable officer with similar "
           "training and experience would use under the same or similar circumstances, judged by "
           "the totality of the circumstances known to the officer at the time."),
        LI("Deadly force - Any use of force that creates a substantial risk of causing death or "
           "serious bodily injury, including but not limited to the discharge of a firearm."),
        LI("Serious bodily injury - A bodily injury that creates a substantial risk of death, "
           "causes serious permanent disfigurement, or results in a prolonged loss or impairment "
           "of any bodily member or organ."),
        LI("Imminent - Ready to take place; impending. A threat is imminent when, based on the "
           "totality of the circumstances, a reasonable officer would believe that a person has "
           "the present ability, opportunity and apparent intent to cause death or serious bodily "
           "injury."),
        LI("De-escalation - Actions and verbal or non-verbal communication used during a "
           "potential force encounter to stabilize the situation and reduce the immediacy of the "
           "threat, so that more time, options and resources become available."),
        LI("Less-lethal force - Force that is neither likely nor intended to cause death or "
           "serious bodily injury, including conducted electrical weapons, oleoresin capsicum and "
           "impact munitions."),
        LI("Restraint - The use of handcuffs, hobble devices or physical holds to limit the "
           "movement of a person who is in custody or being taken into custody."),
        LI("Totality of the circumstances - All facts known to the officer at the time, including "
           "the conduct of the officer and the subject leading up to the use of force."),
        P("Where a term used in this order is not defined above, it shall be given its ordinary "
          "meaning. Questions regarding the interpretation of this order should be directed "
          "through the chain of command to the Training Division."),
    ],
    [
        H("300.3 DE-ESCALATION"),
        P("When it is safe and feasible to do so, officers shall use de-escalation techniques "
          "before resorting to force and shall continue to reassess the situation as it develops. "
          "De-escalation is not a single technique but a way of approaching an encounter: slowing "
          "the pace of an incident, creating distance and using available cover can give officers "
          "more time to communicate and more options for a resolution that does not require "
          "force."),
        P("Officers should consider whether a subject's lack of compliance is a deliberate "
          "attempt to resist or an inability to comply because of a medical condition, mental "
          "impairment, developmental disability, physical limitation, language barrier, drug "
          "interaction or behavioral crisis. Such circumstances may justify additional time and "
          "communication before force is used."),
        P("De-escalation techniques that officers should consider include, where feasible:"),
        LI("Using clear, calm and respectful verbal communication, and giving the subject an "
           "opportunity to comply with lawful commands before force is used."),
        LI("Creating time and distance, and using barriers or cover to reduce the need for "
           "immediate action."),
        LI("Requesting additional officers, a supervisor, a Crisis Intervention Team member or "
           "other specialized resources."),
        LI("Reducing the number of officers giving commands so that the subject receives "
           "consistent direction."),
        LI("Tactical repositioning or containment when the subject poses a danger only to himself "
           "or herself."),
        P("The failure to use a particular de-escalation technique does not by itself make a use "
          "of force unreasonable. However, officers shall be prepared to explain, in the report "
          "required by Section 300.9, what de-escalation efforts were made or why such efforts "
          "were not safe or feasible."),
        SH("300.3.1 PROPORTIONALITY"),
        P("Once force is used, officers shall reduce the level of force as resistance decreases "
          "and shall stop using force once the subject is under control. Force shall never be "
          "used to punish, to retaliate, or in response to verbal insults alone."),
    ],
    [
        H("300.4 DEADLY FORCE"),
        P("An officer may use deadly force only when the officer reasonably believes that such "
          "force is necessary to protect the officer or another person from what the officer "
          "reasonably believes is an imminent threat of death or serious bodily injury. Where "
          "feasible, the officer shall identify himself or herself as a peace officer and give a "
          "warning that deadly force may be used, unless the officer has reasonable grounds to "
          "believe the person is aware of those facts."),
        P("An officer may also use deadly force to stop a fleeing subject when the officer has "
          "probable cause to believe that the subject has committed, or intends to commit, a "
          "felony involving the infliction or threatened infliction of serious bodily injury or "
          "death, and the officer reasonably believes there is an imminent risk of serious bodily "
          "injury or death to any other person if the subject is not immediately apprehended."),
        P("Officers shall consider the risk to bystanders before discharging a firearm and shall "
          "not use deadly force against a person who poses a danger only to himself or herself."),
        SH("300.4.1 SHOOTING AT OR FROM MOVING VEHICLES"),
        P("Shots fired at or from a moving vehicle are rarely effective. An officer should move "
          "out of the path of an approaching vehicle instead of discharging a firearm at the "
          "vehicle or any of its occupants. An officer should only discharge a firearm at a "
          "moving vehicle or its occupants when the officer reasonably believes there are no "
          "other reasonable means available to avert the imminent threat of the vehicle, or if "
          "deadly force other than the vehicle is directed at the officer or others."),
        SH("300.4.2 WARNING SHOTS"),
        P("Warning shots are prohibited. The discharge of a firearm for the purpose of attracting "
          "attention or signaling for assistance is prohibited except in an emergency where no "
          "other means of communication is available."),
        SH("300.4.3 DISPLAY OF FIREARMS"),
        P("Officers may draw and display a firearm when they reasonably believe a situation may "
          "escalate to the point where deadly force would be authorized. Once it is determined "
          "that the use of deadly force is not necessary, the officer shall, as soon as "
          "practicable, secure or holster the firearm."),
    ],
    [
        H("300.5 LESS-LETHAL FORCE OPTIONS"),
        P("Less-lethal tools are intended to control a subject who is actively resisting or "
          "assaultive while reducing the likelihood of serious injury to the subject and to "
          "officers. Officers shall carry and use only those less-lethal tools on which they have "
          "been trained and for which they hold a current qualification issued by the Training "
          "Division."),
        SH("300.5.1 CONDUCTED ELECTRICAL WEAPONS (CEW)"),
        P("A CEW may be used when a subject is actively resisting in a manner that, in the "
          "officer's judgment, is likely to result in injury to the subject, the officer or "
          "others. Officers shall give a verbal warning before deployment when feasible and shall "
          "evaluate the subject after each standard cycle. Officers shall not intentionally "
          "target the head, neck, chest or groin, and shall not use a CEW on a person who is "
          "handcuffed unless the person's actions present an immediate risk of serious injury "
          "that cannot be addressed by other means. CEW recertification is required annually."),
        SH("300.5.2 OLEORESIN CAPSICUM (OC) SPRAY"),
        P("OC spray may be used to control an actively resisting or assaultive subject. Officers "
          "shall not use OC spray on a restrained subject or for crowd dispersal unless "
          "specifically authorized by an incident commander. Exposed persons shall be "
          "decontaminated as soon as practicable."),
        SH("300.5.3 IMPACT WEAPONS"),
        P("Impact weapons may be used to control an assaultive subject. Officers shall avoid "
          "intentional strikes to the head, neck, spine, sternum, kidneys and groin unless deadly "
          "force is justified."),
        SH("300.5.4 CANINE"),
        P("The deployment of a police canine to apprehend a subject is governed by General Order "
          "318 and is a reportable use of force under Section 300.9."),
    ],
    [
        H("300.6 DUTY TO INTERVENE"),
        P("Any officer present and observing another officer or any member using force that is "
          "clearly beyond that which is objectively reasonable under the circumstances shall, "
          "when in a position to do so, intervene to prevent the use of unreasonable force. The "
          "duty applies regardless of the rank, seniority or assignment of the officer using "
          "force."),
        P("Intervention may be verbal or physical and should be proportionate to the "
          "circumstances. Examples include telling the officer to stop, physically separating the "
          "officer from the subject, or assuming control of the subject. An officer who "
          "intervenes shall not be subject to retaliation of any kind for doing so in good faith."),
        P("An officer who observes another employee use force that exceeds the degree of force "
          "permitted by law shall promptly report these observations to a supervisor as soon as "
          "feasible, and in any event before the end of the shift."),
        SH("300.6.1 REPORTING AN INTERVENTION"),
        P("An officer who intervenes shall document the intervention in a supplemental report, "
          "including the circumstances, the force observed and the action taken. The supervisor "
          "receiving the report shall forward it to the Office of Professional Standards through "
          "the chain of command."),
        SH("300.6.2 RENDERING AID"),
        P("The duty to intervene includes the duty to request medical aid and, where trained and "
          "equipped to do so, to provide first aid to any person injured during a use of force. "
          "Rendering aid shall not be delayed because the injured person was the subject of the "
          "force."),
        SH("300.6.3 SUPERVISORY RESPONSIBILITY"),
        P("Supervisors shall ensure that members understand the duty to intervene and that the "
          "duty is discussed during roll-call training at least once per calendar year."),
    ],
    [
        H("300.7 RESTRAINT AND CONTROL TECHNIQUES"),
        P("Officers may use department-approved control holds, takedowns and restraint devices to "
          "take a subject into custody. Officers should use the least intrusive technique that is "
          "effective under the circumstances and should release or reduce pressure as soon as the "
          "subject is controlled."),
        SH("300.7.1 HANDCUFFING"),
        P("All persons taken into custody for a criminal offense should be handcuffed with the "
          "hands behind the back, palms out, unless a physical condition or the circumstances "
          "make this impractical. Handcuffs shall be double-locked as soon as it is safe to do so "
          "and shall be checked for proper fit. Officers shall respond promptly to complaints "
          "that restraints are too tight."),
        SH("300.7.2 NECK RESTRAINTS"),
        P("The carotid control hold, chokehold and any other technique that restricts blood flow "
          "or air flow through the neck are prohibited unless deadly force would be authorized "
          "under Section 300.4. Any application of pressure to the neck, whether intentional or "
          "not, shall be reported to a supervisor immediately and documented under Section 300.9."),
        SH("300.7.3 PRONE RESTRAINT AND POSITIONAL ASPHYXIA"),
        P("A person who is restrained face-down may be at increased risk of positional asphyxia, "
          "particularly where the person is obese, intoxicated, has been involved in a prolonged "
          "struggle, or shows signs of a behavioral or medical crisis. Officers shall avoid "
          "placing body weight on the back, neck or chest of a restrained person and, as soon as "
          "the person is handcuffed and it is safe to do so, shall reposition the person onto his "
          "or her side or into a seated position."),
        P("Officers shall continuously monitor the breathing and responsiveness of a restrained "
          "person. A statement by the person that he or she cannot breathe shall be treated as a "
          "medical emergency until a qualified medical provider determines otherwise."),
        SH("300.7.4 LEG RESTRAINTS"),
        P("Hobble devices may be used to control a violent subject. A person restrained with a "
          "hobble shall not be connected wrist-to-ankle and shall not be transported face-down."),
    ],
    [
        H("300.8 MEDICAL CONSIDERATIONS"),
        P("Once it is reasonably safe to do so, medical assistance shall be obtained for any "
          "person who exhibits signs of physical distress, who has sustained visible injury, who "
          "expresses a complaint of injury or continuing pain, or who was rendered unconscious. "
          "Any individual exhibiting signs of physical distress after an encounter should be "
          "continuously monitored until he or she can be medically assessed."),
        P("Based on the officer's initial assessment of the nature and extent of the subject's "
          "injuries, medical assistance may consist of examination by fire personnel, paramedics, "
          "hospital staff or medical staff at the jail. If any such individual refuses medical "
          "attention, the refusal shall be fully documented in related reports and, whenever "
          "practicable, witnessed by another officer or medical personnel."),
        P("The on-scene supervisor or, if the on-scene supervisor is not available, the primary "
          "handling officer shall ensure that any person providing medical care or receiving "
          "custody of a person following any use of force is informed that the person was "
          "subjected to force. This notification shall include a description of the force used "
          "and any other circumstances the officer reasonably believes would be potential safety "
          "or medical risks to the subject."),
        P("Persons who exhibit extreme agitation, violent irrational behavior accompanied by "
          "profuse sweating, extraordinary strength beyond their physical characteristics, and "
          "imperviousness to pain, or who require a protracted physical encounter with multiple "
          "officers to be brought under control, may be at an increased risk of sudden death. "
          "Calls involving these persons should be considered medical emergencies. Officers who "
          "reasonably suspect a medical emergency should request medical assistance as soon as "
          "practicable and have medical personnel stage away if appropriate."),
    ],
    [
        H("300.9 REPORTING THE USE OF FORCE"),
        P("Any use of force by a member of this Department shall be documented promptly, "
          "completely and accurately in an appropriate report, depending on the nature of the "
          "incident. The officer should articulate the factors perceived and why he or she "
          "believed the use of force was reasonable under the circumstances. To collect data for "
          "purposes of training, resource allocation, analysis and related purposes, the "
          "Department may require the completion of additional report forms, as specified in "
          "Department policy, procedure or law."),
        SH("300.9.1 NOTIFICATION TO SUPERVISORS"),
        P("Supervisory notification shall be made as soon as practicable following the "
          "application of force in any of the following circumstances:"),
        LI("The application caused a visible injury or the subject complained of injury or "
           "continuing pain."),
        LI("The application would lead a reasonable officer to conclude that the individual may "
           "have experienced more than momentary discomfort."),
        LI("The individual was restrained face-down and complained of difficulty breathing."),
        LI("The individual indicates intent to pursue litigation or a complaint."),
        LI("Any application of a CEW, OC spray, impact weapon, canine or neck restraint."),
        LI("The individual was rendered unconscious or was struck about the head."),
        SH("300.9.2 USE OF FORCE REPORT (RPD FORM 300-A)"),
        P("The involved officer shall complete RPD Form 300-A before the end of the shift in "
          "which the force was used, unless the officer is injured or a supervisor grants an "
          "extension. Each witnessing officer shall complete a supplemental report. The narrative "
          "shall describe the subject's actions, the de-escalation attempted, each type of force "
          "used, the duration of any restraint, and the medical care offered or provided."),
    ],
    [
        H("300.10 SUPERVISOR RESPONSIBILITIES"),
        P("When a supervisor is able to respond to an incident in which there has been a reported "
          "application of force, the supervisor is expected to obtain the basic facts from the "
          "involved officers, ensure that any injured party is examined and treated, separately "
          "obtain statements from the subject and witnesses, and ensure that photographs and any "
          "available video recordings are preserved."),
        P("The supervisor shall review each Use of Force Report for completeness and compliance "
          "with this order and shall forward it through the chain of command within five working "
          "days. A supervisor who identifies a possible policy violation or a training need shall "
          "document the finding and refer the matter to the Office of Professional Standards or "
          "the Training Division, as appropriate."),
        SH("300.10.1 ANNUAL ANALYSIS"),
        P("The Office of Professional Standards shall prepare an annual analysis of use-of-force "
          "incidents, to be submitted to the Chief of Police, identifying trends in the types of "
          "force used, injuries, complaints, and any training or equipment needs."),
        H("300.11 TRAINING"),
        P("The Training Division shall ensure that all sworn members receive training on this "
          "order upon hire and at least biennially thereafter. Training shall address "
          "de-escalation, the duty to intervene, the legal standards governing force, the hazards "
          "of neck restraints, and the recognition and prevention of positional asphyxia, "
          "including the safe positioning of restrained persons. Completion of training shall be "
          "recorded in each member's training file."),
        P("Members who fail to complete required training within the prescribed period shall be "
          "reported to their commanding officer and may be restricted from field duty until the "
          "training is completed."),
        N("- End of excerpt. Sections 300.12 through 300.15 (Review Boards; Public Information; "
          "Forms) are not included in this production. -"),
    ],
]

# --------------------------------------------------------------------------
# Document 2: Academy lesson plan "Arrest and Control Techniques" (8 pages).
# Deliberately contains NO block on post-restraint positioning of a
# face-down subject: that omission is what the demo analysis should surface.
# --------------------------------------------------------------------------
LESSON_TITLE = "Lesson Plan - Arrest and Control Techniques"
LESSON_PAGES: list[Page] = [
    [
        T("RIVERTON POLICE ACADEMY"),
        ST("LESSON PLAN - Arrest and Control Techniques"),
        F("Course Number:", "ACT-110"),
        F("Course Date:", "February 4 - February 15, 2019 (Basic Recruit Class 2019-01)"),
        F("Total Hours:", "24 hours (18 hours mat instruction, 6 hours practical evaluation)"),
        F("Lead Instructor:", "Sgt. Colleen Marsh #3150, Defensive Tactics Coordinator"),
        F("Assistant Instructors:", "Ofc. Raymond Oduya #3982; Ofc. Terri Valdez-Hume #4105"),
        F("Prepared By:", "Sgt. Colleen Marsh #3150"),
        F("Approved By:", "Lt. Gregory Stanhope #2210, Commander, Training Division"),
        F("Approval Date:", "01/18/2019"),
        F("Target Audience:", "Basic recruits; also used for lateral-entry officers"),
        F("Prerequisites:", "Academy physical fitness screening; Block 2 (Legal Aspects of Force)"),
        GAP,
        H("COURSE DESCRIPTION"),
        P("This course introduces recruits to the arrest and control techniques approved by the "
          "Riverton Police Department. Recruits learn to approach, control, handcuff and search a "
          "subject safely, and to take a resisting subject to the ground using approved "
          "takedowns. Instruction is delivered through lecture, instructor demonstration, partner "
          "drills and scenario-based practical exercises."),
        P("Emphasis is placed on officer safety, correct technique, and the use of verbal "
          "direction before and during physical control. Techniques taught in this course are "
          "consistent with General Order 300 as it existed on the approval date of this lesson "
          "plan."),
        H("REQUIRED EQUIPMENT"),
        LI("Training duty belt with inert handcuffs (two sets per recruit) and red training "
           "handgun."),
        LI("Mouthpiece, groin protection and mat shoes; instructors provide padded suits for "
           "scenarios."),
        LI("Classroom projector, whiteboard and the video segments listed in the References "
           "section."),
    ],
    [
        H("LEARNING OBJECTIVES"),
        P("Upon completion of this course, the recruit will be able to:"),
        LI("Explain the relationship between subject resistance and the officer's selection "
           "of a control technique, consistent with General Order 300.", "1."),
        LI("Demonstrate the interview stance, reactionary gap and proper positioning "
           "relative to a subject.", "2."),
        LI("Apply handcuffs to a compliant standing subject within 15 seconds, double-locked, with "
           "correct key-hole orientation.", "3."),
        LI("Apply handcuffs to a kneeling subject and to a subject on the ground, "
           "face-down, using the approved control position.", "4."),
        LI("Perform the straight-arm bar takedown and the rear wristlock takedown on a "
           "resisting partner while maintaining control of the subject's arm.", "5."),
        LI("Perform a pat-down (frisk) for weapons and a full-custody search incident to "
           "arrest.", "6."),
        LI("Demonstrate safe handling of a handcuffed subject when standing the subject up "
           "and escorting the subject to a patrol vehicle.", "7."),
        LI("Use clear verbal direction throughout each technique, including warnings before "
           "force.", "8."),
        LI("Describe the documentation requirements for reportable force under General "
           "Order 300.", "9."),
        LI("Recognize when to request assistance from a cover officer or supervisor.", "10."),
        H("EVALUATION"),
        P("Recruits are evaluated with a written examination (minimum passing score 80 percent) "
          "covering the legal and policy material, and with a practical skills evaluation in "
          "Block V. Each technique is scored pass/fail on a standardized checklist by a certified "
          "instructor. A recruit who fails a technique receives remedial instruction and one "
          "re-test. Failure of the re-test is reported to the Academy Director."),
        P("Instructors document each recruit's performance on the ACT-110 Skills Checklist, which "
          "is retained in the recruit's academy file for the duration of employment."),
    ],
    [
        H("COURSE OUTLINE AND TIME ALLOCATION"),
        LI("Introduction, Safety Briefing and Fundamentals - 3.0 hours", "I."),
        LI("Handcuffing - 6.0 hours", "II."),
        LI("Takedowns - 6.0 hours", "III."),
        LI("Searching - 3.0 hours", "IV."),
        LI("Practical Evaluation and Scenarios - 6.0 hours", "V."),
        P("Total instructional time: 24.0 hours. Hours may be rearranged by the Lead Instructor to "
          "accommodate mat availability, but the total time for each block shall not be reduced."),
        H("MAT SAFETY RULES"),
        P("The following rules are read aloud at the start of every session and posted in the mat "
          "room:"),
        LI("No technique is practiced until it has been demonstrated by an instructor."),
        LI("All weapons and live ammunition are removed and secured before entering the mat room. "
           "An instructor conducts a weapons check of every participant."),
        LI("The partner acting as subject may end a drill at any time by tapping out or saying "
           "\"stop\"; the partner applying the technique must release immediately."),
        LI("Techniques are practiced at one-quarter speed until the instructor approves full "
           "speed."),
        LI("Any injury, however minor, is reported to the Lead Instructor before the end of the "
           "session."),
        LI("A safety officer, who does not participate in drills, is designated for every "
           "session."),
        H("INSTRUCTOR-TO-RECRUIT RATIO"),
        P("Mat drills require at least one instructor for every eight recruits. Scenario "
          "exercises in Block V require one instructor for every four recruits, plus a designated "
          "safety officer. If the required ratio cannot be met, the session is rescheduled."),
        H("INSTRUCTIONAL METHODS"),
        P("Each technique follows the same sequence: explanation of purpose, instructor "
          "demonstration at full speed, demonstration broken into steps, partner practice at "
          "reduced speed, and instructor correction. Recruits alternate the roles of officer and "
          "subject so that every recruit experiences each technique from both sides."),
    ],
    [
        H("BLOCK I - INTRODUCTION, SAFETY BRIEFING AND FUNDAMENTALS (3.0 HOURS)"),
        SH("A. Course Overview and Safety Briefing (0.5 hour)"),
        P("The Lead Instructor introduces the instructional staff, reviews the mat safety rules, "
          "and explains the evaluation standards. Recruits complete the training injury "
          "acknowledgment form."),
        SH("B. Legal and Policy Review (1.0 hour)"),
        P("The instructor reviews the objective reasonableness standard and the sections of "
          "General Order 300 that govern physical control, including the definitions of force, "
          "the duty to intervene, and the reporting requirements. Recruits are reminded that "
          "force must stop once the subject is under control. Discussion questions are drawn from "
          "the recruit's Block 2 legal materials."),
        SH("C. Stance, Movement and Reactionary Gap (1.0 hour)"),
        P("Recruits learn the interview stance (weapon side bladed away, hands up and open, "
          "weight balanced) and practice forward, rear and lateral movement without crossing the "
          "feet. The instructor explains the reactionary gap and why distance gives the officer "
          "time to respond. Recruits drill closing distance with a partner while maintaining "
          "balance and keeping the weapon side protected."),
        SH("D. Verbal Direction (0.5 hour)"),
        P("Recruits practice short, clear commands that tell the subject exactly what to do "
          "(\"Turn around. Put your hands behind your back.\"). Instructors stress that commands "
          "should come from one officer at a time and that the officer should announce each step "
          "of the handcuffing process so the subject knows what to expect."),
        SH("Instructor Notes"),
        P("Confirm that every recruit has signed the injury acknowledgment before any physical "
          "drill. Observe recruits for prior injuries and adjust partner assignments by height "
          "and weight. Keep the legal review brief; it is covered in depth in Block 2 of the "
          "academy curriculum."),
    ],
    [
        H("BLOCK II - HANDCUFFING (6.0 HOURS)"),
        SH("A. Handcuff Nomenclature and Carry (0.5 hour)"),
        P("Recruits identify the parts of a chain handcuff (single strand, double strand, key "
          "hole, double lock) and learn the approved carry position on the duty belt, key holes "
          "up, with both cuffs facing the same direction so they can be drawn by feel."),
        SH("B. Standing Handcuffing, Compliant Subject (1.5 hours)"),
        P("The officer directs the subject to turn away, place the hands behind the back with "
          "palms out and thumbs up, and spread the feet. Using a modified finger grip, the "
          "officer applies the first cuff to the subject's strong-side wrist, then the second "
          "cuff, checks for fit by inserting one finger between the cuff and the wrist, and "
          "double-locks both cuffs. Recruits repeat the drill until they can complete it in 15 "
          "seconds."),
        SH("C. Kneeling Handcuffing (1.5 hours)"),
        P("When a subject presents a higher risk, the officer directs the subject to kneel, cross "
          "the ankles and interlace the fingers behind the head. The officer approaches from the "
          "rear, controls the fingers and applies the cuffs one wrist at a time. Recruits "
          "practice bringing the handcuffed subject back to a standing position using the "
          "subject's own leg drive, without lifting by the cuffs."),
        SH("D. Ground Handcuffing, Face-Down Subject (2.0 hours)"),
        P("Following a takedown or a high-risk stop, the subject is directed or placed face-down "
          "with arms extended to the sides, palms up. The officer kneels beside the subject, "
          "places one knee on the subject's shoulder blade to stabilize the upper body, controls "
          "the near arm in a rear wristlock, and applies the first cuff. The far arm is then "
          "brought to the small of the back and cuffed. Recruits practice with one and with two "
          "officers."),
        SH("E. Removing Handcuffs (0.5 hour)"),
        P("Recruits practice removing handcuffs from a standing subject positioned against a wall "
          "or vehicle, removing the cuff from the support-side wrist first and stepping back to "
          "create distance."),
    ],
    [
        H("BLOCK III - TAKEDOWNS (6.0 HOURS)"),
        SH("A. Principles of Takedowns (0.5 hour)"),
        P("The instructor explains when a takedown is appropriate (active resistance that cannot "
          "be controlled standing) and the principles common to every takedown: control of the "
          "subject's arm, breaking the subject's balance, and guiding the subject to the ground "
          "in a controlled manner so that the subject's head does not strike the ground."),
        SH("B. Straight-Arm Bar Takedown (2.0 hours)"),
        P("From an escort position, the officer secures the subject's wrist with the outside "
          "hand, places the inside forearm just above the subject's elbow, and steps forward and "
          "down while applying downward pressure, bringing the subject face-down to the ground. "
          "The officer follows the subject down, maintains the arm bar and transitions directly "
          "to ground handcuffing (Block II, Section D)."),
        SH("C. Rear Wristlock Takedown (1.5 hours)"),
        P("From behind the subject, the officer applies a rear wristlock, rotates the subject's "
          "arm, and uses a circular step to bring the subject to the ground. Recruits practice "
          "the technique to both sides and practice maintaining the wristlock during the "
          "transition to handcuffing."),
        SH("D. Two-Officer Takedown (1.0 hour)"),
        P("Two officers each control one arm of the subject and, on a verbal cue from the contact "
          "officer, step back and down together to bring the subject to the ground. One officer "
          "maintains control of the upper body while the other applies handcuffs."),
        SH("E. Falling Safely and Getting Up (1.0 hour)"),
        P("Recruits practice rear and side break-falls and the technical stand-up so that they "
          "can recover their footing quickly if taken to the ground by a subject. Instructors "
          "correct head position on every fall."),
        SH("Instructor Notes"),
        P("Takedowns are practiced on mats only. Partners are matched by size. Full-speed "
          "repetitions are permitted only after each recruit has completed at least ten "
          "reduced-speed repetitions to each side."),
    ],
    [
        H("BLOCK IV - SEARCHING (3.0 HOURS)"),
        SH("A. Legal Basis for Searches (0.5 hour)"),
        P("The instructor reviews the difference between a pat-down for weapons based on "
          "reasonable suspicion that a person is armed and dangerous, and a full-custody search "
          "incident to a lawful arrest. Recruits are reminded that a pat-down is limited to the "
          "outer clothing and to objects that may be weapons."),
        SH("B. Pat-Down (Frisk) for Weapons (1.0 hour)"),
        P("With the subject standing and facing away, feet spread and hands interlaced behind the "
          "head, the officer controls the subject's fingers and searches one side of the body at "
          "a time, from the head to the feet, using a pat-and-squeeze motion. The officer then "
          "changes hands and searches the other side. Recruits practice locating training weapons "
          "hidden by instructors in waistbands, pockets, sleeves and ankles."),
        SH("C. Full-Custody Search of a Handcuffed Subject (1.0 hour)"),
        P("After handcuffing, the officer holds the handcuff chain with the support hand and "
          "searches the subject thoroughly, including the waistband, collar, pockets, shoes and "
          "any containers on the person. Recruits practice announcing the search and asking the "
          "subject about sharp objects before placing a hand in a pocket."),
        SH("D. Searching Persons of the Opposite Sex and Persons in Crisis (0.5 hour)"),
        P("The instructor reviews the Department's procedures for searches by an officer of a "
          "different sex than the subject, the use of the back of the hand in sensitive areas, "
          "and the documentation required. Recruits discuss how to adapt the search when the "
          "subject is emotionally distraught."),
        SH("Instructor Notes"),
        P("Place at least six training weapons on each role player before the pat-down drill. "
          "Debrief every missed weapon with the recruit immediately after the repetition."),
    ],
    [
        H("BLOCK V - PRACTICAL EVALUATION AND SCENARIOS (6.0 HOURS)"),
        P("Each recruit completes three graded scenarios with a role player in a padded suit: (1) "
          "a compliant subject who is handcuffed standing and searched; (2) a subject who pulls "
          "away during handcuffing and must be taken to the ground and handcuffed; and (3) a "
          "high-risk subject handcuffed from the kneeling position and escorted to a patrol "
          "vehicle."),
        P("Evaluators score each scenario on the ACT-110 Skills Checklist: verbal direction, "
          "stance and positioning, technique, handcuff fit and double-lock, search thoroughness, "
          "and escort. After each scenario the evaluator debriefs the recruit and records any "
          "remedial instruction provided."),
        H("REFERENCES"),
        LI("Riverton Police Department General Order 300, Use of Force (effective 03/01/2019)."),
        LI("Riverton Police Department General Order 310, Handcuffing and Restraints (effective "
           "06/01/2016)."),
        LI("Riverton Police Academy Defensive Tactics Instructor Manual, 4th ed. (2017)."),
        LI("Training video segments DT-07 (Handcuffing), DT-11 (Takedowns) and DT-14 (Searching)."),
        H("REVISION HISTORY"),
        LI("08/2015 - Original lesson plan approved (Lt. P. Rourke)."),
        LI("01/2017 - Added two-officer takedown; increased takedown block to 6.0 hours."),
        LI("01/2019 - Updated references to General Order 300 (03/01/2019); no changes to "
           "technique content."),
        GAP,
        F("Lesson Plan Reviewed By:", "Lt. Gregory Stanhope #2210   Date: 01/18/2019"),
        F("Next Scheduled Review:", "01/2021"),
        N("This lesson plan is the property of the Riverton Police Academy and may not be "
          "reproduced without the approval of the Training Division Commander."),
    ],
]

# --------------------------------------------------------------------------
# Document 3: In-service training hour log (2 pages, drawn tables)
# --------------------------------------------------------------------------
ROSTER_TITLE = "In-Service Training Hour Log"
ROSTER_HEADINGS = ("Officer", "Badge", "Course", "Date", "Hours")
ROSTER_OFFICERS: tuple[tuple[str, str], ...] = (
    ("Ofc. Dana Pruitt", "4471"),
    ("Ofc. Marcus Lindqvist", "4820"),
    ("Ofc. Victor Salas", "5128"),
    ("Ofc. Renee Abernathy", "4633"),
    ("Ofc. Howard Teague", "3897"),
    ("Ofc. Priya Ramaswamy", "5012"),
    ("Sgt. Bennett Kowalczyk", "3344"),
    ("Ofc. Lucinda Ferro", "4958"),
    ("Ofc. Jamal Whitcombe", "5201"),
    ("Ofc. Ellen Sorensen", "4390"),
)
# (course, date, hours) per session; one page of the log per group of three.
ROSTER_SESSIONS: tuple[tuple[str, str, str], ...] = (
    ("Legal Update", "02/12/2019", "2.0"),
    ("CEW Recertification", "06/18/2019", "4.0"),
    ("De-escalation Refresher", "10/08/2019", "4.0"),
    ("Legal Update", "02/11/2020", "2.0"),
    ("CEW Recertification", "07/14/2020", "4.0"),
    ("De-escalation Refresher", "03/09/2021", "4.0"),
)
ROSTER_ROWS_PER_PAGE = 15


# --------------------------------------------------------------------------
# Document 4: Training sign-in sheet (page 1 text, page 2 image-only scan)
# --------------------------------------------------------------------------
SIGNIN_TITLE = "Training Sign-In Sheet - Defensive Tactics Refresher"
SIGNIN_PAGE1: Page = [
    T("RIVERTON POLICE DEPARTMENT - TRAINING DIVISION"),
    ST("TRAINING SIGN-IN SHEET"),
    F("Course:", "Defensive Tactics Refresher (Arrest and Control)"),
    F("Course Number:", "DT-2021-04"),
    F("Date:", "04/22/2021"),
    F("Time:", "0800 - 1200 hours"),
    F("Location:", "Riverton Regional Training Center, Mat Room B"),
    F("Instructor:", "Sgt. Colleen Marsh #3150"),
    F("Hours Credited:", "4.0"),
    GAP,
    H("TOPICS COVERED"),
    LI("Review of General Order 300 reporting requirements."),
    LI("Handcuffing review: standing, kneeling and ground handcuffing."),
    LI("Straight-arm bar and rear wristlock takedowns."),
    LI("Pat-down and full-custody search refresher."),
    H("ATTENDANCE INSTRUCTIONS"),
    P("Each attendee shall print his or her name and badge number, sign, and record the time in "
      "and time out on the attached sheet. Attendees who arrive more than fifteen minutes late or "
      "leave early will not receive credit for the session unless approved by the instructor. The "
      "completed sheet is forwarded to the Training Division for entry into each member's "
      "training record within five working days."),
    H("CERTIFICATION"),
    P("By signing the attached sheet, each attendee certifies that he or she attended the entire "
      "session and received the instruction listed above. The instructor's signature certifies "
      "that the listed attendees were present and participated in all practical exercises."),
    N("Attendee signatures appear on page 2 of 2."),
]
SIGNIN_ATTENDEES: tuple[tuple[str, str, str, str], ...] = (
    ("Dana Pruitt", "4471", "0756", "1202"),
    ("Marcus Lindqvist", "4820", "0758", "1201"),
    ("Renee Abernathy", "4633", "0750", "1200"),
    ("Howard Teague", "3897", "0802", "1200"),
    ("Priya Ramaswamy", "5012", "0755", "1203"),
    ("Lucinda Ferro", "4958", "0759", "1200"),
    ("Jamal Whitcombe", "5201", "0754", "1201"),
    ("Ellen Sorensen", "4390", "0757", "1202"),
    ("Victor Salas", "5128", "0801", "1159"),
)
SIGNIN_ROWS = 14  # printed rows on the sheet; the rest stay blank


# --------------------------------------------------------------------------
# Document 5: Internal Affairs complaint file (3 pages, one complaint each)
# --------------------------------------------------------------------------
IA_TITLE = "Internal Affairs Complaint File"
IA_COMPLAINTS: tuple[dict[str, str], ...] = (
    {
        "number": "IA #2019-0142",
        "received": "05/06/2019",
        "incident": "04/28/2019",
        "complainant": "Terrence Albright",
        "accused": "Ofc. Dana Pruitt #4471",
        "allegation": "Excessive Force",
        "investigator": "Sgt. Miriam Oyelaran #2987",
        "finding": "NOT SUSTAINED",
        "disposition_date": "09/30/2019",
        "narrative": (
            "Complainant states that he was stopped on foot near the 900 block of Carver Avenue "
            "after a report of a disturbance at a convenience store. Complainant states that when "
            "he asked why he was being detained, Ofc. Pruitt took him to the ground and placed an "
            "arm around his neck from behind, applying pressure until he felt light-headed. "
            "Complainant states that he told the officer he could not breathe and that the "
            "pressure continued until a second officer arrived. Complainant was released at the "
            "scene without charges."),
        "investigation": (
            "Ofc. Pruitt stated that the complainant pulled away during a pat-down and that she "
            "used a rear wristlock takedown. Ofc. Pruitt denied applying a neck restraint and "
            "stated that her forearm may have contacted the complainant's upper back during the "
            "struggle. No body-worn camera recording exists; the officer's camera was not "
            "activated. One civilian witness could not see the officer's arm position. The "
            "complainant declined a medical examination. The evidence is insufficient to prove or "
            "disprove the allegation."),
        "action": "None. Reminder issued regarding body-worn camera activation (General Order "
                  "450).",
    },
    {
        "number": "IA #2020-0019",
        "received": "01/27/2020",
        "incident": "01/24/2020",
        "complainant": "Alicia Brandvold",
        "accused": "Ofc. Victor Salas #5128",
        "allegation": "Improper Restraint (handcuffs too tight)",
        "investigator": "Sgt. Miriam Oyelaran #2987",
        "finding": "SUSTAINED",
        "disposition_date": "04/14/2020",
        "narrative": (
            "Complainant states that she was arrested for shoplifting at the Riverton Commons "
            "shopping center and handcuffed by Ofc. Salas. Complainant states that the handcuffs "
            "were applied so tightly that her hands became numb, and that she asked several times "
            "for them to be loosened during the approximately forty-minute wait and transport to "
            "the jail. Complainant was treated at Riverton General Hospital the following day for "
            "bruising and abrasions to both wrists."),
        "investigation": (
            "Body-worn camera recordings show the complainant asking four times for the handcuffs "
            "to be checked. Ofc. Salas did not check the fit or double-lock the handcuffs at the "
            "scene. Jail intake photographs document red marks and abrasions on both wrists. Ofc. "
            "Salas acknowledged that he did not double-lock the handcuffs because the complainant "
            "was moving. The conduct violated General Order 300, Section 300.7.1 (Handcuffing)."),
        "action": "Written reprimand; remedial training on handcuffing to be completed within 60 "
                  "days.",
    },
    {
        "number": "IA #2020-0088",
        "received": "08/03/2020",
        "incident": "07/30/2020",
        "complainant": "Harold Quenneville",
        "accused": "Ofc. Marcus Lindqvist #4820",
        "allegation": "Discourtesy",
        "investigator": "Sgt. Darnell Achebe #3071",
        "finding": "UNFOUNDED",
        "disposition_date": "10/19/2020",
        "narrative": (
            "Complainant states that during a traffic stop for an expired registration on Route "
            "9, Ofc. Lindqvist was rude, used profanity, and told the complainant to \"stop "
            "wasting my time\" when the complainant asked to see the radar reading. Complainant "
            "received a citation for the expired registration."),
        "investigation": (
            "The body-worn camera recording of the entire stop was reviewed. Ofc. Lindqvist spoke "
            "in a calm tone throughout, explained the reason for the stop, and did not use "
            "profanity or the words attributed to him. The stop did not involve a radar reading. "
            "The recording establishes that the alleged conduct did not occur."),
        "action": "None.",
    },
)


# --------------------------------------------------------------------------
# Document 6: Use of Force report, 2020 (2 pages)
# --------------------------------------------------------------------------
UOF_TITLE = "Use of Force Report UOF-2020-0211"
UOF_PAGES: list[Page] = [
    [
        T("RIVERTON POLICE DEPARTMENT"),
        ST("USE OF FORCE REPORT - RPD Form 300-A (Rev. 01/2019)"),
        F("Report Number:", "UOF-2020-0211"),
        F("Related Case Number:", "RPD-20-031877"),
        F("Date / Time of Incident:", "08/09/2020, 2147 hours"),
        F("Location:", "1400 block of Alder Street, Riverton"),
        F("Reporting Officer:", "Ofc. Dana Pruitt #4471"),
        F("Assisting Officer:", "Ofc. Marcus Lindqvist #4820 (arrived 2151 hours)"),
        F("Subject:", "Jerome K. Vail, male, age 34"),
        F("Call Type:", "Disturbance / possible trespass"),
        F("Subject Resistance:", "Active resistance (pulled away during pat-down)"),
        F("Force "
          "Used:", "Straight-arm bar takedown; body weight (knee) on upper back; "
                         "handcuffing"),
        F("Duration of Restraint:", "Approx. 3 minutes face-down before subject was sat up"),
        F("Subject Injuries:", "Abrasion to left cheek; complained of difficulty breathing"),
        F("Officer Injuries:", "None"),
        F("Medical:", "Riverton Fire Medic 3 evaluated subject on scene; subject refused "
                      "transport"),
        F("Body-Worn Camera:", "Activated (Ofc. Lindqvist); not activated (Ofc. Pruitt)"),
        GAP,
        H("NARRATIVE"),
        P("On 08/09/2020 at approximately 2145 hours I was dispatched to the 1400 block of Alder "
          "Street regarding a male refusing to leave the porch of a residence. On arrival I "
          "contacted the subject, later identified as Jerome K. Vail, who appeared agitated and "
          "was sweating heavily. I asked Vail to step off the porch and he complied. Because Vail "
          "kept reaching toward his waistband, I told him I was going to pat him down for "
          "weapons."),
        P("When I took hold of Vail's right wrist, he pulled away and turned toward me. I applied "
          "a straight-arm bar takedown and brought Vail face-down onto the lawn. I placed my "
          "right knee across his upper back and shoulder area to control him and radioed for "
          "cover. Vail continued to move his left arm underneath his body. I maintained my "
          "position until Ofc. Lindqvist arrived and assisted me in handcuffing Vail."),
    ],
    [
        H("NARRATIVE (CONTINUED)"),
        P("While on the ground Vail stated several times that he could not breathe. I told him "
          "that if he could talk he could breathe and to stop resisting. After Vail was "
          "handcuffed, Ofc. Lindqvist and I sat him up against the front steps. Vail was "
          "breathing heavily and said his chest hurt. I requested Fire/EMS at 2153 hours. Medic 3 "
          "evaluated Vail on scene; Vail refused transport and signed a refusal form. Vail was "
          "cited for criminal trespass and released to a family member."),
        P("I believe the force used was reasonable to overcome Vail's resistance and to prevent "
          "him from reaching into his waistband. No weapon was located on Vail's person."),
        F("Officer Signature:", "/s/ Ofc. Dana Pruitt #4471   Date: 08/09/2020"),
        GAP,
        H("SUPERVISOR REVIEW"),
        F("Reviewing Supervisor:", "Sgt. Bennett Kowalczyk #3344"),
        F("Date Reviewed:", "08/12/2020"),
        P("I reviewed this report, Ofc. Lindqvist's supplemental report and Ofc. Lindqvist's "
          "body-worn camera recording. I interviewed the subject by telephone on 08/11/2020; he "
          "declined to make a statement. The force used appears reasonable and within policy "
          "(General Order 300). The subject's statements about breathing were addressed by "
          "requesting Fire/EMS. No policy or training deficiencies identified."),
        LI("[X] Within policy   [ ] Not within policy   [ ] Refer to Office of Professional "
           "Standards"),
        LI("[ ] Training referral   [X] No further action"),
        GAP,
        H("CHAIN OF COMMAND REVIEW"),
        F("Watch Commander:", "Lt. Sandra Whitfield #2455   Concur   08/14/2020"),
        F("Division Commander:", "Capt. Owen Tallis #1902   Concur   08/21/2020"),
        N("Distribution: Office of Professional Standards; Training Division (statistical file "
          "only)."),
    ],
]


# --------------------------------------------------------------------------
# PDF construction
# --------------------------------------------------------------------------
def format_bates(number: int) -> str:
    """Return the Bates label for ``number``, e.g. 7 -> ``RIV0000007``."""
    return f"{BATES_PREFIX}{number:0{BATES_DIGITS}d}"


class BatesStampedPDF(FPDF):
    """US Letter PDF that stamps each text page with its Bates number.

    The stamp is drawn in ``footer()`` so it is real, extractable text.  Pages
    listed in ``image_pages`` get neither header nor footer: they must carry no
    text layer at all, because their stamp is part of the scanned image.
    """

    def __init__(self, first_bates: int, *, title: str, legend: bool,
                 created: datetime, running_header: str = "",
                 image_pages: frozenset[int] = frozenset()) -> None:
        super().__init__(orientation="portrait", unit="mm", format="letter")
        self.first_bates = first_bates
        self.legend = legend
        self.running_header = running_header
        self.image_pages = image_pages
        # Explicit pagination: an automatic break would silently shift Bates ranges.
        self.set_auto_page_break(auto=False)
        self.set_margins(MARGIN_MM, TOP_MARGIN_MM, MARGIN_MM)
        self.set_creation_date(created)
        self.set_title(title)
        self.set_author(AUTHOR)

    def header(self) -> None:
        """Draw the running header with the document's internal page count."""
        if self.page_no() in self.image_pages or not self.running_header:
            return
        self.set_font("Helvetica", "I", HEADER_FONT_PT)
        self.set_text_color(90)
        self.set_xy(MARGIN_MM, 10.0)
        self.cell(w=self.epw / 2, h=4, text=self.running_header)
        self.cell(w=self.epw / 2, h=4, text=f"Page {self.page_no()} of {{nb}}", align="R")
        self.set_text_color(0)

    def footer(self) -> None:
        """Stamp the Bates number (bottom right) and optional legend (bottom left)."""
        if self.page_no() in self.image_pages:
            return
        y = PAGE_H_MM - STAMP_EDGE_MM - 4.0
        self.set_text_color(0)
        if self.legend:
            self.set_font("Helvetica", "B", LEGEND_FONT_PT)
            self.set_xy(STAMP_EDGE_MM, y)
            self.cell(w=STAMP_BOX_W_MM, h=4, text=LEGEND, align="L")
        self.set_font("Helvetica", "B", BATES_FONT_PT)
        self.set_xy(PAGE_W_MM - STAMP_EDGE_MM - STAMP_BOX_W_MM, y)
        self.cell(w=STAMP_BOX_W_MM, h=4, text=format_bates(self.first_bates + self.page_no() - 1),
                  align="R")


def render_labelled(pdf: FPDF, style: BlockStyle, kind: str, text: str) -> None:
    """Render an ``item`` (hanging marker) or ``field`` (bold label) block."""
    label, body = text.split("\t", 1)
    if kind == "item":
        pdf.set_x(MARGIN_MM + ITEM_INDENT_MM)
        pdf.cell(w=ITEM_MARKER_W_MM, h=style.line_h_mm, text=label)
        indent = ITEM_INDENT_MM + ITEM_MARKER_W_MM
        pdf.multi_cell(w=pdf.epw - indent, h=style.line_h_mm, text=body, align="J",
                       new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        return
    pdf.set_font(style.family, "B", style.size_pt)
    label_w = pdf.get_string_width(label) + 2.0
    pdf.cell(w=label_w, h=style.line_h_mm, text=label)
    pdf.set_font(style.family, style.emphasis, style.size_pt)
    pdf.multi_cell(w=pdf.epw - label_w, h=style.line_h_mm, text=body, align="L",
                   new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def render_block(pdf: FPDF, block: Block) -> None:
    """Render one content block at the current position."""
    kind, text = block
    style = STYLES[kind]
    pdf.set_font(style.family, style.emphasis, style.size_pt)
    if kind in ("item", "field"):
        render_labelled(pdf, style, kind, text)
    elif kind == "gap":
        pdf.ln(style.line_h_mm)
    else:
        pdf.multi_cell(w=0, h=style.line_h_mm, text=text, align=style.align,
                       new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(style.space_after_mm)


def add_text_page(pdf: FPDF, blocks: Page) -> None:
    """Add one page of blocks; fail loudly if the text would collide with the stamp."""
    pdf.add_page()
    pdf.set_xy(MARGIN_MM, TOP_MARGIN_MM)
    for block in blocks:
        render_block(pdf, block)
    if pdf.get_y() > CONTENT_BOTTOM_MM:
        raise RuntimeError(f"content overflows page {pdf.page_no()} ({pdf.get_y():.1f} mm)")


def build_text_document(first_bates: int, created: datetime, *, title: str,
                        pages: Sequence[Page], legend: bool, running_header: str = "") -> FPDF:
    """Build a document whose pages are all plain text blocks."""
    pdf = BatesStampedPDF(first_bates, title=title, legend=legend, created=created,
                          running_header=running_header)
    for page in pages:
        add_text_page(pdf, page)
    return pdf


def build_policy(first_bates: int, created: datetime) -> FPDF:
    """Document 1: General Order 300 (with confidentiality legend)."""
    return build_text_document(first_bates, created, title=POLICY_TITLE, pages=POLICY_PAGES,
                               legend=True, running_header=POLICY_RUNNING_HEADER)


def build_lesson_plan(first_bates: int, created: datetime) -> FPDF:
    """Document 2: academy lesson plan (no legend)."""
    return build_text_document(first_bates, created, title=LESSON_TITLE, pages=LESSON_PAGES,
                               legend=False, running_header="Riverton Police Academy - ACT-110")


def roster_rows() -> list[tuple[str, str, str, str, str]]:
    """Expand sessions x officers into log rows, in date order.

    Attendance is a fixed pattern (not random) so every run yields the same log.
    """
    rows: list[tuple[str, str, str, str, str]] = []
    for s_index, (course, date, hours) in enumerate(ROSTER_SESSIONS):
        for o_index, (name, badge) in enumerate(ROSTER_OFFICERS):
            if (o_index + s_index) % 2 == 0:  # each officer attends every other session
                rows.append((name, badge, course, date, hours))
    return rows


def add_roster_page(pdf: FPDF, rows: Sequence[tuple[str, ...]], page_label: str) -> None:
    """Add one log page holding a fully bordered table (found by extract_tables)."""
    pdf.add_page()
    pdf.set_xy(MARGIN_MM, TOP_MARGIN_MM)
    render_block(pdf, T("RIVERTON POLICE DEPARTMENT - TRAINING DIVISION"))
    render_block(pdf, ST(f"In-Service Training Hour Log, 2019 - 2021 ({page_label})"))
    pdf.set_font("Helvetica", "", TABLE_FONT_PT)
    with pdf.table(col_widths=ROSTER_COL_WIDTHS, line_height=TABLE_LINE_H_MM,
                   text_align="LEFT", first_row_as_headings=True) as table:
        table.row(ROSTER_HEADINGS)
        for row in rows:
            table.row(row)
    pdf.ln(3.0)
    if pdf.get_y() > CONTENT_BOTTOM_MM:
        raise RuntimeError(f"roster table overflows page {pdf.page_no()}")


def build_roster(first_bates: int, created: datetime) -> FPDF:
    """Document 3: two-page training hour log with real drawn tables."""
    pdf = BatesStampedPDF(first_bates, title=ROSTER_TITLE, legend=False, created=created)
    rows = roster_rows()
    page_count = math.ceil(len(rows) / ROSTER_ROWS_PER_PAGE)
    for page in range(page_count):
        chunk = rows[page * ROSTER_ROWS_PER_PAGE:(page + 1) * ROSTER_ROWS_PER_PAGE]
        add_roster_page(pdf, chunk, f"page {page + 1} of {page_count}")
    total = sum(float(row[4]) for row in rows)
    render_block(pdf, N(f"Total in-service hours logged: {total:.1f}. "
                        "Source: Training Division records system."))
    return pdf


# --------------------------------------------------------------------------
# Scanned (image-only) page
# --------------------------------------------------------------------------
AnyFont = ImageFont.FreeTypeFont | ImageFont.ImageFont


def scan_px(inches: float) -> int:
    """Convert inches to pixels at the scan resolution."""
    return round(inches * SCAN_DPI)


def load_scan_font(size_pt: float, bold: bool = False,
                   candidates: Sequence[str] | None = None) -> AnyFont:
    """Load a TrueType font sized in points at the scan DPI, with a built-in fallback."""
    size_px = round(size_pt * SCAN_DPI / 72)
    if candidates is None:
        candidates = SCAN_BOLD_FONT_CANDIDATES if bold else SCAN_FONT_CANDIDATES
    for candidate in candidates:
        if Path(candidate).is_file():
            return ImageFont.truetype(candidate, size_px)
    return ImageFont.load_default(size=size_px)


def draw_scan_header(draw: ImageDraw.ImageDraw) -> int:
    """Draw the sheet title block; return the y pixel where the table starts."""
    title = load_scan_font(14, bold=True)
    body = load_scan_font(11)
    width = SCAN_SIZE_PX[0]
    titles = ("RIVERTON POLICE DEPARTMENT", "TRAINING SIGN-IN SHEET (continued)")
    for index, line in enumerate(titles):
        draw.text((width // 2, scan_px(0.8 + 0.3 * index)), line, font=title, fill=SCAN_INK,
                  anchor="mt")
    lines = ("Course: Defensive Tactics Refresher   Course No. DT-2021-04",
             "Date: 04/22/2021    Instructor: Sgt. Colleen Marsh #3150")
    for index, line in enumerate(lines):
        draw.text((scan_px(1.0), scan_px(1.6 + 0.28 * index)), line, font=body, fill=SCAN_INK)
    return scan_px(2.4)


def draw_signature(draw: ImageDraw.ImageDraw, rng: random.Random,
                   box: tuple[int, int, int, int]) -> None:
    """Scribble a pen-like signature inside ``box`` (left, top, right, bottom).

    Two beating sine waves under a random envelope, plus a slight baseline
    slope, look far more hand-written than a single regular wave.
    """
    left, top, right, bottom = box
    mid, half_h = (top + bottom) / 2, (bottom - top) * 0.32
    span = int((right - left - 20) * rng.uniform(0.55, 0.95))
    f1, f2 = rng.uniform(0.09, 0.16), rng.uniform(0.025, 0.05)
    p1, p2 = rng.uniform(0, math.tau), rng.uniform(0, math.tau)
    slope = rng.uniform(-0.08, 0.04)
    points = []
    for x in range(0, span, 3):
        envelope = 0.55 + 0.45 * math.sin(math.pi * x / span)
        wave = 0.7 * math.sin(p1 + f1 * x) + 0.3 * math.sin(p2 + f2 * x)
        points.append((left + 10 + x, mid + slope * x + half_h * envelope * wave))
    draw.line(points, fill=SCAN_INK + 25, width=3, joint="curve")
    # A trailing flourish under the name, as many signers add.
    tail_y = mid + half_h * 0.9
    draw.line([(left + 10 + span * 0.3, tail_y), (left + 10 + span * 0.9, tail_y - half_h * 0.4)],
              fill=SCAN_INK + 25, width=2)


def draw_scan_table(draw: ImageDraw.ImageDraw, rng: random.Random, top: int) -> int:
    """Draw the attendance grid with printed names and signatures; return its bottom y."""
    font = load_scan_font(10.5)
    cols = [scan_px(x) for x in (0.75, 1.15, 3.35, 4.15, 6.15, 6.95, 7.75)]
    headings = ("#", "Printed Name", "Badge", "Signature", "In", "Out")
    row_h = scan_px(0.42)
    bottom = top + row_h * (SIGNIN_ROWS + 1)
    for y in range(top, bottom + 1, row_h):
        draw.line([(cols[0], y), (cols[-1], y)], fill=SCAN_INK, width=2)
    for x in cols:
        draw.line([(x, top), (x, bottom)], fill=SCAN_INK, width=2)
    for col, heading in enumerate(headings):
        draw.text((cols[col] + 10, top + row_h // 2), heading, font=font, fill=SCAN_INK,
                  anchor="lm")
    for index in range(SIGNIN_ROWS):
        y_mid = top + row_h * (index + 1) + row_h // 2
        draw.text((cols[0] + 10, y_mid), str(index + 1), font=font, fill=SCAN_INK, anchor="lm")
        if index >= len(SIGNIN_ATTENDEES):
            continue
        name, badge, time_in, time_out = SIGNIN_ATTENDEES[index]
        for col, value in ((1, name), (2, badge), (4, time_in), (5, time_out)):
            draw.text((cols[col] + 10, y_mid), value, font=font, fill=SCAN_INK, anchor="lm")
        draw_signature(draw, rng, (cols[3], y_mid - row_h // 2, cols[4], y_mid + row_h // 2))
    return bottom


def draw_scan_footer(draw: ImageDraw.ImageDraw, rng: random.Random, top: int) -> None:
    """Draw the instructor certification and the sheet's page number."""
    body = load_scan_font(11)
    left = scan_px(1.0)
    draw.text((left, top + scan_px(0.5)), "Instructor certification:", font=body, fill=SCAN_INK)
    sign_x, line_y = left + scan_px(2.0), top + scan_px(0.8)
    sign_box = (sign_x, top + scan_px(0.35), left + scan_px(4.2), top + scan_px(0.85))
    draw_signature(draw, rng, sign_box)
    draw.line([(sign_x, line_y), (left + scan_px(4.6), line_y)], fill=SCAN_INK, width=2)
    draw.text((sign_x, top + scan_px(0.9)), "Sgt. Colleen Marsh #3150", font=body, fill=SCAN_INK)
    draw.text((SCAN_SIZE_PX[0] // 2, scan_px(10.1)), "Page 2 of 2", font=body, fill=SCAN_INK,
              anchor="mt")


def burn_bates_stamp(image: Image.Image, bates: str) -> None:
    """Burn the Bates number into the bottom-right corner of the page image.

    Production vendors endorse scanned images digitally after scanning, so the
    stamp is crisp and square even though the page content is skewed.  It is
    pixels only: the PDF page carries no text layer at all.
    """
    font = load_scan_font(SCAN_STAMP_PT, candidates=SCAN_STAMP_FONT_CANDIDATES)
    size_px = round(SCAN_STAMP_PT * SCAN_DPI / 72)
    width = round(font.getlength(bates)) + 8
    label = Image.new("L", (width, round(size_px * 1.4)), 255)
    ImageDraw.Draw(label).text((4, round(size_px * 1.1)), bates, font=font, fill=0, anchor="ls")
    label = label.resize((round(width * SCAN_STAMP_XSCALE), label.height), Image.Resampling.LANCZOS)
    x = image.width - scan_px(SCAN_STAMP_EDGE_IN) - label.width
    y = image.height - scan_px(SCAN_STAMP_EDGE_IN) - label.height
    image.paste(0, (x, y, x + label.width, y + label.height), ImageOps.invert(label))


def degrade_scan(image: Image.Image, rng: random.Random) -> Image.Image:
    """Make a clean rendering look scanned: skew, paper tone, dust, softness."""
    skewed = image.rotate(SCAN_ROTATION_DEG, resample=Image.Resampling.BICUBIC,
                          fillcolor=SCAN_PAPER_TONE)
    draw = ImageDraw.Draw(skewed)
    width, height = skewed.size
    for _ in range(SCAN_SPECKLES):
        x, y = rng.randrange(width), rng.randrange(height)
        radius = rng.choice((0, 0, 0, 1))
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=rng.randrange(90, 200))
    return skewed.filter(ImageFilter.GaussianBlur(SCAN_BLUR_RADIUS))


def render_signin_scan(bates: str) -> Image.Image:
    """Render page 2 of the sign-in sheet as a grayscale 'scan' carrying its own stamp."""
    rng = random.Random(RANDOM_SEED)
    image = Image.new("L", SCAN_SIZE_PX, color=SCAN_PAPER_TONE)
    draw = ImageDraw.Draw(image)
    table_top = draw_scan_header(draw)
    table_bottom = draw_scan_table(draw, rng, table_top)
    draw_scan_footer(draw, rng, table_bottom)
    scanned = degrade_scan(image, rng)
    burn_bates_stamp(scanned, bates)
    return scanned


def build_signin(first_bates: int, created: datetime) -> FPDF:
    """Document 4: sign-in sheet; page 2 is an image with no text layer."""
    pdf = BatesStampedPDF(first_bates, title=SIGNIN_TITLE, legend=False, created=created,
                          image_pages=frozenset({2}))
    add_text_page(pdf, SIGNIN_PAGE1)
    pdf.add_page()
    pdf.image(render_signin_scan(format_bates(first_bates + 1)), x=0, y=0, w=PAGE_W_MM, h=PAGE_H_MM)
    return pdf


# --------------------------------------------------------------------------
# VOL002 documents
# --------------------------------------------------------------------------
def ia_complaint_page(complaint: dict[str, str]) -> Page:
    """Lay out one Internal Affairs complaint summary as a page of blocks."""
    return [
        T("RIVERTON POLICE DEPARTMENT"),
        ST("OFFICE OF PROFESSIONAL STANDARDS - INTERNAL AFFAIRS"),
        H(f"COMPLAINT SUMMARY - {complaint['number']}"),
        F("IA Number:", complaint["number"]),
        F("Date Received:", complaint["received"]),
        F("Date of Incident:", complaint["incident"]),
        F("Complainant:", complaint["complainant"]),
        F("Accused Officer:", complaint["accused"]),
        F("Allegation:", complaint["allegation"]),
        F("Assigned Investigator:", complaint["investigator"]),
        GAP,
        H("ALLEGATION NARRATIVE"),
        P(complaint["narrative"]),
        H("SUMMARY OF INVESTIGATION"),
        P(complaint["investigation"]),
        H("FINDING AND DISPOSITION"),
        F("Finding:", complaint["finding"]),
        F("Disposition Date:", complaint["disposition_date"]),
        F("Corrective Action:", complaint["action"]),
        F("Approved:", "Lt. Anita Brevard #2318, Commander, Office of Professional Standards"),
    ]


def build_ia_file(first_bates: int, created: datetime) -> FPDF:
    """Document 5: three IA complaints, one per page (with legend)."""
    pages = [ia_complaint_page(complaint) for complaint in IA_COMPLAINTS]
    return build_text_document(first_bates, created, title=IA_TITLE, pages=pages, legend=True)


def build_uof_report(first_bates: int, created: datetime) -> FPDF:
    """Document 6: 2020 Use of Force report (no legend)."""
    return build_text_document(first_bates, created, title=UOF_TITLE, pages=UOF_PAGES, legend=False,
                               running_header="RPD Form 300-A - UOF-2020-0211")


# --------------------------------------------------------------------------
# Volume assembly
# --------------------------------------------------------------------------
Builder = Callable[[int, datetime], FPDF]


@dataclass(frozen=True)
class ProducedFile:
    """One file written to a volume, with its inclusive Bates range."""

    name: str
    first: int
    last: int


# (builder, withheld range follows this document?)
VOL001_PLAN: tuple[tuple[Builder, bool], ...] = (
    (build_policy, False),
    (build_lesson_plan, False),
    (build_roster, True),
    (build_signin, False),
)
VOL002_PLAN: tuple[tuple[Builder, bool], ...] = (
    (build_ia_file, False),
    (build_uof_report, False),
)


def write_documents(vol_dir: Path, plan: Sequence[tuple[Builder, bool]], first_bates: int,
                    created: datetime) -> list[ProducedFile]:
    """Build and save each planned document, numbering pages continuously."""
    produced: list[ProducedFile] = []
    next_bates = first_bates
    for build, withheld_after in plan:
        pdf = build(next_bates, created)
        name = f"{format_bates(next_bates)}.pdf"
        pdf.output(str(vol_dir / name))
        produced.append(ProducedFile(name, next_bates, next_bates + pdf.pages_count - 1))
        next_bates += pdf.pages_count
        if withheld_after:
            # Guard: the documented gap must land exactly where promised.
            if next_bates != WITHHELD_FIRST:
                raise RuntimeError(
                    f"withheld gap would start at {next_bates}, not {WITHHELD_FIRST}")
            next_bates = WITHHELD_LAST + 1
    return produced


def fresh_volume_dir(out_dir: Path, volume: str) -> Path:
    """Create an empty volume directory, replacing earlier output of this script."""
    vol_dir = out_dir / volume
    if vol_dir.exists():
        shutil.rmtree(vol_dir)
    vol_dir.mkdir(parents=True)
    return vol_dir


def describe_volume(volume: str, files: Sequence[ProducedFile]) -> str:
    """Summarize a volume in one line: file count and Bates range."""
    first = min(item.first for item in files)
    last = max(item.last for item in files)
    return f"{volume}: {len(files)} files, {format_bates(first)}-{format_bates(last)}"


def make_production(out_dir: Path) -> list[str]:
    """Write both volumes under ``out_dir``; return one summary line per volume.

    VOL001 is loose PDFs. VOL002 arrives as a load-file volume (DAT + OPT + page
    images + extracted text + natives, see sample_loadfile.py), built from PDFs
    staged under ``OUT_DIR/staging/VOL002`` (kept for reference, never ingested).
    """
    vol1 = fresh_volume_dir(out_dir, VOL001)
    files1 = write_documents(vol1, VOL001_PLAN, FIRST_BATES, VOL001_CREATED)
    staging = fresh_volume_dir(out_dir / "staging", VOL002)
    files2 = write_documents(staging, VOL002_PLAN, files1[-1].last + 1, VOL002_CREATED)
    vol2 = fresh_volume_dir(out_dir, VOL002)
    # Real rolling productions re-produce documents verbatim; the copy keeps
    # its original Bates numbers, so it is excluded from VOL002's new range.
    policy = files1[0]
    staged = [
        StagedPdf(staging / files2[0].name, files2[0].first, "Internal Affairs", "2020-12-01",
                  True),
        StagedPdf(staging / files2[1].name, files2[1].first, "Professional Standards",
                  "2020-08-14", False),
    ]
    roster = files2[-1].last + 1
    reproduced = (vol1 / policy.name, policy.first, policy.last)
    documents = write_load_file_volume(vol2, staged, reproduced, roster, format_bates)
    gap = f"{format_bates(WITHHELD_FIRST)}-{format_bates(WITHHELD_LAST)}"
    line1 = f"{describe_volume(VOL001, files1)} (withheld: {gap})"
    line2 = (f"{VOL002}: load-file volume (DATA/{VOL002}.dat + .opt), {len(documents)} documents, "
             f"{format_bates(files2[0].first)}-{format_bates(roster)}:\n" + "\n".join(documents))
    return [line1, line2]


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(
        description="Generate a fictional, Bates-stamped sample discovery production "
                    "(two volumes).")
    parser.add_argument("out_dir", type=Path, metavar="OUT_DIR",
                        help="directory to write VOL001/ and VOL002/ into (created if needed)")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """CLI entry point."""
    args = parse_args(argv)
    out_dir: Path = args.out_dir
    out_dir.mkdir(parents=True, exist_ok=True)
    for line in make_production(out_dir):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
