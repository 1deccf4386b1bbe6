"""The analyst notebooks run end to end on a store of the sample corpus, so they never rot."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from pipeline.cli import main
from tests.conftest import ROOT, SAMPLES

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory):
    db = tmp_path_factory.mktemp("nb") / "samples.duckdb"
    assert main(["analyze", str(SAMPLES), "--db", str(db)]) == 0
    return db


def execute(path: Path, db: Path, monkeypatch: pytest.MonkeyPatch) -> nbformat.NotebookNode:
    """The notebook at PATH with its outputs, run against the store DB as an analyst would."""
    monkeypatch.setenv("TENDERLENS_DB", str(db))
    monkeypatch.setenv("PYTHONPATH", str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(ROOT)}}).execute()
    return notebook


@pytest.fixture(scope="module")
def executed(sample_store):
    """Each notebook run once on the sample store, shared by the checks below."""
    runs: dict[Path, nbformat.NotebookNode] = {}
    with pytest.MonkeyPatch.context() as mp:
        def run(path: Path) -> nbformat.NotebookNode:
            if path not in runs:
                runs[path] = execute(path, sample_store, mp)
            return runs[path]
        yield run


def outputs(notebook: nbformat.NotebookNode) -> list[dict]:
    return [o for c in notebook.cells if c.cell_type == "code" for o in c.get("outputs", [])]


def printed(notebook: nbformat.NotebookNode) -> str:
    """Everything the cells printed or showed as text (streams, warnings, results)."""
    parts = []
    for o in outputs(notebook):
        parts.append(o.get("text", ""))
        parts.append(o.get("data", {}).get("text/plain", ""))
    return "\n".join(parts)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs(path, executed):
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            source = cell.source
            assert "from pipeline." not in source and "import pipeline." not in source, (
                "notebooks use the public API only")
    notebook = executed(path)
    images = [o for o in outputs(notebook) if "image/png" in o.get("data", {})]
    errors = [o for o in outputs(notebook) if o.get("output_type") == "error"]
    assert not errors
    assert images, "each notebook draws at least one plot"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_plots_draw_japanese_without_missing_glyphs(path, executed):
    """Regression: every plot drew its Japanese titles and labels as empty boxes
    ("Glyph ... missing from font(s) DejaVu Sans"): matplotlib's default font has no kanji."""
    import pipeline

    if pipeline.use_japanese_font() is None:
        pytest.skip("no Japanese font installed (`make sysdeps` installs fonts-ipaexfont)")
    text = printed(executed(path))
    assert "missing from font" not in text, text[:500]


def test_drilldown_treats_a_missing_typical_form_as_none(executed):
    """Regression: with no tender stating a form for the requirement, `requirement_drilldown`
    printed "typical form: nan" and listed every tender as differing (NaN or "" is NaN)."""
    notebook = executed(ROOT / "notebooks" / "requirement_drilldown.ipynb")
    last = [c for c in notebook.cells if c.cell_type == "code"][-1]
    text = printed(nbformat.from_dict({"cells": [last]}))
    assert "typical form:" in text and "nan" not in text, text
    differing = [o for o in last.outputs if o.get("output_type") == "execute_result"]
    shown = differing[0]["data"]["text/plain"] if differing else ""
    # on the samples no RETURN_DISPOSAL clause states a form, so none differs from "none stated"
    assert "Series([]" in shown or not shown.strip(), shown


SAME_TITLE = (
    "窓口業務委託仕様書\n"
    "第1　情報セキュリティに関する事項\n"
    "(1)　受注者は、本業務で知り得た情報を第三者に漏らしてはならない。\n"
    "(2)　受注者は、事故が発生した場合は{deadline}発注者に報告すること。\n"
)


