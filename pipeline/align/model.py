"""The clause alignment model: features, one calibrated linear classifier per requirement,
blended with the label vote of the most similar training clauses (`neighbours.py`), and a
threshold per requirement (since 2026-11-26 one value for all, chosen on the dev split). Saved
with skops, loaded with trusted types only."""

from __future__ import annotations

import json
import os
import re
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from pipeline.files import file_sha256

if TYPE_CHECKING:  # scikit-learn is imported only when a model is loaded
    from pipeline.align.features import TriggerFeatures
    from pipeline.align.neighbours import NeighbourVote

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_MODEL = ROOT / "models" / "alignment.skops"

# every type a shipped model file may contain; anything else is refused on load
TRUSTED_TYPES = [
    "pipeline.align.features.CharNgramTfidf",
    "pipeline.align.features.TriggerFeatures",
    "pipeline.align.neighbours.NeighbourVote",
    "sklearn.calibration.CalibratedClassifierCV",
    "sklearn.calibration._CalibratedClassifier",
    "sklearn.calibration._SigmoidCalibration",
    "sklearn.feature_extraction.text.TfidfVectorizer",
    "sklearn.feature_extraction.text.TfidfTransformer",
    "sklearn.linear_model._logistic.LogisticRegression",
    "sklearn.model_selection._split.KFold",
    "sklearn.multiclass.OneVsRestClassifier",
    "sklearn.pipeline.FeatureUnion",
    "sklearn.pipeline.Pipeline",
    "sklearn.preprocessing._label.LabelBinarizer",
    "sklearn.preprocessing._label.MultiLabelBinarizer",
    "numpy.float32",
    "numpy.float64",
    "numpy.int64",
    "numpy.dtype",
    "builtins.slice",
    "collections.OrderedDict",
    "scipy.sparse._csr.csr_matrix",
    "scipy.sparse._csr.csr_array",
]


class ModelError(RuntimeError):
    """The alignment model file is missing, unreadable, or holds types that are not trusted."""


