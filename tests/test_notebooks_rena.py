"""Notebooks are kept in git without outputs, and each has a tagged parameters cell."""
from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

ROT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROT / "notebooks").glob("*.ipynb"))


def test_there_are_notebooks():
    assert {p.name for p in NOTEBOOKS} >= {"lagesbild.ipynb"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_has_no_outputs(path):
    nb = nbformat.read(path, as_version=4)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            assert not cell.outputs, f"{path.name} cell {i} has stored outputs"
            assert cell.execution_count is None, f"{path.name} cell {i} has an execution count"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_has_one_parameters_cell(path):
    nb = nbformat.read(path, as_version=4)
    tagged = [c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1, f"{path.name}: expected exactly one cell tagged 'parameters'"
    src = tagged[0].source
    for name in ("namnd", "planar", "data_dir", "parametrar_dir"):
        assert f"{name} =" in src, f"{path.name}: parameter '{name}' missing"
