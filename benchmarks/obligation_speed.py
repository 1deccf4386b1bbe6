"""Obligation-frame speed and memory, and the cost against parsing a whole tender with GiNZA.

    .venv/bin/python benchmarks/obligation_speed.py

Measured in one run, each configuration in its own process (GiNZA's numpy ops are chosen before
it loads): characters/s of GiNZA on realistic clause text for the default pipeline and for ours
(no NER, numpy ops without blis, BLAS on one thread); frame extraction characters/s; peak memory;
and on a generated 100-page specification the ratio of `analyze` (frames included) to parsing the
document's whole text with GiNZA. Results go to benchmarks/results/obligation_speed.json.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from benchmarks.timing import write_result  # noqa: E402

GINZA_PROBE = r"""
import json, resource, sys, time
sys.path.insert(0, {root!r})
from pipeline.align.corpus import load_corpus
texts = [c.text for split in load_corpus().values() for c in split if c.labels][:400]
if {ours!r}:
    from pipeline.nlp.ginza import nlp, parse
    nlp(); run = lambda: list(parse(texts))
else:
    import spacy
    model = spacy.load("ja_ginza"); run = lambda: list(model.pipe(texts))
run()
t = time.perf_counter(); run(); dt = time.perf_counter() - t
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({{"chars_per_s": round(sum(map(len, texts)) / dt), "peak_rss_mb": round(rss)}}))
"""


def probe(ours: bool) -> dict:
    code = GINZA_PROBE.format(root=str(ROOT), ours=ours)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    import resource

    from benchmarks.generate import make_spec
    from corpora.samples import render
    from pipeline.align.corpus import load_corpus
    from pipeline.analysis import analyze_path
    from pipeline.ingest import ingest
    from pipeline.nlp.ginza import parse
    from pipeline.obligations import extract_obligations
    from pipeline.text import normalize

    result = {"ginza_default_pipeline": probe(False), "ginza_tenderlens_setup": probe(True)}
    clauses = [c for split in load_corpus().values() for c in split if c.labels]
    inputs = [(normalize(c.text), list(c.labels)) for c in clauses]
    extract_obligations(inputs[:20])
    t0 = time.perf_counter()
    extract_obligations(inputs, [c.text for c in clauses])
    dt = time.perf_counter() - t0
    result["frame_extraction_chars_per_s"] = round(sum(len(c.text) for c in clauses) / dt)
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "spec.pdf"
        render.render_spec(make_spec(100, seed=5), pdf)
        analyze_path(pdf)
        t0 = time.perf_counter()
        analyze_path(pdf)
        t_analyze = time.perf_counter() - t0
        text = "\n".join(ln.text for p in ingest(pdf).pages for ln in p.lines)
        chunks = [text[i : i + 4000] for i in range(0, len(text), 4000)]
        t0 = time.perf_counter()
        for _ in parse(chunks):
            pass
        t_whole = time.perf_counter() - t0
    result.update({
        "analyze_100_page_s": round(t_analyze, 3),
        "ginza_whole_document_s": round(t_whole, 3),
        "ratio_analyze_to_whole_document_parse": round(t_analyze / t_whole, 3),
        "peak_rss_mb_this_process": round(
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        ),
    })
    write_result("obligation_speed", result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