@dataclass
class AlignmentModel:
    pipeline: object  # sklearn Pipeline: features -> OneVsRest(calibrated logistic regression)
    labels: list[str]
    thresholds: np.ndarray
    meta: dict = field(default_factory=dict)
    neighbours: NeighbourVote | None = None  # a model without them scores by its pipeline alone

    def chosen(self, row: np.ndarray, allowed: np.ndarray | None = None) -> np.ndarray:
        """Indices of the requirements a clause's score row selects: over its threshold, and for
        all but the best, at least `relative_floor` of the best score; of those, the ones
        ``allowed`` (`pipeline.align.gates.open_gates`) where it is given."""
        if allowed is not None:  # a gated score matches nothing, nor sets the floor
            row = np.where(allowed, row, 0.0)
        floor = float(self.meta.get("relative_floor", 0.0)) * float(row.max(initial=0.0))
        return np.flatnonzero((row >= self.thresholds) & (row >= floor) & (row > 0.0))

    @property
    def version(self) -> str:
        return str(self.meta.get("model_version", "unversioned"))

    def features(self, feature_texts: list[str]):  # type: ignore[no-untyped-def]
        """The sparse feature matrix of clauses' feature texts: the fitted feature union's, with
        its character n-grams counted by `CharNgramTfidf` and its unit n-grams by
        `WordNgramTfidf` for all but a handful of clauses."""
        from scipy import sparse

        from pipeline.align.features import CharNgramTfidf, WordNgramTfidf

        union = self.pipeline.named_steps["features"]  # type: ignore[attr-defined]
        if len(feature_texts) < 8 or union.transformer_weights:
            return union.transform(feature_texts).tocsr()
        fast = self.meta.get("_fast")
        if fast is None:
            parts = dict(union.transformer_list)
            fast = self.meta["_fast"] = {
                "chars": CharNgramTfidf(parts["chars"]),
                "units": WordNgramTfidf(parts["units"]),
            }
        blocks = [
            (fast[name] if name in fast else part).transform(feature_texts)
            for name, part in union.transformer_list
        ]
        return sparse.hstack(blocks, format="csr")

    def scores(self, feature_texts: list[str], matrix=None, near=None) -> np.ndarray:  # type: ignore[no-untyped-def]
        """Calibrated probability per clause and requirement, shape (clauses, requirements).

        Computed as one sparse product with the stacked weights, then each requirement's sigmoid
        calibration: the same numbers as the scikit-learn estimators' predict_proba (a test
        checks it), without their per-estimator overhead, which dominates for a few clauses.
        ``near``: the clauses' nearest training clauses (`NeighbourVote.nearest`), if known."""
        if not feature_texts:
            return np.zeros((0, len(self.labels)))
        x = self.features(feature_texts) if matrix is None else matrix
        weights, intercepts, a, b = self._linear()
        decision = np.asarray(x @ weights, dtype=np.float64) + intercepts
        return self._blend(1.0 / (1.0 + np.exp(a * decision + b)), feature_texts, near)

    def sklearn_scores(self, feature_texts: list[str]) -> np.ndarray:
        """The scikit-learn pipeline's own predict_proba, blended (reference for `scores`)."""
        proba = np.asarray(self.pipeline.predict_proba(feature_texts))  # type: ignore[attr-defined]
        return self._blend(proba, feature_texts)

    def _blend(self, proba: np.ndarray, feature_texts: list[str], near=None) -> np.ndarray:  # type: ignore[no-untyped-def]
        if self.neighbours is None:
            return proba
        return self.neighbours.blend(proba, feature_texts, near)

    def _linear(self) -> tuple:  # type: ignore[type-arg]
        cached = self.meta.get("_linear")
        if cached is None:
            classifier = self.pipeline.named_steps["classifier"]  # type: ignore[attr-defined]
            columns, intercepts, slopes, offsets = [], [], [], []
            for calibrated in classifier.estimators_:
                inner = calibrated.calibrated_classifiers_[0]
                columns.append(np.asarray(inner.estimator.coef_, dtype=np.float32).ravel())
                intercepts.append(float(np.ravel(inner.estimator.intercept_)[0]))
                slopes.append(float(inner.calibrators[0].a_))
                offsets.append(float(inner.calibrators[0].b_))
            cached = (
                np.stack(columns, axis=1),
                np.array(intercepts),
                np.array(slopes),
                np.array(offsets),
            )
            self.meta["_linear"] = cached
        return cached

    def trigger_features(self) -> TriggerFeatures:
        union = self.pipeline.named_steps["features"]  # type: ignore[attr-defined]
        return dict(union.transformer_list)["triggers"]

    def top_features(self, row, label_index: int, k: int = 3) -> list[str]:  # type: ignore[no-untyped-def]
        """The features of one clause (a row of `features`) that pushed it towards the
        requirement the most."""
        clf = self.pipeline.named_steps["classifier"].estimators_[label_index]  # type: ignore[attr-defined]
        coef = _coefficients(clf)
        if coef is None:
            return []
        contrib = row.multiply(coef).tocsr()
        if contrib.nnz == 0:
            return []
        names = _feature_names(self)
        order = np.argsort(-contrib.data)[:k]
        return [str(names[contrib.indices[i]]) for i in order if contrib.data[i] > 0]

    def save(self, path: Path) -> None:
        import skops.io as sio

        path.parent.mkdir(parents=True, exist_ok=True)
        sio.dump(
            {
                "pipeline": self.pipeline,
                "labels": list(self.labels),
                "thresholds": np.asarray(self.thresholds, dtype=np.float64),
                "neighbours": self.neighbours,
                # keys starting with "_" are caches built at run time, not part of the model
                "meta": {k: v for k, v in self.meta.items() if not k.startswith("_")},
            },
            path,
            compression=zipfile.ZIP_DEFLATED,
            compresslevel=9,
        )


def _coefficients(clf) -> np.ndarray | None:  # type: ignore[no-untyped-def]
    inner = getattr(clf, "calibrated_classifiers_", None)
    est = inner[0].estimator if inner else clf
    coef = getattr(est, "coef_", None)
    return None if coef is None else np.asarray(coef).ravel()


