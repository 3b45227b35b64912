"""The missing-value rule, in one place: "uppgift saknas" is never zero.

Counts are pandas ``Int64`` where ``pd.NA`` means *uppgift saknas* (shown "..") and 0
means zero (shown "–"). Every analysis that sums, averages, compares or divides parts
goes through this module:

* a **sum over parts** (predecessors of a merged committee, categories such as the
  miljöer of a count, the committees of the whole municipality) is missing as soon as
  one *needed* part is missing – never the sum of the parts that are known
  (:func:`summa`);
* a **share** or **change** is missing when either side is missing (:func:`andel`,
  :func:`forandring`);
* what is missing is said: every missing result carries the parts that made it
  missing (:class:`Saknad`: which part, which year, why), so a sentence can say
  "uppgift saknas för Sjöängen 2022" (``vbe_lib.presentation.text.saknas_for``).

Which parts are *needed* in a year (:class:`Del`): a committee that existed during the
whole calendar year must have a figure of its own; in a year of reorganisation (a
committee existed only part of the year) the figures may stand on either the old or
the new committee, so a part without rows is not needed there as long as another part
of the line has rows.

Event lists (one row per event: forms, IA, graffiti) have no cells to leave empty: a
committee's count is its number of rows. There the rule is :class:`Leverans`: a
configured committee without a single row in any year is *uppgift saknas* (not zero),
unless ``datakalla.yml`` declares that it had no events (``inga_handelser``); a year
that the data declare not delivered (``ej_levererat``) is missing for everyone; any
other covered year without rows is 0.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

__all__ = [
    "ar_saknas", "Saknad", "Del", "delar", "summa", "andel", "forandring", "Leverans", "handelsear",
    "saknade_i", "ARSSLUT",
]


def ar_saknas(x: object) -> bool:
    """True for None, pd.NA, NaN and NaT (a value that is 'uppgift saknas')."""
    if x is None:
        return True
    if isinstance(x, str) or not pd.api.types.is_scalar(x):
        return False
    return bool(pd.isna(x))


# ------------------------------------------------------------------ what is missing
@dataclass(frozen=True, order=True)
class Saknad:
    """One missing part of a figure: ``vad`` (a committee's short name, a category's
    label, or "" when the figure itself is missing), ``ar`` (the year, or None) and
    ``orsak``: ``"uppgift"`` (an empty cell or a missing row), ``"inga_rader"`` (an
    event list without a single row for the committee) or ``"ej_levererat"`` (the
    data say the source was not delivered that year)."""

    vad: str = ""
    ar: int | None = None
    orsak: str = "uppgift"


def saknade_i(varden: Iterable[Any]) -> tuple[Saknad, ...]:
    """All :class:`Saknad` in a column of tuples (e.g. a series' ``saknas``), sorted,
    without duplicates."""
    ut: set[Saknad] = set()
    for v in varden:
        if isinstance(v, (tuple, list)):
            ut.update(x for x in v if isinstance(x, Saknad))
    return tuple(sorted(ut, key=lambda s: (s.ar or 0, s.vad, s.orsak)))


# ------------------------------------------------------------------ parts of a sum
ARSSLUT = (12, 31)


@dataclass(frozen=True)
class Del:
    """A committee as a part of a sum: its slug, short name, validity and the sources
    configured for it (``kallor``; None = every source)."""

    slug: str
    namn: str
    giltig_fran: dt.date = dt.date(1900, 1, 1)
    giltig_till: dt.date | None = None
    kallor: frozenset[str] | None = None

    def fanns_under(self, ar: int) -> bool:
        """Existed during some part of calendar year ``ar``."""
        return self.giltig_fran <= dt.date(ar, *ARSSLUT) and (
            self.giltig_till is None or self.giltig_till >= dt.date(ar, 1, 1))

    def fanns_hela(self, ar: int) -> bool:
        """Existed during the whole of calendar year ``ar``."""
        return self.giltig_fran <= dt.date(ar, 1, 1) and (
            self.giltig_till is None or self.giltig_till >= dt.date(ar, *ARSSLUT))

    def har_kalla(self, kalla: str | None) -> bool:
        return kalla is None or self.kallor is None or kalla in self.kallor


def delar(konf: Any, slugs: Iterable[str] | str) -> list[Del]:
    """The parts (:class:`Del`) of the committees ``slugs`` (e.g. ``konf.linje(slug)``,
    or every district of the municipality) of a ``Konfiguration``."""
    slugs = [slugs] if isinstance(slugs, str) else list(slugs)
    ut = []
    for s in slugs:
        n = konf.namnd(s)
        ut.append(Del(s, n.kortnamn, n.giltig_fran, n.giltig_till, frozenset(n.kallor)))
    return ut


def behovda(delar_: Sequence[Del], ar: int, kalla: str | None = None) -> list[Del]:
    """The parts that existed during year ``ar`` (and have the source ``kalla``)."""
    return [d for d in delar_ if d.fanns_under(ar) and d.har_kalla(kalla)]


# ------------------------------------------------------------------ arithmetic
def summa(varden: Mapping[str, Any] | Sequence[Any], ar: int | None = None,
          tom: Any = pd.NA) -> tuple[Any, tuple[Saknad, ...]]:
    """Sum of parts → ``(sum, missing parts)``.

    ``varden``: part name → value (or a plain sequence of values, then the missing
    parts are not named). The sum is ``pd.NA`` when any value is missing, with one
    :class:`Saknad` per missing part; an empty set of parts gives ``tom`` (default
    NA: nothing to add up is not zero)."""
    if isinstance(varden, Mapping):
        par = list(varden.items())
    else:
        par = [("", v) for v in varden]
    if not par:
        return tom, ()
    saknade = tuple(Saknad(namn, ar) for namn, v in par if ar_saknas(v))
    if saknade:
        if len(saknade) == len(par):
            return pd.NA, (Saknad("", ar),) if ar is not None else ()  # nothing known: simply missing
        return pd.NA, saknade
    total = sum(v for _, v in par)
    return (int(total) if float(total).is_integer() else total), ()


def andel(taljare: Any, namnare: Any) -> Any:
    """``taljare / namnare``; NA when either is missing or the denominator is 0."""
    if ar_saknas(taljare) or ar_saknas(namnare) or namnare == 0:
        return pd.NA
    return taljare / namnare


def forandring(fran: Any, till: Any) -> Any:
    """``till − fran``; NA when either is missing."""
    if ar_saknas(fran) or ar_saknas(till):
        return pd.NA
    return till - fran


# ------------------------------------------------------------------ event lists
@dataclass(frozen=True)
class Leverans:
    """What an event list (one row per event) says about itself.

    ``levererade``: committees with at least one row in any year, plus those that
    ``datakalla.yml`` declares had no events at all (``inga_handelser``);
    ``ej_levererat``: years the data declare the source not delivered; ``tackta``:
    years the list covers (at least one row somewhere, or given)."""

    kalla: str
    levererade: frozenset[str] = frozenset()
    ej_levererat: frozenset[int] = frozenset()
    tackta: frozenset[int] = frozenset()

    @classmethod
    def fran(cls, df: pd.DataFrame, kalla: str, ej_levererat: Iterable[int] = (),
             inga_handelser: Iterable[str] = (), tackta_ar: Iterable[int] = ()) -> "Leverans":
        slugs = set(df["namnd"].dropna().astype(str)) if len(df) else set()
        ar = set(int(a) for a in pd.to_numeric(df["ar"]).unique()) if len(df) else set()
        return cls(kalla, frozenset(slugs | set(inga_handelser)), frozenset(int(a) for a in ej_levererat),
                   frozenset(ar | set(int(a) for a in tackta_ar)))


def handelsear(leverans: Leverans, delar_: Sequence[Del], ar: int) -> tuple[Saknad, ...] | None:
    """Is the count of year ``ar`` over the parts ``delar_`` known?

    None when it is (count the rows; a covered year without rows is 0), else the
    missing parts: the year not covered or not delivered, or a needed part without a
    single row in any year (a part that existed only part of a year of
    reorganisation is needed only when no other part of the line has rows at all)."""
    if ar in leverans.ej_levererat:
        return (Saknad("", ar, "ej_levererat"),)
    if ar not in leverans.tackta:
        return (Saknad("", ar),)
    behov = behovda(delar_, ar, leverans.kalla)
    if not behov:
        return None
    utan = [d for d in behov if d.slug not in leverans.levererade]
    if not utan:
        return None
    nagon = any(d.slug in leverans.levererade for d in behov)
    saknade = tuple(Saknad(d.namn, ar, "inga_rader") for d in utan if d.fanns_hela(ar) or not nagon)
    return saknade or None


@dataclass
class Arssumma:
    """A count frame's figure of one year over parts (:func:`arssumma`)."""

    antal: Any = pd.NA
    saknas: tuple[Saknad, ...] = field(default_factory=tuple)


def arssumma(rader: pd.DataFrame, delar_: Sequence[Del] | None, slugs: Sequence[str], ar: int,
             kalla: str | None = None, antal: str = "antal",
             fullstandig: tuple[str, Sequence[Any], Mapping[Any, str]] | None = None) -> Arssumma:
    """Sum of ``antal`` of year ``ar`` over the committees (count frames: one row per
    committee, year and category, empty cell = missing).

    ``rader``: the rows of that year (already filtered). Without ``delar_`` the parts
    are the slugs that have rows. With them, a committee that existed the whole
    year without a row is a missing part. ``fullstandig`` = (column, keys, labels):
    every key must have a row for each committee with rows (e.g. the four miljöer of a
    concern-report count); a key without a row is a missing part. NA when any needed
    part is missing, or when no committee has a row."""
    namn = {d.slug: d.namn for d in delar_} if delar_ is not None else {}
    flera = len(delar_ if delar_ is not None else slugs) > 1
    med_rader = list(dict.fromkeys(rader["namnd"].astype(str))) if len(rader) else []
    if not med_rader:
        return Arssumma(pd.NA, ())
    saknade: list[Saknad] = []
    for d in behovda(delar_ or [], ar, kalla):
        if d.slug not in med_rader and d.fanns_hela(ar):
            saknade.append(Saknad(d.namn, ar))
    varden = pd.array(rader[antal], dtype="Int64")
    if pd.isna(varden).all():
        # nothing of the sum is known: the figure is simply missing (no part to name)
        return Arssumma(pd.NA, ())
    kol_kat = fullstandig[0] if fullstandig else None
    for (s, v, k) in zip(rader["namnd"].astype(str), varden,
                         rader[kol_kat] if kol_kat else [None] * len(rader)):
        if ar_saknas(v):
            saknade.append(Saknad(_delnamn(namn.get(s, s), k, fullstandig, flera), ar))
    if fullstandig:
        kol, nycklar, etiketter = fullstandig
        for s in med_rader:
            finns = set(rader.loc[rader["namnd"].astype(str) == s, kol].astype(object))
            for k in nycklar:
                if k not in finns:
                    saknade.append(Saknad(_delnamn(namn.get(s, s), k, fullstandig, flera), ar))
    if saknade:
        return Arssumma(pd.NA, tuple(dict.fromkeys(saknade)))
    return Arssumma(int(pd.Series(varden).sum()), ())


def _delnamn(namn: str, nyckel: Any, fullstandig: Any, flera: bool) -> str:
    if fullstandig is None or nyckel is None:
        return namn
    etikett = fullstandig[2].get(nyckel, str(nyckel)) if fullstandig[2] else str(nyckel)
    etikett = etikett[:1].lower() + etikett[1:] if len(etikett) > 1 and not etikett[1].isupper() else etikett
    return f"{namn}, {etikett}" if flera else etikett
