"""vbe importera (issue 17): the fixture exports import into exactly the example data,
mappings, previews, refusals and messages.

Comparisons: the table sources and the survey row for row after normalisation (the
normalised frames of ``las_data`` for the imported folder and for ``data/``, sorted; an
export spells names and labels its own way, so the bytes differ); the police texts
byte for byte.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from vbe_lib.indata.dataset import las_data
from vbe_lib.indata.importera import ImportFel, importera
from vbe_lib.parametrar.konfiguration import Konfiguration

ROT = Path(__file__).resolve().parents[1]
DATA = ROT / "data"
AR = 2021


@pytest.fixture(scope="module")
def konf():
    return Konfiguration.las(ROT / "parameters")


@pytest.fixture(scope="module")
def exporter(tmp_path_factory, konf):
    from vbe_lib.exempeldata.exporter import generera_exporter

    ut = tmp_path_factory.mktemp("exporter")
    generera_exporter(ut, DATA, konf, enkatar=[AR, AR + 1], polisar=[AR])
    return ut


@pytest.fixture(scope="module")
def exempel(konf):
    return las_data(DATA, konf, cache=False)


def _tom_datamapp(tmp_path: Path, katalog: bool = True) -> Path:
    d = tmp_path / "data"
    (d / "enkat" / str(AR)).mkdir(parents=True)
    if katalog:
        shutil.copyfile(DATA / "enkat" / str(AR) / "fragor.csv", d / "enkat" / str(AR) / "fragor.csv")
    return d


def _jamfor(a: pd.DataFrame, b: pd.DataFrame) -> None:
    kol = [c for c in a.columns if c not in ("fil", "rad")]
    x = a[kol].astype(str).sort_values(kol).reset_index(drop=True)
    y = b[kol].astype(str).sort_values(kol).reset_index(drop=True)
    assert len(x) == len(y)
    pd.testing.assert_frame_equal(x, y)


def _imp(konf, kalla, fil, d, **kw):
    res = importera(kalla, fil, konf, d, ROT / "parameters", **kw)
    assert not res.forhandsvisning.fel, [str(p) for p in res.forhandsvisning.fel]
    assert res.skrivning is not None and res.skrivning.utfall == "skriven", res.skrivning
    assert not [p for p in res.skrivning.problem if p.ar_fel]
    return res


STADSKALLOR = [("brott", "brott.xlsx"), ("brott", "brott-pxweb.csv"), ("brott", "brott.px"), ("brott", "brott.json"),
               ("sammankomster", "sammankomster.csv"), ("orosanmalningar", "orosanmalningar.xlsx"),
               ("blanketter", "blanketter.xlsx"), ("ia", "ia.xlsx"), ("klotter", "klotter.csv"),
               ("webbutbildning", "webbutbildning.xlsx")]


@pytest.mark.parametrize("kalla,fil", STADSKALLOR, ids=[f for _, f in STADSKALLOR])
def test_varje_stadsexport_blir_exempelfilen(kalla, fil, exporter, exempel, konf, tmp_path):
    d = _tom_datamapp(tmp_path)
    _imp(konf, kalla, exporter / fil, d)
    ds = las_data(d, konf, cache=False)
    assert not [p for p in ds.problem if p.ar_fel and p.fil.startswith(kalla)]
    _jamfor(getattr(exempel, kalla), getattr(ds, kalla))


def test_brott_med_rubrikrader_och_fotnoter_sparar_tabellens_uppgifter(exporter, konf, tmp_path):
    from vbe_lib.indata.kallmetadata import las_kallmetadata

    d = _tom_datamapp(tmp_path)
    res = _imp(konf, "brott", exporter / "brott.xlsx", d)
    fv = res.forhandsvisning
    assert fv.rubrikrad == 5 and "bred" in fv.form
    assert any("fotnoter" in s for s in fv.hoppade) and any("summarad" in s for s in fv.hoppade)
    meta = las_kallmetadata(d, "brott")
    assert meta["titel"].startswith("Anmälda brott") and meta["kalla"].startswith("Brottsförebyggande rådet")
    assert meta["symboler"][".."] == "uppgift saknas"
    _imp(konf, "brott", exporter / "brott.px", d, skriv_over=True)
    meta = las_kallmetadata(d, "brott")
    assert meta["tabell"] == "BRA0101F" and meta["enhet"] == "antal" and meta["importerad_fran"] == "brott.px"
    assert any("fiktiv" in n.casefold() for n in meta["fotnoter"])


def test_enkatexporterna_blir_exempelfilerna(exporter, exempel, konf, tmp_path):
    d = _tom_datamapp(tmp_path)
    kat = exporter / "enkat" / str(AR)
    res = _imp(konf, "enkat", kat / "enkatsvar.xlsx", d, ar=AR)
    assert "1 - Ingen kunskap" in res.forhandsvisning.varden["skala"]
    _imp(konf, "tillfragade", kat / "utskick.xlsx", d, ar=AR)
    _imp(konf, "handelser", kat / "handelser.csv", d, ar=AR)
    ds = las_data(d, konf, cache=False)
    assert not [str(p) for p in ds.problem if p.ar_fel and p.fil.startswith("enkat")]
    for namn in ("enkat_enheter", "enkat_svar", "enkat_tillfragade", "enkat_handelser", "enkat_fragor"):
        a = getattr(exempel, namn)
        _jamfor(a[a["ar"] == AR], getattr(ds, namn))


def test_polisens_word_blir_exempeltexten_byte_for_byte(exporter, konf, tmp_path):
    d = _tom_datamapp(tmp_path)
    for docx in sorted((exporter / "polis" / str(AR)).glob("*.docx")):
        _imp(konf, "polis", docx, d, ar=AR)
    filer = sorted(p.name for p in (DATA / "polis" / str(AR)).glob("*.md"))
    assert filer == sorted(p.name for p in (d / "polis" / str(AR)).glob("*.md"))
    for f in filer:
        assert (d / "polis" / str(AR) / f).read_bytes() == (DATA / "polis" / str(AR) / f).read_bytes(), f


def test_polisens_word_med_rubriker_och_lista_blir_markdown(exporter, konf, tmp_path):
    d = _tom_datamapp(tmp_path)
    _imp(konf, "polis", exporter / "polis" / "exempel-med-rubriker-och-lista.docx", d, ar=AR, namnd="Södermalm")
    from vbe_lib.exempeldata.exporter import EXEMPEL_MED_LISTA

    text = (d / "polis" / str(AR) / "sodermalm.md").read_text(encoding="utf-8")
    assert text == EXEMPEL_MED_LISTA.replace("1. Fortsätt", "1. Fortsätt").replace("2. Sanera", "2. Sanera")
    assert "\n- Flygblad i brevlådor vid två tillfällen.\n" in text and "\n2. Sanera" in text


def test_polistext_som_text_och_personuppgifter_varnas_med_rad(konf, tmp_path):
    d = _tom_datamapp(tmp_path)
    txt = tmp_path / "bromma.txt"
    txt.write_bytes("Läget är lugnt.\r\n\r\nVi har sett:\r\n• affischer\r\n• klistermärken\r\n\r\n"
                    "Ring Kalle på 070-123 45 67 om något händer.\r\n".encode("cp1252"))
    res = importera("polis", txt, konf, d, ROT / "parameters", ar=AR)
    assert (d / "polis" / str(AR) / "bromma.md").read_text(encoding="utf-8") == (
        "Läget är lugnt.\n\nVi har sett:\n\n- affischer\n- klistermärken\n\nRing Kalle på 070-123 45 67 om något händer.\n")
    varningar = [p for p in res.forhandsvisning.problem if not p.ar_fel]
    assert len(varningar) == 1 and varningar[0].rad == 8 and "personuppgifter" in str(varningar[0])


def test_omformulerad_fraga_ger_menade_du_och_inget_skrivs(exporter, konf, tmp_path):
    import openpyxl

    d = _tom_datamapp(tmp_path)
    wb = openpyxl.load_workbook(exporter / "enkat" / str(AR) / "enkatsvar.xlsx")
    ws = wb.active
    gammal = ws.cell(1, 10).value
    ws.cell(1, 10).value = gammal.replace("Känner du som chef till", "Känner du till")
    wb.save(tmp_path / "omformulerad.xlsx")
    res = importera("enkat", tmp_path / "omformulerad.xlsx", konf, d, ROT / "parameters", ar=AR)
    fel = [str(p) for p in res.forhandsvisning.fel]
    assert len(fel) == 1, fel
    assert "rad 1" in fel[0] and "menade du" in fel[0] and gammal in fel[0] and "blad \"Svar\"" in fel[0]
    assert res.skrivning is None and not (d / "enkat" / str(AR) / "svar.csv").exists()
    # a normalised comparison finds a header that differs only in case, spacing and punctuation
    ws.cell(1, 10).value = "  " + gammal.upper().replace("?", " ?") + " "
    wb.save(tmp_path / "versaler.xlsx")
    res = importera("enkat", tmp_path / "versaler.xlsx", konf, d, ROT / "parameters", ar=AR)
    assert not res.forhandsvisning.fel and "1 efter normalisering" in " ".join(res.forhandsvisning.noteringar)


def test_ny_katalog_ateranvander_tidigare_ars_id(exporter, konf, tmp_path):
    d = _tom_datamapp(tmp_path)
    res = importera("enkat", exporter / "enkat" / str(AR + 1) / "enkatsvar.xlsx", konf, d, ROT / "parameters",
                    ar=AR + 1, ny_katalog=True)
    assert res.skrivning.utfall == "skriven"
    ny = pd.read_csv(d / "enkat" / str(AR + 1) / "fragor.csv", dtype=str).fillna("")
    facit = pd.read_csv(DATA / "enkat" / str(AR + 1) / "fragor.csv", dtype=str).fillna("")
    gemensamma = set(facit["Frågetext"]) & set(pd.read_csv(DATA / "enkat" / str(AR) / "fragor.csv")["Frågetext"])
    assert gemensamma
    for _, r in facit[facit["Frågetext"].isin(gemensamma)].iterrows():
        rad = ny[ny["Frågetext"] == r["Frågetext"]].iloc[0]
        assert (rad["Fråga-id"], rad["Mått"], rad["Typ"]) == (r["Fråga-id"], r["Mått"], r["Typ"])


def test_andra_importen_utan_skriv_over_andrar_ingenting(exporter, konf, tmp_path):
    d = _tom_datamapp(tmp_path)
    _imp(konf, "brott", exporter / "brott.xlsx", d)
    fore = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in d.glob("brott*")}
    res = importera("brott", exporter / "brott.xlsx", konf, d, ROT / "parameters")
    assert res.skrivning.utfall == "oforandrad"
    res = importera("brott", exporter / "brott.px", konf, d, ROT / "parameters")
    assert res.skrivning.utfall == "finns" and set(res.skrivning.befintliga) == {"brott.csv", "brott.kalla.yml"}
    assert {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in d.glob("brott*")} == fore
    assert not list(d.glob(".importera-*"))


def test_cli_forhandsvisning_och_vagran(exporter, tmp_path):
    from typer.testing import CliRunner

    from vbe_lib.cli import _registrera, app

    _registrera()
    d = _tom_datamapp(tmp_path)
    r = CliRunner()
    arg = ["importera", "sammankomster", str(exporter / "sammankomster.csv"), "--data", str(d),
           "--parametrar", str(ROT / "parameters")]
    ut = r.invoke(app, arg)
    assert ut.exit_code == 0, ut.output
    assert "Förhandsgranskning" in ut.output and "rubrikrad: rad 4" in ut.output and "Skrev" in ut.output
    ut = r.invoke(app, arg[:2] + [str(exporter / "brott.px")] + arg[3:])
    assert ut.exit_code == 1 and "Tillstånd" in ut.output  # a crime cube is not a gatherings table
    (d / "sammankomster.csv").write_text("Område,År,Tillstånd,Antal\n", encoding="utf-8")
    ut = r.invoke(app, arg)
    assert ut.exit_code == 1 and "--skriv-over" in ut.output
    assert (d / "sammankomster.csv").read_text(encoding="utf-8") == "Område,År,Tillstånd,Antal\n"


def test_trasig_fil_ger_svenskt_fel_utan_traceback(tmp_path):
    from typer.testing import CliRunner

    from vbe_lib.cli import _registrera, app

    _registrera()
    d = _tom_datamapp(tmp_path)
    for namn, innehall in (("brott.px", b'TITLE="x";\nDATA=\n1 2 3\n'), ("brott.json", b"{inte json"),
                           ("brott.xlsx", b"PK\x03\x04trasig")):
        (tmp_path / namn).write_bytes(innehall)
        ut = CliRunner().invoke(app, ["importera", "brott", str(tmp_path / namn), "--data", str(d),
                                      "--parametrar", str(ROT / "parameters")])
        assert ut.exit_code == 1, ut.output
        assert "Traceback" not in ut.output and namn in ut.output and "Ingenting skrevs" in ut.output


def test_okant_namn_och_varde_ger_menade_du(konf, tmp_path):
    d = _tom_datamapp(tmp_path)
    f = tmp_path / "brott.csv"
    f.write_text("Område;År;Brottskategori;Antal\nSödermal;2020;Hets mot folkgrupp;3\n"
                 "Farsta;2020;Hets mot folkgrup;2\nFarsta;2020;Hets mot folkgrupp;x\n", encoding="utf-8")
    res = importera("brott", f, konf, d, ROT / "parameters")
    fel = sorted(str(p) for p in res.forhandsvisning.fel)
    assert len(fel) == 2 and res.skrivning is None
    assert "rad 2" in fel[0] and "menade du 'Södermalms stadsdelsnämnd'" in fel[0]
    assert "rad 3" in fel[1] and "menade du 'Hets mot folkgrupp'" in fel[1]
    assert res.forhandsvisning.symboler == {("x", "skyddad"): 1}


def test_egen_mappning_lang_tabell_med_etiketter(konf, tmp_path):
    d = _tom_datamapp(tmp_path)
    (tmp_path / "import").mkdir()
    (tmp_path / "import" / "orosanmalningar.yml").write_text(
        "blad: Data\nkolumner:\n  namnd: Socialkontor\n  Miljö: Extremism\n  typ: Slag\n  antal: Barn\n"
        "konstanter:\n  ar: '2020'\nvarden:\n  typ:\n    OA: Orosanmälan\n    ÄR: Ärende\n"
        "symboler:\n  '*': skyddad\n", encoding="utf-8")
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    for r in (["Socialkontor", "Slag", "Extremism", "Barn"], ["Farsta", "OA", "Vit makt", 2],
              ["Farsta", "ÄR", "Vit makt", "*"]):
        ws.append(r)
    wb.save(tmp_path / "soc.xlsx")
    shutil.copytree(ROT / "parameters" / "namnder", tmp_path / "namnder")
    shutil.copyfile(ROT / "parameters" / "kommun.yml", tmp_path / "kommun.yml")
    res = importera("orosanmalningar", tmp_path / "soc.xlsx", konf, d, tmp_path)
    assert res.skrivning.utfall == "skriven", [str(p) for p in res.forhandsvisning.problem]
    assert (d / "orosanmalningar.csv").read_text(encoding="utf-8") == (
        "Nämnd,År,Typ,Miljö,Antal\nFarsta,2020,Orosanmälan om barn och unga,Våldsbejakande högerextremism,2\n"
        "Farsta,2020,Ärende hos socialtjänsten,Våldsbejakande högerextremism,\n")


@pytest.mark.parametrize("yml,ord_", [
    ("kolumner: [\n", "ogiltig YAML"),
    ("kolumer:\n  namnd: Område\n", "okänt fält"),
    ("kolumner:\n  stadsdel: Område\n", "okänd kolumn 'stadsdel'"),
    ("symboler:\n  '..': borta\n", "otillåtet värde"),
    ("form: tvär\n", "otillåtet värde"),
])
def test_felaktig_mappning_ger_svenska_fel(yml, ord_, konf, tmp_path):
    (tmp_path / "import").mkdir()
    (tmp_path / "import" / "brott.yml").write_text(yml, encoding="utf-8")
    (tmp_path / "x.csv").write_text("a\n1\n", encoding="utf-8")
    with pytest.raises(ImportFel) as e:
        importera("brott", tmp_path / "x.csv", konf, tmp_path / "data", tmp_path)
    text = "\n".join(e.value.meddelanden)
    assert ord_ in text and "brott.yml" in text


def test_read_rows_titelrad_och_semikolon(tmp_path):
    from vbe_lib.indata.lasning import read_rows

    f = tmp_path / "t.csv"
    f.write_bytes('"Titel, med komma"\r\n\r\nOmråde;År\r\nSöder;2020\r\n'.encode("cp1252"))
    rader, problem = read_rows(f)
    assert problem == [] and rader == [["Titel, med komma"], [], ["Område", "År"], ["Söder", "2020"]]


def _ett_ar(tmp_path: Path, ar: int, plus: int) -> Path:
    """A long CSV export of one year of brott.csv, every count ``plus`` higher."""
    rader = (DATA / "brott.csv").read_text(encoding="utf-8").splitlines()
    ut = [rader[0]]
    for r in rader[1:]:
        omr, a, kat, antal = r.split(",")
        if a == str(ar):
            ut.append(",".join([omr, a, kat, str(int(antal) + plus) if antal else ""]))
    fil = tmp_path / f"brott-{ar}.csv"
    fil.write_text("\n".join(ut) + "\n", encoding="utf-8")
    return fil


def test_byt_ar_ersatter_bara_exportens_ar(exporter, exempel, konf, tmp_path):
    """A one-year export into a file with the whole series: with --byt-ar only that
    year's rows are replaced, every other year is kept as it was; without it nothing is
    written (the file exists), and with --skriv-over alone the series would be lost."""
    d = _tom_datamapp(tmp_path)
    _imp(konf, "brott", exporter / "brott.xlsx", d)
    export = _ett_ar(tmp_path, 2020, 1)
    res = importera("brott", export, konf, d, ROT / "parameters")
    assert res.skrivning.utfall == "finns"
    res = _imp(konf, "brott", export, d, byt_ar=True)
    (notering,) = [n for n in res.forhandsvisning.noteringar if n.startswith("--byt-ar")]
    assert "39 rader för 2020" in notering and "2010–2019, 2021–2024 behålls" in notering, notering
    ny = las_data(d, konf, cache=False).brott
    gammal = exempel.brott
    _jamfor(gammal[gammal["ar"] != 2020], ny[ny["ar"] != 2020])
    a = gammal[gammal["ar"] == 2020].sort_values(["namnd", "kategori"])["antal"].astype("Int64").to_numpy()
    b = ny[ny["ar"] == 2020].sort_values(["namnd", "kategori"])["antal"].astype("Int64").to_numpy()
    assert [x + 1 for x in a] == list(b)
    # the table's own details of the full series are kept (the export has none)
    assert (d / "brott.kalla.yml").is_file()
    # the same export again: nothing changes
    assert importera("brott", export, konf, d, ROT / "parameters", byt_ar=True).skrivning.utfall == "oforandrad"


def test_byt_ar_galler_inte_arsfiler_och_kraver_kolumnerna(exporter, konf, tmp_path):
    d = _tom_datamapp(tmp_path)
    with pytest.raises(ImportFel, match="--byt-ar"):
        importera("enkat", exporter / "enkat-2021.xlsx", konf, d, ROT / "parameters", ar=AR, byt_ar=True)
    (d / "brott.csv").write_text("Område,År,Antal\nFarsta,2019,3\n", encoding="utf-8")
    res = importera("brott", _ett_ar(tmp_path, 2020, 0), konf, d, ROT / "parameters", byt_ar=True)
    assert res.skrivning is None and any('"Brottskategori"' in str(p) for p in res.forhandsvisning.fel)
    assert (d / "brott.csv").read_text(encoding="utf-8") == "Område,År,Antal\nFarsta,2019,3\n"


def test_ny_serie_utan_tabelluppgifter_tar_bort_forra_importens(exporter, konf, tmp_path):
    """--skriv-over with an export without title and footnotes: the earlier import's
    brott.kalla.yml (its title, source and footnotes) would describe a table that is no
    longer there, so it is removed; a hand-written one is kept."""
    d = _tom_datamapp(tmp_path)
    _imp(konf, "brott", exporter / "brott.xlsx", d)
    assert (d / "brott.kalla.yml").is_file()
    res = _imp(konf, "brott", DATA / "brott.csv", d, skriv_over=True)
    assert res.skrivning.borttagna == ["brott.kalla.yml"] and not (d / "brott.kalla.yml").exists()
    assert any("tas bort" in n for n in res.forhandsvisning.noteringar)
    egen = "titel: Anmälda brott, egen beskrivning\n"
    (d / "brott.kalla.yml").write_text(egen, encoding="utf-8")
    res = _imp(konf, "brott", _ett_ar(tmp_path, 2020, 2), d, skriv_over=True)
    assert res.skrivning.borttagna == [] and (d / "brott.kalla.yml").read_text(encoding="utf-8") == egen


def test_polisens_word_med_tabell_och_sammanslagna_celler(konf, tmp_path):
    """A table in the police's Word document becomes a Markdown table (a merged cell once,
    not repeated in every column or row it spans) and a table in the lägesbild."""
    from docx import Document

    dok = Document()
    dok.add_paragraph("Händelser under året (fiktivt exempel):")
    t = dok.add_table(rows=4, cols=3)
    t.cell(0, 0).text, t.cell(0, 1).text = "Plats", "Händelser"
    t.cell(0, 1).merge(t.cell(0, 2))
    t.cell(1, 1).text, t.cell(1, 2).text = "Klotter", "Affischer"
    t.cell(2, 0).text, t.cell(2, 1).text, t.cell(2, 2).text = "Centrum", "3", "1"
    t.cell(3, 1).text, t.cell(3, 2).text = "2", "0"
    t.cell(2, 0).merge(t.cell(3, 0))
    dok.add_paragraph("Läget bedöms som oförändrat.")
    fil = tmp_path / "farsta.docx"
    dok.save(fil)
    d = _tom_datamapp(tmp_path)
    _imp(konf, "polis", fil, d, ar=AR)
    md = (d / "polis" / str(AR) / "farsta.md").read_text(encoding="utf-8")
    assert ("| Plats | Händelser |  |\n|---|---|---|\n|  | Klotter | Affischer |\n| Centrum | 3 | 1 |\n"
            "|  | 2 | 0 |") in md, md
    assert md.count("Händelser") == 2 and md.count("Centrum") == 1
    from vbe_lib.render.html import _markdown_till_html

    fel: list[str] = []
    html = _markdown_till_html(md, 1, fel)  # the way the lägesbild renders the police's text
    assert not fel and "<table>" in html and "<td>Centrum</td>" in html and "Läget bedöms som oförändrat." in html


def test_import_som_dor_mitt_i_bytet_slutfors_av_nasta(exporter, konf, tmp_path, monkeypatch):
    """The process dies after brott.csv is in place but before brott.kalla.yml: the journal
    and the staged file stay, the data folder's validation names the unfinished import as
    an error (no report from a half-written pair), and the next vbe importera finishes it."""
    from vbe_lib.indata.importera import gemensam
    from vbe_lib.indata.kallmetadata import las_kallmetadata

    d = _tom_datamapp(tmp_path)
    _imp(konf, "brott", exporter / "brott.xlsx", d)
    fore = (d / "brott.kalla.yml").read_bytes()
    riktig, anrop = gemensam.os.replace, []

    def dor(a, b):
        anrop.append(Path(b).name)
        if Path(b).name == "brott.kalla.yml":
            raise SystemExit("dödad mitt i bytet")
        return riktig(a, b)

    monkeypatch.setattr(gemensam.os, "replace", dor)
    with pytest.raises(SystemExit):
        importera("brott", exporter / "brott.px", konf, d, ROT / "parameters", skriv_over=True)
    monkeypatch.setattr(gemensam.os, "replace", riktig)
    assert "brott.csv" in anrop and (d / "brott.kalla.yml").read_bytes() == fore  # half: new csv, old details
    (journal,) = d.glob(".importera-pagaende-*.json")
    fel = [p for p in las_data(d, konf, cache=True).problem if p.ar_fel]
    assert [(p.fil, p.kalla) for p in fel] == [(journal.name, "brott")] and "vbe importera" in str(fel[0])
    res = importera("brott", exporter / "brott.px", konf, d, ROT / "parameters", skriv_over=True)
    assert res.slutforda == ["brott.csv", "brott.kalla.yml"] and res.skrivning.utfall == "oforandrad"
    assert las_kallmetadata(d, "brott")["importerad_fran"] == "brott.px"
    assert not list(d.glob(".importera-*")) and not [p for p in las_data(d, konf).problem if p.ar_fel]


def test_en_journal_som_pekar_utanfor_datamappen_rors_inte(konf, tmp_path):
    """A journal is input like any file in data/: one that names a folder or file outside
    the data folder moves and removes nothing, and stays an error until removed."""
    import json

    d = _tom_datamapp(tmp_path)
    utanfor = tmp_path / "viktig.txt"
    utanfor.write_text("rörs inte\n", encoding="utf-8")
    for journal in ({"stage": ".importera-1-ab", "filer": [], "ta_bort": ["../viktig.txt"]},
                    {"stage": "..", "filer": ["brott.csv"], "ta_bort": []}):
        f = d / ".importera-pagaende-x.json"
        f.write_text(json.dumps(journal), encoding="utf-8")
        from vbe_lib.indata.importjournal import slutfor_avbrutna

        assert slutfor_avbrutna(d) == [] and f.is_file() and utanfor.is_file()
        assert any(p.fil == f.name and p.ar_fel for p in las_data(d, konf, cache=False).problem)
