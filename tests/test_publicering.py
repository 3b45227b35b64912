"""Publication quality (issues 6 and 20): tagged PDF checked with independent tools
(pikepdf, pdftotext, the PDF/UA-1 checkers `pdfua` and `outloud`), DOCX read back with
python-docx (styles' contrast, alternative text, heading order, table of contents), and
the HTML page opened in headless Chromium through the DevTools protocol (axe-core, a
320 px wide screen)."""
from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
import zipfile

import pandas as pd
import pytest
from nbformat.v4 import new_code_cell, new_notebook, new_output

from vbe_lib.presentation import charts
from vbe_lib.render import render_docx, render_html, render_pdf
from vbe_lib.presentation.tables import Tabell

import pdfkontroll
import webblasare

ARGS = dict(
    titel="Handlingsplan mot våldsbejakande extremism 2021",
    undertitel="Bilaga: Lägesbild 2021",
    namnd_namn="Hägersten-Älvsjö stadsdelsnämnd",
    byggdatum=dt.date(2026, 11, 22),
    dnr="HÄ 2021/77",
    exempeldata=True,
    kommun="Stockholms stad",
)
ALT_FIGUR = "Stapeldiagram: anmälda brott om hets mot folkgrupp i Hägersten-Älvsjö 2016–2020."


def _visning(obj=None, markdown=None):
    if markdown is not None:
        data = {"text/markdown": markdown, "text/plain": "<Markdown>"}
    else:
        data = {"text/html": obj._repr_html_(), "text/plain": repr(obj)}
    return new_output("display_data", data=data, metadata={})


def _cell(*outputs):
    c = new_code_cell("visa(lb.avsnitt())")
    c.outputs = list(outputs)
    c.execution_count = 1
    return c


@pytest.fixture(scope="module")
def rapport_nb():
    brott = pd.DataFrame({"ar": [2016, 2017, 2018, 2019, 2020], "antal": [12, 31, 40, 25, 30]})
    figur = charts.tidsserie(brott, "anmälda brott om hets mot folkgrupp i Hägersten-Älvsjö", "Brå, 2016–2020")
    figur = charts.Figur(png=figur.png, bildtext="Anmälda brott om hets mot folkgrupp, 2016–2020.",
                         alt=ALT_FIGUR, kalla="Brottsförebyggande rådet (Brå)")
    kort = Tabell(pd.DataFrame({"År": [2019, 2020], "Antal": [25, 30], "Förändring": [-15, 5]}),
                  "Hets mot folkgrupp, Hägersten-Älvsjö 2019–2020.", "Brå", tecken=["Förändring"])
    symboler = Tabell(pd.DataFrame({"Miljö": ["Skola", "Fritid", "Hem"], "Antal": [0, pd.NA, "x"],
                                    "Våldsbejakande högerextremism": [1, 2, 3]}),
                      "Händelser per miljö (med tabelltecken).", "Enkäten", noter=["x betyder dolt antal."])
    lang = Tabell(pd.DataFrame({"Enhet": [f"Förskolan Ängen {i}" for i in range(70)],
                                "Svar": list(range(70)), "Tillfrågade": [70] * 70}),
                  "Svar per enhet (lång tabell som bryts över sidor).", "Stadens enkät 2021")
    nb = new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                               "language": "python"}})
    nb.cells = [
        new_code_cell('namnd = "hagersten_alvsjo"', metadata={"tags": ["parameters"]}),
        _cell(_visning(markdown="## Sammanfattning\n\nÅtta **händelser** under 2020 i Älvsjö.\n\n"
                                "- första punkten\n- andra punkten med *kursiv* text")),
        _cell(_visning(markdown="# En rubrik på nivå 1 i utdata"), _visning(markdown="Blir en h2.")),
        _cell(_visning(markdown="## Anmälda brott"), _visning(kort), _visning(figur), _visning(symboler)),
        _cell(_visning(markdown="## Enkäten\n\n### Internt\n\n#### Fritextsvar\n\nSvaren återges som de lämnats."),
              _visning(lang)),
    ]
    return nb


