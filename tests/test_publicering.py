"""Publication quality (issue 6): tagged PDF checked with independent tools (pikepdf,
pdftotext, the PDF/UA-1 checker `pdfua`), DOCX read back with python-docx, and the
HTML page opened in headless Chromium through the DevTools protocol."""
from __future__ import annotations

import datetime as dt
import io
import json
import os
import shutil
import socket
import subprocess
import time
import urllib.request
import zipfile

import pandas as pd
import pytest
from nbformat.v4 import new_code_cell, new_notebook, new_output

from vbe_lib.presentation import charts
from vbe_lib.render import render_docx, render_html, render_pdf
from vbe_lib.presentation.tables import Tabell

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
    lang = Tabell(pd.DataFrame({"Enhet": [f"Förskolan Ängen {i}" for i in range(70)],
                                "Svar": list(range(70)), "Tillfrågade": [70] * 70}),
                  "Svar per enhet (lång tabell som bryts över sidor).", "Stadens enkät 2021")
    nb = new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                               "language": "python"}})
    nb.cells = [
        new_code_cell('namnd = "hagersten_alvsjo"', metadata={"tags": ["parameters"]}),
        _cell(_visning(markdown="## Sammanfattning\n\nÅtta **händelser** under 2020 i Älvsjö.\n\n"
                                "- första punkten\n- andra punkten med *kursiv* text")),
        _cell(_visning(markdown="## Anmälda brott"), _visning(kort), _visning(figur)),
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
    assert ("Title", "Handlingsplan mot våldsbejakande extremism 2021") in stilar
    assert ("Subtitle", "Bilaga: Lägesbild 2021") in stilar
    assert ("Heading 1", "Sammanfattning") in stilar and ("Heading 1", "Enkäten") in stilar
    assert ("Heading 2", "Internt") in stilar and ("Heading 3", "Fritextsvar") in stilar
    text = "\n".join(t for _, t in stilar)
    assert "Fiktiva exempeldata – rapporten bygger inte på verkliga uppgifter." in text
    assert "Dnr: HÄ 2021/77" in text and "22 november 2026" in text
    assert "visa(lb" not in text and "<Markdown>" not in text
    assert ("List Bullet", "andra punkten med kursiv text") in stilar
    # tables: caption, cells, header row marked and repeated
    kort, lang = d.tables
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
    assert "Hägersten-Älvsjö stadsdelsnämnd" in sek.header.paragraphs[0].text
    fot = sek.footer._element.xml
    assert "PAGE" in fot and "NUMPAGES" in fot and "Sida " in sek.footer.paragraphs[0].text


def test_docx_deterministisk(rapport_nb, docx_bytes):
    assert render_docx(rapport_nb, **ARGS) == docx_bytes
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as z:
        assert {i.date_time for i in z.infolist()} == {(2026, 11, 22, 0, 0, 0)}


# --------------------------------------------------------------------------- Chromium
CHROMIUM = os.environ.get("VBE_CHROMIUM", "/usr/bin/chromium")


def _ledig_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Cdp:
    """A minimal DevTools protocol client (websocket-client)."""

    def __init__(self, url: str):
        import websocket

        self.ws = websocket.create_connection(url, timeout=30, suppress_origin=True)
        self.nr = 0
        self.handelser: list[dict] = []

    def skicka(self, metod: str, **params):
        self.nr += 1
        nr = self.nr
        self.ws.send(json.dumps({"id": nr, "method": metod, "params": params}))
        while True:
            svar = json.loads(self.ws.recv())
            if svar.get("id") == nr:
                if "error" in svar:
                    raise RuntimeError(f"{metod}: {svar['error']}")
                return svar.get("result", {})
            self.handelser.append(svar)

    def vanta_pa(self, metod: str, sekunder: float = 30):
        slut = time.monotonic() + sekunder
        while time.monotonic() < slut:
            if any(h.get("method") == metod for h in self.handelser):
                return
            self.handelser.append(json.loads(self.ws.recv()))
        raise TimeoutError(metod)


@pytest.mark.slow
def test_html_i_chromium(html, tmp_path):
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        pytest.skip(f"Chromium saknas ({CHROMIUM}); installeras av scripts/systempaket.sh")
    pytest.importorskip("websocket", reason="websocket-client behövs för DevTools-protokollet")
    sida = tmp_path / "rapport.html"
    sida.write_text(html, encoding="utf-8")
    profil = tmp_path / "profil"
    port = _ledig_port()
    proc = subprocess.Popen(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", f"--user-data-dir={profil}", f"--remote-debugging-port={port}",
         "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        mal = None
        slut = time.monotonic() + 30
        while time.monotonic() < slut and mal is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=2) as r:
                    mal = next((t for t in json.load(r) if t.get("type") == "page"), None)
            except OSError:
                time.sleep(0.2)
        assert mal is not None, "Chromium startade inte DevTools"
        cdp = _Cdp(mal["webSocketDebuggerUrl"])
        for doman in ("Page", "Runtime", "Log", "Network"):
            cdp.skicka(f"{doman}.enable")
        cdp.skicka("Emulation.setDeviceMetricsOverride", width=1100, height=1400, deviceScaleFactor=1, mobile=False)
        cdp.handelser.clear()
        cdp.skicka("Page.navigate", url=sida.as_uri())
        cdp.vanta_pa("Page.loadEventFired")
        resultat = cdp.skicka("Runtime.evaluate", returnByValue=True, expression="""JSON.stringify({
            lang: document.documentElement.lang,
            bilder: Array.from(document.images).map(i => ({alt: i.alt, ok: i.complete && i.naturalWidth > 0})),
            skript: document.scripts.length,
            titel: document.title,
            h1: document.querySelector('h1').textContent})""")
        info = json.loads(resultat["result"]["value"])
        bild = cdp.skicka("Page.captureScreenshot", format="png", captureBeyondViewport=True)
        import base64

        (tmp_path / "skarmbild.png").write_bytes(base64.b64decode(bild["data"]))
        cdp.ws.close()
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
    fel = []
    for h in cdp.handelser:
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
    assert info["lang"] == "sv" and info["skript"] == 0
    assert info["bilder"] and all(b["ok"] for b in info["bilder"]), info["bilder"]
    assert all(b["alt"] and "No description" not in b["alt"] for b in info["bilder"])
    assert info["h1"] == "Handlingsplan mot våldsbejakande extremism 2021"
    assert (tmp_path / "skarmbild.png").stat().st_size > 10_000
