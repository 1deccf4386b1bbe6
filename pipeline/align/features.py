"""Features of a clause for the alignment model.

The model sees the clause's matching form (Sudachi normalised forms with roles and digits, units
joined by single spaces): character 1–3-grams of it, unit unigrams and bigrams, and for every
requirement how many of its strong and weak trigger expressions occur. Never scikit-learn's
default token pattern, which would take a whole run of Japanese for one word.
"""

from __future__ import annotations

import itertools
import re
import sys
import weakref
from collections.abc import Iterable

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion

from pipeline.align.needles import _compiled, _needles, needle_sets
from pipeline.align.units import UNIT_SEPARATOR, compile_triggers, feature_text, text_of

__all__ = [
    "UNIT_SEPARATOR",
    "CharNgramTfidf",
    "TriggerFeatures",
    "WordNgramTfidf",
    "build_features",
    "char_ngrams",
    "compile_triggers",
    "feature_text",
    "needle_sets",
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

    def transform(self, X: Iterable[str], chunk: int = 4096) -> sparse.csr_matrix:
        """The counts `hits` gives, without its explanation lists: a strong hit per occurrence of a
        word in the requirement's strong list (a word listed twice counts twice) and per pattern
        that matches, a weak hit per occurrence in its weak list; log(1 + count) each."""
        texts = [text.replace(UNIT_SEPARATOR, "") for text in X]
        counter = _counter(self)
        if len(texts) <= chunk:
            return counter.counts(texts)
        parts = [counter.counts(texts[i : i + chunk]) for i in range(0, len(texts), chunk)]
        return sparse.vstack(parts, format="csr")

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


class _TriggerCounter:
    """Trigger counts of a batch of squeezed clauses, found with numpy.

    Every trigger word is looked for at once, together with each pattern's needles (literals one
    of which any match of the pattern contains): a position is a candidate where its first two
    characters begin some needle, and the needle is found there only if all its characters
    follow within the same clause. A pattern is then searched only in the clauses that hold one
    of its needles, a pattern without needles in every clause, so the counts are exactly those
    of `TriggerFeatures.hits`."""

    def __init__(self, triggers: dict, ids: list[str]) -> None:
        self.triggers, self.ids = triggers, list(ids)
        self.n_columns = 2 * len(ids)
        needles: dict[str, int] = {}
        word_columns: dict[int, list[int]] = {}
        self.patterns: list[tuple[int, re.Pattern[str]]] = []
        required: list[frozenset[str] | None] = []
        for k, rid in enumerate(ids):
            strong, weak, patterns = triggers[rid]
            for kind, words in enumerate((strong, weak)):
                for word in words:
                    if word:
                        n = needles.setdefault(word, len(needles))
                        word_columns.setdefault(n, []).append(2 * k + kind)
            for pattern in patterns:
                compiled = _compiled(pattern)
                self.patterns.append((2 * k, compiled))
                required.append(_needles(compiled))
        for words in required:
            for word in words or ():
                needles.setdefault(word, len(needles))
        owners: list[list[int]] = [[] for _ in needles]
        for j, words in enumerate(required):
            for word in words or ():
                owners[needles[word]].append(j)
        self.n_needles = len(needles)
        self.words = list(needles)
        self.columns_of = [word_columns.get(n, []) for n in range(len(needles))]
        self.patterns_of = owners
        self.word_columns = _ragged(self.columns_of)
        self.needle_patterns = _ragged(owners)
        self.everywhere = [j for j, words in enumerate(required) if words is None]

        self.lengths = np.array([len(w) for w in needles], dtype=np.int64)
        self.max_length = int(self.lengths.max(initial=0))
        # -1 pads a needle past its end and, being no code point, equals no character
        self.points = np.full((len(needles), max(self.max_length, 2)), -1, dtype=np.int64)
        for n, word in enumerate(needles):
            self.points[n, : len(word)] = [ord(ch) for ch in word]
        singles = np.flatnonzero(self.lengths == 1)
        order = np.argsort(self.points[singles, 0])
        self.single_codes, self.single_needles = self.points[singles, 0][order], singles[order]
        longer = np.flatnonzero(self.lengths >= 2)
        codes = (self.points[longer, 0] << 21) | self.points[longer, 1]
        order = np.argsort(codes, kind="stable")
        self.prefix_codes, first, size = np.unique(
            codes[order], return_index=True, return_counts=True
        )
        self.prefixes = (first, size, longer[order])
        self.first = np.zeros(sys.maxunicode + 1, dtype=bool)
        self.first[self.points[:, 0][self.lengths > 0]] = True

    def counts(self, texts: list[str]) -> sparse.csr_matrix:
        """log(1 + count) per squeezed clause and (requirement, strong or weak) column."""
        # numpy's fixed cost per call outweighs its speed for a handful of clauses
        counts = self._count_each(texts) if len(texts) < _FEW else self._count_all(texts)
        r, c = np.nonzero(counts)
        indptr = np.concatenate([[0], np.cumsum(np.count_nonzero(counts, axis=1))])
        return sparse.csr_matrix(
            (np.log1p(counts[r, c]), c, indptr), shape=(len(texts), self.n_columns)
        )

    def _count_each(self, texts: list[str]) -> np.ndarray:
        rows = []
        for text in texts:
            row = [0] * self.n_columns
            candidates = set(self.everywhere)
            for n, word in enumerate(self.words):
                if word in text:
                    for column in self.columns_of[n]:
                        row[column] += 1
                    candidates.update(self.patterns_of[n])
            for j in candidates:
                column, pattern = self.patterns[j]
                if pattern.search(text):
                    row[column] += 1
            rows.append(row)
        return np.array(rows, dtype=np.int64).reshape(len(texts), self.n_columns)

    def _count_all(self, texts: list[str]) -> np.ndarray:
        rows, needles = self._found(texts)
        counts = np.zeros((len(texts), self.n_columns), dtype=np.int64)
        np.add.at(counts, _expand(rows, needles, *self.word_columns), 1)
        rows, patterns = _expand(rows, needles, *self.needle_patterns)
        n_patterns = max(len(self.patterns), 1)
        key = np.unique(rows * n_patterns + patterns)
        candidates = zip((key // n_patterns).tolist(), (key % n_patterns).tolist(), strict=True)
        everywhere = ((i, j) for j in self.everywhere for i in range(len(texts)))
        for i, j in itertools.chain(candidates, everywhere):
            column, pattern = self.patterns[j]
            if pattern.search(texts[i]):
                counts[i, column] += 1
        return counts

    def _found(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """(clause, needle) for every needle that occurs in a clause, each pair once."""
        if not texts or not self.n_needles:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        lengths = np.fromiter((len(t) for t in texts), np.int64, len(texts))
        # what joins the clauses does not matter: an occurrence counts only if it ends within
        # the clause it starts in
        points = np.frombuffer("\0".join(texts).encode("utf-32-le"), np.uint32).astype(np.int64)
        n = len(points)
        row_of = np.repeat(np.arange(len(texts)), lengths + 1)[:n]
        end_of = (np.cumsum(lengths + 1) - 1)[row_of]
        points = np.concatenate([points, np.full(self.max_length + 1, -1, dtype=np.int64)])
        positions, needles = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int64)]
        # most characters begin no needle: a table look-up drops them before any search
        start = np.flatnonzero(self.first[points[:n]])
        if len(self.single_codes):
            at = np.searchsorted(self.single_codes, points[start])
            at = np.minimum(at, len(self.single_codes) - 1)
            found = (self.single_codes[at] == points[start]) & (start < end_of[start])
            positions.append(start[found])
            needles.append(self.single_needles[at[found]])
        if len(self.prefix_codes):
            codes = (points[start] << 21) | points[start + 1]
            at = np.minimum(np.searchsorted(self.prefix_codes, codes), len(self.prefix_codes) - 1)
            found = np.flatnonzero(self.prefix_codes[at] == codes)
            hit, at = start[found], at[found]
            pos, needle = _expand(hit, at, *self.prefixes)
            length = self.lengths[needle]
            inside = pos + length <= end_of[pos]
            pos, needle, length = pos[inside], needle[inside], length[inside]
            for k in range(2, self.max_length):
                longer = length > k
                if not longer.any():
                    break
                same = ~longer | (points[pos + k] == self.points[needle, k])
                pos, needle, length = pos[same], needle[same], length[same]
            positions.append(pos)
            needles.append(needle)
        rows = row_of[np.concatenate(positions)]
        key = np.unique(rows * self.n_needles + np.concatenate(needles))
        return key // self.n_needles, key % self.n_needles


def _ragged(lists: list[list[int]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Lists of integers as (first, size, flat): list i is flat[first[i] : first[i] + size[i]]."""
    size = np.array([len(x) for x in lists], dtype=np.int64)
    first = np.cumsum(size) - size
    flat = np.fromiter(itertools.chain.from_iterable(lists), np.int64, int(size.sum()))
    return first, size, flat


def _expand(
    keys: np.ndarray, items: np.ndarray, first: np.ndarray, size: np.ndarray, flat: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Each (key, item) pair once per entry of the item's list: (key, entry)."""
    counts = size[items]
    total = int(counts.sum())
    within = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
    return np.repeat(keys, counts), flat[np.repeat(first[items], counts) + within]


_COUNTERS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
# below this many clauses, trigger counts are found clause by clause in Python
_FEW = 4


def _counter(features: TriggerFeatures) -> _TriggerCounter:
    counter = _COUNTERS.get(features)
    if counter is None or counter.triggers is not features.triggers or counter.ids != features.ids_:
        counter = _COUNTERS[features] = _TriggerCounter(features.triggers or {}, features.ids_)
    return counter


class CharNgramTfidf:
    """A fitted character n-gram `TfidfVectorizer`'s transform, done for a whole batch with numpy:
    the same matrix as its own, several times faster than its Python loop over every
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
        # a batch too short for any n-gram (one empty clause, with 2-grams and up) has none
        empty = np.zeros(0, dtype=np.int64)
        rows, columns = [empty], [empty]
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
        return _tfidf(
            np.concatenate(rows),
            np.concatenate(columns),
            len(texts),
            self.idf,
            self.sublinear,
            self.norm,
        )


class WordNgramTfidf:
    """A fitted word n-gram `TfidfVectorizer`'s transform (tokens separated by white space,
    n-grams up to 2), done for a whole batch with numpy: the same matrix as its own, several times
    faster than its Python loop that joins and looks up every bigram. Tokens become integers by
    one dictionary look-up each, and a bigram the pair of its tokens' integers, so the fitted
    vocabulary becomes one sorted array to search."""

    def __init__(self, vectorizer: TfidfVectorizer) -> None:
        self.min_n, self.max_n = vectorizer.ngram_range
        if not (
            vectorizer.analyzer == "word"
            and vectorizer.token_pattern == r"\S+"
            and vectorizer.tokenizer is None
            and vectorizer.preprocessor is None
            and vectorizer.stop_words is None
            and vectorizer.strip_accents is None
            and not vectorizer.lowercase
            and not vectorizer.binary
            and vectorizer.use_idf
            and vectorizer.input == "content"
            and vectorizer.norm in ("l2", None)
            and 1 <= self.min_n <= self.max_n <= 2
        ):
            raise ValueError(
                "WordNgramTfidf covers white-space tokens as they are, n-grams up to 2, tf-idf"
            )
        self.tokens: dict[str, int] = {}
        unigrams: list[tuple[int, int]] = []
        bigrams: list[tuple[int, int, int]] = []
        for feature, column in vectorizer.vocabulary_.items():
            ids = [self.tokens.setdefault(t, len(self.tokens)) for t in feature.split(" ")]
            if len(ids) == 1:
                unigrams.append((ids[0], column))
            else:
                bigrams.append((*ids, column))
        # one more id for every token outside the vocabulary
        self.unknown = len(self.tokens)
        self.unigram_columns = np.full(self.unknown + 1, -1, dtype=np.int64)
        for token, column in unigrams:
            self.unigram_columns[token] = column
        pairs = np.array(bigrams, dtype=np.int64).reshape(-1, 3)
        codes = pairs[:, 0] * (self.unknown + 1) + pairs[:, 1]
        order = np.argsort(codes)
        self.bigram_codes, self.bigram_columns = codes[order], pairs[order, 2]
        self.idf = np.asarray(vectorizer.idf_, dtype=np.float32)
        self.sublinear = bool(vectorizer.sublinear_tf)
        self.norm = vectorizer.norm

    def transform(self, texts: list[str]) -> sparse.csr_matrix:
        # str.split() breaks at exactly the characters regular expressions call \s, so its
        # tokens are those of the pattern \S+
        tokens = [t.split() for t in texts]
        lengths = np.fromiter(map(len, tokens), np.int64, len(tokens))
        ids = np.fromiter(
            map(
                self.tokens.get,
                itertools.chain.from_iterable(tokens),
                itertools.repeat(self.unknown),
            ),
            np.int64,
            int(lengths.sum()),
        )
        row = np.repeat(np.arange(len(texts)), lengths)
        rows, columns = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int64)]
        if self.min_n == 1:
            column = self.unigram_columns[ids]
            known = column >= 0
            rows.append(row[known])
            columns.append(column[known])
        if self.max_n == 2 and len(ids) > 1 and len(self.bigram_codes):
            code = ids[:-1] * (self.unknown + 1) + ids[1:]
            at = np.minimum(np.searchsorted(self.bigram_codes, code), len(self.bigram_codes) - 1)
            known = (self.bigram_codes[at] == code) & (row[:-1] == row[1:])
            rows.append(row[:-1][known])
            columns.append(self.bigram_columns[at[known]])
        return _tfidf(
            np.concatenate(rows),
            np.concatenate(columns),
            len(texts),
            self.idf,
            self.sublinear,
            self.norm,
        )


def _tfidf(
    rows: np.ndarray,
    columns: np.ndarray,
    n_rows: int,
    idf: np.ndarray,
    sublinear: bool,
    norm: str | None,
) -> sparse.csr_matrix:
    """The tf-idf matrix of n-grams found at (row, column): the float32 operations of
    scikit-learn's `TfidfTransformer`, in its order, so the same numbers to the last bit."""
    x = sparse.csr_matrix(
        (np.ones(len(rows), dtype=np.float32), (rows, columns)),
        shape=(n_rows, len(idf)),
        dtype=np.float32,
    )
    # sorted columns within a row, as scikit-learn's count matrix has, fix the order of the sums
    x.sum_duplicates()
    data = x.data
    if sublinear:
        np.log(data, out=data)
        data += 1.0
    data *= idf[x.indices]
    if norm == "l2":
        # squares in float32, their sum and the division in float64, as scikit-learn does
        row_of = np.repeat(np.arange(n_rows), np.diff(x.indptr))
        squares = (data * data).astype(np.float64)
        norms = np.sqrt(np.bincount(row_of, weights=squares, minlength=n_rows))
        norms[norms == 0] = 1.0
        x.data = (data / norms[row_of]).astype(np.float32)
    elif norm is not None:
        raise ValueError(f"tf-idf norm {norm!r} is not reproduced")
    return x


_WHITE_SPACES = re.compile(r"\s\s+")


def _gram_code(gram: str) -> int:
    code = 0
    for ch in gram:
        code = (code << 21) | (ord(ch) + 1)
    return code


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
