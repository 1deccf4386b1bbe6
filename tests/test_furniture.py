"""Page furniture on OCR'd pages, whose margin lines come back slightly misread."""

from __future__ import annotations

from pipeline.ingest.furniture import finish_document
from pipeline.model import BBox, Line, Page

HEADER = "海洋観測庁 業務用グループウェアサービス利用 調達仕様書"
HEADER_BOX = BBox(310, 25, 533, 40)
FOOTER_BOX = BBox(290, 800, 305, 806)


def _page(number: int, *margin: tuple[str, BBox], source: str = "ocr") -> Page:
    text = "受注者は、本業務で知り得た情報を第三者に漏らしてはならない。"
    body = Line(text, number, BBox(73, 300, 520, 315), source=source)
    lines = [Line(text, number, box, source=source) for text, box in margin]
    return Page(number, 595.0, 842.0, (*lines, body))


def test_page_number_read_by_ocr_with_underscores_was_body_text():
    """Regression: OCR reads the dashes of a centred `- 2 -` as `_` at times (`_2-`); the page
    number then stayed in the body, a clause of its own in the section it fell in."""
    pages = [_page(n, (text, FOOTER_BOX)) for n, text in ((1, "-1-"), (2, "_2-"), (3, "＿3＿"))]
    out, _ = finish_document(pages)
    assert [[ln.text for ln in page.furniture] for page in out] == [["-1-"], ["_2-"], ["＿3＿"]]
    assert all(len(page.lines) == 1 for page in out)


def test_running_header_misread_by_ocr_on_one_page_was_body_text():
    """Regression: a running header is told by being printed the same on many pages; OCR misread
    one character of it on all pages but one (庁 as 店), and that page's header, alone in its
    reading, stayed in the body and was joined to the clause running over the page break."""
    misread = HEADER.replace("庁", "店")
    pages = [_page(n, (misread if n != 3 else HEADER, HEADER_BOX)) for n in (1, 2, 3, 4)]
    out, _ = finish_document(pages)
    assert [[ln.text for ln in page.furniture] for page in out] == [
        [misread],
        [misread],
        [HEADER],
        [misread],
    ]
    assert all(len(page.lines) == 1 for page in out)


def test_text_layer_margin_line_like_a_header_stays_body_text():
    """Near matches are an OCR allowance: a text layer prints its header the same every time, so
    a margin line that differs from it is the document's own text."""
    other = HEADER.replace("調達仕様書", "調達仕様案")
    pages = [
        _page(n, (other if n == 3 else HEADER, HEADER_BOX), source="pdfium") for n in (1, 2, 3, 4)
    ]
    out, _ = finish_document(pages)
    assert [len(page.furniture) for page in out] == [1, 1, 0, 1]
    assert out[2].lines[0].text == other
