"""Hostile text (issue 21): personal data written so that a naive pattern misses it,
active content in the police's text, and texts large enough to stall a quadratic
pattern. The screening matches normalised text; every published fragment goes through
the allowlist sanitizer (vbe_lib.integritet.sanering); vbe validera and the lägesbild
refuse hostile police text with file and line; the published page carries a CSP; and a
real browser (headless Chromium, DevTools protocol) runs no script and fetches nothing
when it opens a report with the hostile text. Bad police texts of the malformed-input
corpus are in tests/felaktiga_filer/polis_* (run by test_validering.py)."""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
import json
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest
from nbformat.v4 import new_code_cell, new_notebook, new_output

from vbe_lib.integritet import granskning, sanering
from vbe_lib.integritet.granskning import UNDANHALLET, UNDANHALLET_STYCKE, granska_fritext, granska_stycken
from vbe_lib.render import RenderFel, render_docx, render_html, render_pdf

ROT = Path(__file__).resolve().parents[1]
ARGS = dict(titel="Handlingsplan mot våldsbejakande extremism 2021", undertitel="Bilaga: Lägesbild 2021",
            namnd_namn="Södermalms stadsdelsnämnd", byggdatum=dt.date(2026, 11, 22), exempeldata=True,
            kommun="Stockholms stad")

SHY, ZWSP, WJ, BOM = "\u00ad", "\u200b", "\u2060", "\ufeff"


# --------------------------------------------------------------------------- screening
@pytest.mark.parametrize("text, slag", [
    (f"Eleven 850412{SHY}-1234 har uppmärksammats.", "personnummer"),
    (f"Eleven 8504{SHY}12-1234 har uppmärksammats.", "personnummer"),
    (f"Eleven 19850412{SHY}1234 har uppmärksammats.", "personnummer"),
    ("Eleven 850412&shy;-1234 har uppmärksammats.", "personnummer"),
    ("Eleven 850412\\-1234 har uppmärksammats.", "personnummer"),       # Markdown escape
    ("Eleven ８５０４１２－１２３４ har uppmärksammats.", "personnummer"),  # full-width
    ("Eleven 850412\u22121234 har uppmärksammats.", "personnummer"),      # minus sign
    ("Eleven 85<b></b>0412-1234 har uppmärksammats.", "personnummer"),
    ("Eleven 85**04**12-1234 har uppmärksammats.", "personnummer"),
    ("Eleven 850412<!-- x -->-1234 har uppmärksammats.", "personnummer"),
    ("Mejla anna&#64;exempel.se om saken.", "e-postadress"),
    ("Mejla anna&#x40;exempel.se om saken.", "e-postadress"),
    ("Mejla anna&commat;exempel.se om saken.", "e-postadress"),
    ("Mejla anna&amp;#64;exempel.se om saken.", "e-postadress"),     # encoded twice
    ("Mejla anna\\@exempel\\.se om saken.", "e-postadress"),
    ("Mejla anna＠exempel.se om saken.", "e-postadress"),
    (f"Mejla anna{ZWSP}@{ZWSP}exempel.se om saken.", "e-postadress"),
    (f"Ring 070{ZWSP}-123 45 67 om ni undrar.", "telefonnummer"),
    (f"Ring 0{ZWSP}7{ZWSP}0{ZWSP}1{ZWSP}2{ZWSP}3{ZWSP}4{ZWSP}5{ZWSP}6{ZWSP}7 om ni undrar.", "telefonnummer"),
    (f"Ring 070-123{WJ} 45{BOM} 67 om ni undrar.", "telefonnummer"),
    ("Ring 070&#8203;-123 45 67 om ni undrar.", "telefonnummer"),
    ("Ring 070&#8209;123 45 67 om ni undrar.", "telefonnummer"),       # non-breaking hyphen
    ("Ring 070\u0332-123 45 67 om ni undrar.", "telefonnummer"),       # combining mark
    (f"Vi har pratat med Kal{SHY}le Ankander.", "namn"),
    ("Vi har pratat med Kalle&nbsp;Ankander.", "namn"),
    ("Vi har pratat med Kalle<br>Ankander.", "namn"),
    (f"Vi har pratat med Kalle{ZWSP} Ankander.", "namn"),
])
def test_normaliserad_text_granskas(text, slag):
    g = granska_fritext([text], ["Kalle Ankander"])
    assert g.texter == [UNDANHALLET] and slag in g.traffar[0][1], (text, g.traffar)


