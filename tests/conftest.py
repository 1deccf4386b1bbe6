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


def scanned_copy(pdf: Path, target: Path, scale: float = 1.5) -> Path:
    """A copy of the PDF's first page as a picture only, as a scanner makes it (no text layer)."""
    import pypdfium2 as pdfium
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    doc = pdfium.PdfDocument(str(pdf))
    image = doc[0].render(scale=scale).to_pil()
    doc.close()
    c = canvas.Canvas(str(target), pagesize=(595, 842), invariant=1)
    c.drawImage(ImageReader(image), 0, 0, width=595, height=842)
    c.save()
    return target


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


def sample_text(stem: str) -> str:
    """A sample's source as the plain text of the tender: metadata and directives dropped."""
    lines = (SAMPLES / f"{stem}.spec.txt").read_text(encoding="utf-8").splitlines()
    while lines and (lines[0].startswith("#") or not lines[0].strip()):
        lines.pop(0)
    out = []
    for line in lines:
        stripped = line.strip()
        if stripped in ("::pagebreak", "::table", "::end", "::columns"):
            continue
        out.append(
            stripped.removeprefix("::heading").strip() if stripped.startswith("::") else line
        )
    return "\n".join(out) + "\n"


def analyse_texts(folder: Path, texts: dict) -> dict:
    """Each text variant (name -> a function giving its text) written to ``folder`` as a .txt
    tender and analysed; every one must come out `ok`."""
    from pipeline.analysis import analyze_path

    out = {}
    for name, make in texts.items():
        path = folder / f"{name}.txt"
        path.write_text(make(), encoding="utf-8")
        out[name] = analyze_path(path)
        assert out[name].status == "ok", name
    return out
