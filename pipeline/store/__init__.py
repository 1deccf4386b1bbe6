"""The embedded store: one DuckDB file, one transaction per document.

DuckDB lets no other process open a file while one holds it open for writing, not even read-only.
So the writer holds the file only while it writes: a batch's `BackgroundWriter` commits the
documents finished so far together, a few at a time and at most `BEHIND_S` seconds after the first
of them finished, and lets go of the file after each commit; readers retry for a short while when
they meet the lock. An analyst's notebook reads everything finished so far while a batch runs, and
never half a document; a folder of thousands of small failures pays for one open and checkpoint
per few documents, not one each.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import stat
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from itertools import islice
from pathlib import Path

import numpy as np
import pandas as pd

from pipeline.compare.ladders import counted_back
from pipeline.files import file_sha256
from pipeline.model import Finding, TenderAnalysis

# Columns are only ever added at the end of a table (and tables at the end of SCHEMA): a store
# written by an earlier version is upgraded in place on its next write (`_upgrade`), and read as
# it is, with the columns it lacks as NULL (`load_results`). docs/store.md describes every column.
SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (run_id VARCHAR PRIMARY KEY, started_at TIMESTAMP,
    pipeline_version VARCHAR, taxonomy_version VARCHAR, model_version VARCHAR, command VARCHAR);
CREATE TABLE IF NOT EXISTS documents (doc_key VARCHAR PRIMARY KEY, sha256 VARCHAR, path VARCHAR,
    pages INTEGER, title VARCHAR, status VARCHAR, profiles VARCHAR[], profile_reasons JSON,
    errors JSON, pipeline_version VARCHAR, run_id VARCHAR, analysed_at TIMESTAMP,
    superseded_by VARCHAR, superseded_at TIMESTAMP);
CREATE TABLE IF NOT EXISTS document_paths (doc_key VARCHAR, path VARCHAR, run_id VARCHAR,
    absolute_path VARCHAR, seen_at TIMESTAMP, replaced_by VARCHAR, replaced_at TIMESTAMP,
    abandoned_at TIMESTAMP);
CREATE TABLE IF NOT EXISTS sections (doc_key VARCHAR, section_id VARCHAR, label VARCHAR,
    heading VARCHAR, level INTEGER, page INTEGER, end_page INTEGER, parent_id VARCHAR,
    is_security BOOLEAN, security_reason VARCHAR);
CREATE TABLE IF NOT EXISTS clauses (doc_key VARCHAR, clause_id VARCHAR, section_id VARCHAR,
    label VARCHAR, page INTEGER, x0 DOUBLE, top DOUBLE, x1 DOUBLE, bottom DOUBLE, text VARCHAR,
    normalized VARCHAR, is_security BOOLEAN, clause_order INTEGER, end_page INTEGER);
CREATE TABLE IF NOT EXISTS requirement_matches (doc_key VARCHAR, clause_id VARCHAR,
    requirement_id VARCHAR, score DOUBLE, triggers VARCHAR[], features VARCHAR[],
    similar_clauses VARCHAR[]);
CREATE TABLE IF NOT EXISTS obligations (doc_key VARCHAR, clause_id VARCHAR, requirement_id VARCHAR,
    actor VARCHAR, modality VARCHAR, conditional BOOLEAN, deadline_text VARCHAR,
    deadline_days DOUBLE, deadline_qualifier VARCHAR, deadline_anchor VARCHAR, form VARCHAR,
    approval VARCHAR, scope VARCHAR, exceptions VARCHAR[], survival BOOLEAN, flowdown BOOLEAN,
    reference_title VARCHAR, reference_edition VARCHAR, deadline_before_event BOOLEAN);
CREATE TABLE IF NOT EXISTS coverage (doc_key VARCHAR, requirement_id VARCHAR, status VARCHAR);
CREATE TABLE IF NOT EXISTS findings (doc_key VARCHAR, kind VARCHAR, requirement_id VARCHAR,
    severity VARCHAR, message VARCHAR, message_ja VARCHAR, clause_ids VARCHAR[], pages INTEGER[],
    clause_pages INTEGER[], searched_section_ids VARCHAR[], closest_clause_id VARCHAR,
    closest_score DOUBLE, closest_outside_clause_id VARCHAR, closest_outside_score DOUBLE,
    threshold DOUBLE);
CREATE TABLE IF NOT EXISTS clause_spans (doc_key VARCHAR, clause_id VARCHAR, span_order INTEGER,
    page INTEGER, x0 DOUBLE, top DOUBLE, x1 DOUBLE, bottom DOUBLE, text_start INTEGER,
    text_end INTEGER);
"""
TABLES = (
    "runs",
    "documents",
    "document_paths",
    "sections",
    "clauses",
    "clause_spans",
    "requirement_matches",
    "obligations",
    "coverage",
    "findings",
)
PER_DOCUMENT = TABLES[3:]
# tables added since the first stores: a store without them is an earlier version's, not a
# DuckDB file of something else
LATER_TABLES = frozenset({"clause_spans"})
BATCH_DOCUMENTS = 16  # documents per transaction of a batch, at most
BEHIND_S = 1.0  # longest time a finished document waits before it is in the store


class StoreError(Exception):
    """A path that cannot be used as a store: a directory, a file that is not DuckDB, a DuckDB
    file without TenderLens's tables, a damaged store, a folder that cannot be made, a store
    locked too long."""

    def _render_traceback_(self) -> list[str]:
        # IPython shows this instead of a traceback: a notebook's loader says what is wrong with
        # the store in one line
        return [f"{type(self).__name__}: {self}"]


class StoreNotFound(StoreError, FileNotFoundError):
    """No store (or folder of Parquet tables) at the path given."""


DAMAGED = "store.damaged"


def _detail(exc: Exception) -> str:
    return str(exc).removeprefix("IO Error: ").splitlines()[0]


def _cut_short(exc: Exception) -> bool:
    return "could not read enough bytes" in str(exc).lower()  # a read past the file's end


