"""Reading the real seed material of ../shared/data/seed (evaluation only, never copied)."""

from __future__ import annotations

import json
import re
from pathlib import Path

MARK = "情報セキュリティに関する事項. "


def excerpts(path: Path) -> list[list[str]]:
    """The ten excerpts of security-sections.txt, each a list of its source lines."""
    out: list[list[str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith(MARK):
            out.append([line[len(MARK):]])
        elif line.strip() and out:
            out[-1].append(line)
    return out


def gold_clauses(path: Path) -> dict[str, list[dict]]:
    by_section: dict[str, list[dict]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            by_section.setdefault(d["section"], []).append(d)
    return by_section


def squeeze(text: str) -> str:
    from pipeline.text import normalize

    return re.sub(r"\s+", "", normalize(text).text)
