"""Excel files: the follow-up export (a sheet per group) and the activity files themselves.

Both are written with openpyxl and saved with deterministic bytes: the workbook's
created/modified properties and every zip entry's timestamp come from ``byggdatum``,
so the same input gives byte-identical files.

The follow-up workbook is published, so it is made for screen readers and print
(:func:`_tabellblad`): the explanation sheet comes first, every data sheet is an Excel
table (a screen reader announces its column headers), its header row is repeated on
every printed page (print titles), and the workbook's language is Swedish (sv-SE).

Every cell is written through :func:`_skriv_rad`: a text that a spreadsheet program
would take for a formula (it starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return) or for an error value (``#REF!`` …) is stored as text with Excel's quote
prefix, the same as typing ``'`` before it, so that ``=HYPERLINK(…)`` in an activity
cell is shown as written and never becomes a live formula, also not when the cell is
edited. Numbers stay numbers (a negative number is a number, not a text).
"""
from __future__ import annotations

import datetime as dt
import io
import os
import re
import tempfile
import zipfile
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.xml.functions import tostring

from vbe_lib.parametrar.vocab import AKTIVITETSGRUPPER, STATUSAR

from vbe_lib.indata.aktiviteter import AKTIVITETSBLAD, KOLUMNER

FIKTIVA = "Fiktiva exempeldata"
SPRAK = "sv-SE"

#: Column widths (characters) by header.
BREDDER = {
    "Id": 14, "Grupp": 26, "Aktivitet": 60, "Syfte/Mål": 40, "Ansvarig": 30, "Tidplan": 18,
    "Uppföljning": 26, "Status": 14, "Kommentar": 50, "Ursprung": 10, "Historik": 40,
}
_KORTA_BLAD = {
    "forebyggande": "Förebyggande",
    "forhindrande": "Förhindrande",
    "foreningsbidrag": "Föreningsbidrag och lokaler",
    "kompetenshojande": "Kompetenshöjande",
}
_RUBRIKFARG = PatternFill("solid", fgColor="DDE5EE")
_RADBRYT = Alignment(wrap_text=True, vertical="top")
_FET = Font(bold=True)
#: first characters that make a spreadsheet program read a text as a formula (tab and
#: carriage return: what CSV exports and pasting turn into one)
FORMELTECKEN = ("=", "+", "-", "@", "\t", "\r")


def ar_formellik(varde: object) -> bool:
    """Whether a text cell would be read as a formula or an error value if written as is."""
    return isinstance(varde, str) and (varde.startswith(FORMELTECKEN) or varde in ERROR_CODES)


def _skriv_rad(ws, varden: list[object]) -> None:
    """Append a row; texts that look like formulas (:func:`ar_formellik`) become plain
    text cells with the quote prefix (openpyxl would store ``=…`` as a formula)."""
    ws.append(varden)
    for cell, varde in zip(ws[ws.max_row], varden):
        if ar_formellik(varde):
            cell.data_type = "s"
            cell.quotePrefix = True


def _tid(byggdatum: dt.date | dt.datetime) -> dt.datetime:
    if isinstance(byggdatum, dt.datetime):
        return byggdatum.replace(tzinfo=None, microsecond=0)
    return dt.datetime(byggdatum.year, byggdatum.month, byggdatum.day)


def spara_deterministiskt(wb: Workbook, fil: str | Path, byggdatum: dt.date | dt.datetime) -> Path:
    """Save ``wb`` to ``fil`` (atomically) with fixed timestamps from ``byggdatum``."""
    tid = _tid(byggdatum)
    wb.properties.created = tid
    wb.properties.modified = tid
    buf = io.BytesIO()
    wb.save(buf)  # openpyxl stamps 'modified' with now: core.xml is rewritten below
    wb.properties.modified = tid
    ut = io.BytesIO()
    datum_tid = (max(tid.year, 1980), tid.month, tid.day, tid.hour, tid.minute, tid.second)
    with zipfile.ZipFile(buf) as zin, zipfile.ZipFile(ut, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = tostring(wb.properties.to_tree())
            zi = zipfile.ZipInfo(info.filename, date_time=datum_tid)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = info.external_attr
            zout.writestr(zi, data)
    fil = Path(fil)
    fil.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=fil.parent, prefix=f".{fil.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(ut.getvalue())
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)
        os.replace(tmp, fil)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return fil


