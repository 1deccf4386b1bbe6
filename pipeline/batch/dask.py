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
    from pipeline.align import default_model
    from pipeline.nlp.ginza import nlp

    default_model()
    nlp()
    return "loaded"


def _model_loader():  # type: ignore[no-untyped-def]
    """A Dask worker plugin that loads the alignment model and GiNZA once per worker process
    (built here so that importing this module does not import distributed)."""
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


def _analyze(path: str, given: str, profiles: list[str] | None) -> tuple[TenderAnalysis, float]:
    began = time.monotonic()
    return _as_given(analyze_path(path, profiles), given), time.monotonic() - began


def _analyze_to_parquet(
    path: str, given: str, profiles: list[str] | None, directory: str, run_id: str | None
) -> tuple[TenderAnalysis, float]:
    """Analyse on the worker, write every table's rows to the Parquet dataset, and return the
    document's summary without its clauses, matches and obligations."""
    from pipeline.store import write_parts

    began = time.monotonic()
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
) -> None:
    """Analyse ``paths`` on the cluster at ``scheduler`` (an address, or a Cluster object) and
    hand each result to ``record`` as it arrives (a summary, when workers write ``parquet_dir``),
    with the seconds its worker spent on it. A document whose task fails on the cluster (its
    worker died) is recorded as failed, and the batch goes on."""
    from distributed import as_completed

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
                client.submit(_analyze_to_parquet, os.path.abspath(p), str(p), profiles, target,
                              run_id, pure=False): p
                for p in paths
            }
        for future in as_completed(futures):
            path = futures[future]
            try:
                analysis, seconds = future.result()
            except Exception as exc:  # the task, not the document, failed: e.g. KilledWorker
                message = f"{path}: the Dask task failed ({type(exc).__name__}: {exc})"
                analysis, seconds = failed(
                    str(path), DocumentError("batch.worker_died", message.splitlines()[0][:500])
                ), 0.0
            record(path, analysis, seconds)
    finally:
        client.close()