@pytest.mark.parametrize("text", [
    "Samverkan med polis &amp; socialtjänst under 2020.",
    f"Verksam{SHY}hets{SHY}planen för 2021 följs upp i december.",
    "Mötet 2021-03-15 samlade 120 deltagare; budget 2 070 000 kr.",
    "Se avsnitt 3.2 och [polisens sida](https://polisen.se/) för mer om *lägesbilden*.",
    "Kallelse: &lt;datum&gt; kl 13, lokal 4\u00a0B.",
])
def test_vanlig_text_slapps_igenom(text):
    assert granska_fritext([text], ["Kalle Ankander"]).texter == [text]


def test_normalisera():
    assert granskning.normalisera(f"85{SHY}04{ZWSP}12&#45;1234") == "850412-1234"
    assert granskning.normalisera("ａｎｎａ＠ｅｘｅｍｐｅｌ．ｓｅ") == "anna@exempel.se"
    assert granskning.normalisera("a\\*b\\_c") == "a*b_c"
    assert granskning.normalisera("Åsa Öberg") == "Åsa Öberg"  # composed letters stay


def test_polistext_stycke_med_dold_personuppgift_undanhalls():
    text = ("Första stycket utan uppgifter.\n\n"
            f"Kontaktperson nås på lars.polis&#64;exempel.se eller 08{ZWSP}-555 123 45.\n\n"
            f"Ärendet gäller 19850412{SHY}-1234.\n")
    ut, antal, logg = granska_stycken(text, [], "polis/2021/sodermalm.md")
    assert antal == 2 and ut.count(UNDANHALLET_STYCKE) == 2 and "Första stycket" in ut
    assert logg == ["polis/2021/sodermalm.md, rad 3: stycke undanhållet (telefonnummer, e-postadress)",
                    "polis/2021/sodermalm.md, rad 5: stycke undanhållet (personnummer)"]


def test_for_lang_text_undanhalls_utan_granskning():
    g = granska_fritext(["a" * (granskning.MAX_TECKEN + 1), "kort svar"])
    assert g.texter == [UNDANHALLET, "kort svar"] and g.traffar == [(0, "för lång text")]


def _tid(f, *args) -> float:
    t0 = time.perf_counter()
    f(*args)
    return time.perf_counter() - t0


#: texts that took quadratic time or worse with the old patterns (40 000 letters: 23 s)
ELAKA_40K = {
    "bokstäver": "a" * 40_000,
    "punkter och bokstäver": "a." * 20_000,
    "snabel-a": "a@" * 20_000,
    "domän utan punkt": "a@" + "b" * 39_998,
    "siffror": "1" * 40_000,
    "siffror med mellanrum": "1 " * 20_000,
    "bindestreck": "0-" * 20_000,
    "mellanslag före namn": "Kalle" + " " * 39_990 + "x",
    "taggar": "<" * 40_000,
    "personnummer": "850412-1234 " * 3_333,
}


@pytest.mark.parametrize("namn", sorted(ELAKA_40K))
def test_40k_tecken_granskas_snabbt(namn):
    text = ELAKA_40K[namn]
    assert len(text) >= 39_990
    sek = _tid(granska_fritext, [text], ["Kalle Ankander"])
    assert sek < 2.0, f"{namn}: {sek:.2f} s"  # about 0.03 s; the old e-mail pattern took 23 s


