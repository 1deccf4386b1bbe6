"""What an analyst meets in pandas: the store's tables as `load_results` and `load_parquet` give
them, the requirements table, and `key_attributes`. Each test is named after a bug a blind
review by an analyst reproduced in Jupyter."""

from __future__ import annotations

import json
import math
import pickle

import duckdb
import numpy as np
import pandas as pd
import pytest

import pipeline
import pipeline.store as store_module
from pipeline.cli import main
from pipeline.report import comparison_data
from pipeline.store import FrozenDict
from pipeline.taxonomy import load_taxonomy
from tests.conftest import SAMPLES


@pytest.fixture(scope="module")
def analysed(tmp_path_factory):
    """The sample corpus and one broken download (a failed document with a coded error), analysed
    into a store, and that store exported as Parquet."""
    tmp = tmp_path_factory.mktemp("analyst")
    broken = tmp / "inbox" / "download.pdf"
    broken.parent.mkdir()
    broken.write_bytes(b"<html>session expired</html>")
    db = tmp / "s.duckdb"
    assert main(["analyze", str(SAMPLES), str(broken), "--db", str(db)]) == 1
    assert main(["export", "--db", str(db), "--parquet", str(tmp / "pq")]) == 0
    return db, tmp / "pq"


def _nested_and_json_columns(con, table: str) -> tuple[list[str], list[str]]:
    """A table's list/struct columns and its JSON columns, as the store declares them."""
    rows = con.execute(f"DESCRIBE {table}").fetchall()
    nested = [name for name, kind, *_ in rows if kind.endswith("]") or kind.startswith("STRUCT")]
    return nested, [name for name, kind, *_ in rows if kind == "JSON"]


def _holds_no_array(value: object) -> bool:
    if isinstance(value, np.ndarray):
        return False
    if isinstance(value, tuple):
        return all(_holds_no_array(v) for v in value)
    if isinstance(value, dict):
        return all(_holds_no_array(v) for v in value.values())
    return True


@pytest.mark.parametrize("reader", ["load_results", "load_parquet"])
def test_list_columns_were_numpy_arrays_and_json_columns_were_text(analysed, reader):
    """Regression: list columns came as numpy arrays, so `ob[ob.exceptions.map(bool)]` raised
    "truth value of an empty array is ambiguous" and `drop_duplicates()` /
    `groupby('clause_ids')` raised "unhashable type: 'numpy.ndarray'"; `documents.errors` and
    `profile_reasons` were JSON text (`errors.map(len)` was 2 for '[]'). Every list column is now
    tuples and every JSON column parsed, found by the store's declared types, not by name."""
    db, pq = analysed
    tables = pipeline.load_results(db) if reader == "load_results" else pipeline.load_parquet(pq)
    ob, findings, documents = tables["obligations"], tables["findings"], tables["documents"]

    with_exceptions = ob[ob["exceptions"].map(bool)]
    assert 0 < len(with_exceptions) < len(ob)
    assert set(map(type, ob["exceptions"])) == {tuple}
    by_clauses = findings.groupby("clause_ids").size()
    assert by_clauses.sum() == len(findings) and () in by_clauses.index
    assert (
        findings.explode("pages")["pages"]
        .dropna()
        .map(lambda p: isinstance(p, int | np.integer))
        .all()
    )

    ok = documents[documents["status"] == "ok"]
    failed = documents[documents["status"] == "failed"]
    assert len(ok) == 6 and len(failed) == 1
    assert (ok["errors"].map(len) == 0).all()
    (error,) = failed["errors"].iloc[0]
    assert error["code"] == "input.not_pdf" and error["message"]
    reasons = ok["profile_reasons"].iloc[0]
    assert reasons and set(reasons) == set(ok["profiles"].iloc[0])
    assert all(isinstance(v, str) for v in reasons.values())

    con = duckdb.connect(str(db), read_only=True)
    try:
        for table, frame in tables.items():
            assert len(frame.drop_duplicates()) <= len(frame), table  # every value hashable
            nested, json_columns = _nested_and_json_columns(con, table)
            for column in nested:
                assert frame[column].map(lambda v: isinstance(v, tuple)).all(), (table, column)
                assert frame[column].map(_holds_no_array).all(), (table, column)
            for column in json_columns:
                assert not frame[column].map(lambda v: isinstance(v, str)).any(), (table, column)
    finally:
        con.close()
    # a parsed object cannot be changed by mistake, and survives pickling (multiprocessing)
    with pytest.raises(TypeError):
        reasons["N_BASE"] = "changed"
    assert pickle.loads(pickle.dumps(reasons)) == reasons


