"""Tolerant reading of raw input files (CSV and XLSX) into DataFrames of strings.

Real exports come from survey tools, Excel on Swedish Windows machines, statistics
downloads and hand-kept lists. ``read_table`` accepts:

* CSV separated by ``,`` ``;`` or tab (sniffed from the header line), encoded as UTF-8,
  UTF-8 with BOM or Windows-1252 (UTF-8 is tried strictly first);
* XLSX (first sheet or a named sheet), also when saved with a ``.csv`` name;
* headers in any case, with stray whitespace, ``å ä ö``, spaces, ``-`` and ``/``
  (folded by :func:`folda_rubrik`).

Every cell is returned as a stripped string (empty cell = ``""``). The DataFrame index
is the row number the user sees (header = row 1, first data row = row 2), and
``df.attrs["rubriker"]`` maps each folded column name to the header as written.
Nothing here raises on bad input: problems are returned as :class:`Problem`.

Strict about structure, so that no row is lost or changed without a word:

* every CSV row's field count is checked against the header (fewer fields, or values
  beyond the last column, is an error for that row);
* a quote (``"``) that is opened and never closed, or closed only several rows further
  down, is an error on the row where it opens (the rows it swallowed are named), and a
  field longer than the csv module's limit gets a Swedish message;
* a file that ends without a line break after its last row is warned about (a file cut
  in the middle of a number looks exactly like that);
* a file that is mostly UTF-8 with a few lines in another encoding gets one message
  naming those lines (each line is decoded in its own encoding, so that the rest of the
  checks see no mojibake);
* XLSX is read by its real content, never by the dimension the file declares, and every
  source has size limits (:class:`Grans`: bytes, unpacked bytes, rows, columns); an
  input beyond them, or one that exhausts the memory, is an error naming the file.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from vbe_lib.parametrar import vocab
from vbe_lib.indata.problem import Problem

#: Suffixes read as Excel workbooks.
XLSX_SUFFIX = (".xlsx", ".xlsm")


@dataclass(frozen=True)
class Grans:
    """Size limits of one source: an input beyond them is refused with a Swedish error
    instead of being read into memory. ``max_uppackat`` bounds what an XLSX (a zip file)
    unpacks to, ``max_rader``/``max_kolumner`` the rows and columns that hold values."""

    max_byte: int = 50 * 1024 * 1024
    max_uppackat: int = 500 * 1024 * 1024
    max_rader: int = 500_000
    max_kolumner: int = 1_000


#: The limits of a source that sets none (``Kalla.grans`` in :mod:`vbe_lib.indata.scheman`).
STANDARDGRANS = Grans()
_MELLANRUM = "\u00a0\u202f\u2007\u2009\u200a\u2002\u2003\u2004\u2005\u2006\u2008\ufeff"


# --------------------------------------------------------------------------- headers
def folda_rubrik(rubrik: object) -> str:
    """Fold a column header: ``"  Fråga-id "`` → ``"fraga_id"``, ``"Antal tillfrågade"`` →
    ``"antal_tillfragade"``.

    Casefold, strip, ``å ä`` → ``a``, ``ö`` → ``o``, whitespace, ``-`` and ``/`` → ``_``,
    repeated ``_`` collapsed, leading/trailing ``_`` removed.
    """
    t = unicodedata.normalize("NFC", str(rubrik))
    for ch in _MELLANRUM:
        t = t.replace(ch, " ")
    t = t.casefold().strip()
    t = t.replace("å", "a").replace("ä", "a").replace("ö", "o")
    t = re.sub(r"[\s\-/\u2010-\u2015]+", "_", t)
    t = re.sub(r"_+", "_", t).strip("_")
    return t


def _stada(cell: object) -> str:
    t = "" if cell is None else str(cell)
    for ch in _MELLANRUM[-1:]:  # a BOM inside a cell
        t = t.replace(ch, "")
    return t.strip()


# --------------------------------------------------------------------------- values
def _rensa_tal(s: str) -> str:
    t = str(s).strip()
    for ch in _MELLANRUM + " ":
        t = t.replace(ch, "")
    t = t.replace("\u2212", "-").replace("\u2013", "-")  # Unicode minus, en dash
    return t


def tolka_heltal(s: object) -> int | None:
    """Parse an integer written by a human: ``"1 700"``, ``"1\u00a0700"``, ``"-3"``,
    ``"12,0"``. Empty → ``None``; anything else raises ``ValueError``."""
    if s is None:
        return None
    t = _rensa_tal(s)
    if t == "":
        return None
    m = re.fullmatch(r"([+-]?\d+)(?:[.,]0+)?", t)
    if not m:
        raise ValueError(f"inte ett heltal: {s!r}")
    return int(m.group(1))


def tolka_decimal(s: object, procent: bool = False) -> float | None:
    """Parse a decimal number with decimal comma or point (``"3,07"``, ``"1 700,5"``).
    With ``procent`` a trailing ``%`` is allowed. Empty → ``None``; else ``ValueError``."""
    if s is None:
        return None
    t = _rensa_tal(s)
    if procent and t.endswith("%"):
        t = t[:-1]
    if t == "":
        return None
    if not re.fullmatch(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)", t):
        raise ValueError(f"inte ett tal: {s!r}")
    return float(t.replace(",", "."))


_DATUM = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?")


def tolka_datum(s: object) -> dt.date | None:
    """Parse ``YYYY-MM-DD`` (optionally followed by `` HH:MM`` or ``THH:MM:SS``).
    The time of day is dropped. Empty → ``None``; anything else raises ``ValueError``."""
    if s is None:
        return None
    t = str(s).strip()
    if t == "":
        return None
    m = _DATUM.fullmatch(t)
    if not m:
        raise ValueError(f"inte ett datum: {s!r}")
    y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if m.group(4) is not None and not (0 <= int(m.group(4)) <= 23):
        raise ValueError(f"ogiltig tid: {s!r}")
    return dt.date(y, mo, d)  # ValueError for 2021-02-30


def tolka_janej(s: object, vokabular: vocab.Vokabular | None = None) -> str | None:
    """``"Ja"``/``"Nej"``/``"Vet ej"`` (and the municipality's spellings, ``vokabular``:
    its configured ``vocab.JANEJ``) → ``"ja"``/``"nej"``/``"vet_ej"``.
    Empty → ``None``; unknown raises ``ValueError``."""
    if s is None or str(s).strip() == "":
        return None
    k = (vokabular or vocab.JANEJ).hitta(s)
    if k is None:
        raise ValueError(f"inte ja/nej: {s!r}")
    return k


def per_varde(s: "pd.Series", funktion: Callable[[Any], Any]) -> "pd.Series":
    """``s.map(funktion)`` with ``funktion`` called once per distinct value, for a
    ``funktion`` whose result depends on the cell only (the readers and checks here; not
    one that counts or records cells): a column of survey answers holds thousands of
    cells but a handful of values ("3", "Ja"). Same values, same index; the result has
    the dtype ``s.map`` would infer."""
    if len(s) < 32:
        return s.map(funktion)
    koder, unika = pd.factorize(s, use_na_sentinel=False)
    varden = pd.Series([funktion(v) for v in unika], dtype=object)
    ut = pd.Series(varden.to_numpy(dtype=object)[koder], index=s.index, name=s.name)
    return ut.infer_objects()


def gar_att_tolka(funktion, s: object, **kw) -> bool:
    """True if ``funktion(s)`` does not raise (empty counts as parseable)."""
    try:
        funktion(s, **kw)
        return True
    except (ValueError, TypeError, OverflowError):
        return False


# --------------------------------------------------------------------------- messages
def storlekstext(n: int) -> str:
    """``812,5 MB``, ``12 kB`` (Swedish decimal comma)."""
    if n < 1024 * 1024:
        return f"{max(1, round(n / 1024))} kB"
    return f"{n / (1024 * 1024):.1f} MB".replace(".", ",")


def _tal(n: int) -> str:
    return f"{n:,}".replace(",", "\u00a0")


def oserror_text(exc: OSError) -> str:
    """An operating-system error in Swedish (``strerror`` is English)."""
    import errno

    texter = {
        errno.ENOENT: "filen finns inte",
        errno.EACCES: "behörighet saknas – kontrollera filens rättigheter",
        errno.EPERM: "behörighet saknas – kontrollera filens rättigheter",
        errno.EISDIR: "det är en mapp, inte en fil",
        errno.EIO: "läsfel på disken eller nätverksenheten",
        errno.ENAMETOOLONG: "sökvägen är för lång",
    }
    return texter.get(exc.errno, f"systemfel {errno.errorcode.get(exc.errno, exc.errno)}")


def for_stor(fil: str, storlek: int, grans: int, namnd: str | None = None) -> Problem:
    """The error for a file larger than its source's limit."""
    return Problem(fil, namnd=namnd, forvantat=f"filen är {storlekstext(storlek)} – större än gränsen "
                   f"{storlekstext(grans)} för den här källan; kontrollera att det är rätt fil eller dela upp den")


