"""`tenderlens eval`: gold files a user may get wrong, and the figures it prints. Each test is
named after a bug a review reproduced; none trains a model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.align.metrics import evaluate
from pipeline.cli import main
from pipeline.obligations.evaluate import gold_frames_problem

CONFIDENTIAL = "受注者は、本業務で知り得た秘密を第三者に漏らしてはならない。"
INCIDENT = "受注者は、情報セキュリティインシデントが発生した場合は、3日以内に発注者に報告すること。"
UNIFIED = "受注者は、「政府機関等のサイバーセキュリティ対策のための統一基準群（令和5年度版）」を遵守すること。"
REPORT = {"requirement_id": "SEC.INCIDENT_REPORTING", "actor": "contractor", "modality": "must"}


def _write(path: Path, *records: dict) -> Path:
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    return path


def _one_error_line(capsys: pytest.CaptureFixture[str], start: str) -> str:
    captured = capsys.readouterr()
    err = captured.err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(start), err
    assert "Traceback" not in captured.err
    return err[0]


def test_eval_frames_with_a_deadline_days_or_reference_title_of_another_type_ended_in_a_traceback(
    tmp_path, capsys
):
    """Regression: a gold frame whose deadline "days" was a string ({"days": "3"}), or in flat
    form "deadline_days": "x", ended `eval --frames` in `TypeError: unsupported operand type(s)
    for -`; a reference "title" that is a number, on a clause where a reference is found, in
    `AttributeError: 'int' object has no attribute 'replace'`. Each is now one usage line (exit 2)
    naming the file, the line and the slot."""
    good = {"text": INCIDENT, "frames": [REPORT]}
    cases = {
        "days_string": (
            {"text": INCIDENT, "frames": [{**REPORT, "deadline": {"days": "3"}}]},
            'frame 1: the deadline\'s "days" is neither null nor a number',
        ),
        "days_flat": (
            {
                "text": INCIDENT,
                "frames": [{**REPORT, "deadline_qualifier": "within", "deadline_days": "x"}],
            },
            'frame 1: "deadline_days" is neither null nor a number',
        ),
        "days_boolean": (
            {"text": INCIDENT, "frames": [{**REPORT, "deadline": {"days": True}}]},
            'frame 1: the deadline\'s "days" is neither null nor a number',
        ),
        "title_number": (
            {
                "text": UNIFIED,
                "frames": [{"requirement_id": "SEC.POLICY_COMPLIANCE", "reference": {"title": 5}}],
            },
            'frame 1: the reference\'s "title" is neither null nor a string',
        ),
    }
    for name, (bad, problem) in cases.items():
        path = _write(tmp_path / f"{name}.jsonl", good, bad)
        assert main(["eval", "--frames", str(path)]) == 2, name
        line = _one_error_line(capsys, f"tenderlens: error: --frames {path}:2: ")
        assert problem in line, (name, line)
    # numbers and null still pass, nested and flat
    assert gold_frames_problem([{**REPORT, "deadline": {"days": 3}, "reference": None}]) is None
    assert gold_frames_problem([{**REPORT, "deadline": {"days": 0.5}}]) is None
    flat = {**REPORT, "deadline_qualifier": None, "deadline_days": None, "reference_title": "x"}
    assert gold_frames_problem([flat]) is None


def test_eval_frames_with_an_unknown_requirement_id_was_scored_as_a_missed_frame(tmp_path, capsys):
    """Regression: a gold frame with a mistyped requirement ID ("SEC.INCIDENT_REPORT") exited 0
    and counted as a frame the extractor missed in every slot, lowering each accuracy; `eval
    --gold` refuses such an ID. It is now a usage error naming the line and the ID."""
    good = {"text": INCIDENT, "frames": [REPORT]}
    typo = {"text": INCIDENT, "frames": [{**REPORT, "requirement_id": "SEC.INCIDENT_REPORT"}]}
    path = _write(tmp_path / "typo.jsonl", good, typo)
    assert main(["eval", "--frames", str(path)]) == 2
    line = _one_error_line(capsys, f"tenderlens: error: --frames {path}:2: ")
    assert "unknown requirement IDs SEC.INCIDENT_REPORT" in line


def test_eval_frames_without_any_gold_frame_printed_an_accuracy_of_zero_for_every_slot(
    tmp_path, capsys
):
    """Regression: a gold file whose records all had "frames": [] exited 0 and printed "0 gold
    frames" followed by an accuracy of 0.000 for every slot, figures of nothing. It is now a
    usage error, as a gold file with no records is."""
    path = _write(tmp_path / "none.jsonl", {"text": INCIDENT, "frames": []})
    assert main(["eval", "--frames", str(path)]) == 2
    line = _one_error_line(capsys, f"tenderlens: error: --frames {path}: ")
    assert "no gold frames" in line


def test_eval_micro_read_p_0_r_0_f1_1_on_a_gold_set_of_clauses_that_state_no_requirement(
    tmp_path, capsys
):
    """Regression: on gold clauses that state no requirement (a false-positive check) with none
    predicted, `eval` printed "micro P 0.000 R 0.000 F1 1.000  macro-F1 0.000": three figures that
    cannot all hold, where per requirement the table prints "-" for a ratio of nothing. Micro
    P, R, F1 and macro-F1 are now None ("-") where there is nothing to divide by, as per
    requirement."""
    labels = ["SEC.A", "SEC.B"]
    result = evaluate([set(), set()], [set(), set()], labels)
    assert result["micro"] == {"precision": None, "recall": None, "f1": None}
    assert result["macro_f1"] is None and result["exact_set_accuracy"] == 1.0
    # one false positive: precision 0 of 1, recall of nothing
    result = evaluate([set(), set()], [{"SEC.A"}, set()], labels)
    assert result["micro"] == {"precision": 0.0, "recall": None, "f1": 0.0}
    assert result["exact_set_accuracy"] == 0.5

    gold = _write(
        tmp_path / "negatives.jsonl",
        {"id": "n1", "text": "契約期間は令和7年4月1日から令和8年3月31日までとする。", "labels": []},
        {"id": "n2", "text": "第3章　納品", "labels": []},
    )
    assert main(["eval", "--gold", str(gold)]) == 0
    out = capsys.readouterr().out
    assert "micro P - R - F1 -  macro-F1 -" in out, out


def test_eval_macro_f1_did_not_say_it_leaves_out_requirements_without_gold_labels(tmp_path, capsys):
    """Regression: the table listed a requirement predicted but never labelled with F1 0.000,
    and the macro-F1 under it, averaged over the requirements with gold labels only, did not
    say so: the mean of the printed F1 column was not the macro-F1 printed. The line now says
    what it averages. The figures themselves, checked by hand on five clauses:
    gold {I} {C,I} {C} {} {}, predicted {I} {C} {} {S} {}: C and I each tp 1, fn 1 (P 1, R 0.5,
    F1 2/3); S fp 1 (P 0, F1 0); micro tp 2, fp 1, fn 2: P 2/3, R 1/2, F1 4/7; macro (2/3 + 2/3)
    / 2; exact 2/5; confusions I -> (none), C -> (none), (none) -> S."""
    c, i, s = "SEC.CONFIDENTIALITY", "SEC.INCIDENT_REPORTING", "SEC.SUBCONTRACT_APPROVAL"
    gold = [{i}, {c, i}, {c}, set(), set()]
    predicted = [{i}, {c}, set(), {s}, set()]
    result = evaluate(gold, predicted, [c, i, s, "SEC.SECURE_TRANSFER"])
    assert result["micro"]["precision"] == pytest.approx(2 / 3)
    assert result["micro"]["recall"] == pytest.approx(1 / 2)
    assert result["micro"]["f1"] == pytest.approx(4 / 7)
    assert result["macro_f1"] == pytest.approx(2 / 3)
    assert result["exact_set_accuracy"] == pytest.approx(2 / 5)
    per = result["per_label"]
    assert (per[c]["precision"], per[c]["recall"], per[c]["f1"]) == (1.0, 0.5, pytest.approx(2 / 3))
    assert (per[s]["precision"], per[s]["recall"], per[s]["f1"]) == (0.0, None, 0.0)
    assert per["SEC.SECURE_TRANSFER"]["f1"] is None
    assert {(w["gold"], w["predicted"], w["count"]) for w in result["worst_confusions"]} == {
        (i, "(none)", 1),
        (c, "(none)", 1),
        ("(none)", s, 1),
    }

    # the shipped model predicts exactly those sets on these clauses
    path = _write(
        tmp_path / "gold.jsonl",
        {"id": "g1", "text": INCIDENT, "labels": [i]},
        {"id": "g2", "text": CONFIDENTIAL, "labels": [c, i]},
        {"id": "g3", "text": "本業務の履行場所は発注者の指定する場所とする。", "labels": [c]},
        {
            "id": "g4",
            "text": "受注者は、業務の全部又は一部を第三者に再委託してはならない。",
            "labels": [],
        },
        {"id": "g5", "text": "契約期間は令和7年4月1日から令和8年3月31日までとする。", "labels": []},
    )
    assert main(["eval", "--gold", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"{s:34}       0  0.000   -     0.000" in out, out
    assert (
        "5 clauses  micro P 0.667 R 0.500 F1 0.571  macro-F1 0.667 (over the 2 requirements "
        "with gold labels)  exact-set accuracy 0.400"
    ) in out, out


def test_eval_with_both_gold_and_frames_ran_frames_only_and_passed_over_gold_in_silence(
    tmp_path, capsys
):
    """Regression: `eval --gold A --frames B` evaluated B's frames, exited 0 and never looked at
    A; `eval --frames B --model M` ignored M likewise. Both are now usage errors."""
    gold = _write(tmp_path / "gold.jsonl", {"id": "g", "text": CONFIDENTIAL, "labels": []})
    frames = _write(tmp_path / "frames.jsonl", {"text": INCIDENT, "frames": [REPORT]})
    assert main(["eval", "--gold", str(gold), "--frames", str(frames)]) == 2
    assert "not both" in _one_error_line(capsys, "tenderlens: error: ")
    model = tmp_path / "m.skops"
    assert main(["eval", "--frames", str(frames), "--model", str(model)]) == 2
    assert "--model applies to --gold only" in _one_error_line(capsys, "tenderlens: error: ")


def test_a_skops_file_that_is_not_a_tenderlens_model_ended_in_a_traceback(tmp_path, capsys):
    """Regression: `eval --model` (or TENDERLENS_MODEL) naming a skops file of another shape, a
    bare scikit-learn model or a dict without the model's keys, ended in `KeyError: 'pipeline'`
    or `TypeError: 'LogisticRegression' object is not subscriptable`. It is now a ModelError,
    one usage line (exit 2) saying what the file holds."""
    import skops.io as sio
    from sklearn.linear_model import LogisticRegression

    from pipeline.align import load_model
    from pipeline.align.model import DEFAULT_MODEL, ModelError

    gold = _write(tmp_path / "gold.jsonl", {"id": "g", "text": CONFIDENTIAL, "labels": []})
    cases = {
        "estimator": (LogisticRegression(), "it holds a LogisticRegression"),
        "dict": ({"x": 1}, "no pipeline, labels, thresholds, meta"),
        "shape": (
            {"pipeline": 1, "labels": ["SEC.A"], "thresholds": [0.5], "meta": {}},
            '"pipeline" is not a features and classifier pipeline',
        ),
    }
    for name, (value, problem) in cases.items():
        path = tmp_path / f"{name}.skops"
        sio.dump(value, path)
        with pytest.raises(ModelError, match="not a TenderLens alignment model"):
            load_model(path)
        assert main(["eval", "--gold", str(gold), "--model", str(path)]) == 2, name
        line = _one_error_line(capsys, f"tenderlens: error: --model {path}: ")
        assert line.endswith(f"not a TenderLens alignment model ({problem})"), line
    assert load_model(DEFAULT_MODEL).labels  # the shipped model is one


def test_worst_confusions_left_out_a_label_predicted_beside_every_gold_label():
    """Regression: a clause whose gold labels were all found but which got one more (gold {A},
    predicted {A, B}) added nothing to the worst confusions, though they promise the reverse of
    a missed label too: only a clause without gold labels counted its extra ones."""
    a, b, c = "SEC.CONFIDENTIALITY", "SEC.INCIDENT_REPORTING", "SEC.SUBCONTRACT_APPROVAL"
    result = evaluate([{a}, {a}, set()], [{a, b}, {c}, {b}], [a, b, c])
    assert {(w["gold"], w["predicted"], w["count"]) for w in result["worst_confusions"]} == {
        ("(none)", b, 2),  # beside a found label, and on a clause without labels
        (a, c, 1),
    }


def test_eval_gold_with_an_unknown_requirement_id_did_not_say_which_records_hold_it(
    tmp_path, capsys
):
    """Regression: the usage error named the unknown ID but not where it is, so a typo in a
    gold file of hundreds of records had to be searched for by hand."""
    records = [{"id": f"r{k}", "text": "本業務で知り得た情報を漏えいしてはならない。", "labels": []} for k in range(6)]
    for k in (1, 2, 3, 5):
        records[k]["labels"] = ["SEC.CONFIDENTIALTY"]
    records[4]["labels"] = ["SEC.NOPE"]
    gold = _write(tmp_path / "typos.jsonl", *records)
    assert main(["eval", "--gold", str(gold)]) == 2
    line = _one_error_line(capsys, f"tenderlens: error: --gold {gold}: ")
    assert line.endswith(
        "unknown requirement IDs SEC.CONFIDENTIALTY (id r1, r2, r3 and 1 more); SEC.NOPE (id r4)"
    )


def test_a_model_path_given_that_is_a_folder_or_absent_said_to_run_train(tmp_path, capsys, monkeypatch):
    """Regression: `--model DIR` or a mistyped `--model`/`TENDERLENS_MODEL` path read "alignment
    model not found at …; run `tenderlens train` to build it", advice about the shipped model
    that fits neither; and the line did not name the option."""
    gold = _write(tmp_path / "gold.jsonl", {"id": "g", "text": CONFIDENTIAL, "labels": []})
    assert main(["eval", "--gold", str(gold), "--model", str(tmp_path)]) == 2
    line = _one_error_line(capsys, f"tenderlens: error: --model {tmp_path}: ")
    assert line.endswith("a folder, not a model file"), line
    absent = tmp_path / "typo.skops"
    assert main(["eval", "--gold", str(gold), "--model", str(absent)]) == 2
    line = _one_error_line(capsys, f"tenderlens: error: --model {absent}: ")
    assert line.endswith("no such model file") and "train" not in line, line
    monkeypatch.setenv("TENDERLENS_MODEL", str(absent))
    from pipeline.align import load_model
    from pipeline.align.model import ModelError

    with pytest.raises(ModelError, match=f"^TENDERLENS_MODEL={absent}: no such model file$"):
        load_model()
