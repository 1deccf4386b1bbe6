"""The labelled clause corpus of `corpora/clauses/` and its split by tender."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS_DIR = ROOT / "corpora" / "clauses"
SPLITS = ROOT / "corpora" / "splits.json"


@dataclass(frozen=True)
class LabelledClause:
    id: str
    text: str
    labels: tuple[str, ...]
    tender: str | None = None
    style: str | None = None


def read_jsonl(path: Path) -> list[LabelledClause]:
    """Labelled clauses from one JSON Lines file ({"id", "text", "labels", …} per line)."""
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
            out.append(
                LabelledClause(
                    str(d["id"]),
                    d["text"],
                    tuple(d.get("labels", [])),
                    d.get("tender"),
                    d.get("style"),
                )
            )
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise ValueError(f"{path}:{n}: not a labelled clause record ({exc})") from None
    return out


def load_corpus(
    corpus_dir: Path = CORPUS_DIR, splits: Path = SPLITS
) -> dict[str, list[LabelledClause]]:
    """{"train": [...], "dev": [...], "test": [...]} by the tender split of splits.json."""
    split_of = {}
    for name, tenders in json.loads(splits.read_text(encoding="utf-8")).items():
        if isinstance(tenders, list):
            split_of.update({t: name for t in tenders})
    out: dict[str, list[LabelledClause]] = {"train": [], "dev": [], "test": []}
    for path in sorted(corpus_dir.glob("*.jsonl")):
        for clause in read_jsonl(path):
            if clause.tender not in split_of:
                raise ValueError(f"{path}: tender {clause.tender!r} is in no split of {splits}")
            out[split_of[clause.tender]].append(clause)
    return out


def corpus_hash(corpus_dir: Path = CORPUS_DIR, splits: Path = SPLITS) -> str:
    h = hashlib.sha256()
    for path in [*sorted(corpus_dir.glob("*.jsonl")), splits]:
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()
