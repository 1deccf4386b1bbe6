"""Plain-text tenders: UTF-8, or the Shift_JIS / CP932 / EUC-JP of many Japanese public files."""

from __future__ import annotations

import re

from pipeline.errors import TenderLensError
from pipeline.model import DocumentError, Line, Page

_JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff\u3000-\u303f]")
_ENCODINGS = ("cp932", "euc_jp", "iso2022_jp")


def _score(text: str) -> float:
    """Share of Japanese characters: the right decoding of Japanese text scores highest."""
    if not text:
        return 0.0
    return len(_JAPANESE.findall(text)) / len(text)


def decode(data: bytes, path: str = "") -> tuple[str, str]:
    """Decode ``data``; return (text, encoding name)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            # a UTF-16 byte-order mark on bytes that are not UTF-16 (cut short, or not text)
            raise TenderLensError(
                "text.decode",
                f"{path}: starts as UTF-16 text but is not valid UTF-16 (cut short?); "
                "re-save it as UTF-8",
            ) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best: tuple[float, str, str] | None = None
    for enc in _ENCODINGS:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        score = _score(text)
        if best is None or score > best[0]:
            best = (score, text, enc)
    if best is None or best[0] == 0.0:
        raise TenderLensError(
            "text.decode",
            f"{path}: not UTF-8, Shift_JIS/CP932 or EUC-JP text; re-save it as UTF-8",
        )
    return best[1], best[2]


def read_text(data: bytes, path: str) -> tuple[list[Page], list[DocumentError]]:
    """One page per form feed; one line per text line; no geometry."""
    text, _encoding = decode(data, path)
    errors: list[DocumentError] = []
    if "\x00" in text:
        raise TenderLensError("text.decode", f"{path}: contains NUL bytes; is it really text?")
    if not text.strip():
        raise TenderLensError("text.empty", f"{path}: the file has no text")
    pages: list[Page] = []
    for number, chunk in enumerate(text.split("\f"), start=1):
        lines = tuple(
            Line(text=raw.rstrip("\r"), page=number, bbox=None, source="text")
            for raw in chunk.split("\n")
            if raw.strip()
        )
        pages.append(Page(number=number, width=0.0, height=0.0, lines=lines, geometry="text"))
    return pages, errors
