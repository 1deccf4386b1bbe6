"""The DuckDB store: idempotent by document, one transaction per document, readable mid-batch."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pandas as pd
import pytest

from benchmarks.generate import make_spec
from corpora.samples import render
from pipeline import current_documents, load_results
from pipeline.cli import main
from tests.conftest import ROOT, SAMPLES


def test_store_tables_and_idempotence(tmp_path):
    db = tmp_path / "results.duckdb"
    pdfs = [str(SAMPLES / "independent_agency.pdf"), str(SAMPLES / "prefecture.pdf")]
    assert main(["analyze", *pdfs, "--db", str(db)]) == 0
    first = load_results(db)
    assert len(first["documents"]) == 2
    assert set(first["documents"]["status"]) == {"ok"}
    assert len(first["requirement_matches"]) > 10 and len(first["obligations"]) > 10
    assert set(first["coverage"]["status"]) <= {"present", "missing", "referenced"}
    assert main(["analyze", *pdfs, "--db", str(db)]) == 0
    second = load_results(db)
    for table in ("documents", "document_paths", "sections", "clauses", "requirement_matches",
                  "obligations", "coverage", "findings"):
        assert len(second[table]) == len(first[table]), table
    assert len(second["runs"]) == 2


def test_duplicate_file_under_two_names_is_one_document_with_both_paths(tmp_path):
    db = tmp_path / "results.duckdb"
    a, b = tmp_path / "a.pdf", tmp_path / "copy_of_a.pdf"
    a.write_bytes((SAMPLES / "independent_agency.pdf").read_bytes())
    b.write_bytes(a.read_bytes())
    assert main(["analyze", str(a), str(b), "--db", str(db)]) == 0
    results = load_results(db)
    assert len(results["documents"]) == 1
    assert sorted(results["document_paths"]["path"]) == [str(a), str(b)]


def test_reader_sees_only_whole_documents_while_a_batch_writes(tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    for k in range(8):
        render.render_spec(make_spec(3, seed=100 + k), folder / f"spec{k}.pdf")
    db = tmp_path / "live.duckdb"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    batch = subprocess.Popen([sys.executable, "-m", "pipeline", "analyze", str(folder), "--db", str(db)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    snapshots = []
    while batch.poll() is None:
        if db.exists():
            try:
                snapshots.append(load_results(db, wait_s=5))
            except Exception as exc:  # the file may be mid-creation
                if "lock" not in str(exc).lower() and "no TenderLens" not in str(exc):
                    raise
        time.sleep(0.05)
    assert batch.returncode == 0, batch.stderr.read()
    final = load_results(db)
    assert len(final["documents"]) == 8
    assert snapshots, "the reader never got in while the batch ran"
    counts = final["clauses"].groupby("doc_key").size()
    for snap in snapshots:
        seen = snap["clauses"].groupby("doc_key").size()
        for key in snap["documents"]["doc_key"]:
            assert seen.get(key, 0) == counts[key], "a reader saw half a document"
    assert max(len(s["documents"]) for s in snapshots) >= 1
    assert isinstance(final["findings"], pd.DataFrame)


def test_parquet_export(tmp_path):
    import duckdb

    db = tmp_path / "results.duckdb"
    assert main(["analyze", str(SAMPLES / "municipality.pdf"), "--db", str(db)]) == 0
    assert main(["export", "--db", str(db), "--parquet", str(tmp_path / "pq")]) == 0
    stored = load_results(db)
    for table, frame in stored.items():
        n = duckdb.sql(f"SELECT count(*) FROM '{tmp_path / 'pq' / (table + '.parquet')}'").fetchall()[0][0]
        assert n == len(frame), table


def test_a_changed_file_replaces_its_earlier_result(tmp_path):
    """Regression: the store was keyed by content alone, so editing a tender (or replacing a
    broken download with the real file) and analysing it again left the old result beside the
    new one: two tenders with one label in the report, and a failure that no longer existed.
    The earlier result stays in the store (test_store_history.py), superseded: the current
    documents are one per file."""
    db = tmp_path / "c.duckdb"
    tender = tmp_path / "t.txt"
    tender.write_text("情報セキュリティに関する事項\n(1)　受注者は、事故が発生した場合は直ちに"
                      "発注者に報告すること。\n", encoding="utf-8")
    assert main(["analyze", str(tender), "--db", str(db)]) == 0
    tender.write_text(tender.read_text(encoding="utf-8").replace("直ちに", "1週間以内に"),
                      encoding="utf-8")
    assert main(["analyze", str(tender), "--db", str(db)]) == 0
    results = load_results(db)
    docs = current_documents(results["documents"])
    assert len(docs) == 1
    ob = results["obligations"]
    deadline = ob[ob["doc_key"].isin(docs["doc_key"])]["deadline_text"].tolist()
    assert deadline == ["1週間以内"]

    download = tmp_path / "spec.pdf"
    download.write_bytes(b"<html>session expired</html>")
    assert main(["analyze", str(download), "--db", str(db)]) == 1
    download.write_bytes((SAMPLES / "municipality.pdf").read_bytes())
    assert main(["analyze", str(download), "--db", str(db)]) == 0
    results = load_results(db)
    statuses = sorted(current_documents(results["documents"])["status"])
    assert statuses == ["ok", "ok"]
    assert set(results["document_paths"]["doc_key"]) == set(results["documents"]["doc_key"])


TENDERS = {
    "a.txt": "1.　情報セキュリティに関する事項\n  (1)　受注者は、本業務で知り得た情報を第三者に漏らしてはならない。\n",
    "b.txt": "1.　情報セキュリティに関する事項\n  (1)　受注者は、事故が発生した場合は直ちに発注者に報告すること。\n",
}


@pytest.fixture(scope="module")
def two_analyses(tmp_path_factory):
    from pipeline import analyze

    tmp = tmp_path_factory.mktemp("tenders")
    out = []
    for name, text in TENDERS.items():
        (tmp / name).write_text(text, encoding="utf-8")
        out.append(analyze(tmp / name))
    return out


@pytest.mark.parametrize(
    ("name", "other"), [("out[1]", "out1"), ("res*", "res-old"), ("r?n", "run"), ("a\\[b]", "a\\b")]
)
def test_load_parquet_reads_exactly_the_folder_named_with_glob_characters(
    tmp_path, two_analyses, name, other
):
    """Regression: `load_parquet` handed DuckDB the folder's name inside a pattern, so `[`, `*`
    and `?` in it were pattern characters: `out[1]` read the files of `out1`, `res*` those of
    every folder starting with `res`, and a folder with a backslash read nothing (IOException)."""
    from pipeline import load_parquet
    from pipeline.store import write_parts

    mine, theirs = two_analyses
    write_parts(mine, tmp_path / name, "run-mine")
    write_parts(theirs, tmp_path / other, "run-theirs")
    tables = load_parquet(tmp_path / name)
    assert list(tables["documents"]["doc_key"]) == [mine.document.sha256]
    assert set(tables["clauses"]["doc_key"]) == {mine.document.sha256}
    assert list(tables["document_paths"]["run_id"]) == ["run-mine"]
    assert list(tables["clauses"].columns) == list(load_parquet(tmp_path / other)["clauses"].columns)


def _rows(frame: pd.DataFrame) -> list[str]:
    return sorted(map(repr, frame.astype(str).itertuples(index=False)))


def test_load_parquet_read_an_export_as_empty_tables(tmp_path):
    """Regression: `tenderlens export --parquet pq` writes one file per table, but
    `pipeline.load_parquet('pq')` read only the `<table>/*.parquet` layout of `analyze
    --parquet-dir`, and returned every table with 0 rows and no error. It now reads both, and
    the export equals the store; pandas reads the export's files too (pyarrow is pinned)."""
    from pipeline import load_parquet

    db = tmp_path / "s.duckdb"
    pdfs = [str(SAMPLES / n) for n in ("municipality.pdf", "prefecture.pdf")]
    assert main(["analyze", *pdfs, "--db", str(db)]) == 0
    assert main(["export", "--db", str(db), "--parquet", str(tmp_path / "pq")]) == 0
    stored, exported = load_results(db), load_parquet(tmp_path / "pq")
    assert list(exported) == list(stored)
    for table, frame in stored.items():
        assert list(exported[table].columns) == list(frame.columns), table
        assert _rows(exported[table]) == _rows(frame), table
    assert len(exported["clauses"]) > 50 and len(exported["findings"]) > 0
    documents = pd.read_parquet(tmp_path / "pq" / "documents.parquet")
    assert sorted(documents["doc_key"]) == sorted(stored["documents"]["doc_key"])
    assert len(pd.read_parquet(tmp_path / "pq" / "clauses.parquet")) == len(stored["clauses"])


