"""Counts of events: anonymised forms (``blanketter``), IA reports (``ia``), graffiti
(``klotter``) and concern reports (``orosanmalningar``).

Two kinds of frames come in (docs/DESIGN.md):

* **event frames** – one row per event (blanketter, ia, klotter). A committee's count
  for a year is the number of its rows. Missing vs zero: a year is *covered* when the
  city-wide frame has at least one row that year (or when the caller lists it in
  ``tackta_ar``); a covered year without rows for the committee is 0, a year
  that is not covered is ``pd.NA``. With a :class:`~vbe_lib.analys.saknas.Leverans`
  and the parts ``delar`` the rule of :func:`vbe_lib.analys.saknas.handelsear`
  applies: a committee without a single row in any year, or a year the data declare
  not delivered, is ``pd.NA``.
* **count frames** – rows with ``antal`` (orosanmalningar). A year or category
  without a row for any of the slugs is ``pd.NA``; a sum is NA as soon as one needed
  part is (:func:`vbe_lib.analys.saknas.arssumma`).

``slugs`` is the committee and its predecessors (``konf.linje(slug)``) or a single slug.
Every function returns a tidy DataFrame with vocabulary keys and a Swedish
``etikett`` column (or plain values for key figures).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

from vbe_lib.analys.saknas import Del, Leverans, Saknad, arssumma, handelsear, summa
from vbe_lib.parametrar import vocab
from vbe_lib.analys.brott import _urval, forandringar, summa_per_ar, tom_serie

__all__ = [
    "ar_tackta", "per_ar", "per_kategori", "per_ar_och_kategori", "korstabell",
    "ia_nyckeltal", "svensk_sortering", "blanketter_per_ar", "ia_per_ar", "klotter_per_ar", "oros_per_ar",
    "UPPGIFT_SAKNAS",
]

#: Label for a missing free-text category (e.g. klotter without delområde).
UPPGIFT_SAKNAS = "Uppgift saknas"


def _ar_hel(s: pd.Series) -> pd.Series:
    return pd.to_numeric(s).astype("int64")


def _ar_rakna(df: pd.DataFrame) -> bool:
    """True for a count frame (has ``antal``), False for an event frame."""
    return "antal" in df.columns


def ar_tackta(df: pd.DataFrame, tackta_ar: Iterable[int] | None = None) -> set[int]:
    """Years the (city-wide) event frame covers: every year with at least one row,
    plus ``tackta_ar``."""
    ar = set(int(a) for a in _ar_hel(df["ar"]).unique()) if len(df) else set()
    return ar | set(int(a) for a in (tackta_ar or []))


def per_ar(
    df: pd.DataFrame,
    slugs: Iterable[str],
    till_ar: int | None = None,
    fran_ar: int | None = None,
    filter: Mapping[str, Any] | None = None,
    tackta_ar: Iterable[int] | None = None,
    delar: Sequence[Del] | None = None,
    leverans: Leverans | None = None,
    fullstandig: tuple[str, Sequence[Any], Mapping[Any, str]] | None = None,
    kalla: str | None = None,
) -> pd.DataFrame:
    """Events (or summed ``antal``) per year → DataFrame(ar, antal Int64,
    forandring Int64, forandring_procent Float64, saknas).

    Event frames: years run from the first covered year (or ``fran_ar``) to the
    last covered year (or ``till_ar``); uncovered years are NA, covered years
    without rows 0 – and with ``leverans`` and ``delar`` NA where
    :func:`~vbe_lib.analys.saknas.handelsear` finds a missing part. Count frames:
    as :func:`vbe_lib.analys.brott.summa_per_ar`.
    """
    slugs = [slugs] if isinstance(slugs, str) else list(slugs)
    if _ar_rakna(df):
        res = summa_per_ar(df, slugs, filter, till_ar, fran_ar, delar=delar, kalla=kalla, fullstandig=fullstandig)
        return forandringar(res) if len(res) else tom_serie()
    lev = _leverans(df, tackta_ar, leverans)
    tackta = set(lev.tackta)
    start = fran_ar if fran_ar is not None else (min(tackta) if tackta else till_ar)
    slut = till_ar if till_ar is not None else (max(tackta) if tackta else None)
    if start is None or slut is None or slut < start:
        return tom_serie()
    rader = _urval(df, slugs, filter)
    raknat = _ar_hel(rader["ar"]).value_counts() if len(rader) else pd.Series(dtype="int64")
    alla = list(range(start, slut + 1))
    antal, saknas = [], []
    for a in alla:
        sk = _saknas_ar(lev, delar, slugs, a)
        antal.append(pd.NA if sk else int(raknat.get(a, 0)))
        saknas.append(sk or ())
    res = pd.DataFrame({"ar": pd.array(alla, dtype="int64"), "antal": pd.array(antal, dtype="Int64"),
                        "saknas": pd.Series(saknas, dtype="object")})
    return forandringar(res)


def _leverans(df: pd.DataFrame, tackta_ar: Iterable[int] | None, leverans: Leverans | None) -> Leverans:
    """The delivery facts of an event frame: the caller's, with extra covered years."""
    if leverans is None:
        return Leverans("", frozenset(), frozenset(), frozenset(ar_tackta(df, tackta_ar)))
    if tackta_ar:
        return Leverans(leverans.kalla, leverans.levererade, leverans.ej_levererat,
                        leverans.tackta | frozenset(int(a) for a in tackta_ar))
    return leverans


