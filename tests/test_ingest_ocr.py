"""Real Tesseract on generated scans (runs in CI, where .ci/run installs tesseract)."""

from __future__ import annotations

import pytest
from conftest import MakePdf, tesseract_or_skip
from factories import PageSpec

from monell.config import IngestOptions
from monell.ingest.extract import extract_document
from monell.records import Document, ExtractionMethod

pytestmark = pytest.mark.ocr


def test_ocr_of_an_image_only_page_returns_its_words_and_stamp(make_pdf: MakePdf) -> None:
    tesseract_or_skip()
    spec = PageSpec(
        lines=("IN-SERVICE TRAINING SIGN-IN SHEET", "Course: Handcuffing and Control Holds"),
        bates="RIV0000031",
        legend="CONFIDENTIAL",
        image_only=True,
    )
    document = extract_document(str(make_pdf("scan.pdf", [spec])), IngestOptions())
    assert isinstance(document, Document)
    (page,) = document.pages
    assert page.method is ExtractionMethod.OCR
    assert "Handcuffing" in page.text
    assert page.ocr_confidence is not None and page.ocr_confidence > 0.5
    assert str(page.bates) == "RIV0000031"  # read from the pixels of the stamp
    assert page.confidentiality == "CONFIDENTIAL"
