"""The analyst notebooks run end to end on a store of the sample corpus, so they never rot."""

from __future__ import annotations

import os

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


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs(path, sample_store, monkeypatch):
    monkeypatch.setenv("TENDERLENS_DB", str(sample_store))
    monkeypatch.setenv("PYTHONPATH", str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            source = cell.source
            assert "from pipeline." not in source and "import pipeline." not in source, (
                "notebooks use the public API only")
    NotebookClient(notebook, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(ROOT)}}).execute()
    images = [o for c in notebook.cells if c.cell_type == "code" for o in c.get("outputs", [])
              if "image/png" in o.get("data", {})]
    errors = [o for c in notebook.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors
    assert images, "each notebook draws at least one plot"
