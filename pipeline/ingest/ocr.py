"""OCR for pages without a text layer: Tesseract's Japanese model through pytesseract.

Debian's `tesseract-ocr` and `tesseract-ocr-jpn` provide the engine (`make sysdeps` installs them
when missing). Words come back with boxes and confidences; they are laid out by the same reading
order code as PDF text, marked as OCR'd lines with their confidence.
"""

from __future__ import annotations

import bisect
import itertools
import os
import re
import shutil
import statistics
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np

from pipeline.ingest.furniture import in_margin, is_page_number
from pipeline.ingest.layout import Piece, assemble_lines, gutter
from pipeline.model import BBox, Line, Page
from pipeline.text import is_cjk

DPI = 200
PAGE_SEGMENTATION = 6  # Tesseract's --psm: the page is one block of text
LINE_ALONE = 7  # Tesseract's --psm: the image is one line of text
# a margin line this short, with no hiragana, kanji or sentence punctuation, may be a page number
# misread (`-ュー`, `ーー`, `ロレ`, `-オ4ー` for `- 1 -`, `- 2 -`, `- 4 -`)
PAGE_NUMBER_MAX_CHARS = 6
_WORDS = re.compile(r"[\u3040-\u309f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff、。，．]")
# blanks inside a row, in characters: a printed space is wider than SPACE_GAP (a full-width
# space leaves 0.85-1.8 of blank, the gaps between the characters of a word up to 0.7 on the
# sample tenders scanned), a column's gutter wider than COLUMN_GAP
SPACE_GAP = 0.75
COLUMN_GAP = 2.0
# a kanji's ink fills about this share of its em: 10.5 pt text measures 9.0-9.4 pt of ink on the
# sample tenders scanned, so the measured glyph height over this is the type size in points
INK_SHARE = 0.9
# a line printed this much larger than the document's body text keeps its own size; any other
# line is given the body's. On the six sample tenders scanned, body lines measure 0.88-1.04 of
# the body's size (short lines of kana and punctuation down to 0.7) and 14 pt headings over
# 10.5 pt text 1.33-1.35
LARGER = 1.2
# an inked stretch wider than this many times its height is not one glyph: a table's rule, or
# glyphs run together
GLYPH_MAX_ASPECT = 2.0


@dataclass(frozen=True)
class _Word:
    text: str
    box: BBox  # in points
    confidence: float


@lru_cache(maxsize=1)
def missing() -> str | None:
    """What keeps OCR from running on this machine, in words for the user, or None."""
    if shutil.which("tesseract") is None:
        return "Tesseract is not installed (Debian: tesseract-ocr tesseract-ocr-jpn)"
    try:
        import pytesseract

        languages = pytesseract.get_languages(config="")
    except Exception as exc:  # a broken installation is reported, not raised
        return f"Tesseract does not run ({type(exc).__name__}); reinstall tesseract-ocr"
    if "jpn" not in languages:
        return "Tesseract's Japanese model is not installed (Debian: tesseract-ocr-jpn)"
    return None


def available() -> bool:
    """Whether Tesseract with its Japanese model is installed."""
    return missing() is None


def turned_off() -> bool:
    """The user turned OCR off with TENDERLENS_OCR=0."""
    return os.environ.get("TENDERLENS_OCR", "1") == "0"


def enabled() -> bool:
    """OCR runs when Tesseract is installed and TENDERLENS_OCR is not "0"."""
    return not turned_off() and available()


