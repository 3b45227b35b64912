"""Tests of the normalised Dataset (vbe_lib.indata.dataset.las_data)."""
from __future__ import annotations

import shutil
import string
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vbe_lib.parametrar import vocab
from vbe_lib.parametrar.konfiguration import Konfiguration
from vbe_lib.indata.dataset import KOLUMNER, Dataset, las_data, tom_ram
from vbe_lib.indata.problem import Problem, problem_for_namnd

ROT = Path(__file__).resolve().parents[1]
GILTIG = Path(__file__).parent / "felaktiga_filer" / "_giltig"


@pytest.fixture(scope="module")
def konf():
    return Konfiguration.las(ROT / "parameters")


@pytest.fixture
def datamapp(tmp_path):
    d = tmp_path / "data"
    shutil.copytree(GILTIG, d)
    return d


@pytest.fixture(scope="module")
def ds(konf, tmp_path_factory):
    d = tmp_path_factory.mktemp("giltig") / "data"
    shutil.copytree(GILTIG, d)
    return las_data(d, konf, cache=False)


def test_inga_fel_i_giltig_mangd(ds):
    assert [str(p) for p in ds.fel] == []


def test_kolumner_och_typer(ds):
    for namn, kolumner in KOLUMNER.items():
        df = getattr(ds, namn)
        assert list(df.columns) == list(kolumner), namn
        for c, d in kolumner.items():
            assert df[c].dtype == d or str(df[c].dtype) == str(d), (namn, c, df[c].dtype, d)


def test_tomma_ramar_har_ratt_typer():
    for namn in KOLUMNER:
        df = tom_ram(namn)
        assert len(df) == 0 and list(df.columns) == list(KOLUMNER[namn])
        assert str(df.dtypes.get("namnd", "str")) in ("str", "string")


def test_saknas_ar_inte_noll(ds):
    b = ds.brott
    sod = b[b.namnd == "sodermalm"].set_index(["ar", "kategori"])["antal"]
    assert sod[(2020, "hogmalsbrott")] == 0
    assert pd.isna(sod[(2020, "terroristbrott")])
    assert b["antal"].dtype == "Int64"
    assert int(b.loc[b.namnd == "hagersten_alvsjo", "antal"].iloc[0]) == 1700  # "1 700"
    assert pd.isna(ds.webbutbildning["anstallda"].iloc[0])


def test_namn_till_slug_och_vokabularnycklar(ds):
    assert set(ds.brott.namnd) == {"sodermalm", "bromma", "hagersten_liljeholmen", "alvsjo", "hagersten_alvsjo"}
    assert list(ds.brott["kategori"].cat.categories) == vocab.BROTTSKATEGORIER.nycklar
    assert list(ds.orosanmalningar["miljo"]) == ["hoger", "vanster"]  # old names are aliases
    assert list(ds.ia["felmarkerad"]) == [False, True, False]
    assert list(ds.blanketter["ar"]) == [2020, 2020]
    assert ds.blanketter["datum"].iloc[1] == pd.Timestamp("2020-09-14")


def test_enkat(ds):
    e = ds.enkat_enheter
    assert len(e[e.ar == 2021]) == 4
    assert e.loc[(e.ar == 2021) & (e.enhet == "Skola A"), "omrade"].item() == "sodermalm"
    assert pd.isna(e.loc[(e.ar == 2021) & (e.enhet == "Föreningen X"), "omrade"].item())
    s = ds.enkat_svar[ds.enkat_svar.ar == 2021]
    kunskap = s[s.fraga_id == "kunskap"].sort_values("enhet")
    assert sorted(kunskap.varde) == [2.0, 3.0, 4.0, 5.0]
    plan = s[s.fraga_id == "kand_plan"].set_index("enhet")
    assert plan.loc["Förskolan Månen", "varde"] == 0.0 and bool(plan.loc["Förskolan Månen", "vet_ej"])
    andel = s[s.fraga_id == "andel_plan"].set_index("enhet")
    assert andel.loc["Förskolan Solen", "varde"] == pytest.approx(50.5)  # decimal comma
    assert "Föreningen X" not in andel.index  # empty cell = not answered, no row
    fri = s[s.fraga_id == "ovrigt"]
    assert list(fri.text) == ["Bra arbete"] and fri.varde.isna().all()
    f = ds.enkat_fragor
    assert set(f.ar) == {2020, 2021}
    assert f.loc[(f.ar == 2021) & (f.fraga_id == "kand_plan"), "matt"].item() == "kannedom_chef:handlingsplan"
    t = ds.enkat_tillfragade
    assert t.loc[(t.namnd == "sodermalm") & (t.grupp == "extern"), "antal"].item() == 40
    assert ds.enkat_handelser["antal"].tolist() == [2]


def test_filer_exempeldata_polistext(ds):
    assert "brott.csv" in ds.filer and "enkat/2021/svar.csv" in ds.filer and "polis/2021/sodermalm.md" in ds.filer
    assert all(len(h) == 64 for h in ds.filer.values())
    assert ds.exempeldata is True
    assert ds.polistext("sodermalm", 2021).startswith("Polisen ser")
    assert ds.polistext("bromma", 2021) is None


