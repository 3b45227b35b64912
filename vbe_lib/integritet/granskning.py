"""Screening of free text that can reach a published file.

Survey answers, the police's text (paragraph by paragraph) and the activity files' text
cells: a text that contains a personnummer/samordningsnummer, a phone number, an e-mail
address or a name from ``integritet.skyddade_namn`` is withheld as a whole
("[svar undanhållet]", "[stycke undanhållet]", "[text undanhållen]"). The report states
how many texts were withheld (:func:`meddelande_undanhallna`), the build log lists file
and row and the *kind* of hit, never the content (:func:`logg_rader`).

Normalisation (:func:`normalisera`)
-----------------------------------
Every text is matched as a reader sees it, not as it is written: Unicode NFKC
(full-width digits and ``＠`` become ASCII, no-break spaces become spaces), HTML
entities decoded (``&#64;``, ``&commat;``, also double-encoded ``&amp;#64;``),
Markdown backslash escapes removed (``anna\\@exempel.se``), and soft hyphens,
zero-width and other format characters (Unicode category Cf), stray combining marks
and control characters removed ("850412" + U+00AD + "-1234", "070" + U+200B +
"-123 45 67"). A text that contains markup is also matched with its HTML tags and comments removed and
Markdown emphasis characters dropped ("85<b></b>0412-1234", "85**04**12-1234"): a hit
in either form counts.

Time and size
-------------
Every pattern runs in time linear in the text (bounded repetitions; unbounded runs are
possessive and may start only where a run starts, so no position is scanned twice by
the same pattern; overlaps between hits are looked up by bisection), so 740 kB are
screened in about a second. A text longer than :data:`MAX_TECKEN` characters is not
screened and is withheld as a whole (kind "för lång text"); ``vbe validera`` reports
it as an error for the police's text.

Free-text patterns (:func:`granska_fritext`)
--------------------------------------------
* **personnummer / samordningsnummer**: ``ÅÅMMDD-NNNN``, ``ÅÅMMDD+NNNN``,
  ``ÅÅMMDDNNNN``, ``ÅÅÅÅMMDD-NNNN``, ``ÅÅÅÅMMDDNNNN`` (century 18/19/20); separator
  ``-``/``+``/dash/space, optionally with spaces around it. The date part must be a
  real calendar date (day + 60 for samordningsnummer). The Luhn check digit is
  computed (:func:`luhn_giltig`) but **not required**: hand-written or mistyped numbers
  and the usual made-up examples (850412-1234) fail it, and withholding one answer
  that the coordinator then reviews costs little. The date check alone already keeps
  years, ISO dates (2021-03-15), amounts and counts out, because those do not have
  a six-digit date followed by four digits.
* **telefonnummer**: a leading ``0`` + digit 1–9, or ``+46``/``0046`` (optionally
  ``(0)``), or another ``+``country code; then digits with single spaces or dashes
  between them, 8–10 digits in all for national numbers (07x-xxx xx xx, 08-123 456 78,
  031-12 34 56, 0470-123 45) and 7–9 after +46. Not preceded by a letter, digit, ``,``,
  ``/``, ``-`` or "digit + space" (so "2 070 000 000 kr" is not a phone number), and
  shapes of dates (``01-02-2021``) are excluded. Postal codes ("118 25") have 5 digits
  and do not start with 0, so they are no hit.
* **e-postadress**: ``namn@domän.tld``, also written ``namn(at)domän.se``/``[at]``.
* **namn**: every entry of ``skyddade_namn`` as a whole word, case-insensitive, with
  flexible spacing inside multi-word names, optionally followed by a possessive
  ``s``, ``'s``, ``:s`` or ``'`` ("Annas", "Lars'"). A full name in the list matches
  the full name only; list given names or surnames on their own to catch them alone.
  Names that are also ordinary words ("Per", "Bo") will withhold answers that use the
  word; that errs on the safe side.
"""
from __future__ import annotations

import bisect
import datetime as dt
import html as htmlmod
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from vbe_lib.integritet.sanering import MAX_TECKEN, stycken, synlig_text
from vbe_lib.presentation import fmt

