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


def test_tva_byggen_ger_identiska_filer(tmp_path):
    """One committee, both report notebooks on the example data, built twice into
    fresh folders (forced): every published file is identical byte for byte."""
    from vbe_lib.bygg.rapportjobb import TYPER, namnd_jobb
    from vbe_lib.indata.dataset import las_data

    konf = Konfiguration.las(REPO / "parameters")
    data, param = REPO / "data", REPO / "parameters"
    las_data(data, konf, cache=True)  # validated once, as vbe rapport does
    nbfiler = {t: REPO / "notebooks" / f"{t}.ipynb" for t in TYPER}
    jobb = namnd_jobb(konf, "sodermalm", 2021, nbfiler, True)

    def bygg_i(namn: str) -> dict[str, bytes]:
        res = bygg(jobb, tmp_path / namn, data, param, antal_processer=2, byggdatum=BYGGDATUM, konf=konf, tving=True)
        assert [r.status for r in res] == ["klar"], res[0].felmeddelande
        pub = tmp_path / namn / "2021" / "sodermalm"
        return {p.name: p.read_bytes() for p in pub.iterdir() if p.name != "manifest.json"}

    # the two builds run at the same time (separate folders): the test takes one build's time
    with ThreadPoolExecutor(2) as ex:
        filer = dict(zip("ab", ex.map(bygg_i, "ab")))
    suffix = {Path(n).suffix for n in filer["a"]}
    assert {".html", ".pdf", ".xlsx"} <= suffix
    assert sorted(filer["a"]) == sorted(filer["b"])
    olika = [n for n in filer["a"] if filer["a"][n] != filer["b"][n]]
    assert not olika, f"skiljer sig mellan två byggen: {olika}"


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


def test_karnservern_ger_samma_filer_som_vanliga_karnor(tmp_path):
    """Kernels forked from the kernel fork server are fresh kernels: the published
    files are byte for byte those of kernels started the usual way (VBE_KARNSERVER=0)."""
    import os
    import subprocess
    import sys

    from vbe_lib.bygg import karnserver

    if not karnserver.tillganglig():
        pytest.skip("kärnservern finns bara på Linux")
    vbe = Path(sys.executable).with_name("vbe")
    kommando = [str(vbe)] if vbe.is_file() else [sys.executable, "-m", "vbe_lib.cli"]

    def starta(namn: str, server: str) -> subprocess.Popen:
        return subprocess.Popen(
            [*kommando, "rapport", "--namnd", "sodermalm", "--ar", "2021", "--data", str(REPO / "data"),
             "--parametrar", str(REPO / "parameters"), "--utdata", str(tmp_path / namn),
             "--byggdatum", "2026-11-22", "--jobb", "1"],
            env={**os.environ, "VBE_KARNSERVER": server}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

    # both at the same time: the test takes one build's time
    proc = {"fork": starta("fork", "1"), "vanlig": starta("vanlig", "0")}
    for namn, p in proc.items():
        ut, _ = p.communicate(timeout=600)
        assert p.returncode == 0, (namn, ut[-3000:])
    filer = {n: {p.name: p.read_bytes() for p in (tmp_path / n / "2021" / "sodermalm").iterdir()
                 if p.name != "manifest.json"} for n in proc}
    assert sorted(filer["fork"]) == sorted(filer["vanlig"]) and len(filer["fork"]) >= 7
    olika = [n for n in filer["fork"] if filer["fork"][n] != filer["vanlig"][n]]
    assert not olika, f"kärnservern ger andra filer än vanliga kärnor: {olika}"
