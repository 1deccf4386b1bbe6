"""The analyst notebooks run end to end on a store of the sample corpus, so they never rot."""

from __future__ import annotations

import json
import os
import re
import shutil
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


def _cell(notebook: nbformat.NotebookNode, marker: str) -> nbformat.NotebookNode:
    """The code cell whose source holds ``marker``."""
    (cell,) = [c for c in notebook.cells if c.cell_type == "code" and marker in c.source]
    return cell


def test_drilldown_treats_a_missing_typical_form_as_none(executed):
    """Regression: with no tender stating a form for the requirement, `requirement_drilldown`
    printed "typical form: nan" and listed every tender as differing (NaN or "" is NaN)."""
    notebook = executed(ROOT / "notebooks" / "requirement_drilldown.ipynb")
    text = printed(nbformat.from_dict({"cells": [_cell(notebook, "typical form")]}))
    assert "typical form:" in text and "nan" not in text, text
    # on the samples no RETURN_DISPOSAL clause states a form, so none differs from "none stated"
    assert "tenders that state another form: none" in text, text


def test_drilldown_printed_an_empty_series_for_no_differing_tender(executed):
    """Regression: the drill-down's last cell showed `Series([], Name: doc_key, dtype: str)`
    when no tender differed from the typical form. It now says so in words, and shows a table
    of the tenders and clauses where some differ."""
    notebook = executed(ROOT / "notebooks" / "requirement_drilldown.ipynb")
    text = printed(nbformat.from_dict({"cells": [_cell(notebook, "typical form")]}))
    assert "Series([]" not in text and "dtype" not in text, text
    assert "tenders that state another form: none" in text


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


