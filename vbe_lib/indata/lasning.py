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
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
import zipfile
from pathlib import Path

import pandas as pd

from vbe_lib.parametrar import vocab
from vbe_lib.indata.problem import Problem

#: Suffixes read as Excel workbooks.
XLSX_SUFFIX = (".xlsx", ".xlsm")
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


def gar_att_tolka(funktion, s: object, **kw) -> bool:
    """True if ``funktion(s)`` does not raise (empty counts as parseable)."""
    try:
        funktion(s, **kw)
        return True
    except (ValueError, TypeError, OverflowError):
        return False


# --------------------------------------------------------------------------- reading
def read_table(path: str | Path, sheet: str | None = None, visningsnamn: str | None = None
               ) -> tuple[pd.DataFrame, list[Problem]]:
    """Read a CSV or XLSX file into a DataFrame of stripped strings.

    Returns ``(df, problems)``. On an unreadable file ``df`` is empty (no columns) and
    ``problems`` holds one error. ``visningsnamn`` is the file name used in messages
    (default: the file name).
    """
    path = Path(path)
    fil = visningsnamn or path.name
    try:
        data = path.read_bytes()
    except OSError as exc:
        return _tom(), [Problem(fil, forvantat=f"filen kunde inte läsas ({exc.strerror or exc})")]
    try:
        if path.suffix.lower() in XLSX_SUFFIX or data[:4] == b"PK\x03\x04":
            rader, problem = _las_xlsx(data, fil, sheet)
        else:
            if sheet is not None:
                problem = [Problem(fil, forvantat=f"bladet \"{sheet}\" kan bara väljas i en Excel-fil; "
                                   "filen lästes som CSV", allvarlighet="varning")]
            else:
                problem = []
            rader, p2 = _las_csv(data, fil)
            problem += p2
    except Exception as exc:  # noqa: BLE001 – never let a bad file crash the caller
        return _tom(), [Problem(fil, forvantat=f"filen kunde inte läsas ({type(exc).__name__})")]
    if rader is None:
        return _tom(), problem
    df, p3 = _till_dataframe(rader, fil)
    return df, problem + p3


def _tom() -> pd.DataFrame:
    df = pd.DataFrame(index=pd.Index([], dtype="int64"))
    df.attrs["rubriker"] = {}
    return df


def _avkoda(data: bytes, fil: str) -> tuple[str | None, list[Problem]]:
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


def _ser_binar_ut(text: str) -> bool:
    prov = text[:4096]
    if not prov:
        return False
    styr = sum(1 for c in prov if unicodedata.category(c) == "Cc" and c not in "\r\n\t")
    return styr > max(2, len(prov) // 50)


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


def _las_csv(data: bytes, fil: str) -> tuple[list[list[str]] | None, list[Problem]]:
    text, problem = _avkoda(data, fil)
    if text is None:
        return None, problem
    if text.strip() == "":
        return None, [Problem(fil, forvantat="filen är tom – förväntade en rubrikrad och datarader")]
    avgr = _gissa_avgransare(text)
    try:
        rader = [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=avgr)]
    except csv.Error as exc:
        return None, [Problem(fil, forvantat=f"filen kunde inte tolkas som CSV ({exc})")]
    return rader, problem


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


def _las_xlsx(data: bytes, fil: str, sheet: str | None) -> tuple[list[list[str]] | None, list[Problem]]:
    import warnings

    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
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
        rader = [[_cell_text(v) for v in rad] for rad in ws.iter_rows(values_only=True)]
    finally:
        try:
            wb.close()
        except Exception:  # noqa: BLE001
            pass
    if not any(any(c.strip() for c in r) for r in rader):
        return None, [Problem(fil, forvantat="filen är tom – förväntade en rubrikrad och datarader")]
    return rader, []


def _till_dataframe(rader: list[list[str]], fil: str) -> tuple[pd.DataFrame, list[Problem]]:
    problem: list[Problem] = []
    # The header is the first row; leading empty lines are skipped (row numbers kept).
    start = 0
    while start < len(rader) and not any(_stada(c) for c in rader[start]):
        start += 1
    if start >= len(rader):
        return _tom(), [Problem(fil, forvantat="filen är tom – förväntade en rubrikrad och datarader")]
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
    elif not data:
        problem.append(Problem(fil, forvantat="filen har bara en rubrikrad och inga datarader",
                               allvarlighet="varning"))
    df.attrs["rubriker"] = rubriker
    return df, problem
