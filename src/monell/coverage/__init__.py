"""Analyses over the indexed case: training coverage (and later notice, injury, flags)."""
