"""Load, validate and normalise every input source once: :func:`las_data` → :class:`Dataset`.

The raw layout is documented in ``docs/datakontrakt.md`` (Swedish) and
``docs/DESIGN.md`` (data contract). Conventions of the normalised frames:

* committee/area names are slugs (``konf.hitta``), plain ``str``;
* years ``ar`` are ``int64``; dates ``datum`` are ``datetime64`` (time of day dropped);
* counts are ``Int64`` and an empty cell is ``pd.NA`` (uppgift saknas), never 0;
* vocabulary columns hold the vocabulary KEYS as a categorical whose categories are
  all the keys in display order (``vocab.X.nycklar``);
* free-text columns hold ``""`` for an empty cell; ``omrade`` (a slug) holds ``pd.NA``;
* rows with errors are dropped (and reported in ``Dataset.problem``).
"""
from __future__ import annotations

import contextlib
import copy
import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Callable
from typing import Any

import pandas as pd

from vbe_lib.indata import cache
from vbe_lib.indata.lasning import (
    XLSX_SUFFIX,
    folda_rubrik,
    minnesfel,
    per_varde,
    read_table,
    tolka_datum,
    tolka_decimal,
    tolka_heltal,
    tolka_janej,
)
from vbe_lib.indata.problem import (
    Problem,
    fran_json,
    problem_for_namnd,
    sortera,
    till_json,
)
from vbe_lib.parametrar import vocab
from vbe_lib.parametrar.ordlistor import Tolkning, tolkningar, vokabular
from vbe_lib.parametrar.yamlfil import YamlFel, las_yaml

_SCHEMANAMN = ("FRAGETYP_TILL_KOLUMNTYP", "KALLOR", "MATT_TYP", "Kalla", "Kolumn", "byt_namn", "kontrollera",
               "normalisera_matt")


def _importera_scheman() -> None:
    """Import the pandera schemas when data are really read: a kernel that finds the
    dataset in the cache (validated once per batch by ``vbe rapport``) never pays for
    importing pandera."""
    g = globals()
    if "KALLOR" in g:
        return
    from vbe_lib.indata import scheman as schemas

    g.update({n: getattr(schemas, n) for n in _SCHEMANAMN})

__all__ = ["KOLUMNER", "Dataset", "las_data", "problem_for_namnd", "tom_ram"]


def _kat(v: vocab.Vokabular) -> pd.CategoricalDtype:
    return pd.CategoricalDtype(v.nycklar, ordered=False)


DATUM = "datetime64[ns]"

#: Normalised frames: column -> dtype (the contract other modules code against).
KOLUMNER: dict[str, dict[str, object]] = {
    "brott": {"namnd": "str", "ar": "int64", "kategori": _kat(vocab.BROTTSKATEGORIER), "antal": "Int64"},
    "sammankomster": {"namnd": "str", "ar": "int64", "tillstand": _kat(vocab.SAMMANKOMST_TILLSTAND),
                      "antal": "Int64"},
    "orosanmalningar": {"namnd": "str", "ar": "int64", "typ": _kat(vocab.OROS_TYPER),
                        "miljo": _kat(vocab.MILJOER), "antal": "Int64"},
    "blanketter": {"namnd": "str", "datum": DATUM, "ar": "int64", "miljo": _kat(vocab.MILJOER),
                   "handelsetyp": _kat(vocab.HANDELSETYPER), "avsandare": _kat(vocab.BLANKETT_AVSANDARE)},
    "ia": {"namnd": "str", "datum": DATUM, "ar": "int64", "miljo": _kat(vocab.MILJOER),
           "handelsetyp": _kat(vocab.HANDELSETYPER), "felmarkerad": "bool"},
    "klotter": {"namnd": "str", "datum": DATUM, "ar": "int64", "kalla": _kat(vocab.KLOTTERKALLOR),
                "typ": _kat(vocab.KLOTTERTYPER), "delomrade": "str"},
    "webbutbildning": {"namnd": "str", "ar": "int64", "forvaltning": "str", "genomforda": "Int64",
                       "pagaende": "Int64", "anstallda": "Int64"},
    "enkat_enheter": {"ar": "int64", "namnd": "str", "omrade": "str", "grupp": _kat(vocab.ENKATGRUPPER),
                      "avdelning": "str", "enhet": "str"},
    "enkat_svar": {"ar": "int64", "namnd": "str", "grupp": _kat(vocab.ENKATGRUPPER), "enhet": "str",
                   "fraga_id": "str", "matt": "str", "typ": _kat(vocab.FRAGETYPER), "varde": "float64",
                   "vet_ej": "bool", "text": "str", "fil": "str", "rad": "Int64"},
    "enkat_fragor": {"ar": "int64", "fraga_id": "str", "matt": "str", "fragetext": "str",
                     "typ": _kat(vocab.FRAGETYPER), "kolumn": "str"},
    "enkat_tillfragade": {"ar": "int64", "namnd": "str", "grupp": _kat(vocab.ENKATGRUPPER), "avdelning": "str",
                          "antal": "Int64"},
    "enkat_handelser": {"ar": "int64", "namnd": "str", "grupp": _kat(vocab.ENKATGRUPPER), "enhet": "str",
                        "miljo": _kat(vocab.MILJOER), "handelsetyp": _kat(vocab.HANDELSETYPER), "antal": "Int64"},
}

#: KOLUMNER with every dtype as a dtype object (what a frame's ``dtypes`` holds).
_DTYPER: dict[str, dict[str, Any]] = {n: {c: pd.api.types.pandas_dtype(d) for c, d in k.items()}
                                      for n, k in KOLUMNER.items()}

#: City-wide sources read from the top of the data folder, in report order.
STADSKALLOR = ("brott", "sammankomster", "orosanmalningar", "blanketter", "ia", "klotter", "webbutbildning")


