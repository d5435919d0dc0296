"""Screenshots of the review app (`monell serve`) for docs/REVIEW_APP.md.

Serves the demo case (``make demo`` builds it) on a free loopback port in a background
thread, opens the token link in Debian's Chromium through Playwright, and saves:

- ``review-flag.png``: the strongest flag's page (evidence chain and review panel);
- ``review-page.png``: a cited passage highlighted on its page image.

Usage:

    python -m scripts.screenshot_review_app [--case build/demo/case] [--out docs/images]

Nothing is decided or written to the review log; page images are cached in the case.
"""

from __future__ import annotations

import argparse
import threading
from pathlib import Path

from PIL import Image
from playwright.sync_api import Page, sync_playwright
from werkzeug.serving import make_server

from monell.web.app import create_app, warm_up
from monell.web.security import Guard

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
VIEWPORT = {"width": 1280, "height": 900}
PALETTE = 128


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", type=Path, default=ROOT / "build" / "demo" / "case")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images")
    parser.add_argument("--chromium", default=CHROMIUM)
    args = parser.parse_args()
    guard = Guard()
    app = create_app(args.case, guard=guard)
    print("Analysing the case...")
    warm_up(app)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}"
    args.out.mkdir(parents=True, exist_ok=True)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=args.chromium, headless=True, args=["--no-sandbox"]
            )
            page = browser.new_page(viewport=VIEWPORT, device_scale_factor=1)
            page.goto(f"{base}/?token={guard.token}")
            _shoot(page, args.out)
            browser.close()
    finally:
        server.shutdown()
        thread.join()


def _shoot(page: Page, out: Path) -> None:
    flags = page.locator("tr[data-flag] a")
    if flags.count() == 0:
        raise SystemExit("the case has no flags: set the injury (monell injury set) first")
    flags.first.click()
    page.fill("input[name=reviewer]", "J. Ortiz")  # typed, never submitted
    _save(page, out / "review-flag.png", full_page=True)
    cites = page.locator("ul.hits a.cite")
    if cites.count() == 0:  # an absent topic cites no training: take the coverage matrix's
        page.goto(page.url.split("/flags")[0] + "/coverage")
        cites = page.locator("a.cite")
    cites.first.click()
    page.wait_for_load_state("networkidle")
    _save(page, out / "review-page.png", full_page=False)


def _save(page: Page, path: Path, full_page: bool) -> None:
    """A screenshot in a 128-colour palette: a third of the bytes, the same to the eye."""
    page.screenshot(path=str(path), full_page=full_page)
    Image.open(path).convert("RGB").quantize(colors=PALETTE).save(path, optimize=True)
    print(f"wrote {path} ({path.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
