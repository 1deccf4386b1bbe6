"""The research script behind `models/README.md`'s table of variants still runs on its inputs."""

from __future__ import annotations

import numpy as np
import pytest

from pipeline.align.corpus import load_corpus
from pipeline.align.features import compile_triggers, text_of
from pipeline.align.train import label_matrix
from pipeline.taxonomy import load_taxonomy
from tests.scripts import corpus_script


@pytest.fixture(scope="module")
def variants():
    return corpus_script("variants")


def test_mean_word_vector_is_unit_length_for_words_and_zero_without_any(variants):
    rows = (
        variants.MeanWordVector()
        .fit([])
        .transform([text_of("受注者は、個人情報を適切に管理すること。"), "〈受注者〉 〈発注者〉"])
    )
    norms = np.linalg.norm(rows.toarray(), axis=1)
    assert norms[0] == pytest.approx(1.0, abs=1e-5)
    assert norms[1] == 0.0


@pytest.mark.slow  # two model fits, about a minute
@pytest.mark.parametrize("variant", ["section", "vectors"])
def test_each_variant_fits_and_scores_every_requirement(variants, variant):
    taxonomy = load_taxonomy()
    labels = list(taxonomy.ids)
    # a seeded sample across tenders, so that every calibration fold sees positives
    train = load_corpus()["train"]
    train = [train[i] for i in np.random.default_rng(7).permutation(len(train))[:400]]
    titles = variants._section_titles()
    X = [(text_of(c.text), text_of(titles[c.id])) for c in train]
    y = label_matrix(train, labels)
    present = y.sum(axis=0) >= 10
    model = variants.fit_variant(variant, 1.0, X, y[:, present], compile_triggers(taxonomy))
    scores = model.predict_proba(X[:20])
    assert scores.shape == (20, int(present.sum()))
    assert np.all((scores >= 0) & (scores <= 1))


def test_unit_vote_gives_a_clause_worded_like_a_training_one_its_labels(variants):
    train = load_corpus()["train"]
    train = [train[i] for i in np.random.default_rng(5).permutation(len(train))[:300]]
    y = label_matrix(train, list(load_taxonomy().ids))
    votes = variants.UnitVote(k=5).fit([text_of(c.text) for c in train], y)
    queried = [k for k in range(300) if y[k].any()][:10]
    scores = votes.scores([text_of(train[k].text) for k in queried] + ["〈受注者〉"])
    for row, k in zip(scores, queried, strict=False):
        assert row[y[k] == 1].min() > 0  # its own wording votes for each of its labels
        assert np.all((row >= 0) & (row <= 1))
    assert np.all(scores[-1] == 0)  # no unit kept in common: no vote


def test_stacker_scores_every_requirement_from_the_first_stage_scores(variants):
    rng = np.random.default_rng(3)
    y = rng.integers(0, 2, size=(60, 3))
    y[:, 2] = 0  # a requirement never seen gets no model and scores zero
    first_stage = y + rng.normal(0, 0.3, size=y.shape)
    stack = variants._fit_stack(first_stage, y)
    scores = variants._apply_stack(stack, first_stage)
    assert scores.shape == (60, 3) and np.all(scores[:, 2] == 0)
    assert np.mean((scores[:, :2] >= 0.5) == (y[:, :2] == 1)) > 0.9