def test_list_and_json_columns_added_to_the_store_later_are_presented_too(analysed, tmp_path):
    """The conversion goes by the columns' types, so that columns added to the store later (a
    list of structs, a JSON column, a nested list) come as tuples and parsed values too."""
    db, _ = analysed
    copy = tmp_path / "more.duckdb"
    copy.write_bytes(db.read_bytes())
    con = duckdb.connect(str(copy))
    con.execute("ALTER TABLE clauses ADD COLUMN spans STRUCT(page INTEGER, x0 DOUBLE)[]")
    con.execute("UPDATE clauses SET spans = [{'page': page, 'x0': x0}]")
    con.execute("ALTER TABLE findings ADD COLUMN closest JSON")
    con.execute("""UPDATE findings SET closest = '{"clause_ids": ["c1"], "score": 0.4}'""")
    con.execute("ALTER TABLE findings ADD COLUMN grid INTEGER[][]")
    con.execute("UPDATE findings SET grid = [[1, 2], []]")
    con.close()
    results = pipeline.load_results(copy)
    spans = results["clauses"]["spans"]
    assert spans.map(lambda s: isinstance(s, tuple) and isinstance(s[0], dict)).all()
    assert len(results["clauses"].drop_duplicates()) == len(results["clauses"])
    closest = results["findings"]["closest"].iloc[0]
    assert closest == {"clause_ids": ("c1",), "score": 0.4}
    assert results["findings"]["grid"].iloc[0] == ((1, 2), ())
    assert results["findings"].groupby("closest").ngroups == 1


def test_requirements_had_no_table_in_the_public_api(analysed):
    """Regression: labels (ja/en), group, the core flag and which profiles require each
    requirement were only in pipeline/data/taxonomy.json; `pipeline.requirements()` gives them."""
    table = pipeline.requirements()
    taxonomy = load_taxonomy()
    assert list(table["id"]) == list(taxonomy.ids)
    assert {
        "id",
        "ja",
        "en",
        "group",
        "group_name",
        "core",
        "profiles",
        "optional_in",
        "attributes",
        "definition",
    } <= set(table.columns)
    row = table.set_index("id").loc["SEC.INCIDENT_REPORTING"]
    assert row["ja"] == "インシデント発生時の報告" and row["core"]
    assert row["group_name"] == "incidents"
    assert set(row["profiles"]) == {"N_BASE", "L_BASE", "PD", "MN"}
    assert "deadline" in row["attributes"]
    # MN includes PD: a PD requirement is required by MN too
    assert "MN" in table.set_index("id").at["SEC.PD_SAFEGUARDS", "profiles"]
    assert not table["core"].all() and table["core"].any()
    # every (tender, requirement) of coverage is required by one of the tender's profiles
    results = pipeline.load_results(analysed[0])
    profiles = dict(
        zip(results["documents"]["doc_key"], results["documents"]["profiles"], strict=True)
    )
    required_by = dict(zip(table["id"], table["profiles"], strict=True))
    for key, rid in zip(
        results["coverage"]["doc_key"], results["coverage"]["requirement_id"], strict=True
    ):
        assert set(profiles[key]) & set(required_by[rid]), (key, rid)