def _is_damage(exc: Exception) -> bool:
    """Whether DuckDB failed on the file's own bytes: a block whose checksum does not match, a
    file cut short, or contents its reader could not make sense of."""
    import duckdb

    if isinstance(exc, duckdb.IOException):
        return _cut_short(exc)
    # a checksum mismatch is DuckDB's plain Error ("Corrupt database file: ...")
    return type(exc) is duckdb.Error or isinstance(
        exc, (duckdb.InternalException, duckdb.FatalException, duckdb.SerializationException)
    )


def _damaged(path: Path, exc: Exception) -> StoreError:
    return StoreError(
        f"{path}: {DAMAGED}: the file is {'cut short' if _cut_short(exc) else 'damaged'} "
        f"({_detail(exc)}); restore it from a backup, or analyse the documents again into a "
        "new store"
    )


@contextmanager
def _reading(path: Path) -> Iterator[None]:
    """DuckDB's errors about a damaged file, as the StoreError that says so in one line."""
    import duckdb

    try:
        yield
    except duckdb.Error as exc:
        if _is_damage(exc):
            raise _damaged(path, exc) from None
        if isinstance(exc, duckdb.IOException):  # a full disk, a file made read-only, ...
            raise StoreError(
                f"{path}: store.unreadable: cannot be read or written ({_detail(exc)})"
            ) from None
        raise


def _connect(path: Path, read_only: bool = False, wait_s: float = 10.0):  # type: ignore[no-untyped-def]
    import duckdb

    if path.is_dir():
        raise StoreError(
            f"{path}: store.directory: a directory; name a file, e.g. {path / 'tenderlens.duckdb'}"
        )
    deadline = time.monotonic() + wait_s
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.Error as exc:
            message = _detail(exc)
            if _is_damage(exc):  # its catalog, or the file's end, is what opening reads
                raise _damaged(path, exc) from None
            if not isinstance(exc, duckdb.IOException):
                raise
            if "lock" in message.lower():
                if time.monotonic() <= deadline:
                    time.sleep(0.05)
                    continue
                raise StoreError(
                    f"{path}: store.locked: in use by another process ({message})"
                ) from None
            if "not a valid DuckDB database" in message:
                raise StoreError(
                    f"{path}: store.not_duckdb: not a DuckDB file, so not a TenderLens store"
                ) from None
            raise StoreError(
                f"{path}: store.unopenable: cannot be opened as a store ({message})"
            ) from None


def check_store(path: str | Path, wait_s: float = 10.0) -> None:
    """Read every stored value of the store's tables once, so that a damaged file is a
    StoreError before anything is written into it, rather than a batch that writes into it and
    reports documents stored that no reader can get back. Opens the file read-only: the check
    itself changes nothing."""
    p = Path(path)
    con = _connect(p, read_only=True, wait_s=wait_s)
    try:
        with _reading(p):
            _read_everything(con)
    finally:
        con.close()


KEYS = {"runs": "run_id", "documents": "doc_key"}  # the tables' primary keys


def _read_everything(con) -> None:  # type: ignore[no-untyped-def]
    present = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    for table in TABLES:
        if table not in present:
            continue
        # a hash of every column makes DuckDB read (and checksum) every block of the table's
        # rows; count(*) alone would read none of them
        con.execute(f"SELECT max(hash(COLUMNS(*))) FROM {table}").fetchall()
        if table in KEYS:
            # the primary key's index is kept in blocks of its own, which the first insert (a
            # run's row, a document's) would otherwise be the first to read: a filter on the
            # key makes DuckDB read it, and these two cover every key
            key = KEYS[table]
            least = con.execute(f"SELECT min({key}) FROM {table}").fetchone()[0]
            if least is not None:
                for op in ("<=", ">"):
                    con.execute(
                        f"SELECT max(hash({key})) FROM {table} WHERE {key} {op} ?", [least]
                    ).fetchall()


def _check_tables(con, path: Path) -> None:  # type: ignore[no-untyped-def]
    """A DuckDB file opened for reading is a TenderLens store: it has the store's tables."""
    present = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    missing = [t for t in TABLES if t not in present and t not in LATER_TABLES]
    if missing:
        raise StoreError(
            f"{path}: store.not_tenderlens: a DuckDB file but not a TenderLens store "
            f"(no table {missing[0]}); "
            f"`tenderlens analyze ... --db FILE` makes one"
        )


@lru_cache(maxsize=1)
def _schema() -> dict[str, tuple[tuple[str, str], ...]]:
    """Each table's (column, type) pairs, in order, as SCHEMA makes them."""
    import duckdb

    con = duckdb.connect(":memory:")
    try:
        con.execute(SCHEMA)
        return {
            t: tuple((r[0], r[1]) for r in con.execute(f"DESCRIBE {t}").fetchall()) for t in TABLES
        }
    finally:
        con.close()


def _present_columns(con) -> dict[str, set[str]]:  # type: ignore[no-untyped-def]
    """The columns of each table the store has."""
    out: dict[str, set[str]] = {}
    for table, column in con.execute(
        "SELECT table_name, column_name FROM duckdb_columns() "
        "WHERE database_name = current_database() AND schema_name = 'main'"
    ).fetchall():
        out.setdefault(table, set()).add(column)
    return out


def _table_query(table: str, present: dict[str, set[str]], source: str | None = None) -> str:
    """SELECT of a table with SCHEMA's columns, in SCHEMA's order: those a store written by an
    earlier version lacks (a table it lacks) come out as NULL (no rows), so that every reader
    sees one shape whichever version wrote the store. ``source`` names where the rows are read
    from, when not the store's table of that name (Parquet files an earlier version wrote)."""
    columns = _schema()[table]
    have = present.get(table)
    if have is None:
        typed = ", ".join(f'CAST(NULL AS {kind}) AS "{name}"' for name, kind in columns)
        return f"SELECT {typed} WHERE false"
    known = {name for name, _ in columns}
    shown = [f'"{n}"' if n in have else f'CAST(NULL AS {k}) AS "{n}"' for n, k in columns]
    shown += [f'"{n}"' for n in sorted(have - known)]  # a later version's columns, kept
    return f"SELECT {', '.join(shown)} FROM {source or table}"


