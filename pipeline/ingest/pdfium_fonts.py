"""Point PDFium at a compact Japanese font for documents that do not embed theirs.

Many issuers' tools write CID fonts such as HeiseiMin-W3 without embedding them. PDFium then
loads a system font to stand in for them, and where that is the 20-27 MB Noto CJK collection,
reading text drops from about 500 to about 80 pages/s on this hardware. PDFium scans the font
directories it is given at initialisation, so we give it the IPAex (or IPA) directories when they
exist. Text and character boxes come from the PDF's own encodings and widths, not from the stand-in
font's outlines, so the reading does not change. Set TENDERLENS_PDFIUM_FONT_DIRS (os.pathsep
separated) to choose other directories, or to an empty string to keep PDFium's defaults.
"""

from __future__ import annotations

import ctypes
import os
from pathlib import Path

import pypdfium2.raw as pdfium_c

CANDIDATE_DIRS = (
    "/usr/share/fonts/opentype/ipaexfont-mincho",
    "/usr/share/fonts/opentype/ipaexfont-gothic",
    "/usr/share/fonts/opentype/ipafont-mincho",
    "/usr/share/fonts/opentype/ipafont-gothic",
)
_configured: list[str] | None = None
_keepalive: object = None  # PDFium keeps the pointers it is given


def font_dirs() -> list[str]:
    env = os.environ.get("TENDERLENS_PDFIUM_FONT_DIRS")
    if env is not None:
        return [d for d in env.split(os.pathsep) if d and Path(d).is_dir()]
    return [d for d in CANDIDATE_DIRS if Path(d).is_dir()]


def configure() -> list[str]:
    """Re-initialise PDFium once per process with `font_dirs()`; return the directories used.
    Must run before any PDFium document is opened (the reader calls it on its first open)."""
    global _configured, _keepalive
    if _configured is not None:
        return _configured
    dirs = font_dirs()
    if dirs:
        encoded = [d.encode() for d in dirs]
        array = (ctypes.c_char_p * (len(encoded) + 1))(*encoded, None)
        config = pdfium_c.FPDF_LIBRARY_CONFIG(
            version=2,
            m_pUserFontPaths=ctypes.cast(array, ctypes.POINTER(ctypes.POINTER(ctypes.c_char))),
            m_pIsolate=None,
            m_v8EmbedderSlot=0,
        )
        pdfium_c.FPDF_DestroyLibrary()
        pdfium_c.FPDF_InitLibraryWithConfig(config)
        _keepalive = (encoded, array)
    _configured = dirs
    return dirs
