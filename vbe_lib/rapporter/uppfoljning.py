"""The follow-up of a plan's activities (plan Y reports the status of plan Y−1).

Pure functions first (DataFrames in, DataFrames/text out), then the loading of one
committee's follow-up (:func:`las_uppfoljning`), then the report sections the notebook
displays (``avsnitt_*``: lists of objects with ``_repr_html_``/Markdown).
"""
from __future__ import annotations

import datetime as dt
import html
import io
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from vbe_lib.presentation import fmt
from vbe_lib.parametrar.vocab import AKTIVITETSGRUPPER, STATUSAR

from vbe_lib.indata.aktiviteter import KLARA_STATUSAR, ar_fel, las_namnd

#: Columns of the follow-up tables, in the seeds' order.
TABELLKOLUMNER = ["Aktivitet", "Ansvarig", "Tidplan", "Status", "Kommentar"]
#: Status keys in display order; None = no status (plan not followed up).
STATUSORDNING: list[str | None] = [*STATUSAR.nycklar, None]
INGEN_STATUS = "Ingen status"
KALLA = "Nämndens aktivitetsfil (data/aktiviteter)"


def _har(v: object) -> bool:
    """True for a real value (not None, NA, NaN or '')."""
    return v is not None and v != "" and not (not isinstance(v, str) and pd.isna(v))


def statusetikett(nyckel: str | None) -> str:
    return STATUSAR.etikett(nyckel) if _har(nyckel) else INGEN_STATUS


# =========================================================================== pure analysis
def grupper(df: pd.DataFrame) -> list[str]:
    """Group labels in display order: the four standard groups (vocabulary order), then
    a committee's own groups in the order they first appear in the file."""
    if df.empty:
        return []
    std = [AKTIVITETSGRUPPER.etikett(k) for k in AKTIVITETSGRUPPER.nycklar]
    finns = list(dict.fromkeys(df["grupp"]))
    return [g for g in std if g in finns] + [g for g in finns if g not in std]


def statusantal(df: pd.DataFrame) -> dict[str | None, int]:
    """Number of activities per status key (every key present, None = no status)."""
    s = df["status"] if not df.empty else pd.Series([], dtype=object)
    return {k: int((s.isna() if k is None else (s == k)).sum()) for k in STATUSORDNING}


def statusrakning(df: pd.DataFrame) -> pd.DataFrame:
    """Counts per group (rows, plus 'Totalt') and status (columns, plus 'Totalt').

    The column 'Ingen status' is present only when some activity lacks a status."""
    rader = {g: statusantal(df[df["grupp"] == g]) for g in grupper(df)}
    rader["Totalt"] = statusantal(df)
    nycklar = [k for k in STATUSORDNING if k is not None or rader["Totalt"][None] > 0]
    ut = pd.DataFrame(
        {statusetikett(k): [rader[g][k] for g in rader] for k in nycklar}, index=list(rader)
    )
    ut["Totalt"] = ut.sum(axis=1)
    ut.index.name = "Grupp"
    return ut.astype("int64")


