"""Scanned tenders: sample pages rendered to images, rebuilt as an image-only PDF, read by OCR."""

from __future__ import annotations

import difflib
import re
import unicodedata
from functools import partial

import pypdfium2 as pdfium
import pytest
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from pipeline.analysis import analyze_path, to_json
from pipeline.ingest import ocr
from pipeline.ingest.reader import ingest
from tests.conftest import SAMPLES, render, require_font

pytestmark = pytest.mark.skipif(
    not ocr.available(), reason="Tesseract with jpn not installed (make sysdeps)"
)


nfkc = partial(unicodedata.normalize, "NFKC")


def _scan(source, target, numbers=None):
    """``source`` scanned into an image-only PDF: every page, or the given ones (1-based)."""
    doc = pdfium.PdfDocument(str(source))
    c = canvas.Canvas(str(target), invariant=1)
    for number in numbers or range(1, len(doc) + 1):
        page = doc[number - 1]
        w, h = page.get_size()
        c.setPageSize((w, h))
        c.drawImage(ImageReader(page.render(scale=200 / 72).to_pil()), 0, 0, width=w, height=h)
        c.showPage()
    c.save()
    doc.close()
    return target


def _text(analysis) -> str:
    return re.sub(
        r"\s+", "", "".join(c.normalized.text for c in analysis.structure.security_clauses)
    )


def _recovered(born, read) -> float:
    """The share of the original's security-clause characters the scan's clauses give back, in
    order (benchmarks/ocr_samples.py prints it for every sample)."""
    reference, got = _text(born), _text(read)
    matched = sum(
        b.size
        for b in difflib.SequenceMatcher(None, reference, got, autojunk=False).get_matching_blocks()
    )
    return matched / len(reference)


def test_scanned_tender_reads_like_the_original(tmp_path):
    original = SAMPLES / "independent_agency.pdf"
    scanned = _scan(original, tmp_path / "scanned.pdf")
    born, read = analyze_path(original), analyze_path(scanned)
    assert read.status == "ok"
    assert "pdf.ocr" in [e.code for e in read.errors]
    accuracy = _recovered(born, read)
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
    items = {
        c.label: c.text for c in read.structure.security_clauses if c.label in ("ア", "イ", "ウ")
    }
    assert items == {
        "ア": "業務責任者及び業務従事者の氏名",
        "イ": "所属及び担当する業務",
        "ウ": "緊急時の連絡先",
    }
    three = next(c for c in read.structure.security_clauses if c.label == "(3)")
    assert three.text.endswith("従事者名簿を市に提出すること。")


def test_scanned_two_column_tender_lost_its_security_section(tmp_path):
    """Regression: the My Number sample, whose security chapter is set in two columns, scanned
    came back as `no_security_section` with none of its clauses. Tesseract's automatic page
    segmentation cut the columns into blocks of its own (labels `(1)` read alone as `69)`, the
    first characters down a hanging indent read as a vertical line, the right column's first
    heading lost), and the full-width space of `第5　` was dropped for the rough word boxes, so
    no chapter heading was found. The page is now read as one block, its rows cut at the gutter
    and ordered by the layout code, and spaces measured on the image."""
    original = SAMPLES / "mynumber_outsourcing.pdf"
    born = analyze_path(original)
    read = analyze_path(_scan(original, tmp_path / "mynumber_scan.pdf"))
    assert read.status == "ok"
    assert [e.code for e in read.errors] == ["pdf.ocr"] * 5
    security = [(s.label, s.heading) for s in read.structure.sections if s.is_security]
    assert security[0] == ("第5", "特定個人情報等の取扱い")
    assert security == [(s.label, s.heading) for s in born.structure.sections if s.is_security]
    # both columns, the left one first, and every label read
    labels = [(c.label, c.page) for c in read.structure.security_clauses]
    assert labels == [(c.label, c.page) for c in born.structure.security_clauses]
    accuracy = _recovered(born, read)
    assert accuracy >= 0.98, f"character accuracy {accuracy:.3f}"
    assert read.coverage == born.coverage


