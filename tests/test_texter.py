"""The committees' own texts: files, figures by name, placement, privacy, approval and staleness.

Hand-made texts for two committees (Södermalm, a district, and Utbildningsnämnden, a
specialist committee) and a common ``_kommun.md``, on the example dataset; the texts live
in a temporary folder (the dataset is loaded once, its ``data_dir`` pointed there)."""
from __future__ import annotations

import dataclasses
import html
import io
import re
from pathlib import Path

import pytest

from vbe_lib.bygg.godkannande import godkann, manifestdel, textstatus_for
from vbe_lib.bygg.planera import indata_for_namnd
from vbe_lib.indata import texter as it
from vbe_lib.indata.dataset import las_data
from vbe_lib.parametrar.konfiguration import Konfiguration
from vbe_lib.rapporter import texter as rt
from vbe_lib.rapporter.lagesbild import Lagesbild
from vbe_lib.rapporter.textkontroll import kontrollera_texter

REPO = Path(__file__).resolve().parents[1]
NBSP = "\u00a0"


@pytest.fixture(scope="module")
def konf():
    return Konfiguration.las(REPO / "parameters")


@pytest.fixture(scope="module")
def ds(konf):
    return las_data(REPO / "data", konf, cache=True)


@pytest.fixture
def data(tmp_path):
    """A data folder for texts; the police's texts are the example's."""
    (tmp_path / "polis").symlink_to(REPO / "data" / "polis")
    (tmp_path / "texter" / "2021").mkdir(parents=True, exist_ok=True)
    return tmp_path


def skriv(data: Path, namn: str, text: str, ar: int = 2021) -> Path:
    p = data / "texter" / str(ar) / namn
    p.write_text(text, encoding="utf-8")
    return p


def rapport(konf, ds, data, slug="sodermalm", planar=2021, **andrat) -> Lagesbild:
    return Lagesbild.fran(konf, dataclasses.replace(ds, data_dir=data, **andrat), slug, planar)


def text_av(delar) -> list[str]:
    return [d.data if isinstance(getattr(d, "data", None), str) else type(d).__name__ for d in delar]


def sektion(lb: Lagesbild, nyckel: str) -> list:
    metod = next(getattr(lb, n) for n in dir(type(lb))
                 if getattr(getattr(type(lb), n), "textavsnitt", None) == nyckel)
    return metod()


# ----------------------------------------------------------------- the sections are the report's
def test_avsnitten_ar_rapportens_rubriker(konf, ds, data):
    """Every section key is a decorated section of the lägesbild, and its heading is the
    one the report prints; without texts the sections are what they were."""
    lb = rapport(konf, ds, data)
    dekorerade = {getattr(getattr(Lagesbild, n), "textavsnitt", None): n for n in dir(Lagesbild)}
    assert set(it.AVSNITT) <= set(dekorerade)
    for nyckel, rubrik in it.AVSNITT.items():
        metod = getattr(Lagesbild, dekorerade[nyckel])
        delar = metod(lb)
        if nyckel not in it.UTAN_RUBRIK:
            assert delar[0].data == f"## {rubrik}", nyckel
        # no text: exactly the undecorated parts
        assert text_av(delar) == text_av(metod.__wrapped__(lb))


# ----------------------------------------------------------------- reading files
def test_fil_rubriker_lage_och_kommentarer(tmp_path):
    p = tmp_path / "x.md"
    p.write_text("<!-- anteckning\nsom inte publiceras -->\n## sammanfattning\n\nEn egen mening.\n\n"
                 '## Anmälningar om hets mot folkgrupp\nläge: ersätt\n\nBrotten {{ brott.hets_mot_folkgrupp.senaste }}.\n',
                 encoding="utf-8")
    tf = it.las_textfil(p, "texter/2021/sodermalm.md", "sodermalm")
    assert not tf.problem
    assert list(tf.avsnitt) == ["sammanfattning", "brott"]
    s, b = tf.avsnitt["sammanfattning"], tf.avsnitt["brott"]
    assert (s.rad, s.lage, s.text) == (3, "efter", "En egen mening.")
    assert (b.rad, b.lage, b.forsta_rad) == (7, "ersatt", 10)
    assert b.figurer() == [(10, "brott.hets_mot_folkgrupp.senaste")]
    assert "anteckning" not in s.text + b.text


