"""Batches: worker processes give the same results, a slow document is stopped and recorded,
reruns skip what is stored (unless forced), duplicates are analysed once."""

from __future__ import annotations

import json

from pipeline import load_results
from pipeline.cli import main
from tests.conftest import SAMPLES


def _statuses(json_dir):
    return {p.name: json.loads(p.read_text())["status"] for p in json_dir.glob("*.json")}


def _frames(db):
    r = load_results(db)
    ob = r["obligations"].drop(columns=[]).sort_values(["doc_key", "clause_id", "requirement_id"])
    return ob.reset_index(drop=True).to_json(), len(r["findings"]), len(r["coverage"])


def test_two_workers_give_the_same_results_as_one(tmp_path):
    one, two = tmp_path / "one.duckdb", tmp_path / "two.duckdb"
    assert main(["analyze", str(SAMPLES), "--db", str(one), "--json-dir", str(tmp_path / "j1")]) == 0
    assert main(["analyze", str(SAMPLES), "--db", str(two), "--json-dir", str(tmp_path / "j2"),
                 "--jobs", "2"]) == 0
    assert _statuses(tmp_path / "j1") == _statuses(tmp_path / "j2")
    assert _frames(one) == _frames(two)
    # workers build the store's rows and the JSON themselves: every table and file is the same
    from tests.test_crash_safety import _content

    assert _content(one) == _content(two)
    for path in (tmp_path / "j1").glob("*.json"):
        assert path.read_bytes() == (tmp_path / "j2" / path.name).read_bytes(), path.name


def test_time_limit_stops_a_document_and_the_batch_goes_on(tmp_path, capsys):
    db = tmp_path / "t.duckdb"
    docs = [str(SAMPLES / "national_ministry.pdf"), str(SAMPLES / "cloud_service.pdf")]
    code = main(["analyze", *docs, "--db", str(db), "--time-limit", "0.01"])
    assert code == 1
    errors = load_results(db)["documents"]["errors"].tolist()
    assert all("batch.timeout" in e for e in errors)
    assert "batch.timeout" in capsys.readouterr().err


def test_time_limit_with_worker_processes(tmp_path):
    db = tmp_path / "t.duckdb"
    code = main(["analyze", str(SAMPLES / "national_ministry.pdf"), str(SAMPLES / "prefecture.pdf"),
                 "--db", str(db), "--jobs", "2", "--time-limit", "0.5"])
    assert code == 1  # model loading alone takes longer than half a second in a fresh worker
    docs = load_results(db)["documents"]
    assert set(docs["status"]) == {"failed"}
    assert all("batch.timeout" in e for e in docs["errors"])


def test_rerun_skips_stored_documents_and_force_redoes_them(tmp_path, capsys):
    db = tmp_path / "r.duckdb"
    pdfs = [str(SAMPLES / "municipality.pdf"), str(SAMPLES / "prefecture.pdf")]
    assert main(["analyze", *pdfs, "--db", str(db)]) == 0
    first = load_results(db)["documents"]["analysed_at"].tolist()
    capsys.readouterr()
    assert main(["analyze", *pdfs, "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "skipped (stored)" in out and "ok " not in out
    assert load_results(db)["documents"]["analysed_at"].tolist() == first
    assert main(["analyze", *pdfs, "--db", str(db), "--force"]) == 0
    assert load_results(db)["documents"]["analysed_at"].tolist() != first


def test_the_batch_writer_does_not_import_scikit_learn():
    """The parent of a batch only stores results; importing scikit-learn there cost about 2.7 s
    of CPU while both workers started (the 1 -> 2 worker speed-up fell from ~1.8 to ~1.6)."""
    import subprocess
    import sys

    code = (
        "import sys, pipeline.cli, pipeline.batch, pipeline.store, pipeline.analysis as a; "
        "a.provenance(); print(sorted(m for m in ('sklearn', 'scipy', 'spacy') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_time_limit_holds_when_a_library_wraps_the_timeout(monkeypatch, tmp_path):
    """CI run of 2026-11-26: the alarm fired inside a PDFium call, ctypes wrapped the timeout in an
    ArgumentError, and the document was recorded as an internal error instead of batch.timeout."""
    import time as clock

    import pipeline.batch as batch
    from pipeline.model import DocumentError

    def swallowing(path, profiles=None):  # type: ignore[no-untyped-def]
        try:
            clock.sleep(5)
        except BaseException as exc:  # what a C binding does with an exception it cannot pass on
            return batch.failed(str(path), DocumentError("internal", f"ArgumentError: {exc!r}"))
        raise AssertionError("the alarm did not fire")

    monkeypatch.setattr(batch, "analyze_path", swallowing)
    analysis = batch._analyze_with_alarm(tmp_path / "x.pdf", None, 0.05)
    assert [e.code for e in analysis.errors] == ["batch.timeout"]


def test_a_fifo_named_pdf_does_not_hang_the_batch(tmp_path):
    """Regression: every input was hashed before any analysis, and opening a FIFO blocks until a
    writer comes, so one `mkfifo x.pdf` in a folder hung the whole batch past any time limit."""
    import os
    import shutil
    import subprocess
    import sys

    folder = tmp_path / "in"
    folder.mkdir()
    os.mkfifo(folder / "pipe.pdf")
    shutil.copy(SAMPLES / "municipality.pdf", folder / "municipality.pdf")
    db = tmp_path / "f.duckdb"
    try:
        run = subprocess.run([sys.executable, "-m", "pipeline", "analyze", str(folder), "--db",
                              str(db)], capture_output=True, text=True, timeout=180)
    except subprocess.TimeoutExpired:
        raise AssertionError("analyze blocked on the FIFO") from None
    assert run.returncode == 1
    assert "input.unreadable" in run.stderr and "Traceback" not in run.stderr
    docs = load_results(db)["documents"]
    assert sorted(docs["status"]) == ["failed", "ok"]
