"""Complaint files: records, fields, allegation topics and the notice pattern."""
