"""Page furniture (running headers, footers, page numbers) set aside, and the document title."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from difflib import SequenceMatcher

from pipeline.model import BBox, Line, Page

MARGIN_SHARE = 0.09  # top and bottom share of the page height where furniture lives
# an OCR'd margin line this similar (difflib's ratio) to a repeated one, and at least this long,
# is the same running header misread
OCR_SIMILAR = 0.85
OCR_SIMILAR_MIN_CHARS = 8
# OCR reads the dashes of `- 2 -` as `_` at times
_PAGE_NUMBER = re.compile(
    r"^[\s\-－‐―—–ー_＿(（\[]*(?:p\.?|page|ページ)?\s*[0-9０-９]+\s*(?:[/／]\s*[0-9０-９]+)?"
    r"\s*(?:頁|ページ)?[\s\-－‐―—–ー_＿)）\]]*$",
    re.IGNORECASE,
)
_DIGITS = re.compile(r"[0-9０-９]+")


def _key(text: str) -> str:
    return _DIGITS.sub("#", re.sub(r"\s+", "", text))


def is_page_number(text: str) -> bool:
    """Whether a line's text is a page number as printed (`- 2 -`, `3/10`, `p. 4`)."""
    return _PAGE_NUMBER.match(text) is not None


def in_margin(box: BBox | None, page_height: float) -> bool:
    """Whether a box lies in the top or bottom margin of a page, where furniture lives."""
    if box is None or page_height <= 0:
        return False
    return (
        box.bottom < page_height * MARGIN_SHARE + 10
        or box.top > page_height * (1 - MARGIN_SHARE) - 10
    )


def _in_margin(line: Line, page: Page) -> bool:
    return in_margin(line.bbox, page.height)


def finish_document(pages: list[Page]) -> tuple[list[Page], str | None]:
    """Move furniture out of the body lines of each page; find the title."""
    counts: Counter[str] = Counter()
    for page in pages:
        counts.update({_key(ln.text) for ln in page.lines if _in_margin(ln, page)})
    with_text = sum(1 for p in pages if p.lines)
    sizes = sorted(ln.font_size for p in pages for ln in p.lines if ln.font_size)
    body_size = sizes[len(sizes) // 2] if sizes else None
    repeat_min = max(2, int(0.4 * with_text + 0.5))
    repeated = [key for key, n in counts.items() if n >= repeat_min]
    out: list[Page] = []
    for page in pages:
        body: list[Line] = []
        furniture: list[Line] = list(page.furniture)
        for ln in page.lines:
            if _in_margin(ln, page) and (
                _PAGE_NUMBER.match(ln.text)
                or (with_text >= 2 and _repeats(ln, counts, repeated, repeat_min))
                # small print in the margin of a one-page document is a running header too
                or (
                    with_text < 2 and body_size and ln.font_size and ln.font_size < 0.92 * body_size
                )
            ):
                furniture.append(ln)
            else:
                body.append(ln)
        out.append(replace(page, lines=tuple(body), furniture=tuple(furniture)))
    return out, _title(out)


def _repeats(line: Line, counts: Counter[str], repeated: list[str], repeat_min: int) -> bool:
    """Whether a margin line is printed on enough pages to be a running header or footer. OCR
    misreads a character or two of it on some pages (`観測庁` as `観測店`): an OCR'd line
    nearly the same as a repeated one is that one."""
    key = _key(line.text)
    if counts[key] >= repeat_min:
        return True
    return (
        line.source == "ocr"
        and len(key) >= OCR_SIMILAR_MIN_CHARS
        and any(SequenceMatcher(None, key, other).ratio() >= OCR_SIMILAR for other in repeated)
    )


def _title(pages: list[Page]) -> str | None:
    """The largest-printed short line near the top of the first page with text, else its first
    short line."""
    for page in pages:
        if not page.lines:
            continue
        head = page.lines[:10]
        sized = [ln for ln in head if ln.font_size]
        if sized:
            body = sorted(ln.font_size for ln in page.lines if ln.font_size)[
                len([ln for ln in page.lines if ln.font_size]) // 2
            ]
            biggest = max(sized, key=lambda ln: ln.font_size or 0)
            if (biggest.font_size or 0) > body * 1.15:
                return biggest.text.strip()
        for ln in head:
            t = ln.text.strip()
            if t and len(t) <= 60 and not t.endswith("。"):
                return t
        return None
    return None