def test_compare_tenders_tells_apart_tenders_that_share_a_title(tmp_path, monkeypatch):
    """Regression: `compare_tenders` labelled tenders by title alone, so two chosen tenders with
    the same title became one bar and the notebook stopped on an AssertionError. Labels are the
    report's: title and file name, and the start of the SHA-256 where both are shared."""
    from pipeline import load_results
    from pipeline.report import comparison_data

    for folder, name, deadline in (("a", "spec.txt", "直ちに"), ("b", "spec.txt", "速やかに"),
                                   ("a", "other.txt", "3日以内に")):
        (tmp_path / folder).mkdir(exist_ok=True)
        (tmp_path / folder / name).write_text(SAME_TITLE.format(deadline=deadline), encoding="utf-8")
    db = tmp_path / "same.duckdb"
    texts = sorted(str(p) for p in tmp_path.glob("*/*.txt"))
    assert main(["analyze", *texts, "--db", str(db)]) == 0
    documents = load_results(db)["documents"]
    assert (documents["status"] == "ok").sum() == 3 and documents["title"].nunique() == 1

    notebook = execute(ROOT / "notebooks" / "compare_tenders.ipynb", db, monkeypatch)
    assert not [o for o in outputs(notebook) if o.get("output_type") == "error"]
    labels = comparison_data(load_results(db)).documents["label"]
    assert labels.is_unique and labels.str.contains(r"\(other\.txt\)$").any()
    assert labels.str.contains(r"\(spec\.txt\) \[[0-9a-f]{8}\]$").sum() == 2


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_on_a_store_without_an_analysed_tender_stops_in_one_line(path, tmp_path,
                                                                          monkeypatch):
    """Regression: on a store with no `ok` tender (here only a notice without a security section)
    every notebook went on to crash in pandas or matplotlib (no numeric data to plot, KeyError).
    It now stops at its first cell and says why in one line, without a traceback."""
    from nbclient.exceptions import CellExecutionError

    plain = tmp_path / "notice.txt"
    plain.write_text("入札公告\n1. 入札に参加する者に必要な資格\n暴力団員でないこと。\n", encoding="utf-8")
    db = tmp_path / "none.duckdb"
    assert main(["analyze", str(plain), "--db", str(db)]) == 0
    notebook = nbformat.read(path, as_version=4)
    monkeypatch.setenv("TENDERLENS_DB", str(db))
    monkeypatch.setenv("PYTHONPATH", str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    with pytest.raises(CellExecutionError):
        NotebookClient(notebook, timeout=300, kernel_name="python3",
                       resources={"metadata": {"path": str(ROOT)}}).execute()
    code = [c for c in notebook.cells if c.cell_type == "code"]
    errors = [o for o in code[0].outputs if o.get("output_type") == "error"]
    assert len(errors) == 1, code[0].outputs
    assert len(errors[0]["traceback"]) == 1, errors[0]["traceback"]
    line = errors[0]["traceback"][0]
    assert "no analysed tender with a security section" in line and "no_security_section" in line
    assert all(c.execution_count is None for c in code[1:]), "the notebook went on"


def test_notebook_on_a_damaged_store_stops_in_one_line(tmp_path, monkeypatch):
    """Regression: on a store damaged after its header (here cut short, as a copy that did not
    finish leaves it), `pipeline.load_results` in the first cell raised DuckDB's IOException and
    the notebook showed its traceback. It is now a StoreError shown as one line."""
    from nbclient.exceptions import CellExecutionError

    from tests.test_store_damage import TENDER, _damaged_copy

    tender = tmp_path / "tender.txt"
    tender.write_text(TENDER, encoding="utf-8")
    good = tmp_path / "good.duckdb"
    assert main(["analyze", str(tender), "--db", str(good)]) == 0
    db = _damaged_copy(good, tmp_path / "damaged.duckdb", "cut_short")
    notebook = nbformat.read(ROOT / "notebooks" / "requirement_drilldown.ipynb", as_version=4)
    monkeypatch.setenv("TENDERLENS_DB", str(db))
    monkeypatch.setenv("PYTHONPATH", str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    with pytest.raises(CellExecutionError):
        NotebookClient(notebook, timeout=300, kernel_name="python3",
                       resources={"metadata": {"path": str(ROOT)}}).execute()
    code = [c for c in notebook.cells if c.cell_type == "code"]
    errors = [o for o in code[0].outputs if o.get("output_type") == "error"]
    assert len(errors) == 1 and len(errors[0]["traceback"]) == 1, errors
    assert errors[0]["traceback"][0].startswith(f"StoreError: {db}: store.damaged: the file is cut short")
    assert all(c.execution_count is None for c in code[1:]), "the notebook went on"


def test_drilldown_on_a_store_where_no_tender_requires_the_requirement(tmp_path, monkeypatch):
    """Regression: `requirement_drilldown` stopped on a KeyError (the matrix column, then
    `.loc` on typicality) when no tender's profiles require its requirement (here every tender
    is checked against CLOUD alone, which does not ask for RETURN_DISPOSAL). It now runs to the
    end: every tender "not required", no typical form, and the clauses that state it anyway."""
    tender = tmp_path / "tender.txt"
    tender.write_text(SAME_TITLE.format(deadline="直ちに")
                      + "(3)　受注者は、業務の完了後、提供資料を返却すること。\n", encoding="utf-8")
    db = tmp_path / "cloud.duckdb"
    assert main(["analyze", str(tender), "--db", str(db), "--profile", "CLOUD"]) == 0
    from pipeline import load_results, matrix

    assert "SEC.RETURN_DISPOSAL" not in matrix(load_results(db)).columns
    notebook = execute(ROOT / "notebooks" / "requirement_drilldown.ipynb", db, monkeypatch)
    assert not [o for o in outputs(notebook) if o.get("output_type") == "error"]
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert any("image/png" in o.get("data", {}) for o in code[2].outputs), "the pie is drawn"
    assert "typical form: none stated" in printed(nbformat.from_dict({"cells": [code[3]]}))
