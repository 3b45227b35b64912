"""notebooks/uppfoljning.ipynb: stored without outputs; executes for one committee with
only HTML/Markdown outputs, no errors and no warnings."""
from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

ROT = Path(__file__).resolve().parents[1]
NB = ROT / "notebooks" / "uppfoljning.ipynb"


def test_sparad_utan_utdata():
    nb = json.loads(NB.read_text(encoding="utf-8"))
    koder = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert all(c["outputs"] == [] and c["execution_count"] is None for c in koder)
    assert "parameters" in koder[0]["metadata"]["tags"]
    src = "".join(koder[0]["source"])
    for p in ('namnd = "sodermalm"', "planar = 2021", 'data_dir = "../data"', 'parametrar_dir = "../parameters"',
              "byggdatum = None", "excel_utdata = None"):
        assert p in src


@pytest.mark.slow
def test_kor_for_en_namnd(tmp_path):
    papermill = pytest.importorskip("papermill")
    ut = tmp_path / "ut.ipynb"
    excel = tmp_path / "uppfoljning.xlsx"
    papermill.execute_notebook(
        str(NB), str(ut), cwd=str(NB.parent), kernel_name="python3", progress_bar=False,
        parameters={"namnd": "sodermalm", "planar": 2021, "byggdatum": "2021-03-01", "excel_utdata": str(excel)},
    )
    nb = nbformat.read(ut, as_version=4)
    html = []
    for c in nb.cells:
        for o in c.get("outputs", []):
            assert o["output_type"] == "display_data", (c.source, o)
            typer = set(o["data"])
            assert typer - {"text/plain"}, ("text/plain-only output", c.source)
            html.append(o["data"].get("text/html", ""))
    text = "\n".join(html)
    assert "Uppföljning av handlingsplan 2020, redovisad i handlingsplan 2021" in text
    assert "Av " in text and "aktiviteter" in text and "<table" in text and "<img" in text
    assert excel.is_file()
