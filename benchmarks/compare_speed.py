"""Comparing 1,000 analysed tenders from the store: matrix and typicality, and the HTML report.

    .venv/bin/python benchmarks/compare_speed.py [--tenders 1000]

The store is filled with copies of the six analysed samples under distinct document keys (the
analysis is not what is measured here). Results go to benchmarks/results/compare_speed.json.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from benchmarks.timing import write_result  # noqa: E402
from pipeline import load_results, matrix, typicality  # noqa: E402
from pipeline.analysis import analyze_path  # noqa: E402
from pipeline.report import comparison_data, write_html  # noqa: E402
from pipeline.store import Store  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tenders", type=int, default=1000)
    args = parser.parse_args()
    samples = [analyze_path(p) for p in sorted((ROOT / "corpora/samples").glob("*.pdf"))]
    result: dict = {"tenders": args.tenders}
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "many.duckdb"
        t0 = time.perf_counter()
        with Store(db) as store:
            for k in range(args.tenders):
                base = samples[k % len(samples)]
                doc = replace(
                    base.document,
                    sha256=f"{k:064x}",
                    path=f"/tenders/t{k:05d}.pdf",
                    title=f"{base.document.title} #{k}",
                )
                store.write(replace(base, document=doc))
        result["fill_store_s"] = round(time.perf_counter() - t0, 2)
        t0 = time.perf_counter()
        results = load_results(db)
        t1 = time.perf_counter()
        m = matrix(results)
        t2 = time.perf_counter()
        t = typicality(results)
        t3 = time.perf_counter()
        result["matrix_and_typicality_s"] = round(t3 - t0, 3)
        # its steps: reading the store into DataFrames was most of it
        result["load_results_s"] = round(t1 - t0, 3)
        result["matrix_s"] = round(t2 - t1, 3)
        result["typicality_s"] = round(t3 - t2, 3)
        result["matrix_shape"] = list(m.shape)
        result["typicality_rows"] = len(t)
        t0 = time.perf_counter()
        report = write_html(comparison_data(results), Path(tmp) / "report.html")
        result["html_report_s"] = round(time.perf_counter() - t0, 2)
        result["html_report_mb"] = round(report.stat().st_size / 1e6, 1)
        keys = list(results["documents"]["doc_key"][:10])
        small = write_html(comparison_data(results, keys), Path(tmp) / "report10.html")
        result["html_report_10_tenders_mb"] = round(small.stat().st_size / 1e6, 2)
        chromium = shutil.which("chromium")
        if chromium:
            flags = [
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                f"--user-data-dir={tmp}/chromium",
            ]
            subprocess.run(
                [chromium, *flags, "--dump-dom", "about:blank"], capture_output=True, timeout=60
            )  # warm start-up caches
            t0 = time.perf_counter()
            subprocess.run(
                [chromium, *flags, "--dump-dom", small.as_uri()],
                capture_output=True,
                timeout=60,
                check=True,
            )
            result["chromium_open_10_tender_report_s"] = round(time.perf_counter() - t0, 2)
    write_result("compare_speed", result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
