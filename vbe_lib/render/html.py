"""Self-contained Swedish HTML from an executed report notebook.

The page is rendered by nbconvert with the project's own template
(``templates/vbe``, shipped in the package): no input cells, no prompts, no
stderr/warnings, nothing fetched from the network (no require.js, MathJax, CDN
fonts or styles), inline CSS for screen and print, a title block, a table of
contents built from the h2/h3 headings of the outputs, an optional
"Fiktiva exempeldata" banner, and an "Utkast" banner (and PDF page header) when the
notebook says that its committee text is not approved (``vbe-texter: utkast: …`` on
stderr, :mod:`vbe_lib.indata.texter`).

Only outputs with a presentation form are published: ``text/html``,
``text/markdown``, ``image/png``/``image/jpeg``/``image/svg+xml``. An output
that only has ``text/plain`` (a Python repr leaking into the report) or an error
output makes the build fail with :class:`RenderFel` rather than publish it.

Every fragment goes through the allowlist sanitizer of
:mod:`vbe_lib.integritet.sanering` (Markdown with the profile for outside texts,
``text/html`` and images with the profile for the project's own outputs) and the page
holds what the sanitizer wrote; anything it removes (a script, a style, a form, a
frame, an image that is not embedded, a ``javascript:`` link …) makes the build fail
with :class:`RenderFel`, naming the cell. The page's Content-Security-Policy meta is
filled in after the template with the hashes of its own ``<style>`` elements
(:func:`satt_csp`).

Markdown *cells* of the notebook are notes for the analyst and are not rendered,
unless tagged ``rapport``. Outputs of cells tagged ``dold`` (or the Jupyter
convention ``remove-output``/``remove-cell``) are not rendered.

The output is deterministic: the same notebook and arguments give the same bytes.
"""
from __future__ import annotations

import base64
import datetime as dt
import functools
import html as htmlmod
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
from nbconvert.exporters import HTMLExporter, TemplateExporter
from traitlets import default

from vbe_lib.indata import texter as _texter
from vbe_lib.integritet import sanering
from vbe_lib.integritet.logg import LOGGPREFIX, VARNINGSPREFIX

MALLKATALOG = Path(__file__).parent / "templates"
MALLNAMN = "vbe"

#: tags that hide a cell's outputs from the report
DOLDA_TAGGAR = frozenset({"dold", "remove-output", "remove-cell", "remove_cell", "remove_output"})
#: tag that makes a markdown cell part of the report
RAPPORT_TAGG = "rapport"

BILD_TYPER = ("image/png", "image/jpeg", "image/svg+xml")
SAKNAD_ALT = "Diagram utan textalternativ"


class RenderFel(Exception):
    """The notebook's outputs cannot be published; one Swedish line per problem."""

    def __init__(self, meddelanden: list[str]):
        self.meddelanden = list(meddelanden)
        super().__init__("\n".join(self.meddelanden))


@dataclass(frozen=True)
class Rapportinfo:
    """What the title block says (render arguments, not notebook metadata)."""

    titel: str
    undertitel: str
    namnd_namn: str
    byggdatum: dt.date
    dnr: str | None = None
    exempeldata: bool = False
    kommun: str = ""
    #: the "Utkast" mark's sentence when the report's committee text is not approved
    utkast: str | None = None

    @property
    def rapportnamn(self) -> str:
        """The report's own name: the subtitle without the "Bilaga:" prefix
        ("Bilaga: Lägesbild 2021" → "Lägesbild 2021")."""
        namn = self.undertitel.strip()
        if namn.casefold().startswith("bilaga:"):
            namn = namn[len("bilaga:"):].strip()
        return namn

    @property
    def ar_bilaga(self) -> bool:
        return self.undertitel.strip().casefold().startswith("bilaga:")

    @property
    def rubrik(self) -> str:
        """The document's only h1: report and committee ("Lägesbild 2021 – Södermalms
        stadsdelsnämnd")."""
        return f"{self.rapportnamn} – {self.namnd_namn}" if self.namnd_namn else self.rapportnamn

    @property
    def forfattare(self) -> str:
        """Committee and municipality, each once ("Stockholms stad" for the city summary)."""
        return ", ".join(dict.fromkeys(x for x in (self.namnd_namn, self.kommun) if x))

    @property
    def datum_text(self) -> str:
        from babel.dates import format_date

        return format_date(self.byggdatum, "d MMMM y", locale="sv_SE")


@dataclass
class Utdatadel:
    """One published output: its kind and its HTML fragment."""

    typ: str  # "html" | "markdown" | "bild"
    html: str
    cell: int  # 1-based cell number in the executed notebook


