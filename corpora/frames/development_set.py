"""Write the development set the frame rules are adopted on, as one gold file.

    .venv/bin/python corpora/frames/development_set.py [--d-prime | --without-testsplit] \
        > /tmp/dev.jsonl
    .venv/bin/tenderlens eval --frames /tmp/dev.jsonl

D'' (since the twentieth session; README.md, History): D' and the spent `testsplit2/` and
`testsplit3/`. D' (the nineteenth session's, ``--d-prime``): the adjudicated `heldout/`,
`reserve/` and `fresh/` sets, the dense records annotated again in `recheck/` as `dense.jsonl`
holds them now (four ACCESS_SCOPE modalities there were relabelled under the access convention),
and the spent `testsplit/`. With ``--without-testsplit``, the eighteenth session's D.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

FRAMES = Path(__file__).resolve().parent


def records(with_testsplit: bool = True, with_later_testsplits: bool = True) -> list[str]:
    dense = {}
    for line in (FRAMES / "dense.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            dense[json.loads(line)["clause_id"]] = line
    out = []
    for name in ("heldout", "reserve", "fresh"):
        out += [
            x for x in (FRAMES / name / "adjudicated.jsonl").read_text("utf-8").splitlines() if x
        ]
    for name in (
        "dense_drift_reannotated",
        "dense_sample2_reannotated",
        "dense_sample_reannotated",
    ):
        for line in (FRAMES / "recheck" / f"{name}.jsonl").read_text("utf-8").splitlines():
            if line.strip():
                out.append(dense[json.loads(line)["clause_id"]])
    if with_testsplit:
        out += [
            x
            for x in (FRAMES / "testsplit" / "adjudicated.jsonl").read_text("utf-8").splitlines()
            if x
        ]
    if with_testsplit and with_later_testsplits:
        for name in ("testsplit2", "testsplit3"):
            out += [
                x
                for x in (FRAMES / name / "adjudicated.jsonl").read_text("utf-8").splitlines()
                if x
            ]
    return out


if __name__ == "__main__":
    options = sys.argv[1:]
    chosen = records("--without-testsplit" not in options, "--d-prime" not in options)
    sys.stdout.write("\n".join(chosen) + "\n")
