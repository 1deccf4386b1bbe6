"""Per-slot accuracy of obligation frames against a gold set.

Frames are predicted for the gold requirement IDs of each clause, so that this measures the frame
stage alone; every gold frame is compared with the predicted frame of its requirement.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

SLOTS = (
    "actor",
    "modality",
    "conditional",
    "deadline_qualifier",
    "deadline_days",
    "deadline_anchor",
    "form",
    "approval",
    "scope",
    "exceptions_found",
    "survival",
    "flowdown",
    "reference_title",
    "reference_edition",
)


def gold_frames_problem(frames: object) -> str | None:
    """What keeps a gold record's "frames" from being evaluated, or None: a list of objects, each
    with a string "requirement_id", "deadline" and "reference" null or objects, "exceptions" null
    or a list of strings."""
    if not isinstance(frames, list):
        return '"frames" is not a list'
    for k, frame in enumerate(frames, start=1):
        if not isinstance(frame, dict):
            return f"frame {k} is not an object"
        if not isinstance(frame.get("requirement_id"), str):
            return f'frame {k} has no "requirement_id" string'
        for key in ("deadline", "reference"):
            if not isinstance(frame.get(key), dict | None):
                return f'frame {k}: "{key}" is neither null nor an object'
        # the two slots compared by arithmetic and by substring, not by equality: a value of
        # another type would end the evaluation in a TypeError
        flat = "deadline_qualifier" in frame
        days = frame.get("deadline_days") if flat else (frame.get("deadline") or {}).get("days")
        if days is not None and (isinstance(days, bool) or not isinstance(days, int | float)):
            where = '"deadline_days"' if flat else 'the deadline\'s "days"'
            return f"frame {k}: {where} is neither null nor a number"
        title = (
            frame.get("reference_title") if flat else (frame.get("reference") or {}).get("title")
        )
        if not isinstance(title, str | None):
            where = '"reference_title"' if flat else 'the reference\'s "title"'
            return f"frame {k}: {where} is neither null nor a string"
        exceptions = frame.get("exceptions")
        # the seed's gold, in flat form, keeps only how many exceptions there are
        counted = isinstance(exceptions, int) and "deadline_qualifier" in frame
        texts = isinstance(exceptions, list) and all(isinstance(e, str) for e in exceptions)
        if not (exceptions is None or counted or texts):
            return f'frame {k}: "exceptions" is not a list of strings'
    return None


def flatten(frame: dict) -> dict:
    """A frame in contract shape (nested deadline, reference, exception texts) or already flat."""
    if "deadline_qualifier" in frame:
        return dict(frame)
    deadline = frame.get("deadline") or {}
    reference = frame.get("reference") or {}
    return {
        "requirement_id": frame["requirement_id"],
        "actor": frame.get("actor"),
        "modality": frame.get("modality"),
        "conditional": bool(frame.get("conditional")),
        "deadline_qualifier": deadline.get("qualifier"),
        "deadline_days": deadline.get("days"),
        "deadline_anchor": deadline.get("anchor"),
        "form": frame.get("form"),
        "approval": frame.get("approval"),
        "scope": frame.get("scope"),
        "exceptions": list(frame.get("exceptions") or []),
        "survival": bool(frame.get("survival")),
        "flowdown": bool(frame.get("flowdown")),
        "reference_title": reference.get("title"),
        "reference_edition": reference.get("edition"),
    }


def _same_span(a: str, b: str) -> bool:
    a, b = a.replace(" ", ""), b.replace(" ", "")
    if not a or not b:
        return False
    if a in b or b in a:
        return True
    overlap = sum(1 for ch in set(a) if ch in b)
    return overlap / max(len(set(a)), 1) >= 0.8


def _exceptions_found(gold, predicted: list[str]) -> bool:
    if isinstance(gold, int):  # the real seed's gold keeps only how many exceptions there are
        return len(predicted) == gold
    return all(any(_same_span(g, p) for p in predicted) for g in gold) and (
        bool(gold) or not predicted
    )


def _title_match(gold: str | None, predicted: str | None) -> bool:
    if gold is None or predicted is None:
        return gold is predicted
    return _same_span(gold, predicted)


def _same_edition(gold: str | None, predicted: str | None) -> bool:
    """An edition is a value: the width of its printed digits and the spaces around them
    (「令和５年度版」「令和 5 年度版」) do not make it another edition."""
    if gold is None or predicted is None:
        return gold is predicted
    return _as_value(gold) == _as_value(predicted)


def _as_value(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def evaluate_frames(pairs: Sequence[tuple[list[dict], list[dict]]], keep: int | None = 20) -> dict:
    """``pairs``: per clause, (gold frames, predicted frames). Returns accuracy per slot, the
    number of gold frames, and the mismatches of each slot (the first ``keep``; all with None)."""
    correct = dict.fromkeys(SLOTS, 0)
    mistakes: dict[str, list] = {s: [] for s in SLOTS}
    total = 0
    for clause_index, (gold_frames, predicted_frames) in enumerate(pairs):
        predicted = {f["requirement_id"]: flatten(f) for f in predicted_frames}
        for g in map(flatten, gold_frames):
            total += 1
            p = predicted.get(g["requirement_id"], {})
            for slot in SLOTS:
                if slot == "exceptions_found":
                    ok = _exceptions_found(g["exceptions"], p.get("exceptions", []))
                    got, want = p.get("exceptions"), g["exceptions"]
                elif slot == "reference_title":
                    ok = _title_match(g.get(slot), p.get(slot))
                    got, want = p.get(slot), g.get(slot)
                elif slot == "reference_edition":
                    want, got = g.get(slot), p.get(slot)
                    ok = _same_edition(want, got)
                elif slot == "deadline_days":
                    want, got = g.get(slot), p.get(slot)
                    ok = (want is None and got is None) or (
                        want is not None and got is not None and abs(want - got) < 1e-3
                    )
                else:
                    want, got = g.get(slot), p.get(slot)
                    ok = want == got
                correct[slot] += ok
                if not ok and (keep is None or len(mistakes[slot]) < keep):
                    mistakes[slot].append(
                        {
                            "clause": clause_index,
                            "requirement": g["requirement_id"],
                            "gold": want,
                            "predicted": got,
                        }
                    )
    return {
        "frames": total,
        "accuracy": {s: (correct[s] / total if total else 0.0) for s in SLOTS},
        "mistakes": mistakes,
    }