# items of a security chapter set in two columns, wrapped by hand to 15 characters a line
COLUMN_ITEMS = [
    (
        "(1)",
        "受託者は、本業務で知り得た情報を第三者に漏らしてはならない。契約が終了した後も同様とする。",
    ),
    ("(2)", "受託者は、本業務で取り扱う情報を、本業務の目的以外に利用してはならない。"),
    (
        "(3)",
        "受託者は、発注者の書面による承認を得ずに、本業務の全部又は一部を再委託してはならない。",
    ),
    ("(4)", "受託者は、個人情報の漏えい等の事故が発生したときは、直ちに発注者に報告すること。"),
    ("(5)", "受託者は、情報セキュリティ対策の管理体制を記載した書面を、業務開始前に提出すること。"),
    ("(6)", "受託者は、発注者から提供を受けた資料を、契約終了後速やかに返却すること。"),
    ("(7)", "受託者は、複製したデータを復元できない方法で消去し、その旨を書面で報告すること。"),
    ("(8)", "受託者は、作業場所への入退室を記録し、従事者以外の者の立入りを禁止すること。"),
]


def test_scanned_columns_whose_lines_are_not_level_are_read_column_by_column(tmp_path):
    """Tesseract reads a page as one block of rows; where the right column's lines sit half a
    line lower than the left column's, a row across both was misread on both sides. A page
    found to be set in two columns is read again column by column."""
    require_font("IPAexMincho")
    font = render.register_font("IPAexMincho")
    source = tmp_path / "uneven_columns.pdf"
    c = canvas.Canvas(str(source), pagesize=(595, 842), invariant=1)
    c.setFont(font, 10.5)
    c.drawString(60, 780, "1　秘密保持")
    y = {60: 764.0, 320: 772.0}  # the columns' lines lie half a line apart
    for k, (label, text) in enumerate(COLUMN_ITEMS):
        x = 60 if k < 4 else 320
        wrapped = [text[i : i + 15] for i in range(0, len(text), 15)]
        c.drawString(x, y[x], f"{label}　{wrapped[0]}")
        for part in wrapped[1:]:
            y[x] -= 16
            c.drawString(x + 21, y[x], part)
        y[x] -= 16
    c.save()
    born = analyze_path(source)
    read = analyze_path(_scan(source, tmp_path / "uneven_columns_scan.pdf"))
    assert [c.label for c in born.structure.security_clauses] == [
        label for label, _ in COLUMN_ITEMS
    ]
    assert [c.label for c in read.structure.security_clauses] == [
        label for label, _ in COLUMN_ITEMS
    ]
    accuracy = _recovered(born, read)
    assert accuracy >= 0.98, f"character accuracy {accuracy:.3f}"


FULL_WIDTH_LABELS_SPEC = (
    "#font IPAexMincho\n::heading 公文書電子化業務委託仕様書\n"
    "１０　廃棄物の処理\n"
    "  作業に伴って発生した廃棄物は、受託者の責任において適正に処理すること。\n"
    "１１　留意事項\n"
    "  （１）受託者は、県から引渡しを受けた文書を、本業務を行う目的以外に使用してはならない。\n"
    "  （２）受託者は、県の承認を得ずに、文書を複写し、又は複製してはならない。\n"
    "  （３）作業中に文書の紛失その他の事故が発生したときは、直ちに県に報告すること。\n"
    "１２　その他\n"
    "  （１）受託者は、業務の着手前に作業計画書を県に提出すること。\n"
)


def test_scanned_full_width_labels_were_split_by_spaces(tmp_path):
    """Regression: OCR words made of digits or brackets were always joined with a space, so
    full-width labels, whose narrow glyphs stand apart in their cells, came out as `1 1` and
    `(1 )`: chapter 11 and the items under it lost their labels, and chapter 10 took them in.
    No space is put inside brackets, nor between digits unless a full-width space parts them."""
    require_font("IPAexMincho")
    born_pdf = render.render_spec(FULL_WIDTH_LABELS_SPEC, tmp_path / "labels.pdf")
    born, read = analyze_path(born_pdf), analyze_path(_scan(born_pdf, tmp_path / "labels_scan.pdf"))

    def outline(analysis):
        sections = [
            (nfkc(s.label or ""), s.heading, s.is_security) for s in analysis.structure.sections
        ]
        clauses = [(nfkc(c.label or ""), c.section_id) for c in analysis.structure.clauses]
        return sections, clauses

    assert outline(born)[0] == [
        ("10", "廃棄物の処理", False),
        ("11", "留意事項", True),
        ("12", "その他", False),
    ]
    assert outline(read) == outline(born)


