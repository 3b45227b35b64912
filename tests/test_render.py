"""Rendering: self-contained Swedish HTML from notebook outputs, and a tagged A4 PDF."""
from __future__ import annotations

import base64
import datetime as dt
import io
import re

import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from vbe_lib.render import RenderFel, render_html, render_pdf

def _png() -> str:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (40, 20), (0, 85, 143)).save(buf, "PNG")
    return base64.b64encode(buf.getvalue()).decode()


PNG = _png()

ARGS = dict(
    titel="Handlingsplan mot våldsbejakande extremism 2021",
    undertitel="Bilaga: Lägesbild 2021",
    namnd_namn="Södermalms stadsdelsnämnd",
    byggdatum=dt.date(2026, 11, 22),
    dnr="SDN 2021/123",
    exempeldata=True,
    kommun="Exempelkommun",
)


def _nb(*celler):
    nb = new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    nb.cells = list(celler)
    return nb


def _cell(*outputs, tags=()):
    c = new_code_cell("display(x)  # koden får aldrig synas", metadata={"tags": list(tags)})
    c.outputs = list(outputs)
    c.execution_count = 3
    return c


def _visning(data, metadata=None, typ="display_data"):
    if typ == "execute_result":
        return new_output("execute_result", data=data, metadata=metadata or {}, execution_count=3)
    return new_output("display_data", data=data, metadata=metadata or {})


def _rapport_nb():
    rader = "".join(f"<tr><td>Enhet {i}</td><td>{i}</td></tr>" for i in range(5))
    return _nb(
        new_markdown_cell("# Anteckning till analytikern\nSyns inte."),
        new_code_cell('namnd = "sodermalm"', metadata={"tags": ["parameters"]}),
        _cell(
            _visning({"text/markdown": "## Sammanfattning\n\nÅtta **händelser** under 2020.",
                      "text/plain": "<IPython.core.display.Markdown object>"}),
            new_output("stream", name="stderr", text="UserWarning: något internt\n"),
            new_output("stream", name="stdout", text="felsökningsutskrift\n"),
        ),
        _cell(_visning({
            "text/html": f'<h3>Brott</h3><figure><img src="data:image/png;base64,{PNG}" alt="Stapeldiagram över brott">'
                         "<figcaption>Figur 1. Källa: Brå.</figcaption></figure>",
            "text/plain": "<Figur>",
        })),
        _cell(_visning({
            "text/html": f"<h2>Enkäten</h2><table><thead><tr><th>Enhet</th><th>Svar</th></tr></thead>"
                         f"<tbody>{rader}</tbody></table>",
            "text/plain": "    Enhet  Svar\n0 ...",
        }, typ="execute_result")),
        _cell(_visning({"image/png": PNG, "text/plain": "<Figure size 640x480>"},
                       metadata={"image/png": {"alt": "Linjediagram över svarsfrekvens"}})),
        _cell(_visning({"text/html": "<h2>Dold</h2>"}), tags=["dold"]),
        _cell(),
    )


