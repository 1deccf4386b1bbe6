"""Train the alignment model from `corpora/` (deterministic), choose thresholds on dev, and write
the model with its card."""

from __future__ import annotations

import json
import os
import platform
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import Pipeline

from pipeline.align.corpus import CORPUS_DIR, SPLITS, LabelledClause, corpus_hash, load_corpus
from pipeline.align.features import build_features, compile_triggers, text_of
from pipeline.align.gates import GATES, open_gates
from pipeline.align.metrics import evaluate, micro_f1
from pipeline.align.model import DEFAULT_MODEL, AlignmentModel
from pipeline.align.neighbours import NeighbourVote
from pipeline.files import file_sha256, unwritable
from pipeline.taxonomy import load_taxonomy
from pipeline.text import normalize

C = 64.0
DEFAULT_THRESHOLD = 0.5
FLOOR_TOLERANCE = 0.002  # micro-F1; about the spread of dev's scores around its optimum


def label_matrix(clauses: list[LabelledClause], labels: list[str]) -> np.ndarray:
    """Clause-by-requirement 0/1 matrix of the clauses' gold labels, columns in ``labels`` order."""
    index = {label: k for k, label in enumerate(labels)}
    y = np.zeros((len(clauses), len(labels)), dtype=np.int64)
    for i, c in enumerate(clauses):
        for label in c.labels:
            y[i, index[label]] = 1
    return y


def fit_pipeline(texts: list[str], y: np.ndarray, triggers: dict) -> Pipeline:
    base = LogisticRegression(C=C, class_weight="balanced", solver="liblinear", max_iter=2000)
    calibrated = CalibratedClassifierCV(base, method="sigmoid", cv=KFold(3), ensemble=False)
    pipe = Pipeline(
        [("features", build_features(triggers)), ("classifier", OneVsRestClassifier(calibrated))]
    )
    pipe.fit(texts, y)
    return pipe


def choose_thresholds(scores: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    """One global threshold that maximises micro-F1 on dev, used for every requirement.

    Per-requirement thresholds (even shrunk halfway towards the global one) were no better out of
    sample: chosen on a dev-sized quarter of the train+dev tenders and scored on the rest, over ten
    random quarters, the global threshold gave micro-F1 0.9238 against 0.9228 (0.9153 against
    0.9144 before round 9), and a few dev clauses moved single thresholds far."""
    grid = np.round(np.arange(0.10, 0.91, 0.025), 3)

    best_global = max(grid, key=lambda t: (micro_f1(scores >= t, y), -abs(t - 0.5)))
    return np.full(y.shape[1], best_global, dtype=np.float64), float(best_global)


def choose_relative_floor(scores: np.ndarray, y: np.ndarray, thresholds: np.ndarray) -> float:
    """A second requirement of one clause must also reach this share of the clause's best score:
    related requirements share wording, and a weak second match is more often wrong than right.
    Chosen on dev like the thresholds."""

    def micro(alpha: float) -> float:
        pred = (scores >= thresholds) & (scores >= alpha * scores.max(axis=1, keepdims=True))
        return micro_f1(pred, y)

    # dev's micro-F1 moves by a few thousandths across this grid: take the gentlest floor whose
    # score is within that noise of the best, not the best's own accident
    grid = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7)
    best = max(micro(a) for a in grid)
    return min(a for a in grid if micro(a) >= best - FLOOR_TOLERANCE)


def gates_of(clauses: list[LabelledClause], labels: list[str]) -> np.ndarray:
    """Where the definition gates (`pipeline.align.gates`) let each clause carry each label, read
    on its normalised text and its section's heading, as `tenderlens eval` reads a gold file."""
    return open_gates(
        [normalize(c.text).text for c in clauses], labels, [c.section for c in clauses]
    )


def predict_sets(
    model: AlignmentModel, texts: list[str], allowed: np.ndarray | None = None
) -> list[set[str]]:
    scores = model.sklearn_scores(texts)
    return [
        {model.labels[j] for j in model.chosen(row, None if allowed is None else allowed[i])}
        for i, row in enumerate(scores)
    ]


