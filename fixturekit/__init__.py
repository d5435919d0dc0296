"""Dev-only builders of test and sample inputs: never shipped in the wheel.

Used by the tests, ``make demo`` (``python -m scripts.make_sample_production``) and the
eval builders (``python -m scripts.build_coverage_eval``, ``scripts.build_complaints_eval``):

- ``stamped_pdf``: the one Bates-stamped PDF renderer (``StampedPDF``) and its stamp layouts;
- ``pages``: test PDFs from ``PageSpec`` (text, ruled tables, image-only scans);
- ``loadfile``: load-file volumes (Concordance DAT, Opticon OPT, page images, text, natives);
- ``natives``: native files (xlsx, docx, eml, and hand-written .xls and .msg);
- ``tiny_model``: a tiny sentence-transformers model folder (embedding-path tests);
- ``fonts``: the TrueType faces page images are drawn with;
- ``data``: sample prose read by the builders (``read_data``).
"""