def tom_ram(namn: str) -> pd.DataFrame:
    """An empty normalised frame with the right columns and dtypes."""
    return pd.DataFrame({c: pd.Series([], dtype=d) for c, d in KOLUMNER[namn].items()})


def _typa(df: pd.DataFrame, namn: str) -> pd.DataFrame:
    """Cast a normalised frame to its contract dtypes and column order."""
    ut = {}
    n = len(df)
    for c, d in KOLUMNER[namn].items():
        s = df[c] if c in df.columns else pd.Series([pd.NA] * n, index=df.index, dtype="object")
        if d == DATUM:
            s = pd.to_datetime(s).astype(DATUM)
        elif isinstance(d, pd.CategoricalDtype):
            s = pd.Series(pd.Categorical(s.astype(object), categories=d.categories), index=df.index)
        elif d == "Int64":
            s = pd.array(s.astype(object).where(s.notna(), None).tolist(), dtype="Int64")
        elif d == "str":
            s = s.astype(object).where(s.notna(), None).astype("str")
        else:
            s = s.astype(d)
        ut[c] = s if isinstance(s, pd.Series) else pd.Series(s, index=df.index)
    return pd.DataFrame(ut, index=df.index).reset_index(drop=True)


# ============================================================================ Dataset
@dataclass
class Dataset:
    """Every source, validated and normalised (see ``docs/DESIGN.md`` "Dataset")."""

    brott: pd.DataFrame = field(default_factory=lambda: tom_ram("brott"))
    sammankomster: pd.DataFrame = field(default_factory=lambda: tom_ram("sammankomster"))
    orosanmalningar: pd.DataFrame = field(default_factory=lambda: tom_ram("orosanmalningar"))
    blanketter: pd.DataFrame = field(default_factory=lambda: tom_ram("blanketter"))
    ia: pd.DataFrame = field(default_factory=lambda: tom_ram("ia"))
    klotter: pd.DataFrame = field(default_factory=lambda: tom_ram("klotter"))
    webbutbildning: pd.DataFrame = field(default_factory=lambda: tom_ram("webbutbildning"))
    enkat_enheter: pd.DataFrame = field(default_factory=lambda: tom_ram("enkat_enheter"))
    enkat_svar: pd.DataFrame = field(default_factory=lambda: tom_ram("enkat_svar"))
    enkat_fragor: pd.DataFrame = field(default_factory=lambda: tom_ram("enkat_fragor"))
    enkat_tillfragade: pd.DataFrame = field(default_factory=lambda: tom_ram("enkat_tillfragade"))
    enkat_handelser: pd.DataFrame = field(default_factory=lambda: tom_ram("enkat_handelser"))
    problem: list[Problem] = field(default_factory=list)
    filer: dict[str, str] = field(default_factory=dict)
    exempeldata: bool = False
    beskrivning: str = ""
    data_dir: Path = Path("data")
    #: which source files were absent (file base name -> True); e.g. {"sammankomster": True}
    saknade_kallor: list[str] = field(default_factory=list)
    #: values outside the contract and how they were read (the municipality's spellings)
    tolkningar: list[Tolkning] = field(default_factory=list)
    #: datakalla.yml: years an event list was not delivered (source -> years) and
    #: committees that had no events at all (source -> slugs); docs/datakontrakt.md
    ej_levererat: dict[str, set[int]] = field(default_factory=dict)
    inga_handelser: dict[str, set[str]] = field(default_factory=dict)

    def polistext(self, slug: str, planar: int) -> str | None:
        """The local police's text for a committee and plan year, or None if absent."""
        p = Path(self.data_dir) / "polis" / str(planar) / f"{slug}.md"
        try:
            text = p.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            text = p.read_text(encoding="cp1252")
        except OSError:
            return None
        # leading blank lines are kept, so that line numbers match the file
        return text.rstrip() if text.strip() else None

    @property
    def fel(self) -> list[Problem]:
        return [p for p in self.problem if p.ar_fel]

    @property
    def varningar(self) -> list[Problem]:
        return [p for p in self.problem if not p.ar_fel]

    def problem_for_namnd(self, slug: str, konf=None) -> list[Problem]:
        """Errors that stop the report of committee ``slug`` (see
        :func:`vbe_lib.indata.problem.problem_for_namnd`)."""
        return problem_for_namnd(self.problem, slug, konf)


# ============================================================================ loading
def las_data(data_dir: str | Path, konf, cache: bool = True, behall_ar: bool = False) -> Dataset:
    """Read, validate and normalise every source under ``data_dir``.

    Never raises on bad data: problems are in ``Dataset.problem``. With ``cache`` the
    result is stored under ``data_dir/.cache/`` (or the user's own cache folder if that
    is not writable) in a format that cannot run code (:mod:`vbe_lib.indata.cache`),
    keyed by the sha256 of every input file (of the police texts and activity files only
    their names: the dataset does not read them), the parameters and the code.

    ``behall_ar``: keep each city source's and each survey year's result in this process
    and reuse it in a later call when none of its files, the parameters or the code have
    changed (the preview reads the dataset again after every saved change, mostly of one
    file; :data:`_BEHALLNA`).
    """
    data_dir = Path(data_dir)
    filer = _hasha_filer(data_dir)
    # an import that was cut off while moving its files in: never from the cache
    nyckel = _cachenyckel(filer, konf) if cache and not _avbrutna(data_dir) else None
    if nyckel:
        ds = _las_cache(data_dir, nyckel)
        if ds is not None:
            ds.data_dir = data_dir
            return ds
    ds = _Laddare(data_dir, konf, filer if behall_ar else None).las()
    ds.filer = filer
    if nyckel:
        _skriv_cache(data_dir, nyckel, ds)
    return ds


def _avbrutna(data_dir: Path) -> list[tuple[str, list[str]]]:
    from vbe_lib.indata.importjournal import avbrutna_importer

    return avbrutna_importer(data_dir) if data_dir.is_dir() else []


