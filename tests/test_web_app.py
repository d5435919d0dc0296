"""The review app through Flask's test client: the token and session, CSRF, the Host check,
paths that must not escape the case, the 409 rule for stale decisions, and the pages.

The case is real (PDFs ingested and indexed with the fake embedder and blank spaCy); the
analysis is built from records by the pure flag rules (``FakeAnalysis``), so no test here
loads a real model. ``test_web_browser.py`` reuses ``build_review_case``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

import pytest
from conftest import FakeModels, FakeOcr
from flask import Flask
from flask.testing import FlaskClient

from fixturekit.pages import PageSpec, build_pdf
from monell.app.decisions import record_decision
from monell.app.workspace import Case, init_case, open_case
from monell.complaints.notice import assign_timing, build_patterns
from monell.coverage.taxonomy import Topic
from monell.errors import ModelMissing
from monell.flags.rules import build_flag
from monell.index.update import update_index
from monell.ingest.run import ingest_paths
from monell.records.complaints import ComplaintRecord, ComplaintReport, Disposition
from monell.records.coverage import (
    AbsenceRecord,
    Course,
    CourseStatus,
    CoverageReport,
    Depth,
    SearchedDocument,
    Segment,
    Session,
    TopicCoverage,
    TopicHit,
    Verdict,
)
from monell.records.flags import FlagReport, InjuryFact
from monell.store import utc_now
from monell.web.app import create_app
from monell.web.context import CaseReports
from monell.web.security import Guard

INCIDENT = date(2021, 6, 14)
PRONE = "F-prone_restraint_positional_asphyxia"
LESSON_CITE = "lesson.pdf p.1 RIV0000001"
COURSES = (
    Course(
        key="pr-7", codes=("PR-7",), title="Positional Asphyxia Awareness",
        sessions=(Session(None, None, CourseStatus.PLANNED, "not scheduled", LESSON_CITE),),
        status=CourseStatus.PLANNED, exclusions={}, hours=2.0,
        cites=(LESSON_CITE, "retired.pdf p.4 RIV0000404"), documents=("lesson.pdf",),
        segment_keys=(), topics={"prone_restraint_positional_asphyxia": "teaches"},
    ),
)  # fmt: skip
MEDICAL = "F-medical_aid_detainees"
LESSON = (
    "RIVERTON POLICE ACADEMY - LESSON PLAN: ARREST AND CONTROL",
    "Course Date: 03/01/2019",
    "Recruits watch a fifteen minute awareness video on positional asphyxia and are",
    "reminded to roll a handcuffed subject onto the side once the subject is controlled.",
)
IA_RECORDS = (
    (
        "IA #2019-0101",
        date(2019, 4, 2),
        Disposition.NOT_SUSTAINED,
        (
            "IA #2019-0101",
            "Date of Incident: 04/02/2019",
            "Allegation: officers knelt on his back while he was handcuffed face down",
            "Finding: Not Sustained",
        ),
    ),
    (
        "IA #2020-0044",
        date(2020, 8, 19),
        Disposition.SUSTAINED,
        (
            "IA #2020-0044",
            "Date of Incident: 08/19/2020",
            "Allegation: held prone with a knee on his back until he passed out",
            "Finding: Sustained",
        ),
    ),
)
SCAN_TEXT = "ROLL CALL TRAINING LOG prone restraint video shown to Officer Pruitt"
INJURY = "Officers held Mr. Doe face-down with a knee on his back until he could not breathe."


@dataclass
class FakeAnalysis:
    """The analysis of the review case, from records; ``moved`` drops a prior complaint
    (as a corrected document type would), which changes the flag's evidence."""

    case: ReviewCase
    calls: int = 0
    moved: bool = False

    def __call__(self, case: Case) -> CaseReports:
        self.calls += 1
        return build_reports(self.case, self.moved)


@dataclass
class ReviewCase:
    folder: Path
    lesson_id: int
    ia_id: int
    scan_id: int
    lesson_passage: int
    scan_passage: int
    passages: dict[int, tuple[int, int, str]] = field(default_factory=dict)  # id → doc, page, text


