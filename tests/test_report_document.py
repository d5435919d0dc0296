"""The report never says more than the evidence: a decision taken on other evidence says so,
covered topics the injury points to are listed with their cites, the policy behind a
caution is cited, and complaints that are not notice are listed apart with cites. The
Markdown and the HTML come from one ReportContents, so they list the same things; the HTML
escapes every value and the Markdown escapes pipes in table cells."""

from __future__ import annotations

import csv
import fnmatch
import html
import io
import re
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

from monell.report.contents import build_contents
from monell.report.document import render_csv, render_html, render_markdown, timeline_svg

ROOT = Path(__file__).resolve().parents[1]


def hit(file: str, page: int, bates: str, text: str) -> dict[str, Any]:
    return {"file": file, "page": page, "bates": bates, "cite": None, "text": text}


def complaint(rid: str, day: str, timing: str, stale: bool = False) -> dict[str, Any]:
    return {
        "record_id": rid, "file": "ia_log.pdf", "page": 3, "bates": "RIV0000203", "cite": None,
        "event_date": day, "received_date": None, "disposition": "not_sustained",
        "topics": ["prone_restraint_positional_asphyxia"], "timing": timing, "stale": stale,
    }  # fmt: skip


PRONE_POLICY = hit("go_300.pdf", 5, "RIV0000305", "Officers shall move a subject off the chest")
CUFFS_LESSON = hit("lesson.pdf", 2, "RIV0000002", "Check handcuffs for tightness and double lock")


def report_data(review: dict[str, Any] | None, covered: bool = True) -> dict[str, Any]:
    flag = {
        "id": "F-prone_restraint_positional_asphyxia",
        "topic": "prone_restraint_positional_asphyxia",
        "name": "Prone Restraint", "strength": "moderate", "why": "moderate: …",
        "cautions": ["the policy governs this topic, the training did not teach it"],
        "evidence": [], "policy_evidence": [PRONE_POLICY], "absence_record": None,
        "prior_complaints": [], "review": review,
    }  # fmt: skip
    covered_topics = [
        {"topic": "handcuffing_restraints", "name": "Handcuffing", "training_verdict": "covered",
         "note": "…", "evidence": [CUFFS_LESSON]}
    ] if covered else []  # fmt: skip
    topics = [
        {"topic": "prone_restraint_positional_asphyxia", "name": "Prone Restraint",
         "verdict": "absent", "hours": None, "policy_verdict": "covered", "evidence": [],
         "policy_evidence": [PRONE_POLICY], "absence_record": None},
    ]  # fmt: skip
    records = [
        complaint("IA-2020-1", "2020-02-01", "prior"),
        complaint("IA-2012-4", "2012-03-04", "prior", stale=True),
        complaint("IA-2022-7", "2022-01-09", "post"),
        complaint("IA-XX-9", None, "undated"),  # type: ignore[arg-type]
    ]
    return {
        "incident_date": "2021-06-14", "generated": "now",
        "software": {"monell": "0", "models": "m", "taxonomy": "t"},
        "status": {"case": {"name": "Doe", "agency": "Riverton PD"}, "bates_gaps": []},
        "documents": [],
        "coverage": {"topics": topics, "thresholds": {}},
        "complaints": {"records": records, "patterns": [
            {"topic": "prone_restraint_positional_asphyxia", "name": "Prone Restraint",
             "prior_count": 1, "sustained_count": 0, "first": "2020-02-01", "last": "2020-02-01",
             "repeat_officers": [], "stale_count": 1, "post_count": 1},
        ]},
        "flags": {"flags": [flag], "covered_topics": covered_topics},
        "injury": "…",
    }  # fmt: skip


def test_a_decision_taken_on_other_evidence_is_not_shown_as_current() -> None:
    review = {"status": "confirmed", "evidence_changed_since_review": True}
    data = report_data(review)

    markdown = render_markdown(data)
    row = next(csv.DictReader(io.StringIO(render_csv(data))))

    assert "review: confirmed, but the evidence changed since: review again" in markdown
    assert row["review"] == "confirmed, but the evidence changed since: review again"
    assert "review: confirmed)" in render_markdown(
        report_data({"status": "confirmed", "evidence_changed_since_review": False})
    )


def test_covered_topics_the_injury_points_to_are_listed_with_their_cites() -> None:
    markdown = render_markdown(report_data(None))

    assert "### Handcuffing (covered)" in markdown
    assert "check whether the officer departed from it" in markdown
    assert "lesson.pdf p.2 RIV0000002" in markdown


def test_an_injury_that_points_to_no_topic_says_so() -> None:
    data = report_data(None, covered=False)
    data["flags"]["flags"] = []

    assert "The injury narrative points to no training topic" in render_markdown(data)