def tabeller(df: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """One table per group (label → DataFrame with :data:`TABELLKOLUMNER`, all text)."""
    ut: dict[str, pd.DataFrame] = {}
    for g in grupper(df):
        d = df[df["grupp"] == g]
        ut[g] = pd.DataFrame({
            "Aktivitet": d["aktivitet"].tolist(),
            "Ansvarig": d["ansvarig"].tolist(),
            "Tidplan": d["tidplan"].tolist(),
            "Status": [STATUSAR.etikett(s) if _har(s) else "" for s in d["status"]],
            "Kommentar": d["kommentar"].tolist(),
        }, columns=TABELLKOLUMNER)
    return ut


def forsenade(df: pd.DataFrame, uppfoljningsdatum: dt.date) -> pd.DataFrame:
    """Activities whose timeline ended before ``uppfoljningsdatum`` and that are neither
    done nor cancelled (status missing counts as not done)."""
    kol = ["Aktivitet", "Grupp", "Tidplan", "Status"]
    if df.empty:
        return pd.DataFrame(columns=kol)
    mask = [
        (s is not None and s < uppfoljningsdatum) and (st not in KLARA_STATUSAR)
        for s, st in zip(df["slutdatum"], df["status"])
    ]
    d = df[mask]
    return pd.DataFrame({
        "Aktivitet": d["aktivitet"].tolist(),
        "Grupp": d["grupp"].tolist(),
        "Tidplan": d["tidplan"].tolist(),
        "Status": [statusetikett(s) for s in d["status"]],
    }, columns=kol)


FORANDRINGAR = {"overford": "Överförd", "ny": "Ny", "borttagen": "Finns inte kvar"}


def forandringar(foregaende: pd.DataFrame, aktuell: pd.DataFrame) -> pd.DataFrame:
    """Changes between two plans by Id: 'ny' (only in the current plan), 'overford'
    (in both), 'borttagen' (only in the previous plan; ``status`` says how it ended)."""
    kol = ["id", "aktivitet", "grupp", "forandring", "status"]
    fore = {r.id: r for r in foregaende.itertuples()} if not foregaende.empty else {}
    nu = {r.id: r for r in aktuell.itertuples()} if not aktuell.empty else {}
    rader = []
    for i, r in nu.items():
        rader.append((i, r.aktivitet, r.grupp, "overford" if i in fore else "ny",
                      fore[i].status if i in fore else None))
    for i, r in fore.items():
        if i not in nu:
            rader.append((i, r.aktivitet, r.grupp, "borttagen", r.status))
    return pd.DataFrame({k: pd.Series([r[i] for r in rader], dtype=object) for i, k in enumerate(kol)})


def forandringstabell(fdf: pd.DataFrame) -> pd.DataFrame:
    """Reader-facing table of :func:`forandringar`: Förändring, Aktivitet, Grupp, Status."""
    ordning = {k: i for i, k in enumerate(FORANDRINGAR)}
    d = fdf.assign(_o=fdf["forandring"].map(ordning)).sort_values("_o", kind="stable")
    return pd.DataFrame({
        "Förändring": [FORANDRINGAR[f] for f in d["forandring"]],
        "Aktivitet": d["aktivitet"].tolist(),
        "Grupp": d["grupp"].tolist(),
        "Status i föregående plan": [
            ("" if f == "ny" else statusetikett(s)) for f, s in zip(d["forandring"], d["status"])
        ],
    })


# =========================================================================== sentences
def _n(k: int) -> str:
    return fmt.tal(k)


def _lista(delar: list[str]) -> str:
    if len(delar) <= 1:
        return "".join(delar)
    return ", ".join(delar[:-1]) + " och " + delar[-1]


# (first element, inverted after "Av N aktiviteter": verb before the count)
def _forst(k: str | None, n: int) -> str:
    t = _n(n)
    return {
        "genomford": f"är {t} genomförd" if n == 1 else f"är {t} genomförda",
        "pagaende": f"pågår {t}",
        "paborjad": f"har {t} påbörjats",
        "ej_paborjad": f"har {t} inte påbörjats",
        "installd": f"är {t} inställd" if n == 1 else f"är {t} inställda",
        None: f"saknar {t} status",
    }[k]


def _senare(k: str | None, n: int) -> str:
    t = _n(n)
    return {
        "genomford": f"{t} är genomförd" if n == 1 else f"{t} är genomförda",
        "pagaende": f"{t} pågår",
        "paborjad": f"{t} har påbörjats",
        "ej_paborjad": f"{t} har inte påbörjats",
        "installd": f"{t} är inställd" if n == 1 else f"{t} är inställda",
        None: f"{t} saknar status",
    }[k]


_ENDA = {
    "genomford": "är genomförd", "pagaende": "pågår", "paborjad": "har påbörjats",
    "ej_paborjad": "har inte påbörjats", "installd": "är inställd", None: "saknar status",
}
_ALLA = {
    "genomford": "är genomförda", "pagaende": "pågår", "paborjad": "har påbörjats",
    "installd": "är inställda",
}


def mening_status(antal: Mapping[str | None, int] | pd.DataFrame) -> str:
    """'Av 14 aktiviteter är 9 genomförda, 3 pågår och 2 har inte påbörjats.'

    Correct Swedish for 0, 1, 2 and n activities and when all share one status."""
    if isinstance(antal, pd.DataFrame):
        antal = statusantal(antal)
    antal = {k: int(antal.get(k, 0)) for k in STATUSORDNING}
    n = sum(antal.values())
    if n == 0:
        return "Planen innehöll inga aktiviteter."
    nollskilda = [k for k in STATUSORDNING if antal[k] > 0]
    if n == 1:
        return f"Den enda aktiviteten {_ENDA[nollskilda[0]]}."
    if len(nollskilda) == 1:
        k = nollskilda[0]
        if n == 2:
            if k == "ej_paborjad":
                return "Ingen av de två aktiviteterna har påbörjats."
            if k is None:
                return "Ingen av de två aktiviteterna har någon status."
            return f"Båda aktiviteterna {_ALLA[k]}."
        if k == "ej_paborjad":
            return f"Ingen av de {_n(n)} aktiviteterna har påbörjats."
        if k is None:
            return f"Ingen av de {_n(n)} aktiviteterna har någon status."
        return f"Samtliga {_n(n)} aktiviteter {_ALLA[k]}."
    delar = [_forst(nollskilda[0], antal[nollskilda[0]])] + [_senare(k, antal[k]) for k in nollskilda[1:]]
    return f"Av {_n(n)} aktiviteter {_lista(delar)}."


def mening_forsenade(n: int, planar: int, uppfoljningsdatum: dt.date) -> str:
    """Sentence about activities of plan ``planar`` past their timeline and not done."""
    dag = fmt.datum(uppfoljningsdatum)
    if n == 0:
        return (f"Ingen aktivitet i handlingsplan {planar} hade passerat sin tidplan den {dag} "
                "utan att vara genomförd eller inställd.")
    if n == 1:
        return (f"En aktivitet i handlingsplan {planar} hade passerat sin tidplan den {dag} "
                "utan att vara genomförd eller inställd.")
    return (f"{_n(n)} aktiviteter i handlingsplan {planar} hade passerat sin tidplan den {dag} "
            "utan att vara genomförda eller inställda.")


def mening_forandringar(ny: int, overford: int, borttagen: int, foregaende_ar: int, ar: int) -> str:
    """'Handlingsplan 2021 har 10 aktiviteter: 6 är överförda från handlingsplan 2020 och
    4 är nya. 5 aktiviteter från handlingsplan 2020 finns inte kvar.'"""
    total = ny + overford
    fran = f"från handlingsplan {foregaende_ar}"
    if total == 0:
        forsta = f"Handlingsplan {ar} har inga aktiviteter."
    elif total == 1:
        forsta = f"Handlingsplan {ar} har en aktivitet, som är " + (f"överförd {fran}." if overford else "ny.")
    elif ny == 0:
        forsta = f"Handlingsplan {ar} har {_n(total)} aktiviteter, som samtliga är överförda {fran}."
    elif overford == 0:
        forsta = f"Handlingsplan {ar} har {_n(total)} aktiviteter, som samtliga är nya."
    else:
        o = f"{_n(overford)} är överförd {fran}" if overford == 1 else f"{_n(overford)} är överförda {fran}"
        y = f"{_n(ny)} är ny" if ny == 1 else f"{_n(ny)} är nya"
        forsta = f"Handlingsplan {ar} har {_n(total)} aktiviteter: {o} och {y}."
    if borttagen == 0:
        if overford == 0:
            return forsta
        andra = f"Alla aktiviteter {fran} finns kvar."
    elif borttagen == 1:
        andra = f"En aktivitet {fran} finns inte kvar."
    else:
        andra = f"{_n(borttagen)} aktiviteter {fran} finns inte kvar."
    return f"{forsta} {andra}"


def mening_grupper(df: pd.DataFrame) -> str:
    """'Aktiviteterna redovisas i fyra grupper.' (or one group, by name)."""
    g = grupper(df)
    if not g:
        return ""
    if len(g) == 1:
        return f"Alla aktiviteter hör till gruppen ”{g[0]}”."
    return f"Aktiviteterna redovisas nedan i {fmt.tal_ord(len(g))} grupper."



# =========================================================================== loading one follow-up
@dataclass
class Uppfoljning:
    """Everything the follow-up in plan ``planar`` needs for one committee."""

    namnd: str
    namn: str
    planar: int                       # the plan that reports (Y)
    foljs_upp: int                    # the plan that is followed up (Y−1)
    kallor: list[str]                 # slugs whose plan Y−1 is followed up (self or predecessors)
    kallnamn: list[str]
    df: pd.DataFrame | None           # activities of plan Y−1 (None = no file at all)
    aktuell: pd.DataFrame | None      # activities of plan Y (None = no file)
    uppfoljningsdatum: dt.date
    problem: list = field(default_factory=list)
    filer: list[Path] = field(default_factory=list)
    #: cells withheld because they could hold personal data (both plans)
    undanhallna: int = 0

    @property
    def saknas(self) -> bool:
        return self.df is None

    @property
    def fel(self) -> list:
        return [p for p in self.problem if ar_fel(p)]


def foregaende_planer(konf, slug: str, planar: int) -> list[str]:
    """Committees whose plan ``planar − 1`` is followed up in ``slug``'s plan ``planar``:
    itself if it had one, and every committee whose work it took over."""
    return [n.slug for n in konf.namnder_planar(planar - 1)
            if konf.efterfoljare_planar(n.slug, planar) == slug]


def las_uppfoljning(data_dir: str | Path, konf, slug: str, planar: int,
                    uppfoljningsdatum: dt.date | str | None = None) -> Uppfoljning:
    """Load plan ``planar − 1`` (of the committee or its predecessors) and plan ``planar``."""
    if uppfoljningsdatum is None:
        uppfoljningsdatum = dt.date(planar, 1, 1)
    elif isinstance(uppfoljningsdatum, str):
        uppfoljningsdatum = dt.date.fromisoformat(uppfoljningsdatum)
    kallor = foregaende_planer(konf, slug, planar) or [slug]
    namn = konf.integritet(slug).skyddade_namn
    delar, problem, filer = [], [], []
    undanhallna = 0
    for k in kallor:
        lista = las_namnd(data_dir, k, planar - 1)
        if lista is None:
            continue
        problem += lista.problem
        filer.append(lista.fil)
        d, n = _granska(lista.df, lista.fil, data_dir, namn)
        undanhallna += n
        delar.append(d.assign(namnd=k))
    df = pd.concat(delar, ignore_index=True) if delar else None
    if df is not None and df.empty and not any(len(d) for d in delar):
        df = delar[0]
    aktuell_lista = las_namnd(data_dir, slug, planar)
    aktuell = None
    if aktuell_lista is not None:
        problem += aktuell_lista.problem
        filer.append(aktuell_lista.fil)
        aktuell, n = _granska(aktuell_lista.df, aktuell_lista.fil, data_dir, namn)
        undanhallna += n
    return Uppfoljning(
        namnd=slug, namn=konf.namnder[slug].namn, planar=planar, foljs_upp=planar - 1, kallor=kallor,
        kallnamn=[konf.namnder[k].kortnamn for k in kallor], df=df, aktuell=aktuell,
        uppfoljningsdatum=uppfoljningsdatum, problem=problem, filer=filer, undanhallna=undanhallna,
    )


#: Text columns of an activity file that are published and therefore screened.
GRANSKADE_KOLUMNER = ("aktivitet", "syfte", "ansvarig", "tidplan", "uppfoljning", "kommentar", "status_text",
                      "historik")


def _granska(df: pd.DataFrame, fil: Path, data_dir: str | Path, skyddade_namn: list[str]) -> tuple[pd.DataFrame, int]:
    """Screen an activity list's text cells for personal data (``privacy``): a hit
    becomes "[text undanhållen]" and the build log gets file, row and column."""
    from vbe_lib.integritet import undertryckning as privacy
    from vbe_lib.indata.aktiviteter import KOLUMNER

    try:
        etikett = Path(fil).resolve().relative_to(Path(data_dir).resolve()).as_posix()
    except ValueError:
        etikett = Path(fil).name
    kallor = [(etikett, int(r) if _har(r) else 0) for r in df["rad"]] if "rad" in df.columns else \
        [(etikett, 0)] * len(df)
    ut, n, logg = privacy.granska_kolumner(df, GRANSKADE_KOLUMNER, skyddade_namn, kallor,
                                           rubriker={k: KOLUMNER.get(k, k) for k in GRANSKADE_KOLUMNER}
                                           | {"status_text": KOLUMNER["status"]})
    privacy.skriv_logg(logg)
    return ut, n


# =========================================================================== presentation
class Markdown:
    """Markdown for ``IPython.display`` (text/markdown plus text/html)."""

    def __init__(self, text: str):
        self.text = text

    def _repr_markdown_(self) -> str:
        return self.text

    def _repr_html_(self) -> str:
        return _markdown_html(self.text)


def _markdown_html(text: str) -> str:
    ut = []
    for stycke in text.strip().split("\n\n"):
        s = stycke.strip()
        niva = len(s) - len(s.lstrip("#"))
        if 0 < niva <= 6 and s[niva:niva + 1] == " ":
            ut.append(f"<h{niva}>{html.escape(s[niva + 1:])}</h{niva}>")
        elif s.startswith("- "):
            ut.append("<ul>" + "".join(f"<li>{html.escape(x[2:])}</li>" for x in s.splitlines()) + "</ul>")
        else:
            ut.append(f"<p>{html.escape(s)}</p>")
    return "\n".join(ut)


class _EnkelTabell:
    """Fallback accessible HTML table until ``vbe_lib.presentation.tables.Tabell`` exists."""

    def __init__(self, df: pd.DataFrame, rubrik: str, kalla: str = "", noter: list[str] | None = None):
        self.df, self.rubrik, self.kalla, self.noter = df, rubrik, kalla, list(noter or [])

    def _repr_html_(self) -> str:
        def c(v: object) -> str:
            return html.escape(fmt.cell(v) if not isinstance(v, str) else v).replace("\n", "<br>")

        h = ["<table class=\"vbe-tabell\">", f"<caption>{html.escape(self.rubrik)}</caption>", "<thead><tr>"]
        h += [f"<th scope=\"col\">{html.escape(str(k))}</th>" for k in self.df.columns]
        h.append("</tr></thead><tbody>")
        for rad in self.df.itertuples(index=False):
            h.append("<tr>" + "".join(f"<td>{c(v)}</td>" for v in rad) + "</tr>")
        h.append("</tbody></table>")
        fot = [f"<p class=\"not\">{html.escape(n)}</p>" for n in self.noter]
        if self.kalla:
            fot.append(f"<p class=\"kalla\">Källa: {html.escape(self.kalla)}</p>")
        return "<figure class=\"tabell\">" + "".join(h) + "".join(fot) + "</figure>"


def tabell(df: pd.DataFrame, rubrik: str, kalla: str = KALLA, noter: list[str] | None = None,
           radrubrik: bool = True):
    """A displayable table: ``vbe_lib.presentation.tables.Tabell`` when available, else a fallback."""
    try:
        from vbe_lib.presentation.tables import Tabell
    except ImportError:  # pragma: no cover - until vbe_lib.presentation.tables exists
        return _EnkelTabell(df, rubrik, kalla, noter)
    return Tabell(df, rubrik=rubrik, kalla=kalla, noter=list(noter or []), radrubrik=radrubrik)


class _EnkelFigur:
    """Fallback figure (PNG, caption, alt text, source) until ``vbe_lib.presentation.charts.Figur`` exists."""

    def __init__(self, png: bytes, bildtext: str, alt: str, kalla: str):
        self.png, self.bildtext, self.alt, self.kalla = png, bildtext, alt, kalla

    def _repr_html_(self) -> str:
        import base64

        b64 = base64.b64encode(self.png).decode("ascii")
        return (f"<figure class=\"figur\"><img src=\"data:image/png;base64,{b64}\" alt=\"{html.escape(self.alt)}\">"
                f"<figcaption>{html.escape(self.bildtext)} Källa: {html.escape(self.kalla)}</figcaption></figure>")


_MONSTER = {"genomford": "", "pagaende": "//", "paborjad": "..", "ej_paborjad": "xx", "installd": "--", None: "\\\\"}
_FARGER = {"genomford": "#1b5e20", "pagaende": "#4f8fc0", "paborjad": "#a6cee3", "ej_paborjad": "#f0a04b",
           "installd": "#9e9e9e", None: "#ffffff"}


def statusfigur(df: pd.DataFrame, bildtext: str, kalla: str = KALLA):
    """Horizontal stacked bars: activities per group and status. Each status has its own
    hatch pattern and a count label, so the chart does not rely on colour alone."""
    import contextlib

    import matplotlib
    from matplotlib.figure import Figure

    try:
        from vbe_lib.presentation import charts
    except ImportError:  # pragma: no cover - until vbe_lib.presentation.charts exists
        charts = None
    tema = getattr(charts, "tema", None)
    kontext = matplotlib.rc_context(tema()) if callable(tema) else contextlib.nullcontext()
    rak = statusrakning(df).drop(index="Totalt")
    nycklar = [k for k in STATUSORDNING if statusetikett(k) in rak.columns]
    grupp = list(rak.index)
    with kontext:
        fig = Figure(figsize=(8, 0.75 * len(grupp) + 1.8), dpi=100)
        ax = fig.add_subplot()
        vanster = [0] * len(grupp)
        y = list(range(len(grupp)))[::-1]
        for k in nycklar:
            v = [int(x) for x in rak[statusetikett(k)].tolist()]
            stap = ax.barh(y, v, left=vanster, color=_FARGER[k], hatch=_MONSTER[k], edgecolor="#222222",
                           linewidth=0.6, label=statusetikett(k))
            for rekt, n, x0 in zip(stap, v, vanster):
                if n:
                    morkt = k == "genomford"
                    ax.text(x0 + n / 2, rekt.get_y() + rekt.get_height() / 2, fmt.tal(n), ha="center",
                            va="center", fontsize=9, color="white" if morkt else "black",
                            bbox=None if morkt else dict(boxstyle="round,pad=0.15", fc="white", ec="none"))
            vanster = [a + b for a, b in zip(vanster, v)]
        ax.set_yticks(y, [_radbryt(g) for g in grupp])
        ax.set_xlabel("Antal aktiviteter")
        ax.grid(False, axis="y")
        ax.grid(True, axis="x")
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.spines[["top", "right"]].set_visible(False)
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12 - 0.25 / max(len(grupp), 1)),
                  ncol=min(3, len(nycklar)), frameon=False)
        buf = io.BytesIO()
        fig.savefig(buf, format="png", metadata={"Software": None}, bbox_inches="tight")
    alt = "Liggande staplar med antal aktiviteter per grupp och status. " + " ".join(
        f"{g}: " + ", ".join(f"{statusetikett(k).lower()} {fmt.tal(rak.loc[g, statusetikett(k)])}"
                             for k in nycklar) + "." for g in grupp)
    Figur = getattr(charts, "Figur", None)
    if Figur is not None:
        return Figur(png=buf.getvalue(), bildtext=bildtext, alt=alt, kalla=kalla)
    return _EnkelFigur(buf.getvalue(), bildtext, alt, kalla)