def test_fil_fel_namnger_fil_och_rad(tmp_path):
    p = tmp_path / "x.md"
    p.write_text("Text utan rubrik.\n## Klottr\nx\n## Klotter\nläge: byt\n\ny {{ klotter.antal\n"
                 "## Klotter\nigen\n## Polisens kartläggning\nläge: ersätt\n\nz\n## Sammanfattning\n\n"
                 "# Stor rubrik\n", encoding="utf-8")
    fel = [str(x) for x in it.las_textfil(p, "texter/2021/sodermalm.md", "sodermalm").problem]
    assert any(f.startswith("texter/2021/sodermalm.md, rad 1: texten står före första ##-rubriken") for f in fel)
    assert 'texter/2021/sodermalm.md, rad 2: okänt avsnitt "Klottr" – menade du "Klotter"?' in fel
    assert any(f.startswith('texter/2021/sodermalm.md, rad 5: läget "byt" finns inte') for f in fel)
    assert any(f.startswith("texter/2021/sodermalm.md, rad 7: {{ och }} ska stå parvis") for f in fel)
    assert any(f.startswith('texter/2021/sodermalm.md, rad 8: avsnittet "Klotter" finns redan på rad 4') for f in fel)
    assert any(f.startswith('texter/2021/sodermalm.md, rad 11: avsnittet "Polisens kartläggning" kan inte ersättas')
               for f in fel)
    assert any(f.startswith('texter/2021/sodermalm.md, rad 14: avsnittet "Sammanfattning" har ingen text')
               for f in fel)
    assert any(f.startswith('texter/2021/sodermalm.md, rad 16: rubriken "# Stor rubrik" har en #') for f in fel)


def test_filnamn_kontrolleras(konf, data):
    skriv(data, "sodermalmm.md", "## Klotter\n\nx\n")
    skriv(data, "alvsjo.md", "## Klotter\n\nx\n")
    skriv(data, "utbildningsnamnden.godkannande.yml", "texter: {}\nfigurer: {}\n")
    fel = {p.fil: p for p in it.kontrollera_filer(data, konf, 2021)}
    assert str(fel["texter/2021/sodermalmm.md"]).endswith("– menade du sodermalm.md?")
    assert fel["texter/2021/sodermalmm.md"].namnd == "sodermalm"
    assert not fel["texter/2021/alvsjo.md"].ar_fel and "menade du hagersten_alvsjo.md?" in str(fel["texter/2021/alvsjo.md"])
    assert "godkännandet gäller ingen text" in str(fel["texter/2021/utbildningsnamnden.godkannande.yml"])


# ----------------------------------------------------------------- figures
def test_figurer_med_rapportens_format(konf, ds, data):
    """Seed 002's figures, formatted as the report formats them; the dataframe for
    JupyterLab lists the same."""
    k = rt.figurkatalog(rapport(konf, ds, data))
    visat = {n: f.visat for n, f in k.items()}
    assert visat["enkat.intern.kunskap.medel"] == "3,07"
    assert visat["enkat.intern.kunskap.median"] == "3"
    assert visat["enkat.intern.svar"] == "27"
    assert visat["enkat.extern.kunskap.medel"] == "2,90"
    assert visat["brott.hets_mot_folkgrupp.foregaende"] == "25"
    assert visat["brott.hets_mot_folkgrupp.senaste"] == "30"
    assert visat["brott.hets_mot_folkgrupp.forandring"] == "+5"
    assert visat["brott.hets_mot_folkgrupp.forandring_procent"] == f"+20{NBSP}%"
    assert [visat[f"blanketter.{a}"] for a in (2018, 2019, 2020)] == ["1", "5", "3"]
    assert visat["blanketter.antal"] == "3"
    assert visat["ia.antal"] == "3" and visat["ia.staden"] == "104"
    assert visat["sammankomster.tillstand.senaste"] == "62"
    assert visat["webbutbildning.genomforda"] == "152" and visat["webbutbildning.anstallda"] == f"1{NBSP}700"
    assert visat["rapport.dataar"] == "2020"
    assert k["enkat.intern.kunskap.medel"].rubrik == "Enkät om våldsbejakande extremism"
    df = rt.figurer(rapport(konf, ds, data), avsnitt="Klotter")
    assert list(df.columns) == ["namn", "värde", "avsnitt", "beskrivning", "kan_citeras"]
    assert set(df["avsnitt"]) == {"Klotter"} and "klotter.antal" in set(df["namn"])


