"""Charts of the lägesbild: one theme, accessible, deterministic.

Every chart function returns a :class:`Figur` (PNG bytes + caption + text alternative
+ source). Design rules (PRODUCT.md, "What a finished report looks like"):

* a colour-blind-safe palette (a subset of Okabe–Ito, every colour with at least
  3:1 contrast on white, WCAG 1.4.11) and **never colour alone**: hatch patterns
  and direct value labels carry the information too, so the charts read in
  grayscale print;
* Swedish axis labels and numbers through :mod:`vbe_lib.presentation.fmt` (decimal comma,
  "44 %"), a source line under every chart;
* deterministic PNG: fixed size and dpi, DejaVu Sans, no "Software" metadata, so
  two runs give identical bytes;
* figures are built with ``matplotlib.figure.Figure`` (not pyplot), so nothing is
  left open and nothing is shown twice in a notebook;
* a short text alternative (:func:`alttext`): what the chart shows and its main
  point in one or two sentences of at most 250 characters. The data do not go into
  the alt text: every chart has a table beside it with the same figures (the report
  modules in :mod:`vbe_lib.rapporter` place it), which a screen reader can move
  through cell by cell.
"""
from __future__ import annotations

import base64
import html
import io
import re
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.layout_engine import ConstrainedLayoutEngine  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402

from vbe_lib.analys.aktiviteter import STATUSORDNING, statusetikett, statusrakning  # noqa: E402
from vbe_lib.presentation import figurcache, fmt  # noqa: E402
from vbe_lib.presentation.text import stor_forsta, uppraknad  # noqa: E402

__all__ = [
    "Figur", "tema", "FARGER", "MONSTER", "MARKERAD", "DPI", "STORLEK", "kontrast", "gra",
    "tidsserie", "grupperade_staplar", "kunskap_fordelning", "kannedom", "svarsfrekvens",
    "alttext", "ALT_MAX",
]

#: Okabe–Ito subset, each with ≥ 3:1 contrast against white: blue, vermillion,
#: bluish green, reddish purple, dark grey.
FARGER = ["#0072B2", "#D55E00", "#007A5E", "#B4529A", "#4D4D4D"]
#: Hatch patterns in the same order, so groups differ without colour ("" = solid).
MONSTER = ["", "//", "..", "xx", "\\\\"]
#: Colour and pattern that mark the latest year in a time series.
MARKERAD = ("#D55E00", "//")
DPI = 150
STORLEK = (8.0, 4.5)  # inches → 1200 × 675 px
TEXTFARG = "#1A1A1A"
FONT = "DejaVu Sans"
#: zlib level of the chart PNGs (see ``_spara``)
PNG_NIVA = 3
#: longest text alternative (characters)
ALT_MAX = 250
#: the closing words of every text alternative: where the figures are
ALT_TABELL = "alla värden står i tabellen intill"


def alttext(visar: str, huvudsak: str = "") -> str:
    """A text alternative of one or two sentences, at most :data:`ALT_MAX` characters:
    ``visar`` says what kind of chart shows what ("Stapeldiagram över …"),
    ``huvudsak`` its main point; both end with a pointer to the table beside the
    chart. Drops the main point, then shortens ``visar`` at a word, if too long."""
    # collapse ordinary whitespace only: the no-break space in "44 %" stays
    visar = re.sub(r"[ \t\r\n]+", " ", visar).strip().rstrip(".")
    huvudsak = re.sub(r"[ \t\r\n]+", " ", huvudsak).strip().rstrip(".;, ")
    if huvudsak:
        text = f"{visar}. {stor_forsta(huvudsak)}; {ALT_TABELL}."
        if len(text) <= ALT_MAX:
            return text
    slut = f". {stor_forsta(ALT_TABELL)}."
    if len(visar) + len(slut) > ALT_MAX:
        visar = textwrap.shorten(visar, ALT_MAX - len(slut), placeholder=" …")
        return f"{visar} {stor_forsta(ALT_TABELL)}."
    return visar + slut


def _luminans(farg: str) -> float:
    r, g, b = (int(farg.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4))

    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)


