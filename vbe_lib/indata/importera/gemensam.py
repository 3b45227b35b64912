"""What every import shares: the declared mapping, the preview, value and name mapping,
and writing contract files atomically with validation before they are moved into place.

A source's layout is described by a :class:`Mappning`: the defaults of the source kind
(in its module) merged with ``parameters/import/<källa>.yml`` when that file exists.
Nothing here raises on bad input except :class:`ImportFel` (a list of Swedish
messages); problems in the export are :class:`Problem` lines naming file, sheet, row and
column.
"""
from __future__ import annotations

import csv
import difflib
import io
import os
import re
import secrets
import shutil
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from vbe_lib.indata.importjournal import journalfil, skriv_journal, slutfor
from vbe_lib.indata.lasning import folda_rubrik, tolka_datum, tolka_heltal
from vbe_lib.indata.problem import Problem, sortera

#: What a symbol in a count cell means: uppgift saknas (written as an empty cell), zero,
#: or suppressed by the source (also written as empty: the reports do their own suppression).
Symbolbetydelse = Literal["saknas", "noll", "skyddad"]

#: Symbols of Swedish official statistics (PxWeb, SCB, Brå).
STANDARDSYMBOLER: dict[str, str] = {
    "..": "saknas", "…": "saknas", ".": "saknas", "...": "saknas",
    "-": "noll", "–": "noll", "—": "noll",
    "x": "skyddad", "X": "skyddad",
}

#: A row whose first cell starts with one of these begins the footnotes below a table.
STANDARDFOTNOTER = ("fotnot", "fotnoter", "källa", "källor", "anm", "anmärkning", "not:", "noter", "obs",
                    "..", "…", "- =", "– =", "x =", "*", "uppgifterna", "teckenförklaring", "förklaring",
                    "senast uppdaterad", "kommentar", "definition", "uppdaterad")


class ImportFel(Exception):
    """A problem that stops the import before anything is read (mapping, arguments)."""

    def __init__(self, meddelanden: list[str]):
        self.meddelanden = meddelanden
        super().__init__("\n".join(meddelanden))


# =========================================================================== mapping
class Mappning(BaseModel):
    """How an export's layout maps onto a contract file (``parameters/import/<källa>.yml``)."""

    model_config = ConfigDict(extra="forbid")

    #: the Excel sheet to read (default: the first)
    blad: str | None = None
    #: the row number of the table's header row as seen in Excel (None: found by its headers)
    rubrikrad: int | None = Field(None, ge=1)
    #: a row below the table whose first cell starts with one of these begins the footnotes
    fotnoter: list[str] = Field(default_factory=lambda: list(STANDARDFOTNOTER))
    #: rows at the very end of the file to drop in any case
    sista_rader: int = Field(0, ge=0)
    #: contract column -> the export's header(s) for it (the first one found is used)
    kolumner: dict[str, list[str]] = Field(default_factory=dict)
    #: lang: one row per value; bred: values across (years or categories in the headers)
    form: Literal["auto", "lang", "bred"] = "auto"
    #: for "bred": the contract column(s) whose values stand in the header rows, top row first
    over: list[str] = Field(default_factory=list)
    #: values for contract columns the export does not have (e.g. grupp: intern)
    konstanter: dict[str, str] = Field(default_factory=dict)
    #: value labels -> contract values, per contract column ("1 - Ingen kunskap": "1")
    varden: dict[str, dict[str, str]] = Field(default_factory=dict)
    #: symbols in count cells: saknas, noll or skyddad
    symboler: dict[str, Symbolbetydelse] = Field(default_factory=lambda: dict(STANDARDSYMBOLER))
    #: names in a name column whose rows are dropped (sums such as "Totalt")
    hoppa_over: list[str] = Field(default_factory=list)
    #: fill an empty dimension cell from the row above (PxWeb does not repeat them)
    fyll_nedat: bool | None = None
    #: date format of the export when not ÅÅÅÅ-MM-DD (strftime codes, e.g. "%d.%m.%Y")
    datumformat: str | None = None
    #: export columns that are left out on purpose (listed in the preview)
    ignorera: list[str] = Field(default_factory=list)
    #: survey: export header -> Fråga-id of the year's catalogue
    fragor: dict[str, str] = Field(default_factory=dict)

    @field_validator("kolumner", mode="before")
    @classmethod
    def _lista(cls, v: Any) -> Any:
        if isinstance(v, dict):
            return {k: ([x] if isinstance(x, str) else x) for k, x in v.items()}
        return v

    @field_validator("varden", mode="before")
    @classmethod
    def _text_varden(cls, v: Any) -> Any:
        if isinstance(v, dict):
            return {k: ({str(a): _yaml_text(b) for a, b in x.items()} if isinstance(x, dict) else x)
                    for k, x in v.items()}
        return v

    @field_validator("konstanter", "fragor", mode="before")
    @classmethod
    def _text_konstanter(cls, v: Any) -> Any:
        if isinstance(v, dict):
            return {str(k): _yaml_text(x) for k, x in v.items()}
        return v

    @field_validator("symboler", mode="before")
    @classmethod
    def _text_symboler(cls, v: Any) -> Any:
        if isinstance(v, dict):
            return {str(k): x for k, x in v.items()}
        return v