def _saknas_ar(lev: Leverans, delar: Sequence[Del] | None, slugs: Sequence[str], ar: int) -> tuple[Saknad, ...] | None:
    """Missing parts of an event frame's year (None = the count is known)."""
    if delar is None:
        if ar in lev.ej_levererat:
            return (Saknad("", ar, "ej_levererat"),)
        return None if ar in lev.tackta else (Saknad("", ar),)
    return handelsear(lev, delar, ar)


def _etikett(vok: vocab.Vokabular | None, nyckel: Any) -> str:
    if nyckel is None or (not isinstance(nyckel, str) and pd.isna(nyckel)):
        return UPPGIFT_SAKNAS
    if vok is not None and nyckel in vok.etiketter:
        return vok.etikett(nyckel)
    return str(nyckel)


def _summor(rader: pd.DataFrame, kolumner: list[str], rakna: bool) -> pd.Series:
    """Counts per group: rows of an event frame, or (count frame) the sum of ``antal``
    under the missing-value rule."""
    if not len(rader):
        return pd.Series(dtype="Int64")
    if rakna:
        r = rader.assign(antal=pd.array(rader["antal"], dtype="Int64"))
        return r.groupby(kolumner, dropna=False, observed=True)["antal"].agg(lambda x: summa(list(x))[0])
    return rader.groupby(kolumner, dropna=False, observed=True).size()


_SV = str.maketrans({"å": "{", "ä": "|", "ö": "}", "æ": "|", "ø": "}",
                     "é": "e", "è": "e", "ü": "y"})


def svensk_sortering(text: str) -> str:
    """Sort key for Swedish alphabetical order (… x y z å ä ö), case-insensitive."""
    return str(text).casefold().translate(_SV)


def _nycklar(vok: vocab.Vokabular | None, observerade: Iterable[Any]) -> list[Any]:
    obs = list(dict.fromkeys(observerade))
    if vok is None:
        kanda = sorted((o for o in obs if isinstance(o, str)), key=svensk_sortering)
        return kanda + [o for o in obs if not isinstance(o, str)]
    return vok.nycklar + [o for o in obs if o not in vok.etiketter]


def per_kategori(
    df: pd.DataFrame,
    slugs: Iterable[str],
    kolumn: str,
    ar: int | None = None,
    vokabular: vocab.Vokabular | None = None,
    filter: Mapping[str, Any] | None = None,
    tackta_ar: Iterable[int] | None = None,
    delar: Sequence[Del] | None = None,
    leverans: Leverans | None = None,
) -> pd.DataFrame:
    """Counts by one column (``miljo``, ``handelsetyp``, ``avsandare``, ``kalla``,
    ``typ``, ``delomrade`` …) in year ``ar`` (None = all years) →
    DataFrame(<kolumn>, etikett, antal Int64, andel Float64, saknas).

    With a vocabulary every key appears in vocabulary order (0 for an event frame's
    covered year, NA for a count frame's missing row); without one (free text such
    as ``delomrade``) the observed values in alphabetical order, missing values
    labelled "Uppgift saknas". ``andel`` is the share of the total (NA when the
    total is 0 or missing – and the total is missing when any category is). An
    event frame's year with a missing part (:func:`per_ar`) is NA in every category.
    """
    slugs = [slugs] if isinstance(slugs, str) else list(slugs)
    rakna = _ar_rakna(df)
    rader = _urval(df, slugs, {**(filter or {}), **({"ar": ar} if ar is not None else {})})
    if rakna:
        summor = {}
        if len(rader):
            for k, d in rader.groupby(kolumn, dropna=False, observed=True):
                summor[k] = d
        nycklar = _nycklar(vokabular, summor)
        res = [(arssumma(summor[k], delar, slugs, ar, None) if ar is not None
                else arssumma(summor[k], None, slugs, 0, None)) if k in summor else None for k in nycklar]
        antal = pd.array([r.antal if r is not None else pd.NA for r in res], dtype="Int64")
        saknas = [r.saknas if r is not None else () for r in res]
    else:
        summor_n = _summor(rader, [kolumn], False)
        nycklar = _nycklar(vokabular, summor_n.index)
        sk = _saknas_ar(_leverans(df, tackta_ar, leverans), delar, slugs, ar) if ar is not None else None
        antal = pd.array([pd.NA if sk else summor_n.get(k, 0) for k in nycklar], dtype="Int64")
        saknas = [sk or () for _ in nycklar]
    total, _ = summa(list(antal))
    andel = pd.array(
        [pd.NA if pd.isna(a) or pd.isna(total) or total == 0 else a / total for a in antal], dtype="Float64"
    )
    return pd.DataFrame({
        kolumn: nycklar,
        "etikett": [_etikett(vokabular, k) for k in nycklar],
        "antal": antal,
        "andel": andel,
        "saknas": pd.Series(saknas, dtype="object"),
    })


