"""Alignment: each clause to the requirement IDs of the taxonomy, with scores and reasons."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from pipeline.align.gates import LazyGates, open_gates
from pipeline.align.model import AlignmentModel, ModelError, default_model, load_model
from pipeline.align.screen import trigger_screen
from pipeline.align.units import feature_text
from pipeline.model import NormalizedText, RequirementMatch
from pipeline.nlp.sudachi import normalized_forms
from pipeline.text import normalize
from pipeline.text.matching import MatchingForm, matching_form

__all__ = [
    "AlignmentModel",
    "ModelError",
    "NearMiss",
    "Scored",
    "align_texts",
    "align_with_near_misses",
    "default_model",
    "load_model",
    "score_where_triggered",
]


def _evidence(form: MatchingForm, spans: list[tuple[int, int]]) -> tuple[str, ...]:
    """Trigger spans of the squeezed unit text, as the clause's own (normalised) words."""
    owner: list[int] = []  # squeezed character -> unit index
    for k, unit in enumerate(form.units):
        owner.extend([k] * len(unit.replace(" ", "")))
    out: list[str] = []
    for start, end in spans:
        if start >= len(owner):
            continue
        first, last = owner[start], owner[min(end, len(owner)) - 1]
        begin = form.tokens[form.unit_tokens[first][0]].begin
        finish = form.tokens[form.unit_tokens[last][1] - 1].end
        words = form.normalized.text[begin:finish]
        if words and words not in out:
            out.append(words)
    return tuple(out)


def _feature_label(name: str) -> str:
    block, _, value = name.partition("__")
    if block == "triggers":
        kind, rid = value.split(":")[1:3]
        return f"{kind} triggers of {rid}"
    return f"{block}: {value.strip()}"


@dataclass(frozen=True)
class NearMiss:
    """The clause that came closest to a requirement none of the clauses matched."""

    clause_index: int
    score: float
    threshold: float


def align_texts(
    texts: Sequence[str | NormalizedText],
    model: AlignmentModel | None = None,
    explain: bool = True,
    headings: Sequence[str | None] | None = None,
) -> list[tuple[RequirementMatch, ...]]:
    """The requirement matches of each clause text (surface or already normalised), best first.
    Each match carries the words of the clause that are its requirement's trigger expressions and
    the model features that weighed most for it. ``headings[k]``: the headings text ``k`` stands
    under, read by the definition gates (`pipeline.align.gates`)."""
    return align_with_near_misses(texts, model, explain, headings)[0]


def align_with_near_misses(
    texts: Sequence[str | NormalizedText],
    model: AlignmentModel | None = None,
    explain: bool = True,
    headings: Sequence[str | None] | None = None,
) -> tuple[list[tuple[RequirementMatch, ...]], dict[str, NearMiss]]:
    """`align_texts`, and for each requirement no text matched, the text that scored highest for
    it among those its definition gate lets through: a `missing` finding can then name the clause
    an analyst should check."""
    model = model or default_model()
    normalized = [t if isinstance(t, NormalizedText) else normalize(t) for t in texts]
    forms = [matching_form(n) for n in normalized]
    features = [feature_text(f) for f in forms]
    matrix = model.features(features) if features else None
    # the nearest corpus clauses both vote and, with explanations, are named: found once
    near = model.neighbours.nearest(features) if explain and model.neighbours and features else None
    scores = model.scores(features, matrix, near)
    gates = LazyGates([n.text for n in normalized], headings)
    triggers = model.trigger_features() if explain else None
    out: list[tuple[RequirementMatch, ...]] = []
    for i, (form, text, row) in enumerate(zip(forms, features, scores, strict=True)):
        matches = []
        allowed = gates.row(i, model.labels, row >= model.thresholds)
        for j in sorted(model.chosen(row, allowed), key=lambda k: -row[k]):
            rid = model.labels[j]
            evidence: tuple[str, ...] = ()
            reasons: tuple[str, ...] = ()
            alike: tuple[str, ...] = ()
            if triggers is not None:
                evidence = _evidence(form, triggers.hit_spans(text, rid))
                reasons = tuple(_feature_label(n) for n in model.top_features(matrix[i], j))
                if near is not None and model.neighbours is not None:
                    alike = tuple(model.neighbours.examples(near[0][i], near[1][i], j))
                    if alike:
                        reasons += (f"similar corpus clauses: {', '.join(alike)}",)
            matches.append(RequirementMatch(rid, round(float(row[j]), 4), evidence, reasons, alike))
        out.append(tuple(matches))
    near_misses: dict[str, NearMiss] = {}
    if out:
        matched = {m.id for row in out for m in row}
        best = np.argmax(scores, axis=0)
        for j, rid in enumerate(model.labels):
            if rid in matched:
                continue
            i = int(best[j])
            if gates.gated(rid):  # the best text its gate lets through, if any
                ranked = (int(k) for k in np.argsort(-scores[:, j], kind="stable"))
                i = next((k for k in ranked if gates.allows(k, rid)), -1)
                if i < 0:
                    continue
            near_misses[rid] = NearMiss(
                i, round(float(scores[i, j]), 4), round(float(model.thresholds[j]), 4)
            )
    return out, near_misses