def _yaml_text(x: Any) -> Any:
    """YAML reads ``1`` as an int and ``Ja`` as a string: values are compared as text."""
    if isinstance(x, bool):
        return "Ja" if x else "Nej"
    if isinstance(x, (int, float)):
        return str(int(x)) if float(x).is_integer() else str(x)
    return x


_SAMMANSLAGNA = ("kolumner", "varden", "symboler", "konstanter", "fragor")


def las_mappning(kalla: str, standard: dict[str, Any], parametrar_dir: Path | None,
                 fil: Path | None = None, kolumner: dict[str, str] | None = None) -> tuple[Mappning, str | None]:
    """The mapping for source ``kalla``: ``standard`` merged with ``fil`` (or
    ``parameters/import/<kalla>.yml`` when it exists). ``kolumner``: the contract columns
    (folded name -> header as documented) that the keys may name. Returns the mapping and
    the file it came from (None: the defaults only). Raises :class:`ImportFel`."""
    if fil is None and parametrar_dir is not None:
        kandidat = Path(parametrar_dir) / "import" / f"{kalla}.yml"
        fil = kandidat if kandidat.is_file() else None
    data = {k: (dict(v) if isinstance(v, dict) else list(v) if isinstance(v, list) else v)
            for k, v in standard.items()}
    if fil is not None:
        egen = _las_yaml(Path(fil))
        for k, v in egen.items():
            if k in _SAMMANSLAGNA and isinstance(v, dict) and isinstance(data.get(k), dict):
                data[k] = {**data[k], **v}
            else:
                data[k] = v
    try:
        m = Mappning.model_validate(data)
    except ValidationError as exc:
        namn = str(fil) if fil is not None else f"standardmappningen för {kalla}"
        raise ImportFel([f"{namn}, fält '{'.'.join(str(x) for x in e['loc'])}': {_svensk_fel(e)}"
                         for e in exc.errors()]) from None
    if kolumner is not None:
        m = _kontrollera_kolumnnamn(m, kolumner, str(fil) if fil else f"standardmappningen för {kalla}")
    return m, (str(fil) if fil is not None else None)


def _las_yaml(fil: Path) -> dict[str, Any]:
    try:
        text = fil.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFel([f"{fil}: filen är inte sparad som UTF-8."]) from None
    except OSError as exc:
        raise ImportFel([f"{fil}: filen kunde inte läsas ({exc.strerror or exc})."]) from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        rad = f", rad {mark.line + 1}" if mark else ""
        raise ImportFel([f"{fil}{rad}: ogiltig YAML ({getattr(exc, 'problem', None) or exc})."]) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ImportFel([f"{fil}: förväntade nycklar och värden (t.ex. 'kolumner:'), inte en lista eller text."])
    return data


_FELTEXT = {
    "extra_forbidden": "okänt fält (stavfel?) – tillåtna fält är " + ", ".join(Mappning.model_fields),
    "int_parsing": "förväntade ett heltal",
    "int_type": "förväntade ett heltal",
    "bool_parsing": "förväntade true eller false",
    "bool_type": "förväntade true eller false",
    "string_type": "förväntade text",
    "list_type": "förväntade en lista",
    "dict_type": "förväntade nycklar och värden",
    "literal_error": "otillåtet värde",
    "greater_than_equal": "värdet är för litet",
}


