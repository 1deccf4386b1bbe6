"""Coded errors. Each code names the problem; each message says what to do next.

A user's bad input never surfaces as a traceback: stages raise `TenderLensError`, the document
gets status `failed` (or `needs_ocr`) with the code and message, and the batch goes on.
"""

from __future__ import annotations

from pipeline.model import DocumentError

# code -> what it means; messages add the specifics and the next step
CODES = {
    "input.not_found": "the path does not exist",
    "input.unreadable": "the file cannot be read (permissions, a broken link, a directory), or a "
    "folder given to `analyze` or below it cannot be listed",
    "input.unsupported": "the file is neither a PDF nor a .txt file",
    "input.no_documents": "a folder given to `analyze` holds no PDF (a notice, exit 0: a folder is "
    "searched for PDFs only, .txt files are read when named)",
    "input.not_pdf": "the file is named .pdf but is not a PDF",
    "input.bad_record": 'a `classify` input line that is not an {"id": str, "text": str} record',
    "text.decode": "a .txt file in an encoding that could not be recognised, or a JSON Lines line "
    "that is not UTF-8",
    "text.empty": "a .txt file with no text",
    "pdf.corrupt": "the PDF is damaged and could not be opened",
    "pdf.truncated": "the PDF file is cut off; only part of it could be read",
    "pdf.encrypted": "the PDF needs a password",
    "pdf.no_pages": "the PDF has no pages",
    "pdf.no_text_layer": "pages with no text layer (scanned images)",
    "pdf.ocr": "a page without a usable text layer (none, or one with no Unicode mapping) that "
    "was read by OCR (a notice, not a failure)",
    "pdf.unmapped_glyphs": "pages whose glyphs have no Unicode mapping (read by OCR where it can "
    "run, else status needs_ocr; a notice where only a few glyphs of a page are unmapped)",
    "pdf.page_too_large": "a page larger than the PDF limit of 14,400 points",
    "pdf.page_error": "a page that could not be read",
    "pdf.geometry_skipped": "a page read by the fast pass only",
    "batch.timeout": "a document ran past the per-document time limit",
    "batch.memory": "a document needed more memory than the per-document limit",
    "batch.worker_died": "the worker process analysing a document died",
    "internal": "an unexpected failure inside TenderLens",
}


# failures of the run rather than of the file: the same bytes may well succeed another time, so
# such a failure does not replace an analysis of them that finished before
RUN_FAILURES = frozenset({"batch.timeout", "batch.memory", "batch.worker_died"})


# problems after which the document was only partly read: its status is `failed`, while what was
# read is still reported
INCOMPLETE_READ = frozenset({"pdf.truncated", "pdf.page_error"})


class TenderLensError(Exception):
    """A problem with one input, reported as a coded line rather than a traceback."""

    def __init__(self, code: str, message: str, page: int | None = None) -> None:
        if code not in CODES:
            raise ValueError(f"unknown error code {code!r}")
        super().__init__(message)
        self.code = code
        self.message = message
        self.page = page
        self.sha256: str | None = None  # of the input's bytes, when they could be read

    def record(self) -> DocumentError:
        return DocumentError(self.code, self.message, self.page)
