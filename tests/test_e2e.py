"""End to end: `vbe rapport` executes the real notebooks and renders HTML and PDF.

Runs the batch for two Stockholm committees (the published reference figures must be in
the rendered files) and for a made-up second municipality configured by files alone.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROT = Path(__file__).resolve().parents[1]
EXEMPELBY = ROT / "tests" / "fixtures" / "exempelby" / "parameters"
pytestmark = pytest.mark.slow


def _vbe(*args: str, cwd: Path = ROT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "vbe_lib.cli", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=900)


def _pdftext(pdf: Path) -> str:
    from pypdf import PdfReader

    t = "\n".join(p.extract_text() or "" for p in PdfReader(str(pdf)).pages)
    return re.sub(r"\s+", " ", t.replace("\u00a0", " "))


def _htmltext(html: Path) -> str:
    import html as h

    # the spoken form of a table symbol ("noll" after "–") is for screen readers only
    t = re.sub(r'<span class="lasartext">[^<]*</span>', "", html.read_text(encoding="utf-8"))
    t = re.sub(r"<[^>]+>", " ", t)
    return re.sub(r"\s+", " ", h.unescape(t).replace("\u00a0", " "))


@pytest.fixture(scope="module")
def stockholm(tmp_path_factory) -> Path:
    ut = tmp_path_factory.mktemp("utdata")
    r = _vbe("rapport", "--namnd", "sodermalm", "--namnd", "utbildningsnamnden", "--ar", "2021",
             "--utdata", str(ut), "--jobb", "2", "--byggdatum", "2026-11-22")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "Traceback" not in r.stdout + r.stderr
    return ut / "2021"


def test_files_and_manifest(stockholm):
    for slug in ("sodermalm", "utbildningsnamnden"):
        for typ in ("lagesbild", "uppfoljning"):
            for ext in ("html", "pdf"):
                assert (stockholm / slug / f"{typ}-2021-{slug}.{ext}").is_file()
        m = json.loads((stockholm / slug / "manifest.json").read_text(encoding="utf-8"))
        assert m["status"] == "klar"
        # executed notebooks are internal, never beside the published files
        assert not list((stockholm / slug).glob("*.ipynb"))
        assert (stockholm.parent / "_internt" / "2021" / slug / "lagesbild.ipynb").is_file()
    assert (stockholm / "manifest.json").is_file()
    # nothing but published folders, the run manifest and the index page under outputs/<Y>/
    assert sorted(p.name for p in stockholm.iterdir()) == ["index.html", "manifest.json", "sodermalm",
                                                         "utbildningsnamnden"]


def test_sodermalm_reference_figures_in_html_and_pdf(stockholm):
    html = _htmltext(stockholm / "sodermalm" / "lagesbild-2021-sodermalm.html")
    pdf = _pdftext(stockholm / "sodermalm" / "lagesbild-2021-sodermalm.pdf")
    for t in (html, pdf):
        assert "Södermalms stadsdelsnämnd" in t
        assert "Lägesbild 2021" in t
        assert "Fiktiva exempeldata" in t
        assert "Enkäten besvarades av 27 enheter" in t
        assert "Medelvärdet är 3,07 och medianen 3" in t
        assert "ökade från 25 till 30 (+20 %)" in t
        assert "3 blanketter för avidentifierad information, jämfört med 5 blanketter under 2019" in t
    # blanketter 1 → 5 → 3: the yearly table
    assert re.search(r"2018 1 1 .*2019 5 .*2020 3 ", html)
    assert "Sida 1 (" in pdf
    assert "Traceback" not in html and "In [" not in html


def test_utbildningsnamnden_report(stockholm):
    pdf = _pdftext(stockholm / "utbildningsnamnden" / "lagesbild-2021-utbildningsnamnden.pdf")
    assert "Utbildningsnämnden" in pdf
    html = _htmltext(stockholm / "utbildningsnamnden" / "uppfoljning-2021-utbildningsnamnden.html")
    assert "Uppföljning" in html and "2020" in html


def test_second_municipality_by_files_alone(tmp_path):
    """A made-up municipality, configured only by files, builds its reports."""
    data = tmp_path / "data"
    r = _vbe("exempeldata", "--parametrar", str(EXEMPELBY), "--data", str(data))
    assert r.returncode == 0, r.stdout + r.stderr
    ut = tmp_path / "ut"
    r = _vbe("rapport", "--alla", "--ar", "2023", "--parametrar", str(EXEMPELBY), "--data", str(data),
             "--utdata", str(ut), "--jobb", "2")
    assert r.returncode == 0, r.stdout + r.stderr
    for slug, namn in (("dalbygden", "Dalbygdens kommundelsnämnd"), ("skolnamnden", "Skolnämnden")):
        pdf = _pdftext(ut / "2023" / slug / f"lagesbild-2023-{slug}.pdf")
        assert namn in pdf and "Exempelby" in _htmltext(ut / "2023" / slug / f"lagesbild-2023-{slug}.html")
    html = _htmltext(ut / "2023" / "dalbygden" / "lagesbild-2023-dalbygden.html")
    assert "Dalbygden bildades 1 januari 2023 av Norra dalen och Södra dalen" in html
    # the municipality's words (kommun.yml ord:, ordlistor/) or neutral ones, never Stockholm's
    stad = _htmltext(ut / "2023" / "_stad" / "sammanstallning-2023-stad.html")
    for t in (html, stad):
        assert "Kommunens enkät om våldsbejakande extremism" in t
        for ord_ in ("Stadens enkät", "Stadens incidentrapportering", "Stadens utbildningsportal", "i hela staden",
                     "Hela staden", "SISAB och Trafikkontoret", "Trafikkontoret (appen Tyck till)",
                     "Stadsövergripande", "stadsdelsnämnder"):
            assert ord_ not in t, ord_
    assert "Kommunövergripande sammanställning 2023" in stad and "per kommundel" in stad
    assert "Exempelby Skolfastigheter AB och appen Säg till, anmält klotter" in html
    # every published file, in every format, index pages included: no word or name of Stockholm
    from test_exempelby import STOCKHOLM
    from vbe_lib.parametrar.konfiguration import Konfiguration

    sthlm = Konfiguration.las(ROT / "parameters")
    ord_ = STOCKHOLM + sorted({x for n in sthlm.namnder.values() for x in (n.kortnamn, n.namn)})
    filer = sorted(f for f in ut.rglob("*") if f.suffix in (".html", ".pdf", ".docx", ".xlsx"))
    assert {f.suffix for f in filer} == {".html", ".pdf", ".docx", ".xlsx"} and ut / "index.html" in filer
    for fil in filer:
        text = _filtext(fil)
        assert len(text) > 200, fil
        funna = sorted({w for w in ord_ if re.search(rf"(?<!\w){re.escape(w)}", text)})
        assert not funna, f"Stockholms ord i {fil.relative_to(ut)}: {funna}"


def _filtext(fil: Path) -> str:
    """The text a reader of a published file sees (headers, tables and properties included)."""
    if fil.suffix == ".html":
        return _htmltext(fil)
    if fil.suffix == ".pdf":
        from pypdf import PdfReader

        return _pdftext(fil) + " " + " ".join(str(v) for v in (PdfReader(str(fil)).metadata or {}).values())
    if fil.suffix == ".docx":
        import docx

        d = docx.Document(str(fil))
        delar = [p.text for p in d.paragraphs]
        delar += [c.text for t in d.tables for r in t.rows for c in r.cells]
        delar += [p.text for s in d.sections for h in (s.header, s.first_page_header, s.footer)
                  for p in h.paragraphs]
        cp = d.core_properties
        delar += [cp.title or "", cp.subject or "", cp.author or "", cp.keywords or ""]
        return " ".join(delar)
    import openpyxl

    wb = openpyxl.load_workbook(fil, read_only=True)
    return " ".join(str(v) for ws in wb.worksheets for r in ws.iter_rows(values_only=True) for v in r
                    if v is not None) + " " + " ".join(ws.title for ws in wb.worksheets)


def test_broken_committee_keeps_others_and_old_outputs(tmp_path):
    """A committee whose data has errors is refused with a Swedish message, the others
    build, its previous outputs stay as they were, and the exit code is non-zero."""
    data = tmp_path / "data"
    shutil.copytree(ROT / "data", data, ignore=shutil.ignore_patterns(".cache"))
    ut = tmp_path / "ut"
    gammal = ut / "2021" / "farsta" / "lagesbild-2021-farsta.html"
    gammal.parent.mkdir(parents=True)
    gammal.write_text("tidigare version", encoding="utf-8")
    # a bad value in one of Farsta's rows stops Farsta only (an unknown committee name would
    # stop every committee using the file: tests/test_indata_strikt.py)
    brott = data / "brott.csv"
    text = brott.read_text(encoding="utf-8")
    assert "\nFarsta,2010,Hets mot folkgrupp,3\n" in text
    brott.write_text(text.replace("\nFarsta,2010,Hets mot folkgrupp,3\n", "\nFarsta,2010,Hets mot folkgrupp,-3\n"),
                     encoding="utf-8")
    r = _vbe("rapport", "--namnd", "farsta", "--namnd", "bromma", "--ar", "2021", "--data", str(data),
             "--utdata", str(ut), "--jobb", "2")
    ut_text = r.stdout + r.stderr
    assert r.returncode == 1, ut_text
    assert "Traceback" not in ut_text
    assert 'värdet "-3" är inte tillåtet' in ut_text and "Farsta" in ut_text
    assert gammal.read_text(encoding="utf-8") == "tidigare version"
    assert (ut / "2021" / "bromma" / "lagesbild-2021-bromma.pdf").is_file()


# ------------------------------------------------------------------ issue 20: accessibility
def test_en_h1_per_dokument_med_rapport_och_namnd(stockholm):
    for slug, namn in (("sodermalm", "Södermalms stadsdelsnämnd"), ("utbildningsnamnden", "Utbildningsnämnden")):
        for typ, rubrik in (("lagesbild", "Lägesbild 2021"), ("uppfoljning", "Uppföljning av handlingsplan 2020")):
            html = (stockholm / slug / f"{typ}-2021-{slug}.html").read_text(encoding="utf-8")
            h1 = [" ".join(re.sub(r"<[^>]+>", "", h).split()) for h in re.findall(r"<h1\b.*?</h1>", html, re.S)]
            assert h1 == [f"{rubrik} – {namn}"], (slug, typ, h1)


def test_pdf_oberoende_kontroll_riktiga_rapporter(stockholm):
    """outloud (PDF/UA-1 + WCAG 2.2) on the Södermalm lägesbild and follow-up: 0 errors
    (TBL-010 on row-header tables shown to be the checker's mistake), no warnings."""
    import pdfkontroll

    for typ in ("lagesbild", "uppfoljning"):
        res = pdfkontroll.godkand(stockholm / "sodermalm" / f"{typ}-2021-sodermalm.pdf")
        assert res["sidor"] >= 5


def test_html_axe_och_smal_skarm_riktig_rapport(stockholm, tmp_path):
    import webblasare

    webblasare.kraver_axe()
    with webblasare.Chromium(tmp_path / "profil") as cdp:
        for typ in ("lagesbild", "uppfoljning"):
            cdp.oppna(stockholm / "sodermalm" / f"{typ}-2021-sodermalm.html")
            assert cdp.axe() == [], typ
            smal = cdp.bredd(320)
            assert smal["scrollbredd"] <= smal["synlig"], (typ, smal)
            # every chart's alt text: one or two sentences, at most 250 characters
            alt = cdp.varde("Array.from(document.images).map(i => i.alt)")
            assert alt and all(0 < len(a) <= 250 and a.count(". ") <= 1 for a in alt), alt


def test_docx_och_xlsx_riktiga_rapporter(stockholm):
    import docx
    from docx.oxml.ns import qn
    from openpyxl import load_workbook

    from vbe_lib.render.docx import kontrast

    d = docx.Document(str(stockholm / "sodermalm" / "lagesbild-2021-sodermalm.docx"))
    for farg in d.styles.element.iter(qn("w:color")):
        v = farg.get(qn("w:val"))
        assert v == "auto" or kontrast(v) >= 4.5, v
    assert d.tables and all(t._tbl.tblPr.find(qn("w:tblCaption")) is not None for t in d.tables)
    wb = load_workbook(stockholm / "sodermalm" / "uppfoljning-2021-sodermalm.xlsx")
    assert wb.sheetnames[0] == "Om tabellerna" and wb.properties.language == "sv-SE"
    assert all(len(ws.tables) == 1 and ws.print_title_rows for ws in wb.worksheets[1:])


def test_sammanfogad_pdf_for_sodermalm(stockholm):
    """`vbe rapport` builds the plan and the combined PDF: outline per part, pages = the
    parts' sum, the structure tree and the PDF/UA checks hold. (Moved here from
    test_handlingsplan.py to use this module's build of Södermalm instead of its own.)"""
    import json

    import pikepdf
    from pdfkontroll import outloud

    kat = stockholm / "sodermalm"
    delar = [kat / f"{t}-2021-sodermalm.pdf" for t in ("handlingsplan", "lagesbild", "uppfoljning")]
    samman = kat / "handlingsplan-2021-sodermalm-med-bilagor.pdf"
    assert samman.is_file()
    pdf = pikepdf.open(samman)
    assert len(pdf.pages) == sum(len(pikepdf.open(d).pages) for d in delar)
    with pdf.open_outline() as o:
        assert [b.title for b in o.root] == ["Handlingsplan mot våldsbejakande extremism 2021",
                                             "Bilaga 1. Lägesbild 2021", "Bilaga 2. Uppföljning av handlingsplan 2020"]
    dok = pdf.Root.StructTreeRoot.K[0]
    assert [str(d.S) for d in dok.K] == ["/Part"] * 3
    assert str(pdf.Root.Lang) == "sv"
    kontroll = outloud(samman)
    assert kontroll["fel"] == [] and kontroll["kraschade"] == []
    # the one warning: each part's title block names the municipality, which the
    # checker takes for a running header tagged as content (docs/publicering.md)
    assert [v[0] for v in kontroll["varningar"]] in ([], ["PAG-001"])
    plan = outloud(delar[0])
    assert plan["fel"] == [] and plan["varningar"] == []
    pdfua = pytest.importorskip("pdfua")
    assert not pdfua.validate(str(samman)).findings
    # the plan's DOCX and HTML are published beside it, and listed in the manifest
    man = json.loads((kat / "manifest.json").read_text(encoding="utf-8"))
    assert {"handlingsplan-2021-sodermalm.html", "handlingsplan-2021-sodermalm.docx",
            "handlingsplan-2021-sodermalm-med-bilagor.pdf"} <= set(man["filer"])
