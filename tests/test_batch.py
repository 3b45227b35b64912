"""The batch run: parallel fresh kernels, atomic publication, faults, manifests, CLI.

One batch run with four committees (two good, one raising in a cell, one
sleeping past the time limit) is shared by several tests to keep the suite fast.
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell

from vbe_lib.bygg.batch import bygg
from vbe_lib.bygg.jobb import Jobb

FIXTURER = Path(__file__).parent / "fixtures" / "notebooks"
REPO = Path(__file__).resolve().parents[1]
BYGGDATUM = dt.date(2026, 11, 22)

pytestmark = pytest.mark.slow


def _render(namn: str) -> dict:
    return dict(titel="Handlingsplan mot våldsbejakande extremism 2021", undertitel="Bilaga: Lägesbild 2021",
                namnd_namn=namn, exempeldata=True)


@pytest.fixture(scope="module")
def korning(tmp_path_factory):
    rot = tmp_path_factory.mktemp("batch")
    data = rot / "data"
    (data / "enkat" / "2021").mkdir(parents=True)
    (data / "brott.csv").write_text("Område;År;Antal\nSödermalm;2020;30\n", encoding="utf-8")
    (data / "enkat" / "2021" / "svar.csv").write_text("Enhet;Svar\nA;3\n", encoding="utf-8")
    (data / ".cache").mkdir()
    (data / ".cache" / "x.pkl").write_bytes(b"cache")
    param = rot / "parameters"
    (param / "namnder").mkdir(parents=True)
    (param / "kommun.yml").write_text("namn: Exempelkommun\n", encoding="utf-8")
    utdata = rot / "outputs"
    # previous good outputs of the committee that will fail
    gammal = utdata / "2021" / "bromma"
    gammal.mkdir(parents=True)
    gamla = {
        "lagesbild-2021-bromma.html": b"<html>gammal</html>",
        "lagesbild-2021-bromma.pdf": b"%PDF-gammal",
        "manifest.json": b'{"gammal": true}',
    }
    for namn, innehall in gamla.items():
        (gammal / namn).write_bytes(innehall)
    jobb = [
        Jobb("sodermalm", 2021, FIXTURER / "rapport.ipynb", "lagesbild", _render("Södermalms stadsdelsnämnd")),
        Jobb("farsta", 2021, FIXTURER / "rapport.ipynb", "lagesbild", _render("Farsta stadsdelsnämnd")),
        Jobb("bromma", 2021, FIXTURER / "fel.ipynb", "lagesbild", _render("Bromma stadsdelsnämnd")),
        Jobb("kungsholmen", 2021, FIXTURER / "sov.ipynb", "lagesbild", _render("Kungsholmens stadsdelsnämnd")),
    ]
    handelser: list[tuple] = []
    resultat = bygg(jobb, utdata, data, param, antal_processer=2, tidsgrans=3,
                    progress_callback=lambda *a: handelser.append(a), byggdatum=BYGGDATUM)
    return {"rot": rot, "utdata": utdata, "data": data, "resultat": {r.slug: r for r in resultat},
            "gamla": gamla, "handelser": handelser}


def test_tva_namnder_byggs_parallellt(korning):
    res = korning["resultat"]
    for slug, namn in (("sodermalm", "Södermalms stadsdelsnämnd"), ("farsta", "Farsta stadsdelsnämnd")):
        r = res[slug]
        assert r.status == "klar", r.felmeddelande
        pub = korning["utdata"] / "2021" / slug
        html = (pub / f"lagesbild-2021-{slug}.html").read_text(encoding="utf-8")
        assert namn in html and '<html lang="sv">' in html
        assert "<script" not in html and "In [" not in html and "Traceback" not in html
        assert "den här varningen" not in html and "inte heller den här utskriften" not in html
        pdf = pub / f"lagesbild-2021-{slug}.pdf"
        from pypdf import PdfReader

        text = "\n".join(p.extract_text() for p in PdfReader(pdf).pages)
        assert namn in text and "Sida 1 (" in text
        assert {p.name for p in r.filer} == {f"lagesbild-2021-{slug}.{s}" for s in ("html", "pdf", "docx")} | {"manifest.json"}
        # executed notebook is internal, never beside the published files
        assert (korning["utdata"] / "_internt" / "2021" / slug / "lagesbild.ipynb").is_file()
        assert not list(pub.glob("*.ipynb"))
        nb = nbformat.read(korning["utdata"] / "_internt" / "2021" / slug / "lagesbild.ipynb", as_version=4)
        assert any(f'namnd = "{slug}"' in c.source for c in nb.cells)
    tillstand = {(a[0], a[2]) for a in korning["handelser"]}
    assert ("sodermalm", "kör") in tillstand and ("sodermalm", "renderar") in tillstand
    assert ("sodermalm", "klar") in tillstand and ("bromma", "fel") in tillstand


def test_inga_tillfalliga_mappar_kvar(korning):
    assert not list((korning["utdata"] / "2021").glob(".tmp-*"))
    assert not list((korning["utdata"] / "2021").glob(".manifest-*"))


def test_fel_i_cell_ror_inte_tidigare_utdata(korning):
    r = korning["resultat"]["bromma"]
    assert r.status == "fel"
    msg = r.felmeddelande
    assert "Bromma stadsdelsnämnd" in msg and "fel.ipynb" in msg
    assert "cell 4" in msg and "ValueError" in msg and "trasiga indata för bromma" in msg
    misslyckad = korning["utdata"] / "_internt" / "2021" / "bromma" / "misslyckad" / "lagesbild.ipynb"
    assert str(misslyckad) in msg and misslyckad.is_file()
    gammal = korning["utdata"] / "2021" / "bromma"
    for namn, innehall in korning["gamla"].items():
        assert (gammal / namn).read_bytes() == innehall, namn
    assert sorted(p.name for p in gammal.iterdir()) == sorted(korning["gamla"])


def test_tidsgrans(korning):
    r = korning["resultat"]["kungsholmen"]
    assert r.status == "fel"
    assert "tidsgränsen på 3 sekunder överskreds i cell 3" in r.felmeddelande
    assert "Kungsholmens stadsdelsnämnd" in r.felmeddelande
    assert not (korning["utdata"] / "2021" / "kungsholmen").exists()
    assert r.sekunder < 30


def test_manifest(korning):
    utdata = korning["utdata"] / "2021"
    m = json.loads((utdata / "sodermalm" / "manifest.json").read_text(encoding="utf-8"))
    assert m["status"] == "klar" and m["namnd"] == "sodermalm" and m["planar"] == 2021
    assert set(m["indata"]) == {"data/brott.csv", "data/enkat/2021/svar.csv", "parameters/kommun.yml"}
    assert all(len(h) == 64 for h in m["indata"].values())
    assert set(m["filer"]) == {f"lagesbild-2021-sodermalm.{s}" for s in ("html", "pdf", "docx")}
    assert len(m["beroenden"]["hash"]) == 64 and m["beroenden"]["bibliotek"]
    assert m["parametrar"]["byggdatum"] == "2026-11-22"
    assert m["miljo"]["versioner"]["papermill"] and m["miljo"]["versioner"]["python"]
    assert "commit" in m["miljo"]["git"]
    assert list(m) == sorted(m)
    k = json.loads((utdata / "manifest.json").read_text(encoding="utf-8"))
    status = {n["namnd"]: n["status"] for n in k["namnder"]}
    assert status == {"sodermalm": "klar", "farsta": "klar", "bromma": "fel", "kungsholmen": "fel"}
    # no data values or free text in the manifests (only hashes, names, numbers)
    text = (utdata / "manifest.json").read_text(encoding="utf-8") + (utdata / "sodermalm" / "manifest.json").read_text()
    assert "trasiga indata" not in text and "Södermalm;2020" not in text and str(korning["rot"]) not in text


def _cli_notebooks(katalog: Path) -> Path:
    """A lagesbild notebook that fails only for farsta, and a short follow-up."""
    nb = nbformat.read(FIXTURER / "rapport.ipynb", as_version=4)
    nb.cells.append(new_code_cell('if namnd == "farsta":\n    raise RuntimeError("testfel för farsta")'))
    katalog.mkdir()
    nbformat.write(nb, katalog / "lagesbild.ipynb")
    for typ in ("uppfoljning", "handlingsplan"):
        nbformat.write(nbformat.read(FIXTURER / "kort.ipynb", as_version=4), katalog / f"{typ}.ipynb")
    return katalog


def test_cli_bygger_och_avslutar_med_fel(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    import vbe_lib.cli.rapport as rapport
    from vbe_lib.cli import _registrera, app

    _registrera()

    monkeypatch.setattr(rapport, "_validera", lambda data, konf, planar: [])
    data = tmp_path / "data"
    data.mkdir()
    (data / "datakalla.yml").write_text("exempeldata: true\n", encoding="utf-8")
    nbkat = _cli_notebooks(tmp_path / "nb")
    ut = tmp_path / "ut"
    res = CliRunner().invoke(app, [
        "rapport", "--ar", "2021", "--namnd", "sodermalm", "--namnd", "Farsta", "--data", str(data),
        "--parametrar", str(REPO / "parameters"), "--utdata", str(ut), "--notebooks", str(nbkat),
        "--jobb", "2", "--byggdatum", "2026-11-22",
    ])
    assert res.exit_code == 1, res.output
    assert "Traceback" not in res.output
    assert "Sammanfattning" in res.output and "klar" in res.output
    assert "testfel för farsta" in res.output and "cell" in res.output
    html = (ut / "2021" / "sodermalm" / "lagesbild-2021-sodermalm.html").read_text(encoding="utf-8")
    assert "Södermalms stadsdelsnämnd" in html and "Fiktiva exempeldata" in html
    assert "Handlingsplan mot våldsbejakande extremism 2021" in html
    assert not (ut / "2021" / "farsta").exists()


def test_cli_okand_namnd(tmp_path):
    from typer.testing import CliRunner

    from vbe_lib.cli import _registrera, app

    _registrera()

    res = CliRunner().invoke(app, ["rapport", "--ar", "2021", "--namnd", "sodermalmm", "--namnd", "rinkeby_kista",
                                   "--ar", "2024", "--parametrar", str(REPO / "parameters"),
                                   "--data", str(tmp_path), "--utdata", str(tmp_path / "ut")])
    assert res.exit_code == 2
    assert "Traceback" not in res.output
    assert "okänd nämnd eller område 'sodermalmm'" in res.output
    assert "menade du 'sodermalm' (Södermalms stadsdelsnämnd)?" in res.output  # suggestion, with the short name
    assert "finns inte planår 2024" in res.output and "jarva" in res.output
    assert not (tmp_path / "ut").exists()


def test_cli_utan_namnd_eller_alla(tmp_path):
    from typer.testing import CliRunner

    from vbe_lib.cli import _registrera, app

    _registrera()

    res = CliRunner().invoke(app, ["rapport", "--ar", "2021", "--parametrar", str(REPO / "parameters")])
    assert res.exit_code == 2 and "--alla" in res.output and "Traceback" not in res.output


def test_ctrl_c_lamnar_tidigare_utdata(tmp_path):
    """An interrupt (KeyboardInterrupt) mid-run leaves old files and no temp folder."""
    ut = tmp_path / "ut"
    gammal = ut / "2021" / "sodermalm"
    gammal.mkdir(parents=True)
    (gammal / "lagesbild-2021-sodermalm.html").write_text("gammal", encoding="utf-8")
    data = tmp_path / "data"
    data.mkdir()

    def avbryt(slug, planar, tillstand, detalj):
        if tillstand == "kör":
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        bygg([Jobb("sodermalm", 2021, FIXTURER / "rapport.ipynb", "lagesbild", _render("Södermalms stadsdelsnämnd"))],
             ut, data, data, antal_processer=1, tidsgrans=30, progress_callback=avbryt, byggdatum=BYGGDATUM)
    assert (gammal / "lagesbild-2021-sodermalm.html").read_text(encoding="utf-8") == "gammal"
    assert sorted(p.name for p in gammal.iterdir()) == ["lagesbild-2021-sodermalm.html"]
    assert not list((ut / "2021").glob(".tmp-*"))


def _publicera(tmp_path, rensa: bool):
    """A published folder of an earlier build (its manifest lists a follow-up workbook
    this build does not make) and a coordinator's own file; publish a new build."""
    from vbe_lib.bygg.publicera import publicera_namnd

    ar = tmp_path / "ut" / "2021"
    pub, internt = ar / "x", tmp_path / "ut" / "_internt" / "2021" / "x"
    pub.mkdir(parents=True)
    internt.mkdir(parents=True)
    (internt / "gammal.ipynb").write_text("{}", encoding="utf-8")
    for n in ("lagesbild-2021-x.pdf", "uppfoljning-2021-x.xlsx", "egen-anteckning.txt"):
        (pub / n).write_text("gammal", encoding="utf-8")
    (pub / "manifest.json").write_text(json.dumps({"filer": {"lagesbild-2021-x.pdf": "a",
                                                             "uppfoljning-2021-x.xlsx": "b",
                                                             "../utanfor.txt": "c"}}), encoding="utf-8")
    (ar / "utanfor.txt").write_text("rör inte", encoding="utf-8")
    ny, ny_internt = ar / ".tmp-x-0123abcd", internt.parent / ".tmp-x-0123abcd"
    ny.mkdir()
    ny_internt.mkdir()
    (ny / "lagesbild-2021-x.pdf").write_text("ny", encoding="utf-8")
    (ny_internt / "lagesbild.ipynb").write_text("{}", encoding="utf-8")
    utfall = publicera_namnd(ny, ny_internt, pub, internt, "0123abcd",
                             lambda behallna: {"filer": {"lagesbild-2021-x.pdf": "d"}, "behallna": behallna},
                             rensa=rensa)
    return ar, pub, internt, utfall


