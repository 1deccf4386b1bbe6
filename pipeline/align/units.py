"""The clause as the alignment model reads it: its matching-form units joined by single spaces,
and the taxonomy's trigger expressions in the same form. Free of scikit-learn, so that a process
which only stores results (a batch's writer) never pays for importing it."""

from __future__ import annotations

from pipeline.model import NormalizedText
from pipeline.taxonomy import Taxonomy
from pipeline.text import normalize
from pipeline.text.matching import MatchingForm, matching_form

UNIT_SEPARATOR = " "


def feature_text(form: MatchingForm) -> str:
    """What the model reads: the clause's units, space-separated."""
    return UNIT_SEPARATOR.join(u.replace(" ", "") for u in form.units)


def text_of(clause_text: str | NormalizedText) -> str:
    norm = clause_text if isinstance(clause_text, NormalizedText) else normalize(clause_text)
    return feature_text(matching_form(norm))


def compile_triggers(taxonomy: Taxonomy) -> dict[str, tuple[list[str], list[str], list[str]]]:
    """Each requirement's strong and weak trigger words, in the same unit form as the clauses with
    the separators removed, and its patterns (regular expressions over that form)."""
    out: dict[str, tuple[list[str], list[str], list[str]]] = {}
    for r in taxonomy.requirements:
        strong = [text_of(t).replace(UNIT_SEPARATOR, "") for t in r.strong_triggers]
        weak = [text_of(t).replace(UNIT_SEPARATOR, "") for t in r.weak_triggers]
        out[r.id] = (strong, weak, list(r.patterns))
    return out
