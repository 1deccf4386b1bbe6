"""Draw what ingestion and structure saw on a page: the first question an analyst asks."""

from __future__ import annotations

import io
import math
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageDraw

from pipeline.analysis import analyze_document
from pipeline.errors import TenderLensError
from pipeline.ingest import ingest
from pipeline.model import DocumentError

COLOURS = {
    "line": (70, 110, 230),
    "furniture": (160, 160, 160),
    "section": (20, 150, 60),
    "security_section": (230, 120, 0),
    "clause": (200, 30, 30),
}

# 720 dpi: boxes are legible far below this. The image is held two or three times over while it
# is rendered, converted and drawn on (3 bytes a pixel each), so its size is capped as well: an
# A4 page at the largest scale is 50 million pixels, a page at the PDF limit of 14,400 points is
# 830 million at the default scale.
MAX_SCALE = 10.0
MAX_PIXELS = 64_000_000


def image_format(output: str | Path) -> str:
    """The format PIL writes the page image in for ``output``'s suffix; a ValueError when there is
    none that takes an RGB image. Checked before the analysis, which the image is written after."""
    Image.init()
    fmt = Image.registered_extensions().get(Path(output).suffix.lower())
    try:
        if fmt is None:
            raise ValueError
        Image.new("RGB", (1, 1)).save(io.BytesIO(), format=fmt)
    except (ValueError, OSError, KeyError):
        raise ValueError(
            f"-o {output}: not a name of an image file PIL can write; end it in .png"
        ) from None
    return fmt


def page_pixels(width_pt: float, height_pt: float, scale: float) -> tuple[int, int]:
    """The size in pixels of a page rendered at ``scale`` (as PDFium rounds it)."""
    return math.ceil(width_pt * scale), math.ceil(height_pt * scale)


def draw_page(
    pdf: str | Path,
    page: int,
    output: str | Path,
    scale: float = 2.0,
    problems: list[DocumentError] | None = None,
) -> Path:
    """Render page ``page`` (1-based) with boxes around lines (blue), page furniture (grey),
    section headings (green; orange for security sections) and security clauses (red), as well
    as any clause outside them that covers a requirement (red).

    A ValueError, before the analysis, for a page number or a scale that cannot be drawn (a scale
    outside (0, MAX_SCALE], an image above MAX_PIXELS) or an output name with no image format; a
    TenderLensError for a document that cannot be read, or a page of it PDFium cannot read
    (`pdf.page_error`). ``problems`` gets the document's coded problems when the page is drawn:
    a page read, or not, elsewhere in the document bears on the sections and clauses drawn."""
    if not (0 < scale <= MAX_SCALE):  # also NaN
        raise ValueError(
            f"--scale {scale}: give pixels per point, above 0 and at most {MAX_SCALE:g}"
        )
    fmt = image_format(output)
    doc = ingest(pdf)  # a PDF that cannot be read raises its coded TenderLensError here
    if doc.kind == "text":
        raise ValueError(f"{pdf}: a text file has no page to draw; `debug` draws a page of a PDF")
    if not 1 <= page <= len(doc.pages):
        raise ValueError(f"--page {page}: the document has {len(doc.pages)} pages")
    unread = {e.page: e.message for e in doc.errors if e.code == "pdf.page_error"}
    if page in unread:
        # ingest went on past the page, as `analyze` does, but there is no page here to render:
        # PDFium would fail on it again, and that ended `debug` in a PdfiumError traceback
        readable = len(doc.pages) - len(unread)
        rest = (
            f"{readable} of the document's {len(doc.pages)} pages can be drawn"
            if readable
            else "no page of the document can be drawn"
        )
        raise TenderLensError(
            "pdf.page_error",
            f"{pdf}: page {page} cannot be drawn: PDFium could not read it "
            f"({unread[page].removeprefix(f'page {page}: ')}); {rest}",
            page,
        )
    pdf_doc = pdfium.PdfDocument(str(pdf))  # PDFium was configured by ingest() above
    try:
        pdf_page = pdf_doc[page - 1]
        width_pt, height_pt = pdf_page.get_size()
        width, height = page_pixels(width_pt, height_pt, scale)
        if width * height > MAX_PIXELS:
            largest = math.sqrt(MAX_PIXELS / (width_pt * height_pt))
            raise ValueError(
                f"--scale {scale:g}: page {page} ({width_pt:.0f}×{height_pt:.0f} pt) would be "
                f"{width}×{height} pixels, above the limit of {MAX_PIXELS // 1_000_000} million; "
                f"give --scale {math.floor(largest * 100) / 100:g} or less"
            )
        analysis = analyze_document(doc)
        image = pdf_page.render(scale=scale).to_pil().convert("RGB")
    finally:
        pdf_doc.close()
    draw = ImageDraw.Draw(image)

    def box(b, colour, width=1, tag=None):  # type: ignore[no-untyped-def]
        if b is None:
            return
        xy = [b.x0 * scale, b.top * scale, b.x1 * scale, b.bottom * scale]
        draw.rectangle(xy, outline=colour, width=width)
        if tag:
            draw.text((xy[0] - 2, xy[1] - 10), tag, fill=colour)

    info = doc.pages[page - 1]
    for ln in info.lines:
        box(info.shown(ln.bbox), COLOURS["line"])
    for ln in info.furniture:
        box(info.shown(ln.bbox), COLOURS["furniture"])
    structure = analysis.structure
    for s in structure.sections:
        if s.page == page:
            colour = COLOURS["security_section"] if s.is_security else COLOURS["section"]
            box(s.bbox, colour, 3, s.id)
    # the security clauses, and a clause elsewhere that covers a requirement the security
    # sections leave uncovered (a termination clause in 契約の解除): both are evidence
    security = {c.id for c in structure.security_clauses}
    evidence = [c for c in structure.clauses if c.id in security or analysis.requirements.get(c.id)]
    for c in evidence:
        for span in c.spans:
            if span.page == page:
                box(span.bbox, COLOURS["clause"], 2)
        if c.page == page:
            box(c.bbox, COLOURS["clause"], 1, c.id)
    out = Path(output)
    out.parent.mkdir(parents=True, exist_ok=True)
    image.save(out, format=fmt)
    if problems is not None:
        problems.extend(doc.errors)
    return out
