"""The review pages: the flags list, one flag's evidence chain, and decisions on it.

Decisions go through ``record_decision``, the function behind ``monell review decide``:
the same checks and the same append-only audit log. The form carries the flag's review
token as of page load; a decision on a flag that moved since (another reviewer decided,
or new evidence arrived) is refused with HTTP 409 and nothing is written.
"""

from __future__ import annotations

import re

from flask import Blueprint, abort, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from monell.app.decisions import MAX_NOTE_CHARS, MAX_REVIEWER_CHARS, ReviewConflict, record_decision
from monell.errors import InputError
from monell.flags.review import DECISIONS
from monell.records.flags import Flag, FlagReport
from monell.store.web import WebQueries
from monell.web.context import current_case, current_reports
from monell.web.views import SORTS, STATUSES, STRENGTHS, VERDICTS, flag_detail, flag_rows

bp = Blueprint("review", __name__)
FLAG_ID = re.compile(r"F-[a-z0-9_]{1,80}")
DECISION_LABELS = {"confirmed": "Confirm", "rejected": "Reject", "follow_up": "Follow up"}


@bp.get("/")
@bp.get("/flags")
def flags() -> str:
    """Every flag with its strength, training verdict, prior complaints and review status."""
    analysis = current_reports()
    filters = {k: request.args.get(k, "") for k in ("strength", "verdict", "status", "q")}
    sort = request.args.get("sort", "strength")
    sort = sort if sort in SORTS else "strength"
    rows = []
    if analysis.flags is not None:
        history = current_case().store.review_history()
        rows = flag_rows(analysis.flags, history, filters, sort)
    return render_template(
        "flags.html",
        rows=rows,
        report=analysis.flags,
        filters=filters,
        sort=sort,
        sorts=SORTS,
        strengths=STRENGTHS,
        verdicts=VERDICTS,
        statuses=STATUSES,
        total=len(analysis.flags.flags) if analysis.flags else 0,
    )


@bp.get("/flags/<flag_id>")
def flag(flag_id: str) -> str:
    """The evidence chain: injury facts → training evidence or record of absence → priors."""
    found = _flag(flag_id)
    return _render_flag(found, done=request.args.get("done", ""))


@bp.post("/flags/<flag_id>/decide")
def decide(flag_id: str) -> Response | tuple[str, int]:
    report = _report()
    found = _flag(flag_id, report)
    form = {k: request.form.get(k, "") for k in ("decision", "reviewer", "note", "seen")}
    problem = _form_problem(form)
    if problem:
        return _render_flag(found, error=problem, form=form), 400
    case = current_case()
    try:
        record_decision(
            case.store,
            report,
            found.id,
            form["decision"],
            form["reviewer"],
            form["note"],
            seen=form["seen"],
        )
    except ReviewConflict as conflict:
        # Show the flag as it is now (a fresh token), keeping what the reviewer typed.
        return _render_flag(_flag(flag_id), error=str(conflict), form=form), 409
    except InputError as error:
        return _render_flag(found, error=str(error), form=form), 400
    return redirect(url_for("review.flag", flag_id=found.id, done=form["decision"]), code=303)


def _form_problem(form: dict[str, str]) -> str | None:
    if form["decision"] not in DECISIONS:
        return "Choose Confirm, Reject or Follow up."
    if not form["reviewer"].strip():
        return "Enter your name (or initials) as the reviewer."
    if len(form["reviewer"]) > MAX_REVIEWER_CHARS or len(form["note"]) > MAX_NOTE_CHARS:
        return f"The name or the note is too long (note: {MAX_NOTE_CHARS} characters at most)."
    if not form["seen"]:
        return "The form is missing the flag's state: reload the page."
    return None


def _report() -> FlagReport:
    report = current_reports().flags
    if report is None:
        abort(404, "No injury narrative is set, so there are no flags (monell injury set).")
    return report


def _flag(flag_id: str, report: FlagReport | None = None) -> Flag:
    if not FLAG_ID.fullmatch(flag_id):
        abort(404, "No such flag.")
    for candidate in (report or _report()).flags:
        if candidate.id == flag_id:
            return candidate
    abort(404, f"No flag {flag_id} in this case now (it may have closed with a new volume).")


def _render_flag(
    found: Flag, error: str = "", done: str = "", form: dict[str, str] | None = None
) -> str:
    case = current_case()
    data = flag_detail(
        found, case.store.review_history(found.id), WebQueries(case.store).document_ids()
    )
    return render_template(
        "flag.html",
        flag=data,
        error=error,
        done=done if done in DECISIONS else "",
        form=form or {},
        decisions=DECISION_LABELS,
    )