def _stopped_at_its_first_cell(path, db, monkeypatch):  # type: ignore[no-untyped-def]
    """Run a notebook on the store ``db``, expecting its first cell to fail: its code cells and
    that cell's error outputs."""
    from nbclient.exceptions import CellExecutionError

    notebook = nbformat.read(path, as_version=4)
    monkeypatch.setenv("TENDERLENS_DB", str(db))
    monkeypatch.setenv("PYTHONPATH", str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    with pytest.raises(CellExecutionError):
        NotebookClient(notebook, timeout=300, kernel_name="python3",
                       resources={"metadata": {"path": str(ROOT)}}).execute()
    code = [c for c in notebook.cells if c.cell_type == "code"]
    return code, [o for o in code[0].outputs if o.get("output_type") == "error"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_on_a_store_without_an_analysed_tender_stops_in_one_line(path, tmp_path,
                                                                          monkeypatch):
    """Regression: on a store with no `ok` tender (here only a notice without a security section)
    every notebook went on to crash in pandas or matplotlib (no numeric data to plot, KeyError).
    It now stops at its first cell and says why in one line, without a traceback."""

    plain = tmp_path / "notice.txt"
    plain.write_text("入札公告\n1. 入札に参加する者に必要な資格\n暴力団員でないこと。\n", encoding="utf-8")
    db = tmp_path / "none.duckdb"
    assert main(["analyze", str(plain), "--db", str(db)]) == 0
    code, errors = _stopped_at_its_first_cell(path, db, monkeypatch)
    assert len(errors) == 1, code[0].outputs
    assert len(errors[0]["traceback"]) == 1, errors[0]["traceback"]
    line = errors[0]["traceback"][0]
    assert "no analysed tender with a security section" in line and "no_security_section" in line
    assert all(c.execution_count is None for c in code[1:]), "the notebook went on"


def test_notebook_on_a_damaged_store_stops_in_one_line(tmp_path, monkeypatch):
    """Regression: on a store damaged after its header (here cut short, as a copy that did not
    finish leaves it), `pipeline.load_results` in the first cell raised DuckDB's IOException and
    the notebook showed its traceback. It is now a StoreError shown as one line."""
    from tests.test_store_damage import TENDER, _damaged_copy

    tender = tmp_path / "tender.txt"
    tender.write_text(TENDER, encoding="utf-8")
    good = tmp_path / "good.duckdb"
    assert main(["analyze", str(tender), "--db", str(good)]) == 0
    db = _damaged_copy(good, tmp_path / "damaged.duckdb", "cut_short")
    code, errors = _stopped_at_its_first_cell(
        ROOT / "notebooks" / "requirement_drilldown.ipynb", db, monkeypatch
    )
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


def _project_copy(tmp_path: Path, store: Path | None) -> Path:
    """A project folder as a checkout has it: the package (linked), pyproject.toml, the
    notebooks, and ``out/tenderlens.duckdb`` (a copy of STORE) where `make run` writes it."""
    project = tmp_path / "project"
    (project / "notebooks").mkdir(parents=True)
    (project / "pipeline").symlink_to(ROOT / "pipeline", target_is_directory=True)
    shutil.copy(ROOT / "pyproject.toml", project / "pyproject.toml")
    for path in NOTEBOOKS:
        shutil.copy(path, project / "notebooks" / path.name)
    if store is not None:
        (project / "out").mkdir()
        shutil.copy(store, project / "out" / "tenderlens.duckdb")
    return project


def _run_in_notebooks_folder(project: Path, name: str, monkeypatch: pytest.MonkeyPatch):
    """Run a notebook as Jupyter does: its kernel in the notebook's own folder, TENDERLENS_DB
    not set. Returns (notebook, error raised or None)."""
    from nbclient.exceptions import CellExecutionError

    monkeypatch.delenv("TENDERLENS_DB", raising=False)
    monkeypatch.setenv("PYTHONPATH", str(project) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    notebook = nbformat.read(project / "notebooks" / name, as_version=4)
    client = NotebookClient(notebook, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(project / "notebooks")}})
    try:
        client.execute()
    except CellExecutionError as exc:
        return notebook, exc
    return notebook, None


def test_notebook_opened_in_its_folder_looked_for_the_store_there(sample_store, tmp_path,
                                                                  monkeypatch):
    """Regression: the default store `out/tenderlens.duckdb` was resolved from the kernel's
    working directory, which Jupyter sets to notebooks/, so the notebook failed on a project
    where `make run` had filled out/, and its advice (`tenderlens analyze --db
    out/tenderlens.duckdb`) run there would have made a second store inside notebooks/. The
    default is now the project folder's out/tenderlens.duckdb; TENDERLENS_DB still overrides it."""
    project = _project_copy(tmp_path, sample_store)
    notebook, error = _run_in_notebooks_folder(project, "corpus_overview.ipynb", monkeypatch)
    assert error is None, error
    assert "6 tenders with a security section" in printed(notebook)
    assert not (project / "notebooks" / "out").exists()


def test_notebook_without_the_project_store_names_it_in_one_line(tmp_path, monkeypatch):
    """Regression (with the one above): without a store, the first cell showed a
    FileNotFoundError traceback whose advice named the relative path. It is now one line with
    the store's code and the absolute path of the project's store."""
    project = _project_copy(tmp_path, None)
    notebook, error = _run_in_notebooks_folder(project, "requirement_drilldown.ipynb",
                                               monkeypatch)
    assert error is not None
    code = [c for c in notebook.cells if c.cell_type == "code"]
    (failure,) = [o for o in code[0].outputs if o.get("output_type") == "error"]
    (line,) = failure["traceback"]
    wanted = project / "out" / "tenderlens.duckdb"
    assert line.startswith(f"StoreNotFound: {wanted}: store.not_found: no TenderLens store here"), line
    assert f"--db {wanted}`" in line, line
    assert all(c.execution_count is None for c in code[1:]), "the notebook went on"


# Collects the title, axis labels and tick labels (text, rotation) of every axes drawn, as each
# cell ends and before the inline backend closes its figures (its own hook comes later: it is set
# when pyplot is first imported, after this cell)
RECORD_PLOTS = """
import matplotlib
from matplotlib import _pylab_helpers
DRAWN = []
def _facts(axes):
    return {"title": axes.get_title(), "xlabel": axes.get_xlabel(), "ylabel": axes.get_ylabel(),
            "xticks": [(t.get_text(), t.get_rotation()) for t in axes.get_xticklabels()],
            "yticks": [(t.get_text(), t.get_rotation()) for t in axes.get_yticklabels()]}
def _record():
    for manager in _pylab_helpers.Gcf.get_all_fig_managers():
        DRAWN.extend(_facts(a) for a in manager.canvas.figure.axes)
get_ipython().events.register("post_execute", _record)
"""
PLOT_FACTS = """
import json
print("FACTS" + json.dumps(DRAWN, ensure_ascii=False))
"""


def _plot_facts(path: Path, db: Path, monkeypatch: pytest.MonkeyPatch) -> list[dict]:
    """Run the notebook with a first cell that records what each of its plots shows (the title,
    axis labels and tick labels of every axes, as matplotlib holds them) and a last that reports
    it."""
    monkeypatch.setenv("TENDERLENS_DB", str(db))
    monkeypatch.setenv("PYTHONPATH", str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    notebook = nbformat.read(path, as_version=4)
    notebook.cells.insert(0, nbformat.v4.new_code_cell(RECORD_PLOTS))
    notebook.cells.append(nbformat.v4.new_code_cell(PLOT_FACTS))
    NotebookClient(notebook, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(ROOT)}}).execute()
    text = printed(nbformat.from_dict({"cells": [notebook.cells[-1]]}))
    return json.loads(text.split("FACTS", 1)[1])


