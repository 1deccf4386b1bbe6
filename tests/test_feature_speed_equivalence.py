"""The fast feature paths give the fitted scikit-learn pipeline's own feature matrix.

`AlignmentModel.features` counts character and unit n-grams with numpy, and
`TriggerFeatures.transform` counts triggers without building `hits`' explanation lists and
searches a pattern only in clauses that hold one of its needles; each is checked here against the
reference it replaces, on corpus clauses and on edge cases.
"""

from __future__ import annotations

import random
import re

import numpy as np
import pytest
from scipy import sparse

from pipeline.align import default_model
from pipeline.align.corpus import load_corpus
from pipeline.align.features import (
    CharNgramTfidf,
    TriggerFeatures,
    WordNgramTfidf,
    _needles,
    feature_text,
)
from pipeline.text import normalize
from pipeline.text.matching import matching_form

EDGE_TEXTS = [
    "",
    " ",
    "a  b",
    "受注者",
    "x\u3000y\u00a0z\tw",
    "a b a b a b",
    "未知語 未知語2",
    "a\0b",
]


@pytest.fixture(scope="module")
def texts() -> list[str]:
    corpus = load_corpus()
    clauses = corpus["dev"][:200] + corpus["test"][:100]
    return [feature_text(matching_form(normalize(c.text))) for c in clauses]


def _blocks() -> dict:
    return dict(default_model().pipeline.named_steps["features"].transformer_list)


def _assert_same_matrix(fast: sparse.spmatrix, reference: sparse.spmatrix) -> None:
    fast, reference = sparse.csr_matrix(fast), sparse.csr_matrix(reference)
    assert fast.shape == reference.shape
    assert fast.dtype == reference.dtype
    assert np.allclose(fast.toarray(), reference.toarray(), atol=1e-6, rtol=0)
    # the same entries are nonzero, not merely close to zero
    assert set(zip(*fast.nonzero(), strict=True)) == set(zip(*reference.nonzero(), strict=True))


def _trigger_reference(triggers, texts: list[str]) -> sparse.csr_matrix:  # type: ignore[no-untyped-def]
    """The trigger block as it was computed from `hits` before the count-only path."""
    index = {rid: k for k, rid in enumerate(triggers.ids_)}
    rows, cols, vals = [], [], []
    for i, text in enumerate(texts):
        for rid, (strong, weak) in triggers.hits(text).items():
            for kind, found in enumerate((strong, weak)):
                if found:
                    rows.append(i)
                    cols.append(2 * index[rid] + kind)
                    vals.append(np.log1p(len(found)))
    return sparse.csr_matrix((vals, (rows, cols)), shape=(len(texts), 2 * len(triggers.ids_)))


def test_trigger_counts_equal_those_of_hits(texts):
    triggers = default_model().trigger_features()
    batch = texts + EDGE_TEXTS
    reference = _trigger_reference(triggers, batch)
    # the whole batch (numpy), small chunks, and clause by clause (the path for a few clauses)
    _assert_same_matrix(triggers.transform(batch), reference)
    _assert_same_matrix(triggers.transform(batch, chunk=7), reference)
    for i in range(0, 40):
        _assert_same_matrix(triggers.transform(batch[i : i + 1]), reference[i : i + 1])
    assert triggers.transform([]).shape == (0, 2 * len(triggers.ids_))