def test_saknad_valfri_fil_ger_varning_och_tom_ram(datamapp, konf):
    (datamapp / "sammankomster.csv").unlink()
    ds = las_data(datamapp, konf, cache=False)
    assert len(ds.sammankomster) == 0
    assert list(ds.sammankomster.columns) == list(KOLUMNER["sammankomster"])
    assert ds.sammankomster["antal"].dtype == "Int64"
    v = [p for p in ds.problem if p.fil == "sammankomster.csv"]
    assert len(v) == 1 and v[0].allvarlighet == "varning"
    assert not ds.fel


def test_felaktiga_rader_tas_bort_och_har_namnd(datamapp, konf):
    text = (datamapp / "brott.csv").read_text(encoding="utf-8")
    text += "Bromma,2020,Högmålsbrott,-4\nSödermal,2020,Terroristbrott,1\nNorrmalm,2024,Hets mot folkgrupp,1\n"
    (datamapp / "brott.csv").write_text(text, encoding="utf-8")
    ds = las_data(datamapp, konf, cache=False)
    assert len(ds.brott) == 8  # the three bad rows are dropped
    fel = {p.rad: p for p in ds.fel}
    assert fel[10].namnd == "bromma" and fel[10].kolumn == "Antal"
    # unknown name: the row may be any committee's ("menade du" is only a guess), so it
    # stops every report that uses brott.csv
    assert fel[11].namnd is None and fel[11].kalla == "brott" and "menade du 'Södermalms" in str(fel[11])
    assert fel[12].namnd == "norrmalm" and "fanns inte år 2024" in str(fel[12])
    assert [p.rad for p in problem_for_namnd(ds.problem, "bromma")] == [10, 11]
    assert [p.rad for p in problem_for_namnd(ds.problem, "kungsholmen")] == [11]
    # predecessors' errors stop the successor's report
    assert [p.rad for p in ds.problem_for_namnd("norra_innerstaden", konf)] == [11, 12]


def test_filfel_galler_alla_namnder(datamapp, konf):
    (datamapp / "brott.csv").unlink()
    ds = las_data(datamapp, konf, cache=False)
    assert [p.fil for p in problem_for_namnd(ds.problem, "kungsholmen")] == ["brott.csv"]


def test_xlsx_i_stallet_for_csv(datamapp, konf):
    import openpyxl

    (datamapp / "sammankomster.csv").unlink()
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in [["Område", "År", "Tillstånd", "Antal"], ["Södermalm", 2020, "Tillståndsgivna", 62]]:
        ws.append(r)
    wb.save(datamapp / "sammankomster.xlsx")
    ds = las_data(datamapp, konf, cache=False)
    assert ds.sammankomster[["namnd", "ar", "tillstand", "antal"]].astype(object).values.tolist() == [
        ["sodermalm", 2020, "tillstand", 62]]
    assert "sammankomster.xlsx" in ds.filer


def _svar_tvilling(src: Path, dst: Path) -> None:
    """A semicolon, Windows-1252, decimal-comma copy of a comma/UTF-8/decimal-point export."""
    import csv
    import io

    rows = list(csv.reader(io.StringIO(src.read_text(encoding="utf-8"))))
    ut = io.StringIO()
    w = csv.writer(ut, delimiter=";", lineterminator="\r\n")
    for r in rows:
        w.writerow([c.replace(".", ",") if c.replace(".", "").isdigit() else c for c in r])
    dst.write_bytes(ut.getvalue().encode("cp1252"))


def test_semikolon_cp1252_tvilling_laddas_lika(tmp_path, konf):
    a = tmp_path / "a"
    (a / "enkat" / "2021").mkdir(parents=True)
    shutil.copy(GILTIG / "brott.csv", a / "brott.csv")
    shutil.copy(GILTIG / "enkat/2021/fragor.csv", a / "enkat/2021/fragor.csv")
    svar = ("Nämnd,Område,Grupp,Avdelning,Enhet,Kunskapsnivå,Känner till handlingsplanen,"
            "Andel medarbetare handlingsplan,Övrigt\n"
            "Södermalm,Södermalm,intern,Förskola,Förskolan Åsen,3,Ja,50.5,\n"
            "Södermalm,Södermalm,intern,Förskola,Förskolan Månen,4,Vet ej,20,Bra – mycket bra\n"
            "Södermalm,,extern,,Föreningen Ö,2,Nej,12.25,\n")
    (a / "enkat/2021/svar.csv").write_text(svar, encoding="utf-8")
    (a / "enkat/2021/tillfragade.csv").write_text(
        "Nämnd,Grupp,Avdelning,Antal tillfrågade\nSödermalm,intern,Förskola,1200\nSödermalm,extern,,40\n",
        encoding="utf-8")
    b = tmp_path / "b"
    shutil.copytree(a, b)
    for rel in ("brott.csv", "enkat/2021/fragor.csv", "enkat/2021/svar.csv", "enkat/2021/tillfragade.csv"):
        _svar_tvilling(a / rel, b / rel)
    # thousands separator with a non-breaking space in the Windows copy
    tf = (b / "enkat/2021/tillfragade.csv").read_bytes().replace(b"1200", "1\u00a0200".encode("cp1252"))
    (b / "enkat/2021/tillfragade.csv").write_bytes(tf)
    assert b";" in (b / "enkat/2021/svar.csv").read_bytes() and b"50,5" in (b / "enkat/2021/svar.csv").read_bytes()
    da, db = las_data(a, konf, cache=False), las_data(b, konf, cache=False)
    assert not da.fel and not db.fel
    for namn in KOLUMNER:
        pd.testing.assert_frame_equal(getattr(da, namn), getattr(db, namn), obj=namn)
    assert da.enkat_svar.loc[da.enkat_svar.fraga_id == "andel_plan", "varde"].tolist() == [50.5, 20.0, 12.25]


