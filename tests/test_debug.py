"""`tenderlens debug` draws what was detected on the page image."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PIL import Image
from reportlab.pdfgen import canvas

from pipeline.cli import main
from pipeline.debug import COLOURS, MAX_PIXELS, page_pixels
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


def _analysis_must_not_run(*args, **kwargs):  # type: ignore[no-untyped-def]
    raise AssertionError("the page was analysed before the options were checked")


def test_debug_scale_far_too_large_or_not_positive_is_a_usage_error_not_a_memory_error(
    tmp_path, capsys
):
    """Regression: `debug --scale 1000` analysed the document, then asked PDFium for a
    595,000 × 842,000-pixel page image and died with a MemoryError traceback; `--scale 0` or a
    negative one gave PDFium's "Crop exceeds page dimensions", `inf` an OverflowError traceback,
    and `--page 0` was read past the document's pages. Each is now argparse's usage error (exit
    2) naming the bound, before the PDF is opened."""
    pdf = SAMPLES / "independent_agency.pdf"
    out = tmp_path / "x.png"
    for option, value, bound in [
        ("--scale", "1000", "at most 10"),
        ("--scale", "10.5", "at most 10"),
        ("--scale", "0", "above 0"),
        ("--scale", "-1", "above 0"),
        ("--scale", "nan", "above 0"),
        ("--scale", "inf", "above 0"),
        ("--page", "0", "1 or more"),
        ("--page", "-2", "1 or more"),
    ]:
        with pytest.raises(SystemExit) as stop:
            main(["debug", str(pdf), option, value, "-o", str(out)])
        assert stop.value.code == 2
        err = capsys.readouterr().err
        assert f"argument {option}: {value!r}: " in err and bound in err, err
        assert "Traceback" not in err
    assert not out.exists()


def test_debug_page_whose_image_would_exceed_the_pixel_limit_is_a_usage_error_before_analysis(
    tmp_path, capsys, monkeypatch
):
    """Regression: the scale alone does not bound the image. A 5,000-point square page at the
    default scale is 10,000 × 10,000 pixels (900 MB held at once while rendered and converted);
    a page at the PDF limit of 14,400 points 8 times that. It is now a usage error before the
    analysis, naming the largest scale that fits, which does fit."""
    pdf = tmp_path / "poster.pdf"
    c = canvas.Canvas(str(pdf), pagesize=(5000, 5000))
    c.drawString(72, 4900, "Information security: the contractor keeps data confidential.")
    c.save()
    monkeypatch.setattr("pipeline.debug.analyze_document", _analysis_must_not_run)
    out = tmp_path / "poster.png"
    assert main(["debug", str(pdf), "-o", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("tenderlens: error: --scale 2: page 1 "), err
    assert "10000×10000 pixels, above the limit of 64 million" in err[0]
    largest = float(re.search(r"give --scale ([0-9.]+) or less", err[0]).group(1))
    width, height = page_pixels(5000, 5000, largest)
    assert 0.99 * MAX_PIXELS < width * height <= MAX_PIXELS
    assert not out.exists()


def test_debug_output_that_cannot_be_written_is_a_usage_error_before_analysis(
    tmp_path, capsys, monkeypatch
):
    """Regression: `debug -o` naming a directory, a file with no image suffix, or a path under a
    folder that cannot be made was found only when the image was saved, after the whole analysis:
    PIL's bare "unknown file extension: " or a FileNotFoundError traceback. Each is now one usage
    line naming -o, before the document is read."""
    pdf = SAMPLES / "independent_agency.pdf"
    a_dir = tmp_path / "a_dir"
    a_dir.mkdir()
    a_file = tmp_path / "a_file"
    a_file.write_text("keep me", encoding="utf-8")
    monkeypatch.setattr("pipeline.debug.analyze_document", _analysis_must_not_run)
    for bad, problem in [
        (a_dir, "a directory"),
        (a_file / "p.png", "is a file, not a folder"),
        (Path("/proc/nope/p.png"), "nothing can be written"),
        (tmp_path / "p.txt", "end it in .png"),
        (tmp_path / "page3", "end it in .png"),
    ]:
        assert main(["debug", str(pdf), "-o", str(bad)]) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and err[0].startswith(f"tenderlens: error: -o {bad}: "), err
        assert problem in err[0]
    assert a_file.read_text(encoding="utf-8") == "keep me"
    assert not (tmp_path / "p.txt").exists() and not (tmp_path / "page3").exists()


def test_debug_left_out_a_clause_outside_the_security_sections_that_covers_a_requirement(
    tmp_path, render_pdf
):
    """Regression: since a requirement the security sections leave uncovered is looked for
    elsewhere, a clause there can be a requirement's evidence (the My Number sample without its
    damages clause: 第6「契約の解除」 covers BREACH_CONSEQUENCES); `debug` drew only security
    clauses, so that evidence could not be checked on the page."""
    from pipeline.analysis import analyze_path
    from pipeline.debug import draw_page
    from tests.conftest import SAMPLES
    from tests.test_coverage_scope import MYNUMBER_DAMAGES

    source = (SAMPLES / "mynumber_outsourcing.spec.txt").read_text(encoding="utf-8")
    assert source.count(MYNUMBER_DAMAGES) == 1
    pdf = render_pdf(source.replace(MYNUMBER_DAMAGES, ""), "mynumber_without_damages.pdf")
    analysis = analyze_path(pdf)
    security = {c.id for c in analysis.structure.security_clauses}
    outside = next(
        c for c in analysis.structure.clauses
        if c.id not in security and analysis.requirements.get(c.id)
    )
    assert outside.text.startswith("市は、受託者が本仕様書に定める事項に違反したときは")
    png = draw_page(pdf, outside.page, tmp_path / "p.png", scale=1.0)
    image = Image.open(png).convert("RGB")
    x0, top, x1 = (round(v) for v in (outside.bbox.x0, outside.bbox.top, outside.bbox.x1))
    edge = [image.getpixel((x, top)) for x in range(x0 + 2, x1 - 2)]
    assert sum(p == COLOURS["clause"] for p in edge) > 0.8 * len(edge)


def _damaged_page(pdf: Path, page: int) -> bytes:
    """The sample's bytes with one byte of page ``page``'s object header changed (``obj`` to
    ``obx``): the file opens, the page tree counts the page, and PDFium cannot load that page
    alone, as with a page object damaged in transfer."""
    data = pdf.read_bytes()
    kids = re.search(rb"/Kids \[([^\]]*)\]", data).group(1)
    number = int(re.findall(rb"(\d+) 0 R", kids)[page - 1])
    at = data.index(b"\n%d 0 obj" % number)
    header = b"\n%d 0 obj" % number
    return data[:at] + header[:-1] + b"x" + data[at + len(header) :]


def test_debug_of_a_page_pdfium_cannot_read_was_a_traceback(tmp_path, capsys):
    """Regression: `debug` on a page PDFium cannot load (its page object damaged; ingestion
    records it as `pdf.page_error` and goes on) ended in a PdfiumError traceback ("Failed to load
    page."), after analysing the whole document. It is now the coded line `analyze` gives a
    failed document, naming the page and how many others can be drawn, exit 1 and no image; a
    good page of the same file is still drawn, exit 0, with the document's problem said on its
    line, since the unread page shaped the sections and clauses drawn."""
    import pypdfium2 as pdfium

    pdf = tmp_path / "page3_damaged.pdf"
    pdf.write_bytes(_damaged_page(SAMPLES / "independent_agency.pdf", 3))
    # the file is what it claims: it opens, pages 1 and 2 load, page 3 does not
    crafted = pdfium.PdfDocument(str(pdf))
    try:
        assert len(crafted) == 3
        crafted[0].close()
        crafted[1].close()
        with pytest.raises(pdfium.PdfiumError):
            crafted[2]
    finally:
        crafted.close()

    bad = tmp_path / "p3.png"
    assert main(["debug", str(pdf), "--page", "3", "-o", str(bad), "--scale", "1"]) == 1
    captured = capsys.readouterr()
    err = captured.err.strip().splitlines()
    assert len(err) == 1, err
    assert err[0] == (
        f"tenderlens: {pdf}: pdf.page_error: page 3 cannot be drawn: PDFium could not read it "
        "(Failed to load page.); 2 of the document's 3 pages can be drawn"
    )
    assert "Traceback" not in captured.err and not bad.exists()

    good = tmp_path / "p2.png"
    assert main(["debug", str(pdf), "--page", "2", "-o", str(good), "--scale", "1"]) == 0
    captured = capsys.readouterr()
    assert captured.out.strip() == str(good)
    assert captured.err.strip().splitlines() == [
        f"tenderlens: {pdf}: pdf.page_error: page 3: Failed to load page."
    ]
    image = Image.open(good).convert("RGB")
    colours = {c for _, c in image.getcolors(maxcolors=1 << 20)}
    assert COLOURS["security_section"] in colours and COLOURS["clause"] in colours
