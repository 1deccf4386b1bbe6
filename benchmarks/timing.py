"""Timing helper shared by the benchmarks."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path


def best(fn: Callable[[], object], repeat: int = 3) -> float:
    """The fastest of ``repeat`` runs of ``fn``, in seconds (the least disturbed by other load)."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


RESULTS = Path(__file__).resolve().parent / "results"


def write_result(name: str, result: dict) -> Path:
    """Print a benchmark's figures and keep them as ``benchmarks/results/<name>.json``."""
    text = json.dumps(result, ensure_ascii=False, indent=1)
    print(text)
    out = RESULTS / f"{name}.json"
    out.write_text(text + "\n", encoding="utf-8")
    print(f"written {out}")
    return out