def test_fil_som_inte_byggs_langre_ligger_kvar_och_namns(tmp_path):
    """Nothing published is removed unless asked for (issue 21): the workbook the previous
    build published stays, is named, and is listed as kept in the new manifest; the
    coordinator's file stays; the folder and the manifest change in one step."""
    ar, pub, internt, utfall = _publicera(tmp_path, rensa=False)
    assert sorted(p.name for p in pub.iterdir()) == ["egen-anteckning.txt", "lagesbild-2021-x.pdf", "manifest.json",
                                                   "uppfoljning-2021-x.xlsx"]
    assert (pub / "lagesbild-2021-x.pdf").read_text(encoding="utf-8") == "ny"
    assert (pub / "uppfoljning-2021-x.xlsx").read_text(encoding="utf-8") == "gammal"
    assert utfall.behallna == ["uppfoljning-2021-x.xlsx"] and not utfall.borttagna
    assert [p.name for p in utfall.filer] == ["lagesbild-2021-x.pdf", "manifest.json"]
    m = json.loads((pub / "manifest.json").read_text(encoding="utf-8"))
    assert list(m["behallna"]) == ["uppfoljning-2021-x.xlsx"]
    assert (ar / "utanfor.txt").is_file()
    assert sorted(p.name for p in ar.iterdir()) == ["utanfor.txt", "x"]  # no temporary folders left
    assert sorted(p.name for p in internt.iterdir()) == ["lagesbild.ipynb"]
    assert sorted(p.name for p in internt.parent.iterdir()) == ["x"]