def build_review_case(root: Path) -> ReviewCase:
    """Three documents (a lesson plan, an IA log, a scanned training log) in a real case."""
    folder = root / "case"
    init_case(folder, INCIDENT.isoformat(), agency="Riverton PD", name="Doe v. Riverton")
    lines = tuple(line for _, _, _, record in IA_RECORDS for line in record)
    build_pdf(root / "VOL001" / "lesson.pdf", [PageSpec(lines=LESSON, bates="RIV0000001")])
    build_pdf(root / "VOL001" / "ia_log.pdf", [PageSpec(lines=lines, bates="RIV0000101")])
    build_pdf(
        root / "VOL001" / "scan.pdf",
        [PageSpec(lines=(SCAN_TEXT,), bates="RIV0000201", image_only=True)],
    )
    with open_case(folder) as case:
        ingest_paths(
            case.store, [root / "VOL001"], "VOL001", {"workers": 1}, ocr=FakeOcr(SCAN_TEXT)
        )
        update_index(case.store, case.index_dir, FakeModels())
        case.store.set_injury(INJURY, "--text")
        ids = {Path(d.path).name: d.id for d in case.store.list_documents()}
        rows = case.store.passages_by_id(case.store.vector_ids())
        review = ReviewCase(folder, ids["lesson.pdf"], ids["ia_log.pdf"], ids["scan.pdf"], 0, 0)
        review.passages = {pid: (r.document_id, r.page, r.text) for pid, r in rows.items()}
        review.lesson_passage = min(p for p, r in rows.items() if r.document_id == review.lesson_id)
        review.scan_passage = min(p for p, r in rows.items() if r.document_id == review.scan_id)
        case.store.add_snapshot("VOL001", '{"coverage": {}, "flags": {}}')
        case.store.add_snapshot(
            "VOL002",
            json.dumps(
                {
                    "coverage": {},
                    "flags": {
                        PRONE: {
                            "strength": "moderate",
                            "evidence_hash": "x",
                            "prior_count": 2,
                            "training_verdict": "thin",
                        }
                    },
                }
            ),
        )
    return review


def _topic(topic_id: str, name: str) -> Topic:
    return Topic(
        id=topic_id, name=name, elements=(1,), single_incident=False, description=name,
        coverage_exemplars=(), injury_exemplars=(), lexical_patterns=(), authorities=(),
        source="test",
    )  # fmt: skip


def _hit(review: ReviewCase, passage_id: int, topic: str, depth: Depth) -> TopicHit:
    document_id, page, text = review.passages[passage_id]
    name = {review.lesson_id: "lesson.pdf", review.scan_id: "scan.pdf"}[document_id]
    segment = Segment(
        key=f"p{passage_id}", passage_id=passage_id, document_id=document_id, file=name,
        production="VOL001", page=page, bates=None, doc_type="lesson_plan", heading=None,
        text=text, quote=text, is_row=False, date=date(2019, 3, 1), date_source="document",
        hours=0.25, course=None, stored_vector=True,
    )  # fmt: skip
    return TopicHit(topic, segment, 0.81, 0.2, depth, ("asphyxia",), 0.7, ("awareness item",))


