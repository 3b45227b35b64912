"""Disclosure control of small counts in what is *published* (HTML, PDF, DOCX, XLSX).

**Small counts** that describe persons (concern reports, social-services cases,
   events tied to individuals). Counts from 1 up to (not including) the committee's
   ``minsta_antal`` (``parameters/``: ``integritet.minsta_antal``) are never shown as
   numbers: tables, sentences and charts say "färre än N". Zero stays zero ("–" in
   tables, "inga …" in sentences) and missing stays missing ("..", "uppgift saknas").
   ``minsta_antal`` 0 or 1 switches suppression off.

   Note on ``minsta_antal == 2``: since zero is shown, "färre än 2" can only mean 1,
   so a threshold of 2 protects nothing. The setting is honoured as given, but
   committees should use 3 or more.

Free text is screened by :mod:`vbe_lib.integritet.granskning`.

Why not ACRO (the SACRO project's ``acro`` package)
---------------------------------------------------
ACRO was considered for the cell work and not used:

* it pins ``pandas<=2.3.3`` (this project runs pandas 3) and pulls in statsmodels,
  matplotlib, lxml and openpyxl for what is here ~150 lines;
* it works on *microdata* (``acro.crosstab`` counts records itself and checks the
  number of contributors per cell); our inputs are already aggregated counts from the
  committees' exports;
* for tables with margins it hides small cells and recomputes the totals from what is
  left, which changes the published totals; we must keep the true totals (they are
  quoted in the text and compared across years) and therefore need *secondary*
  suppression instead;
* it configures the root logger at DEBUG level on import, which would put log lines
  into executed notebooks (the rendered report must show no warnings or logs).

Secondary suppression rule (:func:`undertryck_tabell`)
-------------------------------------------------------
The table is read as a linear system: every shown total (a total column such as
"Totalt"/"Summa", a total row with such a label, or the row named by ``summarad``)
is the sum of the cells of its row/column. After primary suppression two tests are
repeated until neither finds anything:

1. **Linear** (exact): a hidden cell is recomputable if the system with all shown
   values known determines it (hiding cell *k* is useless iff deleting *k*'s column
   from the constraint matrix restricted to hidden cells lowers its rank). A single
   hidden cell in a row or column with a total is the common case; a cell bridging
   two hidden rectangles is the subtle one.
2. **Integer reasoning**: a reader also knows that every "färre än N" is 1…N−1, every
   other hidden value is ≥ 0, and counts are whole numbers. First bounds are
   propagated along the lines until stable (cheap; e.g. "färre än 3" + "färre än 3"
   = 2 gives 1 and 1). When that pins nothing, an exact integer program
   (:func:`_heltal_fasta`, HiGHS through ``highspy``) asks for every hidden cell
   whether some table consistent with everything shown gives it another value.
   This also catches cells that only several lines *together* pin down (two rows
   whose small cells fix each other through two columns), which propagation
   line by line misses.

For a recomputable cell one more cell is hidden (shown as "x", with a note),
chosen among the visible cells on the lines through it, preferring

a. a non-zero inner cell, then a total, and zeros last (for the integer test zeros
   are never chosen: a hidden zero beside a hidden 1 does not widen anything);
   totals first with ``foredra_summor`` (the city summary, whose inner cells are the
   committees' own published figures);
b. the cell on most of those lines (one cell closing a row and a column at once);
c. the smallest value ("the next-smallest cell"), then table order.

When the integer test pins a cell and its lines have nothing left to hide (a line
where *every* cell is small, e.g. a column whose total is itself "färre än 3"), the
small inner cells of the line are shown as "x" instead of "färre än N", so the
label no longer gives the reader the lower bound 1. With ``minsta_antal == 2`` the
integer test is skipped ("färre än 2" can only be 1 anyway).

If the loop ends with a cell still recomputable (no table known to the tests does),
every non-zero count of the table is shown as "x".

Missing cells (NA) are never hidden and count as known zeros (a total of a row with
a missing cell is normally the sum of the rest). The tests check the result against
an independent exact-rational rank test and, for random small tables, against a
brute-force enumeration of every integer table consistent with what is shown.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from vbe_lib.presentation import fmt

__all__ = [
    "Undertryckning", "DOLD_SEKUNDAR",
    "skydda_antal", "skydda_i_mening", "undertryck_tabell", "undertryck_kolumn",
    "undertryckningsnot", "sekundarnot", "har_undertryckta", "ar_dold_cell", "skyddad_serie_for_diagram",
]

#: Symbol of a cell hidden by secondary suppression.
DOLD_SEKUNDAR = "x"

_FARRE_RE = re.compile(r"^färre än \d+$")


# ====================================================================== small counts
def _troskel(minsta_antal: Any) -> int:
    """The threshold as an int; accepts an int, :class:`Undertryckning` or
    :class:`vbe_lib.parametrar.konfiguration.Integritet` (anything with ``minsta_antal``)."""
    m = getattr(minsta_antal, "minsta_antal", minsta_antal)
    if m is None:
        return 0
    m = int(m)
    if m < 0:
        raise ValueError("minsta_antal kan inte vara negativt")
    return m


def _farre_an(m: int) -> str:
    return f"färre än {fmt.tal(m)}"


def _ar_dold(x: Any, m: int) -> bool:
    """True if the count ``x`` must be hidden with threshold ``m``."""
    if m <= 1 or fmt.ar_saknas(x) or isinstance(x, (str, bool)):
        return False
    try:
        v = float(x)
    except (TypeError, ValueError):
        return False
    return 1 <= v < m


@dataclass(frozen=True)
class Undertryckning:
    """Suppression settings of one report: counts ``1 <= x < minsta_antal`` are
    hidden and shown as "färre än N"; ``minsta_antal <= 1`` means no suppression."""

    minsta_antal: int = 3

    @classmethod
    def fran(cls, integritet: Any) -> "Undertryckning":
        """From an ``Integritet`` (``Konfiguration.integritet(slug)``) or an int."""
        return cls(_troskel(integritet))

    @property
    def aktiv(self) -> bool:
        return self.minsta_antal > 1

    @property
    def text(self) -> str:
        """The replacement text, e.g. "färre än 3"."""
        return _farre_an(self.minsta_antal)

    def dold(self, x: Any) -> bool:
        return _ar_dold(x, self.minsta_antal)

    def antal(self, x: Any) -> str:
        return skydda_antal(x, self.minsta_antal)

    def i_mening(self, x: Any, singular: str, plural: str) -> str:
        return skydda_i_mening(x, self.minsta_antal, singular, plural)

    def tabell(self, df: pd.DataFrame, kolumner: Sequence[Any], summarad: bool | str = False,
               **kw: Any) -> tuple[pd.DataFrame, list[str]]:
        return undertryck_tabell(df, kolumner, self.minsta_antal, summarad, **kw)

    def kolumn(self, series: pd.Series) -> pd.Series:
        return undertryck_kolumn(series, self.minsta_antal)

    def diagram(self, series: pd.Series) -> tuple[pd.Series, list[str]]:
        return skyddad_serie_for_diagram(series, self.minsta_antal)

    def not_text(self) -> str:
        return undertryckningsnot(self.minsta_antal)


def skydda_antal(x: Any, minsta_antal: Any) -> str:
    """One count as table text: "färre än 3", "–" (0), ".." (missing), "12", "1 700"."""
    m = _troskel(minsta_antal)
    if _ar_dold(x, m):
        return _farre_an(m)
    return fmt.cell(x)


def skydda_i_mening(x: Any, minsta_antal: Any, singular: str, plural: str) -> str:
    """A count with its noun for a generated sentence.

    "färre än 3 ärenden", "1 ärende", "12 ärenden", "inga ärenden" (0),
    "uppgift saknas" (missing)."""
    m = _troskel(minsta_antal)
    if fmt.ar_saknas(x):
        return "uppgift saknas"
    if _ar_dold(x, m):
        return f"{_farre_an(m)} {plural}"
    if x == 0:
        return f"inga {plural}"
    return fmt.antal_ord(x, singular, plural)


def undertryckningsnot(minsta_antal: Any) -> str:
    """The note under a table with suppressed cells."""
    m = _troskel(minsta_antal)
    return (f"Antal under {fmt.tal(m)} visas som \u201d{_farre_an(m)}\u201d "
            "för att skydda enskilda personers integritet.")


def sekundarnot(antal: int) -> str:
    """The note for cells hidden by secondary suppression (shown as "x")."""
    if antal <= 0:
        return ""
    if antal == 1:
        return (f"Ytterligare ett värde har dolts (visas som {DOLD_SEKUNDAR}) så att det "
                "dolda inte kan räknas fram ur summorna.")
    return (f"Ytterligare {fmt.tal_ord(antal, neutrum=True)} värden har dolts (visas som "
            f"{DOLD_SEKUNDAR}) så att de dolda inte kan räknas fram ur summorna.")


def undertryck_kolumn(series: pd.Series, minsta_antal: Any) -> pd.Series:
    """A display copy of a count column (e.g. ``antal`` of a long tidy frame):
    hidden counts become the text "färre än N"; other values (numbers, NA) stay as
    they are, so ``fmt.cell`` still formats them. No secondary suppression (a long
    frame has no totals); use :func:`undertryck_tabell` for tables with sums."""
    m = _troskel(minsta_antal)
    ut = series.astype(object).copy()
    mask = series.map(lambda v: _ar_dold(v, m)).astype(bool)
    ut[mask] = _farre_an(m)
    ut.attrs = dict(series.attrs)
    ut.attrs["undertryckta"] = int(mask.sum())
    return ut


def ar_dold_cell(v: Any) -> bool:
    """True for a display cell that hides its count ("färre än N" or "x")."""
    return isinstance(v, str) and (v == DOLD_SEKUNDAR or bool(_FARRE_RE.match(v)))


def har_undertryckta(df: pd.DataFrame | pd.Series) -> bool:
    """True if a display frame/series holds a suppressed cell ("färre än N" or "x")."""
    n = df.attrs.get("undertryckta") if hasattr(df, "attrs") else None
    if n:
        return True
    values = df.to_numpy().ravel() if isinstance(df, (pd.DataFrame, pd.Series)) else df
    for v in values:
        if isinstance(v, str) and (v == DOLD_SEKUNDAR or _FARRE_RE.match(v)):
            return True
    return False


def skyddad_serie_for_diagram(series: pd.Series, minsta_antal: Any) -> tuple[pd.Series, list[str]]:
    """Values to plot and labels for a bar chart of counts.

    Hidden counts are plotted at height 0 with the label "färre än N", so the chart
    never shows the number (neither as bar height nor as label). Missing values are
    NaN (no bar) labelled "..". Other labels are formatted numbers ("0", "12")."""
    m = _troskel(minsta_antal)
    hojd: list[float] = []
    etiketter: list[str] = []
    for v in series.tolist():
        if fmt.ar_saknas(v):
            hojd.append(np.nan)
            etiketter.append(fmt.SAKNAS)
        elif _ar_dold(v, m):
            hojd.append(0.0)
            etiketter.append(_farre_an(m))
        else:
            hojd.append(float(v))
            etiketter.append(fmt.tal(v))
    return pd.Series(hojd, index=series.index, name=series.name, dtype="float64"), etiketter


# --------------------------------------------------------------- tables with totals
_TOTAL_RE = re.compile(r"^\s*(totalt|summa|total|samtliga|sammanlagt|samtliga\s+\w+)\b", re.IGNORECASE)


def _ar_total(label: Any) -> bool:
    if isinstance(label, tuple):
        return any(_ar_total(x) for x in label)
    return isinstance(label, str) and bool(_TOTAL_RE.match(label))


def _totalrader(df: pd.DataFrame, skyddade: list[Any], summarad: bool | str) -> list[int]:
    """Positions of total rows: labelled in the index or in a non-count column, or
    named by ``summarad`` (True = the last row, a string = that label)."""
    ovriga = [c for c in df.columns if c not in skyddade]
    rader: set[int] = set()
    for i in range(len(df)):
        etiketter = [df.index[i]] + [df.iloc[i][c] for c in ovriga]
        if isinstance(df.index[i], tuple):
            etiketter = list(df.index[i]) + etiketter[1:]
        if isinstance(summarad, str) and not isinstance(summarad, bool):
            if any(isinstance(e, str) and e.strip().casefold() == summarad.strip().casefold()
                   for e in etiketter):
                rader.add(i)
        if any(_ar_total(e) for e in etiketter):
            rader.add(i)
    if summarad is True and len(df):
        rader.add(len(df) - 1)
    return sorted(rader)


def _determinerade(ekv: np.ndarray, dolda: list[int]) -> list[int]:
    """Hidden cells (indices into ``dolda``' cells) that the linear system determines."""
    if not dolda or ekv.shape[0] == 0:
        return []
    a = ekv[:, dolda]
    a = a[np.any(a != 0, axis=1)]
    if a.shape[0] == 0:
        return []
    r = np.linalg.matrix_rank(a)
    ut = []
    for k in range(len(dolda)):
        if not np.any(a[:, k]):
            continue
        if np.linalg.matrix_rank(np.delete(a, k, axis=1)) < r:
            ut.append(dolda[k])
    return ut


def _summa_utom(termer: np.ndarray, n: int) -> float:
    return float(np.delete(termer, n).sum())


def _heltal_fasta(ekv: np.ndarray, lo: np.ndarray, hi: np.ndarray, sann: np.ndarray,
                  dolda: list[int]) -> list[int]:
    """Hidden cells that every *integer* table consistent with what is shown gives
    the same value (exact, by integer programming with HiGHS).

    Variables are all cells; shown ones have ``lo == hi``. ``sann`` (the true table)
    is one feasible solution, so a hidden cell ``k`` is free iff some feasible integer
    table has ``x[k] >= sann[k] + 1`` or ``x[k] <= sann[k] - 1``: one maximisation and,
    if needed, one minimisation per hidden cell. Catches what bounds propagation
    cannot, e.g. two rows whose small cells pin each other only in combination.
    """
    if not dolda or ekv.shape[0] == 0:
        return []
    import highspy  # thin HiGHS wrapper; imported here, only tables with hidden cells need it

    kanda = [k for k in range(ekv.shape[1]) if lo[k] == hi[k]]
    fria = [k for k in range(ekv.shape[1]) if lo[k] != hi[k]]
    a = ekv[:, fria]
    rhs = -ekv[:, kanda] @ lo[kanda]
    rader = np.any(a != 0, axis=1)
    a, rhs = a[rader], rhs[rader]
    pos = {k: n for n, k in enumerate(fria)}
    if a.shape[0] == 0:
        return [k for k in dolda if k not in pos]
    inf = highspy.kHighsInf
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = len(fria), a.shape[0]
    lp.col_cost_ = np.zeros(len(fria))
    lp.col_lower_ = lo[fria].astype(float)
    lp.col_upper_ = np.where(np.isfinite(hi[fria]), hi[fria], inf).astype(float)
    lp.row_lower_ = rhs.astype(float)
    lp.row_upper_ = rhs.astype(float)
    start, index, value = [0], [], []
    for n in range(len(fria)):
        rad = np.nonzero(a[:, n])[0]
        index.extend(int(r) for r in rad)
        value.extend(float(a[r, n]) for r in rad)
        start.append(len(index))
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_, lp.a_matrix_.index_, lp.a_matrix_.value_ = start, index, value
    lp.integrality_ = [highspy.HighsVarType.kInteger] * len(fria)
    h.passModel(lp)
    optimal = highspy.HighsModelStatus.kOptimal

    def extrem(n: int, sense: Any) -> float | None:
        """The optimum of x[n] in direction ``sense``, None when unbounded."""
        h.changeColCost(n, 1.0)
        h.changeObjectiveSense(sense)
        h.run()
        # read before the model changes again (a change clears HiGHS' solution info)
        varde = (float(h.getInfo().objective_function_value)
                 if h.getModelStatus() == optimal else None)  # None: unbounded
        h.changeColCost(n, 0.0)
        return varde

    ut = []
    for k in dolda:
        if k not in pos:
            ut.append(k)
            continue
        n = pos[k]
        storst = extrem(n, highspy.ObjSense.kMaximize)
        if storst is None or storst >= sann[k] + 0.5:
            continue
        minst = extrem(n, highspy.ObjSense.kMinimize)
        if minst is not None and minst <= sann[k] - 0.5:
            continue
        ut.append(k)
    return ut


def undertryck_tabell(
    df: pd.DataFrame,
    kolumner: Sequence[Any],
    minsta_antal: Any,
    summarad: bool | str = False,
    *,
    formatera: bool = False,
    foredra_summor: bool = False,
    primara_rader: Sequence[int] | None = None,
    dolda_fran_start: Iterable[tuple[int, Any]] = (),
) -> tuple[pd.DataFrame, list[str]]:
    """A display copy of a count table with primary and secondary suppression.

    ``kolumner`` are the count columns to protect. A column named like a total
    ("Totalt", "Summa", "Total", "Samtliga", "Sammanlagt") is a row total, whether
    listed or not; a row labelled so (in the index or in a label column), or given by
    ``summarad`` (True: the last row; a string: that label), is a column total.
    Counts ``1 <= x < minsta_antal`` (totals too) become "färre än N"; cells hidden so
    that those cannot be recomputed from the totals become "x" (rule: module
    docstring). Other cells keep their values (pass each through ``fmt.cell``), or
    are formatted with ``fmt.cell`` when ``formatera=True``.

    ``foredra_summor``: hide totals before inner cells when a secondary cell is
    needed. For a table whose inner cells are published elsewhere too (the city
    summary's row per committee is the committee's own figure, shown in its report),
    hiding an inner cell protects nothing: the reader finds it in the other report.

    ``primara_rader`` (row positions, 0-based) limits the small counts that are hidden
    to those rows (e.g. the row of events that describe a person in a table of all
    kinds of event); secondary suppression still looks at the whole table.
    ``dolda_fran_start``: cells (row position, column name) already hidden elsewhere,
    shown as "x" here too and treated as unknown.

    Returns ``(visning, noter)``; ``noter`` are Swedish sentences for under the
    table, empty when nothing was hidden. ``visning.attrs["undertryckta"]`` holds the
    number of hidden cells.
    """
    m = _troskel(minsta_antal)
    ut = df.copy()
    kolumner = [c for c in kolumner if c in df.columns]
    totalkol = [c for c in df.columns if _ar_total(c)
                and (c in kolumner or pd.api.types.is_numeric_dtype(df[c]))]
    skyddade = [c for c in df.columns if c in kolumner or c in totalkol]
    for c in skyddade:
        ut[c] = ut[c].astype(object)
    if m <= 1 or not skyddade or df.empty:  # (no suppression: dolda_fran_start is ignored too)
        if formatera:
            for c in skyddade:
                ut[c] = ut[c].map(fmt.cell)
        ut.attrs["undertryckta"] = 0
        return ut, []

    t = _Tabellmodell.fran(df, skyddade, totalkol, m, summarad, primara_rader, dolda_fran_start)
    t.sekundar_undertryckning(foredra_summor)
    t.sista_utvagen()

    for i in range(t.nr):
        for j, c in enumerate(skyddade):
            if t.primar[i, j] and not t.omdopt[i, j]:
                ut.iat[i, ut.columns.get_loc(c)] = _farre_an(m)
            elif t.sekundar[i, j] or t.omdopt[i, j]:
                ut.iat[i, ut.columns.get_loc(c)] = DOLD_SEKUNDAR
    if formatera:
        for c in skyddade:
            ut[c] = ut[c].map(fmt.cell)
    noter: list[str] = []
    if (t.primar & ~t.omdopt).any():
        noter.append(undertryckningsnot(m))
    if (t.sekundar | t.omdopt).any():
        noter.append(sekundarnot(int((t.sekundar | t.omdopt).sum())))
    ut.attrs["undertryckta"] = int(t.primar.sum() + t.sekundar.sum())
    return ut, noter


@dataclass
class _Tabellmodell:
    """A count table as the reader's linear system (:func:`undertryck_tabell`).

    Cells are numbered row by row (``idx``); ``ekv`` holds one equation per shown
    total (inner cells minus the total = 0). The masks say which cells are small
    counts (``primar``), hidden (``dolda_mask``: primary or secondary), hidden as
    secondary cells (``sekundar``) and small counts shown as "x" instead of
    "färre än N" (``omdopt``)."""

    nr: int
    nc: int
    m: int
    varden: np.ndarray
    saknas: np.ndarray
    primar: np.ndarray
    ekv: np.ndarray
    ar_totalcell: np.ndarray
    dolda_mask: np.ndarray
    sekundar: np.ndarray
    omdopt: np.ndarray

    @classmethod
    def fran(cls, df: pd.DataFrame, skyddade: list[Any], totalkol: list[Any], m: int, summarad: bool | str,
             primara_rader: Sequence[int] | None, dolda_fran_start: Iterable[tuple[int, Any]]) -> "_Tabellmodell":
        nr, nc = len(df), len(skyddade)
        inre_kol = [j for j, c in enumerate(skyddade) if c not in totalkol]
        total_kol = [j for j, c in enumerate(skyddade) if c in totalkol]
        varden = np.full((nr, nc), np.nan)
        for j, c in enumerate(skyddade):
            varden[:, j] = pd.to_numeric(df[c], errors="coerce").astype("Float64").to_numpy(
                dtype="float64", na_value=np.nan)
        saknas = np.isnan(varden)
        primar = np.zeros((nr, nc), dtype=bool)
        radurval = set(range(nr)) if primara_rader is None else {int(i) for i in primara_rader}
        for i in range(nr):
            for j in range(nc):
                primar[i, j] = i in radurval and (not saknas[i, j]) and _ar_dold(varden[i, j], m)

        trader = _totalrader(df, skyddade, summarad)
        inre_rader = [i for i in range(nr) if i not in trader]
        ekvationer: list[np.ndarray] = []

        def lagg_till(medlemmar: list[tuple[int, int]], total: tuple[int, int]) -> None:
            if saknas[total] or not medlemmar:
                return
            rad = np.zeros(nr * nc)
            for i, j in medlemmar:
                rad[i * nc + j] = 1.0
            rad[total[0] * nc + total[1]] = -1.0
            ekvationer.append(rad)

        # row totals: sum of inner columns = total column (for every row, totals rows too)
        for t in total_kol:
            for i in range(nr):
                lagg_till([(i, j) for j in inre_kol], (i, t))
        # column totals: sum of inner rows = total row (for every protected column)
        for s in trader:
            for j in range(nc):
                lagg_till([(i, j) for i in inre_rader], (s, j))
        ekv = np.array(ekvationer) if ekvationer else np.zeros((0, nr * nc))

        dolda_mask = primar.copy()
        sekundar = np.zeros((nr, nc), dtype=bool)
        for i, c in dolda_fran_start:
            if c in skyddade and not primar[int(i), skyddade.index(c)] and not saknas[int(i), skyddade.index(c)]:
                dolda_mask[int(i), skyddade.index(c)] = sekundar[int(i), skyddade.index(c)] = True
        ar_totalcell = np.zeros((nr, nc), dtype=bool)
        for i in trader:
            ar_totalcell[i, :] = True
        for j in total_kol:
            ar_totalcell[:, j] = True
        return cls(nr=nr, nc=nc, m=m, varden=varden, saknas=saknas, primar=primar, ekv=ekv,
                   ar_totalcell=ar_totalcell, dolda_mask=dolda_mask, sekundar=sekundar,
                   omdopt=np.zeros((nr, nc), dtype=bool))

    def idx(self, i: int, j: int) -> int:
        return i * self.nc + j

    def dolda(self) -> list[int]:
        return [self.idx(i, j) for i in range(self.nr) for j in range(self.nc) if self.dolda_mask[i, j]]

    def startgranser(self) -> tuple[np.ndarray, np.ndarray]:
        """What a reader knows of each cell: every shown value is exact, every
        "färre än N" is 1..N-1, every "x" is 0 or more."""
        nr, nc = self.nr, self.nc
        lo = np.zeros(nr * nc)
        hi = np.full(nr * nc, np.inf)
        for i in range(nr):
            for j in range(nc):
                k = self.idx(i, j)
                if not self.dolda_mask[i, j]:
                    lo[k] = hi[k] = 0.0 if self.saknas[i, j] else self.varden[i, j]
                elif self.primar[i, j] and not self.omdopt[i, j]:
                    lo[k], hi[k] = 1.0, self.m - 1.0
        return lo, hi

    def _propagera(self, lo: np.ndarray, hi: np.ndarray) -> None:
        """Tighten the bounds of each line's hidden cells from the others until nothing changes."""
        for _ in range(4 * self.nr * self.nc + 4):
            andrat = False
            for e in self.ekv:
                pos = np.nonzero(e)[0]
                koef = e[pos]
                # sum(koef * x) = 0; bounds of each term koef*x
                t_lo = np.where(koef > 0, lo[pos], -hi[pos])
                t_hi = np.where(koef > 0, hi[pos], -lo[pos])
                s_lo, s_hi = t_lo.sum(), t_hi.sum()
                for n, k in enumerate(pos):
                    ovr_lo = s_lo - t_lo[n] if np.isfinite(t_lo[n]) else _summa_utom(t_lo, n)
                    ovr_hi = s_hi - t_hi[n] if np.isfinite(t_hi[n]) else _summa_utom(t_hi, n)
                    # koef*x = -(others)
                    n_lo, n_hi = -ovr_hi, -ovr_lo
                    if koef[n] < 0:
                        n_lo, n_hi = -n_hi, -n_lo
                    if n_lo > lo[k] + 1e-9:
                        lo[k], andrat = n_lo, True
                    if n_hi < hi[k] - 1e-9:
                        hi[k], andrat = n_hi, True
            if not andrat:
                return

    def heltal_bestamda(self) -> list[int]:
        """Hidden cells pinned to one value by a reader's integer reasoning. First
        bounds propagation; when that pins none, the exact integer test
        (:func:`_heltal_fasta`) has the last word."""
        lo, hi = self.startgranser()
        self._propagera(lo, hi)
        fasta = [k for k in self.dolda() if hi[k] - lo[k] < 0.5]
        if fasta:
            return fasta
        # propagation is not a complete integer method: confirm with the exact test
        lo0, hi0 = self.startgranser()
        return _heltal_fasta(self.ekv, lo0, hi0, np.nan_to_num(self.varden, nan=0.0).ravel(), self.dolda())

    def _kandidat(self, problem: np.ndarray, lokal: bool, foredra_summor: bool) -> tuple[int, int] | None:
        """The visible cell to hide next on the lines of ``problem`` (rule a–c of the
        module docstring), or None."""
        traffar = np.count_nonzero(problem != 0, axis=0)  # per cell: problem equations
        kandidater = []
        for k in np.nonzero(traffar)[0]:
            i, j = divmod(int(k), self.nc)
            if self.dolda_mask[i, j] or self.saknas[i, j]:
                continue
            noll = self.varden[i, j] == 0
            if noll and lokal:
                continue  # a hidden zero next to "färre än N" cells does not help
            # 0 non-zero inner cell, 1 non-zero total, 2 zero total, 3 zero inner cell
            # (inner and total swapped with foredra_summor)
            total = bool(self.ar_totalcell[i, j]) != foredra_summor
            niva = (3 if not total else 2) if noll else int(total)
            kandidater.append((niva, -int(traffar[k]), self.varden[i, j], i, j))
        if not kandidater:
            return None
        _, _, _, i, j = min(kandidater)
        return i, j

    def _visa_som_x(self, problem: np.ndarray, fasta: list[int]) -> bool:
        """Every cell of the line is small (e.g. a column whose total is itself
        "färre än N"): the label "färre än N" would give the reader the lower bound 1
        for each cell and pin them down, so its inner cells are shown as "x"."""
        nc = self.nc
        nya = [divmod(int(k), nc) for k in np.nonzero(np.any(problem > 0, axis=0))[0]]
        nya = [(i, j) for i, j in nya if self.primar[i, j] and not self.omdopt[i, j]]
        if not nya:  # then every small cell (totals too) on a line of a pinned cell
            alla = self.ekv[np.any(self.ekv[:, fasta] != 0, axis=1)]
            nya = [divmod(int(k), nc) for k in np.nonzero(np.any(alla != 0, axis=0))[0]]
            nya = [(i, j) for i, j in nya if self.primar[i, j] and not self.omdopt[i, j]]
        for i, j in nya:
            self.omdopt[i, j] = True
        return bool(nya)

    def sekundar_undertryckning(self, foredra_summor: bool) -> None:
        """Hide one more cell at a time until no hidden cell can be worked out."""
        ekv = self.ekv
        for _ in range(2 * self.nr * self.nc + 2):
            bestamda = _determinerade(ekv, self.dolda())
            lokal = False
            fasta: list[int] = []
            if bestamda:
                problem = ekv[np.any(ekv[:, bestamda] != 0, axis=1)]
            else:
                if self.m < 3:
                    break  # with N = 2, "färre än 2" can only be 1: nothing to gain
                fasta = self.heltal_bestamda()
                if not fasta:
                    break
                problem, lokal = ekv[ekv[:, fasta[0]] != 0], True
            cell = self._kandidat(problem, lokal, foredra_summor)
            if cell is not None:
                self.dolda_mask[cell] = True
                self.sekundar[cell] = True
                continue
            if not lokal:
                break  # nothing left to hide in these lines (theoretical)
            if not self._visa_som_x(problem, fasta):
                break

    def sista_utvagen(self) -> None:
        """Last resort, reached by no table the tests know: if a hidden cell can still be
        worked out, every non-zero count of the table is shown as "x"."""
        if not self.dolda_mask.any():
            return
        if not (_determinerade(self.ekv, self.dolda()) or (self.m >= 3 and self.heltal_bestamda())):
            return
        for i in range(self.nr):
            for j in range(self.nc):
                if self.saknas[i, j] or self.varden[i, j] == 0:
                    continue
                if self.primar[i, j]:
                    self.omdopt[i, j] = True
                elif not self.dolda_mask[i, j]:
                    self.dolda_mask[i, j] = self.sekundar[i, j] = True
