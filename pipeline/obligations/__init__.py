"""Obligation frames for aligned clauses (see `frames.py`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from pipeline.model import NormalizedText, Obligation
from pipeline.obligations.frames import extract

__all__ = ["extract_obligations"]


def extract_obligations(
    clauses: Sequence[tuple[NormalizedText, Sequence[str]]],
    surfaces: Sequence[str] | None = None,
    contexts: Sequence[str | None] | None = None,
    glossaries: Sequence[Mapping[str, str] | None] | None = None,
) -> list[tuple[Obligation, ...]]:
    """Frames for each clause, given its normalised text and its requirement IDs (and, to quote
    exceptions and deadlines as printed, its surface text; the clause introducing a list item; the
    terms its document defines, see `slots.glossary`)."""
    from pipeline.align import default_model
    from pipeline.align.units import feature_text
    from pipeline.text import normalize
    from pipeline.text.matching import matching_form

    triggers = default_model().trigger_features()

    def hits(text: str, requirement: str) -> float:
        form = feature_text(matching_form(normalize(text)))
        strong, weak = triggers.hits(form).get(requirement, ([], []))
        return 2.0 * len(strong) + len(weak)

    return extract(clauses, hits, surfaces, contexts, glossaries)
