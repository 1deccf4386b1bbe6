"""Batch throughput: a generated corpus of 30-page specifications (one security section each),
analysed with 1 and 2 worker processes, against the naive pipeline on a sample of it.

    .venv/bin/python benchmarks/batch_speed.py [--docs 60] [--pages 30]

Prints documents/s, pages/s, the 1 -> 2 worker speed-up, the peak memory of the run, and the
ratio to (a) pdfplumber `extract_text` of every page plus GiNZA over all the text and (b) plain
pdfplumber `extract_text`, measured on the same documents in the same run. Results go to
benchmarks/results/batch_speed.json.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.generate import make_spec  # noqa: E402
from benchmarks.timing import write_result  # noqa: E402
from corpora.samples import render  # noqa: E402


def run(folder: Path, db: Path, jobs: int) -> float:
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pipeline", "analyze", str(folder), "--db", str(db),
                    "--jobs", str(jobs)], check=True, capture_output=True, cwd=ROOT)
    return time.perf_counter() - t0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=60)
    parser.add_argument("--pages", type=int, default=30)
    parser.add_argument("--naive-sample", type=int, default=3)
    args = parser.parse_args()
    import pdfplumber
    import pypdfium2 as pdfium

    from pipeline.nlp.ginza import parse

    result: dict = {"documents": args.docs}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        for k in range(args.docs):
            render.render_spec(make_spec(args.pages, seed=1000 + k), folder / f"spec{k:04d}.pdf")
        pages = sum(len(pdfium.PdfDocument(str(p))) for p in folder.glob("*.pdf"))
        result["pages"] = pages
        t1 = run(folder, Path(tmp) / "one.duckdb", 1)
        t2 = run(folder, Path(tmp) / "two.duckdb", 2)
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        result.update({
            "jobs1_s": round(t1, 1), "jobs2_s": round(t2, 1),
            "jobs2_documents_per_s": round(args.docs / t2, 2),
            "jobs2_pages_per_s": round(pages / t2, 1),
            "speedup_1_to_2": round(t1 / t2, 2),
            "peak_rss_mb_largest_process": round(peak),
        })
        sample = sorted(folder.glob("*.pdf"))[: args.naive_sample]
        sample_pages = sum(len(pdfium.PdfDocument(str(p))) for p in sample)
        t0 = time.perf_counter()
        texts = []
        for p in sample:
            with pdfplumber.open(p) as pdf:
                texts.append("\n".join(page.extract_text() or "" for page in pdf.pages))
        t_plumber = time.perf_counter() - t0
        t0 = time.perf_counter()
        chunks = [t[i : i + 2000] for t in texts for i in range(0, len(t), 2000)]
        for _ in parse(chunks):
            pass
        t_naive = t_plumber + time.perf_counter() - t0
        ours_per_page = t2 / pages
        result.update({
            "naive_pages_per_s": round(sample_pages / t_naive, 2),
            "plumber_extract_text_pages_per_s": round(sample_pages / t_plumber, 1),
            "speedup_vs_naive": round((t_naive / sample_pages) / ours_per_page, 1),
            "speedup_vs_plumber_extract_text": round((t_plumber / sample_pages) / ours_per_page, 1),
        })
    write_result("batch_speed", result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
