"""Swedish formatting of numbers, percentages, dates and table symbols.

This is the only module that turns values into text for readers. Everything goes
through Babel with locale ``sv_SE``:

* thousands separator: non-breaking space (U+00A0): ``tal(1700) == "1\u00a0700"``
* decimal comma: ``tal(3.074, 2) == "3,07"``
* per cent with a non-breaking space before the sign: ``procent(0.444) == "44\u00a0%"``
* negative numbers with the typographic minus sign U+2212: ``"\u221217"``
* dates: ``datum(date(2026, 11, 22)) == "22 november 2026"``
* table symbols: ``cell(0) == "–"`` (zero), ``cell(pd.NA) == ".."`` (not available)

Rounding is half away from zero ("kommersiell avrundning"), the convention of
Swedish official statistics, not Python's banker's rounding.
"""
from __future__ import annotations

import datetime as dt
import math
import numbers
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd
from babel.dates import format_date
from babel.numbers import format_decimal

from vbe_lib.analys.saknas import ar_saknas  # noqa: F401 - formatting starts from the missing rule

LOCALE = "sv_SE"
NBSP = "\u00a0"
MINUS = "\u2212"
#: Swedish table symbol for "exactly zero" (en dash).
NOLL = "\u2013"
#: Swedish table symbol for "not available".
SAKNAS = ".."

__all__ = [
    "LOCALE", "NBSP", "MINUS", "NOLL", "SAKNAS",
    "ar_saknas", "avrunda", "tal", "tecken", "procent", "procent_forandring", "datum",
    "cell", "antal_ord", "tal_ord", "ar_intervall",
]


def avrunda(x: float | int, decimaler: int = 0) -> Decimal:
    """Round half away from zero to ``decimaler`` decimals (as a Decimal)."""
    d = Decimal(str(x)) if not isinstance(x, Decimal) else x
    steg = Decimal(1).scaleb(-decimaler)
    return d.quantize(steg, rounding=ROUND_HALF_UP)


def _babel(d: Decimal, decimaler: int) -> str:
    monster = "#,##0" + ("." + "0" * decimaler if decimaler > 0 else "")
    if d == 0:
        d = abs(d)  # no "−0"
    text = format_decimal(d, format=monster, locale=LOCALE, decimal_quantization=True)
    return text.replace("-", MINUS).replace("\u2212\u2212", MINUS)


def tal(x: object, decimaler: int = 0) -> str:
    """A number in Swedish: ``1 700``, ``3,07``, ``−4``; missing → ``..``.

    ``decimaler`` is the exact number of decimals shown (trailing zeros kept:
    ``tal(2.9, 2) == "2,90"``).
    """
    if ar_saknas(x):
        return SAKNAS
    if isinstance(x, bool):
        x = int(x)
    if not isinstance(x, (numbers.Number, Decimal)):
        raise TypeError(f"tal() förväntar sig ett tal, fick {type(x).__name__}")
    if isinstance(x, float) and math.isinf(x):
        raise ValueError("tal() kan inte formatera oändligt värde")
    return _babel(avrunda(x, decimaler), decimaler)


def tecken(x: object, decimaler: int = 0) -> str:
    """A change with its sign: ``+23``, ``−4``, ``0``; missing → ``..``."""
    if ar_saknas(x):
        return SAKNAS
    d = avrunda(x, decimaler)  # type: ignore[arg-type]
    text = _babel(d, decimaler)
    return "+" + text if d > 0 else text


def procent(andel: object, decimaler: int = 0) -> str:
    """A share 0–1 as per cent: ``procent(0.444) == "44 %"`` (NBSP before %)."""
    if ar_saknas(andel):
        return SAKNAS
    return tal(Decimal(str(andel)) * 100, decimaler) + NBSP + "%"


def procent_forandring(andel: object, decimaler: int = 0) -> str:
    """A relative change (0.2 = +20 %) with sign: ``+20 %``, ``−17 %``, ``0 %``."""
    if ar_saknas(andel):
        return SAKNAS
    return tecken(Decimal(str(andel)) * 100, decimaler) + NBSP + "%"


def datum(d: object) -> str:
    """A date in Swedish long form: ``22 november 2026``.

    Accepts ``date``, ``datetime``, ``pd.Timestamp`` or an ISO string; missing → ``..``.
    """
    if ar_saknas(d):
        return SAKNAS
    if isinstance(d, str):
        d = dt.date.fromisoformat(d.strip()[:10])
    if isinstance(d, pd.Timestamp):
        d = d.date()
    if isinstance(d, dt.datetime):
        d = d.date()
    if not isinstance(d, dt.date):
        raise TypeError(f"datum() förväntar sig ett datum, fick {type(d).__name__}")
    return format_date(d, format="d MMMM y", locale=LOCALE)


def cell(x: object, decimaler: int = 0) -> str:
    """A table cell with Swedish symbols: 0 → ``–``, missing → ``..``, else ``tal``.

    Text is returned unchanged (e.g. a suppressed cell's ``"färre än 3"``).
    """
    if ar_saknas(x):
        return SAKNAS
    if isinstance(x, str):
        return x
    if isinstance(x, (numbers.Number, Decimal)) and not isinstance(x, bool) and avrunda(x, decimaler) == 0 and x == 0:
        return NOLL
    return tal(x, decimaler)


_ORD_UTRUM = ["noll", "en", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio", "elva", "tolv"]


def tal_ord(n: int, neutrum: bool = False) -> str:
    """Small whole numbers as words (0–12), as Swedish prose prefers: ``tre``,
    ``en``/``ett`` by gender; larger numbers as digits (``tal``)."""
    if ar_saknas(n):
        return SAKNAS
    if isinstance(n, float) and not n.is_integer():
        return tal(n, 1)
    n = int(n)  # type: ignore[arg-type]
    if 0 <= n <= 12:
        return "ett" if (n == 1 and neutrum) else _ORD_UTRUM[n]
    return tal(n)


def antal_ord(n: object, singular: str, plural: str, som_ord: bool = False, neutrum: bool = False) -> str:
    """Count and noun in the right number: ``1 blankett``, ``3 blanketter``,
    ``0 blanketter``; with ``som_ord=True`` small numbers as words
    (``en blankett``, ``tre blanketter``, ``ett ärende``)."""
    if ar_saknas(n):
        return f"{SAKNAS} {plural}"
    ental = n == 1
    siffra = tal_ord(n, neutrum) if som_ord else tal(n)  # type: ignore[arg-type]
    return f"{siffra} {singular if ental else plural}"


def ar_intervall(fran: int, till: int) -> str:
    """A span of years with an en dash: ``2010–2020`` (a single year if equal)."""
    return str(fran) if fran == till else f"{fran}\u2013{till}"