def _upgrade(con) -> None:  # type: ignore[no-untyped-def]
    """Give a store written by an earlier version SCHEMA's tables and columns, in place (one
    transaction), and fill in the history of its paths (`_settle_old_paths`)."""
    present = _present_columns(con)
    missing = [
        (table, name, kind)
        for table, columns in _schema().items()
        for name, kind in columns
        if name not in present.get(table, set())
    ]
    if not missing:
        return
    con.execute("BEGIN TRANSACTION")
    try:
        for table, name, kind in missing:
            con.execute(f'ALTER TABLE {table} ADD COLUMN IF NOT EXISTS "{name}" {kind}')
        if ("document_paths", "absolute_path", "VARCHAR") in missing:
            _settle_old_paths(con)
        elif ("document_paths", "abandoned_at", "TIMESTAMP") in missing:
            # a store that kept a moved-then-edited tender's earlier version current: settled
            # again under the rule that looks at the paths left behind
            _settle_documents(con, None)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def _old_absolute_paths(rows: list[tuple]) -> list[tuple[int, str]]:  # type: ignore[type-arg]
    """The absolute form of the paths of an earlier store's `document_paths` rows (row id, path
    as given, its run, the document's absolute `documents.path`, the run that wrote that), where
    it can be known: an absolute path as it is; a relative one resolved against the directory
    its run was started in, which the document analysed in that run gives away (its absolute
    path ends with the path as given, and the rest is that directory)."""
    started_in: dict[str, set[str]] = {}
    for _, given, run, stored, stored_run in rows:
        if os.path.isabs(given) or run != stored_run or not isinstance(stored, str):
            continue
        tail = os.sep + os.path.normpath(given)
        if os.path.isabs(stored) and os.path.normpath(stored).endswith(tail):
            started_in.setdefault(run, set()).add(os.path.normpath(stored)[: -len(tail)] or "/")
    out = []
    for row_id, given, run, _, _ in rows:
        if os.path.isabs(given):
            out.append((row_id, os.path.normpath(given)))
        elif len(started_in.get(run, ())) == 1:
            out.append((row_id, os.path.normpath(os.path.join(next(iter(started_in[run])), given))))
    return out


def _settle_old_paths(con) -> None:  # type: ignore[no-untyped-def]
    """The path history of a store written before it was kept: each path's absolute form (where
    it can be known), when it was seen (its run's start), and at each absolute path the
    documents seen there before the last one as replaced by it."""
    rows = con.execute(
        "SELECT p.rowid, p.path, p.run_id, d.path, d.run_id FROM document_paths p "
        "LEFT JOIN documents d ON d.doc_key = p.doc_key"
    ).fetchall()
    frame = pd.DataFrame(_old_absolute_paths(rows), columns=["row_id", "absolute_path"])
    if not frame.empty:
        con.register("tenderlens_resolved", frame)
        try:
            con.execute(
                "UPDATE document_paths SET absolute_path = r.absolute_path "
                "FROM tenderlens_resolved r WHERE document_paths.rowid = r.row_id"
            )
        finally:
            con.unregister("tenderlens_resolved")
    con.execute(
        "UPDATE document_paths SET seen_at = runs.started_at FROM runs "
        "WHERE document_paths.run_id = runs.run_id AND document_paths.seen_at IS NULL"
    )
    con.execute(
        """
        UPDATE document_paths SET replaced_by = last.doc_key, replaced_at = last.seen_at
        FROM (
            SELECT absolute_path, arg_max(doc_key, (seen_at, doc_key)) AS doc_key,
                max(seen_at) AS seen_at
            FROM document_paths WHERE absolute_path IS NOT NULL GROUP BY absolute_path
        ) last
        WHERE document_paths.absolute_path = last.absolute_path
            AND document_paths.doc_key <> last.doc_key
        """
    )
    _settle_documents(con, None)


def _still_shows(path: str, sha256: str) -> bool:
    """Whether the file at ``path`` still holds the bytes ``sha256``: False when nothing is there
    (the file was moved or deleted) or something else is (other bytes, a folder); True also when
    the file is there but cannot be read, since then nobody can tell it changed."""
    try:
        mode = os.stat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return False
    except OSError:
        return True
    if not stat.S_ISREG(mode):
        return False
    digest = file_sha256(path)
    return digest is None or digest == sha256


def _abandon_vacated_paths(  # type: ignore[no-untyped-def]
    con, keys: list[str] | None, run_id: str | None, now: datetime
) -> None:
    """Mark ``abandoned_at`` the paths of these documents (all, for None) that no longer show
    them: for a document already replaced at one of its paths, each other path it is still
    taken to be shown under, unless this run saw it there, is looked at on disk. A path is only
    known to show a document as of when it was last seen there; once the document turned up
    elsewhere and was replaced there, a path left empty or holding other bytes (a file moved
    away, then edited under its new name) no longer keeps the earlier version current. A copy
    still holding the bytes does. The disk is looked at only here, so a deleted file of a
    document never replaced anywhere leaves it current: the store is the record."""
    where, params = "", [run_id]
    if keys is not None:
        if not keys:
            return
        where = f"AND p.doc_key IN ({', '.join('?' * len(keys))})"
        params += keys
    rows = con.execute(
        f"""
        SELECT p.rowid, p.absolute_path, d.sha256 FROM document_paths p
        JOIN documents d ON d.doc_key = p.doc_key
        WHERE d.sha256 IS NOT NULL AND p.absolute_path IS NOT NULL
            AND p.replaced_by IS NULL AND p.abandoned_at IS NULL
            AND p.run_id IS DISTINCT FROM ? {where}
            AND p.doc_key IN (SELECT doc_key FROM document_paths WHERE replaced_by IS NOT NULL)
        """,
        params,
    ).fetchall()
    gone = [row_id for row_id, path, sha in rows if not _still_shows(path, sha)]
    if gone:
        con.execute(
            f"UPDATE document_paths SET abandoned_at = ? "
            f"WHERE rowid IN ({', '.join('?' * len(gone))})",
            [now, *gone],
        )