def ocr_page(page, number: int, width: float) -> tuple[list[Line], float]:  # type: ignore[no-untyped-def]
    """Lines of a PDFium page read by OCR, and their mean word confidence (0-100). Each line's
    font size is the type size its glyphs measure on the image; even_sizes settles them over
    the document."""
    scale = DPI / 72
    image = page.render(scale=scale).to_pil()
    ink = _Ink(image, scale)
    rows = _read(image, scale)
    char_width = _char_width([w for row in rows for w in row])
    pieces = [p for row in rows for p in _pieces(row, ink, char_width)]
    g = gutter([piece for piece, _ in pieces], width)
    if g is not None:
        # Tesseract reads a row across the whole page, and where the lines of the two columns do
        # not lie level with each other it misreads both: each column is read again on its own.
        # The rows that cross the gutter (full-width text above or below the columns) are kept
        # from the first reading and left out of the second
        across = [(piece, words) for piece, words in pieces if piece.bbox.x0 < g < piece.bbox.x1]
        pieces = list(across)
        for x0, x1 in ((0.0, g), (g, image.width / scale)):
            side = _blank_out(image, scale, x0, x1, [piece.bbox for piece, _ in across])
            for row in _read(side, scale, offset=x0):
                pieces.extend(_pieces(row, ink, char_width))
    confidences = [w.confidence for _, words in pieces for w in words]
    lines = assemble_lines([piece for piece, _ in pieces], number, width, "ocr")
    height = image.height / scale
    lines = [
        _page_number_alone(ln, image, scale) if _may_be_page_number(ln, height) else ln
        for ln in lines
    ]
    mean = sum(confidences) / len(confidences) if confidences else 0.0
    return [
        replace(ln, font_size=ink.type_size(ln.bbox), confidence=round(mean, 1)) for ln in lines
    ], mean


def even_sizes(pages: list[Page]) -> list[Page]:
    """OCR'd lines with the document's body size, but for those printed clearly larger.

    ocr_page gives each line the type size its glyphs measure on the image, which wanders by a
    tenth or so from line to line (a line of kana and punctuation measures smaller than one of
    kanji): the structure stage would take such differences for a change of type and end a
    paragraph there. So only a line measuring LARGER than the body keeps its size, as a heading
    printed larger does on a text page."""
    measured = sorted(
        (ln.font_size, len(re.sub(r"\s+", "", ln.text)))
        for page in pages
        for ln in page.lines
        if ln.source == "ocr" and ln.font_size
    )
    if not measured:
        return pages
    # the median over the characters, so that short lines weigh as little as they print
    upto = list(itertools.accumulate(n for _, n in measured))
    body = measured[bisect.bisect_left(upto, upto[-1] / 2)][0]

    def evened(line: Line) -> Line:
        if line.source != "ocr":
            return line
        if line.font_size and line.font_size >= LARGER * body:
            return line
        return replace(line, font_size=body)

    return [
        replace(page, lines=tuple(evened(ln) for ln in page.lines))
        if any(ln.source == "ocr" for ln in page.lines)
        else page
        for page in pages
    ]


def _read(image, scale: float, offset: float = 0.0) -> list[list[_Word]]:  # type: ignore[no-untyped-def]
    """Tesseract's words on an image, by row, with boxes in points (``offset`` added to x).

    The image is read as one block of text lines, across the page (--psm 6); the reading order
    of a two-column page is left to the layout code. Tesseract's automatic page segmentation
    (its default, --psm 3) cut such pages into blocks of its own: an item's label `(1)` standing
    apart from its hanging-indented text was read alone, as `69)` or `(⑪)`, the indent's first
    characters down a column became a line of vertical text, and a column's heading beside the
    other column's was lost."""
    import pytesseract

    # Tesseract's OpenMP threads fight each other and the batch's worker processes for the
    # cores: on this 2-core machine the six scanned samples took 2 min 21 s with them (57 s of it
    # in the kernel) and about 50 s with one thread each; a user's own setting stands
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    data = pytesseract.image_to_data(
        image, lang="jpn", config=f"--psm {PAGE_SEGMENTATION}", output_type=pytesseract.Output.DICT
    )
    rows: dict[tuple[int, int, int], list[_Word]] = {}
    for k, text in enumerate(data["text"]):
        conf = float(data["conf"][k])
        if not text.strip() or conf < 0:
            continue
        left, top = offset + data["left"][k] / scale, data["top"][k] / scale
        box = BBox(left, top, left + data["width"][k] / scale, top + data["height"][k] / scale)
        key = (data["block_num"][k], data["par_num"][k], data["line_num"][k])
        rows.setdefault(key, []).append(_Word(text.strip(), box, conf))
    return list(rows.values())


def _may_be_page_number(line: Line, page_height: float) -> bool:
    """A short margin line of digits, dashes and look-alikes that is not read as a page number."""
    squeezed = re.sub(r"\s+", "", line.text)
    return (
        0 < len(squeezed) <= PAGE_NUMBER_MAX_CHARS
        and in_margin(line.bbox, page_height)
        and not is_page_number(line.text)
        and not _WORDS.search(squeezed)
    )