def minnesfel(fil: str, namnd: str | None = None) -> Problem:
    """The error for an input whose reading exhausted the memory."""
    return Problem(fil, namnd=namnd, forvantat="filen kunde inte läsas eftersom minnet tog slut – den är för stor "
                   "eller felaktig; kontrollera att det är rätt fil eller dela upp den")


# --------------------------------------------------------------------------- reading
def read_table(path: str | Path, sheet: str | None = None, visningsnamn: str | None = None,
               grans: Grans = STANDARDGRANS) -> tuple[pd.DataFrame, list[Problem]]:
    """Read a CSV or XLSX file into a DataFrame of stripped strings.

    Returns ``(df, problems)``. On an unreadable file ``df`` is empty (no columns) and
    ``problems`` holds one error. ``visningsnamn`` is the file name used in messages
    (default: the file name); ``grans`` the source's size limits.
    """
    path = Path(path)
    fil = visningsnamn or path.name
    try:
        storlek = path.stat().st_size
        if storlek > grans.max_byte:
            return _tom(), [for_stor(fil, storlek, grans.max_byte)]
        data = path.read_bytes()
    except OSError as exc:
        return _tom(), [Problem(fil, forvantat=f"filen kunde inte läsas ({oserror_text(exc)})")]
    except MemoryError:
        return _tom(), [minnesfel(fil)]
    try:
        inlasning = None
        if path.suffix.lower() in XLSX_SUFFIX or data[:4] == b"PK\x03\x04":
            rader, problem = _las_xlsx(data, fil, sheet, grans)
        else:
            if sheet is not None:
                problem = [Problem(fil, forvantat=f"bladet \"{sheet}\" kan bara väljas i en Excel-fil; "
                                   "filen lästes som CSV", allvarlighet="varning")]
            else:
                problem = []
            inlasning, p2 = las_csv(data, fil, grans)
            problem += p2
            rader = inlasning.poster if inlasning is not None else None
        if rader is None:
            return _tom(), problem
        df, p3 = _till_dataframe(rader, fil, inlasning)
    except MemoryError:
        return _tom(), [minnesfel(fil)]
    except Exception as exc:  # noqa: BLE001 – never let a bad file crash the caller
        return _tom(), [Problem(fil, forvantat=f"filen kunde inte läsas ({type(exc).__name__})")]
    return df, problem + p3


