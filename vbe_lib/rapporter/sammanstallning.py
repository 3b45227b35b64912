"""The city-wide summary (*stadsövergripande sammanställning*): all committees of a plan
year side by side, for the central coordinator and the city executive board.

Every per-committee figure is computed exactly as in that committee's own report:
:class:`Sammanstallning` builds :class:`vbe_lib.rapporter.lagesbild.Lagesbild` with
``Lagesbild.fran(konf, ds, slug, planar)`` for each committee and calls the same
analysis functions with the same arguments the report's sections use (the
committee's ``linje``, ``dataar`` and survey selections ``_urval``); the follow-up
status counts come from ``vbe_lib.rapporter.uppfoljning`` as in the follow-up report.
``tests/test_sammanstallning.py`` checks that the figures agree for every committee.

Typical use (the notebook ``notebooks/sammanstallning.ipynb``)::

    s = Sammanstallning(2021, "data", "parameters")
    s.nyckeltal                 # one row per committee (raw values, the cross-checked table)
    visa(s.alla_avsnitt())

Years: plan year Y; the survey is answered in Y, counts of events and crimes cover
calendar year Y−1 (``dataar``), the follow-up reports plan Y−1's activities.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd
from IPython.display import Markdown

from vbe_lib.presentation import fmt, text
from vbe_lib.analys import saknas
from vbe_lib.analys.saknas import Saknad
from vbe_lib.integritet import undertryckning
from vbe_lib.parametrar import vocab
from vbe_lib.analys import aktiviteter as aktanalys
from vbe_lib.presentation import text_uppfoljning
from vbe_lib.rapporter import uppfoljning
from vbe_lib.analys import brott, enkat, handelser, webb
from vbe_lib.presentation.charts import sma_multiplar, varmekarta
from vbe_lib.parametrar.konfiguration import Konfiguration
from vbe_lib.indata.dataset import Dataset, las_data
from vbe_lib.parametrar.ordlistor import Kommunord, ord_for
from vbe_lib.rapporter.lagesbild import Lagesbild, visa
from vbe_lib.presentation.tables import Tabell

__all__ = [
    "Sammanstallning", "visa", "SMALL_N", "LAG_SVARSFREKVENS", "FA_SVAR", "STATUSKOLUMNER",
    "miljo_mening", "forandring_namnder_mening", "svarsfrekvens_mening", "kunskap_stad_mening",
    "sammanslagna_ar",
]

#: A knowledge mean/median based on fewer answers than this is "few answers": shown,
#: but flagged and never ranked or compared.
SMALL_N = 10
#: Below this response rate (or with fewer answers than FA_SVAR) no conclusions are drawn.
LAG_SVARSFREKVENS = 0.5
FA_SVAR = 5
#: Follow-up status columns of ``nyckeltal`` (vocabulary order, then no status).
STATUSKOLUMNER = [f"status_{k}" for k in vocab.STATUSAR.nycklar] + ["status_ingen"]

Del = Any  # Markdown | Tabell | Figur

#: Short column heads of the awareness table (explained in its note).
_KORT_KANNEDOM = {"handlingsplan": "Planen", "samordnare": "Samordnaren", "blankett": "Blanketten",
                  "vagledning": "Vägledn.", "rutin": "Rutinen", "webbutbildning": "Webbutb."}


def _md(*stycken: str | None) -> Markdown:
    return Markdown("\n\n".join(s for s in stycken if s))


def _rubrik(t: str, niva: int = 2) -> Markdown:
    return Markdown(f"{'#' * niva} {t}")


def _na(x: Any) -> Any:
    return pd.NA if x is None or fmt.ar_saknas(x) else x


def _kort(x: Any) -> str:
    return fmt.tal(x, 0) if float(x).is_integer() else fmt.tal(x, 1)


def _summa(vals: Sequence[Any], namn: Sequence[str] | None = None, galler: Sequence[bool] | None = None,
           ar: int | None = None) -> tuple[Any, tuple[Saknad, ...]]:
    """The municipality's sum of the committees' figures under the missing-value rule
    (:func:`vbe_lib.analys.saknas.summa`): missing as soon as one committee that the
    figure applies to (``galler``, default all) is missing; those committees are the
    missing parts (``namn``)."""
    namn = list(namn) if namn is not None else [""] * len(vals)
    galler = list(galler) if galler is not None else [True] * len(vals)
    delar = {f"{n}\0{i}": v for i, (n, v, g) in enumerate(zip(namn, vals, galler)) if g}
    v, sk = saknas.summa(delar, ar)
    return v, tuple(Saknad(x.vad.split("\0")[0], x.ar, x.orsak) for x in sk)


def _noter(*saknade: Sequence[Saknad]) -> list[str]:
    """The note naming the committees whose missing figure makes a sum missing."""
    alla = [x for sk in saknade for x in sk]
    n = text.saknas_not(alla, prefix=".. i summan")
    return [n] if n else []


# ============================================================================ sentences
def miljo_mening(tabell: pd.DataFrame, utan_tal: bool = False, ord: Kommunord | None = None) -> str:
    """Which miljö dominates the events observed in the city.

    ``utan_tal``: some committee's figures are hidden (events that describe a person,
    :meth:`Sammanstallning.handelser_visning`): the sentence names the miljö but gives
    no numbers and no count of committees.

    ``tabell``: one row per committee (index: name), one column per miljö key
    (``vocab.MILJOER``), counts (NA = no answers). → "De flesta händelserna som
    enheterna observerade (40 av 70) rör våldsbejakande högerextremism. Den miljön var
    vanligast i 9 av 14 nämnder med händelser." """
    ord = ord or Kommunord()
    kol = [m for m in vocab.MILJOER.nycklar if m in tabell.columns]
    # committees without answers (a row of NA) are no part of the events the units observed
    svarat = tabell[kol].notna().any(axis=1) if len(kol) else pd.Series(dtype=bool)
    summor = {m: _summa(list(tabell.loc[svarat, m]), list(tabell.index[svarat])) for m in kol}
    if not any(svarat):
        return "Det finns inga uppgifter om händelser som enheterna observerat."
    okanda = [x for m in kol for x in summor[m][1]]
    if any(fmt.ar_saknas(v) for v, _ in summor.values()):
        return (f"Vilken miljö händelserna som enheterna observerade oftast rör kan inte anges: "
                f"{text.saknas_for(okanda) if text.har_namngivna(okanda) else 'uppgift saknas'}.")
    kanda = {m: v for m, (v, _) in summor.items()}
    total = sum(kanda.values())
    if total == 0:
        return f"Ingen enhet i {ord.kommunen} har rapporterat någon händelse i enkäten."
    ordning = sorted(kanda, key=lambda m: -kanda[m])
    topp = kanda[ordning[0]]
    if utan_tal:
        if sum(1 for v in kanda.values() if v == topp) > 1:
            return "Händelserna fördelar sig lika på flera miljöer."
        etikett = vocab.MILJOER.etikett(ordning[0]).lower()
        if ordning[0] == "annat":
            return ("Flest av händelserna som enheterna observerade kan inte knytas till någon av de tre "
                    "miljöerna. Alla antal redovisas inte, för att skydda enskilda personer.")
        ord_ = "De flesta" if topp * 2 > total else "Flest"
        return (f"{ord_} av händelserna som enheterna observerade rör {etikett}. Alla antal redovisas inte, "
                "för att skydda enskilda personer.")
    av = f"({fmt.tal(topp)} av {fmt.tal(total)})"
    if sum(1 for v in kanda.values() if v == topp) > 1:
        lika = [vocab.MILJOER.etikett(m).lower() for m in ordning if kanda[m] == topp]
        forsta = (f"Lika många händelser ({fmt.tal(topp)} var av {fmt.tal(total)}) rör "
                  f"{text.uppraknad(lika)}.")
        return forsta
    etikett = vocab.MILJOER.etikett(ordning[0]).lower()
    if ordning[0] == "annat":
        forsta = f"Flest av händelserna som enheterna observerade {av} kan inte knytas till någon av de tre miljöerna."
    elif topp * 2 > total:
        forsta = f"De flesta av händelserna som enheterna observerade {av} rör {etikett}."
    else:
        forsta = f"Flest av händelserna som enheterna observerade {av} rör {etikett}."
    tvaa = ordning[1] if len(ordning) > 1 and kanda[ordning[1]] > 0 else None
    if tvaa is not None:
        forsta = forsta[:-1] + (f", följt av {vocab.MILJOER.etikett(tvaa).lower()} ({fmt.tal(kanda[tvaa])}).")
    # in how many committees the leading miljö is the most common one
    med = 0
    dominerar = 0
    for _, rad in tabell[kol].iterrows():
        v = {m: int(rad[m]) for m in kol if not fmt.ar_saknas(rad[m])}
        if not v or sum(v.values()) == 0:
            continue
        med += 1
        hog = max(v.values())
        if v.get(ordning[0]) == hog and sum(1 for x in v.values() if x == hog) == 1:
            dominerar += 1
    if med > 1:
        forsta += (f" {'Den kategorin' if ordning[0] == 'annat' else 'Den miljön'} var ensam vanligast i "
                   f"{fmt.tal_ord(dominerar)} av {fmt.tal_ord(med)} nämnder med rapporterade händelser.")
    return forsta