def _settle_documents(  # type: ignore[no-untyped-def]
    con, keys: list[str] | None, run_id: str | None = None, now: datetime | None = None
) -> None:
    """Mark each of these documents (all, for None) superseded when every path it was seen
    under has since shown another document or been abandoned (`_abandon_vacated_paths`), by
    the document that took over one of its paths last, and current when one of them still
    shows it. A document never replaced at any path stays current (nothing took its place); a
    document with no path of known absolute form is left as it is."""
    now = now or datetime.now(UTC).replace(tzinfo=None)
    _abandon_vacated_paths(con, keys, run_id, now)
    where = ""
    params: list[str] = []
    if keys is not None:
        if not keys:
            return
        where = f"AND doc_key IN ({', '.join('?' * len(keys))})"
        params = list(keys)
    con.execute(
        f"""
        UPDATE documents SET superseded_by = s.by, superseded_at = s.at
        FROM (
            SELECT doc_key,
                bool_or(replaced_by IS NULL AND abandoned_at IS NULL)
                    OR NOT bool_or(replaced_by IS NOT NULL) AS shown,
                CASE WHEN shown THEN NULL
                     ELSE arg_max(replaced_by, replaced_at) FILTER (WHERE replaced_by IS NOT NULL)
                END AS by,
                CASE WHEN shown THEN NULL
                     ELSE max(coalesce(replaced_at, abandoned_at)) END AS at
            FROM document_paths WHERE absolute_path IS NOT NULL {where} GROUP BY doc_key
        ) s
        WHERE documents.doc_key = s.doc_key
            AND (documents.superseded_by IS DISTINCT FROM s.by
                 OR documents.superseded_at IS DISTINCT FROM s.at)
        """,
        params,
    )


def doc_key(analysis: TenderAnalysis) -> str:
    return analysis.document.sha256 or f"unread:{analysis.document.path}"


@dataclass(frozen=True)
class PreparedRows:
    """One document's store rows, built where it was analysed: a batch worker sends these plain
    values instead of the analysis objects, which cost the writing process far more to rebuild."""

    key: str
    path: str
    rows: dict[str, list[list]]


def prepare_rows(analysis: TenderAnalysis, run_id: str | None) -> PreparedRows:
    key = doc_key(analysis)
    return PreparedRows(key, analysis.document.path, document_rows(analysis, key, run_id))


class Store:
    """Results of analyses in one DuckDB file."""

    def __init__(self, path: str | Path, command: str = "") -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"{self.path}: store.folder: its folder cannot be made ({exc.strerror})"
            ) from None
        self.run_id = uuid.uuid4().hex[:12]
        self._command = command
        self._run_written = False
        self._checked = False
        self._con = None

    def _connection(self):  # type: ignore[no-untyped-def]
        if self._con is None:
            if not self._checked and self.path.is_file() and self.path.stat().st_size:
                check_store(self.path)
            self._checked = True
            self._con = _connect(self.path)
            with _reading(self.path):
                self._con.execute(SCHEMA)
                _upgrade(self._con)
        return self._con

    def close(self) -> None:
        """Let go of the file (every method that writes does so when it is done)."""
        if self._con is not None:
            self._con.close()
            self._con = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def record_run(self, provenance: dict) -> None:
        """The run's row (once), also when every document of the run is skipped."""
        if self._run_written:
            return
        try:
            con = self._connection()
            with _reading(self.path):
                con.execute("BEGIN TRANSACTION")
                try:
                    self._insert_run(con, provenance)
                    con.execute("COMMIT")
                except Exception:
                    con.execute("ROLLBACK")
                    raise
        finally:
            self.close()

    def _insert_run(self, con, provenance: dict) -> None:  # type: ignore[no-untyped-def]
        """The run's row; and, since files may have moved or gone since the last run, the
        standing of every document already replaced at one of its paths, settled against what
        its other paths hold now (`_abandon_vacated_paths`)."""
        now = datetime.now(UTC).replace(tzinfo=None)
        con.execute(
            "INSERT INTO runs VALUES (?, ?, ?, ?, ?, ?)",
            [
                self.run_id,
                now,
                provenance.get("pipeline_version"),
                provenance.get("taxonomy_version"),
                provenance.get("model_version"),
                self._command,
            ],
        )
        _settle_documents(con, None, self.run_id, now)
        self._run_written = True

    def stored(self, pipeline_version: str | None) -> dict[str, StoredDocument]:
        """The documents stored for this pipeline version (any version: None), by SHA-256: what a
        rerun may skip."""
        if not self.path.exists():
            return {}
        try:
            con = self._connection()
            with _reading(self.path):
                rows = con.execute(
                    "SELECT sha256, status, profile_reasons FROM documents "
                    "WHERE sha256 IS NOT NULL AND (? IS NULL OR pipeline_version = ?)",
                    [pipeline_version, pipeline_version],
                ).fetchall()
        finally:
            self.close()
        return {
            sha: StoredDocument(status, json.loads(reasons or "{}"))
            for sha, status, reasons in rows
        }

    def write(self, analysis: TenderAnalysis) -> None:
        """Replace this document's rows in one transaction."""
        self.write_many([analysis])

    def write_many(
        self,
        documents: list[TenderAnalysis | PreparedRows],
        paths: list[tuple[str, str]] = (),  # type: ignore[assignment]
    ) -> None:
        """Replace these documents' rows in one transaction, with more (document key, path)
        pairs of stored documents found again: a reader, or a rerun after a crash, sees all of
        them or none. One bulk append per table for all of them, which is what makes a batch's
        writes cheap. Lets go of the file when done."""
        if not documents and not paths:
            return
        try:
            con = self._connection()
            with _reading(self.path):
                self._write(con, documents, paths)
        finally:
            self.close()

    def _write(self, con, documents: list, paths: list[tuple[str, str]]) -> None:  # type: ignore[no-untyped-def, type-arg]
        prepared = [
            d if isinstance(d, PreparedRows) else prepare_rows(d, self.run_id) for d in documents
        ]
        latest = {p.key: p for p in prepared}  # the same document twice: the last counts
        con.execute("BEGIN TRANSACTION")
        try:
            if not self._run_written:
                self._insert_run(con, provenance_of(documents))
            now = datetime.now(UTC).replace(tzinfo=None)
            touched: set[str] = set()
            for key, path in paths:
                touched |= self._add_path(con, key, path, now)
            keys = list(latest)
            marks = ", ".join("?" * len(keys))
            # a document analysed again keeps the path it was first analysed under: its label
            # in the report and notebooks stays the same (`document_paths` has every path)
            first_paths = (
                dict(
                    con.execute(
                        f"SELECT doc_key, path FROM documents WHERE doc_key IN ({marks})", keys
                    ).fetchall()
                )
                if keys
                else {}
            )
            known = list(first_paths)
            if known:  # a rerun replaces the documents' rows; new documents have none to delete
                known_marks = ", ".join("?" * len(known))
                for table in ("documents", *PER_DOCUMENT):
                    con.execute(f"DELETE FROM {table} WHERE doc_key IN ({known_marks})", known)
            rows: dict[str, list[list]] = {}
            for key, p in latest.items():
                # a changed file (another document at the same path) supersedes the earlier
                # document there, whose rows stay: nothing is deleted but a re-analysis of the
                # same bytes
                touched |= self._add_path(con, key, p.path, now)
                for table, values in p.rows.items():
                    if table == "documents" and os.path.isabs(first_paths.get(key) or ""):
                        values = [[*v[:2], first_paths[key], *v[3:]] for v in values]
                    rows.setdefault(table, []).extend(values)
            for table, values in rows.items():
                if values:
                    # one bulk append per table: executemany costs a round trip per row
                    columns = [name for name, _ in _schema()[table]]
                    con.append(table, pd.DataFrame(values, columns=columns), by_name=True)
            _settle_documents(con, sorted(touched), self.run_id, now)
            con.execute("COMMIT")
        except Exception:
            try:
                con.execute("ROLLBACK")
            except Exception:  # DuckDB refuses further work after a fatal error: the first counts
                pass
            raise

    def _add_path(self, con, key: str, path: str, now: datetime) -> set[str]:  # type: ignore[no-untyped-def]
        """Record that document ``key`` was seen at ``path`` now (every path a file was seen
        under is kept, once), and that it replaces whatever other document was last seen at the
        same absolute path (not one found gone from it before: that one stopped being shown there
        then). Returns the documents whose standing this may change."""
        absolute = os.path.abspath(path)
        con.execute("DELETE FROM document_paths WHERE doc_key = ? AND path = ?", [key, path])
        replaced = con.execute(
            "UPDATE document_paths SET replaced_by = ?, replaced_at = ? "
            "WHERE absolute_path = ? AND doc_key <> ? AND replaced_by IS NULL "
            "AND abandoned_at IS NULL RETURNING doc_key",
            [key, now, absolute, key],
        ).fetchall()
        con.execute(
            "INSERT INTO document_paths VALUES (?, ?, ?, ?, ?, NULL, NULL, NULL)",
            [key, path, self.run_id, absolute, now],
        )
        return {key, *(r[0] for r in replaced)}