def build_reports(review: ReviewCase, moved: bool = False) -> CaseReports:
    prone = _topic("prone_restraint_positional_asphyxia", "Prone Restraint and Positional Asphyxia")
    medical = _topic("medical_aid_detainees", "Medical Care for Arrestees/Detainees")
    records = [
        assign_timing(
            ComplaintRecord(
                record_id=rid,
                document_id=review.ia_id,
                file="ia_log.pdf",
                page=1,
                bates="RIV0000101",
                doc_type="complaint_file",
                event_date=day,
                received_date=None,
                closed_date=None,
                officers=(),
                complainant=None,
                narrative=lines[2],
                disposition=finding,
                disposition_text=lines[3],
                discipline=None,
                text="\n".join(lines),
                topics=(prone.id,),
            ),
            INCIDENT,
            5,
        )  # fmt: skip
        for rid, day, finding, lines in IA_RECORDS[: 1 if moved else 2]
    ]
    thin = TopicCoverage(
        prone.id, prone.name, Verdict.THIN, Verdict.ABSENT, 0.25,
        (_hit(review, review.lesson_passage, prone.id, Depth.MENTIONS),), (), (), None,
        "only an awareness video",
    )  # fmt: skip
    searched = SearchedDocument("lesson.pdf", "VOL001", "lesson_plan", "RIV0000001", "RIV0000001",
                                1, date(2019, 3, 1), ())  # fmt: skip
    absence = AbsenceRecord(
        (searched,), (), ("medical aid",), ("render first aid",), "fake", {"relevance": 0.5},
        (_hit(review, review.scan_passage, medical.id, Depth.MENTIONS),),
    )  # fmt: skip
    absent = TopicCoverage(
        medical.id, medical.name, Verdict.ABSENT, Verdict.ABSENT, None, (), (), (), absence,
        "nothing in the training",
    )  # fmt: skip
    fact = InjuryFact(
        INJURY, 0, len(INJURY), {prone.id: 0.9, medical.id: 0.6}, (prone.id, medical.id)
    )
    patterns = {p.topic: p for p in build_patterns(records, [prone, medical])}
    flags = [
        build_flag(prone, thin, patterns.get(prone.id), records, [fact]),
        build_flag(medical, absent, patterns.get(medical.id), records, [fact]),
    ]
    return CaseReports(
        coverage=CoverageReport(INCIDENT, (thin, absent), 2, 0, "fake", courses=COURSES),
        complaints=ComplaintReport(INCIDENT, 5, tuple(records), tuple(patterns.values()), 1),
        flags=FlagReport(INCIDENT, INJURY, (fact,), tuple(f for f in flags if f), ()),
        computed_at=utc_now(),
    )


# -- fixtures and helpers --------------------------------------------------------------


@pytest.fixture(scope="module")
def review_case(tmp_path_factory: pytest.TempPathFactory) -> ReviewCase:
    return build_review_case(tmp_path_factory.mktemp("web"))


@pytest.fixture
def fresh_case(tmp_path: Path) -> ReviewCase:
    """A case of its own, for tests that write decisions."""
    return build_review_case(tmp_path / "own")


def make_app(review: ReviewCase) -> tuple[Flask, Guard, FakeAnalysis]:
    guard, analysis = Guard(), FakeAnalysis(review)
    app = create_app(review.folder, guard=guard, analyse=analysis, models=lambda _: FakeModels())
    return app, guard, analysis


def login(app: Flask, guard: Guard) -> FlaskClient:
    client = app.test_client()
    response = client.get(f"/?token={guard.token}")
    assert response.status_code == 303
    return client


def form_fields(html: str) -> dict[str, str]:
    return dict(re.findall(r'name="(csrf_token|seen)" value="([^"]*)"', html))


# -- the token, the session and the Host check ------------------------------------------


def test_a_request_without_the_token_is_refused(review_case: ReviewCase) -> None:
    app, _, _ = make_app(review_case)
    client = app.test_client()
    for path in ("/", "/flags", f"/flags/{PRONE}", "/static/app.css", "/coverage"):
        response = client.get(path)
        assert response.status_code == 403, path
        assert "monell serve" in response.get_data(as_text=True)


def test_the_token_opens_a_session_cookie_and_is_dropped_from_the_url(
    review_case: ReviewCase,
) -> None:
    app, guard, _ = make_app(review_case)
    client = app.test_client()
    response = client.get(f"/flags?sort=topic&token={guard.token}")
    assert response.status_code == 303 and response.headers["Location"] == "/flags?sort=topic"
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith(guard.cookie_name + "=")
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie
    assert guard.token not in cookie  # the cookie is a session, not the token itself
    assert client.get("/flags").status_code == 200


@pytest.mark.parametrize(
    "cookie",
    ["", "forged", "abc.def", "abc." + "0" * 64],
    ids=["empty", "no-signature", "bad-signature", "zero-signature"],
)
def test_a_wrong_token_or_forged_cookie_is_refused(review_case: ReviewCase, cookie: str) -> None:
    app, guard, _ = make_app(review_case)
    client = app.test_client()
    assert client.get(f"/?token={guard.token}x").status_code == 403
    client.set_cookie(guard.cookie_name, cookie)
    assert client.get("/flags").status_code == 403