def _tom() -> pd.DataFrame:
    df = pd.DataFrame(index=pd.Index([], dtype="int64"))
    df.attrs["rubriker"] = {}
    return df


# --------------------------------------------------------------------------- text encodings
def avkoda(data: bytes, fil: str) -> tuple[str | None, list[Problem]]:
    """Decode a text file: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252.

    A file that mixes UTF-8 lines with lines in another encoding gets one error naming
    the minority's lines, and each line is decoded in its own encoding (so that the other
    checks see the text as written, not 200 lines of mojibake). ``None`` + an error for
    a file that is not text."""
    if b"\x00" in data[:4096]:
        if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
            try:
                return data.decode("utf-16"), []
            except UnicodeDecodeError:
                pass
        return None, [Problem(fil, forvantat="filen är inte en textfil (CSV) eller Excel-fil – "
                              "spara den som CSV (UTF-8) eller XLSX")]
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    blandad = _blandad_kodning(data, fil)
    if blandad is not None:
        return blandad
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        # Bytes undefined in Windows-1252: probably not text at all.
        try:
            from charset_normalizer import from_bytes

            best = from_bytes(data).best()
        except Exception:  # noqa: BLE001
            best = None
        if best is None:
            return None, [Problem(fil, forvantat="filen kunde inte avkodas som text – spara den som "
                                  "CSV (UTF-8) eller XLSX")]
        text = str(best)
    if _ser_binar_ut(text):
        return None, [Problem(fil, forvantat="filen verkar inte vara en textfil (CSV) – spara den som "
                              "CSV (UTF-8) eller XLSX")]
    return text, []