@pytest.fixture(scope="module")
def html(rapport_nb):
    return render_html(rapport_nb, **ARGS)


@pytest.fixture(scope="module")
def pdf_bytes(html):
    return render_pdf(html)


# --------------------------------------------------------------------------- PDF
def _struktur(pdf):
    import pikepdf

    def gå(e, grupp=None):
        if isinstance(e, pikepdf.Array):
            for x in e:
                yield from gå(x, grupp)
        elif isinstance(e, pikepdf.Dictionary) and "/S" in e:
            s = str(e.S)
            grupp = s if s in ("/THead", "/TBody", "/TFoot") else grupp
            yield s, e, grupp
            if "/K" in e:
                yield from gå(e.K, grupp)

    return list(gå(pdf.Root.StructTreeRoot.K))


def _text_fran(e) -> bool:
    import pikepdf

    k = e.get("/K")
    if k is None:
        return False
    if isinstance(k, pikepdf.Array):
        return any(not isinstance(x, pikepdf.Dictionary) or x.get("/Type") == "/MCR" or _text_fran(x) for x in k)
    if isinstance(k, pikepdf.Dictionary):
        return k.get("/Type") == "/MCR" or _text_fran(k)
    return True  # an MCID


@pytest.mark.slow
def test_pdf_struktur_pikepdf(pdf_bytes):
    pikepdf = pytest.importorskip("pikepdf")
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        root = pdf.Root
        assert bool(root.MarkInfo.Marked)
        assert "/StructTreeRoot" in root
        assert str(root.Lang) == "sv"
        assert bool(root.ViewerPreferences.DisplayDocTitle)
        titel = "Handlingsplan mot våldsbejakande extremism 2021 – Bilaga: Lägesbild 2021 – Hägersten-Älvsjö stadsdelsnämnd"
        assert str(pdf.docinfo["/Title"]) == titel
        with pdf.open_metadata() as xmp:
            assert xmp.get("dc:title") == titel
            assert "pdfuaid:part" in str(pdf.Root.Metadata.read_bytes()) or b"pdfuaid" in pdf.Root.Metadata.read_bytes()
        w, h = (float(x) for x in pdf.pages[0].MediaBox[2:])
        assert abs(w - 595.28) < 1 and abs(h - 841.89) < 1
        element = _struktur(pdf)
        figurer = [e for s, e, _ in element if s == "/Figure"]
        assert figurer and all(str(f.get("/Alt", "")) == ALT_FIGUR for f in figurer)
        rubriker = [(s, e) for s, e, _ in element if s in ("/H1", "/H2", "/H3", "/H4")]
        assert {s for s, _ in rubriker} >= {"/H1", "/H2", "/H3", "/H4"}
        assert all(_text_fran(e) for _, e in rubriker), "tom rubrik i strukturträdet"
        th = [(e, g) for s, e, g in element if s == "/TH"]
        assert th
        for e, grupp in th:
            assert str(e.A.Scope) == ("/Column" if grupp == "/THead" else "/Row")
        idtree = root.StructTreeRoot.IDTree.Names
        kanda = {str(idtree[i]) for i in range(0, len(idtree), 2)}
        for s, e, _ in element:
            if s == "/TD" and "/Headers" in e.A:
                assert {str(x) for x in e.A.Headers} <= kanda
        for page in pdf.pages:
            for _, font in (page.Resources.get("/Font") or {}).items():
                desc = font.get("/FontDescriptor") or font.DescendantFonts[0].FontDescriptor
                assert any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))


