"""Write the development set the frame rules are adopted on, as one gold file.

    .venv/bin/python corpora/frames/development_set.py [--set D|...|D14] > /tmp/dev.jsonl
    .venv/bin/tenderlens eval --frames /tmp/dev.jsonl

The sets grow by session (README.md, History); the default is the latest.
- D (eighteenth session): the adjudicated `heldout/`, `reserve/` and `fresh/` sets and the dense
  records annotated again in `recheck/` as `dense.jsonl` holds them now (four ACCESS_SCOPE
  modalities there were relabelled under the access convention).
- D' (nineteenth): D and the spent `testsplit/`.
- D'' (twentieth): D' and the spent `testsplit2/` and `testsplit3/`.
- D''' (twentieth, later): D'' and `unseen2/`, the clauses written in the twentieth session.
- D'''' (twentieth, end): D''' and `unseen4/` (`unseen3/` stays the clean measure).
- D5 (twenty-first): D'''' and the spent `unseen/` and `unseen3/` (the latter spent by its second
  scoring at that session's start).
- D6 (twenty-first, end): D5 and `unseen5/`, spent by its adoption checks (`unseen6/` is the
  clean measure).
- D7 (twenty-first, end): D6 and `unseen7/`, written as development data in `unseen6/`'s
  families (polite, telegraphic, research).
- D8 (twenty-second): D7 and `unseen6/`, spent by its second scoring at that session's start.
- D9 (twenty-third): D8 and `unseen8/`, spent by its second scoring early in that session.
- D10 (twenty-fourth): D9 and `unseen9/`, spent by its second scoring at that session's start.
- D11 (twenty-fourth, later): D10 and `unseen11/`, scored once and then read (README.md).
- D12 (twenty-fifth): D11 and `unseen10/`, scored once at the twenty-fourth session's end and
  read after.
- D13 (twenty-fifth, end): D12 and `unseen12/`, spent by its clean scoring at that session's end.
- D14 (twenty-sixth, middle): D13 and `unseen13/`, spent by its clean scoring in that session.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

FRAMES = Path(__file__).resolve().parent
SETS = (
    "D",
    "D'",
    "D''",
    "D'''",
    "D''''",
    "D5",
    "D6",
    "D7",
    "D8",
    "D9",
    "D10",
    "D11",
    "D12",
    "D13",
    "D14",
)
# the adjudicated sets each development set adds to the one before it
ADDED = {
    "D'": ("testsplit",),
    "D''": ("testsplit2", "testsplit3"),
    "D'''": ("unseen2",),
    "D''''": ("unseen4",),
    "D5": ("unseen", "unseen3"),
    "D6": ("unseen5",),
    "D7": ("unseen7",),
    "D8": ("unseen6",),
    "D9": ("unseen8",),
    "D10": ("unseen9",),
    "D11": ("unseen11",),
    "D12": ("unseen10",),
    "D13": ("unseen12",),
    "D14": ("unseen13",),
}


def _lines(path: Path) -> list[str]:
    return [x for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def records(name: str = SETS[-1]) -> list[str]:
    dense = {json.loads(line)["clause_id"]: line for line in _lines(FRAMES / "dense.jsonl")}
    out = []
    for folder in ("heldout", "reserve", "fresh"):
        out += _lines(FRAMES / folder / "adjudicated.jsonl")
    for recheck in (
        "dense_drift_reannotated",
        "dense_sample2_reannotated",
        "dense_sample_reannotated",
    ):
        for line in _lines(FRAMES / "recheck" / f"{recheck}.jsonl"):
            out.append(dense[json.loads(line)["clause_id"]])
    for later in SETS[1 : SETS.index(name) + 1]:
        for folder in ADDED[later]:
            out += _lines(FRAMES / folder / "adjudicated.jsonl")
    return out


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Write a frame development set as one gold file.")
    parser.add_argument("--set", choices=SETS, default=SETS[-1], dest="name")
    sys.stdout.write("\n".join(records(parser.parse_args().name)) + "\n")
