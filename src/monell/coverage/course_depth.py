"""What a course makes of the depth of one topic hit: its title, its length, and whether it
states objectives and includes practice.

The covered rule counts a course that teaches the topic: about an hour or more, or, under an
hour, with objectives and practice. So
- a topic a delivered course of an hour or more is named for is taught wherever that course's
  text names it (``titled``);
- a topic of a course under an hour, an awareness-level item by its length alone, is taught
  when the course states learning or performance objectives and includes practice (practical
  exercises, scenarios, drills, role play, skills stations) and either its title names the
  topic or the passage itself reads as teaching it (``practised``);
- a topic named by one phrase inside a course whose title names another subject is a mention
  (``incidental``).
Objectives and practice are read from all of a course's text (``read_practice``); a clause
that says there are none ("no practical exercises", "lecture only") states neither. The cue
words are data: corpora/cues/courses.yaml.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from monell.coverage.cues import AWARENESS
from monell.records.coverage import Course, CourseStatus, Depth, Segment, TopicHit
from monell.resources import load_cues

_CUES = load_cues("courses")
OBJECTIVES = re.compile("|".join(_CUES["objectives"]), re.I | re.M)
PRACTICE = re.compile("|".join(_CUES["practice"]), re.I | re.M)
NONE_BEFORE = re.compile("|".join(_CUES["practice_negations"]["before"]), re.I)
NONE_AFTER = re.compile("|".join(_CUES["practice_negations"]["after"]), re.I)
CLAUSE = re.compile(r"(?<=[.;!?])\s+|\n")
NEGATION_REACH = 40  # characters before a cue that a "no" or "without" reaches
SHORT_HOURS = 1.0  # a course under this is awareness level unless it has objectives and practice
# A title naming only these says little about what else the course may teach at length.
BROAD_TOPICS = frozenset({"use_of_force_policy"})
AWARENESS_CUE = "awareness-level item"
# What a passage's own cues say it is, whatever its course: never promoted to teaching.
NOT_INSTRUCTION = (
    "table of contents",
    "reference list",
    "acknowledgment form",
    "awareness-level item",
    "said to get no time of its own",
)
# ... nor, for a short course with practice, a row that names no course or a passage without
# the topic's words.
NOT_PRACTISED = (*NOT_INSTRUCTION, "a table row that names no course", "none of the topic's words")


def read_practice(segments: Iterable[Segment]) -> tuple[bool, bool]:
    """(states objectives, includes practice) from all of a course's text."""
    objectives = practice = False
    for segment in segments:
        text = f"{segment.heading or ''}\n{segment.text}"
        objectives = objectives or states(OBJECTIVES, text)
        practice = practice or states(PRACTICE, text)
        if objectives and practice:
            break
    return objectives, practice


def states(cue: re.Pattern[str], text: str) -> bool:
    """A clause of ``text`` holds the cue, and says it is there ("no practical exercises",
    "Objectives: none", "lecture only, without role play" say it is not)."""
    for clause in CLAUSE.split(text):
        for match in cue.finditer(clause):
            before = clause[max(0, match.start() - NEGATION_REACH) : match.start()]
            if not NONE_BEFORE.search(before) and not NONE_AFTER.match(clause[match.end() :]):
                return True
    return False


def practised(hit: TopicHit, own: Sequence[Course], titles: Mapping[str, set[str]]) -> TopicHit:
    """A mention that is one only for the course's length (under an hour) is teaching when
    the course states objectives and includes practice, and its title names the topic or the
    passage reads as teaching it (the classifier's teaching share is at least half)."""
    if hit.depth is not Depth.MENTIONS or not hit.patterns:
        return hit
    if any(cue in NOT_PRACTISED for cue in hit.cues if cue != AWARENESS_CUE):
        return hit
    segment = hit.segment
    if AWARENESS_CUE in hit.cues and AWARENESS.search(
        f"{segment.title}\n{segment.heading or ''}\n{segment.text}"
    ):
        return hit  # a video, a roll-call briefing: awareness by its own words
    for course in own:
        short = (segment.hours is not None and segment.hours < SHORT_HOURS) or (
            course.hours is not None and course.hours < SHORT_HOURS
        )
        named = hit.topic in titles.get(course.key, set())
        if (
            short
            and course.objectives
            and course.practice
            and course.status in (CourseStatus.DELIVERED, CourseStatus.UNDATED)
            and not course.evaluation_only
            and hit.topic not in course.exclusions
            and (named or 2 * hit.teach >= hit.relevance)
        ):
            note = f"{label(course)} is under an hour but states objectives and includes practice"
            teach = max(hit.teach, hit.relevance) if named else hit.teach
            return replace(hit, depth=Depth.TEACHES, teach=teach, cues=(*hit.cues, note))
    return hit


def titled(hit: TopicHit, own: Sequence[Course], titles: Mapping[str, set[str]]) -> TopicHit:
    """A mention of a topic inside a delivered course of an hour or more whose title names
    that topic is teaching ("ABLE Project course, 8.0 h, held": the hours were for it)."""
    if hit.depth is not Depth.MENTIONS or not hit.patterns:
        return hit
    if any(cue in NOT_INSTRUCTION for cue in hit.cues):
        return hit
    if hit.segment.hours is not None and hit.segment.hours < 1.0:
        return hit
    for course in own:
        if (
            hit.topic in titles.get(course.key, set())
            and course.status is CourseStatus.DELIVERED
            and course.hours is not None
            and course.hours >= 1.0
            and not course.evaluation_only
            and hit.topic not in course.exclusions
        ):
            note = f"{label(course)} is named for this topic and ran {course.hours:g} hours"
            # The passage is about the topic (its relevance) and the hours were for it.
            teach = max(hit.teach, hit.relevance)
            return replace(hit, depth=Depth.TEACHES, teach=teach, cues=(*hit.cues, note))
    return hit


def incidental(hit: TopicHit, subjects: Sequence[tuple[str, set[str]]]) -> TopicHit:
    """A topic taught in passing, by one phrase inside a course (or, outside any course, a
    training document) whose title names another subject (bite wounds in a first-aid course,
    one agitation slide in a Taser course), is a mention: it is given no time of its own.

    ``subjects``: (label, the topics its title names) for each course the passage belongs to,
    or for its document when it belongs to none."""
    if hit.depth is not Depth.TEACHES or len(hit.patterns) > 1:
        return hit
    if any(hit.topic in named for _, named in subjects):
        return hit  # a course or document named for the topic teaches it
    for name, named in subjects:
        other = named - BROAD_TOPICS
        if other:
            about = ", ".join(sorted(other))
            note = f"an item inside {name}, on {about}"
            return replace(hit, depth=Depth.MENTIONS, cues=(*hit.cues, note))
    return hit


def label(course: Course) -> str:
    return course.codes[0] if course.codes else course.title[:60] or course.key