def test_triggers_split_between_two_clauses_are_not_found():
    triggers = default_model().trigger_features()
    words = sorted(
        {
            w
            for strong, weak, _ in triggers.triggers.values()
            for w in (*strong, *weak)
            if len(w) > 1
        }
    )
    # each word's halves in neighbouring clauses of one batch
    batch = [half for w in words for half in (w[: len(w) // 2], w[len(w) // 2 :])]
    _assert_same_matrix(triggers.transform(batch), _trigger_reference(triggers, batch))


def test_made_up_triggers_count_as_hits():
    # a word listed twice, an empty word, one both strong and weak, the character that joins
    # clauses in a word and alone, patterns with and without needles, one matching ""
    triggers = TriggerFeatures(
        {
            "A": (["ab", "ab", "", "b\0c", "x"], ["ab", "c"], ["a.c", "(?i)B", "z*"]),
            "B": (["abc"], ["bc", "q", "\0"], ["q(r|s)", "(?:qr)+"]),
        }
    ).fit(None)
    batch = ["abc", "a", "b", "c", "ab", "xbc", "", "AB", "zz", "b\0c", "qs", "b", "qrqr"] * 2
    reference = _trigger_reference(triggers, batch)
    _assert_same_matrix(triggers.transform(batch), reference)
    for i in range(len(batch)):
        _assert_same_matrix(triggers.transform(batch[i : i + 1]), reference[i : i + 1])


def test_unit_ngrams_equal_the_fitted_vectorizer(texts):
    vectorizer = _blocks()["units"]
    batch = texts + EDGE_TEXTS
    fast, reference = WordNgramTfidf(vectorizer).transform(batch), vectorizer.transform(batch)
    _assert_same_matrix(fast, reference)
    # the same float32 operations in the same order: the very same numbers
    assert np.array_equal(fast.toarray(), reference.toarray())
    for i in (0, len(texts)):
        _assert_same_matrix(WordNgramTfidf(vectorizer).transform(batch[i : i + 1]), reference[i])


def test_character_ngrams_equal_the_fitted_vectorizer(texts):
    vectorizer = _blocks()["chars"]
    batch = texts + EDGE_TEXTS
    fast, reference = (
        CharNgramTfidf(vectorizer).transform(batch, chunk=64),
        vectorizer.transform(batch),
    )
    _assert_same_matrix(fast, reference)


def test_whitespace_splitting_is_the_token_pattern():
    # WordNgramTfidf splits with str.split() where scikit-learn finds \S+
    spaces = "".join(chr(c) for c in range(0x3100) if chr(c).isspace())
    sample = f"a{spaces}b{spaces[::-1]}c\u3000d  e\u200bf"
    assert sample.split() == re.findall(r"\S+", sample)


def test_model_features_and_scores_equal_scikit_learn(texts):
    model = default_model()
    union = model.pipeline.named_steps["features"]
    _assert_same_matrix(model.features(texts), union.transform(texts))
    fast, reference = model.scores(texts), model.sklearn_scores(texts)
    np.testing.assert_allclose(fast, reference, atol=1e-6, rtol=0)
    assert [tuple(model.chosen(r)) for r in fast] == [tuple(model.chosen(r)) for r in reference]


def test_every_match_of_a_taxonomy_pattern_holds_one_of_its_needles():
    triggers = default_model().trigger_features()
    corpus = load_corpus()
    squeezed = [
        feature_text(matching_form(normalize(c.text))).replace(" ", "") for c in corpus["dev"][:300]
    ]
    for _, _, patterns in triggers.triggers.values():
        for pattern in map(re.compile, patterns):
            needles = _needles(pattern)
            assert needles, pattern.pattern  # each shipped pattern gets a prefilter
            for text in squeezed:
                if m := pattern.search(text):
                    assert any(n in m.group(0) for n in needles), (pattern.pattern, text)


@pytest.mark.parametrize(
    ("pattern", "needles"),
    [
        ("abc", {"abc"}),
        ("(?i)abc", None),
        ("(?i:a)bc", {"bc"}),
        ("a|", None),
        ("(ab)?", None),
        ("x*y", {"y"}),
        ("a(b|c)?d", {"abd", "acd", "ad"}),
        ("(日本)?国内で(行う|実施)", {"国内で行う", "国内で実施"}),
        ("[^a]bc", {"bc"}),
        ("(?=abc)x", {"x"}),
        ("a.{0,3}bcd", {"bcd"}),
        ("データ.{0,12}移行|移行.{0,12}データ", {"データ"}),
    ],
)
def test_needles_of_patterns(pattern, needles):
    assert _needles(re.compile(pattern)) == (None if needles is None else frozenset(needles))


def test_needles_never_miss_a_match():
    # random patterns and strings over a small alphabet: every match contains a needle
    rng = random.Random(20261126)
    pieces = [
        "a",
        "b",
        "c",
        "ab",
        "[ab]",
        "[^a]",
        ".",
        "(a|bc)",
        "(?:b|)",
        "a?",
        "b*",
        "c+",
        "(ab|c)?",
        "a{2}",
        "(?:ca|b){1,2}",
        "(?=a)",
        "(?!b)",
        r"\b",
        "^",
        "$",
        "(?i:a)",
        "d",
    ]
    strings = ["".join(rng.choice("abcdA ") for _ in range(rng.randrange(12))) for _ in range(400)]
    for _ in range(300):
        body = "".join(rng.choice(pieces) for _ in range(rng.randrange(1, 5)))
        if rng.random() < 0.2:
            body += "|" + "".join(rng.choice(pieces) for _ in range(rng.randrange(1, 4)))
        pattern = re.compile(body)
        needles = _needles(pattern)
        if needles is None:
            continue
        assert "" not in needles
        for s in strings:
            if m := pattern.search(s):
                assert any(n in m.group(0) for n in needles), (body, s, needles)
