"""Reproducible builds: the same inputs give byte-identical HTML, PDF, DOCX and XLSX,
and ``vbe verifiera`` finds a published file that is not what the inputs give."""
from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest

from vbe_lib.bygg.batch import bygg
from vbe_lib.parametrar.konfiguration import Konfiguration

REPO = Path(__file__).resolve().parents[1]
FIXTURER = Path(__file__).parent / "fixtures" / "notebooks"
BYGGDATUM = dt.date(2026, 11, 22)

pytestmark = pytest.mark.slow


def test_tva_byggen_och_vanliga_karnor_ger_identiska_filer(tmp_path):
    """One committee, every report notebook on the example data, built twice into fresh
    folders (forced), and a third time by ``vbe rapport`` with kernels started the usual
    way (``VBE_KARNSERVER=0``, not forked from the kernel server): every published file is
    identical byte for byte."""
    import os
    import subprocess
    import sys

    from vbe_lib.bygg import karnserver
    from vbe_lib.bygg.rapportjobb import TYPER, namnd_jobb
    from vbe_lib.indata.dataset import las_data

    konf = Konfiguration.las(REPO / "parameters")
    data, param = REPO / "data", REPO / "parameters"
    las_data(data, konf, cache=True)  # validated once, as vbe rapport does
    nbfiler = {t: REPO / "notebooks" / f"{t}.ipynb" for t in TYPER}
    jobb = namnd_jobb(konf, "sodermalm", 2021, nbfiler, True)

    def filer_i(namn: str) -> dict[str, bytes]:
        pub = tmp_path / namn / "2021" / "sodermalm"
        return {p.name: p.read_bytes() for p in pub.iterdir() if p.name != "manifest.json"}

    def bygg_i(namn: str) -> dict[str, bytes]:
        res = bygg(jobb, tmp_path / namn, data, param, antal_processer=2, byggdatum=BYGGDATUM, konf=konf, tving=True)
        assert [r.status for r in res] == ["klar"], res[0].felmeddelande
        return filer_i(namn)

    vanlig = None
    if karnserver.tillganglig():  # elsewhere every kernel is started the usual way anyway
        vbe = Path(sys.executable).with_name("vbe")
        kommando = [str(vbe)] if vbe.is_file() else [sys.executable, "-m", "vbe_lib.cli"]
        vanlig = subprocess.Popen(
            [*kommando, "rapport", "--namnd", "sodermalm", "--ar", "2021", "--data", str(data),
             "--parametrar", str(param), "--utdata", str(tmp_path / "vanlig"),
             "--byggdatum", BYGGDATUM.isoformat(), "--jobb", "1"],
            env={**os.environ, "VBE_KARNSERVER": "0"}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    # the builds run at the same time (separate folders): the test takes about one build's time
    with ThreadPoolExecutor(2) as ex:
        filer = dict(zip("ab", ex.map(bygg_i, "ab")))
    suffix = {Path(n).suffix for n in filer["a"]}
    assert {".html", ".pdf", ".xlsx", ".docx"} <= suffix
    assert sorted(filer["a"]) == sorted(filer["b"])
    olika = [n for n in filer["a"] if filer["a"][n] != filer["b"][n]]
    assert not olika, f"skiljer sig mellan två byggen: {olika}"
    if vanlig is not None:
        ut, _ = vanlig.communicate(timeout=600)
        assert vanlig.returncode == 0, ut[-3000:]
        filer["vanlig"] = filer_i("vanlig")
        assert sorted(filer["vanlig"]) == sorted(filer["a"]) and len(filer["a"]) >= 7
        olika = [n for n in filer["a"] if filer["a"][n] != filer["vanlig"][n]]
        assert not olika, f"kärnservern ger andra filer än vanliga kärnor: {olika}"


def test_verifiera_och_ateranvandning_via_cli(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    import vbe_lib.cli.rapport as rapport
    from vbe_lib.cli import _registrera, app

    _registrera()
    monkeypatch.setattr(rapport, "_validera", lambda data, konf, planar: [])
    data = tmp_path / "data"
    data.mkdir()
    (data / "datakalla.yml").write_text("exempeldata: true\n", encoding="utf-8")
    nbkat = tmp_path / "nb"
    nbkat.mkdir()
    nbformat.write(nbformat.read(FIXTURER / "rapport.ipynb", as_version=4), nbkat / "lagesbild.ipynb")
    for typ in ("uppfoljning", "handlingsplan"):
        nbformat.write(nbformat.read(FIXTURER / "kort.ipynb", as_version=4), nbkat / f"{typ}.ipynb")
    ut = tmp_path / "ut"
    gemensamt = ["--ar", "2021", "--data", str(data), "--parametrar", str(REPO / "parameters"),
                 "--notebooks", str(nbkat), "--utdata", str(ut)]
    bygg_args = ["rapport", "--namnd", "sodermalm", "--namnd", "farsta", "--jobb", "2",
                 "--byggdatum", "2026-11-22", *gemensamt]
    res = CliRunner().invoke(app, bygg_args)
    assert res.exit_code == 0, res.output
    assert "2 byggda, 0 återanvända" in res.output
    res = CliRunner().invoke(app, bygg_args)
    assert res.exit_code == 0, res.output
    assert "0 byggda, 2 återanvända" in res.output and "Traceback" not in res.output

    # a published file changed by hand is found; the untouched committee is identical
    html = ut / "2021" / "farsta" / "lagesbild-2021-farsta.html"
    html.write_bytes(html.read_bytes().replace(b"Farsta", b"Farstaa", 1))
    res = CliRunner().invoke(app, ["verifiera", *gemensamt, "--jobb", "2"])
    assert res.exit_code == 1, res.output
    assert "Traceback" not in res.output
    assert "lagesbild-2021-farsta.html skiljer sig (den publicerade filen har ändrats efter bygget)" in res.output
    assert "Södermalms stadsdelsnämnd (sodermalm): 10 filer identiska" in res.output
    assert "Farsta stadsdelsnämnd (farsta), byggd 2026-11-22" in res.output


def test_verifiera_utan_publicerade_rapporter(tmp_path):
    from typer.testing import CliRunner

    from vbe_lib.cli import _registrera, app

    _registrera()
    res = CliRunner().invoke(app, ["verifiera", "--ar", "2021", "--utdata", str(tmp_path / "ut"),
                                   "--data", str(tmp_path), "--parametrar", str(REPO / "parameters")])
    assert res.exit_code == 2 and "inga publicerade rapporter" in res.output and "Traceback" not in res.output
