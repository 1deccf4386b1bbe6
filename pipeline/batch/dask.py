"""The same per-document analysis on a Dask distributed cluster.

Workers load the models once, when they join (a worker plugin), and are handed paths: every worker
must see the documents under the same paths (a shared or synchronised file system). Results come
back to this process, which writes them to the store as they finish, like the local executor.

For corpora too large to send every clause back through one process, workers write each
document's rows themselves into a partitioned Parquet dataset (``parquet_dir``, on storage they
all reach) and send back only the document's summary: status, errors, coverage and findings.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from pipeline.analysis import analyze_path, failed
from pipeline.model import DocumentError, DocumentStructure, TenderAnalysis

CONNECT_TIMEOUT_S = 10


class SchedulerUnreachable(RuntimeError):
    """The scheduler address did not answer in time, or the cluster could not start the work."""


def _client(scheduler: str | object):  # type: ignore[no-untyped-def]
    """A client of the scheduler, or `SchedulerUnreachable`. Connecting runs in a thread of its
    own: an address where something else accepts the connection and never answers as Dask does
    (a web server) holds `Client()` past its own timeout, for good."""
    from distributed import Client

    outcome: dict[str, object] = {}

    def connect() -> None:
        try:
            outcome["client"] = Client(scheduler, timeout=CONNECT_TIMEOUT_S)
        except BaseException as exc:  # handed to the caller's thread
            outcome["error"] = exc

    thread = threading.Thread(target=connect, daemon=True)
    thread.start()
    thread.join(CONNECT_TIMEOUT_S + 5)
    if "client" in outcome:
        return outcome["client"]
    reason = outcome.get("error")
    detail = f"{type(reason).__name__}: {reason}".splitlines()[0][:200] if reason else "no answer"
    raise SchedulerUnreachable(
        f"the Dask scheduler {scheduler} did not answer as a Dask scheduler within "
        f"{CONNECT_TIMEOUT_S} s ({detail})"
    )


def _load_models() -> str:
    from pipeline.analysis import warm_up

    warm_up()
    return "loaded"


def _model_loader():  # type: ignore[no-untyped-def]
    """A Dask worker plugin that loads the models and all else a first document loads once per
    worker process (`warm_up`), before any task's clock starts, as the local executor's workers
    do (built here so that importing this module does not import distributed)."""
    from distributed import WorkerPlugin

    class ModelLoader(WorkerPlugin):
        name = "tenderlens-models"

        def setup(self, worker) -> None:  # type: ignore[no-untyped-def]
            _load_models()

    return ModelLoader()


def _as_given(analysis: TenderAnalysis, path: str) -> TenderAnalysis:
    # workers get absolute paths (they need not share this process's working directory); the
    # result names the document as the user did, as the local executor's does
    return replace(analysis, document=replace(analysis.document, path=path))


class _Running:
    """Marks a document as running on this worker while its task runs, so the submitting process
    can see how long it has been at it (`_running_seconds`) and stop it at the time limit."""

    def __init__(self, path: str) -> None:
        self.path = path

    def __enter__(self) -> None:
        from distributed import get_worker

        self.table = get_worker().__dict__.setdefault("tenderlens_running", {})
        self.table[self.path] = time.monotonic()

    def __exit__(self, *exc: object) -> None:
        self.table.pop(self.path, None)


def _running_seconds(dask_worker) -> dict[str, float]:  # type: ignore[no-untyped-def]
    now = time.monotonic()
    return {p: now - t for p, t in dask_worker.__dict__.get("tenderlens_running", {}).items()}


def _analyze(path: str, given: str, profiles: list[str] | None) -> tuple[TenderAnalysis, float]:
    began = time.monotonic()
    with _Running(path):
        analysis = analyze_path(path, profiles)
    return _as_given(analysis, given), time.monotonic() - began


def _analyze_to_parquet(
    path: str, given: str, profiles: list[str] | None, directory: str, run_id: str | None
) -> tuple[TenderAnalysis, float]:
    """Analyse on the worker, write every table's rows to the Parquet dataset, and return the
    document's summary without its clauses, matches and obligations."""
    from pipeline.store import write_parts

    began = time.monotonic()
    with _Running(path):
        analysis = analyze_path(path, profiles)
    # the dataset's rows name the file by the absolute path this worker read it under (a
    # relative one would be resolved against the worker's directory, not the user's)
    write_parts(analysis, directory, run_id)
    summary = replace(
        analysis, structure=DocumentStructure((), ()), requirements={}, obligations={}
    )
    return _as_given(summary, given), time.monotonic() - began


