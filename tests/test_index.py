"""The index pages ``outputs/<Y>/index.html`` and ``outputs/index.html`` (issue 18): every
committee of the year with its reports, status, build date, links and withheld texts, and
the city summary; reproducible; written by the batch; accessible."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from vbe_lib.bygg import manifest as mf
from vbe_lib.bygg.index import felorsak, skriv_index
from vbe_lib.parametrar.konfiguration import Konfiguration

ROT = Path(__file__).resolve().parents[1]
KONF = Konfiguration.las(ROT / "parameters")
FIXTURER = ROT / "tests" / "fixtures" / "notebooks"


def _namnd(utdata: Path, slug: str, filer: list[str], texter: str | None = None, undanhallna=None,
           byggdatum: str = "2026-01-15") -> None:
    mapp = utdata / "2021" / slug
    mapp.mkdir(parents=True)
    for f in filer:
        (mapp / f).write_bytes(f"innehåll {f}".encode())
    m = mf.namnd_manifest(slug=slug, planar=2021, status="klar", sekunder={}, parametrar={"byggdatum": byggdatum},
                          indata={}, notebooks={}, filer={f: mf.sha256_fil(mapp / f) for f in filer},
                          miljoinfo={}, texter={"status": texter} if texter else None, undanhallna=undanhallna)
    mf.skriv_json(mapp / "manifest.json", m)


def _alla(slug: str) -> list[str]:
    return ([f"{t}-2021-{slug}.{f}" for t in ("lagesbild", "uppfoljning", "handlingsplan") for f in ("html", "pdf", "docx")]
            + [f"uppfoljning-2021-{slug}.xlsx", f"handlingsplan-2021-{slug}-med-bilagor.pdf"])


@pytest.fixture
def utdata(tmp_path):
    ut = tmp_path / "outputs"
    _namnd(ut, "sodermalm", _alla("sodermalm"), texter="godkänd", undanhallna={"lagesbild": 2, "uppfoljning": 1})
    _namnd(ut, "farsta", [f"lagesbild-2021-farsta.{f}" for f in ("html", "pdf", "docx")], texter="utkast",
           undanhallna={"lagesbild": 0})
    # bromma: the latest build failed; the files of an earlier build are still published
    _namnd(ut, "bromma", ["lagesbild-2021-bromma.html"], byggdatum="2025-12-01")
    _namnd(ut, "_stad", [f"sammanstallning-2021-stad.{f}" for f in ("html", "pdf", "docx")], undanhallna={})
    poster = [
        {"namnd": "sodermalm", "status": "klar", "ateranvand": False},
        {"namnd": "farsta", "status": "klar", "ateranvand": True},
        {"namnd": "bromma", "status": "fel", "ateranvand": False,
         "fel": [{"typ": "cellfel", "cell": 4, "undantag": "ValueError"}]},
        {"namnd": "kungsholmen", "status": "hoppad", "ateranvand": False, "fel": [{"typ": "indata", "antal": 3}]},
        {"namnd": "_stad", "status": "klar", "ateranvand": False},
    ]
    mf.skriv_json(ut / "2021" / "manifest.json", mf.korning_manifest(planar=2021, resultat=poster, sekunder=1.0,
                                                                      parametrar={}, indata={}, miljoinfo={}))
    return ut


def _rader(sida: Path) -> dict[str, dict]:
    soup = BeautifulSoup(sida.read_text(encoding="utf-8"), "html.parser")
    ut = {}
    for tr in soup.select("main table")[0].select("tbody tr"):
        celler = tr.find_all(["th", "td"])
        ut[celler[0].get_text(strip=True)] = {
            "status": celler[1].get_text(" ", strip=True), "byggd": celler[2].get_text(strip=True),
            "lankar": [a["href"] for a in tr.find_all("a")], "undanhallna": celler[-1].get_text(strip=True)}
    return ut


def test_arssidan_listar_varje_namnd_med_status_och_lankar(utdata):
    skriv_index(utdata, [2021], KONF)
    sida = utdata / "2021" / "index.html"
    soup = BeautifulSoup(sida.read_text(encoding="utf-8"), "html.parser")
    assert soup.html["lang"] == "sv" and len(soup.find_all("h1")) == 1
    assert soup.find("script") is None and "Content-Security-Policy" in str(soup.head)
    for th in soup.find_all("th"):
        assert th.get("scope") in ("col", "row")
    assert all(t.caption is not None for t in soup.find_all("table"))
    rader = _rader(sida)
    # every committee of the plan year, in the configuration's order, plus none other
    assert list(rader) == [n.namn for n in KONF.namnder_planar(2021)]
    sod = rader["Södermalms stadsdelsnämnd"]
    assert sod["status"] == "Klar" and sod["byggd"] == "15 januari 2026" and sod["undanhallna"] == "3"
    assert sod["lankar"] == [f"sodermalm/{f}" for f in (
        "lagesbild-2021-sodermalm.html", "lagesbild-2021-sodermalm.pdf", "lagesbild-2021-sodermalm.docx",
        "uppfoljning-2021-sodermalm.html", "uppfoljning-2021-sodermalm.pdf", "uppfoljning-2021-sodermalm.docx",
        "uppfoljning-2021-sodermalm.xlsx", "handlingsplan-2021-sodermalm.html", "handlingsplan-2021-sodermalm.pdf",
        "handlingsplan-2021-sodermalm.docx", "handlingsplan-2021-sodermalm-med-bilagor.pdf")]
    for href in sod["lankar"]:
        assert (sida.parent / href).is_file()
    far = rader["Farsta stadsdelsnämnd"]
    assert far["status"].startswith("Utkast") and "godkännande" in far["status"] and "Återanvänd" in far["status"]
    assert far["undanhallna"] == "–" and len(far["lankar"]) == 3
    bro = rader["Bromma stadsdelsnämnd"]
    assert bro["status"].startswith("Fel") and "cell 4 (ValueError)" in bro["status"]
    assert "tidigare publicerade filerna ligger kvar" in bro["status"]
    assert bro["lankar"] == ["bromma/lagesbild-2021-bromma.html"] and bro["byggd"] == "1 december 2025"
    assert bro["undanhallna"] == ".."  # an older manifest without the count: unknown, not zero
    kun = rader["Kungsholmens stadsdelsnämnd"]
    assert kun["status"].startswith("Fel") and "fel i indata (3 problem" in kun["status"] and not kun["lankar"]
    assert rader["Norrmalms stadsdelsnämnd"]["status"] == "Inte byggd"
    stad = soup.select("main table")[1]
    assert [a["href"] for a in stad.find_all("a")] == [f"_stad/sammanstallning-2021-stad.{f}"
                                                       for f in ("html", "pdf", "docx")]


def test_oversikten_over_aren(utdata):
    skriv_index(utdata, [2021], KONF)
    soup = BeautifulSoup((utdata / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert len(soup.find_all("h1")) == 1 and soup.html["lang"] == "sv"
    rad = soup.select("tbody tr")
    assert len(rad) == 1
    celler = [c.get_text(strip=True) for c in rad[0].find_all(["th", "td"])]
    assert celler[0] == "Planår 2021" and celler[1] == str(len(KONF.namnder_planar(2021)))
    # klara: sodermalm, farsta (utkast); fel: bromma, kungsholmen; utkast: farsta
    assert celler[2:5] == ["2", "2", "1"]
    assert [a["href"] for a in rad[0].find_all("a")] == ["2021/index.html", "2021/_stad/sammanstallning-2021-stad.html"]


def test_samma_manifest_ger_samma_bytes_och_rapporterna_rors_inte(utdata):
    fore = {p: p.read_bytes() for p in utdata.rglob("*") if p.is_file()}
    skriv_index(utdata, [2021], KONF, "aaaaaaaa")
    forsta = (utdata / "2021" / "index.html").read_bytes(), (utdata / "index.html").read_bytes()
    skriv_index(utdata, [2021], KONF, "bbbbbbbb")
    assert ((utdata / "2021" / "index.html").read_bytes(), (utdata / "index.html").read_bytes()) == forsta
    assert {p: p.read_bytes() for p in fore} == fore
    assert not list(utdata.rglob(".tmp-index-*"))


def test_text_fran_manifest_escapas(utdata):
    konf = Konfiguration.las(ROT / "parameters")
    konf.namnder["sodermalm"].namn = "Söder <script>alert(1)</script>"
    skriv_index(utdata, [2021], konf)
    text = (utdata / "2021" / "index.html").read_text(encoding="utf-8")
    assert "<script>" not in text and "&lt;script&gt;" in text


def test_felorsak_saknad_uppgift():
    assert felorsak([]) == "okänt fel"
    assert felorsak([{"typ": "tidsgrans", "cell": 2}, {"typ": "pdf"}]) == \
        "tidsgränsen överskreds i cell 2; PDF-filen kunde inte skapas"


def test_indexsidan_i_chromium_med_axe(utdata, tmp_path):
    import webblasare

    webblasare.kraver_axe()
    skriv_index(utdata, [2021], KONF)
    with webblasare.Chromium(tmp_path / "profil") as cdp:
        for sida in (utdata / "2021" / "index.html", utdata / "index.html"):
            cdp.oppna(sida)
            assert cdp.axe() == [], sida
        # on an ordinary laptop screen the year's table fits: the file links of a cell
        # wrap ("HTML PDF" over "DOCX XLSX") instead of widening the table past the page
        cdp.oppna(utdata / "2021" / "index.html", bredd=1200)
        tabell = cdp.varde("(() => { const t = document.querySelector('.tabell'); "
                           "return [t.scrollWidth, t.clientWidth]; })()")
        assert tabell[0] <= tabell[1], tabell


@pytest.mark.slow
def test_batchen_skriver_index_med_misslyckad_namnd(tmp_path):
    from vbe_lib.bygg.batch import bygg
    from vbe_lib.bygg.jobb import Jobb

    data, param = tmp_path / "data", tmp_path / "parameters"
    data.mkdir()
    param.mkdir()
    utdata = tmp_path / "outputs"
    render = dict(titel="T", undertitel="Bilaga: Lägesbild 2021", exempeldata=True)
    jobb = [Jobb("sodermalm", 2021, FIXTURER / "kort.ipynb", "lagesbild", {**render, "namnd_namn": "Södermalm"}),
            Jobb("bromma", 2021, FIXTURER / "fel.ipynb", "lagesbild", {**render, "namnd_namn": "Bromma"})]
    res = {r.slug: r for r in bygg(jobb, utdata, data, param, antal_processer=2, byggdatum=dt.date(2026, 1, 15),
                                   konf=KONF)}
    assert res["sodermalm"].status == "klar" and res["bromma"].status == "fel"
    m = json.loads((utdata / "2021" / "sodermalm" / "manifest.json").read_text(encoding="utf-8"))
    assert m["undanhallna"] == {"lagesbild": 0}
    rader = _rader(utdata / "2021" / "index.html")
    assert rader["Södermalms stadsdelsnämnd"]["status"] == "Klar"
    assert rader["Södermalms stadsdelsnämnd"]["lankar"] == [f"sodermalm/lagesbild-2021-sodermalm.{f}"
                                                           for f in ("html", "pdf", "docx")]
    assert rader["Bromma stadsdelsnämnd"]["status"].startswith("Fel Senaste bygget misslyckades: en cell")
    assert "ValueError" in rader["Bromma stadsdelsnämnd"]["status"]
    assert (utdata / "index.html").is_file()
    # a second run reuses nothing here (no plan with hashes), but the page stays reproducible
    forsta = (utdata / "2021" / "index.html").read_bytes()
    from vbe_lib.bygg.index import skriv_index as skriv

    skriv(utdata, [2021], KONF)
    assert (utdata / "2021" / "index.html").read_bytes() == forsta


def test_sammanstallningen_heter_med_kommunens_ord(utdata):
    """Stockholm's words ("staden") give "Stadens sammanställning"; a municipality without
    words of its own gets the neutral "Kommunens sammanställning", never Stockholm's."""
    skriv_index(utdata, [2021], KONF)
    sthlm = (utdata / "2021" / "index.html").read_text(encoding="utf-8")
    assert "Stadens sammanställning" in sthlm and "Stadsövergripande sammanställning, planår 2021." in sthlm
    neutral = Konfiguration.las(ROT / "tests" / "fixtures" / "exempelby" / "parameters")
    skriv_index(utdata, [2021], neutral)
    for sida in (utdata / "2021" / "index.html", utdata / "index.html"):
        text = sida.read_text(encoding="utf-8")
        assert "Kommunens sammanställning" in text and "Stadens" not in text and "Stads" not in text
    assert "Kommunövergripande sammanställning, planår 2021." in (utdata / "2021" / "index.html").read_text(
        encoding="utf-8")
