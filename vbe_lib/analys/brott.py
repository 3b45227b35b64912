"""Yearly series of reported crimes (``brott``) and public gatherings (``sammankomster``).

Both sources are count tables (one row per area, year and category with ``antal``).
A committee's series is the sum over the slugs the caller passes – the committee and
its predecessors, ``konf.linje(slug)`` – under the missing-value rule of
:mod:`vbe_lib.analys.saknas`: a year is ``pd.NA`` when a needed part is missing (an
empty cell, or no row for a committee that existed the whole year), 0 stays 0, and the
column ``saknas`` says which parts were missing.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

from vbe_lib.analys.saknas import Del, arssumma, saknade_i
from vbe_lib.parametrar import vocab

__all__ = [
    "summa_per_ar", "forandringar", "serie", "nyckeltal", "kategorier_ar",
    "sammankomster", "sammankomster_ar", "tom_serie",
]

SERIE_KOLUMNER = ["ar", "antal", "forandring", "forandring_procent", "saknas"]


def tom_serie() -> pd.DataFrame:
    """An empty series frame with the right columns and dtypes."""
    return pd.DataFrame({
        "ar": pd.Series([], dtype="int64"),
        "antal": pd.Series([], dtype="Int64"),
        "forandring": pd.Series([], dtype="Int64"),
        "forandring_procent": pd.Series([], dtype="Float64"),
        "saknas": pd.Series([], dtype="object"),
    })


def _urval(df: pd.DataFrame, slugs: Iterable[str], filter: Mapping[str, Any] | None) -> pd.DataFrame:
    slugs = [slugs] if isinstance(slugs, str) else list(slugs)
    mask = df["namnd"].isin(slugs)
    for kol, varde in (filter or {}).items():
        if varde is None:
            continue
        if isinstance(varde, (list, tuple, set)):
            mask &= df[kol].isin(list(varde))
        else:
            mask &= df[kol] == varde
    return df.loc[mask]


def summa_per_ar(
    df: pd.DataFrame,
    slugs: Iterable[str],
    filter: Mapping[str, Any] | None = None,
    till_ar: int | None = None,
    fran_ar: int | None = None,
    antal: str = "antal",
    delar: Sequence[Del] | None = None,
    kalla: str | None = None,
    fullstandig: tuple[str, Sequence[Any], Mapping[Any, str]] | None = None,
) -> pd.DataFrame:
    """Sum of ``antal`` per year over ``slugs`` → DataFrame(ar, antal Int64, saknas).

    Years run from ``fran_ar`` (default: the first year any slug has a row) to
    ``till_ar`` (default: the last such year) without gaps. A year is NA when no
    slug has a row that year, or when a needed part is missing
    (:func:`vbe_lib.analys.saknas.arssumma`: an empty cell; with ``delar``, also a
    committee that existed the whole year without a row; with ``fullstandig``, a
    category without a row). ``saknas`` holds the missing parts (tuple of
    :class:`~vbe_lib.analys.saknas.Saknad`, empty when the figure is known).
    """
    slugs = [slugs] if isinstance(slugs, str) else list(slugs)
    rader = _urval(df, slugs, filter)
    ar_med_rader = pd.to_numeric(rader["ar"]).astype("int64")
    start = fran_ar if fran_ar is not None else (int(ar_med_rader.min()) if len(rader) else till_ar)
    slut = till_ar if till_ar is not None else (int(ar_med_rader.max()) if len(rader) else None)
    if start is None or slut is None or slut < start:
        return pd.DataFrame({"ar": pd.Series([], dtype="int64"), "antal": pd.Series([], dtype="Int64"),
                             "saknas": pd.Series([], dtype="object")})
    alla = list(range(start, slut + 1))
    per_ar = {int(a): d for a, d in rader.groupby(ar_med_rader.to_numpy())} if len(rader) else {}
    tom = rader.iloc[0:0]
    summor = [arssumma(per_ar.get(a, tom), delar, slugs, a, kalla, antal, fullstandig) for a in alla]
    return pd.DataFrame({
        "ar": pd.array(alla, dtype="int64"),
        "antal": pd.array([s_.antal for s_ in summor], dtype="Int64"),
        "saknas": pd.Series([s_.saknas for s_ in summor], dtype="object"),
    })


def forandringar(df: pd.DataFrame, antal: str = "antal") -> pd.DataFrame:
    """Add year-on-year change: ``forandring`` (Int64, NA if either year is NA) and
    ``forandring_procent`` (Float64 share, e.g. 0.2 = +20 %; NA also when the
    previous year is 0). The columns end with ``saknas`` (empty tuples if absent)."""
    ut = df.copy()
    if "saknas" not in ut.columns:
        ut["saknas"] = pd.Series([()] * len(ut), index=ut.index, dtype="object")
    a = pd.array(ut[antal], dtype="Int64")
    foreg = pd.Series(a).shift(1)
    diff = pd.Series(a) - foreg
    ut["forandring"] = pd.array(diff, dtype="Int64")
    bas = foreg.astype("Float64").where(foreg.astype("Float64") != 0)
    ut["forandring_procent"] = pd.array(diff.astype("Float64") / bas, dtype="Float64")
    ut = ut[[c for c in ut.columns if c != "saknas"] + ["saknas"]]
    return ut.reset_index(drop=True)


def serie(
    brott_df: pd.DataFrame,
    slugs: Iterable[str],
    kategori: str = "hets_mot_folkgrupp",
    till_ar: int | None = None,
    fran_ar: int | None = None,
    delar: Sequence[Del] | None = None,
) -> pd.DataFrame:
    """Reported crimes of ``kategori`` per year, summed over ``slugs`` (parts ``delar``,
    see :func:`summa_per_ar`) → DataFrame(ar, antal Int64, forandring Int64,
    forandring_procent Float64, saknas)."""
    res = summa_per_ar(brott_df, slugs, {"kategori": kategori}, till_ar, fran_ar, delar=delar, kalla="brott")
    return forandringar(res) if len(res) else tom_serie()


def sammankomster(
    df: pd.DataFrame,
    slugs: Iterable[str],
    tillstand: str | None = None,
    till_ar: int | None = None,
    fran_ar: int | None = None,
    delar: Sequence[Del] | None = None,
) -> pd.DataFrame:
    """Public gatherings per year (``tillstand`` = 'tillstand'/'utan_tillstand', or
    None for both summed: then both must be known) → same columns as :func:`serie`."""
    fullst = None
    if tillstand is None:
        v = vocab.SAMMANKOMST_TILLSTAND
        fullst = ("tillstand", v.nycklar, v.etiketter)
    res = summa_per_ar(df, slugs, {"tillstand": tillstand}, till_ar, fran_ar, delar=delar, kalla="sammankomster",
                       fullstandig=fullst)
    return forandringar(res) if len(res) else tom_serie()


def _per_nyckel_ar(df: pd.DataFrame, slugs: Iterable[str], ar: int, kolumn: str,
                   vok: vocab.Vokabular, delar: Sequence[Del] | None, kalla: str) -> pd.DataFrame:
    slugs = [slugs] if isinstance(slugs, str) else list(slugs)
    rader = _urval(df, slugs, {"ar": ar})
    nycklar = vok.nycklar
    summor = [arssumma(rader[rader[kolumn] == k], delar, slugs, ar, kalla) for k in nycklar]
    return pd.DataFrame({
        kolumn: nycklar,
        "etikett": [vok.etikett(k) for k in nycklar],
        "antal": pd.array([s_.antal for s_ in summor], dtype="Int64"),
        "saknas": pd.Series([s_.saknas for s_ in summor], dtype="object"),
    })


def kategorier_ar(brott_df: pd.DataFrame, slugs: Iterable[str], ar: int,
                  delar: Sequence[Del] | None = None) -> pd.DataFrame:
    """Every crime category in year ``ar`` → DataFrame(kategori, etikett, antal Int64,
    saknas); NA for a category without a row or with a missing part."""
    return _per_nyckel_ar(brott_df, slugs, ar, "kategori", vocab.BROTTSKATEGORIER, delar, "brott")


def sammankomster_ar(df: pd.DataFrame, slugs: Iterable[str], ar: int,
                     delar: Sequence[Del] | None = None) -> pd.DataFrame:
    """Gatherings in year ``ar`` by permit → DataFrame(tillstand, etikett, antal Int64, saknas)."""
    return _per_nyckel_ar(df, slugs, ar, "tillstand", vocab.SAMMANKOMST_TILLSTAND, delar, "sammankomster")


def _int(x: Any) -> int | None:
    return None if x is None or pd.isna(x) else int(x)


def _float(x: Any) -> float | None:
    return None if x is None or pd.isna(x) else float(x)


def nyckeltal(serie: pd.DataFrame) -> dict[str, Any]:
    """Key figures of a yearly series (output of :func:`serie`) as plain Python values.

    Keys:
    ``senaste_ar``, ``senaste`` (int or None), ``foregaende_ar``, ``foregaende``,
    ``forandring`` (int or None), ``procent`` (float share or None; None when the
    previous year is 0 or missing), ``hogsta`` and ``lagsta`` as ``(ar, antal)`` or
    None (ties → the earliest year), ``fordubblingar``: list of
    ``(ar_fran, ar_till, faktor)`` where the count at least doubled from a
    non-zero year, ``forsta_ar``/``sista_ar`` (years with a number), ``antal_ar``
    (years with a number), ``summa``, ``forsta_gangen`` (latest > 0 and every
    earlier known year 0 or no earlier number at all), ``ar_fran``/``ar_till``
    (the span of the series), ``saknas`` (every missing part of the series, tuple
    of :class:`~vbe_lib.analys.saknas.Saknad`), ``saknas_senaste`` and
    ``saknas_foregaende`` (those of the latest and the previous year).
    """
    if serie is None or len(serie) == 0:
        return {
            "senaste_ar": None, "senaste": None, "foregaende_ar": None, "foregaende": None,
            "forandring": None, "procent": None, "hogsta": None, "lagsta": None,
            "fordubblingar": [], "forsta_ar": None, "sista_ar": None, "antal_ar": 0,
            "summa": None, "forsta_gangen": False, "ar_fran": None, "ar_till": None,
            "saknas": (), "saknas_senaste": (), "saknas_foregaende": (),
        }
    s = serie.sort_values("ar").reset_index(drop=True)
    ar = [int(a) for a in s["ar"]]
    antal = [_int(v) for v in s["antal"]]
    kanda = [(a, v) for a, v in zip(ar, antal) if v is not None]
    senaste_ar, senaste = ar[-1], antal[-1]
    foregaende_ar = senaste_ar - 1
    foregaende = dict(zip(ar, antal)).get(foregaende_ar)
    forandring = senaste - foregaende if senaste is not None and foregaende is not None else None
    procent = forandring / foregaende if forandring is not None and foregaende else None
    hogsta = lagsta = None
    if kanda:
        hogsta = min(kanda, key=lambda t: (-t[1], t[0]))
        lagsta = min(kanda, key=lambda t: (t[1], t[0]))
    fordubblingar = []
    for (a0, v0), (a1, v1) in zip(zip(ar, antal), zip(ar[1:], antal[1:])):
        if v0 and v1 is not None and v1 >= 2 * v0:
            fordubblingar.append((a0, a1, v1 / v0))
    tidigare = [v for a, v in kanda if a < senaste_ar]
    saknas = list(s["saknas"]) if "saknas" in s.columns else [()] * len(s)
    per_ar = dict(zip(ar, saknas))
    # "for the first time" only when no earlier year is missing because a part is
    forsta_gangen = bool(senaste) and all(v == 0 for v in tidigare) and not any(
        x.vad or x.orsak != "uppgift" for a in ar if a < senaste_ar for x in (per_ar.get(a) or ()))
    return {
        "senaste_ar": senaste_ar,
        "senaste": senaste,
        "foregaende_ar": foregaende_ar,
        "foregaende": foregaende,
        "forandring": forandring,
        "procent": procent,
        "hogsta": hogsta,
        "lagsta": lagsta,
        "fordubblingar": fordubblingar,
        "forsta_ar": kanda[0][0] if kanda else None,
        "sista_ar": kanda[-1][0] if kanda else None,
        "antal_ar": len(kanda),
        "summa": sum(v for _, v in kanda) if kanda else None,
        "forsta_gangen": forsta_gangen,
        "ar_fran": ar[0],
        "ar_till": ar[-1],
        "saknas": saknade_i(saknas),
        "saknas_senaste": saknade_i([per_ar.get(senaste_ar, ())]),
        "saknas_foregaende": saknade_i([per_ar.get(foregaende_ar, ())]),
    }