def test_key_attributes_blank_meant_missing_or_stated_without_an_attribute_or_not_required(
    analysed,
):
    """Regression: a blank `key_attributes` cell meant three things: the requirement is missing,
    stated without a deadline/form/approval/survival, or not required by the tender's profiles.
    It is now "missing" (or "referenced"), "stated", and NaN, in `matrix`'s shape; and the
    briefs are the report's (the clause the tender is judged by)."""
    results = pipeline.load_results(analysed[0])
    cells = pipeline.key_attributes(results)
    status = pipeline.matrix(results)
    assert cells.index.equals(status.index) and cells.columns.equals(status.columns)
    report = comparison_data(results).key_attribute
    seen = set()
    for key, row in status.iterrows():
        for rid, s in row.items():
            cell = cells.at[key, rid]
            if s == "":
                assert isinstance(cell, float) and math.isnan(cell), (key, rid, cell)
                seen.add("not required")
            elif s in ("missing", "referenced"):
                assert cell == s, (key, rid, cell)
                seen.add(s)
            else:
                assert cell == (report.at[key, rid] or "stated"), (key, rid, cell)
                seen.add("stated" if cell == "stated" else "brief")
    assert seen == {"not required", "missing", "referenced", "stated", "brief"}
    assert cells.isna().sum().sum() == (status == "").sum().sum()
    # a chosen set of tenders, in the order given
    keys = list(status.index[:2])[::-1]
    assert list(pipeline.key_attributes(results, keys).index) == keys
    assert pd.api.types.is_object_dtype(cells.dtypes.iloc[0])


def _reference_frame(relation) -> pd.DataFrame:
    """A table as DuckDB's own pandas conversion gives it (`relation.df()`), with list cells as
    tuples, a NULL inside a list as None, and JSON text parsed: what `load_results` gave before
    it read the store's columns through Arrow, kept here plainly as the specification."""

    def freeze(value):
        if value is np.ma.masked:
            return None
        if isinstance(value, np.ndarray | list | tuple):
            return tuple(freeze(v) for v in value)
        if isinstance(value, dict):
            return FrozenDict((k, freeze(v)) for k, v in value.items())
        return value

    frame = relation.df()
    for column, kind in zip(relation.columns, relation.types, strict=True):
        if str(kind) == "JSON":
            parse = lambda v: freeze(json.loads(v)) if isinstance(v, str) else v  # noqa: E731
            frame[column] = frame[column].map(parse).astype(object)
        elif kind.id in ("list", "array", "struct", "map", "union"):
            frame[column] = frame[column].map(freeze).astype(object)
    return frame


