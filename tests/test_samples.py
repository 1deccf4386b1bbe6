"""The team's sample corpus: section tree and security clauses equal the recorded expectation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.analysis import analyze_path
from tests.conftest import SAMPLES, render, require_font
from tests.seed import squeeze

SPECS = sorted(SAMPLES.glob("*.spec.txt"))


def _font(spec: Path) -> str:
    for line in spec.read_text(encoding="utf-8").splitlines():
        if line.startswith("#font"):
            return line.split(None, 1)[1].strip()
    return "HeiseiMin-W3"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    out = tmp_path_factory.mktemp("samples")
    paths = {}
    for spec in SPECS:
        if render.font_available(_font(spec)):
            pdf = out / spec.name.replace(".spec.txt", ".pdf")
            render.render_spec(spec.read_text(encoding="utf-8"), pdf)
            paths[spec.name] = pdf
    return paths


@pytest.mark.parametrize("spec", SPECS, ids=[s.name.split(".")[0] for s in SPECS])
def test_sample_structure_matches_expectation(spec, rendered):
    require_font(_font(spec))
    expected = json.loads(spec.with_name(spec.name.replace(".spec.txt", ".expected.json")).read_text())
    analysis = analyze_path(rendered[spec.name])
    assert analysis.status == "ok"
    assert squeeze(analysis.document.title) == squeeze(expected["title"])
    got_sections = [
        {"label": s.label, "heading": s.heading, "level": s.level, "is_security": s.is_security}
        for s in analysis.structure.sections
    ]

    def norm(items):
        return [{**d, "heading": d["heading"].replace(" ", "").replace("\u3000", "")} for d in items]

    assert norm(got_sections) == norm(expected["sections"])
    by_id = {s.id: s for s in analysis.structure.sections}
    got_clauses = [
        {
            "section": by_id[c.section_id].heading.replace(" ", "").replace("\u3000", ""),
            "label": c.label,
            "starts": c.text.replace(" ", "").replace("\u3000", "")[:8],
        }
        for c in analysis.structure.security_clauses
    ]
    want_clauses = [
        {
            "section": g["section"].replace(" ", "").replace("\u3000", ""),
            "label": g["label"],
            "starts": g["starts"].replace(" ", "").replace("\u3000", "")[:8],
        }
        for g in expected["security_clauses"]
    ]
    assert got_clauses == want_clauses


def test_committed_sample_pdfs_are_current(rendered):
    """The PDFs that `make run` analyses are exactly what the generator makes from the sources."""
    for spec in SPECS:
        committed = spec.with_name(spec.name.replace(".spec.txt", ".pdf"))
        if spec.name not in rendered or not committed.exists():
            continue
        assert committed.read_bytes() == rendered[spec.name].read_bytes(), (
            f"{committed.name} is stale: run `make samples`"
        )