def test_html_ar_fristaende_och_svensk():
    html = render_html(_rapport_nb(), **ARGS)
    assert '<html lang="sv">' in html
    assert "<script" not in html.lower()
    assert not re.search(r"""<(?:img|link|script|iframe|source)[^>]+(?:src|href)\s*=\s*["']?(?:https?:)?//""", html, re.I)
    assert "@import" not in html and "cdn" not in html.lower() and "mathjax" not in html.lower()
    assert "require.js" not in html and "<link" not in html
    for fel in ("In [", "Out[", "Traceback", "display(x)", "UserWarning", "felsökningsutskrift",
                "Anteckning till analytikern", "Dold", "No description has been provided"):
        assert fel not in html, fel
    # title block, banner, date in Swedish, Dnr
    assert "Handlingsplan mot våldsbejakande extremism 2021" in html
    assert "Bilaga: Lägesbild 2021" in html and "Södermalms stadsdelsnämnd" in html
    assert "Fiktiva exempeldata" in html and "rapporten bygger inte på verkliga uppgifter" in html
    assert "22 november 2026" in html and "SDN 2021/123" in html
    assert "<title>" in html and 'name="dcterms.created" content="2026-11-22"' in html
    # outputs: markdown rendered, figure with alt text, table, PNG with alt from metadata
    assert "<strong>händelser</strong>" in html
    assert 'alt="Stapeldiagram över brott"' in html
    assert 'alt="Linjediagram över svarsfrekvens"' in html
    assert "<thead>" in html and "Enhet 4" in html
    # table of contents from h2/h3 with ids
    assert 'id="sammanfattning"' in html and 'href="#sammanfattning"' in html
    assert 'id="brott"' in html and 'href="#brott"' in html
    assert 'id="enkaten"' in html and 'href="#enkaten"' in html
    # no external font or style
    # the only URLs in the stylesheet are embedded (the leader dots of the table of contents)
    stil = html.split("</style>")[0]
    assert re.findall(r"url\(", stil) and all(
        re.match(r"""\s*["']?data:""", rest) for rest in re.split(r"url\(", stil)[1:])


def test_html_deterministisk():
    assert render_html(_rapport_nb(), **ARGS) == render_html(_rapport_nb(), **ARGS)


def test_utan_exempeldata_ingen_banner():
    html = render_html(_rapport_nb(), **{**ARGS, "exempeldata": False, "dnr": None})
    assert "Fiktiva exempeldata" not in html and "Dnr" not in html


def test_varningar_rapporteras():
    varningar: list[str] = []
    render_html(_rapport_nb(), varningar=varningar, **ARGS)
    assert any("stderr" in v and "cell 3" in v for v in varningar)
    assert any("print()" in v for v in varningar)


def test_integritetsrader_gar_till_loggen_inte_till_rapporten():
    from vbe_lib.integritet.logg import LOGGPREFIX, VARNINGSPREFIX, undanhallna_rader

    nb = _nb(_cell(_visning({"text/html": "<p>ok</p>"}),
                   new_output("stream", name="stderr",
                              text=f"{LOGGPREFIX}enkat/2021/svar.csv, rad 7: fritextsvar undanhållet (namn)\n")))
    varningar: list[str] = []
    html = render_html(nb, varningar=varningar, **ARGS)
    assert varningar == [VARNINGSPREFIX + "enkat/2021/svar.csv, rad 7: fritextsvar undanhållet (namn)"]
    assert "svar.csv" not in html
    assert undanhallna_rader([f"lagesbild: {v}" for v in varningar] + ["lagesbild: annat"]) == [
        "enkat/2021/svar.csv, rad 7: fritextsvar undanhållet (namn)"]


def test_bara_text_plain_stoppar_bygget():
    nb = _nb(_cell(_visning({"text/html": "<p>ok</p>"})),
             _cell(_visning({"text/plain": "   namnd  antal\n0  sodermalm  3"}, typ="execute_result")))
    with pytest.raises(RenderFel) as e:
        render_html(nb, **ARGS)
    assert "utdata utan presentationsform i cell 2" in str(e.value)


def test_felutdata_stoppar_bygget():
    err = new_output("error", ename="KeyError", evalue="'antal'", traceback=["Traceback ..."])
    with pytest.raises(RenderFel) as e:
        render_html(_nb(_cell(), _cell(err)), **ARGS)
    assert "fel i cell 2: KeyError" in str(e.value)


@pytest.mark.parametrize("frag", [
    "<script>alert(1)</script>",
    '<img src="https://example.org/x.png" alt="x">',
    '<link rel="stylesheet" href="https://cdn.example.org/x.css">',
    "<style>@import url(https://fonts.example.org/a.css);</style>",
])
def test_extern_resurs_eller_skript_stoppar_bygget(frag):
    with pytest.raises(RenderFel):
        render_html(_nb(_cell(_visning({"text/html": frag}))), **ARGS)