def run_on_dask(
    scheduler: str | object,
    paths: list[Path],
    record: Callable[[Path, TenderAnalysis, float], None],
    profiles: list[str] | None = None,
    parquet_dir: Path | None = None,
    run_id: str | None = None,
    time_limit_s: float = 0.0,
) -> None:
    """Analyse ``paths`` on the cluster at ``scheduler`` (an address, or a Cluster object) and
    hand each result to ``record`` as it arrives (a summary, when workers write ``parquet_dir``),
    with the seconds its worker spent on it. A document whose task fails on the cluster (its
    worker died) is recorded as failed, and the batch goes on. A document still running after
    ``time_limit_s`` (0: no limit) is recorded as `batch.timeout` and its worker is restarted
    (by its nanny), as the local executor kills its worker process."""
    from distributed import wait

    from pipeline.batch import timeout_error

    client = _client(scheduler)
    try:
        try:
            client.register_plugin(_model_loader())
        except Exception as exc:
            raise SchedulerUnreachable(
                f"the Dask workers at {scheduler} could not load the models "
                f"({type(exc).__name__}: {str(exc).splitlines()[0][:200] if str(exc) else ''}); "
                "check the workers' memory limit (GiNZA and the model need about 1 GB each)"
            ) from None
        if parquet_dir is None:
            futures = {
                client.submit(_analyze, os.path.abspath(p), str(p), profiles, pure=False): p
                for p in paths
            }
        else:
            target = str(Path(parquet_dir).resolve())
            futures = {
                client.submit(
                    _analyze_to_parquet,
                    os.path.abspath(p),
                    str(p),
                    profiles,
                    target,
                    run_id,
                    pure=False,
                ): p
                for p in paths
            }
        by_worker_path = {os.path.abspath(p): f for f, p in futures.items()}
        pending = set(futures)
        while pending:
            try:
                done, _ = wait(pending, timeout=0.5, return_when="FIRST_COMPLETED")
            except TimeoutError:  # none finished in this half second
                done = set()
            for future in done:
                pending.discard(future)
                path = futures[future]
                try:
                    analysis, seconds = future.result()
                except Exception as exc:  # the task, not the document, failed: KilledWorker
                    message = f"{path}: the Dask task failed ({type(exc).__name__}: {exc})"
                    analysis, seconds = (
                        failed(
                            str(path),
                            DocumentError("batch.worker_died", message.splitlines()[0][:500]),
                        ),
                        0.0,
                    )
                record(path, analysis, seconds)
            if time_limit_s and pending:
                for future, seconds in _over_time(client, by_worker_path, pending, time_limit_s):
                    pending.discard(future)
                    path = futures[future]
                    record(path, failed(str(path), timeout_error(path, time_limit_s)), seconds)
    finally:
        client.close()


def _over_time(client, by_worker_path, pending, limit_s):  # type: ignore[no-untyped-def]
    """The pending documents running past the limit, with their seconds; their tasks are
    cancelled and their workers restarted (a thread cannot be stopped, a process can)."""
    try:
        running = client.run(_running_seconds)
    except Exception:  # a worker that left between two looks: the next look sees the rest
        return []
    over, workers = [], []
    for address, seconds_by_path in running.items():
        for worker_path, seconds in seconds_by_path.items():
            future = by_worker_path.get(worker_path)
            if future in pending and seconds > limit_s:
                over.append((future, seconds))
                workers.append(address)
    if over:
        client.cancel([f for f, _ in over])
        try:
            client.restart_workers(sorted(set(workers)), raise_for_error=False)
        except Exception:  # no nanny to restart it: the document is still recorded as stopped
            pass
    return over
