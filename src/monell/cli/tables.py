"""Rich tables for the terminal: what a paralegal reads after each command."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from rich.table import Table

from monell.app.shapes.complaints import conflict_line, copy_line
from monell.app.status import StatusReport
from monell.flags.review import review_state
from monell.index.search import SearchHit
from monell.records import IngestResult, StoredDocument
from monell.records.cite import cite_of
from monell.records.complaints import ComplaintReport
from monell.records.coverage import CoverageReport
from monell.records.flags import FlagReport, ImplicatedTopic, ReviewEntry, TopicStatus


def status_tables(report: StatusReport) -> list[Table]:
    case = report.case
    title = f"{case.name} — incident {case.incident_date.isoformat()}"
    if case.agency:
        title += f" — {case.agency}"
    productions = Table(title=title, title_justify="left")
    for column in (
        "Production",
        "Docs",
        "Pages",
        "OCR'd",
        "Needs OCR",
        "No Bates",
        "Failed",
        "Bates begin",
        "Bates end",
    ):
        productions.add_column(
            column, justify="right" if column[0] in "DPONF" and column != "Production" else "left"
        )
    for p in report.productions:
        productions.add_row(
            p.label,
            str(p.documents),
            str(p.pages),
            str(p.ocr_pages),
            str(p.needs_ocr_pages),
            str(p.pages_without_bates),
            str(len(p.failed)),
            p.bates_begin or "—",
            p.bates_end or "—",
        )
    tables = [productions]
    failed = [(p.label, f) for p in report.productions for f in p.failed]
    if failed:
        table = Table(title="Files that failed to load", title_justify="left")
        for column in ("Production", "File", "Reason"):
            table.add_column(column)
        for label, f in failed:
            table.add_row(label, f.path, f.reason)
        tables.append(table)
    if report.bates_gaps:
        table = Table(
            title="Bates gaps (pages missing between stamped pages)", title_justify="left"
        )
        for column in ("After", "Before", "Missing", "Productions"):
            table.add_column(column)
        for g in report.bates_gaps:
            where = (
                g.after_production
                if g.after_production == g.before_production
                else f"{g.after_production} → {g.before_production}"
            )
            table.add_row(g.after, g.before, str(g.missing), where)
        tables.append(table)
    if report.bates_duplicates:
        table = Table(title="Bates numbers stamped on more than one page", title_justify="left")
        for column in ("Bates", "Where"):
            table.add_column(column)
        for d in report.bates_duplicates:
            table.add_row(
                d.bates, "\n".join(f"{p.production}: {p.file} p.{p.page}" for p in d.pages)
            )
        tables.append(table)
    return tables


def documents_table(documents: list[StoredDocument]) -> Table:
    table = Table(title=f"{len(documents)} document(s)", title_justify="left")
    columns = (
        "ID",
        "File",
        "Production",
        "Pages",
        "Bates begin",
        "Bates end",
        "Type",
        "Dated",
        "Format",
        "Read by",
    )
    for column in columns:
        table.add_column(column, justify="right" if column in ("ID", "Pages") else "left")
    for d in documents:
        table.add_row(
            str(d.id),
            d.file_name + (f"\n(attachment of {d.parent_id})" if d.parent_id else ""),
            d.production,
            str(d.page_count),
            d.bates_begin or "—",
            d.bates_end or "—",
            _doc_type_cell(d),
            f"{d.key_date} ({d.key_date_role})" if d.key_date else "—",
            d.source_format + (f"\n{d.load_reference}" if d.load_reference else ""),
            d.method_summary,
        )
    return table


def _doc_type_cell(d: StoredDocument) -> str:
    if d.doc_type is None:
        return "not indexed"
    if d.doc_type_overridden:
        return f"{d.doc_type} (set by hand)"
    return f"{d.doc_type} ({d.doc_type_confidence:.0%})" if d.doc_type_confidence else d.doc_type


def ingest_summary(result: IngestResult) -> str:
    pages = sum(d.pages for d in result.added)
    ocr = sum(d.ocr_pages for d in result.added)
    needs = sum(d.needs_ocr_pages for d in result.added)
    parts = [
        f"{result.production}: {len(result.added)} document(s) added ({pages} pages"
        + (f", {ocr} OCR'd" if ocr else "")
        + (f", {needs} need OCR" if needs else "")
        + ")"
    ]
    if result.already_present:
        parts.append(f"{len(result.already_present)} already in the case (skipped)")
    if result.failed:
        parts.append(f"{len(result.failed)} failed")
    return ", ".join(parts) + "."


def search_table(query: str, hits: list[SearchHit]) -> Table:
    table = Table(
        title=f"{len(hits)} passage(s) for: {query}", title_justify="left", show_lines=True
    )
    for column in ("#", "Cite", "Type", "Section", "Passage", "Why"):
        table.add_column(column, overflow="fold")
    for hit in hits:
        p = hit.passage
        cite = f"{Path(p.file).name}\n" + (p.cite or f"p. {p.page}")
        cite += f"\n{p.bates}" if p.bates else ""
        if p.row_start is not None and not p.cite:
            cite += f"\nrows {p.row_start}-{p.row_end}"
        why = ", ".join(
            part
            for part in (
                f"meaning #{hit.dense_rank}" if hit.dense_rank else "",
                f"words #{hit.keyword_rank}" if hit.keyword_rank else "",
            )
            if part
        )
        snippet = " ".join(p.text.split())
        table.add_row(
            str(hit.rank),
            cite,
            p.doc_type,
            p.heading or "—",
            snippet[:400] + ("…" if len(snippet) > 400 else ""),
            why,
        )
    return table


VERDICT_STYLE = {"covered": "green", "thin": "yellow", "absent": "bold red"}


def coverage_table(report: CoverageReport) -> Table:
    """Topics × verdict, hours, policy verdict and the best cite (or why absent)."""
    table = Table(
        title=(
            f"Training coverage as of {report.as_of.isoformat()} — "
            f"{report.training_documents} training document(s), "
            f"{report.policy_documents} policy document(s)"
        ),
        title_justify="left",
        caption="The tool proposes; a person decides. `--json` has every quote and the "
        "record of absence.",
        caption_justify="left",
    )
    for column in ("Topic", "Training", "Hours", "Policy", "Best cite", "Why"):
        table.add_column(column, justify="right" if column == "Hours" else "left")
    for t in report.topics:
        best = t.evidence[0] if t.evidence else None
        cite = _cite_cell(best.segment) if best else "—"
        verdict = t.verdict.value
        table.add_row(
            t.topic,
            f"[{VERDICT_STYLE[verdict]}]{verdict}[/]",
            "—" if t.hours is None else f"{t.hours:g}",
            t.policy_verdict.value,
            cite,
            t.reason,
        )
    return table


def complaint_tables(report: ComplaintReport) -> list[Table]:
    """The records (prior first), then the notice pattern per topic."""
    records = Table(
        title=(
            f"{len(report.records)} complaint record(s) in {report.documents} document(s) — "
            f"incident {report.incident_date.isoformat()}, lookback {report.lookback_years} years"
        ),
        title_justify="left",
    )
    for column in (
        "Record",
        "Cite",
        "Event",
        "Received",
        "Officers",
        "Finding",
        "Topics",
        "Timing",
    ):
        records.add_column(column, overflow="fold")
    order = {"prior": 0, "undated": 1, "post": 2}
    for r in sorted(
        report.records,
        key=lambda r: (order[r.timing.value], r.event_date or r.received_date or date.max),
    ):
        timing = r.timing.value + (" (stale)" if r.stale else "") + (" (own)" if r.own else "")
        records.add_row(
            f"{r.record_id}\n{r.source_kind.value}",
            _cite_cell(r) + "".join(f"\nalso {copy_line(c)}" for c in r.copies),
            r.event_date.isoformat() if r.event_date else "—",
            r.received_date.isoformat() if r.received_date else "—",
            "; ".join(o.name for o in r.officers) or "—",
            r.disposition.value + "".join(f"\nconflict: {conflict_line(c)}" for c in r.conflicts),
            ", ".join(r.topics) or "—",
            timing,
        )
    patterns = Table(
        title="Notice pattern per topic (prior records within the lookback; post never counted)",
        title_justify="left",
        caption="The tool proposes; a person decides. `--json` has every record's text.",
        caption_justify="left",
    )
    for column in (
        "Topic",
        "Prior",
        "Sustained",
        "Findings",
        "First",
        "Last",
        "Repeat officers",
        "Defendants named",
        "Stale",
        "Post",
    ):
        right = column in ("Prior", "Sustained", "Stale", "Post")
        patterns.add_column(column, justify="right" if right else "left", overflow="fold")
    for p in report.patterns:
        patterns.add_row(
            p.topic,
            str(p.prior_count),
            str(p.sustained_count),
            ", ".join(f"{k} {v}" for k, v in p.by_disposition.items()) or "—",
            p.first.isoformat() if p.first else "—",
            p.last.isoformat() if p.last else "—",
            "; ".join(p.repeat_officers) or "—",
            "; ".join(p.defendant_officers) or "—",
            str(p.stale_count),
            str(p.post_count),
        )
    return [records, patterns]


STRENGTH_STYLE = {"strong": "bold red", "moderate": "yellow", "weak": "white"}


def flag_tables(report: FlagReport, history: Sequence[ReviewEntry] = ()) -> list[Table]:
    """The flags, strongest first; then the implicated topics whose training was covered."""
    flags = Table(
        title=f"Moving-force candidates — incident {report.incident_date.isoformat()}",
        title_justify="left",
        caption="Candidates for an attorney to weigh; `--json` has every cite. Rules: "
        "docs/METHODOLOGY.md.",
        caption_justify="left",
    )
    for column in ("Flag", "Strength", "Training", "Policy", "Prior", "Sustained", "Review", "Why"):
        flags.add_column(column, overflow="fold")
    for f in report.flags:
        p = f.pattern
        style = STRENGTH_STYLE[f.strength.value]
        review = review_state(f, history)
        status = review.status + (
            " (evidence changed since review)" if review.evidence_changed else ""
        )
        flags.add_row(
            f.id,
            f"[{style}]{f.strength.value}[/]",
            f.coverage.verdict.value,
            f.coverage.policy_verdict.value,
            str(p.prior_count if p else 0),
            str(p.sustained_count if p else 0),
            status,
            f.why
            + "".join(f" ({c})" for c in f.cautions)
            + "".join(f"\n{d.summary}" for d in f.defendants),
        )
    tables = [flags]
    if report.untrained:
        tables.append(_untrained_table(report))
    covered = Table(
        title="Topics the injury points to where training was covered", title_justify="left"
    )
    for column in ("Topic", "Best cite", "Note"):
        covered.add_column(column, overflow="fold")
    for c in report.covered:
        best = c.evidence[0].segment if c.evidence else None
        cite = cite_of(best) if best else "—"
        covered.add_row(
            c.topic,
            cite,
            "not a training gap: check whether the officer departed from the training",
        )
    return [*tables, covered] if report.covered else tables


def _untrained_table(report: FlagReport) -> Table:
    """Covered topics a defendant was not trained in: a candidate of its own kind."""
    table = Table(
        title="Covered program, untrained defendant (not a training gap)",
        title_justify="left",
        caption="The program covered the topic; these defendants were not trained in it "
        "before the incident. Rules: docs/METHODOLOGY.md.",
        caption_justify="left",
    )
    for column in ("Candidate", "Training", "Prior", "Defendants"):
        table.add_column(column, overflow="fold")
    for item in report.untrained:
        table.add_row(
            item.id,
            item.coverage.verdict.value,
            str(item.prior_count),
            "\n".join(d.summary for d in item.defendants),
        )
    return table


def _cite_cell(item: Any) -> str:
    """The citation, saying so when the page carries no Bates number."""
    return cite_of(item) if item.bates else f"{cite_of(item)} (no Bates)"


def topic_lines(topics: Sequence[ImplicatedTopic]) -> list[str]:
    """The implicated topics as lines: status, confidence, then each fact with its role."""
    if not topics:
        return ["No topic is implicated (monell injury show lists every fact and its role)."]
    lines = []
    for topic in topics:
        status = (
            ""
            if topic.status is TopicStatus.AUTO and not topic.reviewer
            else (
                f"  [{topic.status.value} by {topic.reviewer}: {topic.note or 'no note'}]"
                if topic.status is not TopicStatus.AUTO
                else f"  [kept by {topic.reviewer}: {topic.note or 'no note'}]"
            )
        )
        lines.append(f"{topic.topic}  {topic.confidence:.2f}{status}")
        for e in topic.evidence:
            how = "raises" if e.implicates else "supports"
            lines.append(f"    {how:8s} ({e.role.value}, {e.score:.2f}) {e.text}")
    return lines