@pytest.mark.slow
def test_pdf_text_pdftotext(pdf_bytes, tmp_path):
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) saknas")
    fil = tmp_path / "rapport.pdf"
    fil.write_bytes(pdf_bytes)

    def text(*arg):
        return subprocess.run(["pdftotext", "-layout", *arg, str(fil), "-"], capture_output=True, text=True,
                              check=True).stdout

    alla = text()
    sidor = alla.count("\f")
    assert sidor >= 3
    assert "Handlingsplan mot våldsbejakande extremism 2021" in alla
    assert "Åtta händelser under 2020 i Älvsjö." in " ".join(alla.split())
    assert "Fiktiva exempeldata" in alla and "22 november 2026" in alla and "HÄ 2021/77" in alla
    assert f"Sida 1 ({sidor})" in alla and f"Sida {sidor} ({sidor})" in alla
    for sida in range(2, sidor + 1):
        s = text("-f", str(sida), "-l", str(sida))
        huvud = " ".join(" ".join(s.splitlines()[:3]).split())
        assert "Hägersten-Älvsjö stadsdelsnämnd" in huvud and "Lägesbild 2021" in huvud, "sidhuvud saknas"
        # two deliberate lines: the series whole on the first, committee and report name on
        # the second (never a title wrapped wherever it happened to be too long)
        forsta, andra = (" ".join(r.split()) for r in s.splitlines()[:2])
        assert forsta == "Handlingsplan mot våldsbejakande extremism 2021", s.splitlines()[:3]
        assert andra == "Hägersten-Älvsjö stadsdelsnämnd Lägesbild 2021", s.splitlines()[:3]
    # the long table breaks across pages and repeats its header row
    med_enheter = [sida for sida in range(1, sidor + 1) if "Förskolan Ängen" in text("-f", str(sida), "-l", str(sida))]
    assert len(med_enheter) >= 2
    for sida in med_enheter:
        s = text("-f", str(sida), "-l", str(sida))
        assert "Tillfrågade" in s, f"tabellhuvudet upprepas inte på sidan {sida}"


@pytest.mark.slow
def test_pdfua_maskinkontroll(pdf_bytes, tmp_path):
    pdfua = pytest.importorskip("pdfua")
    fil = tmp_path / "rapport.pdf"
    fil.write_bytes(pdf_bytes)
    rapport = pdfua.validate(str(fil))
    fynd = [(f.rule_id, f.severity.name, f.message) for f in rapport.findings]
    assert not [f for f in fynd if f[1] == "ERROR"], fynd
    # WeasyPrint leaves /TH without /Scope; render_pdf completes the structure tree
    assert not fynd, fynd


def _alla(pdf):
    """(element, parent) for every structure element of the tree."""
    import pikepdf

    ut, stack = [], [(k, None) for k in pdf.Root.StructTreeRoot.K.as_list()] \
        if isinstance(pdf.Root.StructTreeRoot.K, pikepdf.Array) else [(pdf.Root.StructTreeRoot.K, None)]
    while stack:
        e, f = stack.pop()
        if not (isinstance(e, pikepdf.Dictionary) and "/S" in e):
            continue
        ut.append((e, f))
        k = e.get("/K")
        if k is not None:
            stack.extend((x, e) for x in (k.as_list() if isinstance(k, pikepdf.Array) else [k]))
    return ut


def _barn(e):
    import pikepdf

    k = e.get("/K")
    lista = [] if k is None else (list(k) if isinstance(k, pikepdf.Array) else [k])
    return [x for x in lista if isinstance(x, pikepdf.Dictionary) and "/S" in x]


def _innehall(e) -> int:
    """Marked contents and annotations directly in an element."""
    import pikepdf

    k = e.get("/K")
    lista = [] if k is None else (list(k) if isinstance(k, pikepdf.Array) else [k])
    return sum(1 for x in lista if isinstance(x, int) or (isinstance(x, pikepdf.Dictionary)
                                                          and x.get("/Type") in ("/MCR", "/OBJR")))


