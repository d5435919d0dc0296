"""Reports: the case analysed, rendered for attorneys (HTML, Markdown) and tools (CSV, JSON)."""