def _andring(fran: int, till: int) -> str:
    if fran:
        return f"från {fmt.tal(fran)} till {fmt.tal(till)}, {fmt.procent_forandring((till - fran) / fran)}"
    return f"från {fmt.tal(fran)} till {fmt.tal(till)}"


def forandring_namnder_mening(forandringar: pd.DataFrame, subjekt: str, ar_fran: int, ar_till: int,
                              antal: int = 2) -> str | None:
    """Which committees changed most: the largest increases and decreases (absolute).

    ``forandringar``: DataFrame(namn, foregaende, senaste) (NA rows left out).
    → "Mellan 2019 och 2020 ökade antalet anmälda brott om hets mot folkgrupp mest i
    Södermalm (från 25 till 30, +20 %) och Farsta (…); det minskade mest i Bromma (…)."
    None when nothing can be compared. Ties at the cut are all named. A committee whose
    figure is missing in either year (rows with ``galler`` False, when given, are no
    part) makes the comparison missing: "Vilka nämnder där antalet … ökade eller
    minskade mest kan inte anges: uppgift saknas för Farsta." """
    if "galler" in forandringar.columns:
        forandringar = forandringar[forandringar["galler"].astype(bool)]
    d = forandringar.dropna(subset=["foregaende", "senaste"]).copy()
    if not len(d):
        return None
    utan = [n for n, a, b in zip(forandringar["namn"], forandringar["foregaende"], forandringar["senaste"])
            if fmt.ar_saknas(a) or fmt.ar_saknas(b)]
    if utan:
        return (f"Mellan {ar_fran} och {ar_till} kan det inte anges var {subjekt} ökade eller minskade mest: "
                f"uppgift saknas för {text.uppraknad(utan)}.")
    d["diff"] = [int(b) - int(a) for a, b in zip(d["foregaende"], d["senaste"])]

    def topp(delm: pd.DataFrame, stigande: bool) -> list[str]:
        if not len(delm):
            return []
        delm = delm.assign(_abs=delm["diff"].abs()).sort_values("_abs", ascending=False, kind="stable")
        grans = delm["_abs"].iloc[min(antal, len(delm)) - 1]
        valda = delm[delm["_abs"] >= grans]
        return [f"{r.namn} ({_andring(int(r.foregaende), int(r.senaste))})" for r in valda.itertuples()]

    okat = topp(d[d["diff"] > 0], False)
    minskat = topp(d[d["diff"] < 0], True)
    mellan = f"Mellan {ar_fran} och {ar_till}"
    delar = []
    if okat:
        delar.append(f"ökade {subjekt} mest i {text.uppraknad(okat)}")
    if minskat:
        delar.append(f"{'det minskade' if okat else 'minskade ' + subjekt} mest i {text.uppraknad(minskat)}")
    if not delar:
        return f"{mellan} var {subjekt} oförändrat i samtliga nämnder med uppgifter."
    return f"{mellan} " + "; ".join(delar) + "."


def svarsfrekvens_mening(df: pd.DataFrame, grans: float = LAG_SVARSFREKVENS, minsta_svar: int = FA_SVAR) -> str:
    """Where the response rate is too low to draw conclusions.

    ``df``: DataFrame(namn, svar, tillfragade, andel) (the internal group per
    committee). → "Svarsfrekvensen är för låg för att dra slutsatser (under 50 % eller
    färre än 5 svar) för Farsta (31 %) och Skarpnäck (4 svar). För Kulturnämnden är
    antalet tillfrågade enheter inte känt." """
    lag, okand, inga = [], [], []
    for r in df.itertuples():
        n = 0 if fmt.ar_saknas(r.svar) else int(r.svar)
        if n == 0:
            inga.append(r.namn)
            continue
        if fmt.ar_saknas(r.andel):
            if n < minsta_svar:
                lag.append(f"{r.namn} ({fmt.antal_ord(n, 'svar', 'svar')})")
            else:
                okand.append(r.namn)
            continue
        if float(r.andel) < grans or n < minsta_svar:
            detalj = fmt.procent(r.andel) + (f", {fmt.antal_ord(n, 'svar', 'svar')}" if n < minsta_svar else "")
            lag.append(f"{r.namn} ({detalj})")
    villkor = f"under {fmt.procent(grans)} eller färre än {fmt.tal(minsta_svar)} svar"
    meningar = []
    if lag:
        meningar.append(f"Svarsfrekvensen är för låg för att dra slutsatser ({villkor}) för {text.uppraknad(lag)}.")
    else:
        meningar.append(f"Ingen nämnd med svar har för låg svarsfrekvens ({villkor}).")
    if inga:
        meningar.append(f"Ingen enhet besvarade enkäten i {text.uppraknad(inga)}.")
    if okand:
        meningar.append(f"För {text.uppraknad(okand)} är antalet tillfrågade enheter inte känt, så svarsfrekvensen "
                        "kan inte bedömas.")
    return " ".join(meningar)


