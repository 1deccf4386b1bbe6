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


def _tables(frames: dict, drop=("run_id", "analysed_at")) -> dict:
    out = {}
    for table in ("documents", "sections", "clauses", "requirement_matches", "obligations",
                  "coverage", "findings"):
        frame = frames[table].drop(columns=[c for c in drop if c in frames[table].columns])
        out[table] = sorted(map(str, frame.astype(str).itertuples(index=False)))
    return out


def test_workers_write_a_parquet_dataset_equal_to_the_local_store(tmp_path):
    """Workers write every table themselves; the dataset, read back with pandas through
    load_parquet, equals what the local executor put in its store."""
    from pipeline import load_parquet

    local, remote, parquet = tmp_path / "local.duckdb", tmp_path / "dask.duckdb", tmp_path / "pq"
    pdfs = [str(SAMPLES / n) for n in ("independent_agency.pdf", "municipality.pdf",
                                       "cloud_service.pdf", "prefecture.pdf")]
    assert main(["analyze", *pdfs, "--db", str(local)]) == 0
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        assert main(["analyze", *pdfs, "--db", str(remote), "--executor", "dask",
                     "--scheduler", cluster.scheduler_address, "--parquet-dir", str(parquet)]) == 0
    expected = _tables(load_results(local))
    written = _tables(load_parquet(parquet))
    assert written == expected
    assert len(written["clauses"]) > 100
    assert len(list((parquet / "clauses").glob("*.parquet"))) == 4
    # the store keeps the catalog: every document with its status, coverage and findings
    catalog = load_results(remote)
    assert sorted(catalog["documents"]["doc_key"]) == sorted(load_results(local)["documents"]["doc_key"])
    assert _tables(catalog)["findings"] == expected["findings"]
    assert catalog["clauses"].empty
    # a rerun skips what the store holds and leaves the dataset as it was
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        assert main(["analyze", *pdfs, "--db", str(remote), "--executor", "dask",
                     "--scheduler", cluster.scheduler_address, "--parquet-dir", str(parquet)]) == 0
    assert _tables(load_parquet(parquet)) == expected


def test_parquet_dir_without_dask_is_a_usage_error(tmp_path, capsys):
    code = main(["analyze", str(SAMPLES / "municipality.pdf"), "--db", str(tmp_path / "x.duckdb"),
                 "--parquet-dir", str(tmp_path / "pq")])
    assert code == 2
    assert "--parquet-dir is for --executor dask" in capsys.readouterr().err


def test_an_address_that_is_not_a_dask_scheduler_is_a_clear_error(tmp_path, capsys):
    """Regression: an address where something accepts the connection and never answers as a Dask
    scheduler would (a web server) held `analyze` for good: Client() ignored its own timeout."""
    import socket
    import threading

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    held: list[socket.socket] = []
    threading.Thread(target=lambda: held.append(server.accept()[0]), daemon=True).start()
    port = server.getsockname()[1]
    result: list[int] = []
    run = threading.Thread(target=lambda: result.append(main([
        "analyze", str(SAMPLES / "municipality.pdf"), "--db", str(tmp_path / "x.duckdb"),
        "--executor", "dask", "--scheduler", f"tcp://127.0.0.1:{port}"])), daemon=True)
    run.start()
    run.join(120)
    server.close()
    assert not run.is_alive(), "analyze still waits for the address"
    assert result == [2]
    err = capsys.readouterr().err
    assert "did not answer" in err and "Traceback" not in err


def test_relative_paths_reach_workers_started_elsewhere(tmp_path, monkeypatch):
    """Regression: input paths went to the workers as typed, so a relative path was looked up in
    each worker's own working directory (input.not_found on a worker started in another one)."""
    import shutil

    folder = tmp_path / "here"
    folder.mkdir()
    shutil.copy(SAMPLES / "municipality.pdf", folder / "m.pdf")
    db = tmp_path / "r.duckdb"
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        monkeypatch.chdir(folder)  # the workers stay where they started
        assert main(["analyze", "m.pdf", "--db", str(db), "--executor", "dask",
                     "--scheduler", cluster.scheduler_address]) == 0
    docs = load_results(db)["documents"]
    assert list(docs["status"]) == ["ok"]


def test_time_limit_holds_on_the_cluster(tmp_path, capsys):
    """Regression: the Dask executor ignored --time-limit: a long document ran to its end (or for
    good) however short the limit. Now it is recorded as batch.timeout, its worker restarted,
    and the next document is analysed."""
    clauses = [f"({k})　受注者は、第{k}号の資料を複製する場合は、あらかじめ発注者の書面による承認を得る"
               f"とともに、作業場所から持ち出してはならない。" for k in range(1, 1500)]
    big = tmp_path / "big.txt"
    big.write_text("情報セキュリティに関する事項\n" + "\n".join(clauses) + "\n", encoding="utf-8")
    db = tmp_path / "t.duckdb"
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        code = main(["analyze", str(big), str(SAMPLES / "municipality.pdf"), "--db", str(db),
                     "--executor", "dask", "--scheduler", cluster.scheduler_address,
                     "--time-limit", "3"])
    assert code == 1
    docs = load_results(db)["documents"].set_index("path")
    status = {p.rsplit("/", 1)[-1]: s for p, s in docs["status"].items()}
    assert status == {"big.txt": "failed", "municipality.pdf": "ok"}
    assert "batch.timeout" in capsys.readouterr().err