def test_740_kb_text_granskas_snabbt():
    """740 kB of prose with personal data in every paragraph (the police text that made
    vbe validera take 150 s): screened paragraph by paragraph, linear time."""
    stycke = ("Polisen har uppmärksammat aktivitet i området under året och samverkar med skolorna. " * 3
              + "Kontakt: anna.svensson@exempel.se, 070-123 45 67, ärende 850412-1234.")
    text = "\n\n".join([stycke] * (740_000 // (len(stycke.encode("utf-8")) + 2)))
    assert 730_000 < len(text.encode("utf-8")) < 760_000
    t0 = time.perf_counter()
    _, antal, _ = granska_stycken(text, ["Kalle Ankander"], "polis/2021/sodermalm.md")
    sek = time.perf_counter() - t0
    assert antal == len(granskning.stycken(text))
    assert sek < 20, f"{sek:.1f} s"  # about 0.5 s on an idle machine
    # one paragraph of 740 kB: over the cap, withheld at once without screening
    assert _tid(granska_fritext, ["a@" * 370_000]) < 1.0


# --------------------------------------------------------------------------- sanitizer
FIENTLIG = {
    "iframe srcdoc": '<iframe srcdoc="&lt;script&gt;parent.__vbe_pwned=1&lt;/script&gt;"></iframe>',
    "skript": "<script>window.__vbe_pwned = 1</script>",
    "entitetskodad src": '<img src="&#104;ttps://evil.example/spana.png" alt="">',
    "javascript-länk": '<a href="javascript:alert(1)">klicka</a>',
    "kodad javascript-länk": '<a href="&#106;ava&#x09;script:alert(1)">klicka</a>',
    "data-länk": '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">klicka</a>',
    "formulär": '<form action="https://evil.example/"><input name="pnr"><button>Skicka</button></form>',
    "meta refresh": '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    "stilblock": "<style>.exempeldata{display:none!important}</style>",
    "stilattribut": '<p style="display:none">dold</p>',
    "händelseattribut": '<b onclick="alert(1)">fet</b>',
    "svg onload": '<svg onload="alert(1)"><circle r="4"/></svg>',
    "objekt": '<object data="https://evil.example/x.swf"></object><embed src="https://evil.example/x">',
    "bas-url": '<base href="https://evil.example/">',
    "stilmall": '<link rel="stylesheet" href="https://evil.example/x.css">',
    "extern bild": '<img src="https://evil.example/x.png" alt="x">',
    "protokollrelativ bild": '<img src="//evil.example/x.png" alt="x">',
}
_AKTIVT = re.compile(r"<(?:script|iframe|form|input|button|meta|style|svg|object|embed|base|link)\b|\son\w+\s*="
                     r"|javascript:|style\s*=|https?://evil|//evil|data:text", re.I)


@pytest.mark.parametrize("profil", [sanering.TEXT, sanering.RAPPORT], ids=["text", "rapport"])
@pytest.mark.parametrize("namn", sorted(FIENTLIG))
def test_sanering_tar_bort_aktivt_innehall(namn, profil):
    frag = f"<p>Före.</p>{FIENTLIG[namn]}<p>Efter.</p>"
    ren = sanering.sanera_html(frag, profil)
    assert not _AKTIVT.search(ren), ren
    assert "Före." in ren and "Efter." in ren
    assert sanering.granska_html(frag, profil), f"{namn}: borde anmärkas"
    assert sanering.sanera_html(ren, profil) == ren  # stable
    assert sanering.granska_html(ren, profil) == []


def test_rapportprofilen_behaller_projektets_egna_utdata():
    import pandas as pd

    from vbe_lib.presentation import charts
    from vbe_lib.presentation.tables import Tabell

    tab = Tabell(pd.DataFrame({"År": [2019, 2020], "Antal": [1700, 30]}), "Brott 2019–2020.", "Brå",
                 noter=["Not med \"citat\" & <tecken>."])
    fig = charts.tidsserie(pd.DataFrame({"ar": [2019, 2020], "antal": [25, 30]}), "brott", "Brå")
    for frag in (tab._repr_html_(), fig._repr_html_()):
        assert sanering.granska_html(frag) == []
        ren = sanering.sanera_html(frag)
        for bit in ('<div class="tabell">', '<th scope="col">', 'class="tabellkalla"', '<figure class="figur">',
                    'src="data:image/png;base64,', 'class="figurkalla"'):
            if bit in frag:
                assert bit in ren, bit
    assert "&lt;tecken&gt;" in sanering.sanera_html(tab._repr_html_())


def test_textprofilen_tar_bort_klasser_id_och_bilder_utan_anmarkning_for_markdowns_egna():
    md = "| a | b |\n|:--|--:|\n| 1 | 2 |\n\n- [x] klart\n\n```python\nx = 1\n```\n"
    assert sanering.granska_markdown(md) == []
    ren = sanering.markdown_till_html(md)
    assert "<table>" in ren and "style" not in ren and "class" not in ren and "<input" not in ren
    ren = sanering.markdown_till_html('<span class="exempeldata" id="x">a</span> ![b](data:image/png;base64,AAAA)')
    assert ren == "<p><span>a</span> </p>\n"


def test_granska_markdown_namnger_rad():
    text = ("Rubrik\n\nFörsta stycket.\nAndra raden med <iframe src=x></iframe>.\n\n"
            "[länk](https://polisen.se/) och [elak](javascript:alert(1))\n")
    assert sanering.granska_markdown(text) == [
        sanering.Anmarkning(4, "HTML-elementet <iframe> är inte tillåtet"),
        sanering.Anmarkning(6, 'länken "javascript:alert(1)" är inte tillåten – bara webbadresser (https:, '
                               "http:), e-post (mailto:) och ankare (#)", "url"),
    ]
    lang = sanering.granska_markdown("a" * 740_000)
    assert lang == [sanering.Anmarkning(None, "texten är 740\u00a0000 tecken lång – en text som publiceras får vara "
                                              "högst 100\u00a0000 tecken", "storlek")]


def test_markdown_40k_och_740k_tecken_snabbt():
    elak = ["[" * 40_000, "<" * 40_000, "**a" * 13_333, "[a](" * 10_000, "<!--" * 10_000, "<?" * 20_000,
            "a *b* [c](d) <e> `f` \\g &h; " * 1_400]
    for t in elak:
        sek = _tid(sanering.granska_markdown, t) + _tid(sanering.markdown_till_html, t)
        assert sek < 5.0, (t[:10], sek)  # at most about 0.4 s on an idle machine
    assert _tid(sanering.granska_markdown, "<" * 740_000) < 1.0  # over the cap: refused unread


# --------------------------------------------------------------------------- render, CSP
def _nb(*utdata):
    nb = new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    c = new_code_cell("visa(lb.avsnitt_polis())")
    c.outputs = list(utdata)
    c.execution_count = 1
    nb.cells = [new_code_cell('namnd = "sodermalm"', metadata={"tags": ["parameters"]}), c]
    return nb


def _md(text):
    return new_output("display_data", data={"text/markdown": text, "text/plain": "<Markdown>"}, metadata={})


def _htmlut(html):
    return new_output("display_data", data={"text/html": html, "text/plain": "<HTML>"}, metadata={})


def test_csp_med_sidans_egen_stil():
    html = render_html(_nb(_md("## Polisens kartläggning\n\nText.")), **ARGS)
    m = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)
    assert m and html.index(m.group(0)) < html.index("<style>") and html.index(m.group(0)) < html.index("<title>")
    csp = m.group(1)
    stil = re.search(r"<style>(.*?)</style>", html, re.S).group(1)
    hash_ = base64.b64encode(hashlib.sha256(stil.encode("utf-8")).digest()).decode()
    assert csp == (f"default-src 'none'; style-src 'sha256-{hash_}'; img-src data:; base-uri 'none'; "
                   "form-action 'none'")
    assert "vbe-csp" not in html


@pytest.mark.parametrize("namn", sorted(FIENTLIG))
def test_fientlig_utdata_stoppar_renderingen_och_namnger_cellen(namn):
    for utdata in (_md("Text.\n\n" + FIENTLIG[namn]), _htmlut("<p>Text.</p>" + FIENTLIG[namn])):
        with pytest.raises(RenderFel) as e:
            render_html(_nb(utdata), **ARGS)
        assert "i utdata i cell 2:" in str(e.value), str(e.value)


# --------------------------------------------------------------------------- police text in validera and report
POLIS_FIENTLIG = (
    "Polisens lägesbild för Södermalm.\n\n"
    "<script>window.__vbe_pwned = (window.__vbe_pwned || []).concat('script'); alert('script')</script>\n\n"
    "<iframe srcdoc=\"&lt;script&gt;parent.__vbe_pwned=['iframe'];parent.alert('iframe')&lt;/script&gt;\"></iframe>\n\n"
    "Karta: <img src=\"&#104;ttps://evil.example/spana.png\" alt=\"\"> "
    "<img src=x onerror=\"window.__vbe_pwned=['onerror']\">\n\n"
    "[Klicka](javascript:window.__vbe_pwned=['lank']) eller <a href=\"&#106;avascript:alert('lank')\">här</a>.\n\n"
    "<form action=\"https://evil.example/samla\"><input name=\"pnr\" autofocus "
    "onfocus=\"window.__vbe_pwned=['onfocus']\"><button>Skicka</button></form>\n\n"
    "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example/\">\n\n"
    "<style>.exempeldata{display:none!important}</style>\n\n"
    "<svg onload=\"window.__vbe_pwned=['svg']\"><circle r=\"5\"/></svg>\n\n"
    "<object data=\"https://evil.example/x.swf\"></object>\n\n"
    "<link rel=\"stylesheet\" href=\"https://evil.example/x.css\">\n\n"
    "<p style=\"background:url(https://evil.example/bg.png)\">Bakgrund.</p>\n\n"
    "Sista stycket med **fet** text och [polisens sida](https://polisen.se/).\n"
)


def _datamapp(tmp_path: Path, text: str) -> Path:
    """The valid data set of the malformed-input corpus with ``text`` as Södermalm's police text."""
    data = tmp_path / "data"
    shutil.copytree(ROT / "tests" / "felaktiga_filer" / "_giltig", data)
    (data / "polis" / "2021" / "sodermalm.md").write_text(text, encoding="utf-8")
    return data


def test_validera_namnger_fil_och_rad(tmp_path):
    from vbe_lib.indata.validera import validera
    from vbe_lib.parametrar.konfiguration import Konfiguration

    konf = Konfiguration.las(ROT / "parameters")
    rader = [str(p) for p in validera(_datamapp(tmp_path, POLIS_FIENTLIG), konf, 2021)
             if p.fil.startswith("polis/") and p.ar_fel]
    fil = "polis/2021/sodermalm.md"
    for rad, vad in [(3, "skript (<script>)"), (5, "<iframe>"), (7, 'bilden "https://evil.example/spana.png"'),
                     (7, 'bilden "x"'), (9, 'länken "javascript:window.__vbe_pwned'),
                     (11, "<form>"), (13, "<meta>"), (15, "CSS (<style>)"), (17, "<svg>"), (19, "<object>"),
                     (21, "<link>"), (23, "attributet style (CSS) på <p>")]:
        assert any(r.startswith(f"{fil}, rad {rad}: ") and vad in r for r in rader), (rad, vad, rader)
    assert not any("rad 25" in r for r in rader)
    assert all(r.endswith(".") and "\n" not in r for r in rader)


def test_vbe_validera_for_stora_och_normaliserade_texter(tmp_path):
    from typer.testing import CliRunner

    from vbe_lib.cli import _registrera, app

    _registrera()
    text = "Ett stycke.\n\n" + ("Lång text om läget. " * 37_000) + "\n"
    data = _datamapp(tmp_path, text)
    t0 = time.perf_counter()
    r = CliRunner().invoke(app, ["validera", "--ar", "2021", "--data", str(data), "--parametrar", str(ROT / "parameters")])
    sek = time.perf_counter() - t0
    assert r.exit_code == 1 and "Traceback" not in r.output, r.output
    antal = f"{len(text.rstrip()):,}".replace(",", "\u00a0")
    assert (f"polis/2021/sodermalm.md: texten är {antal} tecken lång – en text som publiceras får vara högst "
            "100\u00a0000 tecken.") in r.output, r.output
    assert sek < 20, sek
    (data / "polis" / "2021" / "sodermalm.md").write_text(
        f"Läget är lugnt.\n\nRing 070{ZWSP}-123 45 67 eller mejla anna&#64;exempel.se.\n\n"
        f"Ärendet gäller 850412{SHY}-1234.\n", encoding="utf-8")
    r = CliRunner().invoke(app, ["validera", "--ar", "2021", "--data", str(data), "--parametrar", str(ROT / "parameters")])
    assert r.exit_code == 0, r.output
    assert ("varning: polis/2021/sodermalm.md, rad 3: stycket kan innehålla personuppgifter (telefonnummer, "
            "e-postadress) och visas inte i rapporten.") in r.output
    assert "varning: polis/2021/sodermalm.md, rad 5: stycket kan innehålla personuppgifter (personnummer)" in r.output


def _lagesbild(tmp_path: Path, text: str):
    from vbe_lib.rapporter.lagesbild import Lagesbild

    return Lagesbild("sodermalm", 2021, data_dir=_datamapp(tmp_path, text), parametrar_dir=ROT / "parameters")


def test_avsnitt_polis_vagrar_fientlig_text_med_fil_och_rad(tmp_path):
    with pytest.raises(sanering.TextFel) as e:
        _lagesbild(tmp_path, POLIS_FIENTLIG).avsnitt_polis()
    meddelanden = e.value.meddelanden
    assert meddelanden[0].startswith("polis/2021/sodermalm.md, rad 3: skript (<script>) är inte tillåtet")
    assert any(m.startswith("polis/2021/sodermalm.md, rad 13: HTML-elementet <meta>") for m in meddelanden)
    assert "\n" not in str(e.value)


def test_avsnitt_polis_undanhaller_normaliserade_personuppgifter(tmp_path, capsys):
    lb = _lagesbild(tmp_path, f"Läget är lugnt.\n\nMejla lars.polis&#64;exempel.se eller ring 08{ZWSP}-555 123 45.\n")
    delar = lb.avsnitt_polis()
    text = "\n".join(getattr(d, "data", "") or "" for d in delar)
    assert "Läget är lugnt." in text and UNDANHALLET_STYCKE in text and "exempel" not in text and "555" not in text
    assert "polis/2021/sodermalm.md, rad 3: stycke undanhållet (telefonnummer, e-postadress)" in capsys.readouterr().err


# --------------------------------------------------------------------------- published files
def _fientlig_rapport(ren: bool) -> str:
    """A report page whose police section holds POLIS_FIENTLIG: as the sanitizer publishes
    it (``ren``), or raw, spliced in after rendering, as if there were no sanitizer (so only
    the page's CSP stands between the text and the browser; without the meta refresh,
    which no CSP can stop and the sanitizer removes)."""
    nb = _nb(_md("## Polisens kartläggning"),
             _htmlut(sanering.markdown_till_html(POLIS_FIENTLIG) if ren else "<p>PLATS</p>"))
    html = render_html(nb, **ARGS)
    if not ren:
        ra = sanering.markdown_html(re.sub(r"<meta http-equiv=[^\n]*\n", "", POLIS_FIENTLIG))
        html = html.replace("<p>PLATS</p>", ra, 1)
    return html


def test_docx_och_pdf_utan_fientligt_innehall():
    pypdf = pytest.importorskip("pypdf")
    nb = _nb(_md("## Polisens kartläggning"), _htmlut(sanering.markdown_till_html(POLIS_FIENTLIG)))
    docx = render_docx(nb, **ARGS)
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        xml = z.read("word/document.xml").decode("utf-8")
        rels = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".rels"))
        namn = z.namelist()
    assert "Fiktiva exempeldata" in xml and "Sista stycket med" in xml and "Skicka" in xml
    for fel in ("javascript", "__vbe_pwned", "alert(", "display:none", "exempeldata{", "evil.example", "<script",
                "srcdoc", "onerror"):
        assert fel not in xml, fel
    assert 'TargetMode="External"' not in rels
    assert not any(n.startswith(("word/embeddings", "word/activeX")) or n.endswith(".bin") for n in namn)
    pdf = render_pdf(render_html(nb, **ARGS))
    for fel in (b"/JavaScript", b"/JS", b"/Launch", b"/EmbeddedFile", b"/SubmitForm", b"/AcroForm", b"javascript:",
                b"evil.example"):
        assert fel not in pdf, fel
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert "Fiktiva exempeldata" in text and "Sista stycket med" in text
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as p:
        uri = [str(a.A.URI) for sida in p.pages for a in (sida.get("/Annots") or []) if "/A" in a and "/URI" in a.A]
    assert uri == ["https://polisen.se/"]  # an ordinary link stays a link, nothing else is one


