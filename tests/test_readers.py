"""corpora/readers.py: the blind readers' figures of corpora/audits/README.md reproduce."""

from __future__ import annotations

import json

import pytest

from tests.conftest import ROOT, require_shared
from tests.scripts import corpus_script


def test_seed_readers_score_as_the_audit_states():
    require_shared("seed", "clauses.jsonl")
    study = corpus_script("readers").seed_study()
    scores = study["readers"]
    assert [round(scores[r]["micro_f1"], 3) for r in "ABCDEF"] == [1.0] * 4 + [0.99] * 2
    assert [round(scores[r]["exact"], 3) for r in "ABCDEF"] == [1.0] * 4 + [0.976] * 2
    # every error of the model is listed once, with how many of the six readers mark its ID
    assert all(e["readers"] == 6 for e in study["model_errors"])
    if study["model"]["exact"] < 1.0:
        assert study["model_errors"]


def test_relabel_writes_the_recorded_flips_into_another_checkout(tmp_path):
    readers = corpus_script("readers")
    (tmp_path / "corpora" / "clauses").mkdir(parents=True)
    changed = readers.apply_relabel(tmp_path)
    assert changed == {"train": 202, "dev": 32, "test": 46}
    after = {}
    for name in ("relabel-2026-11-26.jsonl", "relabel-2026-11-27.jsonl"):
        for line in (ROOT / "corpora" / "audits" / name).read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            if (name.endswith("26.jsonl")) == (row["split"] == "test"):
                after[row["id"]] = set(row["after"])
    rewritten = {}
    for path in (tmp_path / "corpora" / "clauses").glob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            rewritten[row["id"]] = set(row["labels"])
    assert all(rewritten[i] == labels for i, labels in after.items())
    assert len(rewritten) == 7385


def test_relabel_refuses_to_rewrite_the_projects_own_corpus():
    with pytest.raises(SystemExit, match="another checkout"):
        corpus_script("readers").apply_relabel(ROOT)
