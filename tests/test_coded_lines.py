"""Regressions from a README review: problem lines without their code, or naming the path twice.
`analyze /nonexistent.pdf` said only "no such file or directory" (the README lists
`input.not_found`); `compare`/`export --db DIR` said "no store here" without `store.directory`;
`tenderlens: x.docx: input.unsupported: x.docx: not a PDF…` named the file twice."""

from __future__ import annotations

import pytest

from pipeline.cli import main


def _err(capsys) -> str:
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1, err
    return err


def test_missing_input_path_said_no_code(tmp_path, capsys):
    missing = tmp_path / "nonexistent.pdf"
    assert main(["analyze", str(missing), "--db", str(tmp_path / "s.duckdb")]) == 2
    assert f"{missing}: input.not_found: " in _err(capsys)


@pytest.mark.parametrize("command", ["compare", "export"])
def test_store_option_naming_a_directory_said_no_code(tmp_path, capsys, command):
    args = [command, "--db", str(tmp_path)]
    args += ["--html", str(tmp_path / "r.html")] if command == "compare" else ["--parquet",
                                                                                str(tmp_path / "pq")]
    assert main(args) == 2
    assert f"--db {tmp_path}: store.directory: " in _err(capsys)


def test_store_option_naming_nothing_has_its_code(tmp_path, capsys):
    db = tmp_path / "none.duckdb"
    assert main(["compare", "--db", str(db), "--html", str(tmp_path / "r.html")]) == 2
    assert f"--db {db}: store.not_found: " in _err(capsys)


def test_document_problem_line_named_the_path_twice(tmp_path, capsys):
    doc = tmp_path / "x.docx"
    doc.write_bytes(b"PK\x03\x04 not a tender")
    assert main(["analyze", str(doc), "--db", str(tmp_path / "s.duckdb")]) == 1
    line = next(ln for ln in capsys.readouterr().err.splitlines() if "input.unsupported" in ln)
    assert line.count("x.docx") == 1, line
    assert line.startswith(f"tenderlens: {doc}: input.unsupported: ")
