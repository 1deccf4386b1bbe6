"""The labelled clause corpus of `corpora/clauses/` and its split by tender."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from pipeline.files import read_json_lines

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
    section: str | None = None  # the heading the clause stands under, where the record gives it


def read_jsonl(path: Path) -> list[LabelledClause]:
    """Labelled clauses from one JSON Lines file ({"id", "text", "labels", …} per line); a
    ValueError naming the file and line for a line that is not one."""
    out = []
    for n, d in read_json_lines(path):
        if not isinstance(d, dict) or "id" not in d or not isinstance(d.get("text"), str):
            raise ValueError(f'{path}:{n}: not a labelled clause record {{"id", "text", "labels"}}')
        labels = d.get("labels")
        # a missing "labels" is not "no requirement": it would count as a correct empty answer
        if not isinstance(labels, list) or not all(isinstance(lab, str) for lab in labels):
            raise ValueError(
                f'{path}:{n}: "labels" must be a list of requirement IDs ([] for none)'
            )
        section = d.get("section")
        out.append(
            LabelledClause(
                str(d["id"]),
                d["text"],
                tuple(labels),
                d.get("tender"),
                d.get("style"),
                section if isinstance(section, str) else None,
            )
        )
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
