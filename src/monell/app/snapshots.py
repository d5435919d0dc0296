"""Change snapshots: what the analysis says after each change to the case, for `monell changes`."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

from monell.app.changes import snapshot_of
from monell.app.session import CaseSession
from monell.app.workspace import Case
from monell.coverage.detect import segment_text
from monell.coverage.hit_cache import analysis_version
from monell.coverage.run import read_kept
from monell.coverage.segments import build_segments
from monell.errors import MonellError
from monell.records import AnnotationDraft, PassageKind
from monell.records.coverage import POLICY_TYPES, TRAINING_TYPES, SourcePassage
from monell.resources import cues_digest


def take_snapshot(kit: CaseSession, production: str) -> None:
    """Store what the analysis says now (coverage, and flags when an injury is set), reusing
    the full coverage and complaint reports for the flags."""
    coverage = kit.coverage()
    flags = None
    if kit.case.store.injury():
        flags = kit.flags(coverage=coverage, complaints=kit.complaints())
    kit.case.store.add_snapshot(
        production, json.dumps(snapshot_of(coverage, flags), sort_keys=True)
    )


def prepare_snapshot(kit: CaseSession, drafts: Sequence[AnnotationDraft]) -> None:
    """What the change snapshot will need and can have before the new documents are stored:
    the topic detector (spaCy's lemma pipeline, the taxonomy's phrases), the stored segments
    and hits of the documents analysed before, and the parse of each new training or policy
    passage. Run while an embedding process embeds them
    (``index/embed_process.py``); a parse depends only on its text, so the snapshot is the
    same whether or not this ran."""
    detector = kit.topic_detector
    if kit.reuse_hits:  # the stored rows of the documents already analysed, read now
        version = analysis_version(
            kit.taxonomy, kit.topic_model, kit.topic_memory, kit.embedder.name, kit.nlp,
            cues_digest(),
        )  # fmt: skip
        kit.kept_rows = (version, read_kept(kit.case.store, version))
    detector.prepare(
        segment_text(segment)
        for draft in drafts
        if draft.doc_type.doc_type.value in TRAINING_TYPES + POLICY_TYPES
        for segment in build_segments(_as_stored(draft))
    )


def _as_stored(draft: AnnotationDraft) -> list[SourcePassage]:
    """A draft's passages as the coverage stage will read them once stored, as far as the
    cutting reads them (text, kind, heading, page); ids and provenance are stand-ins."""
    return [
        SourcePassage(
            passage_id=-1 - n,
            document_id=draft.document_id,
            file="",
            production="",
            page=p.page_number,
            bates=p.bates,
            doc_type=draft.doc_type.doc_type.value,
            heading=p.heading,
            text=p.text,
            is_table=p.kind is PassageKind.TABLE,
            document_date=None,
        )
        for n, p in enumerate(draft.passages)
    ]


def record_snapshot(kit: CaseSession, label: str, warn: Callable[[str], None]) -> None:
    """``take_snapshot`` for a command that changed the case (an ingest, the injury, a
    document's type): a failure is a warning (given to ``warn``) and never undoes the command."""
    try:
        take_snapshot(kit, label)
    except MonellError as error:
        warn(f"Warning: no change snapshot for {label}: {error}")


def snapshot_after_edit(case: Case, label: str, say: Callable[[str], None]) -> None:
    """After a change made by hand (a document's type, a removal), record what the analysis
    says, so `monell changes` shows it under its own label and does not pin it on the next
    volume. Only once tracking has begun (a first ingest)."""
    if not case.store.snapshots():
        return
    say("Recording what this changed (see `monell changes`)...")
    record_snapshot(CaseSession(case), label, say)
