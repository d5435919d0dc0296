"""The case report, rendered from its JSON: Markdown for memos, self-contained HTML, CSV.

Pure functions of the report dictionary that ``monell report`` assembles (the same shapes
as ``monell status/coverage/complaints/flags --json``). The Markdown and the HTML are two
Jinja2 templates (``templates/``) over one ``ReportContents``, so both say the same thing.
The HTML has no scripts, fonts or images from elsewhere: it opens offline, and the
complaint timeline is an inline SVG drawing.
"""

from __future__ import annotations

import csv
import html
import io
from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from monell.records.cite import cite_of
from monell.report.contents import build_contents, review_label
from monell.report.timeline import Timeline, build_timeline

if TYPE_CHECKING:
    from jinja2 import Environment
    from jinja2.nodes import EvalContext

CSV_COLUMNS = (
    "topic",
    "name",
    "training_verdict",
    "hours",
    "policy_verdict",
    "best_cite",
    "prior_count",
    "sustained_count",
    "flag_id",
    "strength",
    "review",
    "why",
)


def render_markdown(data: dict[str, Any]) -> str:
    """The report as Markdown, for a memo."""
    return _environment().get_template("report.md.j2").render(r=build_contents(data))


def render_html(data: dict[str, Any]) -> str:
    """A self-contained page: the Markdown's content, laid out, plus the complaint timeline."""
    return _environment().get_template("report.html.j2").render(r=build_contents(data))


def timeline_svg(records: list[dict[str, Any]], incident: date) -> str:
    """Complaints on a time axis around the incident: prior red, post grey, undated apart."""
    return _draw_timeline(build_timeline(records, incident))


def render_csv(data: dict[str, Any]) -> str:
    """One row per topic: coverage, notice and flag side by side (for a spreadsheet)."""
    flags = {f["topic"]: f for f in (data["flags"] or {}).get("flags", [])}
    patterns = {p["topic"]: p for p in data["complaints"]["patterns"]}
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for t in data["coverage"]["topics"]:
        best = t["evidence"][0] if t["evidence"] else None
        flag, pattern = flags.get(t["topic"]), patterns.get(t["topic"])
        writer.writerow(
            [
                t["topic"],
                t["name"],
                t["verdict"],
                t["hours"],
                t["policy_verdict"],
                cite_of(best) if best else "",
                pattern["prior_count"] if pattern else 0,
                pattern["sustained_count"] if pattern else 0,
                flag["id"] if flag else "",
                flag["strength"] if flag else "",
                review_label(flag) if flag else "",
                flag["why"] if flag else "",
            ]
        )
    return out.getvalue()


def _draw_timeline(timeline: Timeline) -> Markup:
    return Markup(_environment().get_template("timeline.svg.j2").render(t=timeline))


@cache
def _environment() -> Environment:
    """The report templates: HTML and SVG autoescaped, Markdown as written."""
    # Imported here, like the models: `monell --help` need not load Jinja.
    from jinja2 import Environment, PackageLoader, pass_eval_context, select_autoescape

    environment = Environment(
        loader=PackageLoader("monell.report", "templates"),
        autoescape=select_autoescape(
            enabled_extensions=("html.j2", "svg.j2"), disabled_extensions=("md.j2",)
        ),
        finalize=pass_eval_context(_escape_as_stdlib),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["md_cell"] = _md_cell
    environment.filters["svg"] = _draw_timeline
    return environment


def _escape_as_stdlib(context: EvalContext, value: Any) -> Any:
    """Escape with ``html.escape`` (``&quot;``, ``&#x27;``) rather than markupsafe's spelling
    (``&#34;``, ``&#39;``), so the pages stay byte for byte what monell wrote before the
    templates and two reports diff cleanly. Autoescaping still guards anything missed."""
    if not context.autoescape or hasattr(value, "__html__"):
        return value
    return Markup(html.escape(str(value)))


def _md_cell(value: Any) -> str:
    """A Markdown table cell: a pipe in the text would start a new cell."""
    return str(value).replace("|", "\\|")