def kontrast(farg: str, mot: str = "#FFFFFF") -> float:
    """WCAG contrast ratio between two colours (1–21)."""
    a, b = sorted((_luminans(farg), _luminans(mot)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def gra(farg: str) -> float:
    """Relative luminance (0 = black, 1 = white): the grey a colour prints as."""
    return _luminans(farg)


def tema() -> dict[str, Any]:
    """The product's matplotlib rcParams (used through ``rc_context`` by every chart)."""
    return {
        "font.family": "sans-serif",
        "font.sans-serif": [FONT],
        "font.size": 10,
        "axes.titlesize": 11,
        "axes.labelsize": 10,
        "axes.edgecolor": "#333333",
        "axes.labelcolor": TEXTFARG,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "axes.grid.axis": "y",
        "axes.axisbelow": True,
        "grid.color": "#D9D9D9",
        "grid.linewidth": 0.6,
        "xtick.color": TEXTFARG,
        "ytick.color": TEXTFARG,
        "text.color": TEXTFARG,
        "legend.frameon": False,
        "hatch.linewidth": 1.2,
        "figure.facecolor": "white",
        "savefig.facecolor": "white",
        "axes.prop_cycle": matplotlib.cycler(color=FARGER),
        "svg.hashsalt": "vbe",
        "path.simplify": True,
    }


@dataclass(frozen=True)
class Figur:
    """A finished chart: PNG bytes, caption (*bildtext*), text alternative (*alt*) and
    source (*kalla*). Notebooks show it through ``_repr_html_`` (with the alt text);
    there is deliberately no ``_repr_png_``."""

    png: bytes
    bildtext: str
    alt: str
    kalla: str

    def html(self) -> str:
        data = base64.b64encode(self.png).decode("ascii")
        return (
            '<figure class="figur">'
            f'<img src="data:image/png;base64,{data}" alt="{html.escape(self.alt, quote=True)}">'
            f"<figcaption>{html.escape(self.bildtext)}"
            f' <span class="figurkalla">Källa: {html.escape(self.kalla)}</span></figcaption>'
            "</figure>"
        )

    def _repr_html_(self) -> str:
        return self.html()

    def __repr__(self) -> str:
        return f"Figur({self.bildtext!r})"


# ------------------------------------------------------------------ plumbing
def _figur(storlek: tuple[float, float] = STORLEK) -> tuple[Figure, Any]:
    fig = Figure(figsize=storlek, dpi=DPI, layout=ConstrainedLayoutEngine(rect=(0, 0.07, 1, 0.93)))
    ax = fig.add_subplot()
    return fig, ax


def _spara(fig: Figure, kalla: str) -> bytes:
    """Draw once and encode as an opaque RGB PNG.

    ``savefig`` would draw the figure twice when a layout engine is set (a
    "draw disabled" pass for the layout, then the real one); ``canvas.draw()`` runs
    the layout engine and renders in one pass, with the same pixels. The figure is
    opaque (white face), so the alpha channel carries nothing: an RGB PNG is
    smaller, quicker to encode, and WeasyPrint need not split off a soft mask.
    Compression level 3 gives about the size of the former default (level 6, RGBA)
    at roughly half the encoding time. No text chunks, so no "Software" metadata."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    fig.text(0.01, 0.015, f"Källa: {kalla}", fontsize=8, color="#333333", ha="left", va="bottom")
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    rgba = np.asarray(canvas.buffer_rgba())
    bild = Image.fromarray(np.ascontiguousarray(rgba[..., :3]), "RGB")
    buf = io.BytesIO()
    bild.save(buf, format="PNG", dpi=(DPI, DPI), compress_level=PNG_NIVA)
    fig.clear()
    return buf.getvalue()


def _bygg(rita, kalla: str, storlek: tuple[float, float] = STORLEK) -> bytes:
    """Draw with ``rita`` and encode; in the preview an unchanged chart comes from
    :mod:`vbe_lib.presentation.figurcache` (the public function is :func:`figurcache.cachad`)."""
    def ny() -> bytes:
        with matplotlib.rc_context(tema()):
            fig, ax = _figur(storlek)
            rita(fig, ax)
            return _spara(fig, kalla)

    return figurcache.png(ny)


def _talaxel(ax: Any, axel: str = "y", procent: bool = False) -> None:
    f = FuncFormatter(lambda v, _p: fmt.procent(v) if procent else fmt.tal(v, 0 if float(v).is_integer() else 1))
    a = ax.yaxis if axel == "y" else ax.xaxis
    a.set_major_formatter(f)
    if not procent:
        a.set_major_locator(MaxNLocator(integer=True, nbins=6))


def _markera(staplar: Any, farg: str, monster: str) -> None:
    for p in staplar:
        p.set_facecolor(farg)
        p.set_edgecolor(farg)
        if monster:
            p.set_hatch(monster)
            p.set_hatchcolor("white")


#: a slash between two words ("Högerextremt/nazistiskt"): a place a label may break
_SNEDSTRECK = re.compile(r"(?<=\S)/(?=\S)")


def _radbryt(s: str, bredd: int = 22) -> str:
    """Wrap a label at spaces, hyphens and after a slash between words, never inside a word
    ("Högerextremt/nazistiskt" → "Högerextremt/" over "nazistiskt"), so that neighbouring
    tick labels do not run into each other."""
    t = _SNEDSTRECK.sub("/\x00 ", str(s))
    return textwrap.fill(t, bredd, break_long_words=False).replace("/\x00 ", "/").replace("/\x00", "/")


def _varde(v: Any) -> float:
    return 0.0 if fmt.ar_saknas(v) else float(v)


# ------------------------------------------------------------------ charts
@figurcache.cachad
def tidsserie(
    serie: pd.DataFrame,
    subjekt: str,
    kalla: str,
    bildtext: str | None = None,
    y_etikett: str = "Antal",
    varde: str = "antal",
) -> Figur:
    """Bars per year with the latest year marked (other colour + hatch + bold label) and
    every value written on its bar; a missing year shows "..". ``subjekt`` in lower
    case, e.g. "anmälda brott om hets mot folkgrupp på Södermalm".

    Alt text: "Stapeldiagram över anmälda brott om hets mot folkgrupp på Södermalm
    2010–2020. Högst 40 år 2018, 30 år 2020; alla värden står i tabellen intill."
    """
    ar = [int(a) for a in serie["ar"]]
    vals = list(serie[varde])
    if not ar:
        raise ValueError("tidsserie() behöver minst ett år")
    period = fmt.ar_intervall(ar[0], ar[-1])
    kanda = [(a, int(v)) for a, v in zip(ar, vals) if not fmt.ar_saknas(v)]

    def rita(fig: Figure, ax: Any) -> None:
        x = np.arange(len(ar))
        h = [_varde(v) for v in vals]
        st = ax.bar(x, h, width=0.7, color=FARGER[0], edgecolor=FARGER[0], linewidth=0.8)
        _markera([st[-1]], *MARKERAD)
        topp = max(h) if h and max(h) > 0 else 1
        for i, v in enumerate(vals):
            etikett = fmt.tal(v) if not fmt.ar_saknas(v) else fmt.SAKNAS
            ax.text(x[i], _varde(v) + topp * 0.015, etikett, ha="center", va="bottom", fontsize=9,
                    fontweight="bold" if i == len(vals) - 1 else "normal")
        ax.set_xticks(x, [str(a) for a in ar], rotation=0 if len(ar) <= 12 else 45)
        ax.set_ylim(0, topp * 1.15)
        ax.set_ylabel(y_etikett)
        ax.set_xlabel("År")
        _talaxel(ax)

    png = _bygg(rita, kalla)
    huvudsak = ""
    if kanda:
        hog = min(kanda, key=lambda t: (-t[1], t[0]))
        senaste = (f"{fmt.tal(vals[-1])} år {ar[-1]}" if not fmt.ar_saknas(vals[-1])
                   else f"uppgift saknas för {ar[-1]}")
        huvudsak = senaste if len(kanda) == 1 or hog[0] == ar[-1] else f"högst {fmt.tal(hog[1])} år {hog[0]}, {senaste}"
        if len(kanda) > 1 and hog[0] == ar[-1]:
            huvudsak = f"högst {senaste}"
    alt = alttext(f"Stapeldiagram över {subjekt} {period}", huvudsak)
    if bildtext is None:
        bildtext = f"{stor_forsta(subjekt)} {period}. Det senaste året, {ar[-1]}, är markerat."
    return Figur(png, bildtext, alt, kalla)


@figurcache.cachad
def grupperade_staplar(
    df: pd.DataFrame,
    x: str,
    grupp: str,
    subjekt: str,
    kalla: str,
    varde: str = "antal",
    bildtext: str | None = None,
    y_etikett: str = "Antal",
    procent: bool = False,
) -> Figur:
    """Grouped bars from a tidy frame: one bar per ``grupp`` (e.g. miljö label) within
    each ``x`` (e.g. year or händelsetyp label); each group has its own colour *and*
    hatch, every bar carries its value. At most five groups (the palette)."""
    xs = list(dict.fromkeys(df[x]))
    gs = list(dict.fromkeys(df[grupp]))
    if len(gs) > len(FARGER):
        raise ValueError(f"högst {len(FARGER)} grupper i ett diagram, fick {len(gs)}")
    tabell = {(r[x], r[grupp]): r[varde] for _, r in df.iterrows()}
    fmt_v = (lambda v: fmt.procent(v)) if procent else (lambda v: fmt.tal(v))

    def rita(fig: Figure, ax: Any) -> None:
        n = len(gs)
        bredd = 0.8 / max(n, 1)
        base = np.arange(len(xs))
        alla = [_varde(tabell.get((xv, g))) for xv in xs for g in gs]
        topp = max(alla) if alla and max(alla) > 0 else 1
        for j, g in enumerate(gs):
            pos = base - 0.4 + bredd * (j + 0.5)
            vals = [tabell.get((xv, g), pd.NA) for xv in xs]
            st = ax.bar(pos, [_varde(v) for v in vals], width=bredd * 0.92, label=_radbryt(g, 30))
            _markera(st, FARGER[j], MONSTER[j])
            for p, v in zip(pos, vals):
                ax.text(p, _varde(v) + topp * 0.015, fmt.SAKNAS if fmt.ar_saknas(v) else fmt_v(v),
                        ha="center", va="bottom", fontsize=8)
        ax.set_xticks(base, [_radbryt(str(v), 18) for v in xs])
        ax.set_ylim(0, topp * 1.18)
        ax.set_ylabel(y_etikett)
        _talaxel(ax, procent=procent)
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8, handlelength=2.2, handleheight=1.4)

    png = _bygg(rita, kalla)
    kanda = [(_varde(tabell.get((xv, g))), xv, g) for xv in xs for g in gs
             if not fmt.ar_saknas(tabell.get((xv, g), pd.NA))]
    huvudsak = ""
    if kanda and max(k[0] for k in kanda) > 0:
        v, xv, g = max(kanda, key=lambda k: k[0])
        huvudsak = f"störst är {g.lower()} för {str(xv).lower()}, {fmt_v(tabell[(xv, g)])}"
    alt = alttext(f"Grupperat stapeldiagram över {subjekt}, en stapel per {grupp.lower()} ({uppraknad(gs)})",
                  huvudsak)
    if bildtext is None:
        bildtext = stor_forsta(subjekt) + "."
    return Figur(png, bildtext, alt, kalla)


@figurcache.cachad
def kunskap_fordelning(kunskap: Mapping[str, Any], kalla: str, subjekt: str = "kunskapsnivå",
                       bildtext: str | None = None) -> Figur:
    """Distribution of the knowledge level 1–5 (``enkat.kunskapsniva`` result): bars with
    the count and share written on each, mean and median in the caption and alt text."""
    f = kunskap["fordelning"]
    n = kunskap.get("n", 0)

    def rita(fig: Figure, ax: Any) -> None:
        x = np.arange(len(f))
        h = [_varde(v) for v in f["antal"]]
        st = ax.bar(x, h, width=0.65)
        _markera(st, FARGER[0], "")
        topp = max(h) if h and max(h) > 0 else 1
        for i, (a, s) in enumerate(zip(f["antal"], f["andel"])):
            etikett = fmt.tal(a) + ("" if fmt.ar_saknas(s) else f"\n({fmt.procent(s)})")
            ax.text(x[i], _varde(a) + topp * 0.015, etikett, ha="center", va="bottom", fontsize=9)
        ax.set_xticks(x, [_radbryt(str(e), 14) for e in f["etikett"]])
        ax.set_ylim(0, topp * 1.25)
        ax.set_ylabel("Antal enheter")
        ax.set_xlabel("Kunskapsnivå")
        _talaxel(ax)

    png = _bygg(rita, kalla)
    alt = alttext(f"Stapeldiagram över {subjekt} på en skala 1–5, {fmt.antal_ord(n, 'svar', 'svar')}")
    medel = ""
    if n:
        med = kunskap["median"]
        med_t = fmt.tal(med) if float(med).is_integer() else fmt.tal(med, 1)
        medel = f" Medelvärde {fmt.tal(kunskap['medel'], 2)}, median {med_t}."
        alt = alttext(f"Stapeldiagram över {subjekt} på en skala 1–5, {fmt.antal_ord(n, 'svar', 'svar')}",
                      f"medelvärde {fmt.tal(kunskap['medel'], 2)}, median {med_t}")
    if bildtext is None:
        bildtext = (f"{stor_forsta(subjekt)}, antal enheter per nivå (1 = ingen kunskap, 5 = mycket bra kunskap)."
                    + medel)
    return Figur(png, bildtext, alt, kalla)


@figurcache.cachad
def kannedom(df: pd.DataFrame, kalla: str, subjekt: str = "kännedom bland chefer och medarbetare",
             bildtext: str | None = None) -> Figur:
    """Awareness per item, managers vs staff (``enkat.kannedom``): paired horizontal bars,
    managers solid blue, staff vermillion with hatching, per cent written at each bar
    (".." where not asked)."""
    items = list(df["etikett"])
    serier = [("Chefer", list(df["chef_andel"])), ("Medarbetare (chefens uppskattning)", list(df["medarbetare_andel"]))]
    hoj = max(3.0, 0.75 * len(items) + 1.6)

    def rita(fig: Figure, ax: Any) -> None:
        y = np.arange(len(items))
        for j, (namn, vals) in enumerate(serier):
            pos = y - 0.2 + 0.4 * j
            st = ax.barh(pos, [_varde(v) for v in vals], height=0.38, label=namn)
            _markera(st, FARGER[j], MONSTER[j])
            for p, v in zip(pos, vals):
                ax.text(_varde(v) + 0.01, p, fmt.SAKNAS if fmt.ar_saknas(v) else fmt.procent(v), va="center",
                        fontsize=8)
        ax.set_yticks(y, [_radbryt(i, 26) for i in items])
        ax.invert_yaxis()
        ax.set_xlim(0, 1.12)
        ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0])
        _talaxel(ax, "x", procent=True)
        ax.grid(axis="x")
        ax.grid(axis="y", visible=False)
        ax.set_xlabel("Andel")
        ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=2, fontsize=8, handlelength=2.2,
                  handleheight=1.4)

    png = _bygg(rita, kalla, (8.0, hoj))
    chefer = [(float(v), i) for i, v in zip(items, serier[0][1]) if not fmt.ar_saknas(v)]
    huvudsak = ""
    if chefer:
        v, i = max(chefer, key=lambda t: t[0])
        huvudsak = f"flest chefer, {fmt.procent(v)}, känner till {i[:1].lower() + i[1:]}"
    alt = alttext(f"Liggande stapeldiagram över {subjekt}, andel chefer och andel medarbetare för "
                  f"{fmt.antal_ord(len(items), 'sak', 'saker')} att känna till", huvudsak)
    if bildtext is None:
        bildtext = (f"{stor_forsta(subjekt)}. Chefernas andel är andelen som svarat ja; medarbetarnas är "
                    "genomsnittet av chefernas uppskattningar.")
    return Figur(png, bildtext, alt, kalla)


@figurcache.cachad
def svarsfrekvens(df: pd.DataFrame, kalla: str, subjekt: str = "svarsfrekvens per avdelning",
                  bildtext: str | None = None, efter: str = "avdelning") -> Figur:
    """Response rate per department (``enkat.svarsfrekvens``): horizontal bars with
    "12 av 15 (80 %)" written at each; a department whose units asked are unknown gets
    no bar and the text "12 svar, antal tillfrågade okänt"."""
    namn = [str(v) for v in df[efter]]
    hoj = max(3.0, 0.5 * len(namn) + 1.6)

    def etikett(n: Any, t: Any, a: Any) -> str:
        if fmt.ar_saknas(a):
            return f"{fmt.tal(n)} svar, antal tillfrågade okänt"
        return f"{fmt.tal(n)} av {fmt.tal(t)} ({fmt.procent(a)})"

    etiketter = [etikett(n, t, a) for n, t, a in zip(df["svar"], df["tillfragade"], df["andel"])]

    def rita(fig: Figure, ax: Any) -> None:
        y = np.arange(len(namn))
        vals = [min(_varde(a), 1.0) for a in df["andel"]]
        st = ax.barh(y, vals, height=0.6)
        _markera(st, FARGER[0], "")
        for yi, v, e in zip(y, vals, etiketter):
            ax.text(v + 0.01, yi, e, va="center", fontsize=8)
        ax.set_yticks(y, [_radbryt(n, 26) for n in namn])
        ax.invert_yaxis()
        ax.set_xlim(0, 1.45)
        ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0])
        _talaxel(ax, "x", procent=True)
        ax.grid(axis="x")
        ax.grid(axis="y", visible=False)
        ax.set_xlabel("Svarsfrekvens")

    png = _bygg(rita, kalla, (8.0, hoj))
    kanda = [(float(a), n) for n, a in zip(namn, df["andel"]) if not fmt.ar_saknas(a)]
    huvudsak = ""
    if len(kanda) > 1:
        hog, lag = max(kanda, key=lambda t: t[0]), min(kanda, key=lambda t: t[0])
        huvudsak = f"högst {hog[1]}, {fmt.procent(hog[0])}, lägst {lag[1]}, {fmt.procent(lag[0])}"
    alt = alttext(f"Liggande stapeldiagram över {subjekt}, {fmt.antal_ord(len(namn), 'stapel', 'staplar')}",
                  huvudsak)
    if bildtext is None:
        bildtext = f"{stor_forsta(subjekt)}: antal svar av antal tillfrågade enheter."
    return Figur(png, bildtext, alt, kalla)


# ------------------------------------------------------------------ city-wide summary
__all__ += ["VARMESKALA", "varmekarta", "sma_multiplar"]

#: Sequential scale of the heat map: one hue, luminance falling monotonically, so the
#: order survives grayscale print (light = few, dark = many).
VARMESKALA = "Blues"
_VARME_SPANN = (0.06, 0.92)  # part of the colormap used (avoid pure white and near-black)


def _textfarg_mot(bakgrund: Any) -> str:
    """Black or white text, whichever contrasts more with an RGBA background."""
    r, g, b = (float(x) for x in bakgrund[:3])
    hexfarg = "#{:02X}{:02X}{:02X}".format(round(r * 255), round(g * 255), round(b * 255))
    return "#FFFFFF" if kontrast("#FFFFFF", hexfarg) >= kontrast(TEXTFARG, hexfarg) else TEXTFARG


@figurcache.cachad
def varmekarta(
    tabell: pd.DataFrame,
    subjekt: str,
    kalla: str,
    bildtext: str | None = None,
    totalt: bool = True,
    rad_etikett: str = "",
    summor: Sequence[Any] | None = None,
    kolumnsummor: Sequence[Any] | None = None,
) -> Figur:
    """A heat map of counts (e.g. committees × miljö) with the number written in every
    cell, readable in grayscale.

    A cell may hold "x" (a count not shown, for privacy): it is drawn hatched, outside
    the colour scale, with "x" written in it. ``summor`` (per row) and ``kolumnsummor``
    (per column) are the totals as published (numbers or "x"); without them they are
    the sums of the cells (then no cell may be "x").

    ``tabell``: rows = row labels (index), columns = column labels, values counts
    (``Int64``; ``pd.NA`` = uppgift saknas). The shade is one blue hue from light (few)
    to dark (many); the number in each cell carries the value, so colour is never the
    only carrier: 0 is written "–" on white, a missing value ".." on light grey with a
    hatch. With ``totalt`` a column "Totalt" (row sums, NA when every cell is NA) is
    added outside the colour scale, in bold on white.
    """
    from matplotlib import colormaps
    from matplotlib.colors import Normalize
    from matplotlib.patches import Rectangle

    rader = [str(r) for r in tabell.index]
    kolumner = [str(c) for c in tabell.columns]
    varden = [[tabell.iloc[i, j] for j in range(len(kolumner))] for i in range(len(rader))]
    if not rader or not kolumner:
        raise ValueError("varmekarta() behöver minst en rad och en kolumn")
    def dold(v: Any) -> bool:
        return isinstance(v, str) and v.strip() == "x"

    if summor is None:
        if any(dold(v) for rad in varden for v in rad):
            raise ValueError("varmekarta(): dolda celler kräver summor och kolumnsummor")
        summor = []
        for rad in varden:
            kanda = [int(v) for v in rad if not fmt.ar_saknas(v)]
            summor.append(sum(kanda) if kanda else pd.NA)
    summor = list(summor)
    kanda_alla = [int(v) for rad in varden for v in rad if not fmt.ar_saknas(v) and not dold(v)]
    topp = max(kanda_alla) if kanda_alla and max(kanda_alla) > 0 else 1
    cmap = colormaps[VARMESKALA]
    norm = Normalize(vmin=0, vmax=topp)

    def farg(v: float) -> Any:
        lo, hi = _VARME_SPANN
        return cmap(lo + (hi - lo) * norm(v))

    ncol = len(kolumner) + (1 if totalt else 0)
    hojd = max(3.0, 0.34 * len(rader) + 2.2)

    def rita(fig: Figure, ax: Any) -> None:
        ax.grid(False)
        for s in ("left", "bottom", "top", "right"):
            ax.spines[s].set_visible(False)
        for i, rad in enumerate(varden):
            for j, v in enumerate(rad):
                if dold(v):
                    ax.add_patch(Rectangle((j, i), 1, 1, facecolor="#FFFFFF", edgecolor="#BFBFBF", linewidth=1.0,
                                           hatch="..."))
                    ax.text(j + 0.5, i + 0.5, "x", ha="center", va="center", fontsize=9, color=TEXTFARG,
                            bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.5})
                    continue
                if fmt.ar_saknas(v):
                    ax.add_patch(Rectangle((j, i), 1, 1, facecolor="#EEEEEE", edgecolor="white", linewidth=1.5,
                                           hatch="///"))
                    ax.text(j + 0.5, i + 0.5, fmt.SAKNAS, ha="center", va="center", fontsize=9, color=TEXTFARG)
                    continue
                v = int(v)
                bak = (1, 1, 1, 1) if v == 0 else farg(v)
                ax.add_patch(Rectangle((j, i), 1, 1, facecolor=bak, edgecolor="#BFBFBF" if v == 0 else "white",
                                       linewidth=1.0 if v == 0 else 1.5))
                ax.text(j + 0.5, i + 0.5, fmt.cell(v), ha="center", va="center", fontsize=9,
                        color=_textfarg_mot(bak))
            if totalt:
                ax.text(len(kolumner) + 0.5, i + 0.5, summor[i] if dold(summor[i]) else fmt.cell(summor[i]),
                        ha="center", va="center", fontsize=9, fontweight="bold", color=TEXTFARG)
        if totalt:
            ax.axvline(len(kolumner) + 0.04, color="#333333", linewidth=0.8)
        ax.set_xlim(0, ncol)
        ax.set_ylim(len(rader), 0)
        ax.set_xticks(np.arange(ncol) + 0.5,
                      [_radbryt(k, 16) for k in kolumner] + (["Totalt"] if totalt else []), fontsize=8.5)
        ax.xaxis.tick_top()
        ax.tick_params(axis="both", length=0)
        ax.set_yticks(np.arange(len(rader)) + 0.5, [_radbryt(r, 30) for r in rader], fontsize=9)
        if rad_etikett:
            ax.set_ylabel(rad_etikett)
        sm = matplotlib.cm.ScalarMappable(norm=norm, cmap=matplotlib.colors.ListedColormap(
            [farg(x) for x in np.linspace(0, topp, 64)]))
        cb = fig.colorbar(sm, ax=ax, fraction=0.035, pad=0.02)
        cb.set_label("Antal (ljus = få, mörk = många)", fontsize=8)
        cb.ax.tick_params(labelsize=8)
        cb.ax.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=5))
        cb.ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: fmt.tal(v)))

    png = _bygg(rita, kalla, (8.0, hojd))
    antal_dolda = sum(dold(v) for rad in varden for v in rad)
    huvudsak = ""
    if kanda_alla and max(kanda_alla) > 0:
        storst = [(rader[i], kolumner[j]) for i in range(len(rader)) for j in range(len(kolumner))
                  if not fmt.ar_saknas(varden[i][j]) and not dold(varden[i][j])
                  and int(varden[i][j]) == max(kanda_alla)]
        huvudsak = (f"högst {'visat ' if antal_dolda else ''}värde, {fmt.tal(max(kanda_alla))}, har "
                    f"{uppraknad([f'{r} ({k.lower()})' for r, k in storst])}")
    alt = alttext(f"Värmekarta över {subjekt}, {len(rader)} rader och {len(kolumner)} kolumner där en mörkare "
                  "ruta betyder fler", huvudsak)
    if bildtext is None:
        bildtext = (f"{stor_forsta(subjekt)}. Talet i varje ruta är antalet; ju mörkare ruta, desto fler. "
                    "– betyder noll och .. att uppgift saknas.")
    return Figur(png, bildtext, alt, kalla)


def sma_multiplar(
    serier: Mapping[str, pd.DataFrame],
    subjekt: str,
    kalla: str,
    bildtext: str | None = None,
    fore_sammanslagning: Mapping[str, int] | None = None,
    egen_skala: tuple[str, ...] = (),
    kolumner: int = 4,
    varde: str = "antal",
) -> Figur:
    """Small multiples: one small bar chart per series (e.g. per district), years on
    the x axis, the latest year marked (vermillion + hatch) and its value written.

    ``serier``: panel title → frame with ``ar`` and ``varde`` (``pd.NA`` = no bar).
    Panels share one y scale, except those named in ``egen_skala`` (e.g. the whole
    city), whose title says "egen skala". ``fore_sammanslagning``: panel title → the
    first year of the merged committee; earlier years are sums of the predecessors,
    drawn grey with dots and the title gets an asterisk (explain it in the caption).
    """
    from matplotlib.patches import Patch

    namn = list(serier)
    if not namn:
        raise ValueError("sma_multiplar() behöver minst en serie")
    fore = dict(fore_sammanslagning or {})
    ncol = max(1, min(kolumner, len(namn)))
    nrad = -(-len(namn) // ncol)
    gemensam = [_varde(v) for n in namn if n not in egen_skala for v in serier[n][varde]]
    topp_gem = max(gemensam) if gemensam and max(gemensam) > 0 else 1
    alla_ar = sorted({int(a) for n in namn for a in serier[n]["ar"]})
    storlek = (8.0, 1.55 * nrad + 1.3)

    with matplotlib.rc_context(tema()):
        # Fixed margins instead of a layout engine: with many panels constrained layout
        # costs seconds, and every panel has the same short labels anyway.
        fig = Figure(figsize=storlek, dpi=DPI)
        topp_tum, botten_tum = 0.75, 0.55
        fig.subplots_adjust(left=0.06, right=0.975, top=1 - topp_tum / storlek[1], bottom=botten_tum / storlek[1],
                            hspace=0.75, wspace=0.28)
        axlar = fig.subplots(nrad, ncol, sharex=True, squeeze=False)
        for k, n in enumerate(namn):
            ax = axlar[k // ncol][k % ncol]
            s = serier[n]
            ar = [int(a) for a in s["ar"]]
            vals = list(s[varde])
            topp = (max([_varde(v) for v in vals] + [1]) if n in egen_skala else topp_gem)
            grans = fore.get(n)
            st = ax.bar(ar, [_varde(v) for v in vals], width=0.75, color=FARGER[0], edgecolor=FARGER[0],
                        linewidth=0.6)
            for p, a in zip(st, ar):
                if grans is not None and a < grans:
                    p.set_facecolor("#9E9E9E")
                    p.set_edgecolor("#6E6E6E")
                    p.set_hatch("..")
                    p.set_hatchcolor("white")
            if len(st):
                _markera([st[-1]], *MARKERAD)
                if not fmt.ar_saknas(vals[-1]):
                    ax.text(ar[-1], _varde(vals[-1]) + topp * 0.04, fmt.tal(vals[-1]), ha="center", va="bottom",
                            fontsize=7.5, fontweight="bold")
                else:
                    ax.text(ar[-1], topp * 0.04, fmt.SAKNAS, ha="center", va="bottom", fontsize=7.5)
            ax.set_ylim(0, topp * 1.3)
            titel = n + ("*" if grans is not None and ar and min(ar) < grans else "")
            if n in egen_skala:
                titel += " (egen skala)"
            ax.set_title(titel, fontsize=8.5, loc="left", pad=2)
            ax.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=3))
            ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: fmt.tal(v)))
            ax.tick_params(labelsize=7, length=2)
            if alla_ar:
                ax.set_xticks([alla_ar[0], alla_ar[-1]], [str(alla_ar[0]), str(alla_ar[-1])])
                ax.set_xlim(alla_ar[0] - 0.7, alla_ar[-1] + 0.7)
        for k in range(len(namn), nrad * ncol):
            axlar[k // ncol][k % ncol].set_visible(False)
        handtag = [Patch(facecolor=FARGER[0], edgecolor=FARGER[0], label="Antal per år"),
                   Patch(facecolor=MARKERAD[0], edgecolor=MARKERAD[0], hatch=MARKERAD[1], label="Senaste året")]
        if fore:
            handtag.append(Patch(facecolor="#9E9E9E", edgecolor="#6E6E6E", hatch="..",
                                 label="Före sammanslagningen (summa av tidigare nämnder)"))
        for h in handtag[1:]:
            h.set_hatchcolor("white")
        fig.legend(handles=handtag, loc="upper center", bbox_to_anchor=(0.5, 1.0), ncols=len(handtag),
                   fontsize=7.5, handlelength=2.0, handleheight=1.2, frameon=False)
        png = _spara(fig, kalla)

    huvudsak = ""
    for n in egen_skala:
        if n in serier and len(serier[n]):
            ss = serier[n]
            sista = ss[varde].iloc[-1]
            if not fmt.ar_saknas(sista):
                huvudsak = f"{n.lower()} {fmt.tal(sista)} år {int(ss['ar'].iloc[-1])}"
            break
    alt = alttext(f"Små stapeldiagram, ett per område ({fmt.antal_ord(len(namn), 'område', 'områden')}), över "
                  f"{subjekt}", huvudsak)
    if bildtext is None:
        bildtext = f"{stor_forsta(subjekt)}. Det senaste året är markerat."
    return Figur(png, bildtext, alt, kalla)


# ====================================================================== follow-up
#: follow-up status → hatch pattern and colour (the chart never relies on colour alone)
_STATUSMONSTER = {"genomford": "", "pagaende": "//", "paborjad": "..", "ej_paborjad": "xx", "installd": "--", None: "\\\\"}
_STATUSFARGER = {"genomford": "#1b5e20", "pagaende": "#4f8fc0", "paborjad": "#a6cee3", "ej_paborjad": "#f0a04b",
           "installd": "#9e9e9e", None: "#ffffff"}


def statusfigur(df: pd.DataFrame, bildtext: str, kalla: str) -> Figur:
    """Horizontal stacked bars: a plan's activities per group and status. Each status has
    its own hatch pattern and a count label, so the chart does not rely on colour alone."""
    rak = statusrakning(df).drop(index="Totalt")
    nycklar = [k for k in STATUSORDNING if statusetikett(k) in rak.columns]
    grupp = list(rak.index)
    with matplotlib.rc_context(tema()):
        fig = Figure(figsize=(8, 0.75 * len(grupp) + 1.8), dpi=100)
        ax = fig.add_subplot()
        vanster = [0] * len(grupp)
        y = list(range(len(grupp)))[::-1]
        for k in nycklar:
            v = [int(x) for x in rak[statusetikett(k)].tolist()]
            stap = ax.barh(y, v, left=vanster, color=_STATUSFARGER[k], hatch=_STATUSMONSTER[k], edgecolor="#222222",
                           linewidth=0.6, label=statusetikett(k))
            for rekt, n, x0 in zip(stap, v, vanster):
                if n:
                    morkt = k == "genomford"
                    ax.text(x0 + n / 2, rekt.get_y() + rekt.get_height() / 2, fmt.tal(n), ha="center",
                            va="center", fontsize=9, color="white" if morkt else "black",
                            bbox=None if morkt else dict(boxstyle="round,pad=0.15", fc="white", ec="none"))
            vanster = [a + b for a, b in zip(vanster, v)]
        ax.set_yticks(y, [_radbryt_etikett(g) for g in grupp])
        ax.set_xlabel("Antal aktiviteter")
        ax.grid(False, axis="y")
        ax.grid(True, axis="x")
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.spines[["top", "right"]].set_visible(False)
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12 - 0.25 / max(len(grupp), 1)),
                  ncol=min(3, len(nycklar)), frameon=False)
        buf = io.BytesIO()
        fig.savefig(buf, format="png", metadata={"Software": None}, bbox_inches="tight")
    totalt = int(rak[[statusetikett(k) for k in nycklar]].to_numpy().sum())
    genomforda = int(rak[statusetikett("genomford")].sum()) if statusetikett("genomford") in rak.columns else 0
    alt = alttext(f"Liggande staplar över antal aktiviteter per grupp och status, "
                  f"{fmt.antal_ord(len(grupp), 'grupp', 'grupper')}",
                  f"{fmt.tal(genomforda)} av {fmt.tal(totalt)} aktiviteter är genomförda")
    return Figur(png=buf.getvalue(), bildtext=bildtext, alt=alt, kalla=kalla)


def _radbryt_etikett(text: str, bredd: int = 28) -> str:
    ord_, rader, rad = text.split(), [], ""
    for o in ord_:
        if rad and len(rad) + 1 + len(o) > bredd:
            rader.append(rad)
            rad = o
        else:
            rad = f"{rad} {o}".strip()
    return "\n".join(rader + [rad])