def _slim(pipe: Pipeline) -> Pipeline:
    """Drop what prediction does not need (the vectorisers' lists of pruned n-grams)."""
    for _, transformer in pipe.named_steps["features"].transformer_list:
        if hasattr(transformer, "stop_words_"):
            transformer.stop_words_ = None
    # single precision is plenty for linear weights and halves the file
    for calibrated in pipe.named_steps["classifier"].estimators_:
        for inner in calibrated.calibrated_classifiers_:
            inner.estimator.coef_ = inner.estimator.coef_.astype(np.float32)
    return pipe


@dataclass(frozen=True)
class DevTuning:
    """The threshold and floor chosen on dev for the train-only model with its vote, and how
    that tuned model does on dev."""

    thresholds: np.ndarray
    global_threshold: float
    relative_floor: float
    dev_result: dict
    dev_scores: np.ndarray  # the blend's scores of the dev clauses, rows in dev order


def tune_on_dev(
    texts: list[str],
    y: np.ndarray,
    ids: list[str],
    dev: list[LabelledClause],
    labels: list[str],
    triggers: dict,
) -> DevTuning:
    """Fit the model and the vote on the given training clauses, choose the global threshold and
    the relative floor on the dev clauses, and measure that tuned model on them (the first half
    of `train`; `corpora/round_check.py` runs it with a candidate round added to train)."""
    model = fit_pipeline(texts, y, triggers)
    votes = NeighbourVote().fit(texts, y, ids)
    dev_texts = [text_of(c.text) for c in dev]
    dev_y = label_matrix(dev, labels)
    dev_scores = votes.blend(np.asarray(model.predict_proba(dev_texts)), dev_texts)
    allowed = gates_of(dev, labels)
    # chosen as the model will match: a score its gate keeps closed matches nothing
    gated = np.where(allowed, dev_scores, 0.0)
    thresholds, global_threshold = choose_thresholds(gated, dev_y)
    relative_floor = choose_relative_floor(gated, dev_y, thresholds)
    tuned = AlignmentModel(model, labels, thresholds, {"relative_floor": relative_floor}, votes)
    dev_result = evaluate(
        [set(c.labels) for c in dev], predict_sets(tuned, dev_texts, allowed), labels
    )
    return DevTuning(thresholds, global_threshold, relative_floor, dev_result, dev_scores)


def card_path(output: Path) -> Path:
    """Where the card of the model file ``output`` goes (where `model_version` looks for it)."""
    return output.with_suffix(".card.json")


def _train_inputs(corpus_dir: Path, splits: Path) -> list[Path]:
    """The files `train` reads: the corpus, its splits and the taxonomy."""
    taxonomy = Path(str(resources.files("pipeline").joinpath("data/taxonomy.json")))
    return [*sorted(corpus_dir.glob("*.jsonl")), splits, taxonomy]


def _same_existing_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)  # links to it too
    except OSError:
        return False


def output_problem(
    output: Path, corpus_dir: Path = CORPUS_DIR, splits: Path = SPLITS
) -> str | None:
    """Why the model file ``output`` or its card could not be written, or None. Training takes
    about 25 minutes and writes both at its very end, so this is asked before it starts."""
    if output.is_dir() or output.name in ("", ".", ".."):  # "new/.." is a directory once made
        return (
            f"{output}: a directory; give the model file's name, e.g. {output / DEFAULT_MODEL.name}"
        )
    # writing the model over one of its own inputs (`--output corpora/splits.json`) destroyed
    # that input once the training was done; its card, named *.card.json, is none of them
    for given in _train_inputs(corpus_dir, splits):
        if _same_existing_file(output, given):
            return f"{output}: one of the files train reads ({given}); give another name"
    problem = unwritable(output)
    if problem:
        return f"{output}: {problem}"
    card = card_path(output)
    problem = unwritable(card)
    if problem:
        return f"{output}: its card {card}: {problem}"
    return None


def _training_versions(results_libraries: dict[str, str | None]) -> dict[str, str | None]:
    """The libraries that change results, and those the model file itself depends on: skops
    reads it back, numpy and scipy hold its arrays, and Python runs them all."""
    from pipeline.analysis import package_version

    out = dict(results_libraries)
    out.update({name: package_version(name) for name in ("skops", "numpy", "scipy")})
    out["python"] = platform.python_version()
    return out


