"""OCR on every sample tender scanned: how much of the security clauses comes back, and coverage.

    .venv/bin/python benchmarks/ocr_samples.py [SAMPLE...]

Each sample PDF is rendered to 200-dpi images and rebuilt as an image-only PDF, as
tests/test_ocr.py scans it, then analysed; printed per sample: status, OCR'd pages, the share of
the security clauses' characters the scan gives back (as the tests measure it), and whether the
coverage equals the original PDF's. Needs Tesseract with its Japanese model (`make sysdeps`);
about 3 s a page on one core.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.analysis import analyze_path  # noqa: E402
from pipeline.ingest import ocr  # noqa: E402
from tests.test_ocr import _recovered, _scan  # noqa: E402

SAMPLES = ROOT / "corpora" / "samples"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("samples", nargs="*", help="sample names (default: all six)")
    args = parser.parse_args()
    if not ocr.available():
        print(f"OCR cannot run: {ocr.missing()}", file=sys.stderr)
        return 1
    names = args.samples or sorted(p.stem for p in SAMPLES.glob("*.pdf"))
    print(f"{'sample':<22} {'status':<20} {'ocr pages':>9} {'characters':>10}  coverage")
    worst = 1.0
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            original = SAMPLES / f"{name}.pdf"
            born = analyze_path(original)
            read = analyze_path(_scan(original, Path(tmp) / f"{name}.pdf"))
            share = _recovered(born, read)
            worst = min(worst, share)
            pages = sum(e.code == "pdf.ocr" for e in read.errors)
            same = "same" if read.coverage == born.coverage else "DIFFERENT"
            print(f"{name:<22} {read.status:<20} {pages:>9} {share:>10.2%}  {same}")
    print(f"lowest character share: {worst:.2%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
