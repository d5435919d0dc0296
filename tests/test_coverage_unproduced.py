"""A section the producer left out: its heading is no coverage, and its marker excludes nothing.

Productions of policy manuals are excerpts: "4.01.04 Deadly force. [omitted]". Such a line
names a topic without any of its text, and its marker ("omitted") must not read as a
sentence excluding the topic of the section printed after it. Written in several registers
(general orders, lesson plans, manuals, OCR-spaced capitals)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from monell.coverage.cues import without_unproduced
from monell.coverage.detect import TopicDetector
from monell.index.embed import passage_input
from monell.records.coverage import Depth, Segment, TopicHit

UNPRODUCED = [
    "4.01.04 Deadly force. [omitted]",
    "**4.01.06 [omitted]**",
    "Sec. 9 - Vehicle Pursuits (not produced)",
    "GO 310.3 Carotid restraint [REDACTED]",
    "Chapter 12: Taser deployment (withheld)",
    "Part IV. Strip searches [not reproduced]",
    "300.5 Less-lethal munitions ( omitted )",
    "LESSON 4 - CANINE CALL-OFF [TEXT OMITTED]",
    "Appendix C: Use of force report form [not provided]",
    "5.14 Disclosure to the prosecutor [section omitted] ...",
    "Module 7 Prone restraint (remainder omitted)",
]


@pytest.mark.parametrize("line", UNPRODUCED)
def test_a_line_naming_a_section_left_out_is_read_as_blank(line: str) -> None:
    text = f"{line}\n4.02 Reporting. Every use of force is reported the same day."

    kept = without_unproduced(text)

    assert kept.strip().startswith("4.02 Reporting") and len(kept) == len(text)


@pytest.mark.parametrize(
    "line",
    [
        "The deadly force section [omitted] is attached as Exhibit B.",
        "Block 9 - Legal update (reserved)",
        "Exhibit list (withheld documents are on the privilege log)",
        "Officers shall not use a chokehold (see 4.01.04).",
    ],
)
def test_a_marker_inside_a_sentence_or_a_reserved_block_is_kept(line: str) -> None:
    assert without_unproduced(line) == line


@pytest.fixture
def detector(shipped_detector: TopicDetector) -> TopicDetector:
    return shipped_detector


def score(detector: TopicDetector, text: str, topic: str) -> TopicHit:
    segment = Segment(
        key="p1", passage_id=1, document_id=1, file="go.pdf", production="VOL001", page=2,
        bates="VC0000014", doc_type="policy", heading=None, text=text, quote=text,
        is_row=False, date=None, date_source=None, hours=None, course=None, stored_vector=False,
    )  # fmt: skip
    segment = replace(segment)
    vectors = detector.embedder.embed([passage_input(segment.heading, segment.text)])
    (row,) = [r for r in detector.featurize([segment], vectors) if r.topic == topic]
    return detector._score(row)


@pytest.mark.model
@pytest.mark.parametrize("marker", UNPRODUCED[:6])
def test_the_section_after_a_left_out_one_keeps_its_topic(
    detector: TopicDetector, marker: str
) -> None:
    text = (
        f"{marker}\n4.01.07 Reporting and supervisory review. Every use of force is documented "
        "on a use of force report before the end of the shift, and the sergeant reviews it."
    )

    hit = score(detector, text, "force_reporting_supervision_eis")

    assert hit.patterns and hit.depth is not Depth.NEGATED


@pytest.mark.model
def test_a_left_out_sections_heading_names_no_topic(detector: TopicDetector) -> None:
    text = "4.01.04 Deadly force. [omitted]\n4.01.05 Medical care after force. Summon EMS."

    assert not score(detector, text, "deadly_force_firearms").patterns
