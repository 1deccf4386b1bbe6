"""Shared fixtures. Test PDFs are rendered from text at test time; real material is read from
../shared/data and tests that need it skip when it is absent."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpora.samples import render

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"
SAMPLES = ROOT / "corpora" / "samples"
ARTIFACTS = ROOT / "tests" / "artifacts"





def require_shared(*parts: str) -> Path:
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"real evaluation material not present: {path}")
    return path


def require_font(name: str) -> None:
    if not render.font_available(name):
        pytest.skip(f"font {name} not installed (Debian fonts-ipaexfont); `make sysdeps` installs it")


@pytest.fixture
def render_pdf(tmp_path):
    """Render sample-format source text to a PDF in tmp_path; returns the path."""
    counter = {"n": 0}

    def _render(source: str, name: str | None = None, **layout) -> Path:
        counter["n"] += 1
        out = tmp_path / (name or f"doc{counter['n']}.pdf")
        return render.render_spec(source, out, **layout)

    return _render