@dataclass(frozen=True)
class Scored:
    """How one text scores for one requirement, without explanations."""

    score: float
    threshold: float
    chosen: bool  # what `align_texts` matches


def score_where_triggered(
    texts: Sequence[str | NormalizedText],
    requirement_ids: Sequence[str],
    model: AlignmentModel | None = None,
    headings: Sequence[str | None] | None = None,
) -> list[dict[str, Scored]]:
    """Per text, for each of ``requirement_ids`` whose strong trigger words or patterns occur in
    it (or in its heading, ``headings[k]``: 「業務の実施場所」 over 「…町の指定する場所で行う
    こと。」), its score and whether `align_texts` would match it; a text holding none of them is
    not scored (an empty dict). The score is the text's own. For searching many texts for a few
    requirements where a match must name the requirement's own words: the explanations of
    `align_texts` are then needed only for the few that match."""
    model = model or default_model()
    wanted = [rid for rid in requirement_ids if rid in set(model.labels)]
    out: list[dict[str, Scored]] = [{} for _ in texts]
    if not texts or not wanted:
        return out
    triggers = model.trigger_features()
    screen = trigger_screen(triggers, wanted)
    features: dict[int, str] = {}
    named: dict[int, list[str]] = {}
    heading_found: dict[str, set[str]] = {}  # a section's heading is shared by its clauses

    def strong(norm: NormalizedText) -> tuple[list[str], str | None]:
        # most texts hold none of the words: the screen spares them their matching form
        maybe = screen.may_hold(normalized_forms(norm.text), norm.text)
        if not maybe:
            return [], None
        feature = feature_text(matching_form(norm))
        hits = triggers.hits(feature)
        return [rid for rid in maybe if hits.get(rid, ((), ()))[0]], feature

    texts_normalized: dict[int, NormalizedText] = {}
    for k, t in enumerate(texts):
        norm = texts_normalized[k] = t if isinstance(t, NormalizedText) else normalize(t)
        found, feature = strong(norm)
        heading = headings[k] if headings is not None else None
        if heading:
            if heading not in heading_found:
                heading_found[heading] = set(strong(normalize(heading))[0])
            found += [rid for rid in wanted if rid in heading_found[heading] and rid not in found]
        if found:
            features[k] = feature if feature is not None else feature_text(matching_form(norm))
            named[k] = found
    if not named:
        return out
    order = sorted(named)
    scores = model.scores([features[k] for k in order])
    # a requirement whose definition gate stays closed on a text is not scored there either
    allowed = open_gates(
        [texts_normalized[k].text for k in order],
        model.labels,
        [headings[k] for k in order] if headings is not None else None,
    )
    columns = {rid: j for j, rid in enumerate(model.labels)}
    for k, row, gates in zip(order, scores, allowed, strict=True):
        chosen = set(model.chosen(row, gates).tolist())
        out[k] = {
            rid: Scored(
                round(float(row[columns[rid]]), 4),
                round(float(model.thresholds[columns[rid]]), 4),
                columns[rid] in chosen,
            )
            for rid in named[k]
            if gates[columns[rid]]
        }
    return out