def _page_number_alone(line: Line, image, scale: float) -> Line:  # type: ignore[no-untyped-def]
    """The line read again on its own: the line with that reading where it is a page number.

    Read as part of the page's block (--psm 6), a page number printed small, `- 1 -` in 8 pt
    under 10.5 pt text, came back as `-ュー`, `ーー` or `ロレ` on some pages of the sample tenders
    scanned, and the furniture filter kept it as text; the same line cut out and read alone
    (--psm 7) gave `-1-`, `-1ー` or `- 1-` every time. Only a page number is taken from the
    second reading: any other text stays as the page's reading gave it."""
    import pytesseract

    assert line.bbox is not None  # in_margin holds only for a line with a box
    box = line.bbox
    pad = max(3.0, box.height / 2)  # Tesseract wants some paper around the ink
    crop = image.crop(
        (
            max(0, round((box.x0 - pad) * scale)),
            max(0, round((box.top - pad) * scale)),
            min(image.width, round((box.x1 + pad) * scale)),
            min(image.height, round((box.bottom + pad) * scale)),
        )
    )
    again = pytesseract.image_to_string(crop, lang="jpn", config=f"--psm {LINE_ALONE}").strip()
    return replace(line, text=again) if again and is_page_number(again) else line


def _blank_out(image, scale: float, x0: float, x1: float, boxes: list[BBox]):  # type: ignore[no-untyped-def]
    """The strip of the page image from x0 to x1 (points), with the given boxes painted over."""
    from PIL import ImageDraw

    strip = image.crop((round(x0 * scale), 0, round(x1 * scale), image.height))
    draw = ImageDraw.Draw(strip)
    pad = 2.0  # Tesseract's boxes sit tight on the ink: leave none of its edges behind
    for box in boxes:
        draw.rectangle(
            (
                (box.x0 - x0 - pad) * scale,
                (box.top - pad) * scale,
                (box.x1 - x0 + pad) * scale,
                (box.bottom + pad) * scale,
            ),
            fill="white",
        )
    return strip


def _pieces(
    row: list[_Word], ink: _Ink, char_width: float | None
) -> list[tuple[Piece, list[_Word]]]:
    """One of Tesseract's rows as pieces of text for the layout code, each with its words. A row
    runs across both columns of a two-column page, so it is cut where a gap of more than
    COLUMN_GAP characters opens (a gutter, a table's cell border): each piece then lies in one
    column, as a PDF's text lines do. Single words would be too short: the column detection
    would take the gap between any two of them for a gutter."""
    row = sorted(row, key=lambda w: w.box.x0)
    out: list[tuple[Piece, list[_Word]]] = []
    words = [row[0]]
    text, box = row[0].text, row[0].box
    for prev, cur in itertools.pairwise(row):
        gap = ink.gap(prev.box, cur.box)
        if char_width is not None and gap > COLUMN_GAP * char_width:
            out.append((Piece(text, box, round(box.height, 1)), words))
            words, text, box = [cur], cur.text, cur.box
            continue
        if _spaced(prev.text[-1], cur.text[0], gap, char_width):
            text += " "
        text += cur.text
        box = box.union(cur.box)
        words.append(cur)
    out.append((Piece(text, box, round(box.height, 1)), words))
    return out


