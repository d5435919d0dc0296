"""``monell report``: the whole analysis in one file, for an attorney or another tool."""

from __future__ import annotations

import json
import os
from pathlib import Path

import click

from monell.app.report import build_report
from monell.app.workspace import Case
from monell.cli.options import case_option
from monell.errors import InputError
from monell.report.document import render_csv, render_html, render_markdown

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