def test_heat_map_rows_were_ordered_by_sha256(sample_store, monkeypatch):
    """Regression: the corpus overview's heat map listed its tenders in the order of their
    SHA-256 (the matrix's index). They are now in the order of their labels."""
    (facts,) = [f for f in _plot_facts(ROOT / "notebooks" / "corpus_overview.ipynb", sample_store,
                                       monkeypatch) if f["title"].startswith("coverage")]
    rows = [text for text, _ in facts["yticks"]]
    assert len(rows) == 6 and rows == sorted(rows), rows
    from pipeline import analysed_tenders, load_results, matrix, tender_labels

    results = load_results(sample_store)
    names = tender_labels(analysed_tenders(results))
    assert rows != [names[k] for k in matrix(results).index], "the samples' SHA order differs"


def test_compare_tenders_chart_was_labelled_doc_key_with_its_japanese_labels_on_their_side(
    sample_store, monkeypatch
):
    """Regression: compare_tenders' bar chart had the axis label `doc_key` and the tenders'
    Japanese labels turned 90°. The tenders are now bars across, labelled level, first on top,
    and the axis says it counts findings."""
    (facts,) = _plot_facts(ROOT / "notebooks" / "compare_tenders.ipynb", sample_store, monkeypatch)
    assert facts["xlabel"] == "findings" and facts["ylabel"] == ""
    assert "doc_key" not in json.dumps(facts)
    tenders = facts["yticks"]
    assert len(tenders) == 3 and all(rotation == 0 for _, rotation in tenders)
    from pipeline import analysed_tenders, load_results, tender_labels

    documents = analysed_tenders(load_results(sample_store))
    names = tender_labels(documents)
    chosen = [names[k] for k in documents["doc_key"][:3]]
    assert [text for text, _ in tenders] == chosen[::-1]  # barh draws the first at the bottom


def test_drilldown_shows_why_a_tender_has_no_key_attribute(executed, sample_store):
    """The drill-down's key-attribute table says "stated" (no attribute), "missing" or NaN (not
    required) where each was a blank cell."""
    from pipeline import key_attributes, load_results

    notebook = executed(ROOT / "notebooks" / "requirement_drilldown.ipynb")
    (shown,) = [o for o in _cell(notebook, "key_attributes").outputs
                if o.get("output_type") == "execute_result"]
    table = shown["data"]["text/html"]
    expected = key_attributes(load_results(sample_store))["SEC.RETURN_DISPOSAL"]
    assert "stated" in set(expected) and expected.notna().all()
    cells = re.findall(r"<td>(.*?)</td>", table)
    assert sorted(cells) == sorted(expected), cells