def kunskap_stad_mening(stad: Mapping[str, Any], fa: Sequence[str], smal_n: int = SMALL_N,
                        ord: Kommunord | None = None) -> str:
    """The city's knowledge level and the committees with few answers.

    ``stad``: ``enkat.kunskapsniva`` over every committee's internal units; ``fa``:
    names of committees whose mean rests on fewer than ``smal_n`` answers."""
    ord = ord or Kommunord()
    if not stad or not stad.get("n"):
        return f"Ingen enhet i {ord.kommunen} har svarat på frågan om kunskapsnivå."
    forsta = (f"Kunskapsnivån i {ord.genitiv} egna verksamheter har medelvärdet {fmt.tal(stad['medel'], 2)} och medianen "
              f"{_kort(stad['median'])} på skalan 1–5 ({fmt.antal_ord(stad['n'], 'svar', 'svar')}).")
    andra = ("Nämndernas medelvärden redovisas i nämndordning och rangordnas inte"
             + (f"; för {text.uppraknad(list(fa))} bygger de på färre än {fmt.tal(smal_n)} svar och är för "
                "osäkra för att jämföras." if fa else "."))
    return f"{forsta} {andra}"


def sammanslagna_ar(brott_df: pd.DataFrame, konf: Konfiguration, slug: str, till_ar: int,
                    kategori: str = "hets_mot_folkgrupp") -> list[int]:
    """Years of ``slug``'s series that are sums of its predecessors: years with rows for
    a predecessor but none under the committee's own name."""
    linje = konf.linje(slug)
    if len(linje) == 1:
        return []
    r = brott_df[(brott_df["kategori"] == kategori) & brott_df["namnd"].isin(linje)
                 & (pd.to_numeric(brott_df["ar"]) <= till_ar)]
    egna = set(int(a) for a in r.loc[r["namnd"] == slug, "ar"])
    fore = set(int(a) for a in r.loc[r["namnd"] != slug, "ar"])
    return sorted(fore - egna)