@pytest.mark.parametrize("slug", ["sodermalm", "utbildningsnamnden", "hagersten_alvsjo"])
def test_varje_figur_star_i_sitt_avsnitt(konf, ds, data, slug):
    """Every figure (other than zero, missing and hidden ones) is printed, as the
    catalogue formats it, in the section it names: same analysis, same format."""
    lb = rapport(konf, ds, data, slug)
    harledda = {"blanketter.forandring", "blanketter.forandring_procent"}  # the change of the forms' series
    text: dict[str, str] = {}
    for nyckel in it.AVSNITT:
        delar = []
        for d in sektion(lb, nyckel):
            if hasattr(d, "_repr_html_"):
                delar.append(html.unescape(re.sub(r"<img[^>]*>", "", d._repr_html_())))
            if isinstance(getattr(d, "data", None), str):
                delar.append(d.data)
            delar += [getattr(d, a) for a in ("bildtext", "alt") if isinstance(getattr(d, a, None), str)]
        text[nyckel] = "\n".join(delar)
    saknas = [(f.namn, f.visat) for f in rt.figurkatalog(lb).values()
              if not f.dold and f.visat not in ("0", "..") and f.namn not in harledda and f.visat not in text[f.avsnitt]]
    assert not saknas


def test_dolda_figurer_ar_rapportens_dolda(konf, ds, data):
    """Counts of persons the report hides are hidden in the catalogue, shown as the report shows them."""
    lb = rapport(konf, ds, data)
    k = rt.figurkatalog(lb)
    assert k["orosanmalningar.arenden.senaste"].dold and k["orosanmalningar.arenden.senaste"].visat == "färre än 3"
    assert not k["orosanmalningar.senaste"].dold and k["orosanmalningar.senaste"].visat == "0"
    ht = lb.handelsetabell("intern")
    for m in ht.dolda_miljoer:
        assert k[f"enkat.intern.handelser.miljo.{m}"].dold
    assert k["enkat.extern.handelser.antal"].dold == lb.handelsetabell("extern").dold_total


# ----------------------------------------------------------------- two committees, common text
SODERMALM = """\
## Sammanfattning

Kunskapsnivån i de egna verksamheterna har medelvärdet {{ enkat.intern.kunskap.medel }}.
Hets mot folkgrupp förändrades med {{ brott.hets_mot_folkgrupp.forandring }} \
({{ brott.hets_mot_folkgrupp.forandring_procent }}).

## Klotter
läge: ersätt

Förvaltningen tolkar {{ klotter.antal }} anmälningar som en följd av valrörelsen.
"""

KOMMUN = """\
## Inledning

Staden har en gemensam inledning för {{ rapport.planar }}.

## Klotter

Gemensam text om klotter.

## Allmänna sammankomster

Gemensam text om sammankomster.
"""

UTBILDNING = """\
## Enkät om våldsbejakande extremism

Skolorna svarade i högre grad än förra året.
"""


