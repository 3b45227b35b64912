"""DOCX (Word) from an executed report notebook, for coordinators who keep editing in Word.

The same outputs as the HTML page are used (:func:`vbe_lib.render.html.forbered_utdata`:
no code, no prompts, no stderr; an output that must not be published stops the build),
so the Word file never holds anything the HTML does not. Each HTML fragment is
mapped onto real Word structure:

* ``h2``/``h3``/``h4``–``h6`` → the built-in styles *Heading 1*/*Heading 2*/*Heading 3*
  (navigation pane, table of contents, screen readers);
* ``table`` → a Word table whose header rows (``thead``) are marked as header rows
  (``w:tblHeader``: repeated on every page and announced as headers); the caption is
  a *Caption* paragraph kept with the table, numbers are right-aligned;
* ``figure``/``img`` → an inline picture with the chart's text alternative as its
  description (``wp:docPr/@descr``), the ``figcaption`` as a *Caption* paragraph;
* paragraphs, lists, quotations, bold and italic text.

Before the outputs: a title block (the plan it belongs to; the document title in the
*Title* style, which names report and committee like the HTML page's only h1; Dnr,
build date), the "Fiktiva exempeldata" banner when the data are fictitious, the "Utkast"
banner when the committee's own text is not approved (then also "UTKAST" in the page
header and the core property *content status*), and a table of contents: a Word TOC field whose cached result is one *TOC 1*/*TOC 2*
paragraph per heading, each a link to a bookmark on its heading, so that the entries
work before anything is updated; the document asks Word to update its fields when it
is opened (``w:updateFields``), which fills in the page numbers. Page: A4, running
header (committee, title), footer "Sida X (Y)".

Styles of the project's own (:data:`STILAR`, :func:`egna_stilar`): python-docx's
template gives *Caption*, *Heading 2*/*3* and *Subtitle* the theme blue #4F81BD
(4.0:1 on white, below WCAG 1.4.3's 4.5:1). Every style keeps only colours of at least
4.5:1, theme references are removed, the theme's own colours are replaced by
accessible ones (for styles a coordinator applies later) and the styles the document
does not use are dropped, so that the file holds no inaccessible style.

Tables carry their caption and a description (``w:tblCaption``/``w:tblDescription``:
Word's *Alternativ text* for tables) that names the table symbols in it ("– betyder
noll" …), since a screen reader reads a cell holding only "–" as nothing or "dash".
Column widths are computed from the cells so that every header word fits on a line.

Language: the document default (``w:docDefaults``) and every style say Swedish
(``sv-SE``), as does the core property *language*. Deterministic: core dates are the
build date, and the ZIP entries get fixed timestamps, so the same notebook and
arguments give the same bytes.
"""
from __future__ import annotations

import base64
import copy
import dataclasses
import datetime as dt
import io
import re
import zipfile
from pathlib import Path
from typing import Any

import nbformat

from vbe_lib.indata.texter import utkast_text
from vbe_lib.integritet.undertryckning import DOLD_SEKUNDAR
from vbe_lib.presentation import fmt
from vbe_lib.render.html import MALLENS_ID, Rapportinfo, forbered_utdata, numrera_rubriker

SPRAK = "sv-SE"
MAX_BREDD_CM = 16.0
#: text width of the page (A4 less the margins of :func:`_sidhuvud_och_sidfot`)
TEXTBREDD_CM = 21.0 - 2.2 - 2.0

TEXTFARG = "1A1A1A"
ACCENT = "00558F"
DAMPAD = "4A4A4A"
#: the project's own paragraph styles: (colour, size in pt, bold, italic); colours
#: 17.4:1, 7.8:1 and 8.9:1 on white
STILAR: dict[str, tuple[str, float, bool, bool]] = {
    "Normal": (TEXTFARG, 11, False, False),
    "Title": (TEXTFARG, 22, True, False),
    "Subtitle": (DAMPAD, 13, False, False),
    "Heading 1": (ACCENT, 16, True, False),
    "Heading 2": (TEXTFARG, 13, True, False),
    "Heading 3": (TEXTFARG, 11.5, True, False),
    "Caption": (DAMPAD, 9, False, False),
    "Quote": (DAMPAD, 11, False, True),
    "TOC Heading": (ACCENT, 14, True, False),
    "TOC 1": (TEXTFARG, 11, False, False),
    "TOC 2": (TEXTFARG, 11, False, False),
    "Header": (DAMPAD, 8, False, False),
    "Footer": (TEXTFARG, 9, False, False),
}
#: the theme's colours (used by built-in styles a coordinator applies later), each at
#: least 4.5:1 on white
TEMAFARGER = {"dk2": "1F3B57", "accent1": ACCENT, "accent2": "B03A2E", "accent3": "4E6B1F",
              "accent4": "6A4C93", "accent5": "00677F", "accent6": "A14F00", "hlink": "0047AB",
              "folHlink": "6B2C91"}
#: what a table symbol means, in the table's description
SYMBOLFORKLARING = {fmt.NOLL: f"{fmt.NOLL} betyder noll", fmt.SAKNAS: f"{fmt.SAKNAS} betyder uppgift saknas",
                    DOLD_SEKUNDAR: f"{DOLD_SEKUNDAR} betyder att antalet inte redovisas (dolt)"}
BANNER = "Fiktiva exempeldata"
BANNER_TEXT = " – rapporten bygger inte på verkliga uppgifter."
UTKAST = "UTKAST"

