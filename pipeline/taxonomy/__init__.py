"""The canonical requirement taxonomy, shipped as package data and validated on load."""

from pipeline.taxonomy.schema import (
    Element,
    Profile,
    Requirement,
    Taxonomy,
    TaxonomyError,
    load_taxonomy,
    parse_taxonomy,
)

__all__ = [
    "Element",
    "Profile",
    "Requirement",
    "Taxonomy",
    "TaxonomyError",
    "load_taxonomy",
    "parse_taxonomy",
]
