"""PDF backend: a fast PDFium pass over every page, pdfplumber's geometry where it matters.

PDFium (pypdfium2) reads a page's text and character boxes in a few milliseconds; pdfplumber
(pdfminer) takes tens of milliseconds but gives word-level geometry, font sizes and ruled tables.
So every page is read by PDFium, and only pages that look like they hold security obligations (a
security heading, several security terms, or the page after one) or a ruled table are read again
by pdfplumber, whose lines then replace PDFium's for that page.
"""

from __future__ import annotations

import io
import logging
import math
import re
from collections import Counter
from dataclasses import dataclass, replace

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from pipeline.errors import TenderLensError
from pipeline.ingest import ocr, pdfium_fonts
from pipeline.ingest.layout import Piece, assemble_lines
from pipeline.model import BBox, DocumentError, Line, Page

log = logging.getLogger(__name__)

MAX_PAGE_POINTS = 14_400.0  # PDF's own limit on a page side (ISO 32000, Annex C)
MAX_GEOMETRY_CHARS = 60_000  # beyond this a page is read by the fast pass only
SECURITY_HEADING = re.compile(
    r"情報セキュリティ|セキュリティ対策|機密保持|秘密の?保持|守秘義務|個人情報|遵守事項|特記事項|"
    r"資料等?の取扱|情報の取扱|再委託|情報管理"
)
# Words that make a page worth pdfplumber's geometry pass: narrower than the structure stage's
# clause vocabulary (pipeline.structure.security.SECURITY_TERM) on purpose, since every page it
# flags costs the slow pass; the structure stage decides what is a security clause.
SECURITY_PAGE_HINT = re.compile(
    r"情報セキュリティ|機密|秘密|個人情報|特定個人情報|再委託|守秘|漏えい|漏洩|目的外|情報資産|"
    r"暗号化|アクセス制御|インシデント|複製|複写|持ち?出し|廃棄|消去|抹消"
)
_UNMAPPED = re.compile(r"[\ufffd\ue000-\uf8ff\x00-\x08\x0e-\x1f]")
_SYMBOL_FONT = re.compile(r"[\uf020-\uf0ff]")


def _ends_early(data: bytes) -> bool:
    """No end-of-file marker near the end: the file stops before the PDF does."""
    return b"%%EOF" not in data[-2048:]


def _open(data: bytes, path: str) -> pdfium.PdfDocument:
    pdfium_fonts.configure()
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        # PDFium's last-error code is process-wide and can be stale, so look at the file itself.
        # A download cut short first: PDFium cannot open one that lost its cross-reference
        # table, and "damaged" would not tell the user that fetching it again is the fix
        # (a whole object, `endobj`, tells a PDF cut short from random bytes after a header)
        if _ends_early(data) and b"endobj" in data:
            raise TenderLensError(
                "pdf.truncated",
                f"{path}: the file stops before the end of the PDF (no %%EOF); the download "
                "looks cut short, re-download the file",
            ) from None
        if re.search(rb"/Encrypt\s", data[-8192:]) or re.search(rb"/Encrypt\s+\d+\s+\d+\s+R", data):
            raise TenderLensError(
                "pdf.encrypted",
                f"{path}: the PDF is encrypted with a password; save an unprotected copy",
            ) from None
        if re.search(rb"/Type\s*/Pages\b", data) and not re.search(rb"/Type\s*/Page\b(?!s)", data):
            raise TenderLensError("pdf.no_pages", f"{path}: the PDF has no pages") from None
        raise TenderLensError(
            "pdf.corrupt", f"{path}: the PDF is damaged ({exc}); re-download or re-export it"
        ) from None


