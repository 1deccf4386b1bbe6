"""Regression: an output option naming one of the command's own input files destroyed it
(`classify --input a.jsonl --output a.jsonl` emptied a.jsonl and exited 0; `compare --db s.duckdb
--html s.duckdb` would write the report over the store)."""

from __future__ import annotations

import json
import os

import pytest

from pipeline.cli import main


def _lines(path) -> bytes:
    path.write_text(
        json.dumps({"id": "a", "text": "受注者は、事故が発生したときは、直ちに報告すること。"},
                   ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    return path.read_bytes()


def test_classify_output_same_as_input_emptied_the_input(tmp_path, capsys):
    given = tmp_path / "clauses.jsonl"
    before = _lines(given)
    assert main(["classify", "--input", str(given), "--output", str(given)]) == 2
    assert given.read_bytes() == before
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "the same file as --input" in err


def test_classify_output_through_a_link_to_the_input_is_refused(tmp_path, capsys):
    given = tmp_path / "clauses.jsonl"
    before = _lines(given)
    link = tmp_path / "other-name.jsonl"
    os.symlink(given, link)
    assert main(["classify", "--input", str(given), "--output", str(link)]) == 2
    assert given.read_bytes() == before


@pytest.mark.parametrize("option", ["--html", "--xlsx"])
def test_compare_output_same_as_the_store_is_refused_before_reading_it(tmp_path, capsys, option):
    store = tmp_path / "s.duckdb"
    store.write_bytes(b"not read: the check comes first")
    before = store.read_bytes()
    outputs = {"--html": str(tmp_path / "r.html"), option: str(store)}
    args = ["compare", "--db", str(store), *(x for o, v in outputs.items() for x in (o, v))]
    assert main(args) == 2
    assert store.read_bytes() == before
    assert "the same file as --db" in capsys.readouterr().err


def test_compare_workbook_and_report_with_one_name_is_refused(tmp_path, capsys):
    store = tmp_path / "s.duckdb"
    store.write_bytes(b"x")
    same = str(tmp_path / "r.out")
    assert main(["compare", "--db", str(store), "--html", same, "--xlsx", same]) == 2
    assert "the same file as --html" in capsys.readouterr().err


def test_eval_json_same_as_gold_is_refused(tmp_path, capsys):
    gold = tmp_path / "gold.jsonl"
    before = _lines(gold)
    assert main(["eval", "--gold", str(gold), "--json", str(gold)]) == 2
    assert gold.read_bytes() == before
    assert "the same file as --gold" in capsys.readouterr().err
