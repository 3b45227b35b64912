"""Loading and validating activity files (xlsx, csv, yml)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook

from vbe_lib.indata import aktiviteter as las
from vbe_lib.indata.aktiviteter import las_aktiviteter, tolka_status, tolka_tidplan
from vbe_lib.parametrar.konfiguration import Konfiguration
from vbe_lib.parametrar.vocab import STATUSAR

FIX = Path(__file__).parent / "fixtures" / "aktiviteter"
ROT = Path(__file__).resolve().parents[1]
#: Stockholm's vocabularies (parameters/ordlistor/): its free wordings of statuses and groups
STHLM = Konfiguration.las(ROT / "parameters")


def _xlsx(fil: Path, rader: list[list], blad: str = "Aktiviteter", fore: list[list] | None = None) -> Path:
    """An activity sheet written straight with openpyxl, as a coordinator's Excel would."""
    wb = Workbook()
    ws = wb.active
    ws.title = blad
    for r in fore or []:
        ws.append(r)
    for r in rader:
        ws.append(r)
    wb.save(fil)
    return fil


def _texter(problem) -> list[str]:
    return [str(p) for p in problem]


# --------------------------------------------------------------------------- good files
def test_oberoende_excelblad_med_svenska_statusar(tmp_path):
    fil = _xlsx(tmp_path / "sodermalm.xlsx", [
        ["ID", "Grupp", "Aktivitet", "Syfte", "Ansvarig enhetschef", "Tidplan", "Uppföljning", "Status",
         "Kommentar"],
        ["SÖD-2021-01", "Förebyggande aktiviteter:", "Bokcirkel om ”Den hatfulle andre”", "Dela kunskap",
         "Samordnare", "Hösten 2021", "2021-12-31", "Genomförd", "Fyra träffar."],
        ["SÖD-2021-02", "förhindrande", "Samverkan med VBE-teamet", "", "Enhetschefer", "Löpande vid behov",
         "", "pågående", ""],
        ["SÖD-2021-03", "Verksamheten för integration och arbetsmarknad", "Samtalsgrupper med nyanlända",
         "", "Integrationsenheten", dt.datetime(2021, 6, 30), "", "Påbörjad och pågående", ""],
        ["SÖD-2021-04", "Kompetenshöjande", "Webbutbildningen", "", "Enhetschefer", "Våren 2021", "",
         "ej påbörjad", "Vakans."],
        [None, None, None, None, None, None, None, None, None],  # empty row: ignored
        [20214, "Föreningsbidrag och upplåtande av lokaler", "Checklista för föreningsbidrag", "",
         "Kultursekreterare", "2021", "", "", ""],
    ], fore=[["Handlingsplan 2021 – aktiviteter"], []])
    lista = las_aktiviteter(fil, namnd="sodermalm", planar=2021, ordlistor=STHLM)
    assert not lista.fel, _texter(lista.fel)
    df = lista.df
    assert df["id"].tolist() == ["SÖD-2021-01", "SÖD-2021-02", "SÖD-2021-03", "SÖD-2021-04", "20214"]
    assert df["status"].tolist() == ["genomford", "pagaende", "pagaende", "ej_paborjad", None]
    assert df["grupp_nyckel"].tolist() == ["forebyggande", "forhindrande", None, "kompetenshojande",
                                           "foreningsbidrag"]
    assert df["grupp"].tolist()[2] == "Verksamheten för integration och arbetsmarknad"
    assert df["grupp"].tolist()[0] == "Förebyggande aktiviteter"
    assert df["rad"].tolist() == [4, 5, 6, 7, 9]  # Excel row numbers (title rows above the header)
    assert df["tidplan"].tolist()[2] == "2021-06-30"
    assert df["slutdatum"].tolist() == [dt.date(2021, 12, 31), None, dt.date(2021, 6, 30),
                                        dt.date(2021, 6, 30), dt.date(2021, 12, 31)]
    # the free wording is read through the municipality's vocabulary, and it is said how
    assert not lista.varningar
    (t,) = [t for t in lista.tolkningar if t.kolumn == "Status"]
    assert t.rader == [6] and t.varde == "Påbörjad och pågående" and t.tolkad == "Pågående"
    assert str(t).startswith("tolkning: ") and 'lästes som "Pågående" (rad 6)' in str(t)
    assert {(t.kolumn, t.varde) for t in lista.tolkningar} == {
        ("Status", "Påbörjad och pågående"), ("Grupp", "förhindrande"), ("Grupp", "Kompetenshöjande")}
    # without that vocabulary, only the contract's statuses: the text begins with one
    utan = las_aktiviteter(fil, namnd="sodermalm", planar=2021)
    assert utan.df["status"].tolist()[2] == "paborjad" and utan.df["grupp_nyckel"].tolist()[1] is None


