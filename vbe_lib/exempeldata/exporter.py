"""Seeded generator of fictitious *exports* (issue 17): the example data as the sources
themselves would deliver them, for trying and testing ``vbe importera``.

``generera_exporter(ut, data_dir, konf, seed)`` reads the example data (``data/``, itself
fictitious) and writes each source in a layout of its own kind – title rows, merged
header cells, values across, symbols, footnotes, Windows-1252 CSV with semicolons,
a PC-Axis and a JSON-stat file for the crime table, the survey tool's one row per
respondent with answer labels, the police's Word documents. Importing each with the
default mapping gives back exactly the example data's contract files
(``tests/test_importera.py`` compares them row for row after normalisation, and the
police texts byte for byte). Names are spelled with the committees' aliases, chosen by
the seed; nothing depends on the clock.
"""
from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import numpy as np

from vbe_lib.parametrar import vocab
from vbe_lib.parametrar.ordlistor import vokabular
from vbe_lib.parametrar.konfiguration import Konfiguration

#: Default seed (as the example data's).
STANDARDFRO = 2021

FIKTIVT = "Fiktiva exempeldata – exporten är påhittad och gjord av vbe för att prova vbe importera."


class _Namn:
    """A committee's name as an export spells it: mostly the short name, sometimes an alias."""

    def __init__(self, konf: Konfiguration, rng: np.random.Generator):
        self.konf, self.rng, self.val = konf, rng, {}

    def __call__(self, slug: str) -> str:
        if slug not in self.val:
            n = self.konf.namnder[slug]
            alt = [n.kortnamn, n.kortnamn, n.namn, *n.alias]
            self.val[slug] = alt[int(self.rng.integers(0, len(alt)))]
        return self.val[slug]


def _rng(seed: int, nyckel: str) -> np.random.Generator:
    import zlib

    return np.random.default_rng([seed, zlib.crc32(nyckel.encode())])


