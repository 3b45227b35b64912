"""The action plan (vbe_lib.rapporter.handlingsplan) and its combined PDF: the seed-002
sections in order, activity tables from the data, a committee grouped by operation,
carried-over activities after `vbe revidera`, texts and their privacy, and the combined
PDF's outline, pages and tags."""
from __future__ import annotations

import datetime as dt
import shutil
import sys
from pathlib import Path

import pikepdf
import pytest

from vbe_lib.indata.aktiviteter import las_namnd
from vbe_lib.indata.dataset import las_data
from vbe_lib.indata.revidera import revidera
from vbe_lib.parametrar.konfiguration import Konfiguration
from vbe_lib.rapporter.handlingsplan import Handlingsplan
from vbe_lib.rapporter.texter import TextFel
from vbe_lib.render.xlsx import skriv_aktivitetsfil

ROT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).parent))


@pytest.fixture(scope="module")
def konf() -> Konfiguration:
    return Konfiguration.las(ROT / "parameters")


@pytest.fixture(scope="module")
def ds(konf):
    return las_data(ROT / "data", konf)


def _text(delar) -> str:
    ut = []
    for d in delar:
        data = getattr(d, "data", None)
        ut.append(data if isinstance(data, str) else d._repr_html_())
    return "\n".join(ut)


def _rubriker(delar, niva: str = "## ") -> list[str]:
    return [str(d.data)[len(niva):].split("\n")[0].strip() for d in delar
            if isinstance(getattr(d, "data", None), str) and str(d.data).startswith(niva)]


@pytest.fixture()
def kopia(tmp_path) -> Path:
    """A copy of the example data that a test may change."""
    mal = tmp_path / "data"
    shutil.copytree(ROT / "data", mal, ignore=shutil.ignore_patterns(".cache"))
    return mal


def test_sodermalm_2021_har_seedens_avsnitt_i_seedens_ordning(konf, ds):
    delar = Handlingsplan.fran(konf, ds, "sodermalm", 2021).alla_avsnitt()
    assert _rubriker(delar) == [
        "Inledning och syfte", "Ansvar och samverkan", "Samverkan kring individer", "Rutin vid oro/händelse",
        "Blankett för avidentifierad information", "Lokal lägesbild", "Förebyggande arbete",
        "Förhindrande arbete", "Föreningsbidrag och upplåtande av lokaler", "Kompetenshöjande insatser",
        "Uppföljning", "Bilagor", "Bilaga 3. Checklista föreningsbidrag"]
    assert _rubriker(delar, "### ") == ["Lägesbilden i korthet", "Förebyggande aktiviteter", "Förhindrande aktiviteter",
                                        "Föreningsbidrag och upplåtande av lokaler", "Kompetenshöjande aktiviteter"]
    t = _text(delar)
    # the lägesbild's own summary, computed (seed 002: 25 → 30), and the references to the appendices
    assert "ökade från 25 till 30" in t
    assert "Bilaga 1. Lägesbild 2021" in t and "Bilaga 2. Uppföljning av handlingsplan 2020" in t
    # the follow-up in one sentence, from the activity file of plan 2020
    assert "Uppföljning av handlingsplan 2020: Av 13 aktiviteter" in t
    assert "Fiktiv exempeltext" in t and "fiktiva exempeldata" in t


def test_aktivitetstabellerna_kommer_fran_filen(konf, kopia):
    lista = las_namnd(kopia, "sodermalm", 2021)
    df = lista.df.copy()
    df.loc[df.index[0], "aktivitet"] = "Nattvandring med föräldrar i Fatburen under hösten"
    lista.fil.unlink()
    skriv_aktivitetsfil(df, kopia / "aktiviteter" / "2021" / "sodermalm.xlsx", dt.date(2021, 1, 1), ["test"])
    plan = Handlingsplan.fran(konf, las_data(kopia, konf, cache=False), "sodermalm", 2021)
    t = _text(plan.avsnitt_aktiviteter())
    assert "Nattvandring med föräldrar i Fatburen under hösten" in t
    # columns as the seeds, Syfte/Mål only where the file has it, carried over marked
    assert "<th scope=\"col\">Aktivitet</th>" in t and "Tidplan" in t and "Uppföljning" in t
    grupp = df.iloc[0]["grupp"]
    tabell = next(d for d in plan.avsnitt_aktiviteter() if getattr(d, "rubrik", "").startswith(grupp))
    assert list(tabell.df.columns)[:2] == ["Aktivitet", "Syfte/Mål"]


