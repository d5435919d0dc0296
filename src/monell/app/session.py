"""The models and analyses a command shares: each loaded or computed once, on first use.

`coverage`, `complaints`, `flags`, `review`, `report`, the ingest snapshot and `injury`
all need some of the same things (the spaCy pipelines, the embedder, the trained topic and
allegation models, the case's taxonomy, an up-to-date index). One kit per command keeps
them from being loaded — or a whole analysis from being run — twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING, Any

from monell.app.kept_vectors import KeptVectors
from monell.app.workspace import Case
from monell.attendance.run import assess_training_records
from monell.complaints.people import plaintiff_of
from monell.complaints.run import assess_complaints
from monell.complaints.topics import AllegationModel
from monell.coverage.detect import TopicDetector, TopicModel
from monell.coverage.memory import TopicMemory
from monell.coverage.run import assess_coverage
from monell.coverage.taxonomy import Taxonomy, load_case_taxonomy
from monell.flags.reading import InjuryReader, InjuryReading
from monell.flags.run import build_flag_report, require_injury
from monell.flags.topic_review import review_topics
from monell.index.update import PackagedModels, update_index
from monell.records.attendance import TrainingRecordReport
from monell.records.complaints import ComplaintReport
from monell.records.coverage import CoverageReport
from monell.records.flags import FlagReport, ImplicatedTopic, InjuryFact, TopicStatus
from monell.resources import (
    allegation_memory_path,
    allegation_model_path,
    embedding_model_path,
    load_role_exemplars,
    load_spacy_lemmas,
    load_spacy_parser,
    topic_memory_path,
    topic_model_path,
)

if TYPE_CHECKING:
    from spacy.language import Language


@dataclass
class CaseSession:
    case: Case
    indexed: bool = False  # True when the caller has just brought the index up to date
    # reuse (and keep) each document's topic hits (coverage/hit_cache.py), and each notice
    # document's read records and each complaint record's topics (complaints/record_cache.py)
    reuse_hits: bool = True
    running_embedder: Any = None  # an embedder the command already runs (index/embed_process.py)
    # (version, stored coverage rows read ahead: app/snapshots.py); the next coverage uses it
    kept_rows: Any = None

    @cached_property
    def models(self) -> PackagedModels:
        return case_models(self.case)

    @cached_property
    def taxonomy(self) -> Taxonomy:
        return load_case_taxonomy(self.case.taxonomy_file)

    @cached_property
    def incident(self) -> date:
        return self.case.info.incident_date

    @cached_property
    def nlp(self) -> Language:
        return load_spacy_lemmas(self.models.spacy_model)

    @cached_property
    def parser(self) -> Language:
        return load_spacy_parser(self.models.spacy_model)

    def parse(self, text: str) -> Any:
        """Parse one sentence, loading the parser pipeline only when a sentence needs it."""
        return self.parser(text)

    @cached_property
    def ner(self) -> Language:
        return self.models.nlp()

    @cached_property
    def embedder(self) -> Any:
        return self.running_embedder or self.models.embedder()

    @cached_property
    def topic_model(self) -> TopicModel:
        return TopicModel.load(topic_model_path())

    @cached_property
    def topic_memory(self) -> TopicMemory:
        return TopicMemory.load(topic_memory_path())

    @cached_property
    def allegation_model(self) -> AllegationModel:
        return AllegationModel.load(allegation_model_path())

    @cached_property
    def allegation_memory(self) -> TopicMemory:
        return TopicMemory.load(allegation_memory_path())

    def index(self) -> None:
        """Analyse documents not indexed yet (once per command)."""
        if not self.indexed:
            update_index(
                self.case.store,
                self.case.index_dir,
                self.models,
                settings=self.case.config.index,
            )
            self.indexed = True

    def coverage(self, as_of: date | None = None, topic_ids: Sequence[str] = ()) -> CoverageReport:
        taxonomy = self.taxonomy  # a broken taxonomy file fails before any indexing
        self.index()
        kept, self.kept_rows = self.kept_rows, None
        return assess_coverage(
            self.case.store,
            taxonomy,
            nlp=self.nlp,
            embedder=self.embedder,
            model=self.topic_model,
            memory=self.topic_memory,
            as_of=as_of or self.incident,
            topic_ids=topic_ids,
            parse=self.parse,
            detector=self.topic_detector,
            keep_hits=self.reuse_hits,
            kept=kept,
        )

    @cached_property
    def kept_embedder(self) -> Any:
        """The embedder for fixed lists of texts (the taxonomy's exemplars, the injury
        reading's): their vectors kept in the case for the next command while hits are
        reused (app/kept_vectors.py), else the embedder itself."""
        return KeptVectors(self.case.store, lambda: self.embedder) if self.reuse_hits else None

    @cached_property
    def topic_detector(self) -> TopicDetector:
        """The coverage topic detector (its exemplars embedded once per session, and kept in
        the case for the next command while hits are reused)."""
        return TopicDetector(
            self.taxonomy,
            self.nlp,
            self.kept_embedder or self.embedder,
            self.topic_model,
            self.topic_memory,
        )

    def officers(
        self,
        coverage: CoverageReport | None = None,
        topic_ids: Sequence[str] = (),
        accused: Sequence[str] | None = None,
    ) -> TrainingRecordReport:
        """Who attended what: every officer on record and every defendant (those set for the
        case, and the officers the plaintiff's own complaint accuses), with their training
        on each topic as of the incident (defendants on every topic, or on ``topic_ids``).
        Uses the coverage report's course records."""
        if accused is None:
            accused = own_accused(self.complaints())
        taxonomy = self.taxonomy
        coverage = coverage or self.coverage()
        return assess_training_records(
            self.case.store,
            coverage,
            incident=self.incident,
            topics_named=self.topic_detector.topics_named,
            topic_ids=list(topic_ids) or [t.id for t in taxonomy.topics],
            defendants=self.case.store.defendants(),
            accused=accused,
        )

    def complaints(
        self, lookback_years: int | None = None, topic_ids: Sequence[str] = ()
    ) -> ComplaintReport:
        """Complaints against the incident; the lookback is the case's (case.toml
        [complaints] lookback_years, default 5) unless a command asks for another."""
        taxonomy = self.taxonomy
        lookback = self.case.config.complaints.lookback_years
        self.index()
        return assess_complaints(
            self.case.store,
            taxonomy,
            nlp=self.nlp,
            ner=self.ner,
            embedder=self.embedder,
            model=self.allegation_model,
            memory=self.allegation_memory,
            incident=self.incident,
            lookback_years=lookback if lookback_years is None else lookback_years,
            defendants=self.case.store.defendants(),
            topic_ids=topic_ids,
            plaintiff=plaintiff_of(self.case.info.name),
            keep=self.reuse_hits,
            exemplar_embedder=self.kept_embedder,
        )

    def all_reports(self) -> tuple[CoverageReport, ComplaintReport, FlagReport | None]:
        """Coverage and complaints for every topic, and the flags (reusing both) when an
        injury narrative is set: what ``monell report`` and the review page show."""
        coverage, complaints = self.coverage(), self.complaints()
        flags = None
        if self.case.store.injury():
            flags = self.flags(coverage=coverage, complaints=complaints)
        return coverage, complaints, flags

    @cached_property
    def injury_reader(self) -> InjuryReader:
        return injury_reader(
            self.taxonomy,
            self.nlp,
            self.parser,
            self.kept_embedder or self.embedder,
            self.allegation_model,
            self.allegation_memory,
            self.ner,
        )

    def injury_reading(self) -> tuple[str, InjuryReading]:
        """The stored injury narrative, read: facts with roles, implicated topics (as read,
        before the reviewer's decisions)."""
        injury = require_injury(self.case.store.injury())
        return injury, self.injury_reader.read(injury)

    def injury_facts(self) -> tuple[str, list[InjuryFact]]:
        """The stored injury narrative and its facts mapped to topics."""
        injury, reading = self.injury_reading()
        return injury, list(reading.facts)

    def implicated(self) -> tuple[str, InjuryReading, tuple[ImplicatedTopic, ...]]:
        """The narrative, its reading, and the implicated topics with the reviewer's
        additions and removals applied (removed topics kept, marked)."""
        injury, reading = self.injury_reading()
        decisions = self.case.store.topic_decisions()
        return injury, reading, review_topics(reading.topics, decisions, self.taxonomy)

    def flags(
        self,
        lookback_years: int | None = None,
        coverage: CoverageReport | None = None,
        complaints: ComplaintReport | None = None,
    ) -> FlagReport:
        """The flags; pass the command's full coverage and complaint reports to reuse them,
        else only the implicated topics (as reviewed) are analysed."""
        injury, reading, topics = self.implicated()
        kept = [t.topic for t in topics if t.status is not TopicStatus.REMOVED]
        training = None
        if kept:
            coverage = coverage or self.coverage(topic_ids=kept)
            complaints = complaints or self.complaints(lookback_years, kept)
            accused = own_accused(complaints)
            if self.case.store.defendants() or accused:
                training = self.officers(coverage, kept, accused)
        return build_flag_report(
            self.taxonomy,
            self.incident,
            injury,
            reading.facts,
            topics,
            coverage,
            complaints,
            training,
        )


def own_accused(complaints: ComplaintReport | None) -> list[str]:
    """The officers the plaintiff's own complaint, claim or lawsuit accuses (as printed)."""
    if complaints is None:
        return []
    names = [o.name for r in complaints.records if r.own for o in r.officers]
    return list(dict.fromkeys(names))


def injury_reader(
    taxonomy: Taxonomy,
    nlp: Language,
    parser: Language,
    embedder: Any,
    model: AllegationModel,
    memory: TopicMemory | None,
    ner: Language | None = None,
) -> InjuryReader:
    """The injury reader over models already loaded (the role exemplars from corpora/)."""
    exemplars = load_role_exemplars()
    return InjuryReader(taxonomy, nlp, parser, embedder, model, memory, exemplars, ner)


def case_models(case: Case, workers: int = 1) -> PackagedModels:
    """The models named in ``case.toml`` [models], else the packaged ones; checked up front."""
    models = case.config.models
    path = embedding_model_path(models.embedding)
    return PackagedModels(
        embedding_path=str(path),
        spacy_model=models.spacy,
        threads=1 if workers > 1 else 0,
        precision=models.precision,
        runtime=models.runtime,
    )


def compute_flags(case: Case, lookback_years: int | None = None) -> FlagReport:
    """The case's flags as they stand (anything not yet indexed is indexed first)."""
    return CaseSession(case).flags(lookback_years)