def _hasha_filer(data_dir: Path) -> dict[str, str]:
    ut: dict[str, str] = {}
    if not data_dir.is_dir():
        return ut
    for root, dirs, files in os.walk(data_dir):
        # the committees' own texts (texter/) are not part of the dataset: the report reads
        # them itself, so writing or approving a text does not invalidate the cache
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_")) and d != "__pycache__"
                         and not (d == "texter" and Path(root) == data_dir))
        for f in sorted(files):
            if f.startswith((".", "~$")):
                continue
            p = Path(root) / f
            try:
                ut[p.relative_to(data_dir).as_posix()] = hashlib.sha256(p.read_bytes()).hexdigest()
            except OSError:
                continue
    return ut


def _hasha_urval(data_dir: Path, filer: dict[str, str]) -> dict[str, str]:
    """sha256 again of the files ``filer`` names (relative to ``data_dir``); a file that
    cannot be read any more gets an empty hash."""
    ut: dict[str, str] = {}
    for k in filer:
        try:
            ut[k] = hashlib.sha256((data_dir / k).read_bytes()).hexdigest()
        except OSError:
            ut[k] = ""
    return ut


def _kodversion() -> str:
    h = hashlib.sha256()
    try:
        from importlib.metadata import version

        h.update(version("vbe_lib").encode())
        h.update(pd.__version__.encode())
    except Exception:  # noqa: BLE001
        pass
    bas = Path(__file__).parent.parent
    for rel in ("indata/dataset.py", "indata/cache.py", "parametrar/vocab.py", "indata/lasning.py",
                "indata/scheman.py", "indata/problem.py", "indata/datakalla.py", "parametrar/yamlfil.py",
                "parametrar/ordlistor.py"):
        try:
            h.update((bas / rel).read_bytes())
        except OSError:
            pass
    return h.hexdigest()


#: folders of per-committee files whose contents the dataset does not read (only their names)
NAMNKALLOR = ("polis/", "aktiviteter/")


def _kod_och_parametrar(h: Any, konf) -> None:
    """What every reading depends on besides the files: the code and the parameters."""
    h.update(_kodversion().encode())
    h.update(konf.kommun.model_dump_json().encode())
    for slug in sorted(konf.namnder):
        h.update(konf.namnder[slug].model_dump_json().encode())
    if getattr(konf, "ordlistor", None) is not None:
        h.update(konf.ordlistor.fingeravtryck().encode())


def _cachenyckel(filer: dict[str, str], konf) -> str | None:
    try:
        h = hashlib.sha256()
        _kod_och_parametrar(h, konf)
        for k, v in sorted(filer.items()):
            # of the per-committee files only the names are read here (each report reads the
            # police text and the activities itself): editing one does not invalidate the cache
            h.update(f"{k}\0{'' if k.startswith(NAMNKALLOR) else v}\n".encode())
        return h.hexdigest()[:32]
    except Exception:  # noqa: BLE001
        return None


def _las_cache(data_dir: Path, nyckel: str) -> Dataset | None:
    """The dataset of ``nyckel`` from the cache (:mod:`vbe_lib.indata.cache`: no pickle), or
    ``None`` when there is no valid entry whose frames match the contract (:data:`KOLUMNER`)."""
    post = cache.las(cache.kataloger(data_dir), "dataset", nyckel, dtyper=_DTYPER)
    if post is None:
        return None
    ramar, data = post
    try:
        for namn, kol in KOLUMNER.items():
            df = ramar[namn]
            if list(df.columns) != list(kol) or not all(a is b or a == b for a, b in zip(df.dtypes, _DTYPER[namn].values())):
                return None
        return Dataset(**{n: ramar[n] for n in KOLUMNER}, problem=fran_json(data["problem"]),
                       filer={str(k): str(v) for k, v in data["filer"].items()},
                       exempeldata=bool(data["exempeldata"]), beskrivning=str(data["beskrivning"]),
                       saknade_kallor=[str(x) for x in data["saknade_kallor"]], data_dir=data_dir,
                       tolkningar=fran_json(data["tolkningar"]),
                       ej_levererat={str(k): {int(a) for a in v} for k, v in data["ej_levererat"].items()},
                       inga_handelser={str(k): {str(a) for a in v} for k, v in data["inga_handelser"].items()})
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


def _skriv_cache(data_dir: Path, nyckel: str, ds: Dataset) -> None:
    """Write ``ds`` to the cache (atomically; older entries are removed)."""
    data = {"problem": till_json(ds.problem), "filer": ds.filer, "exempeldata": ds.exempeldata,
            "beskrivning": ds.beskrivning, "saknade_kallor": list(ds.saknade_kallor),
            "tolkningar": till_json(ds.tolkningar),
            "ej_levererat": {k: sorted(v) for k, v in sorted(ds.ej_levererat.items())},
            "inga_handelser": {k: sorted(v) for k, v in sorted(ds.inga_handelser.items())}}
    cache.skriv(cache.kataloger(data_dir), "dataset", nyckel, {n: getattr(ds, n) for n in KOLUMNER}, data)


def cachad_berakning(data_dir: str | Path, prefix: str, delar: list[str], kod: list[Path],
                     berakna: Any, koda: Any = None, avkoda: Any = None) -> Any:
    """``berakna()``, or its result from an earlier run with the same key: the
    code version (:func:`_kodversion` plus the files ``kod``) and ``delar`` (what the
    result depends on, e.g. file hashes). The result is stored in the data cache as
    JSON (``koda`` turns it into a JSON value, ``avkoda`` back; default: it is one
    already); a cache that cannot be read or written is ignored."""
    data_dir = Path(data_dir)
    h = hashlib.sha256(_kodversion().encode())
    for p in kod:
        try:
            h.update(Path(p).read_bytes())
        except OSError:
            h.update(str(p).encode())
    for d in delar:
        h.update(d.encode("utf-8", "surrogatepass") + b"\0")
    nyckel = h.hexdigest()[:32]
    kataloger = cache.kataloger(data_dir)
    tidigare = cache.las(kataloger, prefix, nyckel)
    if tidigare is not None:
        try:
            return avkoda(tidigare[1]) if avkoda else tidigare[1]
        except (KeyError, TypeError, ValueError, AttributeError):
            pass
    ut = berakna()
    try:
        cache.skriv(kataloger, prefix, nyckel, {}, koda(ut) if koda else ut)
    except (TypeError, ValueError):
        pass
    return ut


