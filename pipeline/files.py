"""Hashing files, shared by the batch (which documents are new) and the model card (which model
file a card describes); reading JSON Lines a line at a time, and the checks of a `classify`
input record."""

from __future__ import annotations

import codecs
import errno
import hashlib
import json
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
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


def unwritable(path: Path) -> str | None:
    """Why a file could not be written at ``path`` (its missing folders made on the way), or None.
    For checking an output path before long work, so that the work is not lost at its end."""
    if path.is_dir():
        return "a directory, not a file"
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # opening it for writing would fail the same way
            return "a symbolic link that loops back on itself"
    folder = path.parent
    while not folder.exists():  # the nearest folder there is; writing makes the rest
        folder = folder.parent
    if not folder.is_dir():
        return f"{folder} is a file, not a folder"
    try:  # permissions, a read-only or pseudo file system: only trying tells, even for root
        fd, probe = tempfile.mkstemp(dir=folder, prefix=".tenderlens-probe-")
    except OSError as exc:
        return f"nothing can be written in {folder} ({exc.strerror or exc})"
    os.close(fd)
    os.unlink(probe)
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
        f"not UTF-8 (byte 0x{exc.object[exc.start]:02x} at position {exc.start + 1} of the line); "
        "JSON Lines are UTF-8: re-save the file as UTF-8"
    )


def read_json_lines(path: Path) -> list[tuple[int, object]]:
    """(line number, parsed value) of each non-blank line of a JSON Lines file; a ValueError
    naming the file and line for a line that is not UTF-8 or not JSON. Lines are split at "\\n"
    only, as JSON Lines are: str.splitlines() would also split at U+2028 inside a string."""
    out: list[tuple[int, object]] = []
    with open(path, "rb") as fh:
        for number, line in utf8_lines(fh):
            if isinstance(line, UnicodeDecodeError):
                raise ValueError(f"{path}:{number}: {not_utf8(line)}")
            if not line.strip():
                continue
            try:
                out.append((number, json.loads(line)))
            except (json.JSONDecodeError, RecursionError) as exc:
                raise ValueError(f"{path}:{number}: not JSON ({exc})") from None
    return out


_JSON_TYPES = {
    dict: "an object",
    list: "an array",
    str: "a string",
    int: "a number",
    float: "a number",
    bool: "a boolean",
    type(None): "null",
}


class BadRecord(ValueError):
    """A `classify` line that is not an {"id": str, "text": str} record."""

    def __init__(self, problem: str, given_id: object = None) -> None:
        super().__init__(problem)
        self.given_id = given_id if json_writable(given_id) else None


def json_writable(value: object) -> bool:
    """Whether a value parsed from a line can be written back as UTF-8 JSON: not NaN, not a string
    holding a lone surrogate (json.loads accepts "\\ud800"; UTF-8 cannot encode it)."""
    try:
        json.dumps(value, ensure_ascii=False, allow_nan=False).encode("utf-8")
    except (ValueError, RecursionError):
        return False
    return True


def clause_record(line: str) -> tuple[str, str, str | None]:
    """(id, text, section) of one `classify` input line, or BadRecord saying what is wrong with
    it. ``section``, optional: the heading the clause stands under (「個人情報の取扱い」), which
    the alignment's definition gates read."""
    if not line.strip():
        # an error record, not a skipped line: output line N answers input line N
        raise BadRecord("a blank line, not a record")
    try:
        parsed = json.loads(line)
    except json.JSONDecodeError as exc:
        raise BadRecord(f'not JSON ({exc}); give one {{"id", "text"}} object per line') from None
    except RecursionError:
        raise BadRecord("JSON nested too deeply to read") from None
    if not isinstance(parsed, dict):
        raise BadRecord(f'{_JSON_TYPES[type(parsed)]}, not an {{"id", "text"}} object')
    rid, text = parsed.get("id"), parsed.get("text")
    # coercing a null or numeric id to "None" or "42" would hide the mistake from the user
    for key, value in (("id", rid), ("text", text)):
        if key not in parsed:
            raise BadRecord(f'no "{key}"', rid)
        if not isinstance(value, str):
            raise BadRecord(f'"{key}" is {_JSON_TYPES[type(value)]}, not a string', rid)
        if not json_writable(value):
            raise BadRecord(f'"{key}" holds a lone surrogate escape, which is not text', rid)
    section = parsed.get("section")
    if section is not None and not isinstance(section, str):
        raise BadRecord(f'"section" is {_JSON_TYPES[type(section)]}, not a string or null', rid)
    if section is not None and not json_writable(section):
        raise BadRecord('"section" holds a lone surrogate escape, which is not text', rid)
    return rid, text, section
