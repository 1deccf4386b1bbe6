"""A damaged store: a real one made by `analyze --db`, then cut short or with bytes overwritten
after its valid header, as a disk error or a copy that did not finish leaves it. Every command
that reads it says so in one coded line, and `analyze` writes nothing into it. Each test is named
after the bug a review reproduced."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from pipeline import load_results
from pipeline.cli import main
from pipeline.store import TABLES, StoreError

TENDER = (
    "1.　情報セキュリティに関する事項\n"
    "  (1)　受注者は、本業務で知り得た情報を第三者に漏らしてはならない。\n"
    "  (2)　受注者は、情報セキュリティインシデントが発生した場合は、直ちに発注者に報告すること。\n"
)
HEADER = 3 * 4096  # DuckDB's file header and its two database headers come before block 0


@pytest.fixture(scope="module")
def good_store(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("good")
    tender = tmp / "tender.txt"
    tender.write_text(TENDER, encoding="utf-8")
    db = tmp / "good.duckdb"
    assert main(["analyze", str(tender), "--db", str(db)]) == 0
    return db


def _blocks(db: Path) -> tuple[int, int, dict[str, set[int]]]:
    """(block size, number of blocks, the data blocks of each table) of a store."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        size, total = con.execute(
            "SELECT block_size, total_blocks FROM pragma_database_size()"
        ).fetchone()
        data = {
            t: {
                r[0]
                for r in con.execute(
                    f"SELECT block_id FROM pragma_storage_info('{t}') WHERE block_id >= 0"
                ).fetchall()
            }
            for t in TABLES
        }
    finally:
        con.close()
    return size, total, data


def _overwrite(db: Path, offset: int) -> None:
    with db.open("r+b") as f:
        f.seek(offset)
        f.write(b"\x5a" * 64)


def _duckdb_fails(db: Path, sql: str, read_only: bool = True) -> bool:
    """Whether DuckDB itself fails on SQL against this file (the damage is real)."""
    try:
        con = duckdb.connect(str(db), read_only=read_only)
    except duckdb.Error:
        return True
    try:
        con.execute("BEGIN TRANSACTION")
        con.execute(sql).fetchall()
        return False
    except duckdb.Error:
        return True
    finally:
        con.close()


def _damaged_copy(good: Path, target: Path, damage: str) -> Path:
    shutil.copy(good, target)
    size, total, data = _blocks(target)
    if damage == "overwritten":
        # in the middle of the file: the block that holds the clauses
        _overwrite(target, HEADER + min(data["clauses"]) * size + 100)
        assert _duckdb_fails(target, "SELECT * FROM clauses")
    elif damage == "cut_short":
        with target.open("r+b") as f:
            f.truncate(HEADER + min(data["clauses"]) * size + 1000)
        assert _duckdb_fails(target, "SELECT * FROM findings")
    elif damage == "key_index":
        # a block that holds no table's rows but that the first insert reads: the index of a
        # primary key. Every row still reads back; only a write meets the damage.
        rows = set().union(*data.values())
        for block in range(1, total):
            if block in rows:
                continue
            shutil.copy(good, target)
            _overwrite(target, HEADER + block * size + 100)
            reads = [f"SELECT * FROM {t}" for t in TABLES]
            if not any(_duckdb_fails(target, sql) for sql in reads) and _duckdb_fails(
                target, "INSERT INTO documents (doc_key) VALUES ('0'), ('8'), ('f')", False
            ):
                break
        else:
            pytest.fail("no block of the store holds a key's index")
    return target


def _one_line(capsys, start: str) -> str:
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(start), err
    return err[0]


@pytest.mark.parametrize("damage", ["overwritten", "cut_short"])
def test_compare_and_export_of_a_damaged_store_are_one_coded_line(
    good_store, tmp_path, capsys, damage
):
    """Regression: compare and export of a store damaged after its header ended in a DuckDB
    traceback ("Corrupt database file: computed checksum ...", "Could not read enough bytes"),
    and export had already replaced the first tables' files of an earlier export in the folder
    when it met the damage."""
    db = _damaged_copy(good_store, tmp_path / "damaged.duckdb", damage)
    start = f"tenderlens: error: --db {db}: store.damaged: "
    html = tmp_path / "r.html"
    assert main(["compare", "--db", str(db), "--html", str(html)]) == 2
    _one_line(capsys, start)
    assert not html.exists()

    exported = tmp_path / "parquet"
    assert main(["export", "--db", str(good_store), "--parquet", str(exported)]) == 0
    capsys.readouterr()
    before = {p.name: p.read_bytes() for p in exported.iterdir()}
    assert main(["export", "--db", str(db), "--parquet", str(exported)]) == 2
    _one_line(capsys, start)
    assert {p.name: p.read_bytes() for p in exported.iterdir()} == before


@pytest.mark.parametrize("damage", ["overwritten", "cut_short", "key_index"])
def test_analyze_into_a_damaged_store_writes_nothing_and_says_so_in_one_line(
    good_store, tmp_path, capsys, damage
):
    """Regression: analyze into a damaged store ended in a traceback (the run's row met the
    damage), or went on to write into it and exit 0 while the store could not be read back. It
    now checks the store before it writes anything: one coded line, exit 2, the store's bytes,
    the user's input and the JSON folder as they were."""
    db = _damaged_copy(good_store, tmp_path / "damaged.duckdb", damage)
    stored = db.read_bytes()
    tender = tmp_path / "new.txt"
    tender.write_text(TENDER.replace("直ちに", "3日以内に"), encoding="utf-8")
    given = tender.read_bytes()
    json_dir = tmp_path / "json"
    json_dir.mkdir()
    (json_dir / "earlier.json").write_text('{"kept": true}\n', encoding="utf-8")

    args = ["analyze", str(tender), "--db", str(db), "--json-dir", str(json_dir)]
    assert main(args) == 2
    assert "store.damaged" in _one_line(capsys, f"tenderlens: error: --db {db}: ")
    assert db.read_bytes() == stored
    assert not Path(f"{db}.wal").exists()
    assert tender.read_bytes() == given
    assert [p.name for p in json_dir.iterdir()] == ["earlier.json"]
    assert (json_dir / "earlier.json").read_text(encoding="utf-8") == '{"kept": true}\n'
    # --force skips the reading of what is stored, not the check
    assert main([*args, "--force"]) == 2
    _one_line(capsys, f"tenderlens: error: --db {db}: store.damaged: ")
    assert db.read_bytes() == stored


@pytest.mark.parametrize("damage", ["overwritten", "cut_short"])
def test_load_results_of_a_damaged_store_is_a_store_error_shown_in_one_line(
    good_store, tmp_path, damage
):
    """Regression: `pipeline.load_results` (the notebooks' loader) raised DuckDB's own exception
    on a damaged store, shown as a traceback in a notebook."""
    db = _damaged_copy(good_store, tmp_path / "damaged.duckdb", damage)
    with pytest.raises(StoreError, match=r"store\.damaged: the file is (damaged|cut short)") as e:
        load_results(db)
    shown = e.value._render_traceback_()  # what IPython shows instead of a traceback
    assert len(shown) == 1 and shown[0].startswith(f"StoreError: {db}: store.damaged: ")
