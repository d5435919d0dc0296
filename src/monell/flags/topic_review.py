"""A reviewer's corrections to the implicated topics: add one, remove one, or reset it.

Decisions live in the review audit log beside the flag decisions (one row each, flag id
``T-<topic>``; decision ``added``, ``removed`` or ``reset``), so they are append-only and
timestamped like every other decision. They are keyed by topic, not by sentence: they hold
when the injury text is set again and when new volumes arrive. The latest decision on a
topic wins; ``reset`` hands the topic back to the reading.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import replace

from monell.coverage.taxonomy import Taxonomy
from monell.records.flags import ImplicatedTopic, ReviewEntry, TopicStatus

TOPIC_PREFIX = "T-"
ADDED, REMOVED, RESET = "added", "removed", "reset"
TOPIC_DECISIONS = (ADDED, REMOVED, RESET)


def topic_review_id(topic: str) -> str:
    """The audit log's id for decisions on one implicated topic."""
    return f"{TOPIC_PREFIX}{topic}"


def topic_fingerprint(topic: ImplicatedTopic | None) -> str:
    """What the reviewer saw behind the topic when deciding (its facts)."""
    texts = [e.text for e in topic.evidence] if topic else []
    return hashlib.sha256("\n".join(texts).encode()).hexdigest()[:16]


def latest_decisions(history: Sequence[ReviewEntry]) -> dict[str, ReviewEntry]:
    """topic → its latest decision (entries oldest first, topic decisions only)."""
    latest: dict[str, ReviewEntry] = {}
    for entry in history:
        if entry.flag_id.startswith(TOPIC_PREFIX) and entry.decision in TOPIC_DECISIONS:
            latest[entry.flag_id[len(TOPIC_PREFIX) :]] = entry
    return latest


def review_topics(
    read: Sequence[ImplicatedTopic], history: Sequence[ReviewEntry], taxonomy: Taxonomy
) -> tuple[ImplicatedTopic, ...]:
    """The implicated topics with the reviewer's decisions applied, in taxonomy order:
    added topics join (with the facts the reading found for them, if any), removed ones stay
    listed as removed (never flagged), reset ones are as read."""
    latest = latest_decisions(history)
    by_topic = {t.topic: t for t in read}
    reviewed = []
    for topic in taxonomy.ids:
        decision = latest.get(topic)
        found = by_topic.get(topic)
        if decision is None or decision.decision == RESET:
            if found:
                reviewed.append(found)
            continue
        who, note = decision.reviewer, decision.note or None
        if decision.decision == REMOVED and found:
            reviewed.append(replace(found, status=TopicStatus.REMOVED, reviewer=who, note=note))
        elif decision.decision == ADDED:
            base = found or ImplicatedTopic(topic, taxonomy.get(topic).name, 1.0, ())
            status = TopicStatus.AUTO if found else TopicStatus.ADDED
            reviewed.append(replace(base, status=status, reviewer=who, note=note))
    return tuple(reviewed)