@dataclass(frozen=True)
class StoredDocument:
    status: str
    profile_reasons: dict[str, str]


class BackgroundWriter:
    """A batch's writer: finished documents (and paths of stored documents found again) wait
    here and go into the store together, `BATCH_DOCUMENTS` at a time and never more than
    `BEHIND_S` seconds after the first of them arrived, also while the process that hands them
    over is busy analysing the next document (a thread of its own does the late writes)."""

    def __init__(
        self, store: Store, batch: int = BATCH_DOCUMENTS, behind_s: float = BEHIND_S
    ) -> None:
        self.store, self.batch, self.behind_s = store, batch, behind_s
        self._documents: list[TenderAnalysis | PreparedRows] = []
        self._paths: list[tuple[str, str]] = []
        self._since = 0.0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._late_writes, daemon=True)
        self._thread.start()

    def add(self, document: TenderAnalysis | PreparedRows) -> None:
        with self._lock:
            self._raise_late_error()
            self._mark()
            self._documents.append(document)
            if len(self._documents) >= self.batch:
                self._flush()

    def add_path(self, key: str, path: str) -> None:
        with self._lock:
            self._raise_late_error()
            self._mark()
            self._paths.append((key, path))

    def close(self) -> None:
        """Write what waits and stop the thread (what finished before an interruption is kept)."""
        self._stop.set()
        self._thread.join()
        with self._lock:
            self._flush()
            self._raise_late_error()

    def _mark(self) -> None:
        if not self._documents and not self._paths:
            self._since = time.monotonic()

    def _flush(self) -> None:
        documents, paths = self._documents, self._paths
        self._documents, self._paths = [], []
        self.store.write_many(documents, paths)

    def _late_writes(self) -> None:
        while not self._stop.wait(min(0.1, self.behind_s / 4)):
            with self._lock:
                waiting = self._documents or self._paths
                if waiting and time.monotonic() - self._since >= self.behind_s:
                    try:
                        self._flush()
                    except BaseException as exc:  # handed to the batch's own thread
                        self._error = exc
                        return

    def _raise_late_error(self) -> None:
        if self._error is not None:
            error, self._error = self._error, None
            raise error


def provenance_of(documents: list) -> dict:  # type: ignore[type-arg]
    """The provenance of the first analysis among ``documents`` (prepared rows carry none)."""
    for d in documents:
        if isinstance(d, TenderAnalysis):
            return d.provenance
    from pipeline.analysis import provenance

    return provenance()


