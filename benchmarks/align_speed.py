"""Alignment speed and size: model load time, clauses/s on one core, share of `analyze` time.

    .venv/bin/python benchmarks/align_speed.py

Clauses come from the team's corpus (all splits; speed does not depend on labels). Figures are
measured in one run and written to benchmarks/results/align_speed.json.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.generate import make_spec  # noqa: E402
from benchmarks.timing import best, write_result  # noqa: E402
from corpora.samples import render  # noqa: E402
from pipeline.align import align_texts  # noqa: E402
from pipeline.align.corpus import load_corpus  # noqa: E402
from pipeline.align.features import feature_text  # noqa: E402
from pipeline.align.model import DEFAULT_MODEL, load_model  # noqa: E402
from pipeline.align.screen import trigger_screen  # noqa: E402
from pipeline.analysis import _search_outside, analyze_path  # noqa: E402
from pipeline.compare.assess import required_requirements  # noqa: E402
from pipeline.compare.outside import outside_candidates  # noqa: E402
from pipeline.ingest import ingest  # noqa: E402
from pipeline.nlp.sudachi import normalized_forms  # noqa: E402
from pipeline.structure import build_structure  # noqa: E402
from pipeline.text import normalize  # noqa: E402
from pipeline.text.matching import matching_form  # noqa: E402


def main() -> int:
    t0 = time.perf_counter()
    model = load_model()
    load_s = time.perf_counter() - t0
    corpus = load_corpus()
    texts = [c.text for split in corpus.values() for c in split] * 4
    norms = [normalize(t) for t in texts]
    forms = [matching_form(n) for n in norms]
    features = [feature_text(f) for f in forms]
    align_texts(texts[:50])  # warm the tokenizer
    t_model = best(lambda: model.scores(features))
    t_tokens = best(lambda: [matching_form(n) for n in norms])
    t_full = best(lambda: align_texts(norms, model=model, explain=False))
    t_explain = best(lambda: align_texts(norms, model=model, explain=True), repeat=1)
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "spec.pdf"
        render.render_spec(make_spec(100, seed=3), pdf)
        analyze_path(pdf)
        t_analyze = best(lambda: analyze_path(pdf))
        structure = build_structure(ingest(pdf))
        clauses = structure.security_clauses
        t_align_doc = best(lambda: align_texts([c.normalized for c in clauses], model=model))
        # the requirements no security clause covers are looked for in the other sections
        # (compare/outside.py): alignment work too, on many more clauses
        covered = {m.id for ms in align_texts([c.normalized for c in clauses]) for m in ms}
        required = required_requirements(analyze_path(pdf).profile_reasons)
        uncovered = [r for r in required if r not in covered]
        outside = outside_candidates(structure).clauses
        t_outside = best(lambda: _search_outside(structure, uncovered))
        # the screen (align/screen.py) reads each clause's normalised forms; the matching form
        # is built only for the clauses it lets through
        screen = trigger_screen(model.trigger_features(), uncovered)
        forms = [normalized_forms(c.normalized.text) for c in outside]
        t_forms = best(lambda: [normalized_forms(c.normalized.text) for c in outside])
        let_through = sum(
            bool(screen.may_hold(f, c.normalized.text)) for f, c in zip(forms, outside, strict=True)
        )
    n = len(texts)
    result = {
        "clauses": n,
        "model_file_mb": round(DEFAULT_MODEL.stat().st_size / 1e6, 2),
        "model_load_s": round(load_s, 3),
        "classifier_only_clauses_per_s": round(n / t_model),
        "sudachi_matching_form_clauses_per_s": round(n / t_tokens),
        "align_end_to_end_clauses_per_s": round(n / t_full),
        "align_with_explanations_clauses_per_s": round(n / t_explain),
        "analyze_100_page_s": round(t_analyze, 3),
        "security_clauses_in_100_page_spec": len(clauses),
        "alignment_share_of_analyze": round(t_align_doc / t_analyze, 3),
        "clauses_searched_outside_security_sections": len(outside),
        "requirements_searched_outside": len(uncovered),
        "outside_search_s": round(t_outside, 3),
        "outside_sudachi_normalised_forms_s": round(t_forms, 3),
        "outside_clauses_let_through_the_screen": let_through,
        "alignment_and_outside_search_share_of_analyze": round(
            (t_align_doc + t_outside) / t_analyze, 3
        ),
    }
    write_result("align_speed", result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
