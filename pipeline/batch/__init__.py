"""Batch analysis: worker processes, a time limit and a memory cap per document, resumable runs.

Each worker is a separate process that loads the models once, when it takes its first document
and before that document's time limit starts. The parent hands out paths, receives finished
analyses, and writes each to the store (one transaction) and its JSON file as it arrives, so an
interrupted batch loses at most the documents in flight. A document that runs past the time limit
has its worker killed and replaced; it is recorded as failed with the reason, and the batch goes
on. With one job there is no worker: the time limit is an alarm in this process (see
`_analyze_with_alarm`). What a rerun skips is the caller's decision
(`skip`): the command line skips a document already analysed the same way (see `pipeline.cli`).
"""

from __future__ import annotations

import multiprocessing as mp
import multiprocessing.connection
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from pipeline.align import ModelError
from pipeline.analysis import PIPELINE_VERSION, analyze_path, failed, to_json, warm_up
from pipeline.files import file_sha256
from pipeline.model import DocumentError, DocumentStructure, TenderAnalysis
from pipeline.store import PreparedRows, prepare_rows

DEFAULT_TIME_LIMIT_S = 300.0
DEFAULT_MEMORY_LIMIT_MB = 3072


# a worker that ran out of memory outside a document's analysis (loading the models, or sending a
# result) ends with this code, and the parent records the document as over the memory limit
_EXIT_MEMORY = 75


def _worker(tasks, results, profiles, memory_mb: int, run_id: str | None = None) -> None:  # type: ignore[no-untyped-def]
    """Worker process loop: (index, path) in, (index, analysis) out; None ends it. With a
    ``run_id``, what goes out is `Finished`: the store's rows and the JSON, built here.

    Results go out on a `SimpleQueue`, written by this thread: under a memory cap, a standard
    queue's background thread could fail to send one (or fail to start) and the worker would
    carry on as if it were sent, leaving the parent waiting. Here a failure ends the worker at
    once, with `_EXIT_MEMORY` when out of memory, or 1 and one line; the parent records the
    document from the exit code."""
    try:
        _work(tasks, results, profiles, memory_mb, run_id)
    except MemoryError:
        os._exit(_EXIT_MEMORY)
    except Exception as exc:  # a bug: one line for the report, then the parent records it
        try:
            sys.stderr.write(f"tenderlens: worker: internal error: {exc!r}"[:500] + "\n")
            sys.stderr.flush()
        finally:
            os._exit(1)


def _work(tasks, results, profiles, memory_mb: int, run_id: str | None) -> None:  # type: ignore[no-untyped-def]
    import signal

    # Ctrl-C reaches the whole process group; the parent stops the batch and ends the workers,
    # which would otherwise each print a KeyboardInterrupt traceback
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if memory_mb:
        import resource

        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    loaded = False
    while True:
        task = tasks.get()
        if task is None:
            return
        index, path = task
        if not loaded:
            # loading is the process's, not the document's: its clock starts after it. The
            # document is named first, so that a worker dying while it loads is put down to it
            # (as it was before) rather than replaced for ever
            results.put(("loading", index, os.getpid()))
            _warm_up()
            loaded = True
        results.put(("start", index, os.getpid()))
        try:
            analysis = analyze_path(path, profiles)
        except MemoryError:
            analysis = failed(path, memory_error(path, memory_mb))
        results.put(("done", index, _finished(analysis, run_id) if run_id else analysis))


@dataclass(frozen=True)
class Finished:
    """What a worker sends for one document when the parent only stores and reports it: the
    analysis without its clauses, matches and obligations, the store's rows and the JSON."""

    analysis: TenderAnalysis
    rows: PreparedRows
    payload: dict


def _finished(analysis: TenderAnalysis, run_id: str) -> Finished:
    slim = replace(
        analysis,
        structure=DocumentStructure(analysis.structure.sections, ()),
        requirements={},
        obligations={},
    )
    return Finished(slim, prepare_rows(analysis, run_id), to_json(analysis))