SECURITY_SPEC = (
    "#font IPAexGothic\n::heading 窓口業務委託仕様書\n"
    "1.　業務名称\n  市民課窓口業務委託\n"
    "2.　情報セキュリティに関する事項\n"
    "  (1)　受注者は、本業務で知り得た情報を第三者に漏らしてはならない。契約終了後も同様とする。\n"
    "  (2)　受注者は、個人情報の漏えい等の事故が発生した場合には、直ちに発注者に報告すること。\n"
    "  (3)　受注者は、発注者の承認を得ずに本業務を再委託してはならない。\n"
)


def _without_tounicode(source, target):
    # as test_bad_inputs makes it: the embedded IPAex subset loses its ToUnicode map, so its
    # glyphs come out of the text layer as control codes while the page still renders as printed
    target.write_bytes(source.read_bytes().replace(b"/ToUnicode", b"/ToUnicodX"))
    return target


def test_unmapped_glyphs_page_was_left_needing_ocr_instead_of_being_ocrd(tmp_path):
    """Regression: a page whose fonts have no usable ToUnicode map was set aside as
    `pdf.unmapped_glyphs` with status needs_ocr even where Tesseract was installed, while a
    scanned page was OCR'd. It is now read by OCR like a scan, marked as OCR'd (`pdf.ocr`, line
    confidences), and the unmapped glyphs are still reported."""
    require_font("IPAexGothic")
    born_pdf = render.render_spec(SECURITY_SPEC, tmp_path / "born.pdf")
    pdf = _without_tounicode(born_pdf, tmp_path / "unmapped.pdf")
    born, read = analyze_path(born_pdf), analyze_path(pdf)
    assert read.status == "ok"
    assert [(e.code, e.page) for e in read.errors] == [("pdf.unmapped_glyphs", 1), ("pdf.ocr", 1)]
    assert "read by OCR instead" in read.errors[0].message
    assert "no Unicode mapping and was read by OCR" in read.errors[1].message
    # the page's lines are OCR's, none of the text layer's control codes among them
    (page,) = ingest(pdf).pages
    assert {ln.source for ln in page.lines + page.furniture} == {"ocr"}
    clauses = to_json(read)["clauses"]
    assert [c["label"] for c in clauses] == ["(1)", "(2)", "(3)"]
    text = "".join(re.sub(r"\s+", "", c["text"]) for c in clauses)
    for words in ("第三者に漏らしてはならない", "個人情報", "直ちに発注者に報告", "再委託"):
        assert words in text, (words, text)
    # page numbers and boxes as any OCR'd page has them: close to where the words are printed
    for got, want in zip(clauses, to_json(born)["clauses"], strict=True):
        assert got["page"] == want["page"] == 1
        assert got["ocr_confidence"] > 50
        assert all(abs(a - b) <= 6 for a, b in zip(got["bbox"], want["bbox"], strict=True))
    assert read.coverage == born.coverage


def test_page_with_a_few_unmapped_glyphs_keeps_its_text_layer_and_says_so(tmp_path):
    """A page whose text maps but for a few glyphs (a gaiji, a symbol font) is below the 30%
    threshold: its text layer is read as it is and the page is not sent to OCR."""
    require_font("IPAexGothic")
    render.register_font("HeiseiMin-W3")
    render.register_font("IPAexGothic")
    source = tmp_path / "mixed_source.pdf"
    c = canvas.Canvas(str(source), invariant=1)
    y = 780
    for line in (
        "1.　情報セキュリティに関する事項",
        "(1)　受注者は、本業務で知り得た情報を第三者に漏らしてはならない。",
        "(2)　受注者は、事故が発生した場合には、直ちに発注者に報告すること。",
    ):
        c.setFont("HeiseiMin-W3", 10.5)  # a CID font mapped through its CMap, no ToUnicode
        c.drawString(60, y, line)
        y -= 20
    c.setFont("IPAexGothic", 10.5)  # the only font that loses its map below
    c.drawString(60, y, "※髙﨑")
    c.save()
    pdf = _without_tounicode(source, tmp_path / "mixed.pdf")
    (page,) = ingest(pdf).pages
    assert {ln.source for ln in page.lines} == {"pdfium"}
    read = analyze_path(pdf)
    assert read.status == "ok"
    assert "第三者に漏らしてはならない" in to_json(read)["clauses"][0]["text"]
    # regression: the three glyphs that lost their map were dropped without a word
    (notice,) = read.errors
    assert notice.code == "pdf.unmapped_glyphs" and notice.page == 1
    assert notice.message.startswith("page 1: 3 of ")