def test_tva_namnder_med_gemensam_text(konf, ds, data, capsys):
    skriv(data, "sodermalm.md", SODERMALM)
    skriv(data, "_kommun.md", KOMMUN)
    skriv(data, "utbildningsnamnden.md", UTBILDNING)

    sod = rapport(konf, ds, data)
    s = text_av(sod.avsnitt_sammanfattning())
    assert s[0] == "## Sammanfattning" and s[1].startswith("Antalet anmälda brott om hets")  # generated first
    assert s[2] == ("Kunskapsnivån i de egna verksamheterna har medelvärdet 3,07.\n"
                    f"Hets mot folkgrupp förändrades med +5 (+20{NBSP}%).")
    k = text_av(sod.avsnitt_klotter())
    # replaced: the own text instead of the generated sentences, tables and charts kept
    assert k[:2] == ["## Klotter", "Förvaltningen tolkar 17 anmälningar som en följd av valrörelsen."]
    assert k[2:] == ["Tabell", "Figur", "Tabell"]
    assert not any("Gemensam text om klotter" in x for x in k)          # the committee's own section wins
    assert "Gemensam text om sammankomster." in text_av(sod.avsnitt_sammankomster())
    inl = text_av(sod.inledning())
    assert inl[-1] == "Staden har en gemensam inledning för 2021."
    assert "utkast: texter/2021/sodermalm.md och texter/2021/_kommun.md är inte godkänd" in capsys.readouterr().err

    utb = rapport(konf, ds, data, "utbildningsnamnden")
    e = text_av(utb.avsnitt_enkat())
    assert e[0] == "## Enkät om våldsbejakande extremism" and e[1].startswith("Enkäten besvarades under 2021")
    assert e[2] == "Skolorna svarade i högre grad än förra året." and e[3].startswith("### ")
    assert "Gemensam text om klotter." in text_av(utb.avsnitt_klotter())
    assert utb.avsnitt_sammankomster() == []  # a common section the committee's report does not have
    assert rt.hjalp(utb, "enkat")[0].text.startswith("texter/2021/utbildningsnamnden.md, rad 1–3")


def test_exemplet_i_dokumentationen_fungerar(konf, ds, data):
    """The example text in docs/texter.md is a valid Södermalm 2021 text."""
    doc = (REPO / "docs" / "texter.md").read_text(encoding="utf-8")
    exempel = re.search(r"```markdown\n(.*?)```", doc, re.S).group(1)
    skriv(data, "sodermalm.md", exempel)
    assert kontrollera_texter(data, konf, 2021, dataclasses.replace(ds, data_dir=data)) == []
    k = text_av(rapport(konf, ds, data).avsnitt_klotter())
    assert k[1].startswith("Under 2020 anmäldes 17 klotter.") and k[2:] == ["Tabell", "Figur", "Tabell"]


# ----------------------------------------------------------------- errors
def test_okanda_och_saknade_figurer_och_avsnitt(konf, ds, data):
    skriv(data, "utbildningsnamnden.md", "## Klotter\n\nAntal {{ klotter.antl }}, brott "
                                         "{{ brott.hets_mot_folkgrupp.senaste }}, {{ okand.figur }}.\n\n"
                                         "## Allmänna sammankomster\n\nx\n")
    fel = [str(p) for p in kontrollera_texter(data, konf, 2021, dataclasses.replace(ds, data_dir=data))]
    f = "texter/2021/utbildningsnamnden.md"
    assert any(x.startswith(f'{f}, rad 3: figuren "klotter.antl" finns inte i rapporten för Utbildningsnämnden 2021 '
                            "– menade du klotter.antal?") for x in fel)
    assert any(x.startswith(f"{f}, rad 3: figuren brott.hets_mot_folkgrupp.senaste finns inte för Utbildningsnämnden: "
                            "nämnden redovisar inte anmälda brott") for x in fel)
    assert any(x.startswith(f'{f}, rad 3: okänd figur "okand.figur"') for x in fel)
    assert any(x.startswith(f'{f}, rad 5: avsnittet "Allmänna sammankomster" finns inte i rapporten för '
                            "Utbildningsnämnden") for x in fel)
    with pytest.raises(rt.TextFel) as exc:
        rapport(konf, ds, data, "utbildningsnamnden").avsnitt_klotter()
    assert "klotter.antl" in str(exc.value)