# --------------------------------------------------------------------------- Chromium
CHROMIUM = os.environ.get("VBE_CHROMIUM", "/usr/bin/chromium")


class _Webblasare:
    """Headless Chromium with the DevTools protocol over a websocket (websocket-client)."""

    def __init__(self, profil: Path):
        import websocket

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        self.proc = subprocess.Popen(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--disable-dev-shm-usage", f"--user-data-dir={profil}", f"--remote-debugging-port={port}",
             "about:blank"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        mal, slut = None, time.monotonic() + 30
        while time.monotonic() < slut and mal is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=2) as r:
                    mal = next((t for t in json.load(r) if t.get("type") == "page"), None)
            except OSError:
                time.sleep(0.2)
        assert mal is not None, "Chromium startade inte DevTools"
        self.ws = websocket.create_connection(mal["webSocketDebuggerUrl"], timeout=30, suppress_origin=True)
        self.nr = 0
        self.handelser: list[dict] = []

    def _ta_emot(self) -> dict:
        h = json.loads(self.ws.recv())
        if h.get("method") == "Page.javascriptDialogOpening":  # an alert() would block the page
            self.ws.send(json.dumps({"id": 0, "method": "Page.handleJavaScriptDialog", "params": {"accept": True}}))
        return h

    def skicka(self, metod: str, **params):
        self.nr += 1
        self.ws.send(json.dumps({"id": self.nr, "method": metod, "params": params}))
        while True:
            h = self._ta_emot()
            if h.get("id") == self.nr:
                if "error" in h:
                    raise RuntimeError(f"{metod}: {h['error']}")
                return h.get("result", {})
            if "method" in h:
                self.handelser.append(h)

    def vanta(self, sekunder: float, metod: str | None = None) -> None:
        slut = time.monotonic() + sekunder
        self.ws.settimeout(0.2)
        try:
            while time.monotonic() < slut:
                if metod and any(h.get("method") == metod for h in self.handelser):
                    return
                try:
                    h = self._ta_emot()
                except Exception:  # noqa: BLE001 - websocket timeout
                    continue
                if "method" in h:
                    self.handelser.append(h)
        finally:
            self.ws.settimeout(30)
        if metod:
            raise TimeoutError(metod)

    def oppna(self, sida: Path) -> dict:
        self.handelser.clear()
        self.skicka("Page.navigate", url=sida.as_uri())
        self.vanta(30, "Page.loadEventFired")
        self.vanta(1.5)  # meta refresh 0, onerror/onload handlers, autofocus
        self.skicka("Runtime.evaluate", expression="""document.querySelectorAll('a').forEach(a => {
            if (/^\\s*javascript:/i.test(a.getAttribute('href') || '')) a.click(); })""")
        self.vanta(0.5)
        r = self.skicka("Runtime.evaluate", returnByValue=True, expression="""JSON.stringify({
            url: location.href, pwned: window.__vbe_pwned || null, titel: document.title,
            skript: document.scripts.length, ramar: document.querySelectorAll('iframe,frame,object,embed').length,
            formular: document.forms.length,
            banner: (() => { const b = document.querySelector('.exempeldata'); if (!b) return null;
                const s = getComputedStyle(b); return {display: s.display, visibility: s.visibility,
                hojd: b.getBoundingClientRect().height, kant: s.borderTopWidth}; })()})""")
        return json.loads(r["result"]["value"])

    def natverk(self) -> tuple[list[str], list[str]]:
        """(requests for anything but file:/data:, those of them that the CSP blocked)."""
        begarda = {h["params"]["requestId"]: h["params"]["request"]["url"] for h in self.handelser
                   if h.get("method") == "Network.requestWillBeSent"
                   and not h["params"]["request"]["url"].startswith(("file:", "data:", "about:"))}
        blockerade = [begarda[h["params"]["requestId"]] for h in self.handelser
                      if h.get("method") == "Network.loadingFailed" and h["params"].get("requestId") in begarda
                      and h["params"].get("blockedReason") == "csp"]
        return sorted(begarda.values()), sorted(blockerade)

    def stang(self) -> None:
        try:
            self.ws.close()
        finally:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()