def _same_cell(a: object, b: object) -> bool:
    """Equal and of the same type, all the way down (np.int32 is not int, NaN is not None)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, tuple):
        return len(a) == len(b) and all(_same_cell(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same_cell(a[k], b[k]) for k in a)
    if a is None or a is pd.NA or a is pd.NaT:
        return True
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return bool(a == b)


def _assert_same_frame(got: pd.DataFrame, want: pd.DataFrame, label: str) -> None:
    assert list(got.columns) == list(want.columns), label
    assert got.index.equals(want.index) and type(got.index) is type(want.index), label
    for column in want.columns:
        where = (label, column)
        assert got[column].dtype == want[column].dtype, (*where, got[column].dtype)
        assert type(got[column].array) is type(want[column].array), where
        for i, (a, b) in enumerate(zip(got[column].array, want[column].array, strict=True)):
            assert _same_cell(a, b), (*where, i, a, b)


@pytest.fixture(scope="module")
def edge_stores(analysed, tmp_path_factory):
    """The analysed store with the NULLs and empty tables a store can hold beside the samples'
    rows (a superseded document, a NULL JSON value, a NULL list and a NULL inside one, a NULL in
    an integer column, a boolean column all NULL), and one written by an earlier version (a
    table and columns it lacks, read as empty and NULL), each with its Parquet export."""
    db, _ = analysed
    tmp = tmp_path_factory.mktemp("edges")
    edges, older = tmp / "edges.duckdb", tmp / "older.duckdb"
    for path in (edges, older):
        path.write_bytes(db.read_bytes())
    con = duckdb.connect(str(edges))
    first = con.execute("SELECT min(doc_key) FROM documents WHERE status = 'ok'").fetchone()[0]
    con.execute(
        "UPDATE documents SET superseded_by = doc_key, superseded_at = analysed_at "
        "WHERE doc_key = ?",
        [first],
    )
    con.execute("UPDATE documents SET errors = NULL WHERE doc_key = ?", [first])
    con.execute(
        "UPDATE findings SET clause_ids = NULL, clause_pages = [NULL, 2] "
        "WHERE rowid = (SELECT min(rowid) FROM findings)"
    )
    con.execute(
        "UPDATE findings SET searched_section_ids = ['s1', NULL] "
        "WHERE rowid = (SELECT max(rowid) FROM findings)"
    )
    con.execute("UPDATE sections SET end_page = NULL WHERE rowid = 0")
    con.execute("UPDATE obligations SET survival = NULL")
    con.close()
    con = duckdb.connect(str(older))
    con.execute("DROP TABLE clause_spans")
    con.execute("ALTER TABLE documents DROP COLUMN superseded_at")
    con.execute("ALTER TABLE findings DROP COLUMN closest_score")
    con.execute("DELETE FROM obligations")
    con.close()
    for path in (edges, older):
        assert main(["export", "--db", str(path), "--parquet", str(tmp / path.stem)]) == 0
    return [(edges, tmp / "edges"), (older, tmp / "older")]


@pytest.mark.parametrize("strings", ["pyarrow", "python"])
def test_tables_read_through_arrow_are_the_tables_duckdbs_conversion_gave(edge_stores, strings):
    """`load_results` and `load_parquet` read the store's column types through Arrow (DuckDB's
    own pandas conversion was most of their time); every column must still come out as that
    conversion gave it, lists as tuples and JSON parsed: the same dtype (numpy or nullable, `str`
    or object), the same NULLs (NaN, None, pd.NA) and the same Python type of every value and
    element. With text kept in Python objects ("python") the tables take DuckDB's conversion,
    and must come out the same way too."""
    if strings == "pyarrow":
        pytest.importorskip("pyarrow")
    with pd.option_context("mode.string_storage", strings):
        assert store_module._arrow_strings() == (strings == "pyarrow")
        for db, pq in edge_stores:
            loaded = pipeline.load_results(db)
            exported = pipeline.load_parquet(pq)
            con = duckdb.connect(str(db), read_only=True)
            try:
                present = store_module._present_columns(con)
                for table in store_module.TABLES:
                    query = con.sql(store_module._table_query(table, present))
                    if strings == "pyarrow":  # the store's own types all take the fast path
                        assert {str(k) for k in query.types} <= set(store_module._FROM_ARROW)
                    want = _reference_frame(query)
                    _assert_same_frame(loaded[table], want, f"{db.name} {table}")
                    if (pq / f"{table}.parquet").exists():
                        want = _reference_frame(con.read_parquet(str(pq / f"{table}.parquet")))
                        _assert_same_frame(exported[table], want, f"{pq.name} {table}")
            finally:
                con.close()


@pytest.mark.parametrize("strings", ["pyarrow", "python"])
def test_a_null_inside_a_list_of_numbers_made_loading_fail(edge_stores, strings):
    """Regression: a NULL among a finding's pages (DuckDB gives a masked array) made
    `load_results` raise "TypeError: iteration over a 0-d array"; it is None, as a NULL among a
    list's text is."""
    if strings == "pyarrow":
        pytest.importorskip("pyarrow")
    with pd.option_context("mode.string_storage", strings):
        findings = pipeline.load_results(edge_stores[0][0])["findings"]
    assert ("s1", None) in set(findings["searched_section_ids"])
    (row,) = [r for r in findings.itertuples() if r.clause_pages == (None, 2)]
    assert row.clause_ids is pd.NA and isinstance(row.clause_pages[1], np.int32)


def test_frozen_makes_tuples_all_the_way_down_in_an_array_of_numbers_too():
    """`frozen` takes a shortcut for a flat array of numbers; an array of more dimensions still
    becomes tuples of tuples, never tuples holding arrays."""
    value = store_module.frozen(np.arange(4, dtype=np.int32).reshape(2, 2))
    assert value == ((0, 1), (2, 3)) and _holds_no_array(value)
    assert isinstance(value[1][0], np.int32)