@pytest.mark.slow
def test_pdf_ua_taggning(pdf_bytes):
    """Issue 20: what PDF/UA-1 asks beyond WeasyPrint's own tagging."""
    pikepdf = pytest.importorskip("pikepdf")
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        alla = _alla(pdf)
        typer = [str(e.S) for e, _ in alla]
        # one h1: report and committee
        assert typer.count("/H1") == 1
        # table of contents: TOC/TOCI, one link per entry, no list structure, no leader dots
        assert "/TOC" in typer and "/L" in typer  # the report's own lists stay lists
        tocar = [e for e, _ in alla if str(e.S) == "/TOCI"]
        assert len(tocar) == 5  # Sammanfattning, the demoted h1, Anmälda brott, Enkäten, Internt (h2, h3)
        for toci in tocar:
            under = [str(x.S) for x, _ in _alla_under(toci)]
            assert not {"/L", "/LI", "/LBody", "/Lbl"} & set(under)
            ref, *undre = _barn(toci)
            assert str(ref.S) == "/Reference" and all(str(u.S) == "/TOC" for u in undre)
            i_ref = [x for x, _ in _alla_under(ref)]
            assert [str(x.S) for x in i_ref].count("/Link") == 1, under
            # the link's text (and its annotation), the space the row is justified on and
            # the page number: no tagged dots
            assert sum(_innehall(x) for x in i_ref) == 4
        # every list item has a body; no caption in a caption; one caption per figure and table
        for e, f in alla:
            s = str(e.S)
            if s == "/LI":
                assert "/LBody" in [str(x.S) for x in _barn(e)]
            elif s == "/Caption":
                assert str(f.S) != "/Caption"
            elif s == "/Figure":
                assert str(f.S) == "/Div" and [str(x.S) for x in _barn(f)].count("/Caption") == 1
            elif s == "/Table":
                barn = [str(x.S) for x in _barn(e)]
                assert barn.count("/Caption") == 1 and barn[0] == "/Caption"
        # the spoken form of the table symbols
        actual = {str(e.ActualText) for e, _ in alla if "/ActualText" in e}
        assert actual == {"noll", "uppgift saknas", "dolt"}
        # running headers and footers: pagination artifacts, outside the tree
        i_tradet = {e.objgen for e, _ in alla}
        nums = pdf.Root.StructTreeRoot.ParentTree.Nums
        for i in range(1, len(nums), 2):
            poster = nums[i] if isinstance(nums[i], pikepdf.Array) else [nums[i]]
            for ref in poster:
                assert ref is None or ref.objgen in i_tradet, "märkt innehåll utanför strukturträdet"
        for nr, sida in enumerate(pdf.pages):
            artefakter = sum(1 for ins in pikepdf.parse_content_stream(sida)
                             if isinstance(ins, pikepdf.ContentStreamInstruction) and str(ins.operator) == "BDC"
                             and str(ins.operands[0]) == "/Artifact" and isinstance(ins.operands[1], pikepdf.Dictionary)
                             and ins.operands[1].get("/Type") == "/Pagination")
            assert artefakter >= 3, (nr, artefakter)  # header left and right, footer
            for annot in sida.get("/Annots") or []:
                if annot.get("/Subtype") == "/Link":
                    assert int(annot.F) & 4, "länken saknar utskriftsflaggan"
        assert not any("/VbeRoll" in e for e, _ in alla)


def _alla_under(e):
    ut, stack = [], [(x, e) for x in _barn(e)]
    while stack:
        x, f = stack.pop()
        ut.append((x, f))
        stack.extend((y, x) for y in _barn(x))
    return ut


@pytest.mark.slow
def test_pdf_oberoende_kontroll_outloud(pdf_bytes, tmp_path):
    """The independent PDF/UA-1 + WCAG checker: 0 errors, no warnings (docs/publicering.md)."""
    fil = tmp_path / "rapport.pdf"
    fil.write_bytes(pdf_bytes)
    res = pdfkontroll.godkand(fil)
    assert res["sidor"] >= 3


def test_pdf_deterministisk(html):
    assert render_pdf(html) == render_pdf(html)


# --------------------------------------------------------------------------- DOCX
@pytest.fixture(scope="module")
def docx_bytes(rapport_nb):
    return render_docx(rapport_nb, **ARGS)


