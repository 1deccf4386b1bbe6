"""Blind readers' label sets (corpora/audits/): score them, or apply a relabel to a checkout.

.venv/bin/python corpora/readers.py seed            # each seed reader against the seed's labels,
                                                     # and the shipped model's seed errors
.venv/bin/python corpora/readers.py relabel DEST    # write the 2026-11-27 relabel (train, dev)
                                                     # and the 2026-11-26 one (test) into the
                                                     # corpora/clauses of the checkout DEST
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.align import align_texts  # noqa: E402
from pipeline.align.corpus import read_jsonl  # noqa: E402
from pipeline.align.metrics import evaluate  # noqa: E402
from pipeline.taxonomy import load_taxonomy  # noqa: E402

AUDITS = ROOT / "corpora" / "audits"
SEED = ROOT.parent / "shared" / "data" / "seed" / "clauses.jsonl"
SEED_READERS = AUDITS / "seed-readers-2026-11-27.jsonl"
# which relabel file's `after` each split takes
RELABELS = {"train": "relabel-2026-11-27.jsonl", "dev": "relabel-2026-11-27.jsonl",
            "test": "relabel-2026-11-26.jsonl"}


def reader_sets(path: Path = SEED_READERS) -> dict[str, dict[str, set[str]]]:
    """reader → clause id → label set."""
    readers: dict[str, dict[str, set[str]]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            readers.setdefault(row["reader"], {})[row["id"]] = set(row["labels"])
    return readers


def seed_study(seed: Path = SEED) -> dict:
    """Each reader's micro-F1 and exact-set accuracy against the seed's labels, and for each of the
    shipped model's errors there, how many readers mark the ID."""
    items = read_jsonl(seed)
    gold = [set(c.labels) for c in items]
    labels = list(load_taxonomy().ids)
    readers = reader_sets()
    scores = {}
    for name, sets in sorted(readers.items()):
        result = evaluate(gold, [sets[c.id] for c in items], labels)
        scores[name] = {"micro_f1": result["micro"]["f1"], "exact": result["exact_set_accuracy"]}
    predicted = [{m.id for m in row} for row in align_texts([c.text for c in items], explain=False)]
    model = evaluate(gold, predicted, labels)
    errors = []
    for c, g, p in zip(items, gold, predicted, strict=True):
        for rid in sorted(g ^ p):
            marked = sum(rid in sets[c.id] for sets in readers.values())
            errors.append({"id": c.id, "requirement": rid,
                           "model": "extra" if rid in p else "missed",
                           "readers_marking": marked, "readers": len(readers)})
    return {"readers": scores,
            "model": {"micro_f1": model["micro"]["f1"], "exact": model["exact_set_accuracy"]},
            "model_errors": errors}


def apply_relabel(dest: Path, root: Path = ROOT) -> dict[str, int]:
    """Rewrite DEST/corpora/clauses with each relabel's `after` for its split; the clauses changed
    per split. DEST is another checkout: the project's own corpus is never rewritten here."""
    if dest.resolve() == root.resolve():
        raise SystemExit("relabel: DEST must be another checkout (git worktree add), not this one")
    splits = json.loads((root / "corpora" / "splits.json").read_text(encoding="utf-8"))
    split_of = {t: s for s in ("train", "dev", "test") for t in splits[s]}
    after: dict[str, list[str]] = {}
    for split, name in RELABELS.items():
        for line in (AUDITS / name).read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            if row["split"] == split:
                after[row["id"]] = row["after"]
    changed = dict.fromkeys(("train", "dev", "test"), 0)
    for path in sorted((root / "corpora" / "clauses").glob("*.jsonl")):
        lines = []
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            new = after.get(row["id"])
            if new is not None and set(new) != set(row["labels"]):
                # the labels the clause keeps stay in their order; added ones follow
                row["labels"] = [x for x in row["labels"] if x in new] + sorted(
                    set(new) - set(row["labels"]))
                changed[split_of[row["tender"]]] += 1
                line = json.dumps(row, ensure_ascii=False)
            lines.append(line)
        (dest / "corpora" / "clauses" / path.name).write_text("\n".join(lines) + "\n",
                                                               encoding="utf-8")
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("seed")
    relabel = sub.add_parser("relabel")
    relabel.add_argument("dest", type=Path)
    args = parser.parse_args(argv)
    if args.command == "seed":
        if not SEED.exists():
            print(f"seed: {SEED} is not present", file=sys.stderr)
            return 2
        study = seed_study()
        for name, s in study["readers"].items():
            print(f"reader {name}: micro-F1 {s['micro_f1']:.3f}  exact {s['exact']:.3f}")
        m = study["model"]
        print(f"shipped model: micro-F1 {m['micro_f1']:.3f}  exact {m['exact']:.3f}")
        for e in study["model_errors"]:
            print(f"  {e['id']}  {e['model']:6s} {e['requirement']:36s} "
                  f"marked by {e['readers_marking']} of {e['readers']} readers")
        return 0
    changed = apply_relabel(args.dest)
    print("clauses changed:", ", ".join(f"{k} {v}" for k, v in changed.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
