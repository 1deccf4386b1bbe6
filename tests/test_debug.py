"""`tenderlens debug` draws what was detected on the page image."""

from __future__ import annotations

from PIL import Image

from pipeline.cli import main
from pipeline.debug import COLOURS
from tests.conftest import SAMPLES


def test_debug_draws_sections_and_clauses(tmp_path, capsys):
    pdf = SAMPLES / "independent_agency.pdf"
    out = tmp_path / "page3.png"
    assert main(["debug", str(pdf), "--page", "3", "-o", str(out), "--scale", "1"]) == 0
    image = Image.open(out).convert("RGB")
    assert abs(image.size[0] - 595) <= 1 and abs(image.size[1] - 842) <= 1
    colours = {c for _, c in image.getcolors(maxcolors=1 << 20)}
    assert COLOURS["clause"] in colours and COLOURS["security_section"] in colours
    assert COLOURS["furniture"] in colours


def test_debug_page_out_of_range_is_a_usage_error(tmp_path, capsys):
    pdf = SAMPLES / "independent_agency.pdf"
    assert main(["debug", str(pdf), "--page", "99", "-o", str(tmp_path / "x.png")]) == 2
    assert "the document has 3 pages" in capsys.readouterr().err
