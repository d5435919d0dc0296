"""The case report, rendered from its JSON: Markdown for memos, self-contained HTML, CSV.

Pure functions of the report dictionary that ``monell report`` assembles (the same shapes
as ``monell status/coverage/complaints/flags --json``), so every format says the same
thing. The HTML has no scripts, fonts or images from elsewhere: it opens offline, and the
complaint timeline is an inline SVG drawing.
"""

from __future__ import annotations

import csv
import html
import io
from datetime import date
from typing import Any

from monell.records.cite import cite_of

TIMELINE_WIDTH, TIMELINE_HEIGHT = 760, 120
SVG_NS = "http://www.w3.org/2000/svg"  # a namespace name, never fetched
TIMING_COLOUR = {"prior": "#b03030", "stale": "#e0a0a0", "post": "#777777", "undated": "#c08000"}
COVERED_NOTE = "training covered it: not a training gap; check whether the officer departed from it"


def suggested_requests(data: dict[str, Any]) -> list[str]:
    """Follow-up discovery a litigator would consider, from what the analysis could not find."""
    requests = []
    for t in data["coverage"]["topics"]:
        if t["verdict"] in ("absent", "thin"):
            requests.append(
                f"{t['name']}: all lesson plans, curricula, course catalogs, rosters, sign-in "
                f"sheets and training-hour records on this topic in force on or before "
                f"{data['incident_date']} (training found: {t['verdict']})."
            )
    unreadable = sum(
        (t["absence_record"] or {}).get("unreadable_pages", 0) for t in data["coverage"]["topics"]
    )
    if unreadable:
        requests.append(
            "Legible or text-searchable copies of the training pages that could not be read."
        )
    if any(r["timing"] == "undated" for r in data["complaints"]["records"]):
        requests.append("Intake and event dates for the complaint records produced without them.")
    for gap in data["status"]["bates_gaps"]:
        requests.append(
            f"The withheld or missing Bates range after {gap['after']} and before {gap['before']} "
            f"({gap['missing']} page(s)), or a privilege log for it."
        )
    return requests