class _Ink:
    """Where a rendered page is inked. Gaps are measured on the image, not between Tesseract's
    word boxes: those are rough, a character's width off at times (the box of a `1` or an `を`
    reaches well into the gap beside it), so that a printed space after `第1` could not be told
    from the gaps between the characters of a word."""

    def __init__(self, image, scale: float) -> None:  # type: ignore[no-untyped-def]
        grey = np.asarray(image.convert("L"), dtype=np.uint8)
        # halfway between the paper (most of a page) and the darkest print, so that a grey or
        # yellowed scan's background stays paper
        paper, darkest = float(np.median(grey)), float(grey.min())
        self.inked = grey < (paper + darkest) / 2 if paper - darkest > 64 else None
        self.scale = scale

    def gap(self, before: BBox, after: BBox) -> float:
        """The widest blank stretch, in points, between the middles of two words on a row: the
        space between them when there is one, else the widest gap between two characters."""
        if self.inked is None:  # no print to tell from the paper: the boxes are all there is
            return after.x0 - before.x1
        s = self.scale
        top, bottom = int(min(before.top, after.top) * s), int(max(before.bottom, after.bottom) * s)
        x0, x1 = int((before.x0 + before.x1) / 2 * s), int((after.x0 + after.x1) / 2 * s)
        if x1 <= x0 or bottom <= top:
            return 0.0
        blank = ~self.inked[top : bottom + 1, x0 : x1 + 1].any(axis=0)
        runs = _runs(blank)
        return float(max(b - a for a, b in runs)) / s if runs else 0.0

    def type_size(self, box: BBox | None) -> float | None:
        """The type size in points a line's glyphs are printed at, measured on the image: the
        height of its taller glyphs (the upper quartile: kana and punctuation are shorter than
        kanji) over INK_SHARE. Tesseract's word boxes cannot tell it: on the same line of
        10.5 pt text they are 9.4 pt or 16.2 pt high, as a word has the line's height or not."""
        if self.inked is None or box is None:
            return None
        s = self.scale
        top, bottom = max(0, int(box.top * s)), int(box.bottom * s) + 1
        x0, x1 = max(0, int(box.x0 * s)), int(box.x1 * s) + 1
        region = self.inked[top:bottom, x0:x1]
        heights = []
        # a glyph is a stretch of inked columns between blank ones
        for a, b in _runs(region.any(axis=0)):
            rows = np.flatnonzero(region[:, a:b].any(axis=1))
            height = int(rows[-1] - rows[0] + 1)
            if b - a <= GLYPH_MAX_ASPECT * height:
                heights.append(height)
        if not heights:
            return None
        return round(float(np.percentile(heights, 75)) / s / INK_SHARE, 1)


def _runs(flags: np.ndarray) -> list[tuple[int, int]]:
    """The stretches of True in a 1-D array, as (start, end) with the end excluded."""
    edges = np.flatnonzero(np.diff(np.concatenate(([0], flags.astype(np.int8), [0]))))
    return list(zip(edges[::2].tolist(), edges[1::2].tolist(), strict=True))


# punctuation whose ink sits off the centre of its cell (、。（」…): the gap measured next to it
# says nothing about a space, and Japanese print puts none there
_PUNCTUATION = frozenset("、。，．,.・：:；;（）()「」『』【】〔〕［］[]〈〉《》")
# no space follows an opening bracket or precedes a closing one, whatever the script
_OPENING = frozenset("(（[［「『【〔〈《")
_CLOSING = frozenset(")）]］」』】〕〉》")


def _char_width(words: list[_Word]) -> float | None:
    """The page's typical width of one Japanese character in points, from Tesseract's boxes of
    words of two or more characters (single glyphs are too unevenly inked to measure by); on a
    page without such words, the height of its words."""
    widths = [
        w.box.width / len(w.text)
        for w in words
        if len(w.text) >= 2 and all(is_cjk(ch) for ch in w.text) and w.box.width > 0
    ]
    if widths:
        return statistics.median(widths)
    return statistics.median(w.box.height for w in words) if words else None


def _spaced(before: str, after: str, gap: float, char_width: float | None) -> bool:
    """Whether a space separates two OCR words, ``gap`` apart on the page. Latin words and
    numbers always take one. Japanese words are printed without spaces, so Tesseract's word
    boundaries inside a line mean nothing; but a blank wider than SPACE_GAP characters is a
    printed space (the full-width space after an item label `ア　` or `第1　`, a gap between
    table cells), which the PDF path keeps as a space too, and the structure stage needs it to
    see the label. Inside brackets there is none: a full-width label `（１）` leaves a wide blank
    around its digit, and `(1 )` or `( 3 )` would not be read as a label; nor `1 1` as `１１`."""
    if before in _OPENING or after in _CLOSING:
        return False
    if before.isdigit() and after.isdigit():
        # the digits of a number set full-width (`１１`) stand apart, a `1` narrow in its cell
        # leaving most of a character blank beside it: only a full-width space parts two numbers
        return char_width is not None and gap > char_width
    if not (is_cjk(before) or is_cjk(after)):
        return True
    if char_width is None or before in _PUNCTUATION or after in _PUNCTUATION:
        return False
    return gap > SPACE_GAP * char_width