# --------------------------------------------------------------------------- outputs
@functools.lru_cache(maxsize=256)  # more than one report's outputs
def _sanerad(fragment: str, profil: sanering.Profil) -> tuple[tuple[str, ...], str]:
    """What the sanitizer would remove from ``fragment`` and the sanitized fragment.
    A pure function of its arguments, cached: a worker prepares the same notebook's
    outputs twice, for the HTML page and for the DOCX (about 0.05 s per report)."""
    return tuple(sanering.granska_html(fragment, profil)), sanering.sanera_html(fragment, profil)


def _sanera(fragment: str, profil: sanering.Profil, cellnr: int, fel: list[str]) -> str:
    """The fragment through the allowlist sanitizer (:mod:`vbe_lib.integritet.sanering`);
    what it removes makes the build fail (one line each, naming the cell)."""
    funna, sanerat = _sanerad(fragment, profil)
    for fynd in funna:
        fel.append(f"i utdata i cell {cellnr}: {fynd} (en rapport får inte innehålla skript, stilar, "
                   "formulär, ramar eller resurser som hämtas från nätet).")
    return sanerat


_IMG_UTAN_ALT_RE = re.compile(r"<img\b(?![^>]*\balt\s*=)", re.I)


def _satt_alt(fragment: str, cellnr: int, varningar: list[str]) -> str:
    """Images in HTML outputs without alt text get a Swedish placeholder and a warning."""
    fragment, antal = _IMG_UTAN_ALT_RE.subn(f'<img alt="{SAKNAD_ALT}"', fragment)
    if antal:
        varningar.append(f"bild utan textalternativ i cell {cellnr}.")
    return fragment


# Whitespace at the end of a block (or before the caption's source, shown as a block)
# can make WeasyPrint 70 break a line that fits exactly at its *first* opportunity,
# leaving the first word alone on a line ("Anmälda" / "brott om …"). Drop it. (A run of
# whitespace is taken from its start and possessively: linear time on any text.)
_SLUTBLANK_RE = re.compile(
    r"""(?<!\s)\s++(?=</(?:figcaption|p|li|td|th|caption|h[1-6]|dd|dt)>|<span class=["']figurkalla["'])""", re.I)


def _utan_slutblanksteg(fragment: str) -> str:
    return _SLUTBLANK_RE.sub("", fragment)


def _markdown_till_html(text: str, cellnr: int, fel: list[str]) -> str:
    """Markdown (mistune) through the sanitizer's profile for texts (:data:`sanering.TEXT`)."""
    return _utan_slutblanksteg(_sanera(sanering.markdown_html(text), sanering.TEXT, cellnr, fel))


def _text(data: Any) -> str:
    return "".join(data) if isinstance(data, list) else str(data)


def _alt_text(output: Any, mime: str) -> str | None:
    meta = output.get("metadata") or {}
    for kalla in (meta.get(mime) or {}, meta):
        if isinstance(kalla, dict):
            for nyckel in ("alt", "alt_text", "alttext"):
                if kalla.get(nyckel):
                    return str(kalla[nyckel])
    return None


def _bild(output: Any, mime: str, cellnr: int, varningar: list[str]) -> str:
    data = _text(output["data"][mime])
    if mime == "image/svg+xml":
        b64 = base64.b64encode(data.encode("utf-8")).decode("ascii")
    else:
        b64 = "".join(data.split())
    alt = _alt_text(output, mime)
    if alt is None:
        varningar.append(f"bild utan textalternativ i cell {cellnr}.")
        alt = SAKNAD_ALT
    return f'<figure class="bild"><img src="data:{mime};base64,{b64}" alt="{htmlmod.escape(alt, quote=True)}"></figure>'


