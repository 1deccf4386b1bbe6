"""Crash safety: a batch killed with SIGKILL at random moments and rerun ends with a store equal to
an uninterrupted run's: nothing duplicated, nothing half-written."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

import pytest

from benchmarks.generate import make_spec
from corpora.samples import render
from pipeline import load_results
from tests.conftest import ROOT

ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def _analyze(folder, db) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "pipeline", "analyze", str(folder), "--db",
                             str(db)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)


def _content(db) -> dict:
    r = load_results(db)
    docs = r["documents"]
    assert docs["doc_key"].is_unique, "a document was stored twice"
    out = {"documents": sorted(zip(docs["doc_key"], docs["status"], strict=True))}
    for table in ("sections", "clauses", "requirement_matches", "obligations", "coverage",
                  "findings"):
        frame = r[table].drop(columns=[c for c in ("run_id",) if c in r[table].columns])
        out[table] = sorted(map(str, frame.astype(str).itertuples(index=False)))
    return out


def _crash_and_resume(tmp_path, kills: int) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for k in range(6):
        render.render_spec(make_spec(4, seed=500 + k), folder / f"spec{k}.pdf")
    reference = tmp_path / "reference.duckdb"
    assert _analyze(folder, reference).wait(timeout=300) == 0
    expected = _content(reference)
    db = tmp_path / "crashed.duckdb"
    rng = random.Random(7)
    for _ in range(kills):
        proc = _analyze(folder, db)
        time.sleep(rng.uniform(0.5, 4.0))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        if db.exists():
            _content(db)  # every intermediate state is readable, with no duplicate document
    assert _analyze(folder, db).wait(timeout=300) == 0
    assert _content(db) == expected


def test_sigkill_twenty_times_at_random_points_then_resume(tmp_path):
    _crash_and_resume(tmp_path, kills=20)


@pytest.mark.slow
def test_sigkill_sixty_times(tmp_path):
    _crash_and_resume(tmp_path, kills=60)