def per_ar_och_kategori(
    df: pd.DataFrame,
    slugs: Iterable[str],
    kolumn: str,
    vokabular: vocab.Vokabular | None = None,
    till_ar: int | None = None,
    fran_ar: int | None = None,
    filter: Mapping[str, Any] | None = None,
    tackta_ar: Iterable[int] | None = None,
    delar: Sequence[Del] | None = None,
    leverans: Leverans | None = None,
) -> pd.DataFrame:
    """Counts by year and category → tidy DataFrame(ar, <kolumn>, etikett, antal Int64,
    forandring Int64) with the change from the previous year within each category."""
    arserie = per_ar(df, slugs, till_ar, fran_ar, filter, tackta_ar, delar, leverans)
    bitar = []
    for a in arserie["ar"]:
        d = per_kategori(df, slugs, kolumn, int(a), vokabular, filter, tackta_ar, delar, leverans)
        d.insert(0, "ar", int(a))
        bitar.append(d.drop(columns=["andel", "saknas"]))
    if not bitar:
        return pd.DataFrame({"ar": pd.Series([], dtype="int64"), kolumn: [], "etikett": [],
                             "antal": pd.Series([], dtype="Int64"), "forandring": pd.Series([], dtype="Int64")})
    ut = pd.concat(bitar, ignore_index=True)
    ut["ar"] = ut["ar"].astype("int64")
    ut["antal"] = ut["antal"].astype("Int64")
    ut["forandring"] = (ut["antal"] - ut.groupby(kolumn, dropna=False, sort=False)["antal"].shift(1)).astype("Int64")
    return ut


def korstabell(
    df: pd.DataFrame,
    slugs: Iterable[str],
    rad: str,
    kolumn: str,
    ar: int | None = None,
    vok_rad: vocab.Vokabular | None = None,
    vok_kolumn: vocab.Vokabular | None = None,
    filter: Mapping[str, Any] | None = None,
    tackta_ar: Iterable[int] | None = None,
    delar: Sequence[Del] | None = None,
    leverans: Leverans | None = None,
) -> pd.DataFrame:
    """Counts by two columns (e.g. miljö × händelsetyp) → tidy DataFrame(<rad>,
    <rad>_etikett, <kolumn>, <kolumn>_etikett, antal Int64), every combination of
    the vocabularies' keys (0 where none in a covered year). A count frame's cell is
    NA when a row of it has an empty count (not the sum of the others)."""
    slugs = [slugs] if isinstance(slugs, str) else list(slugs)
    rakna = _ar_rakna(df)
    rader = _urval(df, slugs, {**(filter or {}), **({"ar": ar} if ar is not None else {})})
    if rakna:
        r = rader.assign(antal=pd.array(rader["antal"], dtype="Int64"))
        summor = (r.groupby([rad, kolumn], dropna=False, observed=True)["antal"]
                  .agg(lambda x: pd.NA if x.isna().any() else int(x.sum())) if len(r) else pd.Series(dtype="Int64"))
    else:
        summor = _summor(rader, [rad, kolumn], False)
    r_nycklar = _nycklar(vok_rad, [i[0] for i in summor.index])
    k_nycklar = _nycklar(vok_kolumn, [i[1] for i in summor.index])
    sk = None if rakna or ar is None else _saknas_ar(_leverans(df, tackta_ar, leverans), delar, slugs, ar)
    rows = []
    for r_ in r_nycklar:
        for k in k_nycklar:
            v = pd.NA if sk else summor.get((r_, k), pd.NA if rakna else 0)
            rows.append((r_, _etikett(vok_rad, r_), k, _etikett(vok_kolumn, k), v))
    ut = pd.DataFrame(rows, columns=[rad, f"{rad}_etikett", kolumn, f"{kolumn}_etikett", "antal"])
    ut["antal"] = pd.array([None if pd.isna(v) else int(v) for v in ut["antal"]], dtype="Int64")
    return ut