def forbered_utdata(nb: nbformat.NotebookNode) -> tuple[list[Utdatadel], list[str]]:
    """Check and convert every output of the notebook.

    Returns the publishable fragments and warnings; raises :class:`RenderFel`
    listing every output that must not be published.
    """
    delar: list[Utdatadel] = []
    fel: list[str] = []
    varningar: list[str] = []
    for i, cell in enumerate(nb.cells):
        cellnr = i + 1
        taggar = set(cell.get("metadata", {}).get("tags", []) or [])
        if cell.cell_type == "markdown":
            if RAPPORT_TAGG in taggar and not (taggar & DOLDA_TAGGAR):
                delar.append(Utdatadel("markdown", _markdown_till_html(_text(cell.source), cellnr, fel), cellnr))
            continue
        if cell.cell_type != "code":
            continue
        dold = bool(taggar & DOLDA_TAGGAR)
        for output in cell.get("outputs", []):
            typ = output.get("output_type")
            if typ == "error":
                # errors are never hidden: the report would be incomplete
                fel.append(f"fel i cell {cellnr}: {output.get('ename', '')}: {output.get('evalue', '')}")
                continue
            if dold:
                continue
            if typ == "stream":
                namn = output.get("name")
                if namn == "stderr":
                    # lines about withheld texts name file and row only: they go to the build log
                    ovrigt = False
                    for rad in _text(output.get("text", "")).splitlines():
                        if rad.startswith(LOGGPREFIX):
                            varningar.append(VARNINGSPREFIX + rad[len(LOGGPREFIX):])
                        elif rad.startswith(_texter.TEXTPREFIX):  # the committee text's approval
                            varningar.append(_texter.VARNINGSPREFIX + rad[len(_texter.TEXTPREFIX):])
                        elif rad.strip():
                            ovrigt = True
                    if ovrigt:
                        varningar.append(f"varning/stderr i cell {cellnr} visas inte i rapporten.")
                else:
                    varningar.append(f"text utskriven med print() i cell {cellnr} visas inte i rapporten.")
                continue
            if typ not in ("display_data", "execute_result"):
                continue
            data = output.get("data", {}) or {}
            if "text/html" in data:
                frag = _sanera(_text(data["text/html"]).strip(), sanering.RAPPORT, cellnr, fel)
                frag = _utan_slutblanksteg(_satt_alt(frag, cellnr, varningar))
                delar.append(Utdatadel("html", frag, cellnr))
            elif "text/markdown" in data:
                delar.append(Utdatadel("markdown", _markdown_till_html(_text(data["text/markdown"]), cellnr, fel),
                                       cellnr))
            elif any(m in data for m in BILD_TYPER):
                mime = next(m for m in BILD_TYPER if m in data)
                frag = _sanera(_bild(output, mime, cellnr, varningar), sanering.RAPPORT, cellnr, fel)
                delar.append(Utdatadel("bild", frag, cellnr))
            elif "text/plain" in data:
                fel.append(f"utdata utan presentationsform i cell {cellnr}")
            # anything else (widgets, empty data) is not published
    if fel:
        raise RenderFel(fel)
    return delar, varningar


# --------------------------------------------------------------------------- headings
_RUBRIK_RE = re.compile(r"<h([1-6])(\s[^>]*)?>(.*?)</h\1\s*>", re.S | re.I)
_ID_RE = re.compile(r"""\bid\s*=\s*(["'])(.*?)\1""", re.S | re.I)
_TAGGAR_RE = re.compile(r"<[^>]+>", re.S)


def _rubriktext(inre: str) -> str:
    return " ".join(htmlmod.unescape(_TAGGAR_RE.sub("", inre)).split())


def _slug(text: str) -> str:
    t = unicodedata.normalize("NFKD", text.casefold())
    t = "".join(c for c in t if not unicodedata.combining(c))
    t = re.sub(r"[^a-z0-9]+", "-", t).strip("-")
    if not t or not t[0].isalpha():
        t = "avsnitt-" + t if t else "avsnitt"
    return t[:60].rstrip("-")


#: ids the page template uses itself
MALLENS_ID = frozenset({"innehall-rubrik", "huvudinnehall"})


def numrera_rubriker(delar: list[Utdatadel], reserverade: set[str] | None = None) -> list[dict[str, Any]]:
    """Give every h2/h3 a unique id (in place) and return the table of contents.

    An h1 in the outputs becomes an h2: the page's only h1 is the title block's."""
    upptagna = set(reserverade or ())
    toc: list[dict[str, Any]] = []

    def unikt(bas: str) -> str:
        kandidat, n = bas, 2
        while kandidat in upptagna:
            kandidat = f"{bas}-{n}"
            n += 1
        upptagna.add(kandidat)
        return kandidat

    def ersatt(m: re.Match) -> str:
        niva, attr, inre = int(m.group(1)), m.group(2) or "", m.group(3)
        if niva == 1:
            # the title block holds the document's only h1 (report and committee);
            # a top-level heading in the outputs is a section heading
            niva = 2
        if niva not in (2, 3):
            return m.group(0)
        text = _rubriktext(inre)
        befintligt = _ID_RE.search(attr)
        if befintligt:
            nytt = unikt(befintligt.group(2))
            attr = attr[: befintligt.start()] + f'id="{nytt}"' + attr[befintligt.end():]
        else:
            nytt = unikt(_slug(text))
            attr = f' id="{nytt}"' + attr
        post = {"id": nytt, "text": text, "barn": []}
        if niva == 2 or not toc:
            toc.append(post)
        else:
            toc[-1]["barn"].append(post)
        return f"<h{niva}{attr}>{inre}</h{niva}>"

    for d in delar:
        d.html = _RUBRIK_RE.sub(ersatt, d.html)
    return toc