def test_undertryckt_figur_kan_inte_citeras(konf, ds, data, capsys):
    skriv(data, "sodermalm.md", "## Orosanmälningar\n\nSocialtjänsten hade {{ orosanmalningar.arenden.senaste }} "
                                "ärenden.\n")
    lb = rapport(konf, ds, data)
    with pytest.raises(rt.TextFel) as exc:
        lb.avsnitt_orosanmalningar()
    assert str(exc.value) == ("texter/2021/sodermalm.md, rad 3: figuren orosanmalningar.arenden.senaste visas inte i "
                              "rapporten (färre än 3), för att skydda enskilda personer, och kan därför inte citeras.")
    with pytest.raises(rt.TextFel):  # every later section too: the text is never half published
        lb.avsnitt_klotter()
    assert "vbe-texter" not in capsys.readouterr().err
    g = godkann(konf, dataclasses.replace(ds, data_dir=data), "sodermalm", 2021, __import__("datetime").date(2026, 1, 2))
    assert g.fel and g.fil is None and not it.godkannande_fil(data, "sodermalm", 2021).exists()


def test_personnummer_i_texten_undanhalls(konf, ds, data, capsys):
    skriv(data, "sodermalm.md", "## Klotter\n\nFörsta stycket visas.\n\nRing Anna på 850412-1234 om klottret.\n")
    k = text_av(rapport(konf, ds, data).avsnitt_klotter())
    assert "Första stycket visas.\n\n[stycke undanhållet]" in k
    assert "*1 stycke har undanhållits eftersom det kunde innehålla personuppgifter.*" in k
    err = capsys.readouterr().err
    assert "vbe-integritet: texter/2021/sodermalm.md, rad 5: stycke undanhållet (personnummer)" in err
    assert "850412" not in err and not any("850412" in x for x in k)
    varn = [p for p in kontrollera_texter(data, konf, 2021, dataclasses.replace(ds, data_dir=data))]
    assert [str(p) for p in varn] == ["varning: texter/2021/sodermalm.md, rad 5: stycket kan innehålla personuppgifter "
                                      "(personnummer) och visas inte i rapporten."]


# ----------------------------------------------------------------- approval and staleness
def _andra_ett_svar(ds):
    """One internal Södermalm unit answers knowledge level 5 instead of its answer."""
    s = ds.enkat_svar.copy()
    rad = s.index[(s["ar"] == 2021) & (s["namnd"] == "sodermalm") & (s["grupp"] == "intern")
                  & (s["matt"] == "kunskapsniva") & (s["varde"] < 5)][0]
    s.loc[rad, "varde"] = 5.0
    return s


