"""The same per-document analysis on a Dask distributed cluster.

Workers load the models once, when they join (a worker plugin), and are handed paths: every worker
must see the documents under the same paths (a shared or synchronised file system). Results come
back to this process, which writes them to the store as they finish, like the local executor.

For corpora too large to send every clause back through one process, workers write each
document's rows themselves into a partitioned Parquet dataset (``parquet_dir``, on storage they
all reach) and send back only the document's summary: status, errors, coverage and findings.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from pipeline.analysis import analyze_path
from pipeline.model import DocumentStructure, TenderAnalysis

CONNECT_TIMEOUT_S = 10


class SchedulerUnreachable(RuntimeError):
    """The scheduler address did not answer in time."""


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


def _analyze(path: str, profiles: list[str] | None) -> TenderAnalysis:
    return analyze_path(path, profiles)


def _analyze_to_parquet(
    path: str, profiles: list[str] | None, directory: str, run_id: str | None
) -> TenderAnalysis:
    """Analyse on the worker, write every table's rows to the Parquet dataset, and return the
    document's summary without its clauses, matches and obligations."""
    from pipeline.store import write_parts

    analysis = analyze_path(path, profiles)
    write_parts(analysis, directory, run_id)
    return replace(
        analysis, structure=DocumentStructure((), ()), requirements={}, obligations={}
    )


def run_on_dask(
    scheduler: str | object,
    paths: list[Path],
    record: Callable[[Path, TenderAnalysis, float], None],
    profiles: list[str] | None = None,
    parquet_dir: Path | None = None,
    run_id: str | None = None,
) -> None:
    """Analyse ``paths`` on the cluster at ``scheduler`` (an address, or a Cluster object) and
    hand each result to ``record`` as it arrives (a summary, when workers write ``parquet_dir``)."""
    from distributed import Client, as_completed

    try:
        client = Client(scheduler, timeout=CONNECT_TIMEOUT_S)
    except (OSError, TimeoutError) as exc:
        raise SchedulerUnreachable(
            f"the Dask scheduler {scheduler} did not answer within {CONNECT_TIMEOUT_S} s ({exc})"
        ) from None
    try:
        client.register_plugin(_model_loader())
        started = time.monotonic()
        if parquet_dir is None:
            futures = {client.submit(_analyze, str(p), profiles, pure=False): p for p in paths}
        else:
            target = str(Path(parquet_dir).resolve())
            futures = {
                client.submit(_analyze_to_parquet, str(p), profiles, target, run_id, pure=False): p
                for p in paths
            }
        for future in as_completed(futures):
            path = futures[future]
            record(path, future.result(), time.monotonic() - started)
    finally:
        client.close()
