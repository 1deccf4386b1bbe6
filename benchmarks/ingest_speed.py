"""Ingestion speed on a generated 100-page specification, against raw pdfplumber and pypdfium2.

    .venv/bin/python benchmarks/ingest_speed.py [--pages 100]

Everything is measured in one run on the same files, and printed as pages/s and ratios; the
issue's target is TenderLens ingestion (read + structure) at most 0.2× pdfplumber's time.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import tempfile
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.generate import make_spec  # noqa: E402
from benchmarks.timing import best  # noqa: E402
from corpora.samples import render  # noqa: E402
from pipeline.ingest import ingest  # noqa: E402
from pipeline.structure import build_structure  # noqa: E402


def plumber_all(path: Path) -> None:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()


def pdfium_all(path: Path) -> None:
    doc = pdfium.PdfDocument(str(path))
    for page in doc:
        page.get_textpage().get_text_range()
    doc.close()


def tenderlens(path: Path) -> None:
    build_structure(ingest(path))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--out", default=str(ROOT / "benchmarks/results/ingest_speed.json"))
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for font in ("HeiseiMin-W3", "IPAexMincho"):
            if not render.font_available(font):
                print(f"skip {font}: not installed")
                continue
            pdf = Path(tmp) / f"spec-{font}.pdf"
            render.render_spec(make_spec(args.pages, seed=7, font=font), pdf)
            pages = len(pdfium.PdfDocument(str(pdf)))
            tenderlens(pdf)  # warm caches and imports
            t_ours = best(lambda p=pdf: tenderlens(p))
            t_plumber = best(lambda p=pdf: plumber_all(p), repeat=1)
            t_pdfium = best(lambda p=pdf: pdfium_all(p))
            doc = ingest(pdf)
            full = sum(1 for p in doc.pages if p.geometry == "full")
            row = {
                "font": font + (" (embedded)" if font.startswith("IPAex") else " (not embedded)"),
                "pages": pages,
                "geometry_pages": full,
                "tenderlens_pages_per_s": round(pages / t_ours, 1),
                "pdfplumber_extract_text_pages_per_s": round(pages / t_plumber, 1),
                "pypdfium2_text_pages_per_s": round(pages / t_pdfium, 1),
                "ratio_to_pdfplumber": round(t_ours / t_plumber, 3),
                "ratio_to_pypdfium2": round(t_ours / t_pdfium, 2),
            }
            rows.append(row)
            print(json.dumps(row, ensure_ascii=False))
    result = {"machine": f"{platform.machine()}, {platform.python_version()}", "rows": rows}
    Path(args.out).write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n")
    print(f"written {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