def bladnamn(grupp: str, upptagna: set[str]) -> str:
    """A valid, unique Excel sheet name (≤ 31 characters, no []:*?/\\) for a group."""
    nyckel = AKTIVITETSGRUPPER.hitta(grupp)
    namn = _KORTA_BLAD.get(nyckel) if nyckel else None
    if namn is None:
        namn = re.sub(r"[\[\]:*?/\\]", " ", grupp).strip().strip("'") or "Grupp"
        namn = " ".join(namn.split())[:31].rstrip()
    bas, i = namn, 2
    while namn.casefold() in {u.casefold() for u in upptagna}:
        suffix = f" ({i})"
        namn = bas[: 31 - len(suffix)].rstrip() + suffix
        i += 1
    upptagna.add(namn)
    return namn


def _fyll_blad(ws, df: pd.DataFrame, statuslista: bool = False) -> None:
    rubriker = [str(k) for k in df.columns]
    _skriv_rad(ws, rubriker)
    for c in ws[1]:
        c.font = _FET
        c.fill = _RUBRIKFARG
        c.alignment = _RADBRYT
    for rad in df.itertuples(index=False):
        _skriv_rad(ws, [None if (v is None or (not isinstance(v, str) and pd.isna(v))) or v == "" else v for v in rad])
    for i, h in enumerate(rubriker, start=1):
        ws.column_dimensions[get_column_letter(i)].width = BREDDER.get(h, 20)
    for rad in ws.iter_rows(min_row=2):
        for c in rad:
            c.alignment = _RADBRYT
    ws.freeze_panes = "A2"
    if len(df):
        ws.auto_filter.ref = f"A1:{get_column_letter(len(rubriker))}{len(df) + 1}"
    if statuslista and "Status" in rubriker:
        kol = get_column_letter(rubriker.index("Status") + 1)
        dv = DataValidation(type="list", formula1='"' + ",".join(STATUSAR.etiketter.values()) + '"',
                            allow_blank=True, errorStyle="information", showErrorMessage=True,
                            errorTitle="Status", error="Använd helst någon av statusarna i listan.")
        dv.add(f"{kol}2:{kol}{max(len(df) + 1, 200)}")
        ws.add_data_validation(dv)


def _tabellblad(ws, nr: int) -> None:
    """Make a filled data sheet (header in row 1) an Excel table named ``Tabell<nr>``
    with its header row as print titles, printed landscape and one page wide."""
    ncol = ws.max_column
    nrad = max(ws.max_row, 2)  # a table has at least one (possibly empty) data row
    ws.auto_filter.ref = None  # the table has its own filter; a sheet filter over it is invalid
    tabell = Table(displayName=f"Tabell{nr}", ref=f"A1:{get_column_letter(ncol)}{nrad}")
    tabell.tableStyleInfo = TableStyleInfo(name="TableStyleLight1", showRowStripes=False,
                                           showColumnStripes=False, showFirstColumn=False, showLastColumn=False)
    ws.add_table(tabell)
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)


def _om_blad(wb: Workbook, titel: str, rader: list[str]) -> None:
    ws = wb.create_sheet(titel)
    for r in rader:
        _skriv_rad(ws, [r])
    ws["A1"].font = Font(bold=True, size=12)
    ws.column_dimensions["A"].width = 100
    for rad in ws.iter_rows():
        for c in rad:
            c.alignment = Alignment(wrap_text=True, vertical="top")


