"""The real public notices of ../shared/data/real: read without error, no security section, and
their justified headings repaired in the normalised view."""

from __future__ import annotations

import hashlib
import re

import pytest

from pipeline.analysis import analyze_path, to_json
from pipeline.ingest import ingest
from pipeline.structure import build_structure
from pipeline.text import normalize
from tests.conftest import SHARED_DATA, require_shared

REAL_PDFS = sorted((SHARED_DATA / "real" / "pdfs").glob("*.pdf"))
REAL_TEXTS = sorted((SHARED_DATA / "real" / "texts").glob("*.txt"))


def test_real_pdfs_match_their_checksums():
    sums = require_shared("real", "pdfs", "SHA256SUMS").read_text().split("\n")
    listed = dict(reversed(line.split()) for line in sums if line.strip())
    assert len(REAL_PDFS) == 8
    for pdf in REAL_PDFS:
        assert hashlib.sha256(pdf.read_bytes()).hexdigest() == listed[pdf.name]


@pytest.mark.parametrize("pdf", REAL_PDFS, ids=[p.stem for p in REAL_PDFS])
def test_real_notice_has_no_security_section(pdf):
    analysis = analyze_path(pdf)
    assert analysis.status == "no_security_section"
    assert analysis.errors == ()
    payload = to_json(analysis)
    assert payload["clauses"] == [] and payload["findings"] == []
    assert payload["document"]["pages"] >= 1


@pytest.mark.parametrize("text", REAL_TEXTS, ids=[p.stem for p in REAL_TEXTS])
def test_real_construction_text_has_no_security_section(text):
    analysis = analyze_path(text)
    assert analysis.status == "no_security_section"


def test_real_justified_headings_repaired():
    shizuoka = [p for p in REAL_PDFS if p.name.startswith("shizuoka")]
    if not shizuoka:
        pytest.skip("real PDFs not present")
    for pdf in shizuoka:
        doc = ingest(pdf)
        assert re.search(r"公\s+告", doc.info.title)  # printed spaced, kept as printed
        assert normalize(doc.info.title).text == "公告"
        normalized = "".join(c.normalized.text for c in build_structure(doc).clauses)
        assert "難波喬司" in normalized
