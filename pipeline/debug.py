"""Draw what ingestion and structure saw on a page: the first question an analyst asks."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
from PIL import ImageDraw

from pipeline.analysis import analyze_document
from pipeline.ingest import ingest

COLOURS = {
    "line": (70, 110, 230),
    "furniture": (160, 160, 160),
    "section": (20, 150, 60),
    "security_section": (230, 120, 0),
    "clause": (200, 30, 30),
}


def draw_page(pdf: str | Path, page: int, output: str | Path, scale: float = 2.0) -> Path:
    """Render page ``page`` (1-based) with boxes around lines (blue), page furniture (grey),
    section headings (green; orange for security sections) and security clauses (red)."""
    doc = ingest(pdf)  # a PDF that cannot be read raises its coded TenderLensError here
    if doc.kind == "text":
        raise ValueError(f"{pdf}: a text file has no page to draw; `debug` draws a page of a PDF")
    if not 1 <= page <= len(doc.pages):
        raise ValueError(f"--page {page}: the document has {len(doc.pages)} pages")
    analysis = analyze_document(doc)
    pdf_doc = pdfium.PdfDocument(str(pdf))  # PDFium was configured by ingest() above
    try:
        image = pdf_doc[page - 1].render(scale=scale).to_pil().convert("RGB")
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
    for c in structure.security_clauses:
        for span in c.spans:
            if span.page == page:
                box(span.bbox, COLOURS["clause"], 2)
        if c.page == page:
            box(c.bbox, COLOURS["clause"], 1, c.id)
    out = Path(output)
    out.parent.mkdir(parents=True, exist_ok=True)
    image.save(out)
    return out