def skriv_uppfoljning(tabeller: dict[str, pd.DataFrame], fil: str | Path, byggdatum: dt.date,
                      rubrik: str, kalla: str = "", exempeldata: bool = False) -> Path:
    """The follow-up tables (group label → table of :data:`analys.TABELLKOLUMNER`) as an
    Excel workbook: a sheet per group with exactly the rows of the HTML tables, frozen
    header row, column widths, wrapped text, each an Excel table with print titles;
    first a sheet 'Om tabellerna'; workbook language sv-SE."""
    wb = Workbook()
    wb.remove(wb.active)
    upptagna: set[str] = set()
    for nr, (grupp, df) in enumerate(tabeller.items(), start=1):
        ws = wb.create_sheet(bladnamn(grupp, upptagna))
        _fyll_blad(ws, df)
        _tabellblad(ws, nr)
    om = [rubrik]
    if exempeldata:
        om.append(f"{FIKTIVA}: tabellerna bygger på påhittade aktiviteter.")
    om += [f"Blad '{bladnamn(g, set())}': {g} ({len(d)} aktiviteter)" if len(d) != 1 else
           f"Blad '{bladnamn(g, set())}': {g} (1 aktivitet)" for g, d in tabeller.items()]
    if kalla:
        om.append(f"Källa: {kalla}")
    om.append(f"Skapad {byggdatum.isoformat()} av vbe.")
    _om_blad(wb, "Om tabellerna", om)
    # the explanation first: it is what a reader (and a screen reader) opens on
    wb.move_sheet("Om tabellerna", offset=-(len(wb.sheetnames) - 1))
    wb.active = 0
    wb.properties.language = SPRAK
    wb.properties.title = rubrik
    wb.properties.creator = "vbe"
    wb.properties.description = FIKTIVA if exempeldata else ""
    return spara_deterministiskt(wb, fil, byggdatum)


def skriv_aktivitetsfil(df: pd.DataFrame, fil: str | Path, byggdatum: dt.date, om: list[str],
                        exempeldata: bool = False) -> Path:
    """An activity file (sheet 'Aktiviteter' with the contract's Swedish headers, then a
    sheet 'Om filen'). ``df`` has the normalised columns of :data:`las.KOLUMNER`;
    ``status`` may be a key or empty, ``ursprung`` a year or empty."""
    ut = pd.DataFrame({rubrik: df[k].tolist() if k in df.columns else [""] * len(df)
                       for k, rubrik in KOLUMNER.items()})
    if len(ut):
        ut["Status"] = [STATUSAR.etikett(s) if s in STATUSAR.etiketter else (s or "") for s in ut["Status"]]
        ut["Ursprung"] = [int(v) if v is not None and not pd.isna(v) and v != "" else None for v in ut["Ursprung"]]
    wb = Workbook()
    ws = wb.active
    ws.title = AKTIVITETSBLAD
    _fyll_blad(ws, ut, statuslista=True)
    if exempeldata:
        om = [*om[:1], f"{FIKTIVA} – aktiviteterna är påhittade och beskriver ingen verklig nämnd.", *om[1:]]
    _om_blad(wb, "Om filen", om)
    wb.properties.title = om[0] if om else "Aktiviteter"
    wb.properties.creator = "vbe"
    wb.properties.description = FIKTIVA if exempeldata else ""
    if exempeldata:
        wb.properties.subject = FIKTIVA
    return spara_deterministiskt(wb, fil, byggdatum)


def las_blad(fil: str | Path) -> dict[str, list[list[str]]]:
    """Every sheet's rows as text (None → ''), for tests and checks."""
    from openpyxl import load_workbook

    wb = load_workbook(fil, read_only=True)
    try:
        return {ws.title: [["" if v is None else str(v) for v in r] for r in ws.iter_rows(values_only=True)]
                for ws in wb.worksheets}
    finally:
        wb.close()