def render_markdown(data: dict[str, Any]) -> str:
    out = io.StringIO()
    case = data["status"]["case"]
    out.write(f"# {case['name']} — Monell training and notice report\n\n")
    out.write(
        f"Incident date: **{data['incident_date']}**. Agency: {case['agency'] or '—'}. "
        f"Generated {data['generated']} by monell {data['software']['monell']}.\n\n"
    )
    out.write(
        "*The tool proposes; a person decides. Every statement below cites its source; "
        "read the cited pages before relying on it.*\n\n"
    )
    out.write("## Moving-force candidates\n\n")
    if not data["flags"]:
        out.write("No injury narrative is set (`monell injury set`), so no flags.\n\n")
    elif not data["flags"]["flags"] and not data["flags"]["covered_topics"]:
        out.write("The injury narrative points to no training topic, so no flags.\n\n")
    for f in (data["flags"] or {}).get("flags", []):
        out.write(
            f"### {f['id']} — {f['name']} ({f['strength']}; review: {review_label(f)})\n\n"
            f"{f['why']}\n\n"
        )
        for caution in f["cautions"]:
            out.write(f"- Caution: {caution}\n")
        for e in f.get("policy_evidence", [])[:2]:
            out.write(f'- Policy: {cite_of(e)} — "{_short(e["text"])}"\n')
        for e in f["evidence"]:
            out.write(f'- Training: {cite_of(e)} — "{_short(e["text"])}"\n')
        if f["absence_record"]:
            searched = f["absence_record"]["searched_documents"]
            out.write(
                f"- Record of absence: {len(searched)} training document(s) searched: "
                + "; ".join(
                    f"{d['file']} {d['bates_begin'] or ''}–{d['bates_end'] or ''}" for d in searched
                )
                + "\n"
            )
        for c in f["prior_complaints"]:
            out.write(
                f"- Prior complaint {c['record_id']} ({c['event_date'] or c['received_date']}, "
                f"{c['disposition']}): {cite_of(c)}\n"
            )
        out.write("\n")
    for c in (data["flags"] or {}).get("covered_topics", []):
        out.write(f"### {c['name']} (covered)\n\n{COVERED_NOTE[0].upper()}{COVERED_NOTE[1:]}.\n\n")
        for e in c["evidence"][:3]:
            out.write(f'- Training: {cite_of(e)} — "{_short(e["text"])}"\n')
        out.write("\n")
    out.write(
        "## Training coverage as of the incident date\n\n"
        + _row(["topic", "training", "hours", "policy", "best cite", "policy cite"], header=True)
    )
    for t in data["coverage"]["topics"]:
        best = t["evidence"][0] if t["evidence"] else None
        policy = t["policy_evidence"][0] if t.get("policy_evidence") else None
        cite = cite_of(best) if best else "—"
        policy_cite = cite_of(policy) if policy else "—"
        out.write(
            _row([t["name"], t["verdict"], _or_dash(t["hours"]), t["policy_verdict"], cite,
                  policy_cite])
        )  # fmt: skip
    out.write(
        "\n## Prior complaints per topic (notice)\n\n"
        + _row(
            [
                "topic",
                "prior",
                "sustained",
                "first",
                "last",
                "repeat officers",
                "older (stale)",
                "after the incident",
            ],
            header=True,
        )  # fmt: skip
    )
    for p in data["complaints"]["patterns"]:
        out.write(
            _row(
                [
                    p["name"],
                    p["prior_count"],
                    p["sustained_count"],
                    _or_dash(p["first"]),
                    _or_dash(p["last"]),
                    "; ".join(p["repeat_officers"]) or "—",
                    p.get("stale_count", 0),
                    p.get("post_count", 0),
                ]
            )
        )
    _not_notice(out, data["complaints"]["records"])
    out.write("\n## Bates gaps\n\n")
    for g in data["status"]["bates_gaps"] or []:
        out.write(
            f"- after {g['after']} and before {g['before']}: {g['missing']} page(s) missing\n"
        )
    if not data["status"]["bates_gaps"]:
        out.write("None found.\n")
    out.write("\n## Suggested follow-up discovery\n\n")
    for request in suggested_requests(data):
        out.write(f"- {request}\n")
    out.write("\n## Methodology\n\n")
    out.write(
        f"Models: {data['software']['models']}. Thresholds: {data['coverage']['thresholds']}. "
        f"Taxonomy: {data['software']['taxonomy']}. Strength rules: docs/METHODOLOGY.md.\n\n"
    )
    out.write("| file | production | SHA-256 | pages | Bates |\n|---|---|---|---|---|\n")
    for d in data["documents"]:
        out.write(
            _row(
                [
                    d["file_name"],
                    d["production"],
                    f"`{d['sha256'][:16]}…`",
                    d["pages"],
                    f"{_or_dash(d['bates_begin'])}–{_or_dash(d['bates_end'])}",
                ]
            )
        )
    return out.getvalue()


def review_label(flag: dict[str, Any]) -> str:
    """The review state as it stands: a decision taken on other evidence says so."""
    review = flag.get("review")
    if not review:
        return "pending"
    if review.get("evidence_changed_since_review"):
        return f"{review['status']}, but the evidence changed since: review again"
    return str(review["status"])


def _not_notice(out: io.StringIO, records: list[dict[str, Any]]) -> None:
    """Complaints listed apart, with cites: never counted as notice, but a lawyer may use
    them (later conduct can bear on custom; older ones on how long a problem ran)."""
    groups = (
        ("After the incident (never notice)", [r for r in records if r["timing"] == "post"]),
        ("Older than the lookback (listed, not counted)",
         [r for r in records if r["timing"] == "prior" and r["stale"]]),
        ("Undated (kept, not counted)", [r for r in records if r["timing"] == "undated"]),
    )  # fmt: skip
    for title, group in groups:
        if not group:
            continue
        out.write(f"\n{title}:\n\n")
        for r in group:
            when = r["event_date"] or r["received_date"] or "no date"
            topics = ", ".join(r["topics"]) or "no topic"
            out.write(f"- {r['record_id']} ({when}, {r['disposition']}; {topics}): {cite_of(r)}\n")


def render_html(data: dict[str, Any]) -> str:
    """A self-contained page: the Markdown's content, laid out, plus the complaint timeline."""
    body = _markdown_to_html(render_markdown(data))
    timeline = timeline_svg(
        data["complaints"]["records"], date.fromisoformat(data["incident_date"])
    )
    body = body.replace(
        "<h2>Prior complaints per topic (notice)</h2>",
        f"<h2>Prior complaints per topic (notice)</h2>\n{timeline}",
        1,
    )
    style = (
        "body{font-family:Georgia,serif;max-width:980px;margin:2em auto;line-height:1.45}"
        "table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #bbb;padding:3px 6px}"
        "code{font-size:12px}h3{margin-top:1.6em}"
    )
    title = html.escape(data["status"]["case"]["name"])
    head = f"<meta charset='utf-8'><title>{title}</title><style>{style}</style>"
    return f"<!DOCTYPE html>\n<html><head>{head}</head><body>\n{body}\n</body></html>\n"


