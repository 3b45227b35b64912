"""Web training (*webbutbildning*): completed and in progress, against staff numbers.

Frame ``webbutbildning``: (namnd, ar, forvaltning, genomforda, pagaende, anstallda),
status at the end of year ``ar``; ``forvaltning`` optional (one row per
administration for a committee with several), ``anstallda`` optional. Sums over
administrations (and predecessors) follow :mod:`vbe_lib.analys.saknas`: one empty
cell makes the sum missing.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from vbe_lib.analys.saknas import summa

__all__ = ["per_forvaltning", "nyckeltal", "per_ar"]

_TAL = ["genomforda", "pagaende", "anstallda"]


def _rader(df: pd.DataFrame, slugs: Iterable[str] | str, ar: int | None) -> pd.DataFrame:
    slugs = [slugs] if isinstance(slugs, str) else list(slugs)
    m = df["namnd"].isin(slugs)
    if ar is not None:
        m &= pd.to_numeric(df["ar"]) == ar
    r = df.loc[m].copy()
    for k in _TAL:
        r[k] = pd.array(r[k], dtype="Int64") if k in r.columns else pd.array([pd.NA] * len(r), dtype="Int64")
    if "forvaltning" not in r.columns:
        r["forvaltning"] = pd.NA
    return r


def _andel(t: Any, n: Any) -> Any:
    return pd.NA if pd.isna(t) or pd.isna(n) or n == 0 else t / n


def per_forvaltning(df: pd.DataFrame, slugs: Iterable[str] | str, ar: int) -> pd.DataFrame:
    """One row per administration → DataFrame(forvaltning, genomforda Int64,
    pagaende Int64, anstallda Int64, andel_genomforda Float64, andel_pagaende Float64);
    shares NA where staff numbers are unknown."""
    r = _rader(df, slugs, ar)
    r["forvaltning"] = r["forvaltning"].map(lambda v: "" if v is None or (not isinstance(v, str) and pd.isna(v)) else v)
    g = r.groupby("forvaltning", sort=False)[_TAL].agg(_summa_na).reset_index()
    g = g.astype({k: "Int64" for k in _TAL})
    g["andel_genomforda"] = pd.array([_andel(t, n) for t, n in zip(g["genomforda"], g["anstallda"])], dtype="Float64")
    g["andel_pagaende"] = pd.array([_andel(t, n) for t, n in zip(g["pagaende"], g["anstallda"])], dtype="Float64")
    return g


def nyckeltal(df: pd.DataFrame, slugs: Iterable[str] | str, ar: int) -> dict[str, Any]:
    """Totals for year ``ar`` → ``{"ar", "genomforda", "pagaende", "anstallda",
    "andel_genomforda", "andel_pagaende"}`` (ints/floats, None when unknown). Staff
    numbers count only when known for every row (else the share would be wrong)."""
    r = _rader(df, slugs, ar)
    ut: dict[str, Any] = {"ar": ar}
    for k in _TAL:
        v = summa(list(r[k]))[0] if len(r) else pd.NA
        ut[k] = None if pd.isna(v) else int(v)
    for k, t in (("andel_genomforda", "genomforda"), ("andel_pagaende", "pagaende")):
        a = _andel(ut[t] if ut[t] is not None else pd.NA, ut["anstallda"] if ut["anstallda"] is not None else pd.NA)
        ut[k] = None if pd.isna(a) else float(a)
    return ut


def per_ar(df: pd.DataFrame, slugs: Iterable[str] | str, till_ar: int | None = None) -> pd.DataFrame:
    """Completed and in progress per year → DataFrame(ar, genomforda Int64,
    pagaende Int64, anstallda Int64); years without a row are left out."""
    r = _rader(df, slugs, None)
    if till_ar is not None:
        r = r.loc[pd.to_numeric(r["ar"]) <= till_ar]
    r["ar"] = pd.to_numeric(r["ar"]).astype("int64")
    g = r.groupby("ar")[_TAL].agg(_summa_na).reset_index()
    return g.astype({"ar": "int64", **{k: "Int64" for k in _TAL}})


def _summa_na(s: pd.Series) -> object:
    """A group's sum under the missing-value rule (one empty cell → missing)."""
    return summa(list(s))[0]
