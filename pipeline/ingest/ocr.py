"""OCR for pages without a text layer: Tesseract's Japanese model through pytesseract.

Debian's `tesseract-ocr` and `tesseract-ocr-jpn` provide the engine (`make sysdeps` installs them
when missing). Words come back with boxes and confidences; they are laid out by the same reading
order code as PDF text, marked as OCR'd lines with their confidence.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import replace
from functools import lru_cache

from pipeline.ingest.layout import Piece, assemble_lines
from pipeline.model import BBox, Line
from pipeline.text import is_cjk

DPI = 200


@lru_cache(maxsize=1)
def available() -> bool:
    """Whether Tesseract with its Japanese model is installed."""
    if shutil.which("tesseract") is None:
        return False
    try:
        import pytesseract

        return "jpn" in pytesseract.get_languages(config="")
    except Exception:  # a broken installation is reported as "not available"
        return False


def enabled() -> bool:
    """OCR runs when Tesseract is installed and TENDERLENS_OCR is not "0"."""
    return os.environ.get("TENDERLENS_OCR", "1") != "0" and available()


def ocr_page(page, number: int, width: float) -> tuple[list[Line], float]:  # type: ignore[no-untyped-def]
    """Lines of a PDFium page read by OCR, and their mean word confidence (0-100)."""
    import pytesseract

    scale = DPI / 72
    image = page.render(scale=scale).to_pil()
    data = pytesseract.image_to_data(image, lang="jpn", output_type=pytesseract.Output.DICT)
    # Tesseract's own lines (block, paragraph, line) become the pieces: its word boxes are too
    # short for the column detection, and Japanese words are printed without spaces between them
    groups: dict[tuple[int, int, int], list[int]] = {}
    confidences: list[float] = []
    for k, text in enumerate(data["text"]):
        conf = float(data["conf"][k])
        if not text.strip() or conf < 0:
            continue
        groups.setdefault(
            (data["block_num"][k], data["par_num"][k], data["line_num"][k]), []
        ).append(k)
        confidences.append(conf)
    pieces: list[Piece] = []
    for members in groups.values():
        members.sort(key=lambda k: data["left"][k])
        text = ""
        for k in members:
            word = data["text"][k].strip()
            if text and not (is_cjk(text[-1]) or is_cjk(word[0])):
                text += " "
            text += word
        x0 = min(data["left"][k] for k in members) / scale
        top = min(data["top"][k] for k in members) / scale
        x1 = max(data["left"][k] + data["width"][k] for k in members) / scale
        bottom = max(data["top"][k] + data["height"][k] for k in members) / scale
        pieces.append(Piece(text, BBox(x0, top, x1, bottom), round(bottom - top, 1)))
    lines = assemble_lines(pieces, number, width, "ocr")
    mean = sum(confidences) / len(confidences) if confidences else 0.0
    return [replace(ln, font_size=None, confidence=round(mean, 1)) for ln in lines], mean