__all__ = [
    "UNDANHALLET", "UNDANHALLET_STYCKE", "UNDANHALLEN_TEXT",
    "Granskning", "granska_fritext", "meddelande_undanhallna", "logg_rader", "luhn_giltig",
    "logg_kallor", "stycken", "granska_stycken", "granska_kolumner", "meddelande_undanhallna_texter",
    "normalisera", "MAX_TECKEN",
]

#: Replacement of a withheld free-text answer.
UNDANHALLET = "[svar undanhållet]"
#: Replacement of a withheld paragraph of prose (the police's text).
UNDANHALLET_STYCKE = "[stycke undanhållet]"
#: Replacement of a withheld cell of an activity file.
UNDANHALLEN_TEXT = "[text undanhållen]"

_SEP = r"[\-\u2010-\u2015\u2212]"
_PNR_SEP = rf"(?:\s?(?:{_SEP}|\+)\s?|\s)"
# 12 digits (with/without separator), 10 digits with separator, 10 digits without
_PNR12 = re.compile(rf"(?<!\d)((?:18|19|20)\d{{2}})(\d{{2}})(\d{{2}}){_PNR_SEP}?(\d{{4}})(?!\d)")
_PNR10_SEP = re.compile(rf"(?<!\d)(\d{{2}})(\d{{2}})(\d{{2}}){_PNR_SEP}(\d{{4}})(?!\d)")
_PNR10 = re.compile(r"(?<!\d)(\d{2})(\d{2})(\d{2})(\d{4})(?!\d)")

_TSEP = rf"(?:\s|{_SEP})?"
_FORE = r"(?<![\w/,\-\u2010-\u2015\u2212])(?<!\d\s)(?<!\d\.)"
_TEL_NATIONELL = re.compile(
    rf"{_FORE}(?:\(0[1-9]\d{{0,2}}\)\s?|0[1-9])(?:{_TSEP}\d){{5,8}}(?!\d)"
)
_TEL_SVENSK_INT = re.compile(
    rf"{_FORE}(?:\+|00)\s?46{_TSEP}(?:\(0\){_TSEP})?[1-9](?:{_TSEP}\d){{6,8}}(?!\d)"
)
_TEL_INT = re.compile(rf"(?<![\w+])\+(?!46)[1-9]\d{{0,2}}(?:{_TSEP}\d){{6,12}}(?!\d)")
_DATUMFORM = re.compile(r"^\d{1,2}\s?[\-\u2010-\u2015\u2212./]\s?\d{1,2}\s?[\-\u2010-\u2015\u2212./]\s?(?:\d{2}|\d{4})$")

# The local part may start only where a run of its characters starts and is taken
# possessively: a long run without "@" is read once, not once per starting position
# (the old pattern took 23 s for 40 000 letters).
_EPOSTTECKEN = r"[\w.!#$%&'*+/=?^`{|}~\-]"
_EPOST = re.compile(
    rf"(?<!{_EPOSTTECKEN}){_EPOSTTECKEN}++\s?(?:@|[\(\[]\s?(?:at|snabel-a)\s?[\)\]])\s?[\w\-]++"
    r"(?:\s?(?:\.|[\(\[]\s?(?:dot|punkt)\s?[\)\]])\s?[\w\-]++)+",
    re.IGNORECASE,
)

#: kinds of hit, in the order they are reported
SLAG = ("personnummer", "telefonnummer", "e-postadress", "namn", "för lång text")

_MD_ESKAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_KONTROLLTECKEN = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
#: Hangul fillers: shown as nothing, not in category Cf
_UTFYLLNAD = frozenset("\u115f\u1160\u3164\uffa0")
_OSYNLIGA_KATEGORIER = frozenset({"Cf", "Mn", "Me", "Cc", "Co", "Cn"})
_MARKERING = re.compile(r"[*_~`]")