def test_a_session_from_another_run_is_refused(review_case: ReviewCase) -> None:
    app, guard, _ = make_app(review_case)
    other = Guard(token=guard.token)  # same token, new run key: an old cookie is dead
    client = app.test_client()
    client.set_cookie(guard.cookie_name, other.new_session())
    assert client.get("/flags").status_code == 403


def test_a_foreign_host_header_is_refused(review_case: ReviewCase) -> None:
    app, guard, _ = make_app(review_case)
    client = login(app, guard)
    assert client.get("/flags", headers={"Host": "evil.example:8765"}).status_code == 403
    loopback = app.test_client().get(f"/?token={guard.token}", base_url="http://127.0.0.1:8765")
    assert loopback.status_code == 303


def test_pages_carry_a_strict_policy_and_load_nothing_from_elsewhere(
    review_case: ReviewCase,
) -> None:
    app, guard, _ = make_app(review_case)
    client = login(app, guard)
    for path in ("/flags", f"/flags/{PRONE}", "/coverage", "/complaints", "/changes"):
        response = client.get(path)
        assert response.status_code == 200, path
        policy = response.headers["Content-Security-Policy"]
        assert "default-src 'none'" in policy and "script-src 'self'" in policy
        assert response.headers["Cache-Control"] == "no-store"
        html = response.get_data(as_text=True)
        assert not re.search(r'(src|href|action)="(https?:)?//', html), path


# -- CSRF and decisions ----------------------------------------------------------------------


def _decide(client: FlaskClient, flag: str = PRONE, **fields: str) -> tuple[int, str]:
    page = client.get(f"/flags/{flag}").get_data(as_text=True)
    form = {
        "decision": "confirmed",
        "reviewer": "J. Ortiz",
        "note": "BWC 04:10",
        **form_fields(page),
    }
    form.update(fields)
    response = client.post(f"/flags/{flag}/decide", data=form)
    return response.status_code, response.get_data(as_text=True)


@pytest.mark.parametrize("csrf", [None, "", "0" * 64], ids=["missing", "empty", "wrong"])
def test_a_post_without_the_right_csrf_token_is_refused_and_writes_nothing(
    fresh_case: ReviewCase, csrf: str | None
) -> None:
    app, guard, _ = make_app(fresh_case)
    client = login(app, guard)
    fields = {"csrf_token": csrf} if csrf is not None else {}
    page = client.get(f"/flags/{PRONE}").get_data(as_text=True)
    form = {"decision": "confirmed", "reviewer": "JO", "seen": form_fields(page)["seen"], **fields}
    assert client.post(f"/flags/{PRONE}/decide", data=form).status_code == 403
    with open_case(fresh_case.folder) as case:
        assert case.store.review_history() == []


def test_another_sessions_csrf_token_does_not_work(fresh_case: ReviewCase) -> None:
    app, guard, _ = make_app(fresh_case)
    mine, theirs = login(app, guard), login(app, guard)
    their_form = form_fields(theirs.get(f"/flags/{PRONE}").get_data(as_text=True))
    status, _ = _decide(mine, csrf_token=their_form["csrf_token"])
    assert status == 403


def test_a_post_from_another_site_is_refused(fresh_case: ReviewCase) -> None:
    app, guard, _ = make_app(fresh_case)
    client = login(app, guard)
    page = client.get(f"/flags/{PRONE}").get_data(as_text=True)
    form = {"decision": "confirmed", "reviewer": "JO", **form_fields(page)}
    response = client.post(
        f"/flags/{PRONE}/decide", data=form, headers={"Origin": "http://evil.example"}
    )
    assert response.status_code == 403


