"""The review app in a real browser: Debian's Chromium driven by Playwright.

A paralegal opens the token link, opens a flag, sees the cited passage boxed on the page
image, confirms the flag with a note, and the decision is in `monell review show`. A
request without the token, a form without its CSRF token and a stale decision are
refused. The server is the real app on a werkzeug server in a background thread.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from test_web_app import MEDICAL, PRONE, FakeAnalysis, ReviewCase, build_review_case, make_app
from werkzeug.serving import make_server

from monell.app.decisions import record_decision
from monell.app.workspace import open_case
from monell.cli import main
from monell.web.security import Guard

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="Debian's Chromium is not installed (apt-get install -y chromium)",
    ),
]
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (python) is not installed")
expect = sync_api.expect


@dataclass(frozen=True)
class Served:
    review: ReviewCase
    guard: Guard
    analysis: FakeAnalysis
    url: str

    @property
    def link(self) -> str:
        """The link `monell serve` prints."""
        return f"{self.url}/?token={self.guard.token}"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    review = build_review_case(tmp_path_factory.mktemp("browser"))
    app, guard, analysis = make_app(review)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Served(review, guard, analysis, f"http://127.0.0.1:{server.server_port}")
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox"]
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh browser profile (no cookies) per test."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def _history(folder: Path, flag: str) -> list[tuple[str, str, str]]:
    with open_case(folder) as case:
        return [(e.decision, e.reviewer, e.note) for e in case.store.review_history(flag)]


def test_a_paralegal_confirms_a_flag_after_seeing_the_highlighted_page(
    served: Served, page: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page.goto(served.link)
    assert page.url == served.url + "/"  # the token left the address bar
    expect(page.locator("tr[data-flag]")).to_have_count(2)
    page.click(f"tr[data-flag='{PRONE}'] a")
    expect(page.locator("h1")).to_contain_text("Prone Restraint")

    page.click("ul.hits a.cite >> nth=0")  # the training evidence's cite
    expect(page.locator("svg.overlay rect.hl").first).to_be_attached()
    image = page.locator("figure.page img")
    expect(image).to_be_visible()
    assert image.evaluate("img => img.complete && img.naturalWidth") > 500
    overlay = page.locator("svg.overlay").bounding_box()
    drawn = image.bounding_box()
    assert overlay == pytest.approx(drawn, abs=1)  # the boxes sit exactly over the page
    page.go_back()

    page.fill("input[name=reviewer]", "J. Ortiz")
    page.fill("textarea[name=note]", "Only a 15-minute awareness video; matches BWC 04:10")
    page.click("button[value=confirmed]")
    expect(page.locator("p.notice")).to_contain_text("Recorded: confirmed")
    expect(page.locator("ol.log li").first).to_contain_text("awareness video")
    shot = tmp_path / "flag-page.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000

    # The same audit log the CLI reads (its flags computed by the same fake analysis).
    monkeypatch.setattr(
        "monell.app.session.compute_flags",
        lambda case, lookback_years=5: served.analysis(case).flags,
    )
    result = CliRunner().invoke(
        main, ["review", "show", PRONE, "--case", str(served.review.folder), "--json"]
    )
    assert result.exit_code == 0, result.output
    shown = json.loads(result.stdout)
    assert shown["review_status"] == "confirmed"
    assert shown["history"][-1]["reviewer"] == "J. Ortiz"
    assert shown["history"][-1]["note"].startswith("Only a 15-minute awareness video")


def test_a_browser_without_the_token_is_refused(served: Served, page: Any) -> None:
    response = page.goto(f"{served.url}/flags/{PRONE}")
    assert response.status == 403
    expect(page.locator("body")).to_contain_text("monell serve")
    assert page.goto(f"{served.url}/?token=not-the-token").status == 403


def test_a_form_posted_without_its_csrf_token_is_refused(served: Served, page: Any) -> None:
    page.goto(served.link)
    page.goto(f"{served.url}/flags/{MEDICAL}")
    page.evaluate("document.querySelector('input[name=csrf_token]').remove()")
    page.fill("input[name=reviewer]", "Mallory")
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.click("button[value=rejected]")
    assert posted.value.status == 403
    assert _history(served.review.folder, MEDICAL) == []


def test_a_stale_decision_is_refused_with_409(served: Served, page: Any) -> None:
    page.goto(served.link)
    page.goto(f"{served.url}/flags/{MEDICAL}")  # the reviewer reads the flag …
    with open_case(served.review.folder) as case:  # … while a colleague decides it
        report = served.analysis(case).flags
        record_decision(case.store, report, MEDICAL, "rejected", "A. Colleague", "no gap")
    page.fill("input[name=reviewer]", "J. Ortiz")
    page.fill("textarea[name=note]", "needs the rosters")
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.click("button[value=follow_up]")
    assert posted.value.status == 409
    expect(page.locator("p.alert")).to_contain_text("changed since you opened it")
    expect(page.locator("textarea[name=note]")).to_have_value("needs the rosters")
    expect(page.locator("ol.log")).to_contain_text("A. Colleague")
    assert _history(served.review.folder, MEDICAL) == [("rejected", "A. Colleague", "no gap")]
