"""Grouped cross-validation of the alignment model over the train+dev tenders, the evidence each
corpus round was kept on (`corpora/DATASHEET.md`).

    .venv/bin/python corpora/crossval.py                     # 5 folds over all train+dev tenders
    .venv/bin/python corpora/crossval.py --older-than T190   # folds over T001-T189 only; later
                                                             # tenders join every training fold
    .venv/bin/python corpora/crossval.py --older-than T190 --without-newer

Folds never split a tender. Prints micro-F1 and exact-set accuracy of the out-of-fold scores at a
few global thresholds. Takes several minutes per run on one core.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
from sklearn.model_selection import GroupKFold

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.align.corpus import load_corpus
from pipeline.align.features import compile_triggers, text_of
from pipeline.align.train import fit_pipeline, label_matrix
from pipeline.taxonomy import load_taxonomy

THRESHOLDS = (0.4, 0.425, 0.45, 0.475, 0.5)


def _number(tender: str) -> int:
    return int(tender.lstrip("T"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--older-than", default=None, help="e.g. T190: score only earlier tenders")
    parser.add_argument("--without-newer", action="store_true", help="leave later tenders out")
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args(argv)

    taxonomy = load_taxonomy()
    labels = list(taxonomy.ids)
    triggers = compile_triggers(taxonomy)
    corpus = load_corpus()
    pool = corpus["train"] + corpus["dev"]
    cut = _number(args.older_than) if args.older_than else None
    scored = [c for c in pool if cut is None or _number(c.tender) < cut]
    newer = [c for c in pool if cut is not None and _number(c.tender) >= cut]
    if args.without_newer:
        newer = []

    texts = [text_of(c.text) for c in scored]
    y = label_matrix(scored, labels)
    extra_texts = [text_of(c.text) for c in newer]
    extra_y = label_matrix(newer, labels) if newer else np.zeros((0, len(labels)), dtype=y.dtype)
    groups = [c.tender for c in scored]

    out_of_fold = np.zeros(y.shape)
    for train_idx, test_idx in GroupKFold(args.folds).split(texts, y, groups):
        fit_texts = [texts[i] for i in train_idx] + extra_texts
        fit_y = np.vstack([y[train_idx], extra_y])
        model = fit_pipeline(fit_texts, fit_y, triggers)
        out_of_fold[test_idx] = model.predict_proba([texts[i] for i in test_idx])

    print(f"{len(scored)} clauses scored out of fold, {len(newer)} more in every training fold")
    for threshold in THRESHOLDS:
        predicted = out_of_fold >= threshold
        tp = np.sum(predicted & (y == 1))
        fp = np.sum(predicted & (y == 0))
        fn = np.sum(~predicted & (y == 1))
        micro = 2 * tp / max(2 * tp + fp + fn, 1)
        exact = float(np.mean(np.all(predicted == (y == 1), axis=1)))
        print(f"threshold {threshold:.3f}  micro-F1 {micro:.4f}  exact {exact:.4f}", end="")
        print(f"  FP {fp}  FN {fn}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