def test_godkann_andrad_data_och_nytt_godkannande(konf, ds, data, capsys):
    import datetime as dt

    skriv(data, "sodermalm.md", SODERMALM)
    lb = rapport(konf, ds, data)
    lb.inledning()
    assert "vbe-texter: utkast: texter/2021/sodermalm.md är inte godkänd" in capsys.readouterr().err

    g = godkann(konf, dataclasses.replace(ds, data_dir=data), "sodermalm", 2021, dt.date(2026, 1, 2))
    assert not g.fel and g.fil == it.godkannande_fil(data, "sodermalm", 2021)
    sparat, problem = it.las_godkannande(g.fil, "x")
    assert not problem and sparat.datum == "2026-01-02"
    assert sparat.figurer["enkat.intern.kunskap.medel"] == "3,07"
    assert sparat.texter == {"texter/2021/sodermalm.md": it.sha256_text((data / "texter/2021/sodermalm.md").read_bytes())}
    rapport(konf, ds, data).inledning()
    assert "vbe-texter: godkänd: texter/2021/sodermalm.md godkändes 2026-01-02" in capsys.readouterr().err
    again = godkann(konf, dataclasses.replace(ds, data_dir=data), "sodermalm", 2021, dt.date(2026, 1, 3))
    assert again.redan and again.fil is None and it.las_godkannande(g.fil, "x")[0].datum == "2026-01-02"

    # one survey answer changes: the cited mean changes, the text is stale
    andrat = _andra_ett_svar(ds)
    rapport(konf, ds, data, enkat_svar=andrat).inledning()
    err = capsys.readouterr().err
    rad = next(r for r in err.splitlines() if r.startswith("vbe-texter: "))
    assert re.fullmatch(r"vbe-texter: utkast: texter/2021/sodermalm\.md, rad 3: figuren enkat\.intern\.kunskap\.medel "
                        r"var 3,07 när texten godkändes 2026-01-02, nu är den 3,\d\d – läs texten igen och kör "
                        r"'vbe godkann --namnd sodermalm --ar 2021'\.", rad), rad
    varningar = ["lagesbild: texter: " + rad[len("vbe-texter: "):]]
    assert it.ar_utkast(varningar) and "har ändrats sedan texten godkändes" in it.utkast_text(varningar)
    assert it.tolka_status(varningar)["inaktuella_figurer"] == ["enkat.intern.kunskap.medel"]

    # approved again with the new value: current again
    ny = godkann(konf, dataclasses.replace(ds, data_dir=data, enkat_svar=andrat), "sodermalm", 2021, dt.date(2026, 1, 4))
    assert ny.fil is not None and ny.tidigare == {"enkat.intern.kunskap.medel": "3,07"}
    rapport(konf, ds, data, enkat_svar=andrat).inledning()
    assert "vbe-texter: godkänd: texter/2021/sodermalm.md godkändes 2026-01-04" in capsys.readouterr().err

    # the text itself changes: a draft again
    skriv(data, "sodermalm.md", SODERMALM + "\nEn ny mening.\n")
    rapport(konf, ds, data, enkat_svar=andrat).inledning()
    assert "utkast: texter/2021/sodermalm.md har ändrats sedan texten godkändes 2026-01-04" in capsys.readouterr().err
    skriv(data, "_kommun.md", KOMMUN)
    rapport(konf, ds, data, enkat_svar=andrat).inledning()
    assert ("utkast: texter/2021/sodermalm.md har ändrats, texter/2021/_kommun.md har tillkommit sedan texten "
            "godkändes 2026-01-04") in capsys.readouterr().err


def test_status_i_manifestet_och_beroenden(konf):
    indata = {"data/texter/2021/sodermalm.md": "a", "data/texter/2021/sodermalm.godkannande.yml": "b",
              "data/texter/2021/_kommun.md": "c", "data/texter/2021/farsta.md": "d", "data/brott.csv": "e"}
    egna = indata_for_namnd(indata, "sodermalm", konf)
    assert set(egna) == {"data/texter/2021/sodermalm.md", "data/texter/2021/sodermalm.godkannande.yml",
                         "data/texter/2021/_kommun.md", "data/brott.csv"}
    assert "data/texter/2021/sodermalm.godkannande.yml" not in indata_for_namnd(indata, "farsta", konf)
    assert indata_for_namnd(indata, "_stad", konf) == {"data/brott.csv": "e"}  # the city summary has no texts
    v = ["lagesbild: texter: utkast: texter/2021/sodermalm.md är inte godkänd – kör …"]
    m = manifestdel(v, egna, "sodermalm", 2021)
    assert m == {"status": "utkast", "inaktuella_figurer": [], "filer": {
        "data/texter/2021/_kommun.md": "c", "data/texter/2021/sodermalm.godkannande.yml": "b",
        "data/texter/2021/sodermalm.md": "a"}}
    assert manifestdel(["lagesbild: personuppgifter: x"], egna, "sodermalm", 2021) is None
    r = type("R", (), {"varningar": v, "ateranvand": False, "filer": []})()
    assert textstatus_for(r) == "utkast"


# ----------------------------------------------------------------- the mark in HTML, PDF and DOCX
def _nb(*stderr: str):
    from nbformat.v4 import new_code_cell, new_notebook, new_output

    nb = new_notebook()
    nb.cells = [new_code_cell("x", outputs=[new_output("display_data", data={"text/markdown": "## Sammanfattning"}),
                                            *[new_output("stream", name="stderr", text=s) for s in stderr]]),
                new_code_cell("y", outputs=[new_output("display_data", data={"text/markdown": "Text."})])]
    return nb


ARGS = dict(titel="Handlingsplan mot våldsbejakande extremism 2021", undertitel="Bilaga: Lägesbild 2021",
            namnd_namn="Södermalms stadsdelsnämnd", byggdatum="2026-11-22")


