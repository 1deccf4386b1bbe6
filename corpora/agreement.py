"""Per-slot agreement between two independent annotations of the same clauses' frames.

    .venv/bin/python corpora/agreement.py FIRST.jsonl SECOND.jsonl [--lines LINES.txt]

Both files hold one record per clause ({"clause_id", "frames"}) in the same order; with
``--lines``, FIRST is read only at those line numbers (one per line, from 1), in that order.
Slots are compared as `tenderlens eval --frames` compares a prediction with the gold (FIRST plays
the gold): exception spans by overlap, reference titles by containment, the rest by equality.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.files import read_json_lines
from pipeline.obligations.evaluate import evaluate_frames


def read(path: str) -> list[dict]:
    return [record for _, record in read_json_lines(Path(path))]


def main(argv: list[str]) -> int:
    lines = None
    if len(argv) == 4 and argv[2] == "--lines":
        lines = [int(n) for n in Path(argv[3]).read_text(encoding="utf-8").split()]
        argv = argv[:2]
    if len(argv) != 2:
        print("usage: agreement.py FIRST.jsonl SECOND.jsonl [--lines LINES.txt]", file=sys.stderr)
        return 2
    first, second = read(argv[0]), read(argv[1])
    if lines is not None:
        first = [first[n - 1] for n in lines]
    if [r["clause_id"] for r in first] != [r["clause_id"] for r in second]:
        print(
            "agreement.py: the two files do not hold the same clauses in the same order",
            file=sys.stderr,
        )
        return 2
    pairs = [(a["frames"], b["frames"]) for a, b in zip(first, second, strict=True)]
    result = evaluate_frames(pairs, keep=None)
    disagreements = sum(len(m) for m in result["mistakes"].values())
    print(f"{result['frames']} frames of {len(first)} clauses; {disagreements} slot values differ")
    for slot, value in result["accuracy"].items():
        print(f"  {slot:20} {value:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