def normalisera(text: str) -> str:
    """``text`` as a reader sees it, for matching (module docstring, "Normalisation"):
    NFKC, HTML entities decoded (up to three levels), Markdown escapes removed, format
    characters, stray combining marks and control characters removed."""
    t = text
    for _ in range(3):
        u = htmlmod.unescape(unicodedata.normalize("NFKC", t))
        if u == t:
            break
        t = u
    t = unicodedata.normalize("NFKC", _MD_ESKAPE.sub(r"\1", t))
    if not t.isascii():
        bort = [c for c in set(t) if not c.isascii() and (c in _UTFYLLNAD or (
            unicodedata.category(c) in _OSYNLIGA_KATEGORIER and not c.isspace()))]
        if bort:
            t = t.translate(dict.fromkeys(map(ord, bort)))
    return _KONTROLLTECKEN.sub("", t)


_TAGG = re.compile(r"<[^<>]*+>")


def _varianter(text: str) -> list[str]:
    """The forms of ``text`` that are matched: normalised; with markup, also with its
    tags read as spaces ("Anna<br>Svensson") and as the reader sees it: tags, comments,
    scripts and Markdown emphasis characters removed ("85<b></b>0412-1234")."""
    t = normalisera(text)
    ut = [t]
    if "<" in t:
        ut.append(_TAGG.sub(" ", t))
        ut.append(normalisera(_MARKERING.sub("", synlig_text(t))))
    elif _MARKERING.search(t):
        ut.append(_MARKERING.sub("", t))
    return list(dict.fromkeys(ut))


def luhn_giltig(siffror: str) -> bool:
    """Luhn check of a 10-digit personnummer (``ÅÅMMDDNNNN``). Informational only:
    not used to decide a hit (see module docstring)."""
    d = [int(c) for c in siffror if c.isdigit()]
    if len(d) == 12:
        d = d[2:]
    if len(d) != 10:
        return False
    s = 0
    for i, x in enumerate(d):
        y = x * (2 if i % 2 == 0 else 1)
        s += y - 9 if y > 9 else y
    return s % 10 == 0


def _giltigt_datum(yy: str, mm: str, dd: str, sekel: str | None = None) -> bool:
    dag = int(dd)
    if dag > 60:
        dag -= 60  # samordningsnummer
    ar_kandidater = [int(sekel + yy)] if sekel else [1900 + int(yy), 2000 + int(yy)]
    for ar in ar_kandidater:
        try:
            dt.date(ar, int(mm), dag)
            return True
        except ValueError:
            continue
    return False


class _Spann:
    """The spans already taken by hits, one sorted list per pattern (finditer yields
    them in order and without overlaps), so a lookup is a bisection, not a scan."""

    def __init__(self) -> None:
        self.listor: list[tuple[list[int], list[int]]] = []

    def ny_lista(self) -> None:
        self.listor.append(([], []))

    def fri(self, a: int, b: int) -> bool:
        for starter, slut in self.listor:
            i = bisect.bisect_left(slut, a + 1)  # first span that ends after a
            if i < len(starter) and starter[i] < b:
                return False
        return True

    def lagg_till(self, a: int, b: int) -> None:
        self.listor[-1][0].append(a)
        self.listor[-1][1].append(b)


def _namnmonster(namn: Iterable[str]) -> re.Pattern[str] | None:
    delar = []
    for n in sorted({normalisera(str(x)).strip() for x in namn if str(x).strip()}, key=len, reverse=True):
        ord_ = [re.escape(w) for w in re.split(r"\s+", n) if w]
        if ord_:
            delar.append(r"\s++".join(ord_))
    if not delar:
        return None
    return re.compile(
        rf"(?<!\w)(?:{'|'.join(delar)})(?:s|['\u2019]s|:s|['\u2019])?(?!\w)", re.IGNORECASE
    )


def _hitta(text: str, namnre: re.Pattern[str] | None) -> list[str]:
    """The kinds of personal data found in ``text`` (in :data:`SLAG` order), matched on
    each form of :func:`_varianter`."""
    funna: set[str] = set()
    for t in _varianter(text):
        funna |= _hitta_i(t, namnre)
    return [s for s in SLAG if s in funna]