def test_docx_rubriker_tabeller_bilder_sprak(docx_bytes):
    docx = pytest.importorskip("docx")
    from docx.oxml.ns import qn

    d = docx.Document(io.BytesIO(docx_bytes))
    stilar = [(p.style.name, p.text) for p in d.paragraphs]
    # the document title names report and committee (the HTML page's h1)
    assert [t for st, t in stilar if st == "Title"] == ["Lägesbild 2021 – Hägersten-Älvsjö stadsdelsnämnd"]
    assert ("Subtitle", "Handlingsplan mot våldsbejakande extremism 2021, bilaga") in stilar
    assert ("Heading 1", "Sammanfattning") in stilar and ("Heading 1", "Enkäten") in stilar
    assert ("Heading 2", "Internt") in stilar and ("Heading 3", "Fritextsvar") in stilar
    text = "\n".join(t for _, t in stilar)
    assert "Fiktiva exempeldata – rapporten bygger inte på verkliga uppgifter." in text
    assert "Dnr: HÄ 2021/77" in text and "22 november 2026" in text
    assert "visa(lb" not in text and "<Markdown>" not in text
    assert ("List Bullet", "andra punkten med kursiv text") in stilar
    # tables: caption, cells, header row marked and repeated
    kort, symboler, lang = d.tables
    assert [c.text for c in kort.rows[0].cells] == ["År", "Antal", "Förändring"]
    assert [c.text for c in kort.rows[2].cells] == ["2020", "30", "+5"]
    assert len(lang.rows) == 71 and lang.cell(70, 0).text == "Förskolan Ängen 69"
    for t in (kort, lang):
        trpr = t.rows[0]._tr.trPr
        assert trpr is not None and trpr.find(qn("w:tblHeader")) is not None
        assert t.rows[1]._tr.trPr is None or t.rows[1]._tr.trPr.find(qn("w:tblHeader")) is None
    assert ("Caption", "Hets mot folkgrupp, Hägersten-Älvsjö 2019–2020.") in stilar
    # picture with its text alternative
    docpr = d.element.body.xpath(".//wp:docPr")
    assert [x.get("descr") for x in docpr] == [ALT_FIGUR]
    assert len(d.inline_shapes) == 1
    assert ("Caption", "Anmälda brott om hets mot folkgrupp, 2016–2020.") in stilar
    # Swedish: document default language, core properties
    lang_el = d.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang"))
    assert lang_el.get(qn("w:val")) == "sv-SE"
    cp = d.core_properties
    assert cp.language == "sv-SE"
    assert cp.title.startswith("Handlingsplan mot våldsbejakande extremism 2021")
    assert cp.created == dt.datetime(2026, 11, 22, tzinfo=dt.timezone.utc) or cp.created.date() == dt.date(2026, 11, 22)
    # A4, running header, footer with page fields
    sek = d.sections[0]
    assert abs(sek.page_width.cm - 21.0) < 0.01 and abs(sek.page_height.cm - 29.7) < 0.01
    assert sek.header.paragraphs[0].text == ("Hägersten-Älvsjö stadsdelsnämnd\t\tHandlingsplan mot våldsbejakande "
                                             "extremism 2021\n\t\tLägesbild 2021")
    assert "<w:br/>" in sek.header.paragraphs[0]._p.xml  # a line break, not a wrapped line
    fot = sek.footer._element.xml
    assert "PAGE" in fot and "NUMPAGES" in fot and "Sida " in sek.footer.paragraphs[0].text


def _stilfarger(d):
    """(style name, text colour, background) of every style in styles.xml."""
    from docx.oxml.ns import qn

    ut = []
    for e in d.styles.element.findall(qn("w:style")):
        namn = e.find(qn("w:name")).get(qn("w:val"))
        for rpr in e.iter(qn("w:rPr")):
            farg = rpr.find(qn("w:color"))
            if farg is not None and farg.get(qn("w:val")) not in (None, "auto"):
                ut.append((namn, farg.get(qn("w:val")), farg.get(qn("w:themeColor"))))
    return ut