def train(
    output: Path = DEFAULT_MODEL, corpus_dir: Path = CORPUS_DIR, splits: Path = SPLITS
) -> dict:
    """Fit on train, choose thresholds on dev, refit on train + dev with those thresholds, and
    measure the shipped model on the held-out test split. Deterministic for fixed inputs.
    A ValueError, before any work, when the model or its card could not be written."""
    problem = output_problem(output, corpus_dir, splits)
    if problem:
        raise ValueError(problem)
    taxonomy = load_taxonomy()
    labels = list(taxonomy.ids)
    corpus = load_corpus(corpus_dir, splits)
    triggers = compile_triggers(taxonomy)
    texts = {name: [text_of(c.text) for c in items] for name, items in corpus.items()}
    ys = {name: label_matrix(items, labels) for name, items in corpus.items()}

    tuning = tune_on_dev(
        texts["train"],
        ys["train"],
        [c.id for c in corpus["train"]],
        corpus["dev"],
        labels,
        triggers,
    )
    thresholds, global_threshold = tuning.thresholds, tuning.global_threshold
    relative_floor = tuning.relative_floor
    metrics = {
        "dev_train_only_model": {
            k: tuning.dev_result[k] for k in ("n", "micro", "macro_f1", "exact_set_accuracy")
        }
    }

    pool_y = np.vstack([ys["train"], ys["dev"]])
    shipped = _slim(fit_pipeline(texts["train"] + texts["dev"], pool_y, triggers))
    votes = NeighbourVote().fit(
        texts["train"] + texts["dev"], pool_y, [c.id for c in corpus["train"] + corpus["dev"]]
    )
    model = AlignmentModel(shipped, labels, thresholds, {"relative_floor": relative_floor}, votes)
    test_result = evaluate(
        [set(c.labels) for c in corpus["test"]],
        predict_sets(model, texts["test"], gates_of(corpus["test"], labels)),
        labels,
    )
    metrics["test"] = {k: test_result[k] for k in ("n", "micro", "macro_f1", "exact_set_accuracy")}
    metrics["test"]["per_label_f1"] = {
        k.removeprefix("SEC."): (None if v["f1"] is None else round(v["f1"], 3))
        for k, v in test_result["per_label"].items()
    }
    from pipeline.analysis import library_versions

    data_hash = corpus_hash(corpus_dir, splits)
    model.meta = {
        "model_version": f"align-{taxonomy.version}-{data_hash[:10]}",
        "data": {
            "corpus_sha256": data_hash,
            "clauses": {k: len(v) for k, v in corpus.items()},
            "tenders": {k: len({c.tender for c in v}) for k, v in corpus.items()},
            "trained_on": ["train", "dev"],
            "thresholds_from": "dev",
            "held_out": "test",
        },
        "taxonomy": {"version": taxonomy.version, "sha256": taxonomy.sha256},
        "estimator": f"one-vs-rest logistic regression (C={C}, balanced classes), sigmoid-"
        "calibrated by 3-fold CV; features: character 1-3-grams and Sudachi unit "
        "1-2-grams of the matching form, trigger and pattern counts per requirement; "
        f"blended with weight {votes.weight} with the label vote of the {votes.k} most similar "
        "training clauses (cosine of TF-IDF character 2-3-grams of the lower-cased matching "
        f"form, n-grams in more than {votes.max_df:.0%} of the clauses left out)",
        "neighbours": {"k": votes.k, "max_df": votes.max_df, "weight": votes.weight},
        "global_threshold": global_threshold,
        "relative_floor": relative_floor,
        "thresholds": {
            k.removeprefix("SEC."): round(float(t), 3)
            for k, t in zip(labels, thresholds, strict=True)
        },
        "definition_gates": [gate.requirement for gate in GATES],
        "metrics": metrics,
        "versions": _training_versions(library_versions()),
    }
    model.save(output)
    card = {k: v for k, v in model.meta.items() if not k.startswith("_")}
    # lets a process read the version without loading the model (see model_version)
    card["model_sha256"] = file_sha256(output)
    card["licence"] = "corpus and model are the TenderLens team's own work"
    card_path(output).write_text(
        json.dumps(card, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    return card