def render_csv(data: dict[str, Any]) -> str:
    """One row per topic: coverage, notice and flag side by side (for a spreadsheet)."""
    flags = {f["topic"]: f for f in (data["flags"] or {}).get("flags", [])}
    patterns = {p["topic"]: p for p in data["complaints"]["patterns"]}
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
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
        ]
    )
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


def timeline_svg(records: list[dict[str, Any]], incident: date) -> str:
    """Complaints on a time axis around the incident: prior red, post grey, undated apart."""
    dated = [
        (date.fromisoformat(r["event_date"] or r["received_date"]), r)
        for r in records
        if r["event_date"] or r["received_date"]
    ]
    days = [d for d, _ in dated] + [incident]
    start, end = min(days), max(days)
    span = max((end - start).days, 1)

    def x(day: date) -> float:
        return 40 + (TIMELINE_WIDTH - 80) * (day - start).days / span

    marks = [
        f"<line x1='{x(incident):.1f}' y1='10' x2='{x(incident):.1f}' y2='100' "
        "stroke='black' stroke-width='2'/>"
        f"<text x='{x(incident):.1f}' y='115' font-size='11' text-anchor='middle'>"
        f"incident {incident}</text>"
    ]
    for n, (day, r) in enumerate(sorted(dated, key=lambda item: item[0])):
        colour = TIMING_COLOUR["stale" if r["stale"] else r["timing"]]
        label = html.escape(f"{r['record_id']} {day} {r['timing']} {', '.join(r['topics'])}")
        marks.append(
            f"<circle cx='{x(day):.1f}' cy='{30 + (n % 5) * 12}' r='5' fill='{colour}'>"
            f"<title>{label}</title></circle>"
        )
    undated = sum(1 for r in records if r["timing"] == "undated")
    marks.append(
        f"<text x='40' y='115' font-size='11'>{start}</text>"
        f"<text x='{TIMELINE_WIDTH - 40}' y='115' font-size='11' text-anchor='end'>{end}</text>"
    )
    caption = (
        "<p>Complaint timeline: red before the incident within the lookback (notice), pink "
        "before it but older than the lookback (not counted), grey after; "
        f"{undated} undated record(s) not drawn.</p>"
    )
    svg = f"<svg xmlns='{SVG_NS}' width='{TIMELINE_WIDTH}' height='{TIMELINE_HEIGHT}' role='img'>"
    return f"{svg}{''.join(marks)}</svg>{caption}"


def _row(cells: list[Any], header: bool = False) -> str:
    line = "| " + " | ".join(str(c) for c in cells) + " |\n"
    return line + ("|" + "---|" * len(cells) + "\n" if header else "")


def _or_dash(value: Any) -> str:
    return "—" if value in (None, "") else str(value)


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _markdown_to_html(markdown: str) -> str:
    """The few Markdown forms the report uses: headings, bullets, tables, paragraphs."""
    lines, out, table = markdown.splitlines(), [], False
    for line in lines:
        if line.startswith("|"):
            cells = [html.escape(c.strip()) for c in line.strip("|").split("|")]
            if set("".join(cells)) <= set("-"):
                continue
            tag = "th" if not table else "td"
            out.append(
                ("<table>" if not table else "")
                + "<tr>"
                + "".join(f"<{tag}>{c}</{tag}>" for c in cells)
                + "</tr>"
            )
            table = True
            continue
        if table:
            out.append("</table>")
            table = False
        text = _inline(html.escape(line))
        if line.startswith("### "):
            out.append(f"<h3>{_inline(html.escape(line[4:]))}</h3>")
        elif line.startswith("## "):
            out.append(f"<h2>{html.escape(line[3:])}</h2>")
        elif line.startswith("# "):
            out.append(f"<h1>{html.escape(line[2:])}</h1>")
        elif line.startswith("- "):
            out.append(f"<li>{_inline(html.escape(line[2:]))}</li>")
        elif line.strip():
            out.append(f"<p>{text}</p>")
    if table:
        out.append("</table>")
    return "\n".join(out)


def _inline(text: str) -> str:
    parts = text.split("**")
    text = "".join(f"<strong>{p}</strong>" if i % 2 else p for i, p in enumerate(parts))
    parts = text.split("`")
    return "".join(f"<code>{p}</code>" if i % 2 else p for i, p in enumerate(parts))