def test_namnd_som_grupperar_efter_verksamhet(konf, kopia):
    """Seed 003: a committee whose plan is grouped by operation gets its own groups only."""
    for f in (kopia / "aktiviteter" / "2021").glob("kulturnamnden.*"):
        f.unlink()
    (kopia / "aktiviteter" / "2021" / "kulturnamnden.csv").write_text(
        "Id;Grupp;Aktivitet;Syfte/Mål;Ansvarig;Tidplan;Uppföljning\n"
        "K-1;Integration och arbetsmarknad;Språkcaféer på biblioteken;Mötesplatser;Bibliotekschef;2021;"
        "Verksamhetsberättelse 2021\n"
        "K-2;Utbildning;Studiebesök om demokratins historia;Kunskap;Enhetschef;Våren 2021;"
        "Verksamhetsberättelse 2021\n", encoding="utf-8")
    plan = Handlingsplan.fran(konf, las_data(kopia, konf, cache=False), "kulturnamnden", 2021)
    delar = plan.avsnitt_aktiviteter()
    assert _rubriker(delar) == ["Integration och arbetsmarknad", "Utbildning"]
    assert "Språkcaféer på biblioteken" in _text(delar)


def test_revidera_fyller_nasta_ars_plan(konf, kopia):
    """After `vbe revidera --ar 2021` the 2022 plan lists the carried-over activities,
    marked with the plan year they came from."""
    for f in (kopia / "aktiviteter" / "2022").glob("sodermalm.*"):
        f.unlink()
    revidera(kopia, konf, 2021, ["sodermalm"], byggdatum=dt.date(2022, 1, 10))
    fore = las_namnd(kopia, "sodermalm", 2021).df
    kvar = fore[~fore["status"].isin(["genomford", "installd"])]
    plan = Handlingsplan.fran(konf, las_data(kopia, konf, cache=False), "sodermalm", 2022)
    tabeller = [d for d in plan.avsnitt_aktiviteter() if hasattr(d, "df")]
    rader = [r for t in tabeller for r in t.df.to_dict("records")]
    assert sorted(r["Aktivitet"] for r in rader) == sorted(kvar["aktivitet"])
    assert all(r["Med sedan"] not in ("", "ny") and int(r["Med sedan"]) <= 2021 for r in rader)


def test_utan_aktivitetsfil_sager_planen_det(konf, kopia):
    for f in (kopia / "aktiviteter" / "2021").glob("farsta.*"):
        f.unlink()
    plan = Handlingsplan.fran(konf, las_data(kopia, konf, cache=False), "farsta", 2021)
    t = _text(plan.avsnitt_aktiviteter())
    assert "har ingen aktivitetsfil för handlingsplan 2021" in t and "vbe revidera --ar 2020" in t
    assert "<table" not in t


def test_egen_text_ersatter_gemensam_och_granskas(konf, kopia):
    (kopia / "texter" / "2021" / "sodermalm.md").write_text(
        "## Lokal lägesbild\n\nSöder är en mötesplats för hela staden.\n\n"
        "Kontakta Anna på 070-123 45 67 om du vill veta mer.\n\n"
        "## Inledning och syfte\n\nSödermalms egen inledning.\n", encoding="utf-8")
    plan = Handlingsplan.fran(konf, las_data(kopia, konf, cache=False), "sodermalm", 2021)
    t = _text(plan.alla_avsnitt())
    assert "Södermalms egen inledning." in t
    assert "Med våldsbejakande extremism menas" not in t  # the common introduction is replaced
    assert "Söder är en mötesplats för hela staden." in t
    assert "070-123 45 67" not in t and "[stycke undanhållet]" in t
    assert "Ansvar och samverkan" in t  # the other common sections stay


def test_okant_avsnitt_och_okand_figur_stoppar(konf, kopia):
    (kopia / "texter" / "2021" / "sodermalm.md").write_text(
        "## Lokal lägesbild\n\nAnmälningarna var {{ brott.hets_mot_folkgrupp.finns_inte }}.\n", encoding="utf-8")
    plan = Handlingsplan.fran(konf, las_data(kopia, konf, cache=False), "sodermalm", 2021)
    with pytest.raises(TextFel) as fel:
        plan.avsnitt_lagesbild()
    assert "texter/2021/sodermalm.md" in str(fel.value)
    from vbe_lib.indata.texter import las_textfil

    f = kopia / "texter" / "2021" / "sodermalm.md"
    f.write_text("## Lokal lagesbilden\n\nText.\n", encoding="utf-8")
    problem = las_textfil(f, "texter/2021/sodermalm.md", "sodermalm").problem
    assert any("menade du \"Lokal lägesbild\"" in str(p) and p.rad == 1 for p in problem)


def test_bilaga_fran_kommunens_text_granskas(konf, kopia):
    f = kopia / "texter" / "2021" / "bilagor" / "checklista-foreningsbidrag.md"
    f.write_text(f.read_text(encoding="utf-8") + "\nFrågor till 19850412-1234.\n", encoding="utf-8")
    plan = Handlingsplan.fran(konf, las_data(kopia, konf, cache=False), "sodermalm", 2021)
    t = _text(plan.avsnitt_bilagor())
    assert "Checklistan används" in t and "19850412-1234" not in t and "[stycke undanhållet]" in t