def _radlista(nr: list[int], max_antal: int = 10) -> str:
    """'rad 4', 'rad 4 och 9', 'rad 4, 9 och 12', 'rad 4, 9, … (och 7 rader till)'."""
    if len(nr) == 1:
        return f"rad {nr[0]}"
    if len(nr) <= max_antal:
        return "rad " + ", ".join(str(n) for n in nr[:-1]) + f" och {nr[-1]}"
    return "rad " + ", ".join(str(n) for n in nr[:max_antal]) + f" (och {len(nr) - max_antal} rader till)"


def _blandad_kodning(data: bytes, fil: str) -> tuple[str, list[Problem]] | None:
    """Lines in UTF-8 (with letters beyond ASCII) next to lines that are not UTF-8: the
    text with each line in its own encoding and one error, or ``None`` when the file
    has no UTF-8 letters at all (then it is simply Windows-1252)."""
    rader = data.splitlines(keepends=True)
    utf8: list[int] = []
    andra: list[int] = []
    delar: list[str | None] = []
    for nr, rad in enumerate(rader, start=1):
        try:
            t = rad.decode("utf-8-sig" if nr == 1 else "utf-8")
        except UnicodeDecodeError:
            andra.append(nr)
            delar.append(None)
            continue
        if not t.isascii():
            utf8.append(nr)
        delar.append(t)
    if not utf8 or not andra:
        return None
    if len(utf8) >= len(andra):  # mostly UTF-8: the other lines are most likely Windows-1252
        text = "".join(d if d is not None else rader[i].decode("cp1252", errors="replace")
                       for i, d in enumerate(delar))
        meddelande = (f"filen är sparad som UTF-8 men {_radlista(andra)} har tecken i en annan teckenkodning "
                      "(troligen Windows-1252) – spara filen som UTF-8 igen (i Excel: Spara som → CSV UTF-8); "
                      f"{'den raden' if len(andra) == 1 else 'de raderna'} lästes som Windows-1252")
    else:  # mostly Windows-1252 with a few UTF-8 lines
        text = "".join(rader[i].decode("cp1252", errors="replace") if (i + 1) not in set(utf8) else d or ""
                       for i, d in enumerate(delar))
        meddelande = (f"filen är sparad som Windows-1252 men {_radlista(utf8)} "
                      f"{'är sparad' if len(utf8) == 1 else 'är sparade'} som UTF-8 – spara "
                      "filen i en enda teckenkodning, helst UTF-8 (i Excel: Spara som → CSV UTF-8)")
    return text, [Problem(fil, meddelande=meddelande)]


