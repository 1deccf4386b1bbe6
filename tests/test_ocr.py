"""Scanned tenders: sample pages rendered to images, rebuilt as an image-only PDF, read by OCR."""

from __future__ import annotations

import difflib
import re

import pypdfium2 as pdfium
import pytest
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from pipeline.analysis import analyze_path, to_json
from pipeline.ingest import ocr
from tests.conftest import SAMPLES

pytestmark = pytest.mark.skipif(not ocr.available(),
                                reason="Tesseract with jpn not installed (make sysdeps)")


def _scan(source, target):
    doc = pdfium.PdfDocument(str(source))
    c = canvas.Canvas(str(target), invariant=1)
    for page in doc:
        w, h = page.get_size()
        c.setPageSize((w, h))
        c.drawImage(ImageReader(page.render(scale=200 / 72).to_pil()), 0, 0, width=w, height=h)
        c.showPage()
    c.save()
    doc.close()
    return target


def _text(analysis) -> str:
    return re.sub(r"\s+", "", "".join(c.normalized.text for c in analysis.structure.security_clauses))


def test_scanned_tender_reads_like_the_original(tmp_path):
    original = SAMPLES / "independent_agency.pdf"
    scanned = _scan(original, tmp_path / "scanned.pdf")
    born, read = analyze_path(original), analyze_path(scanned)
    assert read.status == "ok"
    assert "pdf.ocr" in [e.code for e in read.errors]
    reference, got = _text(born), _text(read)
    matched = sum(b.size for b in difflib.SequenceMatcher(None, reference, got,
                                                          autojunk=False).get_matching_blocks())
    accuracy = matched / len(reference)
    assert accuracy >= 0.90, f"character accuracy {accuracy:.3f}"
    assert read.coverage == born.coverage
    payload = to_json(read)
    assert all("ocr_confidence" in c for c in payload["clauses"])


def test_scanned_item_labels_keep_the_gap_after_them(tmp_path):
    """Regression: the OCR page builder joined Japanese words with no space whatever the gap,
    so `ア　業務責任者…` came out as `ア業務責任者…`: item ア was merged into the clause before
    it and イ and ウ lost their labels. A gap wider than a character is kept as a space, as
    the PDF path keeps it, and the labels are found."""
    original = SAMPLES / "municipality.pdf"
    read = analyze_path(_scan(original, tmp_path / "municipality_scan.pdf"))
    born = analyze_path(original)
    assert read.status == "ok"
    labels = [c.label for c in read.structure.security_clauses]
    assert labels == [c.label for c in born.structure.security_clauses]
    items = {c.label: c.text for c in read.structure.security_clauses if c.label in ("ア", "イ", "ウ")}
    assert items == {
        "ア": "業務責任者及び業務従事者の氏名",
        "イ": "所属及び担当する業務",
        "ウ": "緊急時の連絡先",
    }
    three = next(c for c in read.structure.security_clauses if c.label == "(3)")
    assert three.text.endswith("従事者名簿を市に提出すること。")