def test_load_parquet_of_a_folder_without_tenderlens_tables_is_one_coded_line(tmp_path,
                                                                             two_analyses):
    """Regression (with the one above): a folder holding neither layout gave empty tables and
    no error. It is now one StoreError line with its code, shown as that line in a notebook;
    so is a folder that holds both layouts (which copy is meant cannot be guessed) and a
    folder that is not there."""
    from pipeline import load_parquet
    from pipeline.store import StoreError, write_parts

    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.parquet").write_bytes(b"PAR1")
    with pytest.raises(StoreError) as caught:
        load_parquet(tmp_path / "empty")
    line = str(caught.value)
    assert line.startswith(f"{tmp_path / 'empty'}: store.not_parquet: no TenderLens Parquet tables")
    assert "\n" not in line and caught.value._render_traceback_() == [f"StoreError: {line}"]

    both = tmp_path / "both"
    write_parts(two_analyses[0], both, "run")
    (both / "runs.parquet").write_bytes((both / "documents").joinpath(
        next((both / "documents").iterdir()).name).read_bytes())
    with pytest.raises(StoreError, match=r"store\.not_parquet: holds both an export"):
        load_parquet(both)

    with pytest.raises(FileNotFoundError, match=r"store\.not_found"):
        load_parquet(tmp_path / "nowhere")

    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "documents.parquet").write_bytes(b"not parquet at all")
    with pytest.raises(StoreError, match=r"store\.unreadable: its documents table"):
        load_parquet(broken)