def _hitta_i(t: str, namnre: re.Pattern[str] | None) -> set[str]:
    funna: set[str] = set()
    spann = _Spann()
    for rx in (_PNR12, _PNR10_SEP):
        spann.ny_lista()
        for mt in rx.finditer(t):
            if rx is _PNR12:
                sekel_ar, mm, dd = mt.group(1), mt.group(2), mt.group(3)
                ok = _giltigt_datum(sekel_ar[2:], mm, dd, sekel_ar[:2])
            else:
                ok = _giltigt_datum(mt.group(1), mt.group(2), mt.group(3))
            if ok and spann.fri(*mt.span()):
                funna.add("personnummer")
                spann.lagg_till(*mt.span())
    for rx in (_TEL_SVENSK_INT, _TEL_INT, _TEL_NATIONELL):
        spann.ny_lista()
        for mt in rx.finditer(t):
            if _DATUMFORM.match(mt.group(0).strip()):
                continue
            if spann.fri(*mt.span()):
                funna.add("telefonnummer")
                spann.lagg_till(*mt.span())
    if "personnummer" not in funna:
        for mt in _PNR10.finditer(t):
            if _giltigt_datum(mt.group(1), mt.group(2), mt.group(3)) and spann.fri(*mt.span()):
                funna.add("personnummer")
                break
    if _EPOST.search(t):
        funna.add("e-postadress")
    if namnre is not None and namnre.search(t):
        funna.add("namn")
    return funna


@dataclass
class Granskning:
    """Result of screening free-text answers.

    ``texter``: the answers in input order, a hit replaced entirely by
    "[svar undanhållet]"; ``traffar``: one ``(index, skäl)`` per withheld answer
    (index = list position, or the Series' index label), ``skäl`` the kind(s) only,
    e.g. "personnummer" or "personnummer, namn" — never the content."""

    texter: list[str] = field(default_factory=list)
    traffar: list[tuple[Any, str]] = field(default_factory=list)
    #: positions (0-based) in the input of the withheld answers, parallel to traffar
    positioner: list[int] = field(default_factory=list)
    index: list[Any] = field(default_factory=list)

    @property
    def antal_undanhallna(self) -> int:
        return len(self.traffar)

    @property
    def meddelande(self) -> str:
        return meddelande_undanhallna(self.antal_undanhallna)

    def som_serie(self) -> pd.Series:
        """The screened texts as a Series with the input's index."""
        return pd.Series(self.texter, index=self.index, dtype=object)


def granska_fritext(svar: Sequence[Any] | pd.Series, skyddade_namn: Iterable[str] | None = None) -> Granskning:
    """Screen free-text answers for personal data (patterns: module docstring).

    Missing answers become "" and are not counted. ``skyddade_namn`` is
    ``Konfiguration.integritet(slug).skyddade_namn``."""
    if isinstance(svar, pd.Series):
        index = list(svar.index)
        varden = svar.tolist()
    else:
        varden = list(svar)
        index = list(range(len(varden)))
    namnre = _namnmonster(skyddade_namn or [])
    g = Granskning(index=index)
    for pos, (lbl, v) in enumerate(zip(index, varden)):
        text = "" if fmt.ar_saknas(v) else str(v)
        if len(text) > MAX_TECKEN:
            slag = ["för lång text"]  # not screened: withheld as a whole
        else:
            slag = _hitta(text, namnre) if text.strip() else []
        if slag:
            g.texter.append(UNDANHALLET)
            g.traffar.append((lbl, ", ".join(slag)))
            g.positioner.append(pos)
        else:
            g.texter.append(text)
    return g


def meddelande_undanhallna(n: int) -> str:
    """The sentence for the report: how many answers were withheld ("" for none)."""
    if not n:
        return ""
    return meddelande_undanhallna_texter(n, ("svar", "svar", "det"))


