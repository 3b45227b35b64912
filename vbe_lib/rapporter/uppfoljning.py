"""The follow-up report: plan Y reports the status of the activities of plan Y−1.

:func:`las_uppfoljning` loads one committee's follow-up (its own plan Y−1, or its
predecessors'), screened for personal data; the ``avsnitt_*`` functions return the
displayable parts of each section (Markdown, ``Tabell``, ``Figur``) that
``notebooks/uppfoljning.ipynb`` shows. The figures come from :mod:`vbe_lib.analys.aktiviteter`,
the sentences from :mod:`vbe_lib.presentation.text_uppfoljning`.
"""
from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from vbe_lib.analys.aktiviteter import (
    KALLA, har_varde, forandringar, forandringstabell, foregaende_planer, forsenade, statusrakning, tabeller,
)
from vbe_lib.indata.aktiviteter import ar_fel, las_namnd
from vbe_lib.parametrar.byggdatum import byggdatum_eller_idag
from vbe_lib.presentation import fmt
from vbe_lib.presentation.charts import statusfigur
from vbe_lib.presentation.tables import Tabell
from vbe_lib.presentation.text import uppraknad
from vbe_lib.presentation.text_uppfoljning import (
    mening_forandringar, mening_forsenade, mening_grupper, mening_status,
)

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
        lista = las_namnd(data_dir, k, planar - 1, konf)
        if lista is None:
            continue
        problem += lista.problem
        filer.append(lista.fil)
        d, n = granska_aktiviteter(lista.df, lista.fil, data_dir, namn)
        undanhallna += n
        delar.append(d.assign(namnd=k))
    df = pd.concat(delar, ignore_index=True) if delar else None
    if df is not None and df.empty and not any(len(d) for d in delar):
        df = delar[0]
    aktuell_lista = las_namnd(data_dir, slug, planar, konf)
    aktuell = None
    if aktuell_lista is not None:
        problem += aktuell_lista.problem
        filer.append(aktuell_lista.fil)
        aktuell, n = granska_aktiviteter(aktuell_lista.df, aktuell_lista.fil, data_dir, namn)
        undanhallna += n
    return Uppfoljning(
        namnd=slug, namn=konf.namnder[slug].namn, planar=planar, foljs_upp=planar - 1, kallor=kallor,
        kallnamn=[konf.namnder[k].kortnamn for k in kallor], df=df, aktuell=aktuell,
        uppfoljningsdatum=uppfoljningsdatum, problem=problem, filer=filer, undanhallna=undanhallna,
    )


#: Text columns of an activity file that are published and therefore screened.
GRANSKADE_KOLUMNER = ("aktivitet", "syfte", "ansvarig", "tidplan", "uppfoljning", "kommentar", "status_text",
                      "historik")


def granska_aktiviteter(df: pd.DataFrame, fil: Path, data_dir: str | Path, skyddade_namn: list[str]) -> tuple[pd.DataFrame, int]:
    """Screen an activity list's text cells for personal data (:mod:`vbe_lib.integritet.granskning`): a hit
    becomes "[text undanhållen]" and the build log gets file, row and column."""
    from vbe_lib.integritet import granskning
    from vbe_lib.integritet import logg as integritetslogg
    from vbe_lib.indata.aktiviteter import KOLUMNER

    try:
        etikett = Path(fil).resolve().relative_to(Path(data_dir).resolve()).as_posix()
    except ValueError:
        etikett = Path(fil).name
    kallor = [(etikett, int(r) if har_varde(r) else 0) for r in df["rad"]] if "rad" in df.columns else \
        [(etikett, 0)] * len(df)
    ut, n, logg = granskning.granska_kolumner(df, GRANSKADE_KOLUMNER, skyddade_namn, kallor,
                                           rubriker={k: KOLUMNER.get(k, k) for k in GRANSKADE_KOLUMNER}
                                           | {"status_text": KOLUMNER["status"]})
    integritetslogg.skriv_logg(logg)
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


def tabell(df: pd.DataFrame, rubrik: str, kalla: str = KALLA, noter: list[str] | None = None,
           radrubrik: bool = True) -> Tabell:
    """A displayable, accessible table of the follow-up."""
    return Tabell(df, rubrik=rubrik, kalla=kalla, noter=list(noter or []), radrubrik=radrubrik)


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
                 f"{uppraknad(u.kallnamn)}.")
    ut.append(Markdown(text))
    if u.df is not None and u.df.empty:
        ut.append(Markdown(f"Aktivitetsfilen för handlingsplan {u.foljs_upp} innehåller inga aktiviteter "
                           "som kunde läsas."))
    if u.fel:
        ut.append(Markdown(f"Obs: {fmt.antal_ord(len(u.fel), 'fel', 'fel')} i aktivitetsfilerna gör att "
                           "rader saknas i redovisningen. Kör `vbe validera` för en lista."))
    if u.undanhallna:
        from vbe_lib.integritet import granskning

        ut.append(Markdown(granskning.meddelande_undanhallna_texter(
            u.undanhallna, ("uppgift i aktivitetsfilerna", "uppgifter i aktivitetsfilerna", "den"))
            + f" I tabellerna står \"{granskning.UNDANHALLEN_TEXT}\" i stället."))
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
            noter.append("Aktiviteterna kommer från handlingsplanerna för " + uppraknad(u.kallnamn) + ".")
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
