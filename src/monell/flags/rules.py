"""Flag rules: training gap + notice pattern → strength, with a sentence a paralegal can check.

The rules are written down in docs/METHODOLOGY.md; the constants below are those rules.
Points, per topic the injury implicates:
- training gap: absent 2, thin 1 (covered training is not a gap: no flag, but the report
  says so and suggests checking whether the officer departed from the training);
- notice: prior similar complaints within the lookback, 1 → 1 point, 2 or more → 2; at
  least one sustained → 1 more. Stale, post-incident and undated complaints add nothing.
The points order the flags for review. The strength is the notice pattern, the element a
failure-to-train claim ordinarily turns on (Connick): 2 or more prior similar complaints
strong, exactly 1 moderate, none weak. A topic open to the single-incident route with
absent training is marked "needs attorney judgment"; its strength stays what notice gives.
"Absent" counts only when training was searched: with no training document in force on
the incident date produced, the gap is unknown, not absent: no gap points, weak at most,
and a caution to request the training records.
"""

from __future__ import annotations

from collections.abc import Sequence

from monell.coverage.taxonomy import Topic
from monell.records.complaints import ComplaintRecord, NoticePattern, Timing
from monell.records.coverage import TopicCoverage, Verdict
from monell.records.flags import Flag, InjuryFact, Strength

GAP_POINTS = {Verdict.ABSENT: 2, Verdict.THIN: 1}
PRIOR_POINTS = ((2, 2), (1, 1))  # (at least this many prior complaints, points)
SUSTAINED_POINTS = 1
STRONG_PRIORS, MODERATE_PRIORS = 2, 1  # prior similar complaints for each strength
JUDGMENT = "needs attorney judgment: single-incident (obvious need) theory"
NOTHING_SEARCHED = (
    "no training document in force on the incident date has been produced, so whether this "
    "was taught cannot be judged yet: request the curricula, lesson plans and training records"
)


def build_flag(
    topic: Topic,
    coverage: TopicCoverage,
    pattern: NoticePattern | None,
    records: Sequence[ComplaintRecord],
    facts: Sequence[InjuryFact],
    reviewer_note: str | None = None,
) -> Flag | None:
    """The topic's flag, or None when its training was covered (not a training gap).
    ``facts`` are the narrative's facts (those raising the topic, then those supporting it,
    are kept); ``reviewer_note`` is a caution when a reviewer added the topic."""
    if coverage.verdict not in GAP_POINTS:
        return None
    unknown = not was_searched(coverage)
    gap = 0 if unknown else GAP_POINTS[coverage.verdict]
    notice = notice_points(pattern)
    points = gap + notice
    priors = pattern.prior_count if pattern else 0
    strength = (
        Strength.STRONG
        if priors >= STRONG_PRIORS
        else Strength.MODERATE
        if priors >= MODERATE_PRIORS
        else Strength.WEAK
    )
    cautions = [reviewer_note] if reviewer_note else []
    if unknown:
        strength = Strength.WEAK
        cautions.append(NOTHING_SEARCHED)
    elif topic.single_incident and coverage.verdict is Verdict.ABSENT:
        cautions.append(JUDGMENT)
    if coverage.policy_verdict is Verdict.COVERED:
        cautions.append("the policy governs this topic, the training did not teach it")
    if pattern and pattern.stale_count:
        cautions.append(
            f"{pattern.stale_count} older complaint(s) outside the lookback, not counted"
        )
    prior = tuple(
        r for r in records if topic.id in r.topics and r.timing is Timing.PRIOR and not r.stale
    )
    mine = tuple(f for f in facts if topic.id in f.topics) + tuple(
        f for f in facts if topic.id in f.supports and topic.id not in f.topics
    )
    return Flag(
        id=f"F-{topic.id}",
        topic=topic.id,
        name=topic.name,
        strength=strength,
        points=points,
        coverage=coverage,
        pattern=pattern,
        prior_complaints=prior,
        single_incident=topic.single_incident,
        injury_facts=mine,
        why=explain(topic, coverage, pattern, mine, strength),
        cautions=tuple(cautions),
    )


def was_searched(coverage: TopicCoverage) -> bool:
    """Thin training was found, so searched; absent training only if some training
    document in force on the incident date was read for it."""
    if coverage.verdict is not Verdict.ABSENT:
        return True
    record = coverage.absence_record
    return record is not None and any(
        d.pages > len(d.unreadable_pages) for d in record.documents
    )  # a document with a page that could be read


def notice_points(pattern: NoticePattern | None) -> int:
    if pattern is None:
        return 0
    points = next((p for least, p in PRIOR_POINTS if pattern.prior_count >= least), 0)
    return points + (SUSTAINED_POINTS if pattern.sustained_count else 0)


def explain(
    topic: Topic,
    coverage: TopicCoverage,
    pattern: NoticePattern | None,
    facts: Sequence[InjuryFact],
    strength: Strength,
) -> str:
    """One sentence: the injury, the training gap, the notice."""
    quote = f'"{facts[0].text}"' if facts else "the injury narrative"
    if not was_searched(coverage):
        training = "no training document in force on the incident date was produced to check"
    elif coverage.verdict is Verdict.ABSENT:
        training = "no training in force on the incident date addresses it"
    else:
        training = "the training only mentions it"
    if pattern and pattern.prior_count:
        sustained = f", {pattern.sustained_count} sustained" if pattern.sustained_count else ""
        notice = f"{pattern.prior_count} prior similar complaint(s){sustained} before the incident"
    elif pattern and pattern.stale_count:
        notice = (
            f"no prior similar complaint within the lookback ({pattern.stale_count} older, "
            "not counted)"
        )
    else:
        notice = "no prior similar complaint found before the incident"
    return f"{strength.value}: {quote} points to {topic.name}; {training}; {notice}."