def document_rows(a: TenderAnalysis, key: str, run_id: str | None) -> dict[str, list[list]]:
    """One document's rows for every per-document table (and `documents`), in column order."""
    d = a.document
    now = datetime.now(UTC).replace(tzinfo=None)
    s = a.structure
    security = {x.id for x in s.sections if x.is_security}
    rows: dict[str, list[list]] = {
        "documents": [
            [
                key,
                d.sha256,
                # absolute, so that the report's page links find the PDF whatever directory
                # `compare` runs from; `document_paths` keeps each path as it was given
                os.path.abspath(d.path),
                d.pages,
                d.title,
                a.status,
                list(a.profiles),
                json.dumps(a.profile_reasons, ensure_ascii=False),
                json.dumps([e.as_dict() for e in a.errors], ensure_ascii=False),
                a.provenance.get("pipeline_version"),
                run_id,
                now,
                None,  # superseded_by, superseded_at: the store settles them as it writes
                None,
            ]
        ],
        "sections": [
            [
                key,
                x.id,
                x.label,
                x.heading,
                x.level,
                x.page,
                x.end_page,
                x.parent_id,
                x.is_security,
                x.security_reason,
            ]
            for x in s.sections
        ],
        "clauses": [
            [
                key,
                c.id,
                c.section_id,
                c.label,
                c.page,
                *(c.bbox.as_list() if c.bbox else [None] * 4),
                c.text,
                c.normalized.text,
                c.section_id in security,
                order,  # reading order: clause IDs sort as text (c1, c10, c2)
                max((x.page for x in c.spans), default=c.page),
            ]
            for order, c in enumerate(s.clauses, start=1)
        ],
        # every printed stretch of a clause, so that one running onto the next page can be
        # drawn whole (`clauses` has its first page's box only)
        "clause_spans": [
            [
                key,
                c.id,
                order,
                x.page,
                *(x.bbox.as_list() if x.bbox else [None] * 4),
                x.start,
                x.end,
            ]
            for c in s.clauses
            for order, x in enumerate(c.spans, start=1)
        ],
        "requirement_matches": [
            [key, cid, m.id, m.score, list(m.triggers), list(m.features), list(m.similar)]
            for cid, ms in a.requirements.items()
            for m in ms
        ],
        "obligations": [],
        "coverage": [[key, r, v] for r, v in a.coverage.items()],
        "findings": [
            [
                key,
                f.kind,
                f.requirement_id,
                f.severity,
                f.message,
                f.message_ja,
                list(f.clause_ids),
                list(f.pages),
                list(f.clause_pages),
                # the JSON's sections_searched are "<section id> <heading>"
                [x.split(" ", 1)[0] for x in f.sections_searched],
                *_near_columns(f),
            ]
            for f in a.findings
        ],
    }
    for cid, obs in a.obligations.items():
        for o in obs:
            dl = o.deadline or {}
            ref = o.reference or {}
            rows["obligations"].append(
                [
                    key,
                    cid,
                    o.requirement_id,
                    o.actor,
                    o.modality,
                    o.conditional,
                    dl.get("text"),
                    dl.get("days"),
                    dl.get("qualifier"),
                    dl.get("anchor"),
                    o.form,
                    o.approval,
                    o.scope,
                    list(o.exceptions),
                    o.survival,
                    o.flowdown,
                    ref.get("title"),
                    ref.get("edition"),
                    # a notice period before an event (「14日前まで」) beside a time limit after
                    # one: deadline_days alone reads both alike
                    counted_back(dl.get("text")) if o.deadline else None,
                ]
            )
    return rows


def _near_columns(f: Finding) -> list:  # type: ignore[type-arg]
    """closest_clause_id, closest_score, closest_outside_clause_id, closest_outside_score and
    threshold of a finding (None where its message names no near miss)."""
    inside = next((c for c in f.closest if c.in_security_section), None)
    outside = next((c for c in f.closest if not c.in_security_section), None)
    return [
        inside.clause_id if inside else None,
        inside.score if inside else None,
        outside.clause_id if outside else None,
        outside.score if outside else None,
        f.closest[0].threshold if f.closest else None,
    ]


_parts_connection = None  # per process: an in-memory database that gives rows the store's types


def write_parts(analysis: TenderAnalysis, directory: str | Path, run_id: str | None) -> str:
    """Write one document's rows as Parquet files ``directory/<table>/<part>.parquet`` (a dataset
    that DuckDB and `load_parquet` read), each file written whole and renamed into place, so a
    reader or a rerun never sees half of one. Returns the document's key.

    This is how Dask workers store results themselves for corpora too large to send back."""
    import duckdb

    global _parts_connection
    if _parts_connection is None:
        _parts_connection = duckdb.connect(":memory:")
        _parts_connection.execute(SCHEMA)
    con = _parts_connection
    key = doc_key(analysis)
    part = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
    rows = document_rows(analysis, key, run_id)
    path = analysis.document.path
    now = datetime.now(UTC).replace(tzinfo=None)
    rows["document_paths"] = [[key, path, run_id, os.path.abspath(path), now, None, None, None]]
    root = Path(directory)
    for table, values in rows.items():
        target = root / table / f"{part}.parquet"
        if not values:
            target.unlink(missing_ok=True)  # a rerun that found none leaves none
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        columns = [name for name, _ in _schema()[table]]
        con.execute(f"DELETE FROM {table}")
        con.append(table, pd.DataFrame(values, columns=columns), by_name=True)
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        con.execute(f"COPY {table} TO '{_sql_path(tmp)}' (FORMAT PARQUET)")
        os.replace(tmp, target)
    return key


