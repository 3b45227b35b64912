"""Load and validate activity files: ``data/aktiviteter/<planår>/<slug>.xlsx`` (or .csv/.yml).

One file per committee and plan year, one row per activity. Headers are matched
case-insensitively after folding (å ä → a, ö → o, spaces, ``-`` and ``/`` → ``_``) and
a few aliases ("Syfte", "Mål", "Ansvarig enhetschef", …). See ``docs/aktiviteter.md``.

Nothing here raises on bad data: every problem becomes a :class:`Problem` with file,
Excel row, column, value and what was expected, rendered as one Swedish line.
"""
from __future__ import annotations

import calendar
import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from vbe_lib.indata import lasning
from vbe_lib.parametrar.ordlistor import Tolkning, vokabular
from vbe_lib.parametrar.vocab import AKTIVITETSGRUPPER, STATUSAR, Vokabular
from vbe_lib.parametrar.yamlfil import YamlFel, las_yaml

# --------------------------------------------------------------------------- Problem
try:  # the shared Problem of the validation package
    from vbe_lib.indata.problem import Problem  # type: ignore[import-not-found]
except Exception:  # pragma: no cover - fallback with the same fields

    @dataclass
    class Problem:  # type: ignore[no-redef]
        """One validation problem; ``str()`` gives one Swedish line."""

        fil: str
        rad: int | None = None
        kolumn: str | None = None
        varde: str | None = None
        forvantat: str = ""
        allvarlighet: str = "fel"  # "fel" or "varning"
        namnd: str | None = None
        meddelande: str | None = None

        @property
        def ar_fel(self) -> bool:
            return self.allvarlighet == "fel"

        def __str__(self) -> str:
            plats = ", ".join([self.fil] + ([f"rad {self.rad}"] if self.rad is not None else [])
                              + ([f'kolumn "{self.kolumn}"'] if self.kolumn is not None else []))
            if self.meddelande:
                t = self.meddelande
            elif self.varde is not None:
                t = "värdet saknas" if not str(self.varde).strip() else f'värdet "{self.varde}" är inte tillåtet'
                t += f" – förväntade {self.forvantat}" if self.forvantat else ""
            else:
                t = self.forvantat
            t = t if t.endswith(".") else t + "."
            return ("varning: " if self.allvarlighet == "varning" else "") + f"{plats}: {t}"


def _problem(fil, rad=None, kolumn=None, varde=None, forvantat="", allvarlighet="fel", namnd=None,
             meddelande=None) -> Problem:
    return Problem(fil=str(fil), rad=rad, kolumn=kolumn, varde=None if varde is None else str(varde),
                   forvantat=forvantat, allvarlighet=allvarlighet, namnd=namnd, meddelande=meddelande)


def ar_fel(p: Problem) -> bool:
    return getattr(p, "allvarlighet", "fel") == "fel"


# --------------------------------------------------------------------------- columns
#: Normalised column -> Swedish header (order of the file format).
KOLUMNER: dict[str, str] = {
    "id": "Id",
    "grupp": "Grupp",
    "aktivitet": "Aktivitet",
    "syfte": "Syfte/Mål",
    "ansvarig": "Ansvarig",
    "tidplan": "Tidplan",
    "uppfoljning": "Uppföljning",
    "status": "Status",
    "kommentar": "Kommentar",
    "ursprung": "Ursprung",
    "historik": "Historik",
}
OBLIGATORISKA = ("id", "grupp", "aktivitet")

_HUVUD_ALIAS: dict[str, str] = {
    "id": "id", "aktivitets_id": "id", "aktivitetsid": "id", "nr": "id", "id_nr": "id",
    "grupp": "grupp", "gruppering": "grupp", "kategori": "grupp", "verksamhet": "grupp",
    "aktivitet": "aktivitet", "aktiviteter": "aktivitet", "atgard": "aktivitet",
    "syfte_mal": "syfte", "syfte": "syfte", "mal": "syfte", "syfte_och_mal": "syfte", "mal_syfte": "syfte",
    "ansvarig": "ansvarig", "ansvariga": "ansvarig", "ansvarig_enhetschef": "ansvarig",
    "tidplan": "tidplan", "tidsplan": "tidplan",
    "uppfoljning": "uppfoljning", "redovisas_i": "uppfoljning", "foljs_upp_i": "uppfoljning",
    "status": "status",
    "kommentar": "kommentar", "kommentarer": "kommentar", "kommentar_till_status": "kommentar",
    "ursprung": "ursprung", "ursprungsar": "ursprung", "forsta_planar": "ursprung",
    "historik": "historik",
}

