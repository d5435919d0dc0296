"""JSON output shapes shared by the CLI (--json), the report and the review page."""
