"""Comparison: the profiles a tender is checked against, its coverage, and its findings."""

from pipeline.compare.assess import assess, guess_profiles
from pipeline.compare.views import key_attributes, matrix, typicality

__all__ = ["assess", "guess_profiles", "key_attributes", "matrix", "typicality"]
