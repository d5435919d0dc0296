"""The application layer: case sessions, review decisions, change snapshots, the report and the JSON
output shapes. The CLI and the review page both use it; it imports neither."""