def _svensk_fel(e: dict) -> str:
    typ = e.get("type", "")
    text = _FELTEXT.get(typ, e.get("msg", "ogiltigt värde"))
    if typ == "literal_error":
        text += f" (tillåtna: {e.get('ctx', {}).get('expected', '')})"
    if "input" in e and typ not in ("missing", "extra_forbidden"):
        text += f"; fick '{e['input']}'"
    return text + "."


def _kontrollera_kolumnnamn(m: Mappning, kolumner: dict[str, str], namn: str) -> Mappning:
    """Keys under kolumner/konstanter/varden/over may be the contract column's folded name
    or its header ("Område"); both become the folded name."""
    index = {k: k for k in kolumner} | {folda_rubrik(v): k for k, v in kolumner.items()}
    tillatna = ", ".join(f"{k} ({v})" for k, v in kolumner.items())
    fel: list[str] = []

    def ny(nyckel: str, falt: str) -> str | None:
        k = index.get(folda_rubrik(nyckel))
        if k is None:
            fel.append(f"{namn}, fält '{falt}': okänd kolumn '{nyckel}' – tillåtna är {tillatna}.")
        return k

    data = m.model_dump()
    for falt in ("kolumner", "konstanter", "varden"):
        data[falt] = {k2: v for k, v in data[falt].items() if (k2 := ny(k, falt)) is not None}
    data["over"] = [k2 for k in data["over"] if (k2 := ny(k, "over")) is not None]
    if fel:
        raise ImportFel(fel)
    return Mappning.model_validate(data)


# =========================================================================== preview
@dataclass
class Forhandsvisning:
    """What an import read and what it will write, shown before anything is written."""

    fil: str
    kalla: str
    blad: str | None = None
    mappning: str | None = None
    rubrikrad: int | None = None
    form: str = ""
    kolumner: dict[str, str] = field(default_factory=dict)  # export header -> contract header
    rader_lasta: int = 0
    rader_ut: int = 0
    hoppade: dict[str, list[int]] = field(default_factory=dict)  # reason -> rows
    namn: dict[str, str] = field(default_factory=dict)  # name as written -> committee name
    varden: dict[str, dict[str, str]] = field(default_factory=dict)  # contract header -> {label: value}
    symboler: dict[tuple[str, str], int] = field(default_factory=dict)  # (symbol, meaning) -> count
    ignorerade: list[str] = field(default_factory=list)
    noteringar: list[str] = field(default_factory=list)
    problem: list[Problem] = field(default_factory=list)
    utfiler: list[str] = field(default_factory=list)

    def hoppa(self, skal: str, rad: int) -> None:
        self.hoppade.setdefault(skal, []).append(rad)

    def symbol(self, symbol: str, betydelse: str) -> None:
        self.symboler[(symbol, betydelse)] = self.symboler.get((symbol, betydelse), 0) + 1

    @property
    def fel(self) -> list[Problem]:
        return [p for p in self.problem if p.ar_fel]

    def rader(self) -> list[str]:
        """The preview as Swedish lines."""
        kalla = f"{self.fil}" + (f", blad \"{self.blad}\"" if self.blad else "")
        ut = [f"Förhandsgranskning: {kalla} → {', '.join(self.utfiler) or '–'}"]
        if self.kalla != "polis":
            ut.append(f"  mappning: {self.mappning or 'standardmappningen'}")
        if self.rubrikrad:
            ut.append(f"  rubrikrad: rad {self.rubrikrad}"
                      + (f" (rad 1–{self.rubrikrad - 1} är rubriker ovanför tabellen)" if self.rubrikrad > 1 else ""))
        if self.form:
            ut.append(f"  tabellens form: {self.form}")
        if self.kolumner:
            ut.append("  kolumner: " + "; ".join(f'"{a}" → {b}' for a, b in self.kolumner.items()))
        ut.append(f"  rader lästa: {self.rader_lasta}; rader att skriva: {self.rader_ut}")
        for skal, rader in self.hoppade.items():
            ut.append(f"  hoppade över {len(rader)} {'rad' if len(rader) == 1 else 'rader'} ({skal}): "
                      + radlista(rader))
        if self.symboler:
            ut.append("  symboler: " + "; ".join(
                f'{n} × "{s}" → {_BETYDELSE[b]}' for (s, b), n in sorted(self.symboler.items())))
        if self.namn:
            andrade = {a: b for a, b in self.namn.items() if a != b}
            ut.append(f"  namn: {len(self.namn)} nämnder och områden känns igen"
                      + (": " + "; ".join(f'"{a}" → {b}' for a, b in sorted(andrade.items())) if andrade else ""))
        for kol, m in self.varden.items():
            andrade = {a: b for a, b in m.items() if a != b}
            if andrade:
                ut.append(f"  värden i {kol}: " + "; ".join(f'"{a}" → {b}' for a, b in sorted(andrade.items())))
        if self.ignorerade:
            ut.append("  används inte: " + ", ".join(f'"{k}"' for k in self.ignorerade))
        ut += [f"  {n}" for n in self.noteringar]
        return ut


