"""Page furniture on OCR'd pages, whose margin lines come back slightly misread."""

from __future__ import annotations

from pipeline.ingest.furniture import finish_document
from pipeline.model import BBox, Line, Page

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
