"""Read an input file and hand it to the PDF or the text backend."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from pipeline.errors import TenderLensError
from pipeline.ingest.furniture import finish_document
from pipeline.ingest.pdf import read_pdf
from pipeline.ingest.text import read_text
from pipeline.model import DocumentInfo, TenderDocument


def read_input(path: str | os.PathLike[str]) -> bytes:
    """The file's bytes, or a coded error for a path that cannot be read."""
    p = Path(path)
    try:
        st = p.stat()
        if not stat.S_ISREG(st.st_mode):
            # a FIFO or device named .pdf would block or never end
            kind = "a directory" if stat.S_ISDIR(st.st_mode) else "not a regular file"
            raise TenderLensError("input.unreadable", f"{p}: {kind}; give a PDF or .txt file")
        return p.read_bytes()
    except FileNotFoundError:
        if p.is_symlink():
            raise TenderLensError(
                "input.unreadable", f"{p}: broken symbolic link; fix or remove the link"
            ) from None
        raise TenderLensError("input.not_found", f"{p}: no such file") from None
    except IsADirectoryError:
        raise TenderLensError("input.unreadable", f"{p}: is a directory, not a file") from None
    except PermissionError:
        raise TenderLensError(
            "input.unreadable", f"{p}: permission denied; make the file readable"
        ) from None
    except OSError as exc:
        raise TenderLensError("input.unreadable", f"{p}: {exc.strerror or exc}") from None


def ingest(path: str | os.PathLike[str]) -> TenderDocument:
    """Ingest one file. Raises `TenderLensError` when nothing at all can be read from it."""
    data = read_input(path)
    return ingest_bytes(data, str(path))


def ingest_bytes(data: bytes, path: str) -> TenderDocument:
    sha = hashlib.sha256(data).hexdigest()
    try:
        return _ingest_bytes(data, path, sha)
    except TenderLensError as exc:
        # a file that was read but cannot be analysed is still that file: the store keys its
        # failure by its bytes, as any other document's result
        exc.sha256 = sha
        raise


def _ingest_bytes(data: bytes, path: str, sha: str) -> TenderDocument:
    suffix = Path(path).suffix.lower()
    if suffix == ".txt":
        pages, errors = read_text(data, path)
        kind = "text"
    elif data[:1024].find(b"%PDF-") >= 0:
        pages, errors = read_pdf(data, path)
        kind = "pdf"
    elif suffix == ".pdf":
        what = "empty" if not data else "not a PDF (no %PDF- header)"
        raise TenderLensError("input.not_pdf", f"{path}: named .pdf but {what}; check the download")
    else:
        raise TenderLensError(
            "input.unsupported", f"{path}: not a PDF or .txt file; convert it to PDF or text first"
        )
    pages, title = finish_document(pages)
    info = DocumentInfo(sha256=sha, path=path, pages=len(pages), title=title)
    return TenderDocument(info=info, pages=tuple(pages), errors=tuple(errors), kind=kind)