def _radbryt(text: str, bredd: int = 28) -> str:
    ord_, rader, rad = text.split(), [], ""
    for o in ord_:
        if rad and len(rad) + 1 + len(o) > bredd:
            rader.append(rad)
            rad = o
        else:
            rad = f"{rad} {o}".strip()
    return "\n".join(rader + [rad])


# =========================================================================== report sections
def _ar(u: Uppfoljning) -> str:
    return f"handlingsplan {u.foljs_upp}, redovisad i handlingsplan {u.planar}"


def _kalla(u: Uppfoljning) -> str:
    namn = " och ".join(u.kallnamn)
    return f"{namn}s aktivitetsfil för handlingsplan {u.foljs_upp}" if len(u.kallnamn) == 1 else \
        f"Aktivitetsfilerna för handlingsplan {u.foljs_upp} ({namn})"


def avsnitt_inledning(u: Uppfoljning) -> list:
    # the committee's name stands in the title block: no heading of its own (it would
    # be the first entry of the table of contents)
    ut = [Markdown(f"# Uppföljning av handlingsplan {u.foljs_upp}, redovisad i handlingsplan {u.planar}")]
    if u.saknas:
        ut.append(Markdown(
            f"{u.namn} har ingen aktivitetsfil för handlingsplan {u.foljs_upp}, så det finns ingen uppföljning "
            f"att redovisa i handlingsplan {u.planar}."))
        return ut
    text = (f"Här redovisas status för aktiviteterna i handlingsplan {u.foljs_upp} så som de följts upp "
            f"inför handlingsplan {u.planar}. Tidplanerna bedöms per den {fmt.datum(u.uppfoljningsdatum)}.")
    if len(u.kallor) > 1 or u.kallor != [u.namnd]:
        text += (" Nämnden fanns inte i sin nuvarande form när handlingsplan "
                 f"{u.foljs_upp} skrevs; uppföljningen gäller handlingsplanerna för "
                 f"{_lista(u.kallnamn)}.")
    ut.append(Markdown(text))
    if u.df is not None and u.df.empty:
        ut.append(Markdown(f"Aktivitetsfilen för handlingsplan {u.foljs_upp} innehåller inga aktiviteter "
                           "som kunde läsas."))
    if u.fel:
        ut.append(Markdown(f"Obs: {fmt.antal_ord(len(u.fel), 'fel', 'fel')} i aktivitetsfilerna gör att "
                           "rader saknas i redovisningen. Kör `vbe validera` för en lista."))
    if u.undanhallna:
        from vbe_lib.integritet import undertryckning as privacy

        ut.append(Markdown(privacy.meddelande_undanhallna_texter(
            u.undanhallna, ("uppgift i aktivitetsfilerna", "uppgifter i aktivitetsfilerna", "den"))
            + f" I tabellerna står \"{privacy.UNDANHALLEN_TEXT}\" i stället."))
    return ut