def test_a_decision_is_written_to_the_review_log_the_cli_reads(fresh_case: ReviewCase) -> None:
    app, guard, _ = make_app(fresh_case)
    client = login(app, guard)
    page = client.get(f"/flags/{PRONE}").get_data(as_text=True)
    form = {"decision": "follow_up", "reviewer": " K. Lee ", "note": "get rosters",
            **form_fields(page)}  # fmt: skip
    response = client.post(f"/flags/{PRONE}/decide", data=form)
    assert response.status_code == 303
    assert response.headers["Location"] == f"/flags/{PRONE}?done=follow_up"
    shown = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Recorded: follow up" in shown and "get rosters" in shown
    with open_case(fresh_case.folder) as case:
        [entry] = case.store.review_history(PRONE)
    assert (entry.decision, entry.reviewer, entry.note) == ("follow_up", "K. Lee", "get rosters")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"reviewer": "  "}, "Enter your name"),
        ({"decision": "maybe"}, "Choose Confirm, Reject or Follow up"),
        ({"seen": ""}, "reload the page"),
        ({"note": "x" * 5000}, "too long"),
    ],
    ids=["no-reviewer", "unknown-decision", "no-state", "note-too-long"],
)
def test_a_bad_decision_form_is_refused_with_a_message(
    fresh_case: ReviewCase, fields: dict[str, str], message: str
) -> None:
    app, guard, _ = make_app(fresh_case)
    status, html = _decide(login(app, guard), **fields)
    assert status == 400 and message in html
    with open_case(fresh_case.folder) as case:
        assert case.store.review_history() == []


def test_a_decision_on_a_flag_another_reviewer_decided_meanwhile_is_refused(
    fresh_case: ReviewCase,
) -> None:
    app, guard, analysis = make_app(fresh_case)
    client = login(app, guard)
    page = client.get(f"/flags/{PRONE}").get_data(as_text=True)  # the state as of page load
    with open_case(fresh_case.folder) as case:  # meanwhile, someone decides (CLI or app)
        record_decision(case.store, analysis(case).flags, PRONE, "rejected", "A. B.", "")
    form = {"decision": "confirmed", "reviewer": "JO", "note": "mine", **form_fields(page)}
    response = client.post(f"/flags/{PRONE}/decide", data=form)
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "changed since you opened it" in html and "nothing was recorded" in html
    assert ">mine</textarea>" in html  # what the reviewer typed is kept
    assert form_fields(html)["seen"] != form["seen"]  # the page now shows the new state
    with open_case(fresh_case.folder) as case:
        assert [e.decision for e in case.store.review_history(PRONE)] == ["rejected"]


def test_a_decision_on_a_flag_whose_evidence_changed_since_page_load_is_refused(
    fresh_case: ReviewCase,
) -> None:
    app, guard, analysis = make_app(fresh_case)
    client = login(app, guard)
    page = client.get(f"/flags/{PRONE}").get_data(as_text=True)
    analysis.moved = True  # a corrected document type drops a prior complaint …
    with open_case(fresh_case.folder) as case:  # … and the case records the correction
        case.store.set_type_override(fresh_case.ia_id, "complaint_file")
    form = {"decision": "confirmed", "reviewer": "JO", **form_fields(page)}
    assert client.post(f"/flags/{PRONE}/decide", data=form).status_code == 409
    with open_case(fresh_case.folder) as case:
        assert case.store.review_history() == []
    status, _ = _decide(client)  # reloaded, the same decision goes through
    assert status == 303


def test_reviewing_never_reruns_the_analysis_but_a_case_change_does(
    fresh_case: ReviewCase,
) -> None:
    app, guard, analysis = make_app(fresh_case)
    client = login(app, guard)
    for path in ("/flags", f"/flags/{PRONE}", "/coverage", "/complaints"):
        client.get(path)
    assert _decide(client)[0] == 303
    client.get("/flags")
    assert analysis.calls == 1
    with open_case(fresh_case.folder) as case:
        case.store.set_type_override(fresh_case.lesson_id, "lesson_plan")
    client.get("/flags")
    assert analysis.calls == 2


