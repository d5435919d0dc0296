"""The other pages: coverage matrix, complaints and timeline, search, changes, and the
page view that shows a cited passage on its page image.

Pages are addressed by document id and page number, never by a path: the file drawn is
the one the case database stores for that document, and the image is cached in the case
folder under a name made of integers only.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from flask import Blueprint, abort, redirect, render_template, request, send_file, url_for
from markupsafe import Markup
from werkzeug.wrappers import Response

from monell.app.changes import LABELS, changes_since
from monell.app.shapes.search import DOC_TYPES, search_hit_json
from monell.errors import MonellError
from monell.index.search import search_passages
from monell.report.document import timeline_svg
from monell.store.web import PageSource, WebQueries
from monell.web.context import current_case, current_reports, state
from monell.web.highlight import find_spans, mark_text, pdf_boxes
from monell.web.images import cached_page_image
from monell.web.views import complaint_view, course_rows, coverage_rows

bp = Blueprint("browse", __name__)
SEARCH_RESULTS = 20
MAX_QUERY_CHARS = 500


@bp.get("/coverage")
def coverage() -> str:
    """Training and policy verdicts per topic as of the incident date, with notice."""
    analysis = current_reports()
    rows = coverage_rows(analysis.coverage, analysis.complaints, analysis.flags)
    return render_template("coverage.html", rows=rows, report=analysis.coverage)


@bp.get("/courses")
def courses() -> str:
    """The training history: each course, its sessions and status, and its topics."""
    analysis = current_reports()
    topics = {t.topic: t.name for t in analysis.coverage.topics}
    topic = request.args.get("topic") or None
    if topic is not None and topic not in topics:
        abort(404, f"No topic '{topic}' in this case's taxonomy.")
    ids = WebQueries(current_case().store).document_ids()
    rows = course_rows(analysis.coverage, ids, topic)
    return render_template(
        "courses.html", rows=rows, topics=topics, topic=topic, report=analysis.coverage
    )


@bp.get("/complaints")
def complaints() -> str:
    """Complaint records around the incident (the report's timeline) and patterns."""
    report = current_reports().complaints
    data = complaint_view(report)
    svg = timeline_svg(data["records"], report.incident_date) if data["records"] else ""
    return render_template("complaints.html", data=data, timeline=Markup(svg))


@bp.get("/search")
def search() -> str:
    """The case's hybrid search (meaning + exact words), each result linked to its page."""
    query = request.args.get("q", "").strip()[:MAX_QUERY_CHARS]
    doc_types = tuple(t for t in request.args.getlist("type") if t in DOC_TYPES)
    results: list[dict[str, Any]] = []
    error = ""
    if query:
        case = current_case()
        try:
            index = state().index.get(case)
            embedder = state().models(case).embedder()
            hits = search_passages(case.store, index, embedder, query, SEARCH_RESULTS, doc_types)
            for hit in hits:
                results.append({**search_hit_json(hit), "document_id": hit.passage.document_id})
        except MonellError as problem:
            error = str(problem)
    return render_template(
        "search.html",
        query=query,
        results=results,
        error=error,
        doc_types=DOC_TYPES,
        chosen=doc_types,
    )


@bp.get("/changes")
def changes() -> str:
    """What the latest volume changed (or every volume since one), from the snapshots."""
    snapshots = [(i, p, t, json.loads(d)) for i, p, t, d in current_case().store.snapshots()]
    labels = list(dict.fromkeys(s[1] for s in snapshots))
    since = request.args.get("since") or None
    since = since if since in labels else None
    found = changes_since(snapshots, since)
    for change in found:
        change["label"] = LABELS.get(change["kind"], change["kind"])
    return render_template(
        "changes.html", changes=found, snapshots=snapshots, labels=labels, since=since
    )


@bp.get("/passages/<int:passage_id>")
def passage(passage_id: int) -> Response:
    """A passage's page, with the passage highlighted."""
    place = current_case().store.passages_by_id([passage_id]).get(passage_id)
    if place is None:
        abort(404, "No such passage (the document may have been re-indexed or removed).")
    target = url_for(
        "browse.page",
        document_id=place.document_id,
        page_number=place.page,
        passage=passage_id,
    )
    return redirect(target)


@bp.get("/documents/<int:document_id>/pages/<int:page_number>")
def page(document_id: int, page_number: int) -> str:
    """One page: its image with the cited passage boxed, or its text with it marked."""
    queries = WebQueries(current_case().store)
    source = _source(queries, document_id, page_number)
    passage_id = request.args.get("passage", type=int)
    quote = _quote(source, passage_id, request.args.get("record", ""))
    drawable = cached_page_image(state().case_dir, source) is not None
    boxes = None
    if drawable and quote and source.method == "text":
        boxes = pdf_boxes(Path(source.path), page_number, quote)
    spans = find_spans(source.text, quote) if quote else []
    return render_template(
        "page.html",
        source=source,
        drawable=drawable,
        boxes=boxes or [],
        quote=quote,
        located=bool(boxes) or bool(spans),
        runs=mark_text(source.text, spans),
        show_text=not drawable or source.method == "ocr" or (bool(quote) and not boxes),
        passage_id=passage_id,
    )


@bp.get("/documents/<int:document_id>/pages/<int:page_number>.png")
def page_image(document_id: int, page_number: int) -> Response:
    source = _source(WebQueries(current_case().store), document_id, page_number)
    image = cached_page_image(state().case_dir, source)
    if image is None:
        abort(404, "This page has no image (its format is shown as text).")
    response = send_file(image, mimetype="image/png", max_age=0)
    response.headers["Cache-Control"] = "private, no-cache"
    return response


def _quote(source: PageSource, passage_id: int | None, record: str) -> str:
    """The text to highlight: a stored passage's, or a complaint record's, when it belongs
    to this document (a link never carries the text itself)."""
    if passage_id is not None:
        place = current_case().store.passages_by_id([passage_id]).get(passage_id)
        here = (source.document_id, source.page_number)
        return place.text if place and (place.document_id, place.page) == here else ""
    if record:
        for found in current_reports().complaints.records:
            if (found.document_id, found.record_id) == (source.document_id, record):
                return found.text
    return ""


def _source(queries: WebQueries, document_id: int, page_number: int) -> PageSource:
    source = queries.page_source(document_id, page_number)
    if source is None:
        abort(404, f"No page {page_number} in document {document_id}.")
    return source