def avsnitt_status(u: Uppfoljning) -> list:
    if u.saknas or u.df.empty:
        return []
    ut = [Markdown(f"## Status för aktiviteterna i handlingsplan {u.foljs_upp}\n\n"
                   + mening_status(u.df) + " " + mening_grupper(u.df))]
    ut.append(statusfigur(u.df, f"Aktiviteternas status per grupp, {_ar(u)}.", _kalla(u)))
    rak = statusrakning(u.df).reset_index()
    ut.append(tabell(rak, f"Antal aktiviteter per grupp och status, {_ar(u)}", _kalla(u)))
    return ut


def avsnitt_tabeller(u: Uppfoljning) -> list:
    if u.saknas or u.df.empty:
        return []
    ut: list = [Markdown(f"## Aktiviteterna per grupp, {_ar(u)}")]
    for g, d in tabeller(u.df).items():
        sub = u.df[u.df["grupp"] == g]
        ut.append(Markdown(f"### {g}\n\n{mening_status(sub)}"))
        noter = []
        if len(u.kallor) > 1:
            noter.append("Aktiviteterna kommer från handlingsplanerna för " + _lista(u.kallnamn) + ".")
        ut.append(tabell(d, f"{g}: status i {_ar(u)}", _kalla(u), noter))
    return ut