def hitta_kallfil(katalog: Path, bas: str) -> tuple[Path | None, list[Path]]:
    """The file for a source base name: ``bas.csv`` or ``bas.xlsx`` (CSV preferred).
    Returns the chosen file and all candidates found."""
    kandidater = [katalog / f"{bas}{suf}" for suf in (".csv", ".txt", *XLSX_SUFFIX)]
    finns = [p for p in kandidater if p.is_file()]
    return (finns[0] if finns else None), finns


#: sources and survey years read in this process, for ``las_data(behall_ar=True)``: the
#: part (a city source's name, a survey year's folder) -> (key, its result, the problems,
#: readings and missing sources it reported). One entry per part: a changed part replaces it.
_BEHALLNA: dict[str, tuple[str, Any, list[Problem], list[Tolkning], list[str]]] = {}


def behallna_delar() -> int:
    """How many sources and survey years this process keeps for ``las_data(behall_ar=True)``."""
    return len(_BEHALLNA)


class _Laddare:
    def __init__(self, data_dir: Path, konf, filer: dict[str, str] | None = None):
        _importera_scheman()
        self.data_dir = data_dir
        self.konf = konf
        self.filer = filer  # the files' hashes when parts may be reused (_BEHALLNA)
        self.problem: list[Problem] = []
        k = konf.kommun
        self.ar_intervall = (k.forsta_dataar, max(k.sista_planar, k.forsta_dataar))
        self.ds = Dataset(data_dir=data_dir)

    def rel(self, p: Path) -> str:
        try:
            return p.relative_to(self.data_dir).as_posix()
        except ValueError:
            return p.as_posix()

    # ------------------------------------------------------------------ main
    def las(self) -> Dataset:
        if not self.data_dir.is_dir():
            self.problem.append(Problem(str(self.data_dir), forvantat="datamappen finns inte"))
            self.ds.problem = self.problem
            return self.ds
        self._datakalla()
        self._avbrutna_importer()
        for namn in STADSKALLOR:
            with self._kalla(namn, self.data_dir, namn):
                setattr(self.ds, namn, self._behallen(
                    namn, lambda k, n=namn: "/" not in k and k.casefold().startswith(n + "."),
                    lambda n=namn: self._las_stadskalla(KALLOR[n]), lambda df: df.copy()))
        with self._kalla("enkat", self.data_dir / "enkat"):
            self._enkater()
        with self._kalla("polis", self.data_dir / "polis"):
            self._perkommittefiler("polis", (".md",))
        with self._kalla("aktiviteter", self.data_dir / "aktiviteter"):
            self._perkommittefiler("aktiviteter", (".xlsx", ".xlsm", ".csv", ".yml", ".yaml"))
        self.ds.problem = sortera(self.problem)
        return self.ds

    def _avbrutna_importer(self) -> None:
        """An error per unfinished ``vbe importera`` (its journal is still there): the
        files it writes may be half new, half old."""
        from vbe_lib.parametrar.konfiguration import ALLA_KALLOR

        for namn, filer in _avbrutna(self.data_dir):
            kallor = sorted({f.split("/", 1)[0].removesuffix(".csv").removesuffix(".kalla.yml") for f in filer})
            for kalla in [k for k in kallor if k in ALLA_KALLOR] or [None]:
                self.problem.append(Problem(namn, kalla=kalla, meddelande=(
                    "en import avbröts medan filerna byttes ut (" + ", ".join(filer) + ") – kör vbe importera "
                    "(vilken import som helst) igen, så slutförs den, innan rapporterna byggs")))

    @contextlib.contextmanager
    def _kalla(self, kalla: str, plats: Path, bas: str | None = None):
        """Everything reported while reading one source is marked with it (a problem stops
        only the reports that use the source); running out of memory while reading it is
        an error naming it, not a crash."""
        fore = len(self.problem)
        try:
            yield
        except MemoryError:
            fil = hitta_kallfil(plats, bas)[0] if bas else None
            etikett = self.rel(fil) if fil is not None else (self.rel(plats) + ("" if bas else "/"))
            self.problem.append(minnesfel(etikett))
        for p in self.problem[fore:]:
            if p.kalla is None:
                p.kalla = kalla

    def _datakalla(self) -> None:
        p = self.data_dir / "datakalla.yml"
        if not p.is_file():
            return
        try:
            innehall = las_yaml(p)
        except YamlFel as exc:
            tips = " – förväntade t.ex. 'exempeldata: true'" if exc.meddelande.startswith("ogiltig YAML") else ""
            self.problem.append(Problem("datakalla.yml", rad=exc.rad, forvantat=exc.meddelande + tips))
            self.ds.exempeldata = True  # be safe: say "Fiktiva exempeldata" rather than nothing
            return
        except OSError as exc:
            self.problem.append(Problem("datakalla.yml", forvantat=f"filen kunde inte läsas ({exc.strerror or exc})"))
            self.ds.exempeldata = True
            return
        if innehall is None:
            return
        if not isinstance(innehall, dict):
            self.problem.append(Problem("datakalla.yml", forvantat="förväntade nycklar och värden, t.ex. "
                                        "'exempeldata: true'"))
            return
        ex = innehall.get("exempeldata", False)
        if not isinstance(ex, bool):
            self.problem.append(Problem("datakalla.yml", kolumn="exempeldata", varde=str(ex),
                                        forvantat="true eller false"))
            ex = True  # be safe: say "Fiktiva exempeldata" rather than nothing
        self.ds.exempeldata = ex
        self.ds.beskrivning = str(innehall.get("beskrivning", "") or "")
        from vbe_lib.indata.datakalla import leveranser

        self.ds.ej_levererat, self.ds.inga_handelser, prob = leveranser(innehall, self.konf, p)
        self.problem.extend(prob)

    # ------------------------------------------------------------------ raw file
    def _las_ra(self, katalog: Path, kalla: Kalla, kravs: bool, extra_fn=None, saknas_text: str = ""):
        """Read + schema-check one file. Returns (valid raw rows, file label) or (None, label)."""
        fil, alla = hitta_kallfil(katalog, kalla.namn)
        etikett = self.rel(katalog / f"{kalla.namn}.csv")
        if fil is None:
            if kravs:
                self.problem.append(Problem(etikett, forvantat=f"filen saknas men krävs ({kalla.beskrivning}); "
                                            f"den kan också heta {kalla.namn}.xlsx"))
            else:
                self.problem.append(Problem(etikett, allvarlighet="varning",
                                            forvantat=saknas_text or f"filen saknas – {kalla.beskrivning} "
                                            "redovisas som uppgift saknas"))
                self.ds.saknade_kallor.append(etikett)
            return None, etikett
        etikett = self.rel(fil)
        if len(alla) > 1:
            self.problem.append(Problem(etikett, allvarlighet="varning",
                                        forvantat="det finns flera filer för samma källa ("
                                        + ", ".join(self.rel(p) for p in alla) + f"); {etikett} används"))
        df, p = read_table(fil, visningsnamn=etikett, grans=kalla.grans)
        self.problem.extend(p)
        if len(df.columns) == 0:
            return None, etikett
        df = byt_namn(df, kalla)
        ignoreras = getattr(self.konf, "ignoreras", None)
        if ignoreras is not None and "namnd" in df.columns and len(df):
            # names the parameters declare as no committee ("Hela staden"): left out, no error
            df = df[~df["namnd"].map(ignoreras).astype(bool)]
        extra = extra_fn(df) if extra_fn else None
        prob, daliga = kontrollera(df, kalla, self.konf, etikett, self.ar_intervall, extra)
        self.problem.extend(prob)
        saknade_kol = [p for p in prob if p.rad == 1 and p.varde is None and "saknas" in p.forvantat
                       and p.kolumn in {k.rubrik for k in kalla.kolumner if k.kravs}]
        if saknade_kol:
            return None, etikett
        if daliga:
            df = df.drop(index=[i for i in daliga if i in df.index])
        return df, etikett

    # ------------------------------------------------------------------ normalising
    def _normalisera(self, df: pd.DataFrame, kalla: Kalla, etikett: str, kolumner=None) -> pd.DataFrame:
        # every reader is a pure function of the cell: called once per distinct value (per_varde)
        ut = pd.DataFrame(index=df.index)
        for k in kolumner or kalla.kolumner:
            if k.namn not in df.columns:
                continue
            s = df[k.namn]
            if k.typ == "namnd":
                ut[k.namn] = per_varde(s, lambda v: self.konf.hitta(v) if v != "" else None)
            elif k.typ == "ar":
                ut[k.namn] = per_varde(s, tolka_heltal).astype("int64")
            elif k.typ == "heltal":
                ut[k.namn] = pd.array([tolka_heltal(v) for v in s], dtype="Int64")
            elif k.typ == "datum":
                d = per_varde(s, tolka_datum)
                ut[k.namn] = pd.to_datetime(d)
                ut["ar"] = d.map(lambda x: x.year).astype("int64")
            elif k.typ == "vokabular":
                vok = vokabular(self.konf, k.vokabular)
                ut[k.namn] = per_varde(s, vok.hitta)
                self._tolkningar(etikett, df, k.namn, s, vok)
            elif k.typ == "janej":
                vok = vokabular(self.konf, vocab.JANEJ)
                ut[k.namn] = per_varde(s, lambda v: tolka_janej(v, vok) == "ja")
                self._tolkningar(etikett, df, k.namn, s, vok)
            else:
                ut[k.namn] = s
        return ut

    def _tolkningar(self, etikett: str, raw: pd.DataFrame, kol: str, s: pd.Series, vok) -> None:
        """Record how values outside the contract were read (``vbe validera`` lists them)."""
        rubrik = raw.attrs.get("rubriker", {}).get(kol, kol)
        self.ds.tolkningar.extend(tolkningar(etikett, rubrik, s, vok))

    def _kontrollera_namnd_ar(self, raw: pd.DataFrame, norm: pd.DataFrame, etikett: str, kol: str = "namnd",
                              ar: pd.Series | None = None) -> set[int]:
        """Rows naming a committee that did not exist in the data year → error."""
        daliga: set[int] = set()
        if kol not in norm.columns:
            return daliga
        rubrik = raw.attrs.get("rubriker", {}).get(kol, kol)
        arserie = ar if ar is not None else norm["ar"]
        for rad, slug, a in zip(norm.index, norm[kol], arserie):
            if slug is None or pd.isna(slug):
                continue
            n = self.konf.namnder[slug]
            if not n.finns_under_ar(int(a)):
                fanns = [self.konf.namnder[s].namn for s in self.konf.linje(slug)
                         if s != slug and self.konf.namnder[s].finns_under_ar(int(a))]
                if not fanns and n.efterfoljare:
                    s2 = self.konf.efterfoljare_planar(slug, int(a))
                    fanns = [self.konf.namnder[s2].namn] if s2 else []
                tips = f" – uppgifter för {a} ska stå på {' eller '.join(fanns)}" if fanns else ""
                self.problem.append(Problem(
                    etikett, rad=int(rad), kolumn=rubrik, varde=raw.at[rad, kol], namnd=slug,
                    meddelande=f"{n.namn} fanns inte år {a}{tips}"))
                daliga.add(int(rad))
        return daliga

    def _dubbletter(self, norm: pd.DataFrame, raw: pd.DataFrame, nyckel: tuple[str, ...], etikett: str,
                    text: str) -> set[int]:
        if norm.empty or not all(c in norm.columns for c in nyckel):
            return set()
        nyck = norm[list(nyckel)].astype(object).where(norm[list(nyckel)].notna(), None)
        forsta: dict[tuple, int] = {}
        daliga: set[int] = set()
        for rad, vals in zip(norm.index, nyck.itertuples(index=False, name=None)):
            key = tuple("" if v is None else (v.casefold() if isinstance(v, str) else v) for v in vals)
            if key in forsta:
                beskr = ", ".join(str(v) for v in vals if v not in (None, ""))
                namnd = vals[list(nyckel).index("namnd")] if "namnd" in nyckel else None
                self.problem.append(Problem(etikett, rad=int(rad), namnd=namnd,
                                            meddelande=f"{text} ({beskr}) finns redan på rad {forsta[key]} – "
                                            "förväntade en rad per kombination"))
                daliga.add(int(rad))
            else:
                forsta[key] = int(rad)
        return daliga

    def _las_stadskalla(self, kalla: Kalla) -> pd.DataFrame:
        raw, etikett = self._las_ra(self.data_dir, kalla, kravs=kalla.kravs)
        if raw is None:
            return tom_ram(kalla.namn)
        norm = self._normalisera(raw, kalla, etikett)
        daliga = self._kontrollera_namnd_ar(raw, norm, etikett)
        norm = norm.drop(index=list(daliga))
        if kalla.nyckel:
            norm = norm.drop(index=list(self._dubbletter(norm, raw, kalla.nyckel, etikett,
                                                         "samma kombination av " + ", ".join(
                                                             raw.attrs.get("rubriker", {}).get(c, c)
                                                             for c in kalla.nyckel))))
        return _typa(norm, kalla.namn)

    # ------------------------------------------------------------------ survey
    def _enkater(self) -> None:
        bas = self.data_dir / "enkat"
        if not bas.is_dir():
            self.problem.append(Problem("enkat/", allvarlighet="varning",
                                        forvantat="mappen saknas – inga enkätsvar redovisas"))
            self.ds.saknade_kallor.append("enkat/")
            return
        ramar: dict[str, list[pd.DataFrame]] = {n: [] for n in
                                                ("enkat_enheter", "enkat_svar", "enkat_fragor",
                                                 "enkat_tillfragade", "enkat_handelser")}
        for kat in sorted(p for p in bas.iterdir() if p.is_dir() and not p.name.startswith(".")):
            if not re.fullmatch(r"\d{4}", kat.name):
                self.problem.append(Problem(self.rel(kat) + "/", allvarlighet="varning",
                                            forvantat="mappen lästes inte – förväntade ett årtal som namn, "
                                            "t.ex. enkat/2021/"))
                continue
            ar = int(kat.name)
            lo, hi = self.ar_intervall
            if not lo <= ar <= hi:
                self.problem.append(Problem(self.rel(kat) + "/", varde=kat.name,
                                            forvantat=f"ett enkätår mellan {lo} och {hi}"))
                continue
            rel = self.rel(kat)
            for namn, df in self._behallen(rel, lambda k, r=rel: k.startswith(r + "/"),
                                           lambda k=kat, a=ar: self._enkat_ar(k, a), dict).items():
                if df is not None and len(df):
                    ramar[namn].append(df)
        for namn, lista in ramar.items():
            if lista:
                setattr(self.ds, namn, _typa(pd.concat(lista, ignore_index=True), namn))

    def _delnyckel(self, del_: str, filer: dict[str, str]) -> str | None:
        try:
            h = hashlib.sha256()
            _kod_och_parametrar(h, self.konf)
        except Exception:  # noqa: BLE001 - no key: read the part
            return None
        h.update(f"{self.ar_intervall}\0{del_}\n".encode())
        for k, v in sorted(filer.items()):
            h.update(f"{k}\0{v}\n".encode())
        return h.hexdigest()

    def _behallen(self, del_: str, urval: Callable[[str], bool], berakna: Callable[[], Any],
                  kopia: Callable[[Any], Any]) -> Any:
        """``berakna()``, or its result from an earlier reading in this process of the same
        files (those of ``self.filer`` whose relative path ``urval`` accepts) with the same
        parameters and code (only with ``filer``, see :data:`_BEHALLNA`). What it reported
        (problems, readings, missing sources) is reported again; the caller gets
        ``kopia(result)``, so that nothing kept can be changed through it."""
        if self.filer is None:
            return berakna()
        valda = {k: v for k, v in self.filer.items() if urval(k)}
        nyckel = self._delnyckel(del_, valda)
        tidigare = _BEHALLNA.get(del_)
        if nyckel is not None and tidigare is not None and tidigare[0] == nyckel:
            _, resultat, problem, lasta, saknade = tidigare
            self.problem.extend(copy.deepcopy(problem))
            self.ds.tolkningar.extend(copy.deepcopy(lasta))
            self.ds.saknade_kallor.extend(saknade)
            return kopia(resultat)
        fore = len(self.problem), len(self.ds.tolkningar), len(self.ds.saknade_kallor)
        resultat = berakna()
        # kept only if the files did not change while they were read (a save under way)
        if nyckel is not None and nyckel == self._delnyckel(del_, _hasha_urval(self.data_dir, valda)):
            _BEHALLNA[del_] = (nyckel, kopia(resultat), copy.deepcopy(self.problem[fore[0]:]),
                               copy.deepcopy(self.ds.tolkningar[fore[1]:]), list(self.ds.saknade_kallor[fore[2]:]))
        else:
            _BEHALLNA.pop(del_, None)
        return resultat

    def _enkat_ar(self, kat: Path, ar: int) -> dict[str, pd.DataFrame | None]:
        ut: dict[str, pd.DataFrame | None] = {}
        svarfil, _ = hitta_kallfil(kat, "svar")
        fragor = self._fragor(kat, ar, kravs=svarfil is not None)
        ut["enkat_fragor"] = fragor
        if fragor is not None:
            enheter, svar = self._svar(kat, ar, fragor)
        else:
            enheter, svar = None, None
            if svarfil is not None:
                self.problem.append(Problem(self.rel(svarfil), allvarlighet="fel",
                                            forvantat="svaren kan inte läsas utan en giltig frågekatalog "
                                            f"({self.rel(kat)}/fragor.csv)"))
        ut["enkat_enheter"], ut["enkat_svar"] = enheter, svar
        ut["enkat_tillfragade"] = self._tillfragade(kat, ar, enheter)
        ut["enkat_handelser"] = self._handelser(kat, ar)
        return ut

    def _fragor(self, kat: Path, ar: int, kravs: bool) -> pd.DataFrame | None:
        kalla = KALLOR["fragor"]
        raw, etikett = self._las_ra(kat, kalla, kravs=kravs,
                                    saknas_text="filen saknas – enkätens frågor kan inte tolkas")
        if raw is None:
            return None
        norm = self._normalisera(raw, kalla, etikett)
        norm["matt"] = raw["matt"].map(lambda v: normalisera_matt(v, self.konf)) if "matt" in raw.columns else "annat"
        norm["kolumn"] = raw["kolumn"]
        rubr = raw.attrs.get("rubriker", {})
        daliga: set[int] = set()
        for rad, matt, typ in zip(norm.index, norm["matt"], norm["typ"]):
            pre = matt.split(":")[0]
            if pre in MATT_TYP and typ not in MATT_TYP[pre]:
                self.problem.append(Problem(
                    etikett, rad=int(rad), kolumn=rubr.get("typ", "Typ"), varde=raw.at[rad, "typ"],
                    forvantat=f"typen {', '.join(vocab.FRAGETYPER.etikett(t) for t in MATT_TYP[pre])} "
                    f"för måttet {matt}"))
                daliga.add(int(rad))
        daliga |= self._dubbletter(norm, raw, ("fraga_id",), etikett, "samma Fråga-id")
        tmp = norm.assign(_kol=norm["kolumn"].map(folda_rubrik))
        dubb = self._dubbletter(tmp, raw, ("_kol",), etikett, "samma Kolumn")
        daliga |= dubb
        norm = norm.drop(index=list(daliga))
        norm["ar"] = ar
        norm["fragetext"] = norm.get("fragetext", pd.Series("", index=norm.index))
        return norm[["ar", "fraga_id", "matt", "fragetext", "typ", "kolumn"]]

    def _svar(self, kat: Path, ar: int, fragor: pd.DataFrame):
        kalla = KALLOR["svar"]
        basnamn = {k.namn for k in kalla.kolumner} | {a for k in kalla.kolumner for a in k.alias}
        fragekol: list[Kolumn] = []
        for _, f in fragor.iterrows():
            namn = folda_rubrik(f["kolumn"])
            if namn in basnamn:
                continue
            fragekol.append(Kolumn(namn, f["kolumn"], FRAGETYP_TILL_KOLUMNTYP[f["typ"]], kravs=True, tom_ok=True))
        fil, _ = hitta_kallfil(kat, "svar")
        raw, etikett = self._las_ra(kat, kalla, kravs=False, extra_fn=lambda df: fragekol,
                                    saknas_text="filen saknas – inga enkätsvar detta år")
        if raw is None:
            return None, None
        kanda = {k.namn for k in kalla.kolumner} | {k.namn for k in fragekol}
        rubr = raw.attrs.get("rubriker", {})
        for c in raw.columns:
            if c not in kanda:
                self.problem.append(Problem(etikett, rad=1, kolumn=rubr.get(c, c), allvarlighet="varning",
                                            forvantat=f"kolumnen finns inte i frågekatalogen ({self.rel(kat)}/"
                                            "fragor.csv) och används inte"))
        norm = self._normalisera(raw, kalla, etikett)
        norm["ar"] = ar
        if "omrade" not in norm.columns:
            norm["omrade"] = None
        norm["avdelning"] = norm.get("avdelning", pd.Series("", index=norm.index))
        daliga = self._kontrollera_namnd_ar(raw, norm, etikett, ar=pd.Series(ar, index=norm.index))
        norm = norm.drop(index=list(daliga))
        norm = norm.drop(index=list(self._dubbletter(norm, raw, ("namnd", "grupp", "enhet"), etikett,
                                                     "svar från samma enhet")))
        enheter = norm[["ar", "namnd", "omrade", "grupp", "avdelning", "enhet"]]
        # long format: one row per answered question
        bitar = []
        for _, f in fragor.iterrows():
            namn = folda_rubrik(f["kolumn"])
            if namn not in raw.columns:
                continue
            v = raw.loc[norm.index, namn]
            v = v[v != ""]
            if v.empty:
                continue
            b = norm.loc[v.index, ["ar", "namnd", "grupp", "enhet"]].copy()
            b["fraga_id"], b["matt"], b["typ"] = f["fraga_id"], f["matt"], f["typ"]
            # where the answer stands, for the coordinator (build log of withheld answers)
            b["fil"], b["rad"] = etikett, list(v.index)
            typ = f["typ"]
            if typ == "janej":
                jn = vokabular(self.konf, vocab.JANEJ)
                k = per_varde(v, lambda x: tolka_janej(x, jn))
                self.ds.tolkningar.extend(tolkningar(etikett, f["kolumn"], v, jn))
                b["varde"] = k.map({"ja": 1.0, "nej": 0.0, "vet_ej": 0.0}).astype("float64")
                b["vet_ej"] = (k == "vet_ej").astype(bool)
                b["text"] = None
            elif typ == "fritext":
                b["varde"], b["vet_ej"], b["text"] = float("nan"), False, v
            else:
                b["varde"] = per_varde(v, lambda x: tolka_decimal(x, procent=True)).astype("float64")
                b["vet_ej"], b["text"] = False, None
            bitar.append(b)
        svar = pd.concat(bitar) if bitar else None
        return enheter, svar

    def _tillfragade(self, kat: Path, ar: int, enheter: pd.DataFrame | None) -> pd.DataFrame | None:
        kalla = KALLOR["tillfragade"]
        raw, etikett = self._las_ra(kat, kalla, kravs=False,
                                    saknas_text="filen saknas – svarsfrekvens kan inte beräknas")
        if raw is None:
            return None
        norm = self._normalisera(raw, kalla, etikett)
        if "avdelning" not in norm.columns:
            norm["avdelning"] = ""
        norm["ar"] = ar
        daliga = self._kontrollera_namnd_ar(raw, norm, etikett, ar=pd.Series(ar, index=norm.index))
        daliga |= self._dubbletter(norm.drop(index=list(daliga)), raw, ("namnd", "grupp", "avdelning"), etikett,
                                   "samma kombination av nämnd, grupp och avdelning")
        norm = norm.drop(index=list(daliga))
        if enheter is not None and len(enheter):
            antal_svar = enheter.groupby(["namnd", "grupp", "avdelning"]).size()
            rubr = raw.attrs.get("rubriker", {})
            svarfil = self.rel(hitta_kallfil(kat, "svar")[0] or kat / "svar.csv")
            tf = {(n, g, a.casefold()): (rad, x) for rad, n, g, a, x in
                  zip(norm.index, norm["namnd"], norm["grupp"], norm["avdelning"], norm["antal"])}
            for (n, g, a), s in antal_svar.items():
                hit = tf.get((n, g, a.casefold()))
                avd = f", avdelning '{a}'" if a else ""
                if hit is None:
                    self.problem.append(Problem(
                        etikett, allvarlighet="varning", namnd=n,
                        forvantat=f"uppgift saknas om antal tillfrågade för {self.konf.namnder[n].kortnamn}, "
                        f"grupp '{g}'{avd} ({s} svar i {svarfil}) – svarsfrekvensen kan inte beräknas"))
                    continue
                rad, x = hit
                if x is not None and not pd.isna(x) and s > x:
                    self.problem.append(Problem(
                        etikett, rad=int(rad), kolumn=rubr.get("antal", "Antal tillfrågade"), varde=str(x), namnd=n,
                        meddelande=f"{s} svar i {svarfil} för {self.konf.namnder[n].kortnamn}, grupp '{g}'{avd} "
                        f"men bara {x} tillfrågade – förväntade minst {s} tillfrågade"))
        return norm[["ar", "namnd", "grupp", "avdelning", "antal"]]

    def _handelser(self, kat: Path, ar: int) -> pd.DataFrame | None:
        kalla = KALLOR["handelser"]
        raw, etikett = self._las_ra(kat, kalla, kravs=False,
                                    saknas_text="filen saknas – händelser enligt enkäten redovisas inte")
        if raw is None:
            return None
        norm = self._normalisera(raw, kalla, etikett)
        norm["ar"] = ar
        daliga = self._kontrollera_namnd_ar(raw, norm, etikett, ar=pd.Series(ar, index=norm.index))
        norm = norm.drop(index=list(daliga))
        return norm[["ar", "namnd", "grupp", "enhet", "miljo", "handelsetyp", "antal"]]

    # ------------------------------------------------------------------ per committee files
    def _perkommittefiler(self, mapp: str, suffix: tuple[str, ...]) -> None:
        bas = self.data_dir / mapp
        if not bas.is_dir():
            return
        for kat in sorted(p for p in bas.iterdir() if p.is_dir() and not p.name.startswith(".")):
            if not re.fullmatch(r"\d{4}", kat.name):
                self.problem.append(Problem(self.rel(kat) + "/", allvarlighet="varning",
                                            forvantat="mappen lästes inte – förväntade ett planår som namn, "
                                            f"t.ex. {mapp}/2021/"))
                continue
            planar = int(kat.name)
            for f in sorted(kat.iterdir()):
                if not f.is_file() or f.name.startswith((".", "~$")):
                    continue
                etikett = self.rel(f)
                if f.suffix.lower() not in suffix:
                    self.problem.append(Problem(etikett, allvarlighet="varning",
                                                forvantat="filen lästes inte – förväntade "
                                                + " eller ".join(f"<nämnd>{s}" for s in suffix)))
                    continue
                slug = self.konf.hitta(f.stem) or self.konf.hitta(f.stem.replace("_", " "))
                if slug is None:
                    f2 = self.konf.forslag(f.stem)
                    tips = f" – menade du {self.konf.hitta(f2[0])}{f.suffix}?" if f2 else ""
                    self.problem.append(Problem(etikett, namnd=self.konf.hitta(f2[0]) if f2 else None,
                                                forvantat="filnamnet ska vara en nämnds slug (som i "
                                                "parameters/namnder/<slug>.yml)"
                                                + (tips or f", t.ex. {next(iter(self.konf.namnder))}{f.suffix}")))
                    continue
                n = self.konf.namnder[slug]
                if not n.finns_planar(planar):
                    efter = self.konf.efterfoljare_planar(slug, planar)
                    tips = f" – menade du {efter}{f.suffix}?" if efter and efter != slug else ""
                    self.problem.append(Problem(etikett, namnd=slug,
                                                meddelande=f"{n.namn} har ingen handlingsplan för {planar} "
                                                f"(nämnden fanns inte 1 januari {planar}){tips}"))