@pytest.mark.slow
def test_chromium_kor_inget_skript_och_hamtar_inget(tmp_path):
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        pytest.skip(f"Chromium saknas ({CHROMIUM}); installeras av scripts/systempaket.sh")
    pytest.importorskip("websocket", reason="websocket-client behövs för DevTools-protokollet")
    ren, ra = tmp_path / "sanerad.html", tmp_path / "bara-csp.html"
    ren.write_text(_fientlig_rapport(True), encoding="utf-8")
    ra.write_text(_fientlig_rapport(False), encoding="utf-8")
    assert "<script>" in ra.read_text(encoding="utf-8") and "<script>" not in ren.read_text(encoding="utf-8")
    w = _Webblasare(tmp_path / "profil")
    try:
        for doman in ("Page", "Runtime", "Log", "Network"):
            w.skicka(f"{doman}.enable")
        # the published page: sanitized text under the CSP
        info = w.oppna(ren)
        begarda, _ = w.natverk()
        dialoger = [h for h in w.handelser if h.get("method") == "Page.javascriptDialogOpening"]
        cspfel = [h for h in w.handelser if h.get("method") == "Log.entryAdded"
                  and "Content Security Policy" in h["params"]["entry"].get("text", "")]
        bild = w.skicka("Page.captureScreenshot", format="png", captureBeyondViewport=True)
        (tmp_path / "sanerad.png").write_bytes(base64.b64decode(bild["data"]))
        assert begarda == [] and dialoger == [] and cspfel == [], (begarda, dialoger, cspfel)
        assert info["pwned"] is None and info["url"] == ren.as_uri() and info["titel"].startswith("Handlingsplan")
        assert info["skript"] == 0 and info["ramar"] == 0 and info["formular"] == 0
        b = info["banner"]
        assert b and b["display"] != "none" and b["visibility"] == "visible" and b["hojd"] > 10
        assert b["kant"] == "2px", "sidans egen stilmall ska gälla (CSP-hashen stämmer)"
        # the same text without the sanitizer: the CSP alone keeps it inert
        info = w.oppna(ra)
        begarda, blockerade = w.natverk()
        dialoger = [h for h in w.handelser if h.get("method") == "Page.javascriptDialogOpening"]
        assert dialoger == [] and info["pwned"] is None and info["url"] == ra.as_uri(), (dialoger, info)
        assert begarda == blockerade, f"begärda {begarda}, stoppade av CSP {blockerade}"
        b = info["banner"]
        assert b and b["display"] != "none" and b["hojd"] > 10 and b["kant"] == "2px"
    finally:
        w.stang()


def test_validera_granskar_namndernas_egna_texter(tmp_path):
    """A committee's own text reaches the report as Markdown like the police text:
    vbe validera names file and line of HTML the sanitizer would remove."""
    from vbe_lib.indata.validera import granska_texter
    from vbe_lib.parametrar.konfiguration import Konfiguration

    kat = tmp_path / "texter" / "2021"
    kat.mkdir(parents=True)
    (kat / "sodermalm.md").write_text("## Sammanfattning\n\nVanlig text.\n\n<script>alert(1)</script>\n",
                                      encoding="utf-8")
    konf = Konfiguration.las(Path(__file__).resolve().parents[1] / "parameters")
    problem = granska_texter(None, konf, tmp_path, 2021)
    assert [(p.fil, p.rad, p.namnd) for p in problem] == [("texter/2021/sodermalm.md", 5, "sodermalm")]
    assert "script" in str(problem[0])