_BETYDELSE = {"saknas": "uppgift saknas (tom cell)", "noll": "0", "skyddad": "uppgift saknas (skyddad i källan)"}


def radlista(rader: list[int], max_antal: int = 12) -> str:
    """``[3, 4, 5, 9]`` → ``"rad 3–5, 9"``."""
    rader = sorted(set(rader))
    spann: list[tuple[int, int]] = []
    for r in rader:
        if spann and r == spann[-1][1] + 1:
            spann[-1] = (spann[-1][0], r)
        else:
            spann.append((r, r))
    delar = [f"{a}" if a == b else f"{a}–{b}" for a, b in spann]
    if len(delar) > max_antal:
        delar = delar[:max_antal] + [f"… ({len(rader)} i alla)"]
    return "rad " + ", ".join(delar)


# =========================================================================== values
def folda_text(t: object) -> str:
    """Fold a label or question text for a tolerant comparison: Unicode NFKC, case,
    dashes and quotes unified, every run of non-alphanumerics one space."""
    s = unicodedata.normalize("NFKC", str(t)).casefold()
    s = re.sub(r"[\u2010-\u2015\u2212]", "-", s)
    s = re.sub(r"[\W_]+", " ", s)
    return s.strip()


def symbol(v: str, m: Mappning) -> str | None:
    """The meaning of a symbol cell ("..", "–", "x"), or None for any other value."""
    t = v.strip()
    if t in m.symboler:
        return m.symboler[t]
    return m.symboler.get(t.strip('"'))


def etikett_till_varde(v: str, etiketter: dict[str, str]) -> str:
    """A value label through the mapping's labels (exact, then folded)."""
    if v in etiketter:
        return etiketter[v]
    f = folda_text(v)
    for a, b in etiketter.items():
        if folda_text(a) == f:
            return b
    return v


def forslag(varde: str, kandidater: list[str], antal: int = 3, cutoff: float = 0.5) -> list[str]:
    """The closest candidates for a value, for 'menade du …?'."""
    index: dict[str, str] = {}
    for k in kandidater:
        index.setdefault(folda_text(k), k)
    traffar = difflib.get_close_matches(folda_text(varde), list(index), n=antal, cutoff=cutoff)
    return [index[t] for t in traffar]


def tolka_antal(v: str, m: Mappning, fv: Forhandsvisning, fil: str, rad: int, kolumn: str,
                ) -> tuple[int | None, Problem | None]:
    """A count cell: symbols through the mapping, else an integer ≥ 0. Empty → None."""
    s = symbol(v, m)
    if s is not None:
        fv.symbol(v.strip(), s)
        return (0 if s == "noll" else None), None
    try:
        x = tolka_heltal(v)
    except ValueError:
        x = -1
    if x is None:
        return None, None
    if x < 0:
        return None, Problem(fil, rad=rad, kolumn=kolumn, varde=v,
                             forvantat="ett heltal ≥ 0, en tom cell eller en symbol (" +
                             ", ".join(f'"{k}"' for k in m.symboler) + ")")
    return x, None


def tolka_datumcell(v: str, m: Mappning) -> str | None:
    """A date cell as ÅÅÅÅ-MM-DD (``datumformat`` first when the mapping has one)."""
    import datetime as dt

    t = v.strip()
    if t == "":
        return None
    if m.datumformat:
        try:
            return dt.datetime.strptime(t, m.datumformat).date().isoformat()
        except ValueError:
            pass
    d = tolka_datum(t)  # raises ValueError
    return d.isoformat() if d else None


