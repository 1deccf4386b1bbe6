"""Hashing files, shared by the batch (which documents are new) and the model card (which model
file a card describes); reading JSON Lines a line at a time."""

from __future__ import annotations

import codecs
import hashlib
from collections.abc import Iterable, Iterator
from pathlib import Path


def file_sha256(path: Path | str) -> str | None:
    """The SHA-256 of a file's bytes, read in chunks; None when it cannot be read."""
    try:
        h = hashlib.sha256()
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
        return h.hexdigest()
    except OSError:
        return None


def utf8_lines(lines: Iterable[bytes]) -> Iterator[tuple[int, str | UnicodeDecodeError]]:
    """Each line of a byte stream with its 1-based number, decoded as UTF-8 on its own: a line in
    another encoding yields its UnicodeDecodeError and costs only itself, not the lines around
    it. A byte-order mark at the start of a line is dropped: Windows editors write one at the
    start of a file, and files joined with `cat` carry theirs into the middle."""
    for number, raw in enumerate(lines, start=1):
        if raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8) :]
        try:
            yield number, raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield number, exc


def not_utf8(exc: UnicodeDecodeError) -> str:
    """What is wrong with a line that is not UTF-8, and what to do."""
    return (
        f"not UTF-8 (byte 0x{exc.object[exc.start]:02x} at byte {exc.start + 1} of the line); "
        "JSON Lines are UTF-8: re-save the file as UTF-8"
    )