def test_rensa_tar_bort_bara_det_ett_tidigare_bygge_publicerade(tmp_path):
    ar, pub, internt, utfall = _publicera(tmp_path, rensa=True)
    assert sorted(p.name for p in pub.iterdir()) == ["egen-anteckning.txt", "lagesbild-2021-x.pdf", "manifest.json"]
    assert utfall.borttagna == ["uppfoljning-2021-x.xlsx"] and not utfall.behallna
    assert "behallna" not in json.loads((pub / "manifest.json").read_text(encoding="utf-8")) or \
        not json.loads((pub / "manifest.json").read_text(encoding="utf-8"))["behallna"]
    assert (ar / "utanfor.txt").is_file()


@pytest.mark.parametrize("atomiskt", [True, False], ids=["renameat2", "tva-namnbyten"])
def test_mappbyte_i_ett_steg(tmp_path, monkeypatch, atomiskt):
    """The new folder replaces the old one whole, with either swap (Linux exchange or two
    renames); an error leaves the old folder as it was."""
    from vbe_lib.bygg import publicera

    monkeypatch.setattr(publicera, "ATOMISKT_BYTE", atomiskt)
    mal, ny, gammal = tmp_path / "x", tmp_path / ".tmp-x-1", tmp_path / ".gammal-x-1"
    mal.mkdir()
    (mal / "a").write_text("gammal", encoding="utf-8")
    ny.mkdir()
    (ny / "a").write_text("ny", encoding="utf-8")
    (ny / "b").write_text("ny", encoding="utf-8")
    kvar = publicera.byt_ut_mapp(ny, mal, gammal)
    assert sorted(p.name for p in mal.iterdir()) == ["a", "b"] and (mal / "a").read_text(encoding="utf-8") == "ny"
    assert kvar is not None and (kvar / "a").read_text(encoding="utf-8") == "gammal"
    # no previous folder: one rename
    ny2 = tmp_path / ".tmp-y-1"
    ny2.mkdir()
    assert publicera.byt_ut_mapp(ny2, tmp_path / "y", tmp_path / ".gammal-y-1") is None
    assert (tmp_path / "y").is_dir() and not ny2.exists()
