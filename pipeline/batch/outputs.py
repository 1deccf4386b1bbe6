"""What a rerun may skip, and the names of the per-document JSON files of `--json-dir`.

A document is skipped only when everything the user asked for is already there: stored for this
pipeline version with a finished status, analysed under the same profiles, and (with a JSON
directory) with its JSON file in place. JSON names are decided in input order, before any
document finishes, so the same command always writes the same files, and a name that belongs to
another document's earlier result is never taken over.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from pipeline.analysis import ANALYST_CHOICE
from pipeline.store import StoredDocument

FINISHED = ("ok", "no_security_section")  # failed and needs_ocr are tried again


def analysed_the_same_way(stored: StoredDocument | None, profiles: list[str] | None) -> bool:
    """Whether a stored document's analysis answers this run's request: finished, and under the
    profiles the analyst chose now (or guessed from the text both times)."""
    if stored is None or stored.status not in FINISHED:
        return False
    reasons = stored.profile_reasons
    chosen = bool(reasons) and all(r == ANALYST_CHOICE for r in reasons.values())
    return (sorted(reasons) if chosen else None) == (sorted(profiles) if profiles else None)


class JsonNames:
    """``DIR/<stem>.json`` for each input, or ``<stem>-<sha>.json`` when another input of the run
    or an earlier result of another document already has that name."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._taken: set[str] = set()
        self._planned: dict[Path, Path] = {}

    def plan(self, path: Path, sha256: str | None) -> Path:
        """The file for ``path``; call in input order."""
        if path in self._planned:
            return self._planned[path]
        candidates = [f"{path.stem}.json", f"{path.stem}-{(sha256 or 'failed')[:8]}.json"]
        k = 2
        while True:
            name = candidates.pop(0) if candidates else f"{path.stem}-{k}.json"
            if name not in self._taken and self._free_for(self.directory / name, path, sha256):
                break
            if not candidates:
                k += 1
        self._taken.add(name)
        self._planned[path] = self.directory / name
        return self._planned[path]

    def target(self, path: Path, sha256: str | None) -> Path:
        return self._planned.get(path) or self.plan(path, sha256)

    @staticmethod
    def _free_for(target: Path, path: Path, sha256: str | None) -> bool:
        """Whether ``target`` is absent or holds a result of the same input (same file or path)."""
        try:
            document = json.loads(target.read_text(encoding="utf-8"))["document"]
        except FileNotFoundError:
            return True
        except (OSError, ValueError, KeyError, TypeError):
            return False  # not ours to overwrite
        if sha256 is not None and document.get("sha256") == sha256:
            return True
        earlier = document.get("path")
        return isinstance(earlier, str) and (
            earlier == str(path) or os.path.realpath(earlier) == os.path.realpath(path)
        )