def test_docx_stilar_kontrast(docx_bytes):
    """Issue 20: no text colour below 4.5:1 on white (python-docx's default blue #4F81BD
    gives 4.0:1), no theme colour that Word would put in its place, no unused style, and
    the theme's colours themselves accessible."""
    docx = pytest.importorskip("docx")
    from docx.oxml.ns import qn

    d = docx.Document(io.BytesIO(docx_bytes))
    farger = _stilfarger(d)
    assert farger, "stilarna ska ange färg"
    for namn, farg, tema in farger:
        assert tema is None, (namn, tema)
        assert charts.kontrast("#" + farg) >= 4.5, (namn, farg, charts.kontrast("#" + farg))
    # every style in the file is used (or is the base of one that is)
    anvanda = {e.get(qn("w:val")) for tagg in ("w:pStyle", "w:rStyle", "w:tblStyle")
               for e in d.element.body.iter(qn(tagg))}
    alla = {e.get(qn("w:styleId")) for e in d.styles.element.findall(qn("w:style"))}
    assert anvanda <= alla and len(alla) < 40, sorted(alla)
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as z:
        namn = z.namelist()
        assert "word/stylesWithEffects.xml" not in namn and "docProps/thumbnail.jpeg" not in namn
        tema = z.read("word/theme/theme1.xml").decode("utf-8")
    import re

    for nyckel, farg in re.findall(r"<a:(dk2|accent\d|hlink|folHlink)>\s*<a:srgbClr val=\"([0-9A-F]{6})\"", tema):
        assert charts.kontrast("#" + farg) >= 4.5, (nyckel, farg)
    # the paragraphs themselves set no colour of their own below 4.5:1
    for farg in d.element.body.iter(qn("w:color")):
        v = farg.get(qn("w:val"))
        assert v == "auto" or charts.kontrast("#" + v) >= 4.5


def test_docx_rubrikordning_alternativtext_innehall(docx_bytes):
    docx = pytest.importorskip("docx")
    from docx.oxml.ns import qn

    d = docx.Document(io.BytesIO(docx_bytes))
    # heading order: one Title, then Heading 1 … never a skipped level
    nivaer = []
    for p in d.paragraphs:
        namn = p.style.name
        if namn == "Title":
            nivaer.append(0)
        elif namn.startswith("Heading "):
            nivaer.append(int(namn.split()[1]))
    assert nivaer[0] == 0 and nivaer.count(0) == 1
    assert all(b <= a + 1 for a, b in zip(nivaer, nivaer[1:])), nivaer
    # every picture and every table has alternative text
    assert all(x.get("descr") for x in d.element.body.iter(qn("wp:docPr")))
    for t in d.tables:
        tblpr = t._tbl.tblPr
        titel, besk = tblpr.find(qn("w:tblCaption")), tblpr.find(qn("w:tblDescription"))
        assert titel is not None and titel.get(qn("w:val")) not in ("", "Tabell")
        assert besk is not None and besk.get(qn("w:val"))
    kort, symboler, lang = d.tables
    assert kort._tbl.tblPr.find(qn("w:tblCaption")).get(qn("w:val")) == "Hets mot folkgrupp, Hägersten-Älvsjö 2019–2020."
    # the symbols' spoken form: the description names them; the cells show the symbols only
    besk = symboler._tbl.tblPr.find(qn("w:tblDescription")).get(qn("w:val"))
    assert besk.startswith("Tecken i tabellen: – betyder noll; .. betyder uppgift saknas; x betyder att antalet "
                           "inte redovisas (dolt).") and "x betyder dolt antal." in besk
    assert [r.cells[1].text for r in symboler.rows[1:]] == ["\u2013", "..", "x"]
    # column widths: fixed, and wide enough for the longest header word
    from vbe_lib.render.docx import _textbredd_cm

    for t in d.tables:
        assert t._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
        bredder = [int(g.get(qn("w:w"))) / 567 for g in t._tbl.tblGrid.findall(qn("w:gridCol"))]
        assert sum(bredder) <= 16.85
        for c, cell in enumerate(t.rows[0].cells):
            langsta = max(_textbredd_cm(o, True) for o in cell.text.split())
            assert bredder[c] >= langsta, (cell.text, bredder[c])
    # table of contents: one linked entry per heading, to a bookmark on it; fields update on open
    poster = [p for p in d.paragraphs if p.style.name in ("TOC 1", "TOC 2")]
    assert [p.text for p in poster] == ["Sammanfattning", "En rubrik på nivå 1 i utdata", "Anmälda brott",
                                        "Enkäten", "Internt"]
    bokmarken = {b.get(qn("w:name")) for b in d.element.body.iter(qn("w:bookmarkStart"))}
    for p in poster:
        lankar = p._p.findall(qn("w:hyperlink"))
        assert len(lankar) == 1 and lankar[0].get(qn("w:anchor")) in bokmarken
    assert d.settings.element.find(qn("w:updateFields")).get(qn("w:val")) == "true"


