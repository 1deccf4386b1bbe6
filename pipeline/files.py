"""Hashing files, shared by the batch (which documents are new) and the model card (which model
file a card describes)."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path


def file_sha256(path: Path | str) -> str | None:
    """The SHA-256 of a regular file's bytes, read in chunks; None when it cannot be read, or is
    no regular file (a FIFO named .pdf would block the open until someone writes to it)."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None
        h = hashlib.sha256()
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
        return h.hexdigest()
    except OSError:
        return None