def test_cache(datamapp, konf):
    ds1 = las_data(datamapp, konf, cache=True)
    assert list((datamapp / ".cache").glob("dataset-*.vbecache"))
    ds2 = las_data(datamapp, konf, cache=True)
    pd.testing.assert_frame_equal(ds1.enkat_svar, ds2.enkat_svar)
    assert ".cache" not in "".join(ds2.filer)
    with open(datamapp / "brott.csv", "a", encoding="utf-8") as fh:
        fh.write("Kungsholmen,2020,Hets mot folkgrupp,9\n")
    ds3 = las_data(datamapp, konf, cache=True)
    assert "kungsholmen" in set(ds3.brott.namnd) and ds3.filer["brott.csv"] != ds1.filer["brott.csv"]


def test_datamapp_saknas(tmp_path, konf):
    ds = las_data(tmp_path / "finns_inte", konf, cache=False)
    assert isinstance(ds, Dataset) and ds.fel and len(ds.brott) == 0


# ------------------------------------------------------------------ property-based, per source loader
_cell = st.one_of(
    st.text(alphabet=string.ascii_letters + string.digits + " åäöÅÄÖ,;\"-/%:", max_size=10),
    st.sampled_from(["Södermalm", "Bromma (Sthlm)", "Järva", "2020", "-3", "1 700", "3,5", "Ja", "Vet ej",
                     "2020-02-30", "Hets mot folkgrupp", "intern", "Vit makt", "Klotter", ""]),
)
_kallor = {
    "brott.csv": ["Område", "År", "Brottskategori", "Antal"],
    "ia.csv": ["Nämnd", "Datum", "Miljö", "Händelsetyp", "Felmarkerad"],
    "webbutbildning.csv": ["Nämnd", "År", "Förvaltning", "Genomförda", "Pågående", "Antal anställda"],
    "enkat/2021/svar.csv": ["Nämnd", "Område", "Grupp", "Avdelning", "Enhet", "Kunskapsnivå",
                            "Känner till handlingsplanen", "Andel medarbetare handlingsplan", "Övrigt"],
    "enkat/2021/tillfragade.csv": ["Nämnd", "Grupp", "Avdelning", "Antal tillfrågade"],
    "enkat/2021/fragor.csv": ["Fråga-id", "Mått", "Frågetext", "Typ", "Kolumn"],
}


@st.composite
def kallfil(draw):
    fil = draw(st.sampled_from(sorted(_kallor)))
    rubriker = list(_kallor[fil])
    if draw(st.booleans()):
        rubriker = draw(st.permutations(rubriker))[: draw(st.integers(1, len(rubriker)))]
    rubriker = [draw(st.sampled_from([r, r.upper(), f" {r} ", r.replace("å", "a")])) for r in rubriker]
    n = len(rubriker)
    rader = draw(st.lists(st.lists(_cell, min_size=n - 1, max_size=n + 1), max_size=6))
    sep = draw(st.sampled_from([",", ";"]))
    enc = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]))

    def rad(c):
        return sep.join('"' + x.replace('"', '""') + '"' if (sep in x or '"' in x) else x for x in c)

    return fil, ("\n".join([rad(rubriker)] + [rad(r) for r in rader]) + "\n").encode(enc, errors="replace")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(fall=kallfil())
def test_laddare_tal_slumpfiler(tmp_path_factory, konf, fall):
    fil, data = fall
    d = tmp_path_factory.mktemp("slump")
    # only the file under test (and the catalogue it needs), so that each example is fast
    for rel in ("enkat/2021/fragor.csv", "enkat/2021/svar.csv"):
        if fil.startswith("enkat/"):
            (d / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(GILTIG / rel, d / rel)
    (d / fil).parent.mkdir(parents=True, exist_ok=True)
    (d / fil).write_bytes(data)
    ds = las_data(d, konf, cache=False)
    assert all(isinstance(p, Problem) for p in ds.problem)
    for p in ds.problem:
        assert str(p)
    for namn, kolumner in KOLUMNER.items():
        assert list(getattr(ds, namn).columns) == list(kolumner)
