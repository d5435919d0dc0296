"""Review decisions: a paralegal's decision on a flag, appended to the audit log.

The CLI and the review page both record decisions here.
"""

from __future__ import annotations

import hmac
from collections.abc import Mapping, Sequence

from monell.coverage.taxonomy import Taxonomy
from monell.errors import InputError, MonellError
from monell.flags.review import DECISIONS, evidence_hash, review_token
from monell.flags.topic_review import (
    ADDED,
    REMOVED,
    RESET,
    topic_fingerprint,
    topic_review_id,
)
from monell.records.flags import Flag, FlagReport, ImplicatedTopic
from monell.store import CaseStore


class ReviewConflict(MonellError):
    """The flag's review state or evidence changed since the reviewer loaded it."""


def record_decision(
    store: CaseStore,
    report: FlagReport,
    flag_id: str,
    decision: str,
    reviewer: str,
    note: str,
    seen: str | None = None,
) -> Flag:
    """Append a decision to the audit log (the CLI and the review app both write here).

    ``seen`` is the flag's ``review_token`` when the reviewer loaded it; when given and the
    flag has moved since (another decision, or new evidence), nothing is written.
    """
    if decision not in DECISIONS:
        raise InputError(f"unknown decision {decision!r} (allowed: {', '.join(DECISIONS)})")
    if not reviewer.strip():
        raise InputError("the reviewer's name cannot be empty")
    if len(reviewer) > MAX_REVIEWER_CHARS or not reviewer.isprintable():
        raise InputError(
            f"the reviewer's name is one line of at most {MAX_REVIEWER_CHARS} characters"
        )
    if len(note) > MAX_NOTE_CHARS:
        raise InputError(f"the note is {len(note)} characters; at most {MAX_NOTE_CHARS} are kept")
    flag = find_flag(report, flag_id)
    with store.transaction():  # BEGIN IMMEDIATE: the check and the append are one step
        now = review_token(flag, store.review_history(flag.id))
        if seen is not None and not hmac.compare_digest(seen.encode(), now.encode()):
            raise ReviewConflict(
                f"{flag.id} changed since you opened it (another decision or new evidence): "
                "nothing was recorded; reload the flag and decide again"
            )
        store.append_review(flag.id, decision, reviewer.strip(), note.strip(), evidence_hash(flag))
    return flag


def find_flag(report: FlagReport, flag_id: str) -> Flag:
    for flag in report.flags:
        if flag.id == flag_id:
            return flag
    known = ", ".join(f.id for f in report.flags) or "none"
    raise InputError(f"no flag {flag_id!r} in this case (flags now: {known})")


MAX_NOTE_CHARS = 4000  # the audit log cannot be edited: a note is a note, not a file


MAX_REVIEWER_CHARS = 120


def record_topic_decisions(
    store: CaseStore,
    taxonomy: Taxonomy,
    read: Sequence[ImplicatedTopic],
    changes: Mapping[str, Sequence[str]],
    reviewer: str,
    note: str,
) -> list[tuple[str, str]]:
    """Append a reviewer's additions, removals and resets of implicated topics to the
    audit log, all or none. ``changes`` maps ``added``/``removed``/``reset`` to topic ids.
    Returns the (decision, topic) pairs recorded."""
    pairs = [(d, t) for d in (ADDED, REMOVED, RESET) for t in changes.get(d, ())]
    if not pairs:
        return []
    unknown = sorted({t for _, t in pairs} - set(taxonomy.ids))
    if unknown:
        raise InputError(f"unknown topic {', '.join(unknown)} (see `monell topics` for the ids)")
    twice = sorted({t for _, t in pairs if sum(t == u for _, u in pairs) > 1})
    if twice:
        raise InputError(
            f"topic {', '.join(twice)} is named in more than one of --add/--remove/--reset"
        )
    if not reviewer.strip() or len(reviewer) > MAX_REVIEWER_CHARS or not reviewer.isprintable():
        raise InputError(
            f"a decision needs the reviewer's name (--reviewer), one line of at most "
            f"{MAX_REVIEWER_CHARS} characters"
        )
    if any(d != RESET for d, _ in pairs) and not note.strip():
        raise InputError("say why with --note: the reason is kept in the audit log")
    if len(note) > MAX_NOTE_CHARS:
        raise InputError(f"the note is {len(note)} characters; at most {MAX_NOTE_CHARS} are kept")
    by_topic = {t.topic: t for t in read}
    with store.transaction():
        for decision, topic in pairs:
            store.append_review(
                topic_review_id(topic),
                decision,
                reviewer.strip(),
                note.strip(),
                topic_fingerprint(by_topic.get(topic)),
            )
    return pairs