def test_unmapped_glyphs_page_where_ocr_finds_nothing_says_so(tmp_path):
    """Invisible text (render mode 3) in a font without a ToUnicode map: OCR runs and finds no
    text on the blank rendering, so the page still needs OCR, and the message says OCR ran."""
    require_font("IPAexGothic")
    render.register_font("IPAexGothic")
    source = tmp_path / "invisible_source.pdf"
    c = canvas.Canvas(str(source), invariant=1)
    text = c.beginText(60, 780)
    text.setFont("IPAexGothic", 10.5)
    text.setTextRenderMode(3)
    for _ in range(10):
        text.textLine("受注者は、本業務で知り得た情報を第三者に漏らしてはならない。")
    c.drawText(text)
    c.save()
    read = analyze_path(_without_tounicode(source, tmp_path / "invisible.pdf"))
    assert read.status == "needs_ocr"
    assert [e.code for e in read.errors] == ["pdf.unmapped_glyphs"]
    assert read.errors[0].message == (
        "page 1: most glyphs have no Unicode mapping, and OCR found no text on it"
    )


def test_scanned_page_number_misread_as_katakana_was_body_text(tmp_path):
    """Regression: Tesseract read the first page's footer `- 1 -` of the My Number sample (8 pt
    under 10.5 pt text) as the words `-`, `ュ`, `ー` (confidences 30, 47, 48): `-ュー` is not a
    page number, so the footer stayed in the body as text. A short margin line like it is read
    again on its own, which gives `- 1 -`, and it goes to the furniture as on a text page."""
    original = SAMPLES / "mynumber_outsourcing.pdf"
    # two pages, so that the running header is told by its repeating, as in the whole sample
    page, _ = ingest(_scan(original, tmp_path / "first_pages.pdf", [1, 2])).pages
    footer = [ln for ln in page.lines + page.furniture if ln.bbox.top > 790]
    assert [re.sub(r"\s+", "", ln.text) for ln in footer] == ["-1-"]
    assert footer[0] in page.furniture
    # the body keeps every line it had, the last item's included
    born = ingest(original).pages[0]
    assert len(page.lines) == len(born.lines)
    assert re.sub(r"\s+", "", page.lines[-1].text).startswith("(2)業務従事者は")


# section headings told from the text only by their size (render.py prints `::heading` lines at
# 14 pt over 10.5 pt text): no number, and wording the plain-heading patterns do not know
HEADINGS_BY_SIZE_SPEC = (
    "#font IPAexGothic\n#header 北浜市文書保管業務委託仕様書\n"
    "::heading 文書保管業務委託仕様書\n"
    "::heading 業務の概要\n"
    "  本業務は、北浜市が保有する公文書を受託者の保管施設において保管し、必要に応じて配送する"
    "業務である。\n"
    "  業務の期間は、令和7年4月1日から令和10年3月31日までとする。\n"
    "::heading 受託者の責務\n"
    "  受託者は、本業務で知り得た情報を第三者に漏らしてはならない。契約が終了した後も同様とする。\n"
    "  受託者は、個人情報の漏えい等の事故が発生したときは、直ちに市に報告すること。\n"
    "::pagebreak\n"
    "  受託者は、市の書面による承認を得ずに、本業務の全部又は一部を再委託してはならない。\n"
    "::heading 納品物\n"
    "  受託者は、保管文書の一覧を毎月末日までに市に提出すること。\n"
)


def test_scanned_headings_printed_larger_were_read_as_clauses(tmp_path):
    """Regression: OCR'd lines had no font size, so section headings told from the text only by
    being printed larger (14 pt over 10.5 pt) were clauses of no section: the scan had no
    section, and no security section. Each OCR'd line is now measured on the image, and a line
    clearly larger than the body keeps its size, as on a text page."""
    require_font("IPAexGothic")
    born_pdf = render.render_spec(HEADINGS_BY_SIZE_SPEC, tmp_path / "headings.pdf")
    born = analyze_path(born_pdf)
    read = analyze_path(_scan(born_pdf, tmp_path / "headings_scan.pdf"))

    def outline(analysis):
        sections = [(s.heading, s.level, s.is_security) for s in analysis.structure.sections]
        clauses = [(c.section_id, c.page) for c in analysis.structure.clauses]
        return sections, clauses

    assert outline(born)[0] == [
        ("業務の概要", 1, False),
        ("受託者の責務", 1, True),
        ("納品物", 1, False),
    ]
    assert read.status == born.status == "ok"
    assert outline(read) == outline(born)
    assert _recovered(born, read) >= 0.98