# ============================================================================ the summary
@dataclass
class Sammanstallning:
    """Every committee of plan year ``planar`` side by side."""

    planar: int
    data_dir: str | Path = "data"
    parametrar_dir: str | Path = "parameters"
    byggdatum: str | dt.date | None = None
    konf: Konfiguration = field(init=False)
    ds: Dataset = field(init=False)

    def __post_init__(self) -> None:
        if not hasattr(self, "konf"):
            self.konf = Konfiguration.las(self.parametrar_dir)
        if not hasattr(self, "ds"):
            self.ds = las_data(self.data_dir, self.konf)
        self.planar = int(self.planar)
        self.dataar = self.planar - 1
        self.namnder = self.konf.namnder_planar(self.planar)
        #: the committees' own report objects: every figure is computed from these
        self.rapporter: dict[str, Lagesbild] = {
            n.slug: Lagesbild.fran(self.konf, self.ds, n.slug, self.planar) for n in self.namnder}
        #: the municipality's words (kommun.yml ord:)
        self.ord = ord_for(self.konf)
        #: committees whose data have errors: their own reports are refused, so their
        #: figures here are missing (never what is left of their data after the bad rows)
        self.vagrade: list[str] = [n.slug for n in self.namnder
                                   if self.ds.problem_for_namnd(n.slug, self.konf)]

    @classmethod
    def fran(cls, konf: Konfiguration, ds: Dataset, planar: int, data_dir: str | Path | None = None) -> "Sammanstallning":
        """Build from an already loaded configuration and dataset (activity files are read
        from ``data_dir``, default the dataset's folder)."""
        obj = cls.__new__(cls)
        obj.planar, obj.parametrar_dir, obj.byggdatum = planar, None, None
        obj.data_dir = data_dir if data_dir is not None else ds.data_dir
        obj.konf, obj.ds = konf, ds
        obj.__post_init__()
        return obj

    # ------------------------------------------------------------------ helpers
    @property
    def distrikt(self) -> list[str]:
        return [n.slug for n in self.namnder if n.typ == "stadsdelsnamnd"]

    def _namn(self, slug: str) -> str:
        return self.konf.namnd(slug).kortnamn

    def _kalla(self, kalla: str, period: str) -> str:
        return f"{self.ord.kalla(kalla)}, {period}; varje nämnds siffror är desamma som i nämndens lägesbild."

    @cached_property
    def uppfoljningar(self) -> dict[str, uppfoljning.Uppfoljning]:
        """Each committee's follow-up of plan Y−1 (as in its follow-up report)."""
        return {n.slug: uppfoljning.las_uppfoljning(self.data_dir, self.konf, n.slug, self.planar)
                for n in self.namnder if "aktiviteter" in n.kallor}

    # ------------------------------------------------------------------ figures
    def _namnd_nyckeltal(self, slug: str) -> dict[str, Any]:
        """One committee's figures, computed by the calls its own report makes."""
        lb = self.rapporter[slug]
        rad: dict[str, Any] = {"slug": slug, "namn": lb.n.kortnamn, "typ": lb.n.typ,
                               "minsta_antal": lb.minsta_antal}
        self._nyckeltal_enkat(lb, rad)
        self._nyckeltal_register(lb, rad)
        self._nyckeltal_oros(lb, rad)
        self._nyckeltal_webb(lb, rad)
        self._nyckeltal_hets(lb, rad)
        self._nyckeltal_uppfoljning(lb, rad)
        if slug in self.vagrade:
            rad.update({k: pd.NA for k in rad if k not in ("slug", "namn", "typ", "minsta_antal")})
        return rad

    def _nyckeltal_enkat(self, lb: Lagesbild, rad: dict[str, Any]) -> None:
        """Survey (internal group, as Lagesbild._enkat_grupp("intern"))."""
        ds, Y, slug = self.ds, self.planar, lb.namnd
        rad.update(svar=pd.NA, tillfragade=pd.NA, svarsfrekvens=pd.NA, kunskap_n=pd.NA, kunskap_medel=pd.NA,
                   kunskap_median=pd.NA)
        for it in vocab.KANNEDOM.nycklar:
            rad[f"kannedom_{it}"] = pd.NA
        for m in vocab.MILJOER.nycklar:
            rad[f"handelser_{m}"] = pd.NA
        if lb.har_kalla("enkat"):
            urval = lb._urval("intern")
            tot = enkat.svarsfrekvens_totalt(urval, ds.enkat_tillfragade, slug, Y, "intern")
            rad.update(svar=tot["svar"], tillfragade=_na(tot["tillfragade"]), svarsfrekvens=_na(tot["andel"]))
            if len(urval):
                svar = enkat.svar_for(ds.enkat_svar, urval)
                kun = enkat.kunskapsniva(svar)
                rad.update(kunskap_n=kun["n"], kunskap_medel=_na(kun["medel"]), kunskap_median=_na(kun["median"]))
                kan = enkat.kannedom(svar)
                for it, a in zip(kan["item"], kan["chef_andel"]):
                    if f"kannedom_{it}" in rad:
                        rad[f"kannedom_{it}"] = a
            # events: every unit the committee owns (internal + partners), as the report's summary
            alla = lb._urval(None)
            if len(alla):
                pm = enkat.handelser_per(ds.enkat_handelser, alla, "miljo")
                for m, a in zip(pm["miljo"], pm["antal"]):
                    rad[f"handelser_{m}"] = a

    def _nyckeltal_register(self, lb: Lagesbild, rad: dict[str, Any]) -> None:
        """Registers (calendar year Y−1), as avsnitt_blanketter / _ia / _klotter."""
        ds, D = self.ds, lb.dataar
        rad.update(blanketter=pd.NA, blanketter_foreg=pd.NA, ia=pd.NA, ia_felmarkerade=pd.NA, klotter=pd.NA)
        if lb.har_kalla("blanketter"):
            k = brott.nyckeltal(lb.blanketter_serie())
            if k.get("senaste_ar") == D:
                rad.update(blanketter=_na(k["senaste"]), blanketter_foreg=_na(k["foregaende"]))
        if lb.har_kalla("ia"):
            k = handelser.ia_nyckeltal(ds.ia, lb.linje, D, delar=lb.delar, leverans=lb.leverans("ia"))
            rad.update(ia=_na(k["antal"]), ia_felmarkerade=_na(k["felmarkerade"]))
        if lb.har_kalla("klotter"):
            rad["klotter"] = saknas.summa(list(lb.klotter_ar()["antal"]))[0]

    def _nyckeltal_oros(self, lb: Lagesbild, rad: dict[str, Any]) -> None:
        """Concern reports and cases, as avsnitt_orosanmalningar (raw; suppressed when shown)."""
        ds, D = self.ds, lb.dataar
        rad.update(oros=pd.NA, arenden=pd.NA)
        if lb.har_kalla("orosanmalningar"):
            for kol, typ in (("oros", "orosanmalan"), ("arenden", "arende")):
                s = handelser.oros_per_ar(ds.orosanmalningar, lb.linje, typ, till_ar=D, delar=lb.delar)
                v = s.loc[s["ar"] == D, "antal"]
                rad[kol] = pd.NA if not len(v) else v.iloc[0]

    def _nyckeltal_webb(self, lb: Lagesbild, rad: dict[str, Any]) -> None:
        """Web training, as avsnitt_webbutbildning."""
        ds, D = self.ds, lb.dataar
        rad.update(webb_genomforda=pd.NA, webb_pagaende=pd.NA, webb_anstallda=pd.NA, webb_andel=pd.NA)
        if lb.har_kalla("webbutbildning"):
            k = webb.nyckeltal(ds.webbutbildning, lb.linje, D)
            rad.update(webb_genomforda=_na(k["genomforda"]), webb_pagaende=_na(k["pagaende"]),
                       webb_anstallda=_na(k["anstallda"]), webb_andel=_na(k["andel_genomforda"]))

    def _nyckeltal_hets(self, lb: Lagesbild, rad: dict[str, Any]) -> None:
        """Hets mot folkgrupp, as avsnitt_brott."""
        ds, D = self.ds, lb.dataar
        rad.update(hets=pd.NA, hets_foreg=pd.NA)
        if lb.har_kalla("brott"):
            k = brott.nyckeltal(lb.hets_serie())
            if k.get("senaste_ar") == D:
                rad.update(hets=_na(k["senaste"]), hets_foreg=_na(k["foregaende"]))

    def _nyckeltal_uppfoljning(self, lb: Lagesbild, rad: dict[str, Any]) -> None:
        """Follow-up of plan Y−1, as the follow-up report's status table."""
        slug = lb.namnd
        for c in STATUSKOLUMNER:
            rad[c] = pd.NA
        rad["aktiviteter"] = pd.NA
        u = self.uppfoljningar.get(slug)
        if u is not None and not u.saknas:
            antal = aktanalys.statusantal(u.df)
            for k_, v in antal.items():
                rad["status_ingen" if k_ is None else f"status_{k_}"] = v
            rad["aktiviteter"] = len(u.df)

    @cached_property
    def nyckeltal(self) -> pd.DataFrame:
        """One row per committee of the plan year (committee order, never ranked), raw
        values; ``pd.NA`` = uppgift saknas (or the source does not apply)."""
        df = pd.DataFrame([self._namnd_nyckeltal(n.slug) for n in self.namnder])
        heltal = (["svar", "tillfragade", "kunskap_n", "blanketter", "blanketter_foreg", "ia", "ia_felmarkerade",
                   "klotter", "oros", "arenden", "webb_genomforda", "webb_pagaende", "webb_anstallda", "hets",
                   "hets_foreg", "aktiviteter"] + STATUSKOLUMNER + [f"handelser_{m}" for m in vocab.MILJOER.nycklar])
        flyt = (["svarsfrekvens", "kunskap_medel", "kunskap_median", "webb_andel"]
                + [f"kannedom_{it}" for it in vocab.KANNEDOM.nycklar])
        for c in heltal:
            df[c] = pd.array([None if fmt.ar_saknas(v) else int(v) for v in df[c]], dtype="Int64")
        for c in flyt:
            df[c] = pd.array([None if fmt.ar_saknas(v) else float(v) for v in df[c]], dtype="Float64")
        return df

    @cached_property
    def kunskap_stad(self) -> dict[str, Any]:
        """Knowledge level over every committee's internal units (same function)."""
        delar = [lb._svar("intern")
                 for lb in self.rapporter.values() if lb.har_kalla("enkat")]
        delar = [d for d in delar if len(d)]
        if not delar:
            return enkat.kunskapsniva(self.ds.enkat_svar.iloc[0:0])
        return enkat.kunskapsniva(pd.concat(delar, ignore_index=True))

    def handelser_tabell(self) -> pd.DataFrame:
        """Committees × miljö (keys), counts of events observed in the survey."""
        nt = self.nyckeltal
        t = nt[[f"handelser_{m}" for m in vocab.MILJOER.nycklar]].copy()
        t.columns = vocab.MILJOER.nycklar
        t.index = list(nt["namn"])
        return t

    def handelser_visning(self) -> tuple[pd.DataFrame, list[str]]:
        """:meth:`handelser_tabell` as published, with a column Totalt and a row "Hela
        staden": a committee's figure that its own report hides (events that describe a
        person, :meth:`Lagesbild.dolda_handelser`) is hidden here too ("x"), and so are
        the city's sums of its column and the grand total."""
        t = self.handelser_tabell()
        tab = t.copy().astype(object)
        tab["Totalt"] = [_summa(list(r))[0] for r in t.itertuples(index=False)]
        # committees without survey answers (every cell NA) are no part of the events observed
        svarat = list(t.notna().any(axis=1))
        tab.loc[self.ord.Hela] = [*[_summa(list(t[c]), list(t.index), svarat)[0] for c in t.columns],
                                  _summa(list(tab["Totalt"]), list(t.index), svarat)[0]]
        tab = tab.reset_index().rename(columns={"index": "Nämnd"})
        dolda: list[tuple[int, str]] = []
        for i, slug in enumerate(self.nyckeltal["slug"]):
            d = self.rapporter[slug].dolda_handelser()
            dolda += [(i, m) for m in d.dolda_miljoer if m in t.columns]
            if d.dold_total:
                dolda.append((i, "Totalt"))
        if not dolda:
            return tab, []
        # Every other committee cell can be read in (or summed from) that committee's own
        # report, so hiding more of them would protect nothing. What the city table adds
        # to the reports is its row "Hela staden": the sum of a column with a hidden cell
        # is hidden, and so is the grand total. Then the table says nothing that the
        # reports do not already say.
        visning = tab.astype(object)  # (the row "Hela staden" made the columns numeric again)
        for i, c in dolda:
            visning.at[i, c] = undertryckning.DOLD_SEKUNDAR
        sista = len(visning) - 1
        for c in {c for _, c in dolda}:
            visning.at[sista, c] = undertryckning.DOLD_SEKUNDAR
        visning.at[sista, "Totalt"] = undertryckning.DOLD_SEKUNDAR
        return visning, ["x: antalet redovisas inte. Nämndens egen rapport döljer små antal händelser som beskriver "
                         f"en person, och {self.ord.genitiv} summor som skulle avslöja dem visas inte heller."]

    def hets_serier(self) -> dict[str, pd.DataFrame]:
        """Hets mot folkgrupp per district of the plan year (committee and predecessors
        summed, as in each report) and for the whole city (every district ever)."""
        ut = {}
        for slug in self.distrikt:
            lb = self.rapporter[slug]
            if lb.har_kalla("brott"):
                ut[self._namn(slug)] = lb.hets_serie()
        alla = [n.slug for n in self.konf.namnder.values() if n.typ == "stadsdelsnamnd" and "brott" in n.kallor]
        # every district that existed during a year is a part of that year's total
        ut[self.ord.Hela] = brott.serie(self.ds.brott, alla, till_ar=self.dataar, delar=saknas.delar(self.konf, alla))
        return ut

    # ------------------------------------------------------------------ sections
    def inledning(self) -> list[Del]:
        ant_d = len(self.distrikt)
        ant_f = len(self.namnder) - ant_d
        delar = [
            f"Sammanställningen visar alla {fmt.tal_ord(len(self.namnder))} nämnder som skriver en handlingsplan mot "
            f"våldsbejakande extremism för {self.planar}: {fmt.tal_ord(ant_d)} "
            f"{self.ord.distriktsnamnd if ant_d == 1 else self.ord.distriktsnamnder} och "
            f"{fmt.tal_ord(ant_f)} {'facknämnd' if ant_f == 1 else 'facknämnder'}. Enkäten besvarades under {self.planar}. Blanketter, IA-anmälningar, "
            f"klotter, orosanmälningar, webbutbildningen och anmälda brott gäller kalenderåret {self.dataar}. "
            f"Uppföljningen gäller aktiviteterna i handlingsplanerna för {self.planar - 1}.",
            "Varje nämnds siffror är beräknade på samma sätt och med samma uppgifter som i nämndens egen lägesbild "
            f"och uppföljning. Nämnderna står i samma ordning i alla tabeller – {self.ord.distriktsnamnderna} först, sedan "
            "facknämnderna, i bokstavsordning – och rangordnas inte.",
        ]
        sammanslagna = [self.konf.namnd(s) for s in self.distrikt if len(self.konf.linje(s)) > 1]
        if sammanslagna:
            delar.append(" ".join(
                f"{n.kortnamn} bildades {fmt.datum(n.giltig_fran)} av "
                f"{text.uppraknad([self.konf.namnd(f).kortnamn for f in self.konf.linje(n.slug)[1:]])}."
                for n in sammanslagna) + " Uppgifter från tiden före sammanslagningen är summan för de tidigare "
                "nämnderna.")
        delar.append("Tecknet – i tabellerna betyder noll och .. att uppgift saknas eller att uppgiften inte "
                     "redovisas för nämnden.")
        if self.vagrade:
            delar.append(f"Uppgifterna för {text.uppraknad([self._namn(s) for s in self.vagrade])} innehåller fel "
                         "och redovisas inte (de visas som ..); nämndens egen rapport byggs inte förrän felen är "
                         "rättade. Kommandot vbe validera visar felen.")
        if self.ds.exempeldata:
            delar.append("**Sammanställningen bygger på fiktiva exempeldata.** Siffrorna beskriver inte verkliga "
                         "förhållanden.")
        return [_md(*delar)]

    def avsnitt_sammanfattning(self) -> list[Del]:
        nt = self.nyckeltal
        meningar = []
        serier = self.hets_serier()
        stad = brott.nyckeltal(serier[self.ord.Hela])
        if stad.get("senaste_ar") == self.dataar and (stad.get("senaste") is not None
                                                      or text.har_namngivna(stad["saknas_senaste"])):
            meningar.append(text.forandring_mening(f"antalet anmälda brott om hets mot folkgrupp i {self.ord.hela}",
                                                   stad["foregaende"], stad["senaste"], stad["foregaende_ar"],
                                                   stad["senaste_ar"], saknas_till=stad["saknas_senaste"],
                                                   saknas_fran=stad["saknas_foregaende"]))
        dist = nt[nt["typ"] == "stadsdelsnamnd"]
        m = forandring_namnder_mening(
            pd.DataFrame({"namn": dist["namn"], "foregaende": dist["hets_foreg"], "senaste": dist["hets"],
                          "galler": [self.rapporter[s_].har_kalla("brott") for s_ in dist["slug"]]}),
            "antalet anmälda brott", self.dataar - 1, self.dataar)
        if m:
            meningar.append(m)
        m = forandring_namnder_mening(
            pd.DataFrame({"namn": nt["namn"], "foregaende": nt["blanketter_foreg"], "senaste": nt["blanketter"],
                          "galler": [self.rapporter[s_].har_kalla("blanketter") for s_ in nt["slug"]]}),
            "antalet blanketter för avidentifierad information", self.dataar - 1, self.dataar)
        if m:
            meningar.append(m)
        meningar.append(miljo_mening(self.handelser_tabell(), utan_tal=bool(self.handelser_visning()[1]), ord=self.ord))
        meningar.append(kunskap_stad_mening(self.kunskap_stad, self._fa_svar(), ord=self.ord))
        meningar.append(svarsfrekvens_mening(self._svarsfrekvensram()))
        return [_rubrik("Sammanfattning"), _md(*meningar)]

    def _fa_svar(self) -> list[str]:
        nt = self.nyckeltal
        return [n for n, k in zip(nt["namn"], nt["kunskap_n"]) if not fmt.ar_saknas(k) and 0 < int(k) < SMALL_N]

    def _svarsfrekvensram(self) -> pd.DataFrame:
        nt = self.nyckeltal
        d = nt[[self.rapporter[s].har_kalla("enkat") for s in nt["slug"]]]
        return pd.DataFrame({"namn": d["namn"], "svar": d["svar"], "tillfragade": d["tillfragade"],
                             "andel": d["svarsfrekvens"]})

    def avsnitt_enkat(self) -> list[Del]:
        nt = self.nyckeltal
        kalla = self._kalla("enkat", str(self.planar))
        delar: list[Del] = [
            _rubrik("Enkäten: svar, svarsfrekvens och kunskapsnivå"),
            _md(f"Enkäten besvarades under {self.planar} av cheferna för nämndernas egna verksamheter. Tabellen visar "
                f"svaren från de egna verksamheterna (för {self.ord.distriktsnamnderna} gruppen *Internt*). Kunskapsnivån anges "
                "på en femgradig skala där 1 = ingen kunskap och 5 = mycket bra kunskap.",
                svarsfrekvens_mening(self._svarsfrekvensram()))]
        ks = self.kunskap_stad
        med_enkat = [self.rapporter[s_].har_kalla("enkat") for s_ in nt["slug"]]
        svar_tot, svar_sk = _summa(list(nt["svar"]), list(nt["namn"]), med_enkat)
        tf = list(nt["tillfragade"])
        # units asked: needed for the committees that answered (the rate is answers / asked)
        med_svar = [g and not fmt.ar_saknas(s_) and s_ > 0 for g, s_ in zip(med_enkat, nt["svar"])]
        tf_tot, _ = _summa(tf, list(nt["namn"]), med_svar)
        tab = pd.DataFrame({
            "Nämnd": nt["namn"], "Svar": nt["svar"], "Tillfrågade": nt["tillfragade"],
            "Svarsfrekvens": nt["svarsfrekvens"],
            "Anmärkning": ["För låg" if not fmt.ar_saknas(a) and (float(a) < LAG_SVARSFREKVENS or int(n) < FA_SVAR)
                           else ("Få svar" if not fmt.ar_saknas(n) and 0 < int(n) < FA_SVAR else "")
                           for n, a in zip(nt["svar"], nt["svarsfrekvens"])],
        })
        tab.loc[len(tab)] = [self.ord.Hela, svar_tot, tf_tot, saknas.andel(svar_tot, tf_tot), ""]
        noter = [f"För låg: svarsfrekvens under {fmt.procent(LAG_SVARSFREKVENS)} eller färre än {FA_SVAR} svar; då "
                 "dras inga slutsatser om nämndens verksamheter.",
                 f"{self.ord.Hela}: svarsfrekvensen visas bara när antalet tillfrågade är känt för alla nämnder med "
                 "svar.", *_noter(svar_sk)]
        if tab["Svarsfrekvens"].isna().any():
            noter.append("Svarsfrekvensen visas som .. där antalet tillfrågade enheter inte är känt.")
        delar.append(Tabell(tab, f"Svar och svarsfrekvens i de egna verksamheterna per nämnd, {self.planar}.", kalla,
                            noter=noter, procent=["Svarsfrekvens"]))
        kun = pd.DataFrame({
            "Nämnd": nt["namn"], "Antal svar (n)": nt["kunskap_n"], "Medelvärde": nt["kunskap_medel"],
            "Median": nt["kunskap_median"],
            "Anmärkning": [f"Färre än {SMALL_N} svar" if not fmt.ar_saknas(n) and 0 < int(n) < SMALL_N else ""
                           for n in nt["kunskap_n"]],
        })
        kun.loc[len(kun)] = [self.ord.Hela, ks["n"], _na(ks["medel"]), _na(ks["median"]), ""]
        delar.append(_md("### Kunskapsnivå", kunskap_stad_mening(ks, self._fa_svar(), ord=self.ord)))
        delar.append(Tabell(kun, f"Kunskapsnivå i de egna verksamheterna per nämnd, {self.planar} (skala 1–5).", kalla,
                            decimaler={"Medelvärde": 2, "Median": 1},
                            noter=[f"Medelvärden och medianer som bygger på färre än {SMALL_N} svar är osäkra och "
                                   "ska inte jämföras med andra nämnders. Tabellen är ordnad efter nämnd, inte efter "
                                   "kunskapsnivå.",
                                   f"{self.ord.Hela}: medelvärde och median över alla enheters svar."]))
        # awareness among managers
        items = [it for it in vocab.KANNEDOM.nycklar if nt[f"kannedom_{it}"].notna().any()]
        if items:
            kt = pd.DataFrame({"Nämnd": nt["namn"], **{_KORT_KANNEDOM.get(it, vocab.KANNEDOM.etikett(it)):
                                                        nt[f"kannedom_{it}"] for it in items}})
            delar.append(_md("### Kännedom bland cheferna",
                             "Andelen chefer i de egna verksamheterna som svarat ja på frågan om de känner till "
                             f"respektive del av {self.ord.genitiv} arbete mot våldsbejakande extremism."))
            delar.append(Tabell(kt, f"Kännedom bland chefer i de egna verksamheterna per nämnd, andel ja, "
                                    f"{self.planar}.", kalla, procent=list(kt.columns[1:]),
                                noter=["Planen = handlingsplanen; Blanketten = blanketten för avidentifierad information; "
                                       "Vägledn. = vägledningen; Rutinen = rutin vid oro/händelse; Webbutb. = chefen "
                                       "har genomfört webbutbildningen.",
                                       "Andelen ja bland dem som besvarat frågan (svaret \"vet ej\" räknas som "
                                       "besvarat). .. betyder att frågan inte ställdes eller inte besvarades.",
                                       f"Andelar som bygger på färre än {SMALL_N} svar är osäkra (se tabellen ovan)."]))
        return delar

    def avsnitt_handelser(self) -> list[Del]:
        t = self.handelser_tabell()
        kalla = self._kalla("enkat", str(self.planar))
        namn = {m: vocab.MILJOER.etikett(m) for m in vocab.MILJOER.nycklar}
        tab, noter = self.handelser_visning()
        tab = tab.rename(columns=namn)
        delar: list[Del] = [
            _rubrik("Händelser som enheterna observerat, per miljö"),
            _md(f"Antal händelser som enheterna (egna verksamheter och samverkanspartners) angav i enkäten "
                f"{self.planar}, efter miljö.", miljo_mening(t, utan_tal=bool(noter), ord=self.ord))]
        if t.notna().any().any():
            inre = tab.iloc[:-1].set_index("Nämnd")
            doljer = " x betyder att antalet inte redovisas, för att skydda enskilda personer." if noter else ""
            # a committee with answers but a missing count: ".." there says that a count is missing
            svarat = t.notna().any(axis=1)
            saknat = " eller att ett antal saknas i svaren" if t[svarat].isna().any().any() else ""
            delar.append(varmekarta(
                inre[list(namn.values())], f"händelser som enheterna observerat per nämnd och miljö, {self.planar}",
                kalla, summor=list(inre["Totalt"]), kolumnsummor=list(tab.iloc[-1][list(namn.values())]),
                bildtext=(f"Händelser som enheterna observerat per nämnd och miljö, enkäten {self.planar}. Talet i "
                          "varje ruta är antalet händelser; ju mörkare ruta, desto fler. – betyder noll och .. att "
                          f"nämnden saknar enkätsvar{saknat}.{doljer} Kolumnen Totalt ingår inte i färgskalan.")))
        sk = [Saknad(n) for n, r in zip(t.index, t.itertuples(index=False))
              if any(not fmt.ar_saknas(v) for v in r) and any(fmt.ar_saknas(v) for v in r)]
        delar.append(Tabell(tab, f"Händelser som enheterna observerat per nämnd och miljö, {self.planar}.", kalla,
                            noter=["Samma uppgifter som i diagrammet ovan.", *noter,
                                   *([f"..: antalet saknas i enkätsvaren för {text.uppraknad([x.vad for x in sk])}."]
                                     if sk else [])]))
        return delar

    def avsnitt_register(self) -> list[Del]:
        nt = self.nyckeltal
        D = self.dataar
        tab = pd.DataFrame({
            "Nämnd": nt["namn"],
            f"Blanketter {D - 1}": nt["blanketter_foreg"],
            f"Blanketter {D}": nt["blanketter"],
            f"IA-anmälningar {D}": nt["ia"],
            "varav felmarkerade": nt["ia_felmarkerade"],
            f"Klotter {D}": nt["klotter"],
        })
        galler = {c: [self.rapporter[s_].har_kalla(k) for s_ in nt["slug"]] for c, k in zip(
            tab.columns[1:], ("blanketter", "blanketter", "ia", "ia", "klotter"))}
        summor = {c: _summa(list(tab[c]), list(nt["namn"]), galler[c]) for c in tab.columns[1:]}
        tab.loc[len(tab)] = ["Summa för nämnderna", *[summor[c][0] for c in tab.columns[1:]]]
        lb0 = next(iter(self.rapporter.values()), None)
        ia_k = (handelser.ia_nyckeltal(self.ds.ia, [], D, leverans=lb0.leverans("ia"),
                                       kommunens_delar=lb0.kommunens_delar("ia")) if lb0 is not None
                else handelser.ia_nyckeltal(self.ds.ia, [], D))
        stycken = [f"Blanketter för avidentifierad information, IA-anmälningar där VBE var ikryssat och anmält klotter "
                   f"under {D}, per nämnd."]
        if ia_k.get("staden") is not None:
            mening = (f"I {self.ord.hela} gjordes {fmt.antal_ord(ia_k['staden'], 'IA-anmälan', 'IA-anmälningar')} "
                      f"där VBE var ikryssat")
            if ia_k.get("staden_felmarkerade"):
                mening += f", varav {fmt.tal(ia_k['staden_felmarkerade'])} visade sig sakna koppling till VBE"
            stycken.append(mening + ".")
        elif text.har_namngivna(ia_k.get("staden_saknas")):
            stycken.append(f"Antalet IA-anmälningar där VBE var ikryssat i {self.ord.hela} kan inte anges: "
                           f"{text.saknas_for(ia_k['staden_saknas'])}.")
        kalla = (f"{self.ord.kalla('blanketter')}; {self.ord.kalla('ia')}; {self.ord.kalla('klotter')}; {D - 1}–{D}. "
                 "Varje nämnds siffror är desamma som i nämndens lägesbild.")
        return [_rubrik("Blanketter, IA-anmälningar och klotter"), _md(*stycken),
                Tabell(tab, f"Blanketter, IA-anmälningar med VBE ikryssat och anmält klotter per nämnd, {D}.", kalla,
                       noter=["Felmarkerade är IA-anmälningar som vid granskning saknade koppling till VBE.",
                              ".. betyder att uppgiften saknas eller inte redovisas för nämnden (klotter redovisas "
                              f"för {self.ord.distriktsnamnderna}).",
                              *_noter(*(summor[c][1] for c in tab.columns[1:]))])]

    def avsnitt_oros(self) -> list[Del]:
        nt = self.nyckeltal
        D = self.dataar
        d = nt[[self.rapporter[s].har_kalla("orosanmalningar") for s in nt["slug"]]]
        if not len(d) or (d["oros"].isna().all() and d["arenden"].isna().all()):
            return [_rubrik("Orosanmälningar"), _md(text.saknas_mening("orosanmälningar eller ärenden", D))]
        # The strictest of the committees' settings (never less protection than a committee's own report).
        m = max(int(x) for x in d["minsta_antal"])
        tab = pd.DataFrame({"Nämnd": d["namn"], "Orosanmälningar": d["oros"].astype("object"),
                            "Ärenden": d["arenden"].astype("object")})
        o_sum, o_sk = _summa(list(d["oros"]), list(d["namn"]))
        a_sum, a_sk = _summa(list(d["arenden"]), list(d["namn"]))
        tab.loc[len(tab)] = ["Totalt", o_sum, a_sum]
        # each committee's row is the figure its own report shows: a secondary cell must
        # be a total, never a committee's figure (it can be read in that report)
        visning, noter = undertryckning.undertryck_tabell(tab, ["Orosanmälningar", "Ärenden"], m, summarad="Totalt",
                                                   foredra_summor=True)
        noter = noter + _noter(o_sk, a_sk)
        if len(set(int(x) for x in d["minsta_antal"])) > 1:
            noter = noter + [f"Nämnderna har olika gränser för små tal; sammanställningen använder den strängaste "
                             f"({fmt.tal(m)})."]
        return [_rubrik("Orosanmälningar"),
                _md(f"Orosanmälningar om barn och unga kopplade till våldsbejakande extremism och ärenden hos "
                    f"socialtjänsten under {D}. Små antal visas inte, för att skydda enskilda personer."),
                Tabell(visning, f"Orosanmälningar och ärenden per nämnd, {D}.", self._kalla("orosanmalningar", str(D)),
                       noter=noter)]

    def avsnitt_webbutbildning(self) -> list[Del]:
        nt = self.nyckeltal
        D = self.dataar
        d = nt[[self.rapporter[s].har_kalla("webbutbildning") for s in nt["slug"]]]
        tab = pd.DataFrame({"Nämnd": d["namn"], "Genomförda": d["webb_genomforda"], "Pågående": d["webb_pagaende"],
                            "Anställda": d["webb_anstallda"], "Andel genomförda": d["webb_andel"]})
        gen, gen_sk = _summa(list(d["webb_genomforda"]), list(d["namn"]))
        pag, pag_sk = _summa(list(d["webb_pagaende"]), list(d["namn"]))
        anst_tot, _ = _summa(list(d["webb_anstallda"]), list(d["namn"]))
        tab.loc[len(tab)] = ["Summa för nämnderna", gen, pag, anst_tot, saknas.andel(gen, anst_tot)]
        return [_rubrik("Webbutbildningen om våldsbejakande extremism"),
                _md(f"Antal anställda som genomfört webbutbildningen eller har den pågående, läget vid utgången av "
                    f"{D}."),
                Tabell(tab, f"Webbutbildningen per nämnd, läget vid utgången av {D}.",
                       self._kalla("webbutbildning", str(D)), procent=["Andel genomförda"],
                       noter=["Andelen visas där antalet anställda är känt. Summan av anställda och andelen för alla "
                              "nämnder visas bara när antalet anställda är känt för alla.", *_noter(gen_sk, pag_sk)])]

    def avsnitt_uppfoljning(self) -> list[Del]:
        nt = self.nyckeltal
        F = self.planar - 1
        d = nt[nt["aktiviteter"].notna()]
        if not len(d):
            return [_rubrik(f"Uppföljning av handlingsplanerna {F}"),
                    _md(f"Det finns inga aktivitetsfiler för handlingsplanerna {F}.")]
        kol = [c for c in STATUSKOLUMNER if c != "status_ingen" or d["status_ingen"].fillna(0).sum() > 0]
        etik = {c: (aktanalys.INGEN_STATUS if c == "status_ingen" else vocab.STATUSAR.etikett(c[len("status_"):]))
                for c in kol}
        tab = pd.DataFrame({"Nämnd": d["namn"], **{etik[c]: d[c] for c in kol}, "Totalt": d["aktiviteter"]})
        # the municipality's total needs every committee that follows up a plan
        med = [self.rapporter[s_].har_kalla("aktiviteter") for s_ in nt["slug"]]
        summor = {c: _summa([*nt[c if c != "Totalt" else "aktiviteter"]], list(nt["namn"]), med)
                  for c in [*kol, "Totalt"]}
        tab.loc[len(tab)] = [self.ord.Hela, *[summor[c][0] for c in [*kol, "Totalt"]]]
        utan_fil = [n for n, a, g in zip(nt["namn"], nt["aktiviteter"], med) if g and fmt.ar_saknas(a)]
        inledning = (f"Status för aktiviteterna i nämndernas handlingsplaner för {F}, så som de följts upp inför "
                     f"handlingsplanerna för {self.planar}, för alla nämnder tillsammans. ")
        if utan_fil:
            stycken = [inledning + f"Antalen för alla nämnder tillsammans kan inte anges: aktivitetsfil för {F} "
                       f"saknas för {text.uppraknad(utan_fil)}."]
        else:
            tot = {c[len("status_"):] if c != "status_ingen" else None: int(summor[c][0]) for c in kol}
            stycken = [inledning + text_uppfoljning.mening_status(tot)]
        return [_rubrik(f"Uppföljning av handlingsplanerna {F}"), _md(*stycken),
                Tabell(tab, f"Antal aktiviteter per status och nämnd, handlingsplan {F}, redovisad i handlingsplan "
                            f"{self.planar}.", f"{aktanalys.KALLA}, handlingsplanerna {F}; samma siffror som i "
                                               "nämndernas uppföljning.",
                       noter=_noter(summor["Totalt"][1]))]

    def avsnitt_brott(self) -> list[Del]:
        serier = self.hets_serier()
        D = self.dataar
        H = self.ord.Hela
        stad = serier[H]
        k = brott.nyckeltal(stad)
        delar: list[Del] = [_rubrik(f'Anmälningar om "hets mot folkgrupp" per {self.ord.omrade}')]
        if k.get("senaste") is None:
            return delar + [_md(text.saknas_mening("anmälda brott om hets mot folkgrupp", D))]
        forsta, sista = k["ar_fran"], k["ar_till"]
        period = fmt.ar_intervall(forsta, sista)
        kalla = self._kalla("brott", period)
        fore: dict[str, int] = {}
        noter: list[str] = []
        for slug in self.distrikt:
            ar = sammanslagna_ar(self.ds.brott, self.konf, slug, D)
            if ar:
                n = self.konf.namnd(slug)
                fore[n.kortnamn] = max(ar) + 1
                fg = text.uppraknad([self.konf.namnd(f).kortnamn for f in self.konf.linje(slug)[1:]])
                noter.append(f"{n.kortnamn} bildades {fmt.datum(n.giltig_fran)} av {fg}. Siffrorna för "
                             f"{fmt.ar_intervall(min(ar), max(ar))} är summan för {fg}.")
        noter.append(f"{H} är summan för alla {self.ord.omraden}.")
        noter += [n for n in [text.saknas_not([x for s_ in serier.values() for x in saknas.saknade_i(s_["saknas"])])]
                  if n]
        delar.append(_md(text.brott_stycke(k, plats=f"i {self.ord.hela}"),
                         f"Diagrammet visar utvecklingen i varje {self.ord.omrade} med samma skala, så att områdena "
                         f"kan jämföras; {self.ord.hela} har en egen skala."
                         + (" En asterisk (*) efter namnet betyder att området slogs samman av tidigare "
                            f"{self.ord.omraden}; de grå, prickade staplarna är summan för dem." if fore else "")))
        delar.append(sma_multiplar(
            serier, f"anmälda brott om hets mot folkgrupp per {self.ord.omrade} och i {self.ord.hela} {period}", kalla,
            bildtext=(f"Anmälda brott om hets mot folkgrupp per {self.ord.omrade} och i {self.ord.hela} {period}. Det "
                      f"senaste året, {sista}, är markerat och dess värde utskrivet. " + " ".join(noter)),
            fore_sammanslagning=fore, egen_skala=(H,)))
        delar.append(self._hets_serietabell(serier, period, kalla, noter))
        rader = []
        for namn, s in serier.items():
            kk = brott.nyckeltal(s)
            rader.append([namn, _na(kk["foregaende"]), _na(kk["senaste"]), _na(kk["forandring"]),
                          fmt.SAKNAS if kk["procent"] is None else fmt.procent_forandring(kk["procent"])])
        tab = pd.DataFrame(rader, columns=["Område", str(D - 1), str(D), "Förändring", "Förändring (%)"])
        delar.append(Tabell(tab, f"Hets mot folkgrupp. Brott anmälda per {self.ord.omrade} {D - 1} och {D}. Absoluta "
                                 "tal.", kalla, noter=noter, tecken=["Förändring"]))
        return delar

    def _hets_serietabell(self, serier: dict[str, pd.DataFrame], period: str, kalla: str, noter: list[str]) -> Tabell:
        """The small multiples' figures as a table (area × year): the chart's data for
        screen readers and for anyone who wants the numbers."""
        ar = sorted({int(a) for s in serier.values() for a in s["ar"]})
        rader = {namn: s.set_index("ar")["antal"].reindex(ar) for namn, s in serier.items()}
        tab = pd.DataFrame.from_dict(rader, orient="index")
        tab.columns = [str(a) for a in ar]
        tab = tab.astype("Int64").rename_axis("Område").reset_index()
        return Tabell(tab, f"Hets mot folkgrupp. Brott anmälda per {self.ord.omrade} och år, {period}. Absoluta tal.",
                      kalla, noter=["Samma uppgifter som i diagrammet ovan.", *noter])

    def alla_avsnitt(self) -> list[Del]:
        ut: list[Del] = []
        for f in (self.inledning, self.avsnitt_sammanfattning, self.avsnitt_enkat, self.avsnitt_handelser,
                  self.avsnitt_register, self.avsnitt_oros, self.avsnitt_webbutbildning, self.avsnitt_uppfoljning,
                  self.avsnitt_brott):
            ut.extend(f())
        return ut