# --------------------------------------------------------------------------- CSP
#: what the template writes as the Content-Security-Policy until the page is complete
CSP_PLATSHALLARE = "vbe-csp"
_STIL_RE = re.compile(r"<style\b[^>]*>(.*?)</style\s*>", re.S | re.I)


def satt_csp(sida: str) -> str:
    """Fill in the page's Content-Security-Policy (:func:`sanering.csp`): the hashes of
    the ``<style>`` elements in its head, as written, so that no other style applies."""
    slut = sida.find("</head>")
    huvud = sida[:slut] if slut >= 0 else sida
    falt = f'content="{CSP_PLATSHALLARE}"'
    if falt not in huvud:
        raise RenderFel(["mallen saknar Content-Security-Policy (meta http-equiv)."])
    return sida.replace(falt, f'content="{sanering.csp(_STIL_RE.findall(huvud))}"', 1)


# --------------------------------------------------------------------------- exporter
class VbeHTMLExporter(HTMLExporter):
    """nbconvert exporter with the project's template; see the module docstring."""

    export_from_notebook = "VBE-rapport (HTML)"

    @default("template_name")
    def _template_name_default(self) -> str:
        return MALLNAMN

    @default("extra_template_basedirs")
    def _extra_template_basedirs_default(self) -> list[str]:
        return [str(MALLKATALOG)]

    @default("exclude_input")
    def _exclude_input_default(self) -> bool:
        return True

    def __init__(self, info: Rapportinfo, **kw: Any):
        super().__init__(**kw)
        self.info = info
        self.varningar: list[str] = []

    def from_notebook_node(self, nb, resources=None, **kw):
        delar, varningar = forbered_utdata(nb)
        toc = numrera_rubriker(delar, reserverade=set(MALLENS_ID))
        self.varningar = varningar
        info = self.info
        resources = dict(resources or {})
        resources["vbe"] = {
            "titel": info.titel,
            "undertitel": info.undertitel,
            "namnd_namn": info.namnd_namn,
            "kommun": info.kommun,
            "dnr": info.dnr,
            "exempeldata": info.exempeldata,
            "utkast": info.utkast or _texter.utkast_text(varningar),
            "datum_iso": info.byggdatum.isoformat(),
            "datum_text": info.datum_text,
            "dokumenttitel": f"{info.titel} – {info.undertitel} – {info.namnd_namn}",
            "forfattare": info.forfattare,
            "rubrik": info.rubrik,
            "rapportnamn": info.rapportnamn,
            "bilaga": info.ar_bilaga,
            "beskrivning": f"{info.undertitel}, {info.namnd_namn}",
            "toc": toc,
            "delar": [{"typ": d.typ, "html": d.html, "cell": d.cell} for d in delar],
            "csp": CSP_PLATSHALLARE,
        }
        # TemplateExporter directly: HTMLExporter's BeautifulSoup pass would re-serialise
        # the page and give images without alt the English "No description has been
        # provided for this image"; our template needs none of its extra filters.
        resources = self._init_resources(resources)
        body, resources = TemplateExporter.from_notebook_node(self, nb, resources=resources, **kw)
        if not body.endswith("\n"):
            body += "\n"
        return satt_csp(body), resources


def render_html(
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
) -> str:
    """Render an executed notebook (node or path) as one self-contained HTML page.

    Raises :class:`RenderFel` if any output must not be published. Warnings
    (dropped stderr/print output, images without alt text) are appended to
    ``varningar`` when a list is given.
    """
    if not isinstance(nb, nbformat.NotebookNode):
        nb = nbformat.read(str(nb), as_version=4)
    if isinstance(byggdatum, str):
        byggdatum = dt.date.fromisoformat(byggdatum)
    info = Rapportinfo(
        titel=titel,
        undertitel=undertitel,
        namnd_namn=namnd_namn,
        byggdatum=byggdatum,
        dnr=dnr,
        exempeldata=exempeldata,
        kommun=kommun,
    )
    exporter = VbeHTMLExporter(info)
    body, _ = exporter.from_notebook_node(nb)
    if varningar is not None:
        varningar.extend(exporter.varningar)
    return body