def _las_csv(fil: Path) -> list[dict[str, str]]:
    with open(fil, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _skriv_csv_cp1252(fil: Path, rader: list[list[object]]) -> Path:
    """Semicolon CSV in Windows-1252 with CRLF, as Excel and PxWeb save it on Swedish Windows."""
    fil.parent.mkdir(parents=True, exist_ok=True)
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    for r in rader:
        w.writerow(["" if v is None else v for v in r])
    fil.write_bytes(buf.getvalue().encode("cp1252"))
    return fil


def _arbetsbok():
    import openpyxl

    wb = openpyxl.Workbook()
    wb.properties.creator = "vbe (fiktiva exempeldata)"
    import datetime as dt

    wb.properties.created = wb.properties.modified = dt.datetime(2021, 1, 15)
    return wb


def _tal(v: str) -> object:
    """A contract cell as an Excel cell: an integer, or the ".." symbol for a missing value."""
    return ".." if v == "" else int(v)


# ============================================================================ crimes
def _brottskub(data_dir: Path, namn: _Namn, konf: Konfiguration):
    """(areas in order, categories, years, value(area, category, year) -> text) from brott.csv."""
    rader = _las_csv(data_dir / "brott.csv")
    varden: dict[tuple[str, str, int], str] = {}
    for r in rader:
        varden[(konf.hitta(r["Område"]), vokabular(konf, vocab.BROTTSKATEGORIER).hitta(r["Brottskategori"]), int(r["År"]))] = r["Antal"]
    omraden = sorted({k[0] for k in varden}, key=lambda s: konf.namnder[s].kortnamn)
    kategorier = [k for k in vocab.BROTTSKATEGORIER.nycklar if any(x[1] == k for x in varden)]
    ar = sorted({k[2] for k in varden})
    return omraden, kategorier, ar, varden


_BRA_TITEL = "Anmälda brott efter stadsdelsområde, brottskategori och år"
_BRA_KALLA = "Brottsförebyggande rådet (Brå), statistikdatabasen över anmälda brott (fiktiv tabell)"


def _brott_xlsx(ut: Path, data_dir: Path, konf: Konfiguration, seed: int) -> Path:
    """Brå's Excel export: categories across (merged over their years), years below them,
    one row per area, a total row, ".." for missing, footnotes below."""
    from openpyxl.styles import Alignment, Font

    namn = _Namn(konf, _rng(seed, "brott-xlsx"))
    omraden, kategorier, ar, v = _brottskub(data_dir, namn, konf)
    wb = _arbetsbok()
    ws = wb.active
    ws.title = "Anmälda brott"
    ws["A1"] = _BRA_TITEL
    ws["A1"].font = Font(bold=True, size=12)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=1 + len(kategorier) * len(ar))
    ws["A2"] = "Antal anmälda brott"
    ws["A4"] = "Område"
    ws.merge_cells("A4:A5")  # the stub's header spans both header rows
    for i, k in enumerate(kategorier):
        c0 = 2 + i * len(ar)
        ws.cell(4, c0, vocab.BROTTSKATEGORIER.etikett(k)).alignment = Alignment(horizontal="center")
        ws.merge_cells(start_row=4, start_column=c0, end_row=4, end_column=c0 + len(ar) - 1)
        for j, a in enumerate(ar):
            ws.cell(5, c0 + j, str(a))
    rad = 6
    for s in omraden:
        ws.cell(rad, 1, namn(s))
        for i, k in enumerate(kategorier):
            for j, a in enumerate(ar):
                ws.cell(rad, 2 + i * len(ar) + j, _tal(v.get((s, k, a), "")))
        rad += 1
    ws.cell(rad, 1, "Stockholms stad")
    for i, k in enumerate(kategorier):
        for j, a in enumerate(ar):
            tal = [int(v[(s, k, a)]) for s in omraden if v.get((s, k, a), "") != ""]
            ws.cell(rad, 2 + i * len(ar) + j, sum(tal) if tal else "..")
    rad += 2
    for text in ("Fotnoter:", ".. = uppgift saknas eller för osäker för att redovisas.",
                 "Uppgifterna redovisas på den stadsdelsnämnd som fanns vid årets slut.",
                 f"Källa: {_BRA_KALLA}", FIKTIVT):
        ws.cell(rad, 1, text)
        rad += 1
    fil = ut / "brott.xlsx"
    fil.parent.mkdir(parents=True, exist_ok=True)
    wb.save(fil)
    return fil


def _brott_csv(ut: Path, data_dir: Path, konf: Konfiguration, seed: int) -> Path:
    """PxWeb's "semikolonavgränsad med rubrik": a title row, areas and categories down
    (an area written only on its first row), years across, "-" for zero."""
    namn = _Namn(konf, _rng(seed, "brott-csv"))
    omraden, kategorier, ar, v = _brottskub(data_dir, namn, konf)
    rader: list[list[object]] = [[_BRA_TITEL], [], ["område", "brottskategori", *[str(a) for a in ar]]]
    for s in omraden:
        for i, k in enumerate(kategorier):
            celler = []
            for a in ar:
                x = v.get((s, k, a), "")
                celler.append(".." if x == "" else "-" if x == "0" else x)
            rader.append([namn(s) if i == 0 else "", vocab.BROTTSKATEGORIER.etikett(k), *celler])
    rader += [[], ["Förklaring: .. = uppgift saknas, - = noll."], [f"Källa: {_BRA_KALLA}"], [FIKTIVT]]
    return _skriv_csv_cp1252(ut / "brott-pxweb.csv", rader)


def _px_text(varden: list[str]) -> str:
    return ",".join(f'"{x}"' for x in varden)