def _ser_binar_ut(text: str) -> bool:
    prov = text[:4096]
    if not prov:
        return False
    styr = sum(1 for c in prov if unicodedata.category(c) == "Cc" and c not in "\r\n\t")
    return styr > max(2, len(prov) // 50)


# --------------------------------------------------------------------------- CSV
def _gissa_avgransare(text: str) -> str:
    forsta = ""
    for rad in text.splitlines():
        if rad.strip():
            forsta = rad
            break
    # count outside double quotes
    utanfor = re.sub(r'"[^"]*"', "", forsta)
    antal = {d: utanfor.count(d) for d in (";", ",", "\t")}
    basta = max(antal, key=lambda d: antal[d])
    return basta if antal[basta] > 0 else ","


@dataclass
class CsvInlasning:
    """A CSV text split into records by the csv module.

    ``poster[i]`` is record ``i`` (row ``i + 1`` in Excel), ``linjer[i]`` its first and
    last physical line (they differ when a quoted field holds line breaks).
    ``oppet_citat`` is the index of the record that ends inside a quote that is never
    closed (the end of the file came first), ``radslut_sist`` whether the text ends with
    a line break."""

    poster: list[list[str]]
    linjer: list[tuple[int, int]]
    avgransare: str
    radslut_sist: bool = True
    oppet_citat: int | None = None
    problem: list[Problem] = field(default_factory=list)


#: A line that cannot occur in a CSV record (no delimiter, quote or line break).
_VAKT = "\x1fvbe-slut-pa-posten\x1f"


def _slutar_i_citat(text: str, avgransare: str) -> bool:
    """True when ``text`` (one record) ends inside a quoted field: a sentinel line after it
    is then swallowed into the field instead of standing as a record of its own."""
    try:
        poster = list(csv.reader(io.StringIO(text + "\n" + _VAKT + "\n", newline=""), delimiter=avgransare))
    except csv.Error:
        return True
    return not poster or poster[-1] != [_VAKT]


def las_csv(data: bytes, fil: str, grans: Grans = STANDARDGRANS) -> tuple[CsvInlasning | None, list[Problem]]:
    """Decode (:func:`avkoda`) and split a CSV file into records (:func:`las_csv_text`)."""
    text, problem = avkoda(data, fil)
    if text is None:
        return None, problem
    if text.strip() == "":
        return None, problem + [Problem(fil, forvantat="filen är tom – förväntade en rubrikrad och datarader")]
    inl, p2 = las_csv_text(text, fil, grans=grans)
    return inl, problem + p2


def las_csv_text(text: str, fil: str, avgransare: str | None = None,
                 grans: Grans = STANDARDGRANS) -> tuple[CsvInlasning | None, list[Problem]]:
    """Split a CSV text into records with their line numbers. ``None`` + one error when
    the text cannot be split (a field beyond the csv module's limit, which in practice is
    a quote that is never closed; too many rows)."""
    avgr = avgransare or _gissa_avgransare(text)
    linjer = io.StringIO(text, newline="").readlines()
    lasare = csv.reader(linjer, delimiter=avgr)
    poster: list[list[str]] = []
    spann: list[tuple[int, int]] = []
    forra = 0
    try:
        for celler in lasare:
            poster.append(celler)
            spann.append((forra + 1, lasare.line_num))
            forra = lasare.line_num
            if len(celler) > grans.max_kolumner and any(c.strip() for c in celler[grans.max_kolumner:]):
                return None, [Problem(fil, rad=len(poster), forvantat=f"raden har {_tal(len(celler))} fält – fler än "
                                      f"gränsen {_tal(grans.max_kolumner)} kolumner för den här källan; kontrollera "
                                      "avgränsaren")]
            if len(poster) > grans.max_rader + 1:
                return None, [Problem(fil, forvantat=f"filen har fler än {_tal(grans.max_rader)} rader – gränsen "
                                      "för den här källan; kontrollera att det är rätt fil eller dela upp den")]
    except csv.Error as exc:
        rad = len(poster) + 1
        if "field larger than field limit" in str(exc):
            text_ = (f"ett fält är längre än {_tal(csv.field_size_limit())} tecken – troligen ett citattecken (\") "
                     "som öppnas på raden men aldrig stängs; stäng citattecknet eller ta bort det – filen lästes inte")
        elif "NUL" in str(exc):
            text_ = "raden innehåller ett NUL-tecken (binära data) – filen lästes inte"
        else:
            text_ = "raden kunde inte tolkas som CSV – kontrollera avgränsare och citattecken; filen lästes inte"
        return None, [Problem(fil, rad=rad, forvantat=text_)]
    inl = CsvInlasning(poster, spann, avgr, radslut_sist=text.endswith(("\n", "\r")))
    if poster:
        forsta, sista = spann[-1]
        if _slutar_i_citat("".join(linjer[forsta - 1:sista]), avgr):
            inl.oppet_citat = len(poster) - 1
    return inl, []


def _tom_cell(c: str) -> bool:
    return _stada(c) == ""


def _kolumnnamn(rubriker: list[str], k: int) -> str:
    return rubriker[k] if 0 <= k < len(rubriker) and rubriker[k] else f"kolumn {k + 1}"


def _svald_cell(celler: list[str], avgransare: str, ncols: int) -> int | None:
    """The cell that swallowed whole rows of the file: a cell holding line breaks whose
    later lines look like records of the file (at least ``ncols - 1`` fields)."""
    if ncols < 2:
        return None
    for k, c in enumerate(celler):
        if "\n" not in c and "\r" not in c:
            continue
        for rad in c.splitlines()[1:]:
            try:
                n = len(next(csv.reader([rad], delimiter=avgransare), []))
            except csv.Error:
                continue
            if n >= max(2, ncols - 1):
                return k
    return None


def kontrollera_poster(inl: CsvInlasning, rubrik: int, fil: str, namnd: str | None = None
                       ) -> tuple[set[int], list[Problem]]:
    """Structural checks of a CSV file's records after the header (record ``rubrik``).

    Returns the indexes of the records that must not be read and one problem each: a
    quote opened and never closed (or closed only rows further down, having swallowed
    them), fewer fields than the header, values beyond the header's last column. A file
    that ends without a line break gets a warning on its last row (it may be cut)."""
    problem: list[Problem] = []
    daliga: set[int] = set()
    rubriker = [_stada(c) for c in inl.poster[rubrik]] if rubrik < len(inl.poster) else []
    while rubriker and rubriker[-1] == "":
        rubriker.pop()
    ncols = len(rubriker)
    if inl.oppet_citat is not None and inl.oppet_citat <= rubrik:
        forsta, sista = inl.linjer[inl.oppet_citat]
        problem.append(Problem(fil, rad=inl.oppet_citat + 1, namnd=namnd,
                               forvantat="ett citattecken (\") i rubrikraden öppnas men stängs aldrig – resten av "
                               "filen lästes som en enda rubrik; stäng citattecknet eller ta bort det"))
        daliga.update(range(rubrik + 1, len(inl.poster)))
    for i in range(rubrik + 1, len(inl.poster)):
        if i in daliga:
            continue
        celler = inl.poster[i]
        if all(_tom_cell(c) for c in celler):
            continue
        forsta, sista = inl.linjer[i]
        if i == inl.oppet_citat:
            k = max(0, len(celler) - 1)
            antal = sista - forsta
            if antal == 0:
                rest = "filen slutar innan det stängs"
            else:
                rest = (f"resten av filen ({_tal(antal)} {'rad' if antal == 1 else 'rader'}) lästes in i den här "
                        "cellen och ingen av de raderna lästes")
            problem.append(Problem(fil, rad=i + 1, kolumn=_kolumnnamn(rubriker, k), namnd=namnd,
                                   forvantat=f"ett citattecken (\") öppnas här men stängs aldrig – {rest}; stäng "
                                   "citattecknet eller ta bort det"))
            daliga.add(i)
            continue
        if sista > forsta:
            k = _svald_cell(celler, inl.avgransare, ncols)
            if k is not None:
                antal = sista - forsta
                problem.append(Problem(fil, rad=i + 1, kolumn=_kolumnnamn(rubriker, k), namnd=namnd,
                                       forvantat=f"ett citattecken (\") öppnas här men stängs först {_tal(antal)} "
                                       f"{'rad' if antal == 1 else 'rader'} längre ner – de raderna lästes in i den "
                                       "här cellen i stället för som egna rader; kontrollera citattecknen"))
                daliga.add(i)
                continue
        if len(celler) < ncols:
            problem.append(Problem(fil, rad=i + 1, namnd=namnd,
                                   forvantat=f"raden har {len(celler)} fält men rubrikraden har {ncols} – kontrollera "
                                   "avgränsare och citattecken; raden lästes inte"))
            daliga.add(i)
            continue
        if len(celler) > ncols and not all(_tom_cell(c) for c in celler[ncols:]):
            problem.append(Problem(fil, rad=i + 1, namnd=namnd,
                                   forvantat=f"raden har {len(celler)} fält men rubrikraden har {ncols} – kontrollera "
                                   "avgränsare och citattecken; raden lästes inte"))
            daliga.add(i)
    sist = len(inl.poster) - 1
    if (not inl.radslut_sist and sist > rubrik and sist not in daliga
            and not all(_tom_cell(c) for c in inl.poster[sist])):
        problem.append(Problem(fil, rad=sist + 1, allvarlighet="varning", namnd=namnd,
                               forvantat="filen slutar mitt på sista raden (inget radslut efter den) – om filen har "
                               "kapats kan raden vara ofullständig, t.ex. 3 i stället för 30; kontrollera värdena "
                               "på raden och spara filen igen"))
    return daliga, problem


# --------------------------------------------------------------------------- XLSX
def _cell_text(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "Ja" if v else "Nej"
    if isinstance(v, float):
        if v != v:  # NaN
            return ""
        if v.is_integer() and abs(v) < 1e15:
            return str(int(v))
        return repr(v)
    if isinstance(v, dt.datetime):
        if v.hour == v.minute == v.second == 0:
            return v.date().isoformat()
        return v.strftime("%Y-%m-%d %H:%M")
    if isinstance(v, (dt.date, dt.time)):
        return v.isoformat()
    return str(v)


def kontrollera_xlsx_storlek(data: bytes, fil: str, grans: Grans = STANDARDGRANS,
                             namnd: str | None = None) -> Problem | None:
    """An error when the workbook (a zip file) unpacks to more than the source's limit
    (the sizes are those the zip file declares; :mod:`zipfile` never reads beyond them)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            uppackat = sum(i.file_size for i in z.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return None  # openpyxl reports a broken file in its own words
    if uppackat > grans.max_uppackat:
        return Problem(fil, namnd=namnd, forvantat=f"Excel-filen packas upp till {storlekstext(uppackat)} – större "
                       f"än gränsen {storlekstext(grans.max_uppackat)} för den här källan; kontrollera att det är "
                       "rätt fil")
    return None


def xlsx_rader(ws, fil: str, grans: Grans = STANDARDGRANS, namnd: str | None = None
               ) -> tuple[list[list] | None, list[Problem]]:
    """The rows of a worksheet by their real content, never by the dimension the file
    declares (a few kB can declare A1:XFD1048576): a list of values per row without its
    trailing empty cells (an empty row is ``[]``), trailing empty rows dropped. ``None``
    + an error beyond the source's rows or columns."""
    if hasattr(ws, "reset_dimensions"):
        ws.reset_dimensions()  # read-only sheets: iterate by content only
    rader: list[list] = []
    tom: list = []
    for nr, rad in enumerate(ws.iter_rows(values_only=True), start=1):
        n = len(rad)
        while n and (rad[n - 1] is None or rad[n - 1] == ""):
            n -= 1
        if n == 0:
            rader.append(tom)
            continue
        if nr > grans.max_rader:
            return None, [Problem(fil, rad=nr, namnd=namnd,
                                  forvantat=f"bladet har värden på rad {_tal(nr)} – fler än gränsen "
                                  f"{_tal(grans.max_rader)} rader för den här källan; kontrollera att det är rätt "
                                  "fil eller dela upp den")]
        if n > grans.max_kolumner:
            return None, [Problem(fil, rad=nr, namnd=namnd,
                                  forvantat=f"raden har värden i kolumn {_tal(n)} – fler än gränsen "
                                  f"{_tal(grans.max_kolumner)} kolumner för den här källan; ta bort värdena längst "
                                  "till höger")]
        rader.append(list(rad[:n]))
    while rader and not rader[-1]:
        rader.pop()
    return rader, []


def _las_xlsx(data: bytes, fil: str, sheet: str | None, grans: Grans = STANDARDGRANS
              ) -> tuple[list[list[str]] | None, list[Problem]]:
    import warnings

    import openpyxl

    storleksfel = kontrollera_xlsx_storlek(data, fil, grans)
    if storleksfel is not None:
        return None, [storleksfel]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except MemoryError:
        raise
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, IndexError, AttributeError) as exc:
        return None, [Problem(fil, forvantat=f"Excel-filen kunde inte läsas ({type(exc).__name__}) – "
                              "kontrollera att den är en XLSX-fil som går att öppna")]
    except Exception as exc:  # noqa: BLE001
        return None, [Problem(fil, forvantat=f"Excel-filen kunde inte läsas ({type(exc).__name__})")]
    try:
        if sheet is not None:
            if sheet not in wb.sheetnames:
                return None, [Problem(fil, forvantat=f"bladet \"{sheet}\" finns inte – filen har bladen "
                                      + ", ".join(f'"{n}"' for n in wb.sheetnames))]
            ws = wb[sheet]
        else:
            if not wb.sheetnames:
                return None, [Problem(fil, forvantat="Excel-filen har inga blad")]
            ws = wb[wb.sheetnames[0]]
        varden, problem = xlsx_rader(ws, fil, grans)
    finally:
        try:
            wb.close()
        except Exception:  # noqa: BLE001
            pass
    if varden is None:
        return None, problem
    rader = [[_cell_text(v) for v in r] for r in varden]
    if not any(any(c.strip() for c in r) for r in rader):
        return None, [Problem(fil, forvantat="filen är tom – förväntade en rubrikrad och datarader")]
    return rader, []


# --------------------------------------------------------------------------- rows -> DataFrame
def _till_dataframe(rader: list[list[str]], fil: str, inlasning: CsvInlasning | None = None
                    ) -> tuple[pd.DataFrame, list[Problem]]:
    """Rows (header first) to a DataFrame; with ``inlasning`` (a CSV file) the records'
    structure is checked first (:func:`kontrollera_poster`)."""
    problem: list[Problem] = []
    # The header is the first row; leading empty lines are skipped (row numbers kept).
    start = 0
    while start < len(rader) and not any(_stada(c) for c in rader[start]):
        start += 1
    if start >= len(rader):
        return _tom(), [Problem(fil, forvantat="filen är tom – förväntade en rubrikrad och datarader")]
    daliga: set[int] = set()
    if inlasning is not None:
        daliga, p = kontrollera_poster(inlasning, start, fil)
        problem += p
    rubrikrad = [_stada(c) for c in rader[start]]
    # drop trailing empty header cells
    while rubrikrad and rubrikrad[-1] == "":
        rubrikrad.pop()
    folded: list[str] = []
    rubriker: dict[str, str] = {}
    behall: list[int] = []
    for i, r in enumerate(rubrikrad):
        f = folda_rubrik(r)
        if f == "":
            # an unnamed column: keep only if it has data (reported below)
            if any(i < len(x) and _stada(x[i]) for x in rader[start + 1:]):
                problem.append(Problem(fil, rad=start + 1, kolumn=f"kolumn {i + 1}",
                                       forvantat="kolumnen har värden men ingen rubrik – den lästes inte",
                                       allvarlighet="varning"))
            continue
        if f in rubriker:
            problem.append(Problem(fil, rad=start + 1, kolumn=r,
                                   forvantat=f'rubriken förekommer två gånger (även "{rubriker[f]}") – '
                                   "varje kolumn får bara finnas en gång"))
            continue
        rubriker[f] = r
        folded.append(f)
        behall.append(i)
    ncols = len(rubrikrad)
    data: list[list[str]] = []
    index: list[int] = []
    for j, rad in enumerate(rader[start + 1:], start=start + 2):
        if j - 1 in daliga:
            continue
        celler = [_stada(c) for c in rad]
        if not any(celler):
            continue  # empty line
        if len(celler) > ncols and any(celler[ncols:]):
            problem.append(Problem(fil, rad=j, forvantat=f"raden har {len(celler)} fält men rubrikraden har "
                                   f"{ncols} – kontrollera avgränsare och citattecken; raden lästes inte"))
            continue
        celler += [""] * (ncols - len(celler))
        data.append([celler[i] for i in behall])
        index.append(j)
    df = pd.DataFrame(data, columns=folded, index=pd.Index(index, dtype="int64"), dtype=str)
    if not folded:
        problem.append(Problem(fil, rad=start + 1, forvantat="rubrikraden saknas eller är tom"))
    elif not data and not daliga:
        problem.append(Problem(fil, forvantat="filen har bara en rubrikrad och inga datarader",
                               allvarlighet="varning"))
    df.attrs["rubriker"] = rubriker
    return df, problem


def read_rows(path: str | Path, sheet: str | None = None, visningsnamn: str | None = None
              ) -> tuple[list[list[str]], list[Problem]]:
    """Read a CSV or XLSX file as its grid of stripped strings, with no header logic.

    For exports that have title rows above the table and footnotes below it (``vbe
    importera``): row ``i`` of the result is the file's row ``i + 1``. Decoding and
    workbook reading are :func:`read_table`'s. An unreadable file gives ``[]`` and one
    error.
    """
    path = Path(path)
    fil = visningsnamn or path.name
    try:
        data = path.read_bytes()
    except OSError as exc:
        return [], [Problem(fil, forvantat=f"filen kunde inte läsas ({exc.strerror or exc})")]
    try:
        if path.suffix.lower() in XLSX_SUFFIX or data[:4] == b"PK\x03\x04":
            rader, problem = _las_xlsx(data, fil, sheet)
        else:
            rader, problem = _las_csv_rader(data, fil)
    except Exception as exc:  # noqa: BLE001 – never let a bad file crash the caller
        return [], [Problem(fil, forvantat=f"filen kunde inte läsas ({type(exc).__name__})")]
    if rader is None:
        return [], problem
    return [[_stada(c) for c in r] for r in rader], problem


def _las_csv_rader(data: bytes, fil: str) -> tuple[list[list[str]] | None, list[Problem]]:
    """Like ``_las_csv``, but the delimiter is the one used on most lines (a title row
    above the table has none)."""
    text, problem = avkoda(data, fil)
    if text is None:
        return None, problem
    if text.strip() == "":
        return None, [Problem(fil, forvantat="filen är tom – förväntade en tabell")]
    rader = [re.sub(r'"[^"]*"', "", r) for r in text.splitlines() if r.strip()][:200]
    def poang(d: str) -> tuple[int, int]:
        return sum(1 for r in rader if d in r), sum(r.count(d) for r in rader)
    avgr = max((";", ",", "\t"), key=poang)
    if poang(avgr)[0] == 0:
        avgr = ","
    try:
        return [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=avgr)], problem
    except csv.Error as exc:
        return None, [Problem(fil, forvantat=f"filen kunde inte tolkas som CSV ({exc})")]
