"""Measure a candidate corpus round against the decision rule written before it existed
(`corpora/DATASHEET.md`): the round's tenders, all assigned to train, are added to the shipped
corpus without touching it.

    .venv/bin/python corpora/round_check.py --round DIR   # DIR holds the round's TNNN.jsonl
    .venv/bin/python corpora/round_check.py               # no round: reproduces the shipped rule

Prints (1) dev micro-F1 of the train-only model with the vote, threshold and floor chosen on dev
exactly as `tenderlens train` does, and (2) grouped 5-fold out-of-fold micro-F1 over the shipped
train+dev tenders, the round in every training fold of the model and of the vote, the blend cut
at 0.45 (the shipped threshold, as the rule fixes it). The test split is never scored. About six
model fits: 25 minutes on one core of this machine.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
from sklearn.model_selection import GroupKFold

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.align.corpus import LabelledClause, load_corpus, read_jsonl
from pipeline.align.features import compile_triggers, text_of
from pipeline.align.metrics import micro_f1
from pipeline.align.neighbours import NeighbourVote
from pipeline.align.train import (
    fit_pipeline,
    label_matrix,
    tune_on_dev,
)
from pipeline.taxonomy import load_taxonomy

RULE_THRESHOLD = 0.45


def read_round(directory: Path | None, known_ids: set[str], labels: list[str]) -> list:
    """The round's clauses, refused when an ID or tender clashes with the corpus or a label is
    not a requirement ID."""
    if directory is None:
        return []
    clauses: list[LabelledClause] = []
    for path in sorted(directory.glob("T*.jsonl")):
        clauses.extend(read_jsonl(path))
    known_tenders = {i.split("-")[0] for i in known_ids}
    for c in clauses:
        if c.id in known_ids or c.tender in known_tenders:
            raise SystemExit(f"round clause {c.id} clashes with the corpus")
        unknown = set(c.labels) - set(labels)
        if unknown:
            raise SystemExit(f"round clause {c.id}: unknown labels {sorted(unknown)}")
    return clauses


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--round", type=Path, default=None, help="directory of TNNN.jsonl files")
    parser.add_argument("--part", choices=("dev", "oof", "both"), default="both")
    args = parser.parse_args(argv)

    taxonomy = load_taxonomy()
    labels = list(taxonomy.ids)
    triggers = compile_triggers(taxonomy)
    corpus = load_corpus()
    known = {c.id for items in corpus.values() for c in items}
    extra = read_round(args.round, known, labels)
    extra_texts = [text_of(c.text) for c in extra]
    extra_y = label_matrix(extra, labels)
    extra_ids = [c.id for c in extra]
    print(f"round: {len(extra)} clauses of {len({c.tender for c in extra})} tenders", flush=True)

    if args.part in ("dev", "both"):
        train = corpus["train"]
        texts = [text_of(c.text) for c in train] + extra_texts
        y = np.vstack([label_matrix(train, labels), extra_y])
        ids = [c.id for c in train] + extra_ids
        tuning = tune_on_dev(texts, y, ids, corpus["dev"], labels, triggers)
        result = tuning.dev_result
        threshold, floor = tuning.global_threshold, tuning.relative_floor
        print(
            f"(1) dev micro-F1 {result['micro']['f1']:.5f} (threshold {threshold}, floor "
            f"{floor}; exact {result['exact_set_accuracy']:.4f})",
            flush=True,
        )
        # dev's curve is flat near its top: how far the chosen threshold is from its neighbours
        dev_y = label_matrix(corpus["dev"], labels)
        near = [round(threshold + step, 3) for step in (-0.1, -0.075, -0.05, -0.025, 0.025, 0.05)]
        print(
            "    dev micro-F1 at other thresholds: "
            + ", ".join(
                f"{t} {micro_f1(tuning.dev_scores >= t, dev_y):.5f}" for t in near if 0 < t < 1
            ),
            flush=True,
        )

    if args.part in ("oof", "both"):
        pool = corpus["train"] + corpus["dev"]
        texts = [text_of(c.text) for c in pool]
        y = label_matrix(pool, labels)
        ids = [c.id for c in pool]
        blended = np.zeros(y.shape)
        for fit_idx, score_idx in GroupKFold(5).split(texts, y, [c.tender for c in pool]):
            fit_texts = [texts[i] for i in fit_idx] + extra_texts
            fit_y = np.vstack([y[fit_idx], extra_y])
            fit_ids = [ids[i] for i in fit_idx] + extra_ids
            model = fit_pipeline(fit_texts, fit_y, triggers)
            votes = NeighbourVote().fit(fit_texts, fit_y, fit_ids)
            score_texts = [texts[i] for i in score_idx]
            blended[score_idx] = votes.blend(
                np.asarray(model.predict_proba(score_texts)), score_texts
            )
        print(
            f"(2) out of fold over {len(pool)} clauses at {RULE_THRESHOLD}: micro-F1 "
            f"{micro_f1(blended >= RULE_THRESHOLD, y):.5f}",
            flush=True,
        )
        per_label = {
            label: micro_f1(blended[:, [j]] >= RULE_THRESHOLD, y[:, [j]])
            for j, label in enumerate(labels)
        }
        weakest = sorted(per_label.items(), key=lambda item: item[1])[:10]
        print("weakest out of fold: " + ", ".join(f"{k[4:]} {v:.3f}" for k, v in weakest))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
