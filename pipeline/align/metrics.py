"""Multi-label metrics for clause alignment: per requirement, micro, macro, exact set."""

from __future__ import annotations

from collections import Counter

import numpy as np


def micro_f1(predicted: np.ndarray, y: np.ndarray) -> float:
    """Micro-F1 of a boolean prediction matrix against a 0/1 label matrix (clauses × labels)."""
    tp = np.sum(predicted & (y == 1))
    fp = np.sum(predicted & (y == 0))
    fn = np.sum(~predicted & (y == 1))
    return float(2 * tp / max(2 * tp + fp + fn, 1))


def evaluate(gold: list[set[str]], predicted: list[set[str]], labels: list[str]) -> dict:
    """Precision, recall and F1 per label and overall, exact-set accuracy and the worst
    confusions (a gold label missed where another was predicted instead, and the reverse)."""
    if len(gold) != len(predicted):
        raise ValueError("gold and predicted must have the same length")
    per: dict[str, dict] = {}
    tp_all = fp_all = fn_all = 0
    for label in labels:
        tp = sum(1 for g, p in zip(gold, predicted, strict=True) if label in g and label in p)
        fp = sum(1 for g, p in zip(gold, predicted, strict=True) if label not in g and label in p)
        fn = sum(1 for g, p in zip(gold, predicted, strict=True) if label in g and label not in p)
        tp_all, fp_all, fn_all = tp_all + tp, fp_all + fp, fn_all + fn
        precision = tp / (tp + fp) if tp + fp else None
        recall = tp / (tp + fn) if tp + fn else None
        f1 = 2 * tp / (2 * tp + fp + fn) if (tp + fp + fn) else None
        per[label] = {
            "support": tp + fn,
            "tp": tp,
            "fp": fp,
            "fn": fn,
            "precision": precision,
            "recall": recall,
            "f1": f1,
        }
    # None where there is nothing to divide by, as per label: a gold set of clauses that state
    # no requirement, all left unmatched, read "P 0.000 R 0.000 F1 1.000"
    micro_p = tp_all / (tp_all + fp_all) if tp_all + fp_all else None
    micro_r = tp_all / (tp_all + fn_all) if tp_all + fn_all else None
    micro_f1 = 2 * tp_all / (2 * tp_all + fp_all + fn_all) if tp_all + fp_all + fn_all else None
    supported = [v["f1"] for v in per.values() if v["support"] > 0]
    macro_f1 = sum(supported) / len(supported) if supported else None
    exact = (
        sum(1 for g, p in zip(gold, predicted, strict=True) if g == p) / len(gold) if gold else 0.0
    )
    confusions: Counter[tuple[str, str]] = Counter()
    for g, p in zip(gold, predicted, strict=True):
        for missed in g - p:
            for extra in (p - g) or {"(none)"}:
                confusions[(missed, extra)] += 1
        if not g - p:  # nothing missed: each label predicted beyond the gold is a confusion too
            for extra in p - g:
                confusions[("(none)", extra)] += 1
    return {
        "n": len(gold),
        "micro": {"precision": micro_p, "recall": micro_r, "f1": micro_f1},
        "macro_f1": macro_f1,
        "exact_set_accuracy": exact,
        "per_label": per,
        "worst_confusions": [
            {"gold": a, "predicted": b, "count": n} for (a, b), n in confusions.most_common(10)
        ],
    }