# -- paths and page images ------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/documents/999/pages/1.png",
        "/documents/{lesson}/pages/0.png",
        "/documents/{lesson}/pages/2.png",
        "/documents/-1/pages/1.png",
        "/documents/{lesson}/pages/1.jpg",
        "/documents/..%2f..%2fmonell.db/pages/1.png",
        "/documents/{lesson}/pages/1.png/../../../monell.db",
        "/documents/%2fetc%2fpasswd/pages/1",
        "/static/../monell.db",
        "/static/..%2f..%2f..%2fmonell.db",
        "/static/%2e%2e/app.py",
        "/cache/pages/{lesson}-1-110.png",
        "/monell.db",
        "/case.toml",
        "/flags/..%2f..%2fmonell.db",
        "/flags/F-NOT_A_FLAG",
    ],
)
def test_no_url_reads_anything_but_a_page_of_a_stored_document(
    review_case: ReviewCase, path: str
) -> None:
    app, guard, _ = make_app(review_case)
    client = login(app, guard)
    response = client.get(path.format(lesson=review_case.lesson_id))
    assert response.status_code == 404
    assert b"SQLite format" not in response.data and b"[models]" not in response.data


def test_a_page_image_is_rendered_once_into_the_case_cache(review_case: ReviewCase) -> None:
    app, guard, _ = make_app(review_case)
    client = login(app, guard)
    url = f"/documents/{review_case.lesson_id}/pages/1.png?path=/etc/passwd"  # ignored
    response = client.get(url)
    assert response.status_code == 200 and response.mimetype == "image/png"
    assert response.data.startswith(b"\x89PNG")
    cached = review_case.folder / "cache" / "pages" / f"{review_case.lesson_id}-1-110.png"
    assert cached.read_bytes() == response.data
    stamp = cached.stat().st_mtime_ns
    client.get(url)
    assert cached.stat().st_mtime_ns == stamp
    assert not list(cached.parent.glob("*.partial"))


def test_a_produced_file_replaced_after_loading_is_never_drawn(fresh_case: ReviewCase) -> None:
    app, guard, _ = make_app(fresh_case)
    client = login(app, guard)
    build_pdf(fresh_case.folder.parent / "VOL001" / "lesson.pdf", [PageSpec(lines=("Other",))])
    assert client.get(f"/documents/{fresh_case.lesson_id}/pages/1.png").status_code == 404
    html = client.get(f"/passages/{fresh_case.lesson_passage}", follow_redirects=True).text
    assert "has changed since it was loaded" in html and "<mark>" in html  # the stored text
    assert not (fresh_case.folder / "cache" / "pages").exists()


def test_a_cited_passage_is_boxed_on_a_text_page_image(review_case: ReviewCase) -> None:
    app, guard, _ = make_app(review_case)
    client = login(app, guard)
    response = client.get(f"/passages/{review_case.lesson_passage}")
    assert response.status_code == 302
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    boxes = re.findall(r'<rect class="hl" x="([\d.]+)" y="([\d.]+)"', html)
    assert boxes and all(0 <= float(x) < 100 and 0 <= float(y) < 100 for x, y in boxes)
    assert f'src="/documents/{review_case.lesson_id}/pages/1.png"' in html
    assert "<mark>" not in html  # located on the image: no text fallback needed


def test_an_ocr_page_shows_its_text_with_the_passage_marked_beside_the_image(
    review_case: ReviewCase,
) -> None:
    app, guard, _ = make_app(review_case)
    client = login(app, guard)
    url = f"/documents/{review_case.scan_id}/pages/1?passage={review_case.scan_passage}"
    html = client.get(url).get_data(as_text=True)
    assert "read by OCR" in html and "<mark>" in html and 'class="hl"' not in html
    assert f'src="/documents/{review_case.scan_id}/pages/1.png"' in html


def test_a_complaint_record_is_highlighted_by_its_record_id(review_case: ReviewCase) -> None:
    app, guard, _ = make_app(review_case)
    client = login(app, guard)
    base = f"/documents/{review_case.ia_id}/pages/1"
    html = client.get(f"{base}?record=IA+%232020-0044").get_data(as_text=True)
    assert 'class="hl"' in html
    assert 'class="hl"' not in client.get(f"{base}?record=IA+%239999").get_data(as_text=True)


# -- the pages -------------------------------------------------------------------------------