def logg_rader(granskning: Granskning, fil: str, rader: Sequence[int]) -> list[str]:
    """Build-log lines for the coordinator: file and row of each withheld answer and
    the kind of hit, never the content.

    ``rader`` are the row numbers (as the coordinator sees them in ``fil``) of the
    screened answers, parallel to the input of :func:`granska_fritext`."""
    if len(rader) != len(granskning.texter):
        raise ValueError(
            f"logg_rader: {len(rader)} radnummer men {len(granskning.texter)} granskade svar"
        )
    return logg_kallor(granskning, [(fil, r) for r in rader])


def logg_kallor(granskning: Granskning, kallor: Sequence[tuple[str, int]], vad: str = "fritextsvar undanhållet",
                kolumn: str | None = None) -> list[str]:
    """Like :func:`logg_rader`, with a (file, row) per screened text (several files
    may be screened together); ``vad`` says what happened ("fritextsvar undanhållet",
    "stycke undanhållet", "text undanhållen"), ``kolumn`` names the column the text
    stands in. A row 0 means unknown."""
    if len(kallor) != len(granskning.texter):
        raise ValueError(f"logg_kallor: {len(kallor)} källor men {len(granskning.texter)} granskade texter")
    ut = []
    for pos, (_, skal) in zip(granskning.positioner, granskning.traffar):
        fil, rad = kallor[pos]
        plats = ", ".join(x for x in [fil or "okänd fil", f"rad {rad}" if rad else "",
                                      f'kolumn "{kolumn}"' if kolumn else ""] if x)
        ut.append(f"{plats}: {vad} ({skal})")
    return ut


def granska_stycken(text: str, skyddade_namn: Iterable[str] | None = None,
                    fil: str = "") -> tuple[str, int, list[str]]:
    """Screen a prose text (e.g. the police's description) paragraph by paragraph.

    A paragraph (text between blank lines) with a hit is replaced by
    :data:`UNDANHALLET_STYCKE`. Returns the screened text, the number of withheld
    paragraphs and the log lines (file and line of each paragraph's first line)."""
    delar = stycken(text)
    g = granska_fritext([s for _, s in delar], skyddade_namn)
    logg = logg_kallor(g, [(fil, nr) for nr, _ in delar], vad="stycke undanhållet")
    texter = [UNDANHALLET_STYCKE if s == UNDANHALLET else s for s in g.texter]
    return "\n\n".join(texter), g.antal_undanhallna, logg


def granska_kolumner(df: pd.DataFrame, kolumner: Sequence[str], skyddade_namn: Iterable[str] | None,
                     kallor: Sequence[tuple[str, int]], rubriker: dict[str, str] | None = None,
                     ) -> tuple[pd.DataFrame, int, list[str]]:
    """Screen the text columns ``kolumner`` of ``df`` cell by cell (e.g. an activity
    file's Aktivitet, Ansvarig, Kommentar). A cell with a hit becomes
    :data:`UNDANHALLEN_TEXT`. ``kallor`` holds (file, row) per row of ``df``;
    ``rubriker`` the column headings for the log. Returns a copy, the number of
    withheld cells and the log lines."""
    ut = df.copy()
    antal, logg = 0, []
    for k in kolumner:
        if k not in ut.columns:
            continue
        g = granska_fritext(ut[k].reset_index(drop=True), skyddade_namn)
        if not g.traffar:
            continue
        varden = ut[k].tolist()
        for pos in g.positioner:
            varden[pos] = UNDANHALLEN_TEXT
        ut[k] = pd.Series(varden, index=ut.index, dtype=object)
        antal += g.antal_undanhallna
        logg += logg_kallor(g, list(kallor), vad="text undanhållen", kolumn=(rubriker or {}).get(k, k))
    return ut, antal, logg


def meddelande_undanhallna_texter(n: int, vad: tuple[str, str, str] = ("text", "texter", "den")) -> str:
    """The report's sentence for withheld paragraphs or cells ("" for none); ``vad``
    is (singular, plural, pronoun of the singular), e.g. ("stycke", "stycken", "det")."""
    if not n:
        return ""
    ord_, pron = (vad[0], vad[2]) if n == 1 else (vad[1], "de")
    return f"{fmt.tal(n)} {ord_} har undanhållits eftersom {pron} kunde innehålla personuppgifter."