def test_docx_deterministisk(rapport_nb, docx_bytes):
    assert render_docx(rapport_nb, **ARGS) == docx_bytes
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as z:
        assert {i.date_time for i in z.infolist()} == {(2026, 11, 22, 0, 0, 0)}


# --------------------------------------------------------------------------- Chromium
@pytest.mark.slow
def test_html_i_chromium(html, tmp_path):
    webblasare.kraver_axe()
    sida = tmp_path / "rapport.html"
    sida.write_text(html, encoding="utf-8")
    with webblasare.Chromium(tmp_path / "profil") as cdp:
        cdp.oppna(sida)
        info = cdp.varde("""({
            lang: document.documentElement.lang,
            bilder: Array.from(document.images).map(i => ({alt: i.alt, ok: i.complete && i.naturalWidth > 0})),
            skript: document.scripts.length,
            titel: document.title,
            h1: Array.from(document.querySelectorAll('h1')).map(h => h.textContent),
            forsta_lank: document.querySelector('a').getAttribute('href'),
            forsta_lank_text: document.querySelector('a').textContent,
            huvud: document.querySelector('main').id,
            regioner: Array.from(document.querySelectorAll('.tabell')).map(t =>
                [t.getAttribute('role'), t.getAttribute('aria-label'), t.tabIndex]),
            utanfor: Array.from(document.body.children).filter(e =>
                !e.matches('header, nav, main') && !e.matches('a.hopplank')).map(e => e.tagName)})""")
        cdp.skarmbild(tmp_path / "skarmbild.png")
        handelser = list(cdp.handelser)
        # axe-core (WCAG 2.1 A/AA and best practices): no violations
        brott = cdp.axe()
        # a 320 px wide screen (WCAG 1.4.10): only the tables scroll sideways, in their region
        smal = cdp.bredd(320)
    fel = []
    for h in handelser:
        m, p = h.get("method"), h.get("params", {})
        if m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
            fel.append(f"konsol: {p.get('args')}")
        elif m == "Runtime.exceptionThrown":
            fel.append(f"undantag: {p.get('exceptionDetails', {}).get('text')}")
        elif m == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
            fel.append(f"logg: {p['entry'].get('text')} {p['entry'].get('url', '')}")
        elif m == "Network.requestWillBeSent":
            url = p.get("request", {}).get("url", "")
            if not url.startswith(("file:", "data:", "about:")):
                fel.append(f"hämtar från nätet: {url}")
        elif m == "Network.loadingFailed":
            fel.append(f"laddning misslyckades: {p.get('errorText')}")
    assert not fel, fel
    assert brott == [], brott
    assert smal["scrollbredd"] <= smal["synlig"], smal
    assert info["lang"] == "sv" and info["skript"] == 0
    assert info["bilder"] and all(b["ok"] for b in info["bilder"]), info["bilder"]
    assert all(b["alt"] and "No description" not in b["alt"] for b in info["bilder"])
    # one h1: report and committee; the outputs' own h1 became an h2
    assert info["h1"] == ["Lägesbild 2021 – Hägersten-Älvsjö stadsdelsnämnd"]
    # a skip link first, to the main content; every content in a landmark
    assert info["forsta_lank"] == "#huvudinnehall" and info["huvud"] == "huvudinnehall"
    assert info["forsta_lank_text"] == "Hoppa till innehållet"
    assert info["utanfor"] == []
    assert info["regioner"] and all(r[0] == "region" and r[1] and r[2] == 0 for r in info["regioner"])
    assert (tmp_path / "skarmbild.png").stat().st_size > 10_000
