"""OCR for pages without a text layer: Tesseract's Japanese model through pytesseract.

Debian's `tesseract-ocr` and `tesseract-ocr-jpn` provide the engine (`make sysdeps` installs them
when missing). Words come back with boxes and confidences; they are laid out by the same reading
order code as PDF text, marked as OCR'd lines with their confidence.
"""

from __future__ import annotations

import itertools
import os
import shutil
import statistics
from dataclasses import dataclass, replace
from functools import lru_cache

from pipeline.ingest.layout import Piece, assemble_lines
from pipeline.model import BBox, Line
from pipeline.text import is_cjk

DPI = 200


@dataclass(frozen=True)
class _Word:
    text: str
    box: BBox  # in points


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
    """Lines of a PDFium page read by OCR, and their mean word confidence (0-100)."""
    import pytesseract

    scale = DPI / 72
    image = page.render(scale=scale).to_pil()
    data = pytesseract.image_to_data(image, lang="jpn", output_type=pytesseract.Output.DICT)
    # Tesseract's own lines (block, paragraph, line) become the pieces: its word boxes are too
    # short for the column detection, and Japanese words are printed without spaces between them
    groups: dict[tuple[int, int, int], list[_Word]] = {}
    confidences: list[float] = []
    for k, text in enumerate(data["text"]):
        conf = float(data["conf"][k])
        if not text.strip() or conf < 0:
            continue
        left, top = data["left"][k] / scale, data["top"][k] / scale
        box = BBox(left, top, left + data["width"][k] / scale, top + data["height"][k] / scale)
        key = (data["block_num"][k], data["par_num"][k], data["line_num"][k])
        groups.setdefault(key, []).append(_Word(text.strip(), box))
        confidences.append(conf)
    char_width = _char_width([w for words in groups.values() for w in words])
    pieces: list[Piece] = []
    for words in groups.values():
        words.sort(key=lambda w: w.box.x0)
        text = words[0].text
        box = words[0].box
        for prev, cur in itertools.pairwise(words):
            if _spaced(prev.text[-1], cur.text[0], cur.box.x0 - prev.box.x1, char_width):
                text += " "
            text += cur.text
            box = box.union(cur.box)
        pieces.append(Piece(text, box, round(box.height, 1)))
    lines = assemble_lines(pieces, number, width, "ocr")
    mean = sum(confidences) / len(confidences) if confidences else 0.0
    return [replace(ln, font_size=None, confidence=round(mean, 1)) for ln in lines], mean


# punctuation whose ink sits off the centre of its cell (、。（」…): the gap Tesseract measures
# next to it says nothing about a space, and Japanese print puts none there
_PUNCTUATION = frozenset("、。，．,.・：:；;（）()「」『』【】〔〕［］[]〈〉《》")


def _char_width(words: list[_Word]) -> float | None:
    """The page's typical width of one Japanese character in points, from Tesseract's boxes of
    words of two or more characters (single glyphs are too unevenly inked to measure by)."""
    widths = [
        w.box.width / len(w.text)
        for w in words
        if len(w.text) >= 2 and all(is_cjk(ch) for ch in w.text) and w.box.width > 0
    ]
    return statistics.median(widths) if widths else None


def _spaced(before: str, after: str, gap: float, char_width: float | None) -> bool:
    """Whether a space separates two OCR words. Latin words and numbers always take one.
    Japanese words are printed without spaces, so Tesseract's word boundaries inside a line mean
    nothing; but a gap wider than a whole character is a printed space (the full-width space
    after an item label `ア　`, a gap between table cells), which the PDF path keeps as a space
    too, and the structure stage needs it to see the label."""
    if not (is_cjk(before) or is_cjk(after)):
        return True
    if char_width is None or before in _PUNCTUATION or after in _PUNCTUATION:
        return False
    return gap > char_width