def _feature_names(model: AlignmentModel) -> np.ndarray:
    cached = model.meta.get("_feature_names")
    if cached is None:
        union = model.pipeline.named_steps["features"]  # type: ignore[attr-defined]
        cached = union.get_feature_names_out()
        model.meta["_feature_names"] = cached
    return cached


def _not_a_model(data: object) -> str | None:
    """What keeps a loaded skops object from being a model `AlignmentModel.save` wrote, or None."""
    from sklearn.pipeline import Pipeline

    from pipeline.align.neighbours import NeighbourVote

    if not isinstance(data, dict):
        return f"it holds a {type(data).__name__}"
    missing = [k for k in ("pipeline", "labels", "thresholds", "meta") if k not in data]
    if missing:
        return f"no {', '.join(missing)}"
    pipe, labels, thresholds = data["pipeline"], data["labels"], data["thresholds"]
    if not isinstance(pipe, Pipeline) or not {"features", "classifier"} <= set(pipe.named_steps):
        return '"pipeline" is not a features and classifier pipeline'
    if not isinstance(labels, list | tuple) or not all(isinstance(x, str) for x in labels):
        return '"labels" is not a list of requirement IDs'
    try:
        if np.asarray(thresholds, dtype=np.float64).shape != (len(labels),):
            return '"thresholds" is not one number per label'
    except (TypeError, ValueError):
        return '"thresholds" is not one number per label'
    if not isinstance(data["meta"], dict):
        return '"meta" is not a dict'
    if not isinstance(data.get("neighbours"), NeighbourVote | None):
        return '"neighbours" is not a nearest-clause vote'
    return None


def load_model(path: str | os.PathLike[str] | None = None) -> AlignmentModel:
    """Load a model file with skops, refusing any type outside `TRUSTED_TYPES`."""
    import skops.io as sio

    chosen = path or os.environ.get("TENDERLENS_MODEL")
    p = Path(chosen or DEFAULT_MODEL)
    if not p.is_file():
        if not chosen:  # the shipped model, deleted or never built
            raise ModelError(
                f"alignment model not found at {p}; run `tenderlens train` to build it"
            )
        # a path the user gave: what is wrong with it, not how to rebuild the shipped model
        named = str(p) if path else f"TENDERLENS_MODEL={p}"
        what = "a folder, not a model file" if p.is_dir() else "no such model file"
        raise ModelError(f"{named}: {what}")
    from skops.io.exceptions import UntrustedTypesFoundException

    try:
        # one pass: skops refuses, while loading, any type outside the list
        data = sio.load(p, trusted=TRUSTED_TYPES)
    except UntrustedTypesFoundException as exc:
        found = re.search(r"\[(.*)\]", str(exc))
        listed = found.group(1).replace("'", "") if found else str(exc)
        raise ModelError(f"{p}: refusing to load untrusted types: {listed}") from None
    except Exception as exc:  # a damaged file is reported, not raised as-is
        raise ModelError(f"{p}: not a readable skops model file ({exc})") from None
    problem = _not_a_model(data)
    if problem:  # another skops file (a bare scikit-learn model) ended in a KeyError traceback
        raise ModelError(f"{p}: not a TenderLens alignment model ({problem})")
    return AlignmentModel(
        data["pipeline"],
        list(data["labels"]),
        np.asarray(data["thresholds"]),
        dict(data["meta"]),
        data.get("neighbours"),
    )


def model_version() -> str:
    """The shipped (or TENDERLENS_MODEL) model's version, from its card when the card was written
    for exactly this file, so that a process that only records provenance (a batch's parent)
    need not load the model."""
    if default_model.cache_info().currsize:
        return default_model().version
    p = Path(os.environ.get("TENDERLENS_MODEL") or DEFAULT_MODEL)
    card = p.with_suffix(".card.json")
    try:
        meta = json.loads(card.read_text(encoding="utf-8"))
        sha = file_sha256(p)
        if sha is not None and meta.get("model_sha256") == sha and meta.get("model_version"):
            return str(meta["model_version"])
    except (OSError, ValueError):
        pass
    return default_model().version


@lru_cache(maxsize=1)
def default_model() -> AlignmentModel:
    """The shipped model, loaded once per process on first use."""
    return load_model()
