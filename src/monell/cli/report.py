"""``monell report``: the whole analysis in one file, for an attorney or another tool."""

from __future__ import annotations

import hashlib
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from monell import __version__
from monell.cli.complaints import complaints_json
from monell.cli.coverage import coverage_json
from monell.cli.flags import flags_json
from monell.cli.kit import AnalysisKit
from monell.cli.options import case_option
from monell.errors import InputError
from monell.report.document import render_csv, render_html, render_markdown
from monell.resources import (
    default_taxonomy_path,
)
from monell.status import build_status, document_to_json, status_to_json
from monell.workspace import Case

RENDERERS = {"html": render_html, "md": render_markdown, "csv": render_csv}


@click.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["html", "md", "csv", "json"]),
    default="html",
    show_default=True,
)
@click.option(
    "-o",
    "--output",
    "output",
    required=True,
    type=click.Path(path_type=Path),
    help="The file to write.",
)
@case_option
def report(case: Case, fmt: str, output: Path) -> None:
    """Write the case report: flags with their evidence, the coverage matrix, the complaint
    timeline, Bates gaps, suggested follow-up discovery and the methodology.

    HTML opens offline (no scripts, fonts or images from elsewhere).

    Example:

        monell report --format html -o doe-v-riverton-report.html
    """
    if output.parent and not output.parent.exists():
        raise InputError("the folder for the report does not exist", output.parent)
    data = build_report(case)
    text = json.dumps(data, indent=2, ensure_ascii=False) if fmt == "json" else RENDERERS[fmt](data)
    partial = output.with_name(output.name + ".partial")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, output)  # never a half-written report
    click.echo(f"Report written: {output}")


def build_report(case: Case) -> dict[str, Any]:
    """Every analysis once: the flags reuse the full coverage and complaint reports."""
    kit = AnalysisKit(case)
    coverage, complaints, flags = kit.full_analysis()
    return {
        "incident_date": kit.incident.isoformat(),
        "generated": datetime.now(UTC).isoformat(timespec="seconds"),
        "software": {
            "monell": __version__,
            "models": coverage.model + "; " + complaints.model,
            "taxonomy": _taxonomy_version(case),
        },
        "status": status_to_json(build_status(case.store, str(case.path))),
        "documents": [document_to_json(d) for d in case.store.list_documents()],
        "coverage": coverage_json(coverage),
        "complaints": complaints_json(complaints),
        "flags": flags_json(flags, case.store.review_history()) if flags else None,
        "injury": case.store.injury(),
    }


def _taxonomy_version(case: Case) -> str:
    files = [default_taxonomy_path()]
    extra = case.settings.get("taxonomy", {}).get("file")
    if extra:
        files.append(case.path / extra)
    digest = hashlib.sha256(b"".join(f.read_bytes() for f in files if f.is_file())).hexdigest()
    return f"{' + '.join(f.name for f in files)} sha256:{digest[:16]}"