def _brott_px(ut: Path, data_dir: Path, konf: Konfiguration, seed: int) -> Path:
    """A PC-Axis file as PxWeb saves it (Windows-1252, quoted symbols in DATA)."""
    namn = _Namn(konf, _rng(seed, "brott-px"))
    omraden, kategorier, ar, v = _brottskub(data_dir, namn, konf)
    kat = [vocab.BROTTSKATEGORIER.etikett(k) for k in kategorier]
    rader = [
        'CHARSET="ANSI";', 'AXIS-VERSION="2010";', 'CODEPAGE="iso-8859-1";', 'LANGUAGE="sv";',
        'CREATION-DATE="20210115 09:00";', "DECIMALS=0;", "SHOWDECIMALS=0;", 'MATRIX="BRA0101F";',
        'SUBJECT-CODE="BRA";', 'SUBJECT-AREA="Anmälda brott";', f'TITLE="{_BRA_TITEL}";',
        'CONTENTS="Anmälda brott";', 'UNITS="antal";',
        'STUB="stadsdelsområde","brottskategori";', 'HEADING="år";',
        f'VALUES("stadsdelsområde")={_px_text([namn(s) for s in omraden])};',
        f'VALUES("brottskategori")={_px_text(kat)};',
        f'VALUES("år")={_px_text([str(a) for a in ar])};',
        'LAST-UPDATED="20210115 09:00";',
        f'SOURCE="{_BRA_KALLA}";',
        'NOTE="Uppgifterna redovisas på den stadsdelsnämnd som fanns vid årets slut. "',
        f'"{FIKTIVT}";',
        'DATASYMBOL2="..";', 'DATASYMBOLNIL="-";',
        "DATA=",
    ]
    for s in omraden:
        for k in kategorier:
            celler = []
            for a in ar:
                x = v.get((s, k, a), "")
                celler.append('".."' if x == "" else '"-"' if x == "0" else x)
            rader.append(" ".join(celler))
    rader.append(";")
    fil = ut / "brott.px"
    fil.parent.mkdir(parents=True, exist_ok=True)
    fil.write_bytes(("\r\n".join(rader) + "\r\n").encode("cp1252"))
    return fil


