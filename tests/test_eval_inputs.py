"""`tenderlens eval`: gold files a user may get wrong, and the figures it prints. Each test is
named after a bug a review reproduced; none trains a model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

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
