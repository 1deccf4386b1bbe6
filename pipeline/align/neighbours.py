"""The labels of the most similar training clauses, as a second opinion beside the linear model.

Issuers reuse their wording, and the corpus labels a clause worded like another the same way (a
disposal clause beside a cloud exit, a personal-data clause importing its 特記事項). A linear model
weighs single features; a vote of the nearest clauses carries such a convention whole. Blended
with the model's calibrated scores at a weight chosen out of fold (`models/README.md`).
"""

from __future__ import annotations

import numpy as np
from scipy import sparse

from pipeline.align.features import CharNgramTfidf

K = 10  # neighbours that vote
MAX_DF = 0.05  # n-grams in more than this share of the training clauses are left out
WEIGHT = 0.35  # of the vote in the blended score


class NeighbourVote:
    """Cosine similarity of TF-IDF character 2–3-grams of the lower-cased matching form; each of
    the ``k`` most similar training clauses votes its labels, weighted by its similarity.

    Frequent n-grams (in more than ``max_df`` of the training clauses) are left out: they say
    little about which clause is alike, and they are what makes an exact search slow."""

    def __init__(self, k: int = K, max_df: float = MAX_DF, weight: float = WEIGHT) -> None:
        self.k = k
        self.max_df = max_df
        self.weight = weight

    def fit(self, texts: list[str], y: np.ndarray, ids: list[str]) -> NeighbourVote:
        from sklearn.feature_extraction.text import TfidfVectorizer

        vectorizer = TfidfVectorizer(
            analyzer="char",
            ngram_range=(2, 3),
            max_df=self.max_df,
            sublinear_tf=True,
            lowercase=False,  # done here, so that `CharNgramTfidf` can count the same n-grams
            dtype=np.float32,
        )
        matrix = vectorizer.fit_transform([t.lower() for t in texts])
        self.grams_ = CharNgramTfidf(vectorizer)
        # one column per training clause: a batch's similarities are one sparse product
        self.clauses_ = sparse.csr_matrix(matrix.T, dtype=np.float32)
        self.votes_ = np.asarray(y, dtype=np.float32)
        self.ids_ = np.asarray(ids, dtype=str)
        return self

    def nearest(self, texts: list[str], chunk: int = 256) -> tuple[np.ndarray, np.ndarray]:
        """Per text: its ``k`` most similar training clauses (indices) and their similarities."""
        k = min(self.k, self.clauses_.shape[1])
        nearest = np.zeros((len(texts), k), dtype=np.int64)
        similar = np.zeros((len(texts), k), dtype=np.float32)
        # in chunks, so that the dense similarities (a row per text and a column per training
        # clause) stay in the cache and a large batch does not hold them all at once
        for start in range(0, len(texts), chunk):
            part = [t.lower() for t in texts[start : start + chunk]]
            similarity = (self.grams_.transform(part) @ self.clauses_).toarray()
            rows = top_k(similarity, k)
            nearest[start : start + len(part)] = rows
            similar[start : start + len(part)] = np.take_along_axis(similarity, rows, axis=1)
        return nearest, similar

    def scores(
        self, texts: list[str], near: tuple[np.ndarray, np.ndarray] | None = None
    ) -> np.ndarray:
        """Share of the neighbours' similarity voting for each label, shape (texts, labels);
        ``near`` is the texts' `nearest`, when the caller has it already."""
        if not texts:
            return np.zeros((0, self.votes_.shape[1]))
        nearest, similarity = near if near is not None else self.nearest(texts)
        total = similarity.sum(axis=1, keepdims=True)
        votes = np.einsum("ik,ikj->ij", similarity, self.votes_[nearest])
        return np.divide(votes, total, out=np.zeros_like(votes), where=total > 0).astype(np.float64)

    def blend(
        self,
        model_scores: np.ndarray,
        texts: list[str],
        near: tuple[np.ndarray, np.ndarray] | None = None,
    ) -> np.ndarray:
        return (1.0 - self.weight) * model_scores + self.weight * self.scores(texts, near)

    def examples(
        self, nearest: np.ndarray, similarity: np.ndarray, label: int, n: int = 3
    ) -> list[str]:
        """Of one text's nearest training clauses (a row of `nearest`), the IDs of up to ``n``
        that carry ``label``, most similar first: corpus clauses an analyst can compare with."""
        order = np.argsort(-similarity, kind="stable")
        return [
            str(self.ids_[nearest[j]])
            for j in order
            if similarity[j] > 0 and self.votes_[nearest[j], label] > 0
        ][:n]


def top_k(similarity: np.ndarray, k: int, block: int = 128) -> np.ndarray:
    """Column indices of each row's ``k`` largest values, in no particular order.

    Most similarities tie at zero, which makes a plain partition slow; a ramp of at most a few
    millionths breaks the ties (in favour of the earlier clause). Then only values at least the
    k-th largest of the rows' block maxima can be among the k largest, which leaves a few dozen
    of the thousands to sort (about 3× faster than `np.argpartition` on this corpus)."""
    rows, width = similarity.shape
    ramped = similarity - np.arange(width, dtype=np.float32) * np.float32(1e-9)
    starts = np.arange(0, width, block)
    if len(starts) < k:
        return np.argpartition(ramped, width - k, axis=1)[:, width - k :]
    block_max = np.maximum.reduceat(ramped, starts, axis=1)
    # k blocks hold a value at least this large each, so the k largest are all at least it
    floor = np.partition(block_max, len(starts) - k, axis=1)[:, len(starts) - k]
    row, column = np.nonzero(ramped >= floor[:, None])
    order = np.lexsort((-ramped[row, column], row))
    row, column = row[order], column[order]
    rank = np.arange(len(row)) - np.searchsorted(row, np.arange(rows))[row]
    return column[rank < k].reshape(rows, k)
