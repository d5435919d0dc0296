"""The whole case in one structure: what `monell report` renders and other tools read."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any

from monell import __version__
from monell.app.session import CaseSession
from monell.app.shapes.complaints import complaints_json
from monell.app.shapes.courses import courses_json
from monell.app.shapes.coverage import coverage_json
from monell.app.shapes.flags import flags_json
from monell.app.status import build_status, document_to_json, status_to_json
from monell.app.workspace import Case
from monell.resources import default_taxonomy_path


def build_report(case: Case) -> dict[str, Any]:
    """Every analysis once: the flags reuse the full coverage and complaint reports."""
    kit = CaseSession(case)
    coverage, complaints, flags = kit.all_reports()
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
        "courses": courses_json(coverage)["courses"],
        "complaints": complaints_json(complaints),
        "flags": flags_json(flags, case.store.review_history()) if flags else None,
        "injury": case.store.injury(),
    }


def _taxonomy_version(case: Case) -> str:
    files = [default_taxonomy_path()]
    if case.taxonomy_file is not None:
        files.append(case.taxonomy_file)
    digest = hashlib.sha256(b"".join(f.read_bytes() for f in files if f.is_file())).hexdigest()
    return f"{' + '.join(f.name for f in files)} sha256:{digest[:16]}"