@dataclass
class BatchSummary:
    by_status: dict[str, int] = field(default_factory=dict)
    failures: list[tuple[str, str]] = field(default_factory=list)  # (path, "code: message")
    slowest: list[tuple[float, str]] = field(default_factory=list)
    skipped: int = 0
    duplicates: int = 0
    pages: int = 0
    seconds: float = 0.0

    def table(self) -> str:
        lines = ["status                 documents"]
        lines += [f"{status:22} {n:9d}" for status, n in sorted(self.by_status.items())]
        if self.skipped:
            lines.append(f"{'skipped (stored)':22} {self.skipped:9d}")
        if self.duplicates:
            lines.append(f"{'duplicate files':22} {self.duplicates:9d}")
        total = sum(self.by_status.values())
        rate = total / self.seconds if self.seconds else 0.0
        lines.append(
            f"{total} analysed in {self.seconds:.1f} s ({rate:.1f} documents/s, "
            f"{self.pages / self.seconds if self.seconds else 0:.1f} pages/s)"
        )
        if self.failures:
            lines.append("failures:")
            lines += [f"  {path}: {reason}" for path, reason in self.failures[:20]]
            if len(self.failures) > 20:
                lines.append(f"  … and {len(self.failures) - 20} more")
        if self.slowest:
            lines.append("slowest:")
            lines += [f"  {s:6.2f} s  {p}" for s, p in sorted(self.slowest, reverse=True)[:5]]
        return "\n".join(lines)


class Progress:
    """A live line on a terminal; a plain line every few seconds otherwise."""

    def __init__(self, total: int, stream=sys.stderr, every_s: float = 10.0) -> None:  # type: ignore[no-untyped-def]
        self.total, self.stream, self.every_s = total, stream, every_s
        self.tty = hasattr(stream, "isatty") and stream.isatty()
        self.started = self.last = time.monotonic()
        self.done = self.pages = self.failures = 0

    def update(self, analysis: TenderAnalysis) -> None:
        self.done += 1
        self.pages += analysis.document.pages
        self.failures += analysis.status in ("failed", "needs_ocr")
        now = time.monotonic()
        if self.total < 2:
            return  # one document needs no progress display
        if not self.tty and now - self.last < self.every_s and self.done < self.total:
            return
        self.last = now
        elapsed = max(now - self.started, 1e-9)
        rate = self.done / elapsed
        eta = (self.total - self.done) / rate if rate else 0.0
        line = (
            f"tenderlens: {self.done}/{self.total} documents  {rate:.1f} docs/s  "
            f"{self.pages / elapsed:.1f} pages/s  ETA {eta:.0f} s  failures {self.failures}"
        )
        if self.tty:
            self.stream.write("\r" + line)
            if self.done == self.total:
                self.stream.write("\n")
        else:
            self.stream.write(line + "\n")
        self.stream.flush()


