"""Bad input: every case gets a coded one-line error, the batch goes on, exit code 1, and never a
traceback. The broken files are made here from a rendered sample, named after what is wrong."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfgen import canvas

from pipeline.analysis import analyze_path
from pipeline.cli import main
from tests.conftest import ROOT, SAMPLES, render, scanned_copy

SPEC = (
    "#font HeiseiMin-W3\n::heading 〇〇業務 仕様書\n"
    "1.　情報セキュリティに関する事項\n"
    "  (1)　受注者は、本業務で知り得た情報を第三者に漏らしてはならない。\n"
    "  (2)　受注者は、事故が発生した場合には、直ちに発注者に報告すること。\n"
)


@pytest.fixture(scope="module")
def good_pdf(tmp_path_factory) -> Path:
    return render.render_spec(SPEC, tmp_path_factory.mktemp("good") / "good.pdf")


def _text_pdf(path: Path, *, encrypt=None, pagesize=(595, 842)) -> Path:
    render.register_font("HeiseiMin-W3")
    c = canvas.Canvas(str(path), pagesize=pagesize, encrypt=encrypt, invariant=1)
    c.setFont("HeiseiMin-W3", 10.5)
    c.drawString(60, pagesize[1] - 80, "情報セキュリティに関する事項")
    c.drawString(60, pagesize[1] - 100, "(1)　受注者は、本業務で知り得た情報を第三者に漏らしてはならない。")
    c.save()
    return path


def _status_and_codes(path: Path) -> tuple[str, list[str]]:
    a = analyze_path(path)
    return a.status, [e.code for e in a.errors]


def test_non_pdf_named_pdf(tmp_path):
    p = tmp_path / "invoice.pdf"
    p.write_text("これはPDFではありません", encoding="utf-8")
    assert _status_and_codes(p) == ("failed", ["input.not_pdf"])


def test_empty_file_named_pdf(tmp_path):
    p = tmp_path / "empty.pdf"
    p.write_bytes(b"")
    assert _status_and_codes(p) == ("failed", ["input.not_pdf"])


def test_truncated_pdf(tmp_path, good_pdf):
    p = tmp_path / "truncated.pdf"
    data = good_pdf.read_bytes()
    p.write_bytes(data[: len(data) * 6 // 10])
    status, codes = _status_and_codes(p)
    assert status == "failed"
    assert codes[0] in ("pdf.truncated", "pdf.corrupt")


@pytest.mark.parametrize("sample", ["prefecture", "mynumber_outsourcing"])
def test_pdf_cut_to_90_percent_is_reported_as_truncated(tmp_path, sample):
    """Regression: a download cut short that PDFium cannot open at all was reported as
    pdf.corrupt ("the PDF is damaged"): the %%EOF check behind pdf.truncated only ran once
    PDFium had opened the file."""
    data = (SAMPLES / f"{sample}.pdf").read_bytes()
    p = tmp_path / f"{sample}_90.pdf"
    p.write_bytes(data[: len(data) * 9 // 10])
    a = analyze_path(p)
    assert a.status == "failed"
    assert [e.code for e in a.errors] == ["pdf.truncated"]
    assert "cut short" in a.errors[0].message and "re-download" in a.errors[0].message


def test_corrupt_pdf(tmp_path):
    p = tmp_path / "corrupt.pdf"
    p.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 40)
    assert _status_and_codes(p) == ("failed", ["pdf.corrupt"])


def test_encrypted_pdf_with_password(tmp_path):
    p = _text_pdf(tmp_path / "locked.pdf", encrypt=StandardEncryption("secret", ownerPassword="o"))
    assert _status_and_codes(p) == ("failed", ["pdf.encrypted"])


def test_encrypted_pdf_with_empty_user_password_is_read(tmp_path):
    p = _text_pdf(tmp_path / "owner_only.pdf", encrypt=StandardEncryption("", ownerPassword="o"))
    a = analyze_path(p)
    assert a.status == "ok"
    assert a.structure.security_clauses[0].normalized.text.startswith("受注者は")


def test_zero_page_pdf(tmp_path):
    body = [
        b"%PDF-1.4\n",
        b"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n",
        b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n",
    ]
    offsets, pos = [], 0
    for chunk in body:
        offsets.append(pos)
        pos += len(chunk)
    xref = b"xref\n0 3\n0000000000 65535 f \n" + b"".join(
        f"{o:010d} 00000 n \n".encode() for o in offsets[1:]
    )
    trailer = f"trailer << /Size 3 /Root 1 0 R >>\nstartxref\n{pos}\n%%EOF\n".encode()
    p = tmp_path / "zero_pages.pdf"
    p.write_bytes(b"".join(body) + xref + trailer)
    status, codes = _status_and_codes(p)
    assert status == "failed" and codes in (["pdf.no_pages"], ["pdf.corrupt"])


def test_image_only_pdf_needs_ocr(tmp_path, good_pdf, monkeypatch):
    monkeypatch.setenv("TENDERLENS_OCR", "0")  # without OCR a scanned page is never read as empty
    p = scanned_copy(good_pdf, tmp_path / "scanned.pdf")
    a = analyze_path(p)
    assert a.status == "needs_ocr"
    assert [e.code for e in a.errors] == ["pdf.no_text_layer"]
    assert a.errors[0].page == 1
    # OCR turned off on purpose: the plain message, nothing about a missing Tesseract
    assert "Tesseract" not in a.errors[0].message


def _analyze_without_tesseract(pdf: Path, tmp_path: Path) -> tuple[dict, str]:
    """`analyze` in a process whose PATH has no tesseract, OCR left on: exit 1; the document's
    JSON and stderr."""
    no_tesseract = tmp_path / "bin"  # a PATH where no tesseract can be found
    no_tesseract.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "TENDERLENS_OCR"}
    env.update(PYTHONPATH=str(ROOT), PATH=str(no_tesseract))
    run = subprocess.run(
        [sys.executable, "-m", "pipeline", "analyze", str(pdf), "--json-dir",
         str(tmp_path / "o"), "--db", str(tmp_path / "s.duckdb")],
        capture_output=True, text=True, env=env, timeout=300,
    )
    assert run.returncode == 1, run.stderr
    return json.loads((tmp_path / "o" / f"{pdf.stem}.json").read_text()), run.stderr


def test_scanned_page_without_tesseract_says_tesseract_is_missing(tmp_path, good_pdf):
    """Regression: with OCR on but no tesseract on PATH, a scanned page got the same message as
    with TENDERLENS_OCR=0 ("run OCR on it"), so the user was not told why OCR did not run."""
    scanned = scanned_copy(good_pdf, tmp_path / "scanned.pdf")
    result, stderr = _analyze_without_tesseract(scanned, tmp_path)
    assert result["status"] == "needs_ocr"
    assert [e["code"] for e in result["errors"]] == ["pdf.no_text_layer"]
    message = result["errors"][0]["message"]
    assert "Tesseract is not installed (Debian: tesseract-ocr tesseract-ocr-jpn)" in message
    assert "Tesseract is not installed" in stderr and "Traceback" not in stderr


def _unmapped_glyphs_pdf(tmp_path) -> Path:
    render.register_font("IPAexGothic") if render.font_available("IPAexGothic") else pytest.skip(
        "IPAex font missing"
    )
    src = tmp_path / "mapped.pdf"
    c = canvas.Canvas(str(src), invariant=1)
    c.setFont("IPAexGothic", 12)
    for k in range(20):
        c.drawString(50, 800 - 20 * k, "情報セキュリティに関する事項について遵守すること。")
    c.save()
    p = tmp_path / "cid_glyphs.pdf"
    # without its ToUnicode map the embedded subset font's glyphs read as (cid:NNN)
    p.write_bytes(src.read_bytes().replace(b"/ToUnicode", b"/ToUnicodX"))
    return p


def test_unmapped_cid_glyphs_need_ocr(tmp_path, monkeypatch):
    monkeypatch.setenv("TENDERLENS_OCR", "0")  # with OCR on, the page is read by it (test_ocr)
    a = analyze_path(_unmapped_glyphs_pdf(tmp_path))
    assert a.status == "needs_ocr"
    assert [e.code for e in a.errors] == ["pdf.unmapped_glyphs"]
    assert a.errors[0].message == "page 1: most glyphs have no Unicode mapping; run OCR on it"


def test_unmapped_glyphs_without_tesseract_say_tesseract_is_missing(tmp_path):
    """With OCR on but no tesseract on PATH, a page of unmapped glyphs is not OCR'd; as for a
    scanned page, the message says why instead of only "run OCR on it"."""
    pdf = _unmapped_glyphs_pdf(tmp_path)
    result, stderr = _analyze_without_tesseract(pdf, tmp_path)
    assert result["status"] == "needs_ocr"
    assert [e["code"] for e in result["errors"]] == ["pdf.unmapped_glyphs"]
    assert result["errors"][0]["message"] == (
        "page 1: most glyphs have no Unicode mapping, and OCR cannot run: "
        "Tesseract is not installed (Debian: tesseract-ocr tesseract-ocr-jpn)"
    )
    assert "Traceback" not in stderr


def test_huge_page(tmp_path):
    p = _text_pdf(tmp_path / "huge_page.pdf", pagesize=(20_000, 20_000))
    a = analyze_path(p)
    assert "pdf.page_too_large" in [e.code for e in a.errors]
    assert a.status in ("ok", "no_security_section")


def test_fifo_named_pdf_does_not_block(tmp_path):
    p = tmp_path / "pipe.pdf"
    os.mkfifo(p)
    assert _status_and_codes(p) == ("failed", ["input.unreadable"])


def test_broken_symlink(tmp_path):
    p = tmp_path / "gone.pdf"
    p.symlink_to(tmp_path / "nowhere.pdf")
    assert _status_and_codes(p) == ("failed", ["input.unreadable"])


def test_batch_goes_on_and_exit_code_is_1(tmp_path, good_pdf, capsys):
    folder = tmp_path / "batch"
    sub = folder / "sub"
    sub.mkdir(parents=True)
    (folder / "a_good.pdf").write_bytes(good_pdf.read_bytes())
    (folder / "b_bad.pdf").write_text("not a pdf")
    (sub / "c_good.PDF").write_bytes((SAMPLES / "independent_agency.pdf").read_bytes())
    (sub / "loop").symlink_to(folder, target_is_directory=True)  # a symlink loop is walked once
    (folder / "d_dangling.pdf").symlink_to(tmp_path / "missing.pdf")
    out = tmp_path / "json"
    code = main(["analyze", str(folder), "--json-dir", str(out), "--db", str(tmp_path / "s.duckdb")])
    assert code == 1
    results = {p.name: json.loads(p.read_text()) for p in out.glob("*.json")}
    assert {n: r["status"] for n, r in results.items()} == {
        "a_good.json": "ok",
        "b_bad.json": "failed",
        "c_good.json": "ok",
        "d_dangling.json": "failed",
    }
    assert results["b_bad.json"]["errors"] == [
        {"code": "input.not_pdf", "message": results["b_bad.json"]["errors"][0]["message"]}
    ]
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert all(line.startswith("tenderlens: ") for line in err.strip().splitlines())


def test_directory_of_thousands_of_files(tmp_path, good_pdf):
    folder = tmp_path / "many"
    folder.mkdir()
    for k in range(2000):
        (folder / f"notice_{k:04d}.pdf").write_bytes(b"PK\x03\x04 not a pdf %d" % k)
    (folder / "zz_real.pdf").write_bytes(good_pdf.read_bytes())
    out = tmp_path / "json"
    code = main(["analyze", str(folder), "--json-dir", str(out), "--db", str(tmp_path / "s.duckdb")])
    assert code == 1
    files = list(out.glob("*.json"))
    assert len(files) == 2001
    assert json.loads((out / "zz_real.json").read_text())["status"] == "ok"


def test_cli_usage_errors_exit_2_without_traceback(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    missing = subprocess.run(
        [sys.executable, "-m", "pipeline", "analyze", str(tmp_path / "nope.pdf")],
        capture_output=True, text=True, env=env,
    )
    assert missing.returncode == 2
    assert missing.stderr.strip().count("\n") == 0 and "no such file" in missing.stderr
    bad_option = subprocess.run(
        [sys.executable, "-m", "pipeline", "analyze", "--no-such-option", "x"],
        capture_output=True, text=True, env=env,
    )
    assert bad_option.returncode == 2
    assert "Traceback" not in bad_option.stderr


def test_cli_failed_document_exit_1_one_line_per_problem(tmp_path):
    p = tmp_path / "broken.pdf"
    p.write_text("<html>not found</html>")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run(
        [sys.executable, "-m", "pipeline", "analyze", str(p), "--json-dir", str(tmp_path / "o"),
         "--db", str(tmp_path / "s.duckdb")],
        capture_output=True, text=True, env=env,
    )
    assert run.returncode == 1
    assert run.stderr.strip().splitlines() == [
        f"tenderlens: {p}: input.not_pdf: named .pdf but not a PDF (no %PDF- header); "
        "check the download"
    ]


def test_regression_damaged_page_dict_breaks_pdfplumber_but_fast_pass_is_kept(tmp_path):
    """Found by tests/test_fuzz.py: one flipped byte in a page dictionary made pdfplumber raise
    while listing (and closing) the pages; the document must keep PDFium's reading."""
    data = (SAMPLES / "independent_agency.pdf").read_bytes()
    assert b"/Contents 11 0 R" in data
    p = tmp_path / "flipped.pdf"
    p.write_bytes(data.replace(b"/Contents 11 0 R", b"/Contents 11 0\x01R", 1))
    analysis = analyze_path(p)
    assert analysis.status in ("ok", "no_security_section", "failed")
    assert all(e.code != "internal" for e in analysis.errors)