def test_utkastmarkering_html_pdf_docx():
    import docx
    import pypdf

    from vbe_lib.render import render_docx, render_html, render_pdf

    utan = render_html(_nb("vbe-texter: godkänd: texter/2021/sodermalm.md godkändes 2026-01-02; …\n"), **ARGS)
    assert "Utkast" not in utan and "UTKAST" not in utan
    assert utan == render_html(_nb(), **ARGS)  # an approved text leaves no trace of the mark
    varn: list[str] = []
    med = render_html(_nb("vbe-texter: utkast: texter/2021/sodermalm.md är inte godkänd – …\n"), varningar=varn, **ARGS)
    assert '<p class="utkast" role="note"><strong>Utkast</strong> – nämndens egen text i rapporten är inte godkänd.</p>' \
        in med
    assert varn == ["texter: utkast: texter/2021/sodermalm.md är inte godkänd – …"]
    sidor = pypdf.PdfReader(io.BytesIO(render_pdf(med.replace("<p>Text.</p>", "<p>Text.</p>" + "<p>Rad.</p>" * 80))))
    assert len(sidor.pages) > 1 and all("UTKAST" in s.extract_text() for s in sidor.pages)
    d = docx.Document(io.BytesIO(render_docx(_nb("vbe-texter: utkast: x är inte godkänd\n"), **ARGS)))
    sek = d.sections[0]
    assert sek.header.paragraphs[0].text.startswith("UTKAST – Södermalms stadsdelsnämnd")
    assert sek.first_page_header.paragraphs[0].text == "UTKAST"
    assert any(p.text.startswith("Utkast – nämndens egen text") for p in d.paragraphs)
    assert d.core_properties.content_status == "Utkast"
    utan_docx = docx.Document(io.BytesIO(render_docx(_nb(), **ARGS)))
    assert "UTKAST" not in utan_docx.sections[0].header.paragraphs[0].text