_RUBRIKNIVA = {"h1": 1, "h2": 1, "h3": 2, "h4": 3, "h5": 3, "h6": 3}
_BLOCK = {"p", "div", "section", "article", "figure", "table", "ul", "ol", "dl", "blockquote",
          "h1", "h2", "h3", "h4", "h5", "h6", "header", "footer", "main", "nav", "pre", "hr"}


class DocxFel(Exception):
    """The DOCX could not be produced (Swedish message)."""


# --------------------------------------------------------------------------- XML helpers
def _w(tag: str) -> str:
    from docx.oxml.ns import qn

    return qn(tag)


def _satt_sprak(rpr: Any) -> None:
    """Set w:lang (val, eastAsia and bidi) to Swedish on an rPr element."""
    from docx.oxml import OxmlElement

    lang = rpr.find(_w("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(_w("w:val"), SPRAK)
    lang.set(_w("w:eastAsia"), SPRAK)
    lang.set(_w("w:bidi"), SPRAK)


def _svenska(doc: Any) -> None:
    """Swedish as the document default language and in every style that names one."""
    from docx.oxml import OxmlElement

    styles = doc.styles.element
    defaults = styles.find(_w("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    rprdef = defaults.find(_w("w:rPrDefault"))
    if rprdef is None:
        rprdef = OxmlElement("w:rPrDefault")
        defaults.insert(0, rprdef)
    rpr = rprdef.find(_w("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rprdef.append(rpr)
    _satt_sprak(rpr)
    for lang in styles.iter(_w("w:lang")):
        lang.set(_w("w:val"), SPRAK)
    settings = doc.settings.element
    tema = settings.find(_w("w:themeFontLang"))
    if tema is None:
        tema = OxmlElement("w:themeFontLang")
        settings.append(tema)
    tema.set(_w("w:val"), SPRAK)


def _falt(paragraf: Any, instruktion: str, resultat: str = "") -> None:
    """A complex field (PAGE, NUMPAGES, TOC …) in a paragraph, with a cached result."""
    from docx.oxml import OxmlElement

    def kor(typ: str) -> None:
        r = OxmlElement("w:r")
        f = OxmlElement("w:fldChar")
        f.set(_w("w:fldCharType"), typ)
        r.append(f)
        paragraf._p.append(r)

    kor("begin")
    r = OxmlElement("w:r")
    t = OxmlElement("w:instrText")
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    t.text = f" {instruktion} "
    r.append(t)
    paragraf._p.append(r)
    kor("separate")
    if resultat:
        paragraf.add_run(resultat)
    kor("end")


def _rubrikrad_upprepas(rad: Any) -> None:
    from docx.oxml import OxmlElement

    trpr = rad._tr.get_or_add_trPr()
    # schema order in w:trPr: cantSplit before tblHeader
    kan = OxmlElement("w:cantSplit")
    kan.set(_w("w:val"), "true")
    trpr.append(kan)
    h = OxmlElement("w:tblHeader")
    h.set(_w("w:val"), "true")
    trpr.append(h)


def _hall_ihop(paragraf: Any) -> None:
    paragraf.paragraph_format.keep_with_next = True


def _ram(paragraf: Any, farg: str = "8A5A00", fyllning: str = "FFF4D6") -> None:
    """Border and shading on a paragraph (the example-data banner)."""
    from docx.oxml import OxmlElement

    ppr = paragraf._p.get_or_add_pPr()
    kanter = OxmlElement("w:pBdr")
    for sida in ("top", "left", "bottom", "right"):
        k = OxmlElement(f"w:{sida}")
        k.set(_w("w:val"), "single")
        k.set(_w("w:sz"), "12")
        k.set(_w("w:space"), "4")
        k.set(_w("w:color"), farg)
        kanter.append(k)
    ppr.append(kanter)
    skugga = OxmlElement("w:shd")
    skugga.set(_w("w:val"), "clear")
    skugga.set(_w("w:color"), "auto")
    skugga.set(_w("w:fill"), fyllning)
    ppr.append(skugga)


# --------------------------------------------------------------------------- styles
def kontrast(farg: str, mot: str = "FFFFFF") -> float:
    """WCAG 2.1 contrast ratio of two hex colours ("4F81BD")."""
    def luminans(h: str) -> float:
        kanaler = [int(h[i:i + 2], 16) / 255 for i in (0, 2, 4)]
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in kanaler)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    a, b = sorted((luminans(farg), luminans(mot)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def _stil_el(doc: Any, namn: str) -> Any:
    """The w:style element of a paragraph style, created (based on Normal) if missing."""
    from docx.enum.style import WD_STYLE_TYPE

    try:
        return doc.styles[namn]
    except KeyError:
        ny = doc.styles.add_style(namn, WD_STYLE_TYPE.PARAGRAPH)
        ny.base_style = doc.styles["Normal"]
        return ny


def egna_stilar(doc: Any) -> None:
    """The project's style set (:data:`STILAR`) and theme colours (:data:`TEMAFARGER`)."""
    from docx.shared import Cm, Pt, RGBColor

    for namn, (farg, storlek, fet, kursiv) in STILAR.items():
        stil = _stil_el(doc, namn)
        f = stil.font
        f.color.rgb = RGBColor.from_string(farg)
        f.size = Pt(storlek)
        f.bold = fet
        f.italic = kursiv
    for namn in ("TOC 1", "TOC 2"):
        pf = doc.styles[namn].paragraph_format
        pf.space_after = Pt(2)
        pf.left_indent = Cm(0 if namn == "TOC 1" else 0.8)
    # a linked character style ("Heading 2 Char") takes its paragraph style's colour;
    # any other colour below 4.5:1 becomes the text colour; no theme colour may
    # override a colour set here, in any style
    stilar = {e.get(_w("w:styleId")): e for e in doc.styles.element.findall(_w("w:style"))}
    for e in stilar.values():
        lank = e.find(_w("w:link"))
        kalla = stilar.get(lank.get(_w("w:val"))) if lank is not None else None
        kallfarg = None
        if kalla is not None and kalla.find(_w("w:rPr")) is not None:
            f = kalla.find(_w("w:rPr")).find(_w("w:color"))
            kallfarg = f.get(_w("w:val")) if f is not None else None
        for farg in e.iter(_w("w:color")):
            for attr in ("w:themeColor", "w:themeShade", "w:themeTint"):
                farg.attrib.pop(_w(attr), None)
            v = farg.get(_w("w:val"))
            if e.get(_w("w:type")) == "character" and kallfarg:
                farg.set(_w("w:val"), kallfarg)
            elif v not in (None, "auto") and kontrast(v) < 4.5:
                farg.set(_w("w:val"), TEXTFARG)
    _tema(doc)


def _tema(doc: Any) -> None:
    """Replace the theme's colours by :data:`TEMAFARGER`; drop the Word 2010
    ``stylesWithEffects`` copy of the default styles and the template's thumbnail."""
    for rid, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith("/theme"):
            xml = rel.target_part.blob.decode("utf-8")
            for namn, farg in TEMAFARGER.items():
                xml = re.sub(rf"(<a:{namn}>\s*<a:srgbClr val=\")[0-9A-Fa-f]{{6}}", rf"\g<1>{farg}", xml)
            rel.target_part._blob = xml.encode("utf-8")
        elif rel.reltype.endswith("/stylesWithEffects"):
            doc.part.drop_rel(rid)
    paket = doc.part.package
    for rid, rel in list(paket.rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            del paket.rels[rid]


def _anvanda_stilar(doc: Any) -> set[str]:
    """Style ids the document uses, with the styles they are based on or linked to."""
    rotter = [doc.element.body] + [d._element for sek in doc.sections
                                   for d in (sek.header, sek.footer, sek.first_page_header, sek.first_page_footer)]
    anv: set[str] = set()
    for rot in rotter:
        for tagg in ("w:pStyle", "w:rStyle", "w:tblStyle"):
            for e in rot.iter(_w(tagg)):
                anv.add(e.get(_w("w:val")))
    stilar = {e.get(_w("w:styleId")): e for e in doc.styles.element.findall(_w("w:style"))}
    for sid, e in stilar.items():
        if e.get(_w("w:default")) in ("1", "true"):
            anv.add(sid)
    kö = list(anv)
    while kö:
        e = stilar.get(kö.pop())
        if e is None:
            continue
        for tagg in ("w:basedOn", "w:link", "w:next"):
            x = e.find(_w(tagg))
            if x is not None and x.get(_w("w:val")) not in anv:
                anv.add(x.get(_w("w:val")))
                kö.append(x.get(_w("w:val")))
    return anv


def _rensa_stilar(doc: Any) -> None:
    """Drop the styles the document does not use (python-docx's template has ~160)."""
    anv = _anvanda_stilar(doc)
    for e in doc.styles.element.findall(_w("w:style")):
        if e.get(_w("w:styleId")) not in anv:
            doc.styles.element.remove(e)


# --------------------------------------------------------------------------- HTML → Word
class _Skrivare:
    """Walks the HTML fragments of the report and writes Word structure."""

    def __init__(self, doc: Any, bokmarken: dict[str, str] | None = None):
        self.doc = doc
        self.bildnr = 0
        #: heading id → bookmark name (the targets of the table of contents)
        self.bokmarken = dict(bokmarken or {})
        self.bokmarksnr = 0
        self._stil_id: dict[tuple[str, Any], str | None] = {}

    def _stil(self, namn: str, typ: Any) -> str | None:
        """Style id for a style name, looked up once per document. python-docx looks
        the name up (and scans every style for the default) on each assignment."""
        nyckel = (namn, typ)
        if nyckel not in self._stil_id:
            self._stil_id[nyckel] = self.doc.part.get_style_id(namn, typ)
        return self._stil_id[nyckel]

    def stycke(self, text: str = "", stil: str | None = None) -> Any:
        """``doc.add_paragraph(text, style=stil)`` with the style id cached (same XML)."""
        from docx.enum.style import WD_STYLE_TYPE

        p = self.doc.add_paragraph(text)
        if stil is not None:
            p._p.style = self._stil(stil, WD_STYLE_TYPE.PARAGRAPH)
        return p

    # inline content ----------------------------------------------------------
    def inline(self, paragraf: Any, el: Any, fet: bool = False, kursiv: bool = False,
               forsta: list[bool] | None = None) -> None:
        """Text and inline children of ``el`` as runs (whitespace collapsed)."""
        forsta = forsta if forsta is not None else [True]

        def text(t: str | None) -> None:
            if not t:
                return
            t = re.sub(r"\s+", " ", t)
            if forsta[0]:
                t = t.lstrip()
            if not t:
                return
            forsta[0] = False
            run = paragraf.add_run(t)
            run.bold = fet or None
            run.italic = kursiv or None

        text(el.text)
        for barn in el:
            if not isinstance(barn.tag, str):  # comments
                text(barn.tail)
                continue
            tag = barn.tag.lower()
            if "lasartext" in (barn.get("class") or "").split():
                # the screen-reader text of a table symbol: the table's description
                # says what the symbols mean (see SYMBOLFORKLARING)
                text(barn.tail)
                continue
            if tag == "br":
                paragraf.add_run().add_break()
                forsta[0] = True
            elif tag == "img":
                self.bild(barn, paragraf)
            else:
                self.inline(paragraf, barn, fet or tag in ("strong", "b", "th"),
                            kursiv or tag in ("em", "i", "cite"), forsta)
            text(barn.tail)

    # blocks -------------------------------------------------------------------
    def block(self, el: Any, lista: tuple[str, int] | None = None) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if not tag:
            return
        klass = el.get("class", "") or ""
        if tag in _RUBRIKNIVA:
            p = self.stycke(stil=f"Heading {_RUBRIKNIVA[tag]}")
            self.inline(p, el)
            namn = self.bokmarken.get(el.get("id") or "")
            if namn:
                self.bokmarke(p, namn)
        elif tag == "p":
            stil = "Caption" if any(k in klass for k in ("tabellnot", "tabellkalla", "kalla", "not")) else None
            p = self.stycke(stil=stil)
            self.inline(p, el)
            if not p.text.strip() and not p._p.xpath(".//w:drawing"):
                p._p.getparent().remove(p._p)
        elif tag in ("ul", "ol"):
            niva = (lista[1] + 1) if lista else 1
            for li in el:
                if isinstance(li.tag, str) and li.tag.lower() == "li":
                    self.listpunkt(li, tag, niva)
        elif tag == "table":
            self.tabell(el)
        elif tag == "figure":
            self.figur(el)
        elif tag == "img":
            p = self.doc.add_paragraph()
            self.bild(el, p)
        elif tag == "blockquote":
            for barn in self._block_barn(el):
                if isinstance(barn, str):
                    self.stycke(barn, stil="Quote")
                else:
                    self.block(barn)
        elif tag == "pre":
            self.doc.add_paragraph(el.text_content())
        elif tag == "hr":
            return
        elif tag == "dl":
            for barn in el:
                if isinstance(barn.tag, str):
                    p = self.doc.add_paragraph()
                    self.inline(p, barn, fet=barn.tag.lower() == "dt")
        else:  # div, section, span at block level …
            if "tabell" in klass.split():
                # the notes under a table go into its description too (the copies that
                # _block_barn makes have no parent to look them up from)
                noter = [" ".join(x.text_content().split()) for x in el
                         if isinstance(x.tag, str) and x.tag.lower() == "p"
                         and "tabellnot" in (x.get("class") or "").split()]
                for t in el:
                    if isinstance(t.tag, str) and t.tag.lower() == "table":
                        t.set("data-vbe-noter", "\n".join(noter))
            for barn in self._block_barn(el):
                if isinstance(barn, str):
                    self.doc.add_paragraph(barn)
                else:
                    self.block(barn, lista)

    def _block_barn(self, el: Any) -> list[Any]:
        """Children of a container; runs of loose text/inline elements become paragraphs."""
        from lxml import html as lhtml

        ut: list[Any] = []
        los: list[Any] = []

        def tom_los() -> None:
            if not los:
                return
            behallare = lhtml.Element("p")
            behallare.text = los[0] if isinstance(los[0], str) else ""
            for x in los[1 if isinstance(los[0], str) else 0:]:
                if isinstance(x, str):
                    if len(behallare):
                        behallare[-1].tail = (behallare[-1].tail or "") + x
                    else:
                        behallare.text = (behallare.text or "") + x
                else:
                    behallare.append(x)
            if behallare.text_content().strip():
                ut.append(behallare)
            los.clear()

        if el.text and el.text.strip():
            los.append(el.text)
        for barn in list(el):
            if not isinstance(barn.tag, str):
                if barn.tail and barn.tail.strip():
                    los.append(barn.tail)
                continue
            svans = barn.tail
            if barn.tag.lower() in _BLOCK:
                tom_los()
                barn_kopia = copy.copy(barn)
                barn_kopia.tail = None
                ut.append(barn_kopia)
            else:
                barn_kopia = copy.copy(barn)
                barn_kopia.tail = None
                los.append(barn_kopia)
            if svans and svans.strip():
                los.append(svans)
        tom_los()
        return ut

    def listpunkt(self, li: Any, listtyp: str, niva: int) -> None:
        bas = "List Bullet" if listtyp == "ul" else "List Number"
        stil = bas if niva == 1 else f"{bas} {min(niva, 3)}"
        p = self.stycke(stil=stil)
        undre = []
        kopia = copy.copy(li)
        for barn in list(kopia):
            if isinstance(barn.tag, str) and barn.tag.lower() in ("ul", "ol"):
                undre.append(barn)
                if barn.tail:
                    prev = barn.getprevious()
                    if prev is not None:
                        prev.tail = (prev.tail or "") + barn.tail
                    else:
                        kopia.text = (kopia.text or "") + barn.tail
                kopia.remove(barn)
        for barn in list(kopia):
            if isinstance(barn.tag, str) and barn.tag.lower() == "p":
                barn.tag = "span"
                barn.tail = " " + (barn.tail or "")
        self.inline(p, kopia)
        for u in undre:
            for li2 in u:
                if isinstance(li2.tag, str) and li2.tag.lower() == "li":
                    self.listpunkt(li2, u.tag.lower(), niva + 1)

    def bokmarke(self, paragraf: Any, namn: str) -> None:
        """A bookmark around the paragraph's content."""
        from docx.oxml import OxmlElement

        self.bokmarksnr += 1
        start = OxmlElement("w:bookmarkStart")
        start.set(_w("w:id"), str(self.bokmarksnr))
        start.set(_w("w:name"), namn)
        slut = OxmlElement("w:bookmarkEnd")
        slut.set(_w("w:id"), str(self.bokmarksnr))
        ppr = paragraf._p.pPr
        if ppr is not None:
            ppr.addnext(start)
        else:
            paragraf._p.insert(0, start)
        paragraf._p.append(slut)

    def bild(self, img: Any, paragraf: Any) -> None:
        """An inline picture with its text alternative (docPr descr)."""
        from docx.shared import Cm
        from PIL import Image

        src = img.get("src", "") or ""
        m = re.match(r"data:(image/(?:png|jpeg));base64,(.*)$", src, re.S)
        if not m:
            return  # svg or external: not embedded in Word (external never passes the HTML checks)
        data = base64.b64decode("".join(m.group(2).split()))
        with Image.open(io.BytesIO(data)) as bild:
            bredd_px = bild.size[0]
            dpi = bild.info.get("dpi", (96, 96))[0] or 96
        bredd_cm = min(MAX_BREDD_CM, bredd_px / float(dpi) * 2.54)
        run = paragraf.add_run()
        form = run.add_picture(io.BytesIO(data), width=Cm(bredd_cm))
        self.bildnr += 1
        alt = img.get("alt") or ""
        docpr = form._inline.docPr
        docpr.set("name", f"Figur {self.bildnr}")
        docpr.set("descr", alt)
        docpr.set("title", "")
        # the picture's own non-visual properties carry the same description
        for cnv in form._inline.xpath(".//pic:cNvPr"):
            cnv.set("descr", alt)

    def figur(self, fig: Any) -> None:
        bilder = [x for x in fig.iter() if isinstance(x.tag, str) and x.tag.lower() == "img"]
        for img in bilder:
            p = self.doc.add_paragraph()
            _hall_ihop(p)
            self.bild(img, p)
        for cap in fig.iter():
            if isinstance(cap.tag, str) and cap.tag.lower() == "figcaption":
                cap = copy.deepcopy(cap)
                kallor = []
                for s in [x for x in cap.iter() if isinstance(x.tag, str) and "figurkalla" in (x.get("class") or "")]:
                    foralder = s.getparent()
                    if s.tail:
                        prev = s.getprevious()
                        if prev is not None:
                            prev.tail = (prev.tail or "") + s.tail
                        else:
                            foralder.text = (foralder.text or "") + s.tail
                    foralder.remove(s)
                    s.tail = None
                    kallor.append(s)
                p = self.stycke(stil="Caption")
                self.inline(p, cap)
                for s in kallor:
                    _hall_ihop(p)
                    p = self.stycke(stil="Caption")
                    self.inline(p, s)

    def tabell(self, tab: Any) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt

        cap = tab.find("caption")
        tabellrubrik = ""
        if cap is not None:
            p = self.stycke(stil="Caption")
            self.inline(p, cap, fet=True)
            _hall_ihop(p)
            tabellrubrik = p.text.strip()
        rader: list[tuple[bool, Any]] = []
        for del_ in tab:
            if not isinstance(del_.tag, str):
                continue
            t = del_.tag.lower()
            if t == "tr":
                rader.append((all(c.tag.lower() == "th" for c in del_ if isinstance(c.tag, str)) and not rader, del_))
            elif t in ("thead", "tbody", "tfoot"):
                for tr in del_:
                    if isinstance(tr.tag, str) and tr.tag.lower() == "tr":
                        rader.append((t == "thead", tr))
        if not rader:
            return
        # grid size: sum of colspans, rowspans reserved
        ncol = 0
        upptagen: dict[tuple[int, int], bool] = {}
        placering: list[list[tuple[int, int, int, Any]]] = []
        for r, (_, tr) in enumerate(rader):
            c = 0
            rad: list[tuple[int, int, int, Any]] = []
            for cell in tr:
                if not isinstance(cell.tag, str) or cell.tag.lower() not in ("td", "th"):
                    continue
                while upptagen.get((r, c)):
                    c += 1
                cs = max(1, int(cell.get("colspan", "1") or 1))
                rs = max(1, int(cell.get("rowspan", "1") or 1))
                for dr in range(rs):
                    for dc in range(cs):
                        upptagen[(r + dr, c + dc)] = True
                rad.append((c, cs, rs, cell))
                c += cs
            ncol = max(ncol, c, max((k[1] + 1 for k in upptagen if k[0] == r), default=0))
            placering.append(rad)
        from docx.enum.style import WD_STYLE_TYPE

        kolumner = max(ncol, 1)
        tabell = self.doc.add_table(rows=len(rader), cols=kolumner)
        tabell._tbl.tblStyle_val = self._stil("Table Grid", WD_STYLE_TYPE.TABLE)  # = tabell.style = "Table Grid"
        # Table.cell() rebuilds the list of all cells on every call; take it once and
        # again only after a merge (which changes it). Same cells as tabell.cell(r, c).
        celler = None
        for r, ((rubrik, _), rad) in enumerate(zip(rader, placering)):
            wrad = tabell.rows[r]
            if rubrik:
                _rubrikrad_upprepas(wrad)
            for c, cs, rs, cell in rad:
                if celler is None:
                    celler = tabell._cells
                wcell = celler[r * kolumner + c]
                if cs > 1 or rs > 1:
                    slut = celler[(min(r + rs, len(rader)) - 1) * kolumner + min(c + cs, ncol) - 1]
                    wcell = wcell.merge(slut)
                    celler = None
                p = wcell.paragraphs[0]
                self.inline(p, cell, fet=cell.tag.lower() == "th")
                klass = cell.get("class", "") or ""
                if "tal" in klass.split() or "num" in klass.split():
                    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                for run in p.runs:
                    run.font.size = Pt(_TABELL_PT)
        texter = [[(c, cs, _celltext(cell), cell.tag.lower() == "th")
                   for c, cs, _rs, cell in rad] for rad in placering]
        _kolumnbredder(tabell, kolumner, texter)
        symboler = [t for t in SYMBOLFORKLARING
                    if any(x[2] == t for rad in texter for x in rad if not x[3])]
        _alternativtext(tabell, tabellrubrik, self._tabellnoter(tab), symboler)

    @staticmethod
    def _tabellnoter(tab: Any) -> list[str]:
        """The notes of a table (the paragraphs after it in its ``div.tabell``)."""
        return [n for n in (tab.get("data-vbe-noter") or "").split("\n") if n]

    def fragment(self, html_text: str) -> None:
        from lxml import html as lhtml

        rot = lhtml.fragment_fromstring(html_text, create_parent="div")
        self.block(rot)


# --------------------------------------------------------------------------- tables
#: widths of characters in em, generous: those of DejaVu Serif Bold, the font
#: LibreOffice substitutes for Calibri on a machine without it (Calibri is narrower)
_SMALA = set("fijlt.,:;!|'()[]/ ")
_BREDA = set("mwMW%")
_TABELL_PT = 9.5
_CELLMARGINAL_CM = 0.45


def _textbredd_cm(text: str, fet: bool = False) -> float:
    """The width of ``text`` at the table's font size, in cm (an estimate)."""
    em = 0.0
    for t in text:
        if t in _SMALA:
            em += 0.42
        elif t in _BREDA:
            em += 1.06
        elif t.isdigit():
            em += 0.70
        elif t.isupper():
            em += 0.82
        else:
            em += 0.68
    return em * (1.05 if fet else 1.0) * _TABELL_PT / 72 * 2.54


#: a column of long texts gets at most this many characters on a line before others
_BEKVAM_TECKEN = 40


def _celltext(cell: Any) -> str:
    """The visible text of an HTML cell (without the screen-reader text of a symbol)."""
    delar: list[str] = []

    def ga(el: Any) -> None:
        if "lasartext" in (el.get("class") or "").split():
            return
        delar.append(el.text or "")
        for b in el:
            if isinstance(b.tag, str):
                ga(b)
            delar.append(b.tail or "")

    ga(cell)
    return " ".join("".join(delar).split())


def _kolumnbredder(tabell: Any, kolumner: int, texter: list[list[tuple[int, int, str, bool]]]) -> None:
    """Column widths that fit the longest word of every column (header words never
    break) and otherwise share the text width by how much text each column holds;
    a fixed layout, so that Word and LibreOffice show the same widths."""
    from docx.oxml import OxmlElement
    from docx.shared import Cm

    minst = [0.9] * kolumner
    onskat = [0.9] * kolumner
    for rad in texter:
        for c, cs, text, rubrik in rad:
            if cs != 1 or c >= kolumner:
                continue
            langsta = max((_textbredd_cm(o, rubrik) for o in text.split()), default=0.0)
            minst[c] = max(minst[c], langsta + _CELLMARGINAL_CM)
            onskat[c] = max(onskat[c], _textbredd_cm(text[:_BEKVAM_TECKEN], rubrik) + _CELLMARGINAL_CM)
    onskat = [max(a, b) for a, b in zip(minst, onskat)]
    if sum(onskat) <= TEXTBREDD_CM:
        bredder = onskat
    elif sum(minst) <= TEXTBREDD_CM:
        extra = TEXTBREDD_CM - sum(minst)
        behov = [o - m for o, m in zip(onskat, minst)]
        bredder = [m + extra * b / sum(behov) for m, b in zip(minst, behov)]
    else:
        # the longest words do not fit at the table's size: a smaller font (down to
        # 7.5 pt) in the whole table, so that no word breaks; below that, words break
        n = len(minst)
        k = max((TEXTBREDD_CM - n * _CELLMARGINAL_CM) / (sum(minst) - n * _CELLMARGINAL_CM), 7.5 / _TABELL_PT)
        bredder = [(m - _CELLMARGINAL_CM) * k + _CELLMARGINAL_CM for m in minst]
        bredder = [b * TEXTBREDD_CM / sum(bredder) for b in bredder]
        for run in tabell._tbl.iter(_w("w:r")):
            rpr = run.find(_w("w:rPr"))
            sz = rpr.find(_w("w:sz")) if rpr is not None else None
            if sz is not None:
                sz.set(_w("w:val"), str(int(2 * _TABELL_PT * k)))
    tbl = tabell._tbl
    tblpr = tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(_w("w:type"), "fixed")
    tblw = tblpr.find(_w("w:tblW"))
    if tblw is None:
        tblw = OxmlElement("w:tblW")
        tblpr.append(tblw)
    tblw.set(_w("w:type"), "dxa")
    tblw.set(_w("w:w"), str(int(round(sum(Cm(b) for b in bredder) / 635))))
    # schema order of w:tblPr: … tblW, jc, tblCellSpacing, tblInd, tblBorders, shd, tblLayout, tblCellMar, tblLook …
    fore = tblpr.find(_w("w:tblCellMar"))
    if fore is None:
        fore = tblpr.find(_w("w:tblLook"))
    if fore is not None:
        fore.addprevious(layout)
    else:
        tblpr.append(layout)
    for gc, b in zip(tbl.tblGrid.findall(_w("w:gridCol")), bredder):
        gc.set(_w("w:w"), str(int(round(Cm(b) / 635))))
    for r, rad in enumerate(tabell.rows):
        for c, cell in enumerate(rad.cells):
            cell.width = Cm(bredder[c])


def _alternativtext(tabell: Any, rubrik: str, noter: list[str], symboler: list[str]) -> None:
    """Word's alternative text of a table: its caption as title, and a description
    that says what the table symbols in it mean, then its notes."""
    from docx.oxml import OxmlElement

    tblpr = tabell._tbl.tblPr
    beskrivning = []
    if symboler:
        beskrivning.append("Tecken i tabellen: " + "; ".join(SYMBOLFORKLARING[t] for t in symboler) + ".")
    beskrivning.extend(noter)
    titel = OxmlElement("w:tblCaption")
    titel.set(_w("w:val"), rubrik or "Tabell")
    tblpr.append(titel)
    besk = OxmlElement("w:tblDescription")
    besk.set(_w("w:val"), " ".join(beskrivning) or rubrik or "Tabell")
    tblpr.append(besk)


# --------------------------------------------------------------------------- document
def _sidhuvud_och_sidfot(doc: Any, info: Rapportinfo) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    sek = doc.sections[0]
    sek.page_width, sek.page_height = Cm(21.0), Cm(29.7)
    sek.top_margin, sek.bottom_margin = Cm(2.4), Cm(2.2)
    sek.left_margin, sek.right_margin = Cm(2.2), Cm(2.0)
    sek.different_first_page_header_footer = True
    huvud = sek.header.paragraphs[0]
    # as in the PDF: two deliberate lines (series, then the report's name) rather than one
    # line that Word wraps wherever it happens to be too long
    huvud.text = f"{info.namnd_namn}\t\t" + (f"{info.titel}\n\t\t{info.rapportnamn}" if info.titel != info.rapportnamn
                                               else info.rapportnamn)
    huvud.style = doc.styles["Header"]
    for run in huvud.runs:
        run.font.size = Pt(8)
    if info.utkast:  # the committee text is not approved: "UTKAST" on every page
        for p, text in ((huvud, f"{UTKAST} – "), (sek.first_page_header.paragraphs[0], UTKAST)):
            r = p.add_run(text)
            r.bold = True
            r.font.size = Pt(8)
            p._p.remove(r._r)
            forsta = p._p.find(_w("w:r"))
            if forsta is None:
                p._p.append(r._r)
            else:
                forsta.addprevious(r._r)
    for fot in (sek.footer, sek.first_page_footer):
        p = fot.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run("Sida ")
        _falt(p, "PAGE", "1")
        p.add_run(" (")
        _falt(p, "NUMPAGES", "1")
        p.add_run(")")


def bokmarksnamn(toc: list[dict[str, Any]]) -> dict[str, str]:
    """Heading id → bookmark name ("_Toc" + number: hidden in Word's bookmark list, like
    the bookmarks Word makes for its own table of contents)."""
    namn: dict[str, str] = {}
    for h2 in toc:
        for h in [h2, *h2["barn"]]:
            namn[h["id"]] = f"_Toc{len(namn) + 1:09d}"
    return namn


def _hyperlank(paragraf: Any, ankare: str, text: str) -> None:
    from docx.oxml import OxmlElement

    lank = OxmlElement("w:hyperlink")
    lank.set(_w("w:anchor"), ankare)
    lank.set(_w("w:history"), "1")
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    r.append(t)
    lank.append(r)
    paragraf._p.append(lank)


def _faltdel(paragraf: Any, typ: str, instruktion: str | None = None) -> None:
    from docx.oxml import OxmlElement

    r = OxmlElement("w:r")
    f = OxmlElement("w:fldChar")
    f.set(_w("w:fldCharType"), typ)
    r.append(f)
    paragraf._p.append(r)
    if instruktion is not None:
        r = OxmlElement("w:r")
        t = OxmlElement("w:instrText")
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        t.text = f" {instruktion} "
        r.append(t)
        paragraf._p.append(r)


def _innehall(skrivare: "_Skrivare", toc: list[dict[str, Any]], bokmarken: dict[str, str]) -> None:
    """The table of contents: a TOC field spanning one paragraph per entry; the cached
    result is the entries as links to the headings' bookmarks (they work before the
    field is updated; Word adds page numbers when it updates the fields on opening)."""
    skrivare.stycke("Innehåll", stil="TOC Heading")
    poster = [(1, h2) for h2 in toc]
    poster = [x for h2 in toc for x in [(1, h2), *[(2, h3) for h3 in h2["barn"]]]]
    for i, (niva, h) in enumerate(poster):
        p = skrivare.stycke(stil=f"TOC {niva}")
        if i == 0:
            _faltdel(p, "begin", 'TOC \\o "1-2" \\h \\z \\u')
            _faltdel(p, "separate")
        _hyperlank(p, bokmarken[h["id"]], h["text"])
        if i == len(poster) - 1:
            _faltdel(p, "end")


def _titelblock(doc: Any, info: Rapportinfo, skrivare: "_Skrivare", toc: list[dict[str, Any]],
                bokmarken: dict[str, str]) -> None:
    from docx.shared import Pt

    if info.kommun and info.kommun != info.namnd_namn:
        p = doc.add_paragraph()
        r = p.add_run(info.kommun.upper())
        r.font.size = Pt(10)
    p = skrivare.stycke(info.titel + (", bilaga" if info.ar_bilaga else ""), stil="Subtitle") \
        if info.titel != info.rapportnamn else None
    # the document's title: report and committee, like the HTML page's only h1
    skrivare.stycke(info.rubrik, stil="Title")
    fakta = doc.add_paragraph()
    if info.dnr:
        fakta.add_run("Dnr: ").bold = True
        fakta.add_run(info.dnr)
        fakta.add_run("    ")
    fakta.add_run("Byggdatum: ").bold = True
    fakta.add_run(info.datum_text)
    if info.exempeldata:
        p = doc.add_paragraph()
        p.add_run(BANNER).bold = True
        p.add_run(BANNER_TEXT)
        _ram(p)
    if info.utkast:
        p = doc.add_paragraph()
        p.add_run("Utkast").bold = True
        p.add_run(f" – {info.utkast}")
        _ram(p, "8A1C1C", "FBE9E9")
    if toc:
        _innehall(skrivare, toc, bokmarken)


def _uppdatera_falt_vid_oppning(doc: Any) -> None:
    """``w:updateFields``: Word updates the fields (table of contents, page numbers)
    when the document is opened, after asking the user."""
    from docx.oxml import OxmlElement

    settings = doc.settings.element
    e = settings.find(_w("w:updateFields"))
    if e is None:
        e = OxmlElement("w:updateFields")
        # schema order of w:settings: … w:updateFields, w:hdrShapeDefaults, w:footnotePr,
        # w:endnotePr, w:compat, w:docVars, w:rsids …
        efter = next((x for x in settings if x.tag in {_w(t) for t in (
            "w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat", "w:docVars", "w:rsids")}), None)
        if efter is not None:
            efter.addprevious(e)
        else:
            settings.append(e)
    e.set(_w("w:val"), "true")


def _karnegenskaper(doc: Any, info: Rapportinfo) -> None:
    cp = doc.core_properties
    tid = dt.datetime.combine(info.byggdatum, dt.time(0, 0))
    cp.title = " – ".join(dict.fromkeys((info.titel, info.undertitel, info.namnd_namn)))
    cp.subject = f"{info.undertitel}, {info.namnd_namn}"
    cp.author = info.forfattare
    cp.last_modified_by = cp.author
    cp.keywords = "våldsbejakande extremism, lägesbild, handlingsplan"
    cp.language = SPRAK
    cp.comments = "Fiktiva exempeldata" if info.exempeldata else ""
    if info.utkast:
        cp.content_status = "Utkast"
    cp.category = "Handlingsplan"
    cp.created = tid
    cp.modified = tid
    cp.last_printed = tid
    cp.revision = 1


def _deterministisk_zip(data: bytes, datum: dt.date) -> bytes:
    """Rewrite the package with fixed ZIP timestamps and permissions (same order)."""
    tid = (max(datum.year, 1980), datum.month, datum.day, 0, 0, 0)
    ut = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(ut, "w", zipfile.ZIP_DEFLATED) as zout:
        for namn in zin.namelist():
            zi = zipfile.ZipInfo(namn, date_time=tid)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            zi.create_system = 3
            zout.writestr(zi, zin.read(namn))
    return ut.getvalue()


def render_docx(
    nb: nbformat.NotebookNode | str | Path,
    *,
    titel: str,
    undertitel: str,
    namnd_namn: str,
    byggdatum: dt.date | str,
    dnr: str | None = None,
    exempeldata: bool = False,
    kommun: str = "",
    varningar: list[str] | None = None,
    utfil: str | Path | None = None,
) -> bytes:
    """Render an executed notebook as a Word document; write it to ``utfil`` if given.

    Takes the same arguments as :func:`vbe_lib.render.render_html`; raises
    :class:`vbe_lib.render.RenderFel` for outputs that must not be published and
    :class:`DocxFel` if Word structure cannot be written.
    """
    import docx

    if not isinstance(nb, nbformat.NotebookNode):
        nb = nbformat.read(str(nb), as_version=4)
    if isinstance(byggdatum, str):
        byggdatum = dt.date.fromisoformat(byggdatum)
    info = Rapportinfo(titel=titel, undertitel=undertitel, namnd_namn=namnd_namn, byggdatum=byggdatum,
                       dnr=dnr, exempeldata=exempeldata, kommun=kommun)
    delar, varn = forbered_utdata(nb)
    info = dataclasses.replace(info, utkast=info.utkast or utkast_text(varn))
    toc = numrera_rubriker(delar, reserverade=set(MALLENS_ID))
    if varningar is not None:
        varningar.extend(varn)
    try:
        doc = docx.Document()
        egna_stilar(doc)
        _svenska(doc)
        _sidhuvud_och_sidfot(doc, info)
        bokmarken = bokmarksnamn(toc)
        skrivare = _Skrivare(doc, bokmarken)
        _titelblock(doc, info, skrivare, toc, bokmarken)
        for d in delar:
            skrivare.fragment(d.html)
        # python-docx's template starts with an empty paragraph: remove it
        forsta = doc.paragraphs[0]
        if not forsta.text and not forsta._p.xpath(".//w:drawing|.//w:fldChar"):
            forsta._p.getparent().remove(forsta._p)
        _karnegenskaper(doc, info)
        _uppdatera_falt_vid_oppning(doc)
        _rensa_stilar(doc)
        buf = io.BytesIO()
        doc.save(buf)
    except Exception as exc:
        raise DocxFel(f"DOCX kunde inte skapas: {type(exc).__name__}: {exc}") from exc
    data = _deterministisk_zip(buf.getvalue(), byggdatum)
    if utfil is not None:
        Path(utfil).write_bytes(data)
    return data