@dataclass(frozen=True)
class _Frame:
    """The reading frame of a page: PDF user space relative to the crop box, turned so that the
    page's text runs left to right. A page's /Rotate changes how a viewer shows it, not how its
    text runs; text drawn turned (a landscape table under /Rotate 90) is turned back."""

    angle: int  # the dominant glyph direction in degrees, 0/90/180/270, anticlockwise
    left: float
    bottom: float
    width: float  # of the unturned crop box
    height: float

    @property
    def size(self) -> tuple[float, float]:
        """Width and height of the page as read."""
        return (self.height, self.width) if self.angle in (90, 270) else (self.width, self.height)

    def box(self, left: float, bottom: float, right: float, top: float) -> BBox:
        """A user-space rectangle as a top-left-origin box of the reading frame."""
        u0, u1 = left - self.left, right - self.left
        v0, v1 = bottom - self.bottom, top - self.bottom
        w, h = self.width, self.height
        if self.angle == 90:  # text runs up the page: turn clockwise
            xs, ys = (v0, v1), (w - u1, w - u0)
        elif self.angle == 180:
            xs, ys = (w - u1, w - u0), (h - v1, h - v0)
        elif self.angle == 270:  # text runs down the page: turn anticlockwise
            xs, ys = (h - v1, h - v0), (u0, u1)
        else:
            xs, ys = (u0, u1), (v0, v1)
        page_height = self.size[1]
        return BBox(xs[0], page_height - ys[1], xs[1], page_height - ys[0])


# glyphs sampled per page to find its reading frame: a page turns as a whole, and each probe is
# two PDFium calls
FRAME_SAMPLES = 24


def _frame(page: pdfium.PdfPage, textpage: pdfium.PdfTextPage, text: str) -> _Frame:
    """The page's reading frame, from the direction of a sample of its glyphs: their angle, and
    for upright glyphs whether a line advances across or down the page (縦書き, read as lines
    from the right)."""
    left, bottom, right, top = page.get_cropbox()
    n = len(text)
    angles: Counter[int] = Counter()
    flow: Counter[str] = Counter()
    for i in range(0, n, max(1, n // FRAME_SAMPLES)):
        if text[i].isspace():
            continue
        angle = pdfium_c.FPDFText_GetCharAngle(textpage.raw, i)
        if angle >= 0:
            # PDFium measures clockwise; the frame counts anticlockwise
            angles[-round(math.degrees(angle) / 90) % 4 * 90] += 1
        if i + 1 < n and not text[i + 1].isspace():
            a, b = textpage.get_charbox(i), textpage.get_charbox(i + 1)
            dx = (b[0] + b[2] - a[0] - a[2]) / 2
            dy = (b[1] + b[3] - a[1] - a[3]) / 2
            if abs(dx) > 2 * abs(dy):
                flow["across"] += 1
            elif abs(dy) > 2 * abs(dx) and dy < 0:
                flow["down"] += 1
    angle = angles.most_common(1)[0][0] if angles else 0
    if angle == 0 and flow["down"] > flow["across"]:
        angle = 270
    return _Frame(angle, left, bottom, right - left, top - bottom)


def _fast_page(page: pdfium.PdfPage, number: int) -> tuple[list[Piece], str, int, _Frame]:
    """PDFium's lines of one page as pieces, its raw text, its number of drawn images, and the
    frame its boxes are in."""
    textpage = page.get_textpage()
    try:
        n = textpage.count_chars()
        text = textpage.get_text_range() if n > 0 else ""
        if len(text) != n:
            # a character outside the BMP comes back as two UTF-16 units: rebuild index by index
            text = "".join(
                chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, i) or 32) for i in range(n)
            )
        frame = _frame(page, textpage, text)
        pieces: list[Piece] = []
        start = 0
        for i in range(n + 1):
            if i < n and text[i] not in "\r\n":
                continue
            if i > start:
                piece = _piece(textpage, text, start, i, frame)
                if piece is not None:
                    pieces.append(piece)
            start = i + 1
    finally:
        textpage.close()
    images = 0
    if not text.strip():
        images = sum(1 for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=4))
    return pieces, text, images, frame


