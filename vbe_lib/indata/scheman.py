"""Column specifications and pandera schemas per source.

Every raw file is read as strings (:func:`vbe_lib.indata.lasning.read_table`). A pandera schema per
source checks, on those strings, that the required columns exist and that every cell
can be read as its type (integer, date, vocabulary value, committee name, …) and lies in
its range. Failure cases are translated into :class:`Problem` lines that quote the value
as written. Cross-file rules live in :mod:`vbe_lib.indata.dataset` and :mod:`.validera`.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaError, SchemaErrors

from vbe_lib.parametrar import vocab
from vbe_lib.indata.lasning import (STANDARDGRANS, Grans, gar_att_tolka, per_varde, tolka_datum, tolka_decimal, tolka_heltal,
                                    tolka_janej)
from vbe_lib.indata.problem import Problem
from vbe_lib.parametrar.ordlistor import vokabular as _konf_vok
from vbe_lib.parametrar.vocab import Vokabular


@dataclass(frozen=True)
class Kolumn:
    """One column of a source file.

    ``namn`` is the folded header and the normalised column name; ``rubrik`` the header
    as documented (used in messages when the column is missing); ``typ`` one of
    ``namnd`` (committee/area name), ``ar`` (year), ``heltal`` (count ≥ 0, empty = missing),
    ``datum``, ``vokabular``, ``janej``, ``text``.
    """

    namn: str
    rubrik: str
    typ: str
    kravs: bool = True  # the column must exist
    tom_ok: bool = False  # an empty cell is allowed
    vokabular: Vokabular | None = None
    alias: tuple[str, ...] = ()  # other folded headers accepted for this column


@dataclass(frozen=True)
class Kalla:
    """A source file: its base name (without suffix) and columns."""

    namn: str
    kolumner: tuple[Kolumn, ...]
    nyckel: tuple[str, ...] = ()  # duplicate key = error (count files)
    beskrivning: str = ""
    kravs: bool = False
    grans: Grans = STANDARDGRANS  # size limits (bytes, rows, columns); beyond them = error

    def kolumn(self, namn: str) -> Kolumn:
        return next(k for k in self.kolumner if k.namn == namn)


def _namnd(namn="namnd", rubrik="Nämnd", alias=("omrade", "stadsdelsomrade", "stadsdel", "stadsdelsnamnd"),
           **kw) -> Kolumn:
    return Kolumn(namn, rubrik, "namnd", alias=alias, **kw)


_AR = Kolumn("ar", "År", "ar", alias=("artal",))
_ANTAL = Kolumn("antal", "Antal", "heltal", tom_ok=True)
_DATUM = Kolumn("datum", "Datum", "datum", alias=("handelsedatum", "inkommen", "inkom", "datum_inkommen"))
_MILJO = Kolumn("miljo", "Miljö", "vokabular", vokabular=vocab.MILJOER)
_HANDELSETYP = Kolumn("handelsetyp", "Händelsetyp", "vokabular", vokabular=vocab.HANDELSETYPER,
                      alias=("typ_av_handelse", "handelse"))

#: Size limits: count tables (one row per committee, year and category) are small; files
#: with one row per form, report or unit are larger; the survey has a column per question.
_SUMMOR = Grans(max_byte=20 * 1024 * 1024, max_uppackat=200 * 1024 * 1024, max_rader=200_000, max_kolumner=100)
_HANDELSER = Grans(max_byte=50 * 1024 * 1024, max_uppackat=500 * 1024 * 1024, max_rader=500_000, max_kolumner=100)
_ENKATSVAR = Grans(max_byte=100 * 1024 * 1024, max_uppackat=1000 * 1024 * 1024, max_rader=200_000,
                   max_kolumner=1_000)

KALLOR: dict[str, Kalla] = {
    "brott": Kalla(
        "brott",
        (_namnd("namnd", "Område", alias=("omrade", "stadsdelsomrade", "stadsdel", "stadsdelsnamnd")), _AR,
         Kolumn("kategori", "Brottskategori", "vokabular", vokabular=vocab.BROTTSKATEGORIER,
                alias=("brottskategori", "brott", "brottstyp")), _ANTAL),
        nyckel=("namnd", "ar", "kategori"), beskrivning="anmälda brott", kravs=True, grans=_SUMMOR),
    "sammankomster": Kalla(
        "sammankomster",
        (_namnd("namnd", "Område", alias=("omrade", "stadsdelsomrade", "stadsdel", "stadsdelsnamnd")), _AR,
         Kolumn("tillstand", "Tillstånd", "vokabular", vokabular=vocab.SAMMANKOMST_TILLSTAND), _ANTAL),
        nyckel=("namnd", "ar", "tillstand"), beskrivning="allmänna sammankomster", grans=_SUMMOR),
    "orosanmalningar": Kalla(
        "orosanmalningar",
        (_namnd(), _AR, Kolumn("typ", "Typ", "vokabular", vokabular=vocab.OROS_TYPER), _MILJO, _ANTAL),
        nyckel=("namnd", "ar", "typ", "miljo"), beskrivning="orosanmälningar och ärenden", grans=_SUMMOR),
    "blanketter": Kalla(
        "blanketter",
        (_namnd(), _DATUM, _MILJO, _HANDELSETYP,
         Kolumn("avsandare", "Avsändare", "vokabular", vokabular=vocab.BLANKETT_AVSANDARE)),
        beskrivning="blanketter för avidentifierad information", grans=_HANDELSER),
    "ia": Kalla(
        "ia",
        (_namnd(), _DATUM, _MILJO, _HANDELSETYP,
         Kolumn("felmarkerad", "Felmarkerad", "janej", tom_ok=True)),
        beskrivning="IA-anmälningar", grans=_HANDELSER),
    "klotter": Kalla(
        "klotter",
        (_namnd(), _DATUM, Kolumn("kalla", "Källa", "vokabular", vokabular=vocab.KLOTTERKALLOR),
         Kolumn("typ", "Typ", "vokabular", vokabular=vocab.KLOTTERTYPER, alias=("klottertyp",)),
         Kolumn("delomrade", "Delområde", "text", kravs=False, tom_ok=True)),
        beskrivning="klotter och klistermärken", grans=_HANDELSER),
    "webbutbildning": Kalla(
        "webbutbildning",
        (_namnd(), _AR, Kolumn("forvaltning", "Förvaltning", "text", kravs=False, tom_ok=True),
         Kolumn("genomforda", "Genomförda", "heltal", tom_ok=True, alias=("genomfort", "genomford")),
         Kolumn("pagaende", "Pågående", "heltal", tom_ok=True, alias=("pagar",)),
         Kolumn("anstallda", "Antal anställda", "heltal", kravs=False, tom_ok=True,
                alias=("antal_anstallda", "anstallda_antal"))),
        nyckel=("namnd", "ar", "forvaltning"), beskrivning="webbutbildning", grans=_SUMMOR),
    "fragor": Kalla(
        "fragor",
        (Kolumn("fraga_id", "Fråga-id", "id", alias=("fragaid", "id")),
         Kolumn("matt", "Mått", "matt", tom_ok=True),
         Kolumn("fragetext", "Frågetext", "text", tom_ok=True, alias=("fraga",)),
         Kolumn("typ", "Typ", "vokabular", vokabular=vocab.FRAGETYPER, alias=("fragetyp",)),
         Kolumn("kolumn", "Kolumn", "id", alias=("kolumnrubrik", "rubrik"))),
        nyckel=("fraga_id",), beskrivning="enkätens frågekatalog", grans=_SUMMOR),
    "svar": Kalla(
        "svar",
        (_namnd(alias=("stadsdelsnamnd", "facknamnd")),
         Kolumn("omrade", "Område", "namnd", kravs=False, tom_ok=True, alias=("stadsdelsomrade",)),
         Kolumn("grupp", "Grupp", "vokabular", vokabular=vocab.ENKATGRUPPER, alias=("respondentgrupp",)),
         Kolumn("avdelning", "Avdelning", "text", tom_ok=True, alias=("skolform", "verksamhet")),
         Kolumn("enhet", "Enhet", "id", alias=("enhetsnamn", "enhet_id"))),
        beskrivning="enkätsvar", grans=_ENKATSVAR),
    "tillfragade": Kalla(
        "tillfragade",
        (_namnd(alias=("stadsdelsnamnd", "facknamnd")),
         Kolumn("grupp", "Grupp", "vokabular", vokabular=vocab.ENKATGRUPPER),
         Kolumn("avdelning", "Avdelning", "text", tom_ok=True, alias=("skolform", "verksamhet")),
         Kolumn("antal", "Antal tillfrågade", "heltal", alias=("antal_tillfragade", "tillfragade"))),
        nyckel=("namnd", "grupp", "avdelning"), beskrivning="tillfrågade enheter", grans=_SUMMOR),
    "handelser": Kalla(
        "handelser",
        (_namnd(alias=("stadsdelsnamnd", "facknamnd")),
         Kolumn("grupp", "Grupp", "vokabular", vokabular=vocab.ENKATGRUPPER),
         Kolumn("enhet", "Enhet", "id", alias=("enhetsnamn", "enhet_id")),
         _MILJO, _HANDELSETYP, _ANTAL),
        beskrivning="händelser enligt enkäten", grans=_HANDELSER),
}

#: Survey question column kinds (``Typ`` in fragor.csv) as Kolumn.typ
FRAGETYP_TILL_KOLUMNTYP = {"skala": "skala", "janej": "janej", "andel": "andel", "antal": "heltal",
                           "fritext": "text"}

_MATT_PREFIX: dict[str, Vokabular | None] = {
    "kannedom_chef": vocab.KANNEDOM,
    "kannedom_medarbetare": vocab.KANNEDOM,
    "atgard": vocab.ATGARDER,
    "samverkan": None,
    "fritext": None,
}
#: The measure types that a question of each measure must have.
MATT_TYP = {"kunskapsniva": ("skala",), "kannedom_chef": ("janej",), "kannedom_medarbetare": ("andel",),
            "atgard": ("janej",), "samverkan": ("janej",), "fritext": ("fritext",)}


def normalisera_matt(varde: str, konf=None) -> str | None:
    """``"Kännedom_chef: Handlingsplanen"`` → ``"kannedom_chef:handlingsplan"``; empty →
    ``"annat"``; unknown → ``None``. ``konf``: whose spellings of items and actions count."""
    t = str(varde).strip()
    if t == "":
        return "annat"
    if ":" not in t:
        f = t.casefold().replace("å", "a").replace("ä", "a").replace("ö", "o").replace(" ", "_")
        return f if f in ("kunskapsniva", "annat") else None
    pre, _, post = t.partition(":")
    pre = pre.strip().casefold().replace("å", "a").replace("ä", "a").replace("ö", "o").replace(" ", "_")
    post = post.strip()
    if pre not in _MATT_PREFIX or post == "":
        return None
    v = _MATT_PREFIX[pre]
    if v is not None and konf is not None:
        v = _konf_vok(konf, v)
    if v is None:
        from vbe_lib.indata.lasning import folda_rubrik

        return f"{pre}:{folda_rubrik(post)}"
    k = v.hitta(post)
    return f"{pre}:{k}" if k else None


# ---------------------------------------------------------------- value checks
def _forvantat(k: Kolumn, ar_intervall: tuple[int, int] | None, konf=None) -> str:
    if k.typ == "ar":
        if ar_intervall:
            return f"ett årtal mellan {ar_intervall[0]} och {ar_intervall[1]}"
        return "ett årtal (ÅÅÅÅ)"
    if k.typ in ("heltal",):
        return "ett heltal ≥ 0 (tom cell = uppgift saknas)" if k.tom_ok else "ett heltal ≥ 0"
    if k.typ == "datum":
        if ar_intervall:
            return f"ett datum ÅÅÅÅ-MM-DD mellan {ar_intervall[0]} och {ar_intervall[1]}"
        return "ett datum ÅÅÅÅ-MM-DD"
    if k.typ == "vokabular":
        v = _konf_vok(konf, k.vokabular)
        return f"ett av värdena för {v.namn}: {v.tillatna()} (eller en stavning i kommunens ordlista {v.fil}.yml)"
    if k.typ == "janej":
        return "Ja, Nej eller Vet ej"
    if k.typ == "skala":
        return "ett heltal 1–5 (tom cell = ej besvarad)"
    if k.typ == "andel":
        return "en andel 0–100 (tom cell = ej besvarad)"
    if k.typ in ("id", "namnd", "text"):
        return "ett värde (cellen får inte vara tom)"
    if k.typ == "matt":
        return ("ett mått: kunskapsniva, kannedom_chef:<sak>, kannedom_medarbetare:<sak>, atgard:<åtgärd>, "
                "samverkan:<part>, fritext:<ämne> eller annat (sak: "
                + ", ".join(vocab.KANNEDOM.nycklar) + "; åtgärd: " + ", ".join(vocab.ATGARDER.nycklar) + ")")
    return "ett giltigt värde"


def _ok_heltal(v: str, lo: int | None = 0, hi: int | None = None) -> bool:
    try:
        x = tolka_heltal(v)
    except ValueError:
        return False
    return x is None or ((lo is None or x >= lo) and (hi is None or x <= hi))


def _ok_skala(v: str) -> bool:
    try:
        x = tolka_decimal(v)
    except ValueError:
        return False
    return x is None or (x in (1.0, 2.0, 3.0, 4.0, 5.0))


def _ok_andel(v: str) -> bool:
    try:
        x = tolka_decimal(v, procent=True)
    except ValueError:
        return False
    return x is None or 0.0 <= x <= 100.0


def _ok_datum(v: str, ar_intervall: tuple[int, int] | None) -> bool:
    try:
        d = tolka_datum(v)
    except ValueError:
        return False
    return d is None or ar_intervall is None or ar_intervall[0] <= d.year <= ar_intervall[1]


def _kontroll(k: Kolumn, konf, ar_intervall: tuple[int, int] | None) -> Callable[[str], bool]:
    if k.typ == "ar":
        lo, hi = ar_intervall or (1900, 2100)
        return lambda v: v != "" and _ok_heltal(v, lo, hi)
    if k.typ == "heltal":
        return lambda v: _ok_heltal(v, 0)
    if k.typ == "datum":
        return lambda v: v != "" and _ok_datum(v, ar_intervall)
    if k.typ == "vokabular":
        voc = _konf_vok(konf, k.vokabular)
        return lambda v: voc.hitta(v) is not None
    if k.typ == "janej":
        jn = _konf_vok(konf, vocab.JANEJ)
        return lambda v: gar_att_tolka(tolka_janej, v, vokabular=jn)
    if k.typ == "skala":
        return _ok_skala
    if k.typ == "andel":
        return _ok_andel
    if k.typ == "namnd":
        return lambda v: konf.hitta(v) is not None
    if k.typ == "matt":
        return lambda v: normalisera_matt(v, konf) is not None
    return lambda v: True


def bygg_schema(kalla_: Kalla, konf, ar_intervall: tuple[int, int] | None = None,
                extra: list[Kolumn] | None = None) -> pa.DataFrameSchema:
    """A pandera schema checking the raw string columns of a source."""
    cols = {}
    for k in (*kalla_.kolumner, *(extra or [])):
        f = _kontroll(k, konf, ar_intervall)
        tom_ok = k.tom_ok

        def check(s: pd.Series, f=f, tom_ok=tom_ok) -> pd.Series:
            # once per distinct value (per_varde): the checks are pure functions of the cell
            return per_varde(s, lambda v: (tom_ok and v == "") or f(v)).astype(bool)

        cols[k.namn] = pa.Column(
            None, checks=[pa.Check(check, error=k.namn, name=k.namn)], required=k.kravs, nullable=False,
        )
    return pa.DataFrameSchema(cols, strict=False, coerce=False)


def kontrollera(df: pd.DataFrame, kalla_: Kalla, konf, fil: str, ar_intervall: tuple[int, int] | None = None,
                extra: list[Kolumn] | None = None) -> tuple[list[Problem], set[int]]:
    """Run the source's pandera schema on a raw frame (from ``read_table`` after
    :func:`byt_namn`). Returns the problems and the set of bad row numbers."""
    schema = bygg_schema(kalla_, konf, ar_intervall, extra)
    alla = {k.namn: k for k in (*kalla_.kolumner, *(extra or []))}
    rubriker = df.attrs.get("rubriker", {})
    problem: list[Problem] = []
    daliga: set[int] = set()
    try:
        schema.validate(df, lazy=True)
        return [], set()
    except SchemaErrors as exc:
        fc = exc.failure_cases
    except SchemaError as exc:  # pragma: no cover - lazy=True gives SchemaErrors
        fc = exc.failure_cases if exc.failure_cases is not None else pd.DataFrame()
    namnd_kol = _namndkolumn(df)
    for _, r in fc.iterrows():
        ctx, kol, check, varde, idx = r["schema_context"], r["column"], r["check"], r["failure_case"], r["index"]
        if check == "column_in_dataframe" or (ctx == "DataFrameSchema" and kol is None):
            k = alla.get(str(varde))
            rubrik = k.rubrik if k else str(varde)
            problem.append(Problem(fil, rad=1, kolumn=rubrik,
                                   forvantat=f'kolumnen "{rubrik}" saknas – rubrikraden måste innehålla den'))
            continue
        k = alla.get(str(kol))
        if k is None:
            continue
        rad = int(idx) if idx is not None and not pd.isna(idx) else None
        if rad is not None:
            daliga.add(rad)
        varde_s = "" if varde is None or (not isinstance(varde, str) and pd.isna(varde)) else str(varde)
        namnd = _rad_namnd(df, rad, konf, namnd_kol)
        p = Problem(fil, rad=rad, kolumn=rubriker.get(k.namn, k.rubrik), varde=varde_s,
                    forvantat=_forvantat(k, ar_intervall, konf), namnd=namnd)
        if k.typ == "namnd" and varde_s != "":
            p.meddelande = konf.okant_namn_meddelande(varde_s)
        if k.typ in ("heltal", "ar", "skala") and varde_s != "":
            p.meddelande = _talmeddelande(varde_s, p.forvantat)
        problem.append(p)
    return problem, daliga


def _talmeddelande(v: str, forvantat: str) -> str:
    try:
        x = tolka_decimal(v)
    except ValueError:
        return f'värdet "{v}" är inte ett tal – förväntade {forvantat}'
    if x is not None and not float(x).is_integer():
        return f'värdet "{v}" är inte ett heltal – förväntade {forvantat}'
    return f'värdet "{v}" är inte tillåtet – förväntade {forvantat}'


def _namndkolumn(df: pd.DataFrame) -> str | None:
    return "namnd" if "namnd" in df.columns else None


def _rad_namnd(df: pd.DataFrame, rad: int | None, konf, kol: str | None) -> str | None:
    """The committee a row concerns: its resolved name; ``None`` for an unknown name (the
    row may belong to any committee – the "menade du" guess is only a guess – so its
    problems stop every report that uses the file)."""
    if rad is None or kol is None or rad not in df.index:
        return None
    return konf.hitta(df.at[rad, kol])


def byt_namn(df: pd.DataFrame, kalla_: Kalla) -> pd.DataFrame:
    """Rename alias headers to the source's normalised column names (first match wins)."""
    ren = {}
    for k in kalla_.kolumner:
        if k.namn in df.columns:
            continue
        for a in k.alias:
            if a in df.columns and a not in ren and a not in {x.namn for x in kalla_.kolumner}:
                ren[a] = k.namn
                break
    if not ren:
        return df
    rubriker = dict(df.attrs.get("rubriker", {}))
    out = df.rename(columns=ren)
    out.attrs["rubriker"] = {ren.get(c, c): v for c, v in rubriker.items()}
    return out
