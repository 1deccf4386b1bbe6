"""Features of a clause for the alignment model.

The model sees the clause's matching form (Sudachi normalised forms with roles and digits, units
joined by single spaces): character 1–3-grams of it, unit unigrams and bigrams, and for every
requirement how many of its strong and weak trigger expressions occur. Never scikit-learn's
default token pattern, which would take a whole run of Japanese for one word.
"""

from __future__ import annotations

import re
import weakref
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
    "char_ngrams",
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
        matcher = _matcher(self)
        found: dict[str, tuple[list[tuple[int, str]], list[tuple[int, str]]]] = {}
        for word in matcher.words_in(squeezed):
            for rid, kind, position in matcher.owners[word]:
                found.setdefault(rid, ([], []))[kind].append((position, word))
        matched = {}
        for rid, patterns in matcher.patterns.items():
            groups = [m.group(0) for p in patterns if (m := p.search(squeezed))]
            if groups:
                matched[rid] = groups
        out = {}
        for rid in self.ids_:
            if rid not in found and rid not in matched:
                continue
            strong, weak = found.get(rid, ([], []))
            # in the order of the requirement's lists, as a plain scan of them gives
            out[rid] = (
                [word for _, word in sorted(strong)] + matched.get(rid, []),
                [word for _, word in sorted(weak)],
            )
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


class _TriggerMatcher:
    """All requirements' trigger words in one regular expression shaped as a trie, and their
    patterns compiled: one scan of a clause finds every word that occurs in it."""

    def __init__(self, triggers: dict) -> None:
        self.owners: dict[str, list[tuple[str, int, int]]] = {}
        self.patterns: dict[str, list[re.Pattern[str]]] = {}
        for rid, (strong, weak, patterns) in triggers.items():
            for kind, words in enumerate((strong, weak)):
                for position, word in enumerate(words):
                    if word:
                        self.owners.setdefault(word, []).append((rid, kind, position))
            if patterns:
                self.patterns[rid] = [re.compile(p) for p in patterns]
        trie: dict = {}
        for word in self.owners:
            node = trie
            for ch in word:
                node = node.setdefault(ch, {})
            node[""] = {}
        # a lookahead finds, at every position, the longest word starting there; the words that
        # start there too are exactly its prefixes that are words
        self.regex = re.compile(f"(?=({_trie_pattern(trie)}))") if trie else None
        self.prefixes = {
            w: [w[:k] for k in range(1, len(w) + 1) if w[:k] in self.owners] for w in self.owners
        }

    def words_in(self, text: str) -> set[str]:
        present: set[str] = set()
        if self.regex is not None:
            for m in self.regex.finditer(text):
                if m.group(1):
                    present.update(self.prefixes[m.group(1)])
        return present


def _trie_pattern(node: dict) -> str:
    branches = [re.escape(ch) + _trie_pattern(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


_MATCHERS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _matcher(features: TriggerFeatures) -> _TriggerMatcher:
    # kept beside the estimator, not on it, so that a saved model holds only its triggers
    matcher = _MATCHERS.get(features)
    if matcher is None:
        matcher = _MATCHERS[features] = _TriggerMatcher(features.triggers or {})
    return matcher


class CharNgramTfidf:
    """A fitted character n-gram `TfidfVectorizer`'s transform, done for a whole batch with numpy:
    the same matrix (to float32 rounding), several times faster than its Python loop over every
    n-gram of every clause. An n-gram is coded by its code points, 21 bits each, so the fitted
    vocabulary becomes one sorted array to search."""

    def __init__(self, vectorizer: TfidfVectorizer) -> None:
        self.min_n, self.max_n = vectorizer.ngram_range
        if self.max_n > 3 or vectorizer.analyzer != "char" or vectorizer.lowercase:
            raise ValueError("CharNgramTfidf covers char n-grams up to 3 without lowercasing")
        vocabulary = vectorizer.vocabulary_
        codes = np.fromiter((_gram_code(g) for g in vocabulary), np.int64, len(vocabulary))
        columns = np.fromiter(vocabulary.values(), np.int64, len(vocabulary))
        order = np.argsort(codes)
        self.codes, self.columns = codes[order], columns[order]
        self.idf = np.asarray(vectorizer.idf_, dtype=np.float32)
        self.sublinear = bool(vectorizer.sublinear_tf)
        self.norm = vectorizer.norm

    def transform(self, texts: list[str], chunk: int = 256) -> sparse.csr_matrix:
        parts = [self._transform(texts[i : i + chunk]) for i in range(0, len(texts), chunk)]
        if not parts:
            return sparse.csr_matrix((0, len(self.idf)), dtype=np.float32)
        return sparse.vstack(parts, format="csr")

    def _transform(self, texts: list[str]) -> sparse.csr_matrix:
        # as scikit-learn's analyzer: runs of white space become one space
        texts = [_WHITE_SPACES.sub(" ", t) for t in texts]
        lengths = np.fromiter((len(t) for t in texts), np.int64, len(texts))
        # clauses joined by NUL, which no clause contains, so that no n-gram spans two
        points = np.frombuffer(("\0".join(texts) + "\0").encode("utf-32-le"), np.uint32)
        points = points.astype(np.int64)
        row_of = np.repeat(np.arange(len(texts)), lengths + 1)
        inside = points != 0
        shifted = points + 1
        rows, columns = [], []
        for n in range(self.min_n, self.max_n + 1):
            m = len(points) - n + 1
            if m <= 0:
                continue
            code, ok = shifted[:m].copy(), inside[:m].copy()
            for k in range(1, n):
                code = (code << 21) | shifted[k : k + m]
                ok &= inside[k : k + m]
            code, row = code[ok], row_of[:m][ok]
            at = np.minimum(np.searchsorted(self.codes, code), len(self.codes) - 1)
            known = self.codes[at] == code
            rows.append(row[known])
            columns.append(self.columns[at[known]])
        r, c = np.concatenate(rows), np.concatenate(columns)
        x = sparse.csr_matrix(
            (np.ones(len(r), dtype=np.float32), (r, c)),
            shape=(len(texts), len(self.idf)),
            dtype=np.float32,
        )
        x.sum_duplicates()
        if self.sublinear:
            np.log(x.data, x.data)
            x.data += 1.0
        x.data *= self.idf[x.indices]
        if self.norm == "l2":
            norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1), dtype=np.float32).ravel())
            norms[norms == 0] = 1.0
            x = sparse.csr_matrix(sparse.diags((1.0 / norms).astype(np.float32)) @ x)
        return x


_WHITE_SPACES = re.compile(r"\s\s+")


def _gram_code(gram: str) -> int:
    code = 0
    for ch in gram:
        code = (code << 21) | (ord(ch) + 1)
    return code


@lru_cache(maxsize=1024)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def char_ngrams() -> TfidfVectorizer:
    """Character 1–3-grams as the model counts them (what `CharNgramTfidf` reproduces)."""
    return TfidfVectorizer(
        analyzer="char",
        ngram_range=(1, 3),
        min_df=2,
        sublinear_tf=True,
        lowercase=False,
        dtype=np.float32,
    )


def build_features(triggers: dict) -> FeatureUnion:
    return FeatureUnion(
        [
            ("chars", char_ngrams()),
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