def test_the_flags_list_filters_and_sorts(review_case: ReviewCase) -> None:
    app, guard, _ = make_app(review_case)
    client = login(app, guard)

    def shown(query: str) -> list[str]:
        html = client.get(f"/flags{query}").get_data(as_text=True)
        return re.findall(r'<tr data-flag="([^"]+)"', html)

    assert shown("") == [PRONE, MEDICAL]  # strongest first
    assert shown("?verdict=absent") == [MEDICAL]
    assert shown("?strength=weak") == [MEDICAL]
    assert shown("?q=prone") == [PRONE]
    assert shown("?sort=topic") == [MEDICAL, PRONE]
    assert shown("?status=confirmed") == []
    assert shown("?sort=nonsense") == [PRONE, MEDICAL]


def test_without_an_injury_the_flags_page_says_how_to_set_it(review_case: ReviewCase) -> None:
    def no_injury(case: Case) -> CaseReports:
        return replace(build_reports(review_case), flags=None)

    guard = Guard()
    app = create_app(review_case.folder, guard=guard, analyse=no_injury)
    client = login(app, guard)
    assert "monell injury set" in client.get("/flags").text
    assert client.get(f"/flags/{PRONE}").status_code == 404
    assert client.get("/coverage").status_code == 200


def test_an_analysis_that_cannot_run_is_shown_as_one_message(review_case: ReviewCase) -> None:
    def broken(case: Case) -> CaseReports:
        raise ModelMissing("the embedding model is not installed", "/models/minilm")

    guard = Guard()
    client = login(create_app(review_case.folder, guard=guard, analyse=broken), guard)
    response = client.get("/flags")
    assert response.status_code == 500
    assert (
        "the embedding model is not installed" in response.text and "Traceback" not in response.text
    )


def test_the_flag_page_shows_the_evidence_chain_with_links_to_pages(
    review_case: ReviewCase,
) -> None:
    app, guard, _ = make_app(review_case)
    client = login(app, guard)
    html = client.get(f"/flags/{PRONE}").get_data(as_text=True)
    assert INJURY in html and "IA #2019-0101" in html and "IA #2020-0044" in html
    link = f"/documents/{review_case.lesson_id}/pages/1?passage={review_case.lesson_passage}"
    assert link in html
    assert f"/documents/{review_case.ia_id}/pages/1?record=IA+%232019-0101" in html
    medical = client.get(f"/flags/{MEDICAL}").get_data(as_text=True)
    assert "Record of absence" in medical and "Nearest misses" in medical


def test_coverage_complaints_changes_and_search_pages(review_case: ReviewCase) -> None:
    app, guard, _ = make_app(review_case)
    client = login(app, guard)
    coverage = client.get("/coverage").get_data(as_text=True)
    assert "Prone Restraint and Positional Asphyxia" in coverage and "thin" in coverage
    complaints = client.get("/complaints").get_data(as_text=True)
    assert "<svg" in complaints and "incident 2021-06-14" in complaints
    changes = client.get("/changes").get_data(as_text=True)
    assert "flag opened" in changes and PRONE in changes
    found = client.get("/search?q=positional+asphyxia+video").get_data(as_text=True)
    assert f"/documents/{review_case.lesson_id}/pages/1?passage=" in found
    assert "lesson.pdf" in found
    empty = client.get("/search?q=").get_data(as_text=True)
    assert "Nothing found" not in empty


def test_the_courses_page_lists_each_course_with_its_status_and_linked_cites(
    review_case: ReviewCase,
) -> None:
    app, guard, _ = make_app(review_case)
    client = login(app, guard)
    page = client.get("/courses").get_data(as_text=True)
    assert "Positional Asphyxia Awareness" in page and "planned" in page
    assert f"/documents/{review_case.lesson_id}/pages/1" in page  # a cite in the case is a link
    assert "retired.pdf p.4 RIV0000404" in page  # a file not in the case is shown, unlinked
    only = client.get("/courses?topic=medical_aid_detainees").get_data(as_text=True)
    assert "Positional Asphyxia Awareness" not in only and "No course on" in only
    assert client.get("/courses?topic=neck_holds").status_code == 404
