"""Comparison: the profiles a tender is checked against, its coverage, and its findings."""

from pipeline.compare.assess import assess, guess_profiles

__all__ = ["assess", "guess_profiles"]