def test_csv_och_yml_likvardiga(tmp_path):
    csv = las_aktiviteter(FIX / "egen_plan.csv", planar=2022, ordlistor=STHLM)
    assert not csv.fel, _texter(csv.fel)
    assert len(csv.df) == 4
    assert csv.df["status"].tolist() == ["genomford", "pagaende", "pagaende", "ej_paborjad"]
    assert "\n" in csv.df["aktivitet"][1]  # multi-line cell
    assert csv.df["rad"].tolist() == [2, 3, 4, 5]
    assert [(t.kolumn, t.rader) for t in csv.tolkningar] == [("Grupp", [2]), ("Grupp", [3]), ("Status", [4])]
    yml = las_aktiviteter(FIX / "egen_plan.yml", planar=2023, ordlistor=STHLM)
    assert not yml.fel, _texter(yml.fel)
    assert yml.df["grupp"].tolist() == ["Verksamheten för bibliotek", "Kompetenshöjande aktiviteter"]
    assert yml.df["ursprung"].tolist()[0] == 2022
    assert yml.df["slutdatum"].tolist() == [dt.date(2023, 12, 31), dt.date(2023, 6, 30)]
    assert yml.df["status"].tolist() == ["paborjad", "installd"]


# --------------------------------------------------------------------------- broken files
def test_trasigt_blad_ger_precisa_meddelanden():
    lista = las_aktiviteter(FIX / "trasig_plan.csv", namnd="sodermalm", planar=2021)
    fel = _texter(lista.fel)
    assert len(fel) == 4, fel
    namn = "trasig_plan.csv"
    assert any(namn in f and "rad 3" in f and 'kolumn "Aktivitet"' in f and "saknas" in f for f in fel)
    assert any("rad 4" in f and 'kolumn "Id"' in f and '"A-1"' in f and "rad 2" in f for f in fel)
    assert any("rad 5" in f and 'kolumn "Status"' in f and '"Halvklar"' in f and "'Genomförd'" in f
               for f in fel)
    assert any("rad 6" in f and 'kolumn "Grupp"' in f for f in fel)
    assert all(p.namnd == "sodermalm" for p in lista.fel)
    assert lista.df["id"].tolist() == ["A-1"]  # only the good row remains


@pytest.mark.parametrize("fil, text", [
    ("tom.csv", "filen är tom"),
    ("bara_rubrik.csv", "inga aktiviteter"),
    ("trasig.xlsx", "kunde inte läsas som en Excel-arbetsbok"),
])
def test_tom_och_olasbar_fil(fil, text):
    lista = las_aktiviteter(FIX / fil)
    (p,) = lista.fel
    assert text in str(p) and fil in str(p)


def test_fel_blad(tmp_path):
    fil = _xlsx(tmp_path / "x.xlsx", [["Namn", "Telefon"], ["Kalle", "123"]], blad="Kontakter")
    (p,) = las_aktiviteter(fil).fel
    assert '"Aktiviteter"' in str(p) and '"Kontakter"' in str(p)


def test_saknad_kolumn_och_okand_kolumn(tmp_path):
    fil = _xlsx(tmp_path / "x.xlsx", [["Aktivitet", "Status", "Prioritet"], ["Bokcirkel", "Genomförd", "Hög"]])
    lista = las_aktiviteter(fil)
    (f,) = lista.fel
    assert '"Id"' in str(f) and '"Grupp"' in str(f)
    assert any("Prioritet" in str(v) for v in lista.varningar)


def test_fel_ursprung(tmp_path):
    fil = _xlsx(tmp_path / "x.xlsx", [["Id", "Grupp", "Aktivitet", "Ursprung"],
                                      ["A", "Förebyggande", "X", "förra året"], ["B", "Förebyggande", "Y", 2030]])
    fel = _texter(las_aktiviteter(fil, planar=2021).fel)
    assert any("rad 2" in f and "Ursprung" in f and "förra året" in f for f in fel)
    assert any("rad 3" in f and "2030" in f and "2021" in f for f in fel)


