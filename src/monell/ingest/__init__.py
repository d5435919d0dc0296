"""Ingestion: discover files, read PDFs (text layer or OCR), find Bates stamps, store."""
