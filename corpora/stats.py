"""Counts for the datasheet: clauses, tenders, negatives and positives per requirement per split.

.venv/bin/python corpora/stats.py      # prints the Markdown tables of corpora/DATASHEET.md
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.align.corpus import load_corpus
from pipeline.taxonomy import load_taxonomy


def main() -> int:
    corpus = load_corpus()
    ids = load_taxonomy().ids
    print("| split | tenders | clauses | negatives |")
    print("|---|---|---|---|")
    for name, items in corpus.items():
        negatives = sum(1 for c in items if not c.labels)
        print(
            f"| {name} | {len({c.tender for c in items})} | {len(items)} | "
            f"{negatives} ({negatives / len(items):.0%}) |"
        )
    everything = [c for items in corpus.values() for c in items]
    n_neg = sum(1 for c in everything if not c.labels)
    print(
        f"| all | {len({c.tender for c in everything})} | {len(everything)} | "
        f"{n_neg} ({n_neg / len(everything):.0%}) |"
    )
    print()
    counts = {
        name: Counter(lab for c in items for lab in c.labels) for name, items in corpus.items()
    }
    print("| requirement | train | dev | test | all |")
    print("|---|---|---|---|---|")
    for rid in ids:
        row = [counts[s][rid] for s in ("train", "dev", "test")]
        print(f"| {rid} | {row[0]} | {row[1]} | {row[2]} | {sum(row)} |")
    styles = Counter(c.style for c in everything)
    print()
    print("| issuer style | clauses |")
    print("|---|---|")
    for style, n in styles.most_common():
        print(f"| {style} | {n} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
