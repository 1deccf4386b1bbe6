"""Structure: the numbering tree of sections, clauses, and which sections concern security."""

from pipeline.structure.numbering import Label, parse_label
from pipeline.structure.outline import build_structure

__all__ = ["Label", "build_structure", "parse_label"]
