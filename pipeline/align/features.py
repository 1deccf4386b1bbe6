"""Features of a clause for the alignment model.

The model sees the clause's matching form (Sudachi normalised forms with roles and digits, units
joined by single spaces): character 1–3-grams of it, unit unigrams and bigrams, and for every
requirement how many of its strong and weak trigger expressions occur. Never scikit-learn's
default token pattern, which would take a whole run of Japanese for one word.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion

from pipeline.align.units import UNIT_SEPARATOR, compile_triggers, feature_text, text_of

__all__ = [
    "UNIT_SEPARATOR",
    "TriggerFeatures",
    "build_features",
    "compile_triggers",
    "feature_text",
    "text_of",
]


class TriggerFeatures(TransformerMixin, BaseEstimator):
    """Per requirement: log(1 + strong hits) and log(1 + weak hits) of its trigger expressions,
    where a pattern match counts as a strong hit.

    ``triggers`` maps requirement ID to (strong, weak, patterns) as made by `compile_triggers`;
    they are data, so a fitted model carries the triggers it was trained with.
    """

    def __init__(self, triggers: dict | None = None) -> None:
        self.triggers = triggers

    def fit(self, X, y=None):
        if not self.triggers:
            raise ValueError(
                "The 'triggers' parameter of TriggerFeatures must be a non-empty dict."
            )
        self.ids_ = sorted(self.triggers)
        return self

    def hit_spans(self, text: str, rid: str) -> list[tuple[int, int]]:
        """Where requirement ``rid``'s triggers occur in the squeezed feature text."""
        squeezed = text.replace(UNIT_SEPARATOR, "")
        strong, weak, patterns = self.triggers[rid]
        spans = []
        for t in (*strong, *weak):
            start = squeezed.find(t) if t else -1
            if start >= 0:
                spans.append((start, start + len(t)))
        for p in patterns:
            if m := _compiled(p).search(squeezed):
                spans.append(m.span())
        return sorted(set(spans))

    def hits(self, text: str) -> dict[str, tuple[list[str], list[str]]]:
        """Which triggers of each requirement occur in a clause's feature text: (strong, weak)."""
        squeezed = text.replace(UNIT_SEPARATOR, "")
        out = {}
        for rid in self.ids_:
            strong, weak, patterns = self.triggers[rid]
            s = [t for t in strong if t and t in squeezed]
            s += [m.group(0) for p in patterns if (m := _compiled(p).search(squeezed))]
            w = [t for t in weak if t and t in squeezed]
            if s or w:
                out[rid] = (s, w)
        return out

    def transform(self, X):
        rows, cols, vals = [], [], []
        index = {rid: k for k, rid in enumerate(self.ids_)}
        for i, text in enumerate(X):
            for rid, (s, w) in self.hits(text).items():
                if s:
                    rows.append(i)
                    cols.append(2 * index[rid])
                    vals.append(np.log1p(len(s)))
                if w:
                    rows.append(i)
                    cols.append(2 * index[rid] + 1)
                    vals.append(np.log1p(len(w)))
        return sparse.csr_matrix((vals, (rows, cols)), shape=(len(X), 2 * len(self.ids_)))

    def get_feature_names_out(self, input_features=None):
        return np.array(
            [f"trigger:{kind}:{rid}" for rid in self.ids_ for kind in ("strong", "weak")]
        )


@lru_cache(maxsize=1024)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def build_features(triggers: dict) -> FeatureUnion:
    return FeatureUnion(
        [
            (
                "chars",
                TfidfVectorizer(
                    analyzer="char",
                    ngram_range=(1, 3),
                    min_df=2,
                    sublinear_tf=True,
                    lowercase=False,
                    dtype=np.float32,
                ),
            ),
            (
                "units",
                TfidfVectorizer(
                    analyzer="word",
                    token_pattern=r"\S+",
                    ngram_range=(1, 2),
                    min_df=2,
                    sublinear_tf=True,
                    lowercase=False,
                    dtype=np.float32,
                ),
            ),
            ("triggers", TriggerFeatures(triggers)),
        ]
    )