# ----------------------------------------------------------------- end to end, as a coordinator
@pytest.mark.slow
def test_acceptans_utkast_godkann_andrad_enkat_och_verifiera(tmp_path):
    """Write a Södermalm 2021 text citing the knowledge mean and the change in hets mot
    folkgrupp; build (Utkast), approve, rebuild (no mark), rebuild into another folder
    (``vbe verifiera``: byte-identical), change one survey answer, rebuild (warning and
    Utkast again); approve again: an input of that committee only."""
    import csv
    import json
    import shutil

    from typer.testing import CliRunner

    from vbe_lib.cli import _registrera, app

    _registrera()
    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data, ignore=shutil.ignore_patterns(".cache"))
    (data / "texter" / "2021").mkdir(parents=True, exist_ok=True)
    skriv(data, "sodermalm.md", SODERMALM)
    nb = tmp_path / "nb"
    nb.mkdir(exist_ok=True)
    shutil.copy(REPO / "notebooks" / "lagesbild.ipynb", nb)
    for typ in ("uppfoljning", "handlingsplan"):  # cheap stand-ins: the test is about the lägesbild
        shutil.copy(REPO / "tests" / "fixtures" / "notebooks" / "kort.ipynb", nb / f"{typ}.ipynb")
    ut = tmp_path / "ut"
    gemensamt = ["--ar", "2021", "--data", str(data), "--parametrar", str(REPO / "parameters")]
    bygg = ["rapport", "--namnd", "sodermalm", "--byggdatum", "2026-11-22", "--notebooks", str(nb), *gemensamt]
    def kor(*args):
        res = CliRunner().invoke(*args)
        res.rader = " ".join(res.output.split())  # rich wraps long lines
        return res

    html = ut / "2021" / "sodermalm" / "lagesbild-2021-sodermalm.html"

    def manifest() -> dict:
        return json.loads((ut / "2021" / "sodermalm" / "manifest.json").read_text(encoding="utf-8"))

    res = kor(app, ["figurer", "--namnd", "sodermalm", *gemensamt])
    assert res.exit_code == 0 and "enkat.intern.kunskap.medel" in res.output and "3,07" in res.output

    res = kor(app, [*bygg, "--utdata", str(ut)])
    assert res.exit_code == 0, res.output
    assert "Märkt Utkast (nämndens text saknar giltigt godkännande): Södermalms stadsdelsnämnd." in res.rader
    assert '<p class="utkast" role="note">' in html.read_text(encoding="utf-8")
    assert "Förvaltningen tolkar 17 anmälningar som en följd av valrörelsen." in html.read_text(encoding="utf-8")
    assert manifest()["texter"]["status"] == "utkast"
    korning = json.loads((ut / "2021" / "manifest.json").read_text(encoding="utf-8"))
    assert [n["texter"] for n in korning["namnder"]] == ["utkast"]

    res = kor(app, ["godkann", "--namnd", "sodermalm", "--datum", "2026-11-20", *gemensamt])
    assert res.exit_code == 0, res.output
    assert "enkat.intern.kunskap.medel = 3,07" in res.rader
    res = kor(app, [*bygg, "--utdata", str(ut)])
    assert res.exit_code == 0 and "1 byggd" in res.rader and "Utkast" not in res.rader, res.output
    assert "utkast" not in html.read_text(encoding="utf-8")
    assert manifest()["texter"]["status"] == "godkänd"
    assert "data/texter/2021/sodermalm.godkannande.yml" in manifest()["texter"]["filer"]

    # reproducible: vbe verifiera rebuilds it elsewhere and gets the same bytes
    res = kor(app, ["verifiera", "--namnd", "sodermalm", "--utdata", str(ut), "--notebooks", str(nb), *gemensamt])
    assert res.exit_code == 0 and "Alla 10 publicerade filer för planår 2021 är byte för byte identiska" in res.rader, \
        res.output

    # one answer in the survey changes
    svar = data / "enkat" / "2021" / "svar.csv"
    rader = list(csv.reader(svar.read_text(encoding="utf-8").splitlines()))
    i = next(i for i, r in enumerate(rader) if r[:3] == ["Södermalm", "Södermalm", "Intern"] and r[5] in "1234")
    rader[i][5] = "5"
    with svar.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rader)
    res = kor(app, [*bygg, "--utdata", str(ut)])
    assert res.exit_code == 0, res.output
    utdata = res.rader
    assert re.search(r"utkast: texter/2021/sodermalm\.md, rad 3: figuren enkat\.intern\.kunskap\.medel var 3,07 när "
                     r"texten godkändes 2026-11-20, nu är den 3,\d\d", utdata), res.output
    assert "Märkt Utkast" in utdata
    assert "uppgifter som nämndens egen text i rapporten hänvisar till har ändrats" in html.read_text(encoding="utf-8")
    assert manifest()["texter"] == {**manifest()["texter"], "status": "utkast",
                                    "inaktuella_figurer": ["enkat.intern.kunskap.medel"]}

    # approved again: an input of the committee (only), so the next build rebuilds it
    assert kor(app, ["godkann", "--namnd", "sodermalm", "--datum", "2026-11-21", *gemensamt]).exit_code == 0
    from vbe_lib.bygg.planera import planera
    from vbe_lib.bygg.rapportjobb import namnd_jobb

    konf = Konfiguration.las(REPO / "parameters")
    jobb = [j for s in ("sodermalm", "farsta") for j in namnd_jobb(konf, s, 2021, {"lagesbild": nb / "lagesbild.ipynb"}, True)]
    plan = planera(jobb, ut, data, REPO / "parameters", __import__("datetime").date(2026, 11, 22), konf)
    assert plan.namnd_indata[(2021, "sodermalm")]["data/texter/2021/sodermalm.godkannande.yml"] == \
        it.sha256_text((data / "texter/2021/sodermalm.godkannande.yml").read_bytes())
    # Farsta depends on the common text and its own approval, never on Södermalm's files
    farsta = [k for k in plan.namnd_indata[(2021, "farsta")] if k.startswith("data/texter/")]
    assert not any("sodermalm" in k for k in farsta) and "data/texter/2021/_kommun.md" in farsta
    assert (2021, "sodermalm") not in plan.ateranvand
