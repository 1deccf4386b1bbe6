"""Alignment accuracy on data the model never saw, false positives, and reproducible training.

The floors below are what the shipped model reaches today (see README); the issue's targets
(seed micro-F1 0.95 and exact-set 0.85, test micro-F1 0.92) are higher and still open.
"""

from __future__ import annotations

import dataclasses
import json
import random
import re

import numpy as np
import pytest

from pipeline.align import align_texts, default_model, load_model
from pipeline.align.corpus import load_corpus, read_jsonl
from pipeline.align.features import CharNgramTfidf, text_of
from pipeline.align.metrics import evaluate
from pipeline.align.model import DEFAULT_MODEL
from pipeline.align.train import train
from tests.conftest import SHARED_DATA, require_shared


def _evaluate(items) -> dict:
    predicted = align_texts([c.text for c in items], explain=False)
    return evaluate([set(c.labels) for c in items], [{m.id for m in p} for p in predicted],
                    list(default_model().labels))


def test_real_seed_gold_set():
    items = read_jsonl(require_shared("seed", "clauses.jsonl"))
    assert len(items) == 41
    result = _evaluate(items)
    assert result["micro"]["f1"] >= 0.90, result["micro"]
    assert result["micro"]["precision"] >= 0.88
    assert result["micro"]["recall"] >= 0.92
    assert result["exact_set_accuracy"] >= 0.78


def test_held_out_test_split():
    result = _evaluate(load_corpus()["test"])
    assert result["micro"]["f1"] >= 0.90
    assert result["macro_f1"] >= 0.90


def _with_spaces_inside_words(text: str, share: float, rng: random.Random) -> str:
    """A space after about ``share`` of the characters, as PDF extraction leaves them (第三 者)."""
    return "".join(ch + (" " if rng.random() < share else "") for ch in text).rstrip()


def test_held_out_test_split_with_pdf_spaces_inside_words():
    items = load_corpus()["test"]
    clean = _evaluate(items)["micro"]["f1"]
    rng = random.Random(8)
    spaced = [dataclasses.replace(c, text=_with_spaces_inside_words(c.text, 0.08, rng))
              for c in items]
    assert sum(c.text != s.text for c, s in zip(items, spaced, strict=True)) > 800
    # measured 0.9184 clean, 0.9168 with a space after 8% of the characters
    assert _evaluate(spaced)["micro"]["f1"] >= clean - 0.005


def test_distractors_rarely_get_a_requirement():
    corpus = load_corpus()
    negatives = [c for split in ("dev", "test") for c in corpus[split] if not c.labels]
    flagged = sum(1 for m in align_texts([c.text for c in negatives], explain=False) if m)
    print(f"distractors flagged: {flagged} of {len(negatives)}")  # README's figure (pytest -s)
    assert flagged / len(negatives) <= 0.03, f"{flagged} of {len(negatives)} distractors flagged"


def test_real_construction_notices_rarely_get_a_requirement():
    texts = sorted((SHARED_DATA / "real" / "texts").glob("*.txt"))
    if not texts:
        pytest.skip("real construction notices not present")
    sentences = []
    for path in texts:
        body = re.sub(r"\s+", " ", path.read_text(encoding="utf-8"))
        sentences += [s.strip() for s in re.split(r"(?<=。)", body) if len(s.strip()) >= 8]
    flagged = sum(1 for m in align_texts(sentences, explain=False) if m)
    print(f"construction sentences flagged: {flagged} of {len(sentences)}")  # README's figure
    assert len(sentences) > 500
    assert flagged / len(sentences) <= 0.03, f"{flagged} of {len(sentences)} sentences flagged"


def test_fast_scores_equal_scikit_learn():
    model = default_model()
    texts = [text_of(c.text) for c in load_corpus()["test"][:200]]
    fast, reference = model.scores(texts), model.sklearn_scores(texts)
    # the numpy character n-grams differ from scikit-learn's by float32 rounding only
    np.testing.assert_allclose(fast, reference, atol=1e-6)
    assert [tuple(model.chosen(r)) for r in fast] == [tuple(model.chosen(r)) for r in reference]


def test_numpy_character_ngrams_equal_the_fitted_vectorizer():
    model = default_model()
    union = model.pipeline.named_steps["features"]
    vectorizer = dict(union.transformer_list)["chars"]
    texts = [text_of(c.text) for c in load_corpus()["dev"][:300]] + ["", "a  b", "受注者"]
    fast = CharNgramTfidf(vectorizer).transform(texts, chunk=64)
    reference = vectorizer.transform(texts)
    assert fast.shape == reference.shape
    assert abs(fast - reference).max() < 1e-6


def test_trigger_hits_equal_a_plain_scan_of_every_trigger():
    triggers = default_model().trigger_features()
    for clause in load_corpus()["dev"][:400]:
        text = text_of(clause.text)
        squeezed = text.replace(" ", "")
        expected = {}
        for rid in triggers.ids_:
            strong, weak, patterns = triggers.triggers[rid]
            s = [t for t in strong if t and t in squeezed]
            s += [m.group(0) for p in patterns if (m := re.search(p, squeezed))]
            w = [t for t in weak if t and t in squeezed]
            if s or w:
                expected[rid] = (s, w)
        assert triggers.hits(text) == expected


@pytest.mark.slow  # trains the model, two to three minutes: `make test-model` (CI runs it too)
def test_training_is_deterministic_and_reproduces_the_shipped_model(tmp_path):
    """One training with the pinned libraries gives the shipped model exactly: the same score for
    every test clause and the same metrics. (The model was trained in another process, so this
    shows determinism across runs; training twice here proved less and took twice as long.)"""
    card = train(tmp_path / "a.skops")
    texts = [text_of(c.text) for c in load_corpus()["test"]]
    np.testing.assert_array_equal(
        load_model(tmp_path / "a.skops").scores(texts), load_model(DEFAULT_MODEL).scores(texts)
    )
    shipped = json.loads(DEFAULT_MODEL.with_suffix(".card.json").read_text(encoding="utf-8"))
    assert card["metrics"] == shipped["metrics"]
