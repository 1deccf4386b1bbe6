"""The decision-rule script for corpus rounds (`corpora/round_check.py`) refuses a round that
would silently change the corpus it is measured against."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.scripts import corpus_script


@pytest.fixture(scope="module")
def round_check():
    return corpus_script("round_check")


def _write(directory: Path, tender: str, labels: list[str]) -> None:
    record = {"id": f"{tender}-001", "tender": tender, "text": "受注者は、事故を報告すること。",
              "labels": labels}
    (directory / f"{tender}.jsonl").write_text(json.dumps(record, ensure_ascii=False) + "\n",
                                              encoding="utf-8")


def test_a_new_tender_with_known_labels_is_read(round_check, tmp_path):
    _write(tmp_path, "T999", ["SEC.INCIDENT_REPORTING"])
    (clause,) = round_check.read_round(tmp_path, {"T001-001"}, ["SEC.INCIDENT_REPORTING"])
    assert clause.id == "T999-001" and clause.labels == ("SEC.INCIDENT_REPORTING",)


def test_a_tender_already_in_the_corpus_is_refused(round_check, tmp_path):
    _write(tmp_path, "T001", ["SEC.INCIDENT_REPORTING"])
    with pytest.raises(SystemExit, match="clashes"):
        round_check.read_round(tmp_path, {"T001-005"}, ["SEC.INCIDENT_REPORTING"])


def test_an_unknown_label_is_refused(round_check, tmp_path):
    _write(tmp_path, "T999", ["SEC.NOT_A_REQUIREMENT"])
    with pytest.raises(SystemExit, match="unknown labels"):
        round_check.read_round(tmp_path, set(), ["SEC.INCIDENT_REPORTING"])


def test_no_round_reads_nothing(round_check):
    assert round_check.read_round(None, set(), []) == []
