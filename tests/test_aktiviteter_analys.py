"""Follow-up analysis of activities: counts, tables, past timelines, changes, sentences."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from vbe_lib.analys import aktiviteter as analys
from vbe_lib.presentation import text_uppfoljning
from vbe_lib.rapporter import uppfoljning
from vbe_lib.indata.aktiviteter import ram, tolka_tidplan
from vbe_lib.parametrar.konfiguration import Konfiguration

ROT = Path(__file__).resolve().parents[1]


def _df(rader):
    """rader: (id, grupp, status, tidplan)."""
    return ram([{"id": i, "grupp": g, "aktivitet": f"Aktivitet {i}", "ansvarig": "Samordnare", "tidplan": t,
                 "slutdatum": tolka_tidplan(t), "status": s, "kommentar": f"K {i}" if s else "", "syfte": "",
                 "uppfoljning": "", "status_text": "", "historik": "", "ursprung": None, "rad": n + 2}
                for n, (i, g, s, t) in enumerate(rader)])


PLAN = _df([
    ("A1", "Kompetenshöjande aktiviteter", "genomford", "2020"),
    ("A2", "Förebyggande aktiviteter", "pagaende", "Hösten 2020"),
    ("A3", "Verksamheten för utbildning", "ej_paborjad", "Våren 2020"),
    ("A4", "Förebyggande aktiviteter", "genomford", "Löpande"),
    ("A5", "Förebyggande aktiviteter", None, "2021"),
    ("A6", "Kompetenshöjande aktiviteter", "installd", "2020"),
])


def test_grupper_ordning_och_rakning():
    assert analys.grupper(PLAN) == ["Förebyggande aktiviteter", "Kompetenshöjande aktiviteter",
                                    "Verksamheten för utbildning"]
    r = analys.statusrakning(PLAN)
    assert list(r.columns) == ["Genomförd", "Pågående", "Påbörjad", "Ej påbörjad", "Inställd", "Ingen status",
                               "Totalt"]
    assert r.loc["Förebyggande aktiviteter"].tolist() == [1, 1, 0, 0, 0, 1, 3]
    assert r.loc["Totalt"].tolist() == [2, 1, 0, 1, 1, 1, 6]
    utan = analys.statusrakning(PLAN[PLAN["status"].notna()])
    assert "Ingen status" not in utan.columns


def test_tabeller_i_fröernas_kolumnordning():
    t = analys.tabeller(PLAN)
    assert list(t) == analys.grupper(PLAN)
    f = t["Förebyggande aktiviteter"]
    assert list(f.columns) == ["Aktivitet", "Ansvarig", "Tidplan", "Status", "Kommentar"]
    assert f["Status"].tolist() == ["Pågående", "Genomförd", ""]
    assert sum(len(d) for d in t.values()) == len(PLAN)


def test_forsenade():
    f = analys.forsenade(PLAN, dt.date(2021, 1, 1))
    assert f["Aktivitet"].tolist() == ["Aktivitet A2", "Aktivitet A3"]  # A5 ends 2021, A4 ongoing
    assert analys.forsenade(PLAN, dt.date(2022, 1, 1))["Aktivitet"].tolist()[-1] == "Aktivitet A5"


def test_forandringar():
    ny = _df([("A2", "Förebyggande aktiviteter", None, "2021"), ("A3", "Verksamheten för utbildning", None, "2021"),
              ("A5", "Förebyggande aktiviteter", None, "2021"), ("B1", "Förebyggande aktiviteter", None, "2021")])
    f = analys.forandringar(PLAN, ny)
    d = dict(zip(f["id"], f["forandring"]))
    assert d == {"A2": "overford", "A3": "overford", "A5": "overford", "B1": "ny",
                 "A1": "borttagen", "A4": "borttagen", "A6": "borttagen"}
    t = analys.forandringstabell(f)
    assert t["Förändring"].tolist() == ["Överförd"] * 3 + ["Ny"] + ["Finns inte kvar"] * 3
    assert t["Status i föregående plan"].tolist()[-3:] == ["Genomförd", "Genomförd", "Inställd"]


# --------------------------------------------------------------------------- sentences
def _a(**kw):
    return {"genomford": 0, "pagaende": 0, "paborjad": 0, "ej_paborjad": 0, "installd": 0, None: 0,
            **{k if k != "ingen" else None: v for k, v in kw.items()}}


@pytest.mark.parametrize("antal, mening", [
    (_a(genomford=9, pagaende=3, ej_paborjad=2), "Av 14 aktiviteter är 9 genomförda, 3 pågår och 2 har inte påbörjats."),
    (_a(), "Planen innehöll inga aktiviteter."),
    (_a(genomford=1), "Den enda aktiviteten är genomförd."),
    (_a(pagaende=1), "Den enda aktiviteten pågår."),
    (_a(paborjad=1), "Den enda aktiviteten har påbörjats."),
    (_a(ej_paborjad=1), "Den enda aktiviteten har inte påbörjats."),
    (_a(installd=1), "Den enda aktiviteten är inställd."),
    (_a(ingen=1), "Den enda aktiviteten saknar status."),
    (_a(genomford=2), "Båda aktiviteterna är genomförda."),
    (_a(pagaende=2), "Båda aktiviteterna pågår."),
    (_a(ej_paborjad=2), "Ingen av de två aktiviteterna har påbörjats."),
    (_a(ingen=2), "Ingen av de två aktiviteterna har någon status."),
    (_a(genomford=5), "Samtliga 5 aktiviteter är genomförda."),
    (_a(paborjad=3), "Samtliga 3 aktiviteter har påbörjats."),
    (_a(installd=4), "Samtliga 4 aktiviteter är inställda."),
    (_a(ej_paborjad=7), "Ingen av de 7 aktiviteterna har påbörjats."),
    (_a(ingen=12), "Ingen av de 12 aktiviteterna har någon status."),
    (_a(genomford=1, pagaende=1), "Av 2 aktiviteter är 1 genomförd och 1 pågår."),
    (_a(pagaende=3, ej_paborjad=2), "Av 5 aktiviteter pågår 3 och 2 har inte påbörjats."),
    (_a(paborjad=1, installd=1), "Av 2 aktiviteter har 1 påbörjats och 1 är inställd."),
    (_a(ej_paborjad=2, installd=2), "Av 4 aktiviteter har 2 inte påbörjats och 2 är inställda."),
    (_a(installd=1, ingen=3), "Av 4 aktiviteter är 1 inställd och 3 saknar status."),
    (_a(genomford=1, pagaende=1, paborjad=1, ej_paborjad=1, installd=1, ingen=1),
     "Av 6 aktiviteter är 1 genomförd, 1 pågår, 1 har påbörjats, 1 har inte påbörjats, 1 är inställd "
     "och 1 saknar status."),
    (_a(genomford=1200, pagaende=34), "Av 1\u00a0234 aktiviteter är 1\u00a0200 genomförda och 34 pågår."),
])
def test_mening_status(antal, mening):
    assert text_uppfoljning.mening_status(antal) == mening


def test_mening_status_fran_dataframe():
    assert text_uppfoljning.mening_status(PLAN) == ("Av 6 aktiviteter är 2 genomförda, 1 pågår, 1 har inte påbörjats, "
                                          "1 är inställd och 1 saknar status.")


@pytest.mark.parametrize("n, mening", [
    (0, "Ingen aktivitet i handlingsplan 2020 hade passerat sin tidplan den 1 januari 2021 utan att vara "
        "genomförd eller inställd."),
    (1, "En aktivitet i handlingsplan 2020 hade passerat sin tidplan den 1 januari 2021 utan att vara "
        "genomförd eller inställd."),
    (3, "3 aktiviteter i handlingsplan 2020 hade passerat sin tidplan den 1 januari 2021 utan att vara "
        "genomförda eller inställda."),
])
def test_mening_forsenade(n, mening):
    assert text_uppfoljning.mening_forsenade(n, 2020, dt.date(2021, 1, 1)) == mening


@pytest.mark.parametrize("ny, overford, borttagen, mening", [
    (4, 6, 5, "Handlingsplan 2021 har 10 aktiviteter: 6 är överförda från handlingsplan 2020 och 4 är nya. "
              "5 aktiviteter från handlingsplan 2020 finns inte kvar."),
    (1, 1, 1, "Handlingsplan 2021 har 2 aktiviteter: 1 är överförd från handlingsplan 2020 och 1 är ny. "
              "En aktivitet från handlingsplan 2020 finns inte kvar."),
    (0, 0, 0, "Handlingsplan 2021 har inga aktiviteter."),
    (0, 0, 3, "Handlingsplan 2021 har inga aktiviteter. 3 aktiviteter från handlingsplan 2020 finns inte kvar."),
    (1, 0, 0, "Handlingsplan 2021 har en aktivitet, som är ny."),
    (0, 1, 0, "Handlingsplan 2021 har en aktivitet, som är överförd från handlingsplan 2020. "
              "Alla aktiviteter från handlingsplan 2020 finns kvar."),
    (5, 0, 2, "Handlingsplan 2021 har 5 aktiviteter, som samtliga är nya. "
              "2 aktiviteter från handlingsplan 2020 finns inte kvar."),
    (0, 5, 0, "Handlingsplan 2021 har 5 aktiviteter, som samtliga är överförda från handlingsplan 2020. "
              "Alla aktiviteter från handlingsplan 2020 finns kvar."),
])
def test_mening_forandringar(ny, overford, borttagen, mening):
    assert text_uppfoljning.mening_forandringar(ny, overford, borttagen, 2020, 2021) == mening


# --------------------------------------------------------------------------- sections
def _html(delar) -> str:
    return "\n".join(d._repr_html_() for d in delar)


def test_namnd_utan_aktivitetsfil_far_en_mening(tmp_path):
    konf = Konfiguration.las(ROT / "parameters")
    u = uppfoljning.las_uppfoljning(tmp_path, konf, "sodermalm", 2021)
    assert u.saknas
    inledning = uppfoljning.avsnitt_inledning(u)
    assert len(inledning) == 2
    assert "Södermalms stadsdelsnämnd har ingen aktivitetsfil för handlingsplan 2020" in inledning[1].text
    for f in (uppfoljning.avsnitt_status, uppfoljning.avsnitt_tabeller, uppfoljning.avsnitt_forsenade,
              uppfoljning.avsnitt_forandringar):
        assert f(u) == []


def test_sammanslagen_namnd_foljer_upp_foregangarna():
    konf = Konfiguration.las(ROT / "parameters")
    assert sorted(analys.foregaende_planer(konf, "hagersten_alvsjo", 2021)) == ["alvsjo", "hagersten_liljeholmen"]
    assert analys.foregaende_planer(konf, "sodermalm", 2021) == ["sodermalm"]
    u = uppfoljning.las_uppfoljning(ROT / "data", konf, "hagersten_alvsjo", 2021)
    assert not u.saknas and set(u.df["namnd"]) == {"alvsjo", "hagersten_liljeholmen"}
    text = _html(uppfoljning.avsnitt_inledning(u))
    assert "Älvsjö" in text and "Hägersten-Liljeholmen" in text


def test_rubriker_namnger_aren():
    konf = Konfiguration.las(ROT / "parameters")
    u = uppfoljning.las_uppfoljning(ROT / "data", konf, "sodermalm", 2021)
    delar = (uppfoljning.avsnitt_inledning(u) + uppfoljning.avsnitt_status(u) + uppfoljning.avsnitt_tabeller(u)
             + uppfoljning.avsnitt_forsenade(u) + uppfoljning.avsnitt_forandringar(u))
    text = _html(delar)
    assert "Uppföljning av handlingsplan 2020, redovisad i handlingsplan 2021" in text
    for d in delar:
        rubrik = getattr(d, "rubrik", None) or getattr(d, "bildtext", None)
        if rubrik:
            assert "2020" in rubrik, rubrik