def avsnitt_forsenade(u: Uppfoljning) -> list:
    if u.saknas or u.df.empty:
        return []
    f = forsenade(u.df, u.uppfoljningsdatum)
    ut: list = [Markdown(f"## Aktiviteter i handlingsplan {u.foljs_upp} som passerat sin tidplan\n\n"
                         + mening_forsenade(len(f), u.foljs_upp, u.uppfoljningsdatum)
                         + " Aktiviteter med löpande tidplan eller utan årtal räknas inte.")]
    if len(f):
        ut.append(tabell(f, f"Aktiviteter i handlingsplan {u.foljs_upp} vars tidplan passerats före "
                            f"{fmt.datum(u.uppfoljningsdatum)} utan att de genomförts", _kalla(u)))
    return ut


def avsnitt_forandringar(u: Uppfoljning) -> list:
    if u.saknas:
        return []
    rubrik = f"## Förändringar från handlingsplan {u.foljs_upp} till handlingsplan {u.planar}"
    if u.aktuell is None:
        return [Markdown(f"{rubrik}\n\nDet finns ännu ingen aktivitetsfil för handlingsplan {u.planar}, så "
                         "förändringarna kan inte redovisas.")]
    fdf = forandringar(u.df, u.aktuell)
    n = fdf["forandring"].value_counts()
    text = mening_forandringar(int(n.get("ny", 0)), int(n.get("overford", 0)), int(n.get("borttagen", 0)),
                               u.foljs_upp, u.planar)
    ut: list = [Markdown(f"{rubrik}\n\n{text}")]
    if len(fdf):
        ut.append(tabell(forandringstabell(fdf), radrubrik=False, rubrik=
                         f"Aktiviteter i handlingsplan {u.planar} jämfört med handlingsplan {u.foljs_upp}",
                         kalla=f"Aktivitetsfilerna för handlingsplan {u.foljs_upp} och {u.planar}",
                         noter=["Överförd: aktiviteten finns i båda planerna (samma Id). Finns inte kvar: aktiviteten "
                          f"fanns i handlingsplan {u.foljs_upp} men inte i handlingsplan {u.planar}."]))
    return ut


def byggdatum_eller_idag(byggdatum: str | dt.date | None) -> dt.date:
    """``byggdatum`` as a date; None → SOURCE_DATE_EPOCH if set, else today."""
    if isinstance(byggdatum, dt.datetime):
        return byggdatum.date()
    if isinstance(byggdatum, dt.date):
        return byggdatum
    if byggdatum:
        return dt.date.fromisoformat(str(byggdatum)[:10])
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).date()
    return dt.date.today()


def skriv_excel(u: Uppfoljning, fil: str | Path, byggdatum: str | dt.date | None = None,
                exempeldata: bool = False) -> Path | None:
    """Write the follow-up tables of ``u`` to an Excel file (nothing when there are none)."""
    from vbe_lib.render.xlsx import skriv_uppfoljning

    if u.saknas or u.df.empty:
        return None
    return skriv_uppfoljning(
        tabeller(u.df), fil, byggdatum=byggdatum_eller_idag(byggdatum),
        rubrik=f"{u.namn}: uppföljning av {_ar(u)}", kalla=_kalla(u), exempeldata=exempeldata,
    )