#: Columns of the normalised frame returned by the loader.
RAMKOLUMNER = ["id", "grupp", "grupp_nyckel", "aktivitet", "syfte", "ansvarig", "tidplan", "slutdatum",
               "uppfoljning", "status", "status_text", "kommentar", "ursprung", "historik", "rad"]

FILTYPER = (".xlsx", ".xlsm", ".csv", ".yml", ".yaml")
#: Size limits of an activity file (a plan has tens of activities, a few hundred at most).
GRANS = lasning.Grans(max_byte=10 * 1024 * 1024, max_uppackat=100 * 1024 * 1024, max_rader=20_000,
                      max_kolumner=200)
AKTIVITETSBLAD = "Aktiviteter"
KLARA_STATUSAR = frozenset({"genomford", "installd"})


def fold_rubrik(text: object) -> str:
    """Fold a header: 'Syfte/Mål' -> 'syfte_mal', 'Ansvarig enhetschef' -> 'ansvarig_enhetschef'."""
    t = unicodedata.normalize("NFC", str(text)).casefold().strip()
    t = t.replace("å", "a").replace("ä", "a").replace("ö", "o").replace("é", "e")
    t = t.rstrip(":.* ")
    t = re.sub(r"[\s\-/]+", "_", t)
    return t.strip("_")


def _fold_text(text: object) -> str:
    t = unicodedata.normalize("NFC", str(text)).casefold().strip()
    t = t.replace("–", "-").replace("—", "-")
    return " ".join(t.split()).rstrip(".:;, ")


# --------------------------------------------------------------------------- groups
def tolka_grupp(text: str, grupper: Vokabular | None = None) -> tuple[str, str | None]:
    """(display label, standard key or None). The four standard groups' labels and
    keys, and the municipality's spellings of them (``grupper``: its configured
    ``AKTIVITETSGRUPPER``, parameters/ordlistor/aktivitetsgrupper.yml), map to the
    standard group; any other non-empty text is a committee's own group, kept as written."""
    v = grupper or AKTIVITETSGRUPPER
    t = " ".join(str(text).split()).rstrip(":; ")
    nyckel = v.hitta(t) or v.hitta(_fold_text(t))
    if nyckel:
        return v.etikett(nyckel), nyckel
    return t, None


# --------------------------------------------------------------------------- statuses
def _prefix(statusar: Vokabular) -> list[tuple[str, str]]:
    par = [(_fold_text(lbl), k) for k, lbl in statusar.etiketter.items()]
    par += [(_fold_text(a), k) for a, k in statusar.alias.items()]
    return sorted(par, key=lambda kv: -len(kv[0]))


def tolka_status(text: str, statusar: Vokabular | None = None) -> tuple[str | None, bool]:
    """(status key or None, exact). ``exact`` is False when the text is not a status
    of the contract but was read through the municipality's spellings (``statusar``:
    its configured ``STATUSAR``, parameters/ordlistor/statusar.yml) or as a status
    followed by a comment ('Pågående, mötesfrekvens 1 gång/år'); the caller reports
    how it was read. Unknown text gives (None, False)."""
    v = statusar or STATUSAR
    t = _fold_text(text)
    if not t:
        return None, True
    k = STATUSAR.hitta(t)
    if k:
        return k, True
    k = v.hitta(t)
    if k:
        return k, False
    for prefix, nyckel in _prefix(v):  # 'Pågående, mötesfrekvens 1 gång/år' -> pagaende
        if t.startswith(prefix) and not t[len(prefix)].isalnum():
            return nyckel, False
    return None, False


# --------------------------------------------------------------------------- timelines
_MANADER = {m: i for i, m in enumerate(
    ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
     "oktober", "november", "december"], start=1)}
_LOPANDE = re.compile(r"löpande|pågående|kontinuerlig|vid behov|tills vidare|årligen|varje år|återkommande")