def load_parquet(directory: str | Path) -> dict:
    """Every table of a folder of TenderLens Parquet files as a pandas DataFrame, with the store's
    columns (empty tables included), presented as `load_results` presents them: the columns a
    folder written by an earlier version lacks come as NULL, as from a store. The folder is
    either an export (``DIR/<table>.parquet``, `tenderlens export --parquet`) or the dataset the
    workers of `analyze --parquet-dir` write (``DIR/<table>/*.parquet``)."""
    root = Path(directory)
    if not root.is_dir():
        raise StoreNotFound(
            f"{root}: store.not_found: no such folder; `tenderlens export --db STORE --parquet "
            f"{root.absolute()}` writes one"
        )
    exported = {t: root / f"{t}.parquet" for t in TABLES if (root / f"{t}.parquet").is_file()}
    dataset = {t: parts for t in TABLES if (parts := sorted((root / t).glob("*.parquet")))}
    if not exported and not dataset:
        raise StoreError(
            f"{root}: store.not_parquet: no TenderLens Parquet tables here (neither "
            "<table>.parquet files, as `tenderlens export --parquet` writes, nor <table>/*.parquet "
            "folders, as `analyze --parquet-dir` writes)"
        )
    if exported and dataset:
        # which of the two copies of a table is meant cannot be guessed
        raise StoreError(
            f"{root}: store.not_parquet: holds both an export (<table>.parquet) and a dataset "
            "(<table>/*.parquet); keep them in separate folders"
        )
    import duckdb

    con = duckdb.connect(":memory:")
    try:
        con.execute(SCHEMA)
        out = {}
        for table in TABLES:
            try:
                if table in exported:
                    out[table] = _read_file(con, table, exported[table])
                elif table in dataset:
                    out[table] = _read_parts(con, table, root / table, dataset[table])
                else:
                    out[table] = _frame(con.sql(f"SELECT * FROM {table}"))
            except duckdb.Error as exc:
                raise StoreError(
                    f"{root}: store.unreadable: its {table} table cannot be read as Parquet "
                    f"({_detail(exc)})"
                ) from None
        return out
    finally:
        con.close()


def _as_stored(table: str, relation):  # type: ignore[no-untyped-def]
    """A table's rows read from Parquet with SCHEMA's columns, as `load_results` reads a store:
    an export or dataset written by an earlier version lacks the columns added since, and gets
    them as NULL of their type, so that analysts' code written against a fresh export runs on an
    old one too."""
    present = {table: set(relation.columns)}
    return relation.query("tenderlens_parquet", _table_query(table, present, "tenderlens_parquet"))


def _read_file(con, table: str, path: Path) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    """The rows of one Parquet file, handed over open: DuckDB takes a name as a pattern."""
    with path.open("rb") as fh:
        return _frame(_as_stored(table, con.read_parquet(fh)))


def _read_parts(con, table: str, folder: Path, parts: list[Path]) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    """The rows of the Parquet files of one folder. DuckDB takes every path it reads as a
    pattern, so `*`, `?` and `[` in the folder's own name would pick other folders' files (or
    none): they are escaped, each as a class of one character. Columns are matched by name: a
    rerun by a newer version may have written some parts with more columns than others."""
    import glob

    name = str(folder)
    if "\\" not in name:
        pattern = f"{glob.escape(name)}/*.parquet"
        rows = con.sql(
            "SELECT * FROM read_parquet($p, union_by_name = true)", params={"p": pattern}
        )
        return _frame(_as_stored(table, rows))
    # a backslash ends DuckDB's match of any pattern: hand it the open files instead, a few
    # hundred at a time (a process may hold only so many open)
    frames = []
    for first in range(0, len(parts), 256):
        with ExitStack() as stack:
            files = [stack.enter_context(p.open("rb")) for p in parts[first : first + 256]]
            frames.append(_frame(_as_stored(table, con.read_parquet(files, union_by_name=True))))
    return pd.concat(frames, ignore_index=True)


class FrozenDict(dict):
    """A JSON object of a stored value, as a dict that cannot be changed and so can be hashed:
    a DataFrame holding it still takes `drop_duplicates`, `groupby` and `value_counts`."""

    def _read_only(self, *args: object, **kwargs: object) -> None:
        raise TypeError("a stored value is read-only; copy it with dict(value) to change it")

    __setitem__ = __delitem__ = __ior__ = _read_only  # type: ignore[assignment]
    clear = pop = popitem = setdefault = update = _read_only  # type: ignore[assignment]

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(frozenset(self.items()))

    def __reduce__(self) -> tuple:  # type: ignore[type-arg]
        # pickle and deepcopy would otherwise fill an empty one item by item
        return (FrozenDict, (dict(self),))


def frozen(value: object) -> object:
    """A stored value as analysts' pandas code expects it: every list (DuckDB gives numpy
    arrays, JSON gives lists) a tuple, every object a `FrozenDict`, all the way down. A tuple is
    hashable, false when empty, compares with ==, and `explode` takes it; an array is none of
    these ("the truth value of an empty array is ambiguous", "unhashable type"). A NULL inside a
    list of numbers (DuckDB's masked element) is None, as it is in a list of text."""
    if value is np.ma.masked:
        return None
    if isinstance(value, np.ndarray | list | tuple):
        if type(value) is np.ndarray and value.dtype != object and value.ndim == 1:
            return tuple(value)  # numbers: nothing inside to freeze
        return tuple(frozen(v) if isinstance(v, _CONTAINERS) else v for v in value)
    if isinstance(value, dict):
        return FrozenDict((k, frozen(v)) for k, v in value.items())
    return value


_CONTAINERS = (np.ndarray, list, tuple, dict)


def _parsed(value: object) -> object:
    return frozen(json.loads(value)) if isinstance(value, str) else value


# DuckDB's type names whose values pandas gets as numpy arrays or dicts
_NESTED = ("list", "array", "struct", "map", "union")


def _frame(relation) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    """A DuckDB relation's rows as a DataFrame with every list, struct and JSON column presented
    as Python values (`frozen`), whatever columns the table has: JSON text is parsed (the store
    keeps documents' errors and profile reasons as JSON), nested values frozen.

    The store's own column types are read through Arrow, into exactly the columns DuckDB's
    pandas conversion (`relation.df()`) gives: that conversion makes a Python object of every
    string, which pandas 3 then copies back into Arrow, and its numpy arrays had then to be
    made tuples one element at a time; the two were most of `load_results`' time (1,000
    tenders: 0.57 s of CPU, now 0.19 s). Any other type (a later version's column), or pandas
    without pyarrow or set to keep text in Python objects, takes DuckDB's conversion."""
    kinds = [str(kind) for kind in relation.types]
    names = list(relation.columns)
    if (
        all(kind in _FROM_ARROW for kind in kinds)
        and len(set(names)) == len(names)
        and _arrow_strings()
    ):
        table = relation.to_arrow_table()
        return pd.DataFrame(
            {
                name: _FROM_ARROW[kind](table.column(i))
                for i, (name, kind) in enumerate(zip(names, kinds, strict=True))
            }
        )
    frame = relation.df()
    for column, kind in zip(relation.columns, relation.types, strict=True):
        if str(kind) == "JSON":
            frame[column] = frame[column].map(_parsed).astype(object)
        elif str(kind) in ("VARCHAR[]", "INTEGER[]"):
            frame[column] = frame[column].map(_flat).astype(object)
        elif kind.id in _NESTED:
            frame[column] = frame[column].map(frozen).astype(object)
    return frame


