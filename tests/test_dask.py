"""The same analysis on a real Dask LocalCluster with two workers equals the local executor's."""

from __future__ import annotations

import time

import pytest

from pipeline import load_results
from pipeline.cli import main
from tests.conftest import SAMPLES

distributed = pytest.importorskip("distributed")


def _snapshot(db):
    r = load_results(db)
    docs = r["documents"].sort_values("doc_key")[["doc_key", "status", "profiles"]].reset_index(drop=True)
    ob = r["obligations"].sort_values(["doc_key", "clause_id", "requirement_id"])
    return docs.to_json(), ob.reset_index(drop=True).to_json(), len(r["findings"])


def test_local_cluster_equals_local_executor(tmp_path):
    local, remote = tmp_path / "local.duckdb", tmp_path / "dask.duckdb"
    pdfs = [str(SAMPLES / n) for n in ("independent_agency.pdf", "municipality.pdf",
                                       "cloud_service.pdf")]
    assert main(["analyze", *pdfs, "--db", str(local)]) == 0
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        assert main(["analyze", *pdfs, "--db", str(remote), "--executor", "dask",
                     "--scheduler", cluster.scheduler_address]) == 0
    assert _snapshot(local) == _snapshot(remote)


def test_unreachable_scheduler_is_a_clear_error_within_seconds(tmp_path, capsys):
    started = time.monotonic()
    code = main(["analyze", str(SAMPLES / "municipality.pdf"), "--db", str(tmp_path / "x.duckdb"),
                 "--executor", "dask", "--scheduler", "tcp://127.0.0.1:9"])
    assert code == 2
    assert time.monotonic() - started < 30
    err = capsys.readouterr().err
    assert "did not answer" in err and "Traceback" not in err