def _manadsslut(ar: int, man: int) -> dt.date:
    return dt.date(ar, man, calendar.monthrange(ar, man)[1])


def tolka_tidplan(text: object) -> dt.date | None:
    """The end date of a free-text timeline, where one can be read.

    '2021', 'Under 2021', 'Hösten 2021' → 31 Dec 2021; 'Våren 2021' → 30 Jun 2021;
    'Sommaren 2021' → 31 Aug; 'juni 2019' → 30 Jun 2019; 'T1 2021' (tertial) → 30 Apr;
    'läsåret 2021/2022' → 30 Jun 2022; ISO dates as written; '2019–2020' → 31 Dec 2020;
    ongoing wordings ('Löpande', 'Pågående', 'vid behov') and text without a year → None.
    """
    if text is None:
        return None
    if isinstance(text, dt.datetime):
        return text.date()
    if isinstance(text, dt.date):
        return text
    t = unicodedata.normalize("NFC", str(text)).casefold().strip()
    if not t:
        return None
    iso = [m for m in re.findall(r"\b(\d{4})-(\d{2})-(\d{2})\b", t)]
    datum = []
    for a, m, d in iso:
        try:
            datum.append(dt.date(int(a), int(m), int(d)))
        except ValueError:
            pass
    if datum:
        return max(datum)
    if _LOPANDE.search(t):
        return None
    m = re.fullmatch(r"(\d{2})(\d{2})(\d{2})", t)  # '190901' (ÅÅMMDD)
    if m:
        try:
            return dt.date(2000 + int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    m = re.search(r"läsåret\s+(\d{4})\s*/\s*(\d{2,4})", t)
    if m:
        slut = int(m[2]) if len(m[2]) == 4 else 2000 + int(m[2])
        return dt.date(slut, 6, 30)
    ar = [int(a) for a in re.findall(r"\b(19\d{2}|20\d{2}|21\d{2})\b", t)]
    if not ar:
        return None
    senast = max(ar)
    m = re.search(r"\bt(?:ertial)?\s*([123])\b", t)
    if m:
        return _manadsslut(senast, {1: 4, 2: 8, 3: 12}[int(m[1])])
    m = re.search(r"\bq(?:uartal)?\s*([1-4])\b|\bkvartal\s*([1-4])\b", t)
    if m:
        return _manadsslut(senast, 3 * int(m[1] or m[2]))
    for namn, nr in _MANADER.items():
        if re.search(rf"\b{namn}\s+{senast}\b", t):
            return _manadsslut(senast, nr)
    if re.search(rf"\bvåren\s+{senast}\b|\bvårterminen\s+{senast}\b|\bförsta halvåret\s+{senast}\b", t):
        return dt.date(senast, 6, 30)
    if re.search(rf"\bsommaren\s+{senast}\b", t):
        return dt.date(senast, 8, 31)
    return dt.date(senast, 12, 31)


# --------------------------------------------------------------------------- result
@dataclass
class Aktivitetslista:
    """The activities of one committee's plan, plus the problems found reading them."""

    fil: Path
    df: pd.DataFrame
    problem: list = field(default_factory=list)
    namnd: str | None = None
    planar: int | None = None
    #: statuses and groups outside the contract and how they were read
    tolkningar: list = field(default_factory=list)

    @property
    def fel(self) -> list:
        return [p for p in self.problem if ar_fel(p)]

    @property
    def varningar(self) -> list:
        return [p for p in self.problem if not ar_fel(p)]

    @property
    def har_fel(self) -> bool:
        return bool(self.fel)


def tom_ram() -> pd.DataFrame:
    return ram([])


def ram(poster: list[dict]) -> pd.DataFrame:
    """The normalised frame from records: text columns as object dtype (None stays None,
    never NaN), ``ursprung`` and ``rad`` as Int64."""
    df = pd.DataFrame({k: pd.Series([p.get(k) for p in poster], dtype=object) for k in RAMKOLUMNER})
    for k in ("ursprung", "rad"):
        df[k] = pd.array([None if v is None or pd.isna(v) else int(v) for v in df[k]], dtype="Int64")
    return df


# --------------------------------------------------------------------------- raw readers
class _Lasfel(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem


def _cell(v: object) -> object:
    if v is None:
        return ""
    if isinstance(v, dt.datetime):
        return v.date().isoformat() if (v.hour, v.minute, v.second) == (0, 0, 0) else v.isoformat(" ")
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, (int, float)):
        return str(v)
    return str(v).strip()


def _ar_rubrikrad(rad: list) -> bool:
    kol = {_HUVUD_ALIAS.get(fold_rubrik(c)) for c in rad if _cell(c) != ""}
    return "aktivitet" in kol


def _storlek(fil: Path, namnd: str | None) -> bytes:
    """The file's bytes, or :class:`_Lasfel` when it is larger than :data:`GRANS` allows."""
    storlek = fil.stat().st_size
    if storlek > GRANS.max_byte:
        raise _Lasfel(lasning.for_stor(str(fil), storlek, GRANS.max_byte, namnd=namnd))
    return fil.read_bytes()


def _las_xlsx(fil: Path, namnd: str | None) -> tuple[list[str], list[tuple[int, list]], str, list]:
    from openpyxl import load_workbook

    data = _storlek(fil, namnd)
    storleksfel = lasning.kontrollera_xlsx_storlek(data, str(fil), GRANS, namnd=namnd)
    if storleksfel is not None:
        raise _Lasfel(storleksfel)
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except MemoryError:
        raise
    except Exception:
        raise _Lasfel(_problem(fil, meddelande="filen kunde inte läsas som en Excel-arbetsbok (.xlsx) – "
                                               "öppna den i Excel och spara som .xlsx, eller spara som CSV",
                               namnd=namnd)) from None
    try:
        blad = list(wb.worksheets)
        namn = [ws.title for ws in blad]
        prio = [ws for ws in blad if fold_rubrik(ws.title) == "aktiviteter"]
        ordning = prio + [ws for ws in blad if ws not in prio]
        for ws in ordning:
            rader, problem = lasning.xlsx_rader(ws, str(fil), GRANS, namnd=namnd)
            if rader is None:
                raise _Lasfel(problem[0])
            for i, r in enumerate(rader[:15]):
                if _ar_rubrikrad(r):
                    huvud = [str(_cell(c)) for c in r]
                    data_ = [(i + 1 + j + 1, [_cell(c) for c in rr]) for j, rr in enumerate(rader[i + 1:])]
                    return huvud, data_, ws.title, []
            if ws in prio:
                break
        raise _Lasfel(_problem(
            fil, meddelande=f"hittade inget blad \"{AKTIVITETSBLAD}\" med en rubrikrad som innehåller "
                            "Id, Grupp och Aktivitet; bladen i filen heter "
                            + ", ".join(f'"{n}"' for n in namn),
            namnd=namnd))
    finally:
        wb.close()


def _las_csv(fil: Path, namnd: str | None) -> tuple[list[str], list[tuple[int, list]], str, list]:
    """A CSV activity file through the shared strict reader (:mod:`vbe_lib.indata.lasning`):
    encodings, field counts against the header, unclosed quotes, a missing final newline."""
    data = _storlek(fil, namnd)
    text, problem = lasning.avkoda(data, str(fil))
    for p in problem:
        p.namnd = namnd
    if text is None:
        raise _Lasfel(problem[0])
    if not text.strip():
        return [], [], "", problem
    inl, p2 = lasning.las_csv_text(text, str(fil), grans=GRANS)
    for p in p2:
        p.namnd = namnd
    if inl is None:
        raise _Lasfel(p2[0])
    rader = inl.poster
    for i, r in enumerate(rader[:15]):
        if _ar_rubrikrad(r):
            daliga, p3 = lasning.kontrollera_poster(inl, i, str(fil), namnd=namnd)
            data_ = [(j + 1, [c.strip() for c in rader[j]]) for j in range(i + 1, len(rader)) if j not in daliga]
            return [c.strip() for c in r], data_, "", problem + p3
    if not any(any(c.strip() for c in r) for r in rader):
        return [], [], "", problem
    forsta = next((inl.avgransare.join(r) for r in rader if any(c.strip() for c in r)), "")
    raise _Lasfel(_problem(fil, rad=1, varde=forsta[:80],
                           forvantat="en rubrikrad med minst 'Id', 'Grupp' och 'Aktivitet'", namnd=namnd))


def _las_yml(fil: Path, namnd: str | None) -> tuple[list[str], list[tuple[int, list]], str, list]:
    try:
        data = las_yaml(fil, max_byte=GRANS.max_byte)
    except YamlFel as exc:
        raise _Lasfel(_problem(fil, rad=exc.rad, meddelande=exc.meddelande, namnd=namnd)) from None
    if data is None:
        return [], [], "", []
    if isinstance(data, dict):
        nyckel = next((k for k in data if fold_rubrik(k) == "aktiviteter"), None)
        data = data.get(nyckel) if nyckel else None
    if not isinstance(data, list) or not all(isinstance(x, dict) for x in data):
        raise _Lasfel(_problem(fil, forvantat="en lista av aktiviteter (eller nyckeln 'aktiviteter:' med en "
                                              "sådan lista), varje post med nycklarna Id, Grupp, Aktivitet …",
                               namnd=namnd))
    huvud: list[str] = []
    for post in data:
        for k in post:
            if str(k) not in huvud:
                huvud.append(str(k))
    return huvud, [(i + 1, [_cell(post.get(k)) for k in huvud]) for i, post in enumerate(data)], "", []


# --------------------------------------------------------------------------- loader
def las_aktiviteter(fil: str | Path, namnd: str | None = None, planar: int | None = None,
                    ordlistor=None, visningsnamn: str | None = None) -> Aktivitetslista:
    """Load one activity file; never raises for bad content (see ``.problem``).
    ``ordlistor``: the municipality's vocabularies (a ``Konfiguration`` or its
    ``ordlistor``) for statuses and groups outside the contract; how each such value
    was read is in ``.tolkningar``."""
    fil = Path(fil)
    statusar = vokabular(ordlistor, STATUSAR) if ordlistor is not None else STATUSAR
    grupper = vokabular(ordlistor, AKTIVITETSGRUPPER) if ordlistor is not None else AKTIVITETSGRUPPER
    if ordlistor is not None and hasattr(ordlistor, "vok"):
        statusar, grupper = ordlistor.vok(STATUSAR), ordlistor.vok(AKTIVITETSGRUPPER)
    lasningar: dict[tuple[str, str, str], Tolkning] = {}

    def las_som(kolumn: str, varde: str, tolkad: str, rad: int) -> None:
        t = " ".join(varde.split())
        k = (kolumn, t, tolkad)
        if k not in lasningar:
            lasningar[k] = Tolkning(visningsnamn or str(fil), kolumn, t, tolkad, namnd=namnd)
        lasningar[k].rader.append(rad)

    problem: list = []
    lista = Aktivitetslista(fil=fil, df=tom_ram(), problem=problem, namnd=namnd, planar=planar)
    suffix = fil.suffix.lower()
    lasare = {".xlsx": _las_xlsx, ".xlsm": _las_xlsx, ".csv": _las_csv, ".yml": _las_yml, ".yaml": _las_yml}.get(suffix)
    if lasare is None:
        problem.append(_problem(fil, varde=fil.suffix, forvantat="filändelsen .xlsx, .csv eller .yml", namnd=namnd))
        return lista
    try:
        huvud, data, _blad, lasproblem = lasare(fil, namnd)
    except _Lasfel as e:
        problem.append(e.problem)
        return lista
    except OSError as e:
        problem.append(_problem(fil, meddelande=f"filen kunde inte läsas ({lasning.oserror_text(e)})", namnd=namnd))
        return lista
    except MemoryError:
        problem.append(lasning.minnesfel(str(fil), namnd=namnd))
        return lista
    problem.extend(lasproblem)

    # header -> column index
    index: dict[str, int] = {}
    for i, h in enumerate(huvud):
        if not str(h).strip():
            continue
        k = _HUVUD_ALIAS.get(fold_rubrik(h))
        if k is None:
            problem.append(_problem(fil, rad=_rubrikrad(data), kolumn=str(h), varde=str(h),
                                    forvantat="en känd kolumn (" + ", ".join(KOLUMNER.values()) + "); kolumnen läses inte",
                                    allvarlighet="varning", namnd=namnd))
        elif k in index:
            problem.append(_problem(fil, rad=_rubrikrad(data), kolumn=str(h), varde=str(h),
                                    forvantat=f"kolumnen {KOLUMNER[k]} bara en gång", namnd=namnd))
        else:
            index[k] = i
    data = [(r, v) for r, v in data if any(str(x).strip() for x in v)]
    if not huvud or (not data and not index):
        problem.append(_problem(fil, meddelande="filen är tom – förväntade en rubrikrad (Id, Grupp, Aktivitet …) "
                                                "och minst en aktivitet", namnd=namnd))
        return lista
    saknas = [KOLUMNER[k] for k in OBLIGATORISKA if k not in index]
    if saknas:
        problem.append(_problem(fil, rad=_rubrikrad(data),
                                meddelande="rubrikraden saknar kolumnen " + " och ".join(f'"{s}"' for s in saknas)
                                           + " (obligatoriska: Id, Grupp, Aktivitet)", namnd=namnd))
        return lista
    if not data:
        problem.append(_problem(fil, meddelande="filen har en rubrikrad men inga aktiviteter – förväntade "
                                                "minst en rad under rubrikraden", namnd=namnd))
        return lista

    poster = []
    sedda: dict[str, int] = {}
    for rad, varden in data:
        def v(k: str) -> str:
            i = index.get(k)
            return str(varden[i]).strip() if i is not None and i < len(varden) else ""

        post = {k: v(k) for k in KOLUMNER}
        ok = True
        if not post["aktivitet"]:
            problem.append(_problem(fil, rad, "Aktivitet", "", "en beskrivning av aktiviteten", namnd=namnd))
            ok = False
        if not post["id"]:
            problem.append(_problem(fil, rad, "Id", "", "ett id som är unikt i filen och följer aktiviteten "
                                                        "mellan åren, t.ex. 'SÖD-2021-03'", namnd=namnd))
            ok = False
        elif post["id"] in sedda:
            problem.append(_problem(fil, rad, "Id", post["id"],
                                    f"ett unikt id (samma id finns redan på rad {sedda[post['id']]})", namnd=namnd))
            ok = False
        else:
            sedda[post["id"]] = rad
        if not post["grupp"]:
            problem.append(_problem(fil, rad, "Grupp", "", "en grupp, t.ex. "
                                    + AKTIVITETSGRUPPER.tillatna() + " eller nämndens egen grupp", namnd=namnd))
            ok = False
        grupp, gnyckel = tolka_grupp(post["grupp"], grupper) if post["grupp"] else ("", None)
        skriven = " ".join(post["grupp"].split()).rstrip(":; ")
        if gnyckel and not grupper.ar_kanonisk(skriven):
            las_som("Grupp", post["grupp"], grupp, rad)
        status, exakt = tolka_status(post["status"], statusar)
        if post["status"] and status is None:
            problem.append(_problem(fil, rad, "Status", post["status"],
                                    f"en av {STATUSAR.tillatna()} eller tom (eller en stavning i kommunens "
                                    "ordlista statusar.yml)", namnd=namnd))
            ok = False
        elif post["status"] and not exakt:
            las_som("Status", post["status"], STATUSAR.etikett(status), rad)
        ursprung = None
        if post["ursprung"]:
            try:
                ursprung = int(float(post["ursprung"].replace(",", ".")))
                if not 1990 <= ursprung <= 2100 or float(post["ursprung"].replace(",", ".")) != ursprung:
                    raise ValueError
            except ValueError:
                problem.append(_problem(fil, rad, "Ursprung", post["ursprung"],
                                        "det planår (ÅÅÅÅ) då aktiviteten kom med första gången, eller tom",
                                        namnd=namnd))
                ursprung, ok = None, False
            else:
                if planar is not None and ursprung > planar:
                    problem.append(_problem(fil, rad, "Ursprung", post["ursprung"],
                                            f"ett år som inte ligger efter planåret {planar}", namnd=namnd))
                    ok = False
        if not ok:
            continue
        poster.append({
            "id": post["id"], "grupp": grupp, "grupp_nyckel": gnyckel, "aktivitet": post["aktivitet"],
            "syfte": post["syfte"], "ansvarig": post["ansvarig"], "tidplan": post["tidplan"],
            "slutdatum": tolka_tidplan(post["tidplan"]), "uppfoljning": post["uppfoljning"],
            "status": status, "status_text": post["status"], "kommentar": post["kommentar"],
            "ursprung": ursprung, "historik": post["historik"], "rad": rad,
        })
    if poster:
        lista.df = ram(poster)
    lista.tolkningar = list(lasningar.values())
    return lista


def _rubrikrad(data: list[tuple[int, list]]) -> int | None:
    return data[0][0] - 1 if data else 1


# --------------------------------------------------------------------------- files
def hitta_filer(data_dir: str | Path, planar: int, slug: str) -> list[Path]:
    katalog = Path(data_dir) / "aktiviteter" / str(planar)
    return [katalog / f"{slug}{s}" for s in FILTYPER if (katalog / f"{slug}{s}").is_file()]


def hitta_fil(data_dir: str | Path, planar: int, slug: str) -> Path | None:
    """The activity file of ``slug`` for plan year ``planar`` (.xlsx before .csv before .yml)."""
    filer = hitta_filer(data_dir, planar, slug)
    return filer[0] if filer else None


def las_namnd(data_dir: str | Path, slug: str, planar: int, ordlistor=None) -> Aktivitetslista | None:
    """The activities of one committee's plan ``planar``; None when it has no file.
    ``ordlistor``: as :func:`las_aktiviteter`."""
    filer = hitta_filer(data_dir, planar, slug)
    if not filer:
        return None
    lista = las_aktiviteter(filer[0], namnd=slug, planar=planar, ordlistor=ordlistor)
    for ovrig in filer[1:]:
        lista.problem.append(_problem(ovrig, forvantat=f"en enda aktivitetsfil per nämnd och år; "
                                                       f"{filer[0].name} används och denna fil läses inte",
                                      allvarlighet="varning", namnd=slug))
    return lista


def validera(data_dir: str | Path, konf, planar: int | None = None) -> list:
    """Every problem of every activity file under ``data_dir/aktiviteter`` (or one plan
    year), and how statuses and groups outside the contract were read (``Tolkning``)."""
    rot = Path(data_dir) / "aktiviteter"
    problem: list = []
    if not rot.is_dir():
        return problem
    for katalog in sorted(p for p in rot.iterdir() if p.is_dir()):
        if not re.fullmatch(r"\d{4}", katalog.name):
            problem.append(_problem(katalog, varde=katalog.name, forvantat="en mapp per planår med namnet ÅÅÅÅ",
                                    allvarlighet="varning"))
            continue
        ar = int(katalog.name)
        if planar is not None and ar != planar:
            continue
        lasta: set[str] = set()
        for fil in sorted(katalog.iterdir()):
            if fil.name.startswith(("~$", ".")) or fil.is_dir():
                continue
            if fil.suffix.lower() not in FILTYPER:
                problem.append(_problem(fil, varde=fil.suffix, forvantat="filändelsen .xlsx, .csv eller .yml",
                                        allvarlighet="varning"))
                continue
            slug = konf.hitta(fil.stem)
            if slug is None:
                problem.append(_problem(fil, varde=fil.stem,
                                        forvantat="ett filnamn som är en nämnds slug (" +
                                                  konf.okant_namn_meddelande(fil.stem) + ")"))
                continue
            if slug != fil.stem:
                problem.append(_problem(fil, varde=fil.stem, forvantat=f"filnamnet {slug}{fil.suffix}",
                                        allvarlighet="varning", namnd=slug))
            if slug in lasta:
                continue
            lasta.add(slug)
            if not konf.namnder[slug].finns_planar(ar):
                problem.append(_problem(fil, varde=konf.namnder[slug].namn,
                                        forvantat=f"en nämnd som har en handlingsplan för {ar}; filen används inte",
                                        allvarlighet="varning", namnd=slug))
            lista = (las_namnd(data_dir, slug, ar, konf) if slug == fil.stem
                     else las_aktiviteter(fil, slug, ar, konf))
            if lista is not None:
                problem.extend(lista.problem)
                problem.extend(lista.tolkningar)
    return problem
