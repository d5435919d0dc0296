"""The review app factory and the hooks every request passes through.

Order of checks (``_guard_request``): the Host header names this machine; a ``?token=``
matching the run's token opens a session (cookie) and is dropped from the address bar by a
redirect; otherwise a valid session cookie is required (403); every POST must carry the
session's CSRF token (403). Responses carry a strict Content-Security-Policy.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from flask import Flask, abort, g, redirect, render_template, request
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from monell.app.workspace import open_case
from monell.errors import MonellError
from monell.records.cite import cite_of
from monell.web import browse, review
from monell.web.context import (
    STATE_KEY,
    Analyse,
    AppState,
    CaseCache,
    Models,
    close_case,
    compute_case_reports,
    current_case,
    current_reports,
    state,
)
from monell.web.security import SECURITY_HEADERS, Guard

MAX_FORM_BYTES = 64 * 1024  # a decision with its note; nothing bigger is ever posted
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def create_app(
    case_dir: Path | str,
    *,
    guard: Guard | None = None,
    analyse: Analyse = compute_case_reports,
    models: Models | None = None,
) -> Flask:
    """The review app for one case folder (checked now: a missing case fails here).

    Args:
        case_dir: the case folder.
        guard: the run's token and keys (a fresh random one by default).
        analyse: computes coverage, complaints and flags (``CaseSession`` by default).
        models: the search models for a case (the case's configured ones by default).
    """
    folder = Path(case_dir).resolve()
    with open_case(folder):
        pass
    app = Flask(__name__)
    app.config.update(MAX_CONTENT_LENGTH=MAX_FORM_BYTES, MAX_FORM_MEMORY_SIZE=MAX_FORM_BYTES)
    app_state = AppState(folder, guard or Guard(), CaseCache(analyse))
    if models is not None:
        app_state.models = models
    app.extensions[STATE_KEY] = app_state
    app.register_blueprint(review.bp)
    app.register_blueprint(browse.bp)
    app.before_request(_guard_request)
    app.after_request(_secure_response)
    app.teardown_appcontext(close_case)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(MonellError, _monell_error)
    app.context_processor(_template_globals)
    app.jinja_env.filters["cite"] = cite_of
    return app


def warm_up(app: Flask) -> None:
    """Run the analysis before the first page is asked for (``monell serve`` does this)."""
    with app.app_context():
        current_reports()


def _guard_request() -> Response | None:
    guard = state().guard
    if not guard.host_ok(request.host):
        abort(403, "This address is not served: open the link monell serve printed.")
    sid = guard.session_id(request.cookies.get(guard.cookie_name))
    token = request.args.get("token")
    if token is not None and request.method == "GET":
        if not guard.token_ok(token):
            abort(403, "This link's token is not the one monell serve printed for this run.")
        response = redirect(_without_token(), code=303)
        if sid is None:
            response.set_cookie(
                guard.cookie_name,
                guard.new_session(),
                httponly=True,
                samesite="Strict",
                secure=request.is_secure,
                path="/",
            )
        return response
    if sid is None:
        abort(403, "Open the link that `monell serve` printed: it carries the access token.")
    g.sid = sid
    if request.method not in SAFE_METHODS:
        origin = request.headers.get("Origin", "null")
        if origin != "null" and urlsplit(origin).netloc != request.host:
            abort(403, "This form was sent from another site.")
        if not guard.csrf_ok(sid, request.form.get("csrf_token")):
            abort(403, "The form's security token is missing or out of date: reload the page.")
    return None


def _without_token() -> str:
    args = [(k, v) for k, v in request.args.items(multi=True) if k != "token"]
    return request.path + ("?" + urlencode(args) if args else "")


def _secure_response(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if response.mimetype == "text/html":
        response.headers["Cache-Control"] = "no-store"  # case material stays off the disk cache
    return response


def _template_globals() -> dict[str, Any]:
    sid = g.get("sid")
    return {
        "authorised": sid is not None,
        "csrf_token": state().guard.csrf_token(sid) if sid else "",
        "case_info": current_case().info if sid else None,
    }


def _http_error(error: HTTPException) -> tuple[str, int]:
    code = error.code or 500
    return render_template(
        "error.html", code=code, title=error.name, message=error.description
    ), code


def _monell_error(error: MonellError) -> tuple[str, int]:
    return render_template(
        "error.html", code=500, title="The analysis could not run", message=str(error)
    ), 500
