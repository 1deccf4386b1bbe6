"""The label vote of the most similar training clauses (pipeline/align/neighbours.py)."""

from __future__ import annotations

import numpy as np
import pytest

from pipeline.align.neighbours import NeighbourVote, top_k

TRAINING = [
    "受注者 は 本業務 で 知り得た 情報 を 第三者 に 漏らし て は なら ない",
    "受注者 は 再委託 を 行う 場合 あらかじめ 書面 に よる 承認 を 得る こと",
    "受注者 は 契約 終了 後 に 貸与 資料 を 返却 し 複製 を 消去 する こと",
    "受注者 は 情報 セキュリティ インシデント を 直ちに 報告 する こと",
]
LABELS = np.array([[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]])
IDS = ["T1-1", "T1-2", "T2-1", "T2-2"]


def vote(k: int = 2, max_df: float = 1.0) -> NeighbourVote:
    return NeighbourVote(k=k, max_df=max_df).fit(TRAINING, LABELS, IDS)


def test_a_clause_worded_like_a_training_clause_gets_its_labels_most():
    scores = vote().scores(["受注者 は 再委託 する 場合 は 事前 に 書面 に よる 承認 を 得る こと"])
    assert scores.shape == (1, 4)
    assert scores[0].argmax() == 1
    assert scores[0].sum() == pytest.approx(1.0)  # shares of the neighbours' similarity


def test_a_clause_like_no_training_clause_gets_no_vote():
    assert not vote().scores(["ＡＢＣ"]).any()
    assert vote().scores([]).shape == (0, 4)


def test_more_neighbours_asked_for_than_there_are_clauses():
    scores = vote(k=10).scores([TRAINING[2]])
    assert scores[0].argmax() == 2


def test_frequent_ngrams_are_left_out_of_the_similarity():
    # every training clause begins 「受注者 は」: with max_df below 1 it says nothing
    only_common = "受注者 は"
    assert vote(max_df=1.0).scores([only_common]).any()
    assert not vote(max_df=0.5).scores([only_common]).any()


def test_examples_are_the_nearest_clauses_carrying_the_label():
    v = vote(k=4)
    near, sims = v.nearest([TRAINING[3]])
    assert v.examples(near[0], sims[0], 3) == ["T2-2"]
    assert v.examples(near[0], sims[0], 0, n=0) == []


@pytest.mark.parametrize("seed", range(5))
def test_top_k_finds_the_k_largest_among_many_ties(seed):
    rng = np.random.default_rng(seed)
    similarity = np.zeros((40, 1500), dtype=np.float32)
    mask = rng.random(similarity.shape) < rng.uniform(0.001, 0.5)
    similarity[mask] = rng.random(int(mask.sum()), dtype=np.float32)
    similarity[0] = 0.0  # a row with nothing in common: the k earliest clauses
    got = top_k(similarity, 10)
    ramped = similarity - np.arange(1500, dtype=np.float32) * np.float32(1e-9)
    expected = np.argpartition(ramped, 1490, axis=1)[:, 1490:]
    assert [set(r) for r in got] == [set(r) for r in expected]
    assert set(got[0]) == set(range(10))


def test_top_k_of_a_narrow_matrix():
    similarity = np.array([[0.1, 0.5, 0.0], [0.0, 0.0, 0.2]], dtype=np.float32)
    assert [set(r) for r in top_k(similarity, 2)] == [{0, 1}, {0, 2}]


@pytest.mark.parametrize("texts", [[""], ["a"], ["", "受"]])
def test_clauses_too_short_for_any_ngram_get_no_vote(texts):
    # regression: a batch of one empty clause made the 2-3-gram count fail (no array to
    # concatenate), and with it the whole analysis of a document (found by tests/test_fuzz.py)
    assert not vote().scores(texts).any()


def test_the_shipped_model_votes_and_names_the_corpus_clauses_alike():
    from pipeline.align import align_texts, default_model
    from pipeline.align.corpus import load_corpus

    assert default_model().neighbours is not None
    clause = next(c for c in load_corpus()["test"] if c.labels)
    matches = align_texts([clause.text])[0]
    reasons = [r for m in matches for r in m.features if r.startswith("similar corpus clauses: T")]
    assert reasons, matches
