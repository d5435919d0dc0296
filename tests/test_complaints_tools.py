"""A complaint's own words for a force tool give it the tool's topic: ten or more ways each
tool is written in complaint files (intake prose, terse log capitals, a memo, a misspelled
form, an OCR-damaged scan), and the clauses that say it did not happen."""

from __future__ import annotations

import pytest

from monell.complaints.run import allegation_segment
from monell.complaints.tools import ToolReader, expand
from monell.resources import load_spacy_lemmas

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def reader() -> ToolReader:
    return ToolReader(load_spacy_lemmas())


def tools_in(reader: ToolReader, text: str) -> set[str]:
    (found,) = reader.read([allegation_segment(text, 0).text])  # OCR repaired, as at run time
    return set(found)


NECK = [
    "The complainant says the deputy put his arm around her neck and squeezed.",
    "C ALLEGES ACC PLACED HIM IN A CHOKEHOLD DURING THE ARREST",
    "R/P STATES PO CHOKED HIM UNTIL HE PASSED OUT",
    "Subject alleges the sergeant grabbed him by the throat against the fence.",
    "officer had his forearm across my throat on the hood",
    "Memo: the allegation is an unauthorized carotid restraint at booking.",
    "he put me in a head lock and dragged me out the door",
    "C0mplainant a11eges the 0fficer ch0ked him in the sa11yport",
    "Complainant reports a knee on his neck while he lay in the street.",
    "They were choking my son while two others held his legs.",
    "Allegation: improper neck restraint (LVNR) on a passive resister.",
]
PRONE = [
    "Both officers held him face down on the kitchen floor for several minutes.",
    "C STATES OFFICERS PUT THEIR KNEES ON HIS BACK AFTER CUFFING",
    "she says one deputy knelt on her back while she was cuffed",
    "Complainant alleges he was hogtied in the back of the wagon.",
    "the officer kept his full weight on my upper back and I couldnt breath",
    "Allegation: prisoner restrained prone with a hobble for transport.",
    "R/P STATES PO SAT ON HIS BACK UNTIL EMS ARRIVED",
    "0fficers pinned him face-d0wn 0n the wet pavement",
    "Officer placed a knee across her shoulder blades and pressed down.",
    "He says they were pinning him prone while he screamed he could not breathe.",
]
CEW = [
    "The complainant states he was tased while already handcuffed.",
    "C ALLEGES ACC DEPLOYED TASER IN DRIVE STUN MODE TO HIS NECK",
    "officer tazed me twice for no reason",
    "Allegation: excessive use of the CEW (three cycles).",
    "R/P STATES SHE WAS STUN GUNNED IN FRONT OF HER KIDS",
    "He says the deputy fired the Taser as he walked away.",
    "complainant alleges he was tasered while sitting in his car",
    "Use of the electronic control device on a juvenile is alleged.",
    "The sergeant drive-stunned the arrestee in the holding cell.",
    "0fficer dep1oyed his taser and the pr0bes struck the c0mplainant",
]
OC = [
    "The complainant says she was pepper sprayed while sitting on the curb.",
    "C ALLEGES ACC MACED HIM THROUGH THE CAR WINDOW",
    "Officers used tear gas on the crowd without a dispersal order.",
    "Allegation: OC spray used on a handcuffed subject.",
    "he sprayed me in the eyes from a foot away",
    "R/P STATES PO PEPPER-SPRAYED HER DOG AND HER",
    "Complainant reports a chemical agent was deployed into his cell.",
    "She says the deputy sprayed her face while she knelt with her hands up.",
    "protesters were hit with pepper balls at close range",
    "the officer used mace on my son at the bus stop",
]
K9 = [
    "The complainant says the police dog bit him after he surrendered.",
    "C ALLEGES K9 WAS RELEASED WITHOUT WARNING",
    "He was bitten by the dog while lying in a ditch.",
    "Allegation: improper canine deployment on a juvenile.",
    "R/P STATES THE K-9 ATTACKED HIM IN HIS BACKYARD",
    "the handler sicced the dog on me",
    "Complainant states the dog latched onto his arm for a full minute.",
    "Deputy released the dog into the shed without announcing.",
    "she says the canine bit her leg while she stood still",
    "Bystander reports a dog bite from the Sheriff's canine.",
]
STRIP = [
    "The complainant says she was strip searched in front of male officers.",
    "C ALLEGES ACC CONDUCTED A STRIP SEARCH ON THE STREET",
    "officers made me strip in the alley",
    "Allegation: body cavity search without a warrant.",
    "He was ordered to squat and cough in the hallway.",
    "R/P STATES PO MADE HIM UNDRESS IN THE SQUAD",
    "Complainant reports being strip-searched at the district.",
    "they forced her to strip at the bus shelter",
    "The detainee alleges an improper cavity search at intake.",
    "the officer told me to strip in front of my kids",
]


@pytest.mark.parametrize(
    ("topic", "text"),
    [("neck_restraints_chokeholds", t) for t in NECK]
    + [("prone_restraint_positional_asphyxia", t) for t in PRONE]
    + [("conducted_energy_weapons", t) for t in CEW]
    + [("oc_chemical_agents", t) for t in OC]
    + [("k9_deployment", t) for t in K9]
    + [("search_seizure_strip_searches", t) for t in STRIP],
)
def test_a_force_tool_in_the_records_own_words_names_its_topic(
    reader: ToolReader, topic: str, text: str
) -> None:
    assert topic in tools_in(reader, text)


@pytest.mark.parametrize(
    "text",
    [
        "Video shows no Taser was drawn at any point.",
        "The officer did not use a chokehold; he held the complainant's wrist.",
        "Subject was never held face down; he was seated within seconds.",
        "No canine was deployed on this call.",
        "There was no pepper spray used.",
        "He was not tased.",
        "Complainant was not strip searched; a pat-down was done.",
        "The report notes no knee on his back at any time.",
        "The deputy never choked anyone, according to the witness.",
        "Without any pepper spray, the crowd dispersed.",
    ],
)
def test_a_tool_the_clause_says_did_not_happen_names_nothing(reader: ToolReader, text: str) -> None:
    assert tools_in(reader, text) == set()


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("No warning was given before the dog bit him.", "k9_deployment"),
        ("He was not resisting when they tased him.", "conducted_energy_weapons"),
        ("She never ran, but the officer choked her anyway.", "neck_restraints_chokeholds"),
        ("The officer denied that he used a Taser.", "conducted_energy_weapons"),
    ],
)
def test_a_negation_that_governs_another_clause_does_not_cancel_the_tool(
    reader: ToolReader, text: str, topic: str
) -> None:
    assert topic in tools_in(reader, text)


@pytest.mark.parametrize(
    "text",
    [
        "He was handcuffed behind his back and placed in the car.",
        "The complainant was face down in a ditch with his arms spread when the dog reached him.",
        "The defendant was convicted of the shooting at the tavern.",
        "He says he ran and lay down on his stomach in the grass.",
        "The officer used force to take him to the ground.",
        "She was searched at the jail per policy.",
        "The man took off his clothes in the store and was sweating.",
        "My neighbor's dog barked all night and the officer did nothing.",
        "He threw himself down and would not get up.",
        "The stun of the news left her speechless.",
    ],
)
def test_words_near_a_tool_that_name_none_name_nothing(reader: ToolReader, text: str) -> None:
    assert tools_in(reader, text) == set()


def test_choices_in_braces_expand_to_every_phrase() -> None:
    assert expand("knee {on|in} {his|her} back") == [
        "knee on his back",
        "knee on her back",
        "knee in his back",
        "knee in her back",
    ]