def _piece(textpage: pdfium.PdfTextPage, text: str, a: int, b: int, frame: _Frame) -> Piece | None:
    chunk = text[a:b]
    visible = [k for k in range(a, b) if not text[k].isspace()]
    if not visible:
        return None
    probes = {visible[0], visible[-1], visible[len(visible) // 2]}
    x0 = top = float("inf")
    x1 = bottom = float("-inf")
    for k in probes:
        box = frame.box(*textpage.get_charbox(k))
        x0, x1 = min(x0, box.x0), max(x1, box.x1)
        top, bottom = min(top, box.top), max(bottom, box.bottom)
    size = pdfium_c.FPDFText_GetFontSize(textpage.raw, visible[0]) or None
    return Piece(chunk.strip(), BBox(x0, top, x1, bottom), round(size, 2) if size else None)


def _page_hint(text: str, pieces: list[Piece]) -> str | None:
    """Why a page deserves pdfplumber's geometry pass, or None."""
    squeezed = re.sub(r"\s+", "", text)
    for p in pieces:
        t = re.sub(r"\s+", "", p.text)
        if len(t) <= 40 and "。" not in t and SECURITY_HEADING.search(t):
            return "security heading"
    if len(SECURITY_PAGE_HINT.findall(squeezed)) >= 3:
        return "security terms"
    return None


def _geometry_page(plumber_page, number: int) -> list[Line]:  # type: ignore[no-untyped-def]
    """pdfplumber's reading of one page: words into lines, ruled tables row by row."""
    tables = plumber_page.find_tables()
    table_boxes = [t.bbox for t in tables]

    def outside_tables(obj: dict) -> bool:
        cx = (obj["x0"] + obj["x1"]) / 2
        cy = (obj["top"] + obj["bottom"]) / 2
        return not any(
            x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in table_boxes
        )

    page = plumber_page.filter(outside_tables) if table_boxes else plumber_page
    words = page.extract_words(extra_attrs=["size"], x_tolerance=1.5, keep_blank_chars=False)
    pieces = [
        Piece(w["text"], BBox(w["x0"], w["top"], w["x1"], w["bottom"]), round(w["size"], 2))
        for w in words
    ]
    lines = assemble_lines(pieces, number, float(plumber_page.width), "pdfplumber")
    for table in sorted(tables, key=lambda t: t.bbox[1]):
        rows: list[Line] = []
        for row, cells in zip(table.rows, table.extract(), strict=False):
            texts = [re.sub(r"\s*\n\s*", "", c or "") for c in cells]
            if any(texts):
                x0, top, x1, bottom = row.bbox
                rows.append(
                    Line(" | ".join(texts), number, BBox(x0, top, x1, bottom), None, "table")
                )
        # the table goes before the first line printed below it; reading order is otherwise kept
        at = next(
            (
                k
                for k, ln in enumerate(lines)
                if ln.bbox is not None and ln.bbox.top >= table.bbox[1]
            ),
            len(lines),
        )
        lines[at:at] = rows
    return lines


def read_pdf(data: bytes, path: str) -> tuple[list[Page], list[DocumentError]]:
    doc = _open(data, path)
    errors: list[DocumentError] = []
    if _ends_early(data):
        # PDFium rebuilds what it can of a cut-off file; the rest of the document is lost
        errors.append(
            DocumentError(
                "pdf.truncated",
                f"{path}: the file ends before the PDF does (truncated download?); "
                "what could be read is kept, re-download the file",
            )
        )
    pages: list[Page] = []
    try:
        count = len(doc)
        if count == 0:
            raise TenderLensError("pdf.no_pages", f"{path}: the PDF has no pages")
        wanted: dict[int, str] = {}
        for index in range(count):
            number = index + 1
            try:
                page = doc[index]
                pieces, text, images, frame = _fast_page(page, number)
                shown = page.get_size()  # what a render, and so OCR, sees
                width, height = frame.size if text.strip() else shown
                # pdfplumber reads only unturned pages the way the frame does
                turn = (page.get_rotation() - frame.angle) % 360 if text.strip() else 0
                upright = frame.angle == 0 and page.get_rotation() == 0
                page.close()
            except pdfium.PdfiumError as exc:
                errors.append(DocumentError("pdf.page_error", f"page {number}: {exc}", number))
                pages.append(Page(number, 0.0, 0.0, (), has_text_layer=False))
                continue
            if max(width, height) > MAX_PAGE_POINTS:
                errors.append(
                    DocumentError(
                        "pdf.page_too_large",
                        f"page {number} is {width:.0f}×{height:.0f} pt, above the PDF limit; "
                        "read by the fast pass only",
                        number,
                    )
                )
            visible = re.sub(r"\s+", "", text)
            has_text = bool(visible)
            unreadable = not has_text and images > 0
            # a text layer whose fonts have no usable Unicode mapping reads as control codes and
            # private-use characters: unreadable as text although the page renders fine, so it
            # goes to OCR as a scan would. A few such glyphs (a gaiji, a symbol font) do not send
            # the page there: the rest of it is good text, better than OCR's
            unmapped_count = len(_UNMAPPED.findall(visible))
            unmapped = has_text and unmapped_count > 0.3 * len(visible)
            # U+F020-F0FF is where symbol fonts (Wingdings, Symbol) put their glyphs: Word's
            # bullets and a form's ☐/☑ boxes, which every such PDF has and no clause's words need
            unreadable_words = unmapped_count - len(_SYMBOL_FONT.findall(visible))
            if has_text and unreadable_words and not unmapped:
                # the page keeps its text layer, but what those glyphs print is not in it:
                # evidence quoted from there must be checked against the page
                errors.append(
                    DocumentError(
                        "pdf.unmapped_glyphs",
                        f"page {number}: {unreadable_words} of {len(visible)} characters have no "
                        "Unicode mapping (a font without a usable ToUnicode map, or a gaiji) and "
                        "read as control or private-use codes; check the evidence on that page "
                        "against the print",
                        number,
                    )
                )
            ocr_ran = False
            if (unreadable or unmapped) and ocr.enabled():
                ocr_ran = True
                lines_ocr, confidence = ocr.ocr_page(doc[index], number, shown[0])
                if lines_ocr:
                    if unmapped:
                        errors.append(
                            DocumentError(
                                "pdf.unmapped_glyphs",
                                f"page {number}: most glyphs have no Unicode mapping; its text "
                                "layer was set aside and the page read by OCR instead",
                                number,
                            )
                        )
                    what = (
                        "has a text layer with no Unicode mapping"
                        if unmapped
                        else "has no text layer"
                    )
                    errors.append(
                        DocumentError(
                            "pdf.ocr",
                            f"page {number} {what} and was read by OCR (mean word confidence "
                            f"{confidence:.0f}%); check its evidence against the image",
                            number,
                        )
                    )
                    # OCR read the page as rendered: its size as shown, nothing turned
                    pages.append(Page(number, shown[0], shown[1], tuple(lines_ocr)))
                    continue
            # OCR wanted but impossible here: say why, or the user re-runs with OCR "on" and
            # gets the same answer (asked only then: finding out runs Tesseract)
            why = None if ocr.turned_off() or not (unreadable or unmapped) else ocr.missing()
            if unreadable:
                errors.append(
                    DocumentError(
                        "pdf.no_text_layer",
                        f"page {number} is an image with no text layer, and OCR cannot run: {why}"
                        if why
                        else f"page {number} is an image with no text layer; run OCR on it",
                        number,
                    )
                )
            elif unmapped:
                if ocr_ran:
                    why = "OCR found no text on it"
                elif why:
                    why = f"OCR cannot run: {why}"
                errors.append(
                    DocumentError(
                        "pdf.unmapped_glyphs",
                        f"page {number}: most glyphs have no Unicode mapping, and {why}"
                        if why
                        else f"page {number}: most glyphs have no Unicode mapping; run OCR on it",
                        number,
                    )
                )
                has_text = False
                unreadable = True
                pieces = []
            lines = tuple(assemble_lines(pieces, number, width, "pdfium"))
            pages.append(
                Page(number, width, height, lines, has_text_layer=not unreadable, turn=turn)
            )
            if (
                has_text
                and upright
                and max(width, height) <= MAX_PAGE_POINTS
                and len(text) <= MAX_GEOMETRY_CHARS
            ):
                hint = _page_hint(text, pieces)
                if (
                    not hint
                    and wanted.get(number - 1) == "security heading"
                    and (SECURITY_PAGE_HINT.search(text))
                ):
                    # the section runs on from a security heading and still speaks of security
                    hint = "follows a security heading"
                if hint and _ruled(doc, index):
                    wanted[number] = hint
                elif SECURITY_PAGE_HINT.search(text) and _ruled(doc, index):
                    # a ruled table that may hold obligations; tables elsewhere keep PDFium's
                    # row-by-row reading, which is enough for the section tree
                    wanted[number] = "ruled lines"
    finally:
        doc.close()
    pages = ocr.even_sizes(pages)
    if wanted:
        pages = _geometry_pass(data, pages, wanted, errors)
    return pages, errors


_CID = re.compile(r"\(cid:\d+\)")


def _agrees(fast: tuple[Line, ...], full: list[Line]) -> bool:
    """pdfplumber's reading is trusted only where it decoded as much text as PDFium did."""
    fast_text = "".join(re.sub(r"\s+", "", ln.text) for ln in fast)
    full_text = "".join(re.sub(r"\s+", "", ln.text) for ln in full)
    cid = sum(len(m) for m in _CID.findall(full_text))
    if full_text and cid > 0.1 * len(full_text):
        return False
    return len(full_text) - cid >= 0.8 * len(fast_text)


# Drawn path segments that make a page worth looking for a ruled table on: a header and one row
# of two cells, whether each cell is a rectangle of its own (5 segments), each rule a line (2),
# or the whole grid one path. A rule under a heading or over a footnote is far fewer.
RULED_MIN_SEGMENTS = 12


def _ruled(doc: pdfium.PdfDocument, index: int) -> bool:
    """A page with enough drawn path segments may have a ruled table (pdfplumber decides).
    Counted in segments, not path objects: a small table drawn as 6 cell rectangles is as much a
    table as one drawn with 12 lines, and a grid drawn as one path is one object."""
    page = doc[index]
    try:
        paths = segments = 0
        for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=2):
            paths += 1
            segments += max(pdfium_c.FPDFPath_CountSegments(obj.raw), 1)
            if paths >= 8 or segments >= RULED_MIN_SEGMENTS:
                return True
        return False
    finally:
        page.close()


def _geometry_pass(
    data: bytes, pages: list[Page], wanted: dict[int, str], errors: list[DocumentError]
) -> list[Page]:
    import pdfplumber  # imported here: most runs never need it for most pages

    out = list(pages)
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer raises many unrelated types on damaged files
        errors.append(DocumentError("pdf.geometry_skipped", f"pdfplumber could not open it: {exc}"))
        return out
    try:
        for number in sorted(wanted):
            try:
                # pdfminer parses lazily: even listing the pages can fail on a damaged file
                if number > len(pdf.pages) or not pages[number - 1].has_text_layer:
                    continue
                lines = _geometry_page(pdf.pages[number - 1], number)
            except Exception as exc:  # a bad page must not lose the fast pass's reading
                errors.append(
                    DocumentError(
                        "pdf.geometry_skipped",
                        f"page {number}: pdfplumber failed ({type(exc).__name__}); fast pass kept",
                        number,
                    )
                )
                continue
            old = pages[number - 1]
            if not _agrees(old.lines, lines):
                errors.append(
                    DocumentError(
                        "pdf.geometry_skipped",
                        f"page {number}: pdfplumber could not decode this page's fonts; "
                        "PDFium's reading kept",
                        number,
                    )
                )
                continue
            out[number - 1] = replace(old, lines=tuple(lines), geometry="full")
    finally:
        try:
            pdf.close()
        except Exception:  # closing a damaged file must not lose the reading
            pass
    return out