def test_the_policy_behind_a_caution_is_cited_in_the_flag_and_the_matrix() -> None:
    markdown = render_markdown(report_data(None))

    flag_part, matrix = markdown.split("## Training coverage")
    assert "- Policy: go_300.pdf p.5 RIV0000305" in flag_part
    assert "go_300.pdf p.5 RIV0000305" in matrix


def test_complaints_that_are_not_notice_are_listed_apart_with_cites() -> None:
    notice = render_markdown(report_data(None)).split("## Prior complaints per topic")[1]

    assert "After the incident (never notice):\n\n- IA-2022-7 (2022-01-09" in notice
    assert "Older than the lookback (listed, not counted):\n\n- IA-2012-4" in notice
    assert "Undated (kept, not counted):\n\n- IA-XX-9 (no date" in notice
    assert notice.count("ia_log.pdf p.3 RIV0000203") == 3  # the prior one is in the table


def test_the_timeline_draws_older_complaints_apart_from_notice() -> None:
    svg = timeline_svg(report_data(None)["complaints"]["records"], date(2021, 6, 14))

    assert "fill='#e0a0a0'><title>IA-2012-4" in svg
    assert "fill='#b03030'><title>IA-2020-1" in svg


def test_a_document_name_with_a_script_tag_is_escaped_in_html() -> None:
    data = report_data(None)
    data["status"]["case"]["name"] = "Doe <script>alert(1)</script>"
    document = {"file_name": "<script>x</script>.pdf", "production": "VOL001", "pages": 1}
    data["documents"] = [{**document, "sha256": "ab" * 32, "bates_begin": "A", "bates_end": "B"}]

    page = render_html(data)

    assert "<script" not in page
    assert "<td>&lt;script&gt;x&lt;/script&gt;.pdf</td>" in page
    assert "<title>Doe &lt;script&gt;alert(1)&lt;/script&gt;</title>" in page


def test_a_pipe_in_a_markdown_table_cell_is_escaped_and_keeps_its_html_cell() -> None:
    data = report_data(None)
    data["coverage"]["topics"][0]["name"] = "Prone | Hobble"

    row = next(line for line in render_markdown(data).splitlines() if "Hobble" in line)

    assert row.startswith("| Prone \\| Hobble | absent |")
    assert row.replace("\\|", "").count("|") == 7  # six cells
    assert "<tr><td>Prone | Hobble</td><td>absent</td>" in render_html(data)


def test_document_text_is_never_read_as_markup_in_html() -> None:
    data = report_data(None)
    data["flags"]["flags"][0]["why"] = "a **bold** claim with `code`"

    assert "<p>a **bold** claim with `code`</p>" in render_html(data)


def test_markdown_and_html_list_the_same_flags_topics_and_cites() -> None:
    data = report_data({"status": "confirmed", "evidence_changed_since_review": True})
    contents = build_contents(data)
    markdown, page = render_markdown(data), html.unescape(render_html(data))

    findings = contents.flags + contents.covered
    assert [f"### {f.heading}" for f in findings] == re.findall("^### .*", markdown, re.M)
    assert [f"<h3>{f.heading}</h3>" for f in findings] == re.findall("<h3>.*</h3>", page)
    bullets = re.findall("^- (.*)", markdown, re.M)
    assert bullets == re.findall("<li>(.*)</li>", page)
    groups = findings + contents.not_notice
    listed = [b for g in groups for b in g.bullets] + [*contents.bates_gaps, *contents.requests]
    assert bullets == listed and len(bullets) == 8
    for table in (contents.coverage, contents.notice, contents.documents):
        for cells in (table.header, *table.rows):
            assert "| " + " | ".join(cells) + " |" in markdown
            assert re.search("".join(f"<t[dh]>{re.escape(c)}</t[dh]>" for c in cells), page)


def test_the_report_templates_ship_with_the_package() -> None:
    settings = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = settings["tool"]["setuptools"]["package-data"]["monell"]
    templates = sorted((ROOT / "src" / "monell" / "report" / "templates").iterdir())

    assert [t.name for t in templates] == ["report.html.j2", "report.md.j2", "timeline.svg.j2"]
    for template in templates:
        path = template.relative_to(ROOT / "src" / "monell").as_posix()
        assert any(fnmatch.fnmatch(path, pattern) for pattern in patterns), path


def test_issue_18_a_record_not_counted_names_its_source_and_every_copy() -> None:
    data = report_data(None)
    post = next(r for r in data["complaints"]["records"] if r["record_id"] == "IA-2022-7")
    post.update(
        source_kind="lawsuit",
        own=True,
        copies=[{"record_id": "IA 2022-7", "source_kind": "ia_file", "cite": "ia.pdf p.9 RIV9"}],
    )

    notice = render_markdown(data).split("## Prior complaints per topic")[1]

    assert "lawsuit (the plaintiff's own); also ia_file IA 2022-7: ia.pdf p.9 RIV9" in notice