def ia_nyckeltal(ia_df: pd.DataFrame, slugs: Iterable[str], ar: int,
                 tackta_ar: Iterable[int] | None = None, delar: Sequence[Del] | None = None,
                 leverans: Leverans | None = None,
                 kommunens_delar: Sequence[Del] | None = None) -> dict[str, Any]:
    """IA reports with VBE ticked in year ``ar``: ``antal`` (the committee's reports),
    ``felmarkerade`` (of which wrongly flagged), ``vbe`` (the rest), and the same
    for the whole municipality: ``staden``, ``staden_felmarkerade``, ``staden_vbe``.
    None when the figure is missing (the year not covered, or a missing part: the
    committee's ``delar``, or for the municipality's figures any of
    ``kommunens_delar``); ``saknas`` and ``staden_saknas`` say which parts."""
    lev = _leverans(ia_df, tackta_ar, leverans)
    slugs = [slugs] if isinstance(slugs, str) else list(slugs)
    egen_sk = _saknas_ar(lev, delar, slugs, ar)
    stad_sk = _saknas_ar(lev, kommunens_delar, [], ar)
    ut: dict[str, Any] = {k: None for k in ("antal", "felmarkerade", "vbe", "staden", "staden_felmarkerade",
                                            "staden_vbe")}
    ut["saknas"], ut["staden_saknas"] = egen_sk or (), stad_sk or ()
    if ar not in lev.tackta or ar in lev.ej_levererat:
        return ut
    aret = ia_df.loc[_ar_hel(ia_df["ar"]) == ar]
    fel = aret["felmarkerad"].astype("boolean").fillna(False).astype(bool)
    egna = aret["namnd"].isin(slugs)
    if not egen_sk:
        antal, felm = int(egna.sum()), int((egna & fel).sum())
        ut.update(antal=antal, felmarkerade=felm, vbe=antal - felm)
    if not stad_sk:
        staden, staden_fel = int(len(aret)), int(fel.sum())
        ut.update(staden=staden, staden_felmarkerade=staden_fel, staden_vbe=staden - staden_fel)
    return ut


# --------------------------------------------------------------- named shortcuts
def blanketter_per_ar(blanketter: pd.DataFrame, slugs: Iterable[str], till_ar: int | None = None,
                      **kw: Any) -> pd.DataFrame:
    """Anonymised forms per year (see :func:`per_ar`)."""
    return per_ar(blanketter, slugs, till_ar, **kw)


def ia_per_ar(ia: pd.DataFrame, slugs: Iterable[str], till_ar: int | None = None,
              utan_felmarkerade: bool = False, **kw: Any) -> pd.DataFrame:
    """IA reports with VBE ticked per year; ``utan_felmarkerade`` drops the wrongly
    flagged ones."""
    if utan_felmarkerade:
        ia = ia.loc[~ia["felmarkerad"].astype("boolean").fillna(False).astype(bool)]
        kw.setdefault("tackta_ar", ar_tackta(ia))
    return per_ar(ia, slugs, till_ar, **kw)


def klotter_per_ar(klotter: pd.DataFrame, slugs: Iterable[str], till_ar: int | None = None,
                   kalla: str | None = None, **kw: Any) -> pd.DataFrame:
    """Graffiti reports per year, optionally from one source (``kalla``)."""
    return per_ar(klotter, slugs, till_ar, filter={"kalla": kalla}, **kw)


def oros_per_ar(oros: pd.DataFrame, slugs: Iterable[str], typ: str = "orosanmalan",
                till_ar: int | None = None, **kw: Any) -> pd.DataFrame:
    """Concern reports (``typ='orosanmalan'``) or open cases (``'arende'``) per year,
    summed over the miljöer: every miljö must have a row with a number (the
    contract asks for one row per miljö, 0 where there were none), else the year
    is missing and ``saknas`` names the miljö."""
    kw.setdefault("fullstandig", ("miljo", vocab.MILJOER.nycklar, vocab.MILJOER.etiketter))
    kw.setdefault("kalla", "orosanmalningar")
    return per_ar(oros, slugs, till_ar, filter={"typ": typ}, **kw)
