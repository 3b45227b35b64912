"""Charts of the lägesbild: one theme, accessible, deterministic.

Every chart function returns a :class:`Figur` (PNG bytes + caption + text alternative
+ source). Design rules (PRODUCT.md, "What a finished report looks like"):

* a colour-blind-safe palette (a subset of Okabe–Ito, every colour with at least
  3:1 contrast on white, WCAG 1.4.11) and **never colour alone**: hatch patterns
  and direct value labels carry the information too, so the charts read in
  grayscale print;
* Swedish axis labels and numbers through :mod:`vbe_lib.fmt` (decimal comma,
  "44 %"), a source line under every chart;
* deterministic PNG: fixed size and dpi, DejaVu Sans, no "Software" metadata, so
  two runs give identical bytes;
* figures are built with ``matplotlib.figure.Figure`` (not pyplot), so nothing is
  left open and nothing is shown twice in a notebook.
"""
from __future__ import annotations

import base64
import html
import io
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.layout_engine import ConstrainedLayoutEngine  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402

from vbe_lib import fmt  # noqa: E402
from vbe_lib.text import stor_forsta, uppraknad  # noqa: E402

__all__ = [
    "Figur", "tema", "FARGER", "MONSTER", "MARKERAD", "DPI", "STORLEK", "kontrast", "gra",
    "tidsserie", "grupperade_staplar", "kunskap_fordelning", "kannedom", "svarsfrekvens",
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
    fig.text(0.01, 0.015, f"Källa: {kalla}", fontsize=8, color="#333333", ha="left", va="bottom")
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, metadata={"Software": None})
    fig.clear()
    return buf.getvalue()


def _bygg(rita, kalla: str, storlek: tuple[float, float] = STORLEK) -> bytes:
    with matplotlib.rc_context(tema()):
        fig, ax = _figur(storlek)
        rita(fig, ax)
        return _spara(fig, kalla)


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


def _radbryt(s: str, bredd: int = 22) -> str:
    return textwrap.fill(str(s), bredd, break_long_words=False)


def _varde(v: Any) -> float:
    return 0.0 if fmt.ar_saknas(v) else float(v)


# ------------------------------------------------------------------ charts
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

    Alt text: "Stapeldiagram: anmälda brott om hets mot folkgrupp på Södermalm
    2010–2020. Lägst 11 (2011), högst 40 (2018), 30 år 2020."
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
    alt = f"Stapeldiagram: {subjekt} {period}."
    if kanda:
        lag = min(kanda, key=lambda t: (t[1], t[0]))
        hog = min(kanda, key=lambda t: (-t[1], t[0]))
        if len(kanda) > 1:
            alt += f" Lägst {fmt.tal(lag[1])} ({lag[0]}), högst {fmt.tal(hog[1])} ({hog[0]}),"
            alt += (f" {fmt.tal(vals[-1])} år {ar[-1]}." if not fmt.ar_saknas(vals[-1])
                    else f" uppgift saknas för {ar[-1]}.")
        else:
            alt += f" {fmt.tal(kanda[0][1])} år {kanda[0][0]}."
    saknas = [str(a) for a, v in zip(ar[:-1], vals[:-1]) if fmt.ar_saknas(v)]
    if saknas:
        alt += f" Uppgift saknas för {uppraknad(saknas)}."
    if bildtext is None:
        bildtext = f"{stor_forsta(subjekt)} {period}. Det senaste året, {ar[-1]}, är markerat."
    return Figur(png, bildtext, alt, kalla)


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
    delar = []
    for xv in xs:
        v = [f"{g} {fmt.SAKNAS if fmt.ar_saknas(tabell.get((xv, g), pd.NA)) else fmt_v(tabell.get((xv, g)))}"
             for g in gs]
        delar.append(f"{xv}: {', '.join(v)}")
    alt = f"Grupperat stapeldiagram: {subjekt}. " + "; ".join(delar) + "."
    if bildtext is None:
        bildtext = stor_forsta(subjekt) + "."
    return Figur(png, bildtext, alt, kalla)


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
    nivaer = ", ".join(
        f"nivå {int(nv)}: {fmt.tal(a)}" + ("" if fmt.ar_saknas(s) else f" ({fmt.procent(s)})")
        for nv, a, s in zip(f["niva"], f["antal"], f["andel"]))
    alt = f"Stapeldiagram: {subjekt} på en skala 1–5, {fmt.antal_ord(n, 'svar', 'svar')}. {stor_forsta(nivaer)}."
    medel = ""
    if n:
        med = kunskap["median"]
        med_t = fmt.tal(med) if float(med).is_integer() else fmt.tal(med, 1)
        medel = f" Medelvärde {fmt.tal(kunskap['medel'], 2)}, median {med_t}."
        alt += medel
    if bildtext is None:
        bildtext = (f"{stor_forsta(subjekt)}, antal enheter per nivå (1 = ingen kunskap, 5 = mycket bra kunskap)."
                    + medel)
    return Figur(png, bildtext, alt, kalla)


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
    delar = []
    for i, c, m in zip(items, serier[0][1], serier[1][1]):
        delar.append(f"{i}: chefer {fmt.SAKNAS if fmt.ar_saknas(c) else fmt.procent(c)}, medarbetare "
                     f"{fmt.SAKNAS if fmt.ar_saknas(m) else fmt.procent(m)}")
    alt = f"Liggande stapeldiagram: {subjekt}. " + "; ".join(delar) + "."
    if bildtext is None:
        bildtext = (f"{stor_forsta(subjekt)}. Chefernas andel är andelen som svarat ja; medarbetarnas är "
                    "genomsnittet av chefernas uppskattningar.")
    return Figur(png, bildtext, alt, kalla)


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
    alt = f"Liggande stapeldiagram: {subjekt}. " + "; ".join(f"{n}: {e}" for n, e in zip(namn, etiketter)) + "."
    if bildtext is None:
        bildtext = f"{stor_forsta(subjekt)}: antal svar av antal tillfrågade enheter."
    return Figur(png, bildtext, alt, kalla)