# =========================================================================== writing
def csv_bytes(rubriker: list[str], rader: list[list[object]]) -> bytes:
    """A contract CSV: UTF-8, comma, ``\\n`` line endings (like the example data)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(rubriker)
    for r in rader:
        w.writerow(["" if v is None else str(v) for v in r])
    return buf.getvalue().encode("utf-8")


@dataclass
class Utfil:
    """A file to write: path relative to the data folder and its bytes."""

    rel: str
    innehall: bytes


@dataclass
class Skrivresultat:
    utfall: Literal["skriven", "oforandrad", "finns", "fel", "forhandsvisning"]
    problem: list[Problem] = field(default_factory=list)
    skrivna: list[str] = field(default_factory=list)
    befintliga: list[str] = field(default_factory=list)
    borttagna: list[str] = field(default_factory=list)


def skriv_filer(data_dir: Path, utfiler: list[Utfil], konf, planar: int | None, skriv_over: bool,
                sammanhang: list[str] = (), prefix: tuple[str, ...] = (),
                ta_bort: list[str] = ()) -> Skrivresultat:
    """Write ``utfiler`` into ``data_dir`` – all of them or none – and then remove
    ``ta_bort`` (files the new ones make stale, e.g. an earlier import's table details).

    A file that exists is replaced only with ``skriv_over`` (identical bytes: nothing to
    do). The new files are first written into a staging folder inside ``data_dir``
    together with copies of ``sammanhang`` (the files their validation needs, e.g. the
    year's question catalogue) and validated there with :func:`vbe_lib.indata.validera.validera`;
    only when no error concerns them (or a file under one of ``prefix``) are they moved
    into place, each with an atomic rename. Before the first rename a journal
    (:data:`vbe_lib.indata.importjournal.JOURNAL`) names the files; it is removed after the
    last. If the process dies in between, the journal and the staged files stay: :func:`slutfor_avbrutna` (run by the
    next ``vbe importera``) moves the rest into place, and until then the data folder's
    validation reports the unfinished import (:func:`avbrutna_importer`), so no report is
    built from a half-written pair (e.g. a new ``brott.csv`` with an old ``brott.kalla.yml``).
    """
    data_dir = Path(data_dir)
    befintliga = [u.rel for u in utfiler if (data_dir / u.rel).exists()]
    if befintliga and all((data_dir / u.rel).is_file() and (data_dir / u.rel).read_bytes() == u.innehall
                          for u in utfiler) and not any((data_dir / r).exists() for r in ta_bort):
        return Skrivresultat("oforandrad", befintliga=befintliga)
    if befintliga and not skriv_over:
        return Skrivresultat("finns", befintliga=befintliga)
    data_dir.mkdir(parents=True, exist_ok=True)
    stage = data_dir / f".importera-{os.getpid()}-{secrets.token_hex(4)}"
    try:
        stage.mkdir()
        for rel in sammanhang:
            kalla = data_dir / rel
            if kalla.is_file() and rel not in {u.rel for u in utfiler}:
                (stage / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(kalla, stage / rel)
        for u in utfiler:
            (stage / u.rel).parent.mkdir(parents=True, exist_ok=True)
            (stage / u.rel).write_bytes(u.innehall)
        problem = _validera(stage, konf, planar, {u.rel for u in utfiler}, prefix)
        if any(p.ar_fel for p in problem):
            return Skrivresultat("fel", problem=problem, befintliga=befintliga)
        journal = skriv_journal(data_dir, stage, [u.rel for u in utfiler], list(ta_bort))
        borttagna = slutfor(data_dir, journal)
        return Skrivresultat("skriven", problem=problem, skrivna=[u.rel for u in utfiler], befintliga=befintliga,
                             borttagna=borttagna)
    finally:
        if not journalfil(data_dir, stage).exists():  # an unfinished move keeps its files
            shutil.rmtree(stage, ignore_errors=True)




def _validera(katalog: Path, konf, planar: int | None, filer: set[str], prefix: tuple[str, ...]) -> list[Problem]:
    from vbe_lib.indata.validera import validera

    alla = validera(katalog, konf, planar, cache=False, personuppgifter=True)
    # problems of the written files, and of the files beside them that exist (e.g. the
    # year's catalogue or tillfragade.csv checked against new answers)
    return sortera([p for p in alla if p.fil in filer
                    or (any(p.fil.startswith(x) for x in prefix) and (katalog / p.fil).is_file())])