def test_validera_katalog_utan_traceback(tmp_path):
    konf = Konfiguration.las(ROT / "parameters")
    kat = tmp_path / "aktiviteter" / "2021"
    kat.mkdir(parents=True)
    (kat / "sodermalm.csv").write_bytes((FIX / "trasig_plan.csv").read_bytes())
    (kat / "okand_namnd.csv").write_bytes((FIX / "egen_plan.csv").read_bytes())
    (kat / "farsta.xlsx").write_bytes(b"inte excel")
    (kat / "anteckningar.txt").write_text("x")
    problem = las.validera(tmp_path, konf)
    text = "\n".join(map(str, problem))
    assert "okand_namnd" in text and "okänd nämnd" in text
    assert "farsta.xlsx" in text and "Excel" in text
    assert "anteckningar.txt" in text
    assert sum(p.ar_fel for p in problem) == 6  # 4 in sodermalm, unknown committee, unreadable xlsx


def test_kontrollen_ateranvands_tills_en_fil_andras(tmp_path, monkeypatch):
    """``vbe validera``/``vbe rapport`` keep the activity files' problems in the data
    cache: a second run reads no spreadsheet, a changed file is read again."""
    from vbe_lib.indata.validera import validera as validera_allt

    konf = Konfiguration.las(ROT / "parameters")
    kat = tmp_path / "aktiviteter" / "2021"
    kat.mkdir(parents=True)
    (kat / "sodermalm.csv").write_bytes((FIX / "trasig_plan.csv").read_bytes())
    anrop = []
    original = las.validera
    monkeypatch.setattr(las, "validera", lambda *a, **k: anrop.append(a) or original(*a, **k))

    def fel():
        return sorted(str(p) for p in validera_allt(tmp_path, konf, 2021) if "aktiviteter" in str(p))

    forsta = fel()
    assert forsta and len(anrop) == 2  # plan 2021 and plan 2020 (which the follow-up reports)
    assert fel() == forsta and len(anrop) == 2  # from the cache
    (kat / "sodermalm.csv").write_bytes((FIX / "egen_plan.csv").read_bytes())
    andra = fel()
    assert len(anrop) == 4 and andra != forsta  # the changed file was checked again
    assert list((tmp_path / ".cache").glob("aktivitetskontroll-2021-*.vbecache"))


# --------------------------------------------------------------------------- parsing helpers
@pytest.mark.parametrize("text, slut", [
    ("2021", dt.date(2021, 12, 31)),
    ("Under 2021", dt.date(2021, 12, 31)),
    ("Hösten 2021", dt.date(2021, 12, 31)),
    ("Våren 2021", dt.date(2021, 6, 30)),
    ("Sommaren 2022", dt.date(2022, 8, 31)),
    ("2021-09-15", dt.date(2021, 9, 15)),
    ("Klar juni 2019", dt.date(2019, 6, 30)),
    ("190901", dt.date(2019, 9, 1)),
    ("T1 2021", dt.date(2021, 4, 30)),
    ("läsåret 2021/22", dt.date(2022, 6, 30)),
    ("2019–2020", dt.date(2020, 12, 31)),
    ("Genomförs under 2023.", dt.date(2023, 12, 31)),
    ("Löpande vid behov", None),
    ("Löpande sedan 2018", None),
    ("Pågående", None),
    ("Mötesfrekvens 4 ggr/år", None),
    ("När kommunfullmäktige har beslutat om rutinerna", None),
    ("", None),
])
def test_tidplan(text, slut):
    assert tolka_tidplan(text) == slut


@pytest.mark.parametrize("text, nyckel, exakt", [
    ("Genomförd", "genomford", True),
    ("  pågående ", "pagaende", True),
    ("EJ PÅBÖRJAD", "ej_paborjad", True),
    ("Inställd", "installd", True),
    ("Påbörjad och pågående", "pagaende", False),
    ("Genomförs löpande.", "pagaende", False),
    ("Genomförd och fler utbildningar planeras centralt av staden till 2018.", "genomford", False),
    ("Pågående, mötesfrekvens 1 gång/år", "pagaende", False),
    ("Halvklar", None, False),
    ("", None, True),
])
def test_status(text, nyckel, exakt):
    assert tolka_status(text, STHLM.ordlistor.vok(STATUSAR)) == (nyckel, exakt)