def test_lankar_till_webbsidor_ar_tillatna():
    html = render_html(_nb(_cell(_visning({"text/html": '<p><a href="https://www.bra.se">Brå</a></p>'}))), **ARGS)
    assert 'href="https://www.bra.se"' in html


def test_dubbla_rubriker_far_unika_id():
    nb = _nb(_cell(_visning({"text/html": "<h2>Resultat</h2>"})), _cell(_visning({"text/html": "<h2>Resultat</h2>"})))
    html = render_html(nb, **ARGS)
    assert 'id="resultat"' in html and 'id="resultat-2"' in html


@pytest.mark.slow
def test_pdf_text_metadata_och_deterministisk():
    pypdf = pytest.importorskip("pypdf")
    pikepdf = pytest.importorskip("pikepdf")
    html = render_html(_rapport_nb(), **ARGS)
    pdf1 = render_pdf(html)
    pdf2 = render_pdf(html)
    assert pdf1[:5] == b"%PDF-"
    assert pdf1 == pdf2, "två renderingar ska ge identiska byte"

    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf1)).pages)
    assert "Södermalms stadsdelsnämnd" in " ".join(text.split())
    assert "Sida 1 (" in text
    assert "Fiktiva exempeldata" in text and "22 november 2026" in text

    with pikepdf.open(io.BytesIO(pdf1)) as pdf:
        root = pdf.Root
        assert str(root.Lang) == "sv"
        assert bool(root.MarkInfo.Marked)
        assert "/StructTreeRoot" in root
        assert "Södermalms stadsdelsnämnd" in str(pdf.docinfo["/Title"])
        assert str(pdf.docinfo["/CreationDate"]).startswith("D:20261122")
        w, h = (float(x) for x in pdf.pages[0].MediaBox[2:])
        assert abs(w - 595.28) < 1 and abs(h - 841.89) < 1  # A4
        # every font embedded
        for page in pdf.pages:
            for _, font in (page.Resources.get("/Font") or {}).items():
                desc = font.get("/FontDescriptor") or font.DescendantFonts[0].FontDescriptor
                assert any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))


@pytest.mark.parametrize("mode", ["RGB", "RGBA", "L", "P"])
def test_pdf_bilder_samma_pixlar(mode):
    """Charts (8-bit RGB PNG) are embedded without re-encoding; other PNGs take
    WeasyPrint's own path. Either way the PDF image has the PNG's pixels."""
    import numpy as np
    pikepdf = pytest.importorskip("pikepdf")
    from PIL import Image

    from vbe_lib.render.pdf import _idat

    rng = np.random.default_rng(1)
    rgb = rng.integers(0, 256, (30, 50, 3), dtype=np.uint8)
    bild = Image.fromarray(rgb, "RGB")
    if mode == "RGBA":
        bild = bild.convert("RGBA")
    elif mode in ("L", "P"):
        bild = bild.convert(mode)
    buf = io.BytesIO()
    bild.save(buf, "PNG", compress_level=1)
    png = buf.getvalue()
    assert (_idat(png) is not None) == (mode in ("RGB", "L"))
    b64 = base64.b64encode(png).decode()
    html = (f'<html lang="sv"><head><title>t</title></head><body><img src="data:image/png;base64,{b64}" alt="x">'
            "</body></html>")
    pdf = render_pdf(html)
    assert pdf == render_pdf(html)
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        (_, xobj), = doc.pages[0].Resources.XObject.items()
        ut = np.asarray(pikepdf.PdfImage(xobj).as_pil_image().convert("RGB" if mode != "L" else "L"))
    vantat = np.asarray(bild.convert("RGB") if mode in ("RGBA", "P") else bild)
    assert ut.shape == vantat.shape and (ut == vantat).all()
