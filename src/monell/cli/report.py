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
    check_writable(output)  # before the analysis, not after it
    data = build_report(case)
    text = json.dumps(data, indent=2, ensure_ascii=False) if fmt == "json" else RENDERERS[fmt](data)
    partial = output.with_name(output.name + ".partial")
    try:
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, output)  # never a half-written report
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise InputError(f"cannot write the report: {error.strerror}", output) from None
    click.echo(f"Report written: {output}")


def check_writable(output: Path) -> None:
    """The report's file can be written: its folder exists and takes files, and it is not
    itself a folder."""
    folder = output.parent if str(output.parent) else Path(".")
    if not folder.is_dir():
        raise InputError("the folder for the report does not exist", folder)
    if output.is_dir():
        raise InputError("is a folder: give the report's file name, e.g. report.html", output)
    if not os.access(folder, os.W_OK):
        raise InputError("the folder for the report cannot be written to", folder)


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
