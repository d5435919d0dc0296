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
from monell.analysis.detect import TopicModel
from monell.analysis.memory import TopicMemory
from monell.analysis.run import assess_coverage
from monell.cli.complaints import complaints_json
from monell.cli.coverage import coverage_json
from monell.cli.flags import compute_flags, flags_json
from monell.cli.options import analysis_models, case_option
from monell.complaints.run import assess_complaints
from monell.complaints.topics import AllegationModel
from monell.errors import InputError
from monell.report.document import render_csv, render_html, render_markdown
from monell.resources import (
    SPACY_PACKAGE,
    allegation_memory_path,
    allegation_model_path,
    default_taxonomy_path,
    load_spacy,
    load_spacy_lemmas,
    topic_memory_path,
    topic_model_path,
)
from monell.status import build_status, document_to_json, status_to_json
from monell.taxonomy import load_case_taxonomy
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
    info = case.store.read_case_info(str(case.path))
    models = analysis_models(case)
    taxonomy = load_case_taxonomy(case.path, case.settings)
    spacy_model = str(case.settings.get("models", {}).get("spacy", SPACY_PACKAGE))
    flags = compute_flags(case) if case.store.injury() else None  # indexes anything pending
    nlp, embedder = load_spacy_lemmas(spacy_model), models.embedder()
    coverage = assess_coverage(
        case.store, taxonomy, nlp=nlp, embedder=embedder, model=TopicModel.load(topic_model_path()),
        memory=TopicMemory.load(topic_memory_path()), as_of=info.incident_date,
    )  # fmt: skip
    complaints = assess_complaints(
        case.store, taxonomy, nlp=nlp, ner=load_spacy(spacy_model), embedder=embedder,
        model=AllegationModel.load(allegation_model_path()),
        memory=TopicMemory.load(allegation_memory_path()), incident=info.incident_date,
        defendants=case.store.defendants(),
    )  # fmt: skip
    return {
        "incident_date": info.incident_date.isoformat(),
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