def _brott_jsonstat(ut: Path, data_dir: Path, konf: Konfiguration, seed: int) -> Path:
    """JSON-stat 2.0 as PxWeb's API gives it (codes and labels, status for missing values)."""
    namn = _Namn(konf, _rng(seed, "brott-json"))
    omraden, kategorier, ar, v = _brottskub(data_dir, namn, konf)
    varden: list[int | None] = []
    status: dict[str, str] = {}
    for s in omraden:
        for k in kategorier:
            for a in ar:
                x = v.get((s, k, a), "")
                if x == "":
                    status[str(len(varden))] = ".."
                    varden.append(None)
                else:
                    varden.append(int(x))
    js = {
        "version": "2.0", "class": "dataset", "label": _BRA_TITEL, "source": _BRA_KALLA,
        "updated": "2021-01-15T09:00:00Z", "note": [FIKTIVT],
        "role": {"time": ["Tid"], "metric": ["ContentsCode"]},
        "id": ["Region", "Brottskategori", "ContentsCode", "Tid"],
        "size": [len(omraden), len(kategorier), 1, len(ar)],
        "dimension": {
            "Region": {"label": "stadsdelsområde", "category": {
                "index": {f"0180{i:02d}": i for i in range(len(omraden))},
                "label": {f"0180{i:02d}": namn(s) for i, s in enumerate(omraden)}}},
            "Brottskategori": {"label": "brottskategori", "category": {
                "index": {k: i for i, k in enumerate(kategorier)},
                "label": {k: vocab.BROTTSKATEGORIER.etikett(k) for k in kategorier}}},
            "ContentsCode": {"label": "tabellinnehåll", "category": {
                "index": {"BRA01": 0}, "label": {"BRA01": "Anmälda brott"},
                "unit": {"BRA01": {"base": "antal", "decimals": 0}}}},
            "Tid": {"label": "år", "category": {"index": {str(a): i for i, a in enumerate(ar)}}},
        },
        "value": varden, "status": status,
        "extension": {"px": {"tableid": "BRA0101F", "decimals": 0}},
    }
    fil = ut / "brott.json"
    fil.parent.mkdir(parents=True, exist_ok=True)
    fil.write_text(json.dumps(js, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return fil


# ============================================================================ other tables
def _sammankomster(ut: Path, data_dir: Path, konf: Konfiguration, seed: int) -> Path:
    """The police's list: permit status across, areas and years down, CP1252 CSV."""
    namn = _Namn(konf, _rng(seed, "sammankomster"))
    v: dict[tuple[str, int], dict[str, str]] = {}
    for r in _las_csv(data_dir / "sammankomster.csv"):
        v.setdefault((konf.hitta(r["Område"]), int(r["År"])), {})[
            vokabular(konf, vocab.SAMMANKOMST_TILLSTAND).hitta(r["Tillstånd"])] = r["Antal"]
    rader: list[list[object]] = [["Allmänna sammankomster per stadsdelsområde och år"],
                                 ["Polisregion Stockholm (fiktiv sammanställning)"], [],
                                 ["Stadsdelsområde", "År", "Med tillstånd", "Utan tillstånd"]]
    for (s, a), d in sorted(v.items(), key=lambda x: (konf.namnder[x[0][0]].kortnamn, x[0][1])):
        rader.append([namn(s), a, *[".." if d.get(k, "") == "" else d[k] for k in ("tillstand", "utan_tillstand")]])
    rader += [[], [".. = uppgift saknas"], [FIKTIVT]]
    return _skriv_csv_cp1252(ut / "sammankomster.csv", rader)


def _orosanmalningar(ut: Path, data_dir: Path, konf: Konfiguration, seed: int) -> Path:
    """Social services' yearly compilation: milieus across under a merged "Miljö"."""
    namn = _Namn(konf, _rng(seed, "oros"))
    miljoer = vocab.MILJOER.nycklar
    v: dict[tuple[str, int, str], dict[str, str]] = {}
    for r in _las_csv(data_dir / "orosanmalningar.csv"):
        v.setdefault((konf.hitta(r["Nämnd"]), int(r["År"]), vokabular(konf, vocab.OROS_TYPER).hitta(r["Typ"])), {})[
            vokabular(konf, vocab.MILJOER).hitta(r["Miljö"])] = r["Antal"]
    wb = _arbetsbok()
    ws = wb.active
    ws.title = "Sammanställning"
    ws["A1"] = "Orosanmälningar och pågående ärenden med koppling till VBE"
    ws["A3"], ws["D3"] = "", "Miljö"
    ws.merge_cells(start_row=3, start_column=4, end_row=3, end_column=3 + len(miljoer))
    for j, h in enumerate(["Nämnd", "År", "Typ", *[vocab.MILJOER.etikett(m) for m in miljoer]], start=1):
        ws.cell(4, j, h)
    rad = 5
    for (s, a, t), d in sorted(v.items(), key=lambda x: (konf.namnder[x[0][0]].kortnamn, x[0][1], x[0][2])):
        for j, x in enumerate([namn(s), a, vocab.OROS_TYPER.etikett(t),
                               *[_tal(d.get(m, "")) for m in miljoer]], start=1):
            ws.cell(rad, j, x)
        rad += 1
    ws.cell(rad + 1, 1, FIKTIVT)
    fil = ut / "orosanmalningar.xlsx"
    wb.save(fil)
    return fil


def _datum(text: str, rng: np.random.Generator):
    import datetime as dt

    d = dt.date.fromisoformat(text[:10])
    return dt.datetime(d.year, d.month, d.day, int(rng.integers(8, 17)), int(rng.integers(0, 60)))


def _register_xlsx(ut: Path, fil: str, titel: str, rubriker: list[str], rader: list[list[object]]) -> Path:
    wb = _arbetsbok()
    ws = wb.active
    ws.title = "Export"
    ws["A1"] = titel
    ws["A2"] = FIKTIVT
    for j, h in enumerate(rubriker, start=1):
        ws.cell(4, j, h)
    for i, r in enumerate(rader, start=5):
        for j, x in enumerate(r, start=1):
            c = ws.cell(i, j, x)
            if hasattr(x, "hour"):
                c.number_format = "yyyy-mm-dd hh:mm"
    p = ut / fil
    p.parent.mkdir(parents=True, exist_ok=True)
    wb.save(p)
    return p


def _blanketter(ut: Path, data_dir: Path, konf: Konfiguration, seed: int) -> Path:
    rng = _rng(seed, "blanketter")
    namn = _Namn(konf, rng)
    rader = [[f"B{i + 1:04d}", _datum(r["Datum"], rng), namn(konf.hitta(r["Nämnd"])), r["Miljö"],
              r["Händelsetyp"], r["Avsändare"]] for i, r in enumerate(_las_csv(data_dir / "blanketter.csv"))]
    return _register_xlsx(ut, "blanketter.xlsx", "Blanketter för avidentifierad information – samordnarens register",
                          ["Löpnummer", "Inkom", "Nämnd/förvaltning", "VBE-miljö", "Typ av händelse",
                           "Uppgiftslämnare"], rader)


def _ia(ut: Path, data_dir: Path, konf: Konfiguration, seed: int) -> Path:
    rng = _rng(seed, "ia")
    rader = []
    for i, r in enumerate(_las_csv(data_dir / "ia.csv")):
        n = konf.namnder[konf.hitta(r["Nämnd"])]
        org = n.forvaltning or n.namn
        rader.append([f"IA-{r['Datum'][:4]}-{i + 1:05d}", _datum(r["Datum"], rng), org, r["Händelsetyp"], r["Miljö"],
                      "Ja" if r["Felmarkerad"] == "Ja" else "Nej", "Avslutad"])
    return _register_xlsx(ut, "ia.xlsx", "IA – anmälningar med markering Våldsbejakande extremism",
                          ["Ärendenummer", "Händelsedatum", "Förvaltning", "Händelsekategori", "VBE-miljö",
                           "Ej VBE efter granskning", "Ärendestatus"], rader)


def _klotter(ut: Path, data_dir: Path, konf: Konfiguration, seed: int) -> Path:
    rng = _rng(seed, "klotter")
    namn = _Namn(konf, rng)
    rader: list[list[object]] = [["Inrapporterat klotter och klistermärken med extremistiskt innehåll"], [],
                                 ["Inrapporterad", "Stadsdelsområde", "Inrapporterad via", "Klottertyp", "Plats"]]
    for r in _las_csv(data_dir / "klotter.csv"):
        rader.append([_datum(r["Datum"], rng).strftime("%Y-%m-%d %H:%M"), namn(konf.hitta(r["Nämnd"])), r["Källa"],
                      r["Typ"], r["Delområde"]])
    rader += [[], [FIKTIVT]]
    return _skriv_csv_cp1252(ut / "klotter.csv", rader)


def _webbutbildning(ut: Path, data_dir: Path, konf: Konfiguration, seed: int) -> Path:
    namn = _Namn(konf, _rng(seed, "webb"))
    rader = [[namn(konf.hitta(r["Nämnd"])), int(r["År"]), r["Förvaltning"], _tal(r["Genomförda"]),
              _tal(r["Pågående"]), "" if r["Antal anställda"] == "" else int(r["Antal anställda"])]
             for r in _las_csv(data_dir / "webbutbildning.csv")]
    return _register_xlsx(ut, "webbutbildning.xlsx", "Webbutbildningen om våldsbejakande extremism – status vid årets slut",
                          ["Organisation", "År", "Förvaltning", "Avslutade", "Påbörjade", "Antal medarbetare"], rader)


# ============================================================================ survey
_SKALA = {"1": "1 - Ingen kunskap", "5": "5 - Mycket god kunskap"}


def _enkat(ut: Path, data_dir: Path, konf: Konfiguration, seed: int, ar: int) -> list[Path]:
    kat = data_dir / "enkat" / str(ar)
    fragor = {r["Kolumn"]: r for r in _las_csv(kat / "fragor.csv")}
    svar = _las_csv(kat / "svar.csv")
    rng = _rng(seed, f"enkat-{ar}")
    fasta = ["Vilken nämnd tillhör enheten?", "I vilket stadsdelsområde ligger enheten?", "Enkät",
             "Vilken avdelning tillhör enheten?", "Ange enhetens namn"]
    grupp = {"intern": "Intern enkät", "extern": "Extern enkät"}
    wb = _arbetsbok()
    ws = wb.active
    ws.title = "Svar"
    kolumner = list(fragor)
    for j, h in enumerate(["Respondent-ID", "Inskickad", *fasta, *[fragor[k]["Frågetext"] for k in kolumner]], 1):
        ws.cell(1, j, h)
    for i, r in enumerate(svar, start=2):
        celler: list[object] = [f"R{ar}{i - 1:04d}", f"{ar}-{int(rng.integers(2, 5)):02d}-{int(rng.integers(1, 28)):02d}",
                                r["Nämnd"], r["Område"], grupp[vokabular(konf, vocab.ENKATGRUPPER).hitta(r["Grupp"])], r["Avdelning"],
                                r["Enhet"]]
        for k in kolumner:
            v, typ = r.get(k, ""), vokabular(konf, vocab.FRAGETYPER).hitta(fragor[k]["Typ"])
            if typ == "skala" and v:
                v = _SKALA.get(v, int(v))
            elif typ == "janej" and v == "Vet ej":
                v = "Vet inte"
            elif typ == "andel" and v:
                v = f"{v} %"
            celler.append(v)
        for j, x in enumerate(celler, start=1):
            ws.cell(i, j, x if x != "" else None)
    filer = []
    p = ut / "enkat" / str(ar) / "enkatsvar.xlsx"
    p.parent.mkdir(parents=True, exist_ok=True)
    wb.save(p)
    filer.append(p)
    if (kat / "tillfragade.csv").is_file():
        rader = [[r["Nämnd"], grupp[vokabular(konf, vocab.ENKATGRUPPER).hitta(r["Grupp"])], r["Avdelning"], int(r["Antal tillfrågade"])]
                 for r in _las_csv(kat / "tillfragade.csv")]
        filer.append(_register_xlsx(ut, f"enkat/{ar}/utskick.xlsx", f"Enkätens utskick {ar}",
                                    ["Nämnd", "Enkät", "Avdelning", "Antal utskick"], rader))
    if (kat / "handelser.csv").is_file():
        rader2: list[list[object]] = [["Nämnd", "Enkät", "Enhetens namn", "VBE-miljö", "Typ av händelse",
                                       "Antal händelser"]]
        rader2 += [[r["Nämnd"], grupp[vokabular(konf, vocab.ENKATGRUPPER).hitta(r["Grupp"])], r["Enhet"], r["Miljö"], r["Händelsetyp"],
                    r["Antal"]] for r in _las_csv(kat / "handelser.csv")]
        filer.append(_skriv_csv_cp1252(ut / "enkat" / str(ar) / "handelser.csv", rader2))
    return filer


# ============================================================================ police
def _inline(p, text: str) -> None:
    """Markdown emphasis (*…*, **…**) as Word runs."""
    for del_ in re.split(r"(\*\*[^*]+\*\*|\*[^*]+\*)", text):
        if not del_:
            continue
        if del_.startswith("**"):
            p.add_run(del_[2:-2]).bold = True
        elif del_.startswith("*"):
            p.add_run(del_[1:-1]).italic = True
        else:
            p.add_run(del_)


def markdown_till_docx(md: str, fil: Path) -> Path:
    """A Word document of a simple Markdown text (headings ###, lists -, 1., paragraphs)."""
    import docx

    dok = docx.Document()
    dok.core_properties.author = "vbe (fiktiva exempeldata)"
    for block in md.strip().split("\n\n"):
        for rad in block.split("\n") if block.lstrip().startswith(("- ", "1. ")) else [block]:
            m = re.match(r"^(#+)\s+(.*)$", rad)
            if m:
                dok.add_heading(m.group(2), level=max(1, len(m.group(1)) - 2))
            elif re.match(r"^\s*- ", rad):
                _inline(dok.add_paragraph(style="List Bullet"), rad.strip()[2:])
            elif re.match(r"^\s*\d+\. ", rad):
                _inline(dok.add_paragraph(style="List Number"), re.sub(r"^\s*\d+\.\s+", "", rad))
            else:
                _inline(dok.add_paragraph(), rad.replace("\n", " "))
    fil.parent.mkdir(parents=True, exist_ok=True)
    dok.save(str(fil))
    return fil


#: A police text with the structure Word documents have (not in the example data).
EXEMPEL_MED_LISTA = """### Lägesbild

*Fiktiva exempeldata.* Polisen bedömer att läget i stadsdelsområdet är oförändrat sedan förra året.

### Iakttagelser under året

- Affischering och klistermärken från vit makt-miljön vid tunnelbanan.
- Flygblad i brevlådor vid två tillfällen.
- Inga kända rekryteringsförsök på skolor.

### Polisens förslag

1. Fortsätt samverkan i den lokala brottsförebyggande gruppen.
2. Sanera klotter inom ett dygn.
"""


def _polis(ut: Path, data_dir: Path, konf: Konfiguration, ar: list[int] | None) -> list[Path]:
    filer = []
    for kat in sorted((data_dir / "polis").glob("[0-9][0-9][0-9][0-9]")):
        if ar is not None and int(kat.name) not in ar:
            continue
        for md in sorted(kat.glob("*.md")):
            n = konf.namnder[md.stem]
            filer.append(markdown_till_docx(md.read_text(encoding="utf-8"), ut / "polis" / kat.name / f"{n.kortnamn}.docx"))
    filer.append(markdown_till_docx(EXEMPEL_MED_LISTA, ut / "polis" / "exempel-med-rubriker-och-lista.docx"))
    return filer


# ============================================================================ all
def generera_exporter(ut: str | Path, data_dir: str | Path, konf: Konfiguration, seed: int = STANDARDFRO,
                      enkatar: list[int] | None = None, polisar: list[int] | None = None) -> list[Path]:
    """Write every export into ``ut`` from the example data in ``data_dir``. ``enkatar``
    and ``polisar`` limit the survey and police years (default: all)."""
    ut, data_dir = Path(ut), Path(data_dir)
    ut.mkdir(parents=True, exist_ok=True)
    filer = [f(ut, data_dir, konf, seed) for f in (_brott_xlsx, _brott_csv, _brott_px, _brott_jsonstat,
                                                  _sammankomster, _orosanmalningar, _blanketter, _ia, _klotter,
                                                  _webbutbildning)]
    for kat in sorted((data_dir / "enkat").glob("[0-9][0-9][0-9][0-9]")):
        if enkatar is None or int(kat.name) in enkatar:
            filer += _enkat(ut, data_dir, konf, seed, int(kat.name))
    filer += _polis(ut, data_dir, konf, polisar)
    readme = ut / "LÄSMIG.md"
    readme.write_text(LASMIG, encoding="utf-8")
    return [*filer, readme]


LASMIG = """# Fiktiva exporter att prova `vbe importera` med

**Allt här är fiktivt.** Filerna är gjorda av `vbe exempeldata --exporter` ur de fiktiva
exempeldata i `data/`, i den form som källorna själva lämnar dem: Brås statistikdatabas
(Excel, CSV, PC-Axis, JSON-stat), polisens lista över sammankomster, socialtjänstens
sammanställning, samordnarens blankettregister, IA, klotterrapporterna, lärplattformen,
enkätverktyget och polisens Word-dokument. Importerade med standardmappningen blir de
exakt exempeldatas filer. Se `docs/importera.md`.

Prova (i en tom datamapp, t.ex. `--data /tmp/prov`):

```
vbe importera brott brott.xlsx --data /tmp/prov
vbe importera brott brott.px --data /tmp/prov --skriv-over
vbe importera sammankomster sammankomster.csv --data /tmp/prov
vbe importera orosanmalningar orosanmalningar.xlsx --data /tmp/prov
vbe importera blanketter blanketter.xlsx --data /tmp/prov
vbe importera ia ia.xlsx --data /tmp/prov
vbe importera klotter klotter.csv --data /tmp/prov
vbe importera webbutbildning webbutbildning.xlsx --data /tmp/prov
vbe importera enkat enkat/2021/enkatsvar.xlsx --ar 2021 --data /tmp/prov   # kräver enkat/2021/fragor.csv
vbe importera tillfragade enkat/2021/utskick.xlsx --ar 2021 --data /tmp/prov
vbe importera handelser enkat/2021/handelser.csv --ar 2021 --data /tmp/prov
vbe importera polis polis/2021/Södermalm.docx --ar 2021 --data /tmp/prov
```
"""
