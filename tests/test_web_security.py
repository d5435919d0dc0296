"""The review app's pure parts: loopback rules, the run's secrets, finding a quote on a page,
and `monell serve` refusing to listen beyond this machine unless told to."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from fixturekit.pages import PageSpec, build_pdf
from monell.cli import main
from monell.errors import InputError
from monell.web.highlight import find_spans, mark_text, pdf_boxes
from monell.web.images import render_page_image
from monell.web.security import Guard, check_bind_host, host_of, is_loopback


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.1.2.3", True),  # all of 127.0.0.0/8
        ("::1", True),
        ("[::1]", True),
        ("localhost", True),
        ("LOCALHOST", True),
        ("0.0.0.0", False),  # every interface
        ("::", False),
        ("192.168.1.20", False),
        ("localhost.evil.example", False),
        ("", False),
    ],
)
def test_only_this_machine_counts_as_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_a_remote_host_needs_allow_remote() -> None:
    check_bind_host("127.0.0.1", allow_remote=False)
    check_bind_host("0.0.0.0", allow_remote=True)
    with pytest.raises(InputError, match="refusing to serve on 0.0.0.0"):
        check_bind_host("0.0.0.0", allow_remote=False)


@pytest.mark.parametrize(
    ("header", "host"),
    [("127.0.0.1:8765", "127.0.0.1"), ("[::1]:8765", "::1"), ("localhost", "localhost"),
     ("::1", "::1")],
)  # fmt: skip
def test_the_host_header_is_read_without_its_port(header: str, host: str) -> None:
    assert host_of(header) == host


def test_sessions_and_csrf_tokens_are_signed_per_run() -> None:
    guard = Guard()
    cookie = guard.new_session()
    sid = guard.session_id(cookie)
    assert sid and guard.csrf_ok(sid, guard.csrf_token(sid))
    assert not guard.csrf_ok(sid, None) and not guard.csrf_ok(sid, guard.csrf_token(sid + "x"))
    assert guard.session_id(cookie + "0") is None
    assert Guard(token=guard.token).session_id(cookie) is None  # another run's key
    assert guard.token_ok(guard.token) and not guard.token_ok(guard.token[:-1])
    assert Guard().token != guard.token and len(guard.token) >= 40


PAGE = "LESSON PLAN\nRecruits will   handcuff a subject\nfrom the rear.\nFinding: Sustained\n"


@pytest.mark.parametrize(
    ("quote", "found"),
    [
        # spacing differs
        ("handcuff a subject from the rear.", ["handcuff a subject\nfrom the rear."]),
        # case ignored
        ("recruits WILL handcuff", ["Recruits will   handcuff"]),
        # a quote cut short for display
        ("handcuff a subject from the …", ["handcuff a subject\nfrom the"]),
        # a record running past the page: its lines, in order
        ("IA #1\nRecruits will handcuff\nFinding: Sustained",
         ["Recruits will   handcuff", "Finding: Sustained"]),
        ("nothing like it", []),
        ("", []),
    ],
    ids=["spacing", "case", "cut-quote", "by-lines", "absent", "empty"],
)  # fmt: skip
def test_a_quote_is_found_on_its_page(quote: str, found: list[str]) -> None:
    assert [PAGE[a:b] for a, b in find_spans(PAGE, quote)] == found


def test_marked_text_keeps_every_character() -> None:
    spans = find_spans(PAGE, "handcuff a subject")
    runs = mark_text(PAGE, spans)
    assert "".join(text for text, _ in runs) == PAGE
    assert [text for text, marked in runs if marked] == ["handcuff a subject"]


def test_boxes_cover_the_quote_on_a_text_pdf_page(tmp_path: Path) -> None:
    pdf = build_pdf(tmp_path / "a.pdf", [PageSpec(lines=("Alpha beta gamma.", "Delta epsilon."))])
    [box] = pdf_boxes(pdf, 1, "beta gamma") or []
    assert 10 < box.x < 30 and 8 < box.y < 14 and 0 < box.height < 3  # second word, line one
    assert pdf_boxes(pdf, 1, "zeta") == []
    assert pdf_boxes(pdf, 2, "beta") is None and pdf_boxes(tmp_path / "gone.pdf", 1, "x") is None


def test_only_formats_with_pages_are_drawn(tmp_path: Path) -> None:
    pdf = build_pdf(tmp_path / "a.pdf", [PageSpec()])
    image = render_page_image(str(pdf), "pdf", 1, 72)
    assert image is not None and image.size == (612, 792)
    assert render_page_image(str(pdf), "pdf", 2, 72) is None
    assert render_page_image(str(pdf), "xlsx", 1, 72) is None
    assert render_page_image(str(tmp_path / "moved.pdf"), "pdf", 1, 72) is None


def test_serve_refuses_a_remote_host_without_allow_remote(case_dir: Path) -> None:
    result = CliRunner().invoke(main, ["serve", "--case", str(case_dir), "--host", "0.0.0.0"])
    assert result.exit_code == 1
    assert "refusing to serve on 0.0.0.0" in result.stderr and "--allow-remote" in result.stderr
    assert "token=" not in result.stdout


@pytest.mark.parametrize(
    ("args", "shown", "warned"),
    [
        ([], "http://127.0.0.1:", False),
        (["--host", "0.0.0.0", "--allow-remote"], "http://0.0.0.0:", True),
    ],
)
def test_serve_prints_the_token_link(
    case_dir: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], shown: str, warned: bool
) -> None:
    monkeypatch.setattr("monell.web.app.warm_up", lambda app: None)  # no models here
    monkeypatch.setattr("monell.web.server.run_until_interrupted", lambda s: s.server_close())
    result = CliRunner().invoke(
        main, ["serve", "--case", str(case_dir), "--port", "0", *args], catch_exceptions=False
    )
    assert result.exit_code == 0
    assert result.stdout.startswith(f"Review page: {shown}") and "/?token=" in result.stdout
    assert ("Warning: serving on 0.0.0.0" in result.stderr) is warned


def test_serve_names_a_missing_case(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["serve", "--case", str(tmp_path / "nope")])
    assert result.exit_code == 1 and "nope" in result.stderr


def test_the_request_log_never_shows_the_token() -> None:
    import io
    import logging
    import threading
    import urllib.request

    from werkzeug.serving import make_server

    from monell.web.server import PrivateRequestHandler

    def app(environ: dict[str, object], start: Any) -> list[bytes]:
        start("200 OK", [("Content-Type", "text/plain")])
        return [b"ok"]

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logger = logging.getLogger("werkzeug")
    logger.addHandler(handler)
    level = logger.level
    logger.setLevel(logging.INFO)
    try:
        server = make_server("127.0.0.1", 0, app, request_handler=PrivateRequestHandler)
        thread = threading.Thread(target=server.handle_request)
        thread.start()
        urllib.request.urlopen(f"http://127.0.0.1:{server.server_port}/?token=SECRET").read()
        thread.join()
        server.server_close()
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    assert '"GET /" 200' in stream.getvalue() and "SECRET" not in stream.getvalue()