def run_batch(
    inputs: list[Path],
    on_result: Callable[[Path, TenderAnalysis], None],
    *,
    profiles: list[str] | None = None,
    jobs: int = 1,
    skip: Callable[[Path, str | None], bool] | None = None,
    on_duplicate: Callable[[Path, str], None] | None = None,
    time_limit_s: float = DEFAULT_TIME_LIMIT_S,
    memory_limit_mb: int = DEFAULT_MEMORY_LIMIT_MB,
    progress: Progress | None = None,
    scheduler: str | object | None = None,
    parquet_dir: Path | None = None,
    run_id: str | None = None,
    prepare: bool = False,
    in_process: bool | None = None,
) -> BatchSummary:
    """Analyse ``inputs`` and hand each result to ``on_result`` as it finishes. With a Dask
    ``scheduler`` and a ``parquet_dir``, workers write every table there themselves and
    ``on_result`` gets each document's summary (see `pipeline.batch.dask`). With ``prepare``
    (and a ``run_id``), worker processes build the store's rows and the JSON themselves and
    ``on_result(path, analysis, finished)`` gets the `Finished` too, with a slim analysis.
    ``skip(path, sha256)`` is asked about every input that is no duplicate of an earlier one, in
    input order (the SHA-256 is None when the file cannot be hashed); inputs it skips are counted
    and not analysed. A duplicate goes to ``on_duplicate(path, sha256)`` instead. ``in_process``:
    analyse in this process (with the time limit as an alarm, and no memory cap) rather than in
    worker processes; by default when ``jobs`` is 1."""
    summary = BatchSummary()
    started = time.monotonic()
    todo: list[Path] = []
    first_path: dict[str, Path] = {}
    for path in inputs:
        sha = file_sha256(path)
        if sha is not None and sha in first_path:
            summary.duplicates += 1
            if on_duplicate:
                on_duplicate(path, sha)
            continue
        if sha is not None:
            first_path[sha] = path
        if skip is not None and skip(path, sha):
            summary.skipped += 1
            continue
        todo.append(path)
    progress = progress or Progress(len(todo))
    progress.total = len(todo)

    def record(path: Path, result: TenderAnalysis | Finished, seconds: float) -> None:
        analysis = result.analysis if isinstance(result, Finished) else result
        summary.by_status[analysis.status] = summary.by_status.get(analysis.status, 0) + 1
        summary.pages += analysis.document.pages
        summary.slowest.append((seconds, str(path)))
        if analysis.status in ("failed", "needs_ocr"):
            for e in analysis.errors[:1]:
                summary.failures.append((str(path), f"{e.code}: {e.message}"))
        if isinstance(result, Finished):
            on_result(path, analysis, result)  # type: ignore[call-arg]
        else:
            on_result(path, analysis)
        progress.update(analysis)

    if scheduler is not None:
        from pipeline.batch.dask import run_on_dask

        run_on_dask(
            scheduler,
            todo,
            record,
            profiles,
            parquet_dir=parquet_dir,
            run_id=run_id,
            time_limit_s=time_limit_s,
        )
    elif jobs <= 1 if in_process is None else in_process:
        if time_limit_s and todo:
            _warm_up()  # before any document's alarm: see _analyze_with_alarm
        for path in todo:
            t0 = time.monotonic()
            record(path, _analyze_with_alarm(path, profiles, time_limit_s), time.monotonic() - t0)
    else:
        _pool(
            todo,
            record,
            profiles,
            jobs,
            time_limit_s,
            memory_limit_mb,
            run_id if prepare else None,
        )
    summary.seconds = time.monotonic() - started
    return summary


class _Timeout(BaseException):  # not an Exception: analyze_path must not swallow it
    pass


def timeout_error(path: Path | str, limit_s: float) -> DocumentError:
    # the limit as given: rounded to whole seconds, --time-limit 0.5 read "after 0 s"
    shown = f"{limit_s:.2f}".rstrip("0").rstrip(".")
    return DocumentError("batch.timeout", f"{path}: still running after {shown} s; stopped")


def _warm_up() -> None:
    """`warm_up`, where a failure is left to the documents: each meets the same problem in its
    own analysis and is recorded with its code, as without the warm-up."""
    try:
        warm_up()
    except ModelError:
        raise  # an installation problem: the caller stops with one line, as analyze_path does
    except Exception:
        pass


_IMPORT_RETRY_S = 0.01


def _importing(frame) -> bool:  # type: ignore[no-untyped-def]
    """Whether the interrupted code runs inside an import (the import system's own frames are on
    its stack: ``<frozen importlib._bootstrap>``, or the source file when not frozen)."""
    while frame is not None:
        name = frame.f_code.co_filename
        if "importlib._bootstrap" in name or "importlib/_bootstrap" in name:
            return True
        frame = frame.f_back
    return False


def _analyze_with_alarm(path: Path, profiles: list[str] | None, limit_s: float) -> TenderAnalysis:
    """In-process analysis under a SIGALRM time limit (one job: no worker process to kill).

    The alarm raises an exception wherever the analysis is, and an exception that leaves a module
    half executed breaks the process for every later document: the package is dropped from
    `sys.modules` while the submodules it had imported stay, so the next import of it runs its
    `__init__` against them and fails (asyncio's ``NameError: name 'base_events' is not defined``,
    recorded as internal). So the alarm never interrupts an import: it waits for the import to
    finish, then stops the document. The batch loads the models before the first alarm
    (`warm_up`); what is left to import on a later document (OCR, a text encoding) is small."""
    import signal

    if not limit_s or not hasattr(signal, "SIGALRM"):
        return analyze_path(path, profiles)

    expired = False
    armed = True

    def expire(signum, frame):  # type: ignore[no-untyped-def]
        nonlocal expired
        if not armed:
            return  # delivered as the analysis ended: it finished within the limit
        if _importing(frame):
            signal.setitimer(signal.ITIMER_REAL, _IMPORT_RETRY_S)
            return
        expired = True
        raise _Timeout

    timeout = failed(str(path), timeout_error(path, limit_s))
    analysis = timeout
    previous = signal.signal(signal.SIGALRM, expire)
    try:
        try:
            signal.setitimer(signal.ITIMER_REAL, limit_s)
            analysis = analyze_path(path, profiles)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            armed = False
    except _Timeout:  # also when it comes just as the analysis ends, in the finally above
        pass
    finally:
        armed = False
        signal.signal(signal.SIGALRM, previous)
    # raised inside a ctypes call (PDFium), the timeout comes back wrapped in another error that
    # the analysis records as internal: it is still the time limit
    return timeout if expired else analysis


