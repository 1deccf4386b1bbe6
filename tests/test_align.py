"""Clause alignment end to end: the classify, eval and train commands, and the analyze output."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pytest

from pipeline.align import align_texts, load_model
from pipeline.align.model import ModelError
from pipeline.analysis import analyze_path, to_json
from tests.conftest import ROOT, SAMPLES

ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def run_cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], input=stdin,
                          capture_output=True, text=True, env=ENV)


def test_classify_jsonl_keeps_order_and_reports_bad_lines():
    lines = [
        {"id": "a", "text": "乙は、業務上知り得た個人情報を第三者に漏らしてはならない。"},
        "this is not json",
        {"id": "c", "text": "受注者は、情報セキュリティインシデントが発生した場合は、直ちに発注者に報告すること。"},
        {"id": "d"},
        {"id": "e", "text": "第3章　納品"},
    ]
    stdin = "\n".join(x if isinstance(x, str) else json.dumps(x, ensure_ascii=False) for x in lines)
    run = run_cli("classify", stdin=stdin)
    assert run.returncode == 1
    out = [json.loads(line) for line in run.stdout.splitlines()]
    assert [o["id"] for o in out] == ["a", None, "c", "d", "e"]
    assert "SEC.CONFIDENTIALITY" in {r["id"] for r in out[0]["requirements"]}
    assert "SEC.INCIDENT_REPORTING" in {r["id"] for r in out[2]["requirements"]}
    assert out[1]["error"]["code"] == "input.bad_record" and out[3]["error"]["code"] == "input.bad_record"
    assert out[4]["requirements"] == []
    assert all(0.0 <= r["score"] <= 1.0 for o in out if "requirements" in o for r in o["requirements"])
    assert len(run.stderr.strip().splitlines()) == 2 and "Traceback" not in run.stderr


def test_classify_files(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "x", "text": "受注者は、本業務の全部を一括して再委託してはならない。"},
                              ensure_ascii=False) + "\n", encoding="utf-8")
    dst = tmp_path / "out.jsonl"
    run = run_cli("classify", "--input", str(src), "--output", str(dst))
    assert run.returncode == 0
    record = json.loads(dst.read_text(encoding="utf-8"))
    assert record["id"] == "x" and record["requirements"][0]["id"] == "SEC.SUBCONTRACT_APPROVAL"
    # the contract's obligations: one frame per aligned requirement
    (frame,) = record["obligations"]
    assert frame["requirement_id"] == "SEC.SUBCONTRACT_APPROVAL"
    assert (frame["modality"], frame["approval"]) == ("must_not", "prohibited")


def test_classify_gives_no_frames_to_a_clause_that_aligns_to_nothing():
    run = run_cli("classify", stdin=json.dumps({"id": "h", "text": "第3章　納品"}, ensure_ascii=False))
    assert run.returncode == 0
    assert json.loads(run.stdout) == {"id": "h", "requirements": [], "obligations": []}


def test_each_match_says_why():
    (match, *_), = align_texts(["受注者は、本業務で知り得た情報を第三者に漏らしてはならない。"])
    assert match.id == "SEC.CONFIDENTIALITY"
    assert any("第三者に漏らし" in t for t in match.triggers)  # the clause's own words
    assert match.features


def test_eval_end_to_end(tmp_path):
    gold = tmp_path / "gold.jsonl"
    rows = [
        {"id": "1", "text": "受注者は、事故が発生した場合には直ちに発注者に報告すること。",
         "labels": ["SEC.INCIDENT_REPORTING"]},
        {"id": "2", "text": "受注者は、提供された資料を業務終了後に返却すること。", "labels": ["SEC.RETURN_DISPOSAL"]},
        {"id": "3", "text": "第1章　総則", "labels": []},
    ]
    gold.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    report = tmp_path / "metrics.json"
    run = run_cli("eval", "--gold", str(gold), "--json", str(report))
    assert run.returncode == 0, run.stderr
    assert "micro P" in run.stdout and "exact-set accuracy" in run.stdout
    metrics = json.loads(report.read_text())
    assert metrics["n"] == 3 and metrics["micro"]["recall"] == 1.0
    per = metrics["per_label"]
    assert per["SEC.INCIDENT_REPORTING"]["tp"] == 1 and per["SEC.RETURN_DISPOSAL"]["tp"] == 1
    tp = sum(v["tp"] for v in per.values())
    fp = sum(v["fp"] for v in per.values())
    assert metrics["micro"]["precision"] == pytest.approx(tp / (tp + fp))


def test_eval_usage_errors(tmp_path):
    assert run_cli("eval", "--gold", str(tmp_path / "missing.jsonl")).returncode == 2
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "1", "text": "x", "labels": ["SEC.NOPE"]}\n', encoding="utf-8")
    run = run_cli("eval", "--gold", str(bad))
    assert run.returncode == 2 and "unknown requirement IDs SEC.NOPE" in run.stderr


def test_untrusted_model_types_are_refused(tmp_path):
    import skops.io as sio

    bad = tmp_path / "evil.skops"
    sio.dump({"pipeline": subprocess.Popen, "labels": [], "thresholds": [], "meta": {}}, bad)
    with pytest.raises(ModelError, match=r"refusing to load untrusted types: .*subprocess\.Popen"):
        load_model(bad)
    with pytest.raises(ModelError, match="no such model file"):
        load_model(tmp_path / "none.skops")


def test_analyze_fills_requirements_for_security_clauses(tmp_path):
    payload = to_json(analyze_path(SAMPLES / "independent_agency.pdf"))
    assert payload["provenance"]["taxonomy_version"] and payload["provenance"]["model_version"]
    found = {r["id"] for c in payload["clauses"] for r in c["requirements"]}
    assert {"SEC.PURPOSE_LIMITATION", "SEC.MGMT_STRUCTURE", "SEC.SUPPLIER_DISCLOSURE",
            "SEC.INCIDENT_REPORTING", "SEC.SUBCONTRACT_APPROVAL", "SEC.RETURN_DISPOSAL"} <= found
    intro = payload["clauses"][0]
    assert intro["label"] is None and intro["requirements"] == []


def test_model_version_from_the_card_only_when_the_card_is_for_this_file(tmp_path, monkeypatch):
    """A batch's parent records provenance without loading the model: the version comes from
    the card when the card's hash is the model file's; otherwise the model is loaded."""
    import shutil

    from pipeline.align import model as model_module

    shipped = model_module.DEFAULT_MODEL
    copy = tmp_path / "alignment.skops"
    shutil.copy(shipped, copy)
    card = json.loads(shipped.with_suffix(".card.json").read_text(encoding="utf-8"))
    card["model_version"] = "from-the-card"
    copy.with_suffix(".card.json").write_text(json.dumps(card), encoding="utf-8")
    monkeypatch.setenv("TENDERLENS_MODEL", str(copy))
    model_module.default_model.cache_clear()
    try:
        assert model_module.model_version() == "from-the-card"
        assert model_module.default_model.cache_info().currsize == 0  # not loaded
        card["model_sha256"] = "0" * 64  # a card written for another file
        copy.with_suffix(".card.json").write_text(json.dumps(card), encoding="utf-8")
        assert model_module.model_version() == load_model(shipped).version
    finally:
        model_module.default_model.cache_clear()


def test_near_misses_are_the_best_scores_of_requirements_no_clause_matched():
    from pipeline.align import align_with_near_misses, default_model
    from pipeline.align.features import text_of
    from pipeline.align.gates import open_gates

    texts = [
        "受注者は、本業務で知り得た情報を第三者に漏らしてはならない。",
        "受注者は、情報セキュリティインシデントが発生したときは、直ちに発注者に報告すること。",
        "納品物は、契約期間の末日までに発注者の指定する場所に納入すること。",
    ]
    matches, near = align_with_near_misses(texts, explain=False)
    model = default_model()
    scores = model.scores([text_of(t) for t in texts])
    matched = {m.id for row in matches for m in row}
    assert {"SEC.CONFIDENTIALITY", "SEC.INCIDENT_REPORTING"} <= matched
    # a requirement whose definition gate is closed on every text has no near miss
    allowed = open_gates(texts, model.labels)
    gated = {rid for j, rid in enumerate(model.labels) if not allowed[:, j].any()}
    assert set(near) == set(model.labels) - matched - gated
    for j, rid in enumerate(model.labels):
        if rid in near:
            assert near[rid].clause_index == int(np.argmax(scores[:, j]))
            assert near[rid].score == pytest.approx(scores[:, j].max(), abs=1e-4)
            assert near[rid].score < near[rid].threshold