def _flat(value: object) -> object:
    """`frozen` of a cell of a list of text or numbers, without looking into each element."""
    return tuple(value) if type(value) is np.ndarray else frozen(value)


@lru_cache(maxsize=1)
def _pyarrow() -> bool:
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return False
    return True


def _arrow_strings() -> bool:
    """Whether pandas keeps text as Arrow-backed `str` (pandas 3's default with pyarrow), the
    columns `_from_arrow` makes; asked at each read, as a notebook may change pandas' options."""
    return _pyarrow() and pd.Series(["a"]).dtype == pd.StringDtype("pyarrow", na_value=np.nan)


# Each column as DuckDB's `relation.df()` gives it, frozen as `_frame` freezes it (held side by
# side with that conversion, NULLs and empty tables included, in tests/test_analyst_api.py):
# text is `str` with NaN for NULL, but an object column of None where no row has a value;
# integers and booleans are numpy's where no value is NULL, pandas' nullable types where one is;
# a NULL list is pd.NA, a list's elements Python strings or numpy integers (None for NULL); a
# NULL JSON value NaN, or None where no row has one.
def _text(column) -> pd.Series:  # type: ignore[no-untyped-def]
    if column.null_count == len(column):
        return pd.Series([None] * len(column), dtype=object)
    return column.to_pandas()


def _json(column) -> pd.Series:  # type: ignore[no-untyped-def]
    cells = column.to_pylist()
    null = None if column.null_count == len(cells) else math.nan
    return pd.Series([null if c is None else frozen(json.loads(c)) for c in cells], dtype=object)


def _integer(column) -> pd.Series:  # type: ignore[no-untyped-def]
    if column.null_count:
        return pd.Series(pd.Int32Dtype().__from_arrow__(column))
    return column.to_pandas()


def _boolean(column) -> pd.Series:  # type: ignore[no-untyped-def]
    if column.null_count:
        return pd.Series(pd.BooleanDtype().__from_arrow__(column))
    return column.to_pandas()


def _texts(column) -> pd.Series:  # type: ignore[no-untyped-def]
    return pd.Series(_tuples(column, None), dtype=object)


def _integers(column) -> pd.Series:  # type: ignore[no-untyped-def]
    return pd.Series(_tuples(column, np.int32), dtype=object)


def _tuples(column, kind: type | None) -> list:  # type: ignore[no-untyped-def, type-arg]
    """A list column's cells as tuples (pd.NA for NULL), their elements as Python values or, given
    ``kind``, numpy scalars of that kind (None for NULL). Taken from all the column's values in
    one list, not from a list per cell (`to_pylist`): those lists all live until the last tuple
    is made, and made the garbage collector go over every object of the process once or twice
    per load (in a process that has loaded the models, as the benchmark's has, 1,000 tenders
    took a median 0.43 s of CPU that way, 0.20 s this way)."""
    cells: list = []  # type: ignore[type-arg]
    for chunk in column.chunks:
        values = chunk.flatten().to_pylist()
        if kind is not None:
            values = [None if v is None else kind(v) for v in values]
        flat = iter(values)
        cells += [
            pd.NA if n is None else tuple(islice(flat, n))
            for n in chunk.value_lengths().to_pylist()
        ]
    return cells


def _as_is(column) -> pd.Series:  # type: ignore[no-untyped-def]
    return column.to_pandas()


_FROM_ARROW = {
    "VARCHAR": _text,
    "JSON": _json,
    "INTEGER": _integer,
    "BOOLEAN": _boolean,
    "DOUBLE": _as_is,
    "TIMESTAMP": _as_is,
    "VARCHAR[]": _texts,
    "INTEGER[]": _integers,
}


def _sql_path(path: Path) -> str:
    return path.as_posix().replace("'", "''")


def load_results(path: str | Path, wait_s: float = 10.0) -> dict:
    """Every table of the store as a pandas DataFrame (read-only; waits briefly while a batch
    holds the file for one document's write). List columns hold tuples and JSON columns parsed
    values (`frozen`): ``ob[ob["exceptions"].map(bool)]``, ``findings.groupby("clause_ids")``,
    ``documents["errors"].map(len)`` work as they read."""
    p = Path(path)
    if not p.exists():
        raise StoreNotFound(
            f"{p}: store.not_found: no TenderLens store here; "
            f"`tenderlens analyze PATH... --db {p.absolute()}` makes one"
        )
    con = _connect(p, read_only=True, wait_s=wait_s)
    try:
        _check_tables(con, p)
        with _reading(p):
            present = _present_columns(con)
            return {t: _frame(con.sql(_table_query(t, present))) for t in TABLES}
    finally:
        con.close()


def export_parquet(path: str | Path, directory: str | Path) -> list[Path]:
    """Every table of the store as ``directory/<table>.parquet``, for other tools."""
    out_dir = Path(directory)
    out_dir.mkdir(parents=True, exist_ok=True)
    store = Path(path)
    con = _connect(store, read_only=True)
    written = []
    try:
        _check_tables(con, store)
        with _reading(store):
            # a damaged store stops before the first file: an earlier export in the folder is
            # not left half replaced
            _read_everything(con)
            present = _present_columns(con)
            for table in TABLES:
                target = out_dir / f"{table}.parquet"
                query = _table_query(table, present)
                con.execute(f"COPY ({query}) TO '{_sql_path(target)}' (FORMAT PARQUET)")
                written.append(target)
    finally:
        con.close()
    return written