def _pool(todo, record, profiles, jobs, time_limit_s, memory_mb, run_id=None) -> None:  # type: ignore[no-untyped-def]
    ctx = mp.get_context("spawn")  # the parent holds DuckDB threads: never fork it
    tasks, results = ctx.Queue(), ctx.SimpleQueue()
    workers: dict[int, mp.Process] = {}

    def start_worker() -> None:
        p = ctx.Process(
            target=_worker, args=(tasks, results, profiles, memory_mb, run_id), daemon=True
        )
        p.start()
        workers[p.pid] = p

    for index, path in enumerate(todo):
        tasks.put((index, str(path)))
    for _ in range(min(jobs, len(todo))):
        start_worker()
    # pid -> (task index, start time; None while the worker loads the models for it)
    running: dict[int, tuple[int, float | None]] = {}
    remaining = set(range(len(todo)))
    try:
        while remaining:
            # wake up when the first document reaches its limit, not up to half a second later
            deadlines = [b + time_limit_s for _, b in running.values() if b is not None]
            wait_s = min([0.5] + [d - time.monotonic() for d in deadlines]) if time_limit_s else 0.5
            # (a SimpleQueue's get has no timeout: wait on its reading end; see _worker)
            ready = mp.connection.wait([results._reader], timeout=max(wait_s, 0.01))
            message = results.get() if ready else None
            if message is not None:
                kind, index, payload = message
                if kind in ("loading", "start"):
                    running[payload] = (index, time.monotonic() if kind == "start" else None)
                    continue
                pid = next((p for p, (i, _) in running.items() if i == index), None)
                began = running.pop(pid)[1] if pid is not None else None
                if index in remaining:
                    remaining.discard(index)
                    seconds = time.monotonic() - began if began is not None else 0.0
                    record(todo[index], payload, seconds)
            now = time.monotonic()
            for pid, (index, began) in list(running.items()):
                proc = workers.get(pid)
                over = bool(time_limit_s) and began is not None and now - began > time_limit_s
                died = proc is not None and not proc.is_alive()
                if over or died:
                    if proc is not None and proc.is_alive():
                        proc.kill()
                        proc.join(5)
                    workers.pop(pid, None)
                    running.pop(pid)
                    if index in remaining:
                        remaining.discard(index)
                        path = str(todo[index])
                        error = (
                            timeout_error(path, time_limit_s)
                            if over
                            else _death_error(path, proc.exitcode if proc else None, memory_mb)
                        )
                        seconds = now - began if began is not None else 0.0
                        record(todo[index], failed(path, error), seconds)
            # keep the pool full: replace workers that were killed or died between documents
            for pid in [p for p, proc in workers.items() if not proc.is_alive()]:
                workers.pop(pid)
            while remaining and len(workers) < min(jobs, len(remaining)):
                start_worker()
    finally:
        for _ in workers:
            tasks.put(None)
        for p in workers.values():
            p.join(2)
            if p.is_alive():
                p.kill()


def _death_error(path: str, exitcode: int | None, memory_mb: int) -> DocumentError:
    if exitcode == _EXIT_MEMORY and memory_mb:
        return memory_error(path, memory_mb)
    cap = f", under the memory limit of {memory_mb} MB" if memory_mb else ""
    code = "?" if exitcode is None else exitcode
    return DocumentError(
        "batch.worker_died", f"{path}: the worker process died (exit code {code}{cap})"
    )


def memory_error(path: Path | str, memory_mb: int) -> DocumentError:
    return DocumentError(
        "batch.memory",
        f"{path}: over the memory limit of {memory_mb} MB; the document was not analysed",
    )


__all__ = ["PIPELINE_VERSION", "BatchSummary", "Progress", "run_batch"]
